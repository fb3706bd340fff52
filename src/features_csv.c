/* features_csv.c - the features CSV writer shared by ser extract and the
 * feature cache (features.h), so both write one layout with one quoting. */
#include <math.h>
#include <stdio.h>

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
