/* train.c - data set -> model (see train.h). */
#include "ser/train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ser_train_opts_default(ser_train_opts *o, const ser_family *f)
{
	memset(o, 0, sizeof *o);
	ser_spec_default(&o->spec, f);
	o->targets[SER_VALENCE] = o->targets[SER_AROUSAL] = 1;
}

typedef struct epoch_ctx {
	ser_train_cb cb;
	void *ctx;
	ser_target t;
	int i, n;
} epoch_ctx;

static void on_epoch(void *p, int epoch, int epochs)
{
	epoch_ctx *e = p;
	e->cb(e->ctx, e->t, e->i, e->n, epoch, epochs);
}

ser_model *ser_train(const ser_dataset *ds, const ser_train_opts *o,
		     ser_train_cb cb, void *ctx, ser_err *err)
{
	if (ds->n < 2) {
		ser_fail(err, "training needs at least 2 labelled rows (got %d)",
			 ds->n);
		return NULL;
	}
	int want = 0;
	for (int t = 0; t < SER_N_TARGETS; t++) {
		if (!o->targets[t])
			continue;
		if (!ds->y[t]) {
			ser_fail(err, "no %s ratings in the training data",
				 ser_target_names[t]);
			return NULL;
		}
		want++;
	}
	if (!want) {
		ser_fail(err, "no target to train");
		return NULL;
	}
	const ser_family *f = o->spec.family;
	if (!f) {
		ser_fail(err, "no model family to train");
		return NULL;
	}
	char *note = NULL;
	ser_model *m = ser_model_new(ds->d, (const char *const *)ds->feat_names,
				     ds->space[0] ? ds->space : "unknown", err);
	double *Xn = m ? ser_malloc((size_t)ds->n * (size_t)ds->d * sizeof *Xn,
				    err) : NULL;
	if (!Xn)
		goto fail;
	ser_model_fit_normalizer(m, ds->X, ds->n);
	/* inputs outside the training range are held at its edge when the
	 * model predicts, as ser cv's per-fold scaling scores it (minmax.h) */
	m->flags |= SER_MODEL_CLAMP;
	for (int i = 0; i < ds->n; i++)
		ser_model_normalize(m, ds->X + (long)i * ds->d,
				    Xn + (long)i * ds->d);
	int done = 0;
	for (int t = 0; t < SER_N_TARGETS; t++) {
		if (!o->targets[t])
			continue;
		if (cb)
			cb(ctx, (ser_target)t, done, want, 0, 0);
		epoch_ctx ec = { cb, ctx, (ser_target)t, done, want };
		ser_fit_rows rows = { Xn, ds->y[t], ds->n, ds->d, NULL, NULL };
		const ser_spec *sp = o->spec_of[t] ? o->spec_of[t] : &o->spec;
		if (sp->family != f) {
			ser_fail(err, "%s: the tuned spec is not a %s",
				 ser_target_names[t], f->name);
			goto fail;
		}
		ser_spec fitted = *sp;
		ser_fitted *fit = f->fit(ser_spec_cparams(sp), &rows,
					 ser_fit_seed(o->seed, t, -1),
					 ser_spec_params(&fitted),
					 cb ? on_epoch : NULL, &ec, err);
		if (!fit)
			goto fail;
		ser_model_set(m, (ser_target)t, &fitted, fit);
		done++;
	}
	m->seed = o->seed;
	const char *data = o->data ? o->data : "";
	const char *fn = f->note ? f->note(ser_spec_cparams(&o->spec)) : NULL;
	if (fn) {
		size_t len = strlen(data) + strlen(fn) + 3;
		if (!(note = ser_malloc(len, err)))
			goto fail;
		snprintf(note, len, "%s%s%s", data, data[0] ? "; " : "", fn);
		data = note;
	}
	if (ser_model_set_str(&m->origin, "trained by ser train", err) ||
	    ser_model_set_str(&m->data, data, err) ||
	    ser_model_check(m, err))
		goto fail;
	free(note);
	free(Xn);
	return m;
fail:
	free(note);
	free(Xn);
	ser_model_free(m);
	return NULL;
}
