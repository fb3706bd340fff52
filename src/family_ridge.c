/* family_ridge.c - ridge regression as a model family (family.h):
 * scikit-learn's Ridge(alpha, fit_intercept=True), solved in closed form.
 * X and y are centred, (Xc'Xc + alpha I) w = Xc'yc is solved by Cholesky
 * (LAPACK dposv, what sklearn's default solver does for dense X), and the
 * intercept is mean(y) - mean(X).w. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_codec.h"

/* LAPACK as OpenBLAS exports it (Debian ships no lapacke.h with it) */
extern void dposv_(const char *uplo, const int *n, const int *nrhs,
		   double *a, const int *lda, double *b, const int *ldb,
		   int *info);

typedef struct ridge_params {
	double alpha;
} ridge_params;

typedef struct ridge {
	int d;
	double intercept;
	double *coef;           /* d */
} ridge;

static const ser_param params[] = {
	{ "alpha", SER_PARAM_DOUBLE, "X", "1",
	  "L2 penalty (default 1; scikit-learn's Ridge)", NULL },
};

static void defaults(void *p)
{
	((ridge_params *)p)->alpha = 1.0;
}

static int set(void *p, int i, const char *text, ser_err *err)
{
	double v;
	if (i != 0)
		return ser_fail(err, "no such parameter");
	if (ser_param_double(text, &v, err))
		return -1;
	if (!(v >= 0))
		return ser_fail(err, "must be >= 0");
	((ridge_params *)p)->alpha = v;
	return 0;
}

static void get(const void *p, int i, char *buf, size_t n)
{
	(void)i;
	snprintf(buf, n, "%.17g", ((const ridge_params *)p)->alpha);
}

static void free_fit(ser_fitted *f)
{
	ridge *r = f;
	if (r)
		free(r->coef);
	free(r);
}

static ridge *ridge_new(int d, ser_err *err)
{
	ridge *r = ser_calloc(1, sizeof *r, err);
	if (r && !(r->coef = ser_calloc((size_t)d, sizeof *r->coef, err))) {
		free(r);
		return NULL;
	}
	if (r)
		r->d = d;
	return r;
}

static ser_fitted *fit(const void *pp, const ser_fit_rows *rw, uint64_t seed,
		       void *fitted_p, ser_fit_progress cb, void *ctx,
		       ser_err *err)
{
	(void)seed, (void)cb, (void)ctx;  /* closed form: nothing random */
	const ridge_params *p = pp;
	int n = rw->n, d = rw->d, info = 0, one = 1;
	ridge *r = ridge_new(d, err);
	double *xm = ser_calloc((size_t)d, sizeof *xm, err);
	double *Xc = ser_malloc((size_t)n * d * sizeof *Xc, err);
	double *yc = ser_malloc((size_t)n * sizeof *yc, err);
	double *A = ser_calloc((size_t)d * d, sizeof *A, err);
	double ym = 0;
	if (!r || !xm || !Xc || !yc || !A)
		goto fail;
	for (int i = 0; i < n; i++) {
		ym += rw->y[i];
		for (int j = 0; j < d; j++)
			xm[j] += rw->X[(long)i * d + j];
	}
	ym /= n;
	for (int j = 0; j < d; j++)
		xm[j] /= n;
	for (int i = 0; i < n; i++) {
		yc[i] = rw->y[i] - ym;
		for (int j = 0; j < d; j++)
			Xc[(long)i * d + j] = rw->X[(long)i * d + j] - xm[j];
	}
	/* row-major Xc (n x d) is column-major Xc' (d x n): A = Xc'Xc,
	 * b = Xc'yc */
	cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, d, n, 1.0, Xc, d,
		    0.0, A, d);
	for (int j = 0; j < d; j++)
		A[(long)j * d + j] += p->alpha;
	cblas_dgemv(CblasColMajor, CblasNoTrans, d, n, 1.0, Xc, d, yc, 1, 0.0,
		    r->coef, 1);
	dposv_("U", &d, &one, A, &d, r->coef, &d, &info);
	if (info != 0) {
		ser_fail(err, "ridge: X'X + alpha I is singular (LAPACK dposv "
			 "info %d); use an alpha > 0", info);
		goto fail;
	}
	r->intercept = ym - cblas_ddot(d, xm, 1, r->coef, 1);
	if (fitted_p)
		memcpy(fitted_p, p, sizeof *p);
	free(xm);
	free(Xc);
	free(yc);
	free(A);
	return r;
fail:
	free_fit(r);
	free(xm);
	free(Xc);
	free(yc);
	free(A);
	return NULL;
}

static int predict(const ser_fitted *f, const double *X, int n, int d,
		   double *out, ser_err *err)
{
	(void)err;
	const ridge *r = f;
	for (int i = 0; i < n; i++)
		out[i] = r->intercept + cblas_ddot(d, X + (long)i * d, 1, r->coef, 1);
	return 0;
}

static int check(const ser_fitted *f, int d, const char *tn, ser_err *err)
{
	const ridge *r = f;
	if (!r)
		return ser_fail(err, "%s: ridge missing", tn);
	if (r->d != d)
		return ser_fail(err, "%s: ridge takes %d features, the model has %d",
				tn, r->d, d);
	int ok = isfinite(r->intercept);
	for (int j = 0; j < d; j++)
		ok = ok && isfinite(r->coef[j]);
	return ok ? 0 : ser_fail(err, "%s: ridge has NaN or Inf values", tn);
}

/* f64 alpha, f64 intercept, d x f64 coef */
static void save(ser_wbuf *b, const void *p, const ser_fitted *f, int d)
{
	const ridge *r = f;
	ser_put_f64(b, ((const ridge_params *)p)->alpha);
	ser_put_f64(b, r->intercept);
	for (int j = 0; j < d; j++)
		ser_put_f64(b, r->coef[j]);
}

static ser_fitted *load(ser_rbuf *rb, void *p, int d, const char *tn)
{
	((ridge_params *)p)->alpha = ser_get_f64(rb, "ridge alpha");
	double b = ser_get_f64(rb, "ridge intercept");
	if (rb->bad)
		return NULL;
	if ((uint64_t)d * 8u > ser_rbuf_left(rb)) {
		ser_rbuf_fail(rb, "%s: ridge coefficients do not fit in the file",
			      tn);
		return NULL;
	}
	ridge *r = ridge_new(d, rb->err);
	if (!r) {
		rb->bad = 1;
		return NULL;
	}
	r->intercept = b;
	for (int j = 0; j < d; j++)
		r->coef[j] = ser_get_f64(rb, "ridge coefficients");
	return r;
}

static void describe(const void *p, const ser_fitted *f, char *st,
		     size_t ns, char *pa, size_t np)
{
	const ridge *r = f;
	double l2 = cblas_dnrm2(r->d, r->coef, 1);
	snprintf(st, ns, "(linear, L2 penalty): %d coefficients, |w| %.9g, "
		 "intercept %.9g", r->d, l2, r->intercept);
	snprintf(pa, np, "alpha %g", ((const ridge_params *)p)->alpha);
}

const ser_family ser_family_ridge = {
	SER_FAMILY_RIDGE, "ridge",
	"Ridge (linear least squares with an L2 penalty, closed form)", 3,
	params, 1, sizeof(ridge_params),
	defaults, set, get, NULL, NULL, NULL, fit, predict, free_fit,
	check, save, load, describe, NULL, NULL
};
