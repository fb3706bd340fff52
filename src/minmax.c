/* minmax.c - min-max scaling; see minmax.h. */
#include "minmax.h"

void ser_minmax_fit(const double *X, int n, int d, double *min, double *max)
{
	for (int j = 0; j < d; j++) {
		double lo = n > 0 ? X[j] : 0, hi = n > 0 ? X[j] : 1;
		for (int i = 1; i < n; i++) {
			double v = X[(long)i * d + j];
			if (v < lo)
				lo = v;
			if (v > hi)
				hi = v;
		}
		min[j] = lo;
		max[j] = hi;
	}
}

void ser_minmax_apply(const double *min, const double *max, int d,
		      const double *X, long n, double *Xn)
{
	for (long i = 0; i < n; i++)
		for (int j = 0; j < d; j++) {
			double range = max[j] - min[j];
			long k = i * d + j;
			Xn[k] = range > 0 ? (X[k] - min[j]) / range : 0;
		}
}

void ser_minmax_clip(double *Xn, long count)
{
	for (long k = 0; k < count; k++)
		Xn[k] = Xn[k] < 0 ? 0 : Xn[k] > 1 ? 1 : Xn[k];
}
