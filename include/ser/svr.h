/* svr.h - epsilon-SVR with RBF kernel trained by SMO (libsvm's algorithm:
 * second-order working-set selection, shrinking, LRU kernel-row cache).
 * Matches scikit-learn's SVR (which wraps libsvm) on the same data. */
#ifndef SER_SVR_H
#define SER_SVR_H

#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_gamma_mode {
	SER_GAMMA_AUTO = 0,  /* 1 / n_features (the thesis's gamma='auto') */
	SER_GAMMA_SCALE,     /* 1 / (n_features * var(X)) (sklearn 'scale') */
	SER_GAMMA_VALUE      /* the number in gamma */
} ser_gamma_mode;

typedef struct ser_svr_params {
	double C;            /* 1.0 */
	double epsilon;      /* 0.1 */
	ser_gamma_mode gamma_mode;
	double gamma;        /* used when gamma_mode == SER_GAMMA_VALUE */
	double tol;          /* 1e-3 */
	int shrinking;       /* 1 */
	/* kernel-row cache budget; rows are stored as doubles, so it holds
	 * half the rows libsvm's float cache of the same size does (results
	 * do not depend on it) */
	double cache_mb;     /* 200 */
	/* 1: round kernel values to float as libsvm stores them (its Qfloat),
	 * so that models are bit-identical to scikit-learn's; all arithmetic
	 * stays double. 0: full double kernel values (the models then agree
	 * with sklearn's to about 1e-3, the solver's tolerance). */
	int kernel_f32;      /* 1 */
} ser_svr_params;

SER_API void ser_svr_params_default(ser_svr_params *p);

/* A trained model: f(x) = sum_i coef[i] * exp(-gamma |sv_i - x|^2) + b.
 * (coef = sklearn's dual_coef_, b = intercept_ = -rho.) */
typedef struct ser_svr {
	int d;          /* features */
	int n_sv;
	double gamma;   /* resolved value */
	double b;
	double *sv;     /* n_sv * d, row-major */
	double *coef;   /* n_sv */
	long n_iter;    /* SMO iterations of training (0 for a loaded model) */
	/* the kernel row of each support vector when trained on a shared
	 * kernel (ser_svr_train_rows), else NULL; not saved */
	int *sv_row;
} ser_svr;

/* Resolve the params' gamma for data X (n x d). */
SER_API double ser_svr_gamma(const ser_svr_params *p, const double *X, int n, int d);
/* The same for the rows rows[0..m) of X (rows NULL: the first m rows). */
SER_API double ser_svr_gamma_rows(const ser_svr_params *p, const double *X, int d,
			  const int *rows, int m);

/* RBF kernel rows over a whole data set, computed on demand and kept in an
 * LRU cache of p->cache_mb, for many fits on subsets of the same rows:
 * K-fold CV trains 2K models whose kernel values all come from one n x n
 * matrix, so each value is computed once instead of up to 2(K-1) times.
 * gamma is resolved on all n rows; X is borrowed and must outlive the
 * kernel. Not thread-safe: one kernel per thread. */
typedef struct ser_svr_kernel ser_svr_kernel;
SER_API ser_svr_kernel *ser_svr_kernel_new(const double *X, int n, int d,
				   const ser_svr_params *p, ser_err *err);
/* The same for many fits at once, on threads: instead of an LRU cache it
 * holds whole n x n matrices, one per (gamma, kernel_f32) the fits ask
 * for, each computed on first use (under a lock) and read-only after, so
 * every fold, target, C and epsilon with that gamma reads one matrix.
 * Values are the LRU kernel's to the bit. A matrix larger than
 * p->cache_mb, gamma 'scale' (which depends on the rows) and more than 64
 * gammas fall back to a private kernel per fit. ser_svr_train_rows on it
 * is thread-safe. */
SER_API ser_svr_kernel *ser_svr_kernel_shared_new(const double *X, int n, int d,
					  const ser_svr_params *p,
					  ser_err *err);
SER_API void ser_svr_kernel_free(ser_svr_kernel *k);

/* Train on n rows of X (n x d, row-major) with targets y. The support
 * vectors keep the order of the training rows (as in sklearn's support_). */
SER_API ser_svr *ser_svr_train(const double *X, const double *y, int n, int d,
		       const ser_svr_params *p, ser_err *err);
/* Train on the rows rows[0..m) of the kernel's X with targets y[0..m)
 * (y[t] belongs to row rows[t]). Same model as ser_svr_train on those rows
 * copied out; when that model needs another gamma than the kernel's
 * (gamma 'scale' on a subset) or another kernel_f32, it is trained on a
 * private kernel instead. */
SER_API ser_svr *ser_svr_train_rows(ser_svr_kernel *k, const int *rows, int m,
			    const double *y, const ser_svr_params *p,
			    ser_err *err);
SER_API double ser_svr_predict(const ser_svr *m, const double *x);
/* ser_svr_predict row by row: the same bytes for a row whatever rows
 * come with it; faster for many rows. */
SER_API void ser_svr_predict_batch(const ser_svr *m, const double *X, int n,
			   double *out);
/* Predictions for rows of the shared kernel's X that m was trained on
 * (ser_svr_train_rows): b + sum coef K(row, sv) read from k's unrounded
 * kernel matrix for m's gamma (libsvm's own RBF formula from the dot
 * products), made once and kept so that every C and epsilon of a grid
 * scores with no pass over features. Equal to ser_svr_predict to
 * rounding (about 1e-15 relative). Returns 1 when the kernel cannot: not
 * shared, m not trained on it, or keeping the matrix would take k's
 * matrices over 4 cache budgets; predict from features then. */
SER_API int ser_svr_kernel_predict(ser_svr_kernel *k, const ser_svr *m,
				   const int *rows, int n, double *out);
/* Allocate an empty model for n_sv vectors of d features (model io). */
SER_API ser_svr *ser_svr_alloc(int d, int n_sv, ser_err *err);
SER_API void ser_svr_free(ser_svr *m);

#ifdef __cplusplus
}
#endif

#endif
