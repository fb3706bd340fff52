/* cmd_info.c - `ser info MODEL`: everything a .ser file holds, readable. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include <stdlib.h>

#include "ser/features.h"
#include "ser/meta.h"
#include "ser/model.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser info [--format text|json] [-o OUT] MODEL.ser\n"
		"Describe a model file: feature space and names, normalizer ranges,\n"
		"the regressor of each target with its hyper-parameters, and where\n"
		"the model came from. Checks the file completely (CRC, sizes, values).\n\n"
		"      --format FMT   text (default) or json: {\"meta\":{ser version,\n"
		"                     command line, \"data\":{\"path\":MODEL}},\"model\":\n"
		"                     {space, features, models (each target's\n"
		"                     hyper-parameters and state), origin, data,\n"
		"                     seed, date, normalizer, ...}}\n"
		"  -o, --output FILE  write to FILE (atomically) instead of stdout; a\n"
		"                     name ending in .json implies --format json\n"
		"  -h, --help         this help\n");
}

/* "TARGET    FAMILY STATE" and "          PARAMETERS" from the family's
 * describe(). */
static void print_regressor(FILE *fp, const ser_regressor *r,
			   const char *target)
{
	const ser_family *f = r->spec.family;
	if (!f) {
		fprintf(fp, "%-9s none (this model does not predict %s)\n", target,
		       target);
		return;
	}
	char state[512], params[512];
	f->describe(ser_spec_cparams(&r->spec), r->fit, state, sizeof state,
		    params, sizeof params);
	fprintf(fp, "%-9s %s %s\n%-9s %s\n", target, f->name, state, "", params);
}

/* The text report of model m read from path. */
static void print_text(FILE *fp, const ser_model *m, const char *path)
{
	fprintf(fp, "model     %s\n", path);
	fprintf(fp, "format    ser model, format version %u, CRC-32 ok\n",
	       ser_model_format_version(m));
	fprintf(fp, "space     %s\n", m->space);
	if (m->flags & SER_MODEL_UNCALIBRATED)
		fprintf(fp, "          UNCALIBRATED: the regressors were trained on "
		       "other features (the thesis's\n"
		       "          MIRtoolbox ones); the normalizer only maps %s "
		       "features onto [0,1]\n"
		       "          with ranges from a reference corpus. Predictions "
		       "on audio are a rough\n"
		       "          guide, not calibrated valence/arousal (THESIS.md "
		       "defect 8). For a\n"
		       "          calibrated model: ser train --dataset DIR --audio "
		       "(or --labels L --audio)\n", m->space);
	else if (!strcmp(m->space, SER_SPACE_EMO))
		fprintf(fp, "          (the data set's MIRtoolbox features as in "
		       "Normalized_Features.csv; not calibrated on audio, whose "
		       "features are %s or %s)\n", SER_FEATURE_SPACE_ROBUST,
		       SER_FEATURE_SPACE_MEYDA);
	else if (!strcmp(m->space, SER_FEATURE_SPACE_ROBUST) ||
		 !strcmp(m->space, SER_FEATURE_SPACE_MEYDA))
		fprintf(fp, "          (ser extract --space %s features: audio given "
		       "to ser predict is\n          extracted in this space)\n",
		       strcmp(m->space, SER_FEATURE_SPACE_MEYDA) ? "robust"
								  : "meyda");
	fprintf(fp, "features  %d\n", m->d);
	for (int t = 0; t < SER_N_TARGETS; t++)
		print_regressor(fp, &m->reg[t], ser_target_names[t]);
	fprintf(fp, "origin    %s\n", m->origin[0] ? m->origin : "-");
	fprintf(fp, "data      %s\n", m->data[0] ? m->data : "-");
	fprintf(fp, "seed      %llu\n", (unsigned long long)m->seed);
	fprintf(fp, "date      %s\n", m->date);
	fprintf(fp, "written by ser %s\n", m->version);
	fprintf(fp, "flags     %s%s%s\n", m->flags ? "" : "none",
	       m->flags & SER_MODEL_CLAMP ? "clamp (normalized inputs clipped "
					    "to [0,1]) " : "",
	       m->flags & SER_MODEL_UNCALIBRATED ? "uncalibrated" : "");
	if (m->norm_note[0])
		fprintf(fp, "ranges    %s\n", m->norm_note);
	fprintf(fp, "normalizer x' = (x - min) / (max - min), 0 where max == min%s:\n",
	       m->flags & SER_MODEL_CLAMP ? ", clipped to [0,1]" : "");
	fprintf(fp, "  %-4s %-28s %14s %14s\n", "#", "feature", "min", "max");
	for (int j = 0; j < m->d; j++)
		fprintf(fp, "  %-4d %-28s %14.7g %14.7g\n", j + 1, m->feat_names[j],
		       m->min[j], m->max[j]);
}

typedef struct info_ctx {
	const ser_model *m;
	const char *path;
	cli_format fmt;
	int argc;
	char **argv;
} info_ctx;

static int write_info(FILE *fp, void *ctx, ser_err *err)
{
	const info_ctx *c = ctx;
	if (c->fmt != CLI_FMT_JSON) {
		print_text(fp, c->m, c->path);
		return ferror(fp) ? ser_fail(err, "write error") : 0;
	}
	char *cmdline = cli_command_line(c->argc, c->argv);
	char *meta = cmdline ? ser_meta_json(cmdline, c->path, NULL, err) : NULL;
	char *model = meta ? ser_model_json(c->m, err) : NULL;
	free(cmdline);
	if (model)
		fprintf(fp, "{\"meta\":%s,\"model\":%s}\n", meta, model);
	free(meta);
	free(model);
	if (!model)
		return ser_fail(err, "out of memory");
	return ferror(fp) ? ser_fail(err, "write error") : 0;
}

int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	cli_format fmt = CLI_FMT_NONE;
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt("info", argc, argv, "o:h", opts)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return 0;
		case 'o': out = optarg; break;
		case 'f':
			if (cli_parse_format("info", optarg, "text|json", &fmt))
				return 2;
			break;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("info", "expected one MODEL.ser file");
	const char *path = argv[optind];
	ser_err err;
	ser_model *m = ser_model_load(path, &err);
	if (!m) {
		cli_error("%s", err.msg);
		return 1;
	}
	info_ctx ctx = { m, path, cli_output_format(fmt, out, CLI_FMT_TEXT),
			 argc, argv };
	int rc = cli_write_result(out, write_info, &ctx);
	ser_model_free(m);
	return rc;
}
