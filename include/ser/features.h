/* features.h - the 74 per-file features of the thesis app (Meyda 5.6
 * definitions, done right; see ../shared/THESIS.md and docs in features.c).
 *
 * Pipeline: mono 44.1 kHz signal (audio.h) -> frames of 1024, hop 512, Hann
 * -> 14 Meyda features per frame -> mean and population std per file,
 * accumulated in one streaming pass (Welford). */
#ifndef SER_FEATURES_H
#define SER_FEATURES_H

#include "ser/error.h"

#define SER_N_FEATURES 74
#define SER_SAMPLE_RATE 44100
#define SER_FRAME 1024
#define SER_HOP 512

/* Feature names in THESIS.md order: the column order models are trained on. */
extern const char *const ser_feature_names[SER_N_FEATURES];

/* Feature-space tag of ser extract's features (stored in model files). */
#define SER_FEATURE_SPACE "ser-meyda-v1"

/* An extractor owns the FFT plan, filterbanks and scratch buffers. It is not
 * shared between threads: make one per thread. */
typedef struct ser_extractor ser_extractor;

ser_extractor *ser_extractor_new(ser_err *err);
void ser_extractor_free(ser_extractor *x);

/* Decode, downmix, resample and extract the 74 features of one file.
 * 0 on success; -1 with an error naming the file otherwise. Never writes
 * NaN or Inf into out. */
int ser_extract_file(ser_extractor *x, const char *path,
		     double out[SER_N_FEATURES], ser_err *err);

#endif
