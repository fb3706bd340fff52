/* cmd_cv.c - `ser cv`: parse arguments, load the data set, run the CV
 * engine (cv.h) and print its report. No logic beyond that. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "data_opts.h"
#include "family_opts.h"
#include "ser/cv.h"
#include "ser/dataset.h"
#include "ser/meta.h"
#include "ser/report.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser cv (--dataset DIR [--raw-features] | --features-csv F --labels L)\n"
		"              [--features 74|all] [--targets arousal,valence]\n"
		"              [--normalize auto|fold|none] [-k K] [-s S] [--no-shuffle]\n"
		"              [--models svr,mlp,ridge,xgb] [--baseline NAME]\n"
		"              [--protocol fair|thesis]\n"
		"              [--repeats R] [hyper-parameters]\n"
		"              [--format text|json] [-o OUT] [--predictions OUT.csv]\n"
		"              [--report DIR] [-q]\n"
		"\n"
		"K-fold cross-validation (scikit-learn KFold folds) of regressors of\n"
		"valence and arousal. Every model and target sees the same folds.\n"
		"Prints per-fold R^2 and MSE and their mean +- population std (ddof 0);\n"
		"with two or more models, the paired per-fold differences of every pair\n"
		"(or of each model and --baseline) with paired t-test, corrected\n"
		"resampled t-test (Nadeau & Bengio; the one to report) and Wilcoxon\n"
		"signed-rank p-values (the fair A/B). A fold with fewer than\n"
		"2 test rows has no R^2: shown as \"-\" (null in JSON) and left out of\n"
		"means and tests. K > n is refused; K > n/2 warns (use --folds n/2).\n"
		"\n"
		"Data:\n");
	cli_data_usage(fp);
	fprintf(fp,
		"  --normalize MODE     fold: min-max scale the inputs per fold, fitted on\n"
		"                       its training rows (what ser train does on all\n"
		"                       rows); none: as given; auto (default): none for\n"
		"                       Normalized_Features.csv (already scaled, the\n"
		"                       thesis's protocol), fold for anything else\n"
		"\n"
		"Protocol:\n"
		"  -k, --folds K        number of folds (default 10)\n"
		"  -s, --seed S         shuffle seed (default 0; xoshiro256** Fisher-Yates)\n"
		"      --no-shuffle     keep file order (the thesis's MLP protocol)\n"
		"      --models LIST    comma-separated, each once: svr, mlp, ridge, xgb\n"
		"                       (default svr)\n"
		"      --baseline NAME  compare every other model with NAME only (one of\n"
		"                       --models) instead of every pair\n"
		"      --protocol P     fair (default): every model on the same folds;\n"
		"                       thesis: the thesis's own setup - SVR on shuffled\n"
		"                       folds, MLP on unshuffled folds, MLP batch 1 and\n"
		"                       10 epochs (no paired comparison is possible)\n"
		"      --repeats R      repeat the whole CV with seeds S, S+1, ..., S+R-1\n"
		"                       and report the spread and the corrected t-test\n"
		"                       pooled over all R x K folds (default 1)\n"
		);
	cli_family_usage(fp);
	fprintf(fp,
		"\n"
		"Every random choice (folds, weights, epoch shuffles, dropout masks)\n"
		"comes from --seed: the same seed gives the same output.\n"
		"\n"
		"Output:\n"
		"      --format FMT     text (default: tables) or json\n"
		"      --json           the same as --format json\n"
		"  -o, --output FILE    write the report to FILE (atomically) instead of\n"
		"                       stdout; a name ending in .json implies JSON\n"
		"  -p, --predictions F  write every out-of-fold prediction to F as CSV\n"
		"                       with the columns\n"
		"                         run     repeat from 0 (only with --repeats R > 1;\n"
		"                                 its seed is S + run)\n"
		"                         model   the model's family (svr, mlp, ridge)\n"
		"                         target  valence or arousal\n"
		"                         fold    the test fold of the row, from 0\n"
		"                         file    the row's file name\n"
		"                         y_true  its rating\n"
		"                         y_pred  the prediction of the model fitted\n"
		"                                 without that fold\n"
		"      --report DIR     write an HTML report to DIR/index.html with its\n"
		"                       gnuplot SVGs beside it (works offline): settings,\n"
		"                       summary, paired statistics, per-fold R^2 and\n"
		"                       predicted-vs-true plots, per-fold tables\n"
		"  -q, --quiet          no progress line (folds done, fold, ETA; drawn\n"
		"                       only on a terminal), no warnings on stderr\n"
		"                       (errors are still printed)\n"
		"  -h, --help           show this help\n"
		"\n"
		"The JSON report records what produced it: \"meta\" (ser version, the\n"
		"command line, the data path, rows, features and a fingerprint of the\n"
		"data), \"models\" (every model's hyper-parameters), folds, seed and\n"
		"shuffle. With --repeats R the keys of a plain run keep their meaning\n"
		"over all R x K folds (results.svr.arousal.r2_mean is the mean of R x K\n"
		"scores; \"paired\" compares them pooled), and \"runs\" adds each\n"
		"repeat's own report, \"spread\" the spread of the runs' means.\n");
}

enum {
	OPT_NO_SHUFFLE = 256, OPT_JSON, OPT_PROTOCOL, OPT_NORMALIZE,
	OPT_MODELS, OPT_REPEATS, OPT_FORMAT, OPT_REPORT, OPT_BASELINE
};

/* The progress line: folds fitted so far (a fold of one model on one
 * target), the run of --repeats, the fold being fitted and the ETA. */
