/* test_tune.c - grids (grid.h), ser tune (tune.h) against scikit-learn's
 * GridSearchCV, nested CV and permutation importance (cv.h), and the
 * thread count not changing a byte. */
#include "synthdata.h"
#include "golden.h"

#include <math.h>
#include <string.h>

#include "ser/cv.h"
#include "ser/grid.h"
#include "ser/tune.h"

static ser_grid *grid_of(const char *family, const char *const *dims)
{
	ser_err err;
	ser_spec base;
	ser_spec_default(&base, ser_family_by_name(family));
	ser_grid *g = ser_grid_new(&base, &err);
	assert_non_null(g);
	for (int i = 0; dims[i]; i += 2)
		if (ser_grid_add(g, ser_param_index(base.family, dims[i]), dims[i + 1],
				 &err) < 0)
			fail_msg("%s", err.msg);
	return g;
}

static void grid_syntax(void **state)
{
	(void)state;
	ser_err err;
	const char *svr[] = { "gamma", "0.1,0.5", "C", "2^-2..2^2", NULL };
	ser_grid *g = grid_of("svr", svr);
	assert_int_equal(g->n_points, 10);
	/* dimensions in parameter order: C first, gamma fastest */
	char buf[128];
	ser_grid_point_text(g, 1, buf, sizeof buf);
	assert_string_equal(buf, "C=0.25 gamma=0.5");
	ser_grid_point_text(g, 9, buf, sizeof buf);
	assert_string_equal(buf, "C=4 gamma=0.5");
	char *js = ser_grid_point_json(g, 2, &err);
	assert_string_equal(js, "{\"C\":0.5,\"gamma\":0.1}");
	free(js);
	/* a step in the exponent; a bad value names the option */
	assert_int_equal(ser_grid_add(g, 0, "10^-1..10^1:0.5", &err), 0);
	assert_int_equal(g->dim[0].n, 5);
	assert_int_equal(ser_grid_add(g, 0, "1,-2", &err), -1);
	assert_non_null(strstr(err.msg, "--svr-C"));
	assert_int_equal(ser_grid_add(g, 0, "2^3..2^1", &err), -1);
	/* a random subset: n distinct points in grid order, seeded */
	ser_grid *h = ser_grid_copy(g, &err);
	assert_int_equal(ser_grid_random(g, 4, 7, &err), 0);
	assert_int_equal(ser_grid_random(h, 4, 7, &err), 0);
	assert_int_equal(g->n_points, 4);
	for (int i = 0; i < 4; i++) {
		assert_true(i == 0 || g->points[i] > g->points[i - 1]);
		assert_int_equal(g->points[i], h->points[i]);
	}
	ser_grid_free(g);
	ser_grid_free(h);
	/* layer lists hold commas: '/' separates them */
	const char *mlp[] = { "layers", "50,20/100,50/8", NULL };
	g = grid_of("mlp", mlp);
	assert_int_equal(g->n_points, 3);
	assert_string_equal(ser_grid_value(g, 1, 0), "100,50");
	assert_true(ser_grid_is_list(g->base.family, 0, "4/5"));
	assert_false(ser_grid_is_list(g->base.family, 0, "50,20"));
	ser_grid_free(g);
}

static ser_dataset *golden_data(void)
{
	ser_err err;
	ser_dataset_opts o;
	ser_dataset_opts_default(&o);
	o.features = SER_FEATSET_ALL;
	ser_dataset *ds = ser_dataset_load_csv("tests/golden/tune_features.csv",
					       "tests/golden/tune_labels.csv", &o,
					       &err);
	if (!ds)
		fail_msg("%s", err.msg);
	return ds;
}

static ser_tune_result *tune(const ser_dataset *ds, ser_grid *const *g,
			     int n_models, int shuffle, int threads)
{
	ser_err err;
	ser_tune_opts o;
	ser_tune_opts_default(&o);
	o.shuffle = shuffle;
	o.normalize = SER_CV_NORM_NONE;
	o.threads = threads;
	o.n_models = n_models;
	for (int m = 0; m < n_models; m++)
		o.grids[m] = g[m];
	ser_tune_result *r = ser_tune_run(ds, &o, &err);
	if (!r)
		fail_msg("%s", err.msg);
	return r;
}

