/* svr.c - epsilon-SVR with an RBF kernel: sets up libsvm's 2l-variable dual
 * for svr_smo.c, turns the solution into a model, predicts; see svr.h.
 *
 * Dual (libsvm's solve_epsilon_svr): variables a_t, t < l, carry +1 and
 * linear term eps - y_t; variables a_{t+l} carry -1 and eps + y_t; both
 * use kernel row t. The model's coefficient for row t is a_t - a_{t+l}
 * and its intercept is -rho; rows with a zero coefficient are dropped.
 *
 * Kernel rows live in a ser_svr_kernel over a whole data set, so that the
 * 2K fits of a K-fold CV share one set of kernel values: a fit on a subset
 * addresses the kernel by the subset's original row numbers.
 *
 * Kernel rows: K_ij = exp(-gamma (|x_i|^2 + |x_j|^2 - 2 x_i.x_j)), the dot
 * products of one row against all n from BLAS dgemv. By default each
 * value is then rounded to float, because libsvm (and so sklearn) keeps its
 * kernel cache in float: SMO's path is a sequence of discrete choices, and
 * the same rounding makes it take the same ones, so ser's models equal
 * sklearn's to the last few bits instead of to the solver's tolerance. */
#include "ser/svr.h"

#include <cblas.h>
#include <pthread.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SER_AVX2 1
#include <immintrin.h>
#else
#define SER_AVX2 0
#endif

#include "svr_kcache.h"
#include "svr_smo.h"

void ser_svr_params_default(ser_svr_params *p)
{
	p->C = 1.0;
	p->epsilon = 0.1;
	p->gamma_mode = SER_GAMMA_AUTO;
	p->gamma = 0;
	p->tol = 1e-3;
	p->shrinking = 1;
	p->cache_mb = 200;
	p->kernel_f32 = 1;
}

double ser_svr_gamma_rows(const ser_svr_params *p, const double *X, int d,
			  const int *rows, int m)
{
	if (p->gamma_mode == SER_GAMMA_VALUE)
		return p->gamma;
	if (p->gamma_mode == SER_GAMMA_AUTO || m < 1)
		return 1.0 / d;
	/* sklearn 'scale': population variance over every entry of X; a
	 * constant X gives gamma 1 */
	double N = (double)m * d, mean = 0, var = 0;
	for (int t = 0; t < m; t++) {
		const double *x = X + (size_t)(rows ? rows[t] : t) * d;
		for (int j = 0; j < d; j++)
			mean += x[j];
	}
	mean /= N;
	for (int t = 0; t < m; t++) {
		const double *x = X + (size_t)(rows ? rows[t] : t) * d;
		for (int j = 0; j < d; j++)
			var += (x[j] - mean) * (x[j] - mean);
	}
	var /= N;
	return var != 0 ? 1.0 / (d * var) : 1.0;
}

double ser_svr_gamma(const ser_svr_params *p, const double *X, int n, int d)
{
	return ser_svr_gamma_rows(p, X, d, NULL, n);
}

static int check_params(const ser_svr_params *p, double gamma, ser_err *err)
{
	if (!(p->C > 0) || !isfinite(p->C))
		return ser_fail(err, "svr: C must be a positive number (got %g)", p->C);
	if (!(p->epsilon >= 0) || !isfinite(p->epsilon))
		return ser_fail(err, "svr: epsilon must be >= 0 (got %g)", p->epsilon);
	if (!(p->tol > 0) || !isfinite(p->tol))
		return ser_fail(err, "svr: tol must be > 0 (got %g)", p->tol);
	if (!(p->cache_mb > 0) || !isfinite(p->cache_mb))
		return ser_fail(err, "svr: cache size must be > 0 MB (got %g)",
				p->cache_mb);
	if (!(gamma > 0) || !isfinite(gamma))
		return ser_fail(err, "svr: gamma must be a positive number (got %g)",
				gamma);
	return 0;
}

/* A whole n x n matrix, shared read-only once filled: the dot products,
 * or the kernel for one (gamma, f32). Its rows are handed out in blocks
 * (next) to every thread that needs it, so threads waiting for the same
 * matrix fill it together; done counts the rows written. */
typedef struct full_mat {
	double gamma;
	int f32;        /* kernel values rounded to float: stored as floats */
	double *M;      /* f32 == 0 */
	float *Mf;      /* f32 == 1 */
	int next, done;
} full_mat;

#define MAX_FULL 64

