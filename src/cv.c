/* cv.c - the K-fold cross-validation engine; see cv.h. */
#include "ser/cv.h"

#include <stdlib.h>
#include <string.h>

#include "ser/folds.h"
#include "ser/metrics.h"
#include "minmax.h"

int ser_cv_norm_from_name(const char *name)
{
	for (int i = SER_CV_NORM_AUTO; i <= SER_CV_NORM_FOLD; i++)
		if (!strcmp(name, ser_cv_norm_name((ser_cv_norm)i)))
			return i;
	return -1;
}

const char *ser_cv_norm_name(ser_cv_norm n)
{
	static const char *const names[] = { "auto", "none", "fold" };
	return (unsigned)n < 3 ? names[n] : "unknown";
}

void ser_cv_opts_default(ser_cv_opts *o)
{
	memset(o, 0, sizeof *o);
	o->k = 10;
	o->shuffle = 1;
	o->seed = 0;
	o->n_models = 1;
	ser_spec_default(&o->models[0], ser_families[0]);
	for (int m = 0; m < SER_CV_MAX_MODELS; m++)
		o->model_folds[m] = -1;
	o->n_targets = 2;
	o->targets[0] = SER_AROUSAL;
	o->targets[1] = SER_VALENCE;
	o->baseline = -1;
}

void ser_cv_result_free(ser_cv_result *r)
{
	if (!r)
		return;
	free(r->fold_of);
	for (int m = 0; m < SER_CV_MAX_MODELS; m++)
		free(r->model_fold_of[m]);
	free(r->r2);
	free(r->mse);
	free(r->pred);
	free(r);
}

/* Where a fit reports its epochs: the CV's callback plus the fold's
 * coordinates. */
typedef struct epoch_ctx {
	const ser_cv_opts *o;
	int done, total, fold;
	const char *model, *target;
} epoch_ctx;

static void on_epoch(void *ctx, int epoch, int epochs)
{
	const epoch_ctx *e = ctx;
	e->o->epoch_progress(e->o->progress_ctx, e->done, e->total, e->model,
			     e->target, e->fold, epoch, epochs);
}

