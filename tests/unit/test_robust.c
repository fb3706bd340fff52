/* test_robust.c - the robust feature space (features.h, docs/features.md):
 * what cannot be heard does not move the features, and the Meyda space is
 * untouched by it. Each case also checks that the same change DOES move
 * Meyda's features, so it tests something. */
#include "testutil.h"

#include <math.h>
#include <stdint.h>

#include "ser/features.h"
#include "features_meyda.h"

#define SR 44100

/* n samples of a seeded sound at peak amplitude amp: two tones (f1,
 * 5 f1 / 2) and white noise */
static void sound(float *s, int n, double amp, double f1, unsigned seed)
{
	unsigned r = seed;
	for (int i = 0; i < n; i++) {
		r = r * 1103515245u + 12345u;
		double noise = ((r >> 8) & 0xffff) / 65536.0 - 0.5;
		double v = 0.6 * sin(2 * M_PI * f1 * i / SR) +
			   0.3 * sin(2 * M_PI * 2.5 * f1 * i / SR) + 0.2 * noise;
		s[i] = (float)(amp * v);
	}
}

static void extract(ser_space sp, const float *s, long n,
		    double out[SER_N_FEATURES])
{
	ser_err err;
	ser_extractor *x = ser_extractor_new(&err);
	assert_non_null(x);
	ser_extractor_set_space(x, sp);
	assert_int_equal(ser_extract_signal(x, s, n, "sig", out, &err), 0);
	ser_extractor_free(x);
}

/* features whose relative difference exceeds rel (abs 1e-9 near 0) */
static int differ(const double *a, const double *b, double rel, int verbose)
{
	int bad = 0;
	for (int k = 0; k < SER_N_FEATURES; k++) {
		double d = fabs(a[k] - b[k]);
		if (d > 1e-9 && d > rel * fmax(fabs(a[k]), fabs(b[k]))) {
			if (verbose)
				print_message("%s: %.9g vs %.9g\n",
					      ser_feature_names[k], a[k], b[k]);
			bad++;
		}
	}
	return bad;
}

#define N_SOUND 22050        /* 0.5 s */
#define N_TAIL 44100         /* 1 s */

/* a and b (N_SOUND + N_TAIL samples) have the same robust features
 * (within rounding of the weighted sums), and Meyda's differ by over 10%
 * in at least 10 of the 74 */
static void robust_same_meyda_not(const float *a, const float *b)
{
	double fa[SER_N_FEATURES], fb[SER_N_FEATURES];
	extract(SER_SPACE_ROBUST, a, N_SOUND + N_TAIL, fa);
	extract(SER_SPACE_ROBUST, b, N_SOUND + N_TAIL, fb);
	assert_int_equal(differ(fa, fb, 2e-3, 1), 0);
	extract(SER_SPACE_MEYDA, a, N_SOUND + N_TAIL, fa);
	extract(SER_SPACE_MEYDA, b, N_SOUND + N_TAIL, fb);
	assert_true(differ(fa, fb, 0.1, 0) >= 10);
}

/* A sound ending in digital silence, and the same sound ending in
 * -110 dBFS noise (codec residue, dither): the same robust features. */
static void noise_tail_is_silence(void **state)
{
	(void)state;
	static float a[N_SOUND + N_TAIL], b[N_SOUND + N_TAIL];
	sound(a, N_SOUND, 0.5, 440, 1);
	memcpy(b, a, sizeof a);
	unsigned r = 7;
	for (int i = N_SOUND; i < N_SOUND + N_TAIL; i++) {
		r = r * 1103515245u + 12345u;
		b[i] = (float)(6e-6 * (((r >> 8) & 0xffff) / 65536.0 - 0.5));
	}
	/* Meyda counts the noise frames fully: zero-crossings, flatness... */
	robust_same_meyda_not(a, b);
}

/* A tail 70 dB below the sound, above the absolute floor: gated relative
 * to the loudest frame, so the same robust features as silence. */
static void quiet_tail_is_gated(void **state)
{
	(void)state;
	static float a[N_SOUND + N_TAIL], b[N_SOUND + N_TAIL];
	sound(a, N_SOUND, 0.5, 440, 1);
	memcpy(b, a, sizeof a);
	sound(b + N_SOUND, N_TAIL, 0.5 * pow(10, -70 / 20.0), 3000, 3);
	robust_same_meyda_not(a, b);
	/* the same tail 30 dB down is heard: it counts */
	double fa[SER_N_FEATURES], fb[SER_N_FEATURES];
	sound(b + N_SOUND, N_TAIL, 0.5 * pow(10, -30 / 20.0), 3000, 3);
	extract(SER_SPACE_ROBUST, a, N_SOUND + N_TAIL, fa);
	extract(SER_SPACE_ROBUST, b, N_SOUND + N_TAIL, fb);
	assert_true(differ(fa, fb, 0.1, 0) >= 10);
}

/* Content above the band limit (a codec keeps or drops it) does not move
 * the robust spectral-shape features; it moves Meyda's. */
static void band_limited_shape(void **state)
{
	(void)state;
	static float a[N_SOUND], b[N_SOUND];
	sound(a, N_SOUND, 0.5, 440, 1);
	for (int i = 0; i < N_SOUND; i++)
		b[i] = a[i] + (float)(0.05 * sin(2 * M_PI * 19000.0 * i / SR));
	/* centroid, spread, skewness, kurtosis, flatness, rolloff, slope */
	static const int shape[] = { 4, 6, 8, 10, 12, 14, 72 };
	double fa[SER_N_FEATURES], fb[SER_N_FEATURES];
	extract(SER_SPACE_ROBUST, a, N_SOUND, fa);
	extract(SER_SPACE_ROBUST, b, N_SOUND, fb);
	for (size_t i = 0; i < sizeof shape / sizeof *shape; i++) {
		int k = shape[i];
		if (fabs(fa[k] - fb[k]) > 1e-3 * fabs(fa[k]))
			fail_msg("robust %s: %.9g vs %.9g", ser_feature_names[k],
				 fa[k], fb[k]);
	}
	extract(SER_SPACE_MEYDA, a, N_SOUND, fa);
	extract(SER_SPACE_MEYDA, b, N_SOUND, fb);
	assert_true(fabs(fa[6] - fb[6]) > 0.05 * fa[6]);   /* centroid_mean */
	assert_true(fabs(fa[8] - fb[8]) > 0.05 * fa[8]);   /* spread_mean */
}

/* Switching spaces leaves no trace: Meyda's bytes after a robust run are
 * a fresh extractor's (which computes Meyda's space). */
static void meyda_space_untouched(void **state)
{
	(void)state;
	static float a[N_SOUND + N_TAIL];
	sound(a, N_SOUND, 0.5, 440, 1);
	ser_err err;
	double f0[SER_N_FEATURES], f1[SER_N_FEATURES], f2[SER_N_FEATURES];
	ser_extractor *x = ser_extractor_new(&err);
	assert_non_null(x);
	assert_int_equal(ser_extractor_space(x), SER_SPACE_MEYDA);
	assert_int_equal(ser_extract_signal(x, a, N_SOUND + N_TAIL, "a", f0,
					    &err), 0);
	ser_extractor_set_space(x, SER_SPACE_ROBUST);
	assert_int_equal(ser_extract_signal(x, a, N_SOUND + N_TAIL, "a", f1,
					    &err), 0);
	assert_true(differ(f0, f1, 1e-3, 0) > 0);
	ser_extractor_set_space(x, SER_SPACE_MEYDA);
	assert_int_equal(ser_extract_signal(x, a, N_SOUND + N_TAIL, "a", f2,
					    &err), 0);
	assert_memory_equal(f0, f2, sizeof f0);
	ser_extractor_free(x);
}

/* Framing: SER_FRAME - hop zeros before, zeros after up to the last frame
 * holding a sample, so n samples give (n + SER_FRAME - hop - 1) / hop + 1
 * frames; block sizes do not matter; silence and sub-floor noise give 74
 * zeros with no frame kept. */
