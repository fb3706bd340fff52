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
#include "ser/grid.h"

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

/* Option values that are lists (grid.h's syntax): lists[i][j] for family
 * i's parameter j, NULL where a single value was given. */
typedef struct cli_family_lists {
	const char *v[CLI_MAX_FAMILIES][32];
} cli_family_lists;

/* c and arg from getopt_long. Returns 1 when c is a family option and arg
 * is valid (stored in its family's spec, or kept in lists when it is a
 * list of values: lists NULL refuses lists), 0 when c is not a family
 * option, -1 after printing a usage error for cmd (exit status 2). */
int cli_family_opts_parse(ser_spec *specs, cli_family_lists *lists,
			  const char *cmd, int c, const char *arg);

/* Before cli_family_opts_finish: family i's grid (specs[i] and its lists)
 * into grids[i] for every family (free each with ser_grid_free). Without
 * tune a list is a usage error that points to the tune modes. 0, or -1
 * after printing the error (exit status 2). */
int cli_family_grids(const ser_spec *specs, const cli_family_lists *lists,
		     const char *cmd, int tune, ser_grid **grids);

/* After the last option: each spec's dependent defaults (ser_spec_finish). */
void cli_family_opts_finish(ser_spec *specs);

/* Index in ser_families of name, -1 if unknown. */
int cli_family_index(const char *name);

/* A help block per family: a blank line, its title, its options. */
void cli_family_usage(FILE *fp);

#endif
