/* cmd_search.c - `ser search`: find sounds in a library database by
 * emotion word, valence-arousal point, quadrant or similarity to a sound.
 * Argument parsing and output only; the search is in libser (index.h). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"
#include "ser/emotion.h"
#include "ser/features.h"
#include "ser/index.h"
#include "ser/table.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser search --db LIB.db QUERY [--limit N] [-m MODEL]\n"
		"                  [--format csv|json] [-o OUT]\n"
		"QUERY is one of:\n"
		"  --emotion WORD   nearest to the word's point on the circumplex\n"
		"                   (radius %.1f along its direction; neutral: the\n"
		"                   origin)\n"
		"  --va V,A         nearest to the point (valence V, arousal A)\n"
		"  --quadrant NAME  in the quadrant (pleasant-eventful,\n"
		"                   unpleasant-eventful, unpleasant-uneventful,\n"
		"                   pleasant-uneventful), nearest to its centre\n"
		"                   (+-0.5, +-0.5)\n"
		"  --like FILE      nearest in the model's normalized feature space;\n"
		"                   FILE need not be in the library (then it is\n"
		"                   extracted now); FILE itself is left out\n"
		"  --all            every file, sorted by path (for listing, diffing)\n"
		"Output: CSV file,valence,arousal,emotion,distance sorted by distance\n"
		"(--all: by file, distance empty), or a JSON array with those keys.\n\n"
		"  --db FILE        the library database made by 'ser index'\n"
		"      --limit N    at most N files (default 10; --all: every file)\n"
		"  -m, --model FILE the model whose predictions to search (needed when\n"
		"                   the library holds several)\n"
		"      --format FMT csv (default) or json\n"
		"  -o, --output FILE write here (atomically) instead of stdout; a\n"
		"                   name ending in .json implies --format json\n"
		"  -h, --help       this help\n", SER_EMOTION_POINT_RADIUS);
}

static void known_words(void)
{
	int n;
	const ser_emotion_term *t = ser_emotion_terms(&n);
	fputs("known words: neutral", stderr);
	for (int i = 0; i < n; i++)
		fprintf(stderr, ", %s", t[i].word);
	fputc('\n', stderr);
}

static int quadrant_of_name(const char *s)
{
	for (int q = 0; q < 4; q++)
		if (!strcmp(s, ser_quadrant_name((ser_quadrant)q)))
			return q;
	return -1;
}

static void print_num(FILE *fp, double x)
{
	if (!isnan(x))
		fprintf(fp, "%.6f", x);
}

static int write_json(FILE *fp, const ser_hit *h, long n, ser_err *err)
{
	cJSON *arr = cJSON_CreateArray();
	int ok = arr != NULL;
	for (long i = 0; ok && i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		ok = o && cJSON_AddItemToArray(arr, o) &&
		     cJSON_AddStringToObject(o, "file", h[i].file) &&
		     cJSON_AddNumberToObject(o, "valence",
					     round(h[i].valence * 1e6) / 1e6) &&
		     cJSON_AddNumberToObject(o, "arousal",
					     round(h[i].arousal * 1e6) / 1e6) &&
		     cJSON_AddStringToObject(o, "emotion", h[i].emotion) &&
		     (isnan(h[i].distance)
			      ? cJSON_AddNullToObject(o, "distance") != NULL
			      : cJSON_AddNumberToObject(o, "distance",
					round(h[i].distance * 1e6) / 1e6) != NULL);
	}
	char *s = ok ? cJSON_Print(arr) : NULL;
	cJSON_Delete(arr);
	if (!s)
		return ser_fail(err, "out of memory");
	fprintf(fp, "%s\n", s);
	free(s);
	return 0;
}

static void write_csv(FILE *fp, const ser_hit *h, long n)
{
	fputs("file,valence,arousal,emotion,distance\n", fp);
	for (long i = 0; i < n; i++) {
		ser_csv_field(fp, h[i].file);
		fputc(',', fp);
		print_num(fp, h[i].valence);
		fputc(',', fp);
		print_num(fp, h[i].arousal);
		fprintf(fp, ",%s,", h[i].emotion);
		print_num(fp, h[i].distance);
		fputc('\n', fp);
	}
}

typedef struct hits {
	const ser_hit *h;
	long n;
	cli_format fmt;
} hits;

static int write_hits(FILE *fp, void *ctx, ser_err *err)
{
	const hits *r = ctx;
	if (r->fmt == CLI_FMT_JSON)
		return write_json(fp, r->h, r->n, err);
	write_csv(fp, r->h, r->n);
	return ferror(fp) ? ser_fail(err, "write error") : 0;
}

/* The query sound's features: stored ones if it is in the library, else
 * extracted now. */
