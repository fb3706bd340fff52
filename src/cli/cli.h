/* cli.h - helpers shared by the `ser` subcommands. The CLI only parses
 * arguments and calls libser; anything reusable belongs in the library. */
#ifndef SER_CLI_H
#define SER_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "ser/features.h"

/* Each subcommand: int cmd_NAME(int argc, char **argv), argv[0] = NAME.
 * Returns the process exit status (0 ok, 1 failure, 2 usage error). */
int cmd_extract(int argc, char **argv);
int cmd_cv(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_synth_dataset(int argc, char **argv);
int cmd_tune(int argc, char **argv);

/* "ser: " + message + newline on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "ser: warning: FILE: only 0.1 s of audio ..." for a file too short for
 * its features to mean much (audio.h); nothing unless it is. */
void cli_warn_short(const char *path);
/* Usage error: message, then "Try 'ser CMD --help'."; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* getopt_long with one rule for every command: getopt prints nothing
 * (opterr = 0); an unknown option or a missing value is reported by
 * cli_bad_option. Returns the option, -1 after the last one, or '?' after
 * printing the usage error (the caller returns 2). shorts is the
 * command's short options without a leading ':'. Call with optind = 1
 * before the first option (cli_getopt_begin). */
struct option;
void cli_getopt_begin(void);
int cli_getopt(const char *cmd, int argc, char **argv, const char *shorts,
	       const struct option *longs);

/* A command's option loop: each option goes to one(ctx, c, optarg),
 * which returns 0 or an exit status; -h prints usage(stdout) (status 0).
 * Without positional, an argument left over is a usage error. Returns -1
 * when the command goes on, else the exit status. */
int cli_parse_options(const char *cmd, int argc, char **argv,
		      const char *shorts, const struct option *longs,
		      void (*usage)(FILE *), int positional,
		      int (*one)(void *ctx, int c, const char *arg), void *ctx);

/* Strict numeric option parsing; print a usage error naming the option and
 * return -1 on bad input. */
int cli_parse_int(const char *cmd, const char *opt, const char *s, long lo,
		  long hi, long *out);
int cli_parse_double(const char *cmd, const char *opt, const char *s,
		     double *out);
int cli_parse_u64(const char *cmd, const char *opt, const char *s,
		  uint64_t *out);

/* -j N: threads; the default (0 given) is the number of CPUs online. */
int cli_parse_jobs(const char *cmd, const char *s, long *out);
long cli_default_jobs(void);

/* --format: results as CSV (tables), text (reports) or JSON. */
typedef enum cli_format {
	CLI_FMT_NONE = 0, CLI_FMT_CSV, CLI_FMT_TEXT, CLI_FMT_JSON
} cli_format;
/* s among "csv|json" or "text|json" (allowed); usage error, -1 if not. */
int cli_parse_format(const char *cmd, const char *s, const char *allowed,
		     cli_format *out);
/* The format to write: the one given, else JSON when the output path
 * ends in ".json", else dflt. */
cli_format cli_output_format(cli_format given, const char *path,
			     cli_format dflt);

/* --space meyda|robust (or a space's tag); usage error and -1 otherwise. */
int cli_parse_space(const char *cmd, const char *s, ser_space *out);

/* Progress line on stderr, only when stderr is a TTY and not quiet.
 * cli_progress(p, done, total, "fmt", ...) redraws one line with a percent
 * and ETA; cli_progress_end clears it. */
typedef struct cli_progress_t {
	int enabled;
	double t0;
} cli_progress_t;
void cli_progress_begin(cli_progress_t *p, int quiet);
void cli_progress(cli_progress_t *p, double done, double total,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void cli_progress_end(cli_progress_t *p);

/* While a long run writes o (an open ser_outfile), SIGINT, SIGTERM and
 * SIGHUP remove its temp file before ending the process as the signal
 * would; cli_unguard_outfile() before committing or aborting o. A signal
 * the shell ignores (a background job's SIGINT) stays ignored. */
struct ser_outfile;
struct ser_err;
void cli_guard_outfile(const struct ser_outfile *o);
void cli_unguard_outfile(void);

/* "ser CMD ARGS..." (argv[0] = CMD), shell-quoted (ser_command_line) for
 * a result's meta; malloc'd, NULL when out of memory. */
char *cli_command_line(int argc, char **argv);

/* Write a result to path atomically ("-" or NULL: stdout) with
 * write(fp, ctx, err); 0, or 1 after printing the error. */
int cli_write_result(const char *path,
		     int (*write)(FILE *fp, void *ctx, struct ser_err *err),
		     void *ctx);

/* The default model: $SER_MODEL, then ../models/default.ser beside the
 * binary's directory (a source tree), then ../share/ser/models/default.ser
 * beside its bin/ (an installed tree), then SER_MODELDIR. 0 found (path in
 * buf), -1 none; cli_no_model() says so on stderr. */
int cli_find_model(char *buf, size_t size);
void cli_no_model(void);
int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);

/* Monotonic seconds. */
double cli_now(void);

/* Before running `jobs` threads of ser's own: BLAS inside each stays on
 * one core (main.c has already done so unless OPENBLAS_NUM_THREADS is
 * set; see one_blas_thread). */
void cli_blas_for_jobs(long jobs);

#endif
