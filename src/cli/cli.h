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

/* Strict numeric option parsing; print a usage error naming the option and
 * return -1 on bad input. */
int cli_parse_int(const char *cmd, const char *opt, const char *s, long lo,
		  long hi, long *out);
int cli_parse_double(const char *cmd, const char *opt, const char *s,
		     double *out);
int cli_parse_u64(const char *cmd, const char *opt, const char *s,
		  uint64_t *out);

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
void cli_guard_outfile(const struct ser_outfile *o);
void cli_unguard_outfile(void);

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

#endif
