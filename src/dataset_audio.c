/* dataset_audio.c - an Emo-Soundscapes data set's features replaced by ser's
 * own, extracted from its audio tree (see train.h). The ratings come from
 * the data set loader; only the features change, so a model trained on the
 * result lives in the space `ser predict` computes from audio. */
#define _POSIX_C_SOURCE 200809L
#include "ser/train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dataset_impl.h"
#include "ser/audio.h"
#include "ser/audiofiles.h"
#include "features_cache.h"
#include "ser/features.h"
#include "ser/table.h"

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

typedef struct byname {
	const char *name;
	const char *path;
} byname;

static int cmp_byname(const void *a, const void *b)
{
	return strcmp(((const byname *)a)->name, ((const byname *)b)->name);
}

/* Move row i of the data set to row k (k <= i), features excluded. */
static void move_row(ser_dataset *ds, int k, int i)
{
	if (k == i)
		return;
	free(ds->files[k]);
	ds->files[k] = ds->files[i];
	ds->files[i] = NULL;
	for (int t = 0; t < SER_N_TARGETS; t++)
		if (ds->y[t])
			ds->y[t][k] = ds->y[t][i];
}

/* A file too short for its features to mean much (audio.h) is trained on
 * with a warning in ds->warn. */
static int short_warning(ser_dataset *ds, const char *path, ser_err *err)
{
	char msg[1024];
	return ser_audio_short(path, msg, sizeof msg) ?
	       ser_ds_warn(ds, err, "%s", msg) : 0;
}

/* Append a left-out file's message to *warn, taking *msg over (the path
 * when strdup could not copy the message). */
static int add_warning(char ***warn, int *n_warn, char **msg,
		       const char *path, ser_err *err)
{
	char **w = realloc(*warn, (size_t)(*n_warn + 1) * sizeof *w);
	if (!w)
		return ser_fail(err, "out of memory");
	*warn = w;
	w[*n_warn] = *msg ? *msg : strdup(path);
	*msg = NULL;
	(*n_warn)++;
	return 0;
}

int ser_dataset_use_audio(ser_dataset *ds, const char *dir,
			  const char *cache, int threads, ser_space space,
			  char ***warn, int *n_warn, int *n_cached, ser_extract_cb cb,
			  void *ctx, ser_err *err)
{
	char root[4096];
	const char *cand[] = { "%s/Emo-Soundscapes-Audio",
			       "%s/Emo-Soundscapes/Emo-Soundscapes-Audio", "%s" };
	for (size_t k = 0; k < sizeof cand / sizeof cand[0]; k++) {
		snprintf(root, sizeof root, cand[k], dir);
		if (is_dir(root))
			break;
	}
	if (warn) {
		*warn = NULL;
		*n_warn = 0;
	}
	char *roots[] = { root };
	int nf = 0, rc = -1, n = ds->n;
	char **files = ser_audio_files(roots, 1, 1, &nf, err);
	if (!files)
		return -1;
	byname *ix = ser_malloc((size_t)(nf ? nf : 1) * sizeof *ix, err);
	char **paths = ser_calloc((size_t)(n ? n : 1), sizeof *paths, err);
	char **errs = ser_calloc((size_t)(n ? n : 1), sizeof *errs, err);
	double *F = ser_malloc((size_t)(n ? n : 1) * SER_N_FEATURES * sizeof *F, err);
	char **names = ser_calloc(SER_N_FEATURES, sizeof *names, err);
	if (!ix || !paths || !errs || !F || !names)
		goto done;
	for (int i = 0; i < nf; i++) {
		ix[i].name = base(files[i]);
		ix[i].path = files[i];
	}
	qsort(ix, (size_t)nf, sizeof *ix, cmp_byname);
	/* a row without audio gets a path that fails to open, so it is
	 * reported like any unreadable file */
	for (int i = 0; i < n; i++) {
		byname key = { base(ds->files[i]), NULL };
		byname *hit = nf ? bsearch(&key, ix, (size_t)nf, sizeof *ix,
					   cmp_byname) : NULL;
		char miss[4200];
		snprintf(miss, sizeof miss, "%s/.../%s", root, base(ds->files[i]));
		if (!(paths[i] = ser_strdup(hit ? hit->path : miss, err)))
			goto done;
	}
	if (ser_featcache_extract(cache, paths, ds->files, n, threads, space, F,
				  errs,
				  n_cached, cb, ctx, err) < 0)
		goto done;
	for (int j = 0; j < SER_N_FEATURES; j++)
		if (!(names[j] = ser_strdup(ser_feature_names[j], err)))
			goto done;
	/* keep the rows that have features, in order */
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (isnan(F[(long)i * SER_N_FEATURES])) {
			if (warn && add_warning(warn, n_warn, &errs[i], paths[i],
						err))
				goto done;
			continue;
		}
		if (short_warning(ds, paths[i], err))
			goto done;
		memmove(F + (long)k * SER_N_FEATURES, F + (long)i * SER_N_FEATURES,
			SER_N_FEATURES * sizeof *F);
		move_row(ds, k, i);
		k++;
	}
	for (int i = k; i < n; i++) {
		free(ds->files[i]);
		ds->files[i] = NULL;
	}
	for (int j = 0; j < ds->d; j++)
		free(ds->feat_names[j]);
	free(ds->feat_names);
	free(ds->X);
	ds->feat_names = names;
	names = NULL;
	ds->X = F;
	F = NULL;
	ds->n = k;
	ds->d = SER_N_FEATURES;
	snprintf(ds->space, sizeof ds->space, "%s", ser_space_tag(space));
	rc = 0;
