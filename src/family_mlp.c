/* family_mlp.c - the dropout MLP (mlp.h) as a model family (family.h). The
 * one place an MLP is fitted: cv and train both come through here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_codec.h"
#include "ser/mlp.h"

static const ser_param params[] = {
	{ "layers", SER_PARAM_LAYERS, "LIST", "50,20",
	  "hidden layer sizes (default 50,20)", "hidden" },
	{ "dropout", SER_PARAM_DOUBLE, "X", "0.2",
	  "dropout rate after each hidden layer (default 0.2)", NULL },
	{ "optimizer", SER_PARAM_ENUM, "NAME", "rmsprop",
	  "rmsprop (default), adam or sgd", NULL },
	{ "lr", SER_PARAM_DOUBLE, "X", "0.001",
	  "learning rate (default 0.001; sgd 0.01)", NULL },
	{ "epochs", SER_PARAM_INT, "N", "10", "epochs (default 10)", NULL },
	{ "batch", SER_PARAM_INT, "N", "1", "mini-batch size (default 1)", NULL },
	{ "rmsprop-eps", SER_PARAM_ENUM, "outside|inside", "outside",
	  "where RMSprop adds eps (1e-7): outside (default),\n"
	  "w -= lr g / (sqrt(ms) + eps), is what Keras 2.8's\n"
	  "RMSprop computes; inside, w -= lr g / sqrt(ms + eps),\n"
	  "is what TF.js and tf.raw_ops.ApplyRMSProp compute\n"
	  "(and what THESIS.md states; see docs/ab.md)", NULL },
};
enum { P_LAYERS, P_DROPOUT, P_OPT, P_LR, P_EPOCHS, P_BATCH, P_EPS };

_Static_assert(sizeof(ser_mlp_spec) <= SER_SPEC_BYTES, "spec too small");

static void defaults(void *pp)
{
	ser_mlp_spec *s = pp;
	memset(s, 0, sizeof *s);
	/* the thesis's Keras protocol B (mlp.h documents the fields) */
	ser_mlp_params_default(&s->p);
	s->hidden[0] = 50;
	s->hidden[1] = 20;
	s->n_hidden = 2;
}

/* "50,20" into hidden[]: the count, or -1 for anything but 1 to
 * SER_MLP_MAX_LAYERS-1 positive sizes separated by single commas. */
static int parse_layers(const char *s, int *hidden)
{
	int n = 0;
	const char *p = s;
	if (!*p)
		return -1;
	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 1 || v > 100000 || n == SER_MLP_MAX_LAYERS - 1 ||
		    (*end && (*end != ',' || !end[1])))
			return -1;
		hidden[n++] = (int)v;
		p = *end ? end + 1 : end;
	}
	return n;
}

static int set(void *pp, int i, const char *text, ser_err *err)
{
	ser_mlp_spec *s = pp;
	double dv;
	long lv;
	int v, hidden[SER_MLP_MAX_LAYERS];
	switch (i) {
	case P_LAYERS:
		if ((v = parse_layers(text, hidden)) < 0)
			return ser_fail(err, "'%s' is not a list of 1 to %d "
					"positive sizes like 50,20", text,
					SER_MLP_MAX_LAYERS - 1);
		memcpy(s->hidden, hidden, (size_t)v * sizeof *hidden);
		s->n_hidden = v;
		return 0;
	case P_DROPOUT:
		if (ser_param_double(text, &dv, err))
			return -1;
		if (!(dv >= 0 && dv < 1))
			return ser_fail(err, "must be in [0, 1)");
		s->p.dropout = (float)dv;
		return 0;
	case P_OPT:
		if ((v = ser_mlp_opt_from_name(text)) < 0)
			return ser_fail(err, "'%s' is not rmsprop, adam or sgd", text);
		s->p.opt = (ser_mlp_opt)v;
		return 0;
	case P_LR:
		if (ser_param_double(text, &dv, err))
			return -1;
		if (!(dv > 0 && dv < 1e6))
			return ser_fail(err, "must be > 0 (and < 1e6)");
		s->p.lr = (float)dv;
		return 0;
	case P_EPOCHS:
		if (ser_param_int(text, 1, 1000000, &lv, err))
			return -1;
		s->p.epochs = (int)lv;
		return 0;
	case P_BATCH:
		if (ser_param_int(text, 1, 100000000, &lv, err))
			return -1;
		s->p.batch = (int)lv;
		return 0;
	case P_EPS:
		if ((v = ser_mlp_eps_from_name(text)) < 0)
			return ser_fail(err, "'%s' is not outside or inside", text);
		s->p.rmsprop_eps_inside = v;
		return 0;
	}
	return ser_fail(err, "no such parameter");
}

