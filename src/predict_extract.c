/* predict_extract.c - extract many audio files in parallel for ser predict
 * and ser train --audio: a fixed pool of threads, each with its own
 * ser_extractor (they are not shareable), taking the next file index from a
 * shared counter so slow files do not stall a static partition. Results go
 * to fixed rows, so the output order never depends on scheduling. */
#include "ser/predict.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ser/features.h"

typedef struct pool {
	char *const *paths;
	int n, next, done;
	double *X;
	char **errs;
	int failed;
	ser_extract_cb cb;
	void *ctx;
	pthread_mutex_t lock;
} pool;

static void *worker(void *arg)
{
	pool *p = arg;
	ser_err err;
	ser_extractor *x = ser_extractor_new(&err);
	for (;;) {
		pthread_mutex_lock(&p->lock);
		int i = p->next < p->n ? p->next++ : -1;
		pthread_mutex_unlock(&p->lock);
		if (i < 0)
			break;
		int rc = x ? ser_extract_file(x, p->paths[i],
					      p->X + (long)i * SER_N_FEATURES, &err)
			   : -1;
		char *msg = rc ? strdup(err.msg) : NULL;
		pthread_mutex_lock(&p->lock);
		if (rc) {
			/* the NaN marks the failure even if strdup failed */
			p->X[(long)i * SER_N_FEATURES] = NAN;
			p->errs[i] = msg;
			p->failed++;
		}
		p->done++;
		if (p->cb)
			p->cb(p->ctx, p->done, p->n, p->paths[i]);
		pthread_mutex_unlock(&p->lock);
	}
	ser_extractor_free(x);
	return NULL;
}

int ser_extract_files(char *const *paths, int n, int threads, double *X,
		      char **errs, ser_extract_cb cb, void *ctx, ser_err *err)
{
	pool p = { paths, n, 0, 0, X, errs, 0, cb, ctx,
		   PTHREAD_MUTEX_INITIALIZER };
	for (int i = 0; i < n; i++)
		errs[i] = NULL;
	if (threads < 1)
		threads = 1;
	if (threads > n)
		threads = n > 0 ? n : 1;
	pthread_t *tid = ser_malloc((size_t)threads * sizeof *tid, err);
	if (!tid)
		return -1;
	int started = 0;
	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, worker, &p))
			break;
	if (started == 0) {
		free(tid);
		return ser_fail(err, "cannot start extraction threads");
	}
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free(tid);
	pthread_mutex_destroy(&p.lock);
	return p.failed;
}
