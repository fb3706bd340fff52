/* data_opts.c - the data-set options shared by cv and train (data_opts.h). */
#include "data_opts.h"

#include <string.h>

#include "cli.h"

#define MAX_WARN_SHOWN 20

void cli_data_default(cli_data *d)
{
	memset(d, 0, sizeof *d);
	ser_dataset_opts_default(&d->dopt);
	d->n_targets = 2;
	d->targets[0] = SER_AROUSAL;
	d->targets[1] = SER_VALENCE;
}

/* "arousal,valence" into d: known names, each once, at least one. */
static int parse_targets(cli_data *d, const char *cmd, const char *s)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", s);
	int n = 0;
	ser_target tg[SER_N_TARGETS];
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		int t = ser_target_from_name(tok);
		if (t < 0)
			return cli_usage_error(cmd, "--targets: '%s' is not valence "
					       "or arousal", tok), -1;
		for (int i = 0; i < n; i++)
			if (tg[i] == (ser_target)t)
				return cli_usage_error(cmd, "--targets: '%s' is given "
						       "twice", tok), -1;
		tg[n++] = (ser_target)t;
	}
	if (n == 0)
		return cli_usage_error(cmd, "--targets: empty list"), -1;
	d->n_targets = n;
	memcpy(d->targets, tg, (size_t)n * sizeof *tg);
	return 1;
}

int cli_data_parse(cli_data *d, const char *cmd, int c, const char *arg)
{
	long v;
	switch (c) {
	case CLI_DATA_DATASET: d->dataset = arg; return 1;
	case CLI_DATA_RAW: d->dopt.raw = 1; return 1;
	case CLI_DATA_RANK_N:
		if (cli_parse_int(cmd, "--rank-n", arg, 1, 100000000, &v) < 0)
			return -1;
		d->dopt.rank_n = (int)v;
		return 1;
	case CLI_DATA_FEATURES_CSV: d->fcsv = arg; return 1;
	case CLI_DATA_LABELS: d->labels = arg; return 1;
	case CLI_DATA_FEATURES:
		if (!strcmp(arg, "74"))
			d->dopt.features = SER_FEATSET_74;
		else if (!strcmp(arg, "all"))
			d->dopt.features = SER_FEATSET_ALL;
		else
			return cli_usage_error(cmd, "--features: '%s' is not 74 "
					       "or all", arg), -1;
		return 1;
	case CLI_DATA_TARGETS: return parse_targets(d, cmd, arg);
	default: return 0;
	}
}

int cli_data_check(const cli_data *d, const char *cmd, int labels_alone)
{
	if (d->dataset && (d->fcsv || d->labels))
		return cli_usage_error(cmd, "--dataset excludes --features-csv "
				       "and --labels"), -1;
	if (!d->dataset && !d->labels)
		return cli_usage_error(cmd, "give --dataset DIR, or --features-csv "
				       "F and --labels L"), -1;
	if (d->fcsv && !d->labels)
		return cli_usage_error(cmd, "--features-csv F needs --labels L"), -1;
	if (d->labels && !d->fcsv && !labels_alone)
		return cli_usage_error(cmd, "--labels L needs --features-csv F"), -1;
	if (d->dopt.raw && !d->dataset)
		return cli_usage_error(cmd, "--raw-features needs --dataset"), -1;
	if (d->dopt.rank_n && !d->dataset)
		return cli_usage_error(cmd, "--rank-n needs --dataset"), -1;
	return 0;
}

ser_dataset *cli_data_load(const cli_data *d, ser_err *err)
{
	return d->dataset ? ser_dataset_load_emo(d->dataset, &d->dopt, err)
			  : ser_dataset_load_csv(d->fcsv, d->labels, &d->dopt, err);
}

const char *cli_data_path(const cli_data *d)
{
	return d->dataset ? d->dataset : d->fcsv ? d->fcsv : d->labels;
}

void cli_data_warnings(const ser_dataset *ds, int quiet)
{
	if (quiet)
		return;
	for (int i = 0; i < ds->n_warn && i < MAX_WARN_SHOWN; i++)
		cli_error("warning: %s", ds->warn[i]);
	if (ds->n_warn > MAX_WARN_SHOWN)
		cli_error("warning: ... and %d more", ds->n_warn - MAX_WARN_SHOWN);
}

void cli_data_usage(FILE *fp)
{
	fputs("  --dataset DIR        Emo-Soundscapes root or its parent: features from\n"
	      "                       Emo-Soundscapes-Features/Normalized_Features.csv,\n"
	      "                       ratings from Emo-Soundscapes-Ratings/, or from\n"
	      "                       Emo-Soundscapes-Rankings/ when ratings are absent\n"
	      "  --raw-features       with --dataset: Features.csv instead of\n"
	      "                       Normalized_Features.csv\n"
	      "  --rank-n N           N in rating = 1 - 2 (rank - 1) / N (default: the\n"
	      "                       number of rows of the rankings file)\n"
	      "  --features-csv F     features table with a 'file' column (ser extract\n"
	      "                       output), with --labels L\n"
	      "  --labels L           labels table with header file,valence,arousal\n"
	      "  --features SET       74 (default: the thesis's columns, by name) or all\n"
	      "                       (every numeric column)\n"
	      "  --targets LIST       comma-separated, each once: arousal,valence\n"
	      "                       (default both)\n"
	      "Ratings are matched to features by file name; names missing on either\n"
	      "side are reported on stderr and left out.\n", fp);
}
