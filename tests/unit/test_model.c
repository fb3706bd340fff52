/* test_model.c - the .ser model file (round trips, every kind of damage)
 * and the TF.js import checked against TensorFlow.js's own predictions. */
#include "modelbytes.h"
#include "familyutil.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ser/features.h"
#include "ser/model.h"
#include "ser/table.h"
#include "ser/tfjs.h"

static const char *names3[] = { "a", "b", "c" };

/* A hand-built 3-feature model: SVR for valence, 3->4->2->1 MLP for
 * arousal, non-trivial normalizer. No training code involved. */
static ser_model *make_model(void)
{
	ser_err err;
	ser_model *m = ser_model_new(3, names3, "test-space", &err);
	assert_non_null(m);
	double X[] = { 0, 10, -1, 2, 30, 1, 1, 20, 0 };
	ser_model_fit_normalizer(m, X, 3);
	assert_true(m->min[1] == 10 && m->max[1] == 30);

	ser_svr *s = ser_svr_alloc(3, 2, &err);
	assert_non_null(s);
	s->gamma = 0.5;
	s->b = 0.125;
	double sv[] = { 0.1, 0.2, 0.3, 0.9, 0.5, 0.1 };
	memcpy(s->sv, sv, sizeof sv);
	s->coef[0] = 0.75;
	s->coef[1] = -1.25;
	ser_svr_params sp;
	ser_svr_params_default(&sp);
	sp.C = 2.5;
	sp.kernel_f32 = 0;
	test_set_svr(m, SER_VALENCE, s, &sp);

	int hidden[] = { 4, 2 };
	ser_mlp *n = ser_mlp_new(3, hidden, 2, &err);
	assert_non_null(n);
	for (int l = 0; l < n->n_layers; l++) {
		for (int i = 0; i < n->sizes[l] * n->sizes[l + 1]; i++)
			n->W[l][i] = (float)(((i * 7 + l * 3) % 11) - 5) / 7.0f;
		for (int i = 0; i < n->sizes[l + 1]; i++)
			n->b[l][i] = 0.01f * (float)(i + l);
	}
	ser_mlp_params mp;
	ser_mlp_params_default(&mp);
	mp.epochs = 100;
	mp.batch = 32;
	mp.seed = 99;
	test_set_mlp(m, SER_AROUSAL, n, &mp);
	assert_int_equal(ser_model_set_str(&m->data, "hand-made", &err), 0);
	m->seed = 42;
	return m;
}

static void predict_both(const ser_model *m, const double *x, double out[2])
{
	double xn[3];
	ser_model_normalize(m, x, xn);
	out[0] = ser_model_predict_target(m, SER_VALENCE, xn);
	out[1] = ser_model_predict_target(m, SER_AROUSAL, xn);
}

static void roundtrip_identical_predictions(void **state)
{
	(void)state;
	ser_err err;
	char p[512];
	ser_model *m = make_model();
	assert_int_equal(ser_model_save(m, test_tmp_path(p, sizeof p, "rt.ser"), &err), 0);
	ser_model *r = ser_model_load(p, &err);
	if (!r)
		fail_msg("%s", err.msg);
	assert_int_equal(r->d, 3);
	assert_string_equal(r->space, "test-space");
	assert_string_equal(r->feat_names[2], "c");
	assert_string_equal(r->data, "hand-made");
	assert_string_equal(r->date, m->date);
	assert_true(r->seed == 42);
	assert_int_equal(test_family_id(r, SER_VALENCE), SER_FAMILY_SVR);
	assert_int_equal(test_family_id(r, SER_AROUSAL), SER_FAMILY_MLP);
	assert_true(test_svr_params(r, SER_VALENCE)->C == 2.5);
	assert_int_equal(test_svr_params(r, SER_VALENCE)->kernel_f32, 0);
	assert_int_equal(test_mlp_params(r, SER_AROUSAL)->batch, 32);
	assert_int_equal(((ser_mlp *)r->reg[SER_AROUSAL].fit)->sizes[2], 2);
	double xs[][3] = { { 0, 10, -1 }, { 1.5, 17, 0.3 }, { 5, 50, 3 } };
	for (int i = 0; i < 3; i++) {
		double a[2], b[2];
		predict_both(m, xs[i], a);
		predict_both(r, xs[i], b);
		assert_true(a[0] == b[0] && a[1] == b[1]); /* bit-identical */
		assert_true(isfinite(a[0]) && isfinite(a[1]));
	}
	/* the SVR formula by hand for one point */
	double xn[3], x[3] = { 1, 20, 0 };
	ser_model_normalize(m, x, xn);
	assert_true(xn[0] == 0.5 && xn[1] == 0.5 && xn[2] == 0.5);
	double want = 0.125 + 0.75 * exp(-0.5 * (0.16 + 0.09 + 0.04)) -
		      1.25 * exp(-0.5 * (0.16 + 0 + 0.16));
	assert_true(fabs(ser_model_predict_target(m, SER_VALENCE, xn) - want) < 1e-12);
	/* saving the loaded model gives the same bytes */
	char p2[512];
	assert_int_equal(ser_model_save(r, test_tmp_path(p2, sizeof p2, "rt2.ser"), &err), 0);
	FILE *f1 = fopen(p, "rb"), *f2 = fopen(p2, "rb");
	static unsigned char b1[1 << 16], b2[1 << 16];
	size_t n1 = fread(b1, 1, sizeof b1, f1), n2 = fread(b2, 1, sizeof b2, f2);
	fclose(f1);
	fclose(f2);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, n1);
	ser_model_free(m);
	ser_model_free(r);
}

