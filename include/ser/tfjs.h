/* model_tfjs.h - import TensorFlow.js layers-model files (model.json + weight
 * shards), the format of the thesis app's published models.
 *
 * Supported: a Sequential model of Dense layers (ReLU hidden, linear output,
 * one unit) with any Dropout layers between them (identity at inference),
 * float32 weights. Weights are found by name ("<layer>/kernel",
 * "<layer>/bias") in the manifest, whose order need not follow the layers;
 * each group's shards are concatenated in the order the manifest lists
 * them and read as little-endian float32. Anything else (other layer types
 * or activations, quantized or non-float32 weights, shape mismatches,
 * missing or short shards) is a clear error naming the file. */
#ifndef SER_TFJS_H
#define SER_TFJS_H

#include "ser/error.h"
#include "ser/export.h"
#include "ser/mlp.h"
#include "ser/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Read DIR/model.json and its shards. *dropout (may be NULL) receives the
 * first Dropout rate (0 if none). */
SER_API ser_mlp *ser_tfjs_read_mlp(const char *dir, float *dropout, ser_err *err);

/* A model from a valence and/or an arousal directory (either may be NULL,
 * not both). The networks must take SER_N_FEATURES inputs: they are the
 * thesis's 74 features (ser_feature_names order) in the data set's
 * min-max normalized space, so the model's space is SER_SPACE_EMO and its
 * normalizer the identity (min 0, max 1). */
SER_API ser_model *ser_tfjs_import(const char *valence_dir, const char *arousal_dir,
			   ser_err *err);

#ifdef __cplusplus
}
#endif

#endif
