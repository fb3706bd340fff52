/* test_mlp.c - the MLP: gradients against finite differences, single
 * optimizer steps against PyTorch autograd + the Keras update formulas
 * (tests/oracle/torch_mlp_step.py), determinism, dropout off at inference,
 * and that training actually learns. */
#include "testutil.h"
#include "golden.h"

#include <math.h>
#include <string.h>

#include "ser/family.h"
#include "ser/mlp.h"
#include "ser/rng.h"

/* Reference forward pass in double, one row at a time: the slow, obvious
 * definition the sgemm code must agree with. mask may be NULL. */
static double ref_loss(const ser_mlp *m, const float *X, const float *y,
		       int n, float *const *mask, const double *W[],
		       const double *b[])
{
	double loss = 0, a[64], z[64];
	for (int r = 0; r < n; r++) {
		int w = m->sizes[0];
		for (int j = 0; j < w; j++)
			a[j] = X[r * w + j];
		for (int l = 0; l < m->n_layers; l++) {
			int in = m->sizes[l], out = m->sizes[l + 1];
			for (int o = 0; o < out; o++) {
				z[o] = b[l][o];
				for (int i = 0; i < in; i++)
					z[o] += a[i] * W[l][i * out + o];
			}
			for (int o = 0; o < out; o++) {
				a[o] = z[o];
				if (l < m->n_layers - 1) {
					a[o] = a[o] > 0 ? a[o] : 0;
					if (mask)
						a[o] *= mask[l][r * out + o];
				}
			}
		}
		loss += (a[0] - y[r]) * (a[0] - y[r]);
	}
	return loss / n;
}

/* Double copies of a 3-layer net's weights for ref_loss (and for the
 * finite differences to perturb). */
static void weights_double(const ser_mlp *m, double Wd[3][128],
			   double bd[3][16], const double *Wp[3],
			   const double *bp[3])
{
	for (int l = 0; l < 3; l++) {
		assert_true(m->sizes[l] * m->sizes[l + 1] <= 128 &&
			    m->sizes[l + 1] <= 16);
		for (int i = 0; i < m->sizes[l] * m->sizes[l + 1]; i++)
			Wd[l][i] = m->W[l][i];
		for (int i = 0; i < m->sizes[l + 1]; i++)
			bd[l][i] = m->b[l][i];
		Wp[l] = Wd[l];
		bp[l] = bd[l];
	}
}

static void random_fill(float *v, long n, ser_rng *r, double lo, double hi)
{
	for (long i = 0; i < n; i++)
		v[i] = (float)(lo + (hi - lo) * ser_rng_uniform(r));
}

/* n rows: 7 takes sgemm, 1 the batch-of-one path (sgemv, sger). */
static void gradient_check(int n)
{
	ser_err err;
	int hidden[2] = { 5, 4 };
	ser_mlp *m = ser_mlp_new(6, hidden, 2, &err);
	assert_non_null(m);
	ser_rng r;
	ser_rng_seed(&r, 3);
	for (int l = 0; l < m->n_layers; l++) {
		random_fill(m->W[l], (long)m->sizes[l] * m->sizes[l + 1], &r, -0.9, 0.9);
		random_fill(m->b[l], m->sizes[l + 1], &r, -0.3, 0.3);
	}
	float X[7 * 6], y[7], mk0[7 * 5], mk1[7 * 4];
	random_fill(X, 42, &r, -1, 1);
	random_fill(y, 7, &r, -1, 1);
	for (int i = 0; i < 35; i++)
		mk0[i] = ser_rng_uniform(&r) < 0.3 ? 0 : 1 / 0.7f;
	for (int i = 0; i < 28; i++)
		mk1[i] = ser_rng_uniform(&r) < 0.3 ? 0 : 1 / 0.7f;
	float *mask[2] = { mk0, mk1 };
	ser_mlp_params p;
	ser_mlp_params_default(&p);
	ser_mlp_trainer *t = ser_mlp_trainer_new(m, &p, n, &err);
	assert_non_null(t);

	for (int with_mask = 0; with_mask < 2; with_mask++) {
		float *const *mk = with_mask ? mask : NULL;
		double loss = ser_mlp_grad(t, m, X, y, n, mk);
		/* double copies of the weights to perturb */
		double Wd[3][128], bd[3][16];
		const double *Wp[3], *bp[3];
		weights_double(m, Wd, bd, Wp, bp);
		assert_true(fabs(loss - ref_loss(m, X, y, n, mk, Wp, bp)) < 1e-5);
		const double h = 1e-6;
		int checked = 0;
		for (int l = 0; l < 3; l++) {
			int nw = m->sizes[l] * m->sizes[l + 1], nb = m->sizes[l + 1];
			for (int i = 0; i < nw + nb; i++) {
				double *v = i < nw ? &Wd[l][i] : &bd[l][i - nw];
				double keep = *v;
				*v = keep + h;
				double up = ref_loss(m, X, y, n, mk, Wp, bp);
				*v = keep - h;
				double dn = ref_loss(m, X, y, n, mk, Wp, bp);
				*v = keep;
				double fd = (up - dn) / (2 * h);
				double g = i < nw ? ser_mlp_grad_W(t, l)[i]
						  : ser_mlp_grad_b(t, l)[i - nw];
				if (fabs(g - fd) > 1e-4 + 1e-3 * fabs(fd))
					fail_msg("layer %d param %d: grad %g, finite difference %g",
						 l, i, g, fd);
				checked += fd != 0;
			}
		}
		/* most are live; one row's dropout masks leave few (5 of
		 * 64 here, 23 without masks) */
		assert_true(checked > (n > 1 ? 40 : 4));
	}
	ser_mlp_trainer_free(t);
	ser_mlp_free(m);
}

