/* family_xgb.c - gradient-boosted trees (and XGBoost's random-forest mode)
 * as a model family (family.h), through XGBoost's C API: ser writes no
 * trees. The squared-error booster is trained with tree_method hist,
 * XGBoost's defaults for every parameter not named here, one thread per
 * booster (parallelism comes from ser's own jobs, and one thread makes
 * hist's sums, and so the bytes, deterministic) and verbosity 0 (libser
 * never prints). The fitted booster is stored in the .ser payload with
 * XGBoost's own serializer (UBJSON). XGBoost computes in float: inputs are
 * rounded to float as the Python package's DMatrix rounds them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xgboost/c_api.h>

#include "model_codec.h"

typedef struct xgb_params {
	int trees, depth, forest;
	double eta, subsample, colsample, mcw, lambda;
	uint64_t seed;          /* the fit seed, recorded as fitted */
} xgb_params;

typedef struct xgb {
	BoosterHandle h;
	int d;
} xgb;

static const ser_param params[] = {
	{ "trees", SER_PARAM_INT, "N", "200",
	  "boosting rounds, one tree each (default 200)", NULL },
	{ "depth", SER_PARAM_INT, "N", "4", "max_depth of a tree (default 4)",
	  NULL },
	{ "eta", SER_PARAM_DOUBLE, "X", "0.05",
	  "learning rate (default 0.05; 1 with --xgb-forest)", NULL },
	{ "subsample", SER_PARAM_DOUBLE, "X", "1",
	  "fraction of rows each tree sees (default 1;\n"
	  "0.8 with --xgb-forest)", NULL },
	{ "colsample", SER_PARAM_DOUBLE, "X", "1",
	  "fraction of features each split considers\n"
	  "(colsample_bynode; default 1; 0.8 with --xgb-forest)", NULL },
	{ "min-child-weight", SER_PARAM_DOUBLE, "X", "1",
	  "min_child_weight: least hessian sum in a leaf,\n"
	  "for squared error its rows (default 1)", NULL },
	{ "lambda", SER_PARAM_DOUBLE, "X", "1",
	  "L2 penalty on leaf values (default 1)", NULL },
	{ "forest", SER_PARAM_INT, "N", "0",
	  "random forest: N parallel trees in one round\n"
	  "(num_parallel_tree; --xgb-trees is then unused;\n"
	  "default 0: boosting)", NULL },
};
enum { P_TREES, P_DEPTH, P_ETA, P_SUB, P_COL, P_MCW, P_LAMBDA, P_FOREST };

_Static_assert(sizeof(xgb_params) <= SER_SPEC_BYTES, "spec too small");

static void defaults(void *pp)
{
	xgb_params *p = pp;
	memset(p, 0, sizeof *p);
	p->trees = 200;
	p->depth = 4;
	p->eta = 0.05;
	p->subsample = p->colsample = p->mcw = p->lambda = 1;
}

/* A number in (0, 1] (frac) or >= 0, else "must be RULE". */
static int number(const char *text, int frac, double *out, ser_err *err)
{
	double v;
	if (ser_param_double(text, &v, err))
		return -1;
	if (frac ? !(v > 0 && v <= 1) : !(v >= 0))
		return ser_fail(err, "must be %s", frac ? "in (0, 1]" : ">= 0");
	*out = v;
	return 0;
}

static int integer(const char *text, long lo, long hi, int *out,
		   ser_err *err)
{
	long v;
	if (ser_param_int(text, lo, hi, &v, err))
		return -1;
	*out = (int)v;
	return 0;
}

static int set(void *pp, int i, const char *text, ser_err *err)
{
	xgb_params *p = pp;
	double v;
	switch (i) {
	case P_TREES: return integer(text, 1, 100000, &p->trees, err);
	case P_DEPTH: return integer(text, 1, 30, &p->depth, err);
	case P_FOREST: return integer(text, 0, 100000, &p->forest, err);
	case P_ETA:
		if (ser_param_double(text, &v, err))
			return -1;
		if (!(v > 0))
			return ser_fail(err, "must be > 0");
		p->eta = v;
		return 0;
	case P_SUB: return number(text, 1, &p->subsample, err);
	case P_COL: return number(text, 1, &p->colsample, err);
	case P_MCW: return number(text, 0, &p->mcw, err);
	case P_LAMBDA: return number(text, 0, &p->lambda, err);
	}
	return ser_fail(err, "no such parameter");
}

