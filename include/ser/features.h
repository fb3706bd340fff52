/* features.h - the 74 per-file features of the thesis app (Meyda 5.6
 * definitions, done right; see ../shared/THESIS.md, features_meyda.h and features.c).
 *
 * Pipeline: mono 44.1 kHz signal (audio.h) -> frames of 1024, hop 512, Hann
 * -> 14 Meyda features per frame (features_meyda.h) -> mean and population std per
 * file, accumulated in one streaming pass (Welford).
 *
 * Framing (the Meyda space; the robust space's differs, below): frame k
 * covers samples [512k, 512k + 1024) for every frame fully
 * inside the signal; a signal shorter than 1024 samples is zero-padded to
 * one frame. A frame value Meyda leaves undefined (NaN or Inf: centroid,
 * spread, skewness, kurtosis, flatness, slope, sharpness on digital
 * silence) is left out of that feature's mean and std; a feature undefined
 * on every frame is 0. The output never holds NaN or Inf. */
#ifndef SER_FEATURES_H
#define SER_FEATURES_H

#include <stdio.h>

#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_N_FEATURES 74
#define SER_SAMPLE_RATE 44100
#define SER_FRAME 1024
#define SER_HOP 512

/* Feature names in THESIS.md order: the column order models are trained on.
 * The Emo-Soundscapes tables name their columns the same way, so the data
 * set loader (dataset.h) looks its 74 columns up by these names too. */
SER_API extern const char *const ser_feature_names[SER_N_FEATURES];

/* ser's two feature spaces: the same 74 names, two ways to compute them.
 *
 * SER_SPACE_MEYDA ("ser-meyda-v1"): Meyda's values, exactly, as above.
 *
 * SER_SPACE_ROBUST ("ser-robust-v1"): Meyda's per-frame formulas, but what
 * cannot be heard does not decide the features, so a transparent
 * re-encoding (Ogg, MP3, 48 kHz / 24-bit) barely moves them
 * (docs/features.md has the measurements that chose these rules):
 * - framing: hop SER_ROBUST_HOP; SER_FRAME - hop zeros before the signal
 *   and zeros after it up to the end of the last frame that holds a
 *   sample, so every sample is in SER_FRAME / hop frames and a shift of
 *   the signal (an encoder's delay) barely changes what is seen;
 * - gate: a frame's level is 20 log10(rms / 0.6124) dBFS, rms Meyda's of
 *   the windowed frame (0.6124 the Hann window's rms: a full-scale sine
 *   reads -3 dBFS). A frame below SER_ROBUST_FLOOR_DB, or whose level in
 *   whole dB (floor) is more than SER_ROBUST_GATE_DB below the loudest
 *   frame's, is left out of every feature, as digital silence is left
 *   out of the undefined ones in Meyda's space. Levels are binned per
 *   whole dB while the file streams: one pass, constant memory;
 * - weights: each kept frame counts in the means and stds in proportion
 *   to its rms, so faint frames (pre-echo, fades) count little;
 * - spectrum (ser_meyda_robust): spectral shape and Bark bands below
 *   SER_ROBUST_BAND_HZ, under codecs' low-pass; there, amplitudes more
 *   than SER_ROBUST_SPECTRAL_FLOOR_DB below the frame's largest raised
 *   to that floor; zero-crossings with a hysteresis of
 *   SER_ROBUST_ZCR_HYSTERESIS times the frame's rms.
 * A file whose every frame is gated gets 74 zeros. */
typedef enum ser_space { SER_SPACE_MEYDA = 0, SER_SPACE_ROBUST } ser_space;

#define SER_FEATURE_SPACE_MEYDA "ser-meyda-v1"
#define SER_FEATURE_SPACE_ROBUST "ser-robust-v1"
/* the space ser's commands extract in unless told otherwise */
#define SER_FEATURE_SPACE SER_FEATURE_SPACE_ROBUST
#define SER_SPACE_DEFAULT SER_SPACE_ROBUST

#define SER_ROBUST_HOP 256
#define SER_ROBUST_GATE_DB 60
#define SER_ROBUST_FLOOR_DB (-90)
#define SER_ROBUST_BAND_HZ 16000
#define SER_ROBUST_SPECTRAL_FLOOR_DB 60
#define SER_ROBUST_ZCR_HYSTERESIS 0.01