static void gradient_matches_finite_differences(void **state)
{
	(void)state;
	gradient_check(7);
	gradient_check(1);
}

static void assert_close(const double *want, const float *got, int n,
			 double tol, const char *what)
{
	for (int i = 0; i < n; i++)
		if (fabs(want[i] - got[i]) > tol)
			fail_msg("%s[%d]: got %.9g, want %.9g", what, i,
				 (double)got[i], want[i]);
}

static void step_matches_torch_and_keras_formulas(void **state)
{
	(void)state;
	char *g = golden_load("tests/golden/mlp_step.txt");
	assert_non_null(g);
	double sz[8], X[64], y[16], m0[64], m1[64], v[64];
	assert_int_equal(golden_get(g, "sizes", sz, 8), 4);
	int hidden[2] = { (int)sz[1], (int)sz[2] };
	int n = golden_get(g, "y", y, 16);
	assert_int_equal(n, 6);
	golden_get(g, "X", X, 64);
	golden_get(g, "mask0", m0, 64);
	golden_get(g, "mask1", m1, 64);
	float Xf[64], yf[16], mk0[64], mk1[64];
	for (int i = 0; i < 64; i++) {
		Xf[i] = (float)X[i];
		mk0[i] = (float)m0[i];
		mk1[i] = (float)m1[i];
	}
	for (int i = 0; i < n; i++)
		yf[i] = (float)y[i];
	float *mask[2] = { mk0, mk1 };
	/* eps_inside: -1 leaves the default, which must be Keras 2.8's
	 * RMSprop (eps outside the sqrt) */
	static const struct { const char *tag; ser_mlp_opt opt; float lr; int masked, eps_inside; } cases[] = {
		{ "rmsprop_outside_mask", SER_OPT_RMSPROP, 1e-3f, 1, -1 },
		{ "rmsprop_outside_mask", SER_OPT_RMSPROP, 1e-3f, 1, 0 },
		{ "rmsprop_inside_mask", SER_OPT_RMSPROP, 1e-3f, 1, 1 },
		{ "adam_mask", SER_OPT_ADAM, 1e-3f, 1, -1 },
		{ "adam_mask", SER_OPT_ADAM, 1e-3f, 1, 1 }, /* no effect on Adam */
		{ "sgd_mask", SER_OPT_SGD, 1e-2f, 1, -1 },
		{ "rmsprop_outside_nomask", SER_OPT_RMSPROP, 1e-3f, 0, -1 },
		{ "rmsprop_inside_nomask", SER_OPT_RMSPROP, 1e-3f, 0, 1 },
	};
	ser_err err;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		ser_mlp *m = ser_mlp_new((int)sz[0], hidden, 2, &err);
		assert_non_null(m);
		char name[64];
		for (int l = 0; l < 3; l++) {
			int nw = m->sizes[l] * m->sizes[l + 1], nb = m->sizes[l + 1];
			snprintf(name, sizeof name, "W%d", l);
			assert_int_equal(golden_get(g, name, v, 64), nw);
			for (int i = 0; i < nw; i++)
				m->W[l][i] = (float)v[i];
			snprintf(name, sizeof name, "b%d", l);
			assert_int_equal(golden_get(g, name, v, 64), nb);
			for (int i = 0; i < nb; i++)
				m->b[l][i] = (float)v[i];
		}
		ser_mlp_params p;
		ser_mlp_params_default(&p);
		p.opt = cases[c].opt;
		p.lr = cases[c].lr;
		if (cases[c].eps_inside >= 0)
			p.rmsprop_eps_inside = cases[c].eps_inside;
		ser_mlp_trainer *t = ser_mlp_trainer_new(m, &p, n, &err);
		assert_non_null(t);
		for (int step = 1; step <= 2; step++) {
			double loss = ser_mlp_grad(t, m, Xf, yf, n,
						   cases[c].masked ? mask : NULL);
			if (step == 1) {
				snprintf(name, sizeof name, "%s_loss", cases[c].tag);
				assert_int_equal(golden_get(g, name, v, 1), 1);
				assert_true(fabs(loss - v[0]) < 1e-5);
				for (int l = 0; l < 3; l++) {
					snprintf(name, sizeof name, "%s_gW%d", cases[c].tag, l);
					int k = golden_get(g, name, v, 64);
					assert_close(v, ser_mlp_grad_W(t, l), k, 1e-5, name);
					snprintf(name, sizeof name, "%s_gb%d", cases[c].tag, l);
					k = golden_get(g, name, v, 64);
					assert_close(v, ser_mlp_grad_b(t, l), k, 1e-5, name);
				}
			}
			ser_mlp_step(t, m);
			for (int l = 0; l < 3; l++) {
				snprintf(name, sizeof name, "%s_step%d_W%d", cases[c].tag, step, l);
				int k = golden_get(g, name, v, 64);
				assert_int_equal(k, m->sizes[l] * m->sizes[l + 1]);
				assert_close(v, m->W[l], k, 1e-5, name);
				snprintf(name, sizeof name, "%s_step%d_b%d", cases[c].tag, step, l);
				k = golden_get(g, name, v, 64);
				assert_int_equal(k, m->sizes[l + 1]);
				assert_close(v, m->b[l], k, 1e-5, name);
			}
		}
		ser_mlp_trainer_free(t);
		ser_mlp_free(m);
	}
	free(g);
}

