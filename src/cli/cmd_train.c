/* cmd_train.c - `ser train`: fit a regressor (family.h) per target on all
 * labelled rows and save the model. Argument parsing only: the data set
 * loader (dataset.h), feature cache and ser_train (train.h) do the work. */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "data_opts.h"
#include "family_opts.h"
#include "ser/dataset.h"
#include "ser/features.h"
#include "ser/meta.h"
#include "ser/predict.h"
#include "ser/train.h"
#include "ser/tune.h"

/* the default cache: .ser-features.SPACE.csv, one per data folder and
 * feature space (a row is never reused across spaces, so one file for
 * both would be rewritten at every switch) */
#define CACHE_NAME ".ser-features.%s.csv"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser train (--dataset DIR [--audio] | --features-csv F --labels L |\n"
		"                  --labels L --audio) --model svr|mlp|ridge|xgb\n"
		"                 [--targets valence,arousal] [hyper-parameters]\n"
		"                 [--space S] [-s S] [-j N] [--cache FILE]\n"
		"                 [--format text|json] [-q] -o MODEL.ser\n"
		"                 [--tune [-k K] [--random N]]\n"
		"Train one regressor per target on ALL labelled rows and save it with\n"
		"its normalizer (the training features' min/max), hyper-parameters and\n"
		"provenance.\n\n"
		"Data:\n");
	cli_data_usage(fp);
	fprintf(fp,
		"  --audio              extract the features of the audio files named in\n"
		"                       L (paths relative to L's directory), or with\n"
		"                       --dataset of the rated files found by name under\n"
		"                       DIR's Emo-Soundscapes-Audio/: a model in ser's\n"
		"                       own feature space (--space). L is checked\n"
		"                       before any audio is extracted.\n"
		"  --space S            the space --audio extracts in: robust (default,\n"
		"                       ser-robust-v1) or meyda (ser-meyda-v1); with\n"
		"                       --features-csv, the space of a ser extract\n"
		"                       table (it does not record it; default robust).\n"
		"                       See docs/features.md\n"
		"  --cache FILE         --audio feature cache (default:\n"
		"                       .ser-features.SPACE.csv, e.g.\n"
		"                       .ser-features.ser-robust-v1.csv, in the data\n"
		"                       folder - L's directory or DIR - or,\n"
		"                       when that folder is read-only, in\n"
		"                       $XDG_CACHE_HOME/ser/), keyed by file, size and\n"
		"                       mtime: reruns extract only new or changed files;\n"
		"                       a new cache is removed when the run fails.\n"
		"                       An audio file that cannot be read is named on\n"
		"                       stderr and left out; the model is still written\n"
		"                       from the others, and the exit status is 1.\n"
		"  --data TEXT          provenance text (default: the inputs' paths)\n"
		"Model:\n"
		"  --model NAME         svr (epsilon-SVR, RBF), mlp (the thesis MLP),\n"
		"                       ridge (linear, L2 penalty) or xgb (XGBoost\n"
		"                       gradient-boosted trees or random forest)\n"
		"  -s, --seed S         seed of every random choice (0)\n"
		"      --tune           hyper-parameters given a list of values (ser tune\n"
		"                       --help: 0.5,1,2 or 2^-2..2^6; layers 50,20/100)\n"
		"                       are tuned first by K-fold CV on all rows, per\n"
		"                       target; each target is then fitted with its best\n"
		"                       point, and the grid summary is recorded in the\n"
		"                       model's provenance (ser info shows it)\n"
		"  -k, --folds K        folds of that CV (default 5)\n"
		"      --random N       tune N points drawn from the grid (seeded)\n");
	cli_family_usage(fp);
	fprintf(fp,
		"\n"
		"Other:\n"
		"  -j, --jobs N         --audio extraction and --tune threads (default:\n"
		"                       CPUs online)\n"
		"  -o, --output FILE    the model to write (atomically)\n"
		"      --format FMT     text (default: nothing on stdout) or json: a\n"
		"                       summary on stdout - \"meta\" (ser version, command\n"
		"                       line, data path, rows, features, fingerprint),\n"
		"                       the model file, family, hyper-parameters,\n"
		"                       targets and seed\n"
		"  -q, --quiet          no progress line, no warnings or counts on\n"
		"                       stderr (errors and unreadable audio files are\n"
		"                       still named)\n"
		"  -h, --help           this help\n");
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

