/* plotcsv.c - fuzz `ser plot`'s predictions CSV reader (plot.h). */
#include "driver.h"

#include "ser/plot.h"

static int fuzz_one(const unsigned char *data, size_t n)
{
	const char *path = fuzz_file("p.csv", data, n);
	ser_err err;
	int k;
	ser_plot_row *rows = ser_plot_read_csv(path, &k, &err);
	int ok = rows != NULL;
	if (rows)
		for (int i = 0; i < k; i++) {
			FUZZ_ASSERT(rows[i].file[0] != '\0');
			FUZZ_ASSERT(rows[i].valence - rows[i].valence == 0);
			FUZZ_ASSERT(rows[i].arousal - rows[i].arousal == 0);
		}
	free(rows);
	return ok;
}
