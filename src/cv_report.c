/* cv_report.c - text, JSON and predictions-CSV reports of a CV run; see
 * cv.h. Text numbers use %.6f like the thesis's tables; JSON and CSV use
 * %.9g (enough to compare with other tools at 1e-8, short to read). */
#include "ser/cv.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/meta.h"
#include "ser/outfile.h"
#include "ser/table.h"

#include "cv_extra.h"
#include "json_num.h"

static const char *target_of(const ser_cv_result *r, int t)
{
	return ser_target_names[r->targets[t]];
}

static const char *const metric_name[2] = { "R^2", "MSE" };

/* v as printf("%*.*f" or "%*.*g") would, or "-" in the same width when v
 * is undefined (NaN): a fold's R^2 over fewer than 2 test rows, or a
 * statistic over fewer than 2 defined folds. */
static const char *cell(char *buf, size_t cap, int width, int prec, char conv,
			double v)
{
	if (isnan(v))
		snprintf(buf, cap, "%*s", width, "-");
	else if (conv == 'g')
		snprintf(buf, cap, "%*.*g", width, prec, v);
	else
		snprintf(buf, cap, "%*.*f", width, prec, v);
	return buf;
}

#define F6(b, v) cell(b, sizeof b, 9, 6, 'f', v)

/* The A/B table: every pair of models, per target, R^2 and MSE. */
static int write_paired_text(const ser_cv_result *r, FILE *fp, ser_err *err)
{
	int pairs[SER_CV_MAX_PAIRS][2], np = ser_cv_pairs(r, pairs);
	for (int pi = 0; pi < np; pi++) {
		int a = pairs[pi][0], b = pairs[pi][1];
			const char *an = ser_cv_model_name(r, a);
			const char *bn = ser_cv_model_name(r, b);
			if (!ser_cv_same_folds(r, a, b)) {
				fprintf(fp, "\nNo paired comparison of %s and %s: they were "
					"scored on different folds (%s %s, %s %s), as in the "
					"thesis. Use the fair protocol for an A/B.\n", an, bn,
					an, r->model_shuffle[a] ? "shuffled" : "unshuffled",
					bn, r->model_shuffle[b] ? "shuffled" : "unshuffled");
				continue;
			}
			fprintf(fp, "\nPaired A/B on the same %d folds: difference = "
				"%s - %s per fold; std over folds with ddof 0;\n"
				"two-sided p-values of the paired t-test, the corrected "
				"resampled t-test\n(Nadeau & Bengio 2003: the training "
				"sets overlap, so trust it over the\nplain one) and the "
				"Wilcoxon signed-rank test\n\n", r->k, an, bn);
			fprintf(fp, "| target  | metric | %-5s mean +- std     | %-5s "
				"mean +- std     | diff mean +- std       | folds | "
				"t-test p | corrected p | Wilcoxon p |\n|---------|--------"
				"|------------------------|------------------------|-------"
				"-----------------|-------|----------|-------------|-------"
				"-----|\n", an, bn);
			for (int t = 0; t < r->n_targets; t++)
				for (int mse = 0; mse < 2; mse++) {
					ser_paired q;
					ser_cv_pooled c;
					if (ser_cv_paired(r, a, b, t, mse, &q, err) < 0 ||
					    ser_cv_pooled_ttest(&r, 1, a, b, t, mse, &c, err) < 0)
						return -1;
					char b1[32], b2[32], b3[32], b4[32], b5[32], b6[32];
					char b7[32], b8[32], b9[32];
					fprintf(fp, "| %-7s | %-6s | %s +- %s | %s +- %s | %s "
						"+- %s | %5d | %s | %s | %s |\n",
						target_of(r, t), metric_name[mse],
						F6(b1, q.mean_a), F6(b2, q.std_a),
						F6(b3, q.mean_b), F6(b4, q.std_b),
						F6(b5, q.diff_mean), F6(b6, q.diff_std), q.n,
						cell(b7, sizeof b7, 8, 4, 'g', q.p_t),
						cell(b8, sizeof b8, 11, 4, 'g', c.p),
						cell(b9, sizeof b9, 10, 4, 'g', q.p_w));
				}
		}
	return 0;
}


