/* cv_run.c - the CV core; see cv_run.h. */
#include "cv_run.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ser/metrics.h"
#include "minmax.h"
#include "ser/pool.h"
#include "ser/rng.h"

/* One fold's rows, gathered (and scaled) once for every spec and target. */
typedef struct split {
	int ntr, nte;
	int *tr, *te;           /* places in sub */
	int *tr_row;            /* rows as the fold's shared objects index them */
	int *te_row;            /* the same for test rows (not fold_norm) */
	double *Xtr, *Xte;
	void **shared;          /* per spec (fold_norm: the fold's own) */
} split;

typedef struct run {
	const cvrun *c;
	split *sp;
	void **shared_all;      /* per spec, over all rows (not fold_norm) */
	pthread_mutex_t mu;
} run;

static int row_of(const cvrun *c, int j)
{
	return c->sub ? c->sub[j] : j;
}

int cvrun_prepare(const ser_spec *specs, int n_specs, const double *X,
		  int n, int d, void **shared, ser_err *err)
{
	for (int s = 0; s < n_specs; s++) {
		const ser_family *f = specs[s].family;
		shared[s] = NULL;
		int first = 1;
		for (int q = 0; q < s && first; q++)
			first = specs[q].family != f;
		if (first && f->prepare &&
		    !(shared[s] = f->prepare(ser_spec_cparams(&specs[s]), X, n, d,
					     err)))
			return -1;
	}
	/* later specs of a family point at the first one's object */
	for (int s = 0; s < n_specs; s++)
		for (int q = 0; q < s && !shared[s]; q++)
			if (specs[q].family == specs[s].family)
				shared[s] = shared[q];
	return 0;
}

void cvrun_release(const ser_spec *specs, int n_specs, void **shared)
{
	for (int s = 0; s < n_specs; s++) {
		int first = 1;
		for (int q = 0; q < s && first; q++)
			first = specs[q].family != specs[s].family;
		if (first && shared[s])
			specs[s].family->release(shared[s]);
	}
}

static void split_free(split *s, const cvrun *c)
{
	if (s->shared) {
		cvrun_release(c->specs, c->n_specs, s->shared);
		free(s->shared);
	}
	free(s->tr);
	free(s->te);
	free(s->tr_row);
	free(s->te_row);
	free(s->Xtr);  /* and Xte, in the same block */
}

static int split_make(const cvrun *c, int f, split *s, ser_err *err)
{
	int m = c->m, d = c->d;
	memset(s, 0, sizeof *s);
	s->tr = ser_malloc((size_t)m * sizeof(int), err);
	s->te = ser_malloc((size_t)m * sizeof(int), err);
	s->tr_row = ser_malloc((size_t)m * sizeof(int), err);
	s->te_row = ser_malloc((size_t)m * sizeof(int), err);
	/* one block: training rows, then test rows (fresh pages are dear) */
	s->Xtr = ser_malloc((size_t)(m ? m : 1) * d * sizeof(double), err);
	if (!s->tr || !s->te || !s->tr_row || !s->te_row || !s->Xtr)
		return -1;
	int nte = 0;
	for (int j = 0; j < m; j++)
		nte += c->fold_of[j] == f;
	s->Xte = s->Xtr + (size_t)(m - nte) * d;
	/* rows of this split in file order */
	for (int j = 0; j < m; j++) {
		const double *x = &c->X[(size_t)row_of(c, j) * d];
		if (c->fold_of[j] == f) {
			memcpy(&s->Xte[(size_t)s->nte * d], x, (size_t)d * sizeof(double));
			s->te[s->nte++] = j;
		} else {
			memcpy(&s->Xtr[(size_t)s->ntr * d], x, (size_t)d * sizeof(double));
			s->tr[s->ntr++] = j;
		}
	}
	if (!c->fold_norm) {
		for (int j = 0; j < s->ntr; j++)
			s->tr_row[j] = row_of(c, s->tr[j]);
		for (int j = 0; j < s->nte; j++)
			s->te_row[j] = row_of(c, s->te[j]);
		return 0;
	}
	/* scaled rows are the fold's own: what a family shares is over them */
	double *lo = ser_malloc((size_t)d * sizeof *lo, err);
	double *hi = ser_malloc((size_t)d * sizeof *hi, err);
	if (!lo || !hi) {
		free(lo);
		free(hi);
		return -1;
	}
	ser_minmax_fit(s->Xtr, s->ntr, d, lo, hi);
	ser_minmax_apply(lo, hi, d, s->Xtr, s->ntr, s->Xtr);
	ser_minmax_apply(lo, hi, d, s->Xte, s->nte, s->Xte);
	ser_minmax_clip(s->Xte, (long)s->nte * d);
	free(lo);
	free(hi);
	for (int j = 0; j < s->ntr; j++)
		s->tr_row[j] = j;
	s->shared = ser_calloc((size_t)c->n_specs, sizeof(void *), err);
	if (!s->shared)
		return -1;
	return cvrun_prepare(c->specs, c->n_specs, s->Xtr, s->ntr, d, s->shared,
			     err);
}

