/* dataset.h - labelled feature tables: the Emo-Soundscapes layout, or a
 * generic features CSV + labels CSV. Ratings are aligned to features BY FILE
 * NAME; names missing on either side are reported in ds->warn (the caller
 * prints them) and left out.
 *
 * Emo-Soundscapes (see ../shared/THESIS.md and datasets/README.md):
 *   DIR is the Emo-Soundscapes root or its parent. Features come from
 *   Emo-Soundscapes-Features/Normalized_Features.csv (first column
 *   "fileName"), or Features.csv (first header name empty) with raw = 1.
 *   Each target comes from Emo-Soundscapes-Ratings/<Target>.csv
 *   (headerless "file,rating", rating in [-1, 1]); when that file is absent
 *   it is computed from Emo-Soundscapes-Rankings/<Target>.csv (headerless
 *   "file,rank") as rating = 1 - 2 (rank - 1) / N, where N is rank_n when
 *   set and otherwise the number of rows of that rankings file (1213 on the
 *   real data; ranks must lie in 1..N).
 *
 * Generic tables: a features CSV with a header whose file-name column is
 *   "file" (ser extract), "fileName", or an empty first name, and a labels
 *   CSV with header "file,valence,arousal" (either label column may be
 *   absent; its y is then NULL).
 *
 * Feature sets: SER_FEATSET_74 takes the 74 columns of the thesis, looked
 * up by name in THESIS.md order (an error names a missing one); the names
 * are ser_feature_names (features.h): the Emo-Soundscapes tables and
 * ser extract use the same ones, so models take either;
 * SER_FEATSET_ALL takes every numeric column in file order (122 on the real
 * data). A column is numeric when any of its data cells parses as a
 * number; every cell of a chosen column must then be a finite number too
 * (an error names file:line:column otherwise). Every table cell is text:
 * NUL, control bytes and invalid UTF-8 are refused on reading (table.h). */
#ifndef SER_DATASET_H
#define SER_DATASET_H

#include <stdint.h>

#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_target { SER_VALENCE = 0, SER_AROUSAL = 1 } ser_target;
#define SER_N_TARGETS 2
SER_API extern const char *const ser_target_names[SER_N_TARGETS]; /* "valence","arousal" */

/* Feature-space tag of the data set's MIRtoolbox/YAAFE features. */
#define SER_SPACE_EMO "emo-soundscapes-normalized"
#define SER_SPACE_EMO_RAW "emo-soundscapes-raw"

typedef enum ser_featset { SER_FEATSET_74 = 0, SER_FEATSET_ALL } ser_featset;

typedef struct ser_dataset_opts {
	ser_featset features;  /* SER_FEATSET_74 */
	int raw;               /* Emo-Soundscapes: Features.csv, not Normalized */
	int rank_n;            /* N of the rankings formula; 0 = rows of the file */
} ser_dataset_opts;

SER_API void ser_dataset_opts_default(ser_dataset_opts *o);

typedef struct ser_dataset {
	int n, d;
	char **files;       /* n file names (as in the tables), features order */
	char **feat_names;  /* d column names */
	double *X;          /* n * d, row-major */
	double *y[SER_N_TARGETS]; /* ratings in [-1, 1]; NULL when absent */
	char space[64];     /* feature-space tag: SER_SPACE_EMO(_RAW); for a
			     * generic table, from its header as
			     * ser_csv_space (predict.h) tells it */
	/* where each target came from, e.g. ".../Ratings/Arousal.csv" */
	char *y_source[SER_N_TARGETS];
	int n_feature_rows; /* rows of the features table before alignment */
	int n_warn;         /* alignment warnings, one line each */
	char **warn;
} ser_dataset;

SER_API ser_dataset *ser_dataset_load_emo(const char *dir, const ser_dataset_opts *o,
				  ser_err *err);
SER_API ser_dataset *ser_dataset_load_csv(const char *features_csv,
				  const char *labels_csv,
				  const ser_dataset_opts *o, ser_err *err);
SER_API void ser_dataset_free(ser_dataset *ds);

/* A fingerprint of the data a result was computed on: FNV-1a 64 over
 * the row and column counts, the file and feature names (each ended by a
 * 0 byte), the features and the ratings (an absent target hashes as the
 * byte 0, a present one as 1 then its values), each double as its 8
 * IEEE-754 bytes, least significant first, so the value is the same on
 * every machine. Two data sets with the same fingerprint hold the same
 * rows in the same order. */
SER_API uint64_t ser_dataset_fingerprint(const ser_dataset *ds);

/* Target by name ("valence"/"arousal"), -1 if unknown. */
SER_API int ser_target_from_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif
