/* cmd_index.c - `ser index`: keep a library database of features and
 * predictions up to date, one shard of it, or merge shards. Argument
 * parsing and reporting only; the work is in libser (index.h). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ser/index.h"
#include "ser/model.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ser index --db LIB.db [-m MODEL] [-r] [-j N] [--shard K/N]\n"
		"                 [--format text|json] [-q] PATH...\n"
		"       ser index --db OUT.db --merge A.db B.db ...\n"
		"Index a sound library: the features and the model's valence,\n"
		"arousal, quadrant and emotion word of every audio file under PATH,\n"
		"stored in an SQLite database for 'ser search' and 'ser plot --db'.\n"
		"Incremental: unchanged files (same size, mtime and fingerprint) are\n"
		"not extracted again, changed ones are, and files under PATH that\n"
		"no longer exist are removed. Unreadable files are recorded with\n"
		"their error, reported and counted (exit 1). A killed run leaves a\n"
		"consistent database; run again to finish. See docs/index.md.\n\n"
		"  --db FILE            the library database (created if absent)\n"
		"  -m, --model FILE     model (.ser), as for ser predict; a second\n"
		"                       model is indexed beside the first\n"
		"  -r, --recursive      descend into subdirectories of PATH\n"
		"  -j, --jobs N         extraction threads (default: CPUs online)\n"
		"      --shard K/N      index only the files whose path hashes to\n"
		"                       shard K of N (1 <= K <= N); see\n"
		"                       docs/scale-out.md\n"
		"      --merge DB...    copy shard databases into --db (same model)\n"
		"      --format FMT     text (default): one summary line; json:\n"
		"                       {\"new\":N,\"changed\":N,\"unchanged\":N,\n"
		"                       \"removed\":N,\"errors\":N}\n"
		"  -q, --quiet          no progress line\n"
		"  -h, --help           this help\n");
}

static void on_error(void *ctx, const char *msg)
{
	(void)ctx;
	cli_error("%s", msg);
}

static void on_progress(void *ctx, long done, long total)
{
	cli_progress(ctx, (double)done, (double)total, "index: %ld/%ld files",
		     done, total);
}

static int parse_shard(const char *s, int *k, int *n)
{
	char *end;
	long a = strtol(s, &end, 10);
	if (end == s || *end != '/')
		return -1;
	const char *t = end + 1;
	long b = strtol(t, &end, 10);
	if (end == t || *end || b < 1 || b > 1000000 || a < 1 || a > b)
		return -1;
	*k = (int)a;
	*n = (int)b;
	return 0;
}

static int merge(const char *db, char **srcs, int n)
{
	ser_err err;
	ser_index *ix = ser_index_open(db, 1, &err);
	if (!ix) {
		cli_error("%s", err.msg);
		return 1;
	}
	int status = 0;
	for (int i = 0; i < n && !status; i++)
		if (ser_index_merge(ix, srcs[i], &err)) {
			cli_error("%s", err.msg);
			status = 1;
		}
	ser_index_close(ix);
	return status;
}

int cmd_index(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "model", required_argument, NULL, 'm' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 'S' },
		{ "merge", no_argument, NULL, 'M' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *model = NULL;
	int quiet = 0, do_merge = 0;
	long jobs = cli_default_jobs();
	cli_format fmt = CLI_FMT_TEXT;
	ser_index_opts o = { 0 };
	int c;
	cli_getopt_begin();
	while ((c = cli_getopt("index", argc, argv, "m:rj:qh", opts)) != -1) {
		switch (c) {
		case 'D': db = optarg; break;
		case 'm': model = optarg; break;
		case 'r': o.recursive = 1; break;
		case 'j':
			if (cli_parse_jobs("index", optarg, &jobs))
				return 2;
			break;
		case 'S':
			if (parse_shard(optarg, &o.shard_k, &o.shard_n))
				return cli_usage_error("index", "--shard: '%s' is not "
						       "K/N with 1 <= K <= N", optarg);
			break;
		case 'M': do_merge = 1; break;
		case 'f':
			if (cli_parse_format("index", optarg, "text|json", &fmt))
				return 2;
			break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: return 2;  /* reported by cli_getopt */
		}
	}
	if (!db)
		return cli_usage_error("index", "no database: give --db LIB.db");
	int npaths = argc - optind;
	if (!npaths)
		return cli_usage_error("index", do_merge ? "--merge: no shard "
				       "databases given" : "no PATH to index");
	if (do_merge)
		return merge(db, argv + optind, npaths);
	o.jobs = jobs < 1 ? 1 : (int)jobs;

	char found[PATH_MAX + 32];
	if (!model) {
		if (cli_find_model(found, sizeof found)) {
			cli_no_model();
			return 1;
		}
		model = found;
	}
	ser_err err;
	ser_index *ix = NULL;
	ser_model *m = ser_model_load(model, &err);
	if (!m || !(ix = ser_index_open(db, 1, &err))) {
		cli_error("%s", err.msg);
		ser_model_free(m);
		return 1;
	}
	cli_progress_t prog;
	cli_progress_begin(&prog, quiet);
	o.on_error = on_error;
	o.on_progress = on_progress;
	o.ctx = &prog;
	ser_index_counts n;
	int rc = ser_index_update(ix, m, model, argv + optind, npaths, &o, &n,
				  &err);
	cli_progress_end(&prog);
	ser_index_close(ix);
	ser_model_free(m);
	if (rc) {
		cli_error("%s", err.msg);
		return 1;
	}
	if (fmt == CLI_FMT_JSON)
		printf("{\"new\":%ld,\"changed\":%ld,\"unchanged\":%ld,"
		       "\"removed\":%ld,\"errors\":%ld}\n", n.n_new, n.changed,
		       n.unchanged, n.removed, n.errors);
	else
		printf("%s: %ld new, %ld changed, %ld unchanged, %ld removed, "
		       "%ld errors\n", db, n.n_new, n.changed, n.unchanged,
		       n.removed, n.errors);
	if (n.errors)
		cli_error("%ld file%s could not be indexed (reported above)",
			  n.errors, n.errors == 1 ? "" : "s");
	return n.errors ? 1 : 0;
}
