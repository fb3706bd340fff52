/* svr_smo.h - libsvm's SMO solver for the dual of a kernel machine:
 *
 *   min_a  0.5 a'Qa + p'a   subject to  y'a = 0,  0 <= a_t <= C,
 *   Q_tu = y_t y_u K(row_t, row_u),  y_t = +-1,
 *
 * with second-order working-set selection (WSS3, Fan, Chen & Lin 2005),
 * shrinking with gradient reconstruction, and rho computed as libsvm does.
 * Several variables may share a kernel row (epsilon-SVR has 2l variables
 * over l rows), so K is read from a ser_kcache by real row. */
#ifndef SER_SMO_H
#define SER_SMO_H

#include "ser/error.h"
#include "svr_kcache.h"

typedef struct ser_smo_problem {
	int n;                  /* variables */
	const signed char *y;   /* n labels, +1 or -1 */
	const int *row;         /* n kernel rows */
	const double *p;        /* n linear terms */
	const double *kdiag;    /* K(r, r) for every kernel row r */
	ser_kcache *K;
	double C;
	double eps;             /* stop when max violation < eps */
	int shrinking;
} ser_smo_problem;

typedef struct ser_smo_result {
	double rho;
	double obj;
	long iter;
} ser_smo_result;

/* alpha: n starting values in [0, C] satisfying y'a = 0 (zeros do);
 * overwritten with the solution. */
int ser_smo_solve(const ser_smo_problem *pb, double *alpha,
		  ser_smo_result *res, ser_err *err);

#endif
