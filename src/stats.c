/* stats.c - paired t-test and Wilcoxon signed-rank test (see stats.h);
 * distributions from GSL, the rest written to follow scipy 1.10's
 * ttest_rel and wilcoxon step by step so p-values agree to rounding. */
#include "ser/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

/* t = mean(d) / sqrt((1/n + test_train) var(d)); test_train 0 is
 * scipy's ttest_rel */
static int ttest(const char *what, const double *a, const double *b, int n,
		 double test_train, double *t, double *p, ser_err *err)
{
	if (n < 2)
		return ser_fail(err, "%s needs at least 2 pairs, got %d", what, n);
	if (!(test_train >= 0))
		return ser_fail(err, "%s: n_test/n_train must be >= 0", what);
	double mean = 0, ss = 0;
	for (int i = 0; i < n; i++)
		mean += a[i] - b[i];
	mean /= n;
	for (int i = 0; i < n; i++) {
		double e = (a[i] - b[i]) - mean;
		ss += e * e;
	}
	double se = sqrt(ss / (n - 1) * (1.0 / n + test_train));
	if (se == 0) {
		*t = mean == 0 ? 0 : copysign(INFINITY, mean);
		*p = mean == 0 ? 1 : 0;
		return 0;
	}
	*t = mean / se;
	*p = 2 * gsl_cdf_tdist_Q(fabs(*t), n - 1);
	if (*p > 1)
		*p = 1;
	return 0;
}

int ser_ttest_rel(const double *a, const double *b, int n, double *t,
		  double *p, ser_err *err)
{
	return ttest("paired t-test", a, b, n, 0, t, p, err);
}

int ser_ttest_corrected(const double *a, const double *b, int n,
			double test_train, double *t, double *p, ser_err *err)
{
	return ttest("corrected resampled t-test", a, b, n, test_train, t, p,
		     err);
}

void ser_nan_mean_std(const double *x, int n, int ddof, double *mean,
		      double *std, int *count)
{
	double m = 0, ss = 0;
	int c = 0;
	for (int i = 0; i < n; i++)
		if (!isnan(x[i])) {
			m += x[i];
			c++;
		}
	m = c ? m / c : NAN;
	for (int i = 0; i < n; i++)
		if (!isnan(x[i]))
			ss += (x[i] - m) * (x[i] - m);
	*mean = m;
	*std = c > ddof ? sqrt(ss / (c - ddof)) : NAN;
	if (count)
		*count = c;
}

typedef struct absd {
	double v;
	int i;
} absd;

static int cmp_absd(const void *x, const void *y)
{
	double a = ((const absd *)x)->v, b = ((const absd *)y)->v;
	return (a > b) - (a < b);
}

/* Average ranks (1-based) of v[0..n), like scipy.stats.rankdata; *tie_sum
 * receives sum over tie groups of t (t^2 - 1). */
static int rank_average(const double *v, int n, double *rank,
			double *tie_sum, ser_err *err)
{
	absd *s = ser_malloc((size_t)n * sizeof *s, err);
	if (!s)
		return -1;
	for (int i = 0; i < n; i++) {
		s[i].v = v[i];
		s[i].i = i;
	}
	qsort(s, (size_t)n, sizeof *s, cmp_absd);
	*tie_sum = 0;
	for (int i = 0; i < n;) {
		int j = i;
		while (j + 1 < n && s[j + 1].v == s[i].v)
			j++;
		double r = (i + j) / 2.0 + 1;  /* mean of ranks i+1 .. j+1 */
		for (int k = i; k <= j; k++)
			rank[s[k].i] = r;
		double tn = j - i + 1;
		if (tn > 1)
			*tie_sum += tn * (tn * tn - 1);
		i = j + 1;
	}
	free(s);
	return 0;
}

/* P(R+ = r) for r = 0 .. n(n+1)/2 under H0, built as scipy's
 * _get_wilcoxon_distr does (halving, so the sums round the same way). */
