/* modelbytes.h - damaging .ser files on purpose (test_model, test_ranges).
 * The byte layout they poke at is model_io.c's: a 24-byte header whose
 * bytes 12..15 hold the CRC-32 (little-endian) of everything after it. */
#ifndef SER_TEST_MODELBYTES_H
#define SER_TEST_MODELBYTES_H

#include <string.h>
#include <zlib.h>

#include "testutil.h"
#include "ser/model.h"

/* Rewrite the CRC after editing the payload, so the structural checks
 * behind the CRC are reached. */
static inline void test_fix_crc(unsigned char *c, long n)
{
	uint32_t crc = (uint32_t)crc32(0L, c + 24, (uInt)(n - 24));
	for (int i = 0; i < 4; i++)
		c[12 + i] = (unsigned char)(crc >> (8 * i));
}

/* Load a damaged model file: it must either load consistent or be refused
 * with a message naming it, never crash (run under ASan). 1 if refused. */
static inline int test_load_or_refuse(const char *path)
{
	ser_err err;
	ser_model *r = ser_model_load(path, &err);
	if (r) {
		assert_int_equal(ser_model_check(r, &err), 0);
		ser_model_free(r);
		return 0;
	}
	assert_non_null(strstr(err.msg, path));
	return 1;
}

#endif
