/* cv.h - K-fold cross-validation of regression models on a ser_dataset.
 *
 * Every model and every target sees the SAME folds (ser_kfold: sklearn
 * KFold semantics, shuffled from `seed` or in file order), so per-fold
 * scores of two models can be compared pairwise - the fair A/B that the
 * thesis did not run. Scores per model x target x fold (sklearn r2_score,
 * mean_squared_error) and every out-of-fold prediction are kept.
 *
 * Models are family specs (family.h): the CV knows no family by name, so
 * a new family (one file and a table entry in family.c) is cross-validated
 * with no change here. */
#ifndef SER_CV_H
#define SER_CV_H

#include <stdint.h>
#include <stdio.h>

#include "ser/dataset.h"
#include "ser/error.h"
#include "ser/export.h"
#include "ser/family.h"
#include "ser/grid.h"
#include "ser/stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called after each fitted fold: done of total (= models x targets x k). */
typedef void (*ser_cv_progress)(void *ctx, int done, int total,
				const char *model, const char *target,
				int fold);

/* Called after each MLP epoch: done folds of total as above, plus epoch of
 * epochs within the fold being fitted. */
typedef void (*ser_cv_epoch_progress)(void *ctx, int done, int total,
				      const char *model, const char *target,
				      int fold, int epoch, int epochs);

#define SER_CV_MAX_MODELS 8

/* Input scaling inside the CV. FOLD: min-max (minmax.h) fitted on each
 * fold's training rows and applied to its train and test rows, test
 * values clipped to the training range (minmax.h) - what
 * `ser train` does on all rows, so CV scores what training will produce,
 * and no test row leaks into the scaling. NONE: features as given (the
 * thesis's protocol: Normalized_Features.csv is already scaled over all
 * 1213 rows by the data set's authors). AUTO: NONE for that table
 * (space SER_SPACE_EMO), FOLD for every other (raw Features.csv, ser
 * extract output), whose columns span wildly different ranges. */
typedef enum ser_cv_norm {
	SER_CV_NORM_AUTO = 0,
	SER_CV_NORM_NONE,
	SER_CV_NORM_FOLD
} ser_cv_norm;

/* "auto" / "none" / "fold"; -1 for an unknown name. */
SER_API int ser_cv_norm_from_name(const char *name);
SER_API const char *ser_cv_norm_name(ser_cv_norm n);
/* AUTO resolved for ds: NONE for SER_SPACE_EMO, FOLD otherwise. */
SER_API ser_cv_norm ser_cv_norm_resolve(ser_cv_norm n, const ser_dataset *ds);

typedef struct ser_cv_opts {
	int k;                  /* 10 */
	int shuffle;            /* 1 */
	uint64_t seed;          /* 0 */
	int n_models;           /* 1 */
	ser_spec models[SER_CV_MAX_MODELS]; /* {svr defaults} */
	/* -1 (default): the CV's folds (shuffle), shared with every other
	 * model - the fair protocol. 0 / 1: model m gets its own unshuffled /
	 * shuffled folds, which is how the thesis compared SVR (shuffled) with
	 * MLP (unshuffled); no paired comparison is then made with it. */
	int model_folds[SER_CV_MAX_MODELS];
	int n_targets;          /* 2 */
	ser_target targets[SER_N_TARGETS];  /* {arousal, valence} */
	ser_cv_norm normalize;              /* SER_CV_NORM_AUTO */
	/* -1 (default): the reports compare every pair of models; m: each
	 * other model with model m only (ser_cv_pairs) */
	int baseline;
	ser_cv_progress progress;           /* NULL */
	ser_cv_epoch_progress epoch_progress; /* NULL; gets progress_ctx */
	void *progress_ctx;
	/* fits, folds, targets and grid points run on this many threads
	 * (pool.h); results are the same bytes for every count */
	int threads;                        /* 1 */
	/* permutation importance: each feature's drop in out-of-fold R^2
	 * when its test column is shuffled (seeded per fit and feature) */
	int importance;                     /* 0 */
	/* nested CV: each outer fold picks model m's point of grids[m]
	 * (borrowed; NULL: the spec alone) by inner_k-fold CV on its
	 * training rows (ser_tune's rule: best mean R^2), refits it on
	 * those rows and scores its test rows. models[m] must be
	 * grids[m]->base's family. */
	int tune;                           /* 0 */
	int inner_k;                        /* 5 */
	const ser_grid *grids[SER_CV_MAX_MODELS];
} ser_cv_opts;

SER_API void ser_cv_opts_default(ser_cv_opts *o);