static void get(const void *pp, int i, char *buf, size_t n)
{
	const xgb_params *p = pp;
	switch (i) {
	case P_TREES: snprintf(buf, n, "%d", p->trees); break;
	case P_DEPTH: snprintf(buf, n, "%d", p->depth); break;
	case P_FOREST: snprintf(buf, n, "%d", p->forest); break;
	case P_ETA: snprintf(buf, n, "%.17g", p->eta); break;
	case P_SUB: snprintf(buf, n, "%.17g", p->subsample); break;
	case P_COL: snprintf(buf, n, "%.17g", p->colsample); break;
	case P_MCW: snprintf(buf, n, "%.17g", p->mcw); break;
	case P_LAMBDA: snprintf(buf, n, "%.17g", p->lambda); break;
	default: snprintf(buf, n, "?");
	}
}

/* A forest of identical trees is one tree: without explicit values the
 * forest mode takes the settings of XGBoost's random-forest tutorial
 * (learning rate 1, rows and features subsampled at 0.8). */
static void finish(void *pp, uint32_t given)
{
	xgb_params *p = pp;
	if (p->forest < 1)
		return;
	if (!(given & (1u << P_ETA)))
		p->eta = 1;
	if (!(given & (1u << P_SUB)))
		p->subsample = 0.8;
	if (!(given & (1u << P_COL)))
		p->colsample = 0.8;
}

/* XGBoost's last error: its first line (a stack trace may follow),
 * without the "[hh:mm:ss] " its logger puts first, so that the same error
 * reads the same every time. */
static const char *last_error(int *len)
{
	const char *m = XGBGetLastError();
	if (!m)
		m = "";
	if (m[0] == '[' && strchr(m, ']') && strchr(m, ']')[1] == ' ')
		m = strchr(m, ']') + 2;
	*len = (int)strcspn(m, "\n");
	return m;
}

static int xgb_fail(ser_err *err, const char *what)
{
	int len;
	const char *m = last_error(&len);
	return ser_fail(err, "xgboost: %s: %.*s", what, len, m);
}

static int set_param(BoosterHandle h, const char *k, const char *v,
		     ser_err *err)
{
	if (XGBoosterSetParam(h, k, v) == 0)
		return 0;
	return xgb_fail(err, k);
}

/* What every booster runs with, fitted or loaded: quiet, one thread. */
static int quiet_single(BoosterHandle h, ser_err *err)
{
	return set_param(h, "verbosity", "0", err) ||
	       set_param(h, "nthread", "1", err) ? -1 : 0;
}

static int configure(BoosterHandle h, const xgb_params *p, ser_err *err)
{
	char v[8][40];
	snprintf(v[0], sizeof v[0], "%d", p->depth);
	snprintf(v[1], sizeof v[1], "%.17g", p->eta);
	snprintf(v[2], sizeof v[2], "%.17g", p->subsample);
	snprintf(v[3], sizeof v[3], "%.17g", p->colsample);
	snprintf(v[4], sizeof v[4], "%.17g", p->mcw);
	snprintf(v[5], sizeof v[5], "%.17g", p->lambda);
	/* XGBoost's seed is a 32-bit RNG seed: the fit seed's low 31 bits */
	snprintf(v[6], sizeof v[6], "%llu",
		 (unsigned long long)(p->seed & 0x7fffffffu));
	snprintf(v[7], sizeof v[7], "%d", p->forest);
	const char *kv[][2] = {
		{ "objective", "reg:squarederror" }, { "tree_method", "hist" },
		{ "max_depth", v[0] }, { "eta", v[1] }, { "subsample", v[2] },
		{ "colsample_bynode", v[3] }, { "min_child_weight", v[4] },
		{ "lambda", v[5] }, { "seed", v[6] },
		{ "num_parallel_tree", p->forest > 0 ? v[7] : "1" },
	};
	if (quiet_single(h, err))
		return -1;
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		if (set_param(h, kv[i][0], kv[i][1], err))
			return -1;
	return 0;
}