static void get(const void *pp, int i, char *buf, size_t n)
{
	const ser_mlp_spec *s = pp;
	switch (i) {
	case P_LAYERS: {
		size_t k = 0;
		buf[0] = '\0';
		for (int l = 0; l < s->n_hidden && k < n; l++)
			k += (size_t)snprintf(buf + k, n - k, "%s%d", l ? "," : "",
					      s->hidden[l]);
		break;
	}
	case P_DROPOUT: snprintf(buf, n, "%.9g", (double)s->p.dropout); break;
	case P_OPT: snprintf(buf, n, "%s", ser_mlp_opt_name(s->p.opt)); break;
	case P_LR: snprintf(buf, n, "%.9g", (double)s->p.lr); break;
	case P_EPOCHS: snprintf(buf, n, "%d", s->p.epochs); break;
	case P_BATCH: snprintf(buf, n, "%d", s->p.batch); break;
	case P_EPS:
		snprintf(buf, n, "%s", ser_mlp_eps_name(s->p.rmsprop_eps_inside));
		break;
	default: snprintf(buf, n, "?");
	}
}

/* Without an explicit learning rate, the optimizer's Keras default. */
static void finish(void *pp, uint32_t given)
{
	ser_mlp_spec *s = pp;
	if (!(given & (1u << P_LR)))
		s->p.lr = ser_mlp_default_lr(s->p.opt);
}

typedef struct epoch_ctx {
	ser_fit_progress cb;
	void *ctx;
} epoch_ctx;

static void on_epoch(void *p, int epoch, int epochs, double loss)
{
	epoch_ctx *e = p;
	(void)loss;
	e->cb(e->ctx, epoch, epochs);
}

static ser_fitted *fit(const void *pp, const ser_fit_rows *r, uint64_t seed,
		       void *fitted_p, ser_fit_progress cb, void *ctx,
		       ser_err *err)
{
	ser_mlp_spec s = *(const ser_mlp_spec *)pp;
	s.p.seed = seed;
	ser_mlp *net = ser_mlp_new(r->d, s.hidden, s.n_hidden, err);
	float *Xf = net ? ser_floats(r->X, (long)r->n * r->d, err) : NULL;
	float *yf = Xf ? ser_floats(r->y, r->n, err) : NULL;
	epoch_ctx ec = { cb, ctx };
	int ok = 0;
	if (yf) {
		ser_mlp_init(net, seed);
		ok = ser_mlp_train(net, Xf, yf, r->n, &s.p, cb ? on_epoch : NULL,
				   &ec, err) == 0;
	}
	free(Xf);
	free(yf);
	if (!ok) {
		ser_mlp_free(net);
		return NULL;
	}
	if (fitted_p)
		memcpy(fitted_p, &s, sizeof s);
	return net;
}

/* The MLP computes in float, as Keras/TF.js do. */
static int predict(const ser_fitted *f, const double *X, int n, int d,
		   double *out, ser_err *err)
{
	if (n < 1)
		return 0;
	float *Xf = ser_floats(X, (long)n * d, err);
	float *yf = Xf ? ser_malloc((size_t)n * sizeof *yf, err) : NULL;
	int rc = -1;
	if (yf && ser_mlp_predict(f, Xf, n, yf, err) == 0) {
		for (int i = 0; i < n; i++)
			out[i] = yf[i];
		rc = 0;
	}
	free(Xf);
	free(yf);
	return rc;
}

static void free_fit(ser_fitted *f)
{
	ser_mlp_free(f);
}