ser_cv_result *ser_cv_run(const ser_dataset *ds, const ser_cv_opts *o,
			  ser_err *err)
{
	int n = ds->n, d = ds->d, k = o->k;
	if (o->n_models < 1 || o->n_models > SER_CV_MAX_MODELS) {
		ser_fail(err, "cv: need 1..%d models, got %d", SER_CV_MAX_MODELS,
			 o->n_models);
		return NULL;
	}
	if (o->n_targets < 1 || o->n_targets > SER_N_TARGETS) {
		ser_fail(err, "cv: need 1..%d targets, got %d", SER_N_TARGETS,
			 o->n_targets);
		return NULL;
	}
	for (int t = 0; t < o->n_targets; t++)
		if ((int)o->targets[t] < 0 || o->targets[t] >= SER_N_TARGETS ||
		    !ds->y[o->targets[t]]) {
			ser_fail(err, "cv: the data set has no %s labels",
				 (int)o->targets[t] >= 0 && o->targets[t] < SER_N_TARGETS
				 ? ser_target_names[o->targets[t]] : "such");
			return NULL;
		}
	if (o->baseline >= o->n_models) {
		ser_fail(err, "cv: baseline %d is not one of the %d models",
			 o->baseline + 1, o->n_models);
		return NULL;
	}
	if (k < 2) {
		ser_fail(err, "cv: need at least 2 folds, got %d", k);
		return NULL;
	}
	if (n < k) {
		ser_fail(err, "cv: the data set has %d rows, fewer than the %d folds",
			 n, k);
		return NULL;
	}
	ser_cv_result *r = ser_calloc(1, sizeof *r, err);
	if (!r)
		return NULL;
	r->k = k;
	r->n = n;
	r->n_models = o->n_models;
	r->n_targets = o->n_targets;
	r->shuffle = o->shuffle;
	r->seed = o->seed;
	r->baseline = o->baseline < 0 ? -1 : o->baseline;
	r->normalize = o->normalize != SER_CV_NORM_AUTO ? o->normalize
		: strcmp(ds->space, SER_SPACE_EMO) ? SER_CV_NORM_FOLD
		: SER_CV_NORM_NONE;
	int fold_norm = r->normalize == SER_CV_NORM_FOLD;
	for (int m = 0; m < o->n_models; m++) {
		if (!o->models[m].family) {
			ser_fail(err, "cv: model %d has no family", m + 1);
			free(r);
			return NULL;
		}
		r->models[m] = o->models[m];
	}
	for (int t = 0; t < o->n_targets; t++)
		r->targets[t] = o->targets[t];
	long cells = (long)o->n_models * o->n_targets;
	double *Xtr = NULL, *Xte = NULL, *ytr = NULL, *out = NULL;
	double *lo = NULL, *hi = NULL;
	void *shared[SER_CV_MAX_MODELS] = { 0 };
	int *te_idx = NULL, *tr_idx = NULL, ok = 0;
	r->fold_of = ser_malloc((size_t)n * sizeof *r->fold_of, err);
	r->r2 = ser_calloc((size_t)(cells * k), sizeof *r->r2, err);
	r->mse = ser_calloc((size_t)(cells * k), sizeof *r->mse, err);
	r->pred = ser_calloc((size_t)(cells * n), sizeof *r->pred, err);
	Xtr = ser_malloc((size_t)n * d * sizeof *Xtr, err);
	Xte = ser_malloc((size_t)n * d * sizeof *Xte, err);
	ytr = ser_malloc((size_t)n * sizeof *ytr, err);
	out = ser_malloc((size_t)n * sizeof *out, err);
	te_idx = ser_malloc((size_t)n * sizeof *te_idx, err);
	tr_idx = ser_malloc((size_t)n * sizeof *tr_idx, err);
	lo = ser_malloc((size_t)d * sizeof *lo, err);
	hi = ser_malloc((size_t)d * sizeof *hi, err);
	if (!r->fold_of || !r->r2 || !r->mse || !r->pred || !Xtr || !Xte ||
	    !ytr || !out || !te_idx || !tr_idx || !lo || !hi)
		goto fail;
	if (ser_kfold(n, k, o->shuffle, o->seed, r->fold_of, err) < 0)
		goto fail;
	/* A model that asked for the other kind of folds (the thesis's
	 * protocol) gets its own copy of them, from the same seed. */
	for (int m = 0; m < o->n_models; m++) {
		int sh = o->model_folds[m];
		r->model_shuffle[m] = sh < 0 ? o->shuffle : sh != 0;
		if (r->model_shuffle[m] == (o->shuffle != 0))
			continue;
		r->model_fold_of[m] = ser_malloc((size_t)n * sizeof(int), err);
		if (!r->model_fold_of[m] ||
		    ser_kfold(n, k, r->model_shuffle[m], o->seed,
			      r->model_fold_of[m], err) < 0)
			goto fail;
	}
	/* what a family shares between folds (the SVR's kernel) is over the
	 * unscaled rows: with per-fold scaling every fold starts afresh */
	for (int m = 0; m < o->n_models && !fold_norm; m++) {
		const ser_family *fam = o->models[m].family;
		if (fam->prepare &&
		    !(shared[m] = fam->prepare(ser_spec_cparams(&o->models[m]),
					       ds->X, n, d, err)))
			goto fail;
	}
	int done = 0, total = (int)cells * k;
	/* pass 0: the models on the CV's folds; pass 1: those on their own */
	for (int pass = 0; pass < 2; pass++) {
		const int *fold_of = NULL;
		for (int m = 0; m < o->n_models && !fold_of; m++)
			if ((r->model_fold_of[m] != NULL) == pass)
				fold_of = ser_cv_folds(r, m);
		if (!fold_of)
			continue;
		for (int f = 0; f < k; f++) {
			/* rows of this split, in file order; the feature rows are
			 * gathered once per fold and shared by all models/targets */
			int ntr = 0, nte = 0;
			for (int i = 0; i < n; i++) {
				if (fold_of[i] == f) {
					memcpy(&Xte[(long)nte * d], &ds->X[(long)i * d],
					       (size_t)d * sizeof *Xte);
					te_idx[nte++] = i;
				} else {
					memcpy(&Xtr[(long)ntr * d], &ds->X[(long)i * d],
					       (size_t)d * sizeof *Xtr);
					tr_idx[ntr++] = i;
				}
			}
			if (fold_norm) {
				ser_minmax_fit(Xtr, ntr, d, lo, hi);
				ser_minmax_apply(lo, hi, d, Xtr, ntr, Xtr);
				ser_minmax_apply(lo, hi, d, Xte, nte, Xte);
				ser_minmax_clip(Xte, (long)nte * d);
			}
			for (int m = 0; m < o->n_models; m++) {
				if ((r->model_fold_of[m] != NULL) != pass)
					continue;
				const ser_spec *sp = &o->models[m];
				const char *mname = sp->family->name;
				for (int t = 0; t < o->n_targets; t++) {
					const double *y = ds->y[o->targets[t]];
					const char *tname = ser_target_names[o->targets[t]];
					for (int j = 0; j < ntr; j++)
						ytr[j] = y[tr_idx[j]];
					/* seeded by the target itself, not its place
					 * in o->targets: valence's fits do not
					 * change with whether arousal was asked */
					ser_fit_rows rows = { Xtr, ytr, ntr, d, tr_idx,
							      shared[m] };
					epoch_ctx ec = { o, done, total, f, mname, tname };
					uint64_t seed = ser_fit_seed(o->seed,
								     o->targets[t], f);
					if (ser_spec_fit_predict(sp, &rows, seed, Xte, nte,
								 out, o->epoch_progress
								 ? on_epoch : NULL,
								 &ec, err) < 0) {
						ser_fail_prefix(err, "cv: %s, %s, fold %d",
								mname, tname, f);
						goto fail;
					}
					long c = ser_cv_at(r, m, t);
					double *pred = &r->pred[c * n];
					for (int j = 0; j < nte; j++) {
						pred[te_idx[j]] = out[j];
						ytr[j] = y[te_idx[j]]; /* reuse: test truth */
					}
					r->r2[c * k + f] = ser_r2(ytr, out, nte);
					r->mse[c * k + f] = ser_mse(ytr, out, nte);
					done++;
					if (o->progress)
						o->progress(o->progress_ctx, done, total,
							    mname, tname, f);
				}
			}
		}
	}
	ok = 1;
fail:
	free(Xtr);
	free(Xte);
	free(ytr);
	free(out);
	free(te_idx);
	free(tr_idx);
	free(lo);
	free(hi);
	for (int m = 0; m < o->n_models; m++)
		if (shared[m])
			o->models[m].family->release(shared[m]);
	if (!ok) {
		ser_cv_result_free(r);
		r = NULL;
	}
	return r;
}
