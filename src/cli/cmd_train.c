/* cmd_train.c - `ser train`: fit a regressor (family.h) per target on all labelled
 * rows and save the model. Argument parsing only: the data set loader
 * (dataset.h), feature cache (featcache.h) and ser_train (train.h) do the
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

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser train (--dataset DIR [--audio] | --features-csv F --labels L |\n"
		"                  --labels L --audio) --model svr|mlp|ridge\n"
		"                 [--targets valence,arousal] [hyper-parameters]\n"
		"                 [--seed S] [-j N] [--cache FILE] [-q] -o MODEL.ser\n"
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
		"                         own feature space (ser-meyda-v1)\n"
		"  --cache FILE           --audio feature cache (default MODEL.ser.features.csv),\n"
		"                         keyed by file, size and mtime: reruns extract\n"
		"                         only new or changed files\n"
		"  --features 74|all      the 74 thesis features (default) or every numeric\n"
		"                         column\n"
		"  --targets LIST         valence,arousal (default: both)\n"
		"  --data TEXT            provenance text (default: the inputs' paths)\n"
		"Model:\n"
		"  --model NAME           svr (epsilon-SVR, RBF), mlp (the thesis MLP) or\n"
		"                         ridge (linear, L2 penalty)\n"
		"  --seed S               seed of every random choice (0)\n");
	cli_family_usage(fp);
	fprintf(fp,
		"\n"
		"Other:\n"
		"  -j, --jobs N         --audio extraction threads (default: CPUs online)\n"
		"  -o, --output FILE    the model to write (atomically)\n"
		"  -q, --quiet          no progress line, no warnings\n"
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

/* Report (unless quiet) and free the files an --audio load left out. */
static void left_out(char **warn, int n_warn, int quiet)
{
	for (int i = 0; i < n_warn && !quiet; i++)
		cli_error("warning: %s (left out of training)", warn[i]);
	ser_strv_free(warn, n_warn);
}

/* --labels L --audio: features of L's files (via the cache) -> data set. */
static ser_dataset *load_audio(const char *labels, const char *cache,
			       const ser_dataset_opts *dopt, int jobs,
			       int quiet, ser_err *err)
{
	char **warn = NULL;
	int n_warn = 0, n = -1, cached = 0;
	cli_progress_t prog;
	cli_progress_begin(&prog, quiet);
	ser_dataset *ds = ser_dataset_load_audio(labels, cache, dopt, jobs,
						 &warn, &n_warn, &n, &cached,
						 on_file, &prog, err);
	cli_progress_end(&prog);
	left_out(warn, n_warn, quiet);
	if (n >= 0 && !quiet)
		fprintf(stderr, "ser: %d files: %d from the cache %s, %d extracted, "
			"%d unreadable\n", n, cached, cache, n - cached - n_warn,
			n_warn);
	return ds;
}

/* --dataset DIR --audio: the data set's ratings, ser's features. */
static int emo_audio(ser_dataset *ds, const char *dir, const char *cache,
		     int jobs, int quiet, ser_err *err)
{
	char **warn = NULL;
	int n_warn = 0, cached = 0, n = ds->n;
	cli_progress_t prog;
	cli_progress_begin(&prog, quiet);
	int rc = ser_dataset_use_audio(ds, dir, cache, jobs, &warn, &n_warn,
				       &cached, on_file, &prog, err);
	cli_progress_end(&prog);
	left_out(warn, n_warn, quiet);
	if (rc == 0 && !quiet)
		fprintf(stderr, "ser: %d rated files: %d from the cache %s, %d "
			"extracted, %d without readable audio\n", n, cached,
			cache, n - cached - n_warn, n_warn);
	return rc;
}

enum { O_DATASET = 256, O_RAW, O_FCSV, O_LABELS, O_AUDIO, O_CACHE,
       O_FEATURES, O_TARGETS, O_DATA, O_MODEL, O_SEED, O_RANKN };

static int train_main(int argc, char **argv, const struct option *opts);

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
		{ "features", required_argument, NULL, O_FEATURES },
		{ "targets", required_argument, NULL, O_TARGETS },
		{ "data", required_argument, NULL, O_DATA },
		{ "model", required_argument, NULL, O_MODEL },
		{ "seed", required_argument, NULL, O_SEED },
		{ "jobs", required_argument, NULL, 'j' },
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
	ser_dataset_opts dopt;
	ser_dataset_opts_default(&dopt);
	/* hyper-parameters are collected for every family; --model picks one */
	ser_train_opts o;
	ser_train_opts_default(&o, NULL);
	ser_spec specs[CLI_MAX_FAMILIES];
	cli_family_specs_default(specs);
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt("train", argc, argv, "j:o:qh", opts)) != -1) {
		int r = cli_family_opts_parse(specs, "train", c, optarg);
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
		case 'o': out = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: return 2;  /* reported by cli_getopt */
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
		return cli_usage_error("train", "--model svr|mlp is required (or ridge)");
	int fi = cli_family_index(kind);
	if (fi < 0)
		return cli_usage_error("train", "--model: '%s' is not one of %s",
				       kind, names);
	if (!out)
		return cli_usage_error("train", "-o MODEL.ser is required");
	if (jobs < 1)
		jobs = 1;
	memcpy(o.targets, targets, sizeof targets);
	cli_family_opts_finish(specs);
	o.spec = specs[fi];

	ser_err err;
	char cachebuf[PATH_MAX], provenance[2048];
	ser_dataset *ds = NULL;
	if (audio && !cache) {
		snprintf(cachebuf, sizeof cachebuf, "%s.features.csv", out);
		cache = cachebuf;
	}
	if (dataset && audio) {
		ds = ser_dataset_load_emo(dataset, &dopt, &err);
		if (ds && emo_audio(ds, dataset, cache, (int)jobs, quiet, &err)) {
			ser_dataset_free(ds);
			ds = NULL;
		}
		snprintf(provenance, sizeof provenance, "Emo-Soundscapes %s: "
			 "ratings, and %s features extracted by ser from its "
			 "audio", dataset, SER_FEATURE_SPACE);
	} else if (dataset) {
		ds = ser_dataset_load_emo(dataset, &dopt, &err);
		snprintf(provenance, sizeof provenance, "Emo-Soundscapes %s (%s)",
			 dataset, dopt.raw ? "Features.csv" : "Normalized_Features.csv");
	} else if (fcsv) {
		ds = ser_dataset_load_csv(fcsv, labels, &dopt, &err);
		snprintf(provenance, sizeof provenance, "features %s, labels %s",
			 fcsv, labels);
	} else {
		ds = load_audio(labels, cache, &dopt, (int)jobs, quiet, &err);
		snprintf(provenance, sizeof provenance, "audio files of %s "
			 "(%s features extracted by ser)", labels, SER_FEATURE_SPACE);
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
	ser_model *m = ser_train(ds, &o, on_target, &prog, &err);
	cli_progress_end(&prog);
	int rc = m && ser_model_save(m, out, &err) == 0 ? 0 : 1;
	if (rc)
		cli_error("%s", err.msg);
	ser_model_free(m);
	ser_dataset_free(ds);
	return rc;
}