typedef struct ser_cv_result {
	int k, n, d, n_models, n_targets;
	int shuffle;
	uint64_t seed;
	ser_cv_norm normalize;  /* resolved: NONE or FOLD */
	int baseline;           /* as in the options (-1: none) */
	ser_spec models[SER_CV_MAX_MODELS];  /* the specs, as given */
	ser_target targets[SER_N_TARGETS];
	int *fold_of;   /* n: test fold of each row */
	/* model m's folds when its spec asked for its own (shuffle 0/1 and
	 * different from the CV's), else NULL: use ser_cv_folds(r, m) */
	int *model_fold_of[SER_CV_MAX_MODELS];
	int model_shuffle[SER_CV_MAX_MODELS]; /* shuffle of model m's folds */
	double *r2;     /* [(m * n_targets + t) * k + f] */
	double *mse;    /* same layout */
	double *pred;   /* [(m * n_targets + t) * n + i]: out-of-fold prediction */
	double *imp;    /* with importance: [((m * n_targets + t) * k + f) * d
			 * + j], R^2 drop of feature j; else NULL */
	/* nested CV (tune): copies of the grids, the inner folds, and the
	 * point chosen in outer fold f: chosen[(m * n_targets + t) * k + f] */
	int tuned, inner_k;
	ser_grid *grids[SER_CV_MAX_MODELS];
	int *chosen;
} ser_cv_result;

SER_API ser_cv_result *ser_cv_run(const ser_dataset *ds, const ser_cv_opts *o,
			  ser_err *err);
SER_API void ser_cv_result_free(ser_cv_result *r);

/* Model m's family name ("svr"). */
static inline const char *ser_cv_model_name(const ser_cv_result *r, int m)
{
	return r->models[m].family->name;
}

static inline long ser_cv_at(const ser_cv_result *r, int m, int t)
{
	return (long)m * r->n_targets + t;
}

/* The test fold of each row as model m saw it. */
static inline const int *ser_cv_folds(const ser_cv_result *r, int m)
{
	return r->model_fold_of[m] ? r->model_fold_of[m] : r->fold_of;
}

/* 1 when models a and b were scored on the same folds (so a paired
 * comparison of their per-fold scores is meaningful). */
static inline int ser_cv_same_folds(const ser_cv_result *r, int a, int b)
{
	/* folds are a function of (shuffle, seed) and the seed is shared */
	return r->model_shuffle[a] == r->model_shuffle[b];
}

/* The model fitted on fold f for target t gets the seed
 * ser_fit_seed(seed, t, f) (family.h), t the target itself, not its place
 * in opts.targets. */

/* Mean and std of feature j's importance over folds (model m, target t). */
SER_API void ser_cv_importance(const ser_cv_result *r, int m, int t, int j,
		       double *mean, double *std);

/* Undefined scores. A fold with fewer than 2 test rows has no R^2
 * (scikit-learn's r2_score gives nan): its r2 is NaN, reported as
 * undefined ("-" in text, null in JSON). K <= n/2 folds guarantee every
 * fold 2 test rows. Means and stds are over the defined folds only, and
 * paired statistics over the folds where both models' scores are. */

/* Mean and population std (ddof 0, as the thesis's tables) over the
 * folds of model m, target index t, where the score is defined (R^2 when
 * mse == 0, else MSE); NaN when none is. *n_defined (may be NULL) gets
 * how many folds that was. */
SER_API void ser_cv_score_summary(const ser_cv_result *r, int m, int t, int mse,
			  double *mean, double *std, int *n_defined);
/* Both of the above at once, without the counts. */
SER_API void ser_cv_summary(const ser_cv_result *r, int m, int t, double *r2_mean,
		    double *r2_std, double *mse_mean, double *mse_std);

/* The fair A/B (cv_compare.c): per-fold scores of models a and b on target
 * index t compared pairwise (differences a - b), R^2 when mse == 0 else
 * MSE, over the folds where both are defined (out->n of them). Fewer than
 * 2 such folds: every statistic NaN, returns 0. Fails when the two were
 * not scored on the same folds. */
SER_API int ser_cv_paired(const ser_cv_result *r, int a, int b, int t, int mse,
		  ser_paired *out, ser_err *err);

/* The corrected resampled t-test (stats.h, Nadeau & Bengio 2003) of
 * models a and b on target index t, pooled over every fold of every run:
 * J = n_runs x K paired scores (fewer when some are undefined), with
 * n_test / n_train = 1 / (K - 1), beside the plain paired t-test over the
 * same J pairs (which ignores that the training sets overlap and so
 * overstates significance). For repeated K-fold this is the p-value to
 * report. Fewer than 2 pairs: statistics NaN, returns 0. */
typedef struct ser_cv_pooled {
	int n;                      /* J: pairs used */
	double test_train;          /* 1 / (K - 1) */
	double diff_mean, diff_std; /* of a - b; std with ddof 1 */
	double t, p;                /* corrected resampled t-test, df J - 1 */
	double t_plain, p_plain;    /* plain paired t-test, same pairs */
} ser_cv_pooled;

SER_API int ser_cv_pooled_ttest(const ser_cv_result *const *runs, int n_runs, int a,
			int b, int t, int mse, ser_cv_pooled *out,
			ser_err *err);

/* The pairs (a, b) the reports compare, differences a - b: every a < b,
 * or with a baseline every other model m as (m, baseline); pairs scored on
 * different folds included (the reports say why they are not compared).
 * pairs holds SER_CV_MAX_PAIRS; returns the count. */
#define SER_CV_MAX_PAIRS (SER_CV_MAX_MODELS * (SER_CV_MAX_MODELS - 1) / 2)
SER_API int ser_cv_pairs(const ser_cv_result *r, int pairs[][2]);

