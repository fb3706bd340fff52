/* index.h - a sound library's features and predictions in SQLite, for
 * `ser index` (incremental, sharded) and `ser search` (nearest sounds by
 * valence/arousal, quadrant or feature similarity). The schema and its
 * version are documented in docs/index.md.
 *
 * One database holds files (path as given, size, mtime, fingerprint, the
 * features as a float32 BLOB with their space, or the error that made the
 * file unreadable), models (identified by the CRC-32 of their .ser file,
 * with the normalizer --like needs) and predictions (one row per file and
 * model). A database is opened in WAL mode and every update is one
 * transaction per batch of files, so a killed run leaves a consistent
 * database that the next run completes. libser never prints: per-file
 * errors and progress go to callbacks. */
#ifndef SER_INDEX_H
#define SER_INDEX_H

#include "ser/export.h"

#include <stdint.h>
#include "ser/error.h"
#include "ser/features.h"   /* ser_space */
#include "ser/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_INDEX_SCHEMA 1        /* schema version this ser reads/writes */
#define SER_INDEX_BATCH 32        /* files per transaction */

typedef struct ser_index ser_index;

/* Open (create = 1: create if absent) a library database. A file that is
 * not a ser index, or one of another schema version, is refused with a
 * message naming it. */
SER_API ser_index *ser_index_open(const char *path, int create, ser_err *err);
SER_API void ser_index_close(ser_index *ix);

/* A model's identity: CRC-32 (zlib) of its whole .ser file, as 8 hex
 * digits plus NUL. */
SER_API int ser_index_model_id(const char *model_path, char id[9], ser_err *err);

/* Shard of a path: 1 + FNV-1a-64(path bytes) mod n (1 when n <= 1). */
SER_API int ser_index_shard_of(const char *path, int n);

/* ---- ser index ---------------------------------------------------------- */

typedef struct ser_index_counts {
	long n_new, changed, unchanged, removed, errors;
} ser_index_counts;

typedef struct ser_index_opts {
	int recursive;           /* descend into directories */
	int jobs;                /* extraction threads */
	int shard_k, shard_n;    /* index shard k of n (n = 0: everything) */
	int batch;               /* files per transaction (0: SER_INDEX_BATCH) */
	/* both may be NULL; called from the calling thread */
	void (*on_error)(void *ctx, const char *msg);
	void (*on_progress)(void *ctx, long done, long total);
	void *ctx;
} ser_index_opts;

/* Bring the database up to date with the audio files under roots for
 * model m (file model_path, identity from ser_index_model_id): new files
 * and changed ones are extracted and predicted, unchanged ones (same
 * size, mtime and fingerprint, with a prediction by this model) are not,
 * and files under the roots that no longer exist (in this shard) are
 * removed. Unreadable files are recorded with their error, reported to
 * on_error and counted in c->errors. Returns 0, or -1 if the run could not
 * go on (database error, unreadable directory). */
SER_API int ser_index_update(ser_index *ix, const ser_model *m, const char *model_path,
		     char *const *roots, int n_roots, const ser_index_opts *o,
		     ser_index_counts *c, ser_err *err);

/* Copy the files, models and predictions of the database at src into ix
 * (rows of the same path replace). The models of src must be those of ix
 * (when ix has any): shards are merged only when made with one model. */
SER_API int ser_index_merge(ser_index *ix, const char *src, ser_err *err);

/* ---- ser search --------------------------------------------------------- */

/* The model to search with: want (an id, or NULL) must be in the
 * database; without it, the database must hold exactly one model. */
SER_API int ser_index_pick_model(ser_index *ix, const char *want, char id[9],
			 ser_err *err);

/* The feature space model_id's files are extracted in (its own when it
 * is one of ser's, else the default: ser_model_audio_space). */
SER_API int ser_index_model_space(ser_index *ix, const char *model_id,
				  ser_space *space, ser_err *err);

/* The stored features (ser_feature_names order) of path in `space`: 1
 * found, 0 not in the library in that space (or unreadable there), -1
 * error. */
SER_API int ser_index_features(ser_index *ix, const char *path,
			       ser_space space, double out[], int n_out,
			       ser_err *err);

typedef enum ser_query_kind {
	SER_QUERY_VA = 0,     /* nearest to (v, a) */
	SER_QUERY_QUADRANT,   /* in quadrant q, nearest to its centre */
	SER_QUERY_LIKE,       /* nearest in the model's normalized features */
	SER_QUERY_ALL         /* every file, by path; distance NaN */
} ser_query_kind;

typedef struct ser_query {
	ser_query_kind kind;
	double v, a;            /* VA */
	int quadrant;           /* QUADRANT: ser_quadrant */
	const double *feat;     /* LIKE: SER_N_FEATURES raw features */
	const char *exclude;    /* LIKE: leave this path out (the query) */
	long k;                 /* at most k hits (ALL: 0 = every file) */
} ser_query;

typedef struct ser_hit {
	char *file;
	double valence, arousal, distance;
	char emotion[16];
} ser_hit;

/* Hits sorted by distance ascending (ties by path; ALL: by path). *n
 * receives the count. Free with ser_hits_free. */
SER_API ser_hit *ser_index_search(ser_index *ix, const char *model_id,
			  const ser_query *q, long *n, ser_err *err);
SER_API void ser_hits_free(ser_hit *h, long n);

#ifdef __cplusplus
}
#endif

#endif
