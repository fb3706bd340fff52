/* test_cv.c - the CV engine: folds, bookkeeping, errors, and per-fold
 * scores and out-of-fold predictions equal to scikit-learn's (golden
 * files from tests/oracle/sklearn_cv.py). */
#include "synthdata.h"

#include <math.h>
#include <string.h>

#include "ser/cv.h"
#include "ser/mlp.h"
#include "ser/metrics.h"
#include "minmax.h"
#include "ser/table.h"

static int calls;
static void count_progress(void *ctx, int done, int total, const char *model,
			   const char *target, int fold)
{
	(void)ctx;
	(void)fold;
	calls++;
	assert_int_equal(done, calls);
	assert_int_equal(total, 2 * 4);
	assert_string_equal(model, "svr");
	assert_true(!strcmp(target, "arousal") || !strcmp(target, "valence"));
}

static void bookkeeping(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("bk", 50, 2);
	ser_cv_opts o;
	ser_cv_opts_default(&o);
	assert_int_equal(o.k, 10);
	assert_int_equal(o.n_targets, 2);
	assert_int_equal(o.targets[0], SER_AROUSAL);
	o.k = 4;
	o.seed = 9;
	o.progress = count_progress;
	calls = 0;
	ser_cv_result *r = ser_cv_run(ds, &o, &err);
	assert_non_null(r);
	assert_int_equal(calls, 8);
	int size[4] = { 0 };
	for (int i = 0; i < r->n; i++)
		size[r->fold_of[i]]++;
	assert_int_equal(size[0], 13);  /* 50 = 13 + 13 + 12 + 12 */
	assert_int_equal(size[1], 13);
	assert_int_equal(size[3], 12);
	/* scores are those of the stored out-of-fold predictions */
	for (int t = 0; t < 2; t++) {
		const double *y = ds->y[r->targets[t]];
		const double *p = &r->pred[ser_cv_at(r, 0, t) * r->n];
		for (int f = 0; f < 4; f++) {
			double yt[50], yp[50];
			int m = 0;
			for (int i = 0; i < r->n; i++)
				if (r->fold_of[i] == f) {
					yt[m] = y[i];
					yp[m++] = p[i];
				}
			long c = ser_cv_at(r, 0, t) * r->k + f;
			assert_true(r->r2[c] == ser_r2(yt, yp, m));
			assert_true(r->mse[c] == ser_mse(yt, yp, m));
		}
		double a, b, c, d;
		ser_cv_summary(r, 0, t, &a, &b, &c, &d);
		assert_true(a == ser_mean(&r->r2[ser_cv_at(r, 0, t) * 4], 4));
		assert_true(d == ser_std(&r->mse[ser_cv_at(r, 0, t) * 4], 4));
	}
	/* same seed, same everything; no shuffle = consecutive folds */
	o.progress = NULL;
	ser_cv_result *r2 = ser_cv_run(ds, &o, &err);
	assert_non_null(r2);
	assert_memory_equal(r->pred, r2->pred, 2 * 50 * sizeof *r->pred);
	ser_cv_result_free(r2);
	o.shuffle = 0;
	o.n_targets = 1;
	o.targets[0] = SER_VALENCE;
	r2 = ser_cv_run(ds, &o, &err);
	assert_non_null(r2);
	assert_int_equal(r2->fold_of[0], 0);
	assert_int_equal(r2->fold_of[12], 0);
	assert_int_equal(r2->fold_of[13], 1);
	assert_int_equal(r2->fold_of[49], 3);
	assert_int_equal(r2->targets[0], SER_VALENCE);
	ser_cv_result_free(r2);
	ser_cv_result_free(r);

	/* errors */
	o.k = 51;
	assert_null(ser_cv_run(ds, &o, &err));
	assert_non_null(strstr(err.msg, "50 rows, fewer than the 51 folds"));
	o.k = 1;
	assert_null(ser_cv_run(ds, &o, &err));
	assert_non_null(strstr(err.msg, "at least 2 folds"));
	o.k = 3;
	ser_spec_default(&o.models[0], ser_family_by_name("mlp"));
	((ser_mlp_spec *)ser_spec_params(&o.models[0]))->p.dropout = 1;
	assert_null(ser_cv_run(ds, &o, &err));
	assert_non_null(strstr(err.msg, "cv: mlp, valence, fold 0: mlp: dropout 1 is not in [0, 1)"));
	ser_spec_default(&o.models[0], ser_family_by_name("svr"));
	free(ds->y[SER_VALENCE]);
	ds->y[SER_VALENCE] = NULL;
	assert_null(ser_cv_run(ds, &o, &err));
	assert_non_null(strstr(err.msg, "no valence labels"));
	ser_dataset_free(ds);
	assert_int_equal(ser_family_by_name("svr")->id, SER_FAMILY_SVR);
	assert_int_equal(ser_family_by_name("mlp")->id, SER_FAMILY_MLP);
	assert_null(ser_family_by_name("knn"));
}

