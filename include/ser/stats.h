/* stats.h - paired tests for comparing two models fold by fold.
 * ttest_rel and wilcoxon match scipy.stats (Debian's scipy 1.10) with
 * default arguments (two-sided); the corrected resampled t-test is
 * Nadeau & Bengio's, with scipy's t distribution. Special functions come
 * from GSL.
 *
 * Undefined scores are NaN (an R^2 over fewer than 2 test rows, as
 * scikit-learn's r2_score): ser_nan_mean_std skips them; the tests take
 * finite values only (ser_cv_paired drops the folds where either score is
 * undefined before calling them). */
#ifndef SER_STATS_H
#define SER_STATS_H

#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Paired t-test on d = a - b: t = mean(d) / (sd(d) / sqrt(n)), sd with
 * ddof 1, two-sided p from Student's t with n - 1 degrees of freedom.
 * Where scipy gives nan (every difference 0) this gives t = 0, p = 1; a
 * constant non-zero difference gives t = +-inf, p = 0. n >= 2. */
SER_API int ser_ttest_rel(const double *a, const double *b, int n, double *t,
		  double *p, ser_err *err);

/* Corrected resampled t-test (Nadeau & Bengio 2003, "Inference for the
 * generalization error"; the form of Bouckaert & Frank 2004 for repeated
 * K-fold CV) on the J = n paired fold scores d = a - b:
 *   t = mean(d) / sqrt((1/J + test_train) * var(d)),  var with ddof 1,
 * two-sided p from Student's t with J - 1 degrees of freedom. test_train
 * is n_test / n_train of one fold, 1 / (K - 1) for K-fold CV. The plain
 * paired t-test is test_train = 0; the extra term accounts for the
 * overlap of the training sets, which makes fold scores correlated and
 * the plain test overconfident. Degenerate cases as ser_ttest_rel.
 * n >= 2, test_train >= 0. */
SER_API int ser_ttest_corrected(const double *a, const double *b, int n,
			double test_train, double *t, double *p, ser_err *err);

/* Mean and std with ddof 0 (population) or 1 (sample) of the non-NaN
 * values of x[0..n); *count receives how many there were (may be NULL).
 * mean is NaN when count is 0, std when count <= ddof. */
SER_API void ser_nan_mean_std(const double *x, int n, int ddof, double *mean,
		      double *std, int *count);

/* Wilcoxon signed-rank test on d = a - b, two-sided, zero_method "wilcox".
 * stat = min(R+, R-). Exact null distribution when n <= 50 and no d is 0
 * (as scipy 1.10, which also keeps it when |d| has ties, truncating R+ to
 * an integer); otherwise zeros are dropped and the normal approximation
 * with tie correction and no continuity correction is used. Fails when
 * every difference is 0 (scipy raises too). */
SER_API int ser_wilcoxon(const double *a, const double *b, int n, double *stat,
		 double *p, ser_err *err);

/* Everything `ser cv` reports when comparing model A with model B on the
 * same folds: per-model mean and population std (ddof 0, as the thesis),
 * the paired differences a - b (mean, population std) and both tests,
 * over n pairs. When every difference is 0 the Wilcoxon test is
 * undefined: w = 0, p_w = 1. */
typedef struct ser_paired {
	double mean_a, std_a, mean_b, std_b;  /* std: ddof 0 */
	double diff_mean, diff_std;           /* std: ddof 0 */
	double t, p_t;   /* paired t-test */
	double w, p_w;   /* Wilcoxon signed-rank */
	int n;           /* pairs compared */
} ser_paired;

SER_API int ser_paired_compare(const double *a, const double *b, int n,
		       ser_paired *out, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
