/* cmd_import.c - `ser import`: TF.js layers-models -> one .ser file. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ser/tfjs.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser import [--tfjs-valence DIR] [--tfjs-arousal DIR]\n"
		"                  [--data TEXT] -o MODEL.ser\n"
		"Convert TensorFlow.js layers-models (DIR/model.json + weight shards;\n"
		"Sequential Dense/Dropout, relu hidden, linear 1-unit output, float32)\n"
		"into a ser model. At least one of the two directories is needed. The\n"
		"networks must take the 74 features in THESIS.md order, min-max\n"
		"normalized as in the data set's Normalized_Features.csv: the model's\n"
		"feature space is emo-soundscapes-normalized, its normalizer the identity.\n\n"
		"  --tfjs-valence DIR  the valence network\n"
		"  --tfjs-arousal DIR  the arousal network\n"
		"  --data TEXT         what the networks were trained on (provenance)\n"
		"  -o, --output FILE   the .ser file to write (atomically)\n"
		"  -h, --help          this help\n");
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tfjs-valence", required_argument, NULL, 'V' },
		{ "tfjs-arousal", required_argument, NULL, 'A' },
		{ "data", required_argument, NULL, 'D' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *vdir = NULL, *adir = NULL, *data = NULL, *out = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'V': vdir = optarg; break;
		case 'A': adir = optarg; break;
		case 'D': data = optarg; break;
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default: return cli_usage_error("import", "unknown option");
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
	ser_err err;
	ser_model *m = ser_tfjs_import(vdir, adir, &err);
	int rc = m && (!data || ser_model_set_str(&m->data, data, &err) == 0) &&
		 ser_model_save(m, out, &err) == 0;
	ser_model_free(m);
	if (!rc) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}
