/* cv_compare.c - what turns a CV run into an A/B: paired per-fold
 * comparison of two models, and repeated K-fold over consecutive seeds. */
#include "ser/cv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ser_cv_score_summary(const ser_cv_result *r, int m, int t, int mse,
			  double *mean, double *std, int *n_defined)
{
	const double *s = mse ? r->mse : r->r2;
	ser_nan_mean_std(&s[ser_cv_at(r, m, t) * r->k], r->k, 0, mean, std,
			 n_defined);
}

void ser_cv_summary(const ser_cv_result *r, int m, int t, double *r2_mean,
		    double *r2_std, double *mse_mean, double *mse_std)
{
	ser_cv_score_summary(r, m, t, 0, r2_mean, r2_std, NULL);
	ser_cv_score_summary(r, m, t, 1, mse_mean, mse_std, NULL);
}

static int check_pair(const ser_cv_result *r, int a, int b, int t,
		      ser_err *err)
{
	if (a < 0 || b < 0 || a >= r->n_models || b >= r->n_models || t < 0 ||
	    t >= r->n_targets)
		return ser_fail(err, "cv: no such model or target to compare");
	if (!ser_cv_same_folds(r, a, b))
		return ser_fail(err, "cv: %s and %s were scored on different folds; "
				"a paired comparison needs the same folds",
				ser_cv_model_name(r, a),
				ser_cv_model_name(r, b));
	return 0;
}

/* Append the fold scores of a and b where both are defined to xa, xb
 * (room for r->k more each); returns how many were appended. */
static int defined_pairs(const ser_cv_result *r, int a, int b, int t,
			 int mse, double *xa, double *xb)
{
	const double *s = mse ? r->mse : r->r2;
	const double *sa = &s[ser_cv_at(r, a, t) * r->k];
	const double *sb = &s[ser_cv_at(r, b, t) * r->k];
	int n = 0;
	for (int f = 0; f < r->k; f++)
		if (!isnan(sa[f]) && !isnan(sb[f])) {
			xa[n] = sa[f];
			xb[n++] = sb[f];
		}
	return n;
}

int ser_cv_paired(const ser_cv_result *r, int a, int b, int t, int mse,
		  ser_paired *out, ser_err *err)
{
	if (check_pair(r, a, b, t, err) < 0)
		return -1;
	double *x = ser_malloc((size_t)r->k * 2 * sizeof *x, err);
	if (!x)
		return -1;
	int n = defined_pairs(r, a, b, t, mse, x, x + r->k), rc = 0;
	if (n >= 2) {
		rc = ser_paired_compare(x, x + r->k, n, out, err);
	} else {
		memset(out, 0, sizeof *out);
		out->mean_a = out->std_a = out->mean_b = out->std_b = NAN;
		out->diff_mean = out->diff_std = NAN;
		out->t = out->p_t = out->w = out->p_w = NAN;
		out->n = n;
	}
	free(x);
	return rc;
}

