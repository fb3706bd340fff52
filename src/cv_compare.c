/* cv_compare.c - what turns a CV run into an A/B: paired per-fold
 * comparison of two models, and repeated K-fold over consecutive seeds. */
#include "ser/cv.h"

#include <stdlib.h>
#include <string.h>

int ser_cv_paired(const ser_cv_result *r, int a, int b, int t, int mse,
		  ser_paired *out, ser_err *err)
{
	if (a < 0 || b < 0 || a >= r->n_models || b >= r->n_models || t < 0 ||
	    t >= r->n_targets)
		return ser_fail(err, "cv: no such model or target to compare");
	if (!ser_cv_same_folds(r, a, b))
		return ser_fail(err, "cv: %s and %s were scored on different folds; "
				"a paired comparison needs the same folds",
				ser_cv_model_name(r, a),
				ser_cv_model_name(r, b));
	const double *s = mse ? r->mse : r->r2;
	return ser_paired_compare(&s[ser_cv_at(r, a, t) * r->k],
				  &s[ser_cv_at(r, b, t) * r->k], r->k, out, err);
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
