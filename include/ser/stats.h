/* stats.h - paired tests for comparing two models fold by fold.
 * Both match scipy.stats (Debian's scipy 1.10) with default arguments:
 * ttest_rel(a, b) and wilcoxon(a, b) (two-sided). Special functions come
 * from GSL. */
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
 * the paired differences a - b (mean, population std) and both tests. When
 * every difference is 0 the Wilcoxon test is undefined: w = 0, p_w = 1. */
typedef struct ser_paired {
	double mean_a, std_a, mean_b, std_b;
	double diff_mean, diff_std;
	double t, p_t;   /* paired t-test */
	double w, p_w;   /* Wilcoxon signed-rank */
} ser_paired;

SER_API int ser_paired_compare(const double *a, const double *b, int n,
		       ser_paired *out, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
