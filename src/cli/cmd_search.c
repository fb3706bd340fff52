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
		"Usage: ser search --db LIB.db QUERY [-k N] [-m MODEL] [--format csv|json]\n"
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
		"  -k N             at most N files (default 10; --all: every file)\n"
		"  -m, --model FILE the model whose predictions to search (needed when\n"
		"                   the library holds several)\n"
		"      --format FMT csv (default) or json\n"
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

static void print_num(double x)
{
	if (!isnan(x))
		printf("%.6f", x);
}

static int write_json(const ser_hit *h, long n)
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
	if (!s) {
		cli_error("out of memory");
		return 1;
	}
	puts(s);
	free(s);
	return 0;
}

/* The query sound's features: stored ones if it is in the library, else
 * extracted now. */
static int like_features(ser_index *ix, const char *file,
			 double f[SER_N_FEATURES], ser_err *err)
{
	int rc = ser_index_features(ix, file, f, SER_N_FEATURES, err);
	if (rc)
		return rc < 0 ? -1 : 0;
	ser_extractor *x = ser_extractor_new(err);
	if (!x)
		return -1;
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *model = NULL, *like = NULL;
	int json = 0, nq = 0;
	long k = -1;
	ser_query q = { 0 };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "m:k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': db = optarg; break;
		case 'm': model = optarg; break;
		case 'k':
			if (cli_parse_int("search", "-k", optarg, 1, 100000000, &k))
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
			if (!strcmp(optarg, "json"))
				json = 1;
			else if (strcmp(optarg, "csv"))
				return cli_usage_error("search", "--format: '%s' is "
						       "not csv or json", optarg);
			break;
		case 'h': usage(stdout); return 0;
		default: return cli_usage_error("search", "unknown option");
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
		if (like_features(ix, like, feat, &err))
			goto fail;
		q.feat = feat;
		q.exclude = like;
	}
	if (!(h = ser_index_search(ix, id, &q, &n, &err)))
		goto fail;
	if (json) {
		status = write_json(h, n);
	} else {
		puts("file,valence,arousal,emotion,distance");
		for (long i = 0; i < n; i++) {
			ser_csv_field(stdout, h[i].file);
			putchar(',');
			print_num(h[i].valence);
			putchar(',');
			print_num(h[i].arousal);
			printf(",%s,", h[i].emotion);
			print_num(h[i].distance);
			putchar('\n');
		}
		status = 0;
	}
	if (fflush(stdout) || ferror(stdout)) {
		cli_error("stdout: write error");
		status = 1;
	}
	goto done;
fail:
	cli_error("%s", err.msg);
done:
	ser_hits_free(h, n);
	ser_index_close(ix);
	return status;
}
