/* train.h - fit a model (model.h) on a labelled data set: the normalizer is
 * the per-feature min/max of the training rows, each requested target gets
 * its own regressor trained on the normalized rows, and the provenance
 * (data, seed, date, ser version) is recorded. The same family fit
 * (family.h) as cross-validation, on all rows. */
#ifndef SER_TRAIN_H
#define SER_TRAIN_H

#include <stdint.h>
#include "ser/dataset.h"
#include "ser/error.h"
#include "ser/export.h"
#include "ser/model.h"
#include "ser/predict.h"   /* ser_extract_cb */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_train_opts {
	ser_spec spec;                 /* family and hyper-parameters */
	int targets[SER_N_TARGETS];    /* 1 = train this target; {1, 1} */
	/* target t's fit gets ser_fit_seed(seed, t, -1) (family.h) */
	uint64_t seed;
	const char *data;              /* provenance text; NULL: "" */
	/* target t's own spec (ser train --tune's chosen point), or NULL:
	 * spec */
	const ser_spec *spec_of[SER_N_TARGETS];
} ser_train_opts;

/* Family f with its defaults (the thesis's for SVR and MLP), both
 * targets. */
SER_API void ser_train_opts_default(ser_train_opts *o, const ser_family *f);

/* Called before each target is fitted (epoch 0) and, for an MLP, after
 * each of its epochs: target t is the i-th of n (from 0). */
typedef void (*ser_train_cb)(void *ctx, ser_target t, int i, int n,
			     int epoch, int epochs);

/* A target requested but absent from ds (y NULL) is an error, as are
 * fewer than 2 rows. */
SER_API ser_model *ser_train(const ser_dataset *ds, const ser_train_opts *o,
		     ser_train_cb cb, void *ctx, ser_err *err);

/* --dataset DIR --audio: replace the features of a data set loaded from
 * the Emo-Soundscapes tables (ser_dataset_load_emo, which supplies the
 * ratings) by ser's own, extracted from the audio tree: each row's file is
 * looked up by name anywhere under DIR's Emo-Soundscapes-Audio/ (or under
 * DIR itself when that folder is absent), extracted through the feature
 * cache (features_cache.h) in feature space `space`, and ds becomes a
 * 74-feature data set of that space. Rows without audio or whose audio cannot be read are left out;
 * *warn (may be NULL) receives one malloc'd line per row left out, *n_warn
 * their count (free with ser_strv_free). *n_cached: rows from the cache. */
SER_API int ser_dataset_use_audio(ser_dataset *ds, const char *dir,
			  const char *cache, int threads, ser_space space,
			  char ***warn,
			  int *n_warn, int *n_cached, ser_extract_cb cb,
			  void *ctx, ser_err *err);

/* --labels L --audio: a data set of the files L names (a labels table with
 * header file,valence,arousal; a relative path is relative to L's
 * directory) and ser's 74 features of them in `space` (o->features is ignored: the
 * cache's size and mtime columns are no features), extracted through the feature
 * cache at `cache` (features_cache.h) and aligned with L's labels by
 * ser_dataset_load_csv. Files that cannot be read are left out: *warn (may
 * be NULL) receives one malloc'd line each, *n_warn their count, as
 * ser_dataset_use_audio. *n_files (L's rows) and *n_cached are set once
 * the extraction has run, even when the load after it fails; *warn too. */
SER_API ser_dataset *ser_dataset_load_audio(const char *labels, const char *cache,
				    const ser_dataset_opts *o, int threads,
				    ser_space space, char ***warn, int *n_warn, int *n_files,
				    int *n_cached, ser_extract_cb cb,
				    void *ctx, ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