typedef struct cv_progress {
	cli_progress_t pg;
	int per_run, repeats;   /* fits per run, runs */
} cv_progress;

/* "[run 2/5, 12/40 folds]" (the run only with --repeats); fit is the
 * index of the fit being reported on, in whose run we are */
static void progress_head(const cv_progress *p, int fit, int done, int total,
			  char *buf, size_t cap)
{
	if (p->repeats > 1) {
		int run = fit / p->per_run;
		snprintf(buf, cap, "[run %d/%d, %d/%d folds]",
			 (run < p->repeats ? run : p->repeats - 1) + 1, p->repeats,
			 done, total);
	} else {
		snprintf(buf, cap, "[%d/%d folds]", done, total);
	}
}

static void on_progress(void *ctx, int done, int total, const char *model,
			const char *target, int fold)
{
	cv_progress *p = ctx;
	char head[64];
	progress_head(p, done - 1, done, total, head, sizeof head);
	cli_progress(&p->pg, done, total, "%s cv %s %s fold %d done", head,
		     model, target, fold + 1);
}

static void on_epoch(void *ctx, int done, int total, const char *model,
		     const char *target, int fold, int epoch, int epochs)
{
	cv_progress *p = ctx;
	char head[64];
	progress_head(p, done, done, total, head, sizeof head);
	cli_progress(&p->pg, done + (double)epoch / epochs, total,
		     "%s cv %s %s fold %d epoch %d/%d", head, model, target,
		     fold + 1, epoch, epochs);
}

/* --protocol thesis fixes the MLP's batch (1) and epochs (10): 1 when the
 * command line gave other values. */
static int thesis_conflict(const ser_spec *specs)
{
	const ser_spec *mlp = &specs[cli_family_index("mlp")];
	const char *want[][2] = { { "epochs", "10" }, { "batch", "1" } };
	for (int i = 0; i < 2; i++) {
		int j = ser_param_index(mlp->family, want[i][0]);
		char v[32];
		ser_spec_get(mlp, j, v, sizeof v);
		if ((mlp->given & (1u << j)) && strcmp(v, want[i][1]))
			return 1;
	}
	return 0;
}

/* --models: comma-separated family names, each once. */
static int parse_models(const char *s, int *out)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", s);
	int n = 0;
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		int v = cli_family_index(tok);
		for (int i = 0; i < n && v >= 0; i++)
			if (out[i] == v)
				v = -1;
		if (v < 0 || n == SER_CV_MAX_MODELS)
			return -1;
		out[n++] = v;
	}
	return n ? n : -1;
}