/* The two eps placements must be told apart by the step test: on this
 * batch's small gradients they move some weights by far more than its
 * 1e-5 tolerance. Names and round trip of the placement too. */
static void eps_placements_differ(void **state)
{
	(void)state;
	char *g = golden_load("tests/golden/mlp_step.txt");
	assert_non_null(g);
	double a[64], b[64], most = 0;
	int n = golden_get(g, "rmsprop_outside_mask_step1_W0", a, 64);
	assert_int_equal(golden_get(g, "rmsprop_inside_mask_step1_W0", b, 64), n);
	for (int i = 0; i < n; i++)
		most = fmax(most, fabs(a[i] - b[i]));
	assert_true(most > 1e-3);
	free(g);
	ser_mlp_params p;
	ser_mlp_params_default(&p);
	assert_int_equal(p.rmsprop_eps_inside, 0);
	assert_int_equal(ser_mlp_eps_from_name("outside"), 0);
	assert_int_equal(ser_mlp_eps_from_name("inside"), 1);
	assert_int_equal(ser_mlp_eps_from_name("in"), -1);
	assert_string_equal(ser_mlp_eps_name(0), "outside");
	assert_string_equal(ser_mlp_eps_name(1), "inside");
}

/* y = a smooth function of the first features, learnable by a small net */
static void make_problem(float *X, float *y, int n, int d, uint64_t seed)
{
	ser_rng r;
	ser_rng_seed(&r, seed);
	random_fill(X, (long)n * d, &r, 0, 1);
	for (int i = 0; i < n; i++) {
		const float *x = X + i * d;
		y[i] = (float)(0.8 * x[0] - 0.6 * x[1] + 0.5 * x[2] * x[3] - 0.3);
	}
}

static double mse(const float *a, const float *b, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += (double)(a[i] - b[i]) * (a[i] - b[i]);
	return s / n;
}

static void thesis_shape_and_init(void **state)
{
	(void)state;
	ser_err err;
	int hidden[2] = { 50, 20 };
	ser_mlp *m = ser_mlp_new(74, hidden, 2, &err);
	assert_non_null(m);
	assert_int_equal(ser_mlp_n_params(m), 4791);
	ser_mlp_init(m, 1);
	double lim = sqrt(6.0 / (74 + 50)), lo = 1, hi = -1;
	for (int i = 0; i < 74 * 50; i++) {
		lo = fmin(lo, m->W[0][i]);
		hi = fmax(hi, m->W[0][i]);
	}
	assert_true(lo >= -lim && hi <= lim && lo < -0.9 * lim && hi > 0.9 * lim);
	for (int i = 0; i < 50; i++)
		assert_true(m->b[0][i] == 0);
	ser_mlp *c = ser_mlp_clone(m, &err);
	assert_memory_equal(c->W[2], m->W[2], 20 * sizeof(float));
	ser_mlp_free(c);
	ser_mlp_free(m);
	assert_null(ser_mlp_new(74, hidden, SER_MLP_MAX_LAYERS, &err));
	int bad[1] = { 0 };
	assert_null(ser_mlp_new(74, bad, 1, &err));
	assert_non_null(strstr(err.msg, "hidden layer 1 has 0 units"));
}

