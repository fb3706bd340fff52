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

const char *ser_model_family_name(const ser_model *m, ser_target t)
{
	const ser_family *f = m->reg[t].spec.family;
	return f ? f->name : "none";
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
	if (r->spec.family && r->fit)
		r->spec.family->free(r->fit);
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

void ser_model_set(ser_model *m, ser_target t, const ser_spec *spec,
		   ser_fitted *fit)
{
	regressor_clear(&m->reg[t]);
	m->reg[t].spec = *spec;
	m->reg[t].fit = fit;
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
	uint32_t v = m->flags || (m->norm_note && m->norm_note[0]) ? 2u : 1u;
	for (int t = 0; t < SER_N_TARGETS; t++)
		if (m->reg[t].spec.family && m->reg[t].spec.family->format > v)
			v = m->reg[t].spec.family->format;
	return v;
}

double ser_model_predict_target(const ser_model *m, ser_target t,
				const double *xn)
{
	const ser_regressor *r = &m->reg[t];
	double out;
	if (!r->spec.family ||
	    r->spec.family->predict(r->fit, xn, 1, m->d, &out, NULL))
		return NAN;
	return out;
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
		if (!r->spec.family)
			continue;
		if (r->spec.family->check(r->fit, m->d, ser_target_names[t], err))
			return -1;
		any = 1;
	}
	if (!any)
		return ser_fail(err, "model predicts neither valence nor arousal");
	return 0;
}
