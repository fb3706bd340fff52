/* index_scan.c - `ser index`: bring a library database up to date with the
 * audio files under some roots (index.h).
 *
 * Plan first, then work: the stored rows (sorted by path) are compared
 * with the files listed now. A file whose size and mtime match its row is
 * unchanged without reading it; otherwise its fingerprint decides (a
 * touched but identical file is unchanged, only its mtime is updated).
 * Rows under the roots with no file any more are removed. The files left
 * to do are extracted by the extraction pool (predict.h) in a helper
 * thread while this thread predicts and writes the files done so far, one
 * transaction per batch, so SQLite never stalls extraction and a kill
 * loses at most the files in flight.
 *
 * Fingerprint: CRC-32 (zlib) of the size, the first 64 KiB and the last
 * 64 KiB. Reading whole files would double the I/O of extraction; an edit
 * that keeps size, mtime AND both ends is not detected (docs/index.md). */
#define _POSIX_C_SOURCE 200809L
#include "index_impl.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "ser/audiofiles.h"
#include "ser/emotion.h"
#include "ser/features.h"
#include "ser/predict.h"

#define FP_SPAN 65536

typedef struct row {          /* a stored file */
	char *path;
	int64_t size, mtime;
	int64_t fp;
	int failed;           /* recorded with an error */
	int has_pred;         /* predicted by this model */
	int seen;             /* listed in this run */
} row;

typedef struct item {         /* a file to extract */
	char *path;           /* borrowed from the listing */
	int64_t size, mtime, fp;   /* fp -1: not taken yet */
	int known;            /* already predicted by this model: "changed" */
	int stale;            /* content differs from the stored row: other
				 models' predictions are dropped */
} item;

static int64_t fingerprint(const char *path, int64_t size)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 0;
	static const int64_t span = FP_SPAN;
	unsigned char *buf = malloc(FP_SPAN);
	uLong crc = crc32(0L, Z_NULL, 0);
	unsigned char sz[8];
	for (int i = 0; i < 8; i++)
		sz[i] = (unsigned char)((uint64_t)size >> (8 * i));
	crc = crc32(crc, sz, 8);
	if (buf) {
		size_t k = fread(buf, 1, FP_SPAN, fp);
		crc = crc32(crc, buf, (uInt)k);
		if (size > 2 * span && fseek(fp, (long)(size - span), SEEK_SET) == 0) {
			k = fread(buf, 1, FP_SPAN, fp);
			crc = crc32(crc, buf, (uInt)k);
		} else if (size > span) {
			k = fread(buf, 1, FP_SPAN, fp);
			crc = crc32(crc, buf, (uInt)k);
		}
	}
	free(buf);
	fclose(fp);
	return (int64_t)crc;
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const row *)a)->path, ((const row *)b)->path);
}

static row *find_row(row *rows, long n, const char *path)
{
	row key = { 0 };
	key.path = (char *)path;
	return bsearch(&key, rows, (size_t)n, sizeof *rows, cmp_row);
}

/* root as a prefix: without trailing slashes ("/" stays "/") */
static size_t root_len(const char *root)
{
	size_t l = strlen(root);
	while (l > 1 && root[l - 1] == '/')
		l--;
	return l;
}

/* Is path the root itself or a file a listing of root would hold? */
static int under_root(const char *path, const char *root, int recursive)
{
	size_t l = root_len(root);
	if (strncmp(path, root, l))
		return 0;
	if (path[l] == '\0')
		return 1;
	const char *rest = path + l;
	if (root[l - 1] != '/') {
		if (*rest != '/')
			return 0;
		rest++;
	}
	return recursive || !strchr(rest, '/');
}

static void rows_free(row *rows, long n)
{
	for (long i = 0; rows && i < n; i++)
		free(rows[i].path);
	free(rows);
}

