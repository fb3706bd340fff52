/* cmd_plot.c - `ser plot PRED.csv`: the predictions on the valence-arousal
 * plane. Argument parsing only; reading and drawing live in plot.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ser/index.h"
#include "ser/plot.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser plot PRED.csv -o OUT.{png,svg,pdf} [OPTIONS]\n"
		"       ser plot PRED.csv --terminal dumb [-o OUT.txt]\n"
		"       ser plot --db LIB.db [-m MODEL] [--limit N] -o OUT.svg [OPTIONS]\n"
		"\n"
		"Draw predictions (a CSV with columns file,valence,arousal, as\n"
		"written by 'ser predict') on the valence-arousal plane with\n"
		"gnuplot: quadrants, Russell's circumplex words, one point per\n"
		"file coloured by quadrant and labelled with its name (SVG: also\n"
		"hover text). gnuplot is found on PATH or taken from $SER_GNUPLOT.\n"
		"Colliding base names are labelled with the shortest path that\n"
		"tells them apart; the plot says how many points are labelled.\n"
		"Above 2000 points it shows their density and labels only the\n"
		"farthest point in each of 16 directions.\n"
		"\n"
		"Options:\n"
		"  -o, --output FILE     output; the format comes from the extension\n"
		"                        (.png, .svg, .pdf); with --terminal dumb,\n"
		"                        a text file (default: stdout)\n"
		"      --terminal dumb   text plot instead of an image\n"
		"      --db LIB.db       plot a library indexed by 'ser index'\n"
		"  -m, --model FILE      with --db: the model whose predictions to\n"
		"                        plot (when the library holds several)\n"
		"      --limit N         with --db: at most N files, an even sample\n"
		"                        in path order\n"
		"      --title TEXT      plot title (default: counts the sounds)\n"
		"      --no-labels       no file-name labels (SVG keeps hover text)\n"
		"      --width N         width in pixels (dumb: characters)\n"
		"      --height N        height in pixels (dumb: characters)\n"
		"  -h, --help            this help\n");
}

/* The library's predictions as plot rows in ONE allocation (names
 * included, like ser_plot_read_csv); limit > 0: an even sample of that
 * many in path order. */
static ser_plot_row *library_rows(const char *db, const char *model,
				  long limit, int *n, ser_err *err)
{
	char want[9], id[9];
	ser_query q = { .kind = SER_QUERY_ALL };
	ser_index *ix = NULL;
	ser_hit *h = NULL;
	ser_plot_row *rows = NULL;
	long nh = 0;
	if ((model && ser_index_model_id(model, want, err)) ||
	    !(ix = ser_index_open(db, 0, err)) ||
	    ser_index_pick_model(ix, model ? want : NULL, id, err) ||
	    !(h = ser_index_search(ix, id, &q, &nh, err)))
		goto done;
	if (nh > 100000000) {
		ser_fail(err, "%s: %ld files: use --limit", db, nh);
		goto done;
	}
	long m = limit > 0 && limit < nh ? limit : nh;
	size_t names = 0;
	for (long j = 0; j < m; j++)
		names += strlen(h[j * nh / m].file) + 1;
	rows = ser_malloc((size_t)(m ? m : 1) * sizeof *rows + names, err);
	if (!rows)
		goto done;
	char *p = (char *)(rows + (m ? m : 1));
	for (long j = 0; j < m; j++) {
		const ser_hit *x = &h[j * nh / m];
		size_t l = strlen(x->file) + 1;
		memcpy(p, x->file, l);
		rows[j] = (ser_plot_row){ p, x->valence, x->arousal };
		p += l;
	}
	*n = (int)m;
done:
	ser_hits_free(h, nh);
	ser_index_close(ix);
	return rows;
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
		{ "db", required_argument, NULL, 'D' },
		{ "model", required_argument, NULL, 'm' },
		{ "limit", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ser_plot_opts o = { 0 };
	const char *db = NULL, *model = NULL;
	long limit = 0;
	long v;
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt("plot", argc, argv, "o:m:h", lo)) != -1) {
		switch (c) {
		case 'D':
			db = optarg;
			break;
		case 'm':
			model = optarg;
			break;
		case 'l':
			if (cli_parse_int("plot", "--limit", optarg, 1, 100000000,
					  &limit))
				return 2;
			break;
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
	if (db && optind != argc)
		return cli_usage_error("plot", "give --db LIB.db or PRED.csv, "
				       "not both");
	if ((model || limit) && !db)
		return cli_usage_error("plot", "-m and --limit go with --db");
	if (!db && optind != argc - 1)
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
	ser_plot_row *rows = db ? library_rows(db, model, limit, &n, &err)
				: ser_plot_read_csv(argv[optind], &n, &err);
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