/* The tag stored in model files and caches for a space. */
SER_API const char *ser_space_tag(ser_space s);
/* "meyda" / "robust" or a tag: 0 and *s set; -1 for anything else. */
SER_API int ser_space_parse(const char *name, ser_space *s);

/* The extractor's version, written into feature caches (features_cache.h) next
 * to the space's tag so that features computed by another definition are
 * never reused. Bump it, and the space's tag, whenever a space's numbers
 * change.
 * 2: files at other rates than 44.1 kHz are resampled by libsoxr instead
 * of libsamplerate (a few 1e-4 apart; same spaces: both approximate the
 * same band-limited resampling, 44.1 kHz files are unchanged). */
#define SER_FEATURE_VERSION 2

/* A features table to write: the one CSV layout of `ser extract` and of the
 * feature cache of `ser train --audio` (which the data set loader and
 * `ser predict --features-csv` read back). Header: "file", the key_names,
 * the d feature names; then one row per file whose X row does not start
 * with NaN (a file that could not be extracted is left out). */
typedef struct ser_feature_table {
	int n, d;
	char *const *files;            /* n names: the "file" column */
	const double *X;               /* n x d, row-major */
	const char *const *names;      /* d feature names */
	int n_keys;                    /* extra columns after "file" (0) */
	const char *const *key_names;  /* n_keys names */
	char *const *keys;             /* n x n_keys cells, row-major */
	int digits;                    /* significant digits: 9 (float
					* precision) or 17 (exact round trip) */
} ser_feature_table;

/* Returns the number of rows written, -1 on a write error naming `where`. */
SER_API int ser_features_write_csv(FILE *fp, const ser_feature_table *t,
				   const char *where, ser_err *err);
/* The same rows as one JSON array of objects, one per file, with the CSV's
 * columns as keys: [{"file":"a.wav","rms_mean":0.0123,...},...]. */
SER_API int ser_features_write_json(FILE *fp, const ser_feature_table *t,
				    const char *where, ser_err *err);

/* An extractor owns the FFT plan, filterbanks and scratch buffers. It is not
 * shared between threads: make one per thread. */
typedef struct ser_extractor ser_extractor;

/* A new extractor computes SER_SPACE_MEYDA; set_space switches (it also
 * resets). */
SER_API ser_extractor *ser_extractor_new(ser_err *err);
SER_API void ser_extractor_free(ser_extractor *x);
SER_API void ser_extractor_set_space(ser_extractor *x, ser_space s);
SER_API ser_space ser_extractor_space(const ser_extractor *x);

/* Optional progress report during ser_extract_file: fn(ud, fraction of the
 * file decoded) after every block, from the thread that extracts. */
typedef void (*ser_progress_fn)(void *ud, double fraction);
SER_API void ser_extractor_set_progress(ser_extractor *x, ser_progress_fn fn,
				void *ud);

/* Decode, downmix, resample and extract the 74 features of one file.
 * 0 on success; -1 with an error naming the file otherwise. Never writes
 * NaN or Inf into out. */
SER_API int ser_extract_file(ser_extractor *x, const char *path,
		     double out[SER_N_FEATURES], ser_err *err);

/* The same for an in-memory mono 44.1 kHz signal of n > 0 samples (-1 with
 * "no audio frames" for n == 0; name is used in that message). */
SER_API int ser_extract_signal(ser_extractor *x, const float *s, long n,
		       const char *name, double out[SER_N_FEATURES],
		       ser_err *err);

/* Streaming form behind both: reset, push samples in any block sizes,
 * finish into out (returns -1 if nothing was pushed). */
SER_API void ser_extractor_reset(ser_extractor *x);
SER_API void ser_extractor_push(ser_extractor *x, const float *s, long n);
SER_API int ser_extractor_finish(ser_extractor *x, double out[SER_N_FEATURES]);

/* Frames analysed since the last reset (after finish: the file's count). */
SER_API long ser_extractor_frames(const ser_extractor *x);
/* After finish in SER_SPACE_ROBUST: the frames the gate kept (in
 * SER_SPACE_MEYDA: all frames). */
SER_API long ser_extractor_frames_kept(const ser_extractor *x);

#ifdef __cplusplus
}
#endif

#endif
