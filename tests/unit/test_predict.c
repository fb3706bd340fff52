/* test_predict.c - normalization modes, output formats, feature mapping and
 * the audio file list of ser predict's library half. */
#include "testutil.h"
#include "familyutil.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ser/audiofiles.h"
#include "ser/features.h"
#include "ser/predict.h"

static const char *names2[] = { "f1", "f2" };

/* valence = SVR with no support vectors: f(x) = b; arousal = a 2 -> 1
 * linear MLP computing x'1 - x'2, so normalization is visible. */
static ser_model *make_model(void)
{
	ser_err err;
	ser_model *m = ser_model_new(2, names2, "space-a", &err);
	assert_non_null(m);
	m->min[0] = 0;
	m->max[0] = 10;
	m->min[1] = 5;
	m->max[1] = 5; /* constant in training */
	ser_svr *s = ser_svr_alloc(2, 0, &err);
	assert_non_null(s);
	s->gamma = 1;
	s->b = 0.25;
	ser_svr_params sp;
	ser_svr_params_default(&sp);
	test_set_svr(m, SER_VALENCE, s, &sp);
	ser_mlp *n = ser_mlp_new(2, NULL, 0, &err);
	assert_non_null(n);
	n->W[0][0] = 1;
	n->W[0][1] = -1;
	ser_mlp_params mp;
	ser_mlp_params_default(&mp);
	test_set_mlp(m, SER_AROUSAL, n, &mp);
	return m;
}

static void model_and_batch_normalization(void **state)
{
	(void)state;
	ser_err err;
	ser_model *m = make_model();
	double X[] = { 5, 7, 10, 9, 0, 8 }, out[6];
	assert_int_equal(ser_predict_rows(m, X, 3, SER_NORM_MODEL, out, &err), 0);
	/* model ranges: x1' = x1 / 10, x2' = 0 (max == min) */
	assert_true(out[0] == 0.25 && fabs(out[1] - 0.5) < 1e-7);
	assert_true(fabs(out[3] - 1.0) < 1e-7 && fabs(out[5] - 0.0) < 1e-7);
	/* the first row alone gives the same answer */
	double one[2];
	assert_int_equal(ser_predict_rows(m, X, 1, SER_NORM_MODEL, one, &err), 0);
	assert_true(one[1] == out[1]);
	/* batch: x1 in [0, 10], x2 in [7, 9]: row 0 -> 0.5 - 0 */
	assert_int_equal(ser_predict_rows(m, X, 3, SER_NORM_BATCH, out, &err), 0);
	assert_true(fabs(out[1] - 0.5) < 1e-7);
	assert_true(fabs(out[3] - (1.0 - 1.0)) < 1e-7);
	assert_true(fabs(out[5] - (0.0 - 0.5)) < 1e-7);
	/* batch of one: every feature constant -> all-zero input */
	assert_int_equal(ser_predict_rows(m, X + 2, 1, SER_NORM_BATCH, one, &err), 0);
	assert_true(fabs(one[1]) < 1e-7);
	/* a missing target is NaN */
	const ser_family *fv = m->reg[SER_VALENCE].spec.family;
	m->reg[SER_VALENCE].spec.family = NULL;
	assert_int_equal(ser_predict_rows(m, X, 1, SER_NORM_MODEL, one, &err), 0);
	assert_true(isnan(one[0]) && !isnan(one[1]));
	m->reg[SER_VALENCE].spec.family = fv;
	ser_model_free(m);
}

static void csv_and_json_output(void **state)
{
	(void)state;
	ser_err err;
	char p[512];
	char *files[] = { "a.wav", "odd, \"name\".wav", "c.wav" };
	double out[] = { 0.5, 0.5, -0.25, NAN, 0.001, -0.0001 };
	snprintf(p, sizeof p, "%s/pred.csv", test_tmp());
	FILE *f = fopen(p, "w");
	assert_int_equal(ser_predictions_write(f, SER_FMT_CSV, files, out, 3, p, &err), 0);
	fclose(f);
	char *c = test_slurp(p, NULL);
	assert_non_null(c);
	assert_string_equal(c,
		"file,valence,arousal,quadrant,emotion\n"
		"a.wav,0.500000,0.500000,pleasant-eventful,excited\n"
		"\"odd, \"\"name\"\".wav\",-0.250000,,,\n"
		"c.wav,0.001000,-0.000100,pleasant-uneventful,neutral\n");
	free(c);
	f = fopen(p, "w");
	assert_int_equal(ser_predictions_write(f, SER_FMT_JSON, files, out, 3, p, &err), 0);
	fclose(f);
	char *j = test_slurp(p, NULL);
	assert_non_null(j);
	assert_non_null(strstr(j, "\"file\":\t\"odd, \\\"name\\\".wav\""));
	assert_non_null(strstr(j, "\"arousal\":\tnull"));
	assert_non_null(strstr(j, "\"emotion\":\tnull"));
	assert_non_null(strstr(j, "\"quadrant\":\t\"pleasant-eventful\""));
	assert_non_null(strstr(j, "\"arousal\":\t-0.0001"));
	free(j);
}

