/* model.c - fuzz the .ser model loader (model_io.c).
 *
 * The header (model.h) carries the payload's length and CRC-32; the
 * harness rewrites both from the input before loading, so that mutations
 * of the payload reach the payload parser instead of dying at the CRC
 * check. A model that loads must then predict without a memory error: its
 * sizes are trusted from there on. */
#include "driver.h"

#include <zlib.h>

#include "ser/model.h"

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static int fuzz_one(const unsigned char *data, size_t n)
{
	enum { HEADER = 24 };
	unsigned char *b = malloc(n ? n : 1);
	FUZZ_ASSERT(b);
	memcpy(b, data, n);
	if (n >= HEADER) {
		size_t len = n - HEADER;
		put_le(b + 12, crc32(0L, b + HEADER, (uInt)len), 4);
		put_le(b + 16, len, 8);
	}
	const char *path = fuzz_file("m.ser", b, n);
	free(b);
	ser_err err;
	ser_model *m = ser_model_load(path, &err);
	if (!m)
		return 0;
	FUZZ_ASSERT(ser_model_check(m, &err) == 0);
	double *x = calloc((size_t)m->d, sizeof *x);
	double *xn = calloc((size_t)m->d, sizeof *xn);
	FUZZ_ASSERT(x && xn);
	ser_model_normalize(m, x, xn);
	/* finite weights may still overflow to Inf/NaN: only memory
	 * safety is asserted here */
	for (int t = 0; t < SER_N_TARGETS; t++)
		(void)ser_model_predict_target(m, t, xn);
	free(x);
	free(xn);
	ser_model_free(m);
	return 1;
}
