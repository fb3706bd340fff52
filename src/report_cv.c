/* report_cv.c - the HTML report of `ser cv` (report.h): settings,
 * summary, paired statistics, plots and per-fold tables of one run or of
 * repeated K-fold. Statistics come from cv_compare.c, so the page and the
 * text/JSON reports agree. */
#define _POSIX_C_SOURCE 200809L
#include "ser/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *model_of(const ser_cv_result *r, int m)
{
	return ser_cv_model_name(r, m);
}

static const char *target_of(const ser_cv_result *r, int t)
{
	return ser_target_names[r->targets[t]];
}

static const char *const metric_html[2] = { "R<sup>2</sup>", "MSE" };

/* A number cell; undefined (NaN) shows as a grey "-" with the reason. */
static void td(FILE *fp, const char *fmt, double v)
{
	if (isnan(v)) {
		fputs("<td class=\"n undef\" title=\"undefined\">-</td>", fp);
		return;
	}
	fputs("<td class=\"n\">", fp);
	fprintf(fp, fmt, v);
	fputs("</td>", fp);
}

static void th(FILE *fp, const char *html)
{
	fprintf(fp, "<th>%s</th>", html);
}

/* The scores of model m, target t over every fold of every run, in
 * x[0..n_runs*k); returns how many are defined. */
static int pooled_scores(const ser_cv_result *const *runs, int n_runs, int m,
			 int t, int mse, double *x, double *mean, double *std)
{
	int k = runs[0]->k, n_def;
	for (int i = 0; i < n_runs; i++) {
		const double *s = mse ? runs[i]->mse : runs[i]->r2;
		memcpy(&x[(long)i * k], &s[ser_cv_at(runs[i], m, t) * k],
		       (size_t)k * sizeof *x);
	}
	ser_nan_mean_std(x, n_runs * k, 0, mean, std, &n_def);
	return n_def;
}

