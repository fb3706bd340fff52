/* cv.c - the K-fold cross-validation engine; see cv.h. */
#include "ser/cv.h"

#include <stdlib.h>
#include <string.h>

#include "ser/folds.h"
#include "ser/metrics.h"
#include "ser/minmax.h"

static const char *const kind_name[] = { "svr", "mlp" };
#define N_KINDS (int)(sizeof kind_name / sizeof kind_name[0])

int ser_model_kind_from_name(const char *name)
{
	for (int i = 0; i < N_KINDS; i++)
		if (strcmp(name, kind_name[i]) == 0)
			return i;
	return -1;
}

const char *ser_model_kind_name(ser_model_kind kind)
{
	return (int)kind >= 0 && (int)kind < N_KINDS ? kind_name[kind] : "?";
}

void ser_model_spec_default(ser_model_spec *s, ser_model_kind kind)
{
	memset(s, 0, sizeof *s);
	s->kind = kind;
	ser_svr_params_default(&s->svr);
	/* the thesis's Keras protocol B (mlp.h documents the fields) */
	ser_mlp_params_default(&s->mlp);
	s->mlp_hidden[0] = 50;
	s->mlp_hidden[1] = 20;
	s->mlp_n_hidden = 2;
	s->shuffle = -1;
}

uint64_t ser_cv_mlp_seed(uint64_t seed, int t, int f)
{
	/* golden-ratio increments, as splitmix64 steps its state */
	return seed + 0x9e3779b97f4a7c15ULL * (uint64_t)(1 + f + 65536 * t);
}

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
	ser_model_spec_default(&o->models[0], SER_MODEL_SVR);
	o->n_targets = 2;
	o->targets[0] = SER_AROUSAL;
	o->targets[1] = SER_VALENCE;
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

/* One training/test split as the models see it: the rows gathered into
 * Xtr/Xte, their indices in the data set, the training targets. */
typedef struct split {
	const double *Xtr, *ytr, *Xte;
	const int *tr_idx;
	int ntr, nte, d;
	int t;          /* the target's seed index (ser_cv_mlp_seed) */
} split;

/* Where an MLP fit reports its epochs: the CV's callback plus the fold's
 * coordinates. */
typedef struct epoch_ctx {
	const ser_cv_opts *o;
	int done, total, fold;
	const char *model, *target;
} epoch_ctx;

static void on_epoch(void *ctx, int epoch, int epochs, double loss)
{
	(void)loss;
	const epoch_ctx *e = ctx;
	e->o->epoch_progress(e->o->progress_ctx, e->done, e->total, e->model,
			     e->target, e->fold, epoch, epochs);
}

/* Train one model on the split and predict its test rows into out. The one
 * place that knows the model kinds. K is the SVR's kernel over all rows
 * of the data set, shared by every fold and target (each kernel value is
 * computed once per CV instead of once per fit). */
static int fit_predict(const ser_model_spec *s, ser_svr_kernel *K,
		       const split *sp, double *out, epoch_ctx *ec,
		       ser_err *err)
{
	switch (s->kind) {
	case SER_MODEL_SVR: {
		ser_svr *m = K ? ser_svr_train_rows(K, sp->tr_idx, sp->ntr,
						    sp->ytr, &s->svr, err)
			       : ser_svr_train(sp->Xtr, sp->ytr, sp->ntr, sp->d,
					       &s->svr, err);
		if (!m)
			return -1;
		ser_svr_predict_batch(m, sp->Xte, sp->nte, out);
		ser_svr_free(m);
		return 0;
	}
	case SER_MODEL_MLP: {
		ser_mlp_params p = s->mlp;
		p.seed = ser_cv_mlp_seed(s->mlp.seed, sp->t, ec->fold);
		return ser_mlp_fit_predict(s->mlp_hidden, s->mlp_n_hidden, &p,
					   sp->Xtr, sp->ytr, sp->ntr, sp->d,
					   sp->Xte, sp->nte, out,
					   ec->o->epoch_progress ? on_epoch : NULL,
					   ec, err);
	}
	}
	return ser_fail(err, "unknown model kind %d", (int)s->kind);
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
	r->normalize = o->normalize != SER_CV_NORM_AUTO ? o->normalize
		: strcmp(ds->space, SER_SPACE_EMO) ? SER_CV_NORM_FOLD
		: SER_CV_NORM_NONE;
	int fold_norm = r->normalize == SER_CV_NORM_FOLD;
	for (int m = 0; m < o->n_models; m++)
		r->kinds[m] = o->models[m].kind;
	for (int t = 0; t < o->n_targets; t++)
		r->targets[t] = o->targets[t];
	long cells = (long)o->n_models * o->n_targets;
	double *Xtr = NULL, *Xte = NULL, *ytr = NULL, *out = NULL;
	double *lo = NULL, *hi = NULL;
	ser_svr_kernel *kern[SER_CV_MAX_MODELS] = { 0 };
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
		int sh = o->models[m].shuffle;
		r->model_shuffle[m] = sh < 0 ? o->shuffle : sh != 0;
		if (r->model_shuffle[m] == (o->shuffle != 0))
			continue;
		r->model_fold_of[m] = ser_malloc((size_t)n * sizeof(int), err);
		if (!r->model_fold_of[m] ||
		    ser_kfold(n, k, r->model_shuffle[m], o->seed,
			      r->model_fold_of[m], err) < 0)
			goto fail;
	}
	/* the shared kernel is over the unscaled rows: with per-fold scaling
	 * every fold trains on its own kernel */
	for (int m = 0; m < o->n_models && !fold_norm; m++)
		if (o->models[m].kind == SER_MODEL_SVR &&
		    !(kern[m] = ser_svr_kernel_new(ds->X, n, d, &o->models[m].svr,
						   err)))
			goto fail;
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
				const char *mname = ser_model_kind_name(o->models[m].kind);
				for (int t = 0; t < o->n_targets; t++) {
					const double *y = ds->y[o->targets[t]];
					const char *tname = ser_target_names[o->targets[t]];
					for (int j = 0; j < ntr; j++)
						ytr[j] = y[tr_idx[j]];
					/* seed by the target itself, not its place
					 * in o->targets: otherwise valence's MLPs
					 * would change with whether arousal was
					 * also asked for. 0 arousal, 1 valence:
					 * the default order, whose seeds stay. */
					int seed_t = o->targets[t] == SER_AROUSAL ? 0 : 1;
					split sp = { Xtr, ytr, Xte, tr_idx, ntr, nte, d,
						     seed_t };
					epoch_ctx ec = { o, done, total, f, mname, tname };
					if (fit_predict(&o->models[m], kern[m], &sp, out,
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
		ser_svr_kernel_free(kern[m]);
	if (!ok) {
		ser_cv_result_free(r);
		r = NULL;
	}
	return r;
}