static void feature_map_and_space(void **state)
{
	(void)state;
	ser_err err;
	ser_model *m = make_model();
	const char *cols[] = { "file", "x", "f2", "f1" };
	int col[2];
	assert_int_equal(ser_feature_map(m, cols, 4, col, "t.csv", &err), 0);
	assert_int_equal(col[0], 3);
	assert_int_equal(col[1], 2);
	assert_int_equal(ser_feature_map(m, cols, 3, col, "t.csv", &err), -1);
	assert_string_equal(err.msg, "t.csv: no feature 'f1' (the model needs its 2 features by name)");
	/* a ser extract table: the default space (it records none) */
	assert_string_equal(ser_csv_space(cols, 4), "ser-robust-v1");
	const char *emo[] = { "fileName", "rms_mean" }, *raw[] = { "", "rms_mean" };
	assert_string_equal(ser_csv_space(emo, 2), SER_SPACE_EMO);
	assert_string_equal(ser_csv_space(raw, 2), "emo-soundscapes-raw");
	char buf[256];
	assert_null(ser_space_warning(m, "space-a", buf, sizeof buf));
	assert_non_null(strstr(ser_space_warning(m, "space-b", buf, sizeof buf),
			       "not calibrated"));
	ser_model_free(m);
}

static void touch(const char *dir, const char *name)
{
	char p[1200];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
}

static void audio_file_list(void **state)
{
	(void)state;
	ser_err err;
	char d[400], sub[500];
	snprintf(d, sizeof d, "%s/af", test_tmp());
	snprintf(sub, sizeof sub, "%s/sub", d);
	mkdir(d, 0755);
	mkdir(sub, 0755);
	touch(d, "b.WAV");
	touch(d, "a.flac");
	touch(d, "notes.txt");
	touch(d, ".hidden.wav");
	touch(sub, "c.ogg");
	char *args[] = { d, "explicit.txt" };
	int n;
	char **f = ser_audio_files(args, 2, 0, &n, &err);
	assert_non_null(f);
	assert_int_equal(n, 3);
	assert_non_null(strstr(f[0], "/af/a.flac"));
	assert_non_null(strstr(f[1], "/af/b.WAV"));
	assert_string_equal(f[2], "explicit.txt"); /* files are taken as given */
	ser_strv_free(f, n);
	f = ser_audio_files(args, 1, 1, &n, &err);
	assert_int_equal(n, 3);
	assert_non_null(strstr(f[2], "/af/sub/c.ogg"));
	ser_strv_free(f, n);
	assert_true(ser_is_audio_name("x.Mp3") && !ser_is_audio_name("wav"));
}

/* What ser extract's own scan did and ser_audio_files now does for every
 * command: audio without an audio extension is found by libsndfile, a
 * symlinked directory is not walked (a loop would never end), other
 * non-audio files are left out. */
static void audio_file_list_probe(void **state)
{
	(void)state;
	ser_err err;
	char d[400], sub[500], p[700], q[700];
	snprintf(d, sizeof d, "%s/afp", test_tmp());
	snprintf(sub, sizeof sub, "%s/sub", d);
	mkdir(d, 0755);
	mkdir(sub, 0755);
	FILE *in = fopen("tests/data/click.wav", "rb");
	assert_non_null(in);
	snprintf(p, sizeof p, "%s/clip.dat", sub);
	FILE *out = fopen(p, "wb");
	assert_non_null(out);
	char buf[4096];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, k, out), k);
	fclose(in);
	fclose(out);
	touch(sub, "notes.dat");
	snprintf(p, sizeof p, "%s/sub/loop", d);
	unlink(p);
	assert_int_equal(symlink("..", p), 0);
	snprintf(q, sizeof q, "%s/z", d);
	unlink(q);
	assert_int_equal(symlink("sub", q), 0);
	char *args[] = { d };
	int n;
	char **f = ser_audio_files(args, 1, 1, &n, &err);
	assert_non_null(f);
	assert_int_equal(n, 1);
	assert_non_null(strstr(f[0], "/afp/sub/clip.dat"));
	ser_strv_free(f, n);
	args[0] = q; /* a symlinked directory named as a PATH is walked */
	f = ser_audio_files(args, 1, 0, &n, &err);
	assert_non_null(f);
	assert_int_equal(n, 1);
	assert_non_null(strstr(f[0], "/afp/z/clip.dat"));
	ser_strv_free(f, n);
}

typedef struct {
	int calls, last_done, monotone;
	double last;
} frac_log;

static void log_frac(void *ctx, double progress, int done, int total)
{
	frac_log *l = ctx;
	if (progress < l->last || done < l->last_done || total != 2)
		l->monotone = 0;
	l->last = progress;
	l->last_done = done;
	l->calls++;
}

/* ser extract's pool: per-file rows, NaN-marked failures and progress
 * that moves inside files and ends at the file count. */
