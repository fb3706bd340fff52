/* synthdata.h - a synthetic Emo-Soundscapes data set (ser synth-dataset)
 * written under $SER_TEST_TMP/NAME and loaded, for the CV and A/B tests. */
#ifndef SER_TEST_SYNTHDATA_H
#define SER_TEST_SYNTHDATA_H

#include "testutil.h"

#include "ser/dataset.h"
#include "ser/synth.h"

static inline ser_dataset *test_synth(const char *name, int rows,
				      uint64_t seed)
{
	char p[1024];
	ser_err err;
	snprintf(p, sizeof p, "%s/%s", test_tmp(), name);
	if (ser_synth_dataset(p, rows, seed, &err) < 0)
		fail_msg("%s", err.msg);
	ser_dataset *ds = ser_dataset_load_emo(p, NULL, &err);
	if (!ds)
		fail_msg("%s", err.msg);
	return ds;
}

#endif