done:
	ser_strv_free(names, SER_N_FEATURES);
	ser_strv_free(paths, n);
	ser_strv_free(errs, n);
	free(F);
	free(ix);
	ser_strv_free(files, nf);
	return rc;
}

ser_dataset *ser_dataset_load_audio(const char *labels, const char *cache,
				    const ser_dataset_opts *o, int threads,
				    ser_space space, char ***warn, int *n_warn,
				    int *n_files,
				    int *n_cached, ser_extract_cb cb,
				    void *ctx, ser_err *err)
{
	/* bad labels fail before any audio is extracted */
	if (ser_ds_labels_check(labels, err) < 0)
		return NULL;
	ser_table *t = ser_table_read(labels, 1, err);
	if (!t)
		return NULL;
	ser_dataset *ds = NULL;
	int fc = ser_table_col(t, "file"), n = t->n_rows;
	char **paths = ser_calloc((size_t)(n ? n : 1), sizeof *paths, err);
	char **names = ser_calloc((size_t)(n ? n : 1), sizeof *names, err);
	char **errs = ser_calloc((size_t)(n ? n : 1), sizeof *errs, err);
	char *failed = ser_calloc((size_t)(n ? n : 1), 1, err);
	if (!paths || !names || !errs || !failed)
		goto done;
	if (fc < 0) {
		ser_fail(err, "%s:1: no 'file' column (header must be "
			 "file,valence,arousal)", labels);
		goto done;
	}
	/* paths in L are relative to L's directory */
	const char *slash = strrchr(labels, '/');
	int dl = slash ? (int)(slash - labels) : 0;
	for (int i = 0; i < n; i++) {
		const char *f = ser_table_get(t, i, fc);
		size_t len = strlen(f) + (size_t)dl + 2;
		names[i] = (char *)f;
		if (!(paths[i] = ser_malloc(len, err)))
			goto done;
		if (f[0] == '/' || !slash)
			snprintf(paths[i], len, "%s", f);
		else
			snprintf(paths[i], len, "%.*s/%s", dl, labels, f);
	}
	int cached = 0;
	if (ser_featcache_extract(cache, paths, names, n, threads, space, NULL,
				  errs,
				  &cached, cb, ctx, err) < 0)
		goto done;
	*n_files = n;
	*n_cached = cached;
	int n_failed = 0;
	for (int i = 0; i < n; i++) {
		failed[i] = errs[i] != NULL;
		n_failed += failed[i];
		if (errs[i] && warn &&
		    add_warning(warn, n_warn, &errs[i], paths[i], err))
			goto done;
	}
	if (n_failed == n) {
		ser_fail(err, "%s: none of its %d audio files could be read", labels,
			 n);
		goto done;
	}
	/* the features are the 74 ser extracts, whatever o->features says:
	 * "all" would also take the cache's numeric bookkeeping columns
	 * (size, mtime) as features - a model ser predict cannot feed */
	ser_dataset_opts o74;
	if (o)
		o74 = *o;
	else
		ser_dataset_opts_default(&o74);
	o74.features = SER_FEATSET_74;
	if ((ds = ser_dataset_load_csv(cache, labels, &o74, err))) {
		snprintf(ds->space, sizeof ds->space, "%s", ser_space_tag(space));
		/* the cache holds exactly the labels' readable files: the only
		 * alignment warnings are the unreadable ones, already in *warn,
		 * and they would name the cache, an internal file */
		ser_strv_free(ds->warn, ds->n_warn);
		ds->warn = NULL;
		ds->n_warn = 0;
	}
	for (int i = 0; ds && i < n; i++)
		if (!failed[i] && short_warning(ds, paths[i], err)) {
			ser_dataset_free(ds);
			ds = NULL;
		}
done:
	free(failed);
	ser_strv_free(paths, n);
	ser_strv_free(errs, n);
	free(names);  /* borrowed from the table */
	ser_table_free(t);
	return ds;
}
