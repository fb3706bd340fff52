/* tune.c - grid search by K-fold CV; see tune.h. */
#include "ser/tune.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/folds.h"
#include "ser/metrics.h"
#include "ser/stats.h"

#include "cv_run.h"

void ser_tune_opts_default(ser_tune_opts *o)
{
	memset(o, 0, sizeof *o);
	o->k = 5;
	o->shuffle = 1;
	o->n_targets = 2;
	o->targets[0] = SER_AROUSAL;
	o->targets[1] = SER_VALENCE;
	o->threads = 1;
}

void ser_tune_result_free(ser_tune_result *r)
{
	if (!r)
		return;
	for (int m = 0; m < SER_CV_MAX_MODELS; m++) {
		ser_grid_free(r->grids[m]);
		free(r->r2[m]);
		free(r->mse[m]);
	}
	free(r);
}

int ser_tune_best(const double *r2, int np, int k)
{
	int best = 0;
	double bv = NAN;
	for (int p = 0; p < np; p++) {
		double v, sd;
		ser_nan_mean_std(&r2[(long)p * k], k, 0, &v, &sd, NULL);
		if (!isnan(v) && (isnan(bv) || v > bv)) {
			bv = v;
			best = p;
		}
	}
	return best;
}

typedef struct prog {
	const ser_tune_opts *o;
	int done, total;
} prog;

static void on_done(void *ctx, int s, int t, int f)
{
	prog *p = ctx;
	(void)s, (void)t, (void)f;
	p->done++;
	if (p->o->progress)
		p->o->progress(p->o->progress_ctx, p->done, p->total);
}

ser_tune_result *ser_tune_run(const ser_dataset *ds, const ser_tune_opts *o,
			      ser_err *err)
{
	int n = ds->n, k = o->k, T = o->n_targets;
	if (o->n_models < 1 || o->n_models > SER_CV_MAX_MODELS) {
		ser_fail(err, "tune: need 1..%d models", SER_CV_MAX_MODELS);
		return NULL;
	}
	if (k < 2 || n < k) {
		ser_fail(err, "tune: need 2 to %d folds for %d rows, got %d", n, n, k);
		return NULL;
	}
	const double *y[SER_N_TARGETS];
	for (int t = 0; t < T; t++)
		if (!(y[t] = ds->y[o->targets[t]])) {
			ser_fail(err, "tune: the data set has no %s labels",
				 ser_target_names[o->targets[t]]);
			return NULL;
		}
	ser_tune_result *r = ser_calloc(1, sizeof *r, err);
	if (!r)
		return NULL;
	r->k = k;
	r->n = n;
	r->d = ds->d;
	r->shuffle = o->shuffle;
	r->seed = o->seed;
	r->n_models = o->n_models;
	r->n_targets = T;
	r->normalize = ser_cv_norm_resolve(o->normalize, ds);
	memcpy(r->targets, o->targets, sizeof r->targets);
	cvgrid g = { 0 };
	int *fold_of = ser_malloc((size_t)n * sizeof *fold_of, err);
	double *r2 = NULL, *mse = NULL;
	int ok = 0;
	if (!fold_of || ser_kfold(n, k, o->shuffle, o->seed, fold_of, err) < 0 ||
	    cvgrid_make(&g, o->grids, o->n_models, err) < 0)
		goto out;
	long cells = (long)g.n_specs * T;
	r2 = ser_malloc((size_t)(cells * k) * sizeof *r2, err);
	mse = ser_malloc((size_t)(cells * k) * sizeof *mse, err);
	if (!r2 || !mse)
		goto out;
	prog pg = { o, 0, (int)(cells * k) };
	cvrun c = {
		.X = ds->X, .n = n, .d = ds->d, .y = y, .targets = o->targets,
		.n_targets = T, .m = n, .fold_of = fold_of, .k = k,
		.fold_norm = r->normalize == SER_CV_NORM_FOLD, .specs = g.specs,
		.n_specs = g.n_specs, .seed = o->seed, .threads = o->threads,
		.scores_only = 1, .r2 = r2, .mse = mse, .done = on_done,
		.ctx = &pg };
	if (cvrun_go(&c, err) < 0)
		goto out;
	for (int m = 0; m < o->n_models; m++) {
		int np = o->grids[m]->n_points;
		r->grids[m] = ser_grid_copy(o->grids[m], err);
		r->r2[m] = ser_malloc((size_t)np * T * k * sizeof(double), err);
		r->mse[m] = ser_malloc((size_t)np * T * k * sizeof(double), err);
		if (!r->grids[m] || !r->r2[m] || !r->mse[m])
			goto out;
		cvgrid_take(&g, m, T, k, r2, r->r2[m]);
		cvgrid_take(&g, m, T, k, mse, r->mse[m]);
		for (int t = 0; t < T; t++)
			r->best[m][t] = ser_tune_best(&r->r2[m][(long)t * np * k], np, k);
	}
	ok = 1;
out:
	cvgrid_free(&g);
	free(fold_of);
	free(r2);
	free(mse);
	if (!ok) {
		ser_tune_result_free(r);
		r = NULL;
	}
	return r;
}