/* Compare a run with the oracle's golden files for NAME. */
static void check_golden(const char *name, ser_dataset *ds, int k)
{
	char p[1024];
	ser_err err;
	ser_cv_opts o;
	ser_cv_opts_default(&o);
	o.k = k;
	o.seed = 0;
	ser_cv_result *r = ser_cv_run(ds, &o, &err);
	assert_non_null(r);
	ser_table *t = ser_table_read(TEST_PATH(p, "tests/golden/cv_%s_folds.csv", name), 1, &err);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 2 * k);
	for (int i = 0; i < t->n_rows; i++) {
		int tg = strcmp(ser_table_get(t, i, 0), "arousal") ? 1 : 0;
		int f = atoi(ser_table_get(t, i, 1));
		double r2, mse;
		assert_int_equal(ser_table_double(t, i, 2, &r2, &err), 0);
		assert_int_equal(ser_table_double(t, i, 3, &mse, &err), 0);
		long c = ser_cv_at(r, 0, tg) * k + f;
		if (fabs(r->r2[c] - r2) > 1e-6 || fabs(r->mse[c] - mse) > 1e-7)
			fail_msg("%s %s fold %d: ser r2 %.9g mse %.9g, sklearn %.9g %.9g",
				 name, ser_table_get(t, i, 0), f, r->r2[c], r->mse[c], r2, mse);
	}
	ser_table_free(t);
	t = ser_table_read(TEST_PATH(p, "tests/golden/cv_%s_pred.csv", name), 1, &err);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 2 * ds->n);
	for (int i = 0; i < t->n_rows; i++) {
		int tg = strcmp(ser_table_get(t, i, 0), "arousal") ? 1 : 0;
		int f = atoi(ser_table_get(t, i, 1));
		const char *file = ser_table_get(t, i, 2);
		int row = -1;
		for (int j = 0; j < ds->n; j++)
			if (!strcmp(ds->files[j], file))
				row = j;
		assert_true(row >= 0);
		assert_int_equal(r->fold_of[row], f);  /* same folds as the oracle's PRNG */
		double v;
		assert_int_equal(ser_table_double(t, i, 3, &v, &err), 0);
		double got = r->pred[ser_cv_at(r, 0, tg) * r->n + row];
		if (fabs(got - v) > 1e-6)
			fail_msg("%s %s %s: ser %.9g sklearn %.9g", name,
				 ser_table_get(t, i, 0), file, got, v);
	}
	ser_table_free(t);
	ser_cv_result_free(r);
}

static void matches_sklearn(void **state)
{
	(void)state;
	ser_dataset *ds = test_synth("gold", 200, 1);
	check_golden("synth", ds, 5);
	ser_dataset_free(ds);
	char p[1024];
	ser_err err;
	ds = ser_dataset_load_emo(TEST_PATH(p, "%s/fixtures/emo-soundscapes-mini", test_shared()), NULL, &err);
	assert_non_null(ds);
	check_golden("mini", ds, 3);
	ser_dataset_free(ds);
}