enum { O_AUDIO = 256, O_CACHE, O_DATA, O_MODEL, O_FORMAT, O_SPACE, O_TUNE,
       O_RANDOM };

typedef struct train_args {
	cli_data data;
	int audio, quiet;
	long jobs;
	const char *cache, *provenance, *out, *kind;
	cli_format fmt;
	ser_space space;  /* --audio's extraction; a ser extract table's */
	ser_spec specs[CLI_MAX_FAMILIES];
	ser_train_opts o;
	char cachebuf[PATH_MAX];
	int new_cache;  /* the cache did not exist before this run */
	int n_left_out; /* --audio files without features */
	int tune, folds, random_n;
	cli_family_lists lists;            /* values given as lists */
	ser_grid *grids[CLI_MAX_FAMILIES]; /* --tune: every family's grid */
} train_args;

/* One option into a; 0, or the exit status of a usage error. */
static int parse_opt(void *ctx, int c, const char *arg)
{
	train_args *a = ctx;
	const char *cmd = "train";
	int r = cli_family_opts_parse(a->specs, &a->lists, cmd, c, arg);
	long v;
	if (r == 0)
		r = cli_data_parse(&a->data, cmd, c, arg);
	if (r != 0)
		return r < 0 ? 2 : 0;
	switch (c) {
	case O_AUDIO: a->audio = 1; return 0;
	case O_CACHE: a->cache = arg; return 0;
	case O_DATA: a->provenance = arg; return 0;
	case O_MODEL: a->kind = arg; return 0;
	case O_SPACE: return cli_parse_space(cmd, arg, &a->space) < 0 ? 2 : 0;
	case O_TUNE: a->tune = 1; return 0;
	case 'k':
		if (cli_parse_int(cmd, "--folds", arg, 2, 1000000, &v))
			return 2;
		a->folds = (int)v;
		return 0;
	case O_RANDOM:
		if (cli_parse_int(cmd, "--random", arg, 1, 1000000, &v))
			return 2;
		a->random_n = (int)v;
		return 0;
	case O_FORMAT:
		return cli_parse_format(cmd, arg, "text|json", &a->fmt) < 0 ? 2 : 0;
	case 's':
		return cli_parse_u64(cmd, "--seed", arg, &a->o.seed) < 0 ? 2 : 0;
	case 'j': return cli_parse_jobs(cmd, arg, &a->jobs) < 0 ? 2 : 0;
	case 'o': a->out = arg; return 0;
	case 'q': a->quiet = 1; return 0;
	default: return 2;  /* reported by cli_getopt */
	}
}

/* -1 when the run goes on, else the exit status. */
static int parse_args(train_args *a, int argc, char **argv,
		      const struct option *opts)
{
	const char *cmd = "train";
	memset(a, 0, sizeof *a);
	cli_data_default(&a->data);
	a->jobs = cli_default_jobs();
	a->space = SER_SPACE_DEFAULT;
	/* hyper-parameters are collected for every family; --model picks one */
	ser_train_opts_default(&a->o, NULL);
	cli_family_specs_default(a->specs);
	int rc = cli_parse_options(cmd, argc, argv, "s:j:k:o:qh", opts, usage, 0,
				   parse_opt, a);
	if (rc >= 0)
		return rc;
	const cli_data *d = &a->data;
	int sources = !!d->dataset + !!d->fcsv + (a->audio && !d->dataset);
	if (sources != 1 || (d->fcsv && a->audio))
		return cli_usage_error(cmd, "give exactly one of --dataset DIR "
				       "[--audio], --features-csv F --labels L, "
				       "--labels L --audio");
	if ((d->fcsv || (a->audio && !d->dataset)) && !d->labels)
		return cli_usage_error(cmd, "--labels L is required with %s",
				       d->fcsv ? "--features-csv" : "--audio");
	if (cli_data_check(d, cmd, a->audio) < 0)
		return 2;
	if (!a->kind)
		return cli_usage_error(cmd, "--model svr|mlp|ridge|xgb is required");
	int fi = cli_family_index(a->kind);
	if (fi < 0) {
		char names[128];
		ser_family_names(names, sizeof names);
		return cli_usage_error(cmd, "--model: '%s' is not one of %s",
				       a->kind, names);
	}
	if (!a->out)
		return cli_usage_error(cmd, "-o MODEL.ser is required");
	for (int t = 0; t < SER_N_TARGETS; t++)
		a->o.targets[t] = 0;
	for (int i = 0; i < d->n_targets; i++)
		a->o.targets[d->targets[i]] = 1;
	if (!a->tune && (a->folds || a->random_n))
		return cli_usage_error(cmd, "--folds and --random need --tune");
	if (cli_family_grids(a->specs, &a->lists, cmd, a->tune, a->grids) < 0)
		return 2;
	cli_family_opts_finish(a->specs);
	a->o.spec = a->specs[fi];
	a->fmt = cli_output_format(a->fmt, NULL, CLI_FMT_TEXT);
	return -1;
}

