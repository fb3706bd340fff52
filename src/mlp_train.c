/* mlp_train.c - mini-batch training of ser_mlp with Keras semantics.
 *
 * Forward:  Z_l = A_l W_l + b_l,  A_{l+1} = relu(Z_l) * mask_l (hidden),
 *           yhat = Z_{L-1} (linear output).
 * Loss:     MSE over the batch, as Keras's mean_squared_error + mean.
 * Backward: D_{L-1} = 2 (yhat - y) / n
 *           dW_l = A_l^T D_l,  db_l = column sums of D_l,
 *           D_{l-1} = (D_l W_l^T) * [Z_{l-1} > 0] * mask_{l-1}.
 * Every matrix product is one cblas_sgemm over the whole batch; only the
 * elementwise activation, mask and optimizer loops are written out. A
 * batch of one (the thesis's batch size) takes level-2 BLAS instead
 * (sgemv, sger): OpenBLAS's sgemm takes a global lock for its buffers on
 * every call, which at one call per sample per layer serialized the -j
 * threads (two threads ran no faster than one); its gemv and ger work
 * on the stack at these sizes.
 *
 * Optimizers (Keras 2.8 defaults; all state starts at zero):
 *   RMSprop  ms = rho ms + (1-rho) g^2;  w -= lr g / (sqrt(ms) + eps)
 *            rho 0.9, eps 1e-7 OUTSIDE the sqrt: what Keras 2.8's
 *            RMSprop computes with momentum 0 (rmsprop.py,
 *            _resource_apply_dense), although THESIS.md says "inside".
 *            rmsprop_eps_inside = 1 gives w -= lr g / sqrt(ms + eps), the
 *            formula of tf.raw_ops.ApplyRMSProp and TF.js (docs/ab.md).
 *   Adam     m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
 *            lr_t = lr sqrt(1-b2^t) / (1-b1^t);  w -= lr_t m / (sqrt(v) + eps)
 *            b1 0.9, b2 0.999, eps 1e-7
 *   SGD      w -= lr g  (no momentum)
 *
 * Randomness: epoch shuffles (Fisher-Yates over the row indices) and dropout
 * masks (keep a unit when u >= rate, as tf.nn.dropout does) come from one
 * ser_rng seeded with params.seed ^ TRAIN_STREAM, so they never replay the
 * stream that ser_mlp_init(m, seed) drew the weights from. */
#include "ser/mlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>

#include "ser/rng.h"

#if defined(__SSE2__)
#include <pmmintrin.h>
#include <xmmintrin.h>
#endif

#define TRAIN_STREAM 0x6d6c702d74726e21ULL /* "mlp-trn!" */

#define RMS_RHO 0.9f
#define ADAM_B1 0.9f
#define ADAM_B2 0.999f
#define KERAS_EPS 1e-7f

struct ser_mlp_trainer {
	int L, max_batch;
	int sizes[SER_MLP_MAX_LAYERS + 1];
	ser_mlp_params p;
	float *Z[SER_MLP_MAX_LAYERS];     /* pre-activations, max_batch x sizes[l+1] */
	float *H[SER_MLP_MAX_LAYERS];     /* hidden outputs after ReLU and mask */
	float *D, *Dn;                    /* deltas, max_batch x widest layer */
	float *gW[SER_MLP_MAX_LAYERS], *gb[SER_MLP_MAX_LAYERS];
	float *s1W[SER_MLP_MAX_LAYERS], *s1b[SER_MLP_MAX_LAYERS]; /* ms or m */
	float *s2W[SER_MLP_MAX_LAYERS], *s2b[SER_MLP_MAX_LAYERS]; /* v (Adam) */
	long step;
	ser_rng rng;
	/* training-loop scratch */
	float *mask[SER_MLP_MAX_LAYERS];
	float *Xb, *yb;
	int *perm;
};

void ser_mlp_trainer_free(ser_mlp_trainer *t)
{
	if (!t)
		return;
	for (int l = 0; l < SER_MLP_MAX_LAYERS; l++) {
		free(t->Z[l]);
		free(t->H[l]);
		free(t->gW[l]);
		free(t->gb[l]);
		free(t->s1W[l]);
		free(t->s1b[l]);
		free(t->s2W[l]);
		free(t->s2b[l]);
		free(t->mask[l]);
	}
	free(t->D);
	free(t->Dn);
	free(t->Xb);
	free(t->yb);
	free(t->perm);
	free(t);
}

