/* test_ranges.c - frozen reference ranges (percentiles against numpy),
 * the ranges file, clamping, and models with ranges through a .ser file
 * (format version 2, and version 1 still written when nothing needs 2). */
#include "modelbytes.h"
#include "familyutil.h"

#include <math.h>
#include <string.h>

#include "ser/features.h"
#include "ser/model.h"
#include "ser/predict.h"
#include "ser/ranges.h"
#include "ser/tfjs.h"

static void percentile_by_hand(void **state)
{
	(void)state;
	/* numpy: percentile([1..5], 5) = 1.2, 95 -> 4.8, 50 -> 3 */
	double v[] = { 5, 3, 1, 4, 2 };
	assert_true(fabs(ser_percentile(v, 5, 5) - 1.2) < 1e-15);
	assert_true(v[0] == 1 && v[4] == 5); /* sorted in place */
	assert_true(fabs(ser_percentile(v, 5, 95) - 4.8) < 1e-15);
	assert_true(ser_percentile(v, 5, 50) == 3);
	assert_true(ser_percentile(v, 5, 0) == 1);
	assert_true(ser_percentile(v, 5, 100) == 5);
	double one[] = { -7 };
	assert_true(ser_percentile(one, 1, 5) == -7);
	assert_true(ser_percentile(one, 1, 95) == -7);
}

static void ranges_constant_and_outlier(void **state)
{
	(void)state;
	ser_err err;
	/* column 0 constant (0.1 is inexact: interpolation must not move it),
	 * column 1: 0..19 plus one huge outlier */
	enum { N = 21 };
	double X[N * 2], lo[2], hi[2];
	for (int i = 0; i < N; i++) {
		X[2 * i] = 0.1;
		X[2 * i + 1] = i < 20 ? i : 1e9;
	}
	assert_int_equal(ser_ranges_compute(X, N, 2, 5, 95, lo, hi, &err), 0);
	assert_true(lo[0] == 0.1 && hi[0] == 0.1);
	/* h = 20 * 0.05 = 1 -> 1; h = 19 -> the 20th value, 19: the outlier
	 * does not set the maximum */
	assert_true(lo[1] == 1 && hi[1] == 19);
	assert_int_equal(ser_ranges_compute(X, N, 2, 0, 100, lo, hi, &err), 0);
	assert_true(lo[1] == 0 && hi[1] == 1e9);
	/* refusals */
	assert_int_equal(ser_ranges_compute(X, 0, 2, 5, 95, lo, hi, &err), -1);
	assert_non_null(strstr(err.msg, "no reference rows"));
	assert_int_equal(ser_ranges_compute(X, N, 2, 95, 5, lo, hi, &err), -1);
	assert_non_null(strstr(err.msg, "percentiles"));
}

static ser_model *feature_model(void)
{
	ser_err err;
	ser_model *m = ser_model_new(SER_N_FEATURES, ser_feature_names,
				     SER_SPACE_EMO, &err);
	assert_non_null(m);
	return m;
}

/* Percentiles of the 8 test signals' features equal numpy's
 * (tests/oracle/ranges_golden.py). */
static void ranges_match_numpy(void **state)
{
	(void)state;
	ser_err err;
	FILE *g = fopen("tests/golden/ranges_meyda.csv", "r");
	assert_non_null(g);
	char line[512];
	int checked = 0;
	double cur_lo = -1, cur_hi = -1;
	ser_model *m = NULL;
	ser_ranges_info info;
	while (fgets(line, sizeof line, g)) {
		if (line[0] == '#' || !strncmp(line, "feature,", 8))
			continue;
		char name[128];
		double lo, hi, mn, mx;
		assert_int_equal(sscanf(line, "%127[^,],%lf,%lf,%lf,%lf", name,
					&lo, &hi, &mn, &mx), 5);
		if (lo != cur_lo || hi != cur_hi) {
			ser_model_free(m);
			m = feature_model();
			info.lo_pct = cur_lo = lo;
			info.hi_pct = cur_hi = hi;
			if (ser_model_set_ranges(m, "tests/golden/meyda_features.csv",
						 NULL, &info, &err))
				fail_msg("%s", err.msg);
			assert_int_equal(info.n_files, 8);
			assert_string_equal(m->space, SER_FEATURE_SPACE);
			assert_non_null(strstr(m->norm_note, "8 reference clips"));
		}
		int j = 0;
		while (j < m->d && strcmp(m->feat_names[j], name))
			j++;
		assert_true(j < m->d);
		double tol = 1e-12 * (fabs(mn) + fabs(mx) + 1e-300);
		if (fabs(m->min[j] - mn) > tol || fabs(m->max[j] - mx) > tol)
			fail_msg("%s (%g,%g): ser %.17g %.17g, numpy %.17g %.17g",
				 name, lo, hi, m->min[j], m->max[j], mn, mx);
		checked++;
	}
	fclose(g);
	ser_model_free(m);
	assert_int_equal(checked, 4 * SER_N_FEATURES);
}

