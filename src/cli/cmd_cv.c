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
#include "ser/pool.h"
#include "ser/tune.h"

#define MAX_WARN_SHOWN 20

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser cv (--dataset DIR [--raw-features] | --features-csv F --labels L)\n"
		"              [--features 74|all] [--normalize auto|fold|none]\n"
		"              [--folds K] [--seed S] [--no-shuffle]\n"
		"              [--models svr,mlp,ridge,xgb] [--baseline NAME]\n"
		"              [--targets arousal,valence]\n"
		"              [--protocol fair|thesis] [--repeats R]\n"
		"              [--svr-C X] [--svr-epsilon X] [--svr-gamma auto|scale|X]\n"
		"              [--svr-tol X] [--svr-no-shrinking] [--svr-cache-mb X]\n"
		"              [--mlp-layers 50,20] [--mlp-dropout X]\n"
		"              [--mlp-optimizer rmsprop|adam|sgd] [--mlp-lr X]\n"
		"              [--mlp-epochs N] [--mlp-batch N]\n"
		"              [--mlp-rmsprop-eps outside|inside] [--ridge-alpha X]\n"
		"              [--xgb-trees N] [--xgb-depth N] [--xgb-eta X]\n"
		"              [--xgb-subsample X] [--xgb-colsample X]\n"
		"              [--xgb-min-child-weight X] [--xgb-lambda X] [--xgb-forest N]\n"
		"              [--tune [--inner-folds K2] [--random N]] [--importance]\n"
		"              [-j N] [--format text|json] [-o OUT] [--predictions OUT.csv]\n"
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
		"Data:\n"
		"  --dataset DIR        Emo-Soundscapes root or its parent: features from\n"
		"                       Emo-Soundscapes-Features/Normalized_Features.csv,\n"
		"                       ratings from Emo-Soundscapes-Ratings/, or from\n"
		"                       Emo-Soundscapes-Rankings/ when ratings are absent\n"
		"  --raw-features       use Features.csv instead of Normalized_Features.csv\n"
		"  --rank-n N           N in rating = 1 - 2 (rank - 1) / N (default: the\n"
		"                       number of rows of the rankings file)\n"
		"  --features-csv F     features table with a 'file' column (ser extract)\n"
		"  --labels L           labels table with header file,valence,arousal\n"
		"  --features SET       74 (default: the thesis's columns, by name) or all\n"
		"                       (every numeric column)\n"
		"  --normalize MODE     fold: min-max scale the inputs per fold, fitted on\n"
		"                       its training rows (what ser train does on all\n"
		"                       rows); none: as given; auto (default): none for\n"
		"                       Normalized_Features.csv (already scaled, the\n"
		"                       thesis's protocol), fold for anything else\n"
		"Ratings are matched to features by file name; names missing on either\n"
		"side are reported on stderr and left out.\n"
		"\n"
		"Protocol:\n"
		"  -k, --folds K        number of folds (default 10)\n"
		"  -s, --seed S         shuffle seed (default 0; xoshiro256** Fisher-Yates)\n"
		"      --no-shuffle     keep file order (the thesis's MLP protocol)\n"
		"      --models LIST    comma-separated, each once: svr, mlp, ridge, xgb\n"
		"                       (default svr)\n"
		"      --baseline NAME  compare every other model with NAME only (one of\n"
		"                       --models) instead of every pair\n"
		"      --targets LIST   comma-separated, each once: arousal,valence\n"
		"                       (default both)\n"
		"      --protocol P     fair (default): every model on the same folds;\n"
		"                       thesis: the thesis's own setup - SVR on shuffled\n"
		"                       folds, MLP on unshuffled folds, MLP batch 1 and\n"
		"                       10 epochs (no paired comparison is possible)\n"
		"      --repeats R      repeat the whole CV with seeds S, S+1, ..., S+R-1\n"
		"                       and report the spread and the corrected t-test\n"
		"                       pooled over all R x K folds (default 1)\n"
		"      --tune           nested CV: any hyper-parameter given a list of\n"
		"                       values (see ser tune --help) is tuned inside\n"
		"                       every outer fold, by CV on its training rows; the\n"
		"                       chosen point is refitted there and scores the\n"
		"                       fold's test rows, so the A/B compares tuned models\n"
		"      --inner-folds K2 folds of the inner CV (default 5)\n"
		"      --random N       tune N points of each grid drawn from --seed\n"
		"      --importance     permutation importance: each feature's drop in\n"
		"                       out-of-fold R^2 when its test column is shuffled\n"
		"                       (seeded), mean +- std over folds\n"
		"  -j, --jobs N         threads for folds, targets and grid points\n"
		"                       (default: CPUs online); the output is the same for\n"
		"                       every N\n"
		);
	cli_family_usage(fp);
	fprintf(fp,
		"\n"
		"Every random choice (folds, weights, epoch shuffles, dropout masks)\n"
		"comes from --seed: the same seed gives the same output.\n"
		"\n"
		"Output:\n"
		"      --format F       text (default) or json\n"
		"      --json           the same as --format json\n"
		"  -o, --output FILE    write the report to FILE (atomically) instead of\n"
		"                       stdout; a name ending in .json implies JSON\n"
		"  -p, --predictions F  write every out-of-fold prediction to F as CSV\n"
		"                       with the columns\n"
		"                         run     repeat from 0 (only with --repeats R > 1;\n"
		"                                 its seed is S + run)\n"
		"                         model   the model's family (svr, mlp, ...)\n"
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
		"                       (and importance bars with --importance)\n"
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
	OPT_DATASET = 256, OPT_RAW, OPT_RANK_N, OPT_FEATURES_CSV, OPT_LABELS,
	OPT_FEATURES, OPT_NO_SHUFFLE, OPT_JSON, OPT_PROTOCOL, OPT_NORMALIZE,
	OPT_TUNE, OPT_INNER_FOLDS, OPT_IMPORTANCE, OPT_RANDOM, OPT_FORMAT,
	OPT_REPORT, OPT_BASELINE, OPT_MODELS, OPT_REPEATS
};