int ser_cv_write_text(const ser_cv_result *r, const ser_dataset *ds,
		      FILE *fp, ser_err *err)
{
	if (r->shuffle)
		fprintf(fp, "%d-fold CV (shuffled, seed %llu), n = %d rows, %d "
			"features\n", r->k, (unsigned long long)r->seed, r->n, ds->d);
	else
		fprintf(fp, "%d-fold CV (file order, no shuffle), n = %d rows, %d "
			"features\n", r->k, r->n, ds->d);
	fprintf(fp, "inputs: %s\n", r->normalize == SER_CV_NORM_FOLD
		? "min-max scaled per fold on its training rows (--normalize fold)"
		: "features as given (--normalize none)");
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			long c = ser_cv_at(r, m, t) * r->k;
			fprintf(fp, "\n%s, %s\n\n", ser_cv_model_name(r, m),
				target_of(r, t));
			fprintf(fp, "| fold | R^2       | MSE       |\n"
				    "|------|-----------|-----------|\n");
			for (int f = 0; f < r->k; f++) {
				char b1[32], b2[32];
				fprintf(fp, "| %-4d | %s | %s |\n", f,
					F6(b1, r->r2[c + f]), F6(b2, r->mse[c + f]));
			}
		}
	fprintf(fp, "\nMean +- std over folds; std is the population std "
		    "(ddof 0), as in the thesis's tables\n");
	fprintf(fp, "\n| model | features | target  | R^2 mean +- std        "
		    "| MSE mean +- std        |\n"
		    "|-------|----------|---------|------------------------"
		    "|------------------------|\n");
	int undef = 0;
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			double a, b, c, d;
			int n_def;
			char b1[32], b2[32], b3[32], b4[32];
			ser_cv_score_summary(r, m, t, 0, &a, &b, &n_def);
			ser_cv_score_summary(r, m, t, 1, &c, &d, NULL);
			fprintf(fp, "| %-5s | %-8d | %-7s | %s +- %s | %s +- %s |\n",
				ser_cv_model_name(r, m), ds->d,
				target_of(r, t), F6(b1, a), F6(b2, b), F6(b3, c),
				F6(b4, d));
			undef |= n_def < r->k;
		}
	if (undef) {
		fprintf(fp, "\nR^2 is undefined (\"-\") on folds with fewer than 2 "
			"test rows (scikit-learn gives nan);\nsuch folds are left "
			"out of the R^2 mean, std and paired tests. At most n/2 = %d\n"
			"folds (--folds) give every fold an R^2. R^2 defined on:",
			r->n / 2);
		for (int m = 0; m < r->n_models; m++)
			for (int t = 0; t < r->n_targets; t++) {
				int n_def;
				double a, b;
				ser_cv_score_summary(r, m, t, 0, &a, &b, &n_def);
				fprintf(fp, "%s %s %s %d of %d folds", m + t ? "," : "",
					ser_cv_model_name(r, m), target_of(r, t),
					n_def, r->k);
			}
		fputc('\n', fp);
	}
	cv_extra_text(r, ds, fp);
	if (write_paired_text(r, fp, err) < 0)
		return -1;
	if (ferror(fp))
		return ser_fail(err, "cv: write error");
	return 0;
}


/* The fields of one "paired" entry: the per-fold comparison in run r. */
static int add_paired(cJSON *o, const ser_cv_result *r, int a, int b, int t,
		      int mse, ser_err *err)
{
	ser_paired q;
	if (ser_cv_paired(r, a, b, t, mse, &q, err) < 0)
		return -1;
	const double *s = mse ? r->mse : r->r2;
	const double *sa = &s[ser_cv_at(r, a, t) * r->k];
	const double *sb = &s[ser_cv_at(r, b, t) * r->k];
	double *d = ser_malloc((size_t)r->k * sizeof *d, err);
	if (!d)
		return -1;
	for (int f = 0; f < r->k; f++)
		d[f] = sa[f] - sb[f];
	cJSON_AddItemToObject(o, "a_mean", ser_json_num(q.mean_a));
	cJSON_AddItemToObject(o, "a_std", ser_json_num(q.std_a));
	cJSON_AddItemToObject(o, "b_mean", ser_json_num(q.mean_b));
	cJSON_AddItemToObject(o, "b_std", ser_json_num(q.std_b));
	cJSON_AddItemToObject(o, "diff", ser_json_num_array(d, r->k));
	free(d);
	cJSON_AddItemToObject(o, "diff_mean", ser_json_num(q.diff_mean));
	cJSON_AddItemToObject(o, "diff_std", ser_json_num(q.diff_std));
	cJSON_AddItemToObject(o, "t", ser_json_num(q.t));
	cJSON_AddItemToObject(o, "p_t", ser_json_num(q.p_t));
	cJSON_AddItemToObject(o, "wilcoxon", ser_json_num(q.w));
	cJSON_AddItemToObject(o, "p_wilcoxon", ser_json_num(q.p_w));
	return 0;
}

