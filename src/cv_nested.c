/* cv_nested.c - nested cross-validation (cv.h, opts.tune): the fair A/B of
 * tuned models. Outer fold f's training rows are split into inner_k folds
 * (seeded from the CV's seed and f); every point of each model's grid is
 * scored on them (the same core as ser tune), the best mean R^2 per
 * model and target is refitted on all of fold f's training rows, and
 * that fit alone sees fold f's test rows. No test row of fold f takes
 * part in choosing its point. */
#include "ser/cv.h"

#include <stdlib.h>
#include <string.h>

#include "ser/folds.h"
#include "ser/tune.h"

#include "cv_run.h"

/* The inner CV's seed for outer fold f: its own stream, not one of the
 * outer fits' (ser_fit_seed) */
static uint64_t inner_seed(uint64_t seed, int f)
{
	return (seed ^ 0x6a09e667f3bcc909ULL) +
	       0xbb67ae8584caa73bULL * (uint64_t)(f + 1);
}

typedef struct prog {
	const ser_cv_opts *o;
	const ser_cv_result *r;
	const int *model_of;
	const cvgrid *g;
	int outer;              /* -1: the refits */
	int done, total;
} prog;

static void on_done(void *ctx, int s, int t, int f)
{
	prog *p = ctx;
	p->done++;
	if (!p->o->progress)
		return;
	int m = 0;
	if (p->outer >= 0)
		while (s >= p->g->off[m + 1])
			m++;
	else
		m = s;
	/* progress names the outer fold while tuning inside it */
	p->o->progress(p->o->progress_ctx, p->done, p->total,
		       ser_cv_model_name(p->r, p->model_of[m]),
		       ser_target_names[p->r->targets[t]],
		       p->outer >= 0 ? p->outer : f);
}

