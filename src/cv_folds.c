/* cv_folds.c - scikit-learn KFold semantics on ser's PRNG; see cv_folds.h. */
#include "ser/folds.h"

#include <stdlib.h>
#include "ser/rng.h"

int ser_kfold(int n, int k, int shuffle, uint64_t seed, int *fold_of,
	      ser_err *err)
{
	if (k < 2)
		return ser_fail(err, "need at least 2 folds, got %d", k);
	if (n < k)
		return ser_fail(err, "cannot make %d folds from %d rows", k, n);
	int *order = ser_malloc((size_t)n * sizeof *order, err);
	if (!order)
		return -1;
	for (int i = 0; i < n; i++)
		order[i] = i;
	if (shuffle) {
		ser_rng r;
		ser_rng_seed(&r, seed);
		ser_rng_shuffle_int(&r, order, n);
	}
	int pos = 0;
	for (int f = 0; f < k; f++) {
		int size = n / k + (f < n % k);
		for (int j = 0; j < size; j++)
			fold_of[order[pos++]] = f;
	}
	free(order);
	return 0;
}