/* With KFold(5) folds every point's mean R^2 and the best point equal
 * GridSearchCV(scoring='r2')'s (tests/oracle/sklearn_gridsearch.py). */
static void tune_equals_gridsearchcv(void **state)
{
	(void)state;
	char *gold = golden_load("tests/golden/tune_sklearn.txt");
	assert_non_null(gold);
	ser_dataset *ds = golden_data();
	const char *svr[] = { "C", "0.5,1,2", "epsilon", "0.05,0.1", "gamma",
			      "0.1,0.5,1", NULL };
	const char *ridge[] = { "alpha", "0.01,0.1,1,10", NULL };
	ser_grid *g[2] = { grid_of("svr", svr), grid_of("ridge", ridge) };
	ser_tune_result *r = tune(ds, g, 2, 0, 2);
	for (int m = 0; m < 2; m++)
		for (int t = 0; t < 2; t++) {
			char name[64];
			double want[32], best = -1;
			int np = g[m]->n_points;
			snprintf(name, sizeof name, "%s_%s_r2", g[m]->base.family->name,
				 ser_target_names[r->targets[t]]);
			assert_int_equal(golden_get(gold, name, want, 32), np);
			for (int p = 0; p < np; p++) {
				double a, b, c, d;
				ser_tune_summary(r, m, t, p, &a, &b, &c, &d);
				if (!(fabs(a - want[p]) <= 1e-4))
					fail_msg("%s point %d: ser %.9g, sklearn %.9g", name,
						 p, a, want[p]);
			}
			snprintf(name, sizeof name, "%s_%s_best", g[m]->base.family->name,
				 ser_target_names[r->targets[t]]);
			assert_int_equal(golden_get(gold, name, &best, 1), 1);
			assert_int_equal(r->best[m][t], (int)best);
		}
	ser_tune_result_free(r);
	ser_grid_free(g[0]);
	ser_grid_free(g[1]);
	ser_dataset_free(ds);
	free(gold);
}

/* One thread or three: the same scores to the bit (MLP included: its
 * seeds come from target and fold, not from the thread). */
static void tune_threads_same_bytes(void **state)
{
	(void)state;
	ser_dataset *ds = golden_data();
	const char *svr[] = { "C", "1,4", "gamma", "0.2,1", NULL };
	const char *mlp[] = { "layers", "8/4,4", "epochs", "20", NULL };
	ser_grid *g[2] = { grid_of("svr", svr), grid_of("mlp", mlp) };
	ser_tune_result *a = tune(ds, g, 2, 1, 1), *b = tune(ds, g, 2, 1, 3);
	for (int m = 0; m < 2; m++) {
		size_t sz = (size_t)g[m]->n_points * 2 * 5 * sizeof(double);
		assert_memory_equal(a->r2[m], b->r2[m], sz);
		assert_memory_equal(a->mse[m], b->mse[m], sz);
	}
	ser_tune_result_free(a);
	ser_tune_result_free(b);
	ser_grid_free(g[0]);
	ser_grid_free(g[1]);
	ser_dataset_free(ds);
}

static ser_cv_result *nested(const ser_dataset *ds, ser_grid *const *g,
			     int n, int threads, int importance)
{
	ser_err err;
	ser_cv_opts o;
	ser_cv_opts_default(&o);
	o.k = 4;
	o.inner_k = 3;
	o.normalize = SER_CV_NORM_NONE;
	o.tune = 1;
	o.threads = threads;
	o.importance = importance;
	o.n_models = n;
	for (int m = 0; m < n; m++) {
		o.models[m] = g[m]->base;
		ser_spec_finish(&o.models[m]);
		o.grids[m] = g[m];
	}
	ser_cv_result *r = ser_cv_run(ds, &o, &err);
	if (!r)
		fail_msg("%s", err.msg);
	return r;
}

/* Each outer fold's predictions are those of its chosen point refitted
 * on that fold's training rows alone (a fresh fit, no shared kernel). */