struct ser_svr_kernel {
	const double *X;
	double *sq;     /* |x_i|^2 */
	double *diag;   /* K(i, i) = 1 */
	int n, d;
	double gamma;
	int f32;
	ser_kcache *cache;  /* LRU rows (not shared mode) */
	/* shared mode (ser_svr_kernel_shared_new): whole matrices, one per
	 * gamma, computed on first use under mu and read-only after */
	int shared;
	double budget;      /* bytes one matrix may take */
	double held;        /* bytes of the matrices made so far */
	pthread_mutex_t mu;
	pthread_cond_t filled;  /* a matrix's last row was written */
	full_mat dot;       /* n x n dot products x_i.x_j, on first use */
	full_mat mat[MAX_FULL];
	int n_mat;
};

/* Dot products of row i with every row, as BLAS dgemv gives them. */
static void dot_row(const ser_svr_kernel *k, int i, double *out)
{
	/* OpenBLAS hands a gemv of 9216+ elements to its threads; for one
	 * kernel row that costs more than it saves, and stalls badly when the
	 * other cores are busy, so the row goes in panels below that size */
	int panel = k->d < 8192 ? 8192 / k->d : 1;
	for (int j0 = 0; j0 < k->n; j0 += panel) {
		int nj = k->n - j0 < panel ? k->n - j0 : panel;
		cblas_dgemv(CblasRowMajor, CblasNoTrans, nj, k->d, 1.0,
			    k->X + (size_t)j0 * k->d, k->d,
			    k->X + (size_t)i * k->d, 1, 0.0, out + j0, 1);
	}
}

/* Kernel row i from its dot products (dot and out may be the same). */
static void rbf_from_dot(const ser_svr_kernel *k, double g, int f32, int i,
			 const double *dot, double *out)
{
	double sqi = k->sq[i];
	for (int j = 0; j < k->n; j++) {
		double d2 = sqi + k->sq[j] - 2 * dot[j];
		out[j] = exp(-g * (d2 > 0 ? d2 : 0));
	}
	if (f32)
		for (int j = 0; j < k->n; j++)
			out[j] = (float)out[j];
}

static void rbf_fill(void *ctx, int i, double *out)
{
	const ser_svr_kernel *k = ctx;
	dot_row(k, i, out);
	rbf_from_dot(k, k->gamma, k->f32, i, out, out);
}

/* Memory for a whole n x n matrix, in 2 MiB pages where the kernel
 * gives them on request (Linux THP in "madvise" mode, the default): a
 * 1213-row matrix is 12 MB, ~2900 page faults in 4 KiB pages, and a
 * fault is dear in a VM (~20% of a one-point `ser tune` went to them). */
static void *big_alloc(size_t bytes)
{
#ifdef MADV_HUGEPAGE
	enum { HUGE = 2 << 20 };
	if (bytes >= HUGE) {
		size_t size = (bytes + HUGE - 1) / HUGE * HUGE;
		void *p = aligned_alloc(HUGE, size);
		if (p)
			madvise(p, size, MADV_HUGEPAGE);  /* a hint: may fail */
		return p;
	}
#endif
	return malloc(bytes);
}

/* rbf_from_dot's row with f32 set, stored as floats. */
static void rbf_row_f32(const ser_svr_kernel *k, double g, int i,
			const double *dot, float *out)
{
	double sqi = k->sq[i];
	for (int j = 0; j < k->n; j++) {
		double d2 = sqi + k->sq[j] - 2 * dot[j];
		out[j] = (float)exp(-g * (d2 > 0 ? d2 : 0));
	}
}

/* Under k->mu: fill m's rows with whoever else is filling it, then wait
 * until every row is in. Row i of the dot products is dot_row's, of a
 * kernel rbf_from_dot's from dot row i: the same bytes whichever thread
 * writes it. */
static void fill(ser_svr_kernel *k, full_mat *m)
{
	enum { BLOCK = 16 };
	int n = k->n;
	while (m->next < n) {
		int i0 = m->next, i1 = n - i0 < BLOCK ? n : i0 + BLOCK;
		m->next = i1;
		pthread_mutex_unlock(&k->mu);
		for (int i = i0; i < i1; i++) {
			const double *dot = k->dot.M + (size_t)i * n;
			if (m == &k->dot)
				dot_row(k, i, m->M + (size_t)i * n);
			else if (m->f32)
				rbf_row_f32(k, m->gamma, i, dot,
					    m->Mf + (size_t)i * n);
			else
				rbf_from_dot(k, m->gamma, 0, i, dot,
					     m->M + (size_t)i * n);
		}
		pthread_mutex_lock(&k->mu);
		if ((m->done += i1 - i0) == n)
			pthread_cond_broadcast(&k->filled);
	}
	while (m->done < n)
		pthread_cond_wait(&k->filled, &k->mu);
}