static int all_finite(const float *a, long n)
{
	for (long i = 0; i < n; i++)
		if (!isfinite(a[i]))
			return 0;
	return 1;
}

static int check(const ser_fitted *f, int d, const char *tn, ser_err *err)
{
	const ser_mlp *n = f;
	if (!n)
		return ser_fail(err, "%s: MLP missing", tn);
	if (n->n_layers < 1 || n->n_layers > SER_MLP_MAX_LAYERS)
		return ser_fail(err, "%s: MLP has %d layers (1..%d allowed)", tn,
				n->n_layers, SER_MLP_MAX_LAYERS);
	if (n->sizes[0] != d)
		return ser_fail(err, "%s: MLP takes %d features, the model has %d",
				tn, n->sizes[0], d);
	if (n->sizes[n->n_layers] != 1)
		return ser_fail(err, "%s: MLP has %d outputs, not 1", tn,
				n->sizes[n->n_layers]);
	for (int l = 0; l < n->n_layers; l++) {
		if (n->sizes[l + 1] < 1)
			return ser_fail(err, "%s: MLP layer %d has %d units", tn,
					l + 1, n->sizes[l + 1]);
		long nw = (long)n->sizes[l] * n->sizes[l + 1];
		if (!all_finite(n->W[l], nw) || !all_finite(n->b[l], n->sizes[l + 1]))
			return ser_fail(err, "%s: MLP layer %d has NaN or Inf weights",
					tn, l + 1);
	}
	return 0;
}

/* f32 dropout, u32 optimizer, f32 lr, u32 epochs, u32 batch, u64 seed,
 * u32 n_layers, (n_layers+1) x u32 sizes, per layer: sizes[l]*sizes[l+1]
 * x f32 kernel, sizes[l+1] x f32 bias. The hidden sizes are the state's. */
static void save(ser_wbuf *b, const void *pp, const ser_fitted *f, int d)
{
	const ser_mlp_params *p = &((const ser_mlp_spec *)pp)->p;
	(void)d;
	ser_put_f32(b, p->dropout);
	ser_put_u32(b, (uint32_t)p->opt);
	ser_put_f32(b, p->lr);
	ser_put_u32(b, (uint32_t)p->epochs);
	ser_put_u32(b, (uint32_t)p->batch);
	ser_put_u64(b, p->seed);
	const ser_mlp *m = f;
	ser_put_u32(b, (uint32_t)m->n_layers);
	for (int l = 0; l <= m->n_layers; l++)
		ser_put_u32(b, (uint32_t)m->sizes[l]);
	for (int l = 0; l < m->n_layers; l++) {
		long nw = (long)m->sizes[l] * m->sizes[l + 1];
		for (long i = 0; i < nw; i++)
			ser_put_f32(b, m->W[l][i]);
		for (int i = 0; i < m->sizes[l + 1]; i++)
			ser_put_f32(b, m->b[l][i]);
	}
}

#define MAX_UNITS 100000     /* sanity bound against corrupt sizes */

