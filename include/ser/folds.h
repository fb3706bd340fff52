/* cv_folds.h - K-fold splits exactly like scikit-learn's KFold: rows (in file
 * order, or shuffled by Fisher-Yates on ser_rng seeded with `seed`) are cut
 * into K consecutive folds, the first n % K of them one row larger. */
#ifndef SER_FOLDS_H
#define SER_FOLDS_H

#include <stdint.h>
#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* fold_of[i] = test fold (0..k-1) of row i. -1 with an error if k < 2 or
 * n < k. */
SER_API int ser_kfold(int n, int k, int shuffle, uint64_t seed, int *fold_of,
	      ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
