/* emo.c - fuzz the Emo-Soundscapes loader (dataset.h): one input holds
 * up to three files separated by a line "=====":
 *   Emo-Soundscapes-Features/Normalized_Features.csv
 *   Emo-Soundscapes-Ratings/Valence.csv     (headerless file,rating)
 *   Emo-Soundscapes-Rankings/Arousal.csv    (headerless file,rank)
 * A part left out is a file absent (which the loader must report). */
#include "driver.h"

#include <sys/stat.h>

#include "ser/dataset.h"

#define SEP "\n=====\n"

static void put(const char *name, const unsigned char *d, size_t n, int present)
{
	const char *p = fuzz_path(name);
	if (present)
		fuzz_file(name, d, n);
	else
		unlink(p);
}

static int fuzz_one(const unsigned char *data, size_t n)
{
	static char root[1024];
	if (!root[0]) {
		/* directories first: fuzz_path removes in reverse order */
		snprintf(root, sizeof root, "%s", fuzz_path("Emo-Soundscapes"));
		mkdir(root, 0700);
		mkdir(fuzz_path("Emo-Soundscapes/Emo-Soundscapes-Features"), 0700);
		mkdir(fuzz_path("Emo-Soundscapes/Emo-Soundscapes-Ratings"), 0700);
		mkdir(fuzz_path("Emo-Soundscapes/Emo-Soundscapes-Rankings"), 0700);
	}
	size_t n1, n2, n3, n4;
	const unsigned char *p2 = fuzz_split(data, n, SEP, &n1, &n2);
	const unsigned char *p3 = p2 ? fuzz_split(p2, n2, SEP, &n2, &n3) : NULL;
	if (p3)
		fuzz_split(p3, n3, SEP, &n3, &n4);  /* ignore a fourth part */
	put("Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv",
	    data, n1, 1);
	put("Emo-Soundscapes/Emo-Soundscapes-Ratings/Valence.csv", p2, n2, p2 != NULL);
	put("Emo-Soundscapes/Emo-Soundscapes-Rankings/Arousal.csv", p3, n3, p3 != NULL);
	ser_err err;
	int ok = 0;
	for (int feats = 0; feats < 2; feats++) {
		ser_dataset_opts o;
		ser_dataset_opts_default(&o);
		o.features = feats ? SER_FEATSET_ALL : SER_FEATSET_74;
		ser_dataset *ds = ser_dataset_load_emo(root, &o, &err);
		if (!ds && getenv("FUZZ_VERBOSE"))
			fprintf(stderr, "%s\n", err.msg);
		if (ds) {
			ok = 1;
			FUZZ_ASSERT(ds->n >= 1 && ds->d >= 1);
			for (long i = 0; i < (long)ds->n * ds->d; i++)
				FUZZ_ASSERT(ds->X[i] - ds->X[i] == 0);
			for (int t = 0; t < SER_N_TARGETS; t++)
				for (int i = 0; ds->y[t] && i < ds->n; i++)
					FUZZ_ASSERT(ds->y[t][i] >= -1 &&
						    ds->y[t][i] <= 1);
		}
		ser_dataset_free(ds);
	}
	return ok;
}
