/* cmd_import.c - `ser import`: TF.js layers-models -> one .ser file. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ser/ranges.h"
#include "ser/tfjs.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser import [--tfjs-valence DIR] [--tfjs-arousal DIR]\n"
		"                  [--data TEXT] [--ranges REF.csv [--ranges-name TEXT]\n"
		"                  [--percentiles LO,HI] [--no-clamp] [--ranges-out F.csv]\n"
		"                  [--space S]]\n"
		"                  -o MODEL.ser\n"
		"Convert TensorFlow.js layers-models (DIR/model.json + weight shards;\n"
		"Sequential Dense/Dropout, relu hidden, linear 1-unit output, float32)\n"
		"into a ser model. At least one of the two directories is needed. The\n"
		"networks must take the 74 features in THESIS.md order, min-max\n"
		"normalized as in the data set's Normalized_Features.csv: the model's\n"
		"feature space is emo-soundscapes-normalized, its normalizer the identity.\n"
		"\n"
		"With --ranges the networks are applied to ser's own audio features\n"
		"instead: each feature is min-max normalized with ranges frozen from a\n"
		"reference corpus (REF.csv: `ser extract` output, whose per-feature\n"
		"percentiles LO and HI become min and max; or a ranges file written by\n"
		"--ranges-out). The model's space is then REF.csv's (--space), it is marked\n"
		"UNCALIBRATED (the networks were trained on other features) and, unless\n"
		"--no-clamp, normalized inputs are clamped to [0,1].\n\n"
		"  --tfjs-valence DIR  the valence network\n"
		"  --tfjs-arousal DIR  the arousal network\n"
		"  --data TEXT         what the networks were trained on (provenance)\n"
		"  --ranges REF.csv    frozen input ranges from a reference corpus\n"
		"  --ranges-name TEXT  what the corpus is (provenance; default REF.csv)\n"
		"  --percentiles LO,HI percentiles of REF.csv taken as min and max\n"
		"                      (default 5,95; a ranges file keeps its own)\n"
		"  --no-clamp          let inputs outside the ranges extrapolate\n"
		"  --ranges-out F.csv  also write the ranges used as a ranges file\n"
		"  --space S           the space REF.csv was extracted in: robust\n"
		"                      (default, ser-robust-v1) or meyda (ser-meyda-v1)\n"
		"  -o, --output FILE   the .ser file to write (atomically)\n"
		"  -h, --help          this help\n");
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tfjs-valence", required_argument, NULL, 'V' },
		{ "tfjs-arousal", required_argument, NULL, 'A' },
		{ "data", required_argument, NULL, 'D' },
		{ "ranges", required_argument, NULL, 'R' },
		{ "ranges-name", required_argument, NULL, 'N' },
		{ "percentiles", required_argument, NULL, 'P' },
		{ "no-clamp", no_argument, NULL, 'C' },
		{ "ranges-out", required_argument, NULL, 'W' },
		{ "space", required_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *vdir = NULL, *adir = NULL, *data = NULL, *out = NULL;
	const char *ranges = NULL, *rname = NULL, *rout = NULL;
	ser_ranges_info info = { SER_RANGES_LO_PCT, SER_RANGES_HI_PCT, 0 };
	int c, clamp = 1, pct = 0, space_given = 0;
	ser_space space = SER_SPACE_DEFAULT;
	char tail;
	cli_getopt_begin();
	while ((c = cli_getopt("import", argc, argv, "o:h", opts)) != -1) {
		switch (c) {
		case 'V': vdir = optarg; break;
		case 'A': adir = optarg; break;
		case 'D': data = optarg; break;
		case 'R': ranges = optarg; break;
		case 'N': rname = optarg; break;
		case 'C': clamp = 0; break;
		case 'W': rout = optarg; break;
		case 'S':
			if (cli_parse_space("import", optarg, &space))
				return 2;
			space_given = 1;
			break;
		case 'P':
			if (sscanf(optarg, "%lf,%lf%c", &info.lo_pct, &info.hi_pct,
				   &tail) != 2 || !(info.lo_pct >= 0 &&
				   info.lo_pct < info.hi_pct && info.hi_pct <= 100))
				return cli_usage_error("import", "--percentiles "
					"wants LO,HI with 0 <= LO < HI <= 100");
			pct = 1;
			break;
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	if (optind < argc)
		return cli_usage_error("import", "unexpected argument '%s'",
				       argv[optind]);
	if (!vdir && !adir)
		return cli_usage_error("import", "give --tfjs-valence and/or "
				       "--tfjs-arousal");
	if (!out)
		return cli_usage_error("import", "-o MODEL.ser is required");
	if (!ranges && (rname || rout || !clamp || pct || space_given))
		return cli_usage_error("import", "--ranges-name, --ranges-out, "
				       "--percentiles, --no-clamp and --space need "
				       "--ranges");
	ser_err err;
	ser_model *m = ser_tfjs_import(vdir, adir, &err);
	int rc = m && (!data || ser_model_set_str(&m->data, data, &err) == 0);
	if (rc && ranges) {
		/* the networks never saw these features: say so in the file */
		m->flags |= SER_MODEL_UNCALIBRATED | (clamp ? SER_MODEL_CLAMP : 0);
		rc = ser_model_set_ranges(m, ranges, rname, &info, &err) == 0;
		if (rc)
			snprintf(m->space, sizeof m->space, "%s",
				 ser_space_tag(space));
		rc = rc && (!rout || ser_ranges_write(m, &info, rout, &err) == 0);
	}
	rc = rc && ser_model_save(m, out, &err) == 0;
	ser_model_free(m);
	if (!rc) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}