/* Everything the command line says. */
typedef struct cv_args {
	cli_data data;
	ser_cv_opts o;
	ser_spec specs[CLI_MAX_FAMILIES];  /* every family's options */
	int models[SER_CV_MAX_MODELS], n_models;
	int thesis, repeats, quiet;
	cli_format fmt;
	const char *out, *pred_path, *report, *baseline;
} cv_args;

/* One option into a; 0, or the exit status of a usage error (or help). */
static int parse_opt(void *ctx, int c, const char *arg)
{
	cv_args *a = ctx;
	const char *cmd = "cv";
	long lv;
	int r = cli_family_opts_parse(a->specs, cmd, c, arg);
	if (r == 0)
		r = cli_data_parse(&a->data, cmd, c, arg);
	if (r != 0)
		return r < 0 ? 2 : 0;
	switch (c) {
	case 'k':
		if (cli_parse_int(cmd, "--folds", arg, 2, 1000000, &lv) < 0)
			return 2;
		a->o.k = (int)lv;
		return 0;
	case 's':
		return cli_parse_u64(cmd, "--seed", arg, &a->o.seed) < 0 ? 2 : 0;
	case OPT_NO_SHUFFLE: a->o.shuffle = 0; return 0;
	case OPT_NORMALIZE: {
		int nm = ser_cv_norm_from_name(arg);
		if (nm < 0)
			return cli_usage_error(cmd, "--normalize: '%s' is not "
					       "auto, fold or none", arg);
		a->o.normalize = (ser_cv_norm)nm;
		return 0;
	}
	case OPT_MODELS:
		if ((a->n_models = parse_models(arg, a->models)) < 0) {
			char names[128];
			ser_family_names(names, sizeof names);
			return cli_usage_error(cmd, "--models: '%s' is not a list "
					       "of distinct models (%s)", arg, names);
		}
		return 0;
	case OPT_JSON: a->fmt = CLI_FMT_JSON; return 0;
	case OPT_FORMAT:
		return cli_parse_format(cmd, arg, "text|json", &a->fmt) < 0 ? 2 : 0;
	case OPT_PROTOCOL:
		if (strcmp(arg, "thesis") && strcmp(arg, "fair"))
			return cli_usage_error(cmd, "--protocol: '%s' is not fair "
					       "or thesis", arg);
		a->thesis = !strcmp(arg, "thesis");
		return 0;
	case OPT_REPEATS:
		if (cli_parse_int(cmd, "--repeats", arg, 1, 100000, &lv) < 0)
			return 2;
		a->repeats = (int)lv;
		return 0;
	case 'o': a->out = arg; return 0;
	case 'p': a->pred_path = arg; return 0;
	case OPT_REPORT: a->report = arg; return 0;
	case OPT_BASELINE: a->baseline = arg; return 0;
	case 'q': a->quiet = 1; return 0;
	default: return 2;  /* reported by cli_getopt */
	}
}

/* The command line into a: -1 when the run goes on, else the exit
 * status (help, usage error). */
static int parse_args(cv_args *a, int argc, char **argv,
		      const struct option *opts)
{
	const char *cmd = "cv";
	memset(a, 0, sizeof *a);
	cli_data_default(&a->data);
	ser_cv_opts_default(&a->o);
	cli_family_specs_default(a->specs);
	a->n_models = 1;  /* models[0] = 0: svr */
	a->repeats = 1;
	int rc = cli_parse_options(cmd, argc, argv, "k:s:o:p:qh", opts, usage, 0,
				   parse_opt, a);
	if (rc >= 0)
		return rc;
	if (cli_data_check(&a->data, cmd, 0) < 0)
		return 2;
	if (a->thesis && !a->o.shuffle)
		return cli_usage_error(cmd, "--protocol thesis shuffles the SVR's folds; "
				       "drop --no-shuffle");
	if (a->thesis && thesis_conflict(a->specs))
		return cli_usage_error(cmd, "--protocol thesis trains the MLP with "
				       "batch 1 for 10 epochs; drop --mlp-epochs/--mlp-batch");
	cli_family_opts_finish(a->specs);
	a->o.n_targets = a->data.n_targets;
	memcpy(a->o.targets, a->data.targets, sizeof a->o.targets);
	a->o.n_models = a->n_models;
	for (int m = 0; m < a->n_models; m++) {
		a->o.models[m] = a->specs[a->models[m]];
		if (a->baseline && a->models[m] == cli_family_index(a->baseline))
			a->o.baseline = m;
		/* the thesis: SVR KFold(shuffle=True), MLP KFold() in file order */
		if (a->thesis)
			a->o.model_folds[m] = !strcmp(a->o.models[m].family->name, "svr");
	}
	if (a->baseline && a->o.baseline < 0)
		return cli_usage_error(cmd, "--baseline: '%s' is not one of --models",
				       a->baseline);
	a->fmt = cli_output_format(a->fmt, a->out, CLI_FMT_TEXT);
	return -1;
}

