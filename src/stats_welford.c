/* stats_welford.c - see stats_welford.h. */
#include "stats_welford.h"

#include <math.h>

double ser_welford_std(const ser_welford *w)
{
	if (w->n < 1 || !(w->m2 > 0))
		return 0;
	return sqrt(w->m2 / (double)w->n);
}
