/* model.c - the in-memory model: construction, normalizer, prediction and
 * the consistency check shared by save and load (see model.h). */
#define _POSIX_C_SOURCE 200809L
#include "ser/model.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "minmax.h"
#include "ser/version.h"

const char *ser_reg_kind_name(ser_reg_kind k)
{
	switch (k) {
	case SER_REG_NONE: return "none";
	case SER_REG_SVR: return "svr";
	case SER_REG_MLP: return "mlp";
	}
	return "?";
}

int ser_model_set_str(char **field, const char *s, ser_err *err)
{
	char *c = ser_strdup(s ? s : "", err);
	if (!c)
		return -1;
	free(*field);
	*field = c;
	return 0;
}

/* The creation date stored in a model: now, or SOURCE_DATE_EPOCH when set
 * (reproducible-builds.org), so that the same inputs and --seed can give
 * the same bytes. A malformed value is ignored. */
static time_t model_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (s && *s >= '0' && *s <= '9') {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (!*end && !errno && (long long)(time_t)v == v)
			return (time_t)v;
	}
	return time(NULL);
}

ser_model *ser_model_new(int d, const char *const *feat_names,
			 const char *space, ser_err *err)
{
	if (d < 1) {
		ser_fail(err, "a model needs at least one feature (got %d)", d);
		return NULL;
	}
	if (strlen(space) >= sizeof ((ser_model *)0)->space) {
		ser_fail(err, "feature-space tag too long: '%s'", space);
		return NULL;
	}
	ser_model *m = ser_calloc(1, sizeof *m, err);
	if (!m)
		return NULL;
	m->d = d;
	strcpy(m->space, space);
	m->feat_names = ser_calloc((size_t)d, sizeof *m->feat_names, err);
	m->min = ser_calloc((size_t)d, sizeof *m->min, err);
	m->max = ser_calloc((size_t)d, sizeof *m->max, err);
	if (!m->feat_names || !m->min || !m->max)
		goto fail;
	for (int j = 0; j < d; j++) {
		if (!(m->feat_names[j] = ser_strdup(feat_names[j], err)))
			goto fail;
		m->max[j] = 1;
	}
	char date[32];
	time_t now = model_time();
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (ser_model_set_str(&m->origin, "", err) ||
	    ser_model_set_str(&m->norm_note, "", err) ||
	    ser_model_set_str(&m->data, "", err) ||
	    ser_model_set_str(&m->date, date, err) ||
	    ser_model_set_str(&m->version, SER_VERSION, err))
		goto fail;
	return m;
fail:
	ser_model_free(m);
	return NULL;
}

static void regressor_clear(ser_regressor *r)
{
	if (r->svr)
		ser_svr_free(r->svr);
	if (r->mlp)
		ser_mlp_free(r->mlp);
	memset(r, 0, sizeof *r);
}

void ser_model_free(ser_model *m)
{
	if (!m)
		return;
	if (m->feat_names)
		for (int j = 0; j < m->d; j++)
			free(m->feat_names[j]);
	free(m->feat_names);
	free(m->min);
	free(m->max);
	for (int t = 0; t < SER_N_TARGETS; t++)
		regressor_clear(&m->reg[t]);
	free(m->norm_note);
	free(m->origin);
	free(m->data);
	free(m->date);
	free(m->version);
	free(m);
}

void ser_model_fit_normalizer(ser_model *m, const double *X, int n)
{
	ser_minmax_fit(X, n, m->d, m->min, m->max);
}

void ser_model_set_svr(ser_model *m, ser_target t, ser_svr *svr,
		       const ser_svr_params *p)
{
	regressor_clear(&m->reg[t]);
	m->reg[t].kind = SER_REG_SVR;
	m->reg[t].svr = svr;
	m->reg[t].svr_params = *p;
}

void ser_model_set_mlp(ser_model *m, ser_target t, ser_mlp *mlp,
		       const ser_mlp_params *p)
{
	regressor_clear(&m->reg[t]);
	m->reg[t].kind = SER_REG_MLP;
	m->reg[t].mlp = mlp;
	m->reg[t].mlp_params = *p;
}

void ser_model_normalize(const ser_model *m, const double *x, double *xn)
{
	ser_minmax_apply(m->min, m->max, m->d, x, 1, xn);
	ser_model_clamp(m, xn, m->d);
}

