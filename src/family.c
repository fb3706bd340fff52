/* family.c - the table of model families and what is generic over it
 * (family.h). Adding a family: its file, and one line in ser_families. */
#include "ser/family.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "ser/dataset.h" /* SER_AROUSAL */
#include "ser/table.h"   /* ser_parse_double */

extern const ser_family ser_family_svr, ser_family_mlp, ser_family_ridge,
	ser_family_xgb;

const ser_family *const ser_families[] = {
	&ser_family_svr,
	&ser_family_mlp,
	&ser_family_ridge,
	&ser_family_xgb,
};
const int ser_n_families = (int)(sizeof ser_families / sizeof ser_families[0]);

const ser_family *ser_family_by_name(const char *name)
{
	for (int i = 0; i < ser_n_families; i++)
		if (!strcmp(ser_families[i]->name, name))
			return ser_families[i];
	return NULL;
}

const ser_family *ser_family_by_id(int id)
{
	for (int i = 0; i < ser_n_families; i++)
		if (ser_families[i]->id == id)
			return ser_families[i];
	return NULL;
}

void ser_family_names(char *buf, size_t size)
{
	size_t k = 0;
	buf[0] = '\0';
	for (int i = 0; i < ser_n_families && k < size; i++)
		k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? ", " : "",
				      ser_families[i]->name);
}

int ser_param_index(const ser_family *f, const char *name)
{
	for (int i = 0; i < f->n_params; i++)
		if (!strcmp(f->params[i].name, name) ||
		    (f->params[i].alias && !strcmp(f->params[i].alias, name)))
			return i;
	return -1;
}

void ser_spec_default(ser_spec *s, const ser_family *f)
{
	memset(s, 0, sizeof *s);
	s->family = f;
	if (f)
		f->defaults(s->p.bytes);
}

int ser_spec_set(ser_spec *s, int i, const char *text, ser_err *err)
{
	const ser_family *f = s->family;
	if (i < 0 || i >= f->n_params)
		return ser_fail(err, "%s has no parameter %d", f->name, i);
	if (f->set(s->p.bytes, i, text, err))
		return ser_fail_prefix(err, "--%s-%s", f->name, f->params[i].name);
	s->given |= 1u << i;
	return 0;
}

void ser_spec_get(const ser_spec *s, int i, char *buf, size_t size)
{
	s->family->get(s->p.bytes, i, buf, size);
}

void ser_spec_finish(ser_spec *s)
{
	if (s->family && s->family->finish)
		s->family->finish(s->p.bytes, s->given);
}

char *ser_spec_json(const ser_spec *s, ser_err *err)
{
	const ser_family *f = s->family;
	cJSON *o = cJSON_CreateObject();
	int ok = o && cJSON_AddStringToObject(o, "family", f ? f->name : "none");
	for (int i = 0; ok && f && i < f->n_params; i++) {
		char v[128];
		double x;
		ser_spec_get(s, i, v, sizeof v);
		int num = f->params[i].type != SER_PARAM_ENUM &&
			  f->params[i].type != SER_PARAM_BOOL &&
			  ser_parse_double(v, &x) == 0;
		ok = num ? cJSON_AddNumberToObject(o, f->params[i].name, x) != NULL
			 : cJSON_AddStringToObject(o, f->params[i].name, v) != NULL;
	}
	char *txt = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!txt)
		ser_fail(err, "out of memory");
	return txt;
}

uint64_t ser_fit_seed(uint64_t seed, int target, int fold)
{
	/* golden-ratio increments, as splitmix64 steps its state; arousal is
	 * index 0 and valence 1 (cv's default order, whose seeds stay) */
	uint64_t t = target == SER_AROUSAL ? 0 : 1;
	return seed + 0x9e3779b97f4a7c15ULL * (uint64_t)(1 + fold + 65536 * t);
}

int ser_spec_fit_predict(const ser_spec *s, const ser_fit_rows *rows,
			 uint64_t seed, const double *Xte, int m, double *out,
			 ser_fit_progress cb, void *ctx, ser_err *err)
{
	const ser_family *f = s->family;
	ser_fitted *fit = f->fit(s->p.bytes, rows, seed, NULL, cb, ctx, err);
	if (!fit)
		return -1;
	int rc = f->predict(fit, Xte, m, rows->d, out, err);
	f->free(fit);
	return rc;
}

float *ser_floats(const double *x, long n, ser_err *err)
{
	float *f = ser_malloc((size_t)(n ? n : 1) * sizeof *f, err);
	if (f)
		for (long i = 0; i < n; i++)
			f[i] = (float)x[i];
	return f;
}

int ser_param_double(const char *text, double *out, ser_err *err)
{
	if (ser_parse_double(text, out) != 0)
		return ser_fail(err, "'%s' is not a finite number", text);
	return 0;
}

int ser_param_int(const char *text, long lo, long hi, long *out,
		  ser_err *err)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (end == text || *end || errno || v < lo || v > hi)
		return ser_fail(err, "'%s' is not an integer in [%ld, %ld]", text,
				lo, hi);
	*out = v;
	return 0;
}
