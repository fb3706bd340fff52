/* index_search.c - `ser search`: the k files nearest to a point of the
 * valence-arousal plane, in a quadrant, or nearest in feature space to a
 * sound (index.h).
 *
 * --va: the index on (model, valence, arousal) answers a bounding box; the
 * box grows (x2) until it holds k hits whose k-th distance is inside it,
 * so a query reads a few thousand index entries, not the table.
 * --like: one pass over the stored features with a bounded max-heap of
 * the k best (a row's distance stops accumulating once it exceeds the
 * heap's worst), then the k predictions are looked up; when the library
 * holds files this model has not predicted, files and predictions (both
 * in path order: WITHOUT ROWID) are merged like sorted lists instead. */
#define _POSIX_C_SOURCE 200809L
#include "index_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/emotion.h"
#include "ser/features.h"

/* ---- bounded max-heap of hits, ordered by (distance, path) -------------- */

typedef struct heap {
	ser_hit *h;
	long n, k;
	int oom;
} heap;

static int worse(const ser_hit *a, const ser_hit *b)
{
	if (a->distance != b->distance)
		return a->distance > b->distance;
	return strcmp(a->file, b->file) > 0;
}

static void sift_down(heap *H, long i)
{
	for (;;) {
		long l = 2 * i + 1, r = l + 1, m = i;
		if (l < H->n && worse(&H->h[l], &H->h[m]))
			m = l;
		if (r < H->n && worse(&H->h[r], &H->h[m]))
			m = r;
		if (m == i)
			return;
		ser_hit t = H->h[i];
		H->h[i] = H->h[m];
		H->h[m] = t;
		i = m;
	}
}

/* The distance a candidate must beat to enter a full heap (else +inf). */
static double heap_bound(const heap *H)
{
	return H->n < H->k ? INFINITY : H->h[0].distance;
}

static void heap_push(heap *H, const char *file, double v, double a,
		      const char *emo, double dist)
{
	ser_hit c = { (char *)file, v, a, dist, "" };
	if (H->n == H->k && !worse(&H->h[0], &c))
		return;
	char *p = strdup(file);
	if (!p) {
		H->oom = 1;
		return;
	}
	c.file = p;
	snprintf(c.emotion, sizeof c.emotion, "%s", emo ? emo : "");
	if (H->n < H->k) {
		long i = H->n++;
		H->h[i] = c;
		while (i > 0 && worse(&H->h[i], &H->h[(i - 1) / 2])) {
			ser_hit t = H->h[i];
			H->h[i] = H->h[(i - 1) / 2];
			H->h[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
	} else {
		free(H->h[0].file);
		H->h[0] = c;
		sift_down(H, 0);
	}
}

static int cmp_hit(const void *a, const void *b)
{
	const ser_hit *x = a, *y = b;
	return worse(x, y) ? 1 : worse(y, x) ? -1 : 0;
}

void ser_hits_free(ser_hit *h, long n)
{
	for (long i = 0; h && i < n; i++)
		free(h[i].file);
	free(h);
}

static void heap_clear(heap *H)
{
	for (long i = 0; i < H->n; i++)
		free(H->h[i].file);
	H->n = 0;
}

/* ---- queries ------------------------------------------------------------ */

#define COL_TEXT(st, i) ((const char *)sqlite3_column_text(st, i))

static int va_query(ser_index *ix, const char *id, const ser_query *q,
		    heap *H, ser_err *err)
{
	sqlite3_stmt *st = ser_index_prepare(ix,
		"SELECT path, valence, arousal, emotion FROM predictions"
		" WHERE model = ?1 AND valence BETWEEN ?2 AND ?3"
		" AND arousal BETWEEN ?4 AND ?5", err);
	if (!st)
		return -1;
	/* past r ~ 1e6 the box is the whole plane of any sane model */
	for (double r = 0.05; r < 2e6; r *= 2) {
		int last = r * 2 >= 2e6;
		double R = last ? INFINITY : r;
		heap_clear(H);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 2, last ? -HUGE_VAL : q->v - R);
		sqlite3_bind_double(st, 3, last ? HUGE_VAL : q->v + R);
		sqlite3_bind_double(st, 4, last ? -HUGE_VAL : q->a - R);
		sqlite3_bind_double(st, 5, last ? HUGE_VAL : q->a + R);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			double v = sqlite3_column_double(st, 1);
			double a = sqlite3_column_double(st, 2);
			heap_push(H, COL_TEXT(st, 0), v, a, COL_TEXT(st, 3),
				  hypot(v - q->v, a - q->a));
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return ser_index_sqlfail(ix, err);
		}
		/* every point within r of the query is inside the box */
		if (H->n == H->k && H->h[0].distance <= r)
			break;
		if (last)
			break;
	}
	sqlite3_finalize(st);
	return 0;
}