static void one_target_and_constant_feature(void **state)
{
	(void)state;
	ser_err err;
	char p[512];
	ser_model *m = make_model();
	ser_spec none = { 0 };
	ser_model_set(m, SER_VALENCE, &none, NULL);
	m->min[0] = m->max[0] = 3; /* constant in training -> 0 */
	assert_int_equal(ser_model_save(m, test_tmp_path(p, sizeof p, "one.ser"), &err), 0);
	ser_model *r = ser_model_load(p, &err);
	assert_non_null(r);
	assert_false(ser_model_has(r, SER_VALENCE));
	assert_true(ser_model_has(r, SER_AROUSAL));
	double x[3] = { 7, 10, -1 }, xn[3];
	ser_model_normalize(r, x, xn);
	assert_true(xn[0] == 0);
	assert_true(isnan(ser_model_predict_target(r, SER_VALENCE, xn)));
	/* no target at all: refused */
	const ser_family *fa = r->reg[SER_AROUSAL].spec.family;
	r->reg[SER_AROUSAL].spec.family = NULL;
	assert_int_equal(ser_model_save(r, test_tmp_path(p, sizeof p, "none.ser"), &err), -1);
	assert_non_null(strstr(err.msg, "neither valence nor arousal"));
	r->reg[SER_AROUSAL].spec.family = fa;
	ser_model_free(m);
	ser_model_free(r);
}

static void expect_load_error(const char *path, const char *needle)
{
	ser_err err;
	ser_model *m = ser_model_load(path, &err);
	if (m)
		fail_msg("%s loaded, wanted '%s'", path, needle);
	if (!strstr(err.msg, needle))
		fail_msg("error '%s' lacks '%s'", err.msg, needle);
	assert_non_null(strstr(err.msg, path)); /* names the file */
}

static void damaged_files_are_rejected(void **state)
{
	(void)state;
	ser_err err;
	char p[512], q[512];
	static unsigned char b[1 << 16], c[1 << 16];
	ser_model *m = make_model();
	assert_int_equal(ser_model_save(m, test_tmp_path(p, sizeof p, "good.ser"), &err), 0);
	ser_model_free(m);
	long n = test_read_bytes(p, b, sizeof b);
	assert_true(n > 100);
	test_tmp_path(q, sizeof q, "bad.ser");

	/* every single flipped payload byte is caught by the CRC */
	for (long i = 24; i < n; i += 7) {
		memcpy(c, b, (size_t)n);
		c[i] ^= 0x5a;
		test_write_bytes(q, c, n);
		expect_load_error(q, "CRC-32 mismatch");
	}
	/* truncated anywhere */
	for (long k = 0; k < n; k += 13) {
		test_write_bytes(q, b, k);
		expect_load_error(q, k < 8 ? "not a ser model" :
				  k < 24 ? "truncated" : "truncated");
	}
	/* extended */
	memcpy(c, b, (size_t)n);
	c[n] = 0;
	test_write_bytes(q, c, n + 1);
	expect_load_error(q, "data after");
	/* foreign */
	test_write_bytes(q, (const unsigned char *)"RIFF\0\0\0\0WAVEfmt ", 16);
	expect_load_error(q, "not a ser model");
	/* future version */
	memcpy(c, b, (size_t)n);
	c[8] = 9;
	test_write_bytes(q, c, n);
	expect_load_error(q, "version 9 is not supported");
	/* missing */
	expect_load_error(test_tmp_path(q, sizeof q, "nope.ser"), "cannot open");
}

