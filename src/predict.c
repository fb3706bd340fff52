/* predict.c - feature rows -> (valence, arousal), and the output formats
 * (see predict.h). */
#include "ser/predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "ser/emotion.h"
#include "minmax.h"
#include "ser/features.h"
#include "ser/table.h"

void ser_inputs_free(ser_inputs *in)
{
	if (!in)
		return;
	if (in->files)
		for (int i = 0; i < in->n; i++)
			free(in->files[i]);
	free(in->files);
	free(in->X);
	free(in);
}

const char *ser_csv_space(const char *const *header, int n_cols)
{
	for (int j = 0; j < n_cols; j++)
		if (!strcmp(header[j], "fileName"))
			return SER_SPACE_EMO;
	if (n_cols > 0 && !header[0][0])
		return "emo-soundscapes-raw";
	return SER_FEATURE_SPACE;
}

int ser_feature_map(const ser_model *m, const char *const *names, int n,
		    int *col, const char *source, ser_err *err)
{
	for (int k = 0; k < m->d; k++) {
		col[k] = -1;
		for (int j = 0; j < n; j++)
			if (!strcmp(names[j], m->feat_names[k])) {
				col[k] = j;
				break;
			}
		if (col[k] < 0)
			return ser_fail(err, "%s: no feature '%s' (the model needs "
					"its %d features by name)", source,
					m->feat_names[k], m->d);
	}
	return 0;
}

ser_inputs *ser_inputs_read_csv(const char *path, const ser_model *m,
				ser_err *err)
{
	ser_table *t = ser_table_read(path, 1, err);
	if (!t)
		return NULL;
	ser_inputs *in = NULL;
	int *col = ser_malloc((size_t)m->d * sizeof *col, err);
	if (!col ||
	    ser_feature_map(m, (const char *const *)t->header, t->n_cols, col,
			    path, err))
		goto done;
	int fcol = ser_table_col(t, "file");
	if (fcol < 0)
		fcol = ser_table_col(t, "fileName");
	if (fcol < 0)
		fcol = 0;
	if (t->n_rows == 0) {
		ser_fail(err, "%s: no data rows", path);
		goto done;
	}
	in = ser_calloc(1, sizeof *in, err);
	if (!in)
		goto done;
	in->d = m->d;
	snprintf(in->space, sizeof in->space, "%s",
		 ser_csv_space((const char *const *)t->header, t->n_cols));
	in->files = ser_calloc((size_t)t->n_rows, sizeof *in->files, err);
	in->X = ser_malloc((size_t)t->n_rows * (size_t)m->d * sizeof *in->X, err);
	if (!in->files || !in->X)
		goto fail;
	for (int i = 0; i < t->n_rows; i++) {
		if (!(in->files[i] = ser_strdup(ser_table_get(t, i, fcol), err)))
			goto fail;
		in->n = i + 1;
		for (int k = 0; k < m->d; k++)
			if (ser_table_double(t, i, col[k],
					     &in->X[(long)i * m->d + k], err))
				goto fail;
	}
	goto done;
fail:
	ser_inputs_free(in);
	in = NULL;
done:
	free(col);
	ser_table_free(t);
	return in;
}

/* Normalize every row first, then run each regressor over all rows at
 * once; each row's answer is the same bytes whatever rows come with it
 * (svr.h, mlp.h): a file's prediction never depends on the batch. */
