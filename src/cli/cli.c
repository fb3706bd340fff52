/* cli.c - error printing, strict option parsing and the TTY progress line. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ser/meta.h"
#include "ser/audio.h"
#include "ser/outfile.h"
#include "ser/table.h"

#ifndef SER_MODELDIR
#define SER_MODELDIR "/usr/local/share/ser/models"
#endif

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("ser: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warn_short(const char *path)
{
	char msg[1024];
	if (ser_audio_short(path, msg, sizeof msg))
		cli_error("warning: %s", msg);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "ser %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'ser %s --help'.\n", cmd);
	return 2;
}

void cli_getopt_begin(void)
{
	optind = 1;
	opterr = 0;
}

/* The option getopt_long stopped at: a long one by its name (up to '='),
 * a short one by its letter (which may sit in a cluster like -qx). */
static int bad_option(const char *cmd, int c, char **argv)
{
	const char *a = argv[optind - 1];
	char name[64];
	if (a[0] == '-' && a[1] == '-')
		snprintf(name, sizeof name, "%.*s", (int)strcspn(a, "="), a);
	else
		snprintf(name, sizeof name, "-%c", optopt);
	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", name);
	return cli_usage_error(cmd, "unknown option '%s'", name);
}

int cli_getopt(const char *cmd, int argc, char **argv, const char *shorts,
	       const struct option *longs)
{
	char buf[64];
	/* a leading ':' tells a missing value (':') from an unknown option */
	snprintf(buf, sizeof buf, ":%s", shorts);
	opterr = 0;
	int c = getopt_long(argc, argv, buf, longs, NULL);
	if (c == '?' || c == ':') {
		bad_option(cmd, c, argv);
		return '?';
	}
	return c;
}

int cli_parse_options(const char *cmd, int argc, char **argv,
		      const char *shorts, const struct option *longs,
		      void (*usage)(FILE *), int positional,
		      int (*one)(void *ctx, int c, const char *arg), void *ctx)
{
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt(cmd, argc, argv, shorts, longs)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c == '?')
			return 2;  /* reported by cli_getopt */
		int rc = one(ctx, c, optarg);
		if (rc)
			return rc;
	}
	if (!positional && optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return -1;
}

long cli_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n;
}

int cli_parse_jobs(const char *cmd, const char *s, long *out)
{
	return cli_parse_int(cmd, "--jobs", s, 1, 256, out);
}

int cli_parse_format(const char *cmd, const char *s, const char *allowed,
		     cli_format *out)
{
	static const struct { const char *name; cli_format f; } fmts[] = {
		{ "csv", CLI_FMT_CSV }, { "text", CLI_FMT_TEXT },
		{ "json", CLI_FMT_JSON } };
	size_t n = strlen(s);
	const char *p = allowed;
	/* s must be one of allowed's '|'-separated names */
	while (n && (p = strstr(p, s))) {
		if ((p == allowed || p[-1] == '|') && (p[n] == '|' || !p[n]))
			for (size_t i = 0; i < 3; i++)
				if (!strcmp(s, fmts[i].name)) {
					*out = fmts[i].f;
					return 0;
				}
		p += n;
	}
	cli_usage_error(cmd, "--format: '%s' is not one of %s", s, allowed);
	return -1;
}

cli_format cli_output_format(cli_format given, const char *path,
			     cli_format dflt)
{
	if (given != CLI_FMT_NONE)
		return given;
	size_t n = path ? strlen(path) : 0;
	if (n > 5 && !strcmp(path + n - 5, ".json"))
		return CLI_FMT_JSON;
	return dflt;
}