static ser_fitted *load(ser_rbuf *r, void *pp, int d, const char *tn)
{
	ser_mlp_spec *s = pp;
	ser_mlp_params *p = &s->p;
	p->dropout = ser_get_f32(r, "MLP dropout");
	uint32_t opt = ser_get_u32(r, "MLP optimizer");
	p->lr = ser_get_f32(r, "MLP learning rate");
	p->epochs = (int)ser_get_u32(r, "MLP epochs");
	p->batch = (int)ser_get_u32(r, "MLP batch");
	p->seed = ser_get_u64(r, "MLP seed");
	uint32_t nl = ser_get_u32(r, "MLP layer count");
	if (r->bad)
		return NULL;
	if (opt > SER_OPT_SGD) {
		ser_rbuf_fail(r, "%s: unknown MLP optimizer %ld", tn, (long)opt);
		return NULL;
	}
	p->opt = (ser_mlp_opt)opt;
	if (nl < 1 || nl > SER_MLP_MAX_LAYERS) {
		ser_rbuf_fail(r, "%s: MLP has %ld layers", tn, (long)nl);
		return NULL;
	}
	int sizes[SER_MLP_MAX_LAYERS + 1];
	uint64_t need = 0;
	for (uint32_t l = 0; l <= nl; l++) {
		uint32_t n = ser_get_u32(r, "MLP sizes");
		if (r->bad)
			return NULL;
		if (n < 1 || n > MAX_UNITS) {
			ser_rbuf_fail(r, "%s: MLP layer size %ld out of range", tn,
				      (long)n);
			return NULL;
		}
		sizes[l] = (int)n;
		if (l > 0)
			need += 4u * ((uint64_t)sizes[l - 1] * n + n);
	}
	if (sizes[0] != d) {
		ser_rbuf_fail(r, "%s: MLP takes %d inputs, the model has %d "
			      "features", tn, sizes[0], d);
		return NULL;
	}
	if (sizes[nl] != 1) {
		ser_rbuf_fail(r, "%s: MLP has %d outputs, not 1", tn, sizes[nl]);
		return NULL;
	}
	if (need > ser_rbuf_left(r)) {
		ser_rbuf_fail(r, "%s: MLP weights (%ld bytes) do not fit in the "
			      "file", tn, (long)need);
		return NULL;
	}
	ser_mlp *m = ser_mlp_new(d, sizes + 1, (int)nl - 1, r->err);
	if (!m) {
		r->bad = 1;
		return NULL;
	}
	s->n_hidden = (int)nl - 1;
	memcpy(s->hidden, sizes + 1, (size_t)s->n_hidden * sizeof *sizes);
	for (uint32_t l = 0; l < nl; l++) {
		long nw = (long)sizes[l] * sizes[l + 1];
		for (long i = 0; i < nw; i++)
			m->W[l][i] = ser_get_f32(r, "MLP weights");
		for (int i = 0; i < sizes[l + 1]; i++)
			m->b[l][i] = ser_get_f32(r, "MLP biases");
	}
	return m;
}

static void describe(const void *pp, const ser_fitted *f, char *st,
		     size_t ns, char *pa, size_t np)
{
	const ser_mlp_params *p = &((const ser_mlp_spec *)pp)->p;
	const ser_mlp *m = f;
	size_t k = (size_t)snprintf(st, ns, "(dense network): ");
	for (int l = 0; l <= m->n_layers && k < ns; l++)
		k += (size_t)snprintf(st + k, ns - k, "%s%d", l ? " -> " : "",
				      m->sizes[l]);
	if (k < ns)
		snprintf(st + k, ns - k, ", ReLU hidden, linear output, %ld "
			 "parameters", ser_mlp_n_params(m));
	if (p->epochs > 0)
		snprintf(pa, np, "optimizer %s, lr %g, dropout %g, epochs %d, "
			 "batch %d, seed %llu", ser_mlp_opt_name(p->opt),
			 (double)p->lr, (double)p->dropout, p->epochs, p->batch,
			 (unsigned long long)p->seed);
	else /* imported: only the architecture's dropout is known */
		snprintf(pa, np, "dropout %g; training settings not recorded",
			 (double)p->dropout);
}

/* The .ser format has no field for RMSprop's eps placement (mlp.h) and
 * adding one would stop older ser builds reading new models, so it is
 * recorded in the provenance text, where ser info shows it. */
static const char *note(const void *pp)
{
	const ser_mlp_params *p = &((const ser_mlp_spec *)pp)->p;
	if (p->opt != SER_OPT_RMSPROP)
		return NULL;
	return p->rmsprop_eps_inside ? "RMSprop eps inside the sqrt"
				     : "RMSprop eps outside the sqrt";
}

const ser_family ser_family_mlp = {
	SER_FAMILY_MLP, "mlp",
	"MLP (dense ReLU layers, inverted dropout, linear output, MSE; Keras\n"
	"semantics; defaults are the thesis's)", 1,
	params, (int)(sizeof params / sizeof params[0]), sizeof(ser_mlp_spec),
	defaults, set, get, finish, NULL, NULL, fit, predict, free_fit,
	check, save, load, describe, note, NULL
};
