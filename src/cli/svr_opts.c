/* svr_opts.c - parsing and help of the --svr-* options (svr_opts.h). */
#include "svr_opts.h"

#include <string.h>

#include "cli.h"

/* A finite number passing `ok`, else a usage error naming the option. */
static int number(const char *cmd, const char *opt, const char *arg,
		  int (*ok)(double), const char *rule, double *out)
{
	if (cli_parse_double(cmd, opt, arg, out) < 0)
		return -1;
	if (!ok(*out)) {
		cli_usage_error(cmd, "%s: must be %s", opt, rule);
		return -1;
	}
	return 0;
}

static int positive(double v) { return v > 0; }
static int non_negative(double v) { return v >= 0; }

int cli_svr_opts_parse(ser_svr_params *p, const char *cmd, int c,
		       const char *arg)
{
	switch (c) {
	case CLI_SVR_C:
		return number(cmd, "--svr-C", arg, positive, "> 0", &p->C) ? -1 : 1;
	case CLI_SVR_EPSILON:
		return number(cmd, "--svr-epsilon", arg, non_negative, ">= 0",
			      &p->epsilon) ? -1 : 1;
	case CLI_SVR_GAMMA:
		if (!strcmp(arg, "auto")) {
			p->gamma_mode = SER_GAMMA_AUTO;
		} else if (!strcmp(arg, "scale")) {
			p->gamma_mode = SER_GAMMA_SCALE;
		} else {
			if (number(cmd, "--svr-gamma", arg, positive,
				   "auto, scale or a number > 0", &p->gamma))
				return -1;
			p->gamma_mode = SER_GAMMA_VALUE;
		}
		return 1;
	case CLI_SVR_TOL:
		return number(cmd, "--svr-tol", arg, positive, "> 0", &p->tol)
			? -1 : 1;
	case CLI_SVR_NO_SHRINKING:
		p->shrinking = 0;
		return 1;
	case CLI_SVR_CACHE_MB:
		return number(cmd, "--svr-cache-mb", arg, positive, "> 0",
			      &p->cache_mb) ? -1 : 1;
	default:
		return 0;
	}
}

void cli_svr_opts_usage(FILE *fp)
{
	fputs("  --svr-C X              penalty (default 1)\n"
	      "  --svr-epsilon X        tube width (default 0.1)\n"
	      "  --svr-gamma G          auto = 1/n_features (default), scale, or a number\n"
	      "  --svr-tol X            stopping tolerance (default 0.001)\n"
	      "  --svr-no-shrinking     no shrinking heuristic\n"
	      "  --svr-cache-mb X       kernel cache size in MB (default 200)\n",
	      fp);
}
