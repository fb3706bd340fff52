/* svr_smo.c - libsvm's Solver (svm.cpp, Chang & Lin), rewritten for libser; see
 * svr_smo.h.
 *
 * The arithmetic follows libsvm step for step (same pair selection, same
 * clipping, same shrinking schedule, same rho) so that a model equals the
 * one scikit-learn's SVR builds on the same data, down to the rounding of
 * each sum. The differences are mechanical: kernel values are doubles (the
 * caller may round them to float as libsvm stores them, see svr.c), Q_tu
 * is formed on the fly as y_t y_u K[row_t][row_u] from the cached kernel
 * row instead of being copied into a per-call buffer, the argmax half of
 * the pair selection rides along with the gradient update, and G_bar is
 * built late (see below).
 *
 * Variables live in "active order": shrinking swaps a variable that cannot
 * move any more past active_size, and every per-variable array is swapped
 * with it; active_set[] remembers where each came from. */
#include "svr_smo.h"

#include <math.h>
#include <stdlib.h>

#define TAU 1e-12  /* libsvm's stand-in for a non-positive curvature */

enum { AT_LOWER, AT_UPPER, FREE };

typedef struct solver {
	int l, active_size, unshrink;
	signed char *y;
	int *row, *active_set;
	char *status;
	/* per variable, kept with status: may y_t a_t grow (I_up, candidate
	 * for i) / shrink (I_low, candidate for j); and y_t as a double. The
	 * selection loops then need no branches on y or status. */
	char *in_up, *in_low;
	double *yd;
	/* i of the next working set (first half of WSS3), found while the
	 * previous step updated G; -2 when it must be searched afresh */
	int next_i;
	double next_gmax;
	double *p, *alpha, *G, *G_bar, *QD;
	/* G_bar (sum of C Q_t over variables at the upper bound) is read only
	 * to rebuild the gradient of shrunk variables. It is built the first
	 * time a variable is shrunk and kept up to date from then on; fits
	 * that converge before shrinking ever bites never pay for it. */
	int gbar_ready;
	double C, eps;
	const double *kdiag;
	ser_kcache *K;
	int f32;        /* K's rows are floats (ser_kcache_row_f32) */
} solver;

/* Kernel row r: doubles, or floats from a float matrix. A float read
 * into a double expression is the value the double matrix would have
 * held (its entries were rounded to float too), so both give the same
 * bits; the hot loops below are written once per element type (KLOOP)
 * so that neither tests the type per element. */
typedef struct krow {
	const double *d;
	const float *f;
} krow;

static krow krow_get(const solver *s, int r)
{
	krow k = { NULL, NULL };
	if (s->f32)
		k.f = ser_kcache_row_f32(s->K, r);
	else
		k.d = ser_kcache_row(s->K, r);
	return k;
}

static double kval(krow k, int c)
{
	return k.f ? k.f[c] : k.d[c];
}

/* BODY with Kp naming k's row as a pointer of its own element type */
#define KLOOP(k, Kp, BODY) do { \
		if ((k).f) { const float *Kp = (k).f; BODY } \
		else { const double *Kp = (k).d; BODY } \
	} while (0)
/* the same for two rows of one matrix (one element type) */
#define KLOOP2(k, Kp, l, Lp, BODY) do { \
		if ((k).f) { const float *Kp = (k).f, *Lp = (l).f; BODY } \
		else { const double *Kp = (k).d, *Lp = (l).d; BODY } \
	} while (0)

static void update_status(solver *s, int i)
{
	if (s->alpha[i] >= s->C)
		s->status[i] = AT_UPPER;
	else if (s->alpha[i] <= 0)
		s->status[i] = AT_LOWER;
	else
		s->status[i] = FREE;
	int up = s->status[i] != AT_UPPER, low = s->status[i] != AT_LOWER;
	s->in_up[i] = (char)(s->y[i] > 0 ? up : low);
	s->in_low[i] = (char)(s->y[i] > 0 ? low : up);
}

#define IS_UPPER(s, i) ((s)->status[i] == AT_UPPER)
#define IS_LOWER(s, i) ((s)->status[i] == AT_LOWER)
#define IS_FREE(s, i) ((s)->status[i] == FREE)

#define SWAP(T, a, b) do { T t_ = (a); (a) = (b); (b) = t_; } while (0)

static void swap_index(solver *s, int i, int j)
{
	SWAP(signed char, s->y[i], s->y[j]);
	SWAP(int, s->row[i], s->row[j]);
	SWAP(int, s->active_set[i], s->active_set[j]);
	SWAP(char, s->status[i], s->status[j]);
	SWAP(char, s->in_up[i], s->in_up[j]);
	SWAP(char, s->in_low[i], s->in_low[j]);
	SWAP(double, s->yd[i], s->yd[j]);
	SWAP(double, s->p[i], s->p[j]);
	SWAP(double, s->alpha[i], s->alpha[j]);
	SWAP(double, s->G[i], s->G[j]);
	SWAP(double, s->G_bar[i], s->G_bar[j]);
	SWAP(double, s->QD[i], s->QD[j]);
}

