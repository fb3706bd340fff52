/* mlp_opts.h - the --mlp-* options, shared by `ser cv` and `ser train` so
 * the two commands take the same names, defaults, checks and help text:
 * one option table (CLI_MLP_LONGOPTS, spliced into each command's
 * getopt_long table), one parser and one help block. */
#ifndef SER_CLI_MLP_OPTS_H
#define SER_CLI_MLP_OPTS_H

#include <getopt.h>
#include <stdio.h>

#include "ser/mlp.h"

/* getopt_long values, far above each command's own (which start at 256) */
enum {
	CLI_MLP_LAYERS = 0x1000, CLI_MLP_DROPOUT, CLI_MLP_OPTIMIZER,
	CLI_MLP_LR, CLI_MLP_EPOCHS, CLI_MLP_BATCH, CLI_MLP_EPS
};

/* --mlp-hidden is ser train's old name for --mlp-layers, still accepted
 * so existing scripts keep working; the help shows only --mlp-layers. */
#define CLI_MLP_LONGOPTS \
	{ "mlp-layers", required_argument, NULL, CLI_MLP_LAYERS }, \
	{ "mlp-hidden", required_argument, NULL, CLI_MLP_LAYERS }, \
	{ "mlp-dropout", required_argument, NULL, CLI_MLP_DROPOUT }, \
	{ "mlp-optimizer", required_argument, NULL, CLI_MLP_OPTIMIZER }, \
	{ "mlp-lr", required_argument, NULL, CLI_MLP_LR }, \
	{ "mlp-epochs", required_argument, NULL, CLI_MLP_EPOCHS }, \
	{ "mlp-batch", required_argument, NULL, CLI_MLP_BATCH }, \
	{ "mlp-rmsprop-eps", required_argument, NULL, CLI_MLP_EPS }

typedef struct cli_mlp_opts {
	ser_mlp_params p;               /* p.seed is left to the command */
	int hidden[SER_MLP_MAX_LAYERS];
	int n_hidden;                   /* {50, 20}, 2 */
	int lr_set, epochs_set, batch_set;  /* given on the command line */
} cli_mlp_opts;

/* The thesis's network and Keras settings (ser_mlp_params_default). */
void cli_mlp_opts_default(cli_mlp_opts *o);

/* c and arg from getopt_long. Returns 1 when c is an MLP option and arg
 * is valid, 0 when c is not an MLP option, -1 after printing a usage
 * error for cmd (exit with status 2). */
int cli_mlp_opts_parse(cli_mlp_opts *o, const char *cmd, int c,
		       const char *arg);

/* After the last option: without --mlp-lr, the optimizer's Keras default
 * learning rate (0.01 for SGD, else 0.001). */
void cli_mlp_opts_finish(cli_mlp_opts *o);

/* The help lines of every MLP option. */
void cli_mlp_opts_usage(FILE *fp);

#endif