int ser_cv_nested(const ser_dataset *ds, const ser_cv_opts *o,
		  ser_cv_result *r, const int *model_of, int ns, ser_err *err)
{
	int n = ds->n, d = ds->d, k = o->k, K2 = o->inner_k, T = o->n_targets;
	int fold_norm = r->normalize == SER_CV_NORM_FOLD, rc = -1;
	const int *fold_of = ser_cv_folds(r, model_of[0]);
	const ser_grid *grids[SER_CV_MAX_MODELS];
	ser_spec specs[SER_CV_MAX_MODELS];
	ser_grid *own[SER_CV_MAX_MODELS] = { 0 };
	for (int s = 0; s < ns; s++) {
		int m = model_of[s];
		if (!o->grids[m] && !(own[s] = ser_grid_new(&o->models[m], err)))
			goto out0;
		grids[s] = o->grids[m] ? o->grids[m] : own[s];
		specs[s] = o->models[m];
		if (!r->grids[m] && !(r->grids[m] = ser_grid_copy(grids[s], err)))
			goto out0;
	}
	if (K2 < 2) {
		ser_fail(err, "cv: need at least 2 inner folds, got %d", K2);
		goto out0;
	}
	r->tuned = 1;
	r->inner_k = K2;
	if (!r->chosen &&
	    !(r->chosen = ser_calloc((size_t)r->n_models * T * k, sizeof(int), err)))
		goto out0;
	cvgrid g;
	if (cvgrid_make(&g, grids, ns, err) < 0)
		goto out0;
	const double *y[SER_N_TARGETS];
	for (int t = 0; t < T; t++)
		y[t] = ds->y[o->targets[t]];
	long cells = (long)g.n_specs * T;
	int *sub = ser_malloc((size_t)n * sizeof *sub, err);
	int *inner = ser_malloc((size_t)n * sizeof *inner, err);
	double *r2 = ser_malloc((size_t)(cells * K2) * sizeof *r2, err);
	double *mse = ser_malloc((size_t)(cells * K2) * sizeof *mse, err);
	double *mr2 = ser_malloc((size_t)(cells * K2) * sizeof *mr2, err);
	ser_spec *chosen = ser_malloc((size_t)ns * T * k * sizeof *chosen, err);
	double *or2 = ser_malloc((size_t)ns * T * k * sizeof *or2, err);
	double *omse = ser_malloc((size_t)ns * T * k * sizeof *omse, err);
	double *pred = ser_malloc((size_t)ns * T * n * sizeof *pred, err);
	double *imp = o->importance
		? ser_malloc((size_t)ns * T * k * d * sizeof *imp, err) : NULL;
	void **shared = ser_calloc((size_t)g.n_specs, sizeof(void *), err);
	if (!sub || !inner || !r2 || !mse || !mr2 || !chosen || !or2 ||
	    !omse || !pred || (o->importance && !imp) || !shared)
		goto out;
	/* unscaled inputs: one prepared object (the SVR's kernel matrices)
	 * over all rows serves every inner CV and the refits; an inner fit
	 * reads only its own rows of it */
	if (!fold_norm && cvrun_prepare(g.specs, g.n_specs, ds->X, n, d, shared,
					err) < 0)
		goto out;
	/* grids of one point each leave nothing to choose: no inner CV */
	int choose = 0;
	for (int s = 0; s < ns; s++)
		choose |= grids[s]->n_points > 1;
	prog pg = { o, r, model_of, &g, 0, 0,
		    (int)(choose * k * cells * K2 + (long)ns * T * k) };
	for (int f = 0; f < k; f++) {
		int m_rows = 0;
		for (int i = 0; i < n; i++)
			if (fold_of[i] != f)
				sub[m_rows++] = i;
		if (m_rows < K2) {
			ser_fail(err, "cv: outer fold %d has %d training rows, fewer "
				 "than the %d inner folds", f, m_rows, K2);
			goto out;
		}
		uint64_t is = inner_seed(o->seed, f);
		if (!choose) {
			for (int s = 0; s < ns; s++)
				for (int t = 0; t < T; t++)
					chosen[((long)s * T + t) * k + f] = g.specs[g.off[s]];
			continue;
		}
		if (ser_kfold(m_rows, K2, o->shuffle, is, inner, err) < 0)
			goto out;
		pg.outer = f;
		cvrun c = {
			.X = ds->X, .n = n, .d = d, .y = y, .targets = o->targets,
			.n_targets = T, .sub = sub, .m = m_rows, .fold_of = inner,
			.k = K2, .fold_norm = fold_norm, .specs = g.specs,
			.n_specs = g.n_specs, .shared = fold_norm ? NULL : shared,
			.seed = is, .threads = o->threads, .scores_only = 1,
			.r2 = r2, .mse = mse, .done = on_done, .ctx = &pg };
		if (cvrun_go(&c, err) < 0) {
			ser_fail_prefix(err, "outer fold %d", f);
			goto out;
		}
		for (int s = 0; s < ns; s++) {
			int np = grids[s]->n_points;
			cvgrid_take(&g, s, T, K2, r2, mr2);
			for (int t = 0; t < T; t++) {
				int p = ser_tune_best(&mr2[(long)t * np * K2], np, K2);
				r->chosen[ser_cv_at(r, model_of[s], t) * k + f] = p;
				chosen[((long)s * T + t) * k + f] = g.specs[g.off[s] + p];
			}
		}
	}
	/* the refits: fold f's chosen point on all its training rows */
	pg.outer = -1;
	cvrun c = {
		.X = ds->X, .n = n, .d = d, .y = y, .targets = o->targets,
		.n_targets = T, .m = n, .fold_of = fold_of, .k = k,
		.fold_norm = fold_norm, .specs = specs, .n_specs = ns,
		.fold_specs = chosen, .seed = o->seed, .threads = o->threads,
		.importance = o->importance, .r2 = or2, .mse = omse, .pred = pred,
		.imp = imp, .done = on_done, .ctx = &pg };
	/* the first spec of each family holds the prepared object */
	void *shared_s[SER_CV_MAX_MODELS];
	for (int s = 0; s < ns; s++)
		shared_s[s] = shared[g.off[s]];
	c.shared = fold_norm ? NULL : shared_s;
	if (cvrun_go(&c, err) < 0)
		goto out;
	for (int s = 0; s < ns; s++)
		for (int t = 0; t < T; t++) {
			long a = (long)s * T + t, cc = ser_cv_at(r, model_of[s], t);
			memcpy(&r->r2[cc * k], &or2[a * k], (size_t)k * sizeof(double));
			memcpy(&r->mse[cc * k], &omse[a * k], (size_t)k * sizeof(double));
			memcpy(&r->pred[cc * n], &pred[a * n], (size_t)n * sizeof(double));
			if (imp)
				memcpy(&r->imp[cc * k * d], &imp[a * k * d],
				       (size_t)k * d * sizeof(double));
		}
	rc = 0;
out:
	if (shared && !fold_norm)
		cvrun_release(g.specs, g.n_specs, shared);
	free(shared);
	free(sub);
	free(inner);
	free(r2);
	free(mse);
	free(mr2);
	free(chosen);
	free(or2);
	free(omse);
	free(pred);
	free(imp);
	cvgrid_free(&g);
out0:
	for (int s = 0; s < ns; s++)
		ser_grid_free(own[s]);
	return rc;
}