/* --ranges-out then --ranges gives back the very same doubles. */
static void ranges_file_round_trip(void **state)
{
	(void)state;
	ser_err err;
	char p[512];
	ser_model *a = feature_model(), *b = feature_model();
	ser_ranges_info ia = { 1, 99, 0 }, ib = { 50, 50, 0 };
	assert_int_equal(ser_model_set_ranges(a, "tests/golden/meyda_features.csv",
					      "eight signals", &ia, &err), 0);
	assert_non_null(strstr(a->norm_note, "(eight signals)"));
	assert_int_equal(ser_ranges_write(a, &ia, test_tmp_path(p, sizeof p,
							   "r.csv"), &err), 0);
	assert_int_equal(ser_model_set_ranges(b, p, "eight signals", &ib, &err), 0);
	assert_true(ib.lo_pct == 1 && ib.hi_pct == 99 && ib.n_files == 8);
	assert_memory_equal(a->min, b->min, SER_N_FEATURES * sizeof(double));
	assert_memory_equal(a->max, b->max, SER_N_FEATURES * sizeof(double));
	assert_string_equal(a->norm_note, b->norm_note);
	ser_model_free(a);
	ser_model_free(b);
}

static void bad_ranges_files(void **state)
{
	(void)state;
	ser_err err;
	char p[512];
	ser_ranges_info info = { 5, 95, 0 };
	ser_model *m = feature_model();
	assert_int_equal(ser_model_set_ranges(m, test_tmp_path(p, sizeof p, "none.csv"),
					      NULL, &info, &err), -1);
	assert_non_null(strstr(err.msg, p));
	/* a ranges file lacking features */
	test_write_text(test_tmp_path(p, sizeof p, "short.csv"),
		   "feature,min,max,lo_pct,hi_pct,n_files\nrms_mean,0,1,5,95,10\n");
	assert_int_equal(ser_model_set_ranges(m, p, NULL, &info, &err), -1);
	assert_non_null(strstr(err.msg, "no range for feature 'rms_std'"));
	assert_non_null(strstr(err.msg, p));
	/* max below min, with the line */
	test_write_text(p, "feature,min,max,lo_pct,hi_pct,n_files\nrms_mean,2,1,5,95,10\n");
	assert_int_equal(ser_model_set_ranges(m, p, NULL, &info, &err), -1);
	assert_non_null(strstr(err.msg, ":2: max 1 is below min 2"));
	/* a features table without the model's columns */
	test_write_text(p, "file,a,b\nx.wav,1,2\n");
	assert_int_equal(ser_model_set_ranges(m, p, NULL, &info, &err), -1);
	assert_non_null(strstr(err.msg, "no feature 'rms_mean'"));
	/* a bad number names line and column */
	test_write_text(p, "feature,min,max,lo_pct,hi_pct,n_files\nrms_mean,zz,1,5,95,10\n");
	assert_int_equal(ser_model_set_ranges(m, p, NULL, &info, &err), -1);
	assert_non_null(strstr(err.msg, ":2:"));
	/* nothing changed on failure */
	assert_string_equal(m->space, SER_SPACE_EMO);
	assert_string_equal(m->norm_note, "");
	ser_model_free(m);
}