static void inconsistent_payload_is_rejected(void **state)
{
	(void)state;
	ser_err err;
	char p[512], q[512];
	static unsigned char b[1 << 16], c[1 << 16];
	ser_model *m = make_model();
	assert_int_equal(ser_model_save(m, test_tmp_path(p, sizeof p, "g2.ser"), &err), 0);
	ser_model_free(m);
	long n = test_read_bytes(p, b, sizeof b);
	test_tmp_path(q, sizeof q, "bad2.ser");

	/* feature count 3 -> 4: names run short / sizes disagree */
	memcpy(c, b, (size_t)n);
	c[24] = 4;
	test_fix_crc(c, n);
	test_write_bytes(q, c, n);
	expect_load_error(q, "corrupt model");
	/* feature count huge */
	memcpy(c, b, (size_t)n);
	c[27] = 0x7f;
	test_fix_crc(c, n);
	test_write_bytes(q, c, n);
	expect_load_error(q, "feature count");
	/* a NaN in the normalizer: min of feature 1 follows d, space, names */
	long at = 24 + 4 + 4 + 10 + 3 * (4 + 1);
	memcpy(c, b, (size_t)n);
	memset(c + at, 0xff, 8);
	test_fix_crc(c, n);
	test_write_bytes(q, c, n);
	expect_load_error(q, "normalizer");
	/* unknown kind for valence: find it after the provenance strings */
	ser_model *mm = make_model();
	long kind_at = at + 3 * 16 + 4 + (long)strlen(mm->origin) + 4 + 9 + 8 +
		       4 + (long)strlen(mm->date) + 4 + (long)strlen(mm->version);
	ser_model_free(mm);
	assert_int_equal(b[kind_at], SER_FAMILY_SVR);
	memcpy(c, b, (size_t)n);
	c[kind_at] = 7;
	test_fix_crc(c, n);
	test_write_bytes(q, c, n);
	expect_load_error(q, "unknown model kind 7");
	/* support-vector count too large for the file */
	memcpy(c, b, (size_t)n);
	long nsv_at = kind_at + 4 + 8 + 8 + 4 + 8 + 8 + 4 + 8 + 4;
	assert_int_equal(c[nsv_at], 2);
	c[nsv_at] = 200;
	test_fix_crc(c, n);
	test_write_bytes(q, c, n);
	expect_load_error(q, "do not fit");
}

/* Every byte of the payload changed, with the CRC made right again: the
 * structural checks must either accept a still-consistent file or refuse
 * it with a message - never crash or read out of bounds (run under ASan
 * by make check-asan). */
static void every_byte_changed_behind_the_crc(void **state)
{
	(void)state;
	ser_err err;
	char p[512], q[512];
	static unsigned char b[1 << 16], c[1 << 16];
	ser_model *m = make_model();
	assert_int_equal(ser_model_save(m, test_tmp_path(p, sizeof p, "fz.ser"), &err), 0);
	ser_model_free(m);
	long n = test_read_bytes(p, b, sizeof b);
	test_tmp_path(q, sizeof q, "fz-bad.ser");
	static const unsigned char deltas[] = { 0x01, 0x80, 0xff };
	int refused = 0;
	for (long i = 24; i < n; i++)
		for (size_t k = 0; k < sizeof deltas; k++) {
			memcpy(c, b, (size_t)n);
			c[i] ^= deltas[k];
			test_fix_crc(c, n);
			test_write_bytes(q, c, n);
			refused += test_load_or_refuse(q);
		}
	assert_true(refused > 0);
}

