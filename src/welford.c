/* welford.c - see welford.h. */
#include "welford.h"

#include <math.h>

double ser_welford_std(const ser_welford *w)
{
	if (w->n < 1 || !(w->m2 > 0))
		return 0;
	return sqrt(w->m2 / (double)w->n);
}