/* Repeated K-fold: run i uses seed o->seed + i for its folds and its
 * models' fits. Progress callbacks see done/total over all
 * runs. */
typedef struct ser_cv_repeats {
	int n;
	ser_cv_result **run;
} ser_cv_repeats;

SER_API ser_cv_repeats *ser_cv_run_repeats(const ser_dataset *ds,
				   const ser_cv_opts *o, int repeats,
				   ser_err *err);
SER_API void ser_cv_repeats_free(ser_cv_repeats *rr);

/* Reports (cv_report.c). The text report lays out per-fold tables and a
 * summary like THESIS.md's; the JSON one is
 * {"models":{"svr":<ser_spec_json>,..},"folds":K,"seed":S,"shuffle":B,
 *  "n":N,"d":D,"results":{"svr":{"arousal":
 *  {"r2":[..],"mse":[..],"r2_mean":..,"r2_std":..,"mse_mean":..,
 *   "mse_std":..},..}}} with numbers printed %.9g. Predictions CSV:
 * header model,target,fold,file,y_true,y_pred (fold from 0), rows grouped
 * by model, target and fold, in file order within a fold; written
 * atomically to path ("-" = stdout). */
SER_API int ser_cv_write_text(const ser_cv_result *r, const ser_dataset *ds,
		      FILE *fp, ser_err *err);
SER_API int ser_cv_write_json(const ser_cv_result *r, const ser_dataset *ds,
		      FILE *fp, ser_err *err);
SER_API int ser_cv_write_predictions(const ser_cv_result *r, const ser_dataset *ds,
			     const char *path, ser_err *err);

/* With two or more models the text and JSON reports also hold the paired
 * comparison of every pair of models scored on the same folds (or of each
 * model with the baseline: ser_cv_pairs, b the baseline), per target,
 * for R^2 and MSE: both means +- std, the differences (a - b) per fold,
 * their mean +- std, and paired t-test and Wilcoxon p-values. JSON:
 * "paired":[{"a":"svr","b":"mlp","target":"arousal","metric":"r2",
 * "a_mean":..,"a_std":..,"b_mean":..,"b_std":..,"diff":[..],"diff_mean":..,
 * "diff_std":..,"t":..,"p_t":..,"wilcoxon":..,"p_wilcoxon":..},..]
 * (an infinite t is null), "corrected":[{"a":..,"b":..,"target":..,
 * "metric":..,"folds":J,"test_train":..,"diff_mean":..,"diff_std":..,
 * "t":..,"p":..,"t_plain":..,"p_plain":..},..] (ser_cv_pooled of the run);
 * and "model_shuffle":{"svr":true,"mlp":false} when a model had its own
 * folds. Every object ends with "std_ddof":0: each "*_std" is the
 * population std, except the sample std (ddof 1) "diff_std" of
 * "corrected" entries. An undefined score or statistic is null, never
 * 0 or nan; means skip the nulls.
 *
 * Repeats: the text report prints every run's report under "== run i
 * (seed S)", then the spread over runs: per model and target the mean,
 * std (ddof 0), min and max of the runs' mean R^2 and MSE, and per pair
 * the runs' mean difference and how many runs had p < 0.05, then the
 * corrected resampled t-test pooled over all R x K folds (the p-value to
 * report for repeated K-fold) beside the plain one.
 *
 * ser_cv_write_repeats_json writes the report of any number of runs R
 * with the single-run keys keeping their meaning, so one reader handles
 * both: {"meta":<meta, meta.h>,"folds":K,"seed":S,"shuffle":B,"n":N,
 * "d":D,"models":{"svr":<ser_spec_json>,..},"results":..,"paired":..,
 * "corrected":..,"normalize":..,"std_ddof":0,"repeats":R} where
 * "results" and "paired" pool all R x K folds (the "r2"/"mse"/"diff"
 * arrays hold run 0's K folds, then run 1's, ...; means and the plain
 * tests over all R x K pairs; the folds of different runs share rows, so
 * those p-values are optimistic) and "corrected" is the corrected
 * resampled t-test over the R x K folds (ser_cv_pooled_ttest: the
 * p-value to report); when R > 1 also "runs":[<run i's single-run
 * object>,..] and "spread":[{"model":..,"target":..,"r2_mean":..,
 * "r2_std":..,"r2_min":..,"r2_max":..,"mse_mean":..,"mse_std":..},..]
 * (over the runs' fold means). meta may be NULL (no "meta" key).
 * Predictions: one file with a first column "run" (from 0) before the
 * single-run columns. */
SER_API int ser_cv_write_repeats_text(const ser_cv_repeats *rr,
			      const ser_dataset *ds, FILE *fp, ser_err *err);
SER_API int ser_cv_write_repeats_json(const ser_cv_repeats *rr,
			      const ser_dataset *ds, const char *meta,
			      FILE *fp, ser_err *err);
SER_API int ser_cv_write_repeats_predictions(const ser_cv_repeats *rr,
				     const ser_dataset *ds, const char *path,
				     ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
