/* svr_kcache.c - LRU kernel-row cache; see svr_kcache.h.
 *
 * The LRU order is a doubly linked list threaded through two int arrays
 * (index l is the sentinel): most recent at the tail, the victim at the
 * head. Row buffers are allocated lazily up to the budget, so a large
 * --svr-cache-mb costs nothing on small problems. */
#include "svr_kcache.h"

#include <stdlib.h>

struct ser_kcache {
	int l;
	int cap;       /* rows the budget allows (2 <= cap <= l, or l < 2) */
	int n_alloc;   /* row buffers allocated so far */
	double **row;  /* l: cached row or NULL */
	double *spare[2]; /* reserved buffers not yet holding a row */
	int n_spare;
	int *prev, *next;
	ser_kcache_fill_fn fill;
	void *ctx;
	long hits, misses;
	const double *full; /* a whole l x l matrix, borrowed (no LRU) */
	const float *full_f32;  /* or one of floats */
};

static void lru_unlink(ser_kcache *c, int i)
{
	c->next[c->prev[i]] = c->next[i];
	c->prev[c->next[i]] = c->prev[i];
}

static void lru_append(ser_kcache *c, int i)
{
	int s = c->l, last = c->prev[s];
	c->next[last] = i;
	c->prev[i] = last;
	c->next[i] = s;
	c->prev[s] = i;
}

ser_kcache *ser_kcache_new(int l, double cache_mb, ser_kcache_fill_fn fill,
			   void *ctx, ser_err *err)
{
	ser_kcache *c = ser_calloc(1, sizeof *c, err);
	if (!c)
		return NULL;
	c->l = l;
	c->fill = fill;
	c->ctx = ctx;
	double rows = cache_mb * 1048576.0 / ((double)l * sizeof(double));
	c->cap = rows > l ? l : (int)rows;
	if (c->cap < 2)
		c->cap = l < 2 ? l : 2;
	c->row = ser_calloc((size_t)l, sizeof *c->row, err);
	c->prev = ser_malloc((size_t)(l + 1) * sizeof *c->prev, err);
	c->next = ser_malloc((size_t)(l + 1) * sizeof *c->next, err);
	if (!c->row || !c->prev || !c->next)
		goto fail;
	c->prev[l] = c->next[l] = l;
	/* the two rows SMO needs at once are reserved now, so that
	 * ser_kcache_row never has to fail */
	for (int k = 0; k < c->cap && k < 2; k++) {
		c->spare[k] = ser_malloc((size_t)l * sizeof(double), err);
		if (!c->spare[k])
			goto fail;
		c->n_spare++;
		c->n_alloc++;
	}
	return c;
fail:
	ser_kcache_free(c);
	return NULL;
}

/* A cache over a borrowed whole matrix (no LRU, nothing allocated). */
static ser_kcache *full_new(int l, const double *M, const float *Mf,
			    ser_err *err)
{
	ser_kcache *c = ser_calloc(1, sizeof *c, err);
	if (!c)
		return NULL;
	c->l = c->cap = l;
	c->full = M;
	c->full_f32 = Mf;
	return c;
}

ser_kcache *ser_kcache_new_full(int l, const double *M, ser_err *err)
{
	return full_new(l, M, NULL, err);
}

ser_kcache *ser_kcache_new_full_f32(int l, const float *M, ser_err *err)
{
	return full_new(l, NULL, M, err);
}

int ser_kcache_is_f32(const ser_kcache *c)
{
	return c->full_f32 != NULL;
}

const float *ser_kcache_row_f32(const ser_kcache *c, int i)
{
	return c->full_f32 + (size_t)i * c->l;
}

void ser_kcache_free(ser_kcache *c)
{
	if (!c)
		return;
	if (c->row)
		for (int i = 0; i < c->l; i++)
			free(c->row[i]);
	for (int k = 0; k < c->n_spare; k++)
		free(c->spare[k]);
	free(c->row);
	free(c->prev);
	free(c->next);
	free(c);
}

const double *ser_kcache_row(ser_kcache *c, int i)
{
	if (c->full)
		return c->full + (size_t)i * c->l;
	double *r = c->row[i];
	if (r) {
		c->hits++;
		lru_unlink(c, i);
		lru_append(c, i);
		return r;
	}
	c->misses++;
	if (c->n_spare > 0) {
		r = c->spare[--c->n_spare];
	} else if (c->n_alloc < c->cap) {
		r = malloc((size_t)c->l * sizeof *r);
		if (r)
			c->n_alloc++;
		else
			c->cap = c->n_alloc;  /* out of memory: live with less */
	}
	if (!r) {
		int victim = c->next[c->l];
		r = c->row[victim];
		c->row[victim] = NULL;
		lru_unlink(c, victim);
	}
	c->fill(c->ctx, i, r);
	c->row[i] = r;
	lru_append(c, i);
	return r;
}

int ser_kcache_capacity(const ser_kcache *c)
{
	return c->cap;
}

void ser_kcache_stats(const ser_kcache *c, long *hits, long *misses)
{
	*hits = c->hits;
	*misses = c->misses;
}