static row *load_rows(ser_index *ix, const char *model_id, long *n,
		      ser_err *err)
{
	sqlite3_stmt *st = ser_index_prepare(ix,
		"SELECT f.path, f.size, f.mtime_ns, f.fingerprint,"
		" f.error IS NOT NULL, EXISTS(SELECT 1 FROM predictions p"
		" WHERE p.model = ?1 AND p.path = f.path) FROM files f"
		" ORDER BY f.path", err);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, model_id, -1, SQLITE_STATIC);
	row *rows = NULL;
	long cap = 0, k = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? 2 * cap : 1024;
			row *r = realloc(rows, (size_t)cap * sizeof *r);
			if (!r)
				goto oom;
			rows = r;
		}
		row *r = &rows[k];
		memset(r, 0, sizeof *r);
		if (!(r->path = strdup((const char *)sqlite3_column_text(st, 0))))
			goto oom;
		k++;
		r->size = sqlite3_column_int64(st, 1);
		r->mtime = sqlite3_column_int64(st, 2);
		r->fp = sqlite3_column_int64(st, 3);
		r->failed = sqlite3_column_int(st, 4);
		r->has_pred = sqlite3_column_int(st, 5);
	}
	if (rc != SQLITE_DONE) {
		ser_index_sqlfail(ix, err);
		goto fail;
	}
	sqlite3_finalize(st);
	*n = k;
	return rows ? rows : calloc(1, sizeof *rows);
oom:
	ser_fail(err, "out of memory");
fail:
	sqlite3_finalize(st);
	rows_free(rows, k);
	return NULL;
}

/* ---- writing ------------------------------------------------------------ */

enum { ST_FILE, ST_DEL_PRED, ST_DEL_OTHER, ST_PRED, ST_DEL_FILE, ST_TOUCH, N_ST };

typedef struct writer {
	ser_index *ix;
	const char *model_id;
	ser_space space;       /* the model's: what files are extracted in */
	sqlite3_stmt *st[N_ST];
} writer;

static int writer_open(writer *w, ser_index *ix, const char *model_id,
		       ser_err *err)
{
	static const char *const sql[N_ST] = {
		"INSERT OR REPLACE INTO files VALUES(?1,?2,?3,?4,?5,?6,?7)",
		"DELETE FROM predictions WHERE path = ?1",
		"DELETE FROM predictions WHERE path = ?1 AND model <> ?2",
		"INSERT OR REPLACE INTO predictions VALUES(?1,?2,?3,?4,?5,?6)",
		"DELETE FROM files WHERE path = ?1",
		"UPDATE files SET mtime_ns = ?2 WHERE path = ?1",
	};
	w->ix = ix;
	w->model_id = model_id;
	for (int i = 0; i < N_ST; i++)
		if (!(w->st[i] = ser_index_prepare(ix, sql[i], err)))
			return -1;
	return 0;
}

static void writer_close(writer *w)
{
	for (int i = 0; i < N_ST; i++)
		sqlite3_finalize(w->st[i]);
}

/* Bind text/int64 parameters, step, reset. */
static int run_st(writer *w, sqlite3_stmt *st, ser_err *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : ser_index_sqlfail(w->ix, err);
}

static int put_file(writer *w, const item *it, const double *f,
		    const char *error, ser_err *err)
{
	sqlite3_stmt *st = w->st[ST_FILE];
	float blob[SER_N_FEATURES];
	sqlite3_bind_text(st, 1, it->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, it->size);
	sqlite3_bind_int64(st, 3, it->mtime);
	sqlite3_bind_int64(st, 4, it->fp);
	if (f) {
		for (int k = 0; k < SER_N_FEATURES; k++)
			blob[k] = (float)f[k];
		sqlite3_bind_text(st, 5, ser_space_tag(w->space), -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 6, blob, sizeof blob, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(st, 7, error, -1, SQLITE_STATIC);
	}
	return run_st(w, st, err);
}

static int put_pred(writer *w, const char *path, double v, double a,
		    ser_err *err)
{
	sqlite3_stmt *st = w->st[ST_PRED];
	sqlite3_bind_text(st, 1, w->model_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, v);
	sqlite3_bind_double(st, 4, a);
	sqlite3_bind_text(st, 5, ser_quadrant_name(ser_quadrant_of(v, a)), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ser_emotion_word(v, a), -1, SQLITE_STATIC);
	return run_st(w, st, err);
}

static int path_op(writer *w, int which, const char *path, int64_t x,
		   const char *s, ser_err *err)
{
	sqlite3_stmt *st = w->st[which];
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (which == ST_TOUCH)
		sqlite3_bind_int64(st, 2, x);
	if (s)
		sqlite3_bind_text(st, 2, s, -1, SQLITE_STATIC);
	return run_st(w, st, err);
}

static int put_model(ser_index *ix, const ser_model *m, const char *id,
		     const char *path, ser_err *err)
{
	size_t len = 1;
	for (int k = 0; k < m->d; k++)
		len += strlen(m->feat_names[k]) + 1;
	char *names = ser_malloc(len, err);
	if (!names)
		return -1;
	names[0] = '\0';
	for (int k = 0; k < m->d; k++) {
		if (k)
			strcat(names, ",");
		strcat(names, m->feat_names[k]);
	}
	sqlite3_stmt *st = ser_index_prepare(ix, "INSERT OR REPLACE INTO models"
					     " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
					     err);
	int rc = -1;
	if (st) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, m->space, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, m->d);
		sqlite3_bind_text(st, 5, names, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 6, m->min, m->d * (int)sizeof(double),
				  SQLITE_STATIC);
		sqlite3_bind_blob(st, 7, m->max, m->d * (int)sizeof(double),
				  SQLITE_STATIC);
		sqlite3_bind_int(st, 8, (m->flags & SER_MODEL_CLAMP) != 0);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0
						     : ser_index_sqlfail(ix, err);
	}
	sqlite3_finalize(st);
	free(names);
	return rc;
}

/* ---- extraction in a helper thread -------------------------------------- */

/* One segment of up to SEGMENT files goes to ser_extract_files in a helper
 * thread. Its per-file callback (serialized, after the file's row is
 * complete) queues the file's index; this thread takes the queue in
 * batches and writes them while extraction goes on. The pool only drains
 * (one thread idle on the last file) once per segment, and memory stays
 * bounded for a library of millions. */
#define SEGMENT 4096

typedef struct feed {
	/* set up before the thread starts */
	char **paths;        /* into one buffer, in order: index from offset */
	const char *base;
	long *off;
	int n, threads;
	ser_space space;
	double *F;
	char **errs;
	/* shared, under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int *ready, n_ready, finished, rc;
	ser_err err;
} feed;

static void on_file(void *ctx, int done, int total, const char *file)
{
	feed *fd = ctx;
	(void)done;
	(void)total;
	long o = (long)(file - fd->base);
	int lo = 0, hi = fd->n - 1;
	while (lo < hi) {    /* offsets are increasing */
		int mid = (lo + hi) / 2;
		if (fd->off[mid] < o)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the pool passes paths[i] itself; should it ever pass a copy, find
	 * the file by name instead */
	if (fd->paths[lo] != file)
		for (lo = 0; lo < fd->n - 1 && strcmp(fd->paths[lo], file); lo++)
			;
	pthread_mutex_lock(&fd->mu);
	fd->ready[fd->n_ready++] = lo;
	pthread_cond_signal(&fd->cv);
	pthread_mutex_unlock(&fd->mu);
}

static void *feed_run(void *arg)
{
	feed *fd = arg;
	ser_err err;
	int rc = ser_extract_files(fd->paths, fd->n, fd->threads, fd->space,
				   fd->F, fd->errs, on_file, fd, &err);
	pthread_mutex_lock(&fd->mu);
	fd->finished = 1;
	fd->rc = rc;
	if (rc < 0)
		fd->err = err;
	pthread_cond_signal(&fd->cv);
	pthread_mutex_unlock(&fd->mu);
	return NULL;
}

/* Predict and write the files idx[0..n) of a segment, one transaction. */
static int write_batch(writer *w, const ser_model *m, const int *map,
		       item *items, feed *fd, const int *idx, int n,
		       const ser_index_opts *o, ser_index_counts *c,
		       ser_err *err)
{
	int d = m->d, k = 0;
	double *X = ser_malloc((size_t)(n * d + 1) * sizeof *X, err);
	double *pred = ser_malloc((size_t)(2 * n + 1) * sizeof *pred, err);
	int rc = -1;
	if (!X || !pred)
		goto done;
	for (int t = 0; t < n; t++) {
		const double *f = fd->F + (long)idx[t] * SER_N_FEATURES;
		if (isnan(f[0]))
			continue;
		for (int q = 0; q < d; q++)
			X[(long)k * d + q] = f[map[q]];
		k++;
	}
	if (ser_predict_rows(m, X, k, SER_NORM_MODEL, pred, err) ||
	    ser_index_exec(w->ix, "BEGIN IMMEDIATE", err))
		goto done;
	k = 0;
	for (int t = 0; t < n; t++) {
		const double *f = fd->F + (long)idx[t] * SER_N_FEATURES;
		item *it = &items[idx[t]];
		if (it->fp < 0)
			it->fp = fingerprint(it->path, it->size);
		if (isnan(f[0])) {
			const char *msg = fd->errs[idx[t]] ? fd->errs[idx[t]]
							   : "cannot read";
			if (put_file(w, it, NULL, msg, err) ||
			    path_op(w, ST_DEL_PRED, it->path, 0, NULL, err))
				goto rollback;
			if (o->on_error)
				o->on_error(o->ctx, msg);
			c->errors++;
			continue;
		}
		if (put_file(w, it, f, NULL, err) ||
		    (it->stale && path_op(w, ST_DEL_OTHER, it->path, 0,
					  w->model_id, err)) ||
		    put_pred(w, it->path, pred[2 * k], pred[2 * k + 1], err))
			goto rollback;
		k++;
		if (it->known)
			c->changed++;
		else
			c->n_new++;
	}
	if (ser_index_exec(w->ix, "COMMIT", err))
		goto rollback;
	rc = 0;
	goto done;
rollback:
	sqlite3_exec(w->ix->db, "ROLLBACK", NULL, NULL, NULL);
done:
	free(X);
	free(pred);
	return rc;
}