#define SCORE_CAP 4

/* Under k->mu: a new, unfilled entry for (gamma, f32) with its memory
 * (and the dot products' on first use); NULL when the table or memory is
 * full, or when an optional matrix would take k over SCORE_CAP budgets
 * (see full_matrix). */
static full_mat *new_matrix(ser_svr_kernel *k, double gamma, int f32,
			    int optional)
{
	size_t nn = (size_t)k->n * k->n;
	size_t size = nn * (f32 ? sizeof(float) : sizeof(double));
	size_t dot = k->dot.M ? 0 : nn * sizeof(double);
	if (k->n_mat == MAX_FULL ||
	    (optional && k->held + size + dot > SCORE_CAP * k->budget))
		return NULL;
	if (dot) {
		if (!(k->dot.M = big_alloc(dot)))
			return NULL;
		k->held += dot;
	}
	void *W = big_alloc(size);
	if (!W)
		return NULL;
	k->held += size;
	full_mat *m = &k->mat[k->n_mat++];
	*m = (full_mat){ gamma, f32, f32 ? NULL : W, f32 ? W : NULL, 0, 0 };
	return m;
}

/* The whole matrix for (gamma, f32) in shared mode, computing it on first
 * use: the same values rbf_fill gives row by row (the same dgemv dot
 * products, then the same exp), so a fit reads the same kernel either
 * way. NULL when it does not fit the budget (the caller then trains on a
 * private kernel). Threads that need a matrix being computed help with
 * its rows instead of waiting for one thread to do them all (on 2 cores
 * that wait was a tenth of a `ser tune`).
 *
 * optional: the matrix only saves time (ser_svr_kernel_predict's
 * unrounded copy); it is not made if the matrices would then hold more
 * than SCORE_CAP budgets, so that scoring never costs the memory a
 * large grid's training matrices need. */
static const full_mat *full_matrix(ser_svr_kernel *k, double gamma, int f32,
				   int optional)
{
	size_t nn = (size_t)k->n * k->n;
	if ((double)nn * sizeof(double) > k->budget)
		return NULL;
	pthread_mutex_lock(&k->mu);
	full_mat *m = NULL;
	for (int i = 0; i < k->n_mat && !m; i++)
		if (k->mat[i].gamma == gamma && k->mat[i].f32 == f32)
			m = &k->mat[i];
	if (!m)
		m = new_matrix(k, gamma, f32, optional);
	if (m) {
		fill(k, &k->dot);  /* every kernel is made from them */
		fill(k, m);
	}
	pthread_mutex_unlock(&k->mu);
	return m;
}

static int check_data(const double *X, int n, int d, ser_err *err)
{
	if (n < 1 || d < 1)
		return ser_fail(err, "svr: cannot train on %d rows of %d features",
				n, d);
	for (long k = 0; k < (long)n * d; k++)
		if (!isfinite(X[k]))
			return ser_fail(err, "svr: feature %ld of row %ld is not finite",
					k % d + 1, k / d + 1);
	return 0;
}

static ser_svr_kernel *kernel_new(const double *X, int n, int d,
				  const ser_svr_params *p, int shared,
				  ser_err *err)
{
	if (check_data(X, n, d, err) < 0)
		return NULL;
	double gamma = ser_svr_gamma(p, X, n, d);
	if (check_params(p, gamma, err) < 0)
		return NULL;
	ser_svr_kernel *k = ser_calloc(1, sizeof *k, err);
	if (!k)
		return NULL;
	k->X = X;
	k->n = n;
	k->d = d;
	k->gamma = gamma;
	k->f32 = p->kernel_f32;
	k->shared = shared;
	k->budget = p->cache_mb * 1048576.0;
	pthread_mutex_init(&k->mu, NULL);
	pthread_cond_init(&k->filled, NULL);
	k->sq = ser_malloc((size_t)n * sizeof *k->sq, err);
	k->diag = ser_malloc((size_t)n * sizeof *k->diag, err);
	if (!k->sq || !k->diag)
		goto fail;
	for (int i = 0; i < n; i++) {
		const double *x = X + (size_t)i * d;
		k->sq[i] = cblas_ddot(d, x, 1, x, 1);
		k->diag[i] = 1.0;  /* exp(-gamma * 0), as libsvm's QD */
	}
	if (!shared && !(k->cache = ser_kcache_new(n, p->cache_mb, rbf_fill, k,
						   err)))
		goto fail;
	return k;
fail:
	ser_svr_kernel_free(k);
	return NULL;
}

