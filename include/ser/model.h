/* model.h - a trained (or imported) valence/arousal predictor and its .ser
 * file.
 *
 * A model holds, for each target (valence, arousal), a regressor of one
 * family (family.h; or none: a model may predict only one target), the names of the
 * d input features in the order the regressors expect them, the feature
 * space they come from, the input normalizer and where the model came from.
 *
 * Normalizer: prediction input x' = (x - min) / (max - min) per feature,
 * with min and max the training features' range; a feature with max == min
 * (constant in training) maps to 0. Values outside the range are NOT
 * clipped (the regressors extrapolate) unless the model has the flag
 * SER_MODEL_CLAMP, which clips x' to [0, 1]: used when the ranges come from
 * a reference corpus rather than the training rows (ser import --ranges),
 * so that networks are never fed values beyond those they were trained on.
 * An imported thesis model without ranges has min 0, max 1 (identity): its
 * inputs are already normalized features.
 *
 * File format (.ser), all integers and floats little-endian:
 *
 *   offset 0   8 bytes  magic "SERMODL\0"
 *          8   u32      format version (1 or 2, see below)
 *         12   u32      CRC-32 (zlib) of the payload
 *         16   u64      payload length in bytes
 *         24   payload  (layout in model_io.c; every field is checked on
 *                        load: sizes, finite values, known kinds)
 *
 * Version 2 adds the flags and the normalizer's provenance after the
 * normalizer. Version 3 is version 2's layout, written when a regressor's
 * family is newer than version 2 (ridge), so older ser builds refuse it
 * by its version rather than by an unknown kind. A model with no flags and no such note is still written as
 * version 1, byte for byte as before, so older ser builds keep reading it;
 * both versions load.
 *
 * Loading rejects a foreign file (bad magic), a newer version, a truncated
 * or extended file (length), a corrupt one (CRC) and an inconsistent one
 * (sizes, NaN/Inf, unknown kinds), each with a one-line message naming the
 * file. Saving is atomic (ser_outfile). */
#ifndef SER_MODEL_H
#define SER_MODEL_H

#include <stdint.h>
#include "ser/dataset.h"   /* ser_target, SER_N_TARGETS, SER_SPACE_EMO */
#include "ser/error.h"
#include "ser/export.h"
#include "ser/family.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_MODEL_MAGIC "SERMODL"   /* 8 bytes with the NUL */
#define SER_MODEL_VERSION 3u       /* newest format this ser reads/writes */
#define SER_MODEL_VERSION_MIN 1u   /* oldest format it still reads */

/* Model flags (format version 2). */
#define SER_MODEL_CLAMP 1u         /* clip normalized inputs to [0, 1] */
#define SER_MODEL_UNCALIBRATED 2u  /* the regressors were trained on another
				      feature space than `space`: the
				      normalizer maps between them, not a
				      calibration (THESIS.md defect 8) */
#define SER_MODEL_FLAGS_KNOWN (SER_MODEL_CLAMP | SER_MODEL_UNCALIBRATED)

/* One target's regressor: its family and hyper-parameters (as fitted: an
 * MLP's records its seed and hidden sizes) and the family's fitted state. */
typedef struct ser_regressor {
	ser_spec spec;              /* spec.family NULL: none */
	ser_fitted *fit;            /* owned */
} ser_regressor;

typedef struct ser_model {
	int d;                  /* input features */
	char **feat_names;      /* d names, owned */
	char space[64];         /* feature-space tag (SER_SPACE_EMO, ...) */
	double *min, *max;      /* d each: the normalizer */
	uint32_t flags;         /* SER_MODEL_* */
	char *norm_note;        /* where min/max came from when they are not
				   the training rows' ("" otherwise), owned */
	ser_regressor reg[SER_N_TARGETS];
	/* provenance (strings owned, never NULL after new/load) */
	char *origin;           /* "trained" or "imported from ..." */
	char *data;             /* what it was trained on */
	uint64_t seed;
	char *date;             /* ISO 8601 UTC; $SOURCE_DATE_EPOCH if set */
	char *version;          /* ser version that wrote it */
} ser_model;

/* A model for d features with the given names (copied), identity
 * normalizer (min 0, max 1), no regressors, empty provenance with today's
 * date and this ser version. */
SER_API ser_model *ser_model_new(int d, const char *const *feat_names,
			 const char *space, ser_err *err);
SER_API void ser_model_free(ser_model *m);

/* Replace a provenance string (copied). */
SER_API int ser_model_set_str(char **field, const char *s, ser_err *err);

/* Set the normalizer to the per-column min and max of X (n x d). */
SER_API void ser_model_fit_normalizer(ser_model *m, const double *X, int n);

/* Take ownership of a fitted regressor of spec's family for target t
 * (frees the old one). */
SER_API void ser_model_set(ser_model *m, ser_target t, const ser_spec *spec,
		   ser_fitted *fit);

static inline int ser_model_has(const ser_model *m, ser_target t)
{
	return m->reg[t].spec.family != NULL;
}

/* The family name of target t's regressor, "none" without one. */
/* Everything the file holds as one JSON object text (ser info --format
 * json): {"format_version":3,"space":..,"uncalibrated":B,"clamp":B,
 * "features":D,"models":{"valence":{<ser_spec_json>,"state":".."} or null,
 * "arousal":..},"origin":..,"data":..,"seed":S,"date":..,"written_by":..,
 * "ranges":..,"normalizer":[{"feature":..,"min":..,"max":..},..]}.
 * malloc'd; NULL when out of memory. */
SER_API char *ser_model_json(const ser_model *m, ser_err *err);

SER_API const char *ser_model_family_name(const ser_model *m, ser_target t);

/* x' = (x - min) / (max - min); 0 where max == min; clipped to [0, 1]
 * when m has SER_MODEL_CLAMP. */
SER_API void ser_model_normalize(const ser_model *m, const double *x, double *xn);

/* The clipping step of ser_model_normalize for n already-normalized
 * values (no-op without SER_MODEL_CLAMP). */
SER_API void ser_model_clamp(const ser_model *m, double *xn, long n);

/* The format version ser_model_save writes for m: 1 when it has no flags
 * and no normalizer note, else 2; at least every family's own minimum
 * (3 for ridge, whose kind older ser builds do not know). */
SER_API uint32_t ser_model_format_version(const ser_model *m);

/* Predict one target for an already-normalized row. NaN if the model has
 * no regressor for t. */
SER_API double ser_model_predict_target(const ser_model *m, ser_target t,
				const double *xn);

/* Check the model is complete and consistent (sizes, finite values, at
 * least one target, every regressor on m->d inputs). Used before saving
 * and after loading; what names the file is the caller's job. */
SER_API int ser_model_check(const ser_model *m, ser_err *err);

/* model_io.c */
SER_API int ser_model_save(const ser_model *m, const char *path, ser_err *err);
SER_API ser_model *ser_model_load(const char *path, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
