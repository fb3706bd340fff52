/* features_meyda.h - the 14 per-frame features of the thesis app, with Meyda 5.6.3's
 * exact definitions (its src/extractors/ sources), for 1024-sample frames at
 * 44.1 kHz.
 *
 * What Meyda does, and so what this does:
 * - the frame is Hann-windowed (float32 window, products in double); rms,
 *   zcr and energy are computed on the WINDOWED frame, not the raw one;
 * - the amplitude spectrum is |FFT| of the windowed frame, bins 0..511
 *   (no Nyquist bin), stored as float32; every spectral feature uses it;
 * - centroid/spread/skewness/kurtosis from raw moments mu_i = sum k^i a_k /
 *   sum a_k in bin units (kurtosis keeps Meyda's 6 mu1 mu2 term);
 * - rolloff: 99% of the summed amplitude, in Hz with Meyda's
 *   sr / (2 * 511) bin width; flatness: geometric / arithmetic mean;
 *   slope: Meyda's regression, denominator sum f^2 - (sum f)^2;
 * - loudness.total: sum over 24 Bark bands of (sum of amplitudes)^0.23
 *   (not divided by 24); perceptualSharpness from the specific loudness;
 * - mfcc: power spectrum (float32) through 26 mel filters accumulated in
 *   float32, log(x + 1), unnormalized DCT-II times 2, first 13;
 * - chroma: 12-bin chroma filterbank on the amplitude spectrum, divided
 *   by its maximum (left as is when the maximum is 0).
 * Where Meyda divides by zero (digital silence) the value is NaN or Inf,
 * exactly as in Meyda; callers decide what to do with it. */
#ifndef SER_MEYDA_H
#define SER_MEYDA_H

#include "ser/error.h"

#define SER_MEYDA_FRAME 1024
#define SER_MEYDA_RATE 44100
#define SER_MEYDA_MFCC 13
#define SER_MEYDA_MEL 26
#define SER_MEYDA_CHROMA 12
#define SER_MEYDA_BARK 24

/* Index of each per-frame value in ser_meyda_frame's out[]. */
enum {
	SER_MF_RMS,
	SER_MF_ZCR,
	SER_MF_ROLLOFF,
	SER_MF_CENTROID,
	SER_MF_SPREAD,
	SER_MF_SKEWNESS,
	SER_MF_KURTOSIS,
	SER_MF_FLATNESS,
	SER_MF_MFCC,                                   /* 13 values */
	SER_MF_CHROMA = SER_MF_MFCC + SER_MEYDA_MFCC,  /* 12 values */
	SER_MF_LOUDNESS = SER_MF_CHROMA + SER_MEYDA_CHROMA,
	SER_MF_ENERGY,
	SER_MF_SHARPNESS,
	SER_MF_SLOPE,
	SER_MEYDA_N                                    /* 37 */
};

/* FFT plan, window, filterbanks and scratch: one per thread. */
typedef struct ser_meyda ser_meyda;

ser_meyda *ser_meyda_new(ser_err *err);
void ser_meyda_free(ser_meyda *m);

/* The robust feature space's changes to the per-frame computation
 * (features.h, docs/features.md). Meyda's formulas stay; what they see
 * changes:
 * - band_bins: centroid, spread, skewness, kurtosis, rolloff, flatness,
 *   slope and the Bark bands of loudness and sharpness use bins
 *   [0, band_bins) only (rounded down to a multiple of 4; 0: all 512);
 * - floor_rel: for those, amplitudes below floor_rel times the largest
 *   in the band are raised to it (0: none);
 * - zcr_rel: zero-crossings with hysteresis: the sign of the windowed
 *   frame changes only where it passes +-h, h = zcr_rel times the frame's
 *   rms (0: every sign change). */
typedef struct ser_meyda_robust {
	int band_bins;
	double floor_rel, zcr_rel;
} ser_meyda_robust;

/* NULL: Meyda's own computation (the default). */
void ser_meyda_set_robust(ser_meyda *m, const ser_meyda_robust *r);

/* Crossings of a Schmitt trigger at +-h over x[0..SER_MEYDA_FRAME): the
 * state turns up where x >= h and down where x <= -h; each change between
 * up and down counts (the robust space's zcr). */
int ser_meyda_schmitt(const double *x, double h);

/* The features of one frame of SER_MEYDA_FRAME raw (unwindowed) samples. */
void ser_meyda_frame(ser_meyda *m, const float *frame,
		     double out[SER_MEYDA_N]);
/* ser_meyda_frame in two steps, for callers that drop frames by level:
 * ser_meyda_level windows the frame and returns its rms (out[SER_MF_RMS]
 * to the bit); ser_meyda_features then computes all of out[] for it.
 * A frame dropped after ser_meyda_level costs no FFT. */
double ser_meyda_level(ser_meyda *m, const float *frame);
void ser_meyda_features(ser_meyda *m, double out[SER_MEYDA_N]);

#endif
