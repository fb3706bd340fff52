/* test_family.c - the regressor interface (family.h): parameters as text
 * for every family, and the ridge family against scikit-learn's Ridge
 * (tests/golden/ridge.txt from tests/oracle/sklearn_ridge.py). */
#include "testutil.h"
#include "familyutil.h"
#include "golden.h"
#include "synthdata.h"

#include <math.h>
#include <string.h>

#include "ser/cv.h"
#include "ser/family.h"
#include "ser/model.h"
#include "ser/predict.h"
#include "ser/train.h"

/* Every parameter of every family takes its default text back, and what
 * get() prints set() reads to the same value: what help, JSON and grids
 * rely on. */
static void params_round_trip_as_text(void **state)
{
	(void)state;
	ser_err err;
	assert_true(ser_n_families >= 3);
	for (int i = 0; i < ser_n_families; i++) {
		const ser_family *f = ser_families[i];
		assert_ptr_equal(ser_family_by_name(f->name), f);
		assert_ptr_equal(ser_family_by_id(f->id), f);
		assert_true(f->n_params >= 1 && f->n_params <= 32);
		assert_true(f->params_size <= SER_SPEC_BYTES);
		ser_spec a, b;
		ser_spec_default(&a, f);
		for (int j = 0; j < f->n_params; j++) {
			char v[128], w[128];
			ser_spec_get(&a, j, v, sizeof v);
			ser_spec_default(&b, f);
			if (ser_spec_set(&b, j, f->params[j].def, &err))
				fail_msg("%s-%s: %s", f->name, f->params[j].name, err.msg);
			assert_true(b.given == 1u << j);
			ser_spec_get(&b, j, w, sizeof w);
			assert_string_equal(v, w);
			assert_int_equal(ser_param_index(f, f->params[j].name), j);
		}
	}
	assert_null(ser_family_by_name("knn"));
	assert_string_equal(ser_family_by_id(SER_FAMILY_XGB)->name, "xgb");
	ser_spec s;
	ser_spec_default(&s, ser_family_by_name("svr"));
	int c = ser_param_index(s.family, "C");
	assert_int_equal(ser_spec_set(&s, c, "0", &err), -1);
	assert_string_equal(err.msg, "--svr-C: must be > 0");
	assert_int_equal(ser_spec_set(&s, c, "abc", &err), -1);
	assert_string_equal(err.msg, "--svr-C: 'abc' is not a finite number");
	ser_spec_default(&s, ser_family_by_name("ridge"));
	assert_int_equal(ser_spec_set(&s, 0, "-1", &err), -1);
	assert_string_equal(err.msg, "--ridge-alpha: must be >= 0");
	/* the MLP's learning rate follows its optimizer unless given */
	ser_spec_default(&s, ser_family_by_name("mlp"));
	assert_int_equal(ser_spec_set(&s, ser_param_index(s.family, "optimizer"),
				      "sgd", &err), 0);
	ser_spec_finish(&s);
	char lr[32];
	ser_spec_get(&s, ser_param_index(s.family, "lr"), lr, sizeof lr);
	assert_string_equal(lr, "0.00999999978"); /* 0.01 as a float */
	assert_int_equal(ser_param_index(s.family, "hidden"),
			 ser_param_index(s.family, "layers"));
	char *js = ser_spec_json(&s, &err);
	assert_non_null(js);
	assert_string_equal(js, "{\"family\":\"mlp\",\"layers\":\"50,20\","
			    "\"dropout\":0.200000003,\"optimizer\":\"sgd\","
			    "\"lr\":0.00999999978,\"epochs\":10,\"batch\":1,"
			    "\"rmsprop-eps\":\"outside\"}");
	free(js);
	ser_spec_default(&s, ser_family_by_name("svr"));
	js = ser_spec_json(&s, &err);
	assert_string_equal(js, "{\"family\":\"svr\",\"C\":1,\"epsilon\":0.1,"
			    "\"gamma\":\"auto\",\"tol\":0.001,\"shrinking\":\"on\","
			    "\"cache-mb\":200}");
	free(js);
}