static int like_features(ser_index *ix, const char *model_id,
			 const char *file, double f[SER_N_FEATURES],
			 ser_err *err)
{
	ser_space space;
	if (ser_index_model_space(ix, model_id, &space, err))
		return -1;
	int rc = ser_index_features(ix, file, space, f, SER_N_FEATURES, err);
	if (rc)
		return rc < 0 ? -1 : 0;
	ser_extractor *x = ser_extractor_new(err);
	if (!x)
		return -1;
	ser_extractor_set_space(x, space);
	rc = ser_extract_file(x, file, f, err);
	ser_extractor_free(x);
	return rc;
}

int cmd_search(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "model", required_argument, NULL, 'm' },
		{ "emotion", required_argument, NULL, 'E' },
		{ "va", required_argument, NULL, 'V' },
		{ "quadrant", required_argument, NULL, 'Q' },
		{ "like", required_argument, NULL, 'L' },
		{ "all", no_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'f' },
		{ "limit", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *model = NULL, *like = NULL, *out = NULL;
	cli_format fmt = CLI_FMT_NONE;
	int nq = 0;
	long k = -1;
	ser_query q = { 0 };
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt("search", argc, argv, "m:o:h", opts)) != -1) {
		switch (c) {
		case 'D': db = optarg; break;
		case 'm': model = optarg; break;
		case 'k':
			if (cli_parse_int("search", "--limit", optarg, 1, 100000000, &k))
				return 2;
			break;
		case 'E':
			nq++;
			q.kind = SER_QUERY_VA;
			if (ser_emotion_point(optarg, &q.v, &q.a)) {
				cli_usage_error("search", "--emotion: unknown word "
						"'%s'", optarg);
				known_words();
				return 2;
			}
			break;
		case 'V': {
			nq++;
			q.kind = SER_QUERY_VA;
			char *comma = strchr(optarg, ',');
			if (!comma)
				return cli_usage_error("search", "--va: '%s' is not "
						       "V,A", optarg);
			*comma = '\0';
			if (cli_parse_double("search", "--va", optarg, &q.v) ||
			    cli_parse_double("search", "--va", comma + 1, &q.a))
				return 2;
			break;
		}
		case 'Q':
			nq++;
			q.kind = SER_QUERY_QUADRANT;
			if ((q.quadrant = quadrant_of_name(optarg)) < 0)
				return cli_usage_error("search", "--quadrant: '%s' "
					"is not pleasant-eventful, unpleasant-eventful, "
					"unpleasant-uneventful or pleasant-uneventful",
					optarg);
			break;
		case 'L': nq++; q.kind = SER_QUERY_LIKE; like = optarg; break;
		case 'A': nq++; q.kind = SER_QUERY_ALL; break;
		case 'f':
			if (cli_parse_format("search", optarg, "csv|json", &fmt))
				return 2;
			break;
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	if (!db)
		return cli_usage_error("search", "no database: give --db LIB.db");
	if (nq != 1)
		return cli_usage_error("search", "give one query: --emotion, --va, "
				       "--quadrant, --like or --all");
	if (optind != argc)
		return cli_usage_error("search", "unexpected argument '%s'",
				       argv[optind]);
	q.k = k > 0 ? k : q.kind == SER_QUERY_ALL ? 0 : 10;

	ser_err err;
	char want[9], id[9];
	double feat[SER_N_FEATURES];
	ser_hit *h = NULL;
	long n = 0;
	int status = 1;
	ser_index *ix = NULL;
	if (model && ser_index_model_id(model, want, &err))
		goto fail;
	if (!(ix = ser_index_open(db, 0, &err)) ||
	    ser_index_pick_model(ix, model ? want : NULL, id, &err))
		goto fail;
	if (like) {
		if (like_features(ix, id, like, feat, &err))
			goto fail;
		q.feat = feat;
		q.exclude = like;
	}
	if (!(h = ser_index_search(ix, id, &q, &n, &err)))
		goto fail;
	hits r = { h, n, cli_output_format(fmt, out, CLI_FMT_CSV) };
	status = cli_write_result(out, write_hits, &r);
	goto done;
fail:
	cli_error("%s", err.msg);
done:
	ser_hits_free(h, n);
	ser_index_close(ix);
	return status;
}
