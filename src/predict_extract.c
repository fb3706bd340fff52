/* predict_extract.c - extract many audio files in parallel for ser extract,
 * ser predict (ser_inputs_from_audio, at the end) and ser train --audio:
 * a fixed pool of threads, each with its own ser_extractor (they are not
 * shareable), taking the next file index from a shared counter so slow
 * files do not stall a static partition. Results go to fixed rows, so the
 * output order never depends on scheduling. */
#include "ser/predict.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/features.h"

typedef struct pool {
	char *const *paths;
	int n, next, done;
	ser_space space;
	double *X;
	char **errs;
	int failed;
	ser_extract_cb cb;
	ser_extract_frac_cb frac_cb;
	void *ctx;
	double partial;   /* decoded fractions of the files in progress */
	pthread_mutex_t lock;
} pool;

typedef struct worker {
	pool *p;
	double frac;      /* of the file this worker is on */
	double shown;     /* frac when frac_cb was last called for it */
} worker;

/* Per-block progress of one worker's file (features.h): keep the pool's
 * sum of partial fractions current and report every 1% of a file, so a
 * long recording moves the progress line without a call per block. */
static void on_block(void *ud, double f)
{
	worker *w = ud;
	pool *p = w->p;
	pthread_mutex_lock(&p->lock);
	p->partial += f - w->frac;
	w->frac = f;
	if (f - w->shown >= 0.01) {
		w->shown = f;
		p->frac_cb(p->ctx, p->done + p->partial, p->done, p->n);
	}
	pthread_mutex_unlock(&p->lock);
}

static void *work(void *arg)
{
	worker *w = arg;
	pool *p = w->p;
	ser_err err;
	ser_extractor *x = ser_extractor_new(&err);
	if (x)
		ser_extractor_set_space(x, p->space);
	if (x && p->frac_cb)
		ser_extractor_set_progress(x, on_block, w);
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
		p->partial -= w->frac;
		w->frac = w->shown = 0;
		p->done++;
		if (p->cb)
			p->cb(p->ctx, p->done, p->n, p->paths[i]);
		if (p->frac_cb)
			p->frac_cb(p->ctx, p->done + p->partial, p->done, p->n);
		pthread_mutex_unlock(&p->lock);
	}
	ser_extractor_free(x);
	return NULL;
}

static int run(char *const *paths, int n, int threads, ser_space space,
	       double *X, char **errs, ser_extract_cb cb,
	       ser_extract_frac_cb frac_cb, void *ctx, ser_err *err)
{
	pool p = { paths, n, 0, 0, space, X, errs, 0, cb, frac_cb, ctx, 0,
		   PTHREAD_MUTEX_INITIALIZER };
	for (int i = 0; i < n; i++)
		errs[i] = NULL;
	if (threads < 1)
		threads = 1;
	if (threads > n)
		threads = n > 0 ? n : 1;
	pthread_t *tid = ser_malloc((size_t)threads * sizeof *tid, err);
	worker *w = ser_calloc((size_t)threads, sizeof *w, err);
	if (!tid || !w) {
		free(tid);
		free(w);
		return -1;
	}
	int started = 0;
	for (; started < threads; started++) {
		w[started].p = &p;
		if (pthread_create(&tid[started], NULL, work, &w[started]))
			break;
	}
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free(tid);
	free(w);
	pthread_mutex_destroy(&p.lock);
	if (started == 0)
		return ser_fail(err, "cannot start extraction threads");
	return p.failed;
}

int ser_extract_files(char *const *paths, int n, int threads,
		      ser_space space, double *X, char **errs,
		      ser_extract_cb cb, void *ctx, ser_err *err)
{
	return run(paths, n, threads, space, X, errs, cb, NULL, ctx, err);
}

int ser_extract_files_frac(char *const *paths, int n, int threads,
			   ser_space space, double *X, char **errs,
			   ser_extract_frac_cb cb, void *ctx, ser_err *err)
{
	return run(paths, n, threads, space, X, errs, NULL, cb, ctx, err);
}

ser_space ser_model_audio_space(const ser_model *m)
{
	ser_space s;
	return ser_space_parse(m->space, &s) == 0 ? s : SER_SPACE_DEFAULT;
}

ser_inputs *ser_inputs_from_audio(const ser_model *m, char *const *files,
				  int n, int threads, ser_space space,
				  char **errs, int *failed, ser_extract_cb cb,
				  void *ctx, ser_err *err)
{
	int *map = ser_malloc((size_t)m->d * sizeof *map, err);
	double *F = ser_malloc((size_t)(n ? n : 1) * SER_N_FEATURES * sizeof *F,
			       err);
	char **own = errs ? NULL : ser_calloc((size_t)(n ? n : 1), sizeof *own,
					      err);
	ser_inputs *in = ser_calloc(1, sizeof *in, err);
	char **e = errs ? errs : own;
	if (!map || !F || !e || !in)
		goto fail;
	if (ser_feature_map(m, ser_feature_names, SER_N_FEATURES, map,
			    "ser extract's features", err))
		goto fail;
	in->d = m->d;
	snprintf(in->space, sizeof in->space, "%s", ser_space_tag(space));
	in->files = ser_calloc((size_t)(n ? n : 1), sizeof *in->files, err);
	in->X = ser_malloc((size_t)(n ? n : 1) * (size_t)m->d * sizeof *in->X,
			   err);
	if (!in->files || !in->X)
		goto fail;
	int nf = n ? run(files, n, threads, space, F, e, cb, NULL, ctx, err)
		   : 0;
	if (nf < 0)
		goto fail;
	if (failed)
		*failed = nf;
	for (int i = 0; i < n; i++) {
		const double *f = F + (long)i * SER_N_FEATURES;
		if (isnan(f[0]))
			continue;
		if (!(in->files[in->n] = ser_strdup(files[i], err)))
			goto fail;
		for (int k = 0; k < m->d; k++)
			in->X[(long)in->n * m->d + k] = f[map[k]];
		in->n++;
	}
	goto done;
fail:
	ser_inputs_free(in);
	in = NULL;
done:
	ser_strv_free(own, n);
	free(F);
	free(map);
	return in;
}