/* The fields of one "corrected" entry: the corrected resampled t-test
 * pooled over the runs, "folds":J,"test_train":..,"diff_mean":..,
 * "diff_std":..(ddof 1),"t":..,"p":..,"t_plain":..,"p_plain":.. */
static int add_pooled(cJSON *o, const ser_cv_result *const *runs,
		      int n_runs, int a, int b, int t, int mse, ser_err *err)
{
	ser_cv_pooled c;
	if (ser_cv_pooled_ttest(runs, n_runs, a, b, t, mse, &c, err) < 0)
		return -1;
	cJSON_AddItemToObject(o, "folds", ser_json_num(c.n));
	cJSON_AddItemToObject(o, "test_train", ser_json_num(c.test_train));
	cJSON_AddItemToObject(o, "diff_mean", ser_json_num(c.diff_mean));
	cJSON_AddItemToObject(o, "diff_std", ser_json_num(c.diff_std));
	cJSON_AddItemToObject(o, "t", ser_json_num(c.t));
	cJSON_AddItemToObject(o, "p", ser_json_num(c.p));
	cJSON_AddItemToObject(o, "t_plain", ser_json_num(c.t_plain));
	cJSON_AddItemToObject(o, "p_plain", ser_json_num(c.p_plain));
	return 0;
}

/* One entry per pair of models on the same folds, target and metric,
 * {"a":..,"b":..,"target":..,"metric":"r2"|"mse",...}: "paired" (run 0's
 * per-fold comparison) or, pooled != 0, "corrected" (over all runs). */
static cJSON *pairs_json(const ser_cv_result *const *runs, int n_runs,
			 int pooled, ser_err *err)
{
	static const char *const key[2] = { "r2", "mse" };
	const ser_cv_result *r = runs[0];
	cJSON *arr = cJSON_CreateArray();
	int pairs[SER_CV_MAX_PAIRS][2], np = ser_cv_pairs(r, pairs);
	for (int pi = 0; arr && pi < np; pi++) {
		int a = pairs[pi][0], b = pairs[pi][1];
			if (!ser_cv_same_folds(r, a, b))
				continue;
			for (int t = 0; t < r->n_targets; t++)
				for (int mse = 0; mse < 2; mse++) {
					cJSON *o = cJSON_CreateObject();
					cJSON_AddItemToArray(arr, o);
					cJSON_AddStringToObject(o, "a", ser_cv_model_name(r, a));
					cJSON_AddStringToObject(o, "b", ser_cv_model_name(r, b));
					cJSON_AddStringToObject(o, "target", target_of(r, t));
					cJSON_AddStringToObject(o, "metric", key[mse]);
					if ((pooled ? add_pooled(o, runs, n_runs, a, b, t, mse, err)
						    : add_paired(o, r, a, b, t, mse, err)) < 0) {
						cJSON_Delete(arr);
						return NULL;
					}
				}
		}
	if (!arr)
		ser_fail(err, "out of memory");
	return arr;
}