/* G[k] += a * Q_ik for k in [from, to) */
static void add_Q_row(const solver *s, int i, double a, double *G, int from,
		      int to)
{
	krow K = krow_get(s, s->row[i]);
	const signed char *y = s->y;
	const int *row = s->row;
	double ai = s->y[i] * a;
	KLOOP(K, Ki,
		for (int k = from; k < to; k++)
			G[k] += ai * y[k] * Ki[row[k]];
	);
}

/* Inactive gradients from G_bar (the bounded part) plus the free
 * variables' contribution, whichever way round is cheaper. */
static void reconstruct_gradient(solver *s)
{
	int l = s->l, act = s->active_size, nr_free = 0;
	if (act == l)
		return;
	for (int j = act; j < l; j++)
		s->G[j] = s->G_bar[j] + s->p[j];
	for (int j = 0; j < act; j++)
		if (IS_FREE(s, j))
			nr_free++;
	if ((double)nr_free * l > 2.0 * act * (l - act)) {
		for (int i = act; i < l; i++) {
			krow Ki = krow_get(s, s->row[i]);
			double yi = s->y[i];
			/* term by term into G[i], in libsvm's rounding order */
			for (int j = 0; j < act; j++)
				if (IS_FREE(s, j))
					s->G[i] += s->alpha[j] *
						   (yi * s->y[j] * kval(Ki, s->row[j]));
		}
	} else {
		for (int i = 0; i < act; i++)
			if (IS_FREE(s, i))
				add_Q_row(s, i, s->alpha[i], s->G, act, l);
	}
}

/* WSS3: i maximises -y_i G_i over I_up; j minimises the second-order
 * decrease of the objective among I_low entries that violate with i.
 * Returns 1 when optimal within eps. */
static int select_working_set(solver *s, int *out_i, int *out_j)
{
	double Gmax = -INFINITY, Gmax2 = -INFINITY, obj_diff_min = INFINITY;
	int Gmax_idx = -1, Gmin_idx = -1, act = s->active_size;
	const double *G = s->G, *yd = s->yd, *QD = s->QD;
	const char *in_up = s->in_up, *in_low = s->in_low;
	const int *row = s->row;

	if (s->next_i != -2) {
		Gmax = s->next_gmax;
		Gmax_idx = s->next_i;
	} else {
		for (int t = 0; t < act; t++) {
			double v = -yd[t] * G[t];  /* -y_t G_t */
			if (in_up[t] && v >= Gmax) {
				Gmax = v;
				Gmax_idx = t;
			}
		}
	}
	s->next_i = -2;
	int i = Gmax_idx;
	if (i == -1)
		return 1;  /* Gmax = -inf: nothing can move */
	krow K = krow_get(s, s->row[i]);
	double QDi = QD[i];
	KLOOP(K, Ki,
		for (int j = 0; j < act; j++) {
			if (!in_low[j])
				continue;
			double v = yd[j] * G[j];  /* y_j G_j */
			if (v >= Gmax2)
				Gmax2 = v;
			double grad_diff = Gmax + v;
			if (grad_diff <= 0)
				continue;
			/* libsvm's QD_i + QD_j - 2 y_i Q_ij, with Q_ij = y_i y_j K_ij
			 * and y_j's sign folded in: the same for both signs */
			double quad_coef = QDi + QD[j] - 2.0 * Ki[row[j]];
			double obj_diff = -(grad_diff * grad_diff) /
					  (quad_coef > 0 ? quad_coef : TAU);
			if (obj_diff <= obj_diff_min) {
				Gmin_idx = j;
				obj_diff_min = obj_diff;
			}
		}
	);
	if (Gmax + Gmax2 < s->eps || Gmin_idx == -1)
		return 1;
	*out_i = Gmax_idx;
	*out_j = Gmin_idx;
	return 0;
}

static void build_G_bar(solver *s)
{
	for (int k = 0; k < s->l; k++)
		s->G_bar[k] = 0;
	for (int t = 0; t < s->l; t++)
		if (IS_UPPER(s, t))
			add_Q_row(s, t, s->C, s->G_bar, 0, s->l);
	s->gbar_ready = 1;
}

static int be_shrunk(const solver *s, int i, double Gmax1, double Gmax2)
{
	if (IS_UPPER(s, i))
		return s->y[i] == +1 ? -s->G[i] > Gmax1 : -s->G[i] > Gmax2;
	if (IS_LOWER(s, i))
		return s->y[i] == +1 ? s->G[i] > Gmax2 : s->G[i] > Gmax1;
	return 0;
}

