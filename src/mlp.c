/* mlp.c - the network itself: allocation, Glorot-uniform initialisation and
 * inference. Training lives in mlp_train.c.
 *
 * A layer is Z = A W + b with A (rows x in), W (in x out, the Keras/TF.js
 * kernel layout) and b broadcast over rows. Inference goes row by row in
 * a fixed order (see ser_mlp_predict); training batches use sgemm. */
#include "ser/mlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/rng.h"

void ser_mlp_params_default(ser_mlp_params *p)
{
	p->dropout = 0.2f;
	p->opt = SER_OPT_RMSPROP;
	p->lr = 1e-3f;
	p->epochs = 10;
	p->batch = 1;
	p->seed = 0;
	p->rmsprop_eps_inside = 0;
}

static const char *const opt_names[] = { "rmsprop", "adam", "sgd" };

int ser_mlp_opt_from_name(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(name, opt_names[i]))
			return i;
	return -1;
}

const char *ser_mlp_opt_name(ser_mlp_opt opt)
{
	return (int)opt >= 0 && (int)opt < 3 ? opt_names[opt] : "?";
}

int ser_mlp_eps_from_name(const char *name)
{
	return !strcmp(name, "outside") ? 0 : !strcmp(name, "inside") ? 1 : -1;
}

const char *ser_mlp_eps_name(int inside)
{
	return inside ? "inside" : "outside";
}

float ser_mlp_default_lr(ser_mlp_opt opt)
{
	return opt == SER_OPT_SGD ? 1e-2f : 1e-3f;
}

ser_mlp *ser_mlp_new(int inputs, const int *hidden, int n_hidden,
		     ser_err *err)
{
	if (inputs < 1 || n_hidden < 0 || n_hidden + 1 > SER_MLP_MAX_LAYERS) {
		ser_fail(err, "mlp: %d inputs and %d hidden layers is not a valid network (at most %d hidden layers)",
			 inputs, n_hidden, SER_MLP_MAX_LAYERS - 1);
		return NULL;
	}
	for (int l = 0; l < n_hidden; l++)
		if (hidden[l] < 1) {
			ser_fail(err, "mlp: hidden layer %d has %d units", l + 1, hidden[l]);
			return NULL;
		}
	ser_mlp *m = ser_calloc(1, sizeof *m, err);
	if (!m)
		return NULL;
	m->n_layers = n_hidden + 1;
	m->sizes[0] = inputs;
	for (int l = 0; l < n_hidden; l++)
		m->sizes[l + 1] = hidden[l];
	m->sizes[m->n_layers] = 1;
	for (int l = 0; l < m->n_layers; l++) {
		size_t in = (size_t)m->sizes[l], out = (size_t)m->sizes[l + 1];
		m->W[l] = ser_calloc(in * out, sizeof(float), err);
		m->b[l] = ser_calloc(out, sizeof(float), err);
		if (!m->W[l] || !m->b[l]) {
			ser_mlp_free(m);
			return NULL;
		}
	}
	return m;
}

void ser_mlp_free(ser_mlp *m)
{
	if (!m)
		return;
	for (int l = 0; l < m->n_layers; l++) {
		free(m->W[l]);
		free(m->b[l]);
	}
	free(m);
}

ser_mlp *ser_mlp_clone(const ser_mlp *m, ser_err *err)
{
	ser_mlp *c = ser_mlp_new(m->sizes[0], m->sizes + 1, m->n_layers - 1, err);
	if (!c)
		return NULL;
	for (int l = 0; l < m->n_layers; l++) {
		size_t in = (size_t)m->sizes[l], out = (size_t)m->sizes[l + 1];
		memcpy(c->W[l], m->W[l], in * out * sizeof(float));
		memcpy(c->b[l], m->b[l], out * sizeof(float));
	}
	return c;
}

long ser_mlp_n_params(const ser_mlp *m)
{
	long n = 0;
	for (int l = 0; l < m->n_layers; l++)
		n += (long)m->sizes[l] * m->sizes[l + 1] + m->sizes[l + 1];
	return n;
}

void ser_mlp_init(ser_mlp *m, uint64_t seed)
{
	/* Keras GlorotUniform: U(-limit, limit), limit = sqrt(6 / (fan_in +
	 * fan_out)); biases zero. Drawn layer by layer in row-major order. */
	ser_rng r;
	ser_rng_seed(&r, seed);
	for (int l = 0; l < m->n_layers; l++) {
		int in = m->sizes[l], out = m->sizes[l + 1];
		double limit = sqrt(6.0 / (in + out));
		for (long i = 0; i < (long)in * out; i++)
			m->W[l][i] = (float)((2.0 * ser_rng_uniform(&r) - 1.0) * limit);
		memset(m->b[l], 0, (size_t)out * sizeof(float));
	}
}

/* Row by row in one fixed order (each unit: its bias, then inputs 0, 1,
 * ... in turn), not one sgemm over the batch: BLAS picks its kernel, and
 * with it the rounding, by the number of rows, so a file's answer changed
 * in the last float bits - now and then in the 6th printed decimal - with
 * the other files of the run. A thesis MLP is 4.8k multiply-adds a row. */
int ser_mlp_predict(const ser_mlp *m, const float *X, int n, float *out,
		    ser_err *err)
{
	int wmax = 0;
	for (int l = 1; l <= m->n_layers; l++)
		if (m->sizes[l] > wmax)
			wmax = m->sizes[l];
	float *buf = ser_malloc(2 * (size_t)wmax * sizeof(float), err);
	if (!buf)
		return ser_fail_prefix(err, "mlp predict");
	float *ping = buf, *pong = buf + wmax;
	for (int r = 0; r < n; r++) {
		const float *a = X + (size_t)r * m->sizes[0];
		for (int l = 0; l < m->n_layers; l++) {
			int in = m->sizes[l], o = m->sizes[l + 1];
			float *z = (a == ping) ? pong : ping;
			memcpy(z, m->b[l], (size_t)o * sizeof(float));
			for (int k = 0; k < in; k++) {
				const float ak = a[k], *w = m->W[l] + (size_t)k * o;
				for (int j = 0; j < o; j++)
					z[j] += ak * w[j];
			}
			if (l < m->n_layers - 1)
				for (int j = 0; j < o; j++)
					z[j] = z[j] > 0 ? z[j] : 0;
			a = z;
		}
		out[r] = a[0];
	}
	free(buf);
	return 0;
}
