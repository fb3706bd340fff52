/* cv.c - the K-fold cross-validation engine; see cv.h. */
#include "ser/cv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/folds.h"
#include "ser/metrics.h"
#include "minmax.h"

#include "cv_run.h"

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

ser_cv_norm ser_cv_norm_resolve(ser_cv_norm n, const ser_dataset *ds)
{
	if (n != SER_CV_NORM_AUTO)
		return n;
	return strcmp(ds->space, SER_SPACE_EMO) ? SER_CV_NORM_FOLD
						: SER_CV_NORM_NONE;
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
	o->threads = 1;
	o->inner_k = 5;
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
	free(r->imp);
	free(r->chosen);
	for (int m = 0; m < SER_CV_MAX_MODELS; m++)
		ser_grid_free(r->grids[m]);
	free(r);
}

/* Progress of one CV: the CLI's callbacks see done / total over every
 * fit of every pass. */
typedef struct prog {
	const ser_cv_opts *o;
	const ser_cv_result *r;
	const int *model_of;    /* the pass's spec index -> model */
	int done, total;
} prog;

static void on_done(void *ctx, int s, int t, int f)
{
	prog *p = ctx;
	p->done++;
	if (p->o->progress)
		p->o->progress(p->o->progress_ctx, p->done, p->total,
			       ser_cv_model_name(p->r, p->model_of[s]),
			       ser_target_names[p->r->targets[t]], f);
}

static void on_epoch(void *ctx, int s, int t, int f, int epoch, int epochs)
{
	prog *p = ctx;
	p->o->epoch_progress(p->o->progress_ctx, p->done, p->total,
			     ser_cv_model_name(p->r, p->model_of[s]),
			     ser_target_names[p->r->targets[t]], f, epoch,
			     epochs);
}

static int check_opts(const ser_dataset *ds, const ser_cv_opts *o,
		      ser_err *err)
{
	if (o->n_models < 1 || o->n_models > SER_CV_MAX_MODELS)
		return ser_fail(err, "cv: need 1..%d models, got %d",
				SER_CV_MAX_MODELS, o->n_models);
	if (o->n_targets < 1 || o->n_targets > SER_N_TARGETS)
		return ser_fail(err, "cv: need 1..%d targets, got %d",
				SER_N_TARGETS, o->n_targets);
	for (int t = 0; t < o->n_targets; t++)
		if ((int)o->targets[t] < 0 || o->targets[t] >= SER_N_TARGETS ||
		    !ds->y[o->targets[t]])
			return ser_fail(err, "cv: the data set has no %s labels",
					(int)o->targets[t] >= 0 &&
					o->targets[t] < SER_N_TARGETS
					? ser_target_names[o->targets[t]] : "such");
	if (o->baseline >= o->n_models)
		return ser_fail(err, "cv: baseline %d is not one of the %d models",
				o->baseline + 1, o->n_models);
	if (o->k < 2)
		return ser_fail(err, "cv: need at least 2 folds, got %d", o->k);
	if (ds->n < o->k)
		return ser_fail(err, "cv: the data set has %d rows, fewer than the "
				"%d folds", ds->n, o->k);
	for (int m = 0; m < o->n_models; m++)
		if (!o->models[m].family)
			return ser_fail(err, "cv: model %d has no family", m + 1);
	return 0;
}

/* The result with its arrays and folds, before any fit. */
static ser_cv_result *result_new(const ser_dataset *ds, const ser_cv_opts *o,
				 ser_err *err)
{
	int n = ds->n, k = o->k;
	ser_cv_result *r = ser_calloc(1, sizeof *r, err);
	if (!r)
		return NULL;
	r->k = k;
	r->n = n;
	r->d = ds->d;
	r->n_models = o->n_models;
	r->n_targets = o->n_targets;
	r->shuffle = o->shuffle;
	r->seed = o->seed;
	r->baseline = o->baseline < 0 ? -1 : o->baseline;
	r->normalize = ser_cv_norm_resolve(o->normalize, ds);
	for (int m = 0; m < o->n_models; m++)
		r->models[m] = o->models[m];
	for (int t = 0; t < o->n_targets; t++)
		r->targets[t] = o->targets[t];
	long cells = (long)o->n_models * o->n_targets;
	r->fold_of = ser_malloc((size_t)n * sizeof *r->fold_of, err);
	r->r2 = ser_calloc((size_t)(cells * k), sizeof *r->r2, err);
	r->mse = ser_calloc((size_t)(cells * k), sizeof *r->mse, err);
	r->pred = ser_calloc((size_t)(cells * n), sizeof *r->pred, err);
	if (o->importance)
		r->imp = ser_calloc((size_t)(cells * k * ds->d), sizeof *r->imp,
				    err);
	if (!r->fold_of || !r->r2 || !r->mse || !r->pred ||
	    (o->importance && !r->imp) ||
	    ser_kfold(n, k, o->shuffle, o->seed, r->fold_of, err) < 0)
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
	return r;
fail:
	ser_cv_result_free(r);
	return NULL;
}