/* 2 features, arousal = x'1 - x'2 through a linear 2 -> 1 MLP. */
static ser_model *tiny_model(void)
{
	static const char *names[] = { "f1", "f2" };
	ser_err err;
	ser_model *m = ser_model_new(2, names, "space-a", &err);
	assert_non_null(m);
	m->min[0] = 0;
	m->max[0] = 10;
	m->min[1] = -1;
	m->max[1] = 1;
	ser_mlp *n = ser_mlp_new(2, NULL, 0, &err);
	assert_non_null(n);
	n->W[0][0] = 1;
	n->W[0][1] = -1;
	n->b[0][0] = 0;
	ser_mlp_params p;
	ser_mlp_params_default(&p);
	test_set_mlp(m, SER_AROUSAL, n, &p);
	return m;
}

static void clamping(void **state)
{
	(void)state;
	ser_err err;
	ser_model *m = tiny_model();
	double x[] = { 15, -3 }, xn[2], out[2];
	ser_model_normalize(m, x, xn);
	assert_true(xn[0] == 1.5 && xn[1] == -1); /* extrapolates */
	assert_int_equal(ser_predict_rows(m, x, 1, SER_NORM_MODEL, out, &err), 0);
	assert_true(fabs(out[1] - 2.5) < 1e-6);
	m->flags |= SER_MODEL_CLAMP;
	ser_model_normalize(m, x, xn);
	assert_true(xn[0] == 1 && xn[1] == 0);
	double inside[] = { 2.5, 0 };
	ser_model_normalize(m, inside, xn);
	assert_true(xn[0] == 0.25 && xn[1] == 0.5); /* untouched inside */
	assert_int_equal(ser_predict_rows(m, x, 1, SER_NORM_MODEL, out, &err), 0);
	assert_true(fabs(out[1] - 1) < 1e-6);
	assert_true(isnan(out[0]));
	ser_model_free(m);
}

/* Write c (n bytes) to path, with its CRC fixed up when fix. */
static void put_bytes(const char *path, unsigned char *c, long n, int fix)
{
	if (fix)
		test_fix_crc(c, n);
	test_write_bytes(path, c, n);
}

static void model_with_ranges_round_trips(void **state)
{
	(void)state;
	ser_err err;
	char p[512], q[512];
	static unsigned char b[1 << 16], c[1 << 16];
	ser_model *m = tiny_model();
	/* nothing new: still version 1 */
	assert_int_equal(ser_model_format_version(m), 1);
	assert_int_equal(ser_model_save(m, test_tmp_path(p, sizeof p, "v1.ser"), &err), 0);
	long n = test_read_bytes(p, b, sizeof b);
	assert_int_equal(b[8], 1);
	ser_model *r = ser_model_load(p, &err);
	assert_non_null(r);
	assert_true(r->flags == 0 && r->norm_note[0] == 0);
	ser_model_free(r);

	m->flags = SER_MODEL_CLAMP | SER_MODEL_UNCALIBRATED;
	assert_int_equal(ser_model_set_str(&m->norm_note, "from a corpus", &err), 0);
	assert_int_equal(ser_model_format_version(m), 2);
	assert_int_equal(ser_model_save(m, test_tmp_path(p, sizeof p, "v2.ser"), &err), 0);
	n = test_read_bytes(p, b, sizeof b);
	assert_int_equal(b[8], 2);
	r = ser_model_load(p, &err);
	if (!r)
		fail_msg("%s", err.msg);
	assert_true(r->flags == (SER_MODEL_CLAMP | SER_MODEL_UNCALIBRATED));
	assert_string_equal(r->norm_note, "from a corpus");
	double xs[][2] = { { 15, -3 }, { 2, 0.5 }, { -1, 4 } };
	double o1[6], o2[6];
	assert_int_equal(ser_predict_rows(m, &xs[0][0], 3, SER_NORM_MODEL, o1, &err), 0);
	assert_int_equal(ser_predict_rows(r, &xs[0][0], 3, SER_NORM_MODEL, o2, &err), 0);
	for (int i = 0; i < 3; i++)
		assert_true(o1[2 * i + 1] == o2[2 * i + 1]);
	assert_true(o1[1] == 1); /* clamped after the round trip too */
	ser_model_free(r);

	/* an unknown flag bit behind a good CRC: refused by name */
	long flags_at = 24 + 4 + 4 + 7 + 2 * (4 + 2) + 2 * 2 * 8;
	assert_int_equal(b[flags_at], 3);
	memcpy(c, b, (size_t)n);
	c[flags_at] |= 0x40;
	put_bytes(test_tmp_path(q, sizeof q, "v2-bad.ser"), c, n, 1);
	r = ser_model_load(q, &err);
	assert_null(r);
	assert_non_null(strstr(err.msg, "unknown flags 0x43"));
	assert_non_null(strstr(err.msg, q));
	/* a version newer than this ser's (3 since ridge) is refused */
	memcpy(c, b, (size_t)n);
	c[8] = SER_MODEL_VERSION + 1;
	put_bytes(q, c, n, 0);
	assert_null(ser_model_load(q, &err));
	assert_non_null(strstr(err.msg, "version 4 is not supported"));
	/* every byte of a version-2 payload changed behind the CRC: loaded
	 * consistent or refused with a message, never a crash (ASan) */
	int refused = 0;
	for (long i = 24; i < n; i++) {
		memcpy(c, b, (size_t)n);
		c[i] ^= 0x81;
		put_bytes(q, c, n, 1);
		refused += test_load_or_refuse(q);
	}
	assert_true(refused > 0);
	ser_model_free(m);
}

