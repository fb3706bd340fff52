/* labels.c - fuzz the labels table of `ser train --features-csv F --labels
 * L` (dataset.h), against a fixed features table whose names the seeds
 * use, so that inputs reach alignment as well as parsing. */
#include "driver.h"

#include "ser/dataset.h"

static const char feats[] =
	"file,x1,x2\n"
	"a.wav,1,2\n"
	"b.wav,3,4\n"
	"\"c, d.wav\",5,6\n"
	"caf\xc3\xa9.wav,7,8\n";

static int fuzz_one(const unsigned char *data, size_t n)
{
	static char fpath[1024];
	if (!fpath[0])
		snprintf(fpath, sizeof fpath, "%s",
			 fuzz_file("f.csv", feats, sizeof feats - 1));
	const char *lpath = fuzz_file("l.csv", data, n);
	ser_dataset_opts o;
	ser_dataset_opts_default(&o);
	o.features = SER_FEATSET_ALL;
	ser_err err;
	ser_dataset *ds = ser_dataset_load_csv(fpath, lpath, &o, &err);
	int ok = ds != NULL;
	if (ds) {
		FUZZ_ASSERT(ds->n >= 1 && ds->n <= 4 && ds->d == 2);
		for (int t = 0; t < SER_N_TARGETS; t++)
			for (int i = 0; ds->y[t] && i < ds->n; i++)
				FUZZ_ASSERT(ds->y[t][i] >= -1 && ds->y[t][i] <= 1);
	}
	ser_dataset_free(ds);
	return ok;
}
