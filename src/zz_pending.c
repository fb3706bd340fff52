/* zz_pending.c - TEMPORARY weak stand-ins for functions of areas not yet
 * merged (mlp.c, features.c, dataset.c), so that the model/predict
 * code links and is tested before they land. Every definition is weak: the
 * real one overrides it in libser.so, and the file sorts last in libser.a so
 * the linker meets the real member first. The inference functions follow
 * their headers' contracts exactly; training/extraction report an error.
 * DELETE this file once main has mlp.c, features.c and dataset.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/dataset.h"
#include "ser/features.h"
#include "ser/mlp.h"

#define WEAK __attribute__((weak))

WEAK const char *const ser_target_names[SER_N_TARGETS] = { "valence",
							   "arousal" };

WEAK const char *const ser_feature_names[SER_N_FEATURES] = {
	"rms_mean", "rms_std", "zerocross_mean", "zerocross_std",
	"rolloff_mean", "rolloff_std", "centroid_mean", "centroid_std",
	"spread_mean", "spread_std", "skewness_mean", "skewness_std",
	"kurtosis_mean", "kurtosis_std", "flatness_mean", "flatness_std",
	"mfcc_mean_1", "mfcc_mean_2", "mfcc_mean_3", "mfcc_mean_4",
	"mfcc_mean_5", "mfcc_mean_6", "mfcc_mean_7", "mfcc_mean_8",
	"mfcc_mean_9", "mfcc_mean_10", "mfcc_mean_11", "mfcc_mean_12",
	"mfcc_mean_13", "mfcc_std_1", "mfcc_std_2", "mfcc_std_3",
	"mfcc_std_4", "mfcc_std_5", "mfcc_std_6", "mfcc_std_7", "mfcc_std_8",
	"mfcc_std_9", "mfcc_std_10", "mfcc_std_11", "mfcc_std_12",
	"mfcc_std_13", "chromagram_mean_1", "chromagram_mean_2",
	"chromagram_mean_3", "chromagram_mean_4", "chromagram_mean_5",
	"chromagram_mean_6", "chromagram_mean_7", "chromagram_mean_8",
	"chromagram_mean_9", "chromagram_mean_10", "chromagram_mean_11",
	"chromagram_mean_12", "chromagram_std_1", "chromagram_std_2",
	"chromagram_std_3", "chromagram_std_4", "chromagram_std_5",
	"chromagram_std_6", "chromagram_std_7", "chromagram_std_8",
	"chromagram_std_9", "chromagram_std_10", "chromagram_std_11",
	"chromagram_std_12", "loudness_mean", "loudness_std", "energy_mean",
	"energy_std", "perceptual_sharp_mean", "perceptual_sharp_std",
	"spectral_slope_mean", "spectral_slope_std",
};

/* ---- mlp.h ---- */

WEAK void ser_mlp_params_default(ser_mlp_params *p)
{
	p->dropout = 0.2f;
	p->opt = SER_OPT_RMSPROP;
	p->lr = 1e-3f;
	p->epochs = 10;
	p->batch = 1;
	p->seed = 0;
}

WEAK ser_mlp *ser_mlp_new(int inputs, const int *hidden, int n_hidden,
			  ser_err *err)
{
	if (n_hidden < 0 || n_hidden + 1 > SER_MLP_MAX_LAYERS) {
		ser_fail(err, "MLP: %d hidden layers (at most %d)", n_hidden,
			 SER_MLP_MAX_LAYERS - 1);
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
		m->W[l] = ser_calloc((size_t)m->sizes[l] * (size_t)m->sizes[l + 1],
				     sizeof(float), err);
		m->b[l] = ser_calloc((size_t)m->sizes[l + 1], sizeof(float), err);
		if (!m->W[l] || !m->b[l]) {
			ser_mlp_free(m);
			return NULL;
		}
	}
	return m;
}

WEAK void ser_mlp_free(ser_mlp *m)
{
	if (!m)
		return;
	for (int l = 0; l < m->n_layers; l++) {
		free(m->W[l]);
		free(m->b[l]);
	}
	free(m);
}

WEAK void ser_mlp_init(ser_mlp *m, uint64_t seed)
{
	(void)m;
	(void)seed;
}

WEAK int ser_mlp_train(ser_mlp *m, const float *X, const float *y, int n,
		       const ser_mlp_params *p, ser_mlp_progress cb, void *ctx,
		       ser_err *err)
{
	(void)m, (void)X, (void)y, (void)n, (void)p, (void)cb, (void)ctx;
	return ser_fail(err, "MLP training is not in this build yet");
}

/* Plain forward pass, float accumulation in input order. */
WEAK int ser_mlp_predict(const ser_mlp *m, const float *X, int n, float *out,
			 ser_err *err)
{
	int widest = 0;
	for (int l = 0; l <= m->n_layers; l++)
		if (m->sizes[l] > widest)
			widest = m->sizes[l];
	float *a = ser_malloc(2 * (size_t)widest * sizeof *a, err);
	if (!a)
		return -1;
	for (int i = 0; i < n; i++) {
		float *cur = a, *nxt = a + widest;
		memcpy(cur, X + (long)i * m->sizes[0], (size_t)m->sizes[0] * sizeof *cur);
		for (int l = 0; l < m->n_layers; l++) {
			int in = m->sizes[l], ou = m->sizes[l + 1];
			for (int k = 0; k < ou; k++) {
				float s = m->b[l][k];
				for (int j = 0; j < in; j++)
					s += cur[j] * m->W[l][(long)j * ou + k];
				nxt[k] = (l < m->n_layers - 1 && s < 0) ? 0 : s;
			}
			float *t = cur;
			cur = nxt;
			nxt = t;
		}
		out[i] = cur[0];
	}
	free(a);
	return 0;
}

/* ---- features.h ---- */

struct ser_extractor {
	int unused;
};

WEAK ser_extractor *ser_extractor_new(ser_err *err)
{
	return ser_calloc(1, sizeof(struct ser_extractor), err);
}

WEAK void ser_extractor_free(ser_extractor *x)
{
	free(x);
}

WEAK int ser_extract_file(ser_extractor *x, const char *path,
			  double out[SER_N_FEATURES], ser_err *err)
{
	(void)x;
	memset(out, 0, SER_N_FEATURES * sizeof *out);
	return ser_fail(err, "%s: feature extraction is not in this build yet",
			path);
}

/* ---- dataset.h ---- */

WEAK void ser_dataset_free(ser_dataset *ds)
{
	if (!ds)
		return;
	for (int i = 0; i < ds->n; i++)
		free(ds->files[i]);
	for (int j = 0; j < ds->d; j++)
		free(ds->feat_names[j]);
	free(ds->files);
	free(ds->feat_names);
	free(ds->X);
	for (int t = 0; t < SER_N_TARGETS; t++)
		free(ds->y[t]);
	free(ds);
}
