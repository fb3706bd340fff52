/* data_opts.h - the data-set options of `ser cv` and `ser train` (and of
 * any command that loads a labelled data set): --dataset, --raw-features,
 * --rank-n, --features-csv, --labels, --features and --targets, parsed
 * once with one set of rules and help text, like family_opts.h for the
 * hyper-parameters. */
#ifndef SER_CLI_DATA_OPTS_H
#define SER_CLI_DATA_OPTS_H

#include <getopt.h>
#include <stdio.h>

#include "ser/dataset.h"

/* getopt_long values: between the commands' own (256..) and the
 * families' (CLI_FAMILY_OPT) */
enum {
	CLI_DATA_DATASET = 0x800, CLI_DATA_RAW, CLI_DATA_RANK_N,
	CLI_DATA_FEATURES_CSV, CLI_DATA_LABELS, CLI_DATA_FEATURES,
	CLI_DATA_TARGETS
};

/* Entries for a command's struct option table. */
#define CLI_DATA_LONGOPTS \
	{ "dataset", required_argument, NULL, CLI_DATA_DATASET }, \
	{ "raw-features", no_argument, NULL, CLI_DATA_RAW }, \
	{ "rank-n", required_argument, NULL, CLI_DATA_RANK_N }, \
	{ "features-csv", required_argument, NULL, CLI_DATA_FEATURES_CSV }, \
	{ "labels", required_argument, NULL, CLI_DATA_LABELS }, \
	{ "features", required_argument, NULL, CLI_DATA_FEATURES }, \
	{ "targets", required_argument, NULL, CLI_DATA_TARGETS }

typedef struct cli_data {
	const char *dataset, *fcsv, *labels;  /* NULL when not given */
	ser_dataset_opts dopt;
	int n_targets;                        /* 2: arousal, valence */
	ser_target targets[SER_N_TARGETS];    /* as listed, distinct */
} cli_data;

void cli_data_default(cli_data *d);

/* c and arg from getopt_long. Returns 1 when c is a data option and arg is
 * valid, 0 when c is not a data option, -1 after a usage error for cmd. */
int cli_data_parse(cli_data *d, const char *cmd, int c, const char *arg);

/* After the last option: the sources fit together (--dataset DIR, or
 * --features-csv F with --labels L; labels_alone: --labels L may also come
 * without --features-csv, as with train --audio). 0, or -1 after a usage
 * error. */
int cli_data_check(const cli_data *d, const char *cmd, int labels_alone);

/* The data set the options name (--dataset or --features-csv/--labels);
 * NULL with err set. */
ser_dataset *cli_data_load(const cli_data *d, ser_err *err);

/* The data path for reports: DIR, or F. */
const char *cli_data_path(const cli_data *d);

/* Print the ser_dataset's alignment warnings on stderr (at most 20, then
 * a count) unless quiet. */
void cli_data_warnings(const ser_dataset *ds, int quiet);

/* The help lines of the options, indented like the commands'. */
void cli_data_usage(FILE *fp);

#endif