/* The HTML report (report.h): the command line as typed, and what the
 * result does not record. */
static int write_html(const cv_args *a, const ser_cv_repeats *rr,
		      const ser_dataset *ds, const char *cmdline, ser_err *err)
{
	ser_report_kv kv[2 + SER_N_TARGETS];
	int n = 0;
	kv[n++] = (ser_report_kv){ "data", cli_data_path(&a->data) };
	for (int t = 0; t < SER_N_TARGETS; t++)
		if (ds->y_source[t])
			kv[n++] = (ser_report_kv){ ser_target_names[t], ds->y_source[t] };
	kv[n++] = (ser_report_kv){ "protocol", a->thesis
		? "thesis (SVR on shuffled folds, MLP on unshuffled folds, "
		  "batch 1, 10 epochs)"
		: "fair (every model on the same folds); model parameters as "
		  "in the command, the rest ser cv's defaults (ser cv --help)" };
	ser_report_cv_info info = { cmdline, kv, n, NULL, NULL, NULL };
	return ser_report_cv(a->report, (const ser_cv_result *const *)rr->run,
			     rr->n, ds, &info, err);
}

/* What the report writer needs. */
typedef struct cv_report {
	const cv_args *a;
	const ser_cv_repeats *rr;
	const ser_dataset *ds;
	const char *meta;
} cv_report;

static int write_text(FILE *fp, const cv_report *w, ser_err *err)
{
	const ser_dataset *ds = w->ds;
	/* what was loaded: the check datasets/README.md relies on */
	fprintf(fp, "data: %s: %d feature rows, %d with labels (%d left out), "
		"%d features, %d warning%s\n", cli_data_path(&w->a->data),
		ds->n_feature_rows, ds->n, ds->n_feature_rows - ds->n, ds->d,
		ds->n_warn, ds->n_warn == 1 ? "" : "s");
	for (int t = 0; t < SER_N_TARGETS; t++)
		if (ds->y_source[t])
			fprintf(fp, "%s: %s\n", ser_target_names[t], ds->y_source[t]);
	if (w->a->thesis)
		fprintf(fp, "protocol: thesis (SVR on shuffled folds, MLP on "
			"unshuffled folds, batch 1, 10 epochs)\n");
	if (w->rr->n == 1)
		return ser_cv_write_text(w->rr->run[0], ds, fp, err);
	return ser_cv_write_repeats_text(w->rr, ds, fp, err);
}

static int write_report(FILE *fp, void *ctx, ser_err *err)
{
	const cv_report *w = ctx;
	if (w->a->fmt == CLI_FMT_JSON)
		return ser_cv_write_repeats_json(w->rr, w->ds, w->meta, fp, err);
	return write_text(fp, w, err);
}

/* The report (stdout or -o) and the predictions; the exit status. */
static int report(const cv_args *a, const ser_cv_repeats *rr,
		  const ser_dataset *ds, int argc, char **argv)
{
	ser_err err;
	char *cmdline = cli_command_line(argc, argv);
	char *meta = cmdline ? ser_meta_json(cmdline, cli_data_path(&a->data),
					     ds, &err) : NULL;
	if (!meta) {
		free(cmdline);
		cli_error("out of memory");
		return 1;
	}
	cv_report w = { a, rr, ds, meta };
	int rc = cli_write_result(a->out, write_report, &w);
	free(meta);
	if (rc == 0 && a->report && write_html(a, rr, ds, cmdline, &err) < 0) {
		cli_error("cv --report: %s", err.msg);
		rc = 1;
	}
	free(cmdline);
	if (rc == 0 && a->pred_path &&
	    (rr->n == 1 ? ser_cv_write_predictions(rr->run[0], ds, a->pred_path,
						   &err)
			: ser_cv_write_repeats_predictions(rr, ds, a->pred_path,
							   &err)) < 0) {
		cli_error("%s", err.msg);
		rc = 1;
	}
	return rc;
}