/* n x d doubles as an XGBoost matrix (NaN would mean missing; ser's
 * features are finite). */
static DMatrixHandle matrix(const double *X, int n, int d, ser_err *err)
{
	DMatrixHandle dm = NULL;
	float *Xf = ser_floats(X, (long)n * d, err);
	if (Xf && XGDMatrixCreateFromMat(Xf, (bst_ulong)n, (bst_ulong)d, NAN,
					 &dm) != 0) {
		xgb_fail(err, "matrix");
		dm = NULL;
	}
	free(Xf);
	return dm;
}

static void free_fit(ser_fitted *f)
{
	xgb *x = f;
	if (x && x->h)
		XGBoosterFree(x->h);
	free(x);
}

static ser_fitted *fit(const void *pp, const ser_fit_rows *rw, uint64_t seed,
		       void *fitted_p, ser_fit_progress cb, void *ctx,
		       ser_err *err)
{
	xgb_params p = *(const xgb_params *)pp;
	p.seed = seed;
	xgb *x = ser_calloc(1, sizeof *x, err);
	DMatrixHandle dm = x ? matrix(rw->X, rw->n, rw->d, err) : NULL;
	float *yf = dm ? ser_floats(rw->y, rw->n, err) : NULL;
	int ok = 0;
	if (yf) {
		x->d = rw->d;
		if (XGDMatrixSetFloatInfo(dm, "label", yf, (bst_ulong)rw->n))
			xgb_fail(err, "labels");
		else if (XGBoosterCreate(&dm, 1, &x->h))
			xgb_fail(err, "booster");
		else
			ok = configure(x->h, &p, err) == 0;
	}
	int rounds = p.forest > 0 ? 1 : p.trees;
	for (int i = 0; ok && i < rounds; i++) {
		if (XGBoosterUpdateOneIter(x->h, i, dm)) {
			ok = 0;
			xgb_fail(err, "training");
		} else if (cb) {
			cb(ctx, i + 1, rounds);
		}
	}
	free(yf);
	if (dm)
		XGDMatrixFree(dm);
	if (!ok) {
		free_fit(x);
		return NULL;
	}
	if (fitted_p)
		memcpy(fitted_p, &p, sizeof p);
	return x;
}

static int predict(const ser_fitted *f, const double *X, int n, int d,
		   double *out, ser_err *err)
{
	const xgb *x = f;
	if (n < 1)
		return 0;
	DMatrixHandle dm = matrix(X, n, d, err);
	bst_ulong len = 0;
	const float *res = NULL;
	int rc = -1;
	if (!dm)
		return -1;
	if (XGBoosterPredict(x->h, dm, 0, 0, 0, &len, &res))
		xgb_fail(err, "prediction");
	else if (len != (bst_ulong)n)
		ser_fail(err, "xgboost: %llu predictions for %d rows",
			 (unsigned long long)len, n);
	else {
		for (int i = 0; i < n; i++)
			out[i] = res[i];
		rc = 0;
	}
	XGDMatrixFree(dm);
	return rc;
}

static int check(const ser_fitted *f, int d, const char *tn, ser_err *err)
{
	const xgb *x = f;
	bst_ulong nf = 0;
	if (!x || !x->h)
		return ser_fail(err, "%s: xgb booster missing", tn);
	if (XGBoosterGetNumFeature(x->h, &nf))
		return xgb_fail(err, tn);
	if (nf != (bst_ulong)d || x->d != d)
		return ser_fail(err, "%s: xgb booster takes %llu features, the "
				"model has %d", tn, (unsigned long long)nf, d);
	return 0;
}

/* u32 trees, u32 depth, u32 forest, f64 eta, subsample, colsample,
 * min_child_weight, lambda, u64 seed, u64 length, the booster as XGBoost's
 * UBJSON model. */