static void tune_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser tune (--dataset DIR [--raw-features] | --features-csv F --labels L)\n"
		"                [--features 74|all] [--normalize auto|fold|none]\n"
		"                [--folds K] [--seed S] [--no-shuffle] [--random N]\n"
		"                [--models svr,mlp,ridge] [--targets arousal,valence]\n"
		"                [hyper-parameter lists] [-j N] [--json | --format json]\n"
		"                [--report DIR] [-q]\n"
		"\n"
		"Grid search: every point of each model's grid is scored by K-fold CV\n"
		"(default 5 folds; the same folds for every point, model and target).\n"
		"Prints per model and target every point's mean +- std R^2 and MSE over\n"
		"the folds (population std, ddof 0) and marks the best: the highest mean\n"
		"R^2, the first in grid order on a tie, as scikit-learn's\n"
		"GridSearchCV(scoring='r2') picks. With --no-shuffle the folds are\n"
		"KFold(K)'s and the scores equal GridSearchCV's.\n"
		"\n"
		"Grids: any hyper-parameter option below given a list of values is a\n"
		"grid dimension; single values are fixed. Values are separated by ','\n"
		"  --svr-C 0.5,1,2 --svr-gamma 0.01,0.0135,0.02 --mlp-dropout 0.1,0.2\n"
		"and layer lists, which hold commas, by '/'\n"
		"  --mlp-layers 50,20/100,50\n"
		"B^E1..B^E2 is the powers of B with exponents E1, E1+1, ..., E2, and\n"
		"B^E1..B^E2:S steps the exponent by S:\n"
		"  --svr-C 2^-2..2^6 (9 values, 0.25 to 64), --ridge-alpha 10^-3..10^3\n"
		"Points: the Cartesian product, the last parameter varying fastest.\n"
		"\n"
		"Data options: as ser cv (ser cv --help).\n"
		"  -k, --folds K        folds (default 5)\n"
		"  -s, --seed S         fold shuffle and fit seed (default 0)\n"
		"      --no-shuffle     folds in file order (scikit-learn's KFold(K))\n"
		"      --random N       score N points drawn from the grid (seeded by -s)\n"
		"      --models LIST    svr, mlp, ridge, xgb (default svr)\n"
		"      --targets LIST   arousal,valence (default both)\n"
		"  -j, --jobs N         threads (default: CPUs online); the same output\n"
		"                       for every N\n"
		"      --format F       text (default) or json (= --json)\n"
		"  -o, --output FILE    write the results to FILE (atomically) instead of\n"
		"                       stdout; a name ending in .json implies JSON\n"
		"      --json           JSON: {\"folds\":K,\"seed\":S,\"results\":\n"
		"                       {\"svr\":{\"arousal\":{\"best\":{..},\"best_r2\":x,\n"
		"                       \"grid\":[{\"params\":{..},\"r2_mean\":x,\"r2_std\":x,\n"
		"                       \"mse_mean\":x,\"mse_std\":x},..]}}}}\n"
		"      --report DIR     an HTML report in DIR (index.html + gnuplot SVGs,\n"
		"                       offline): per model and target a heat map of mean\n"
		"                       R^2 over two grid parameters and every point's scores\n"
		"  -q, --quiet          no progress line (fits and points done, ETA; only\n"
		"                       on a terminal), no warnings\n"
		"  -h, --help           this help\n");
	cli_family_usage(fp);
}

