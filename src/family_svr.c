/* family_svr.c - the epsilon-SVR (svr.h) as a model family (family.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_codec.h"
#include "ser/svr.h"

static const ser_param params[] = {
	{ "C", SER_PARAM_DOUBLE, "X", "1", "penalty (default 1)", NULL },
	{ "epsilon", SER_PARAM_DOUBLE, "X", "0.1", "tube width (default 0.1)",
	  NULL },
	{ "gamma", SER_PARAM_DOUBLE, "G", "auto",
	  "auto = 1/n_features (default), scale, or a number", NULL },
	{ "tol", SER_PARAM_DOUBLE, "X", "0.001",
	  "stopping tolerance (default 0.001)", NULL },
	{ "shrinking", SER_PARAM_BOOL, NULL, "on", "no shrinking heuristic",
	  NULL },
	{ "cache-mb", SER_PARAM_DOUBLE, "X", "200",
	  "kernel cache size in MB (default 200)", NULL },
};
enum { P_C, P_EPSILON, P_GAMMA, P_TOL, P_SHRINKING, P_CACHE };

_Static_assert(sizeof(ser_svr_params) <= SER_SPEC_BYTES, "spec too small");

static void defaults(void *p)
{
	ser_svr_params_default(p);
}

/* A number > 0 (strict) or >= 0, else "must be RULE". */
static int number(const char *text, int strict, const char *rule,
		  double *out, ser_err *err)
{
	double v;
	if (ser_param_double(text, &v, err))
		return -1;
	if (strict ? !(v > 0) : !(v >= 0))
		return ser_fail(err, "must be %s", rule);
	*out = v;
	return 0;
}

static int set(void *pp, int i, const char *text, ser_err *err)
{
	ser_svr_params *p = pp;
	switch (i) {
	case P_C: return number(text, 1, "> 0", &p->C, err);
	case P_EPSILON: return number(text, 0, ">= 0", &p->epsilon, err);
	case P_TOL: return number(text, 1, "> 0", &p->tol, err);
	case P_CACHE: return number(text, 1, "> 0", &p->cache_mb, err);
	case P_SHRINKING:
		if (strcmp(text, "on") && strcmp(text, "off"))
			return ser_fail(err, "'%s' is not on or off", text);
		p->shrinking = !strcmp(text, "on");
		return 0;
	case P_GAMMA:
		if (!strcmp(text, "auto")) {
			p->gamma_mode = SER_GAMMA_AUTO;
		} else if (!strcmp(text, "scale")) {
			p->gamma_mode = SER_GAMMA_SCALE;
		} else {
			if (number(text, 1, "auto, scale or a number > 0",
				   &p->gamma, err))
				return -1;
			p->gamma_mode = SER_GAMMA_VALUE;
		}
		return 0;
	}
	return ser_fail(err, "no such parameter");
}

static void get(const void *pp, int i, char *buf, size_t n)
{
	const ser_svr_params *p = pp;
	switch (i) {
	case P_C: snprintf(buf, n, "%.17g", p->C); break;
	case P_EPSILON: snprintf(buf, n, "%.17g", p->epsilon); break;
	case P_TOL: snprintf(buf, n, "%.17g", p->tol); break;
	case P_CACHE: snprintf(buf, n, "%.17g", p->cache_mb); break;
	case P_SHRINKING: snprintf(buf, n, "%s", p->shrinking ? "on" : "off"); break;
	case P_GAMMA:
		if (p->gamma_mode == SER_GAMMA_VALUE)
			snprintf(buf, n, "%.17g", p->gamma);
		else
			snprintf(buf, n, "%s", p->gamma_mode == SER_GAMMA_AUTO
				 ? "auto" : "scale");
		break;
	default: snprintf(buf, n, "?");
	}
}

/* cv and tune: the kernel over every row, shared by every fold, target
 * and grid point (each kernel value is computed once per gamma instead of
 * once per fit), read-only so that fits may run on threads. */
static void *prepare(const void *p, const double *X, int n, int d,
		     ser_err *err)
{
	return ser_svr_kernel_shared_new(X, n, d, p, err);
}

static void release(void *k)
{
	ser_svr_kernel_free(k);
}

static ser_fitted *fit(const void *p, const ser_fit_rows *r, uint64_t seed,
		       void *fitted_p, ser_fit_progress cb, void *ctx,
		       ser_err *err)
{
	(void)seed, (void)cb, (void)ctx; /* SMO is deterministic */
	if (fitted_p)
		memcpy(fitted_p, p, sizeof(ser_svr_params));
	if (r->shared && r->rows)
		return ser_svr_train_rows(r->shared, r->rows, r->n, r->y, p, err);
	return ser_svr_train(r->X, r->y, r->n, r->d, p, err);
}

static int predict(const ser_fitted *f, const double *X, int n, int d,
		   double *out, ser_err *err)
{
	(void)d, (void)err;
	ser_svr_predict_batch(f, X, n, out);
	return 0;
}

static int predict_rows(const ser_fitted *f, void *shared, const int *rows,
			int n, double *out, ser_err *err)
{
	(void)err;
	return shared ? ser_svr_kernel_predict(shared, f, rows, n, out) : 1;
}

static void free_fit(ser_fitted *f)
{
	ser_svr_free(f);
}

static int all_finite(const double *a, long n)
{
	for (long i = 0; i < n; i++)
		if (!isfinite(a[i]))
			return 0;
	return 1;
}

