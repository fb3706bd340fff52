/* mlp_fit.c - ser_mlp_fit_predict: the MLP as a CV engine sees it (double
 * rows in, double predictions out; the network works in float like Keras). */
#include "ser/mlp.h"

#include <stdlib.h>

static float *to_float(const double *x, long n, ser_err *err)
{
	float *f = ser_malloc((size_t)(n ? n : 1) * sizeof *f, err);
	if (f)
		for (long i = 0; i < n; i++)
			f[i] = (float)x[i];
	return f;
}

int ser_mlp_fit_predict(const int *hidden, int n_hidden,
			const ser_mlp_params *p, const double *Xtr,
			const double *ytr, int ntr, int d, const double *Xte,
			int nte, double *out, ser_mlp_progress cb, void *ctx,
			ser_err *err)
{
	ser_mlp *m = ser_mlp_new(d, hidden, n_hidden, err);
	if (!m)
		return -1;
	ser_mlp_init(m, p->seed);
	int rc = -1;
	float *Xf = to_float(Xtr, (long)ntr * d, err);
	float *yf = Xf ? to_float(ytr, ntr, err) : NULL;
	float *Tf = yf ? to_float(Xte, (long)nte * d, err) : NULL;
	float *of = Tf ? ser_malloc((size_t)(nte ? nte : 1) * sizeof *of, err) : NULL;
	if (of && ser_mlp_train(m, Xf, yf, ntr, p, cb, ctx, err) == 0 &&
	    ser_mlp_predict(m, Tf, nte, of, err) == 0) {
		for (int i = 0; i < nte; i++)
			out[i] = of[i];
		rc = 0;
	}
	free(Xf);
	free(yf);
	free(Tf);
	free(of);
	ser_mlp_free(m);
	return rc;
}