/* Extract items[0..n) (one segment) and write them as they come. */
static int run_segment(writer *w, const ser_model *m, const int *map,
		       item *items, int n, long done0, long total,
		       const ser_index_opts *o, ser_index_counts *c,
		       ser_err *err)
{
	int B = o->batch > 0 ? o->batch : SER_INDEX_BATCH, rc = -1;
	feed fd;
	memset(&fd, 0, sizeof fd);
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += strlen(items[i].path) + 1;
	char *buf = ser_malloc(len, err);
	fd.paths = ser_malloc((size_t)n * sizeof *fd.paths, err);
	fd.off = ser_malloc((size_t)n * sizeof *fd.off, err);
	fd.F = ser_malloc((size_t)n * SER_N_FEATURES * sizeof *fd.F, err);
	fd.errs = ser_calloc((size_t)n, sizeof *fd.errs, err);
	fd.ready = ser_malloc((size_t)n * sizeof *fd.ready, err);
	if (!buf || !fd.paths || !fd.off || !fd.F || !fd.errs || !fd.ready)
		goto free_all;
	char *p = buf;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(items[i].path) + 1;
		memcpy(p, items[i].path, l);
		fd.paths[i] = p;
		fd.off[i] = (long)(p - buf);
		p += l;
	}
	fd.base = buf;
	fd.n = n;
	fd.threads = o->jobs > 0 ? o->jobs : 1;
	fd.space = w->space;
	pthread_mutex_init(&fd.mu, NULL);
	pthread_cond_init(&fd.cv, NULL);
	pthread_t tid;
	int threaded = pthread_create(&tid, NULL, feed_run, &fd) == 0;
	if (!threaded)
		feed_run(&fd);
	int taken = 0, bad = 0;
	for (;;) {
		pthread_mutex_lock(&fd.mu);
		while (fd.n_ready - taken < B && !fd.finished)
			pthread_cond_wait(&fd.cv, &fd.mu);
		int upto = fd.n_ready, fin = fd.finished;
		pthread_mutex_unlock(&fd.mu);
		if (upto == taken && fin)
			break;
		/* after a failed write, drain the pool without writing */
		if (!bad && write_batch(w, m, map, items, &fd, fd.ready + taken,
					upto - taken, o, c, err))
			bad = 1;
		taken = upto;
		if (!bad && o->on_progress)
			o->on_progress(o->ctx, done0 + taken, total);
	}
	if (threaded)
		pthread_join(tid, NULL);
	pthread_mutex_destroy(&fd.mu);
	pthread_cond_destroy(&fd.cv);
	if (fd.rc < 0 && !bad)
		*err = fd.err;
	rc = bad || fd.rc < 0 ? -1 : 0;
free_all:
	for (int i = 0; fd.errs && i < n; i++)
		free(fd.errs[i]);
	free(fd.errs);
	free(fd.F);
	free(fd.off);
	free(fd.paths);
	free(fd.ready);
	free(buf);
	return rc;
}

static int extract_all(writer *w, const ser_model *m, item *items, long n,
		       const ser_index_opts *o, ser_index_counts *c,
		       ser_err *err)
{
	int *map = ser_malloc((size_t)m->d * sizeof *map, err);
	int rc = -1;
	if (!map || ser_feature_map(m, ser_feature_names, SER_N_FEATURES, map,
				    "ser extract's features", err))
		goto done;
	for (long s = 0; s < n; s += SEGMENT) {
		int k = (int)(n - s < SEGMENT ? n - s : SEGMENT);
		if (run_segment(w, m, map, items + s, k, s, n, o, c, err))
			goto done;
	}
	rc = 0;
done:
	free(map);
	return rc;
}

