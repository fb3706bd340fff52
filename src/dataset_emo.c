/* dataset_emo.c - the Emo-Soundscapes on-disk layout; see dataset.h.
 *
 * The thesis aligned ratings to features by row order, which silently
 * mislabels rows if the files are not in the same order; here every label
 * is matched by file name and mismatches are reported. */
#define _POSIX_C_SOURCE 200809L
#include "dataset_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* File names of the targets in Ratings/ and Rankings/. */
static const char *const target_file[SER_N_TARGETS] = { "Valence", "Arousal" };

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The Emo-Soundscapes root: DIR itself or DIR/Emo-Soundscapes. */
static int find_root(const char *dir, char *root, size_t cap, ser_err *err)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/Emo-Soundscapes-Features", dir);
	if (is_dir(p)) {
		snprintf(root, cap, "%s", dir);
		return 0;
	}
	snprintf(p, sizeof p, "%s/Emo-Soundscapes/Emo-Soundscapes-Features", dir);
	if (is_dir(p)) {
		snprintf(root, cap, "%s/Emo-Soundscapes", dir);
		return 0;
	}
	if (!is_dir(dir))
		return ser_fail(err, "%s: no such directory", dir);
	return ser_fail(err, "%s: not an Emo-Soundscapes directory (no "
			"Emo-Soundscapes-Features/ in it or in Emo-Soundscapes/)", dir);
}

/* Read a headerless two-column "file,value" table into l (names borrowed
 * from *tp). Ratings must lie in [-1, 1]; ranks are integers in 1..N and
 * become 1 - 2 (rank - 1) / N. */
static int read_labels(const char *path, int is_rank, int rank_n,
		       ser_table **tp, labelcol *l, ser_err *err)
{
	ser_table *t = ser_table_read(path, 0, err);
	if (!t)
		return -1;
	*tp = t;
	if (t->n_cols != 2)
		return ser_fail(err, "%s:%d: expected 2 fields (file,%s), found %d",
				path, t->line[0], is_rank ? "rank" : "rating",
				t->n_cols);
	int N = rank_n > 0 ? rank_n : t->n_rows;
	l->path = t->path;
	l->n = t->n_rows;
	l->line = t->line;
	l->name = ser_malloc((size_t)l->n * sizeof *l->name, err);
	l->v = ser_malloc((size_t)l->n * sizeof *l->v, err);
	if (!l->name || !l->v)
		return -1;
	for (int i = 0; i < l->n; i++) {
		l->name[i] = ser_table_get(t, i, 0);
		if (!*l->name[i])
			return ser_fail(err, "%s:%d:1: empty file name", path,
					t->line[i]);
		double v;
		if (ser_table_double(t, i, 1, &v, err) < 0)
			return -1;
		if (is_rank) {
			if (v != floor(v) || v < 1 || v > N)
				return ser_fail(err, "%s:%d:2: rank %s outside 1..%d "
						"(N = %s)", path, t->line[i],
						ser_table_get(t, i, 1), N,
						rank_n > 0 ? "as given"
							   : "rows of the file");
			v = 1.0 - 2.0 * (v - 1.0) / N;
		} else if (v < -1 || v > 1) {
			return ser_fail(err, "%s:%d:2: rating %s outside [-1, 1]",
					path, t->line[i], ser_table_get(t, i, 1));
		}
		l->v[i] = v;
	}
	return 0;
}

ser_dataset *ser_dataset_load_emo(const char *dir, const ser_dataset_opts *o,
				  ser_err *err)
{
	ser_dataset_opts def;
	if (!o) {
		ser_dataset_opts_default(&def);
		o = &def;
	}
	char root[4096], fpath[4200], p[4200];
	if (find_root(dir, root, sizeof root, err) < 0)
		return NULL;
	ser_dataset *ds = ser_calloc(1, sizeof *ds, err);
	if (!ds)
		return NULL;
	ser_table *ft = NULL, *lt[SER_N_TARGETS] = { 0 };
	labelcol lc[SER_N_TARGETS] = { { 0 } };
	const labelcol *lab[SER_N_TARGETS] = { 0 };
	snprintf(ds->space, sizeof ds->space, "%s",
		 o->raw ? SER_SPACE_EMO_RAW : SER_SPACE_EMO);
	snprintf(fpath, sizeof fpath, "%s/Emo-Soundscapes-Features/%s", root,
		 o->raw ? "Features.csv" : "Normalized_Features.csv");
	if (!(ft = ser_table_read(fpath, 1, err)))
		goto fail;
	if (ser_ds_take_features(ds, ft, o, err) < 0)
		goto fail;
	ser_table_free(ft);
	ft = NULL;
	int any = 0;
	for (int t = 0; t < SER_N_TARGETS; t++) {
		int is_rank = 0;
		snprintf(p, sizeof p, "%s/Emo-Soundscapes-Ratings/%s.csv", root,
			 target_file[t]);
		if (!is_file(p)) {
			snprintf(p, sizeof p, "%s/Emo-Soundscapes-Rankings/%s.csv",
				 root, target_file[t]);
			is_rank = 1;
			if (!is_file(p)) {
				if (ser_ds_warn(ds, err, "%s: no %s ratings or rankings; "
					    "%s left out", root, target_file[t],
					    ser_target_names[t]) < 0)
					goto fail;
				continue;
			}
		}
		if (read_labels(p, is_rank, o->rank_n, &lt[t], &lc[t], err) < 0)
			goto fail;
		lab[t] = &lc[t];
		any = 1;
		if (!(ds->y_source[t] = ser_strdup(p, err)))
			goto fail;
	}
	if (!any) {
		ser_fail(err, "%s: no ratings or rankings (Emo-Soundscapes-Ratings/ "
			 "or Emo-Soundscapes-Rankings/{Valence,Arousal}.csv)", root);
		goto fail;
	}
	if (ser_ds_align(ds, fpath, lab, err) < 0)
		goto fail;
	for (int t = 0; t < SER_N_TARGETS; t++) {
		free(lc[t].name);
		free(lc[t].v);
		ser_table_free(lt[t]);
	}
	return ds;
fail:
	ser_table_free(ft);
	for (int t = 0; t < SER_N_TARGETS; t++) {
		free(lc[t].name);
		free(lc[t].v);
		ser_table_free(lt[t]);
	}
	ser_dataset_free(ds);
	return NULL;
}