static void extract_files_frac(void **state)
{
	(void)state;
	ser_err err;
	char *paths[] = { "tests/data/bell.wav", "tests/data/nope.wav" };
	double X[2 * SER_N_FEATURES], Y[2 * SER_N_FEATURES];
	char *errs[2], *errs1[2];
	frac_log l = { 0, 0, 1, 0 };
	assert_int_equal(ser_extract_files_frac(paths, 2, 1, SER_SPACE_MEYDA, X,
						errs, log_frac, &l, &err), 1);
	assert_true(l.monotone);
	assert_true(l.calls > 2); /* within bell.wav too, not only per file */
	assert_true(l.last == 2.0 && l.last_done == 2);
	assert_null(errs[0]);
	assert_true(isnan(X[SER_N_FEATURES]));
	assert_non_null(strstr(errs[1], "nope.wav"));
	/* the same rows as the per-file-callback form, in 2 threads */
	assert_int_equal(ser_extract_files(paths, 2, 2, SER_SPACE_MEYDA, Y,
					   errs1, NULL, NULL, &err), 1);
	assert_memory_equal(X, Y, SER_N_FEATURES * sizeof *X);
	free(errs[1]);
	free(errs1[1]);
}

/* ser_inputs_from_audio: the model's features in its order, unreadable
 * files left out with their message, and the same numbers as extraction. */
static void inputs_from_audio(void **state)
{
	(void)state;
	ser_err err;
	const char *want[] = { ser_feature_names[7], ser_feature_names[0] };
	ser_model *m = ser_model_new(2, want, SER_FEATURE_SPACE, &err);
	assert_non_null(m);
	char *paths[] = { "tests/data/bell.wav", "tests/data/nope.wav",
			  "tests/data/click.wav" };
	char *errs[3];
	int failed = -1;
	ser_inputs *in = ser_inputs_from_audio(m, paths, 3, 2,
					       ser_model_audio_space(m), errs,
					       &failed, NULL, NULL, &err);
	assert_non_null(in);
	assert_int_equal(failed, 1);
	assert_int_equal(in->n, 2);
	assert_int_equal(in->d, 2);
	assert_string_equal(in->files[1], "tests/data/click.wav");
	assert_string_equal(in->space, SER_FEATURE_SPACE);
	assert_null(errs[0]);
	assert_non_null(strstr(errs[1], "nope.wav"));
	double X[3 * SER_N_FEATURES];
	char *e2[3];
	assert_int_equal(ser_extract_files(paths, 3, 1, SER_SPACE_ROBUST, X, e2, NULL,
					   NULL, &err), 1);
	assert_true(in->X[0] == X[7] && in->X[1] == X[0]);
	assert_true(in->X[2] == X[2 * SER_N_FEATURES + 7]);
	ser_inputs_free(in);
	/* errs may be NULL */
	in = ser_inputs_from_audio(m, paths, 3, 1, SER_SPACE_ROBUST, NULL, NULL,
				   NULL, NULL, &err);
	assert_non_null(in);
	assert_int_equal(in->n, 2);
	ser_inputs_free(in);
	/* a model needing a feature ser does not extract */
	ser_model *m2 = make_model();
	assert_null(ser_inputs_from_audio(m2, paths, 3, 1, SER_SPACE_ROBUST, NULL,
					  NULL, NULL,
					  NULL, &err));
	assert_non_null(strstr(err.msg, "no feature 'f1'"));
	ser_model_free(m2);
	ser_model_free(m);
	for (int i = 0; i < 3; i++) {
		free(errs[i]);
		free(e2[i]);
	}
	ser_strv_free(NULL, 3); /* no-op */
}

/* The one features CSV writer: header, key columns, quoting, digits, and
 * failed (NaN) rows left out. */
static void features_csv_writer(void **state)
{
	(void)state;
	ser_err err;
	char p[1024];
	FILE *fp = fopen(test_tmp_path(p, sizeof p, "fw.csv"), "w+");
	assert_non_null(fp);
	char *files[] = { "a,b.wav", "bad.wav", "c.wav" };
	const char *names[] = { "x", "y" }, *kn[] = { "size" };
	char *keys[] = { "10", "20", "30" };
	double X[] = { 0.1, 2, NAN, 0, 1.0 / 3, -4 };
	ser_feature_table t = { .n = 3, .d = 2, .files = files, .X = X,
				.names = names, .n_keys = 1, .key_names = kn,
				.keys = keys, .digits = 9 };
	assert_int_equal(ser_features_write_csv(fp, &t, p, &err), 2);
	rewind(fp);
	char buf[256] = { 0 };
	assert_true(fread(buf, 1, sizeof buf - 1, fp) > 0);
	assert_string_equal(buf, "file,size,x,y\n\"a,b.wav\",10,0.1,2\n"
			    "c.wav,30,0.333333333,-4\n");
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(model_and_batch_normalization),
		cmocka_unit_test(csv_and_json_output),
		cmocka_unit_test(feature_map_and_space),
		cmocka_unit_test(audio_file_list),
		cmocka_unit_test(audio_file_list_probe),
		cmocka_unit_test(extract_files_frac),
		cmocka_unit_test(inputs_from_audio),
		cmocka_unit_test(features_csv_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
