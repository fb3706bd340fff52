/* model_ranges.c - robust per-feature ranges of a reference corpus, and the
 * ranges file (see model_ranges.h). */
#include "ser/ranges.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/features.h"
#include "ser/outfile.h"
#include "ser/predict.h"
#include "ser/table.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double ser_percentile(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	double h = (n - 1) * p / 100.0;
	int i = (int)floor(h);
	if (i >= n - 1)
		return v[n - 1];
	if (i < 0)
		return v[0];
	return v[i] + (h - i) * (v[i + 1] - v[i]);
}

int ser_ranges_compute(const double *X, int n, int d, double lo_pct,
		       double hi_pct, double *min, double *max, ser_err *err)
{
	if (n < 1)
		return ser_fail(err, "ranges: no reference rows");
	if (!(lo_pct >= 0 && lo_pct <= hi_pct && hi_pct <= 100))
		return ser_fail(err, "ranges: percentiles %g and %g: need "
				"0 <= low <= high <= 100", lo_pct, hi_pct);
	double *col = ser_malloc((size_t)n * sizeof *col, err);
	if (!col)
		return -1;
	for (int j = 0; j < d; j++) {
		for (int i = 0; i < n; i++)
			col[i] = X[(long)i * d + j];
		min[j] = ser_percentile(col, n, lo_pct);
		max[j] = ser_percentile(col, n, hi_pct);
		/* interpolation can put a constant column's two ends an ulp
		 * apart; a constant must stay constant (normalized to 0) */
		if (col[0] == col[n - 1])
			max[j] = min[j] = col[0];
	}
	free(col);
	return 0;
}

/* A ranges file: one row per feature, matched to the model by name. */
static int read_ranges_file(const ser_model *m, const ser_table *t,
			    double *min, double *max, ser_ranges_info *info,
			    ser_err *err)
{
	const char *path = t->path;
	int c_lo = ser_table_col(t, "lo_pct"), c_hi = ser_table_col(t, "hi_pct"),
	    c_n = ser_table_col(t, "n_files");
	if (c_lo < 0 || c_hi < 0 || c_n < 0)
		return ser_fail(err, "%s: a ranges file needs the columns "
				"feature,min,max,lo_pct,hi_pct,n_files", path);
	for (int k = 0; k < m->d; k++) {
		int row = -1;
		for (int i = 0; i < t->n_rows; i++)
			if (!strcmp(ser_table_get(t, i, 0), m->feat_names[k])) {
				row = i;
				break;
			}
		if (row < 0)
			return ser_fail(err, "%s: no range for feature '%s'", path,
					m->feat_names[k]);
		double lo, hi, n;
		if (ser_table_double(t, row, 1, &lo, err) ||
		    ser_table_double(t, row, 2, &hi, err) ||
		    ser_table_double(t, row, c_lo, &info->lo_pct, err) ||
		    ser_table_double(t, row, c_hi, &info->hi_pct, err) ||
		    ser_table_double(t, row, c_n, &n, err))
			return -1;
		if (hi < lo)
			return ser_fail(err, "%s:%d: max %g is below min %g", path,
					t->line[row], hi, lo);
		if (n < 1 || n > 1e9 || n != floor(n))
			return ser_fail(err, "%s:%d: n_files %g is not a count",
					path, t->line[row], n);
		min[k] = lo;
		max[k] = hi;
		info->n_files = (int)n;
	}
	return 0;
}

/* A `ser extract` table: percentiles over its rows. */
static int read_features(const ser_model *m, const ser_table *t,
			 double *min, double *max, ser_ranges_info *info,
			 ser_err *err)
{
	int rc = -1, n = t->n_rows, d = m->d;
	int *col = ser_malloc((size_t)d * sizeof *col, err);
	double *X = ser_malloc((size_t)(n > 0 ? n : 1) * (size_t)d * sizeof *X,
			       err);
	if (!col || !X)
		goto done;
	if (ser_feature_map(m, (const char *const *)t->header, t->n_cols, col,
			    t->path, err))
		goto done;
	if (n < 1) {
		ser_fail(err, "%s: no data rows", t->path);
		goto done;
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < d; k++)
			if (ser_table_double(t, i, col[k], &X[(long)i * d + k], err))
				goto done;
	if (ser_ranges_compute(X, n, d, info->lo_pct, info->hi_pct, min, max,
			       err)) {
		ser_fail_prefix(err, "%s", t->path);
		goto done;
	}
	info->n_files = n;
	rc = 0;
done:
	free(col);
	free(X);
	return rc;
}

int ser_model_set_ranges(ser_model *m, const char *path, const char *corpus,
			 ser_ranges_info *info, ser_err *err)
{
	ser_table *t = ser_table_read(path, 1, err);
	if (!t)
		return -1;
	int is_ranges = t->n_cols >= 3 && !strcmp(t->header[0], "feature") &&
			!strcmp(t->header[1], "min") &&
			!strcmp(t->header[2], "max");
	/* into scratch arrays: on failure m stays as it was */
	ser_ranges_info got = *info;
	double *min = ser_malloc((size_t)m->d * sizeof *min, err);
	double *max = ser_malloc((size_t)m->d * sizeof *max, err);
	int rc = -1;
	if (min && max)
		rc = is_ranges ? read_ranges_file(m, t, min, max, &got, err)
			       : read_features(m, t, min, max, &got, err);
	ser_table_free(t);
	if (rc == 0) {
		memcpy(m->min, min, (size_t)m->d * sizeof *min);
		memcpy(m->max, max, (size_t)m->d * sizeof *max);
		*info = got;
	}
	free(min);
	free(max);
	if (rc)
		return -1;
	char note[2048];
	snprintf(note, sizeof note, "frozen ranges: min and max are the "
		 "percentiles %g and %g of each feature over %d reference clips "
		 "(%s), not the regressors' training data", info->lo_pct,
		 info->hi_pct, info->n_files, corpus ? corpus : path);
	snprintf(m->space, sizeof m->space, "%s", SER_FEATURE_SPACE);
	return ser_model_set_str(&m->norm_note, note, err);
}

int ser_ranges_write(const ser_model *m, const ser_ranges_info *info,
		     const char *path, ser_err *err)
{
	ser_outfile *o = ser_outfile_open(path, 0, err);
	if (!o)
		return -1;
	fputs("feature,min,max,lo_pct,hi_pct,n_files\n", o->fp);
	for (int j = 0; j < m->d; j++) {
		/* names come from a model file: quote them like every CSV */
		ser_csv_field(o->fp, m->feat_names[j]);
		fprintf(o->fp, ",%.17g,%.17g,%g,%g,%d\n", m->min[j], m->max[j],
			info->lo_pct, info->hi_pct, info->n_files);
	}
	return ser_outfile_commit(o, err); /* it checks for write errors */
}