/* One run as a JSON object (the single-run report, one entry of "runs"). */
static cJSON *run_json(const ser_cv_result *r, const ser_dataset *ds,
		       ser_err *err)
{
	char buf[40];
	cJSON *root = cJSON_CreateObject(), *res = cJSON_CreateObject();
	if (!root || !res) {
		cJSON_Delete(root);
		cJSON_Delete(res);
		ser_fail(err, "out of memory");
		return NULL;
	}
	cJSON_AddItemToObject(root, "folds", ser_json_num(r->k));
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->seed);
	cJSON_AddItemToObject(root, "seed", cJSON_CreateRaw(buf));
	cJSON_AddItemToObject(root, "shuffle", cJSON_CreateBool(r->shuffle));
	cJSON_AddItemToObject(root, "n", ser_json_num(r->n));
	cJSON_AddItemToObject(root, "d", ser_json_num(ds->d));
	cJSON *models = cJSON_AddObjectToObject(root, "models");
	for (int m = 0; models && m < r->n_models; m++) {
		char *js = ser_spec_json(&r->models[m], err);
		cJSON *spec = js ? cJSON_Parse(js) : NULL;
		free(js);
		if (!spec) {
			cJSON_Delete(root);
			cJSON_Delete(res);
			ser_fail(err, "out of memory");
			return NULL;
		}
		cJSON_AddItemToObject(models, ser_cv_model_name(r, m), spec);
	}
	cJSON_AddItemToObject(root, "results", res);
	int own = 0;
	for (int m = 0; m < r->n_models; m++) {
		own |= r->model_fold_of[m] != NULL;
		cJSON *mo = cJSON_CreateObject();
		cJSON_AddItemToObject(res, ser_cv_model_name(r, m), mo);
		for (int t = 0; t < r->n_targets; t++) {
			long c = ser_cv_at(r, m, t) * r->k;
			double a, b, cc, d;
			ser_cv_summary(r, m, t, &a, &b, &cc, &d);
			cJSON *to = cJSON_CreateObject();
			cJSON_AddItemToObject(mo, target_of(r, t), to);
			cJSON_AddItemToObject(to, "r2", ser_json_num_array(&r->r2[c], r->k));
			cJSON_AddItemToObject(to, "mse", ser_json_num_array(&r->mse[c], r->k));
			cJSON_AddItemToObject(to, "r2_mean", ser_json_num(a));
			cJSON_AddItemToObject(to, "r2_std", ser_json_num(b));
			cJSON_AddItemToObject(to, "mse_mean", ser_json_num(cc));
			cJSON_AddItemToObject(to, "mse_std", ser_json_num(d));
			if (cv_extra_json(r, ds, m, t, to, err) < 0) {
				cJSON_Delete(root);
				return NULL;
			}
		}
	}
	if (own) {
		cJSON *ms = cJSON_CreateObject();
		cJSON_AddItemToObject(root, "model_shuffle", ms);
		for (int m = 0; m < r->n_models; m++)
			cJSON_AddItemToObject(ms, ser_cv_model_name(r, m),
					      cJSON_CreateBool(r->model_shuffle[m]));
	}
	if (r->n_models > 1) {
		cJSON *pj = pairs_json(&r, 1, 0, err);
		if (!pj) {
			cJSON_Delete(root);
			return NULL;
		}
		cJSON_AddItemToObject(root, "paired", pj);
		cJSON *cj = pairs_json(&r, 1, 1, err);
		if (!cj) {
			cJSON_Delete(root);
			return NULL;
		}
		cJSON_AddItemToObject(root, "corrected", cj);
	}
	cJSON_AddItemToObject(root, "normalize",
			      cJSON_CreateString(ser_cv_norm_name(r->normalize)));
	/* every "*_std" but the corrected test's diff_std is ddof 0 */
	cJSON_AddItemToObject(root, "std_ddof", ser_json_num(0));
	return root;
}

static int print_json(cJSON *root, FILE *fp, ser_err *err)
{
	char *s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!s)
		return ser_fail(err, "out of memory");
	fputs(s, fp);
	fputc('\n', fp);
	free(s);
	if (ferror(fp))
		return ser_fail(err, "cv: write error");
	return 0;
}

int ser_cv_write_json(const ser_cv_result *r, const ser_dataset *ds,
		      FILE *fp, ser_err *err)
{
	cJSON *root = run_json(r, ds, err);
	return root ? print_json(root, fp, err) : -1;
}

/* The rows of one run; run >= 0 adds the leading "run" column. */
static void prediction_rows(const ser_cv_result *r, const ser_dataset *ds,
			    int run, FILE *fp)
{
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			const double *y = ds->y[r->targets[t]];
			const double *p = &r->pred[ser_cv_at(r, m, t) * r->n];
			const int *fold_of = ser_cv_folds(r, m);
			for (int f = 0; f < r->k; f++)
				for (int i = 0; i < r->n; i++) {
					if (fold_of[i] != f)
						continue;
					if (run >= 0)
						fprintf(fp, "%d,", run);
					fprintf(fp, "%s,%s,%d,",
						ser_cv_model_name(r, m),
						target_of(r, t), f);
					ser_csv_field(fp, ds->files[i]);
					fprintf(fp, ",%.9g,%.9g\n", y[i], p[i]);
				}
		}
}