static void unwritable_output_fails(void **state)
{
	(void)state;
	ser_err err;
	ser_model *m = make_model();
	assert_int_equal(ser_model_save(m, "/nonexistent-dir/x.ser", &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent-dir/x.ser"));
	ser_model_free(m);
}

/* ---- TF.js import ---- */

static void tfjs_matches_tensorflow_js(void **state)
{
	(void)state;
	ser_err err;
	char v[512], a[512], p[512];
	snprintf(v, sizeof v, "%s/thesis-models/valence", test_shared());
	snprintf(a, sizeof a, "%s/thesis-models/arousal", test_shared());
	ser_model *m = ser_tfjs_import(v, a, &err);
	if (!m)
		fail_msg("%s", err.msg);
	assert_int_equal(m->d, 74);
	assert_string_equal(m->space, SER_SPACE_EMO);
	assert_true(m->min[10] == 0 && m->max[10] == 1);
	assert_int_equal(((ser_mlp *)m->reg[SER_VALENCE].fit)->sizes[1], 50);
	assert_true(fabsf(test_mlp_params(m, SER_AROUSAL)->dropout - 0.2f) < 1e-6f);
	/* through a file, as ser predict would use it */
	assert_int_equal(ser_model_save(m, test_tmp_path(p, sizeof p, "thesis.ser"), &err), 0);
	ser_model_free(m);
	m = ser_model_load(p, &err);
	assert_non_null(m);

	ser_table *t = ser_table_read(TEST_PATH(p, "%s/fixtures/emo-soundscapes-mini/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv", test_shared()), 1, &err);
	assert_non_null(t);
	int col[74];
	for (int j = 0; j < 74; j++)
		assert_true((col[j] = ser_table_col(t, ser_feature_names[j])) >= 0);
	FILE *g = fopen("tests/golden/tfjs_thesis.csv", "r");
	assert_non_null(g);
	char line[1024];
	int row = 0;
	while (fgets(line, sizeof line, g)) {
		if (line[0] == '#' || !strncmp(line, "file,", 5))
			continue;
		char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		assert_non_null(c2);
		*c1 = 0;
		assert_string_equal(line, ser_table_get(t, row, 0));
		double want_v = atof(c1 + 1), want_a = atof(c2 + 1), x[74], xn[74];
		for (int j = 0; j < 74; j++)
			assert_int_equal(ser_table_double(t, row, col[j], &x[j], &err), 0);
		ser_model_normalize(m, x, xn);
		double gv = ser_model_predict_target(m, SER_VALENCE, xn);
		double ga = ser_model_predict_target(m, SER_AROUSAL, xn);
		if (fabs(gv - want_v) > 1e-5 || fabs(ga - want_a) > 1e-5)
			fail_msg("row %d: ser %.9f %.9f, tf.js %.9f %.9f", row, gv,
				 ga, want_v, want_a);
		row++;
	}
	fclose(g);
	assert_int_equal(row, 9);
	ser_table_free(t);
	ser_model_free(m);
}

/* Write DIR/model.json (and a shard of nbytes zero bytes). */
static void make_tfjs(const char *dir, const char *json, long nbytes)
{
	char p[600];
	mkdir(dir, 0755);
	snprintf(p, sizeof p, "%s/model.json", dir);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(json, f);
	fclose(f);
	snprintf(p, sizeof p, "%s/w.bin", dir);
	f = fopen(p, "wb");
	for (long i = 0; i < nbytes; i++)
		fputc(0, f);
	fclose(f);
}

#define TOPO(L) "{\"format\":\"layers-model\",\"modelTopology\":{\"model_config\":{\"class_name\":\"Sequential\",\"config\":{\"layers\":[" L "]}}},"
#define DENSE(n, u, act, extra) "{\"class_name\":\"Dense\",\"config\":{\"name\":\"" n "\",\"units\":" #u ",\"activation\":\"" act "\"" extra "}}"
#define IN2 ",\"batch_input_shape\":[null,2]"
#define MAN(W) "\"weightsManifest\":[{\"paths\":[\"w.bin\"],\"weights\":[" W "]}]}"
#define WT(n, s) "{\"name\":\"" n "\",\"shape\":" s ",\"dtype\":\"float32\"}"

/* Found by fuzzing (tests/fuzz/tfjs/regress/nan-weight-*.bin): a NaN or
 * Inf in a shard was imported, and only the model check refused it later
 * without naming the weight. */
static void tfjs_nan_weight(void **state)
{
	(void)state;
	ser_err err;
	char d[512], p[600];
	snprintf(d, sizeof d, "%s/tfjs-nan", test_tmp());
	make_tfjs(d, TOPO(DENSE("a", 1, "linear", IN2))
		  MAN(WT("a/kernel", "[2,1]") "," WT("a/bias", "[1]")), 0);
	static const unsigned char w[12] = { 0, 0, 0x80, 0x3f,  0, 0, 0xc0, 0x7f,
					     0, 0, 0, 0 };  /* 1, NaN, 0 */
	snprintf(p, sizeof p, "%s/w.bin", d);
	test_write_bytes(p, w, sizeof w);
	assert_null(ser_tfjs_read_mlp(d, NULL, &err));
	if (!strstr(err.msg, "weight 'a/kernel' holds NaN or Inf (value 1; shard bytes 4..8)"))
		fail_msg("%s", err.msg);
}

static void tfjs_bad_inputs(void **state)
{
	(void)state;
	ser_err err;
	char d[512];
	float drop;
	static const struct {
		const char *json;
		long bytes;
		const char *msg;
	} cases[] = {
		{ TOPO(DENSE("a", 1, "linear", IN2)) MAN(WT("a/kernel", "[2,1]") "," WT("a/bias", "[1]")), 12, NULL },
		{ TOPO(DENSE("a", 1, "linear", IN2)) MAN(WT("a/kernel", "[2,1]") "," WT("a/bias", "[1]")), 8, "too short" },
		{ TOPO(DENSE("a", 1, "linear", IN2)) MAN(WT("a/kernel", "[2,1]") "," WT("a/bias", "[1]")), 16, "manifest describes" },
		{ TOPO(DENSE("a", 1, "sigmoid", IN2)) MAN(WT("a/kernel", "[2,1]")), 8, "activation 'sigmoid'" },
		{ TOPO(DENSE("a", 3, "relu", IN2) "," DENSE("b", 1, "relu", "")) MAN(""), 0, "output layer 'b' uses relu" },
		{ TOPO(DENSE("a", 2, "linear", IN2)) MAN(""), 0, "2 units" },
		{ TOPO("{\"class_name\":\"Conv1D\",\"config\":{\"name\":\"c\"}}") MAN(""), 0, "only Dense and Dropout" },
		{ TOPO(DENSE("a", 1, "linear", IN2)) MAN(WT("a/kernel", "[3,1]")), 12, "wrong shape" },
		{ TOPO(DENSE("a", 1, "linear", IN2)) MAN(WT("a/bias", "[1]")), 4, "no kernel" },
		{ TOPO(DENSE("a", 1, "linear", IN2)) MAN("{\"name\":\"a/kernel\",\"shape\":[2,1],\"dtype\":\"int32\"}"), 8, "dtype int32" },
		{ TOPO(DENSE("a", 1, "linear", "")) MAN(""), 0, "input shape unknown" },
		{ "{\"format\":\"graph-model\"}", 0, "graph models" },
		{ "{not json", 0, "not valid JSON" },
		{ TOPO(DENSE("a", 1, "linear", IN2) ",{\"class_name\":\"Dropout\",\"config\":{\"rate\":5}}")
		  MAN(WT("a/kernel", "[2,1]") "," WT("a/bias", "[1]")), 12, "Dropout rate 5 outside [0, 1)" },
		{ TOPO(DENSE("a", 1, "linear", IN2) ",{\"class_name\":\"Dropout\",\"config\":{\"rate\":-0.5}}")
		  MAN(WT("a/kernel", "[2,1]") "," WT("a/bias", "[1]")), 12, "Dropout rate -0.5" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(d, sizeof d, "%s/tfjs%zu", test_tmp(), i);
		make_tfjs(d, cases[i].json, cases[i].bytes);
		ser_mlp *m = ser_tfjs_read_mlp(d, &drop, &err);
		if (!cases[i].msg) {
			if (!m)
				fail_msg("case %zu: %s", i, err.msg);
			assert_int_equal(m->sizes[0], 2);
			ser_mlp_free(m);
			continue;
		}
		if (m)
			fail_msg("case %zu imported, wanted '%s'", i, cases[i].msg);
		if (!strstr(err.msg, cases[i].msg) || !strstr(err.msg, d))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].msg);
	}
	/* a 2-input network is not one of ser's 74-feature models */
	snprintf(d, sizeof d, "%s/tfjs0", test_tmp());
	assert_null(ser_tfjs_import(d, NULL, &err));
	assert_non_null(strstr(err.msg, "takes 2 inputs"));
	assert_null(ser_tfjs_read_mlp("/nonexistent", &drop, &err));
	assert_non_null(strstr(err.msg, "/nonexistent/model.json"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roundtrip_identical_predictions),
		cmocka_unit_test(one_target_and_constant_feature),
		cmocka_unit_test(damaged_files_are_rejected),
		cmocka_unit_test(inconsistent_payload_is_rejected),
		cmocka_unit_test(every_byte_changed_behind_the_crc),
		cmocka_unit_test(unwritable_output_fails),
		cmocka_unit_test(tfjs_matches_tensorflow_js),
		cmocka_unit_test(tfjs_bad_inputs),
		cmocka_unit_test(tfjs_nan_weight),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
