/* test_xgb.c - the xgb family (src/family_xgb.c): held-out predictions
 * equal the xgboost Python package's with the same parameters
 * (tests/golden/xgb.txt from tests/oracle/xgb_golden.py), other
 * parameters do not, and a trained model survives the .ser file (cv with
 * every family: test_family.c). */
#include "testutil.h"
#include "familyutil.h"
#include "golden.h"
#include "modelbytes.h"
#include "synthdata.h"

#include <math.h>
#include <string.h>

#define NTR 150
#define NTE 40
#define D 6
#define SEED 7          /* the oracle's XGBoost seed */

typedef struct golden_xgb {
	double Xtr[NTR * D], ytr[NTR], Xte[NTE * D];
} golden_xgb;

static char *load(golden_xgb *g)
{
	char *t = golden_load("tests/golden/xgb.txt");
	assert_non_null(t);
	double dims[3];
	assert_int_equal(golden_get(t, "dims", dims, 3), 3);
	assert_true(dims[0] == NTR && dims[1] == NTE && dims[2] == D);
	assert_int_equal(golden_get(t, "Xtr", g->Xtr, NTR * D), NTR * D);
	assert_int_equal(golden_get(t, "ytr", g->ytr, NTR), NTR);
	assert_int_equal(golden_get(t, "Xte", g->Xte, NTE * D), NTE * D);
	return t;
}

/* "name=value ..." into an xgb spec (finished, as the CLI does). */
static void spec_of(ser_spec *s, const char *opts)
{
	ser_err err;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", opts);
	ser_spec_default(s, ser_family_by_name("xgb"));
	for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
		char *eq = strchr(tok, '=');
		assert_non_null(eq);
		*eq = '\0';
		int i = ser_param_index(s->family, tok);
		assert_true(i >= 0);
		if (ser_spec_set(s, i, eq + 1, &err))
			fail_msg("%s", err.msg);
	}
	ser_spec_finish(s);
}

/* Largest |ser - python| over the test rows of config name. */
static double max_diff(const golden_xgb *g, const char *t, const char *name,
		       const char *opts, uint64_t seed)
{
	ser_err err;
	ser_spec s;
	double want[NTE], out[NTE], m = 0;
	char key[64];
	spec_of(&s, opts);
	ser_fit_rows rows = { g->Xtr, g->ytr, NTR, D, NULL, NULL };
	if (ser_spec_fit_predict(&s, &rows, seed, g->Xte, NTE, out, NULL, NULL,
				 &err))
		fail_msg("%s", err.msg);
	snprintf(key, sizeof key, "pred_%s", name);
	assert_int_equal(golden_get(t, key, want, NTE), NTE);
	for (int i = 0; i < NTE; i++)
		m = fmax(m, fabs(out[i] - want[i]));
	return m;
}

static const char *const gbt = "";  /* the defaults: 200 trees, depth 4 */
static const char *const tuned = "trees=60 depth=3 eta=0.1 subsample=0.7 "
				 "colsample=0.6 min-child-weight=2 lambda=5";
static const char *const forest = "forest=25";

static void xgb_equals_python(void **state)
{
	(void)state;
	static golden_xgb g;
	char *t = load(&g);
	const char *names[] = { "gbt", "tuned", "forest" };
	const char *opts[] = { gbt, tuned, forest };
	for (int c = 0; c < 3; c++) {
		double m = max_diff(&g, t, names[c], opts[c], SEED);
		if (!(m <= 1e-4))
			fail_msg("%s: ser differs from xgboost python by %g", names[c],
				 m);
	}
	free(t);
}

/* The comparison can fail: one parameter or the seed changed, the
 * predictions move well past the tolerance. */
