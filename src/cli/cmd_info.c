/* cmd_info.c - `ser info MODEL`: everything a .ser file holds, readable. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ser/features.h"
#include "ser/model.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser info [-h] MODEL.ser\n"
		"Describe a model file: feature space and names, normalizer ranges,\n"
		"the regressor of each target with its hyper-parameters, and where\n"
		"the model came from. Checks the file completely (CRC, sizes, values).\n\n"
		"  -h, --help   this help\n");
}

/* "TARGET    FAMILY STATE" and "          PARAMETERS" from the family's
 * describe(). */
static void print_regressor(const ser_regressor *r, const char *target)
{
	const ser_family *f = r->spec.family;
	if (!f) {
		printf("%-9s none (this model does not predict %s)\n", target,
		       target);
		return;
	}
	char state[512], params[512];
	f->describe(ser_spec_cparams(&r->spec), r->fit, state, sizeof state,
		    params, sizeof params);
	printf("%-9s %s %s\n%-9s %s\n", target, f->name, state, "", params);
}

int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt("info", argc, argv, "h", opts)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		return 2;  /* reported by cli_getopt */
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
	printf("model     %s\n", path);
	printf("format    ser model, format version %u, CRC-32 ok\n",
	       ser_model_format_version(m));
	printf("space     %s\n", m->space);
	if (m->flags & SER_MODEL_UNCALIBRATED)
		printf("          UNCALIBRATED: the regressors were trained on "
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
		printf("          (the data set's MIRtoolbox features as in "
		       "Normalized_Features.csv; not calibrated on audio, whose "
		       "features are %s)\n", SER_FEATURE_SPACE);
	else if (!strcmp(m->space, SER_FEATURE_SPACE))
		printf("          (ser extract's features: audio given to ser "
		       "predict)\n");
	printf("features  %d\n", m->d);
	for (int t = 0; t < SER_N_TARGETS; t++)
		print_regressor(&m->reg[t], ser_target_names[t]);
	printf("origin    %s\n", m->origin[0] ? m->origin : "-");
	printf("data      %s\n", m->data[0] ? m->data : "-");
	printf("seed      %llu\n", (unsigned long long)m->seed);
	printf("date      %s\n", m->date);
	printf("written by ser %s\n", m->version);
	printf("flags     %s%s%s\n", m->flags ? "" : "none",
	       m->flags & SER_MODEL_CLAMP ? "clamp (normalized inputs clipped "
					    "to [0,1]) " : "",
	       m->flags & SER_MODEL_UNCALIBRATED ? "uncalibrated" : "");
	if (m->norm_note[0])
		printf("ranges    %s\n", m->norm_note);
	printf("normalizer x' = (x - min) / (max - min), 0 where max == min%s:\n",
	       m->flags & SER_MODEL_CLAMP ? ", clipped to [0,1]" : "");
	printf("  %-4s %-28s %14s %14s\n", "#", "feature", "min", "max");
	for (int j = 0; j < m->d; j++)
		printf("  %-4d %-28s %14.7g %14.7g\n", j + 1, m->feat_names[j],
		       m->min[j], m->max[j]);
	ser_model_free(m);
	if (fflush(stdout) != 0) {
		cli_error("stdout: write error");
		return 1;
	}
	return 0;
}
