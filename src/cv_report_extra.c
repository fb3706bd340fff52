/* cv_report_extra.c - nested-CV and importance parts of the cv reports;
 * see cv_extra.h. */
#include "cv_extra.h"

#include <stdlib.h>
#include "json_num.h"

#define TOP_SHOWN 15

void cv_extra_rank(const ser_cv_result *r, int m, int t, int *order)
{
	/* insertion sort: d is small, ties keep feature order (stable) */
	double *mean = malloc((size_t)r->d * sizeof *mean);
	for (int j = 0; j < r->d; j++) {
		double s;
		order[j] = j;
		if (mean)
			ser_cv_importance(r, m, t, j, &mean[j], &s);
	}
	for (int a = 1; mean && a < r->d; a++)
		for (int b = a; b > 0 && mean[order[b - 1]] < mean[order[b]]; b--) {
			int x = order[b];
			order[b] = order[b - 1];
			order[b - 1] = x;
		}
	free(mean);
}

void cv_extra_text(const ser_cv_result *r, const ser_dataset *ds, FILE *fp)
{
	if (r->tuned) {
		fprintf(fp, "\nNested CV: each outer fold chose its point by %d-fold "
			"CV on its own training rows (best mean R^2), refitted it "
			"there and scored its test rows.\n", r->inner_k);
		for (int m = 0; m < r->n_models; m++) {
			const ser_grid *g = r->grids[m];
			if (!g)
				continue;
			for (int t = 0; t < r->n_targets; t++) {
				fprintf(fp, "\nchosen %s, %s (%d point%s):\n",
					ser_cv_model_name(r, m),
					ser_target_names[r->targets[t]], g->n_points,
					g->n_points == 1 ? "" : "s");
				for (int f = 0; f < r->k; f++) {
					char pt[512];
					ser_grid_point_text(g, r->chosen[ser_cv_at(r, m, t) *
								r->k + f], pt, sizeof pt);
					fprintf(fp, "  fold %-3d %s\n", f, pt);
				}
			}
		}
	}
	if (!r->imp)
		return;
	int *order = malloc((size_t)r->d * sizeof *order);
	if (!order)
		return;
	fprintf(fp, "\nPermutation importance: drop in out-of-fold R^2 when a "
		"feature's test column is shuffled, mean +- std over %d folds "
		"(top %d of %d)\n", r->k, TOP_SHOWN < r->d ? TOP_SHOWN : r->d, r->d);
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			fprintf(fp, "\n%s, %s\n\n| feature                  | R^2 drop "
				"mean +- std    |\n|--------------------------|-------"
				"-----------------|\n", ser_cv_model_name(r, m),
				ser_target_names[r->targets[t]]);
			cv_extra_rank(r, m, t, order);
			for (int i = 0; i < r->d && i < TOP_SHOWN; i++) {
				double a, b;
				ser_cv_importance(r, m, t, order[i], &a, &b);
				fprintf(fp, "| %-24s | %9.6f +- %9.6f |\n",
					ds->feat_names[order[i]], a, b);
			}
		}
	free(order);
}

int cv_extra_json(const ser_cv_result *r, const ser_dataset *ds, int m,
		  int t, cJSON *to, ser_err *err)
{
	if (r->tuned && r->grids[m]) {
		cJSON *a = cJSON_AddArrayToObject(to, "chosen");
		for (int f = 0; a && f < r->k; f++) {
			char *txt = ser_grid_point_json(r->grids[m], r->chosen[
				ser_cv_at(r, m, t) * r->k + f], err);
			if (!txt)
				return -1;
			cJSON_AddItemToArray(a, cJSON_CreateRaw(txt));
			free(txt);
		}
		if (!a)
			return ser_fail(err, "out of memory");
	}
	if (r->imp) {
		cJSON *o = cJSON_AddObjectToObject(to, "importance");
		for (int j = 0; o && j < r->d; j++) {
			double a, b;
			ser_cv_importance(r, m, t, j, &a, &b);
			cJSON *e = cJSON_AddObjectToObject(o, ds->feat_names[j]);
			if (!e)
				return ser_fail(err, "out of memory");
			cJSON_AddItemToObject(e, "mean", ser_json_num(a));
			cJSON_AddItemToObject(e, "std", ser_json_num(b));
		}
		if (!o)
			return ser_fail(err, "out of memory");
	}
	return 0;
}
