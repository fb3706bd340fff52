/* stats_welford.h - one-pass mean and population variance (Welford 1962):
 * numerically stable, constant memory, so a file's statistics accumulate
 * while it streams. */
#ifndef SER_WELFORD_H
#define SER_WELFORD_H

typedef struct ser_welford {
	long n;
	double mean, m2;
} ser_welford;

static inline void ser_welford_reset(ser_welford *w)
{
	w->n = 0;
	w->mean = w->m2 = 0;
}

static inline void ser_welford_add(ser_welford *w, double x)
{
	w->n++;
	double d = x - w->mean;
	w->mean += d / (double)w->n;
	w->m2 += d * (x - w->mean);
}

/* population (ddof 0) standard deviation; 0 for no values */
double ser_welford_std(const ser_welford *w);

#endif
