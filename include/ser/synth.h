/* dataset_synth.h - a synthetic data set in the exact Emo-Soundscapes on-disk
 * format, for tests and benchmarks (the real one is not redistributable).
 *
 * DIR becomes an Emo-Soundscapes root:
 *   Emo-Soundscapes-Features/Features.csv             raw, empty first header name
 *   Emo-Soundscapes-Features/Normalized_Features.csv  min-max, first column "fileName"
 *   Emo-Soundscapes-Rankings/{Arousal,Valence}.csv    headerless "file,rank", 1..rows
 *   Emo-Soundscapes-Ratings/{Arousal,Valence}.csv     headerless "file,rating",
 *                                                     1 - 2 (rank - 1) / rows
 *   SYNTHETIC.txt                                     says so, with rows and seed
 * with old-Mac CR line endings and the 122 column names of the real tables
 * (the 74 thesis features among them). Rankings and ratings are written in
 * file-name order, features in generation order, so a loader must align by
 * name.
 *
 * The features are noisy nonlinear views of a few latent factors; arousal
 * and valence are smooth nonlinear functions of those factors plus noise
 * (more for valence), ranked. An RBF SVR scores roughly like the thesis on
 * the real data (R^2 about 0.75 arousal, 0.5 valence). Same seed, same
 * bytes (ser_rng). */
#ifndef SER_SYNTH_H
#define SER_SYNTH_H

#include <stdint.h>
#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_SYNTH_COLS 122
SER_API extern const char *const ser_synth_col_names[SER_SYNTH_COLS];

/* rows >= 2. Creates DIR and its subfolders as needed; each file is
 * written atomically. */
SER_API int ser_synth_dataset(const char *dir, int rows, uint64_t seed, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
