/* cv_report.c - text, JSON and predictions-CSV reports of a CV run; see
 * cv.h. Text numbers use %.6f like the thesis's tables; JSON and CSV use
 * %.9g (enough to compare with other tools at 1e-8, short to read). */
#include "ser/cv.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "ser/outfile.h"

static const char *target_of(const ser_cv_result *r, int t)
{
	return ser_target_names[r->targets[t]];
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
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			long c = ser_cv_at(r, m, t) * r->k;
			fprintf(fp, "\n%s, %s\n\n", ser_model_kind_name(r->kinds[m]),
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
				ser_model_kind_name(r->kinds[m]), ds->d,
				target_of(r, t), a, b, c, d);
		}
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

int ser_cv_write_json(const ser_cv_result *r, const ser_dataset *ds,
		      FILE *fp, ser_err *err)
{
	char buf[40];
	cJSON *root = cJSON_CreateObject(), *res = cJSON_CreateObject();
	if (!root || !res) {
		cJSON_Delete(root);
		cJSON_Delete(res);
		return ser_fail(err, "out of memory");
	}
	cJSON_AddItemToObject(root, "folds", num(r->k));
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->seed);
	cJSON_AddItemToObject(root, "seed", cJSON_CreateRaw(buf));
	cJSON_AddItemToObject(root, "shuffle", cJSON_CreateBool(r->shuffle));
	cJSON_AddItemToObject(root, "n", num(r->n));
	cJSON_AddItemToObject(root, "d", num(ds->d));
	cJSON_AddItemToObject(root, "results", res);
	for (int m = 0; m < r->n_models; m++) {
		cJSON *mo = cJSON_CreateObject();
		cJSON_AddItemToObject(res, ser_model_kind_name(r->kinds[m]), mo);
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

/* A CSV field, quoted when it holds a separator, quote or line break. */
static void csv_field(FILE *fp, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

int ser_cv_write_predictions(const ser_cv_result *r, const ser_dataset *ds,
			     const char *path, ser_err *err)
{
	ser_outfile *o = ser_outfile_open(path, 0, err);
	if (!o)
		return -1;
	FILE *fp = o->fp;
	fputs("model,target,fold,file,y_true,y_pred\n", fp);
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			const double *y = ds->y[r->targets[t]];
			const double *p = &r->pred[ser_cv_at(r, m, t) * r->n];
			for (int f = 0; f < r->k; f++)
				for (int i = 0; i < r->n; i++) {
					if (r->fold_of[i] != f)
						continue;
					fprintf(fp, "%s,%s,%d,",
						ser_model_kind_name(r->kinds[m]),
						target_of(r, t), f);
					csv_field(fp, ds->files[i]);
					fprintf(fp, ",%.9g,%.9g\n", y[i], p[i]);
				}
		}
	return ser_outfile_commit(o, err);
}