static void framing_streaming_silence(void **state)
{
	(void)state;
	static float a[N_SOUND + N_TAIL];
	sound(a, N_SOUND + N_TAIL, 0.5, 440, 1);
	ser_err err;
	ser_extractor *x = ser_extractor_new(&err);
	assert_non_null(x);
	ser_extractor_set_space(x, SER_SPACE_ROBUST);
	double f0[SER_N_FEATURES], f1[SER_N_FEATURES];
	const long n = N_SOUND + N_TAIL;
	assert_int_equal(ser_extract_signal(x, a, n, "a", f0, &err), 0);
	const long hop = SER_ROBUST_HOP;
	assert_int_equal(ser_extractor_frames(x), (n + SER_FRAME - hop - 1) / hop + 1);
	assert_int_equal(ser_extractor_frames_kept(x), ser_extractor_frames(x));
	ser_extractor_reset(x);
	for (long i = 0; i < n; i += 997)   /* blocks of a prime size */
		ser_extractor_push(x, a + i, n - i < 997 ? n - i : 997);
	assert_int_equal(ser_extractor_finish(x, f1), 0);
	assert_memory_equal(f0, f1, sizeof f0);
	/* 100 samples: in SER_FRAME / hop frames */
	assert_int_equal(ser_extract_signal(x, a, 100, "a", f0, &err), 0);
	assert_int_equal(ser_extractor_frames(x), SER_FRAME / hop);

	static float z[N_TAIL];
	assert_int_equal(ser_extract_signal(x, z, N_TAIL, "z", f0, &err), 0);
	assert_int_equal(ser_extractor_frames_kept(x), 0);
	for (int k = 0; k < SER_N_FEATURES; k++)
		assert_true(f0[k] == 0);
	sound(z, N_TAIL, 1e-5, 440, 5);   /* -100 dBFS */
	assert_int_equal(ser_extract_signal(x, z, N_TAIL, "z", f0, &err), 0);
	assert_int_equal(ser_extractor_frames_kept(x), 0);
	for (int k = 0; k < SER_N_FEATURES; k++)
		assert_true(f0[k] == 0);
	ser_extractor_free(x);
}

/* The scalar definition of the robust zcr (docs/features.md). */
static int schmitt_scalar(const double *x, int n, double h)
{
	int sgn = 0, z = 0;
	for (int i = 0; i < n; i++) {
		int s = x[i] >= h ? 1 : x[i] <= -h ? -1 : 0;
		z += s && sgn && s != sgn;
		if (s)
			sgn = s;
	}
	return z;
}

/* The bit-mask Schmitt trigger counts what the scalar loop counts: on
 * noise, slow waves with ripple, runs of quiet samples across the 64-bit
 * word boundaries, exact +-h, zeros with h = 0, and signals that stay on
 * one side. */
static void schmitt_matches_scalar(void **state)
{
	(void)state;
	enum { L = SER_MEYDA_FRAME };
	static double x[L];
	uint32_t r = 12345;
	for (int trial = 0; trial < 3000; trial++) {
		int kind = trial % 6;
		double h = trial % 7 == 0 ? 0 : 0.05 + (trial % 5) * 0.1;
		for (int i = 0; i < L; i++) {
			r = r * 1664525u + 1013904223u;
			double u = (r >> 8) / 16777216.0 - 0.5;
			switch (kind) {
			case 0: x[i] = u; break;                          /* noise */
			case 1: x[i] = sin(i * 0.01 * (trial % 13 + 1)) + 0.3 * u; break;
			case 2: x[i] = (i / (1 + trial % 97)) % 2 ? u * 0.01 : u; break;
			case 3: x[i] = ((r >> 4) % 3 - 1.0) * h; break;   /* exactly +-h, 0 */
			case 4: x[i] = 0; break;
			default: x[i] = fabs(u) + (trial % 2 ? h : 0); break;
			}
		}
		int want = schmitt_scalar(x, L, h), got = ser_meyda_schmitt(x, h);
		if (want != got)
			fail_msg("trial %d (kind %d, h %g): %d crossings, scalar %d",
				 trial, kind, h, got, want);
	}
}

static void space_names(void **state)
{
	(void)state;
	ser_space s = SER_SPACE_ROBUST;
	assert_int_equal(ser_space_parse("meyda", &s), 0);
	assert_int_equal(s, SER_SPACE_MEYDA);
	assert_int_equal(ser_space_parse("ser-robust-v1", &s), 0);
	assert_int_equal(s, SER_SPACE_ROBUST);
	assert_int_equal(ser_space_parse("ser-meyda-v1", &s), 0);
	assert_int_equal(s, SER_SPACE_MEYDA);
	assert_int_equal(ser_space_parse("robust", &s), 0);
	assert_int_equal(s, SER_SPACE_ROBUST);
	assert_int_equal(ser_space_parse("emo-soundscapes-normalized", &s), -1);
	assert_int_equal(ser_space_parse("Robust", &s), -1);
	assert_string_equal(ser_space_tag(SER_SPACE_MEYDA), "ser-meyda-v1");
	assert_string_equal(ser_space_tag(SER_SPACE_ROBUST), "ser-robust-v1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(noise_tail_is_silence),
		cmocka_unit_test(quiet_tail_is_gated),
		cmocka_unit_test(band_limited_shape),
		cmocka_unit_test(meyda_space_untouched),
		cmocka_unit_test(framing_streaming_silence),
		cmocka_unit_test(schmitt_matches_scalar),
		cmocka_unit_test(space_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
