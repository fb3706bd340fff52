/* report_tune.c - the HTML report of `ser tune` (tune.h: a table of every
 * grid point and a heat map of mean R^2 over two grid dimensions per model
 * and target) and the sections nested CV and permutation importance add to
 * the report of `ser cv` (report.h: chosen points, importance bars). */
#define _POSIX_C_SOURCE 200809L
#include "ser/report.h"
#include "ser/tune.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cv_extra.h"

#define BARS 20  /* features shown in an importance plot */

static void cell(FILE *fp, double v)
{
	if (isnan(v))
		fputs("<td class=\"n undef\">-</td>", fp);
	else
		fprintf(fp, "<td class=\"n\">%.6f</td>", v);
}

/* Index of dimension j's value at point p. */
static int value_at(const ser_grid *g, int p, int j)
{
	const char *v = ser_grid_value(g, p, j);
	for (int i = 0; i < g->dim[j].n; i++)
		if (!strcmp(g->dim[j].values[i], v))
			return i;
	return -1;
}

/* The point whose dimension a has value ia, b value ib and every other
 * dimension the best point's value; -1 when the grid (a --random subset)
 * does not hold it. */
static int point_at(const ser_grid *g, int best, int a, int ia, int b, int ib)
{
	for (int p = 0; p < g->n_points; p++) {
		int ok = 1;
		for (int j = 0; j < g->n_dims && ok; j++) {
			int want = j == a ? ia : j == b ? ib : value_at(g, best, j);
			ok = value_at(g, p, j) == want;
		}
		if (ok)
			return p;
	}
	return -1;
}

static const char *dim_name(const ser_grid *g, int j)
{
	return g->base.family->params[g->dim[j].param].name;
}

/* Mean R^2 over the first two dimensions with more than one value (a line
 * over one when there is only one such). */
static int heat_map(ser_report *rp, const ser_tune_result *r, int m, int t,
		    ser_err *err)
{
	const ser_grid *g = r->grids[m];
	int a = -1, b = -1, best = r->best[m][t];
	for (int j = 0; j < g->n_dims; j++)
		if (g->dim[j].n > 1) {
			if (a < 0)
				a = j;
			else if (b < 0)
				b = j;
		}
	if (a < 0)
		return 0;
	char *s = NULL, name[96], cap[512], title[160];
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	if (!f)
		return ser_fail(err, "out of memory");
	const char *fam = g->base.family->name, *tn = ser_target_names[r->targets[t]];
	snprintf(title, sizeof title, "%s, %s: mean R\u00b2 over %d folds", fam,
		 tn, r->k);
	fprintf(f, "set termoption noenhanced\nset title '%s'\nset xlabel '%s'\n"
		"set xtics (", title, dim_name(g, a));
	for (int i = 0; i < g->dim[a].n; i++)
		fprintf(f, "%s'%s' %d", i ? ", " : "", g->dim[a].values[i], i);
	fputs(")\n", f);
	if (b >= 0) {
		fprintf(f, "set ylabel '%s'\nset ytics (", dim_name(g, b));
		for (int i = 0; i < g->dim[b].n; i++)
			fprintf(f, "%s'%s' %d", i ? ", " : "", g->dim[b].values[i], i);
		fprintf(f, ")\nset xrange [-0.5:%g]\nset yrange [-0.5:%g]\n"
			"set palette defined (0 '#f7fbff', 1 '#6baed6', 2 '#08306b')\n"
			"set cblabel 'mean R\u00b2'\nunset key\n"
			"set style fill solid 1.0 noborder\n"
			/* values on a white box: readable on every shade */
			"set style textbox opaque fillcolor rgb 'white' noborder\n"
			"plot '-' using 1:2:(0.5):(0.5):3 with boxxyerror fc palette, "
			"'-' using 1:2:4 with labels boxed font ',11' textcolor rgb "
			"'#000000'\n", g->dim[a].n - 0.5, g->dim[b].n - 0.5);
		for (int rep = 0; rep < 2; rep++) {
			for (int ib = 0; ib < g->dim[b].n; ib++) {
				for (int ia = 0; ia < g->dim[a].n; ia++) {
					int p = point_at(g, best, a, ia, b, ib);
					double mean = NAN, x, y, z;
					if (p >= 0)
						ser_tune_summary(r, m, t, p, &mean, &x, &y, &z);
					/* a point outside a --random subset: no cell */
					if (p >= 0)
						fprintf(f, "%d %d %.9g \"%s%.3f\"\n", ia, ib,
							mean, p == best ? "*" : "", mean);
				}
			}
			fputs("e\n", f);
		}
	} else {
		fprintf(f, "set ylabel 'mean R\u00b2 +- std'\nset grid\nunset key\n"
			"set xrange [-0.5:%g]\nplot '-' using 1:2:3 with yerrorlines "
			"pt 7 lc rgb '#1f77b4'\n", g->dim[a].n - 0.5);
		for (int ia = 0; ia < g->dim[a].n; ia++) {
			int p = point_at(g, best, a, ia, -1, -1);
			double mean, sd, x, y;
			if (p < 0)
				continue;
			ser_tune_summary(r, m, t, p, &mean, &sd, &x, &y);
			fprintf(f, "%d %.9g %.9g\n", ia, mean, sd);
		}
		fputs("e\n", f);
	}
	fclose(f);
	char fixed[256] = "";
	size_t k = 0;
	for (int j = 0; j < g->n_dims && k < sizeof fixed; j++)
		if (j != a && j != b)
			k += (size_t)snprintf(fixed + k, sizeof fixed - k, "%s%s=%s",
					      k ? ", " : "", dim_name(g, j),
					      ser_grid_value(g, best, j));
	snprintf(name, sizeof name, "tune-%s-%s", fam, tn);
	snprintf(cap, sizeof cap, "%s, %s: mean R^2 of each grid point over the "
		 "same %d folds%s%s%s; * marks the best point.", fam, tn, r->k,
		 k ? " (other parameters at the best point's values: " : "",
		 fixed, k ? ")" : "");
	int rc = ser_report_plot(rp, name, 520, 420, cap, s, err);
	free(s);
	return rc;
}