static void do_shrinking(solver *s)
{
	double Gmax1 = -INFINITY;  /* max { -y_i G_i | i in I_up } */
	double Gmax2 = -INFINITY;  /* max {  y_i G_i | i in I_low } */
	for (int i = 0; i < s->active_size; i++) {
		double g = s->G[i];
		if (s->y[i] == +1) {
			if (!IS_UPPER(s, i) && -g >= Gmax1)
				Gmax1 = -g;
			if (!IS_LOWER(s, i) && g >= Gmax2)
				Gmax2 = g;
		} else {
			if (!IS_UPPER(s, i) && -g >= Gmax2)
				Gmax2 = -g;
			if (!IS_LOWER(s, i) && g >= Gmax1)
				Gmax1 = g;
		}
	}
	/* near the end, bring everything back once so that variables shrunk
	 * too early get a chance to move (libsvm's "unshrink") */
	if (!s->unshrink && Gmax1 + Gmax2 <= s->eps * 10) {
		s->unshrink = 1;
		reconstruct_gradient(s);
		s->active_size = s->l;
	}
	for (int i = 0; i < s->active_size; i++) {
		if (!be_shrunk(s, i, Gmax1, Gmax2))
			continue;
		if (!s->gbar_ready)
			build_G_bar(s);
		s->active_size--;
		while (s->active_size > i) {
			if (!be_shrunk(s, s->active_size, Gmax1, Gmax2)) {
				swap_index(s, i, s->active_size);
				break;
			}
			s->active_size--;
		}
	}
}

static double calculate_rho(const solver *s)
{
	int nr_free = 0;
	double ub = INFINITY, lb = -INFINITY, sum_free = 0;
	for (int i = 0; i < s->active_size; i++) {
		double yG = s->y[i] * s->G[i];
		if (IS_UPPER(s, i)) {
			if (s->y[i] == -1)
				ub = fmin(ub, yG);
			else
				lb = fmax(lb, yG);
		} else if (IS_LOWER(s, i)) {
			if (s->y[i] == +1)
				ub = fmin(ub, yG);
			else
				lb = fmax(lb, yG);
		} else {
			nr_free++;
			sum_free += yG;
		}
	}
	return nr_free > 0 ? sum_free / nr_free : (ub + lb) / 2;
}

/* One SMO step on the pair (i, j): the two-variable subproblem solved in
 * closed form and clipped to the box, exactly as libsvm clips it. */
static void update_pair(solver *s, int i, int j)
{
	int act = s->active_size;
	krow K = krow_get(s, s->row[i]), KJ = krow_get(s, s->row[j]);
	double C = s->C, *alpha = s->alpha, *G = s->G;
	double Qij = s->y[i] * s->y[j] * kval(K, s->row[j]);
	double old_ai = alpha[i], old_aj = alpha[j];

	if (s->y[i] != s->y[j]) {
		double quad_coef = s->QD[i] + s->QD[j] + 2 * Qij;
		if (quad_coef <= 0)
			quad_coef = TAU;
		double delta = (-G[i] - G[j]) / quad_coef;
		double diff = alpha[i] - alpha[j];
		alpha[i] += delta;
		alpha[j] += delta;
		if (diff > 0) {
			if (alpha[j] < 0) {
				alpha[j] = 0;
				alpha[i] = diff;
			}
		} else if (alpha[i] < 0) {
			alpha[i] = 0;
			alpha[j] = -diff;
		}
		if (diff > 0) {  /* C_i - C_j == 0 */
			if (alpha[i] > C) {
				alpha[i] = C;
				alpha[j] = C - diff;
			}
		} else if (alpha[j] > C) {
			alpha[j] = C;
			alpha[i] = C + diff;
		}
	} else {
		double quad_coef = s->QD[i] + s->QD[j] - 2 * Qij;
		if (quad_coef <= 0)
			quad_coef = TAU;
		double delta = (G[i] - G[j]) / quad_coef;
		double sum = alpha[i] + alpha[j];
		alpha[i] -= delta;
		alpha[j] += delta;
		if (sum > C) {
			if (alpha[i] > C) {
				alpha[i] = C;
				alpha[j] = sum - C;
			}
		} else if (alpha[j] < 0) {
			alpha[j] = 0;
			alpha[i] = sum;
		}
		if (sum > C) {
			if (alpha[j] > C) {
				alpha[j] = C;
				alpha[i] = sum - C;
			}
		} else if (alpha[i] < 0) {
			alpha[i] = 0;
			alpha[j] = sum;
		}
	}

	int ui = IS_UPPER(s, i), uj = IS_UPPER(s, j);
	update_status(s, i);
	update_status(s, j);

	/* G += Q_i da_i + Q_j da_j, and in the same pass the first half of
	 * the next WSS3 (argmax of -y_t G_t over I_up, last index on ties) */
	double dai = (alpha[i] - old_ai) * s->y[i];
	double daj = (alpha[j] - old_aj) * s->y[j];
	const double *yd = s->yd;
	const char *in_up = s->in_up;
	const int *row = s->row;
	double Gmax = -INFINITY;
	int Gmax_idx = -1;
	KLOOP2(K, Ki, KJ, Kj,
		for (int k = 0; k < act; k++) {
			int r = row[k];
			double g = G[k] + yd[k] * (Ki[r] * dai + Kj[r] * daj);
			G[k] = g;
			double v = -yd[k] * g;
			if (in_up[k] && v >= Gmax) {
				Gmax = v;
				Gmax_idx = k;
			}
		}
	);
	s->next_i = Gmax_idx;
	s->next_gmax = Gmax;
	if (!s->gbar_ready)
		return;
	if (ui != IS_UPPER(s, i))
		add_Q_row(s, i, ui ? -C : C, s->G_bar, 0, s->l);
	if (uj != IS_UPPER(s, j))
		add_Q_row(s, j, uj ? -C : C, s->G_bar, 0, s->l);
}

