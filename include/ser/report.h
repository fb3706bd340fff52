/* report.h - self-contained HTML reports of ser runs (report_html.c,
 * report_cv.c).
 *
 * A report is a directory: index.html and the gnuplot SVGs it shows
 * (<img src="NAME.svg">, files beside it). Nothing in it refers to the
 * network - no scripts, fonts or style sheets from elsewhere - so the
 * directory can be copied, archived and opened offline. The same run
 * gives the same bytes (no dates in the page).
 *
 * Building one: ser_report_open, then sections (ser_report_section),
 * paragraphs (ser_report_text), tables (ser_report_html with
 * ser_report_escape) and plots (ser_report_plot: a gnuplot script run as
 * an external process into NAME.svg), then ser_report_close, which writes
 * index.html atomically (ser_outfile) with a table of contents of the
 * sections. ser_report_cv builds the whole report of `ser cv`. */
#ifndef SER_REPORT_H
#define SER_REPORT_H

#include "ser/export.h"

#include <stdio.h>

#include "ser/cv.h"
#include "ser/dataset.h"
#include "ser/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_report ser_report;

/* Create DIR if needed (its parent must exist) and start a page titled
 * title. gnuplot: the program to run for plots; NULL or "": $SER_GNUPLOT,
 * else gnuplot on PATH. Fails when DIR cannot be made or gnuplot is not
 * found (so a caller can check before a long run). */
SER_API ser_report *ser_report_open(const char *dir, const char *title,
			    const char *gnuplot, ser_err *err);
/* Start a section <h2 id=ID>TITLE</h2>; ids are [a-z0-9-], unique. */
SER_API void ser_report_section(ser_report *rp, const char *id, const char *title);
/* A paragraph of plain text (escaped), printf-style. */
SER_API void ser_report_text(ser_report *rp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The page body as a stream, for markup the helpers above do not make
 * (tables); text in it must go through ser_report_escape. */
SER_API FILE *ser_report_html(ser_report *rp);
SER_API void ser_report_escape(FILE *fp, const char *s);
/* Run a gnuplot script into DIR/NAME.svg and show it as a figure with
 * caption (escaped). The script draws; the terminal ("svg", w x h pixels,
 * sans 11, white) is set here. NAME: [a-z0-9-_.] only. */
SER_API int ser_report_plot(ser_report *rp, const char *name, int w, int h,
		    const char *caption, const char *script, ser_err *err);
/* Write DIR/index.html and free rp (also on failure). */
SER_API int ser_report_close(ser_report *rp, ser_err *err);
/* Abandon a report: free it, write nothing more. NULL is a no-op. */
SER_API void ser_report_free(ser_report *rp);

typedef struct ser_report_kv {
	const char *key, *value;
} ser_report_kv;

/* Optional sections of a report that ser_report_cv does not make itself
 * (permutation importance bars, a tuning heat map, ...): called once
 * after the built-in sections, before the page is closed, to add its own
 * ser_report_section / _plot / _html. */
typedef int (*ser_report_extra)(ser_report *rp, void *ctx, ser_err *err);

typedef struct ser_report_cv_info {
	const char *command;         /* the command line, shown verbatim */
	const ser_report_kv *settings; /* data and settings rows beyond what */
	int n_settings;              /* the result records (paths, protocol) */
	const char *gnuplot;         /* as ser_report_open */
	ser_report_extra extra;      /* NULL: none */
	void *extra_ctx;
} ser_report_cv_info;

/* The report of a CV run (n_runs 1) or of repeated K-fold (n_runs runs
 * of the same models, targets and folds count):
 *   run     the command, data and settings;
 *   summary per model and target, mean +- std (ddof 0) of R^2 and MSE
 *           over the defined folds of all runs, and the count;
 *   paired  with 2+ models on the same folds, per pair, target and
 *           metric: mean difference, the corrected resampled t-test
 *           pooled over all runs' folds (the p-value to report), the
 *           plain paired t-test and (one run) Wilcoxon;
 *   plots   a paired per-fold R^2 plot per target (one line per fold
 *           from model to model) and predicted-vs-true scatter plots
 *           per model and target (out-of-fold predictions of run 0);
 *   folds   the per-fold table of every run (undefined R^2 as "-");
 * then info->extra's sections. */
SER_API int ser_report_cv(const char *dir, const ser_cv_result *const *runs,
		  int n_runs, const ser_dataset *ds,
		  const ser_report_cv_info *info, ser_err *err);

/* Extra sections (a ser_report_extra) for runs of ser cv with --tune
 * or --importance (report_tune.c): the point each outer fold chose, and
 * bars of the largest permutation importances per model and target.
 * ctx: a ser_report_cv_more_ctx for run 0. */
typedef struct ser_report_cv_more_ctx {
	const ser_cv_result *r;
	const ser_dataset *ds;
} ser_report_cv_more_ctx;
SER_API int ser_report_cv_more(ser_report *rp, void *ctx, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