static void points_table(ser_report *rp, const ser_tune_result *r, int m,
			 int t)
{
	const ser_grid *g = r->grids[m];
	FILE *fp = ser_report_html(rp);
	fputs("<table>\n<tr>", fp);
	for (int j = 0; j < g->n_dims; j++) {
		fputs("<th>", fp);
		ser_report_escape(fp, dim_name(g, j));
		fputs("</th>", fp);
	}
	fputs("<th>R<sup>2</sup> mean</th><th>R<sup>2</sup> std</th>"
	      "<th>MSE mean</th><th>MSE std</th></tr>\n", fp);
	for (int p = 0; p < g->n_points; p++) {
		double a, b, c, d;
		ser_tune_summary(r, m, t, p, &a, &b, &c, &d);
		fputs(p == r->best[m][t] ? "<tr class=\"best\">" : "<tr>", fp);
		for (int j = 0; j < g->n_dims; j++) {
			fputs("<td>", fp);
			ser_report_escape(fp, ser_grid_value(g, p, j));
			fputs("</td>", fp);
		}
		cell(fp, a);
		cell(fp, b);
		cell(fp, c);
		cell(fp, d);
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

int ser_tune_report(const char *dir, const ser_tune_result *r,
		    const char *command, const ser_report_kv *settings,
		    int n_settings, const char *gnuplot, ser_err *err)
{
	ser_report *rp = ser_report_open(dir, "ser tune", gnuplot, err);
	if (!rp)
		return -1;
	FILE *fp = ser_report_html(rp);
	ser_report_section(rp, "run", "Command, data and settings");
	if (command) {
		fputs("<pre>", fp);
		ser_report_escape(fp, command);
		fputs("</pre>\n", fp);
	}
	fprintf(fp, "<table>\n<tr><th>rows</th><td>%d labelled rows, %d "
		"features</td></tr>\n<tr><th>folds</th><td>%d-fold CV, %s, the "
		"same for every point, model and target</td></tr>\n"
		"<tr><th>seed</th><td>%llu</td></tr>\n<tr><th>inputs</th><td>%s"
		"</td></tr>\n", r->n, r->d, r->k, r->shuffle ? "shuffled"
		: "file order (scikit-learn's KFold)", (unsigned long long)r->seed,
		r->normalize == SER_CV_NORM_FOLD
		? "min-max scaled per fold on its training rows"
		: "features as given");
	for (int i = 0; i < n_settings; i++) {
		fputs("<tr><th>", fp);
		ser_report_escape(fp, settings[i].key);
		fputs("</th><td>", fp);
		ser_report_escape(fp, settings[i].value);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
	ser_report_section(rp, "best", "Best points");
	ser_report_text(rp, "The best point has the highest mean R^2 over the "
			"folds (the first in grid order on a tie), as "
			"scikit-learn's GridSearchCV(scoring='r2') chooses. std is "
			"the population std (ddof 0) over folds.");
	fputs("<table>\n<tr><th>model</th><th>target</th><th>best point</th>"
	      "<th>R<sup>2</sup> mean</th><th>R<sup>2</sup> std</th></tr>\n", fp);
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			char pt[512];
			double a, b, c, d;
			ser_tune_summary(r, m, t, r->best[m][t], &a, &b, &c, &d);
			ser_grid_point_text(r->grids[m], r->best[m][t], pt, sizeof pt);
			fprintf(fp, "<tr><td>%s</td><td>%s</td><td>",
				r->grids[m]->base.family->name,
				ser_target_names[r->targets[t]]);
			ser_report_escape(fp, pt);
			fputs("</td>", fp);
			cell(fp, a);
			cell(fp, b);
			fputs("</tr>\n", fp);
		}
	fputs("</table>\n", fp);
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			char id[64], title[128];
			const char *fam = r->grids[m]->base.family->name;
			const char *tn = ser_target_names[r->targets[t]];
			snprintf(id, sizeof id, "%s-%s", fam, tn);
			snprintf(title, sizeof title, "%s, %s: %d points", fam, tn,
				 r->grids[m]->n_points);
			ser_report_section(rp, id, title);
			if (heat_map(rp, r, m, t, err) < 0) {
				ser_report_free(rp);
				return -1;
			}
			points_table(rp, r, m, t);
		}
	return ser_report_close(rp, err);
}

/* Importance bars of model m, target t: the BARS largest mean drops. */
static int bars(ser_report *rp, const ser_cv_result *r,
		const ser_dataset *ds, int m, int t, ser_err *err)
{
	int *order = ser_malloc((size_t)r->d * sizeof *order, err);
	if (!order)
		return -1;
	cv_extra_rank(r, m, t, order);
	int nb = r->d < BARS ? r->d : BARS;
	char *s = NULL, name[96], cap[384];
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	if (!f) {
		free(order);
		return ser_fail(err, "out of memory");
	}
	const char *mn = ser_cv_model_name(r, m);
	const char *tn = ser_target_names[r->targets[t]];
	fprintf(f, "set termoption noenhanced\nset title '%s, %s: permutation "
		"importance'\nset ylabel 'drop in R\u00b2 (mean +- std over folds)'\n"
		"set style fill solid 0.8 noborder\nset boxwidth 0.7\nset grid ytics\n"
		"set xtics rotate by -60 font ',9'\nset xrange [-0.6:%g]\nunset key\n"
		"plot '-' using 0:2:3:xtic(1) with boxerrorbars lc rgb '#1f77b4'\n",
		mn, tn, nb - 0.4);
	for (int i = 0; i < nb; i++) {
		double a, b;
		ser_cv_importance(r, m, t, order[i], &a, &b);
		fprintf(f, "\"%s\" %.9g %.9g\n", ds->feat_names[order[i]],
			isnan(a) ? 0 : a, isnan(b) ? 0 : b);
	}
	fputs("e\n", f);
	fclose(f);
	free(order);
	snprintf(name, sizeof name, "importance-%s-%s", mn, tn);
	snprintf(cap, sizeof cap, "%s, %s: the %d features whose shuffled test "
		 "column costs the most out-of-fold R^2 (mean +- std over %d "
		 "folds; each shuffle seeded by the fit and the feature).", mn, tn,
		 nb, r->k);
	int rc = ser_report_plot(rp, name, 640, 420, cap, s, err);
	free(s);
	return rc;
}

int ser_report_cv_more(ser_report *rp, void *ctx, ser_err *err)
{
	const ser_report_cv_more_ctx *c = ctx;
	const ser_cv_result *r = c->r;
	FILE *fp = ser_report_html(rp);
	if (r->tuned) {
		ser_report_section(rp, "chosen", "Nested CV: chosen points");
		ser_report_text(rp, "Each outer fold chose its point by %d-fold CV "
				"on its own training rows (best mean R^2), refitted it "
				"there and scored its test rows with it.", r->inner_k);
		fputs("<table>\n<tr><th>model</th><th>target</th>", fp);
		for (int f = 0; f < r->k; f++)
			fprintf(fp, "<th>fold %d</th>", f);
		fputs("</tr>\n", fp);
		for (int m = 0; m < r->n_models; m++)
			for (int t = 0; t < r->n_targets && r->grids[m]; t++) {
				fprintf(fp, "<tr><td>%s</td><td>%s</td>",
					ser_cv_model_name(r, m),
					ser_target_names[r->targets[t]]);
				for (int f = 0; f < r->k; f++) {
					char pt[512];
					ser_grid_point_text(r->grids[m], r->chosen[
						ser_cv_at(r, m, t) * r->k + f], pt, sizeof pt);
					fputs("<td>", fp);
					ser_report_escape(fp, pt);
					fputs("</td>", fp);
				}
				fputs("</tr>\n", fp);
			}
		fputs("</table>\n", fp);
	}
	if (r->imp) {
		ser_report_section(rp, "importance", "Permutation importance");
		ser_report_text(rp, "How much out-of-fold R^2 each feature carries: "
				"its column of the test rows is shuffled and the "
				"fold's model predicts again; the drop in R^2 is "
				"averaged over folds. Correlated features share their "
				"importance (shuffling one leaves the other).");
		for (int m = 0; m < r->n_models; m++)
			for (int t = 0; t < r->n_targets; t++)
				if (bars(rp, r, c->ds, m, t, err) < 0)
					return -1;
	}
	return 0;
}