typedef struct epoch_ctx {
	run *r;
	int s, t, f;
} epoch_ctx;

static void on_epoch(void *ctx, int epoch, int epochs)
{
	epoch_ctx *e = ctx;
	pthread_mutex_lock(&e->r->mu);
	e->r->c->epoch(e->r->c->ctx, e->s, e->t, e->f, epoch, epochs);
	pthread_mutex_unlock(&e->r->mu);
}

/* Permutation importance of a fitted model on the fold's test rows: each
 * feature's column shuffled (seeded by the fit's seed and the feature),
 * the drop in R^2 from r2. */
static int importance(const cvrun *c, const ser_family *fam,
		      const ser_fitted *fit, const split *s, const double *yte,
		      double r2, uint64_t seed, double *imp, ser_err *err)
{
	int nte = s->nte, d = c->d;
	double *Xp = ser_malloc((size_t)nte * d * sizeof *Xp, err);
	double *out = ser_malloc((size_t)(nte ? nte : 1) * sizeof *out, err);
	int *perm = ser_malloc((size_t)(nte ? nte : 1) * sizeof *perm, err);
	int rc = -1;
	if (!Xp || !out || !perm)
		goto out;
	memcpy(Xp, s->Xte, (size_t)nte * d * sizeof *Xp);
	for (int j = 0; j < d; j++) {
		ser_rng g;
		ser_rng_seed(&g, seed ^ (0xd1b54a32d192ed03ULL * (uint64_t)(j + 1)));
		for (int i = 0; i < nte; i++)
			perm[i] = i;
		ser_rng_shuffle_int(&g, perm, nte);
		for (int i = 0; i < nte; i++)
			Xp[(size_t)i * d + j] = s->Xte[(size_t)perm[i] * d + j];
		if (fam->predict(fit, Xp, nte, d, out, err) < 0)
			goto out;
		imp[j] = r2 - ser_r2(yte, out, nte);
		for (int i = 0; i < nte; i++)
			Xp[(size_t)i * d + j] = s->Xte[(size_t)i * d + j];
	}
	rc = 0;
out:
	free(Xp);
	free(out);
	free(perm);
	return rc;
}