static void ridge_equals_sklearn(void **state)
{
	(void)state;
	char *g = golden_load("tests/golden/ridge.txt");
	assert_non_null(g);
	const char *sets[] = { "wide", "tall" };
	const char *alphas[] = { "0.1", "1", "10" };
	static double Xtr[60 * 15], ytr[60], Xte[20 * 15], want[20], out[20];
	char name[64];
	for (int s = 0; s < 2; s++) {
		double dims[3];
		snprintf(name, sizeof name, "%s_dims", sets[s]);
		assert_int_equal(golden_get(g, name, dims, 3), 3);
		int ntr = (int)dims[0], nte = (int)dims[1], d = (int)dims[2];
		snprintf(name, sizeof name, "%s_Xtr", sets[s]);
		assert_int_equal(golden_get(g, name, Xtr, 60 * 15), ntr * d);
		snprintf(name, sizeof name, "%s_ytr", sets[s]);
		assert_int_equal(golden_get(g, name, ytr, 60), ntr);
		snprintf(name, sizeof name, "%s_Xte", sets[s]);
		assert_int_equal(golden_get(g, name, Xte, 20 * 15), nte * d);
		for (int a = 0; a < 3; a++) {
			ser_err err;
			ser_spec spec;
			ser_spec_default(&spec, ser_family_by_name("ridge"));
			assert_int_equal(ser_spec_set(&spec, 0, alphas[a], &err), 0);
			ser_fit_rows rows = { Xtr, ytr, ntr, d, NULL, NULL };
			if (ser_spec_fit_predict(&spec, &rows, 0, Xte, nte, out, NULL,
						 NULL, &err))
				fail_msg("%s", err.msg);
			snprintf(name, sizeof name, "%s_pred_%s", sets[s], alphas[a]);
			assert_int_equal(golden_get(g, name, want, 20), nte);
			for (int i = 0; i < nte; i++)
				if (!(fabs(out[i] - want[i]) <= 1e-6))
					fail_msg("%s row %d: ser %.12g, sklearn %.12g", name,
						 i, out[i], want[i]);
		}
	}
	free(g);
}

/* A trained ridge model saves as format version 3, loads back with the
 * same predictions, and ser_model_check refuses a NaN coefficient. */
static void ridge_model_round_trips(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("ridge_rt", 40, 5);
	ser_train_opts o;
	ser_train_opts_default(&o, ser_family_by_name("ridge"));
	assert_int_equal(ser_spec_set(&o.spec, 0, "0.5", &err), 0);
	ser_model *r = test_train_save_load(ds, &o, 3, "r.ser");
	assert_string_equal(ser_model_family_name(r, SER_AROUSAL), "ridge");
	char v[32];
	ser_spec_get(&r->reg[SER_VALENCE].spec, 0, v, sizeof v);
	assert_string_equal(v, "0.5");
	ser_model_free(r);
	ser_dataset_free(ds);
}

/* Every family on the same folds: the fair A/B takes any pair, and with
 * a baseline the reports compare each other model with it. */
static void cv_runs_every_family(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("fam_cv", 40, 6);
	ser_cv_opts o;
	ser_cv_opts_default(&o);
	o.k = 4;
	o.n_models = 4;
	ser_spec_default(&o.models[1], ser_family_by_name("mlp"));
	ser_spec_set(&o.models[1], ser_param_index(o.models[1].family, "epochs"),
		     "2", &err);
	ser_spec_default(&o.models[2], ser_family_by_name("ridge"));
	ser_spec_default(&o.models[3], ser_family_by_name("xgb"));
	ser_spec_set(&o.models[3], ser_param_index(o.models[3].family, "trees"),
		     "10", &err);
	ser_cv_result *r = ser_cv_run(ds, &o, &err);
	if (!r)
		fail_msg("%s", err.msg);
	assert_string_equal(ser_cv_model_name(r, 2), "ridge");
	assert_string_equal(ser_cv_model_name(r, 3), "xgb");
	ser_paired q;
	assert_int_equal(ser_cv_paired(r, 0, 2, 0, 0, &q, &err), 0);
	assert_int_equal(ser_cv_paired(r, 1, 2, 1, 1, &q, &err), 0);
	assert_int_equal(ser_cv_paired(r, 3, 0, 0, 0, &q, &err), 0);
	int pairs[SER_CV_MAX_PAIRS][2];
	assert_int_equal(ser_cv_pairs(r, pairs), 6);
	assert_true(pairs[0][0] == 0 && pairs[0][1] == 1);
	r->baseline = 2;  /* as ser_cv_run copies o.baseline */
	assert_int_equal(ser_cv_pairs(r, pairs), 3);
	for (int i = 0; i < 3; i++)
		assert_true(pairs[i][0] == (i < 2 ? i : 3) && pairs[i][1] == 2);
	ser_cv_result_free(r);
	o.baseline = 4;
	assert_null(ser_cv_run(ds, &o, &err));
	assert_string_equal(err.msg, "cv: baseline 5 is not one of the 4 models");
	ser_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(params_round_trip_as_text),
		cmocka_unit_test(ridge_equals_sklearn),
		cmocka_unit_test(ridge_model_round_trips),
		cmocka_unit_test(cv_runs_every_family),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
