/* cv_run.h - the core every cross-validation in libser runs on (internal):
 * every (spec, target, fold) fit on one set of folds, as tasks of a work
 * queue (pool.h). cv.c runs it over its models, tune.c over grid points,
 * nested CV over each outer fold's training rows.
 *
 * Results never depend on the thread count: a fit's seed is
 * ser_fit_seed(seed, target, fold) (the same for every spec, so grid
 * points are compared on the same initial weights, as GridSearchCV does
 * with one random_state), each task writes only its own cells, and
 * what fits share (the SVR's kernel matrices) is read-only or computed
 * under a lock to the same values whoever computes it. */
#ifndef SER_CVRUN_H
#define SER_CVRUN_H

#include <stdint.h>

#include "ser/dataset.h"
#include "ser/family.h"
#include "ser/grid.h"

#define SER_N_FAMILIES_MAX 8  /* models in one run (SER_CV_MAX_MODELS) */

/* Called after each fit (spec s, target index t, fold f), under a lock. */
typedef void (*cvrun_done_fn)(void *ctx, int s, int t, int f);
/* Called after each epoch of an iterative fit, under the same lock. */
typedef void (*cvrun_epoch_fn)(void *ctx, int s, int t, int f, int epoch,
			       int epochs);

typedef struct cvrun {
	const double *X;        /* n x d: the data set's rows */
	int n, d;
	const double *const *y; /* y[t]: n targets, target index t */
	const ser_target *targets;
	int n_targets;
	const int *sub;         /* the rows CV'd (NULL: all, m = n) */
	int m;
	const int *fold_of;     /* test fold of each of the m rows */
	int k;
	int fold_norm;          /* min-max scale per fold (cv.h) */
	const ser_spec *specs;
	int n_specs;
	/* or NULL: the spec of fit (s, t, f) is fold_specs[(s * n_targets +
	 * t) * k + f] (nested CV's chosen points; same family as specs[s]) */
	const ser_spec *fold_specs;
	/* a prepared object over all n rows per spec, or NULL: cvrun
	 * prepares one per family (the first spec of that family's params:
	 * a family's prepare() result serves every parameter set of it) */
	void *const *shared;
	uint64_t seed;
	int threads;
	int importance;         /* permutation importance into imp */
	/* only r2 and mse are wanted (tuning; pred must be NULL): families
	 * may score folds from their prepared object (predict_rows) */
	int scores_only;
	/* outputs; cell c = s * n_targets + t */
	double *r2, *mse;       /* [c * k + f] */
	double *pred;           /* [c * m + j], j the row's place in sub; or NULL */
	double *imp;            /* [(c * k + f) * d + feature] */
	cvrun_done_fn done;
	cvrun_epoch_fn epoch;
	void *ctx;
} cvrun;

int cvrun_go(const cvrun *c, ser_err *err);

/* The families' prepared objects over X (n x d) for specs (one per family,
 * at the first spec of each family; others NULL). Release with
 * cvrun_release. */
int cvrun_prepare(const ser_spec *specs, int n_specs, const double *X,
		  int n, int d, void **shared, ser_err *err);
void cvrun_release(const ser_spec *specs, int n_specs, void **shared);

/* Every point of n_models grids as one flat list of specs: model m's
 * points are specs[off[m] .. off[m + 1]). */
typedef struct cvgrid {
	ser_spec *specs;
	int n_specs;
	int off[SER_N_FAMILIES_MAX + 1];
} cvgrid;

int cvgrid_make(cvgrid *g, const ser_grid *const *grids, int n_models,
		ser_err *err);
void cvgrid_free(cvgrid *g);

/* Model m's scores from a cvrun over g's specs (flat r2 with T targets and
 * k folds) into out[(t * n_points + p) * k + f]. */
void cvgrid_take(const cvgrid *g, int m, int T, int k, const double *flat,
		 double *out);

/* Nested CV (cv_nested.c): cv.c's pass over models model_of[0..ns) on
 * their folds, tuned per outer fold (opts.tune). */
struct ser_cv_opts;
struct ser_cv_result;
int ser_cv_nested(const ser_dataset *ds, const struct ser_cv_opts *o,
		  struct ser_cv_result *r, const int *model_of, int ns,
		  ser_err *err);

#endif