/* The cache of a read-only data folder dir: in $XDG_CACHE_HOME/ser (else
 * ~/.cache/ser), named by the folder's absolute path. */
static void xdg_cache(train_args *a, const char *dir)
{
	char real[PATH_MAX], home[PATH_MAX], parent[PATH_MAX];
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && *xdg)
		snprintf(home, sizeof home, "%s/ser", xdg);
	else
		snprintf(home, sizeof home, "%s/.cache/ser",
			 getenv("HOME") ? getenv("HOME") : "/tmp");
	if (!realpath(dir, real))
		snprintf(real, sizeof real, "%s", dir);
	for (char *p = real; *p; p++)
		if (*p == '/')
			*p = '_';
	/* mkdir -p of the two levels; a failure shows at the write */
	snprintf(parent, sizeof parent, "%s", home);
	char *s = strrchr(parent, '/');
	if (s) {
		*s = '\0';
		mkdir(parent, 0777);
	}
	mkdir(home, 0777);
	if (snprintf(a->cachebuf, sizeof a->cachebuf, "%s/%.200s" CACHE_NAME,
		     home, real, ser_space_tag(a->space)) >= (int)sizeof a->cachebuf)
		snprintf(a->cachebuf, sizeof a->cachebuf, CACHE_NAME,
			 ser_space_tag(a->space));
}

/* The default --audio cache: one per data folder (L's directory or DIR)
 * and space, so every model trained from that folder reuses it. */
