/* audio.c - fuzz ser's audio path after libsndfile: the input is written
 * to a file and extracted (ser_extract_file: audio.c's header checks,
 * decoding loop, downmix, resampling and the features). Whatever the
 * bytes, the result is 74 finite features or an error, never NaN. */
#include "driver.h"

#include "ser/features.h"

static int fuzz_one(const unsigned char *data, size_t n)
{
	static ser_extractor *x;
	ser_err err;
	if (!x)
		x = ser_extractor_new(&err);
	FUZZ_ASSERT(x);
	const char *path = fuzz_file("a.wav", data, n);
	double out[SER_N_FEATURES];
	if (ser_extract_file(x, path, out, &err))
		return 0;
	for (int j = 0; j < SER_N_FEATURES; j++)
		FUZZ_ASSERT(out[j] - out[j] == 0);
	return 1;
}
