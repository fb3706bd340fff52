/* cmd_cv.c - `ser cv`: parse arguments, load the data set, run the CV
 * engine (cv.h) and print its report. No logic beyond that. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "family_opts.h"
#include "ser/cv.h"
#include "ser/dataset.h"

#define MAX_WARN_SHOWN 20

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser cv (--dataset DIR [--raw-features] | --features-csv F --labels L)\n"
		"              [--features 74|all] [--normalize auto|fold|none]\n"
		"              [--folds K] [--seed S] [--no-shuffle]\n"
		"              [--models svr,mlp,ridge] [--targets arousal,valence]\n"
		"              [--protocol fair|thesis] [--repeats R]\n"
		"              [--svr-C X] [--svr-epsilon X] [--svr-gamma auto|scale|X]\n"
		"              [--svr-tol X] [--svr-no-shrinking] [--svr-cache-mb X]\n"
		"              [--mlp-layers 50,20] [--mlp-dropout X]\n"
		"              [--mlp-optimizer rmsprop|adam|sgd] [--mlp-lr X]\n"
		"              [--mlp-epochs N] [--mlp-batch N]\n"
		"              [--mlp-rmsprop-eps outside|inside] [--ridge-alpha X]\n"
		"              [--json] [--predictions OUT.csv] [-q]\n"
		"\n"
		"K-fold cross-validation (scikit-learn KFold folds) of regressors of\n"
		"valence and arousal. Every model and target sees the same folds.\n"
		"Prints per-fold R^2 and MSE and their mean +- population std; with\n"
		"two models, the paired per-fold differences with paired t-test and\n"
		"Wilcoxon signed-rank p-values (the fair A/B).\n"
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
		"  -m, --models LIST    comma-separated: svr, mlp, ridge (default svr)\n"
		"  -t, --targets LIST   comma-separated: arousal,valence (default both)\n"
		"      --protocol P     fair (default): every model on the same folds;\n"
		"                       thesis: the thesis's own setup - SVR on shuffled\n"
		"                       folds, MLP on unshuffled folds, MLP batch 1 and\n"
		"                       10 epochs (no paired comparison is possible)\n"
		"  -r, --repeats R      repeat the whole CV with seeds S, S+1, ..., S+R-1\n"
		"                       and report the spread (default 1)\n"
		);
	cli_family_usage(fp);
	fprintf(fp,
		"\n"
		"Every random choice (folds, weights, epoch shuffles, dropout masks)\n"
		"comes from --seed: the same seed gives the same output.\n"
		"\n"
		"Output:\n"
		"      --json           print the results as JSON instead of tables\n"
		"  -p, --predictions F  write every out-of-fold prediction to F as CSV:\n"
		"                       model,target,fold,file,y_true,y_pred (fold from 0)\n"
		"  -q, --quiet          no progress line, no warnings\n"
		"  -h, --help           show this help\n");
}

enum {
	OPT_DATASET = 256, OPT_RAW, OPT_RANK_N, OPT_FEATURES_CSV, OPT_LABELS,
	OPT_FEATURES, OPT_NO_SHUFFLE, OPT_JSON, OPT_PROTOCOL, OPT_NORMALIZE
};

static void on_progress(void *ctx, int done, int total, const char *model,
			const char *target, int fold)
{
	cli_progress(ctx, done, total, "cv %s %s fold %d", model, target,
		     fold + 1);
}

static void on_epoch(void *ctx, int done, int total, const char *model,
		     const char *target, int fold, int epoch, int epochs)
{
	cli_progress(ctx, done + (double)epoch / epochs, total,
		     "cv %s %s fold %d epoch %d/%d", model, target, fold + 1,
		     epoch, epochs);
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

static int cv_main(int argc, char **argv, const struct option *opts)
{
	const char *cmd = "cv", *dataset = NULL, *fcsv = NULL, *labels = NULL;
	const char *pred_path = NULL, *bad = NULL;
	int quiet = 0, json = 0, models[SER_CV_MAX_MODELS] = { 0 };
	int n_models = 1;
	ser_dataset_opts dopt;
	ser_dataset_opts_default(&dopt);
	ser_cv_opts o;
	ser_cv_opts_default(&o);
	ser_spec specs[CLI_MAX_FAMILIES];  /* every family's options */
	cli_family_specs_default(specs);
	int thesis = 0, repeats = 1;
	int c;
	long lv;
	cli_getopt_begin();
	while ((c = cli_getopt(cmd, argc, argv, "k:s:m:t:r:p:qh", opts)) != -1) {
		int r = cli_family_opts_parse(specs, cmd, c, optarg);
		if (r < 0)
			return 2;
		if (r > 0)
			continue;
		switch (c) {
		case OPT_DATASET: dataset = optarg; break;
		case OPT_RAW: dopt.raw = 1; break;
		case OPT_RANK_N:
			if (cli_parse_int(cmd, "--rank-n", optarg, 1, 100000000, &lv) < 0)
				return 2;
			dopt.rank_n = (int)lv;
			break;
		case OPT_FEATURES_CSV: fcsv = optarg; break;
		case OPT_LABELS: labels = optarg; break;
		case OPT_FEATURES:
			if (!strcmp(optarg, "74"))
				dopt.features = SER_FEATSET_74;
			else if (!strcmp(optarg, "all"))
				dopt.features = SER_FEATSET_ALL;
			else
				return cli_usage_error(cmd, "--features: '%s' is not 74 or all",
						       optarg);
			break;
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
		case 'm':
			n_models = parse_list(optarg, cli_family_index, models,
					      SER_CV_MAX_MODELS, &bad);
			if (n_models < 0) {
				char names[128];
				ser_family_names(names, sizeof names);
				return cli_usage_error(cmd, "--models: '%s' is not a list "
						       "of distinct models (%s)", bad,
						       names);
			}
			break;
		case 't': {
			int tg[SER_N_TARGETS];
			int n = parse_list(optarg, ser_target_from_name, tg,
					   SER_N_TARGETS, &bad);
			if (n < 0)
				return cli_usage_error(cmd, "--targets: '%s' is not a list "
						       "of distinct targets (arousal, valence)", bad);
			o.n_targets = n;
			for (int i = 0; i < n; i++)
				o.targets[i] = (ser_target)tg[i];
			break;
		}
		case OPT_JSON: json = 1; break;
		case OPT_PROTOCOL:
			if (!strcmp(optarg, "thesis"))
				thesis = 1;
			else if (!strcmp(optarg, "fair"))
				thesis = 0;
			else
				return cli_usage_error(cmd, "--protocol: '%s' is not fair or thesis",
						       optarg);
			break;
		case 'r':
			if (cli_parse_int(cmd, "--repeats", optarg, 1, 100000, &lv) < 0)
				return 2;
			repeats = (int)lv;
			break;
		case 'p': pred_path = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (dataset && (fcsv || labels))
		return cli_usage_error(cmd, "--dataset excludes --features-csv/--labels");
	if (!dataset && !(fcsv && labels))
		return cli_usage_error(cmd, "give --dataset DIR, or --features-csv F "
				       "and --labels L");
	if (dopt.raw && !dataset)
		return cli_usage_error(cmd, "--raw-features needs --dataset");
	if (dopt.rank_n && !dataset)
		return cli_usage_error(cmd, "--rank-n needs --dataset");
	if (thesis && !o.shuffle)
		return cli_usage_error(cmd, "--protocol thesis shuffles the SVR's folds; "
				       "drop --no-shuffle");
	if (thesis && thesis_conflict(specs))
		return cli_usage_error(cmd, "--protocol thesis trains the MLP with "
				       "batch 1 for 10 epochs; drop --mlp-epochs/--mlp-batch");
	cli_family_opts_finish(specs);
	o.n_models = n_models;
	for (int m = 0; m < n_models; m++) {
		o.models[m] = specs[models[m]];
		/* the thesis: SVR KFold(shuffle=True), MLP KFold() in file order */
		if (thesis)
			o.model_folds[m] = !strcmp(o.models[m].family->name, "svr");
	}

	ser_err err;
	ser_dataset *ds = dataset ? ser_dataset_load_emo(dataset, &dopt, &err)
				  : ser_dataset_load_csv(fcsv, labels, &dopt, &err);
	if (!ds) {
		cli_error("%s", err.msg);
		return 1;
	}
	if (!quiet) {
		for (int i = 0; i < ds->n_warn && i < MAX_WARN_SHOWN; i++)
			cli_error("warning: %s", ds->warn[i]);
		if (ds->n_warn > MAX_WARN_SHOWN)
			cli_error("warning: ... and %d more", ds->n_warn - MAX_WARN_SHOWN);
	}
	cli_progress_t pg;
	cli_progress_begin(&pg, quiet);
	o.progress = on_progress;
	o.epoch_progress = on_epoch;
	o.progress_ctx = &pg;
	ser_cv_repeats *rr = ser_cv_run_repeats(ds, &o, repeats, &err);
	cli_progress_end(&pg);
	int rc = 0;
	if (!rr) {
		cli_error("%s", err.msg);
		ser_dataset_free(ds);
		return 1;
	}
	if (!json) {
		/* what was loaded: the check datasets/README.md relies on */
		printf("data: %s: %d feature rows, %d with labels (%d left out), "
		       "%d features, %d warning%s\n", dataset ? dataset : fcsv,
		       ds->n_feature_rows, ds->n, ds->n_feature_rows - ds->n,
		       ds->d, ds->n_warn, ds->n_warn == 1 ? "" : "s");
		for (int t = 0; t < SER_N_TARGETS; t++)
			if (ds->y_source[t])
				printf("%s: %s\n", ser_target_names[t], ds->y_source[t]);
	}
	if (thesis && !json)
		printf("protocol: thesis (SVR on shuffled folds, MLP on unshuffled "
		       "folds, batch 1, 10 epochs)\n");
	int wrc;
	if (rr->n == 1)
		wrc = (json ? ser_cv_write_json(rr->run[0], ds, stdout, &err)
			    : ser_cv_write_text(rr->run[0], ds, stdout, &err)) < 0 ||
		      (pred_path && ser_cv_write_predictions(rr->run[0], ds, pred_path,
							     &err) < 0);
	else
		wrc = (json ? ser_cv_write_repeats_json(rr, ds, stdout, &err)
			    : ser_cv_write_repeats_text(rr, ds, stdout, &err)) < 0 ||
		      (pred_path && ser_cv_write_repeats_predictions(rr, ds, pred_path,
								     &err) < 0);
	if (wrc) {
		cli_error("%s", err.msg);
		rc = 1;
	} else if (fflush(stdout) != 0 || ferror(stdout)) {
		/* redirected to a file, stdout is block-buffered: the writers'
		 * ferror checks see nothing until this flush */
		cli_error("stdout: write error: %s", strerror(errno));
		rc = 1;
	}
	ser_cv_repeats_free(rr);
	ser_dataset_free(ds);
	return rc;
}

int cmd_cv(int argc, char **argv)
{
	static const struct option own[] = {
		{ "dataset", required_argument, 0, OPT_DATASET },
		{ "raw-features", no_argument, 0, OPT_RAW },
		{ "rank-n", required_argument, 0, OPT_RANK_N },
		{ "features-csv", required_argument, 0, OPT_FEATURES_CSV },
		{ "labels", required_argument, 0, OPT_LABELS },
		{ "features", required_argument, 0, OPT_FEATURES },
		{ "folds", required_argument, 0, 'k' },
		{ "seed", required_argument, 0, 's' },
		{ "no-shuffle", no_argument, 0, OPT_NO_SHUFFLE },
		{ "normalize", required_argument, 0, OPT_NORMALIZE },
		{ "models", required_argument, 0, 'm' },
		{ "targets", required_argument, 0, 't' },
		{ "json", no_argument, 0, OPT_JSON },
		{ "protocol", required_argument, 0, OPT_PROTOCOL },
		{ "repeats", required_argument, 0, 'r' },
		{ "predictions", required_argument, 0, 'p' },
		{ "quiet", no_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	return cli_family_run(argc, argv, own, cv_main);
}
