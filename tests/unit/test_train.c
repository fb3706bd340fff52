/* test_train.c - ser_train: normalizer from the training rows, one
 * regressor per requested target through the SVR/MLP training calls,
 * provenance, determinism, and refusals. */
#include "testutil.h"
#include "familyutil.h"

#include <math.h>
#include <string.h>

#include "ser/train.h"

#define N 40
#define D 3

static char *fnames[D] = { "a", "b", "c" };

/* y = smooth functions of x; feature c is constant (range 0). */
static void make_ds(ser_dataset *ds, double *X, double *yv, double *ya)
{
	memset(ds, 0, sizeof *ds);
	for (int i = 0; i < N; i++) {
		X[i * D + 0] = i * 0.5;
		X[i * D + 1] = 100 + 3 * sin(i);
		X[i * D + 2] = 7;
		yv[i] = 0.8 * sin(i * 0.2);
		ya[i] = 0.5 * cos(i * 0.3);
	}
	ds->n = N;
	ds->d = D;
	ds->feat_names = fnames;
	ds->X = X;
	ds->y[SER_VALENCE] = yv;
	ds->y[SER_AROUSAL] = ya;
	strcpy(ds->space, "test-space");
}

static void svr_model_is_the_svr_on_normalized_rows(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset ds;
	double X[N * D], yv[N], ya[N];
	make_ds(&ds, X, yv, ya);
	ser_train_opts o;
	ser_train_opts_default(&o, ser_family_by_id(SER_FAMILY_SVR));
	o.seed = 9;
	o.data = "unit test";
	ser_model *m = ser_train(&ds, &o, NULL, NULL, &err);
	if (!m)
		fail_msg("%s", err.msg);
	assert_string_equal(m->space, "test-space");
	assert_true(m->min[0] == 0 && m->max[0] == 19.5);
	assert_true(m->min[2] == 7 && m->max[2] == 7);
	assert_string_equal(m->data, "unit test");
	assert_string_equal(m->origin, "trained by ser train");
	assert_true(m->seed == 9);
	assert_int_equal(test_family_id(m, SER_VALENCE), SER_FAMILY_SVR);
	assert_int_equal(test_family_id(m, SER_AROUSAL), SER_FAMILY_SVR);
	/* the same SVR trained directly on the normalized rows */
	double Xn[N * D];
	for (int i = 0; i < N; i++)
		ser_model_normalize(m, X + i * D, Xn + i * D);
	assert_true(Xn[2] == 0 && fabs(Xn[3] - 0.5 / 19.5) < 1e-15);
	ser_svr *s = ser_svr_train(Xn, ya, N, D, ser_spec_cparams(&o.spec), &err);
	assert_non_null(s);
	double err_fit = 0;
	for (int i = 0; i < N; i++) {
		double a = ser_model_predict_target(m, SER_AROUSAL, Xn + i * D);
		assert_true(a == ser_svr_predict(s, Xn + i * D));
		err_fit += (a - ya[i]) * (a - ya[i]);
	}
	double mean = 0, var = 0;
	for (int i = 0; i < N; i++)
		mean += ya[i] / N;
	for (int i = 0; i < N; i++)
		var += (ya[i] - mean) * (ya[i] - mean);
	assert_true(err_fit < var); /* R^2 > 0: it learned something */
	ser_svr_free(s);
	ser_model_free(m);
}

static void mlp_is_deterministic_and_targets_selectable(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset ds;
	double X[N * D], yv[N], ya[N];
	make_ds(&ds, X, yv, ya);
	ser_train_opts o;
	ser_train_opts_default(&o, ser_family_by_id(SER_FAMILY_MLP));
	o.targets[SER_AROUSAL] = 0;
	ser_mlp_spec *ms = ser_spec_params(&o.spec);
	ms->hidden[0] = 6;
	ms->n_hidden = 1;
	ms->p.epochs = 3;
	o.seed = 4;
	ser_model *a = ser_train(&ds, &o, NULL, NULL, &err);
	ser_model *b = ser_train(&ds, &o, NULL, NULL, &err);
	o.seed = 5;
	ser_model *c = ser_train(&ds, &o, NULL, NULL, &err);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_false(ser_model_has(a, SER_AROUSAL));
	assert_int_equal(((ser_mlp *)a->reg[SER_VALENCE].fit)->sizes[1], 6);
	/* each target's seed is derived from the model's (family.h) */
	assert_true(a->seed == 4);
	assert_true(test_mlp_params(a, SER_VALENCE)->seed ==
		    ser_fit_seed(4, SER_VALENCE, -1));
	assert_int_equal(test_mlp_params(a, SER_VALENCE)->epochs, 3);
	int differs = 0;
	for (int i = 0; i < N; i++) {
		double xn[D];
		ser_model_normalize(a, X + i * D, xn);
		double pa = ser_model_predict_target(a, SER_VALENCE, xn);
		assert_true(pa == ser_model_predict_target(b, SER_VALENCE, xn));
		differs |= pa != ser_model_predict_target(c, SER_VALENCE, xn);
	}
	assert_true(differs);
	ser_model_free(a);
	ser_model_free(b);
	ser_model_free(c);
}

static void refusals(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset ds;
	double X[N * D], yv[N], ya[N];
	make_ds(&ds, X, yv, ya);
	ser_train_opts o;
	ser_train_opts_default(&o, ser_family_by_id(SER_FAMILY_SVR));
	ds.y[SER_VALENCE] = NULL;
	assert_null(ser_train(&ds, &o, NULL, NULL, &err));
	assert_string_equal(err.msg, "no valence ratings in the training data");
	o.targets[SER_VALENCE] = 0;
	ser_model *m = ser_train(&ds, &o, NULL, NULL, &err);
	assert_non_null(m);
	ser_model_free(m);
	o.targets[SER_AROUSAL] = 0;
	assert_null(ser_train(&ds, &o, NULL, NULL, &err));
	assert_string_equal(err.msg, "no target to train");
	o.targets[SER_AROUSAL] = 1;
	ds.n = 1;
	assert_null(ser_train(&ds, &o, NULL, NULL, &err));
	assert_non_null(strstr(err.msg, "at least 2"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(svr_model_is_the_svr_on_normalized_rows),
		cmocka_unit_test(mlp_is_deterministic_and_targets_selectable),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
