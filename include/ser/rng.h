/* rng.h - the documented PRNG behind every random choice in ser.
 *
 * xoshiro256** (Blackman & Vigna 2018), state seeded from a 64-bit seed by
 * splitmix64. Same seed, same stream, on every platform: folds, dropout
 * masks, weight init and epoch shuffles all draw from it, so `--seed S`
 * reproduces a run bit for bit (with a fixed BLAS thread count). */
#ifndef SER_RNG_H
#define SER_RNG_H

#include "ser/export.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_rng {
	uint64_t s[4];
} ser_rng;

SER_API void ser_rng_seed(ser_rng *r, uint64_t seed);
SER_API uint64_t ser_rng_next(ser_rng *r);
/* Uniform double in [0, 1) from the top 53 bits. */
SER_API double ser_rng_uniform(ser_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias (Lemire). */
SER_API uint64_t ser_rng_below(ser_rng *r, uint64_t n);
/* Fisher-Yates shuffle of a[0..n): for i = n-1 down to 1, swap a[i] with
 * a[ser_rng_below(r, i + 1)]. */
SER_API void ser_rng_shuffle_int(ser_rng *r, int *a, int n);

#ifdef __cplusplus
}
#endif

#endif
