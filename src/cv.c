/* cv.c - the K-fold cross-validation engine; see cv.h. */
#include "ser/cv.h"

#include <stdlib.h>
#include <string.h>

#include "ser/folds.h"
#include "ser/metrics.h"

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
	s->mlp.dropout = 0.2f;
	s->mlp.opt = SER_OPT_RMSPROP;
	s->mlp.lr = 1e-3f;
	s->mlp.epochs = 10;
	s->mlp.batch = 1;
	s->mlp.seed = 0;
	s->mlp_hidden[0] = 50;
	s->mlp_hidden[1] = 20;
	s->mlp_n_hidden = 2;
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
} split;

/* Train one model on the split and predict its test rows into out. The one
 * place that knows the model kinds. K is the SVR's kernel over all rows
 * of the data set, shared by every fold and target (each kernel value is
 * computed once per CV instead of once per fit). */
static int fit_predict(const ser_model_spec *s, ser_svr_kernel *K,
		       const split *sp, double *out, ser_err *err)
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
	case SER_MODEL_MLP:
		/* plugged in with the MLP (mlp.h): float copies of the rows,
		 * ser_mlp_new/init(seed)/train/predict, widen the outputs */
		return ser_fail(err, "model 'mlp' is not available in this build");
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
	for (int m = 0; m < o->n_models; m++)
		r->kinds[m] = o->models[m].kind;
	for (int t = 0; t < o->n_targets; t++)
		r->targets[t] = o->targets[t];
	long cells = (long)o->n_models * o->n_targets;
	double *Xtr = NULL, *Xte = NULL, *ytr = NULL, *out = NULL;
	ser_svr_kernel *kern[SER_CV_MAX_MODELS] = { 0 };
	int *te_idx = NULL, *tr_idx = NULL;
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
	if (!r->fold_of || !r->r2 || !r->mse || !r->pred || !Xtr || !Xte ||
	    !ytr || !out || !te_idx || !tr_idx)
		goto fail;
	if (ser_kfold(n, k, o->shuffle, o->seed, r->fold_of, err) < 0)
		goto fail;
	for (int m = 0; m < o->n_models; m++)
		if (o->models[m].kind == SER_MODEL_SVR &&
		    !(kern[m] = ser_svr_kernel_new(ds->X, n, d, &o->models[m].svr,
						   err)))
			goto fail;
	int done = 0, total = (int)cells * k;
	for (int f = 0; f < k; f++) {
		/* rows of this split, in file order; the feature rows are
		 * gathered once per fold and shared by all models/targets */
		int ntr = 0, nte = 0;
		for (int i = 0; i < n; i++) {
			if (r->fold_of[i] == f) {
				memcpy(&Xte[(long)nte * d], &ds->X[(long)i * d],
				       (size_t)d * sizeof *Xte);
				te_idx[nte++] = i;
			} else {
				memcpy(&Xtr[(long)ntr * d], &ds->X[(long)i * d],
				       (size_t)d * sizeof *Xtr);
				tr_idx[ntr++] = i;
			}
		}
		for (int m = 0; m < o->n_models; m++)
			for (int t = 0; t < o->n_targets; t++) {
				const double *y = ds->y[o->targets[t]];
				for (int j = 0; j < ntr; j++)
					ytr[j] = y[tr_idx[j]];
				split sp = { Xtr, ytr, Xte, tr_idx, ntr, nte, d };
				if (fit_predict(&o->models[m], kern[m], &sp, out,
						err) < 0) {
					ser_fail_prefix(err, "cv: %s, %s, fold %d",
							ser_model_kind_name(o->models[m].kind),
							ser_target_names[o->targets[t]], f);
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
						    ser_model_kind_name(o->models[m].kind),
						    ser_target_names[o->targets[t]], f);
			}
	}
	free(Xtr);
	free(Xte);
	free(ytr);
	free(out);
	free(te_idx);
	free(tr_idx);
	for (int m = 0; m < o->n_models; m++)
		ser_svr_kernel_free(kern[m]);
	return r;
fail:
	free(Xtr);
	free(Xte);
	free(ytr);
	free(out);
	free(te_idx);
	free(tr_idx);
	for (int m = 0; m < o->n_models; m++)
		ser_svr_kernel_free(kern[m]);
	ser_cv_result_free(r);
	return NULL;
}

void ser_cv_summary(const ser_cv_result *r, int m, int t, double *r2_mean,
		    double *r2_std, double *mse_mean, double *mse_std)
{
	long c = ser_cv_at(r, m, t) * r->k;
	*r2_mean = ser_mean(&r->r2[c], r->k);
	*r2_std = ser_std(&r->r2[c], r->k);
	*mse_mean = ser_mean(&r->mse[c], r->k);
	*mse_std = ser_std(&r->mse[c], r->k);
}