ser_svr_kernel *ser_svr_kernel_new(const double *X, int n, int d,
				   const ser_svr_params *p, ser_err *err)
{
	return kernel_new(X, n, d, p, 0, err);
}

ser_svr_kernel *ser_svr_kernel_shared_new(const double *X, int n, int d,
					  const ser_svr_params *p,
					  ser_err *err)
{
	return kernel_new(X, n, d, p, 1, err);
}

void ser_svr_kernel_free(ser_svr_kernel *k)
{
	if (!k)
		return;
	ser_kcache_free(k->cache);
	for (int i = 0; i < k->n_mat; i++) {
		free(k->mat[i].M);
		free(k->mat[i].Mf);
	}
	free(k->dot.M);
	pthread_cond_destroy(&k->filled);
	pthread_mutex_destroy(&k->mu);
	free(k->sq);
	free(k->diag);
	free(k);
}

ser_svr *ser_svr_alloc(int d, int n_sv, ser_err *err)
{
	if (d < 1 || n_sv < 0) {
		ser_fail(err, "svr: bad model size (%d features, %d support vectors)",
			 d, n_sv);
		return NULL;
	}
	ser_svr *m = ser_calloc(1, sizeof *m, err);
	if (!m)
		return NULL;
	m->d = d;
	m->n_sv = n_sv;
	m->sv = ser_calloc((size_t)n_sv * d, sizeof *m->sv, err);
	m->coef = ser_calloc((size_t)n_sv, sizeof *m->coef, err);
	if (!m->sv || !m->coef) {
		ser_svr_free(m);
		return NULL;
	}
	return m;
}

void ser_svr_free(ser_svr *m)
{
	if (!m)
		return;
	free(m->sv);
	free(m->coef);
	free(m->sv_row);
	free(m);
}

/* A model that needs its own kernel (see ser_svr_train_rows): copy the
 * rows out and train on them alone. */
static ser_svr *train_copy(const ser_svr_kernel *k, const int *rows, int m,
			   const double *y, const ser_svr_params *p,
			   ser_err *err)
{
	int d = k->d;
	double *X = ser_malloc((size_t)m * d * sizeof *X, err);
	if (!X)
		return NULL;
	for (int t = 0; t < m; t++)
		memcpy(X + (size_t)t * d, k->X + (size_t)rows[t] * d,
		       (size_t)d * sizeof *X);
	ser_svr *s = ser_svr_train(X, y, m, d, p, err);
	free(X);
	return s;
}

