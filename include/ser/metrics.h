/* metrics.h - regression scores as scikit-learn computes them.
 * All take n >= 1 values; none fails. */
#ifndef SER_METRICS_H
#define SER_METRICS_H

#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

SER_API double ser_mean(const double *x, int n);
/* Population standard deviation (ddof 0), as numpy.std. */
SER_API double ser_std(const double *x, int n);
/* Mean squared error (sklearn mean_squared_error). */
SER_API double ser_mse(const double *y, const double *yhat, int n);
/* Coefficient of determination (sklearn r2_score): 1 - SS_res / SS_tot;
 * when y is constant, 1 for a perfect fit and 0 otherwise (sklearn's
 * force_finite). NaN when n < 2: undefined, as sklearn (which warns). */
SER_API double ser_r2(const double *y, const double *yhat, int n);

#ifdef __cplusplus
}
#endif

#endif