static void solver_free(solver *s)
{
	free(s->y);
	free(s->row);
	free(s->active_set);
	free(s->status);
	free(s->in_up);
	free(s->in_low);
	free(s->yd);
	free(s->p);
	free(s->alpha);
	free(s->G);
	free(s->G_bar);
	free(s->QD);
}

int ser_smo_solve(const ser_smo_problem *pb, double *alpha_io,
		  ser_smo_result *res, ser_err *err)
{
	int l = pb->n;
	solver s = { .l = l, .active_size = l, .next_i = -2,
		     .C = pb->C, .eps = pb->eps,
		     .kdiag = pb->kdiag, .K = pb->K,
		     .f32 = ser_kcache_is_f32(pb->K) };
	size_t nl = (size_t)(l > 0 ? l : 1);
	s.y = ser_malloc(nl, err);
	s.row = ser_malloc(nl * sizeof(int), err);
	s.active_set = ser_malloc(nl * sizeof(int), err);
	s.status = ser_malloc(nl, err);
	s.in_up = ser_malloc(nl, err);
	s.in_low = ser_malloc(nl, err);
	s.yd = ser_malloc(nl * sizeof(double), err);
	s.p = ser_malloc(nl * sizeof(double), err);
	s.alpha = ser_malloc(nl * sizeof(double), err);
	s.G = ser_malloc(nl * sizeof(double), err);
	s.G_bar = ser_malloc(nl * sizeof(double), err);
	s.QD = ser_malloc(nl * sizeof(double), err);
	if (!s.y || !s.row || !s.active_set || !s.status || !s.p || !s.alpha ||
	    !s.G || !s.G_bar || !s.QD || !s.in_up || !s.in_low || !s.yd) {
		solver_free(&s);
		return -1;
	}
	for (int i = 0; i < l; i++) {
		s.y[i] = pb->y[i];
		s.yd[i] = pb->y[i];
		s.row[i] = pb->row[i];
		s.active_set[i] = i;
		s.p[i] = pb->p[i];
		s.alpha[i] = alpha_io[i];
		s.QD[i] = pb->kdiag[pb->row[i]];
		update_status(&s, i);
		s.G[i] = s.p[i];
		s.G_bar[i] = 0;
	}
	for (int i = 0; i < l; i++) {
		if (IS_LOWER(&s, i))
			continue;
		add_Q_row(&s, i, s.alpha[i], s.G, 0, l);
	}

	long iter = 0;
	long max_iter = 100L * l > 10000000L ? 100L * l : 10000000L;
	int counter = (l < 1000 ? l : 1000) + 1;
	while (iter < max_iter) {
		if (--counter == 0) {
			counter = l < 1000 ? l : 1000;
			if (pb->shrinking) {
				do_shrinking(&s);
				s.next_i = -2;
			}
		}
		int i, j;
		if (select_working_set(&s, &i, &j) != 0) {
			reconstruct_gradient(&s);
			s.active_size = l;
			s.next_i = -2;
			if (select_working_set(&s, &i, &j) != 0)
				break;
			counter = 1;  /* shrink again on the next iteration */
		}
		iter++;
		update_pair(&s, i, j);
	}
	if (s.active_size < l) {
		reconstruct_gradient(&s);
		s.active_size = l;
	}

	res->rho = calculate_rho(&s);
	double v = 0;
	for (int i = 0; i < l; i++)
		v += s.alpha[i] * (s.G[i] + s.p[i]);
	res->obj = v / 2;
	res->iter = iter;
	for (int i = 0; i < l; i++)
		alpha_io[s.active_set[i]] = s.alpha[i];
	solver_free(&s);
	return 0;
}