static void xgb_golden_sees_parameters(void **state)
{
	(void)state;
	static golden_xgb g;
	char *t = load(&g);
	assert_true(max_diff(&g, t, "gbt", "depth=3", SEED) > 1e-3);
	assert_true(max_diff(&g, t, "gbt", "trees=199", SEED) > 1e-4);
	assert_true(max_diff(&g, t, "tuned", "trees=60 depth=3 eta=0.1 "
			     "subsample=0.7 colsample=0.6 min-child-weight=2 "
			     "lambda=5", SEED + 1) > 1e-3);
	assert_true(max_diff(&g, t, "forest", "forest=25 subsample=0.9",
			     SEED) > 1e-3);
	free(t);
}

/* Forest mode's own defaults, unless given. */
static void xgb_forest_defaults(void **state)
{
	(void)state;
	ser_spec s;
	char v[64];
	spec_of(&s, "forest=10 eta=0.3");
	ser_spec_get(&s, ser_param_index(s.family, "eta"), v, sizeof v);
	assert_string_equal(v, "0.29999999999999999");
	ser_spec_get(&s, ser_param_index(s.family, "subsample"), v, sizeof v);
	assert_string_equal(v, "0.80000000000000004");
	spec_of(&s, "subsample=0.5");
	ser_spec_get(&s, ser_param_index(s.family, "subsample"), v, sizeof v);
	assert_string_equal(v, "0.5");
	ser_spec_get(&s, ser_param_index(s.family, "eta"), v, sizeof v);
	assert_string_equal(v, "0.050000000000000003");
	ser_err err;
	assert_int_equal(ser_spec_set(&s, ser_param_index(s.family, "colsample"),
				      "1.5", &err), -1);
	assert_string_equal(err.msg, "--xgb-colsample: must be in (0, 1]");
	assert_int_equal(ser_spec_set(&s, ser_param_index(s.family, "trees"),
				      "0", &err), -1);
}

/* ser train -> save -> load: format version 3, the same predictions, the
 * same bytes when saved again. */
static void xgb_model_round_trips(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("xgb_rt", 60, 3);
	ser_train_opts o;
	ser_train_opts_default(&o, ser_family_by_name("xgb"));
	assert_int_equal(ser_spec_set(&o.spec, 0, "20", &err), 0);
	ser_model *r = test_train_save_load(ds, &o, 3, "x1.ser");
	assert_string_equal(ser_model_family_name(r, SER_VALENCE), "xgb");
	char p[512], q[512];
	test_tmp_path(p, sizeof p, "x1.ser");
	assert_int_equal(ser_model_save(r, test_tmp_path(q, sizeof q, "x2.ser"),
					&err), 0);
	long n1 = 0, n2 = 0;
	char *b1 = test_slurp(p, &n1), *b2 = test_slurp(q, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, (size_t)n1);
	free(b1);
	free(b2);
	char v[32];
	ser_spec_get(&r->reg[SER_AROUSAL].spec, 0, v, sizeof v);
	assert_string_equal(v, "20");
	ser_model_free(r);
	ser_dataset_free(ds);

	/* a booster XGBoost cannot read, behind a valid CRC: refused with
	 * XGBoost's message, nothing printed, no crash (ASan) */
	char *c = test_slurp(p, &n1);
	static const char key[] = "L\0\0\0\0\0\0\0\7learner";
	long at = -1;
	for (long i = 0; i + (long)sizeof key - 1 <= n1; i++)
		if (!memcmp(c + i, key, sizeof key - 1))
			at = i;  /* the last booster's first key */
	assert_true(at > 24 && c[at - 1] == '{');
	for (int k = 0; k < 2; k++) {
		c[at + 8] = k ? 7 : 100;  /* a key running past its object */
		c[at - 1] = k ? 'X' : '{';  /* not a model format at all */
		test_fix_crc((unsigned char *)c, n1);
		test_write_bytes(q, c, n1);
		assert_int_equal(test_load_or_refuse(q), 1);
		ser_model *bad = ser_model_load(q, &err);
		assert_null(bad);
		assert_non_null(strstr(err.msg, "xgb booster"));
	}
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(xgb_equals_python),
		cmocka_unit_test(xgb_golden_sees_parameters),
		cmocka_unit_test(xgb_forest_defaults),
		cmocka_unit_test(xgb_model_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
