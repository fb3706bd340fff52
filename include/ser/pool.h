/* pool.h - a small work queue on pthreads: tasks 0..n-1 run on up to
 * `threads` threads, each task claiming the next index. Tasks must write
 * only their own outputs, so results never depend on scheduling; the
 * error reported is that of the lowest-numbered failing task, so even the
 * message is the same for every thread count.
 *
 * BLAS: OpenBLAS runs its own threads inside every call. With threads > 1
 * the caller should hold OpenBLAS to one thread (openblas_set_num_threads,
 * process-wide, so libser leaves it to the program), or the -j threads and
 * BLAS's oversubscribe the cores. */
#ifndef SER_POOL_H
#define SER_POOL_H

#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Task i; returns 0, or -1 with err set. */
typedef int (*ser_pool_fn)(void *ctx, int i, ser_err *err);

/* Run tasks 0..n-1 on min(threads, n) threads (threads < 1: one). After a
 * failure, tasks above the failing index are not started. */
SER_API int ser_pool_run(int threads, int n, ser_pool_fn fn, void *ctx,
		 ser_err *err);

/* Online CPUs (at least 1): the default of -j. */
SER_API int ser_ncpu(void);

#ifdef __cplusplus
}
#endif

#endif
