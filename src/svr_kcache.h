/* svr_kcache.h - least-recently-used cache of full kernel rows for SMO.
 *
 * Row i of an l x l kernel matrix is computed on demand by a caller-given
 * function and kept while the byte budget allows; the least recently used
 * row is recycled when it does not. Rows are never partial: SVR's 2l dual
 * variables share l real rows, so a row once computed serves both signs
 * (libsvm's SVR_Q does the same). At least two rows always fit, so the two
 * rows of an SMO working pair are valid together. */
#ifndef SER_KCACHE_H
#define SER_KCACHE_H

#include "ser/error.h"

/* Compute row i (all l entries) into out. */
typedef void (*ser_kcache_fill_fn)(void *ctx, int i, double *out);

typedef struct ser_kcache ser_kcache;

ser_kcache *ser_kcache_new(int l, double cache_mb, ser_kcache_fill_fn fill,
			   void *ctx, ser_err *err);
/* A "cache" that is a whole l x l row-major matrix M (borrowed, must
 * outlive it): rows are read from M and nothing in M or in any shared
 * state is written, so many solvers on many threads may read one M. */
ser_kcache *ser_kcache_new_full(int l, const double *M, ser_err *err);
/* The same over a matrix of floats (kernel values rounded to float, as
 * libsvm stores them: half the memory and cache traffic of doubles);
 * its rows are read with ser_kcache_row_f32, not ser_kcache_row. */
ser_kcache *ser_kcache_new_full_f32(int l, const float *M, ser_err *err);
int ser_kcache_is_f32(const ser_kcache *c);
const float *ser_kcache_row_f32(const ser_kcache *c, int i);
void ser_kcache_free(ser_kcache *c);

/* Row i, valid until two more distinct rows have been requested. Never
 * fails: rows beyond what memory allows recycle the oldest one. */
const double *ser_kcache_row(ser_kcache *c, int i);

/* Rows the budget holds, and hit/miss counts (for profiling and tests). */
int ser_kcache_capacity(const ser_kcache *c);
void ser_kcache_stats(const ser_kcache *c, long *hits, long *misses);

#endif
