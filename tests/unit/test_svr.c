/* test_svr.c - epsilon-SVR against scikit-learn's SVR (golden files from
 * tests/oracle/sklearn_svr.py) and edge cases of the SMO solver. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "ser/kcache.h"
#include "ser/svr.h"
#include "ser/table.h"

#define GOLDEN "tests/golden/"

typedef struct data {
	int n, d;
	int *fold;
	double *y[2];  /* arousal, valence */
	double *X;
} data;

static double cell(const ser_table *t, int r, int c)
{
	double v;
	ser_err err;
	if (ser_table_double(t, r, c, &v, &err) < 0)
		fail_msg("%s", err.msg);
	return v;
}

static void data_load(data *D, const char *name)
{
	char p[256];
	ser_err err;
	ser_table *t = ser_table_read(TEST_PATH(p, GOLDEN "svr_data_%s.csv", name),
				      1, &err);
	if (!t)
		fail_msg("%s", err.msg);
	D->n = t->n_rows;
	D->d = t->n_cols - 3;
	D->fold = malloc(D->n * sizeof *D->fold);
	D->y[0] = malloc(D->n * sizeof(double));
	D->y[1] = malloc(D->n * sizeof(double));
	D->X = malloc((size_t)D->n * D->d * sizeof(double));
	for (int i = 0; i < D->n; i++) {
		D->fold[i] = (int)cell(t, i, 0);
		D->y[0][i] = cell(t, i, 1);
		D->y[1][i] = cell(t, i, 2);
		for (int j = 0; j < D->d; j++)
			D->X[(size_t)i * D->d + j] = cell(t, i, 3 + j);
	}
	ser_table_free(t);
}

static void data_free(data *D)
{
	free(D->fold);
	free(D->y[0]);
	free(D->y[1]);
	free(D->X);
}

/* rows of D not in fold k (train) into X/y; returns count */
static int split(const data *D, int target, int k, int in_fold, double *X,
		 double *y, int *idx)
{
	int m = 0;
	for (int i = 0; i < D->n; i++) {
		if ((D->fold[i] == k) != in_fold)
			continue;
		memcpy(X + (size_t)m * D->d, D->X + (size_t)i * D->d,
		       D->d * sizeof(double));
		if (y)
			y[m] = D->y[target][i];
		if (idx)
			idx[m] = i;
		m++;
	}
	return m;
}

static void params_of_case(const ser_table *cases, int c, ser_svr_params *p)
{
	ser_svr_params_default(p);
	p->C = cell(cases, c, 3);
	p->epsilon = cell(cases, c, 4);
	const char *g = ser_table_get(cases, c, 5);
	if (!strcmp(g, "auto"))
		p->gamma_mode = SER_GAMMA_AUTO;
	else if (!strcmp(g, "scale"))
		p->gamma_mode = SER_GAMMA_SCALE;
	else {
		p->gamma_mode = SER_GAMMA_VALUE;
		p->gamma = cell(cases, c, 5);
	}
}

/* Every case x fold of the golden files: held-out predictions within 1e-3
 * of sklearn's, n_SV within 1%, intercept and gamma close. */
static void matches_sklearn(void **state)
{
	(void)state;
	ser_err err;
	ser_table *cases = ser_table_read(GOLDEN "svr_cases.csv", 1, &err);
	ser_table *models = ser_table_read(GOLDEN "svr_models.csv", 1, &err);
	ser_table *preds = ser_table_read(GOLDEN "svr_preds.csv", 1, &err);
	assert_non_null(cases);
	assert_non_null(models);
	assert_non_null(preds);
	data D[2];
	data_load(&D[0], "mini");
	data_load(&D[1], "synth");
	double max_pred = 0, max_b = 0;
	int checked_preds = 0, checked_models = 0;
	for (int c = 0; c < cases->n_rows; c++) {
		const char *cname = ser_table_get(cases, c, 0);
		const data *d = !strcmp(ser_table_get(cases, c, 1), "mini") ? &D[0] : &D[1];
		int target = !strcmp(ser_table_get(cases, c, 2), "arousal") ? 0 : 1;
		ser_svr_params p;
		params_of_case(cases, c, &p);
		for (int r = 0; r < models->n_rows; r++) {
			if (strcmp(ser_table_get(models, r, 0), cname))
				continue;
			int k = (int)cell(models, r, 1);
			double *X = malloc((size_t)d->n * d->d * sizeof *X);
			double *y = malloc(d->n * sizeof *y);
			int *idx = malloc(d->n * sizeof *idx);
			int m = split(d, target, k, 0, X, y, NULL);
			ser_svr *svr = ser_svr_train(X, y, m, d->d, &p, &err);
			if (!svr)
				fail_msg("%s: %s", cname, err.msg);
			int nsv = (int)cell(models, r, 2);
			if (abs(svr->n_sv - nsv) > 0.01 * nsv)
				fail_msg("%s fold %d: n_sv %d, sklearn %d", cname, k,
					 svr->n_sv, nsv);
			assert_true(fabs(svr->gamma - cell(models, r, 6)) < 1e-12);
			double db = fabs(svr->b - cell(models, r, 3));
			max_b = fmax(max_b, db);
			if (db > 1e-3)
				fail_msg("%s fold %d: intercept %.9g, sklearn %.9g",
					 cname, k, svr->b, cell(models, r, 3));
			double s = 0;
			for (int t = 0; t < svr->n_sv; t++)
				s += svr->coef[t];
			assert_true(fabs(s) < 1e-9);  /* sum of dual coefs is 0 */
			checked_models++;

			int mt = split(d, target, k, 1, X, NULL, idx);
			double *out = malloc(mt * sizeof *out);
			ser_svr_predict_batch(svr, X, mt, out);
			for (int q = 0; q < preds->n_rows; q++) {
				if (strcmp(ser_table_get(preds, q, 0), cname) ||
				    (int)cell(preds, q, 1) != k)
					continue;
				int row = (int)cell(preds, q, 2), t;
				for (t = 0; t < mt && idx[t] != row; t++)
					;
				assert_true(t < mt);
				double dp = fabs(out[t] - cell(preds, q, 3));
				double d1 = fabs(out[t] - ser_svr_predict(svr, X + (size_t)t * d->d));
				assert_true(d1 < 1e-12);
				max_pred = fmax(max_pred, dp);
				if (dp > 1e-3)
					fail_msg("%s fold %d row %d: %.9g, sklearn %.9g",
						 cname, k, row, out[t], cell(preds, q, 3));
				checked_preds++;
			}
			free(out);
			ser_svr_free(svr);
			free(X);
			free(y);
			free(idx);
		}
	}
	assert_int_equal(checked_models, models->n_rows);
	assert_int_equal(checked_preds, preds->n_rows);
	print_message("svr vs sklearn: %d models, %d predictions, max |dpred| %.3g, max |db| %.3g\n",
		      checked_models, checked_preds, max_pred, max_b);
	data_free(&D[0]);
	data_free(&D[1]);
	ser_table_free(cases);
	ser_table_free(models);
	ser_table_free(preds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_sklearn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
