/* cmd_plot.c - `ser plot PRED.csv`: the predictions on the valence-arousal
 * plane. Argument parsing only; reading and drawing live in plot.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ser/plot.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser plot PRED.csv -o OUT.{png,svg,pdf} [OPTIONS]\n"
		"       ser plot PRED.csv --terminal dumb [-o OUT.txt]\n"
		"\n"
		"Draw predictions (a CSV with columns file,valence,arousal, as\n"
		"written by 'ser predict') on the valence-arousal plane with\n"
		"gnuplot: quadrants, Russell's circumplex words, one point per\n"
		"file coloured by quadrant and labelled with its name (SVG: also\n"
		"hover text). gnuplot is found on PATH or taken from $SER_GNUPLOT.\n"
		"\n"
		"Options:\n"
		"  -o, --output FILE     output; the format comes from the extension\n"
		"                        (.png, .svg, .pdf); with --terminal dumb,\n"
		"                        a text file (default: stdout)\n"
		"      --terminal dumb   text plot instead of an image\n"
		"      --title TEXT      plot title (default: counts the sounds)\n"
		"      --no-labels       no file-name labels (SVG keeps hover text)\n"
		"      --width N         width in pixels (dumb: characters)\n"
		"      --height N        height in pixels (dumb: characters)\n"
		"  -h, --help            this help\n");
}

int cmd_plot(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "terminal", required_argument, NULL, 't' },
		{ "title", required_argument, NULL, 'T' },
		{ "no-labels", no_argument, NULL, 'L' },
		{ "width", required_argument, NULL, 'W' },
		{ "height", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ser_plot_opts o = { 0 };
	long v;
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt("plot", argc, argv, "o:h", lo)) != -1) {
		switch (c) {
		case 'o':
			o.output = optarg;
			break;
		case 't':
			o.terminal = optarg;
			break;
		case 'T':
			o.title = optarg;
			break;
		case 'L':
			o.no_labels = 1;
			break;
		case 'W':
		case 'H':
			if (cli_parse_int("plot", c == 'W' ? "--width" : "--height",
					  optarg, 10, 10000, &v))
				return 2;
			*(c == 'W' ? &o.width : &o.height) = (int)v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("plot", optind >= argc
				       ? "missing PRED.csv"
				       : "expected one PRED.csv");
	if (o.terminal && strcmp(o.terminal, "dumb"))
		return cli_usage_error("plot", "--terminal: '%s' is not "
				       "supported (only dumb)", o.terminal);
	if (!o.terminal && !o.output)
		return cli_usage_error("plot", "give -o OUT.png/.svg/.pdf "
				       "or --terminal dumb");
	if (!o.terminal &&
	    ser_plot_format_of(o.output, NULL) == SER_PLOT_UNKNOWN)
		return cli_usage_error("plot", "-o %s: unknown format (use "
				       ".png, .svg or .pdf)", o.output);

	ser_err err;
	int n;
	ser_plot_row *rows = ser_plot_read_csv(argv[optind], &n, &err);
	if (!rows) {
		cli_error("%s", err.msg);
		return 1;
	}
	int rc = ser_plot(rows, n, &o, &err);
	free(rows);
	if (rc) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}
