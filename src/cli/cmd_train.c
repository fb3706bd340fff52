/* cmd_train.c - `ser train`: fit a regressor (family.h) per target on all labelled
 * rows and save the model. Argument parsing only: the data set loader
 * (dataset.h), feature cache (features_cache.h) and ser_train (train.h) do the
 * work. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "family_opts.h"
#include "ser/dataset.h"
#include "ser/features.h"
#include "ser/predict.h"
#include "ser/train.h"
#include "ser/tune.h"

#include <cblas.h>

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser train (--dataset DIR [--audio] | --features-csv F --labels L |\n"
		"                  --labels L --audio) --model svr|mlp|ridge|xgb\n"
		"                 [--targets valence,arousal] [hyper-parameters]\n"
		"                 [--space S] [--seed S] [-j N] [--cache FILE] [-q]\n"
		"                 -o MODEL.ser [--tune [--folds K] [--random N]]\n"
		"Train one regressor per target on ALL labelled rows and save it with\n"
		"its normalizer (the training features' min/max), hyper-parameters and\n"
		"provenance. Ratings are matched to features by file name.\n\n"
		"Data:\n"
		"  --dataset DIR          Emo-Soundscapes (Normalized_Features.csv + ratings,\n"
		"                         or rankings when ratings are absent)\n"
		"  --raw-features         with --dataset: Features.csv instead\n"
		"  --rank-n N             N in rating = 1 - 2 (rank - 1) / N (default: rows\n"
		"                         of the rankings file)\n"
		"  --features-csv F       a features table (ser extract output, or any CSV\n"
		"                         with a 'file' column), with --labels L\n"
		"  --labels L             CSV with header file,valence,arousal\n"
		"  --audio                extract the features of the audio files named in\n"
		"                         L (paths relative to L's directory), or with\n"
		"                         --dataset of the rated files found by name under\n"
		"                         DIR's Emo-Soundscapes-Audio/: a model in ser's\n"
		"                         own feature space (--space)\n"
		"  --space S              the space --audio extracts in: robust (default,\n"
		"                         ser-robust-v1) or meyda (ser-meyda-v1); with\n"
		"                         --features-csv, the space of a ser extract\n"
		"                         table (it does not record it; default robust).\n"
		"                         See docs/features.md\n"
		"  --cache FILE           --audio feature cache (default MODEL.ser.features.csv),\n"
		"                         keyed by file, size and mtime: reruns extract\n"
		"                         only new or changed files\n"
		"                         An audio file that cannot be read is named on\n"
		"                         stderr and left out; the model is still written\n"
		"                         from the others, and the exit status is 1.\n"
		"  --features 74|all      the 74 thesis features (default) or every numeric\n"
		"                         column\n"
		"  --targets LIST         valence,arousal (default: both)\n"
		"  --data TEXT            provenance text (default: the inputs' paths)\n"
		"Model:\n"
		"  --model NAME           svr (epsilon-SVR, RBF), mlp (the thesis MLP),\n"
		"                         ridge (linear, L2 penalty) or xgb (XGBoost\n"
		"                         gradient-boosted trees or random forest)\n"
		"  --seed S               seed of every random choice (0)\n"
		"  --tune                 hyper-parameters given a list of values (ser tune\n"
		"                         --help: 0.5,1,2 or 2^-2..2^6; layers 50,20/100)\n"
		"                         are tuned first by K-fold CV on all rows, per\n"
		"                         target; each target is then fitted with its best\n"
		"                         point, and the grid summary is recorded in the\n"
		"                         model's provenance (ser info shows it)\n"
		"  --folds K              folds of that CV (default 5)\n"
		"  --random N             tune N points drawn from the grid (seeded)\n");
	cli_family_usage(fp);
	fprintf(fp,
		"\n"
		"Other:\n"
		"  -j, --jobs N         --audio extraction and --tune threads (default:\n"
		"                       CPUs online)\n"
		"  -o, --output FILE    the model to write (atomically)\n"
		"  -q, --quiet          no progress line, no warnings (unreadable audio\n"
		"                       files are still named)\n"
		"  -h, --help           this help\n");
}

static int parse_targets(const char *s, int targets[SER_N_TARGETS])
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", s);
	targets[0] = targets[1] = 0;
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		int t = ser_target_from_name(tok);
		if (t < 0)
			return cli_usage_error("train", "--targets: '%s' is not "
					       "valence or arousal", tok);
		targets[t] = 1;
	}
	if (!targets[0] && !targets[1])
		return cli_usage_error("train", "--targets: empty list");
	return 0;
}

static void on_file(void *ctx, int done, int total, const char *file)
{
	const char *base = strrchr(file, '/');
	cli_progress(ctx, done, total, "train: extracting %d/%d %.40s", done,
		     total, base ? base + 1 : file);
}

static void on_target(void *ctx, ser_target t, int i, int n, int epoch,
		      int epochs)
{
	if (epochs > 0)
		cli_progress(ctx, i + (double)epoch / epochs, n,
			     "train: fitting %s, epoch %d/%d", ser_target_names[t],
			     epoch, epochs);
	else
		cli_progress(ctx, i, n, "train: fitting %s", ser_target_names[t]);
}

/* Name and free the files an --audio load left out (even with -q: as in
 * extract and predict, a file without features is always reported, and
 * the run's exit status is then 1). */