static int zalloc(float **p, size_t n, ser_err *err)
{
	*p = ser_calloc(n, sizeof(float), err);
	return *p ? 0 : -1;
}

ser_mlp_trainer *ser_mlp_trainer_new(const ser_mlp *m,
				     const ser_mlp_params *p, int max_batch,
				     ser_err *err)
{
	if (max_batch < 1) {
		ser_fail(err, "mlp: batch size %d is not positive", max_batch);
		return NULL;
	}
	ser_mlp_trainer *t = ser_calloc(1, sizeof *t, err);
	if (!t)
		return NULL;
	t->L = m->n_layers;
	t->max_batch = max_batch;
	t->p = *p;
	memcpy(t->sizes, m->sizes, sizeof t->sizes);
	ser_rng_seed(&t->rng, p->seed ^ TRAIN_STREAM);
	size_t nb = (size_t)max_batch, wmax = 0;
	int rc = 0;
	for (int l = 0; l < t->L; l++) {
		size_t in = (size_t)m->sizes[l], out = (size_t)m->sizes[l + 1];
		if (in > wmax)
			wmax = in;
		rc |= zalloc(&t->Z[l], nb * out, err);
		rc |= zalloc(&t->gW[l], in * out, err);
		rc |= zalloc(&t->gb[l], out, err);
		rc |= zalloc(&t->s1W[l], in * out, err);
		rc |= zalloc(&t->s1b[l], out, err);
		if (p->opt == SER_OPT_ADAM) {
			rc |= zalloc(&t->s2W[l], in * out, err);
			rc |= zalloc(&t->s2b[l], out, err);
		}
		if (l < t->L - 1) {
			rc |= zalloc(&t->H[l], nb * out, err);
			rc |= zalloc(&t->mask[l], nb * out, err);
		}
	}
	rc |= zalloc(&t->D, nb * wmax, err);
	rc |= zalloc(&t->Dn, nb * wmax, err);
	rc |= zalloc(&t->Xb, nb * (size_t)m->sizes[0], err);
	rc |= zalloc(&t->yb, nb, err);
	if (rc) {
		ser_mlp_trainer_free(t);
		return NULL;
	}
	return t;
}

const float *ser_mlp_grad_W(const ser_mlp_trainer *t, int l)
{
	return t->gW[l];
}

const float *ser_mlp_grad_b(const ser_mlp_trainer *t, int l)
{
	return t->gb[l];
}

double ser_mlp_grad(ser_mlp_trainer *t, const ser_mlp *m, const float *X,
		    const float *y, int n, float *const *mask)
{
	int L = t->L;
	const float *A = X;
	for (int l = 0; l < L; l++) {
		int in = m->sizes[l], out = m->sizes[l + 1];
		float *Z = t->Z[l];
		for (int i = 0; i < n; i++)
			memcpy(Z + (size_t)i * out, m->b[l], (size_t)out * sizeof(float));
		if (n == 1)  /* z = W^T a + b: level 2, see above */
			cblas_sgemv(CblasRowMajor, CblasTrans, in, out, 1.0f,
				    m->W[l], out, A, 1, 1.0f, Z, 1);
		else
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n,
				    out, in, 1.0f, A, in, m->W[l], out, 1.0f, Z,
				    out);
		if (l < L - 1) {
			float *H = t->H[l];
			long k = (long)n * out;
			for (long i = 0; i < k; i++)
				H[i] = Z[i] > 0 ? Z[i] : 0;
			if (mask)
				for (long i = 0; i < k; i++)
					H[i] *= mask[l][i];
			A = H;
		}
	}
	/* output layer is 1 wide: Z[L-1] holds yhat */
	const float *yhat = t->Z[L - 1];
	float *D = t->D, *Dn = t->Dn;
	double loss = 0;
	for (int i = 0; i < n; i++) {
		float e = yhat[i] - y[i];
		loss += (double)e * e;
		D[i] = 2.0f * e / (float)n;
	}
	for (int l = L - 1; l >= 0; l--) {
		int in = m->sizes[l], out = m->sizes[l + 1];
		const float *Ain = l ? t->H[l - 1] : X;
		if (n == 1) {  /* the outer product a d^T */
			memset(t->gW[l], 0, (size_t)in * out * sizeof(float));
			cblas_sger(CblasRowMajor, in, out, 1.0f, Ain, 1, D, 1,
				   t->gW[l], out);
		} else {
			cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, in, out,
				    n, 1.0f, Ain, in, D, out, 0.0f, t->gW[l], out);
		}
		float *gb = t->gb[l];
		memset(gb, 0, (size_t)out * sizeof(float));
		for (int i = 0; i < n; i++)
			for (int j = 0; j < out; j++)
				gb[j] += D[(size_t)i * out + j];
		if (l == 0)
			break;
		if (n == 1)  /* W d */
			cblas_sgemv(CblasRowMajor, CblasNoTrans, in, out, 1.0f,
				    m->W[l], out, D, 1, 0.0f, Dn, 1);
		else
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, in,
				    out, 1.0f, D, out, m->W[l], out, 0.0f, Dn, in);
		const float *Zp = t->Z[l - 1];
		long k = (long)n * in;
		for (long i = 0; i < k; i++)
			Dn[i] = Zp[i] > 0 ? Dn[i] : 0;
		if (mask)
			for (long i = 0; i < k; i++)
				Dn[i] *= mask[l - 1][i];
		float *tmp = D;
		D = Dn;
		Dn = tmp;
	}
	return loss / n;
}

