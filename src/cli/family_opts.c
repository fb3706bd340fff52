/* family_opts.c - the options of every model family (family_opts.h). */
#include "family_opts.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* getopt_long value: family i, parameter j (the family's limit of 32
 * parameters is its `given` mask's) */
#define OPT_OF(i, j) (CLI_FAMILY_OPT + 32 * (i) + (j))

/* A BOOL parameter that defaults on is given as --F-no-P. */
static int negated(const ser_param *p)
{
	return p->type == SER_PARAM_BOOL && !strcmp(p->def, "on");
}

static void opt_name(const ser_family *f, const ser_param *p,
		     const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s-%s%s", f->name, negated(p) ? "no-" : "", name);
}

struct option *cli_family_longopts(const struct option *own)
{
	int n_own = 0, n = 0;
	while (own[n_own].name)
		n_own++;
	for (int i = 0; i < ser_n_families; i++)
		for (int j = 0; j < ser_families[i]->n_params; j++)
			n += ser_families[i]->params[j].alias ? 2 : 1;
	/* one block: the table, then the generated names it points to */
	size_t table = (size_t)(n_own + n + 1) * sizeof(struct option);
	struct option *o = calloc(1, table + (size_t)n * 64);
	if (!o)
		return NULL;
	char *names = (char *)o + table;
	memcpy(o, own, (size_t)n_own * sizeof *o);
	int k = n_own;
	for (int i = 0; i < ser_n_families; i++) {
		const ser_family *f = ser_families[i];
		for (int j = 0; j < f->n_params; j++) {
			const ser_param *p = &f->params[j];
			for (int a = 0; a < (p->alias ? 2 : 1); a++) {
				char *nm = names + 64 * (k - n_own);
				opt_name(f, p, a ? p->alias : p->name, nm, 64);
				o[k].name = nm;
				o[k].has_arg = negated(p) ? no_argument
							  : required_argument;
				o[k].val = OPT_OF(i, j);
				k++;
			}
		}
	}
	return o;
}

int cli_family_run(int argc, char **argv, const struct option *own,
		   int (*body)(int, char **, const struct option *))
{
	struct option *opts = cli_family_longopts(own);
	if (!opts) {
		cli_error("out of memory");
		return 1;
	}
	int rc = body(argc, argv, opts);
	free(opts);
	return rc;
}

void cli_family_specs_default(ser_spec *specs)
{
	for (int i = 0; i < ser_n_families; i++)
		ser_spec_default(&specs[i], ser_families[i]);
}

int cli_family_opts_parse(ser_spec *specs, cli_family_lists *lists,
			  const char *cmd, int c, const char *arg)
{
	int i = (c - CLI_FAMILY_OPT) / 32, j = (c - CLI_FAMILY_OPT) % 32;
	if (c < CLI_FAMILY_OPT || i >= ser_n_families ||
	    j >= ser_families[i]->n_params)
		return 0;
	const ser_param *p = &ser_families[i]->params[j];
	ser_err err;
	if (!negated(p) && ser_grid_is_list(ser_families[i], j, arg)) {
		if (!lists) {
			cli_usage_error(cmd, "--%s-%s: '%s' is a list of values; grids "
					"are for ser tune, ser cv --tune and ser train "
					"--tune", ser_families[i]->name, p->name, arg);
			return -1;
		}
		lists->v[i][j] = arg;
		return 1;
	}
	if (lists)
		lists->v[i][j] = NULL;  /* the last value given wins */
	if (ser_spec_set(&specs[i], j, negated(p) ? "off" : arg, &err)) {
		cli_usage_error(cmd, "%s", err.msg);
		return -1;
	}
	return 1;
}

int cli_family_grids(const ser_spec *specs, const cli_family_lists *lists,
		     const char *cmd, int tune, ser_grid **grids)
{
	for (int i = 0; i < ser_n_families; i++)
		grids[i] = NULL;
	for (int i = 0; i < ser_n_families; i++) {
		const ser_family *f = ser_families[i];
		ser_err err;
		if (!(grids[i] = ser_grid_new(&specs[i], &err)))
			goto fail;
		for (int j = 0; j < f->n_params; j++) {
			const char *l = lists->v[i][j];
			if (!l)
				continue;
			if (!tune) {
				cli_usage_error(cmd, "--%s-%s: '%s' is a list of values; "
						"grids are for ser tune, ser cv --tune and "
						"ser train --tune", f->name, f->params[j].name, l);
				goto fail2;
			}
			if (ser_grid_add(grids[i], j, l, &err) < 0)
				goto fail;
		}
		continue;
fail:
		cli_usage_error(cmd, "%s", err.msg);
fail2:
		for (int q = 0; q <= i; q++) {
			ser_grid_free(grids[q]);
			grids[q] = NULL;
		}
		return -1;
	}
	return 0;
}

void cli_family_opts_finish(ser_spec *specs)
{
	for (int i = 0; i < ser_n_families; i++)
		ser_spec_finish(&specs[i]);
}

int cli_family_index(const char *name)
{
	for (int i = 0; i < ser_n_families; i++)
		if (!strcmp(ser_families[i]->name, name))
			return i;
	return -1;
}

void cli_family_usage(FILE *fp)
{
	for (int i = 0; i < ser_n_families; i++) {
		const ser_family *f = ser_families[i];
		fprintf(fp, "\n%s:\n", f->title);
		for (int j = 0; j < f->n_params; j++) {
			const ser_param *p = &f->params[j];
			char flag[96], nm[64];
			opt_name(f, p, p->name, nm, sizeof nm);
			snprintf(flag, sizeof flag, "--%s%s%s", nm,
				 negated(p) ? "" : " ", negated(p) ? "" : p->metavar);
			if (strlen(flag) > 22)
				fprintf(fp, "  %s\n%25s", flag, "");
			else
				fprintf(fp, "  %-22s ", flag);
			for (const char *h = p->help; *h; h++) {
				fputc(*h, fp);
				if (*h == '\n')
					fprintf(fp, "%25s", "");
			}
			fputc('\n', fp);
		}
	}
}
