/* table.c - fuzz the CSV table reader (table.h), the number parser and the
 * reference-ranges loader (model_ranges.h) that reads models/reference-ranges.csv.
 *
 * Invariants checked beyond "no crash": every cell the reader accepts is
 * text (no NUL, no control byte but TAB/CR/LF), and a table written back
 * with ser_csv_field reads back equal (what predict/extract write, plot
 * and train read). */
#include "driver.h"

#include "ser/features.h"
#include "ser/model.h"
#include "ser/ranges.h"
#include "ser/table.h"

static void round_trip(const ser_table *t)
{
	/* a one-column row holding "" is written as a blank line, which
	 * reads back as no row: ser writes no such tables */
	if (t->n_cols < 2)
		return;
	const char *path = fuzz_path("rt.csv");
	FILE *fp = fopen(path, "wb");
	FUZZ_ASSERT(fp);
	/* our own BOM first, so that a cell starting with one survives */
	fputs("\xEF\xBB\xBF", fp);
	for (int i = -1; i < t->n_rows; i++)
		for (int j = 0; j < t->n_cols; j++) {
			ser_csv_field(fp, i < 0 ? t->header[j] : ser_table_get(t, i, j));
			fputc(j + 1 < t->n_cols ? ',' : '\n', fp);
		}
	FUZZ_ASSERT(fclose(fp) == 0);
	ser_err err;
	ser_table *u = ser_table_read(path, 1, &err);
	FUZZ_ASSERT(u);
	FUZZ_ASSERT(u->n_rows == t->n_rows && u->n_cols == t->n_cols);
	for (int j = 0; j < t->n_cols; j++) {
		if (strcmp(u->header[j], t->header[j]))
			fprintf(stderr, "[%s] != [%s]\n", u->header[j], t->header[j]);
		FUZZ_ASSERT(!strcmp(u->header[j], t->header[j]));
	}
	for (int i = 0; i < t->n_rows; i++)
		for (int j = 0; j < t->n_cols; j++)
			FUZZ_ASSERT(!strcmp(ser_table_get(u, i, j), ser_table_get(t, i, j)));
	ser_table_free(u);
}

static int fuzz_one(const unsigned char *data, size_t n)
{
	const char *path = fuzz_file("t.csv", data, n);
	ser_err err;
	int ok = 0;
	for (int hdr = 0; hdr < 2; hdr++) {
		ser_table *t = ser_table_read(path, hdr, &err);
		if (!t)
			continue;
		ok = 1;
		for (int i = 0; i < t->n_rows; i++)
			for (int j = 0; j < t->n_cols; j++) {
				const unsigned char *s =
					(const unsigned char *)ser_table_get(t, i, j);
				for (; *s; s++)
					FUZZ_ASSERT(*s >= 0x20 || *s == '\t' ||
						    *s == '\r' || *s == '\n');
				double v;
				if (ser_table_double(t, i, j, &v, &err) == 0)
					FUZZ_ASSERT(v == v && v - v == 0);
			}
		if (hdr) {
			FUZZ_ASSERT(ser_table_col(t, "file") < t->n_cols);
			round_trip(t);
		}
		ser_table_free(t);
	}
	/* the same bytes as a ranges file for a 74-feature model */
	ser_model *m = ser_model_new(SER_N_FEATURES, ser_feature_names,
				     SER_FEATURE_SPACE, &err);
	FUZZ_ASSERT(m);
	ser_ranges_info info;
	if (ser_model_set_ranges(m, path, NULL, &info, &err) == 0)
		for (int j = 0; j < m->d; j++)
			FUZZ_ASSERT(m->min[j] <= m->max[j]);
	ser_model_free(m);
	return ok;
}