/* The thesis networks given ranges: same networks, new space and note. */
static void tfjs_import_with_ranges(void **state)
{
	(void)state;
	ser_err err;
	char v[512], a[512];
	snprintf(v, sizeof v, "%s/thesis-models/valence", test_shared());
	snprintf(a, sizeof a, "%s/thesis-models/arousal", test_shared());
	ser_model *m = ser_tfjs_import(v, a, &err);
	if (!m)
		fail_msg("%s", err.msg);
	m->flags = SER_MODEL_CLAMP | SER_MODEL_UNCALIBRATED;
	ser_ranges_info info = { SER_RANGES_LO_PCT, SER_RANGES_HI_PCT, 0 };
	assert_int_equal(ser_model_set_ranges(m, "models/reference-ranges.csv",
					      NULL, &info, &err), 0);
	assert_string_equal(m->space, SER_FEATURE_SPACE);
	assert_true(info.n_files > 100);
	/* every extracted row maps into [0,1], answers stay finite */
	double X[8 * SER_N_FEATURES], out[16];
	FILE *f = fopen("tests/golden/meyda_features.csv", "r");
	assert_non_null(f);
	char line[8192];
	int n = 0;
	assert_non_null(fgets(line, sizeof line, f));
	while (n < 8 && fgets(line, sizeof line, f)) {
		char *s = strchr(line, ',');
		for (int j = 0; j < SER_N_FEATURES; j++) {
			assert_non_null(s);
			X[n * SER_N_FEATURES + j] = strtod(s + 1, &s);
		}
		n++;
	}
	fclose(f);
	assert_int_equal(n, 8);
	double xn[SER_N_FEATURES];
	for (int i = 0; i < n; i++) {
		ser_model_normalize(m, X + i * SER_N_FEATURES, xn);
		for (int j = 0; j < SER_N_FEATURES; j++)
			assert_true(xn[j] >= 0 && xn[j] <= 1);
	}
	assert_int_equal(ser_predict_rows(m, X, n, SER_NORM_MODEL, out, &err), 0);
	for (int i = 0; i < 2 * n; i++)
		assert_true(isfinite(out[i]) && fabs(out[i]) < 3);
	ser_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percentile_by_hand),
		cmocka_unit_test(ranges_constant_and_outlier),
		cmocka_unit_test(ranges_match_numpy),
		cmocka_unit_test(ranges_file_round_trip),
		cmocka_unit_test(bad_ranges_files),
		cmocka_unit_test(clamping),
		cmocka_unit_test(model_with_ranges_round_trips),
		cmocka_unit_test(tfjs_import_with_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