static void left_out(char **warn, int n_warn)
{
	for (int i = 0; i < n_warn; i++)
		cli_error("%s (left out of training)", warn[i]);
	ser_strv_free(warn, n_warn);
}

/* --labels L --audio: features of L's files (via the cache) -> data set. */
static ser_dataset *load_audio(const char *labels, const char *cache,
			       const ser_dataset_opts *dopt, int jobs,
			       ser_space space, int quiet, int *n_left_out,
			       ser_err *err)
{
	char **warn = NULL;
	int n_warn = 0, n = -1, cached = 0;
	cli_progress_t prog;
	cli_progress_begin(&prog, quiet);
	ser_dataset *ds = ser_dataset_load_audio(labels, cache, dopt, jobs,
						 space, &warn, &n_warn, &n, &cached,
						 on_file, &prog, err);
	cli_progress_end(&prog);
	left_out(warn, n_warn);
	*n_left_out = n_warn;
	if (n >= 0 && !quiet)
		fprintf(stderr, "ser: %d files: %d from the cache %s, %d extracted, "
			"%d unreadable\n", n, cached, cache, n - cached - n_warn,
			n_warn);
	return ds;
}

/* --dataset DIR --audio: the data set's ratings, ser's features. */
static int emo_audio(ser_dataset *ds, const char *dir, const char *cache,
		     int jobs, ser_space space, int quiet, int *n_left_out,
		     ser_err *err)
{
	char **warn = NULL;
	int n_warn = 0, cached = 0, n = ds->n;
	cli_progress_t prog;
	cli_progress_begin(&prog, quiet);
	int rc = ser_dataset_use_audio(ds, dir, cache, jobs, space, &warn,
				       &n_warn,
				       &cached, on_file, &prog, err);
	cli_progress_end(&prog);
	left_out(warn, n_warn);
	*n_left_out = n_warn;
	if (rc == 0 && !quiet)
		fprintf(stderr, "ser: %d rated files: %d from the cache %s, %d "
			"extracted, %d without readable audio\n", n, cached,
			cache, n - cached - n_warn, n_warn);
	return rc;
}

enum { O_DATASET = 256, O_RAW, O_FCSV, O_LABELS, O_AUDIO, O_CACHE,
       O_FEATURES, O_TARGETS, O_DATA, O_MODEL, O_SEED, O_RANKN, O_TUNE,
       O_FOLDS, O_RANDOM, O_SPACE };

static int train_main(int argc, char **argv, const struct option *opts);
static int train_run(const char *dataset, const char *fcsv,
		     const char *labels, int audio, const char *cache,
		     const char *data, const char *out, int quiet, int jobs,
		     const ser_dataset_opts *dopt, ser_space fspace,
		     ser_train_opts *op, ser_grid *g, int folds,
		     int random_n);

