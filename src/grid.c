/* grid.c - hyper-parameter grids; see grid.h. */
#include "ser/grid.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "ser/rng.h"
#include "ser/table.h"   /* ser_parse_double */

ser_grid *ser_grid_new(const ser_spec *base, ser_err *err)
{
	ser_grid *g = ser_calloc(1, sizeof *g, err);
	if (!g)
		return NULL;
	g->base = *base;
	g->n_points = 1;
	return g;
}

static void dim_free(ser_grid_dim *d)
{
	for (int v = 0; v < d->n; v++)
		free(d->values[v]);
	free(d->values);
	memset(d, 0, sizeof *d);
}

void ser_grid_free(ser_grid *g)
{
	if (!g)
		return;
	for (int j = 0; j < g->n_dims; j++)
		dim_free(&g->dim[j]);
	free(g->points);
	free(g);
}

static long product(const ser_grid *g)
{
	long n = 1;
	for (int j = 0; j < g->n_dims; j++)
		n *= g->dim[j].n;
	return n;
}

ser_grid *ser_grid_copy(const ser_grid *g, ser_err *err)
{
	ser_grid *c = ser_grid_new(&g->base, err);
	if (!c)
		return NULL;
	for (int j = 0; j < g->n_dims; j++) {
		ser_grid_dim *d = &c->dim[c->n_dims++];
		d->param = g->dim[j].param;
		d->values = ser_calloc((size_t)g->dim[j].n, sizeof(char *), err);
		if (!d->values)
			goto fail;
		for (; d->n < g->dim[j].n; d->n++)
			if (!(d->values[d->n] = ser_strdup(g->dim[j].values[d->n], err)))
				goto fail;
	}
	c->n_points = g->n_points;
	if (g->points) {
		c->points = ser_malloc((size_t)g->n_points * sizeof(long), err);
		if (!c->points)
			goto fail;
		memcpy(c->points, g->points, (size_t)g->n_points * sizeof(long));
	}
	return c;
fail:
	ser_grid_free(c);
	return NULL;
}

int ser_grid_is_list(const ser_family *f, int i, const char *text)
{
	if (f->params[i].type == SER_PARAM_LAYERS)
		return strchr(text, '/') != NULL;
	return strchr(text, ',') != NULL || strstr(text, "..") != NULL;
}

static int push(ser_grid_dim *d, const char *text, ser_err *err)
{
	if (d->n == SER_GRID_MAX_VALUES)
		return ser_fail(err, "more than %d values", SER_GRID_MAX_VALUES);
	char **v = realloc(d->values, (size_t)(d->n + 1) * sizeof *v);
	if (!v)
		return ser_fail(err, "out of memory");
	d->values = v;
	if (!(v[d->n] = ser_strdup(text, err)))
		return -1;
	d->n++;
	return 0;
}

/* "B^E1..B^E2[:S]" into d; 0 when item is no range, 1 when added. */
static int range(ser_grid_dim *d, const char *item, ser_err *err)
{
	const char *dots = strstr(item, "..");
	if (!dots)
		return 0;
	char a[64], b[64], st[64] = "1";
	const char *colon = strchr(dots, ':');
	size_t la = (size_t)(dots - item);
	size_t lb = colon ? (size_t)(colon - dots - 2) : strlen(dots + 2);
	if (la >= sizeof a || lb >= sizeof b ||
	    (colon && strlen(colon + 1) >= sizeof st))
		return ser_fail(err, "'%s' is not a range B^E1..B^E2[:S]", item);
	memcpy(a, item, la);
	a[la] = '\0';
	memcpy(b, dots + 2, lb);
	b[lb] = '\0';
	if (colon)
		strcpy(st, colon + 1);
	char *ca = strchr(a, '^'), *cb = strchr(b, '^');
	double ba, ea, bb, eb, step;
	if (!ca || !cb)
		return ser_fail(err, "'%s' is not a range B^E1..B^E2[:S]", item);
	*ca = *cb = '\0';
	if (ser_parse_double(a, &ba) || ser_parse_double(ca + 1, &ea) ||
	    ser_parse_double(b, &bb) || ser_parse_double(cb + 1, &eb) ||
	    ser_parse_double(st, &step) || ba != bb || !(ba > 0) ||
	    !(step > 0) || eb < ea)
		return ser_fail(err, "'%s' is not a range B^E1..B^E2[:S] (same base "
				"B > 0, E1 <= E2, step S > 0)", item);
	long n = (long)floor((eb - ea) / step + 1e-9) + 1;
	if (n > SER_GRID_MAX_VALUES)
		return ser_fail(err, "'%s' has more than %d values", item,
				SER_GRID_MAX_VALUES);
	for (long i = 0; i < n; i++) {
		/* the shortest text that reads back as the same double:
		 * 10^-1 is "0.1", not "0.10000000000000001" */
		char v[64];
		double x = pow(ba, ea + (double)i * step), back;
		/* at least the integer digits: 100, not 1e+02 */
		int prec = fabs(x) >= 1 ? (int)floor(log10(fabs(x))) + 1 : 1;
		for (prec = prec > 17 ? 17 : prec; prec <= 17; prec++) {
			snprintf(v, sizeof v, "%.*g", prec, x);
			if (ser_parse_double(v, &back) == 0 && back == x)
				break;
		}
		if (push(d, v, err) < 0)
			return -1;
	}
	return 1;
}