static int quadrant_query(ser_index *ix, const char *id, const ser_query *q,
			  heap *H, ser_err *err)
{
	static const char *const where[4] = {
		"valence >= 0 AND arousal >= 0", "valence < 0 AND arousal >= 0",
		"valence < 0 AND arousal < 0", "valence >= 0 AND arousal < 0",
	};
	static const double cv[4] = { 0.5, -0.5, -0.5, 0.5 };
	static const double ca[4] = { 0.5, 0.5, -0.5, -0.5 };
	if (q->quadrant < 0 || q->quadrant > 3)
		return ser_fail(err, "bad quadrant %d", q->quadrant);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT path, valence, arousal, emotion FROM "
		 "predictions WHERE model = ?1 AND %s", where[q->quadrant]);
	sqlite3_stmt *st = ser_index_prepare(ix, sql, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		double v = sqlite3_column_double(st, 1);
		double a = sqlite3_column_double(st, 2);
		heap_push(H, COL_TEXT(st, 0), v, a, COL_TEXT(st, 3),
			  hypot(v - cv[q->quadrant], a - ca[q->quadrant]));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : ser_index_sqlfail(ix, err);
}

/* The model's normalizer and its columns among the stored features. */
typedef struct norm {
	int d, clamp;
	int *col;
	double *lo, *scale;   /* xn = (x - lo) * scale */
} norm;

static void norm_free(norm *N)
{
	free(N->col);
	free(N->lo);
	free(N->scale);
}

static int norm_load(ser_index *ix, const char *id, norm *N, ser_err *err)
{
	memset(N, 0, sizeof *N);
	sqlite3_stmt *st = ser_index_prepare(ix, "SELECT d, names, min, max, "
					     "clamp FROM models WHERE id = ?1",
					     err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		ser_fail(err, "%s: model %s not found", ix->path, id);
		goto done;
	}
	N->d = sqlite3_column_int(st, 0);
	N->clamp = sqlite3_column_int(st, 4);
	int d = N->d;
	if (d < 1 || sqlite3_column_bytes(st, 2) != d * (int)sizeof(double) ||
	    sqlite3_column_bytes(st, 3) != d * (int)sizeof(double)) {
		ser_fail(err, "%s: model %s: bad normalizer", ix->path,
			 id);
		goto done;
	}
	N->col = ser_malloc((size_t)d * sizeof *N->col, err);
	N->lo = ser_malloc((size_t)d * sizeof *N->lo, err);
	N->scale = ser_malloc((size_t)d * sizeof *N->scale, err);
	char *names = ser_strdup(COL_TEXT(st, 1), err);
	if (!N->col || !N->lo || !N->scale || !names) {
		free(names);
		goto done;
	}
	const double *mn = sqlite3_column_blob(st, 2);
	const double *mx = sqlite3_column_blob(st, 3);
	char *save = NULL, *tok = strtok_r(names, ",", &save);
	for (int k = 0; k < d; k++, tok = strtok_r(NULL, ",", &save)) {
		N->col[k] = -1;
		for (int j = 0; tok && j < SER_N_FEATURES; j++)
			if (!strcmp(tok, ser_feature_names[j]))
				N->col[k] = j;
		if (N->col[k] < 0) {
			ser_fail(err, "%s: model %s needs feature '%s', which "
				 "ser index does not store", ix->path,
				 id, tok ? tok : "?");
			free(names);
			goto done;
		}
		N->lo[k] = mn[k];
		N->scale[k] = mx[k] > mn[k] ? 1.0 / (mx[k] - mn[k]) : 0;
	}
	free(names);
	rc = 0;
done:
	sqlite3_finalize(st);
	return rc;
}

