/* svr_opts.h - the --svr-* options, shared by `ser cv` and `ser train` so
 * the two commands take the same names, checks and help text (as
 * mlp_opts.h does for the MLP): one option table (CLI_SVR_LONGOPTS,
 * spliced into each command's getopt_long table), one parser and one help
 * block. */
#ifndef SER_CLI_SVR_OPTS_H
#define SER_CLI_SVR_OPTS_H

#include <getopt.h>
#include <stdio.h>

#include "ser/svr.h"

/* getopt_long values, far above each command's own (which start at 256)
 * and apart from mlp_opts.h's */
enum {
	CLI_SVR_C = 0x1100, CLI_SVR_EPSILON, CLI_SVR_GAMMA, CLI_SVR_TOL,
	CLI_SVR_NO_SHRINKING, CLI_SVR_CACHE_MB
};

#define CLI_SVR_LONGOPTS \
	{ "svr-C", required_argument, NULL, CLI_SVR_C }, \
	{ "svr-epsilon", required_argument, NULL, CLI_SVR_EPSILON }, \
	{ "svr-gamma", required_argument, NULL, CLI_SVR_GAMMA }, \
	{ "svr-tol", required_argument, NULL, CLI_SVR_TOL }, \
	{ "svr-no-shrinking", no_argument, NULL, CLI_SVR_NO_SHRINKING }, \
	{ "svr-cache-mb", required_argument, NULL, CLI_SVR_CACHE_MB }

/* c and arg from getopt_long, into p (start from ser_svr_params_default).
 * Returns 1 when c is an SVR option and arg is valid, 0 when c is not an
 * SVR option, -1 after printing a usage error for cmd (exit status 2). */
int cli_svr_opts_parse(ser_svr_params *p, const char *cmd, int c,
		       const char *arg);

/* The help lines of every SVR option. */
void cli_svr_opts_usage(FILE *fp);

#endif