int cmd_train(int argc, char **argv)
{
	static const struct option own[] = {
		{ "dataset", required_argument, NULL, O_DATASET },
		{ "raw-features", no_argument, NULL, O_RAW },
		{ "rank-n", required_argument, NULL, O_RANKN },
		{ "features-csv", required_argument, NULL, O_FCSV },
		{ "labels", required_argument, NULL, O_LABELS },
		{ "audio", no_argument, NULL, O_AUDIO },
		{ "cache", required_argument, NULL, O_CACHE },
		{ "space", required_argument, NULL, O_SPACE },
		{ "features", required_argument, NULL, O_FEATURES },
		{ "targets", required_argument, NULL, O_TARGETS },
		{ "data", required_argument, NULL, O_DATA },
		{ "model", required_argument, NULL, O_MODEL },
		{ "seed", required_argument, NULL, O_SEED },
		{ "jobs", required_argument, NULL, 'j' },
		{ "tune", no_argument, NULL, O_TUNE },
		{ "folds", required_argument, NULL, O_FOLDS },
		{ "random", required_argument, NULL, O_RANDOM },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	return cli_family_run(argc, argv, own, train_main);
}

static int train_main(int argc, char **argv, const struct option *opts)
{
	const char *dataset = NULL, *fcsv = NULL, *labels = NULL, *cache = NULL,
		   *data = NULL, *out = NULL, *kind = NULL;
	int audio = 0, quiet = 0, targets[SER_N_TARGETS] = { 1, 1 };
	long jobs = sysconf(_SC_NPROCESSORS_ONLN), v;
	ser_space fspace = SER_SPACE_DEFAULT;
	ser_dataset_opts dopt;
	ser_dataset_opts_default(&dopt);
	/* hyper-parameters are collected for every family; --model picks one */
	ser_train_opts o;
	ser_train_opts_default(&o, NULL);
	ser_spec specs[CLI_MAX_FAMILIES];
	cli_family_specs_default(specs);
	cli_family_lists lists = { 0 };
	int c, tune = 0, folds = 0, random_n = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "j:o:qh", opts, NULL)) != -1) {
		int r = cli_family_opts_parse(specs, &lists, "train", c, optarg);
		if (r < 0)
			return 2;
		if (r > 0)
			continue;
		switch (c) {
		case O_DATASET: dataset = optarg; break;
		case O_RAW: dopt.raw = 1; break;
		case O_RANKN:
			if (cli_parse_int("train", "--rank-n", optarg, 1, 100000000, &v))
				return 2;
			dopt.rank_n = (int)v;
			break;
		case O_FCSV: fcsv = optarg; break;
		case O_LABELS: labels = optarg; break;
		case O_AUDIO: audio = 1; break;
		case O_CACHE: cache = optarg; break;
		case O_SPACE:
			if (cli_parse_space("train", optarg, &fspace))
				return 2;
			break;
		case O_FEATURES:
			if (!strcmp(optarg, "74"))
				dopt.features = SER_FEATSET_74;
			else if (!strcmp(optarg, "all"))
				dopt.features = SER_FEATSET_ALL;
			else
				return cli_usage_error("train", "--features: '%s' is "
						       "not 74 or all", optarg);
			break;
		case O_TARGETS:
			if (parse_targets(optarg, targets))
				return 2;
			break;
		case O_DATA: data = optarg; break;
		case O_MODEL: kind = optarg; break;
		case O_SEED:
			if (cli_parse_u64("train", "--seed", optarg, &o.seed))
				return 2;
			break;
		case 'j':
			if (cli_parse_int("train", "--jobs", optarg, 1, 256, &jobs))
				return 2;
			break;
		case O_TUNE: tune = 1; break;
		case O_FOLDS:
			if (cli_parse_int("train", "--folds", optarg, 2, 1000000, &v))
				return 2;
			folds = (int)v;
			break;
		case O_RANDOM:
			if (cli_parse_int("train", "--random", optarg, 1, 1000000, &v))
				return 2;
			random_n = (int)v;
			break;
		case 'o': out = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: return cli_usage_error("train", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("train", "unexpected argument '%s'", argv[optind]);
	int sources = !!dataset + !!fcsv + (audio && !dataset);
	if (sources != 1 || (fcsv && audio))
		return cli_usage_error("train", "give exactly one of --dataset DIR "
				       "[--audio], --features-csv F --labels L, "
				       "--labels L --audio");
	if ((fcsv || (audio && !dataset)) && !labels)
		return cli_usage_error("train", "--labels L is required with %s",
				       fcsv ? "--features-csv" : "--audio");
	if (dataset && labels)
		return cli_usage_error("train", "--labels does not go with --dataset");
	char names[128];
	ser_family_names(names, sizeof names);
	if (!kind)
		return cli_usage_error("train", "--model svr|mlp|ridge|xgb is required");
	int fi = cli_family_index(kind);
	if (fi < 0)
		return cli_usage_error("train", "--model: '%s' is not one of %s",
				       kind, names);
	if (!out)
		return cli_usage_error("train", "-o MODEL.ser is required");
	if (jobs < 1)
		jobs = 1;
	memcpy(o.targets, targets, sizeof targets);
	if (!tune && (folds || random_n))
		return cli_usage_error("train", "--folds and --random need --tune");
	ser_grid *grids[CLI_MAX_FAMILIES];
	if (cli_family_grids(specs, &lists, "train", tune, grids) < 0)
		return 2;
	cli_family_opts_finish(specs);
	o.spec = specs[fi];
	int rc = train_run(dataset, fcsv, labels, audio, cache, data, out, quiet,
			   (int)jobs, &dopt, fspace, &o, tune ? grids[fi] : NULL,
			   folds ? folds : 5, random_n);
	for (int i = 0; i < ser_n_families; i++)
		ser_grid_free(grids[i]);
	return rc;
}

/* Tune (when g), then fit and save; provenance is extended by the tune's
 * summary. */
static int train_run(const char *dataset, const char *fcsv,
		     const char *labels, int audio, const char *cache,
		     const char *data, const char *out, int quiet, int jobs,
		     const ser_dataset_opts *dopt, ser_space fspace,
		     ser_train_opts *op, ser_grid *g, int folds,
		     int random_n)
{
	ser_train_opts o = *op;

	ser_err err;
	char cachebuf[PATH_MAX], provenance[2048];
	ser_dataset *ds = NULL;
	int n_left_out = 0;
	if (audio && !cache) {
		snprintf(cachebuf, sizeof cachebuf, "%s.features.csv", out);
		cache = cachebuf;
	}
	if (dataset && audio) {
		ds = ser_dataset_load_emo(dataset, dopt, &err);
		if (ds && emo_audio(ds, dataset, cache, jobs, fspace, quiet,
				    &n_left_out, &err)) {
			ser_dataset_free(ds);
			ds = NULL;
		}
		snprintf(provenance, sizeof provenance, "Emo-Soundscapes %s: "
			 "ratings, and %s features extracted by ser from its "
			 "audio", dataset, ser_space_tag(fspace));
	} else if (dataset) {
		ds = ser_dataset_load_emo(dataset, dopt, &err);
		snprintf(provenance, sizeof provenance, "Emo-Soundscapes %s (%s)",
			 dataset, dopt->raw ? "Features.csv" : "Normalized_Features.csv");
	} else if (fcsv) {
		ds = ser_dataset_load_csv(fcsv, labels, dopt, &err);
		/* a ser extract table does not record its space: --space's */
		ser_space any;
		if (ds && ser_space_parse(ds->space, &any) == 0)
			snprintf(ds->space, sizeof ds->space, "%s",
				 ser_space_tag(fspace));
		snprintf(provenance, sizeof provenance, "features %s, labels %s",
			 fcsv, labels);
	} else {
		ds = load_audio(labels, cache, dopt, jobs, fspace, quiet,
				&n_left_out, &err);
		snprintf(provenance, sizeof provenance, "audio files of %s "
			 "(%s features extracted by ser)", labels,
			 ser_space_tag(fspace));
	}
	if (!ds) {
		cli_error("%s", err.msg);
		return 1;
	}
	for (int i = 0; i < ds->n_warn && !quiet; i++)
		cli_error("warning: %s", ds->warn[i]);
	char rows[64];
	snprintf(rows, sizeof rows, "; %d rows, %d features", ds->n, ds->d);
	strncat(provenance, rows, sizeof provenance - strlen(provenance) - 1);
	o.data = data ? data : provenance;

	cli_progress_t prog;
	cli_progress_begin(&prog, quiet);
	ser_spec best[SER_N_TARGETS];
	char *note = NULL, *full = NULL;
	ser_model *m = NULL;
	if (g) {
		if (jobs > 1)
			openblas_set_num_threads(1);
		cli_progress(&prog, 0, 1, "train: tuning");
		if ((random_n && ser_grid_random(g, random_n, o.seed, &err) < 0) ||
		    ser_tune_for_train(ds, g, folds, o.seed, jobs, o.targets, best,
				       &note, &err) < 0)
			goto done;
		size_t len = strlen(o.data) + strlen(note) + 3;
		if (!(full = ser_malloc(len, &err)))
			goto done;
		snprintf(full, len, "%s; %s", o.data, note);
		o.data = full;
		for (int t = 0; t < SER_N_TARGETS; t++)
			o.spec_of[t] = o.targets[t] ? &best[t] : NULL;
		if (!quiet) {
			cli_progress_end(&prog);
			fprintf(stderr, "ser: %s\n", note);
			cli_progress_begin(&prog, quiet);
		}
	}
	m = ser_train(ds, &o, on_target, &prog, &err);
done:
	cli_progress_end(&prog);
	int rc = m && ser_model_save(m, out, &err) == 0 ? 0 : 1;
	if (rc)
		cli_error("%s", err.msg);
	free(note);
	free(full);
	/* the model is written, but files were left out: as predict */
	if (n_left_out)
		rc = 1;
	ser_model_free(m);
	ser_dataset_free(ds);
	return rc;
}