/* Task i: spec s, target index t, fold f with i = (s * T + t) * k + f. */
static int fit_task(void *ctx, int i, ser_err *err)
{
	run *r = ctx;
	const cvrun *c = r->c;
	int f = i % c->k, t = (i / c->k) % c->n_targets;
	int s = i / c->k / c->n_targets;
	const split *sp = &r->sp[f];
	const ser_spec *spec = c->fold_specs
		? &c->fold_specs[((long)s * c->n_targets + t) * c->k + f]
		: &c->specs[s];
	const ser_family *fam = spec->family;
	const double *y = c->y[t];
	int ntr = sp->ntr, nte = sp->nte, rc = -1;
	double *ytr = ser_malloc((size_t)(ntr + 2 * nte + 1) * sizeof *ytr, err);
	if (!ytr)
		return -1;
	double *yte = ytr + ntr, *out = yte + nte;
	for (int j = 0; j < ntr; j++)
		ytr[j] = y[row_of(c, sp->tr[j])];
	for (int j = 0; j < nte; j++)
		yte[j] = y[row_of(c, sp->te[j])];
	ser_fit_rows rows = { sp->Xtr, ytr, ntr, c->d, sp->tr_row,
			      c->fold_norm ? sp->shared[s] : r->shared_all[s] };
	/* seeded by the target itself, not its place in targets: valence's
	 * fits do not change with whether arousal was asked */
	uint64_t seed = ser_fit_seed(c->seed, c->targets[t], f);
	epoch_ctx ec = { r, s, t, f };
	ser_fitted *fit = fam->fit(ser_spec_cparams(spec), &rows, seed, NULL,
				   c->epoch ? on_epoch : NULL, &ec, err);
	if (!fit)
		goto out;
	int how = 1;  /* 1: from the test rows' features */
	if (c->scores_only && !c->fold_norm && fam->predict_rows &&
	    (how = fam->predict_rows(fit, rows.shared, sp->te_row, nte, out,
				     err)) < 0)
		goto out;
	if (how == 1 && fam->predict(fit, sp->Xte, nte, c->d, out, err) < 0)
		goto out;
	long cell = (long)s * c->n_targets + t;
	double r2 = ser_r2(yte, out, nte);
	c->r2[cell * c->k + f] = r2;
	c->mse[cell * c->k + f] = ser_mse(yte, out, nte);
	if (c->pred)
		for (int j = 0; j < nte; j++)
			c->pred[cell * c->m + sp->te[j]] = out[j];
	if (c->importance &&
	    importance(c, fam, fit, sp, yte, r2, seed,
		       &c->imp[(cell * c->k + f) * c->d], err) < 0)
		goto out;
	rc = 0;
	if (c->done) {
		pthread_mutex_lock(&r->mu);
		c->done(c->ctx, s, t, f);
		pthread_mutex_unlock(&r->mu);
	}
out:
	if (rc < 0)
		ser_fail_prefix(err, "cv: %s, %s, fold %d", fam->name,
				ser_target_names[c->targets[t]], f);
	if (fit)
		fam->free(fit);
	free(ytr);
	return rc;
}

int cvrun_go(const cvrun *c, ser_err *err)
{
	run r = { .c = c };
	int rc = -1, k = c->k;
	r.sp = ser_calloc((size_t)k, sizeof *r.sp, err);
	void **own = NULL;
	if (!r.sp)
		return -1;
	pthread_mutex_init(&r.mu, NULL);
	if (!c->fold_norm) {
		if (c->shared) {
			r.shared_all = (void **)c->shared;
		} else {
			own = ser_calloc((size_t)c->n_specs, sizeof(void *), err);
			if (!own || cvrun_prepare(c->specs, c->n_specs, c->X, c->n,
						  c->d, own, err) < 0)
				goto out;
			r.shared_all = own;
		}
	}
	for (int f = 0; f < k; f++)
		if (split_make(c, f, &r.sp[f], err) < 0)
			goto out;
	rc = ser_pool_run(c->threads, c->n_specs * c->n_targets * k, fit_task,
			  &r, err);
out:
	for (int f = 0; f < k; f++)
		split_free(&r.sp[f], c);
	free(r.sp);
	if (own) {
		cvrun_release(c->specs, c->n_specs, own);
		free(own);
	}
	pthread_mutex_destroy(&r.mu);
	return rc;
}

int cvgrid_make(cvgrid *g, const ser_grid *const *grids, int n_models,
		ser_err *err)
{
	memset(g, 0, sizeof *g);
	if (n_models > SER_N_FAMILIES_MAX)
		return ser_fail(err, "tune: more than %d models", SER_N_FAMILIES_MAX);
	for (int m = 0; m < n_models; m++)
		g->off[m + 1] = g->off[m] + grids[m]->n_points;
	g->n_specs = g->off[n_models];
	g->specs = ser_malloc((size_t)g->n_specs * sizeof *g->specs, err);
	if (!g->specs)
		return -1;
	for (int m = 0; m < n_models; m++)
		for (int p = 0; p < grids[m]->n_points; p++)
			if (ser_grid_spec(grids[m], p, &g->specs[g->off[m] + p], err) < 0) {
				cvgrid_free(g);
				return -1;
			}
	return 0;
}

void cvgrid_free(cvgrid *g)
{
	free(g->specs);
	g->specs = NULL;
}

void cvgrid_take(const cvgrid *g, int m, int T, int k, const double *flat,
		 double *out)
{
	int np = g->off[m + 1] - g->off[m];
	for (int p = 0; p < np; p++)
		for (int t = 0; t < T; t++)
			memcpy(&out[((long)t * np + p) * k],
			       &flat[((long)(g->off[m] + p) * T + t) * k],
			       (size_t)k * sizeof *out);
}