/* k > n leaves folds without test rows; k > n/2 leaves folds with one
 * test row, whose R^2 is undefined (reported so, and left out of the
 * means and tests, but the user asked for k scores). 1 when refused. */
static int check_folds(const cv_args *a, const ser_dataset *ds)
{
	int k = a->o.k;
	if (k > ds->n) {
		cli_error("cv: the data set has %d rows, fewer than the %d folds; "
			  "use --folds %d or fewer (at most n/2 gives every fold "
			  "2 test rows and an R^2)", ds->n, k,
			  ds->n / 2 >= 2 ? ds->n / 2 : 2);
		return 1;
	}
	if (k > ds->n / 2 && !a->quiet)
		cli_error("warning: %d folds over %d rows: %d fold%s get%s a single "
			  "test row and no R^2 (reported as undefined, left out of "
			  "means and paired tests); use --folds %d or fewer", k,
			  ds->n, k - ds->n % k, k - ds->n % k == 1 ? "" : "s",
			  k - ds->n % k == 1 ? "s" : "", ds->n / 2);
	return 0;
}

static int cv_main(int argc, char **argv, const struct option *opts)
{
	cv_args a;
	int rc = parse_args(&a, argc, argv, opts);
	if (rc >= 0)
		return rc;
	ser_err err;
	if (a.report) {
		/* gnuplot and the directory, before a long run: not after */
		ser_report *chk = ser_report_open(a.report, "", NULL, &err);
		if (!chk) {
			cli_error("cv --report: %s", err.msg);
			return 1;
		}
		ser_report_free(chk);
	}
	ser_dataset *ds = cli_data_load(&a.data, &err);
	if (!ds) {
		cli_error("%s", err.msg);
		return 1;
	}
	cli_data_warnings(ds, a.quiet);
	if (check_folds(&a, ds)) {
		ser_dataset_free(ds);
		return 1;
	}
	cv_progress pg = { .per_run = a.o.n_models * a.o.n_targets * a.o.k,
			   .repeats = a.repeats };
	cli_progress_begin(&pg.pg, a.quiet);
	a.o.progress = on_progress;
	a.o.epoch_progress = on_epoch;
	a.o.progress_ctx = &pg;
	ser_cv_repeats *rr = ser_cv_run_repeats(ds, &a.o, a.repeats, &err);
	cli_progress_end(&pg.pg);
	if (!rr) {
		cli_error("%s", err.msg);
		rc = 1;
	} else {
		rc = report(&a, rr, ds, argc, argv);
	}
	ser_cv_repeats_free(rr);
	ser_dataset_free(ds);
	return rc;
}

int cmd_cv(int argc, char **argv)
{
	static const struct option own[] = {
		CLI_DATA_LONGOPTS,
		{ "folds", required_argument, 0, 'k' },
		{ "seed", required_argument, 0, 's' },
		{ "no-shuffle", no_argument, 0, OPT_NO_SHUFFLE },
		{ "normalize", required_argument, 0, OPT_NORMALIZE },
		{ "models", required_argument, 0, OPT_MODELS },
		{ "json", no_argument, 0, OPT_JSON },
		{ "format", required_argument, 0, OPT_FORMAT },
		{ "protocol", required_argument, 0, OPT_PROTOCOL },
		{ "repeats", required_argument, 0, OPT_REPEATS },
		{ "output", required_argument, 0, 'o' },
		{ "predictions", required_argument, 0, 'p' },
		{ "report", required_argument, 0, OPT_REPORT },
		{ "baseline", required_argument, 0, OPT_BASELINE },
		{ "quiet", no_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	return cli_family_run(argc, argv, own, cv_main);
}