int ser_cv_write_predictions(const ser_cv_result *r, const ser_dataset *ds,
			     const char *path, ser_err *err)
{
	ser_outfile *o = ser_outfile_open(path, 0, err);
	if (!o)
		return -1;
	fputs("model,target,fold,file,y_true,y_pred\n", o->fp);
	prediction_rows(r, ds, -1, o->fp);
	return ser_outfile_commit(o, err);
}

int ser_cv_write_repeats_predictions(const ser_cv_repeats *rr,
				     const ser_dataset *ds, const char *path,
				     ser_err *err)
{
	ser_outfile *o = ser_outfile_open(path, 0, err);
	if (!o)
		return -1;
	fputs("run,model,target,fold,file,y_true,y_pred\n", o->fp);
	for (int i = 0; i < rr->n; i++)
		prediction_rows(rr->run[i], ds, i, o->fp);
	return ser_outfile_commit(o, err);
}

/* Mean, population std, min and max of the runs' fold-mean scores of
 * model m, target t. */
static void spread(const ser_cv_repeats *rr, int m, int t, int mse,
		   double *mean, double *std, double *lo, double *hi)
{
	double *v = malloc((size_t)rr->n * sizeof *v), sd;
	*lo = *hi = *mean = *std = NAN;
	if (!v)
		return;
	for (int i = 0; i < rr->n; i++) {
		ser_cv_score_summary(rr->run[i], m, t, mse, &v[i], &sd, NULL);
		*lo = fmin(*lo, v[i]);   /* fmin ignores a NaN */
		*hi = fmax(*hi, v[i]);
	}
	ser_nan_mean_std(v, rr->n, 0, mean, std, NULL);
	free(v);
}

/* The p-value to report for repeated K-fold: the corrected resampled
 * t-test over all R x K folds, beside the plain one over the same folds. */
static int write_pooled_text(const ser_cv_repeats *rr, int a, int b,
			     FILE *fp, ser_err *err)
{
	const ser_cv_result *r0 = rr->run[0];
	const ser_cv_result *const *runs = (const ser_cv_result *const *)rr->run;
	fprintf(fp, "\n%s - %s pooled over all %d x %d folds: corrected "
		"resampled t-test\n(Nadeau & Bengio 2003, n_test/n_train = 1/%d; "
		"the p-value to report) beside\nthe plain paired t-test over the "
		"same folds (overstates significance: the\ntraining sets "
		"overlap); std with ddof 1\n\n"
		"| target  | metric | diff mean +- std       | folds | corrected p "
		"| plain t-test p |\n|---------|--------|------------------------"
		"|-------|-------------|----------------|\n",
		ser_cv_model_name(r0, a), ser_cv_model_name(r0, b),
		rr->n, r0->k, r0->k - 1);
	for (int t = 0; t < r0->n_targets; t++)
		for (int mse = 0; mse < 2; mse++) {
			ser_cv_pooled c;
			if (ser_cv_pooled_ttest(runs, rr->n, a, b, t, mse, &c, err) < 0)
				return -1;
			char b1[32], b2[32], b3[32], b4[32];
			fprintf(fp, "| %-7s | %-6s | %s +- %s | %5d | %s | %s |\n",
				target_of(r0, t), metric_name[mse], F6(b1, c.diff_mean),
				F6(b2, c.diff_std), c.n,
				cell(b3, sizeof b3, 11, 4, 'g', c.p),
				cell(b4, sizeof b4, 14, 4, 'g', c.p_plain));
		}
	return 0;
}

