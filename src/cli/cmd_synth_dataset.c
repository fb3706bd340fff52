/* cmd_synth_dataset.c - `ser synth-dataset`: argument parsing only; the
 * generator is ser_synth_dataset (dataset_synth.h). */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "ser/synth.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser synth-dataset [--rows N] [--seed S] -o DIR\n"
		"\n"
		"Write a synthetic data set in the exact Emo-Soundscapes on-disk\n"
		"format into DIR (an Emo-Soundscapes root: Features.csv,\n"
		"Normalized_Features.csv, headerless Rankings and Ratings, CR line\n"
		"endings, 122 feature columns). Targets are noisy smooth functions of\n"
		"the features, so an RBF SVR scores roughly like the thesis did on\n"
		"the real data. Same seed, same bytes.\n"
		"\n"
		"Options:\n"
		"  -o, --output DIR   directory to create or fill (required)\n"
		"  -n, --rows N       number of clips (default 1213, as the real set)\n"
		"  -s, --seed S       random seed (default 0)\n"
		"  -h, --help         show this help\n");
}

int cmd_synth_dataset(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, 0, 'o' },
		{ "rows", required_argument, 0, 'n' },
		{ "seed", required_argument, 0, 's' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 } };
	const char *cmd = "synth-dataset", *out = NULL;
	long rows = 1213;
	uint64_t seed = 0;
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt(cmd, argc, argv, "o:n:s:h", opts)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'n':
			if (cli_parse_int(cmd, "--rows", optarg, 2, 1000000, &rows) < 0)
				return 2;
			break;
		case 's':
			if (cli_parse_u64(cmd, "--seed", optarg, &seed) < 0)
				return 2;
			break;
		case 'h': usage(stdout); return 0;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!out)
		return cli_usage_error(cmd, "-o DIR is required");
	ser_err err;
	if (ser_synth_dataset(out, (int)rows, seed, &err) < 0) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}
