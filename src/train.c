/* train.c - data set -> model (see train.h). */
#include "ser/train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ser_train_opts_default(ser_train_opts *o, ser_reg_kind kind)
{
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->targets[SER_VALENCE] = o->targets[SER_AROUSAL] = 1;
	ser_svr_params_default(&o->svr);
	ser_mlp_params_default(&o->mlp);
	o->hidden[0] = 50;
	o->hidden[1] = 20;
	o->n_hidden = 2;
}

typedef struct epoch_ctx {
	ser_train_cb cb;
	void *ctx;
	ser_target t;
	int i, n;
} epoch_ctx;

static void on_epoch(void *p, int epoch, int epochs, double loss)
{
	epoch_ctx *e = p;
	(void)loss;
	if (e->cb)
		e->cb(e->ctx, e->t, e->i, e->n, epoch, epochs);
}

static int fit_mlp(ser_model *m, ser_target t, const double *Xn,
		   const double *y, int n, const ser_train_opts *o,
		   epoch_ctx *ec, ser_err *err)
{
	int d = m->d;
	float *Xf = ser_malloc((size_t)n * (size_t)d * sizeof *Xf, err);
	float *yf = ser_malloc((size_t)n * sizeof *yf, err);
	ser_mlp *net = NULL;
	int rc = -1;
	if (!Xf || !yf)
		goto done;
	for (long i = 0; i < (long)n * d; i++)
		Xf[i] = (float)Xn[i];
	for (int i = 0; i < n; i++)
		yf[i] = (float)y[i];
	ser_mlp_params p = o->mlp;
	p.seed = o->seed;
	if (!(net = ser_mlp_new(d, o->hidden, o->n_hidden, err)))
		goto done;
	ser_mlp_init(net, p.seed);
	if (ser_mlp_train(net, Xf, yf, n, &p, on_epoch, ec, err))
		goto done;
	ser_model_set_mlp(m, t, net, &p);
	net = NULL;
	rc = 0;
done:
	ser_mlp_free(net);
	free(Xf);
	free(yf);
	return rc;
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
	if (o->kind != SER_REG_SVR && o->kind != SER_REG_MLP) {
		ser_fail(err, "unknown model kind %d", (int)o->kind);
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
		if (o->kind == SER_REG_SVR) {
			ser_svr *s = ser_svr_train(Xn, ds->y[t], ds->n, ds->d,
						   &o->svr, err);
			if (!s)
				goto fail;
			ser_model_set_svr(m, (ser_target)t, s, &o->svr);
		} else if (fit_mlp(m, (ser_target)t, Xn, ds->y[t], ds->n, o,
				   &ec, err)) {
			goto fail;
		}
		done++;
	}
	m->seed = o->seed;
	/* The .ser format has no field for RMSprop's eps placement (mlp.h)
	 * and adding one would stop older ser builds reading new models, so
	 * it is recorded in the provenance text, where ser info shows it. */
	const char *data = o->data ? o->data : "";
	if (o->kind == SER_REG_MLP && o->mlp.opt == SER_OPT_RMSPROP) {
		size_t len = strlen(data) + 64;
		if (!(note = ser_malloc(len, err)))
			goto fail;
		snprintf(note, len, "%s%sRMSprop eps %s the sqrt", data,
			 data[0] ? "; " : "",
			 ser_mlp_eps_name(o->mlp.rmsprop_eps_inside));
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
