/* features_cache.h - extract the features of many audio files, reusing earlier
 * results from a cache file, for `ser train --audio`.
 *
 * The cache is a features CSV, so the data set loader reads it directly:
 *   file,size,mtime,extractor,<the 74 ser_feature_names>
 * `file` is the name as the caller knows it (e.g. relative to a labels
 * file), size and mtime (seconds.nanoseconds) identify the file's content
 * on disk, extractor is the feature space's tag and the
 * SER_FEATURE_VERSION that computed the row (e.g. ser-robust-v1/1); a
 * row is reused only when the file's current size and mtime, the space
 * asked for and this build's extractor version all match. Values are written with 17 significant digits (exact round trip).
 * The cache is rewritten (atomically) with exactly the files of this call
 * that could be extracted. */
#ifndef SER_FEATCACHE_H
#define SER_FEATCACHE_H

#include "ser/error.h"
#include "ser/predict.h"

/* Features in `space` (features.h). names[i] is the key written for paths[i]. X (may be NULL; n x
 * SER_N_FEATURES) receives the features, a failed file's row starting with
 * NaN. errs[i] receives a message for each file that could not be
 * extracted (caller frees), NULL otherwise.
 * *n_cached receives how many files came from the cache. Returns the number
 * of failed files, -1 on a cache write error. */
int ser_featcache_extract(const char *cache_path, char *const *paths,
			  char *const *names, int n, int threads,
			  ser_space space, double *Xout,
			  char **errs, int *n_cached, ser_extract_cb cb,
			  void *ctx, ser_err *err);

#endif