void ser_tune_summary(const ser_tune_result *r, int m, int t, int p,
		      double *r2_mean, double *r2_std, double *mse_mean,
		      double *mse_std)
{
	/* a fold with fewer than 2 test rows has no R^2 (NaN): left out,
	 * as ser cv's summaries do */
	long c = ((long)t * r->grids[m]->n_points + p) * r->k;
	ser_nan_mean_std(&r->r2[m][c], r->k, 0, r2_mean, r2_std, NULL);
	ser_nan_mean_std(&r->mse[m][c], r->k, 0, mse_mean, mse_std, NULL);
}

int ser_tune_for_train(const ser_dataset *ds, const ser_grid *g, int k,
		       uint64_t seed, int threads, const int *targets,
		       ser_spec *best, char **note, ser_err *err)
{
	ser_tune_opts o;
	ser_tune_opts_default(&o);
	o.k = k;
	o.seed = seed;
	o.threads = threads;
	o.n_models = 1;
	o.grids[0] = g;
	o.n_targets = 0;
	for (int t = 0; t < SER_N_TARGETS; t++)
		if (targets[t])
			o.targets[o.n_targets++] = (ser_target)t;
	ser_tune_result *r = ser_tune_run(ds, &o, err);
	if (!r)
		return -1;
	size_t cap = 4096, len = 0;
	char *s = ser_malloc(cap, err);
	int rc = s ? 0 : -1;
	if (s) {
		len += (size_t)snprintf(s, cap, "tuned by %d-fold CV (seed %llu) "
					"over %d point%s of", k,
					(unsigned long long)seed, g->n_points,
					g->n_points == 1 ? "" : "s");
		for (int j = 0; j < g->n_dims && len < cap; j++) {
			len += (size_t)snprintf(s + len, cap - len, "%s %s ",
						j ? " x" : "",
						g->base.family->params[g->dim[j].param].name);
			for (int v = 0; v < g->dim[j].n && len < cap; v++)
				len += (size_t)snprintf(s + len, cap - len, "%s%s",
							v ? (g->base.family->params[g->dim[j].param].type
							     == SER_PARAM_LAYERS ? "/" : ",") : "",
							g->dim[j].values[v]);
		}
		if (g->n_dims == 0 && len < cap)
			len += (size_t)snprintf(s + len, cap - len, " the defaults");
		for (int t = 0; t < o.n_targets && len < cap; t++) {
			char pt[512];
			double a, b, c, d;
			int p = r->best[0][t];
			ser_tune_summary(r, 0, t, p, &a, &b, &c, &d);
			ser_grid_point_text(g, p, pt, sizeof pt);
			len += (size_t)snprintf(s + len, cap - len, "%s %s %s (R^2 %.4f "
						"+- %.4f)", t ? "," : ":",
						ser_target_names[o.targets[t]], pt, a, b);
			if (ser_grid_spec(g, p, &best[o.targets[t]], err) < 0)
				rc = -1;
		}
	}
	ser_tune_result_free(r);
	if (rc < 0) {
		free(s);
		return -1;
	}
	*note = s;
	return 0;
}