static void reports(void **state)
{
	(void)state;
	char p[1024];
	ser_err err;
	ser_dataset *ds = test_synth("rep", 30, 3);
	/* a name that needs quoting in the predictions CSV */
	free(ds->files[0]);
	ds->files[0] = strdup("a,\"b\".wav");
	ser_cv_opts o;
	ser_cv_opts_default(&o);
	o.k = 3;
	ser_cv_result *r = ser_cv_run(ds, &o, &err);
	assert_non_null(r);
	assert_int_equal(ser_cv_write_predictions(r, ds, TEST_PATH(p, "%s/pred.csv", test_tmp()), &err), 0);
	ser_table *t = ser_table_read(p, 1, &err);
	assert_non_null(t);
	assert_int_equal(t->n_cols, 6);
	assert_string_equal(t->header[5], "y_pred");
	assert_int_equal(t->n_rows, 60);
	int seen = 0;
	for (int i = 0; i < t->n_rows; i++)
		if (!strcmp(ser_table_get(t, i, 3), "a,\"b\".wav"))
			seen++;
	assert_int_equal(seen, 2);
	assert_string_equal(ser_table_get(t, 0, 0), "svr");
	assert_string_equal(ser_table_get(t, 0, 1), "arousal");
	assert_string_equal(ser_table_get(t, 0, 2), "0");
	assert_string_equal(ser_table_get(t, 59, 1), "valence");
	assert_string_equal(ser_table_get(t, 59, 2), "2");
	ser_table_free(t);
	assert_int_equal(ser_cv_write_predictions(r, ds, "/nonexistent/p.csv", &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/p.csv: cannot write"));
	FILE *fp = fopen(TEST_PATH(p, "%s/rep.json", test_tmp()), "w");
	assert_int_equal(ser_cv_write_json(r, ds, fp, &err), 0);
	fclose(fp);
	fp = fopen(p, "r");
	char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	assert_true(!strncmp(buf, "{\"folds\":3,\"seed\":0,", 20));
	assert_non_null(strstr(buf, "\"results\":{\"svr\":{\"arousal\":{\"r2\":["));
	assert_non_null(strstr(buf, "\"valence\":{\"r2\":["));
	assert_non_null(strstr(buf, "\"mse_std\":"));
	ser_cv_result_free(r);
	ser_dataset_free(ds);
}

static void minmax_scaling(void **state)
{
	(void)state;
	/* 3 rows x 2 columns; the second column is constant */
	double X[6] = { 1, 5, 3, 5, 2, 5 }, lo[2], hi[2], Xn[6];
	ser_minmax_fit(X, 3, 2, lo, hi);
	assert_true(lo[0] == 1 && hi[0] == 3 && lo[1] == 5 && hi[1] == 5);
	ser_minmax_apply(lo, hi, 2, X, 3, Xn);
	assert_true(Xn[0] == 0 && Xn[2] == 1 && Xn[4] == 0.5);
	assert_true(Xn[1] == 0 && Xn[3] == 0 && Xn[5] == 0);
	double out[4] = { -3, 0.25, 1, 7 };
	ser_minmax_clip(out, 4);
	assert_true(out[0] == 0 && out[1] == 0.25 && out[2] == 1 && out[3] == 1);
}

/* Per-fold scaling: the default for anything but Normalized_Features.csv,
 * fitted on training rows only, so an affine change of units of any column
 * leaves every fold's score unchanged. */
static void fold_normalization(void **state)
{
	(void)state;
	ser_err err;
	ser_dataset *ds = test_synth("fn", 120, 3);
	ser_cv_opts o;
	ser_cv_opts_default(&o);
	o.k = 4;
	o.n_models = 2;
	ser_spec_default(&o.models[1], ser_family_by_name("mlp"));
	ser_mlp_spec *ms = ser_spec_params(&o.models[1]);
	ms->p.epochs = 2;
	ms->p.batch = 8;
	ser_cv_result *none = ser_cv_run(ds, &o, &err);
	assert_non_null(none);
	assert_int_equal(none->normalize, SER_CV_NORM_NONE); /* auto, emo table */

	strcpy(ds->space, "csv");
	ser_cv_result *fold = ser_cv_run(ds, &o, &err);
	assert_non_null(fold);
	assert_int_equal(fold->normalize, SER_CV_NORM_FOLD); /* auto, other */
	for (long i = 0; i < (long)ds->n * ds->d; i++) {
		int j = (int)(i % ds->d);
		ds->X[i] = ds->X[i] * 1000.0 * (j + 1) - 7.0 * j;
	}
	ser_cv_result *scaled = ser_cv_run(ds, &o, &err);
	assert_non_null(scaled);
	o.normalize = SER_CV_NORM_NONE;
	ser_cv_result *raw = ser_cv_run(ds, &o, &err);
	assert_non_null(raw);
	int differs = 0;
	for (int c = 0; c < 2 * 2; c++)
		for (int f = 0; f < 4; f++) {
			long at = (long)c * 4 + f;
			double tol = c < 2 ? 1e-9 : 1e-4;  /* svr double, mlp float */
			assert_true(fabs(fold->r2[at] - scaled->r2[at]) < tol);
			differs |= fabs(raw->r2[at] - scaled->r2[at]) > 1e-3;
		}
	assert_true(differs);  /* unscaled, the units matter */
	ser_cv_result_free(none);
	ser_cv_result_free(fold);
	ser_cv_result_free(scaled);
	ser_cv_result_free(raw);
	ser_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bookkeeping),
		cmocka_unit_test(matches_sklearn),
		cmocka_unit_test(reports),
		cmocka_unit_test(minmax_scaling),
		cmocka_unit_test(fold_normalization),
	};
	return cmocka_run_group_tests_name("cv", tests, NULL, NULL);
}