static double norm_one(const norm *N, int k, double x)
{
	double xn = (x - N->lo[k]) * N->scale[k];
	if (N->clamp)
		xn = xn < 0 ? 0 : xn > 1 ? 1 : xn;
	return xn;
}

/* Distance of one stored feature row to the query, or +inf once it
 * exceeds bound (squared). */
static double like_dist(const norm *N, const double *qn, const float *f,
			double bound)
{
	double s = 0;
	for (int k = 0; k < N->d && s <= bound; k++) {
		double e = norm_one(N, k, f[N->col[k]]) - qn[k];
		s += e * e;
	}
	return s <= bound ? sqrt(s) : INFINITY;
}

static int usable(sqlite3_stmt *sf, const ser_query *q)
{
	return sqlite3_column_bytes(sf, 1) == SER_N_FEATURES * (int)sizeof(float)
	       && !(q->exclude && !strcmp(COL_TEXT(sf, 0), q->exclude));
}

/* One pass over files (path order), merged with this model's predictions
 * when joined, else predictions are looked up for the k winners only.
 * 1 = a winner has no prediction by this model (indexed by another model
 * only): the caller reruns joined. */
static int like_scan(ser_index *ix, const char *id, const ser_query *q,
		     const norm *N, const double *qn, int joined, heap *H,
		     ser_err *err)
{
	int rc = -1;
	sqlite3_stmt *sf = ser_index_prepare(ix, "SELECT path, features FROM "
		"files WHERE features IS NOT NULL ORDER BY path", err);
	sqlite3_stmt *sp = ser_index_prepare(ix, joined
		? "SELECT path, valence, arousal, emotion FROM predictions "
		  "WHERE model = ?1 ORDER BY path"
		: "SELECT path, valence, arousal, emotion FROM predictions "
		  "WHERE model = ?1 AND path = ?2", err);
	if (!sf || !sp)
		goto done;
	sqlite3_bind_text(sp, 1, id, -1, SQLITE_STATIC);
	int rf = sqlite3_step(sf), rp = joined ? sqlite3_step(sp) : SQLITE_ROW;
	while (rf == SQLITE_ROW && rp == SQLITE_ROW) {
		int c = joined ? strcmp(COL_TEXT(sf, 0), COL_TEXT(sp, 0)) : 0;
		if (c > 0) {
			rp = sqlite3_step(sp);
			continue;
		}
		if (c == 0 && usable(sf, q)) {
			double b = heap_bound(H);
			double dist = like_dist(N, qn, sqlite3_column_blob(sf, 1),
						isinf(b) ? INFINITY : b * b);
			if (!isinf(dist))
				heap_push(H, COL_TEXT(sf, 0),
					  joined ? sqlite3_column_double(sp, 1) : NAN,
					  joined ? sqlite3_column_double(sp, 2) : NAN,
					  joined ? COL_TEXT(sp, 3) : "", dist);
		}
		rf = sqlite3_step(sf);
		if (joined && c == 0)
			rp = sqlite3_step(sp);
	}
	if ((rf != SQLITE_ROW && rf != SQLITE_DONE) ||
	    (rp != SQLITE_ROW && rp != SQLITE_DONE)) {
		ser_index_sqlfail(ix, err);
		goto done;
	}
	rc = 0;
	for (long i = 0; !joined && i < H->n; i++) {
		ser_hit *h = &H->h[i];
		sqlite3_reset(sp);
		sqlite3_bind_text(sp, 2, h->file, -1, SQLITE_STATIC);
		if (sqlite3_step(sp) != SQLITE_ROW) {
			rc = 1;
			break;
		}
		h->valence = sqlite3_column_double(sp, 1);
		h->arousal = sqlite3_column_double(sp, 2);
		snprintf(h->emotion, sizeof h->emotion, "%s", COL_TEXT(sp, 3));
	}
done:
	sqlite3_finalize(sf);
	sqlite3_finalize(sp);
	return rc;
}