/* ser tune's progress: fits done and the points they make up (a point is
 * targets x folds fits; on threads they finish in any order, so this is
 * the equivalent count), with cli_progress's percentage and ETA. */
typedef struct tune_progress {
	cli_progress_t pg;
	int per_point, points;
} tune_progress;

static void on_tune_progress(void *ctx, int done, int total)
{
	tune_progress *p = ctx;
	cli_progress(&p->pg, done, total, "tune: %d/%d fits, %d/%d points", done,
		     total, done / p->per_point, p->points);
}

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

/* The HTML report (report.h), with what the result does not record. */
static int write_report(const char *dir, const ser_cv_repeats *rr,
			const ser_dataset *ds, int argc, char **argv,
			const char *data, int thesis, ser_err *err)
{
	char *cmdline = cli_command_line(argc, argv);
	if (!cmdline)
		return ser_fail(err, "out of memory");
	ser_report_kv kv[2 + SER_N_TARGETS];
	int n = 0;
	kv[n++] = (ser_report_kv){ "data", data };
	for (int t = 0; t < SER_N_TARGETS; t++)
		if (ds->y_source[t])
			kv[n++] = (ser_report_kv){ ser_target_names[t], ds->y_source[t] };
	kv[n++] = (ser_report_kv){ "protocol", thesis
		? "thesis (SVR on shuffled folds, MLP on unshuffled folds, "
		  "batch 1, 10 epochs)"
		: "fair (every model on the same folds); model parameters as "
		  "in the command, the rest ser cv's defaults (ser cv --help)" };
	ser_report_cv_more_ctx more = { rr->run[0], ds };
	ser_report_cv_info info = { cmdline, kv, n, NULL, ser_report_cv_more,
				    &more };
	int rc = ser_report_cv(dir, (const ser_cv_result *const *)rr->run,
			       rr->n, ds, &info, err);
	free(cmdline);
	return rc;
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

/* Comma-separated names into out[] via lookup; -1 on an unknown or
 * repeated name, or too many. */
static int parse_list(const char *s, int (*lookup)(const char *), int *out,
		      int max, const char **bad)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", s);
	int n = 0;
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		int v = lookup(tok);
		for (int i = 0; i < n && v >= 0; i++)
			if (out[i] == v)
				v = -1;
		if (v < 0 || n == max) {
			*bad = s;
			return -1;
		}
		out[n++] = v;
	}
	if (n == 0) {
		*bad = s;
		return -1;
	}
	return n;
}

/* What the command line asked for, beyond the CV options. */
typedef struct cv_args {
	int argc;
	char **argv;
	const char *cmd;
	int tune_cmd;           /* ser tune */
	const char *dataset, *fcsv, *labels, *pred_path, *report, *baseline;
	ser_dataset_opts dopt;
	int models[SER_CV_MAX_MODELS], n_models;
	int thesis, repeats, tune, importance, random_n, jobs, json, quiet;
	cli_data data;          /* the data options, parsed once (data_opts.h) */
	const char *out;        /* -o */
	cli_format fmt;
} cv_args;

static int cv_run(const cv_args *a, const ser_cv_opts *op,
		  const ser_spec *specs, ser_grid **grids);

