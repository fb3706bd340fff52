/* metrics.c - r2, mse, mean, std; see metrics.h. Two passes (mean first)
 * rather than running sums, so constant inputs give exactly 0 spread. */
#include "ser/metrics.h"

#include <math.h>

double ser_mean(const double *x, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += x[i];
	return n > 0 ? s / n : 0;
}

double ser_std(const double *x, int n)
{
	if (n <= 0)
		return 0;
	double m = ser_mean(x, n), s = 0;
	for (int i = 0; i < n; i++)
		s += (x[i] - m) * (x[i] - m);
	return sqrt(s / n);
}

double ser_mse(const double *y, const double *yhat, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += (y[i] - yhat[i]) * (y[i] - yhat[i]);
	return n > 0 ? s / n : 0;
}

double ser_r2(const double *y, const double *yhat, int n)
{
	/* one test row has no spread to explain: scikit-learn returns nan
	 * with an UndefinedMetricWarning, and so do we (the CV reports it as
	 * undefined instead of averaging in a 0) */
	if (n < 2)
		return NAN;
	double m = ser_mean(y, n), res = 0, tot = 0;
	for (int i = 0; i < n; i++) {
		res += (y[i] - yhat[i]) * (y[i] - yhat[i]);
		tot += (y[i] - m) * (y[i] - m);
	}
	if (tot == 0)
		return res == 0 ? 1.0 : 0.0;
	return 1.0 - res / tot;
}
