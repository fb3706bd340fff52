/* cv.h - K-fold cross-validation of regression models on a ser_dataset.
 *
 * Every model and every target sees the SAME folds (ser_kfold: sklearn
 * KFold semantics, shuffled from `seed` or in file order), so per-fold
 * scores of two models can be compared pairwise - the fair A/B that the
 * thesis did not run. Scores per model x target x fold (sklearn r2_score,
 * mean_squared_error) and every out-of-fold prediction are kept.
 *
 * Adding a model kind: a value in ser_model_kind, its parameters in
 * ser_model_spec, a name in ser_model_kind_from_name and a case in
 * cv.c's fit_predict(). Nothing else changes. */
#ifndef SER_CV_H
#define SER_CV_H

#include <stdint.h>
#include <stdio.h>

#include "ser/dataset.h"
#include "ser/error.h"
#include "ser/mlp.h"
#include "ser/svr.h"

typedef enum ser_model_kind { SER_MODEL_SVR = 0, SER_MODEL_MLP } ser_model_kind;

typedef struct ser_model_spec {
	ser_model_kind kind;
	ser_svr_params svr;             /* kind == SER_MODEL_SVR */
	ser_mlp_params mlp;             /* kind == SER_MODEL_MLP */
	int mlp_hidden[SER_MLP_MAX_LAYERS];
	int mlp_n_hidden;               /* {50, 20}: the thesis network */
} ser_model_spec;

/* The thesis's defaults for kind (SVR: C 1, epsilon 0.1, gamma auto). */
void ser_model_spec_default(ser_model_spec *s, ser_model_kind kind);
/* "svr" / "mlp"; -1 for an unknown name. */
int ser_model_kind_from_name(const char *name);
const char *ser_model_kind_name(ser_model_kind kind);

/* Called after each fitted fold: done of total (= models x targets x k). */
typedef void (*ser_cv_progress)(void *ctx, int done, int total,
				const char *model, const char *target,
				int fold);

#define SER_CV_MAX_MODELS 8

typedef struct ser_cv_opts {
	int k;                  /* 10 */
	int shuffle;            /* 1 */
	uint64_t seed;          /* 0 */
	int n_models;           /* 1 */
	ser_model_spec models[SER_CV_MAX_MODELS]; /* {svr defaults} */
	int n_targets;          /* 2 */
	ser_target targets[SER_N_TARGETS];  /* {arousal, valence} */
	ser_cv_progress progress;           /* NULL */
	void *progress_ctx;
} ser_cv_opts;

void ser_cv_opts_default(ser_cv_opts *o);

typedef struct ser_cv_result {
	int k, n, n_models, n_targets;
	int shuffle;
	uint64_t seed;
	ser_model_kind kinds[SER_CV_MAX_MODELS];
	ser_target targets[SER_N_TARGETS];
	int *fold_of;   /* n: test fold of each row */
	double *r2;     /* [(m * n_targets + t) * k + f] */
	double *mse;    /* same layout */
	double *pred;   /* [(m * n_targets + t) * n + i]: out-of-fold prediction */
} ser_cv_result;

ser_cv_result *ser_cv_run(const ser_dataset *ds, const ser_cv_opts *o,
			  ser_err *err);
void ser_cv_result_free(ser_cv_result *r);

static inline long ser_cv_at(const ser_cv_result *r, int m, int t)
{
	return (long)m * r->n_targets + t;
}

/* Mean and population std over folds of model m, target index t. */
void ser_cv_summary(const ser_cv_result *r, int m, int t, double *r2_mean,
		    double *r2_std, double *mse_mean, double *mse_std);

/* Reports (cv_report.c). The text report lays out per-fold tables and a
 * summary like THESIS.md's; the JSON one is
 * {"folds":K,"seed":S,"shuffle":B,"n":N,"d":D,"results":{"svr":{"arousal":
 *  {"r2":[..],"mse":[..],"r2_mean":..,"r2_std":..,"mse_mean":..,
 *   "mse_std":..},..}}} with numbers printed %.9g. Predictions CSV:
 * header model,target,fold,file,y_true,y_pred (fold from 0), rows grouped
 * by model, target and fold, in file order within a fold; written
 * atomically to path ("-" = stdout). */
int ser_cv_write_text(const ser_cv_result *r, const ser_dataset *ds,
		      FILE *fp, ser_err *err);
int ser_cv_write_json(const ser_cv_result *r, const ser_dataset *ds,
		      FILE *fp, ser_err *err);
int ser_cv_write_predictions(const ser_cv_result *r, const ser_dataset *ds,
			     const char *path, ser_err *err);

#endif