/* Usage errors that need every option seen; 0 or the exit status. */
static int check_args(const cv_args *a, const ser_cv_opts *o,
		      const ser_spec *specs, const char *bad_mode)
{
	const char *cmd = a->cmd;
	if (a->thesis && !o->shuffle)
		return cli_usage_error(cmd, "--protocol thesis shuffles the SVR's folds; "
				       "drop --no-shuffle");
	if (a->thesis && thesis_conflict(specs))
		return cli_usage_error(cmd, "--protocol thesis trains the MLP with "
				       "batch 1 for 10 epochs; drop --mlp-epochs/--mlp-batch");
	if (a->tune_cmd && (bad_mode || a->thesis))
		return cli_usage_error(cmd, "%s is a ser cv option (ser cv --tune "
				       "is nested CV)", a->thesis ? "--protocol" : bad_mode);
	if (!a->tune_cmd && !a->tune && (o->inner_k != 5 || a->random_n))
		return cli_usage_error(cmd, "--inner-folds and --random need --tune");
	if (a->tune && a->thesis)
		return cli_usage_error(cmd, "--tune is the fair protocol; drop "
				       "--protocol thesis");
	return 0;
}

static int cv_main(int argc, char **argv, const struct option *opts)
{
	cv_args a = { .argc = argc, .argv = argv, .n_models = 1, .repeats = 1,
		      .jobs = ser_ncpu() };
	a.tune_cmd = !strcmp(argv[0], "tune");
	a.cmd = a.tune_cmd ? "tune" : "cv";
	const char *cmd = a.cmd, *bad = NULL;
	ser_dataset_opts_default(&a.dopt);
	ser_cv_opts o;
	ser_cv_opts_default(&o);
	ser_spec specs[CLI_MAX_FAMILIES];  /* every family's options */
	cli_family_specs_default(specs);
	cli_family_lists lists = { 0 };
	ser_grid *grids[CLI_MAX_FAMILIES];
	const char *bad_mode = NULL;  /* an option ser tune does not take */
	int c;
	long lv;
	if (a.tune_cmd)
		o.k = 5;
	cli_data_default(&a.data);
	cli_getopt_begin();
	while ((c = cli_getopt(cmd, argc, argv, "k:s:o:p:j:qh", opts)) != -1) {
		int r = cli_family_opts_parse(specs, &lists, cmd, c, optarg);
		if (r == 0)
			r = cli_data_parse(&a.data, cmd, c, optarg);
		if (r < 0)
			return 2;
		if (r > 0)
			continue;
		switch (c) {
		case 'k':
			if (cli_parse_int(cmd, "--folds", optarg, 2, 1000000, &lv) < 0)
				return 2;
			o.k = (int)lv;
			break;
		case 's':
			if (cli_parse_u64(cmd, "--seed", optarg, &o.seed) < 0)
				return 2;
			break;
		case OPT_NO_SHUFFLE: o.shuffle = 0; break;
		case OPT_NORMALIZE: {
			int nm = ser_cv_norm_from_name(optarg);
			if (nm < 0)
				return cli_usage_error(cmd, "--normalize: '%s' is not "
						       "auto, fold or none", optarg);
			o.normalize = (ser_cv_norm)nm;
			break;
		}
		case OPT_MODELS:
			a.n_models = parse_list(optarg, cli_family_index, a.models,
						SER_CV_MAX_MODELS, &bad);
			if (a.n_models < 0) {
				char names[128];
				ser_family_names(names, sizeof names);
				return cli_usage_error(cmd, "--models: '%s' is not a list "
						       "of distinct models (%s)", bad,
						       names);
			}
			break;
		case OPT_JSON: a.fmt = CLI_FMT_JSON; break;
		case OPT_FORMAT:
			if (cli_parse_format(cmd, optarg, "text|json", &a.fmt) < 0)
				return 2;
			break;
		case 'o': a.out = optarg; break;
		case 'j':
			if (cli_parse_jobs(cmd, optarg, &lv) < 0)
				return 2;
			a.jobs = (int)lv;
			break;
		case OPT_TUNE: a.tune = 1; bad_mode = "--tune"; break;
		case OPT_INNER_FOLDS:
			if (cli_parse_int(cmd, "--inner-folds", optarg, 2, 1000000, &lv) < 0)
				return 2;
			o.inner_k = (int)lv;
			bad_mode = "--inner-folds";
			break;
		case OPT_IMPORTANCE: a.importance = 1; bad_mode = "--importance"; break;
		case OPT_RANDOM:
			if (cli_parse_int(cmd, "--random", optarg, 1, 1000000, &lv) < 0)
				return 2;
			a.random_n = (int)lv;
			break;
		case OPT_PROTOCOL:
			if (!strcmp(optarg, "thesis"))
				a.thesis = 1;
			else if (!strcmp(optarg, "fair"))
				a.thesis = 0;
			else
				return cli_usage_error(cmd, "--protocol: '%s' is not fair or thesis",
						       optarg);
			break;
		case OPT_REPEATS:
			if (cli_parse_int(cmd, "--repeats", optarg, 1, 100000, &lv) < 0)
				return 2;
			a.repeats = (int)lv;
			bad_mode = "--repeats";
			break;
		case 'p': a.pred_path = optarg; bad_mode = "--predictions"; break;
		case OPT_REPORT: a.report = optarg; break;
		case OPT_BASELINE: a.baseline = optarg; bad_mode = "--baseline"; break;
		case 'q': a.quiet = 1; break;
		case 'h':
			if (a.tune_cmd)
				tune_usage(stdout);
			else
				usage(stdout);
			return 0;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (cli_data_check(&a.data, cmd, 0) < 0)
		return 2;
	a.dataset = a.data.dataset;
	a.fcsv = a.data.fcsv;
	a.labels = a.data.labels;
	a.dopt = a.data.dopt;
	o.n_targets = a.data.n_targets;
	memcpy(o.targets, a.data.targets, sizeof o.targets);
	a.json = cli_output_format(a.fmt, a.out, CLI_FMT_TEXT) == CLI_FMT_JSON;
	int rc = check_args(&a, &o, specs, bad_mode);
	if (rc)
		return rc;
	if (cli_family_grids(specs, &lists, cmd, a.tune || a.tune_cmd, grids) < 0)
		return 2;
	cli_family_opts_finish(specs);
	rc = cv_run(&a, &o, specs, grids);
	for (int i = 0; i < ser_n_families; i++)
		ser_grid_free(grids[i]);
	return rc;
}

/* The data set, with its warnings; NULL after printing the error. k > n
 * leaves folds without test rows: refused. k > n/2 leaves folds with one
 * test row, whose R^2 is undefined (reported so, and left out of the
 * means and tests, but the user asked for k scores): a warning. */
static ser_dataset *load(const cv_args *a, int k)
{
	ser_err err;
	ser_dataset *ds = a->dataset
		? ser_dataset_load_emo(a->dataset, &a->dopt, &err)
		: ser_dataset_load_csv(a->fcsv, a->labels, &a->dopt, &err);
	if (!ds) {
		cli_error("%s", err.msg);
		return NULL;
	}
	if (!a->quiet) {
		for (int i = 0; i < ds->n_warn && i < MAX_WARN_SHOWN; i++)
			cli_error("warning: %s", ds->warn[i]);
		if (ds->n_warn > MAX_WARN_SHOWN)
			cli_error("warning: ... and %d more", ds->n_warn - MAX_WARN_SHOWN);
	}
	if (k > ds->n) {
		cli_error("%s: the data set has %d rows, fewer than the %d folds; "
			  "use --folds %d or fewer (at most n/2 gives every fold "
			  "2 test rows and an R^2)", a->cmd, ds->n, k,
			  ds->n / 2 >= 2 ? ds->n / 2 : 2);
		ser_dataset_free(ds);
		return NULL;
	}
	if (k > ds->n / 2 && !a->quiet)
		cli_error("warning: %d folds over %d rows: %d fold%s get%s a single "
			  "test row and no R^2 (reported as undefined, left out of "
			  "means and paired tests); use --folds %d or fewer", k,
			  ds->n, k - ds->n % k, k - ds->n % k == 1 ? "" : "s",
			  k - ds->n % k == 1 ? "s" : "", ds->n / 2);
	return ds;
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
	const cv_args *a = w->a;
	const ser_dataset *ds = w->ds;
	/* what was loaded: the check datasets/README.md relies on */
	fprintf(fp, "data: %s: %d feature rows, %d with labels (%d left out), "
		"%d features, %d warning%s\n", a->dataset ? a->dataset : a->fcsv,
		ds->n_feature_rows, ds->n, ds->n_feature_rows - ds->n, ds->d,
		ds->n_warn, ds->n_warn == 1 ? "" : "s");
	for (int t = 0; t < SER_N_TARGETS; t++)
		if (ds->y_source[t])
			fprintf(fp, "%s: %s\n", ser_target_names[t], ds->y_source[t]);
	if (a->thesis)
		fprintf(fp, "protocol: thesis (SVR on shuffled folds, MLP on "
			"unshuffled folds, batch 1, 10 epochs)\n");
	if (w->rr->n == 1)
		return ser_cv_write_text(w->rr->run[0], ds, fp, err);
	return ser_cv_write_repeats_text(w->rr, ds, fp, err);
}

static int write_cv(FILE *fp, void *ctx, ser_err *err)
{
	const cv_report *w = ctx;
	if (w->a->json)
		return ser_cv_write_repeats_json(w->rr, w->ds, w->meta, fp, err);
	return write_text(fp, w, err);
}

/* The reports of a cv run: stdout or -o (with meta: version, command
 * line, data fingerprint), predictions, HTML. */
static int cv_write(const cv_args *a, const ser_cv_repeats *rr,
		    const ser_dataset *ds)
{
	ser_err err;
	char *cmdline = cli_command_line(a->argc, a->argv);
	char *meta = cmdline ? ser_meta_json(cmdline, a->dataset ? a->dataset
							  : a->fcsv, ds, &err)
			     : NULL;
	free(cmdline);
	if (!meta) {
		cli_error("out of memory");
		return 1;
	}
	cv_report w = { a, rr, ds, meta };
	int rc = cli_write_result(a->out, write_cv, &w);
	free(meta);
	if (rc == 0 && a->pred_path &&
	    (rr->n == 1 ? ser_cv_write_predictions(rr->run[0], ds, a->pred_path,
						   &err)
			: ser_cv_write_repeats_predictions(rr, ds, a->pred_path,
							   &err)) < 0) {
		cli_error("%s", err.msg);
		rc = 1;
	}
	if (rc == 0 && a->report &&
	    write_report(a->report, rr, ds, a->argc, a->argv,
			 a->dataset ? a->dataset : a->fcsv, a->thesis, &err) < 0) {
		cli_error("cv --report: %s", err.msg);
		rc = 1;
	}
	return rc;
}

typedef struct tune_out {
	const ser_tune_result *r;
	int json;
	const char *meta;
} tune_out;

static int write_tune(FILE *fp, void *ctx, ser_err *err)
{
	const tune_out *t = ctx;
	return t->json ? ser_tune_write_json(t->r, t->meta, fp, err)
		       : ser_tune_write_text(t->r, fp, err);
}

/* ser tune after the data set is loaded (takes ds and ends pg). */
static int tune_run(const cv_args *a, ser_dataset *ds, const ser_cv_opts *o,
		    cli_progress_t *pg)
{
	ser_tune_opts to;
	ser_tune_opts_default(&to);
	to.k = o->k;
	to.shuffle = o->shuffle;
	to.seed = o->seed;
	to.n_targets = o->n_targets;
	memcpy(to.targets, o->targets, sizeof to.targets);
	to.normalize = o->normalize;
	to.threads = o->threads;
	to.n_models = o->n_models;
	for (int m = 0; m < o->n_models; m++)
		to.grids[m] = o->grids[m];
	tune_progress tp = { *pg, o->n_targets * o->k, 0 };
	for (int m = 0; m < o->n_models; m++)
		tp.points += o->grids[m]->n_points;
	to.progress = on_tune_progress;
	to.progress_ctx = &tp;
	ser_err err;
	ser_tune_result *r = ser_tune_run(ds, &to, &err);
	cli_progress_end(&tp.pg);
	int rc = 0;
	char *cmdline = cli_command_line(a->argc, a->argv);
	char *meta = cmdline ? ser_meta_json(cmdline, a->dataset ? a->dataset
							  : a->fcsv, ds, &err)
			     : NULL;
	if (!r) {
		cli_error("%s", err.msg);
		rc = 1;
	} else if (!meta) {
		cli_error("out of memory");
		rc = 1;
	} else {
		tune_out t = { r, a->json, meta };
		rc = cli_write_result(a->out, write_tune, &t);
	}
	if (!rc && a->report) {
		ser_report_kv kv = { "data", a->dataset ? a->dataset : a->fcsv };
		if (ser_tune_report(a->report, r, cmdline, &kv, 1, NULL, &err) < 0) {
			cli_error("tune --report: %s", err.msg);
			rc = 1;
		}
	}
	free(meta);
	free(cmdline);
	ser_tune_result_free(r);
	ser_dataset_free(ds);
	return rc;
}

/* After parsing: load the data, run cv or tune, print the reports. */
static int cv_run(const cv_args *a, const ser_cv_opts *op,
		  const ser_spec *specs, ser_grid **grids)
{
	ser_cv_opts o = *op;
	o.threads = a->jobs;
	o.importance = a->importance;
	o.tune = a->tune;
	/* the -j threads are the parallelism: BLAS inside them stays on one */
	cli_blas_for_jobs(a->jobs);
	for (int m = 0; m < a->n_models; m++)
		if (a->random_n && ser_grid_random(grids[a->models[m]], a->random_n,
						   o.seed, NULL) < 0) {
			cli_error("out of memory");
			return 1;
		}
	o.n_models = a->n_models;
	for (int m = 0; m < a->n_models; m++) {
		o.models[m] = specs[a->models[m]];
		o.grids[m] = grids[a->models[m]];
		if (a->baseline && a->models[m] == cli_family_index(a->baseline))
			o.baseline = m;
		/* the thesis: SVR KFold(shuffle=True), MLP KFold() in file order */
		if (a->thesis)
			o.model_folds[m] = !strcmp(o.models[m].family->name, "svr");
	}
	if (a->baseline && o.baseline < 0)
		return cli_usage_error(a->cmd, "--baseline: '%s' is not one of "
				       "--models", a->baseline);
	ser_err err;
	if (a->report) {
		/* gnuplot and the directory, before a long run: not after */
		ser_report *chk = ser_report_open(a->report, "", NULL, &err);
		if (!chk) {
			cli_error("%s --report: %s", a->cmd, err.msg);
			return 1;
		}
		ser_report_free(chk);
	}
	ser_dataset *ds = load(a, o.k);
	if (!ds)
		return 1;
	cv_progress pg = { .per_run = o.n_models * o.n_targets * o.k,
			   .repeats = a->repeats };
	cli_progress_begin(&pg.pg, a->quiet);
	if (a->tune_cmd)
		return tune_run(a, ds, &o, &pg.pg);
	o.progress = on_progress;
	o.epoch_progress = on_epoch;
	o.progress_ctx = &pg;
	ser_cv_repeats *rr = ser_cv_run_repeats(ds, &o, a->repeats, &err);
	cli_progress_end(&pg.pg);
	int rc = 1;
	if (!rr)
		cli_error("%s", err.msg);
	else
		rc = cv_write(a, rr, ds);
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
		{ "protocol", required_argument, 0, OPT_PROTOCOL },
		{ "repeats", required_argument, 0, OPT_REPEATS },
		{ "output", required_argument, 0, 'o' },
		{ "predictions", required_argument, 0, 'p' },
		{ "report", required_argument, 0, OPT_REPORT },
		{ "baseline", required_argument, 0, OPT_BASELINE },
		{ "format", required_argument, 0, OPT_FORMAT },
		{ "jobs", required_argument, 0, 'j' },
		{ "tune", no_argument, 0, OPT_TUNE },
		{ "inner-folds", required_argument, 0, OPT_INNER_FOLDS },
		{ "importance", no_argument, 0, OPT_IMPORTANCE },
		{ "random", required_argument, 0, OPT_RANDOM },
		{ "quiet", no_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	return cli_family_run(argc, argv, own, cv_main);
}

int cmd_tune(int argc, char **argv)
{
	return cmd_cv(argc, argv);  /* argv[0] "tune" selects the mode */
}