static void training_learns_and_is_deterministic(void **state)
{
	(void)state;
	enum { N = 300, D = 8 };
	static float X[N * D], y[N], pred[N], pred2[N];
	make_problem(X, y, N, D, 11);
	ser_err err;
	int hidden[2] = { 16, 8 };
	ser_mlp_params p;
	ser_mlp_params_default(&p);
	p.epochs = 30;
	p.batch = 8;
	p.seed = 5;
	static const ser_mlp_opt opts[] = { SER_OPT_RMSPROP, SER_OPT_ADAM, SER_OPT_SGD };
	for (int o = 0; o < 3; o++) {
		p.opt = opts[o];
		p.lr = p.opt == SER_OPT_SGD ? 1e-2f : 1e-3f;
		ser_mlp *a = ser_mlp_new(D, hidden, 2, &err), *b = ser_mlp_new(D, hidden, 2, &err);
		ser_mlp_init(a, p.seed);
		ser_mlp_init(b, p.seed);
		assert_int_equal(ser_mlp_predict(a, X, N, pred, &err), 0);
		double before = mse(pred, y, N);
		assert_int_equal(ser_mlp_train(a, X, y, N, &p, NULL, NULL, &err), 0);
		assert_int_equal(ser_mlp_train(b, X, y, N, &p, NULL, NULL, &err), 0);
		for (int l = 0; l < 3; l++)
			assert_memory_equal(a->W[l], b->W[l],
					    (size_t)a->sizes[l] * a->sizes[l + 1] * sizeof(float));
		assert_int_equal(ser_mlp_predict(a, X, N, pred, &err), 0);
		double after = mse(pred, y, N);
		if (!(after < 0.3 * before))
			fail_msg("optimizer %d: MSE %g -> %g", o, before, after);
		/* another seed, other weights */
		ser_mlp_init(b, p.seed + 1);
		p.seed++;
		assert_int_equal(ser_mlp_train(b, X, y, N, &p, NULL, NULL, &err), 0);
		p.seed--;
		assert_memory_not_equal(a->W[0], b->W[0], D * 16 * sizeof(float));
		ser_mlp_free(a);
		ser_mlp_free(b);
	}
	/* bad parameters are reported, not crashed on */
	ser_mlp *a = ser_mlp_new(D, hidden, 2, &err);
	p.dropout = 1;
	assert_int_equal(ser_mlp_train(a, X, y, N, &p, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "dropout"));
	p.dropout = 0.2f;
	p.lr = 1e6f;
	p.opt = SER_OPT_SGD;
	ser_mlp_init(a, 1);
	assert_int_equal(ser_mlp_train(a, X, y, N, &p, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "diverged"));
	ser_mlp_free(a);
	(void)pred2;
}

static void progress_cb(void *ctx, int epoch, int epochs, double loss)
{
	int *calls = ctx;
	assert_int_equal(epoch, ++*calls);
	assert_int_equal(epochs, 3);
	assert_true(loss >= 0);
}

static void dropout_is_off_at_inference(void **state)
{
	(void)state;
	enum { N = 40, D = 5 };
	float X[N * D], y[N], p1[N], p2[N];
	make_problem(X, y, N, D, 2);
	ser_err err;
	int hidden[2] = { 12, 6 };
	ser_mlp *m = ser_mlp_new(D, hidden, 2, &err);
	ser_mlp_init(m, 9);
	ser_mlp_params p;
	ser_mlp_params_default(&p);
	p.dropout = 0.5f;
	p.epochs = 3;
	p.batch = 7; /* 40 = 5 full batches + one of 5, the last used as Keras does */
	int calls = 0;
	assert_int_equal(ser_mlp_train(m, X, y, N, &p, progress_cb, &calls, &err), 0);
	assert_int_equal(calls, 3);
	assert_int_equal(ser_mlp_predict(m, X, N, p1, &err), 0);
	assert_int_equal(ser_mlp_predict(m, X, N, p2, &err), 0);
	assert_memory_equal(p1, p2, sizeof p1);
	/* and equals the no-dropout reference forward pass */
	double Wd[3][128], bd[3][16];
	const double *Wp[3], *bp[3];
	weights_double(m, Wd, bd, Wp, bp);
	for (int i = 0; i < N; i++) {
		float zero = 0;
		double want = sqrt(ref_loss(m, X + i * D, &zero, 1, NULL, Wp, bp));
		assert_true(fabs(fabs(p1[i]) - want) < 1e-5);
	}
	/* a batch of one row predicts the same as inside a big batch */
	float one;
	assert_int_equal(ser_mlp_predict(m, X + 7 * D, 1, &one, &err), 0);
	assert_true(fabs(one - p1[7]) < 1e-6);
	ser_mlp_free(m);
}

