/* model_codec.h - the little-endian field writers and bounds-checked
 * readers of the .ser payload (model_io.c), shared with the model families
 * (family_*.c), each of which writes and reads its own regressor's fields. */
#ifndef SER_MODEL_CODEC_H
#define SER_MODEL_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "ser/error.h"
#include "ser/family.h"

struct ser_wbuf {
	unsigned char *p;
	size_t n, cap;
	int oom;
};

/* Every read past the end or failed check sets bad; later reads return 0
 * and the first message stays. */
struct ser_rbuf {
	const unsigned char *p;
	size_t n, at;
	const char *path;
	ser_err *err;
	int bad;
};

void ser_put(ser_wbuf *b, const void *src, size_t n);
void ser_put_u32(ser_wbuf *b, uint32_t v);
void ser_put_u64(ser_wbuf *b, uint64_t v);
void ser_put_f64(ser_wbuf *b, double v);
void ser_put_f32(ser_wbuf *b, float v);
void ser_put_str(ser_wbuf *b, const char *s);

uint32_t ser_get_u32(ser_rbuf *r, const char *what);
uint64_t ser_get_u64(ser_rbuf *r, const char *what);
double ser_get_f64(ser_rbuf *r, const char *what);
float ser_get_f32(ser_rbuf *r, const char *what);
/* Bytes left to read. */
static inline size_t ser_rbuf_left(const ser_rbuf *r) { return r->n - r->at; }
/* "PATH: corrupt model: MSG"; returns -1. */
int ser_rbuf_fail(ser_rbuf *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