int cli_parse_int(const char *cmd, const char *opt, const char *s, long lo,
		  long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < lo || v > hi) {
		cli_usage_error(cmd, "%s: '%s' is not an integer in [%ld, %ld]",
				opt, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_double(const char *cmd, const char *opt, const char *s,
		     double *out)
{
	if (ser_parse_double(s, out) != 0) {
		cli_usage_error(cmd, "%s: '%s' is not a finite number", opt, s);
		return -1;
	}
	return 0;
}

int cli_parse_space(const char *cmd, const char *s, ser_space *out)
{
	if (ser_space_parse(s, out) == 0)
		return 0;
	cli_usage_error(cmd, "--space: '%s' is not meyda or robust", s);
	return -1;
}

int cli_parse_u64(const char *cmd, const char *opt, const char *s,
		  uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	/* strtoull skips blanks and takes "-1" as 2^64 - 1: only digits */
	if (end == s || *end || errno || s[0] < '0' || s[0] > '9') {
		cli_usage_error(cmd, "%s: '%s' is not a non-negative integer",
				opt, s);
		return -1;
	}
	*out = (uint64_t)v;
	return 0;
}

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_begin(cli_progress_t *p, int quiet)
{
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->t0 = cli_now();
}

void cli_progress(cli_progress_t *p, double done, double total,
		  const char *fmt, ...)
{
	if (!p->enabled)
		return;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	double el = cli_now() - p->t0;
	double frac = total > 0 ? done / total : 0;
	char eta[32] = "";
	if (frac > 0 && frac < 1) {
		double left = el * (1 - frac) / frac;
		snprintf(eta, sizeof eta, " ETA %dm%02ds", (int)(left / 60),
			 (int)left % 60);
	}
	fprintf(stderr, "\r\033[K%s %3.0f%%%s", msg, 100 * frac, eta);
	fflush(stderr);
}

void cli_progress_end(cli_progress_t *p)
{
	if (p->enabled) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

/* The temp file a signal must not leave behind: ser_outfile renames it
 * into place only on commit, so an interrupted `ser extract -o OUT` (the
 * file is open for the whole extraction) would leave OUT.tmp.XXXXXX. */
static const char *volatile guarded_tmp;

static void on_fatal_signal(int sig)
{
	const char *p = guarded_tmp;
	if (p)
		unlink(p);  /* async-signal-safe */
	/* SA_RESETHAND restored the default action: the signal, pending
	 * until we return, ends the process with its usual status */
	raise(sig);
}

void cli_guard_outfile(const ser_outfile *o)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	if (!o || !o->tmp)
		return;  /* stdout or a device: no temp file to clean up */
	guarded_tmp = o->tmp;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old, sa;
		if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fatal_signal;
		sa.sa_flags = SA_RESETHAND;
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
}

void cli_unguard_outfile(void)
{
	guarded_tmp = NULL;
}

char *cli_command_line(int argc, char **argv)
{
	char **av = malloc((size_t)(argc + 1) * sizeof *av);
	if (!av)
		return NULL;
	av[0] = "ser";
	memcpy(av + 1, argv, (size_t)argc * sizeof *av);
	ser_err err;
	char *s = ser_command_line(argc + 1, av, &err);
	free(av);
	return s;
}

int cli_write_result(const char *path,
		     int (*write)(FILE *fp, void *ctx, ser_err *err), void *ctx)
{
	ser_err err;
	if (path && !strcmp(path, "-"))
		path = NULL;
	ser_outfile *o = ser_outfile_open(path, 0, &err);
	if (!o) {
		cli_error("%s", err.msg);
		return 1;
	}
	if (write(o->fp, ctx, &err) < 0) {
		ser_outfile_abort(o);
		cli_error("%s", err.msg);
		return 1;
	}
	if (ser_outfile_commit(o, &err) < 0) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

/* $SER_MODEL, then ../models/default.ser beside the build directory that
 * holds this binary (running from a source tree), then
 * ../share/ser/models/default.ser beside its bin/ (an installed tree),
 * then SER_MODELDIR. */
int cli_find_model(char *buf, size_t size)
{
	const char *env = getenv("SER_MODEL");
	if (env && *env) {
		snprintf(buf, size, "%s", env);
		return 0;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, size, "%s/../models/default.ser", exe);
			if (access(buf, R_OK) == 0)
				return 0;
			/* an installed tree moved or installed with another
			 * PREFIX than the one compiled in */
			snprintf(buf, size, "%s/../share/ser/models/default.ser", exe);
			if (access(buf, R_OK) == 0)
				return 0;
		}
	}
	snprintf(buf, size, "%s/default.ser", SER_MODELDIR);
	if (access(buf, R_OK) == 0)
		return 0;
	return -1;
}

void cli_no_model(void)
{
	cli_error("no model: pass -m MODEL.ser or set SER_MODEL "
		  "(no models/default.ser beside this binary, "
		  "none in %s)", SER_MODELDIR);
}