static void default_cache(train_args *a)
{
	const char *dir = a->data.dataset, *l = a->data.labels;
	char ldir[PATH_MAX];
	if (!dir) {
		const char *slash = strrchr(l, '/');
		snprintf(ldir, sizeof ldir, "%.*s", slash ? (int)(slash - l) : 1,
			 slash ? l : ".");
		dir = ldir;
	}
	if (access(dir, W_OK) != 0 ||
	    snprintf(a->cachebuf, sizeof a->cachebuf, "%s/" CACHE_NAME, dir,
		     ser_space_tag(a->space)) >= (int)sizeof a->cachebuf)
		xdg_cache(a, dir);
	a->cache = a->cachebuf;
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
static ser_dataset *load_audio(train_args *a, ser_err *err)
{
	char **warn = NULL;
	int n_warn = 0, n = -1, cached = 0;
	cli_progress_t prog;
	cli_progress_begin(&prog, a->quiet);
	ser_dataset *ds = ser_dataset_load_audio(a->data.labels, a->cache,
						 &a->data.dopt, (int)a->jobs,
						 a->space, &warn, &n_warn, &n,
						 &cached,
						 on_file, &prog, err);
	cli_progress_end(&prog);
	left_out(warn, n_warn);
	a->n_left_out = n_warn;
	if (n >= 0 && !a->quiet)
		fprintf(stderr, "ser: %d files: %d from the feature cache, %d "
			"extracted, %d unreadable\n", n, cached,
			n - cached - n_warn, n_warn);
	return ds;
}

/* --dataset DIR --audio: the data set's ratings, ser's features. */
static int emo_audio(train_args *a, ser_dataset *ds, ser_err *err)
{
	char **warn = NULL;
	int n_warn = 0, cached = 0, n = ds->n;
	cli_progress_t prog;
	cli_progress_begin(&prog, a->quiet);
	int rc = ser_dataset_use_audio(ds, a->data.dataset, a->cache,
				       (int)a->jobs, a->space, &warn, &n_warn,
				       &cached, on_file, &prog, err);
	cli_progress_end(&prog);
	left_out(warn, n_warn);
	a->n_left_out = n_warn;
	if (rc == 0 && !a->quiet)
		fprintf(stderr, "ser: %d rated files: %d from the feature cache, "
			"%d extracted, %d without readable audio\n", n, cached,
			n - cached - n_warn, n_warn);
	return rc;
}

/* The training rows, and their provenance text into prov. */
static ser_dataset *load(train_args *a, char *prov, size_t size,
			 ser_err *err)
{
	const cli_data *d = &a->data;
	ser_dataset *ds;
	if (a->audio) {
		if (!a->cache)
			default_cache(a);
		a->new_cache = access(a->cache, F_OK) != 0;
	}
	if (d->dataset && a->audio) {
		ds = ser_dataset_load_emo(d->dataset, &d->dopt, err);
		if (ds && emo_audio(a, ds, err)) {
			ser_dataset_free(ds);
			ds = NULL;
		}
		snprintf(prov, size, "Emo-Soundscapes %s: ratings, and %s features "
			 "extracted by ser from its audio", d->dataset,
			 ser_space_tag(a->space));
	} else if (a->audio) {
		ds = load_audio(a, err);
		snprintf(prov, size, "audio files of %s (%s features extracted by "
			 "ser)", d->labels, ser_space_tag(a->space));
	} else {
		ds = cli_data_load(d, err);
		/* a ser extract table does not record its space: --space's */
		ser_space any;
		if (ds && d->fcsv && ser_space_parse(ds->space, &any) == 0)
			snprintf(ds->space, sizeof ds->space, "%s",
				 ser_space_tag(a->space));
		if (d->dataset)
			snprintf(prov, size, "Emo-Soundscapes %s (%s)", d->dataset,
				 d->dopt.raw ? "Features.csv"
					     : "Normalized_Features.csv");
		else
			snprintf(prov, size, "features %s, labels %s", d->fcsv,
				 d->labels);
	}
	if (!ds)
		return NULL;
	size_t len = strlen(prov);
	snprintf(prov + len, size - len, "; %d rows, %d features", ds->n, ds->d);
	return ds;
}

/* --format json: what was trained, from what. */
typedef struct summary {
	const train_args *a;
	const ser_dataset *ds;
	int argc;
	char **argv;
} summary;

static int write_summary(FILE *fp, void *ctx, ser_err *err)
{
	const summary *s = ctx;
	const train_args *a = s->a;
	char *cmdline = cli_command_line(s->argc, s->argv);
	char *meta = cmdline ? ser_meta_json(cmdline, cli_data_path(&a->data),
					     s->ds, err) : NULL;
	char *spec = meta ? ser_spec_json(&a->o.spec, err) : NULL;
	free(cmdline);
	cJSON *o = cJSON_CreateObject(), *tg = cJSON_CreateArray();
	cJSON *models = cJSON_CreateObject();
	cJSON *mj = meta ? cJSON_Parse(meta) : NULL;
	cJSON *sj = spec ? cJSON_Parse(spec) : NULL;
	free(meta);
	free(spec);
	char *text = NULL;
	if (o && tg && models && mj && sj) {
		for (int i = 0; i < a->data.n_targets; i++)
			cJSON_AddItemToArray(tg, cJSON_CreateString(
				ser_target_names[a->data.targets[i]]));
		char seed[24];
		snprintf(seed, sizeof seed, "%llu", (unsigned long long)a->o.seed);
		cJSON_AddItemToObject(o, "meta", mj);
		cJSON_AddStringToObject(o, "model", a->out);
		cJSON_AddItemToObject(models, a->o.spec.family->name, sj);
		cJSON_AddItemToObject(o, "models", models);
		cJSON_AddItemToObject(o, "targets", tg);
		cJSON_AddItemToObject(o, "seed", cJSON_CreateRaw(seed));
		cJSON_AddNumberToObject(o, "n", s->ds->n);
		cJSON_AddNumberToObject(o, "d", s->ds->d);
		text = cJSON_PrintUnformatted(o);
	} else {
		cJSON_Delete(tg);
		cJSON_Delete(models);
		cJSON_Delete(mj);
		cJSON_Delete(sj);
	}
	cJSON_Delete(o);
	if (!text)
		return ser_fail(err, "out of memory");
	fprintf(fp, "%s\n", text);
	free(text);
	return ferror(fp) ? ser_fail(err, "stdout: write error") : 0;
}

/* --tune: the best point of the model's grid per target (best) by K-fold
 * CV on all rows, put in a->o.spec_of; the provenance extended by the
 * grid summary (returned, malloc'd, a->o.data points to it). NULL with
 * err set. */
static char *tune(train_args *a, const ser_dataset *ds,
		  ser_spec best[SER_N_TARGETS], cli_progress_t *prog,
		  ser_err *err)
{
	ser_grid *g = a->grids[cli_family_index(a->kind)];
	char *note = NULL, *full = NULL;
	cli_blas_for_jobs(a->jobs);  /* the -j threads are the parallelism */
	cli_progress(prog, 0, 1, "train: tuning");
	if ((a->random_n && ser_grid_random(g, a->random_n, a->o.seed, err) < 0) ||
	    ser_tune_for_train(ds, g, a->folds ? a->folds : 5, a->o.seed,
			       (int)a->jobs, a->o.targets, best, &note, err) < 0)
		return NULL;
	size_t len = strlen(a->o.data) + strlen(note) + 3;
	if ((full = ser_malloc(len, err))) {
		snprintf(full, len, "%s; %s", a->o.data, note);
		a->o.data = full;
		for (int t = 0; t < SER_N_TARGETS; t++)
			a->o.spec_of[t] = a->o.targets[t] ? &best[t] : NULL;
		if (!a->quiet) {
			cli_progress_end(prog);
			fprintf(stderr, "ser: %s\n", note);
			cli_progress_begin(prog, a->quiet);
		}
	}
	free(note);
	return full;
}

/* Everything after the family options are collected: a's grids are the
 * caller's to free. */
static int train_args_run(train_args *a_, int argc, char **argv,
			  const struct option *opts)
{
	train_args a;
	memset(a_, 0, sizeof *a_);
	int rc = parse_args(&a, argc, argv, opts);
	memcpy(a_->grids, a.grids, sizeof a.grids);
	if (rc >= 0)
		return rc;
	ser_err err;
	char provenance[2048];
	ser_dataset *ds = load(&a, provenance, sizeof provenance, &err);
	if (!ds) {
		cli_error("%s", err.msg);
		/* a cache this run created and never used is no one's */
		if (a.new_cache)
			unlink(a.cache);
		return 1;
	}
	cli_data_warnings(ds, a.quiet);
	a.o.data = a.provenance ? a.provenance : provenance;
	cli_progress_t prog;
	cli_progress_begin(&prog, a.quiet);
	char *full = NULL;
	ser_spec best[SER_N_TARGETS];
	ser_model *m = NULL;
	if (!a.tune || (full = tune(&a, ds, best, &prog, &err)))
		m = ser_train(ds, &a.o, on_target, &prog, &err);
	cli_progress_end(&prog);
	free(full);
	rc = m && ser_model_save(m, a.out, &err) == 0 ? 0 : 1;
	if (rc)
		cli_error("%s", err.msg);
	else if (a.fmt == CLI_FMT_JSON) {
		summary s = { &a, ds, argc, argv };
		rc = cli_write_result(NULL, write_summary, &s);
	}
	/* the model is written, but files were left out: as predict */
	if (a.n_left_out)
		rc = 1;
	ser_model_free(m);
	ser_dataset_free(ds);
	return rc;
}

static int train_main(int argc, char **argv, const struct option *opts)
{
	train_args a;
	int rc = train_args_run(&a, argc, argv, opts);
	for (int i = 0; i < ser_n_families; i++)
		ser_grid_free(a.grids[i]);
	return rc;
}

int cmd_train(int argc, char **argv)
{
	static const struct option own[] = {
		CLI_DATA_LONGOPTS,
		{ "audio", no_argument, NULL, O_AUDIO },
		{ "cache", required_argument, NULL, O_CACHE },
		{ "data", required_argument, NULL, O_DATA },
		{ "model", required_argument, NULL, O_MODEL },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "space", required_argument, NULL, O_SPACE },
		{ "seed", required_argument, NULL, 's' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "tune", no_argument, NULL, O_TUNE },
		{ "folds", required_argument, NULL, 'k' },
		{ "random", required_argument, NULL, O_RANDOM },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	return cli_family_run(argc, argv, own, train_main);
}
