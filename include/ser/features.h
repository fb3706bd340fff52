/* features.h - the 74 per-file features of the thesis app (Meyda 5.6
 * definitions, done right; see ../shared/THESIS.md, meyda.h and features.c).
 *
 * Pipeline: mono 44.1 kHz signal (audio.h) -> frames of 1024, hop 512, Hann
 * -> 14 Meyda features per frame (meyda.h) -> mean and population std per
 * file, accumulated in one streaming pass (Welford).
 *
 * Framing: frame k covers samples [512k, 512k + 1024) for every frame fully
 * inside the signal; a signal shorter than 1024 samples is zero-padded to
 * one frame. A frame value Meyda leaves undefined (NaN or Inf: centroid,
 * spread, skewness, kurtosis, flatness, slope, sharpness on digital
 * silence) is left out of that feature's mean and std; a feature undefined
 * on every frame is 0. The output never holds NaN or Inf. */
#ifndef SER_FEATURES_H
#define SER_FEATURES_H

#include "ser/error.h"

#define SER_N_FEATURES 74
#define SER_SAMPLE_RATE 44100
#define SER_FRAME 1024
#define SER_HOP 512

/* Feature names in THESIS.md order: the column order models are trained on.
 * The Emo-Soundscapes tables name their columns the same way, so the data
 * set loader (dataset.h) looks its 74 columns up by these names too. */
extern const char *const ser_feature_names[SER_N_FEATURES];

/* Feature-space tag of ser extract's features (stored in model files). */
#define SER_FEATURE_SPACE "ser-meyda-v1"
/* The extractor's version, written into feature caches (featcache.h) so
 * that features computed by another definition are never reused. Bump it,
 * and SER_FEATURE_SPACE, whenever ser extract's numbers change.
 * 2: files at other rates than 44.1 kHz are resampled by libsoxr instead
 * of libsamplerate (a few 1e-4 apart; same space: both approximate the
 * same band-limited resampling, 44.1 kHz files are unchanged). */
#define SER_FEATURE_VERSION 2

/* An extractor owns the FFT plan, filterbanks and scratch buffers. It is not
 * shared between threads: make one per thread. */
typedef struct ser_extractor ser_extractor;

ser_extractor *ser_extractor_new(ser_err *err);
void ser_extractor_free(ser_extractor *x);

/* Optional progress report during ser_extract_file: fn(ud, fraction of the
 * file decoded) after every block, from the thread that extracts. */
typedef void (*ser_progress_fn)(void *ud, double fraction);
void ser_extractor_set_progress(ser_extractor *x, ser_progress_fn fn,
				void *ud);

/* Decode, downmix, resample and extract the 74 features of one file.
 * 0 on success; -1 with an error naming the file otherwise. Never writes
 * NaN or Inf into out. */
int ser_extract_file(ser_extractor *x, const char *path,
		     double out[SER_N_FEATURES], ser_err *err);

/* The same for an in-memory mono 44.1 kHz signal of n > 0 samples (-1 with
 * "no audio frames" for n == 0; name is used in that message). */
int ser_extract_signal(ser_extractor *x, const float *s, long n,
		       const char *name, double out[SER_N_FEATURES],
		       ser_err *err);

/* Streaming form behind both: reset, push samples in any block sizes,
 * finish into out (returns -1 if nothing was pushed). */
void ser_extractor_reset(ser_extractor *x);
void ser_extractor_push(ser_extractor *x, const float *s, long n);
int ser_extractor_finish(ser_extractor *x, double out[SER_N_FEATURES]);

/* Frames analysed since the last reset (after finish: the file's count). */
long ser_extractor_frames(const ser_extractor *x);

#endif