int ser_cv_write_repeats_text(const ser_cv_repeats *rr,
			      const ser_dataset *ds, FILE *fp, ser_err *err)
{
	const ser_cv_result *r0 = rr->run[0];
	for (int i = 0; i < rr->n; i++) {
		fprintf(fp, "%s== run %d (seed %llu)\n", i ? "\n" : "", i,
			(unsigned long long)rr->run[i]->seed);
		if (ser_cv_write_text(rr->run[i], ds, fp, err) < 0)
			return -1;
	}
	fprintf(fp, "\nSpread over %d runs (seeds %llu..%llu) of the per-run "
		"fold means: mean +- std (ddof 0) [min, max]\n\n"
		"| model | target  | %-41s | %-41s |\n"
		"|-------|---------|-------------------------------------------"
		"|-------------------------------------------|\n", rr->n,
		(unsigned long long)r0->seed,
		(unsigned long long)rr->run[rr->n - 1]->seed, "R^2", "MSE");
	for (int m = 0; m < r0->n_models; m++)
		for (int t = 0; t < r0->n_targets; t++) {
			double v[2][4];
			for (int k = 0; k < 2; k++)
				spread(rr, m, t, k, &v[k][0], &v[k][1], &v[k][2], &v[k][3]);
			char b[8][32];
			for (int k = 0; k < 8; k++)
				cell(b[k], sizeof b[k], 8, 6, 'f', v[k / 4][k % 4]);
			fprintf(fp, "| %-5s | %-7s | %s +- %s [%s, %s] "
				"| %s +- %s [%s, %s] |\n",
				ser_cv_model_name(r0, m), target_of(r0, t),
				b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
		}
	int pairs[SER_CV_MAX_PAIRS][2], np = ser_cv_pairs(r0, pairs);
	for (int pi = 0; pi < np; pi++) {
		int a = pairs[pi][0], b = pairs[pi][1];
			if (!ser_cv_same_folds(r0, a, b))
				continue;
			const char *an = ser_cv_model_name(r0, a);
			const char *bn = ser_cv_model_name(r0, b);
			fprintf(fp, "\n%s - %s over %d runs: mean per-run difference "
				"+- std; runs with p < 0.05 (t-test, Wilcoxon)\n\n"
				"| target  | metric | diff mean +- std       | t < .05 "
				"| W < .05 |\n|---------|--------|--------------------"
				"----|---------|---------|\n", an, bn, rr->n);
			double *dm = ser_malloc((size_t)rr->n * sizeof *dm, err);
			if (!dm)
				return -1;
			for (int t = 0; t < r0->n_targets; t++)
				for (int mse = 0; mse < 2; mse++) {
					int nt = 0, nw = 0;
					for (int i = 0; i < rr->n; i++) {
						ser_paired q;
						if (ser_cv_paired(rr->run[i], a, b, t, mse, &q, err) < 0) {
							free(dm);
							return -1;
						}
						dm[i] = q.diff_mean;
						nt += q.p_t < 0.05;
						nw += q.p_w < 0.05;
					}
					double mean, sd;
					char b1[32], b2[32];
					ser_nan_mean_std(dm, rr->n, 0, &mean, &sd, NULL);
					fprintf(fp, "| %-7s | %-6s | %s +- %s | %3d/%-3d "
						"| %3d/%-3d |\n", target_of(r0, t),
						metric_name[mse], F6(b1, mean), F6(b2, sd),
						nt, rr->n, nw, rr->n);
				}
			free(dm);
			if (write_pooled_text(rr, a, b, fp, err) < 0)
				return -1;
		}
	if (ferror(fp))
		return ser_fail(err, "cv: write error");
	return 0;
}

/* The R runs as one result of R x K folds: model m, target t's scores
 * of run i, fold f at [(m * n_targets + t) * R * K + i * K + f]. The
 * single-run report of it is the pooled report (folds then says R x K;
 * the caller puts K back). NULL when out of memory. */
static ser_cv_result *pool_runs(const ser_cv_repeats *rr, ser_err *err)
{
	const ser_cv_result *r0 = rr->run[0];
	int k = r0->k, kk = rr->n * k, cells = r0->n_models * r0->n_targets;
	ser_cv_result *p = ser_malloc(sizeof *p, err);
	if (!p)
		return NULL;
	*p = *r0;
	p->k = kk;
	p->fold_of = NULL;
	p->pred = NULL;
	memset(p->model_fold_of, 0, sizeof p->model_fold_of);
	p->r2 = ser_malloc((size_t)cells * kk * sizeof *p->r2, err);
	p->mse = ser_malloc((size_t)cells * kk * sizeof *p->mse, err);
	if (!p->r2 || !p->mse) {
		ser_cv_result_free(p);
		return NULL;
	}
	for (int c = 0; c < cells; c++)
		for (int i = 0; i < rr->n; i++) {
			memcpy(&p->r2[(long)c * kk + i * k],
			       &rr->run[i]->r2[(long)c * k], k * sizeof *p->r2);
			memcpy(&p->mse[(long)c * kk + i * k],
			       &rr->run[i]->mse[(long)c * k], k * sizeof *p->mse);
		}
	return p;
}

/* "spread": per model and target the runs' fold means. */
static cJSON *spread_json(const ser_cv_repeats *rr)
{
	const ser_cv_result *r0 = rr->run[0];
	cJSON *sp = cJSON_CreateArray();
	for (int m = 0; sp && m < r0->n_models; m++)
		for (int t = 0; t < r0->n_targets; t++) {
			double v[2][4];
			for (int k = 0; k < 2; k++)
				spread(rr, m, t, k, &v[k][0], &v[k][1], &v[k][2], &v[k][3]);
			cJSON *o = cJSON_CreateObject();
			cJSON_AddItemToArray(sp, o);
			cJSON_AddStringToObject(o, "model", ser_cv_model_name(r0, m));
			cJSON_AddStringToObject(o, "target", target_of(r0, t));
			cJSON_AddItemToObject(o, "r2_mean", ser_json_num(v[0][0]));
			cJSON_AddItemToObject(o, "r2_std", ser_json_num(v[0][1]));
			cJSON_AddItemToObject(o, "r2_min", ser_json_num(v[0][2]));
			cJSON_AddItemToObject(o, "r2_max", ser_json_num(v[0][3]));
			cJSON_AddItemToObject(o, "mse_mean", ser_json_num(v[1][0]));
			cJSON_AddItemToObject(o, "mse_std", ser_json_num(v[1][1]));
		}
	return sp;
}

int ser_cv_write_repeats_json(const ser_cv_repeats *rr,
			      const ser_dataset *ds, const char *meta,
			      FILE *fp, ser_err *err)
{
	ser_cv_result *pool = rr->n > 1 ? pool_runs(rr, err) : NULL;
	if (rr->n > 1 && !pool)
		return -1;
	cJSON *root = run_json(pool ? pool : rr->run[0], ds, err);
	ser_cv_result_free(pool);
	if (!root)
		return -1;
	cJSON *mj = meta ? cJSON_Parse(meta) : NULL;
	if (meta && !mj) {
		cJSON_Delete(root);
		return ser_fail(err, "cv: the meta object is not JSON");
	}
	/* meta first: what a reader looks at before the numbers */
	if (mj) {
		mj->string = strdup("meta");
		if (!mj->string || !cJSON_InsertItemInArray(root, 0, mj)) {
			cJSON_Delete(mj);
			cJSON_Delete(root);
			return ser_fail(err, "out of memory");
		}
	}
	cJSON_ReplaceItemInObject(root, "folds", ser_json_num(rr->run[0]->k));
	cJSON_AddItemToObject(root, "repeats", ser_json_num(rr->n));
	if (rr->n > 1 && cJSON_GetObjectItem(root, "corrected")) {
		/* the pooled run's test would take R x K for K: the corrected
		 * test over the runs knows their K */
		cJSON *cj = pairs_json((const ser_cv_result *const *)rr->run,
				       rr->n, 1, err);
		if (!cj) {
			cJSON_Delete(root);
			return -1;
		}
		cJSON_ReplaceItemInObject(root, "corrected", cj);
	}
	if (rr->n > 1) {
		cJSON *runs = cJSON_AddArrayToObject(root, "runs");
		for (int i = 0; runs && i < rr->n; i++) {
			cJSON *one = run_json(rr->run[i], ds, err);
			if (!one) {
				cJSON_Delete(root);
				return -1;
			}
			cJSON_AddItemToArray(runs, one);
		}
		cJSON_AddItemToObject(root, "spread", spread_json(rr));
	}
	/* the ddof note stays last, as in a single run's object */
	cJSON *dd = cJSON_DetachItemFromObject(root, "std_ddof");
	if (dd)
		cJSON_AddItemToObject(root, "std_ddof", dd);
	return print_json(root, fp, err);
}
