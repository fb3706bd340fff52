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

static const char *target_of(const ser_cv_result *r, int t)
{
	return ser_target_names[r->targets[t]];
}

static const char *const metric_name[2] = { "R^2", "MSE" };

/* The A/B table: every pair of models, per target, R^2 and MSE. */
static int write_paired_text(const ser_cv_result *r, FILE *fp, ser_err *err)
{
	for (int a = 0; a < r->n_models; a++)
		for (int b = a + 1; b < r->n_models; b++) {
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
				"%s - %s per fold; two-sided paired t-test and Wilcoxon "
				"signed-rank p-values\n\n", r->k, an, bn);
			fprintf(fp, "| target  | metric | %-5s mean +- std     | %-5s "
				"mean +- std     | diff mean +- std       | t-test p | "
				"Wilcoxon p |\n|---------|--------|------------------------"
				"|------------------------|------------------------|-------"
				"---|------------|\n", an, bn);
			for (int t = 0; t < r->n_targets; t++)
				for (int mse = 0; mse < 2; mse++) {
					ser_paired q;
					if (ser_cv_paired(r, a, b, t, mse, &q, err) < 0)
						return -1;
					fprintf(fp, "| %-7s | %-6s | %9.6f +- %9.6f | %9.6f "
						"+- %9.6f | %9.6f +- %9.6f | %8.4g | %10.4g |\n",
						target_of(r, t), metric_name[mse], q.mean_a,
						q.std_a, q.mean_b, q.std_b, q.diff_mean,
						q.diff_std, q.p_t, q.p_w);
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
			for (int f = 0; f < r->k; f++)
				fprintf(fp, "| %-4d | %9.6f | %9.6f |\n", f,
					r->r2[c + f], r->mse[c + f]);
		}
	fprintf(fp, "\n| model | features | target  | R^2 mean +- std        "
		    "| MSE mean +- std        |\n"
		    "|-------|----------|---------|------------------------"
		    "|------------------------|\n");
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			double a, b, c, d;
			ser_cv_summary(r, m, t, &a, &b, &c, &d);
			fprintf(fp, "| %-5s | %-8d | %-7s | %9.6f +- %9.6f "
				"| %9.6f +- %9.6f |\n",
				ser_cv_model_name(r, m), ds->d,
				target_of(r, t), a, b, c, d);
		}
	if (write_paired_text(r, fp, err) < 0)
		return -1;
	if (ferror(fp))
		return ser_fail(err, "cv: write error");
	return 0;
}

/* cJSON prints doubles with up to 17 digits; we want %.9g. */
static cJSON *num(double v)
{
	char buf[40];
	snprintf(buf, sizeof buf, "%.9g", v);
	return cJSON_CreateRaw(buf);
}

static cJSON *num_array(const double *v, int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, num(v[i]));
	return a;
}

/* A finite number, or null (JSON has no inf). */
static cJSON *num_or_null(double v)
{
	return isfinite(v) ? num(v) : cJSON_CreateNull();
}