static int check(const ser_fitted *f, int d, const char *tn, ser_err *err)
{
	const ser_svr *s = f;
	if (!s)
		return ser_fail(err, "%s: SVR missing", tn);
	if (s->d != d)
		return ser_fail(err, "%s: SVR takes %d features, the model has %d",
				tn, s->d, d);
	if (s->n_sv < 0)
		return ser_fail(err, "%s: negative support-vector count", tn);
	if (!isfinite(s->gamma) || s->gamma <= 0 || !isfinite(s->b))
		return ser_fail(err, "%s: SVR gamma/intercept not finite or gamma <= 0", tn);
	if (!all_finite(s->sv, (long)s->n_sv * d) ||
	    !all_finite(s->coef, s->n_sv))
		return ser_fail(err, "%s: SVR has NaN or Inf values", tn);
	return 0;
}

/* f64 C, f64 epsilon, u32 gamma_mode, f64 gamma, f64 tol, u32 shrinking,
 * f64 cache_mb, u32 kernel_f32, u32 n_sv, f64 gamma (resolved), f64 b,
 * n_sv*d x f64 support vectors, n_sv x f64 coef */
static void save(ser_wbuf *b, const void *pp, const ser_fitted *f, int d)
{
	const ser_svr_params *p = pp;
	ser_put_f64(b, p->C);
	ser_put_f64(b, p->epsilon);
	ser_put_u32(b, (uint32_t)p->gamma_mode);
	ser_put_f64(b, p->gamma);
	ser_put_f64(b, p->tol);
	ser_put_u32(b, (uint32_t)p->shrinking);
	ser_put_f64(b, p->cache_mb);
	ser_put_u32(b, (uint32_t)p->kernel_f32);
	const ser_svr *s = f;
	ser_put_u32(b, (uint32_t)s->n_sv);
	ser_put_f64(b, s->gamma);
	ser_put_f64(b, s->b);
	for (long i = 0; i < (long)s->n_sv * d; i++)
		ser_put_f64(b, s->sv[i]);
	for (int i = 0; i < s->n_sv; i++)
		ser_put_f64(b, s->coef[i]);
}

static ser_fitted *load(ser_rbuf *r, void *pp, int d, const char *tn)
{
	ser_svr_params *p = pp;
	p->C = ser_get_f64(r, "SVR C");
	p->epsilon = ser_get_f64(r, "SVR epsilon");
	uint32_t gm = ser_get_u32(r, "SVR gamma mode");
	p->gamma = ser_get_f64(r, "SVR gamma");
	p->tol = ser_get_f64(r, "SVR tol");
	p->shrinking = (int)ser_get_u32(r, "SVR shrinking");
	p->cache_mb = ser_get_f64(r, "SVR cache");
	p->kernel_f32 = (int)ser_get_u32(r, "SVR kernel_f32");
	if (r->bad)
		return NULL;
	if (gm > SER_GAMMA_VALUE) {
		ser_rbuf_fail(r, "%s: unknown SVR gamma mode %ld", tn, (long)gm);
		return NULL;
	}
	p->gamma_mode = (ser_gamma_mode)gm;
	uint32_t n_sv = ser_get_u32(r, "SVR size");
	if (r->bad)
		return NULL;
	/* every support vector needs 8*(d+1) payload bytes: checking here
	 * keeps a corrupt count from asking for gigabytes */
	if ((uint64_t)n_sv * 8u * ((uint64_t)d + 1) > ser_rbuf_left(r)) {
		ser_rbuf_fail(r, "%s: %ld support vectors do not fit in the file",
			      tn, (long)n_sv);
		return NULL;
	}
	ser_svr *s = ser_svr_alloc(d, (int)n_sv, r->err);
	if (!s) {
		r->bad = 1;
		return NULL;
	}
	s->gamma = ser_get_f64(r, "SVR gamma");
	s->b = ser_get_f64(r, "SVR intercept");
	for (long i = 0; i < (long)n_sv * d; i++)
		s->sv[i] = ser_get_f64(r, "support vectors");
	for (uint32_t i = 0; i < n_sv; i++)
		s->coef[i] = ser_get_f64(r, "SVR coefficients");
	return s;
}

static void describe(const void *pp, const ser_fitted *f, char *st,
		     size_t ns, char *pa, size_t np)
{
	const ser_svr_params *p = pp;
	const ser_svr *s = f;
	snprintf(st, ns, "(epsilon-SVR, RBF kernel): %d support vectors, "
		 "gamma %.9g, intercept %.9g", s->n_sv, s->gamma, s->b);
	char g[48] = "";
	if (p->gamma_mode == SER_GAMMA_VALUE)
		snprintf(g, sizeof g, " (%g)", p->gamma);
	snprintf(pa, np, "C %g, epsilon %g, gamma %s%s, tol %g, shrinking %s, "
		 "cache %g MB, kernel values %s", p->C, p->epsilon,
		 p->gamma_mode == SER_GAMMA_AUTO ? "auto"
		 : p->gamma_mode == SER_GAMMA_SCALE ? "scale" : "value", g,
		 p->tol, p->shrinking ? "on" : "off", p->cache_mb,
		 p->kernel_f32 ? "float (libsvm)" : "double");
}

const ser_family ser_family_svr = {
	SER_FAMILY_SVR, "svr",
	"SVR (RBF epsilon-SVR, libsvm's SMO; defaults are the thesis's)", 1,
	params, (int)(sizeof params / sizeof params[0]), sizeof(ser_svr_params),
	defaults, set, get, NULL, prepare, release, fit, predict, free_fit,
	check, save, load, describe, NULL, predict_rows
};
