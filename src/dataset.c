/* dataset.c - features tables, alignment by file name and the generic
 * features CSV + labels CSV loader; see dataset.h. The Emo-Soundscapes
 * layout is in dataset_emo.c.
 *
 * Names are matched through sorted index arrays (qsort + bsearch): data
 * sets have at most a few thousand rows, and sorting also finds duplicate
 * names, which are errors on both sides (a duplicate would silently pick
 * one of two ratings). */
#define _POSIX_C_SOURCE 200809L
#include "dataset_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/features.h"
#include "ser/predict.h"

const char *const ser_target_names[SER_N_TARGETS] = { "valence", "arousal" };

int ser_target_from_name(const char *name)
{
	for (int t = 0; t < SER_N_TARGETS; t++)
		if (strcmp(name, ser_target_names[t]) == 0)
			return t;
	return -1;
}

void ser_dataset_opts_default(ser_dataset_opts *o)
{
	o->features = SER_FEATSET_74;
	o->raw = 0;
	o->rank_n = 0;
}

void ser_dataset_free(ser_dataset *ds)
{
	if (!ds)
		return;
	if (ds->files)
		for (int i = 0; i < ds->n; i++)
			free(ds->files[i]);
	free(ds->files);
	if (ds->feat_names)
		for (int j = 0; j < ds->d; j++)
			free(ds->feat_names[j]);
	free(ds->feat_names);
	free(ds->X);
	for (int t = 0; t < SER_N_TARGETS; t++) {
		free(ds->y[t]);
		free(ds->y_source[t]);
	}
	for (int i = 0; i < ds->n_warn; i++)
		free(ds->warn[i]);
	free(ds->warn);
	free(ds);
}

int ser_ds_warn(ser_dataset *ds, ser_err *err, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char **w = realloc(ds->warn, (size_t)(ds->n_warn + 1) * sizeof *w);
	if (!w)
		return ser_fail(err, "out of memory");
	ds->warn = w;
	if (!(w[ds->n_warn] = ser_strdup(buf, err)))
		return -1;
	ds->n_warn++;
	return 0;
}

/* ---- sorted name index ---- */

typedef struct name_index {
	const char **name;  /* borrowed */
	int n;
	int *order;         /* positions sorted by name */
} name_index;

/* qsort has no context argument in C11; sort pairs instead. */
typedef struct npair {
	const char *s;
	int i;
} npair;

