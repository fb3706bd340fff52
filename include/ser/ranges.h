/* model_ranges.h - frozen per-feature input ranges from a reference corpus.
 *
 * The thesis's networks take min-max normalized features. The thesis app
 * took min and max over whichever files the user had selected (defect 1: a
 * file's answer depended on the batch). ser freezes them instead: min and
 * max are robust percentiles of each feature over a fixed reference corpus
 * of real sounds, measured once with `ser extract` and stored in the model.
 *
 * Robust: by default the 5th and 95th percentiles, so that a few extreme
 * clips (a click, a near-silence) do not squash every other sound into a
 * corner of [0, 1]. Why not the 1st/99th: spectral kurtosis and skewness
 * are heavy-tailed (kurtosis_mean spans -3e6 .. 1e3 over the reference
 * corpus, median -5); with ~200 clips the 1st percentile is the third most
 * extreme clip, and it put the median clip at 0.98 of the range. Percentiles interpolate linearly between order statistics,
 * numpy's default ("linear", Hyndman & Fan type 7): for sorted values
 * v[0..n), p in [0, 100], h = (n - 1) p / 100, the value is
 * v[floor h] + (h - floor h) (v[floor h + 1] - v[floor h]).
 *
 * Ranges file (what `ser import --ranges-out` writes, --ranges reads back):
 *   feature,min,max,lo_pct,hi_pct,n_files
 * one row per model feature, values printed with %.17g so they round-trip
 * exactly. */
#ifndef SER_RANGES_H
#define SER_RANGES_H

#include "ser/error.h"
#include "ser/export.h"
#include "ser/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_RANGES_LO_PCT 5.0
#define SER_RANGES_HI_PCT 95.0

/* The p-th percentile (0..100) of v[0..n), n >= 1; v is sorted in place. */
SER_API double ser_percentile(double *v, int n, double p);

/* Per column j of X (n x d, n >= 1): min[j] = lo_pct-th and max[j] =
 * hi_pct-th percentile. A constant column gets min == max (the normalizer
 * then maps it to 0). Fails on n < 1 or 0 <= lo_pct <= hi_pct <= 100 not
 * holding. */
SER_API int ser_ranges_compute(const double *X, int n, int d, double lo_pct,
		       double hi_pct, double *min, double *max, ser_err *err);

/* How a set of ranges was measured. */
typedef struct ser_ranges_info {
	double lo_pct, hi_pct;  /* percentiles taken as min and max */
	int n_files;            /* reference clips they were measured on */
} ser_ranges_info;

/* Give model m frozen ranges from `path`, either a ranges file (header
 * starts "feature,min,max") or a `ser extract` features table, whose
 * percentiles info->lo_pct and info->hi_pct are computed here. Features are
 * matched by name (extra columns ignored). Sets m->min/max, m->space =
 * SER_FEATURE_SPACE (the default space; set it after for another) and m->norm_note to a sentence saying how the ranges
 * were measured (`corpus` describes the clips; NULL: the file's name).
 * info receives what the ranges are (from the ranges file's columns when
 * one is read). Errors name the file (and line:column). */
SER_API int ser_model_set_ranges(ser_model *m, const char *path, const char *corpus,
			 ser_ranges_info *info, ser_err *err);

/* Write m's min/max as a ranges file (atomically). */
SER_API int ser_ranges_write(const ser_model *m, const ser_ranges_info *info,
		     const char *path, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