static void run_section(ser_report *rp, const ser_cv_result *const *runs,
			int n_runs, const ser_dataset *ds,
			const ser_report_cv_info *info)
{
	const ser_cv_result *r = runs[0];
	FILE *fp = ser_report_html(rp);
	ser_report_section(rp, "run", "Command, data and settings");
	if (info && info->command) {
		fputs("<pre>", fp);
		ser_report_escape(fp, info->command);
		fputs("</pre>\n", fp);
	}
	fputs("<table>\n", fp);
	fprintf(fp, "<tr><th>rows</th><td>%d labelled rows, %d features</td></tr>\n",
		r->n, ds->d);
	fputs("<tr><th>models</th><td>", fp);
	for (int m = 0; m < r->n_models; m++)
		fprintf(fp, "%s%s", m ? ", " : "", model_of(r, m));
	fputs("</td></tr>\n<tr><th>targets</th><td>", fp);
	for (int t = 0; t < r->n_targets; t++)
		fprintf(fp, "%s%s", t ? ", " : "", target_of(r, t));
	fprintf(fp, "</td></tr>\n<tr><th>folds</th><td>%d-fold CV, %s</td></tr>\n",
		r->k, r->shuffle ? "shuffled" : "file order (no shuffle)");
	if (n_runs > 1)
		fprintf(fp, "<tr><th>runs</th><td>%d (repeated K-fold, seeds "
			"%llu..%llu)</td></tr>\n", n_runs,
			(unsigned long long)r->seed,
			(unsigned long long)runs[n_runs - 1]->seed);
	else
		fprintf(fp, "<tr><th>seed</th><td>%llu</td></tr>\n",
			(unsigned long long)r->seed);
	fprintf(fp, "<tr><th>inputs</th><td>%s</td></tr>\n",
		r->normalize == SER_CV_NORM_FOLD
		? "min-max scaled per fold on its training rows"
		: "features as given");
	for (int m = 0; m < r->n_models; m++)
		if (r->model_fold_of[m])
			fprintf(fp, "<tr><th>%s folds</th><td>its own, %s (not "
				"paired with the others)</td></tr>\n", model_of(r, m),
				r->model_shuffle[m] ? "shuffled" : "file order");
	for (int i = 0; info && i < info->n_settings; i++) {
		fputs("<tr><th>", fp);
		ser_report_escape(fp, info->settings[i].key);
		fputs("</th><td>", fp);
		ser_report_escape(fp, info->settings[i].value);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static int summary_section(ser_report *rp, const ser_cv_result *const *runs,
			   int n_runs, ser_err *err)
{
	const ser_cv_result *r = runs[0];
	FILE *fp = ser_report_html(rp);
	double *x = ser_malloc((size_t)n_runs * r->k * sizeof *x, err);
	if (!x)
		return -1;
	ser_report_section(rp, "summary", "Summary");
	ser_report_text(rp, "Mean +- std over %s%d folds; std is the population "
			"std (ddof 0), as in the thesis's tables. A fold's R^2 is "
			"undefined when it has fewer than 2 test rows; such folds "
			"are left out and counted.", n_runs > 1 ? "all " : "",
			n_runs * r->k);
	fputs("<table>\n<tr>", fp);
	th(fp, "model");
	th(fp, "target");
	th(fp, "R<sup>2</sup> mean");
	th(fp, "R<sup>2</sup> std");
	th(fp, "folds with R<sup>2</sup>");
	th(fp, "MSE mean");
	th(fp, "MSE std");
	fputs("</tr>\n", fp);
	for (int m = 0; m < r->n_models; m++)
		for (int t = 0; t < r->n_targets; t++) {
			double a, b, c, d;
			int n_def = pooled_scores(runs, n_runs, m, t, 0, x, &a, &b);
			pooled_scores(runs, n_runs, m, t, 1, x, &c, &d);
			fprintf(fp, "<tr><td>%s</td><td>%s</td>", model_of(r, m),
				target_of(r, t));
			td(fp, "%.6f", a);
			td(fp, "%.6f", b);
			fprintf(fp, "<td class=\"n\">%d / %d</td>", n_def,
				n_runs * r->k);
			td(fp, "%.6f", c);
			td(fp, "%.6f", d);
			fputs("</tr>\n", fp);
		}
	fputs("</table>\n", fp);
	free(x);
	return 0;
}

static int paired_section(ser_report *rp, const ser_cv_result *const *runs,
			  int n_runs, ser_err *err)
{
	const ser_cv_result *r = runs[0];
	FILE *fp = ser_report_html(rp);
	if (r->n_models < 2)
		return 0;
	ser_report_section(rp, "paired", "Paired statistics");
	ser_report_text(rp, "Differences a - b per fold over the folds both "
			"models were scored on, %s. The corrected resampled "
			"t-test (Nadeau & Bengio 2003, n_test/n_train = 1/%d) is "
			"the p-value to report: CV training sets overlap, so fold "
			"scores are correlated and the plain paired t-test beside "
			"it overstates significance (Dietterich 1998). The std of "
			"the differences is the sample std (ddof 1), the one the "
			"tests use.", n_runs > 1 ? "pooled over all runs" : "one run",
			r->k - 1);
	fputs("<table>\n<tr>", fp);
	static const char *const head[] = {
		"a", "b", "target", "metric", "mean a", "mean b",
		"diff mean", "diff std", "folds", "corrected t-test p",
		"plain t-test p"
	};
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		th(fp, head[i]);
	if (n_runs == 1)
		th(fp, "Wilcoxon p");
	fputs("</tr>\n", fp);
	int pairs[SER_CV_MAX_PAIRS][2], np = ser_cv_pairs(r, pairs);
	for (int pi = 0; pi < np; pi++) {
		int a = pairs[pi][0], b = pairs[pi][1];
			if (!ser_cv_same_folds(r, a, b)) {
				fprintf(fp, "<tr><td>%s</td><td>%s</td><td colspan=\"%d\">"
					"no paired comparison: scored on different "
					"folds</td></tr>\n", model_of(r, a), model_of(r, b),
					n_runs == 1 ? 10 : 9);
				continue;
			}
			for (int t = 0; t < r->n_targets; t++)
				for (int mse = 0; mse < 2; mse++) {
					ser_cv_pooled c;
					ser_paired q;
					if (ser_cv_pooled_ttest(runs, n_runs, a, b, t, mse,
								&c, err) < 0 ||
					    (n_runs == 1 &&
					     ser_cv_paired(r, a, b, t, mse, &q, err) < 0))
						return -1;
					double *x = ser_malloc((size_t)n_runs * r->k * 2 *
							       sizeof *x, err);
					if (!x)
						return -1;
					double ma, mb, sd;
					pooled_scores(runs, n_runs, a, t, mse, x, &ma, &sd);
					pooled_scores(runs, n_runs, b, t, mse, x, &mb, &sd);
					free(x);
					fprintf(fp, "<tr><td>%s</td><td>%s</td><td>%s</td>"
						"<td>%s</td>", model_of(r, a), model_of(r, b),
						target_of(r, t), metric_html[mse]);
					td(fp, "%.6f", ma);
					td(fp, "%.6f", mb);
					td(fp, "%.6f", c.diff_mean);
					td(fp, "%.6f", c.diff_std);
					fprintf(fp, "<td class=\"n\">%d</td>", c.n);
					td(fp, "%.4g", c.p);
					td(fp, "%.4g", c.p_plain);
					if (n_runs == 1)
						td(fp, "%.4g", q.p_w);
					fputs("</tr>\n", fp);
				}
		}
	fputs("</table>\n", fp);
	return 0;
}

/* gnuplot data lines go through this stream; "NaN" never appears: the
 * undefined points are left out */
static int plots_section(ser_report *rp, const ser_cv_result *const *runs,
			 int n_runs, const ser_dataset *ds, ser_err *err)
{
	const ser_cv_result *r = runs[0];
	int k = r->k, M = r->n_models;
	ser_report_section(rp, "plots", "Plots");
	char *s = NULL, name[96], cap[320];
	size_t len = 0;
	/* a line joins one fold's scores only when every model had that
	 * fold (not under --protocol thesis) */
	int same = 1;
	for (int m = 1; m < M; m++)
		same &= ser_cv_same_folds(r, 0, m);
	for (int t = 0; t < r->n_targets; t++) {
		FILE *g = open_memstream(&s, &len);
		if (!g)
			return ser_fail(err, "out of memory");
		fprintf(g, "set title 'R\u00b2 per test fold: %s'\n"
			"set xrange [-0.35:%g]\nset xtics (", target_of(r, t),
			M - 0.65);
		for (int m = 0; m < M; m++)
			fprintf(g, "%s'%s' %d", m ? ", " : "", model_of(r, m), m);
		fprintf(g, ")\nset ylabel 'R\u00b2 on the test fold'\nset grid ytics\n"
			"set key below horizontal\n"
			"plot '-' using 1:2 with %s lw 1 pt 7 ps 0.5 "
			"lc rgb '#604682b4' title '%s (%d)', "
			"'-' using 1:2 with linespoints lw 3 pt 5 ps 1 "
			"lc rgb '#d62728' title 'mean'\n",
			same ? "linespoints" : "points",
			same ? "one line per fold" : "folds", n_runs * k);
		for (int i = 0; i < n_runs; i++)
			for (int f = 0; f < k; f++) {
				for (int m = 0; m < M; m++) {
					double v = runs[i]->r2[ser_cv_at(runs[i], m, t) * k + f];
					if (!isnan(v))
						fprintf(g, "%d %.9g\n", m, v);
				}
				fputc('\n', g);
			}
		fputs("e\n", g);
		for (int m = 0; m < M; m++) {
			double mean = 0;
			int c = 0;
			for (int i = 0; i < n_runs; i++)
				for (int f = 0; f < k; f++) {
					double v = runs[i]->r2[ser_cv_at(runs[i], m, t) * k + f];
					if (!isnan(v))
						mean += v, c++;
				}
			if (c)
				fprintf(g, "%d %.9g\n", m, mean / c);
		}
		fputs("e\n", g);
		fclose(g);
		snprintf(name, sizeof name, "paired-r2-%s", target_of(r, t));
		if (same)
			snprintf(cap, sizeof cap, "%s: R^2 of every test fold%s, one "
				 "line per fold from model to model (folds with an "
				 "undefined R^2 left out); a line falling to the right "
				 "means the right model did worse on that fold.",
				 target_of(r, t), n_runs > 1 ? " of every run" : "");
		else
			snprintf(cap, sizeof cap, "%s: R^2 of every test fold%s. The "
				 "models were scored on different folds (the thesis's "
				 "protocol), so no fold pairs up and no lines are drawn.",
				 target_of(r, t), n_runs > 1 ? " of every run" : "");
		int rc = ser_report_plot(rp, name, 480, 400, cap, s, err);
		free(s);
		s = NULL;
		if (rc < 0)
			return -1;
	}
	fputs("<br>\n", ser_report_html(rp));
	for (int m = 0; m < M; m++)
		for (int t = 0; t < r->n_targets; t++) {
			const double *y = ds->y[r->targets[t]];
			const double *p = &r->pred[ser_cv_at(r, m, t) * r->n];
			double lo = INFINITY, hi = -INFINITY;
			for (int i = 0; i < r->n; i++) {
				lo = fmin(lo, fmin(y[i], p[i]));
				hi = fmax(hi, fmax(y[i], p[i]));
			}
			double pad = (hi - lo) * 0.04 + 1e-9;
			FILE *g = open_memstream(&s, &len);
			if (!g)
				return ser_fail(err, "out of memory");
			fprintf(g, "set title '%s, %s: out-of-fold predictions'\n"
				"set xlabel 'true %s'\nset ylabel 'predicted %s'\n"
				"set xrange [%.9g:%.9g]\nset yrange [%.9g:%.9g]\n"
				"set size square\nset grid\nset key top left\n"
				"plot '-' using 1:2 with points pt 7 ps 0.45 "
				"lc rgb '#401f77b4' title 'row', x with lines dt 2 "
				"lc rgb '#666666' title 'y = x'\n", model_of(r, m),
				target_of(r, t), target_of(r, t), target_of(r, t),
				lo - pad, hi + pad, lo - pad, hi + pad);
			for (int i = 0; i < r->n; i++)
				fprintf(g, "%.9g %.9g\n", y[i], p[i]);
			fputs("e\n", g);
			fclose(g);
			double mean, sd;
			ser_cv_score_summary(r, m, t, 0, &mean, &sd, NULL);
			snprintf(name, sizeof name, "scatter-%s-%s", model_of(r, m),
				 target_of(r, t));
			snprintf(cap, sizeof cap, "%s, %s: each row's prediction by "
				 "the model of the fold that held it out (seed %llu); "
				 "mean fold R^2 %.3f.", model_of(r, m), target_of(r, t),
				 (unsigned long long)r->seed, mean);
			int rc = ser_report_plot(rp, name, 420, 420, cap, s, err);
			free(s);
			s = NULL;
			if (rc < 0)
				return -1;
		}
	return 0;
}

static void folds_section(ser_report *rp, const ser_cv_result *const *runs,
			  int n_runs)
{
	FILE *fp = ser_report_html(rp);
	ser_report_section(rp, "folds", "Per-fold scores");
	ser_report_text(rp, "R^2 and MSE of every test fold; \"-\" marks an "
			"undefined R^2 (fewer than 2 test rows).");
	for (int i = 0; i < n_runs; i++) {
		const ser_cv_result *r = runs[i];
		if (n_runs > 1)
			fprintf(fp, "<details%s><summary>run %d (seed %llu)</summary>\n",
				i ? "" : " open", i, (unsigned long long)r->seed);
		int *rows = calloc((size_t)r->k, sizeof *rows);
		for (int j = 0; rows && j < r->n; j++)
			rows[r->fold_of[j]]++;
		fputs("<table>\n<tr><th>fold</th><th>test rows</th>", fp);
		for (int m = 0; m < r->n_models; m++)
			for (int t = 0; t < r->n_targets; t++)
				fprintf(fp, "<th>%s %s R<sup>2</sup></th><th>%s %s MSE</th>",
					model_of(r, m), target_of(r, t), model_of(r, m),
					target_of(r, t));
		fputs("</tr>\n", fp);
		for (int f = 0; f < r->k; f++) {
			fprintf(fp, "<tr><td class=\"n\">%d</td><td class=\"n\">%d</td>",
				f, rows ? rows[f] : 0);
			for (int m = 0; m < r->n_models; m++)
				for (int t = 0; t < r->n_targets; t++) {
					long c = ser_cv_at(r, m, t) * r->k + f;
					td(fp, "%.6f", r->r2[c]);
					td(fp, "%.6f", r->mse[c]);
				}
			fputs("</tr>\n", fp);
		}
		fputs("</table>\n", fp);
		free(rows);
		if (n_runs > 1)
			fputs("</details>\n", fp);
	}
}

int ser_report_cv(const char *dir, const ser_cv_result *const *runs,
		  int n_runs, const ser_dataset *ds,
		  const ser_report_cv_info *info, ser_err *err)
{
	if (n_runs < 1)
		return ser_fail(err, "report: no CV run to report");
	for (int i = 1; i < n_runs; i++)
		if (runs[i]->k != runs[0]->k || runs[i]->n_models != runs[0]->n_models ||
		    runs[i]->n_targets != runs[0]->n_targets)
			return ser_fail(err, "report: the runs differ in folds, "
					"models or targets");
	ser_report *rp = ser_report_open(dir, "ser cv report",
					 info ? info->gnuplot : NULL, err);
	if (!rp)
		return -1;
	run_section(rp, runs, n_runs, ds, info);
	if (summary_section(rp, runs, n_runs, err) < 0 ||
	    paired_section(rp, runs, n_runs, err) < 0 ||
	    plots_section(rp, runs, n_runs, ds, err) < 0)
		goto fail;
	folds_section(rp, runs, n_runs);
	ser_report_section(rp, "reading", "How to read this report");
	ser_report_text(rp, "Summary: how well each model predicts each target "
			"on rows it was not trained on. R^2 1 is perfect, 0 is "
			"no better than predicting the mean of the test fold.");
	ser_report_text(rp, "Paired statistics: whether one model beats the "
			"other on the same folds. Read the corrected t-test p: "
			"below 0.05 means a difference this size is unlikely if "
			"the models were equally good. The plain t-test and "
			"Wilcoxon p-values assume independent folds, which CV "
			"folds are not, so they come out too small. A difference "
			"can be significant and still too small to matter: look "
			"at diff mean next to the std.");
	ser_report_text(rp, "Paired per-fold plot: each line is one test fold. "
			"Lines that all slope the same way mean one model wins on "
			"almost every fold; crossing lines mean the folds disagree "
			"and the means hide it. Scatter plots: points on the dashed "
			"diagonal are perfect predictions; a cloud flatter than the "
			"diagonal means the model shrinks towards the mean.");
	if (info && info->extra && info->extra(rp, info->extra_ctx, err) < 0)
		goto fail;
	return ser_report_close(rp, err);
fail:
	ser_report_free(rp);
	return -1;
}
