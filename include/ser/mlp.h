/* mlp.h - fully connected regression network with dropout, trained on
 * mini-batches with cblas_sgemm; Keras semantics throughout (Glorot-uniform
 * kernels, zero biases, inverted dropout, RMSprop/Adam/SGD as in Keras). */
#ifndef SER_MLP_H
#define SER_MLP_H

#include <stdint.h>
#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_MLP_MAX_LAYERS 8   /* dense layers, output included */

typedef enum ser_mlp_opt {
	SER_OPT_RMSPROP = 0,
	SER_OPT_ADAM,
	SER_OPT_SGD
} ser_mlp_opt;

typedef struct ser_mlp_params {
	float dropout;       /* 0.2, after each hidden layer */
	ser_mlp_opt opt;     /* rmsprop */
	float lr;            /* 1e-3 (sgd: 1e-2, Keras default) */
	int epochs;          /* 10 */
	int batch;           /* 1 */
	uint64_t seed;
	/* Where RMSprop's eps goes. 0 (default): w -= lr g / (sqrt(ms) + eps),
	 * what Keras 2.8's RMSprop (momentum 0, the thesis's) computes. 1:
	 * w -= lr g / sqrt(ms + eps), what tf.raw_ops.ApplyRMSProp and
	 * TensorFlow.js compute (docs/ab.md). No effect on Adam or SGD. */
	int rmsprop_eps_inside;
} ser_mlp_params;

SER_API void ser_mlp_params_default(ser_mlp_params *p);

/* The MLP family's parameters (family.h): the training settings and the
 * hidden layer sizes ({50, 20}: the thesis network). */
typedef struct ser_mlp_spec {
	ser_mlp_params p;
	int hidden[SER_MLP_MAX_LAYERS];
	int n_hidden;
} ser_mlp_spec;
/* "rmsprop", "adam", "sgd"; -1 for an unknown name. */
SER_API int ser_mlp_opt_from_name(const char *name);
SER_API const char *ser_mlp_opt_name(ser_mlp_opt opt);
/* "outside" -> 0, "inside" -> 1 (rmsprop_eps_inside); -1 for another name. */
SER_API int ser_mlp_eps_from_name(const char *name);
SER_API const char *ser_mlp_eps_name(int inside);
/* Keras's default learning rate of opt: 1e-3, or 1e-2 for SGD. */
SER_API float ser_mlp_default_lr(ser_mlp_opt opt);

/* n_layers dense layers; sizes[0] = inputs, sizes[n_layers] = 1 output.
 * Layer l maps sizes[l] -> sizes[l+1]; its kernel W[l] is sizes[l] x
 * sizes[l+1] row-major (Keras/TF.js layout), bias b[l] has sizes[l+1].
 * Hidden layers use ReLU, the last is linear. */
typedef struct ser_mlp {
	int n_layers;
	int sizes[SER_MLP_MAX_LAYERS + 1];
	float *W[SER_MLP_MAX_LAYERS];
	float *b[SER_MLP_MAX_LAYERS];
} ser_mlp;

/* Allocate with zero weights. hidden = {50, 20}, n_hidden = 2, inputs = 74
 * gives the thesis's 74 -> 50 -> 20 -> 1. */
SER_API ser_mlp *ser_mlp_new(int inputs, const int *hidden, int n_hidden,
		     ser_err *err);
SER_API void ser_mlp_free(ser_mlp *m);
/* Glorot-uniform kernels, zero biases, drawn from seed. */
SER_API void ser_mlp_init(ser_mlp *m, uint64_t seed);

/* Called after every epoch (NULL for none). */
typedef void (*ser_mlp_progress)(void *ctx, int epoch, int epochs,
				 double loss);

/* Train in place on X (n x inputs, row-major) and y (n). */
SER_API int ser_mlp_train(ser_mlp *m, const float *X, const float *y, int n,
		  const ser_mlp_params *p, ser_mlp_progress cb, void *ctx,
		  ser_err *err);
/* Inference (no dropout) for n rows; each row's output is the same
 * bytes whatever rows are predicted with it. */
SER_API int ser_mlp_predict(const ser_mlp *m, const float *X, int n, float *out,
		    ser_err *err);

/* Number of weights and biases (4,791 for 74 -> 50 -> 20 -> 1). */
SER_API long ser_mlp_n_params(const ser_mlp *m);
/* Deep copy (same layout). */
SER_API ser_mlp *ser_mlp_clone(const ser_mlp *m, ser_err *err);

/* --- One mini-batch at a time: what ser_mlp_train is made of. Exposed so
 * tests can check gradients against finite differences and single optimizer
 * steps against a reference implementation. --- */
typedef struct ser_mlp_trainer ser_mlp_trainer;

/* Workspace for batches of up to max_batch rows, optimizer state at zero
 * (step count 0), and the epoch RNG seeded from p->seed. */
SER_API ser_mlp_trainer *ser_mlp_trainer_new(const ser_mlp *m,
				     const ser_mlp_params *p, int max_batch,
				     ser_err *err);
SER_API void ser_mlp_trainer_free(ser_mlp_trainer *t);

/* Forward and backward pass on n <= max_batch rows. Returns the batch's
 * mean squared error and leaves d(MSE)/dW and d(MSE)/db in the trainer.
 * mask[l] (hidden layer l = 0 .. n_layers-2, n x sizes[l+1] row-major)
 * multiplies layer l's ReLU output: 0 or 1/(1-rate) for inverted dropout.
 * mask == NULL: no dropout. */
SER_API double ser_mlp_grad(ser_mlp_trainer *t, const ser_mlp *m, const float *X,
		    const float *y, int n, float *const *mask);
SER_API const float *ser_mlp_grad_W(const ser_mlp_trainer *t, int l);
SER_API const float *ser_mlp_grad_b(const ser_mlp_trainer *t, int l);

/* Apply one optimizer step (Keras formulas, see mlp.c) with the gradients
 * of the last ser_mlp_grad. */
SER_API void ser_mlp_step(ser_mlp_trainer *t, ser_mlp *m);

#ifdef __cplusplus
}
#endif

#endif