void ser_model_clamp(const ser_model *m, double *xn, long n)
{
	if (!(m->flags & SER_MODEL_CLAMP))
		return;
	ser_minmax_clip(xn, n);
}

uint32_t ser_model_format_version(const ser_model *m)
{
	return m->flags || (m->norm_note && m->norm_note[0]) ? 2u : 1u;
}

double ser_model_predict_target(const ser_model *m, ser_target t,
				const double *xn)
{
	const ser_regressor *r = &m->reg[t];
	if (r->kind == SER_REG_SVR)
		return ser_svr_predict(r->svr, xn);
	if (r->kind == SER_REG_MLP) {
		/* the MLP computes in float, as Keras/TF.js do */
		float out = 0, *xf = malloc((size_t)m->d * sizeof *xf);
		if (!xf)
			return NAN;
		for (int j = 0; j < m->d; j++)
			xf[j] = (float)xn[j];
		int rc = ser_mlp_predict(r->mlp, xf, 1, &out, NULL);
		free(xf);
		return rc == 0 ? (double)out : NAN;
	}
	return NAN;
}

static int all_finite_d(const double *a, long n)
{
	for (long i = 0; i < n; i++)
		if (!isfinite(a[i]))
			return 0;
	return 1;
}

static int all_finite_f(const float *a, long n)
{
	for (long i = 0; i < n; i++)
		if (!isfinite(a[i]))
			return 0;
	return 1;
}

static int check_svr(const ser_svr *s, int d, const char *tn, ser_err *err)
{
	if (!s)
		return ser_fail(err, "%s: SVR missing", tn);
	if (s->d != d)
		return ser_fail(err, "%s: SVR takes %d features, the model has %d",
				tn, s->d, d);
	if (s->n_sv < 0)
		return ser_fail(err, "%s: negative support-vector count", tn);
	if (!isfinite(s->gamma) || s->gamma <= 0 || !isfinite(s->b))
		return ser_fail(err, "%s: SVR gamma/intercept not finite or gamma <= 0", tn);
	if (!all_finite_d(s->sv, (long)s->n_sv * d) ||
	    !all_finite_d(s->coef, s->n_sv))
		return ser_fail(err, "%s: SVR has NaN or Inf values", tn);
	return 0;
}

static int check_mlp(const ser_mlp *n, int d, const char *tn, ser_err *err)
{
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
		if (!all_finite_f(n->W[l], nw) ||
		    !all_finite_f(n->b[l], n->sizes[l + 1]))
			return ser_fail(err, "%s: MLP layer %d has NaN or Inf weights",
					tn, l + 1);
	}
	return 0;
}

int ser_model_check(const ser_model *m, ser_err *err)
{
	if (m->d < 1)
		return ser_fail(err, "model has %d features", m->d);
	if (!memchr(m->space, 0, sizeof m->space) || !m->space[0])
		return ser_fail(err, "model has no feature-space tag");
	for (int j = 0; j < m->d; j++) {
		if (!m->feat_names[j] || !m->feat_names[j][0])
			return ser_fail(err, "feature %d has no name", j + 1);
		if (!isfinite(m->min[j]) || !isfinite(m->max[j]) ||
		    m->max[j] < m->min[j])
			return ser_fail(err, "normalizer of '%s' is invalid "
					"(min %g, max %g)", m->feat_names[j],
					m->min[j], m->max[j]);
	}
	if (m->flags & ~SER_MODEL_FLAGS_KNOWN)
		return ser_fail(err, "unknown model flags 0x%x",
				(unsigned)(m->flags & ~SER_MODEL_FLAGS_KNOWN));
	int any = 0;
	for (int t = 0; t < SER_N_TARGETS; t++) {
		const ser_regressor *r = &m->reg[t];
		const char *tn = ser_target_names[t];
		switch (r->kind) {
		case SER_REG_NONE:
			continue;
		case SER_REG_SVR:
			if (check_svr(r->svr, m->d, tn, err))
				return -1;
			break;
		case SER_REG_MLP:
			if (check_mlp(r->mlp, m->d, tn, err))
				return -1;
			break;
		default:
			return ser_fail(err, "%s: unknown model kind %d", tn,
					(int)r->kind);
		}
		any = 1;
	}
	if (!any)
		return ser_fail(err, "model predicts neither valence nor arousal");
	return 0;
}