/* Reading the features alone and looking up k predictions costs half the
 * I/O of merging the two tables; the merge is the fallback for a library
 * indexed with several models. */
static int like_query(ser_index *ix, const char *id, const ser_query *q,
		      heap *H, ser_err *err)
{
	norm N;
	if (norm_load(ix, id, &N, err))
		return -1;
	int rc = -1;
	double *qn = ser_malloc((size_t)N.d * sizeof *qn, err);
	if (qn) {
		for (int k = 0; k < N.d; k++)
			qn[k] = norm_one(&N, k, q->feat[N.col[k]]);
		rc = like_scan(ix, id, q, &N, qn, 0, H, err);
		if (rc == 1) {
			heap_clear(H);
			rc = like_scan(ix, id, q, &N, qn, 1, H, err);
		}
	}
	free(qn);
	norm_free(&N);
	return rc;
}

static ser_hit *all_query(ser_index *ix, const char *id, long k, long *n,
			  ser_err *err)
{
	sqlite3_stmt *st = ser_index_prepare(ix, "SELECT path, valence, "
		"arousal, emotion FROM predictions WHERE model = ?1 "
		"ORDER BY path LIMIT ?2", err);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, k > 0 ? k : -1);
	ser_hit *h = NULL;
	long cap = 0, m = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (m == cap) {
			cap = cap ? 2 * cap : 256;
			ser_hit *p = realloc(h, (size_t)cap * sizeof *p);
			if (!p)
				goto oom;
			h = p;
		}
		ser_hit *x = &h[m];
		if (!(x->file = strdup(COL_TEXT(st, 0))))
			goto oom;
		m++;
		x->valence = sqlite3_column_double(st, 1);
		x->arousal = sqlite3_column_double(st, 2);
		x->distance = NAN;
		snprintf(x->emotion, sizeof x->emotion, "%s", COL_TEXT(st, 3));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ser_index_sqlfail(ix, err);
		ser_hits_free(h, m);
		return NULL;
	}
	*n = m;
	return h ? h : calloc(1, sizeof *h);
oom:
	sqlite3_finalize(st);
	ser_hits_free(h, m);
	ser_fail(err, "out of memory");
	return NULL;
}

ser_hit *ser_index_search(ser_index *ix, const char *model_id,
			  const ser_query *q, long *n, ser_err *err)
{
	*n = 0;
	if (q->kind == SER_QUERY_ALL)
		return all_query(ix, model_id, q->k, n, err);
	if (q->k < 1)
		return ser_fail(err, "k must be at least 1"), NULL;
	if (q->kind == SER_QUERY_LIKE && !q->feat)
		return ser_fail(err, "--like: no query features"), NULL;
	heap H = { ser_calloc((size_t)q->k, sizeof(ser_hit), err), 0, q->k, 0 };
	if (!H.h)
		return NULL;
	int rc = q->kind == SER_QUERY_VA ? va_query(ix, model_id, q, &H, err)
		 : q->kind == SER_QUERY_QUADRANT
			 ? quadrant_query(ix, model_id, q, &H, err)
			 : like_query(ix, model_id, q, &H, err);
	if (!rc && H.oom)
		rc = ser_fail(err, "out of memory");
	if (rc) {
		heap_clear(&H);
		free(H.h);
		return NULL;
	}
	qsort(H.h, (size_t)H.n, sizeof *H.h, cmp_hit);
	*n = H.n;
	return H.h;
}