static double *wilcoxon_pmf(int n, ser_err *err)
{
	int top = n * (n + 1) / 2;
	double *c = ser_calloc((size_t)top + 1, sizeof *c, err);
	double *prev = ser_calloc((size_t)top + 1, sizeof *prev, err);
	if (!c || !prev) {
		free(c);
		free(prev);
		return NULL;
	}
	c[0] = 1;
	for (int k = 1; k <= n; k++) {
		int m = (k - 1) * k / 2 + 1, len = k * (k + 1) / 2 + 1;
		memcpy(prev, c, (size_t)m * sizeof *c);
		memset(c, 0, (size_t)len * sizeof *c);
		for (int i = 0; i < m; i++)
			c[i] = prev[i] * 0.5;
		for (int i = 0; i < m; i++)
			c[len - m + i] += prev[i] * 0.5;
	}
	free(prev);
	return c;
}

int ser_wilcoxon(const double *a, const double *b, int n, double *stat,
		 double *p, ser_err *err)
{
	if (n < 1)
		return ser_fail(err, "Wilcoxon test needs at least 1 pair");
	double *d = ser_malloc((size_t)n * 3 * sizeof *d, err);
	if (!d)
		return -1;
	double *ad = d + n, *r = d + 2 * n;
	int n_zero = 0;
	for (int i = 0; i < n; i++) {
		d[i] = a[i] - b[i];
		n_zero += d[i] == 0;
	}
	int exact = n <= 50 && n_zero == 0;
	int count = 0;
	for (int i = 0; i < n; i++)   /* zero_method "wilcox": drop zeros */
		if (exact || d[i] != 0)
			d[count++] = d[i];
	if (count == 0) {
		free(d);
		return ser_fail(err, "Wilcoxon test: every paired difference is zero");
	}
	for (int i = 0; i < count; i++)
		ad[i] = fabs(d[i]);
	double tie_sum;
	if (rank_average(ad, count, r, &tie_sum, err)) {
		free(d);
		return -1;
	}
	double rp = 0, rm = 0;
	for (int i = 0; i < count; i++) {
		if (d[i] > 0)
			rp += r[i];
		else if (d[i] < 0)
			rm += r[i];
	}
	*stat = rp < rm ? rp : rm;
	free(d);
	if (!exact) {
		double cn = count;
		double mn = cn * (cn + 1) * 0.25;
		double se = cn * (cn + 1) * (2 * cn + 1) - 0.5 * tie_sum;
		se = sqrt(se / 24);
		double z = (*stat - mn) / se;
		*p = 2 * gsl_cdf_ugaussian_Q(fabs(z));
		return 0;
	}
	double *pmf = wilcoxon_pmf(count, err);
	if (!pmf)
		return -1;
	int top = count * (count + 1) / 2, irp = (int)rp;
	if (irp == top / 2) {
		*p = 1;
	} else {
		double lo = 0, hi = 0;
		for (int i = 0; i <= irp; i++)
			lo += pmf[i];
		for (int i = irp; i <= top; i++)
			hi += pmf[i];
		*p = 2 * (lo < hi ? lo : hi);
		if (*p > 1)
			*p = 1;
	}
	free(pmf);
	return 0;
}

int ser_paired_compare(const double *a, const double *b, int n,
		       ser_paired *out, ser_err *err)
{
	if (n < 2)
		return ser_fail(err, "paired comparison needs at least 2 folds, got %d", n);
	memset(out, 0, sizeof *out);  /* padding too: results compare bytewise */
	out->n = n;
	double *d = ser_malloc((size_t)n * sizeof *d, err);
	if (!d)
		return -1;
	int all_zero = 1;
	for (int i = 0; i < n; i++) {
		d[i] = a[i] - b[i];
		all_zero &= d[i] == 0;
	}
	ser_nan_mean_std(a, n, 0, &out->mean_a, &out->std_a, NULL);
	ser_nan_mean_std(b, n, 0, &out->mean_b, &out->std_b, NULL);
	ser_nan_mean_std(d, n, 0, &out->diff_mean, &out->diff_std, NULL);
	free(d);
	if (ser_ttest_rel(a, b, n, &out->t, &out->p_t, err))
		return -1;
	if (all_zero) {
		out->w = 0;
		out->p_w = 1;
		return 0;
	}
	return ser_wilcoxon(a, b, n, &out->w, &out->p_w, err);
}