/* Copy cell-major outputs of a pass over models model_of[0..ns) into the
 * result's model-major arrays. */
static void put_pass(ser_cv_result *r, const int *model_of, int ns,
		     const double *r2, const double *mse, const double *pred,
		     const double *imp)
{
	int k = r->k, T = r->n_targets, n = r->n, d = r->d;
	for (int s = 0; s < ns; s++)
		for (int t = 0; t < T; t++) {
			long a = (long)s * T + t, c = ser_cv_at(r, model_of[s], t);
			memcpy(&r->r2[c * k], &r2[a * k], (size_t)k * sizeof *r2);
			memcpy(&r->mse[c * k], &mse[a * k], (size_t)k * sizeof *mse);
			memcpy(&r->pred[c * n], &pred[a * n], (size_t)n * sizeof *pred);
			if (imp)
				memcpy(&r->imp[c * k * d], &imp[a * k * d],
				       (size_t)k * d * sizeof *imp);
		}
}

/* Pass 0: the models on the CV's folds; pass 1: those on their own (the
 * thesis protocol's other kind of folds, all alike). */
static int run_pass(const ser_dataset *ds, const ser_cv_opts *o,
		    ser_cv_result *r, int pass, prog *pg, ser_err *err)
{
	int model_of[SER_CV_MAX_MODELS], ns = 0;
	ser_spec specs[SER_CV_MAX_MODELS];
	for (int m = 0; m < o->n_models; m++)
		if ((r->model_fold_of[m] != NULL) == pass) {
			specs[ns] = o->models[m];
			model_of[ns++] = m;
		}
	if (!ns)
		return 0;
	if (o->tune)
		return ser_cv_nested(ds, o, r, model_of, ns, err);
	long cells = (long)ns * o->n_targets;
	int k = o->k, n = ds->n, d = ds->d, rc = -1;
	double *r2 = ser_malloc((size_t)(cells * k) * sizeof *r2, err);
	double *mse = ser_malloc((size_t)(cells * k) * sizeof *mse, err);
	double *pred = ser_malloc((size_t)(cells * n) * sizeof *pred, err);
	double *imp = o->importance
		? ser_malloc((size_t)(cells * k * d) * sizeof *imp, err) : NULL;
	const double *y[SER_N_TARGETS];
	for (int t = 0; t < o->n_targets; t++)
		y[t] = ds->y[o->targets[t]];
	pg->model_of = model_of;
	cvrun c = {
		.X = ds->X, .n = n, .d = d, .y = y, .targets = o->targets,
		.n_targets = o->n_targets, .sub = NULL, .m = n,
		.fold_of = ser_cv_folds(r, model_of[0]), .k = k,
		.fold_norm = r->normalize == SER_CV_NORM_FOLD, .specs = specs,
		.n_specs = ns, .seed = o->seed, .threads = o->threads,
		.importance = o->importance, .r2 = r2, .mse = mse,
		.pred = pred, .imp = imp, .done = on_done,
		.epoch = o->epoch_progress ? on_epoch : NULL, .ctx = pg };
	if (r2 && mse && pred && (imp || !o->importance) &&
	    cvrun_go(&c, err) == 0) {
		put_pass(r, model_of, ns, r2, mse, pred, imp);
		rc = 0;
	}
	free(r2);
	free(mse);
	free(pred);
	free(imp);
	return rc;
}

ser_cv_result *ser_cv_run(const ser_dataset *ds, const ser_cv_opts *o,
			  ser_err *err)
{
	if (check_opts(ds, o, err) < 0)
		return NULL;
	ser_cv_result *r = result_new(ds, o, err);
	if (!r)
		return NULL;
	prog pg = { o, r, NULL, 0, o->n_models * o->n_targets * o->k };
	for (int pass = 0; pass < 2; pass++)
		if (run_pass(ds, o, r, pass, &pg, err) < 0) {
			ser_cv_result_free(r);
			return NULL;
		}
	return r;
}

void ser_cv_importance(const ser_cv_result *r, int m, int t, int j,
		       double *mean, double *std)
{
	/* over the folds with an R^2 (NaN drops are left out, as cv's
	 * summaries leave out undefined scores); population std */
	const double *v = &r->imp[ser_cv_at(r, m, t) * r->k * r->d + j];
	double s = 0, q = 0;
	int c = 0;
	for (int f = 0; f < r->k; f++)
		if (!isnan(v[(long)f * r->d]))
			s += v[(long)f * r->d], c++;
	*mean = c ? s / c : NAN;
	for (int f = 0; f < r->k; f++)
		if (!isnan(v[(long)f * r->d]))
			q += (v[(long)f * r->d] - *mean) * (v[(long)f * r->d] - *mean);
	*std = c ? sqrt(q / c) : NAN;
}
