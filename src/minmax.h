/* minmax.h - min-max scaling, the one input normalizer of ser: fitted on
 * training rows, x' = (x - min) / (max - min), and 0 where max == min (a
 * constant column carries no information). Used by model files (the
 * stored normalizer) and by cross-validation (fitted per fold on the
 * training rows only, so no test row leaks into the scaling). */
#ifndef SER_MINMAX_H
#define SER_MINMAX_H

/* Per-column min and max of X (n x d, row-major). n == 0 gives [0, 1]. */
void ser_minmax_fit(const double *X, int n, int d, double *min, double *max);
/* Scale n rows of X (n x d) into Xn (may be X itself). */
void ser_minmax_apply(const double *min, const double *max, int d,
		      const double *X, long n, double *Xn);

/* Clip count scaled values into [0, 1]: rows outside the fitted range are
 * held at its edge (sklearn's MinMaxScaler(clip=True)). An MLP fed a value
 * 1000 times outside the range it was trained on answers with nonsense;
 * one heavy-tailed clip (Meyda's spectral kurtosis of a near-silent frame)
 * is enough. */
void ser_minmax_clip(double *Xn, long count);

#endif