ser_svr *ser_svr_train_rows(ser_svr_kernel *k, const int *rows, int m,
			    const double *y, const ser_svr_params *p,
			    ser_err *err)
{
	if (m < 1) {
		ser_fail(err, "svr: cannot train on %d rows of %d features", m, k->d);
		return NULL;
	}
	for (int t = 0; t < m; t++) {
		if (rows[t] < 0 || rows[t] >= k->n) {
			ser_fail(err, "svr: row %d out of range (0..%d)", rows[t],
				 k->n - 1);
			return NULL;
		}
		if (!isfinite(y[t])) {
			ser_fail(err, "svr: target of row %d is not finite", rows[t] + 1);
			return NULL;
		}
	}
	double gamma = ser_svr_gamma_rows(p, k->X, k->d, rows, m);
	if (check_params(p, gamma, err) < 0)
		return NULL;
	ser_kcache *K = k->cache, *own = NULL;
	if (k->shared) {
		/* 'scale' depends on the rows: no matrix over all rows has it */
		const full_mat *M = p->gamma_mode == SER_GAMMA_SCALE ? NULL
			: full_matrix(k, gamma, p->kernel_f32 != 0, 0);
		if (!M)
			return train_copy(k, rows, m, y, p, err);
		if (!(K = own = M->f32 ? ser_kcache_new_full_f32(k->n, M->Mf, err)
				       : ser_kcache_new_full(k->n, M->M, err)))
			return NULL;
	} else if (gamma != k->gamma || !p->kernel_f32 != !k->f32) {
		return train_copy(k, rows, m, y, p, err);
	}

	/* libsvm's epsilon-SVR dual: variable t (sign +1) and t + m (sign
	 * -1) both read kernel row rows[t] */
	ser_svr *model = NULL;
	size_t l2 = 2 * (size_t)m;
	int d = k->d;
	double *lin = ser_malloc(l2 * sizeof *lin, err);
	double *alpha = ser_calloc(l2, sizeof *alpha, err);
	signed char *sign = ser_malloc(l2, err);
	int *row = ser_malloc(l2 * sizeof *row, err);
	if (!lin || !alpha || !sign || !row)
		goto out;
	for (int t = 0; t < m; t++) {
		lin[t] = p->epsilon - y[t];
		sign[t] = +1;
		row[t] = rows[t];
		lin[t + m] = p->epsilon + y[t];
		sign[t + m] = -1;
		row[t + m] = rows[t];
	}
	ser_smo_problem pb = { .n = (int)l2, .y = sign, .row = row, .p = lin,
			       .kdiag = k->diag, .K = K, .C = p->C,
			       .eps = p->tol, .shrinking = p->shrinking };
	ser_smo_result res;
	if (ser_smo_solve(&pb, alpha, &res, err) < 0)
		goto out;

	int n_sv = 0;
	for (int t = 0; t < m; t++)
		if (alpha[t] - alpha[t + m] != 0)
			n_sv++;
	model = ser_svr_alloc(d, n_sv, err);
	if (!model)
		goto out;
	model->gamma = gamma;
	model->b = -res.rho;
	model->n_iter = res.iter;
	/* shared kernel: remember where each support vector sits in it, so
	 * a CV fold can be scored from the kernel (ser_svr_kernel_predict) */
	if (k->shared && n_sv > 0 &&
	    !(model->sv_row = ser_malloc((size_t)n_sv * sizeof(int), err))) {
		ser_svr_free(model);
		model = NULL;
		goto out;
	}
	for (int t = 0, s = 0; t < m; t++) {
		double a = alpha[t] - alpha[t + m];
		if (a == 0)
			continue;
		model->coef[s] = a;
		memcpy(model->sv + (size_t)s * d, k->X + (size_t)rows[t] * d,
		       (size_t)d * sizeof(double));
		if (model->sv_row)
			model->sv_row[s] = rows[t];
		s++;
	}
out:
	ser_kcache_free(own);
	free(lin);
	free(alpha);
	free(sign);
	free(row);
	return model;
}

ser_svr *ser_svr_train(const double *X, const double *y, int n, int d,
		       const ser_svr_params *p, ser_err *err)
{
	ser_svr_kernel *k = ser_svr_kernel_new(X, n, d, p, err);
	if (!k)
		return NULL;
	ser_svr *m = NULL;
	int *rows = ser_malloc((size_t)n * sizeof *rows, err);
	if (rows) {
		for (int i = 0; i < n; i++)
			rows[i] = i;
		m = ser_svr_train_rows(k, rows, n, y, p, err);
	}
	free(rows);
	ser_svr_kernel_free(k);
	return m;
}

double ser_svr_predict(const ser_svr *m, const double *x)
{
	double f = m->b;
	for (int k = 0; k < m->n_sv; k++) {
		const double *s = m->sv + (size_t)k * m->d;
		double d2 = 0;
		for (int j = 0; j < m->d; j++) {
			double t = s[j] - x[j];
			d2 += t * t;
		}
		f += m->coef[k] * exp(-m->gamma * d2);
	}
	return f;
}

int ser_svr_kernel_predict(ser_svr_kernel *k, const ser_svr *m,
			   const int *rows, int n, double *out)
{
	if (!k->shared || !m->sv_row || m->d != k->d)
		return 1;
	int d = k->d, ns = m->n_sv;
	for (int s = 0; s < ns; s++) {
		int r = m->sv_row[s];
		if (r < 0 || r >= k->n ||
		    memcmp(m->sv + (size_t)s * d, k->X + (size_t)r * d,
			   (size_t)d * sizeof(double)))
			return 1;  /* not trained on this kernel's X */
	}
	for (int i = 0; i < n; i++)
		if (rows[i] < 0 || rows[i] >= k->n)
			return 1;
	/* the unrounded kernel for m's gamma, computed once and kept (every
	 * C and epsilon of a grid reads it) */
	const full_mat *fe = full_matrix(k, m->gamma, 0, 1);
	if (!fe)
		return 1;
	const double *E = fe->M;
	for (int i = 0; i < n; i++) {
		const double *e = E + (size_t)rows[i] * k->n;
		double f = m->b;
		for (int s = 0; s < ns; s++)
			f += m->coef[s] * e[m->sv_row[s]];
		out[i] = f;
	}
	return 0;
}

