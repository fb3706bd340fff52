/* features_cache.c - feature extraction with a (path, size, mtime) keyed CSV
 * cache; see features_cache.h. A cache that cannot be read (absent, from an
 * older layout, damaged) is simply not used: it is only an optimisation. */
#define _POSIX_C_SOURCE 200809L
#include "features_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ser/features.h"
#include "ser/outfile.h"
#include "ser/table.h"

static void key_of(const char *path, char *size, char *mtime, size_t n)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(size, n, "-1");
		snprintf(mtime, n, "-1");
		return;
	}
	snprintf(size, n, "%lld", (long long)st.st_size);
	snprintf(mtime, n, "%lld.%09ld", (long long)st.st_mtim.tv_sec,
		 (long)st.st_mtim.tv_nsec);
}

/* Fill rows of X from the cache where the key matches; hit[i] = 1. */
/* The cache's extractor key: the space's tag and the extractor version,
 * e.g. ser-robust-v1/1, so no row is reused across spaces or versions. */
static void extractor_key(ser_space space, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%d", ser_space_tag(space), SER_FEATURE_VERSION);
}

static int load_cache(const char *cache_path, char *const *paths,
		      char *const *names, int n, ser_space space, double *X,
		      int *hit)
{
	ser_err e;
	ser_table *t = ser_table_read(cache_path, 1, &e);
	if (!t)
		return 0;
	int cf = ser_table_col(t, "file"), cs = ser_table_col(t, "size"),
	    cm = ser_table_col(t, "mtime"), cv = ser_table_col(t, "extractor"),
	    col[SER_N_FEATURES], hits = 0;
	char version[64];
	extractor_key(space, version, sizeof version);
	for (int j = 0; j < SER_N_FEATURES; j++)
		if ((col[j] = ser_table_col(t, ser_feature_names[j])) < 0)
			cf = -1;
	if (cf < 0 || cs < 0 || cm < 0 || cv < 0) {
		ser_table_free(t);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		char size[64], mtime[64];
		key_of(paths[i], size, mtime, sizeof size);
		for (int r = 0; r < t->n_rows; r++) {
			if (strcmp(ser_table_get(t, r, cf), names[i]) ||
			    strcmp(ser_table_get(t, r, cs), size) ||
			    strcmp(ser_table_get(t, r, cm), mtime) ||
			    strcmp(ser_table_get(t, r, cv), version))
				continue;
			int ok = 1;
			for (int j = 0; ok && j < SER_N_FEATURES; j++)
				ok = ser_parse_double(ser_table_get(t, r, col[j]),
						      &X[(long)i * SER_N_FEATURES + j]) == 0;
			if (ok) {
				hit[i] = 1;
				hits++;
			}
			break;
		}
	}
	ser_table_free(t);
	return hits;
}

/* The cache: ser extract's layout with the key columns, exact digits. */
static int write_cache(const char *cache_path, char *const *paths,
		       char *const *names, int n, ser_space space,
		       const double *X, ser_err *err)
{
	enum { NK = 3, W = 64 };
	static const char *const key_names[NK] = { "size", "mtime", "extractor" };
	char (*cell)[W] = ser_malloc((size_t)(n ? n : 1) * NK * W, err);
	char **keys = ser_malloc((size_t)(n ? n : 1) * NK * sizeof *keys, err);
	int rc = -1;
	if (!cell || !keys)
		goto done;
	for (int i = 0; i < n; i++) {
		char *c = cell[(long)i * NK];
		key_of(paths[i], c, c + W, W);
		extractor_key(space, c + 2 * W, W);
		for (int k = 0; k < NK; k++)
			keys[(long)i * NK + k] = c + k * W;
	}
	ser_outfile *o = ser_outfile_open(cache_path, 0, err);
	if (!o)
		goto done;
	ser_feature_table t = {
		.n = n, .d = SER_N_FEATURES, .files = names, .X = X,
		.names = ser_feature_names, .n_keys = NK,
		.key_names = key_names, .keys = keys, .digits = 17,
	};
	if (ser_features_write_csv(o->fp, &t, cache_path, err) < 0)
		ser_outfile_abort(o);
	else
		rc = ser_outfile_commit(o, err);
done:
	free(cell);
	free(keys);
	return rc;
}

int ser_featcache_extract(const char *cache_path, char *const *paths,
			  char *const *names, int n, int threads,
			  ser_space space, double *Xout,
			  char **errs, int *n_cached, ser_extract_cb cb,
			  void *ctx, ser_err *err)
{
	double *X = ser_malloc((size_t)(n ? n : 1) * SER_N_FEATURES * sizeof *X, err);
	int *hit = ser_calloc((size_t)(n ? n : 1), sizeof *hit, err);
	char **todo = ser_malloc((size_t)(n ? n : 1) * sizeof *todo, err);
	int *todo_at = ser_malloc((size_t)(n ? n : 1) * sizeof *todo_at, err);
	double *Y = NULL;
	char **terrs = NULL;
	int failed = -1, m = 0;
	if (!X || !hit || !todo || !todo_at)
		goto done;
	for (int i = 0; i < n; i++)
		errs[i] = NULL;
	*n_cached = load_cache(cache_path, paths, names, n, space, X, hit);
	for (int i = 0; i < n; i++)
		if (!hit[i]) {
			todo[m] = paths[i];
			todo_at[m++] = i;
		}
	Y = ser_malloc((size_t)(m ? m : 1) * SER_N_FEATURES * sizeof *Y, err);
	terrs = ser_calloc((size_t)(m ? m : 1), sizeof *terrs, err);
	if (!Y || !terrs)
		goto done;
	failed = 0;
	if (m > 0) {
		failed = ser_extract_files(todo, m, threads, space, Y, terrs,
					   cb, ctx, err);
		if (failed < 0)
			goto done;
	}
	for (int k = 0; k < m; k++) {
		int i = todo_at[k];
		memcpy(X + (long)i * SER_N_FEATURES, Y + (long)k * SER_N_FEATURES,
		       SER_N_FEATURES * sizeof *X);
		errs[i] = terrs[k];
		terrs[k] = NULL;
	}
	/* failed files have a NaN row: the writer leaves them out */
	if (write_cache(cache_path, paths, names, n, space, X, err) < 0)
		failed = -1;
	else if (Xout)
		memcpy(Xout, X, (size_t)n * SER_N_FEATURES * sizeof *X);
done:
	ser_strv_free(terrs, m);
	free(X);
	free(hit);
	free(todo);
	free(todo_at);
	free(Y);
	return failed;
}