int ser_cv_pooled_ttest(const ser_cv_result *const *runs, int n_runs, int a,
			int b, int t, int mse, ser_cv_pooled *out,
			ser_err *err)
{
	if (n_runs < 1)
		return ser_fail(err, "cv: no runs to pool");
	memset(out, 0, sizeof *out);
	int k = runs[0]->k;
	for (int i = 0; i < n_runs; i++)
		if (check_pair(runs[i], a, b, t, err) < 0)
			return -1;
		else if (runs[i]->k != k)
			return ser_fail(err, "cv: runs with different fold counts "
					"cannot be pooled");
	double *x = ser_malloc((size_t)n_runs * k * 2 * sizeof *x, err);
	if (!x)
		return -1;
	double *xa = x, *xb = x + (long)n_runs * k;
	int n = 0;
	for (int i = 0; i < n_runs; i++)
		n += defined_pairs(runs[i], a, b, t, mse, xa + n, xb + n);
	out->n = n;
	/* the usual K-fold approximation of n_test / n_train: fold sizes
	 * differ by at most one row */
	out->test_train = 1.0 / (k - 1);
	out->diff_mean = out->diff_std = NAN;
	out->t = out->p = out->t_plain = out->p_plain = NAN;
	int rc = 0;
	if (n >= 2) {
		for (int i = 0; i < n; i++)
			xb[i] = xa[i] - xb[i];   /* the differences, in place */
		ser_nan_mean_std(xb, n, 1, &out->diff_mean, &out->diff_std, NULL);
		for (int i = 0; i < n; i++)
			xa[i] = 0;
		/* tests on (d, 0): the same as on (a, b), without a second
		 * rounding of a - b */
		rc = ser_ttest_corrected(xb, xa, n, out->test_train, &out->t,
					 &out->p, err) < 0 ||
		     ser_ttest_rel(xb, xa, n, &out->t_plain, &out->p_plain, err) < 0
		     ? -1 : 0;
	}
	free(x);
	return rc;
}

int ser_cv_pairs(const ser_cv_result *r, int pairs[][2])
{
	int n = 0;
	for (int a = 0; a < r->n_models; a++)
		for (int b = a + 1; b < r->n_models; b++) {
			if (r->baseline >= 0 && a != r->baseline && b != r->baseline)
				continue;
			/* with a baseline it is always b: "model - baseline" */
			int swap = a == r->baseline;
			pairs[n][0] = swap ? b : a;
			pairs[n][1] = swap ? a : b;
			n++;
		}
	return n;
}

/* Progress of one run, shifted into the count over all runs. */
typedef struct shift_ctx {
	const ser_cv_opts *o;
	int offset, total;
} shift_ctx;

static void shift_progress(void *ctx, int done, int total, const char *model,
			   const char *target, int fold)
{
	(void)total;
	const shift_ctx *s = ctx;
	s->o->progress(s->o->progress_ctx, s->offset + done, s->total, model,
		       target, fold);
}

static void shift_epoch(void *ctx, int done, int total, const char *model,
			const char *target, int fold, int epoch, int epochs)
{
	(void)total;
	const shift_ctx *s = ctx;
	s->o->epoch_progress(s->o->progress_ctx, s->offset + done, s->total,
			     model, target, fold, epoch, epochs);
}

ser_cv_repeats *ser_cv_run_repeats(const ser_dataset *ds,
				   const ser_cv_opts *o, int repeats,
				   ser_err *err)
{
	if (repeats < 1) {
		ser_fail(err, "cv: %d repeats; need at least 1", repeats);
		return NULL;
	}
	ser_cv_repeats *rr = ser_calloc(1, sizeof *rr, err);
	if (!rr || !(rr->run = ser_calloc((size_t)repeats, sizeof *rr->run, err))) {
		free(rr);
		return NULL;
	}
	int per_run = o->n_models * o->n_targets * o->k;
	shift_ctx sc = { o, 0, per_run * repeats };
	for (int i = 0; i < repeats; i++) {
		ser_cv_opts oi = *o;
		oi.seed = o->seed + (uint64_t)i;
		oi.progress = o->progress ? shift_progress : NULL;
		oi.epoch_progress = o->epoch_progress ? shift_epoch : NULL;
		oi.progress_ctx = &sc;
		sc.offset = per_run * i;
		if (!(rr->run[i] = ser_cv_run(ds, &oi, err))) {
			if (repeats > 1)
				ser_fail_prefix(err, "run %d (seed %llu)", i,
						(unsigned long long)oi.seed);
			ser_cv_repeats_free(rr);
			return NULL;
		}
		rr->n = i + 1;
	}
	return rr;
}

void ser_cv_repeats_free(ser_cv_repeats *rr)
{
	if (!rr)
		return;
	for (int i = 0; i < rr->n; i++)
		ser_cv_result_free(rr->run[i]);
	free(rr->run);
	free(rr);
}