static int cmp_pair(const void *a, const void *b)
{
	const npair *x = a, *y = b;
	int c = strcmp(x->s, y->s);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Build the index; on a duplicate name fail with "PATH:LINE: duplicate
 * file name 'x' (also on line L)". */
static int index_build(name_index *ix, const char **name, int n,
		       const char *path, const int *line, ser_err *err)
{
	ix->name = name;
	ix->n = n;
	ix->order = NULL;
	npair *p = ser_malloc((size_t)(n ? n : 1) * sizeof *p, err);
	if (!p)
		return -1;
	for (int i = 0; i < n; i++)
		p[i] = (npair){ name[i], i };
	qsort(p, (size_t)n, sizeof *p, cmp_pair);
	for (int i = 1; i < n; i++)
		if (strcmp(p[i - 1].s, p[i].s) == 0) {
			ser_fail(err, "%s:%d: duplicate file name '%s' (also on line %d)",
				 path, line[p[i].i], p[i].s, line[p[i - 1].i]);
			free(p);
			return -1;
		}
	ix->order = ser_malloc((size_t)(n ? n : 1) * sizeof *ix->order, err);
	if (!ix->order) {
		free(p);
		return -1;
	}
	for (int i = 0; i < n; i++)
		ix->order[i] = p[i].i;
	free(p);
	return 0;
}

/* Position of s, or -1. */
static int index_find(const name_index *ix, const char *s)
{
	int lo = 0, hi = ix->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(s, ix->name[ix->order[mid]]);
		if (c == 0)
			return ix->order[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

/* ---- features ---- */

/* Column holding file names: "file" (ser extract), "fileName"
 * (Normalized_Features.csv) or an empty first name (Features.csv). */
static int key_column(const ser_table *t)
{
	int c = ser_table_col(t, "file");
	if (c < 0)
		c = ser_table_col(t, "fileName");
	if (c < 0 && t->header[0][0] == '\0')
		c = 0;
	return c;
}

/* Does s read as a number at all (NaN and Inf included, so that such cells
 * are reported as errors rather than hiding their column)? */
static int looks_numeric(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return 0;
	char *end;
	strtod(s, &end);
	if (end == s)
		return 0;
	while (*end == ' ' || *end == '\t')
		end++;
	return *end == '\0';
}

int ser_ds_take_features(ser_dataset *ds, const ser_table *t,
		     const ser_dataset_opts *o, ser_err *err)
{
	int key = key_column(t);
	if (key < 0)
		return ser_fail(err, "%s:1: no file-name column (expected 'file', "
				"'fileName' or an empty first header name)", t->path);
	if (t->n_rows == 0)
		return ser_fail(err, "%s: no data rows", t->path);
	int *cols = ser_malloc((size_t)t->n_cols * sizeof *cols, err);
	if (!cols)
		return -1;
	int d = 0;
	if (o->features == SER_FEATSET_74) {
		for (int j = 0; j < SER_N_FEATURES; j++) {
			int c = ser_table_col(t, ser_feature_names[j]);
			if (c < 0) {
				free(cols);
				return ser_fail(err, "%s:1: missing column '%s' (one of the "
						"74 thesis features)", t->path,
						ser_feature_names[j]);
			}
			cols[d++] = c;
		}
	} else {
		/* any numeric cell makes a numeric column, so a damaged
		 * first cell ("0.5x") is reported, not its column dropped */
		for (int c = 0; c < t->n_cols; c++)
			for (int i = 0; c != key && i < t->n_rows; i++)
				if (looks_numeric(ser_table_get(t, i, c))) {
					cols[d++] = c;
					break;
				}
		if (d == 0) {
			free(cols);
			return ser_fail(err, "%s: no numeric feature columns", t->path);
		}
	}
	int n = t->n_rows;
	ds->n = n;
	ds->d = d;
	ds->n_feature_rows = n;
	ds->files = ser_calloc((size_t)n, sizeof *ds->files, err);
	ds->feat_names = ser_calloc((size_t)d, sizeof *ds->feat_names, err);
	ds->X = ser_malloc((size_t)n * (size_t)d * sizeof *ds->X, err);
	if (!ds->files || !ds->feat_names || !ds->X)
		goto fail;
	for (int j = 0; j < d; j++)
		if (!(ds->feat_names[j] = ser_strdup(t->header[cols[j]], err)))
			goto fail;
	for (int i = 0; i < n; i++) {
		const char *f = ser_table_get(t, i, key);
		if (!*f) {
			ser_fail(err, "%s:%d:%d: empty file name", t->path,
				 t->line[i], key + 1);
			goto fail;
		}
		if (!(ds->files[i] = ser_strdup(f, err)))
			goto fail;
		for (int j = 0; j < d; j++)
			if (ser_table_double(t, i, cols[j],
					     &ds->X[(long)i * d + j], err) < 0)
				goto fail;
	}
	free(cols);
	/* duplicate names are an error even before any labels are matched */
	name_index ix;
	if (index_build(&ix, (const char **)ds->files, n, t->path, t->line,
			err) < 0)
		return -1;
	free(ix.order);
	return 0;
fail:
	free(cols);
	return -1;
}

int ser_ds_align(ser_dataset *ds, const char *feat_path,
	     const labelcol *lab[SER_N_TARGETS], ser_err *err)
{
	int n = ds->n, d = ds->d, rc = -1;
	name_index fx = { 0 }, lx[SER_N_TARGETS] = { { 0 } };
	int *pos[SER_N_TARGETS] = { 0 };
	int *feat_line = ser_malloc((size_t)n * sizeof *feat_line, err);
	if (!feat_line)
		return -1;
	for (int i = 0; i < n; i++)
		feat_line[i] = i + 2;  /* not used for messages: names are unique */
	if (index_build(&fx, (const char **)ds->files, n, feat_path, feat_line,
			err) < 0)
		goto out;
	for (int t = 0; t < SER_N_TARGETS; t++) {
		if (!lab[t])
			continue;
		if (index_build(&lx[t], lab[t]->name, lab[t]->n, lab[t]->path,
				lab[t]->line, err) < 0)
			goto out;
		pos[t] = ser_malloc((size_t)n * sizeof *pos[t], err);
		if (!pos[t])
			goto out;
		for (int i = 0; i < n; i++)
			pos[t][i] = index_find(&lx[t], ds->files[i]);
		/* labels without a features row (once per labels file) */
		int seen = 0;
		for (int u = 0; u < t; u++)
			if (lab[u] && strcmp(lab[u]->path, lab[t]->path) == 0)
				seen = 1;
		for (int k = 0; !seen && k < lab[t]->n; k++)
			if (index_find(&fx, lab[t]->name[k]) < 0 &&
			    ser_ds_warn(ds, err, "%s:%d: '%s' has no row in %s; left out",
				    lab[t]->path, lab[t]->line[k],
				    lab[t]->name[k], feat_path) < 0)
				goto out;
	}
	/* keep rows labelled for every present target; compact in place */
	int kept = 0;
	for (int i = 0; i < n; i++) {
		/* one warning per left-out row: "no valence, arousal label
		 * for 'x' in L1[, L2]" */
		char what[64] = "", where[2048] = "";
		for (int t = 0; t < SER_N_TARGETS; t++) {
			if (!pos[t] || pos[t][i] >= 0)
				continue;
			size_t a = strlen(what), b = strlen(where);
			snprintf(what + a, sizeof what - a, "%s%s", a ? ", " : "",
				 ser_target_names[t]);
			if (!strstr(where, lab[t]->path))
				snprintf(where + b, sizeof where - b, "%s%s",
					 b ? ", " : "", lab[t]->path);
		}
		if (*what) {
			if (ser_ds_warn(ds, err, "%s: no %s label for '%s' in %s; left out",
				    feat_path, what, ds->files[i], where) < 0)
				goto out;
			free(ds->files[i]);
			ds->files[i] = NULL;
			continue;
		}
		if (kept != i) {
			ds->files[kept] = ds->files[i];
			ds->files[i] = NULL;
			memmove(&ds->X[(long)kept * d], &ds->X[(long)i * d],
				(size_t)d * sizeof *ds->X);
		}
		for (int t = 0; t < SER_N_TARGETS; t++)
			if (pos[t])
				pos[t][kept] = pos[t][i];
		kept++;
	}
	ds->n = kept;
	if (kept == 0) {
		ser_fail(err, "%s: no file has both features and labels", feat_path);
		goto out;
	}
	for (int t = 0; t < SER_N_TARGETS; t++) {
		if (!pos[t])
			continue;
		ds->y[t] = ser_malloc((size_t)kept * sizeof *ds->y[t], err);
		if (!ds->y[t])
			goto out;
		for (int i = 0; i < kept; i++)
			ds->y[t][i] = lab[t]->v[pos[t][i]];
	}
	rc = 0;
out:
	free(feat_line);
	free(fx.order);
	for (int t = 0; t < SER_N_TARGETS; t++) {
		free(lx[t].order);
		free(pos[t]);
	}
	return rc;
}

/* The label columns of a labels table (header file,valence,arousal,
 * either label column may be absent) into lc / lab[t] (NULL for an
 * absent one), every value checked: a number in [-1, 1]. */
static int labels_take(const ser_table *lt, labelcol lc[SER_N_TARGETS],
		       const labelcol *lab[SER_N_TARGETS], ser_err *err)
{
	const char *labels_csv = lt->path;
	int key = ser_table_col(lt, "file");
	if (key < 0)
		return ser_fail(err, "%s:1: no 'file' column (header must be "
				"file,valence,arousal)", labels_csv);
	int any = 0;
	for (int t = 0; t < SER_N_TARGETS; t++) {
		int c = ser_table_col(lt, ser_target_names[t]);
		if (c < 0)
			continue;
		any = 1;
		labelcol *l = &lc[t];
		l->path = lt->path;
		l->n = lt->n_rows;
		l->line = lt->line;
		l->name = ser_malloc((size_t)(l->n ? l->n : 1) * sizeof *l->name, err);
		l->v = ser_malloc((size_t)(l->n ? l->n : 1) * sizeof *l->v, err);
		if (!l->name || !l->v)
			return -1;
		for (int i = 0; i < l->n; i++) {
			l->name[i] = ser_table_get(lt, i, key);
			if (ser_table_double(lt, i, c, &l->v[i], err) < 0)
				return -1;
			if (l->v[i] < -1 || l->v[i] > 1)
				return ser_fail(err, "%s:%d:%d: %s %g outside [-1, 1]",
						lt->path, lt->line[i], c + 1,
						ser_target_names[t], l->v[i]);
		}
		lab[t] = l;
	}
	if (!any)
		return ser_fail(err, "%s:1: no 'valence' or 'arousal' column",
				labels_csv);
	if (lt->n_rows == 0)
		return ser_fail(err, "%s: no data rows", labels_csv);
	return 0;
}

int ser_ds_labels_check(const char *labels_csv, ser_err *err)
{
	ser_table *lt = ser_table_read(labels_csv, 1, err);
	if (!lt)
		return -1;
	labelcol lc[SER_N_TARGETS] = { { 0 } };
	const labelcol *lab[SER_N_TARGETS] = { 0 };
	int rc = labels_take(lt, lc, lab, err);
	for (int t = 0; t < SER_N_TARGETS; t++) {
		free(lc[t].name);
		free(lc[t].v);
	}
	ser_table_free(lt);
	return rc;
}

/* ---- generic features CSV + labels CSV ---- */

ser_dataset *ser_dataset_load_csv(const char *features_csv,
				  const char *labels_csv,
				  const ser_dataset_opts *o, ser_err *err)
{
	ser_dataset_opts def;
	if (!o) {
		ser_dataset_opts_default(&def);
		o = &def;
	}
	ser_dataset *ds = ser_calloc(1, sizeof *ds, err);
	if (!ds)
		return NULL;
	ser_table *ft = NULL, *lt = NULL;
	labelcol lc[SER_N_TARGETS] = { { 0 } };
	const labelcol *lab[SER_N_TARGETS] = { 0 };
	if (!(ft = ser_table_read(features_csv, 1, err)))
		goto fail;
	snprintf(ds->space, sizeof ds->space, "%s",
		 ser_csv_space((const char *const *)ft->header, ft->n_cols));
	if (ser_ds_take_features(ds, ft, o, err) < 0)
		goto fail;
	ser_table_free(ft);
	ft = NULL;
	if (!(lt = ser_table_read(labels_csv, 1, err)))
		goto fail;
	if (labels_take(lt, lc, lab, err) < 0)
		goto fail;
	for (int t = 0; t < SER_N_TARGETS; t++)
		if (lab[t] && !(ds->y_source[t] = ser_strdup(labels_csv, err)))
			goto fail;
	if (ser_ds_align(ds, features_csv, lab, err) < 0)
		goto fail;
	for (int t = 0; t < SER_N_TARGETS; t++) {
		free(lc[t].name);
		free(lc[t].v);
	}
	ser_table_free(lt);
	return ds;
fail:
	for (int t = 0; t < SER_N_TARGETS; t++) {
		free(lc[t].name);
		free(lc[t].v);
	}
	ser_table_free(ft);
	ser_table_free(lt);
	ser_dataset_free(ds);
	return NULL;
}