/* dr[k] += (s[k] - x)^2 for k < ns: the scalar loop's IEEE operations
 * per element in every variant (sub, mul, add; no fused multiply-add), so
 * SSE2, AVX2 and plain C give the same bytes. */
static void add_sq(const double *restrict s, double x, double *restrict dr,
		   int ns)
{
	int k = 0;
#ifdef __SSE2__
	/* two support vectors per instruction */
	const __m128d xv = _mm_set1_pd(x);
	for (; k + 2 <= ns; k += 2) {
		__m128d t = _mm_sub_pd(_mm_loadu_pd(s + k), xv);
		_mm_storeu_pd(dr + k, _mm_add_pd(_mm_loadu_pd(dr + k),
						 _mm_mul_pd(t, t)));
	}
#endif
	for (; k < ns; k++) {
		double t = s[k] - x;
		dr[k] += t * t;
	}
}

#if SER_AVX2
/* Four per instruction where the CPU has AVX2 (checked at run time, so
 * the binary still runs on SSE2-only x86-64). */
__attribute__((target("avx2")))
static void add_sq_avx2(const double *restrict s, double x,
			double *restrict dr, int ns)
{
	int k = 0;
	const __m256d xv = _mm256_set1_pd(x);
	for (; k + 4 <= ns; k += 4) {
		__m256d t = _mm256_sub_pd(_mm256_loadu_pd(s + k), xv);
		_mm256_storeu_pd(dr + k, _mm256_add_pd(_mm256_loadu_pd(dr + k),
						       _mm256_mul_pd(t, t)));
	}
	add_sq(s + k, x, dr + k, ns - k);
}
#endif

/* Many rows, each with ser_svr_predict's arithmetic: the squared distance
 * to support vector k summed over features 0, 1, ... in turn, then the
 * terms over k in turn. dgemm (X.SV' with ||x||^2 + ||s||^2 - 2 x.s) was
 * faster but rounded each row by the batch's shape and the row's place in
 * it, so a file's answer changed in the last bits with the other files of
 * the run. The support vectors are transposed once (feature-major) so
 * the inner loop runs over support vectors: independent sums the compiler
 * can vectorise without reordering any of them; ROWS rows share each pass
 * over them, which keeps one feature's slice in cache. */
void ser_svr_predict_batch(const ser_svr *m, const double *X, int n,
			   double *out)
{
	enum { ROWS = 8 };
	int ns = m->n_sv, d = m->d;
	double *svT = ns > 0 ? malloc((size_t)ns * d * sizeof *svT) : NULL;
	double *d2 = ns > 0 ? malloc((size_t)ROWS * ns * sizeof *d2) : NULL;
	if (ns == 0 || !svT || !d2) {  /* no memory: the same sums, slower */
		free(svT);
		free(d2);
		for (int i = 0; i < n; i++)
			out[i] = ser_svr_predict(m, X + (size_t)i * d);
		return;
	}
	for (int k = 0; k < ns; k++)
		for (int j = 0; j < d; j++)
			svT[(size_t)j * ns + k] = m->sv[(size_t)k * d + j];
#if SER_AVX2
	int avx2 = __builtin_cpu_supports("avx2");
#endif
	for (int i0 = 0; i0 < n; i0 += ROWS) {
		int nb = n - i0 < ROWS ? n - i0 : ROWS;
		memset(d2, 0, (size_t)nb * ns * sizeof *d2);
		for (int j = 0; j < d; j++) {
			const double *restrict s = svT + (size_t)j * ns;
			for (int r = 0; r < nb; r++) {
				const double xj = X[(size_t)(i0 + r) * d + j];
				double *restrict dr = d2 + (size_t)r * ns;
#if SER_AVX2
				if (avx2) {
					add_sq_avx2(s, xj, dr, ns);
					continue;
				}
#endif
				add_sq(s, xj, dr, ns);
			}
		}
		for (int r = 0; r < nb; r++) {
			const double *dr = d2 + (size_t)r * ns;
			double f = m->b;
			for (int k = 0; k < ns; k++)
				f += m->coef[k] * exp(-m->gamma * dr[k]);
			out[i0 + r] = f;
		}
	}
	free(svT);
	free(d2);
}