/* The optimizer loops touch every weight on every step; with batch 1 they
 * cost as much as the sgemm calls, so they are vectorized: the Makefile
 * builds this file with -fno-math-errno (sqrtf's argument is never
 * negative here) and gcc's -O2 cost model needs -O3 to take the loops. */
#if defined(__GNUC__) && !defined(__clang__)
#define VECTORIZE __attribute__((optimize("O3")))
#else
#define VECTORIZE
#endif

/* Two loops rather than a branch per weight, so each vectorizes. */
VECTORIZE static void rmsprop(float *restrict w, const float *restrict g, float *restrict ms, long k, float lr,
			      int eps_inside)
{
	if (eps_inside) {
		for (long i = 0; i < k; i++) {
			ms[i] = RMS_RHO * ms[i] + (1.0f - RMS_RHO) * g[i] * g[i];
			w[i] -= lr * g[i] / sqrtf(ms[i] + KERAS_EPS);
		}
	} else {
		for (long i = 0; i < k; i++) {
			ms[i] = RMS_RHO * ms[i] + (1.0f - RMS_RHO) * g[i] * g[i];
			w[i] -= lr * g[i] / (sqrtf(ms[i]) + KERAS_EPS);
		}
	}
}

VECTORIZE static void adam(float *restrict w, const float *restrict g, float *restrict mo, float *restrict v, long k,
		 float lr_t)
{
	for (long i = 0; i < k; i++) {
		mo[i] = ADAM_B1 * mo[i] + (1.0f - ADAM_B1) * g[i];
		v[i] = ADAM_B2 * v[i] + (1.0f - ADAM_B2) * g[i] * g[i];
		w[i] -= lr_t * mo[i] / (sqrtf(v[i]) + KERAS_EPS);
	}
}

VECTORIZE static void sgd(float *w, const float *g, long k, float lr)
{
	for (long i = 0; i < k; i++)
		w[i] -= lr * g[i];
}

void ser_mlp_step(ser_mlp_trainer *t, ser_mlp *m)
{
	t->step++;
	float lr = t->p.lr, lr_t = 0;
	if (t->p.opt == SER_OPT_ADAM) {
		/* Keras computes the bias corrections in float32 too */
		float st = (float)t->step;
		lr_t = lr * sqrtf(1.0f - powf(ADAM_B2, st)) / (1.0f - powf(ADAM_B1, st));
	}
	for (int l = 0; l < t->L; l++) {
		long kw = (long)m->sizes[l] * m->sizes[l + 1], kb = m->sizes[l + 1];
		switch (t->p.opt) {
		case SER_OPT_RMSPROP:
			rmsprop(m->W[l], t->gW[l], t->s1W[l], kw, lr, t->p.rmsprop_eps_inside);
			rmsprop(m->b[l], t->gb[l], t->s1b[l], kb, lr, t->p.rmsprop_eps_inside);
			break;
		case SER_OPT_ADAM:
			adam(m->W[l], t->gW[l], t->s1W[l], t->s2W[l], kw, lr_t);
			adam(m->b[l], t->gb[l], t->s1b[l], t->s2b[l], kb, lr_t);
			break;
		case SER_OPT_SGD:
			sgd(m->W[l], t->gW[l], kw, lr);
			sgd(m->b[l], t->gb[l], kb, lr);
			break;
		}
	}
}