int ser_grid_add(ser_grid *g, int i, const char *list, ser_err *err)
{
	const ser_family *f = g->base.family;
	const char *sep = f->params[i].type == SER_PARAM_LAYERS ? "/" : ",";
	ser_grid_dim d = { i, 0, NULL };
	char *buf = ser_strdup(list, err), *save = NULL;
	if (!buf)
		return -1;
	int rc = -1;
	for (char *it = strtok_r(buf, sep, &save); it;
	     it = strtok_r(NULL, sep, &save)) {
		int r = range(&d, it, err);
		if (r < 0 || (r == 0 && push(&d, it, err) < 0))
			goto out;
	}
	if (d.n == 0) {
		ser_fail(err, "'%s' holds no value", list);
		goto out;
	}
	/* every value must be one the option takes */
	for (int v = 0; v < d.n; v++) {
		ser_spec s = g->base;
		if (ser_spec_set(&s, i, d.values[v], err) < 0)
			goto out;
	}
	int j = 0;
	while (j < g->n_dims && g->dim[j].param != i)
		j++;
	if (j == SER_GRID_MAX_DIMS) {
		ser_fail(err, "more than %d grid dimensions", SER_GRID_MAX_DIMS);
		goto out;
	}
	if (j < g->n_dims)
		dim_free(&g->dim[j]);
	else
		g->n_dims++;
	g->dim[j] = d;
	d.values = NULL;
	d.n = 0;
	/* dimensions in parameter order, whatever the command line's */
	for (int a = 1; a < g->n_dims; a++)
		for (int b = a; b > 0 && g->dim[b - 1].param > g->dim[b].param; b--) {
			ser_grid_dim t = g->dim[b];
			g->dim[b] = g->dim[b - 1];
			g->dim[b - 1] = t;
		}
	long np = product(g);
	if (np > SER_GRID_MAX_POINTS) {
		ser_fail(err, "the grid has %ld points, more than %d", np,
			 SER_GRID_MAX_POINTS);
		goto out;
	}
	free(g->points);
	g->points = NULL;
	g->n_points = (int)np;
	rc = 0;
out:
	if (rc < 0)
		ser_fail_prefix(err, "--%s-%s", f->name, f->params[i].name);
	dim_free(&d);
	free(buf);
	return rc;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

int ser_grid_random(ser_grid *g, int n, uint64_t seed, ser_err *err)
{
	long np = product(g);
	if (n >= np)
		return 0;
	long *idx = ser_malloc((size_t)np * sizeof *idx, err);
	if (!idx)
		return -1;
	for (long i = 0; i < np; i++)
		idx[i] = i;
	/* partial Fisher-Yates: the first n of a seeded shuffle */
	ser_rng r;
	ser_rng_seed(&r, seed);
	for (long i = 0; i < n; i++) {
		long j = i + (long)ser_rng_below(&r, (uint64_t)(np - i));
		long t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
	qsort(idx, (size_t)n, sizeof *idx, cmp_long);
	free(g->points);
	g->points = idx;
	g->n_points = n;
	return 0;
}

/* Index of dimension j's value at point p. */
static int value_index(const ser_grid *g, int p, int j)
{
	long q = g->points ? g->points[p] : p;
	for (int b = g->n_dims - 1; b > j; b--)
		q /= g->dim[b].n;
	return (int)(q % g->dim[j].n);
}

const char *ser_grid_value(const ser_grid *g, int p, int j)
{
	return g->dim[j].values[value_index(g, p, j)];
}

int ser_grid_spec(const ser_grid *g, int p, ser_spec *out, ser_err *err)
{
	*out = g->base;
	for (int j = 0; j < g->n_dims; j++)
		if (ser_spec_set(out, g->dim[j].param, ser_grid_value(g, p, j),
				 err) < 0)
			return -1;
	ser_spec_finish(out);
	return 0;
}

char *ser_grid_point_json(const ser_grid *g, int p, ser_err *err)
{
	const ser_family *f = g->base.family;
	cJSON *o = cJSON_CreateObject();
	int ok = o != NULL;
	for (int j = 0; ok && j < g->n_dims; j++) {
		const ser_param *pa = &f->params[g->dim[j].param];
		const char *v = ser_grid_value(g, p, j);
		double x;
		int num = pa->type != SER_PARAM_ENUM && pa->type != SER_PARAM_BOOL &&
			  ser_parse_double(v, &x) == 0;
		ok = (num ? cJSON_AddNumberToObject(o, pa->name, x)
			  : cJSON_AddStringToObject(o, pa->name, v)) != NULL;
	}
	char *txt = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!txt)
		ser_fail(err, "out of memory");
	return txt;
}

void ser_grid_point_text(const ser_grid *g, int p, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = '\0';
	if (g->n_dims == 0)
		snprintf(buf, n, "defaults");
	for (int j = 0; j < g->n_dims && k < n; j++)
		k += (size_t)snprintf(buf + k, n - k, "%s%s=%s", j ? " " : "",
				      g->base.family->params[g->dim[j].param].name,
				      ser_grid_value(g, p, j));
}