/* A row's prediction is the same bytes whatever else is predicted with it
 * (THESIS.md: a file's answer never depends on the other files of the
 * run): alone, inside a 300-row batch, at any offset. */
static void prediction_does_not_depend_on_the_batch(void **state)
{
	(void)state;
	enum { N = 300, D = 74 };
	static float X[N * D], all[N];
	ser_err err;
	int hidden[2] = { 50, 20 };
	ser_mlp *m = ser_mlp_new(D, hidden, 2, &err);
	assert_non_null(m);
	ser_mlp_init(m, 3);
	ser_rng r;
	ser_rng_seed(&r, 4);
	for (int l = 0; l < m->n_layers; l++)
		random_fill(m->b[l], m->sizes[l + 1], &r, -0.1, 0.1);
	random_fill(X, (long)N * D, &r, 0, 1);
	assert_int_equal(ser_mlp_predict(m, X, N, all, &err), 0);
	for (int i = 0; i < N; i++) {
		float one;
		assert_int_equal(ser_mlp_predict(m, X + (long)i * D, 1, &one, &err), 0);
		if (memcmp(&one, &all[i], sizeof one))
			fail_msg("row %d: %.9g alone, %.9g in the batch", i,
				 (double)one, (double)all[i]);
	}
	float part[37];
	assert_int_equal(ser_mlp_predict(m, X + 250L * D, 37, part, &err), 0);
	assert_memory_equal(part, all + 250, sizeof part);
	ser_mlp_free(m);
}

static void fit_predict_equals_the_steps(void **state)
{
	(void)state;
	enum { N = 60, D = 4 };
	float X[N * D], y[N], pf[20];
	double Xd[N * D], yd[N], out[20];
	make_problem(X, y, N, D, 4);
	for (int i = 0; i < N * D; i++)
		Xd[i] = X[i];
	for (int i = 0; i < N; i++)
		yd[i] = y[i];
	int hidden[2] = { 6, 3 };
	ser_mlp_params p;
	ser_mlp_params_default(&p);
	p.seed = 17;
	p.epochs = 2;
	ser_err err;
	/* the MLP family's fit + predict (family.h) */
	ser_spec spec;
	ser_spec_default(&spec, ser_family_by_name("mlp"));
	ser_mlp_spec *ms = ser_spec_params(&spec);
	ms->p = p;
	ms->hidden[0] = 6;
	ms->hidden[1] = 3;
	ms->n_hidden = 2;
	ser_fit_rows rows = { Xd, yd, 40, D, NULL, NULL };
	assert_int_equal(ser_spec_fit_predict(&spec, &rows, 17, Xd + 40 * D, 20,
					      out, NULL, NULL, &err), 0);
	ser_mlp *m = ser_mlp_new(D, hidden, 2, &err);
	ser_mlp_init(m, 17);
	assert_int_equal(ser_mlp_train(m, X, y, 40, &p, NULL, NULL, &err), 0);
	assert_int_equal(ser_mlp_predict(m, X + 40 * D, 20, pf, &err), 0);
	for (int i = 0; i < 20; i++)
		assert_true(out[i] == pf[i]);
	ser_mlp_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gradient_matches_finite_differences),
		cmocka_unit_test(step_matches_torch_and_keras_formulas),
		cmocka_unit_test(eps_placements_differ),
		cmocka_unit_test(thesis_shape_and_init),
		cmocka_unit_test(training_learns_and_is_deterministic),
		cmocka_unit_test(dropout_is_off_at_inference),
		cmocka_unit_test(prediction_does_not_depend_on_the_batch),
		cmocka_unit_test(fit_predict_equals_the_steps),
	};
	return cmocka_run_group_tests_name("mlp", tests, NULL, NULL);
}