static void nested_predictions_are_refits(void **state)
{
	(void)state;
	ser_dataset *ds = golden_data();
	const char *svr[] = { "C", "0.5,4", "gamma", "0.1,1", NULL };
	const char *ridge[] = { "alpha", "0.01,10", NULL };
	ser_grid *g[2] = { grid_of("svr", svr), grid_of("ridge", ridge) };
	ser_cv_result *r = nested(ds, g, 2, 2, 0);
	int n = ds->n, d = ds->d, seen[2][2] = { { 0 } };
	double *Xtr = malloc((size_t)n * d * sizeof *Xtr);
	double *Xte = malloc((size_t)n * d * sizeof *Xte);
	double *ytr = malloc((size_t)n * sizeof *ytr), *out = malloc((size_t)n * sizeof *out);
	int *te = malloc((size_t)n * sizeof *te);
	for (int m = 0; m < 2; m++)
		for (int t = 0; t < 2; t++)
			for (int f = 0; f < r->k; f++) {
				int ntr = 0, nte = 0;
				const double *y = ds->y[r->targets[t]];
				for (int i = 0; i < n; i++) {
					if (r->fold_of[i] == f) {
						memcpy(&Xte[(size_t)nte * d], &ds->X[(size_t)i * d], (size_t)d * sizeof(double));
						te[nte++] = i;
					} else {
						memcpy(&Xtr[(size_t)ntr * d], &ds->X[(size_t)i * d], (size_t)d * sizeof(double));
						ytr[ntr++] = y[i];
					}
				}
				int p = r->chosen[ser_cv_at(r, m, t) * r->k + f];
				seen[m][p > 0] = 1;
				ser_spec s;
				ser_err err;
				assert_int_equal(ser_grid_spec(g[m], p, &s, &err), 0);
				ser_fit_rows rows = { Xtr, ytr, ntr, d, NULL, NULL };
				assert_int_equal(ser_spec_fit_predict(&s, &rows, 0, Xte, nte,
								      out, NULL, NULL, &err), 0);
				for (int j = 0; j < nte; j++)
					if (!(fabs(out[j] - r->pred[ser_cv_at(r, m, t) * n + te[j]]) <= 1e-12))
						fail_msg("model %d target %d fold %d row %d", m, t, f, te[j]);
			}
	/* the outer folds did not all choose the same point */
	assert_true(seen[0][0] + seen[0][1] + seen[1][0] + seen[1][1] >= 3);
	free(Xtr);
	free(Xte);
	free(ytr);
	free(out);
	free(te);
	ser_cv_result_free(r);
	ser_grid_free(g[0]);
	ser_grid_free(g[1]);
	ser_dataset_free(ds);
}

/* Arousal is made of f4 and f5 (the oracle's formula): they carry its
 * importance; f6 is noise. The same bytes on 1 or 2 threads. */
static void importance_finds_the_features(void **state)
{
	(void)state;
	ser_dataset *ds = golden_data();
	const char *svr[] = { "C", "1,2", NULL };
	ser_grid *g[1] = { grid_of("svr", svr) };
	ser_cv_result *a = nested(ds, g, 1, 1, 1), *b = nested(ds, g, 1, 2, 1);
	assert_memory_equal(a->imp, b->imp, (size_t)2 * a->k * a->d * sizeof(double));
	assert_memory_equal(a->pred, b->pred, (size_t)2 * a->n * sizeof(double));
	int t = a->targets[0] == SER_AROUSAL ? 0 : 1;
	double f4, f5, f6, s;
	ser_cv_importance(a, 0, t, 3, &f4, &s);
	ser_cv_importance(a, 0, t, 4, &f5, &s);
	ser_cv_importance(a, 0, t, 5, &f6, &s);
	assert_true(f4 > 0.3);
	assert_true(f5 > 0.05);
	assert_true(fabs(f6) < 0.05);
	ser_cv_result_free(a);
	ser_cv_result_free(b);
	ser_grid_free(g[0]);
	ser_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grid_syntax),
		cmocka_unit_test(tune_equals_gridsearchcv),
		cmocka_unit_test(tune_threads_same_bytes),
		cmocka_unit_test(nested_predictions_are_refits),
		cmocka_unit_test(importance_finds_the_features),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