int ser_predict_rows(const ser_model *m, const double *X, int n,
		     ser_norm_mode mode, double *out, ser_err *err)
{
	int d = m->d, rc = -1;
	size_t nd = (size_t)(n > 0 ? n : 1) * (size_t)d;
	double *Xn = ser_malloc(nd * sizeof *Xn, err);
	double *lo = ser_malloc((size_t)d * sizeof *lo, err);
	double *hi = ser_malloc((size_t)d * sizeof *hi, err);
	double *col = ser_malloc((size_t)(n > 0 ? n : 1) * sizeof *col, err);
	if (!Xn || !lo || !hi || !col)
		goto done;
	if (mode == SER_NORM_BATCH) {
		ser_minmax_fit(X, n, d, lo, hi);
	} else {
		memcpy(lo, m->min, (size_t)d * sizeof *lo);
		memcpy(hi, m->max, (size_t)d * sizeof *hi);
	}
	ser_minmax_apply(lo, hi, d, X, n, Xn);
	ser_model_clamp(m, Xn, (long)n * d);
	for (int t = 0; t < SER_N_TARGETS; t++) {
		const ser_regressor *r = &m->reg[t];
		if (!r->spec.family) {
			for (int i = 0; i < n; i++)
				col[i] = NAN;
		} else if (n > 0 && r->spec.family->predict(r->fit, Xn, n, d, col,
							     err)) {
			goto done;
		}
		for (int i = 0; i < n; i++)
			out[2 * i + t] = col[i];
	}
	rc = 0;
done:
	free(Xn);
	free(lo);
	free(hi);
	free(col);
	return rc;
}

const char *ser_space_warning(const ser_model *m, const char *input_space,
			      char *buf, size_t size)
{
	if (!strcmp(m->space, input_space))
		return NULL;
	snprintf(buf, size, "warning: the model was trained on '%s' features "
		 "but the inputs are '%s' features: predictions are not "
		 "calibrated", m->space, input_space);
	return buf;
}

static int write_csv(FILE *fp, char *const *files, const double *out, int n)
{
	fputs("file,valence,arousal,quadrant,emotion\n", fp);
	for (int i = 0; i < n; i++) {
		double v = out[2 * i], a = out[2 * i + 1];
		ser_csv_field(fp, files[i]);
		fputc(',', fp);
		if (!isnan(v))
			fprintf(fp, "%.6f", v);
		fputc(',', fp);
		if (!isnan(a))
			fprintf(fp, "%.6f", a);
		if (!isnan(v) && !isnan(a))
			fprintf(fp, ",%s,%s\n",
				ser_quadrant_name(ser_quadrant_of(v, a)),
				ser_emotion_word(v, a));
		else
			fputs(",,\n", fp);
	}
	return 0;
}

/* Round to 6 decimals like the CSV, so both formats carry the same value. */
static cJSON *num_or_null(double x)
{
	if (isnan(x))
		return cJSON_CreateNull();
	return cJSON_CreateNumber(round(x * 1e6) / 1e6);
}

static int write_json(FILE *fp, char *const *files, const double *out, int n,
		      const char *where, ser_err *err)
{
	cJSON *arr = cJSON_CreateArray();
	int ok = arr != NULL;
	for (int i = 0; ok && i < n; i++) {
		double v = out[2 * i], a = out[2 * i + 1];
		int both = !isnan(v) && !isnan(a);
		cJSON *o = cJSON_CreateObject();
		ok = o && cJSON_AddItemToArray(arr, o) &&
		     cJSON_AddStringToObject(o, "file", files[i]) &&
		     cJSON_AddItemToObject(o, "valence", num_or_null(v)) &&
		     cJSON_AddItemToObject(o, "arousal", num_or_null(a));
		if (ok && both)
			ok = cJSON_AddStringToObject(o, "quadrant",
				     ser_quadrant_name(ser_quadrant_of(v, a))) &&
			     cJSON_AddStringToObject(o, "emotion",
				     ser_emotion_word(v, a));
		else if (ok)
			ok = cJSON_AddNullToObject(o, "quadrant") &&
			     cJSON_AddNullToObject(o, "emotion");
	}
	char *s = ok ? cJSON_Print(arr) : NULL;
	cJSON_Delete(arr);
	if (!s)
		return ser_fail(err, "%s: out of memory", where);
	fputs(s, fp);
	fputc('\n', fp);
	free(s);
	return 0;
}

int ser_predictions_write(FILE *fp, ser_pred_format fmt, char *const *files,
			  const double *out, int n, const char *where,
			  ser_err *err)
{
	int rc = fmt == SER_FMT_JSON ? write_json(fp, files, out, n, where, err)
				     : write_csv(fp, files, out, n);
	if (rc == 0 && ferror(fp))
		return ser_fail(err, "%s: write error", where);
	return rc;
}
