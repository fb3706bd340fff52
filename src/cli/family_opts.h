/* family_opts.h - every model family's hyper-parameter options (--svr-C,
 * --mlp-layers, --ridge-alpha, ...), generated from the families'
 * parameter lists (family.h) and shared by `ser cv` and `ser train`, so
 * the commands take the same names, checks and help text. The commands
 * keep one spec per family (index = place in ser_families) and the
 * options given on the command line go into the family they name. */
#ifndef SER_CLI_FAMILY_OPTS_H
#define SER_CLI_FAMILY_OPTS_H

#include <getopt.h>
#include <stdio.h>

#include "ser/family.h"

#define CLI_MAX_FAMILIES 16

/* getopt_long values of the family options: far above each command's own
 * (which start at 256) */
#define CLI_FAMILY_OPT 0x1000

/* own (terminated by a zero entry) followed by every family's options and
 * a zero entry; malloc'd (free it), NULL when out of memory. */
struct option *cli_family_longopts(const struct option *own);

/* Run a command's body with its own options plus the families'
 * (cli_family_longopts, freed after). */
int cli_family_run(int argc, char **argv, const struct option *own,
		   int (*body)(int, char **, const struct option *));

/* specs[i] = ser_families[i]'s defaults. */
void cli_family_specs_default(ser_spec *specs);

/* c and arg from getopt_long. Returns 1 when c is a family option and arg
 * is valid (stored in its family's spec), 0 when c is not a family
 * option, -1 after printing a usage error for cmd (exit status 2). */
int cli_family_opts_parse(ser_spec *specs, const char *cmd, int c,
			  const char *arg);

/* After the last option: each spec's dependent defaults (ser_spec_finish). */
void cli_family_opts_finish(ser_spec *specs);

/* Index in ser_families of name, -1 if unknown. */
int cli_family_index(const char *name);

/* A help block per family: a blank line, its title, its options. */
void cli_family_usage(FILE *fp);

#endif
