/* pool.c - the work queue of pool.h. */
#include "ser/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct pool {
	ser_pool_fn fn;
	void *ctx;
	int n, next;
	int failed;          /* lowest failing task, n while none */
	ser_err err;         /* its error */
	pthread_mutex_t mu;
} pool;

static void *worker(void *arg)
{
	pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		int i = p->next < p->failed ? p->next++ : p->n;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			return NULL;
		ser_err e;
		if (p->fn(p->ctx, i, &e) < 0) {
			pthread_mutex_lock(&p->mu);
			if (i < p->failed) {
				p->failed = i;
				p->err = e;
			}
			pthread_mutex_unlock(&p->mu);
		}
	}
}

int ser_pool_run(int threads, int n, ser_pool_fn fn, void *ctx,
		 ser_err *err)
{
	pool p = { .fn = fn, .ctx = ctx, .n = n, .next = 0, .failed = n };
	if (threads > n)
		threads = n;
	if (threads <= 1) {
		/* no thread at all: a plain loop (and plain stack traces) */
		for (int i = 0; i < n; i++)
			if (fn(ctx, i, err) < 0)
				return -1;
		return 0;
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_t *tid = ser_malloc((size_t)threads * sizeof *tid, err);
	if (!tid) {
		pthread_mutex_destroy(&p.mu);
		return -1;
	}
	int started = 0;
	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, worker, &p))
			break;
	if (started == 0)
		worker(&p);  /* no thread could start: do the work here */
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free(tid);
	pthread_mutex_destroy(&p.mu);
	if (p.failed < n) {
		if (err)
			*err = p.err;
		return -1;
	}
	return 0;
}

int ser_ncpu(void)
{
	long c = sysconf(_SC_NPROCESSORS_ONLN);
	return c < 1 ? 1 : (int)c;
}