static cJSON *paired_json(const ser_cv_result *r, ser_err *err)
{
	static const char *const key[2] = { "r2", "mse" };
	cJSON *arr = cJSON_CreateArray();
	for (int a = 0; arr && a < r->n_models; a++)
		for (int b = a + 1; b < r->n_models; b++) {
			if (!ser_cv_same_folds(r, a, b))
				continue;
			for (int t = 0; t < r->n_targets; t++)
				for (int mse = 0; mse < 2; mse++) {
					ser_paired q;
					if (ser_cv_paired(r, a, b, t, mse, &q, err) < 0) {
						cJSON_Delete(arr);
						return NULL;
					}
					const double *s = mse ? r->mse : r->r2;
					const double *sa = &s[ser_cv_at(r, a, t) * r->k];
					const double *sb = &s[ser_cv_at(r, b, t) * r->k];
					double *d = ser_malloc((size_t)r->k * sizeof *d, err);
					if (!d) {
						cJSON_Delete(arr);
						return NULL;
					}
					for (int f = 0; f < r->k; f++)
						d[f] = sa[f] - sb[f];
					cJSON *o = cJSON_CreateObject();
					cJSON_AddItemToArray(arr, o);
					cJSON_AddStringToObject(o, "a", ser_cv_model_name(r, a));
					cJSON_AddStringToObject(o, "b", ser_cv_model_name(r, b));
					cJSON_AddStringToObject(o, "target", target_of(r, t));
					cJSON_AddStringToObject(o, "metric", key[mse]);
					cJSON_AddItemToObject(o, "a_mean", num(q.mean_a));
					cJSON_AddItemToObject(o, "a_std", num(q.std_a));
					cJSON_AddItemToObject(o, "b_mean", num(q.mean_b));
					cJSON_AddItemToObject(o, "b_std", num(q.std_b));
					cJSON_AddItemToObject(o, "diff", num_array(d, r->k));
					free(d);
					cJSON_AddItemToObject(o, "diff_mean", num(q.diff_mean));
					cJSON_AddItemToObject(o, "diff_std", num(q.diff_std));
					cJSON_AddItemToObject(o, "t", num_or_null(q.t));
					cJSON_AddItemToObject(o, "p_t", num(q.p_t));
					cJSON_AddItemToObject(o, "wilcoxon", num(q.w));
					cJSON_AddItemToObject(o, "p_wilcoxon", num(q.p_w));
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
	cJSON_AddItemToObject(root, "folds", num(r->k));
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->seed);
	cJSON_AddItemToObject(root, "seed", cJSON_CreateRaw(buf));
	cJSON_AddItemToObject(root, "shuffle", cJSON_CreateBool(r->shuffle));
	cJSON_AddItemToObject(root, "n", num(r->n));
	cJSON_AddItemToObject(root, "d", num(ds->d));
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
			cJSON_AddItemToObject(to, "r2", num_array(&r->r2[c], r->k));
			cJSON_AddItemToObject(to, "mse", num_array(&r->mse[c], r->k));
			cJSON_AddItemToObject(to, "r2_mean", num(a));
			cJSON_AddItemToObject(to, "r2_std", num(b));
			cJSON_AddItemToObject(to, "mse_mean", num(cc));
			cJSON_AddItemToObject(to, "mse_std", num(d));
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
		cJSON *pj = paired_json(r, err);
		if (!pj) {
			cJSON_Delete(root);
			return NULL;
		}
		cJSON_AddItemToObject(root, "paired", pj);
	}
	cJSON_AddItemToObject(root, "normalize",
			      cJSON_CreateString(ser_cv_norm_name(r->normalize)));
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
	double s = 0, ss = 0;
	*lo = INFINITY;
	*hi = -INFINITY;
	for (int i = 0; i < rr->n; i++) {
		double a, b, c, d;
		ser_cv_summary(rr->run[i], m, t, &a, &b, &c, &d);
		double v = mse ? c : a;
		s += v;
		*lo = fmin(*lo, v);
		*hi = fmax(*hi, v);
	}
	*mean = s / rr->n;
	for (int i = 0; i < rr->n; i++) {
		double a, b, c, d;
		ser_cv_summary(rr->run[i], m, t, &a, &b, &c, &d);
		double v = (mse ? c : a) - *mean;
		ss += v * v;
	}
	*std = sqrt(ss / rr->n);
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
			fprintf(fp, "| %-5s | %-7s | %8.6f +- %8.6f [%8.6f, %8.6f] "
				"| %8.6f +- %8.6f [%8.6f, %8.6f] |\n",
				ser_cv_model_name(r0, m), target_of(r0, t),
				v[0][0], v[0][1], v[0][2], v[0][3], v[1][0], v[1][1],
				v[1][2], v[1][3]);
		}
	for (int a = 0; a < r0->n_models; a++)
		for (int b = a + 1; b < r0->n_models; b++) {
			if (!ser_cv_same_folds(r0, a, b))
				continue;
			const char *an = ser_cv_model_name(r0, a);
			const char *bn = ser_cv_model_name(r0, b);
			fprintf(fp, "\n%s - %s over %d runs: mean per-run difference "
				"+- std; runs with p < 0.05 (t-test, Wilcoxon)\n\n"
				"| target  | metric | diff mean +- std       | t < .05 "
				"| W < .05 |\n|---------|--------|--------------------"
				"----|---------|---------|\n", an, bn, rr->n);
			for (int t = 0; t < r0->n_targets; t++)
				for (int mse = 0; mse < 2; mse++) {
					double s = 0, ss = 0;
					int nt = 0, nw = 0;
					for (int i = 0; i < rr->n; i++) {
						ser_paired q;
						if (ser_cv_paired(rr->run[i], a, b, t, mse, &q, err) < 0)
							return -1;
						s += q.diff_mean;
						ss += q.diff_mean * q.diff_mean;
						nt += q.p_t < 0.05;
						nw += q.p_w < 0.05;
					}
					double mean = s / rr->n;
					double var = ss / rr->n - mean * mean;
					fprintf(fp, "| %-7s | %-6s | %9.6f +- %9.6f | %3d/%-3d "
						"| %3d/%-3d |\n", target_of(r0, t),
						metric_name[mse], mean, sqrt(var > 0 ? var : 0),
						nt, rr->n, nw, rr->n);
				}
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
			cJSON_AddItemToObject(o, "r2_mean", num(v[0][0]));
			cJSON_AddItemToObject(o, "r2_std", num(v[0][1]));
			cJSON_AddItemToObject(o, "r2_min", num(v[0][2]));
			cJSON_AddItemToObject(o, "r2_max", num(v[0][3]));
			cJSON_AddItemToObject(o, "mse_mean", num(v[1][0]));
			cJSON_AddItemToObject(o, "mse_std", num(v[1][1]));
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
	cJSON_ReplaceItemInObject(root, "folds", num(rr->run[0]->k));
	cJSON_AddItemToObject(root, "repeats", num(rr->n));
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
	return print_json(root, fp, err);
}