static void save(ser_wbuf *b, const void *pp, const ser_fitted *f, int d)
{
	const xgb_params *p = pp;
	const xgb *x = f;
	bst_ulong len = 0;
	const char *buf = NULL;
	(void)d;
	ser_put_u32(b, (uint32_t)p->trees);
	ser_put_u32(b, (uint32_t)p->depth);
	ser_put_u32(b, (uint32_t)p->forest);
	ser_put_f64(b, p->eta);
	ser_put_f64(b, p->subsample);
	ser_put_f64(b, p->colsample);
	ser_put_f64(b, p->mcw);
	ser_put_f64(b, p->lambda);
	ser_put_u64(b, p->seed);
	/* save() cannot fail but by memory, which is how the writer reports
	 * a booster XGBoost could not serialize */
	if (XGBoosterSaveModelToBuffer(x->h, "{\"format\":\"ubj\"}", &len, &buf)) {
		b->oom = 1;
		return;
	}
	ser_put_u64(b, (uint64_t)len);
	ser_put(b, buf, (size_t)len);
}

static ser_fitted *load(ser_rbuf *r, void *pp, int d, const char *tn)
{
	xgb_params *p = pp;
	p->trees = (int)ser_get_u32(r, "xgb trees");
	p->depth = (int)ser_get_u32(r, "xgb depth");
	p->forest = (int)ser_get_u32(r, "xgb forest");
	p->eta = ser_get_f64(r, "xgb eta");
	p->subsample = ser_get_f64(r, "xgb subsample");
	p->colsample = ser_get_f64(r, "xgb colsample");
	p->mcw = ser_get_f64(r, "xgb min_child_weight");
	p->lambda = ser_get_f64(r, "xgb lambda");
	p->seed = ser_get_u64(r, "xgb seed");
	uint64_t len = ser_get_u64(r, "xgb booster length");
	if (r->bad)
		return NULL;
	if (len < 1 || len > ser_rbuf_left(r)) {
		ser_rbuf_fail(r, "%s: xgb booster (%llu bytes) does not fit in the "
			      "file", tn, (unsigned long long)len);
		return NULL;
	}
	xgb *x = ser_calloc(1, sizeof *x, r->err);
	if (!x) {
		r->bad = 1;
		return NULL;
	}
	x->d = d;
	if (XGBoosterCreate(NULL, 0, &x->h) ||
	    XGBoosterLoadModelFromBuffer(x->h, r->p + r->at, (bst_ulong)len)) {
		int mlen;
		const char *m = last_error(&mlen);
		ser_rbuf_fail(r, "%s: xgb booster: %.*s", tn, mlen, m);
		free_fit(x);
		return NULL;
	}
	r->at += (size_t)len;
	ser_err e;
	if (quiet_single(x->h, &e)) {
		ser_rbuf_fail(r, "%s: %s", tn, e.msg);
		free_fit(x);
		return NULL;
	}
	return x;
}

static void describe(const void *pp, const ser_fitted *f, char *st,
		     size_t ns, char *pa, size_t np)
{
	const xgb_params *p = pp;
	const xgb *x = f;
	int rounds = 0, ma = 0, mi = 0, pt = 0;
	XGBoosterBoostedRounds(x->h, &rounds);
	XGBoostVersion(&ma, &mi, &pt);
	if (p->forest > 0)
		snprintf(st, ns, "(random forest, XGBoost %d.%d.%d hist): %d "
			 "trees of depth <= %d in %d round, %d features", ma, mi,
			 pt, p->forest * rounds, p->depth, rounds, x->d);
	else
		snprintf(st, ns, "(gradient-boosted trees, XGBoost %d.%d.%d hist): "
			 "%d trees of depth <= %d, %d features", ma, mi, pt,
			 rounds, p->depth, x->d);
	snprintf(pa, np, "%s%d, depth %d, eta %g, subsample %g, colsample %g, "
		 "min-child-weight %g, lambda %g, seed %llu",
		 p->forest > 0 ? "forest " : "trees ",
		 p->forest > 0 ? p->forest : p->trees, p->depth, p->eta,
		 p->subsample, p->colsample, p->mcw, p->lambda,
		 (unsigned long long)p->seed);
}

const ser_family ser_family_xgb = {
	SER_FAMILY_XGB, "xgb",
	"XGBoost (gradient-boosted regression trees, tree_method hist, one\n"
	"thread per booster; or a random forest with --xgb-forest)", 3,
	params, (int)(sizeof params / sizeof params[0]), sizeof(xgb_params),
	defaults, set, get, finish, NULL, NULL, fit, predict, free_fit,
	check, save, load, describe, NULL, NULL
};
