/* tune.h - `ser tune`: every point of each model's grid (grid.h) scored by
 * K-fold CV on the same folds (ser_kfold, as cv.h), per target; the best
 * point per model and target is the one with the highest mean R^2 (the
 * first such in grid order), as scikit-learn's GridSearchCV(scoring='r2')
 * chooses. With shuffle 0 the folds are KFold(K)'s and the scores equal
 * GridSearchCV's.
 *
 * Fits run on opts.threads threads (pool.h) with seeds
 * ser_fit_seed(seed, target, fold): the same for every point, so points
 * differ only in their parameters, and the output is the same for every
 * thread count. */
#ifndef SER_TUNE_H
#define SER_TUNE_H

#include <stdio.h>

#include "ser/cv.h"
#include "ser/grid.h"
#include "ser/report.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*ser_tune_progress)(void *ctx, int done, int total);

typedef struct ser_tune_opts {
	int k;                  /* 5 */
	int shuffle;            /* 1 */
	uint64_t seed;          /* 0 */
	int n_targets;          /* 2: arousal, valence */
	ser_target targets[SER_N_TARGETS];
	ser_cv_norm normalize;  /* AUTO */
	int threads;            /* 1 */
	int n_models;
	const ser_grid *grids[SER_CV_MAX_MODELS]; /* borrowed */
	ser_tune_progress progress;
	void *progress_ctx;
} ser_tune_opts;

SER_API void ser_tune_opts_default(ser_tune_opts *o);

typedef struct ser_tune_result {
	int k, n, d, shuffle, n_models, n_targets;
	uint64_t seed;
	ser_cv_norm normalize;  /* resolved */
	ser_target targets[SER_N_TARGETS];
	ser_grid *grids[SER_CV_MAX_MODELS];       /* copies */
	/* per model: [(t * n_points + p) * k + f] */
	double *r2[SER_CV_MAX_MODELS], *mse[SER_CV_MAX_MODELS];
	int best[SER_CV_MAX_MODELS][SER_N_TARGETS];
} ser_tune_result;

SER_API ser_tune_result *ser_tune_run(const ser_dataset *ds,
				      const ser_tune_opts *o, ser_err *err);
SER_API void ser_tune_result_free(ser_tune_result *r);

/* Point p of model m on target index t: mean and population std over
 * the folds where the score is defined (R^2 needs 2 test rows). */
SER_API void ser_tune_summary(const ser_tune_result *r, int m, int t, int p,
		      double *r2_mean, double *r2_std, double *mse_mean,
		      double *mse_std);

/* Best point by mean R^2 over the defined folds of r2[p * k .. + k) for
 * p < np: the first maximum; a point with no defined fold is skipped;
 * 0 when none has one. */
SER_API int ser_tune_best(const double *r2, int np, int k);

/* ser train --tune: grid g scored on all rows of ds by k-fold CV (folds
 * shuffled from seed; inputs scaled as ser tune scales them) for each
 * target with targets[t] set; best[t] receives its best point and *note
 * (malloc'd) a one-line summary for the model's provenance: "tuned by
 * 5-fold CV (seed 0) over 18 points of C 0.5,1,2 x ...: arousal C=2
 * ... (R^2 0.78 +- 0.03), valence ...". */
SER_API int ser_tune_for_train(const ser_dataset *ds, const ser_grid *g, int k,
		       uint64_t seed, int threads, const int *targets,
		       ser_spec *best, char **note, ser_err *err);

/* Text: per model and target a table of every point's mean +- std R^2
 * and MSE, the best marked, and a line with the best point. JSON:
 * {"meta":META,"folds":K,"seed":S,"shuffle":B,"n":N,"d":D,
 * "models":{"svr":<the grid's base spec: ser_spec_json>},"results":{"svr":{
 * "arousal":{"best":{..},"best_r2":x,"grid":[{"params":{..},"r2_mean":x,
 * "r2_std":x,"mse_mean":x,"mse_std":x},..]}}}} (numbers %.9g). */
SER_API int ser_tune_write_text(const ser_tune_result *r, FILE *fp,
				ser_err *err);
/* meta: JSON text (meta.h's ser_meta_json) put first under "meta"; NULL
 * leaves it out. */
SER_API int ser_tune_write_json(const ser_tune_result *r, const char *meta,
				FILE *fp, ser_err *err);

/* The HTML report of a tune (report.h): command and settings (settings:
 * rows the result does not record), the best points, and per model and
 * target a heat map of mean R^2 over the first two grid dimensions with
 * more than one value (the others at the best point's values; a line
 * plot for one dimension) and the table of every point. */
SER_API int ser_tune_report(const char *dir, const ser_tune_result *r,
			    const char *command,
			    const ser_report_kv *settings, int n_settings,
			    const char *gnuplot, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
