/* predict.h - valence/arousal predictions for feature rows or audio files,
 * and their CSV / JSON output.
 *
 * Normalization (ser_norm_mode):
 *   SER_NORM_MODEL  x' = (x - min) / (max - min) with the MODEL's stored
 *                   ranges: a file's answer never depends on the batch.
 *   SER_NORM_BATCH  the thesis app's per-batch min-max, with its formula
 *                   fixed: min and max over the rows being predicted,
 *                   x' = (x - min) / (max - min), 0 where max == min (so a
 *                   single file gets all zeros). Only for reproducing the
 *                   app; answers change with the batch.
 *
 * A model with one target: the other target is NaN in the arrays and an
 * empty field in CSV / null in JSON; so are quadrant and emotion, which
 * need both coordinates. */
#ifndef SER_PREDICT_H
#define SER_PREDICT_H

#include <stdio.h>
#include "ser/error.h"
#include "ser/export.h"
#include "ser/features.h"
#include "ser/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_norm_mode { SER_NORM_MODEL = 0, SER_NORM_BATCH } ser_norm_mode;
typedef enum ser_pred_format { SER_FMT_CSV = 0, SER_FMT_JSON } ser_pred_format;

/* Rows to predict: n files x d features, columns in the MODEL's order. */
typedef struct ser_inputs {
	int n, d;
	char **files;
	double *X;          /* n * d */
	char space[64];     /* where the features came from */
} ser_inputs;

SER_API void ser_inputs_free(ser_inputs *in);

/* Feature-space tag of a features table, from its header: a "fileName"
 * column is the data set's Normalized_Features.csv (SER_SPACE_EMO), an
 * empty first name its raw Features.csv ("emo-soundscapes-raw"), anything
 * else a `ser extract` table (SER_FEATURE_SPACE, the default space: a
 * table does not record which space it was extracted in). */
SER_API const char *ser_csv_space(const char *const *header, int n_cols);

/* Read a features CSV for model m: the file name from column "file" or
 * "fileName" (else the first column), the model's features picked BY NAME
 * (any order, extra columns ignored). A missing column or a bad number is
 * an error naming file (and line:column). */
SER_API ser_inputs *ser_inputs_read_csv(const char *path, const ser_model *m,
				ser_err *err);

/* col[k] = index in names[0..n) of the model's feature k. -1 with an
 * error naming `source` when the model needs a feature names lacks. */
SER_API int ser_feature_map(const ser_model *m, const char *const *names, int n,
		    int *col, const char *source, ser_err *err);

/* Predict n rows of X (n x m->d): out[2*i] valence, out[2*i+1] arousal
 * (NaN for a target the model lacks). */
SER_API int ser_predict_rows(const ser_model *m, const double *X, int n,
		     ser_norm_mode mode, double *out, ser_err *err);

/* NULL when the input space matches the model's, else a one-line warning
 * (in buf) that the predictions are not calibrated. */
SER_API const char *ser_space_warning(const ser_model *m, const char *input_space,
			      char *buf, size_t size);

/* Write predictions (see the header comment for missing targets). CSV
 * header: file,valence,arousal,quadrant,emotion. JSON: an array of objects
 * with the same keys. `where` names the output for errors. */
SER_API int ser_predictions_write(FILE *fp, ser_pred_format fmt, char *const *files,
			  const double *out, int n, const char *where,
			  ser_err *err);

/* Extract the 74 features of n audio files in `threads` threads (one
 * ser_extractor each), in feature space `space`. X (n x SER_N_FEATURES) receives them in
 * ser_feature_names order; a failed file's row starts with NaN and
 * errs[i] holds its one-line message (malloc'd, NULL for a good file; the
 * caller frees them, e.g. ser_strv_free). Returns the number of
 * failed files, or -1 if nothing could be started. cb (may be NULL) is
 * called after each file, serialized, from worker threads. */
typedef void (*ser_extract_cb)(void *ctx, int done, int total,
			       const char *file);
SER_API int ser_extract_files(char *const *paths, int n, int threads,
		      ser_space space, double *X, char **errs,
		      ser_extract_cb cb, void *ctx, ser_err *err);

/* The same with progress inside files, for long recordings: cb(ctx,
 * progress, done, total) where progress = files done (`done`) + the decoded
 * fraction of each file in progress; called after each file and whenever a
 * file advances by 1%, serialized, from worker threads. */
typedef void (*ser_extract_frac_cb)(void *ctx, double progress, int done,
				    int total);
SER_API int ser_extract_files_frac(char *const *paths, int n, int threads,
			   ser_space space, double *X, char **errs,
			   ser_extract_frac_cb cb, void *ctx, ser_err *err);

/* The space audio must be extracted in for model m: the model's own when
 * it records one of ser's spaces (meyda, robust), else SER_SPACE_DEFAULT
 * (e.g. an imported model on the data set's features: uncalibrated on
 * audio whatever the space, ser_space_warning says so). */
SER_API ser_space ser_model_audio_space(const ser_model *m);

/* Audio files -> rows for model m: the n files are extracted as by
 * ser_extract_files (threads, space: ser_model_audio_space(m) unless the
 * caller knows better, cb) and their features arranged in the model's
 * order; in->space is space's tag. A file that cannot be read
 * is left out of the rows: errs (may be NULL, else n entries) receives its
 * one-line message at its index (NULL for a file that was read; free with
 * ser_strv_free), *failed (may be NULL) their count. NULL on an error that
 * stops everything (the model needs a feature ser does not extract, out of
 * memory). */
SER_API ser_inputs *ser_inputs_from_audio(const ser_model *m,
					  char *const *files, int n,
					  int threads, ser_space space,
					  char **errs, int *failed,
					  ser_extract_cb cb, void *ctx,
					  ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
