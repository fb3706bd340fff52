/* features_csv.c - the features CSV writer shared by ser extract and the
 * feature cache (features.h), so both write one layout with one quoting;
 * and its JSON twin for ser extract --format json. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ser/features.h"
#include "ser/table.h"

int ser_features_write_csv(FILE *fp, const ser_feature_table *t,
			   const char *where, ser_err *err)
{
	fputs("file", fp);
	for (int k = 0; k < t->n_keys; k++) {
		fputc(',', fp);
		ser_csv_field(fp, t->key_names[k]);
	}
	for (int j = 0; j < t->d; j++) {
		fputc(',', fp);
		ser_csv_field(fp, t->names[j]);
	}
	fputc('\n', fp);
	int rows = 0;
	for (int i = 0; i < t->n; i++) {
		const double *x = t->X + (long)i * t->d;
		if (t->d > 0 && isnan(x[0]))
			continue;
		ser_csv_field(fp, t->files[i]);
		for (int k = 0; k < t->n_keys; k++) {
			fputc(',', fp);
			ser_csv_field(fp, t->keys[(long)i * t->n_keys + k]);
		}
		for (int j = 0; j < t->d; j++)
			fprintf(fp, ",%.*g", t->digits, x[j]);
		fputc('\n', fp);
		rows++;
	}
	if (ferror(fp))
		return ser_fail(err, "%s: write error", where ? where : "output");
	return rows;
}

int ser_features_write_json(FILE *fp, const ser_feature_table *t,
			    const char *where, ser_err *err)
{
	cJSON *arr = cJSON_CreateArray();
	int ok = arr != NULL, rows = 0;
	for (int i = 0; ok && i < t->n; i++) {
		const double *x = t->X + (long)i * t->d;
		if (t->d > 0 && isnan(x[0]))
			continue;
		cJSON *o = cJSON_CreateObject();
		ok = o && cJSON_AddItemToArray(arr, o) &&
		     cJSON_AddStringToObject(o, "file", t->files[i]);
		for (int k = 0; ok && k < t->n_keys; k++)
			ok = cJSON_AddStringToObject(o, t->key_names[k],
				     t->keys[(long)i * t->n_keys + k]) != NULL;
		for (int j = 0; ok && j < t->d; j++) {
			char v[40];
			/* the CSV's digits; never NaN or Inf (ser_extract_file) */
			snprintf(v, sizeof v, "%.*g", t->digits, x[j]);
			ok = cJSON_AddRawToObject(o, t->names[j], v) != NULL;
		}
		rows++;
	}
	char *s = ok ? cJSON_PrintUnformatted(arr) : NULL;
	cJSON_Delete(arr);
	if (!s)
		return ser_fail(err, "%s: out of memory", where ? where : "output");
	fputs(s, fp);
	fputc('\n', fp);
	free(s);
	if (ferror(fp))
		return ser_fail(err, "%s: write error", where ? where : "output");
	return rows;
}
