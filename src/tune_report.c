/* tune_report.c - text and JSON reports of ser tune; see tune.h. */
#include "ser/tune.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include "json_num.h"

int ser_tune_write_text(const ser_tune_result *r, FILE *fp, ser_err *err)
{
	if (r->shuffle)
		fprintf(fp, "tune: %d-fold CV (shuffled, seed %llu), n = %d rows, "
			"%d features, the same folds for every point\n", r->k,
			(unsigned long long)r->seed, r->n, r->d);
	else
		fprintf(fp, "tune: %d-fold CV (file order: KFold(%d)), n = %d rows, "
			"%d features, the same folds for every point\n", r->k, r->k,
			r->n, r->d);
	fprintf(fp, "inputs: %s\nstd: population (ddof 0) over folds\n",
		r->normalize == SER_CV_NORM_FOLD
		? "min-max scaled per fold on its training rows"
		: "features as given");
	for (int m = 0; m < r->n_models; m++) {
		const ser_grid *g = r->grids[m];
		for (int t = 0; t < r->n_targets; t++) {
			fprintf(fp, "\n%s, %s: %d point%s\n\n", g->base.family->name,
				ser_target_names[r->targets[t]], g->n_points,
				g->n_points == 1 ? "" : "s");
			char pt[512];
			int w = 5;  /* the point column fits its widest point */
			for (int p = 0; p < g->n_points; p++) {
				ser_grid_point_text(g, p, pt, sizeof pt);
				if ((int)strlen(pt) > w)
					w = (int)strlen(pt);
			}
			fprintf(fp, "|   | %-*s | R^2 mean +- std        | MSE mean +- "
				"std        |\n|---|", w, "point");
			for (int i = 0; i < w + 2; i++)
				fputc('-', fp);
			fprintf(fp, "|------------------------|------------------------|\n");
			for (int p = 0; p < g->n_points; p++) {
				double a, b, c, d;
				ser_tune_summary(r, m, t, p, &a, &b, &c, &d);
				ser_grid_point_text(g, p, pt, sizeof pt);
				fprintf(fp, "| %s | %-*s | %9.6f +- %9.6f | %9.6f +- "
					"%9.6f |\n", p == r->best[m][t] ? "*" : " ", w, pt,
					a, b, c, d);
			}
			double a, b, c, d;
			ser_tune_summary(r, m, t, r->best[m][t], &a, &b, &c, &d);
			ser_grid_point_text(g, r->best[m][t], pt, sizeof pt);
			fprintf(fp, "\nbest %s %s: %s (R^2 %.6f +- %.6f)\n",
				g->base.family->name, ser_target_names[r->targets[t]],
				pt, a, b);
		}
	}
	if (ferror(fp))
		return ser_fail(err, "stdout: write error");
	return 0;
}

static cJSON *point(const ser_grid *g, int p, ser_err *err)
{
	char *txt = ser_grid_point_json(g, p, err);
	cJSON *o = txt ? cJSON_CreateRaw(txt) : NULL;
	free(txt);
	return o;
}

int ser_tune_write_json(const ser_tune_result *r, const char *meta,
			FILE *fp, ser_err *err)
{
	cJSON *root = cJSON_CreateObject(), *res = cJSON_CreateObject();
	int ok = root && res;
	if (ok && meta) {
		cJSON *mj = cJSON_Parse(meta);
		if (!mj) {
			cJSON_Delete(root);
			cJSON_Delete(res);
			return ser_fail(err, "tune: the meta object is not JSON");
		}
		cJSON_AddItemToObject(root, "meta", mj);
	}
	if (ok) {
		cJSON_AddNumberToObject(root, "folds", r->k);
		char sb[32];
		snprintf(sb, sizeof sb, "%llu", (unsigned long long)r->seed);
		cJSON_AddItemToObject(root, "seed", cJSON_CreateRaw(sb));
		cJSON_AddBoolToObject(root, "shuffle", r->shuffle);
		cJSON_AddNumberToObject(root, "n", r->n);
		cJSON_AddNumberToObject(root, "d", r->d);
		/* every model's hyper-parameters: those of the grid's points
		 * are in "grid", the rest are the base spec's */
		cJSON *models = cJSON_AddObjectToObject(root, "models");
		for (int m = 0; models && m < r->n_models; m++) {
			char *js = ser_spec_json(&r->grids[m]->base, err);
			cJSON *spec = js ? cJSON_Parse(js) : NULL;
			free(js);
			ok = spec != NULL;
			if (!ok)
				break;
			cJSON_AddItemToObject(models,
					      r->grids[m]->base.family->name, spec);
		}
		if (ok)
			cJSON_AddItemToObject(root, "results", res);
	}
	if (!ok && res && !cJSON_GetObjectItem(root, "results"))
		cJSON_Delete(res);  /* not attached: root does not own it */
	for (int m = 0; ok && m < r->n_models; m++) {
		const ser_grid *g = r->grids[m];
		cJSON *mo = cJSON_AddObjectToObject(res, g->base.family->name);
		for (int t = 0; ok && mo && t < r->n_targets; t++) {
			cJSON *to = cJSON_AddObjectToObject(mo,
					ser_target_names[r->targets[t]]);
			cJSON *grid = cJSON_CreateArray();
			double a, b, c, d;
			ser_tune_summary(r, m, t, r->best[m][t], &a, &b, &c, &d);
			ok = to && grid;
			if (!ok)
				break;
			cJSON_AddItemToObject(to, "best", point(g, r->best[m][t], err));
			cJSON_AddItemToObject(to, "best_r2", ser_json_num(a));
			cJSON_AddItemToObject(to, "grid", grid);
			for (int p = 0; ok && p < g->n_points; p++) {
				cJSON *po = cJSON_CreateObject();
				ok = po != NULL;
				if (!ok)
					break;
				ser_tune_summary(r, m, t, p, &a, &b, &c, &d);
				cJSON_AddItemToObject(po, "params", point(g, p, err));
				cJSON_AddItemToObject(po, "r2_mean", ser_json_num(a));
				cJSON_AddItemToObject(po, "r2_std", ser_json_num(b));
				cJSON_AddItemToObject(po, "mse_mean", ser_json_num(c));
				cJSON_AddItemToObject(po, "mse_std", ser_json_num(d));
				cJSON_AddItemToArray(grid, po);
			}
		}
	}
	char *txt = ok ? cJSON_PrintUnformatted(root) : NULL;
	cJSON_Delete(root);
	if (!txt)
		return ser_fail(err, "out of memory");
	fprintf(fp, "%s\n", txt);
	free(txt);
	if (ferror(fp))
		return ser_fail(err, "stdout: write error");
	return 0;
}