/* Inverted dropout masks for n rows: 1/(1-rate) where kept, else 0. */
static void draw_masks(ser_mlp_trainer *t, int n)
{
	float rate = t->p.dropout, scale = 1.0f / (1.0f - rate);
	for (int l = 0; l < t->L - 1; l++) {
		long k = (long)n * t->sizes[l + 1];
		for (long i = 0; i < k; i++)
			t->mask[l][i] = ser_rng_uniform(&t->rng) >= rate ? scale : 0.0f;
	}
}

int ser_mlp_train(ser_mlp *m, const float *X, const float *y, int n,
		  const ser_mlp_params *p, ser_mlp_progress cb, void *ctx,
		  ser_err *err)
{
	if (n < 1)
		return ser_fail(err, "mlp: no training rows");
	if (p->batch < 1 || p->epochs < 0)
		return ser_fail(err, "mlp: batch %d and epochs %d must be positive",
				p->batch, p->epochs);
	if (!(p->dropout >= 0 && p->dropout < 1))
		return ser_fail(err, "mlp: dropout %g is not in [0, 1)", (double)p->dropout);
	if (!(p->lr > 0))
		return ser_fail(err, "mlp: learning rate %g is not positive", (double)p->lr);
	int bs = p->batch < n ? p->batch : n;
	ser_mlp_trainer *t = ser_mlp_trainer_new(m, p, bs, err);
	if (!t)
		return -1;
	t->perm = malloc((size_t)n * sizeof(int));
	if (!t->perm) {
		ser_mlp_trainer_free(t);
		return ser_fail(err, "out of memory (%d rows)", n);
	}
	for (int i = 0; i < n; i++)
		t->perm[i] = i;
	int d = m->sizes[0];
	/* Flush denormals to zero while training, as TensorFlow does on CPU
	 * (ScopedFlushDenormal): RMSprop/Adam accumulators of dead ReLU units
	 * decay geometrically into the denormal range, where every operation
	 * is ~100x slower. Thread-local, restored before returning. */
#if defined(__SSE2__)
	unsigned int csr = _mm_getcsr();
	_mm_setcsr(csr | _MM_FLUSH_ZERO_ON | _MM_DENORMALS_ZERO_ON);
#endif
	int rc = 0;
	for (int e = 0; e < p->epochs && !rc; e++) {
		ser_rng_shuffle_int(&t->rng, t->perm, n);
		double sum = 0;
		/* Keras: ceil(n / batch) steps; the last, partial batch is
		 * averaged over its own rows */
		for (int r0 = 0; r0 < n; r0 += bs) {
			int nb = n - r0 < bs ? n - r0 : bs;
			for (int i = 0; i < nb; i++) {
				int r = t->perm[r0 + i];
				memcpy(t->Xb + (size_t)i * d, X + (size_t)r * d,
				       (size_t)d * sizeof(float));
				t->yb[i] = y[r];
			}
			float *const *mask = NULL;
			if (p->dropout > 0) {
				draw_masks(t, nb);
				mask = t->mask;
			}
			sum += ser_mlp_grad(t, m, t->Xb, t->yb, nb, mask) * nb;
			ser_mlp_step(t, m);
		}
		if (!isfinite(sum))
			rc = ser_fail(err, "mlp: training diverged in epoch %d (loss is not finite); lower the learning rate",
				      e + 1);
		else if (cb)
			cb(ctx, e + 1, p->epochs, sum / n);
	}
#if defined(__SSE2__)
	_mm_setcsr(csr);
#endif
	ser_mlp_trainer_free(t);
	return rc;
}