/* ---- the plan ----------------------------------------------------------- */

/* Any stored row that a listing of root would hold? (a vanished root) */
static int rows_under(row *rows, long n, const char *root, int recursive)
{
	for (long i = 0; i < n; i++)
		if (under_root(rows[i].path, root, recursive))
			return 1;
	return 0;
}

int ser_index_update(ser_index *ix, const ser_model *m, const char *model_path,
		     char *const *roots, int n_roots, const ser_index_opts *o,
		     ser_index_counts *c, ser_err *err)
{
	char id[9];
	memset(c, 0, sizeof *c);
	if (!ser_model_has(m, SER_VALENCE) || !ser_model_has(m, SER_AROUSAL))
		return ser_fail(err, "%s: ser index needs a model that predicts "
				"both valence and arousal", model_path);
	if (ser_index_model_id(model_path, id, err))
		return -1;
	int nf = 0, rc = -1, sn = o->shard_n > 1 ? o->shard_n : 1;
	long nr = 0, ni = 0;
	writer w;
	memset(&w, 0, sizeof w);
	w.space = ser_model_audio_space(m);
	item *items = NULL;
	row *rows = NULL;
	char **files = ser_audio_files(roots, n_roots, o->recursive, &nf, err);
	if (!files)
		return -1;
	if (!(rows = load_rows(ix, id, &nr, err)) ||
	    !(items = ser_calloc((size_t)nf + 1, sizeof *items, err)) ||
	    writer_open(&w, ix, id, err) ||
	    ser_index_exec(ix, "BEGIN IMMEDIATE", err))
		goto done;
	if (put_model(ix, m, id, model_path, err))
		goto rollback;
	for (int i = 0; i < nf; i++) {
		const char *p = files[i];
		if (sn > 1 && ser_index_shard_of(p, sn) != o->shard_k)
			continue;
		row *r = find_row(rows, nr, p);
		struct stat sb;
		if (stat(p, &sb) != 0) {
			/* a vanished root's rows are removed below */
			if (!r && !rows_under(rows, nr, p, o->recursive)) {
				char msg[1200];
				snprintf(msg, sizeof msg, "%s: %s", p,
					 strerror(errno));
				if (o->on_error)
					o->on_error(o->ctx, msg);
				c->errors++;
			}
			continue;
		}
		if (r)
			r->seen = 1;
		item *it = &items[ni];
		it->path = files[i];
		it->size = (int64_t)sb.st_size;
		it->mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
			    sb.st_mtim.tv_nsec;
		int ok = r && !r->failed && r->has_pred && r->size == it->size;
		if (ok && r->mtime == it->mtime) {
			c->unchanged++;
			continue;
		}
		/* a new file's fingerprint is taken while the pool extracts
		 * (write_batch): here it would delay the start */
		it->fp = r ? fingerprint(p, it->size) : -1;
		if (ok && r->fp == it->fp) {
			/* touched, same content: keep, note the new mtime */
			if (path_op(&w, ST_TOUCH, p, it->mtime, NULL, err))
				goto rollback;
			c->unchanged++;
			continue;
		}
		it->known = r && r->has_pred;
		it->stale = r && (r->failed || r->size != it->size ||
				  r->fp != it->fp);
		ni++;
	}
	for (long i = 0; i < nr; i++) {
		row *r = &rows[i];
		if (r->seen || (sn > 1 && ser_index_shard_of(r->path, sn) !=
				o->shard_k))
			continue;
		int under = 0;
		for (int k = 0; k < n_roots && !under; k++)
			under = under_root(r->path, roots[k], o->recursive);
		if (!under)
			continue;
		if (path_op(&w, ST_DEL_FILE, r->path, 0, NULL, err) ||
		    path_op(&w, ST_DEL_PRED, r->path, 0, NULL, err))
			goto rollback;
		c->removed++;
	}
	if (ser_index_exec(ix, "COMMIT", err))
		goto rollback;
	rc = extract_all(&w, m, items, ni, o, c, err);
	goto done;
rollback:
	sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
done:
	writer_close(&w);
	free(items);
	rows_free(rows, nr);
	ser_strv_free(files, nf);
	return rc;
}
