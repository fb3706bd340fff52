/* features_meyda.c - Meyda 5.6.3's per-frame features; see features_meyda.h for what they
 * are. Each extractor follows the JavaScript's arithmetic: JS numbers are
 * doubles, Float32Array stores are (float) casts, sums run in Meyda's
 * order. The one difference is the FFT: KissFFT in float where Meyda
 * uses fftjs in double; spectrum() conditions its input so the float32
 * amplitudes still come out within about a float ulp of Meyda's. */
#include "features_meyda.h"

#include <kiss_fftr.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
/* the helpers of a frame are inlined into both builds of it (below) */
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SER_MEYDA_X86 1
#else
#define SER_MEYDA_X86 0
#endif

#include "features_filterbank.h"

#define N SER_MEYDA_FRAME
#define NB (N / 2)          /* Meyda's amplitude spectrum: bins 0..511 */

struct ser_meyda {
	kiss_fftr_cfg fft;
	float win[N];
	/* windowed frame: doubles, as Meyda's; xw[0], xw[1] repeat the last
	 * two samples so circular differences need no wrap-around test */
	double xw[N + 2];
	float xf[N];                 /* FFT input (see spectrum) */
	double pw2[NB];              /* |X_k|^2 */
	double zw[N];                /* x[n] - 2 x[n-1] + x[n-2], circular */
	kiss_fft_cpx spec[N / 2 + 1];
	double d2_re[NB], d2_im[NB]; /* its transfer function D_k^2 */
	float amp[NB];
	/* mel filters: row i is nonzero on [mel_lo[i], mel_hi[i]) */
	double mel[SER_MEYDA_MEL][N / 2 + 1];
	int mel_lo[SER_MEYDA_MEL], mel_hi[SER_MEYDA_MEL];
	double dct[SER_MEYDA_MFCC][SER_MEYDA_MEL];
	/* chroma filterbank transposed: chroma_t[bin][c] */
	double chroma_t[NB][SER_MEYDA_CHROMA];
	signed char bark_of[NB];            /* bin's Bark band, -1: none */
	/* per bin k, the moment weights as the loop computed them: k, k^2,
	 * k^2 k, k^2 k^2 and k's frequency (k rate) / N, exactly */
	double w_k[NB], w_k2[NB], w_k3[NB], w_k4[NB], w_f[NB];
	double sharp_tail[SER_MEYDA_BARK];  /* 0.066 exp(0.171 (i + 1)), i >= 15 */
	double freq_sum, pow_freq_sum;      /* spectralSlope's constant sums */
	/* ser_meyda_set_robust: the shape band's bins, the spectral floor
	 * and the zero-crossing hysteresis (512, 0, 0: Meyda's) */
	int nbs;
	double floor_rel, zcr_h;
	float amp_floor[NB];                /* amp raised to the floor */
	int avx2;                           /* the CPU has AVX2 */
	double energy;                      /* of the frame ser_meyda_level took */
};

void ser_meyda_free(ser_meyda *m)
{
	if (!m)
		return;
	kiss_fftr_free(m->fft);
	free(m);
}

/* loudness.ts: bins [lim[b], lim[b+1]) form Bark band b; the band ends
 * are equal divisions of the Bark value of the last bin. Recorded per
 * bin (bark_of): bin 511 is in no band. */
static void bark_bands(ser_meyda *m)
{
	float bark[N];
	int lim[SER_MEYDA_BARK + 1] = { 0 };
	ser_bark_scale(bark, N, SER_MEYDA_RATE, N);
	double end = bark[NB - 1] / (double)SER_MEYDA_BARK;
	int band = 1;
	for (int i = 0; i < NB; i++) {
		while (bark[i] > end && band <= SER_MEYDA_BARK) {
			lim[band++] = i;
			end = (band * (double)bark[NB - 1]) / SER_MEYDA_BARK;
		}
	}
	lim[SER_MEYDA_BARK] = NB - 1;
	memset(m->bark_of, -1, sizeof m->bark_of);
	for (int b = 0; b < SER_MEYDA_BARK; b++)
		for (int j = lim[b]; j < lim[b + 1]; j++)
			m->bark_of[j] = (signed char)b;
}

ser_meyda *ser_meyda_new(ser_err *err)
{
	ser_meyda *m = ser_calloc(1, sizeof *m, err);
	if (!m)
		return NULL;
	m->fft = kiss_fftr_alloc(N, 0, NULL, NULL);
	if (!m->fft) {
		ser_fail(err, "out of memory (FFT plan)");
		goto fail;
	}
	ser_hann_window(m->win, N);
	for (int k = 0; k < NB; k++) {
		double th = 2 * M_PI * k / N;
		double dr = 1 - cos(th), di = sin(th); /* D_k = 1 - e^{-i th} */
		m->d2_re[k] = dr * dr - di * di;
		m->d2_im[k] = 2 * dr * di;
	}

	if (ser_mel_filterbank(&m->mel[0][0], SER_MEYDA_MEL, SER_MEYDA_RATE, N,
			       err) != 0)
		goto fail;
	for (int i = 0; i < SER_MEYDA_MEL; i++) {
		int lo = NB, hi = 0;
		for (int j = 0; j < NB; j++)
			if (m->mel[i][j] != 0) {
				if (j < lo)
					lo = j;
				hi = j + 1;
			}
		m->mel_lo[i] = lo < hi ? lo : 0;
		m->mel_hi[i] = hi;
	}
	/* the dct package: cos(PI_N * (n + 0.5) * k), scale 2 applied later */
	for (int k = 0; k < SER_MEYDA_MFCC; k++)
		for (int n = 0; n < SER_MEYDA_MEL; n++)
			m->dct[k][n] = cos((M_PI / SER_MEYDA_MEL) * (n + 0.5) * k);

	double *chroma = ser_malloc(SER_MEYDA_CHROMA * (N / 2 + 1) * sizeof *chroma, err);
	if (!chroma)
		goto fail;
	if (ser_chroma_filterbank(chroma, SER_MEYDA_CHROMA, SER_MEYDA_RATE, N,
				  err) != 0) {
		free(chroma);
		goto fail;
	}
	for (int c = 0; c < SER_MEYDA_CHROMA; c++)
		for (int j = 0; j < NB; j++)
			m->chroma_t[j][c] = chroma[c * (N / 2 + 1) + j];
	free(chroma);

	bark_bands(m);
	for (int k = 0; k < NB; k++) {
		double k2 = (double)k * k;
		m->w_k[k] = k;
		m->w_k2[k] = k2;
		m->w_k3[k] = k2 * k;
		m->w_k4[k] = k2 * k2;
		m->w_f[k] = (k * (double)SER_MEYDA_RATE) / N;
	}
	for (int i = 15; i < SER_MEYDA_BARK; i++)
		m->sharp_tail[i] = 0.066 * exp(0.171 * (i + 1));
	ser_meyda_set_robust(m, NULL);
#if SER_MEYDA_X86
	m->avx2 = __builtin_cpu_supports("avx2");
#endif
	return m;
fail:
	ser_meyda_free(m);
	return NULL;
}

void ser_meyda_set_robust(ser_meyda *m, const ser_meyda_robust *r)
{
	/* a multiple of 4 for log_sum, at least 4, at most Meyda's 512 */
	int bins = r && r->band_bins > 0 ? r->band_bins : NB;
	bins -= bins % 4;
	m->nbs = bins < 4 ? 4 : bins > NB ? NB : bins;
	m->floor_rel = r && r->floor_rel > 0 ? r->floor_rel : 0;
	m->zcr_h = r && r->zcr_rel > 0 ? r->zcr_rel : 0;
	m->freq_sum = m->pow_freq_sum = 0;
	for (int i = 0; i < m->nbs; i++) {
		double f = (i * (double)SER_MEYDA_RATE) / N;
		m->pow_freq_sum += f * f;
		m->freq_sum += f;
	}
}

/* The amplitude spectrum from one float FFT, but close to Meyda's double
 * one. A float FFT's error is about eps_float * ||input|| on every bin, so
 * the small high-frequency bins of a frame whose energy is low down come
 * out with percent errors, and kurtosis (k^4-weighted, with Meyda's
 * cancelling formula) shows them: 1.3e-4 off Meyda on a freedesktop sound.
 *
 * So the FFT input is h = x - c z, z = x[n] - 2 x[n-1] + x[n-2] (circular):
 * exactly H_k = X_k (1 - c D_k^2), D_k = 1 - e^{-2 pi i k / N}, and
 * X_k = H_k / (1 - c D_k^2) in double. With c = ||x|| / ||z|| >= 1,
 * ||h|| <= 2 ||x|| and |1 - c D_k^2|^2 = (1 + r)^2 - r^2 / c >= 1,
 * r = c |D_k|^2: low bins keep the plain FFT's error, high bins get the
 * far smaller error of an FFT of z. When ||z|| > ||x|| (energy high up)
 * c = 0: the plain FFT. Real sounds: ~1e-6 instead of ~1e-4 relative to
 * Meyda, for the price of one FFT. */
ALWAYS_INLINE void spectrum(ser_meyda *m, double energy, double zz)
{
	const double *restrict x = m->xw + 2, *restrict z = m->zw;
	float *restrict hf = m->xf;
	double c = zz > 0 ? sqrt(energy / zz) : 0;
	if (!(c >= 1))
		c = 0;
	for (int i = 0; i < N; i++)
		hf[i] = (float)(x[i] - c * z[i]);
	kiss_fftr(m->fft, hf, m->spec);
	double *restrict p = m->pw2;
	for (int k = 0; k < NB; k++) {
		double hr = m->spec[k].r, hi = m->spec[k].i;
		double dr = 1 - c * m->d2_re[k], di = -c * m->d2_im[k];
		/* |H / den|^2 = |H|^2 / |den|^2 */
		p[k] = (hr * hr + hi * hi) / (dr * dr + di * di);
	}
	/* sqrt is correctly rounded, so any vector width gives these bits
	 * (the file is built with -fno-math-errno, so it vectorizes) */
	float *restrict a = m->amp;
	for (int k = 0; k < NB; k++)
		a[k] = (float)sqrt(p[k]);
}

/* Meyda's zcr: (prev >= 0 && x < 0) || (prev < 0 && x >= 0) over
 * i = 1..N-1, i.e. the changes of "x < 0" between neighbours. The x < 0
 * flags go into 16 64-bit words (two compares per SSE2 instruction), and
 * a word XOR itself shifted by one counts the changes: a compare, set and
 * add per sample was 10% of a frame. */
ALWAYS_INLINE int zero_crossings(const double *x)
{
	uint64_t neg[N / 64];
	for (int w = 0; w < N / 64; w++) {
		uint64_t b = 0;
#ifdef __SSE2__
		const __m128d zero = _mm_setzero_pd();
		for (int i = 0; i < 64; i += 2)
			b |= (uint64_t)_mm_movemask_pd(_mm_cmplt_pd(
				_mm_loadu_pd(x + 64 * w + i), zero)) << i;
#else
		for (int i = 0; i < 64; i++)
			b |= (uint64_t)(x[64 * w + i] < 0) << i;
#endif
		neg[w] = b;
	}
	int zcr = 0;
	for (int w = 0; w < N / 64; w++) {
		/* bit i: sample i differs from sample i + 1 */
		uint64_t next = w + 1 < N / 64 ? neg[w + 1] << 63 : 0;
		uint64_t d = neg[w] ^ ((neg[w] >> 1) | next);
		if (w + 1 == N / 64)
			d &= ~(1ull << 63);   /* sample N - 1 has no successor */
		zcr += __builtin_popcountll(d);
	}
	return zcr;
}

/* Bits i of 64-bit words: x[64 w + i] >= h (up) and x[64 w + i] <= -h
 * (down), two compares per SSE2 instruction. */
ALWAYS_INLINE void level_bits(const double *x, double h, uint64_t *up,
			      uint64_t *down)
{
	for (int w = 0; w < N / 64; w++) {
		uint64_t u = 0, d = 0;
		const double *xw = x + 64 * w;
#ifdef __SSE2__
		const __m128d hp = _mm_set1_pd(h), hn = _mm_set1_pd(-h);
		for (int i = 0; i < 64; i += 2) {
			__m128d v = _mm_loadu_pd(xw + i);
			u |= (uint64_t)_mm_movemask_pd(_mm_cmpge_pd(v, hp)) << i;
			d |= (uint64_t)_mm_movemask_pd(_mm_cmple_pd(v, hn)) << i;
		}
#else
		for (int i = 0; i < 64; i++) {
			u |= (uint64_t)(xw[i] >= h) << i;
			d |= (uint64_t)(xw[i] <= -h) << i;
		}
#endif
		up[w] = u;
		down[w] = d & ~u;  /* h = 0: a zero sample is up, as x >= h */
	}
}

/* The bits at or after a bit of a, up to (not including) the next bit
 * outside run; a is within run except maybe bit 0 (a carried-in state).
 * One add carries each run's first bit of a to the run's end, so the
 * changed bits of run are those from that bit on, except later bits of
 * a, which the add set again: OR them back. */
ALWAYS_INLINE uint64_t fill_runs(uint64_t a, uint64_t run)
{
	return (((run + a) ^ run) & run) | (a & run);
}

/* ser_meyda_schmitt (features_meyda.h). A Schmitt trigger's crossings:
 * the state becomes "up" where the signal reaches +h and "down" where it
 * reaches -h, and each change from one to the other counts; detail
 * smaller than h (noise riding on a slow wave, dither under a fading
 * tail) adds none. As the scalar loop
 *   s = x >= h ? 1 : x <= -h ? -1 : 0; n += s && sgn && s != sgn;
 *   if (s) sgn = s;
 * but on bit masks, 64 samples a step: the "up" state is the runs of
 * not-down samples from an up sample on (fill_runs), likewise "down",
 * and a crossing is an up sample whose predecessor was in the down state
 * or the reverse. The scalar loop mispredicted a branch per noisy sample:
 * a third of a frame's time on noise. */
ALWAYS_INLINE int schmitt(const double *x, double h)
{
	uint64_t up[N / 64], down[N / 64];
	level_bits(x, h, up, down);
	int n = 0;
	uint64_t st_up = 0, st_down = 0;  /* state after the previous word */
	for (int w = 0; w < N / 64; w++) {
		uint64_t su = fill_runs(up[w] | st_up, ~down[w]);
		uint64_t sd = fill_runs(down[w] | st_down, ~up[w]);
		/* the state before sample i: bit i - 1, or the last word's */
		uint64_t pu = su << 1 | st_up, pd = sd << 1 | st_down;
		n += __builtin_popcountll(up[w] & pd) +
		     __builtin_popcountll(down[w] & pu);
		st_up = su >> 63;
		st_down = sd >> 63;
	}
	return n;
}

/* Every sum over spectrum bins, in one pass: the spectral moments and
 * slope's amplitude-frequency sum, flatness's log sum and the Bark band
 * sums over the shape band's (floored) amplitudes as; chroma.ts's
 * filterbank sums and the float32 power spectrum over all 512 raw ones.
 * Each sum still adds its terms in Meyda's order (bin ascending), so
 * the bits are those of one loop per feature; but one loop per feature
 * waited on one add chain at a time (chroma: 512 dependent adds), and
 * here the chains of all of them advance together. */
typedef struct bin_sums {
	double s0, s1, s2, s3, s4, amp_freq, log_sum;
	double bark[SER_MEYDA_BARK];
	double chroma[SER_MEYDA_CHROMA];
	float pw[NB];
} bin_sums;

ALWAYS_INLINE void bins_pass(const ser_meyda *m, const float *a,
			     const float *as, bin_sums *r)
{
	const int nbs = m->nbs;
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, af = 0;
	double c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0,
	       c8 = 0, c9 = 0, c10 = 0, c11 = 0;
	double lp = 1;     /* log_sum's product, renormalized */
	long e2 = 0;
	int lzero = 0;
	memset(r->bark, 0, sizeof r->bark);
	double bsum = 0;  /* Bark band `band`'s sum so far */
	int band = -1;
	for (int k0 = 0; k0 < NB; k0 += 4) {
		if (k0 < nbs) {  /* nbs is a multiple of 4 */
			for (int k = k0; k < k0 + 4; k++) {
				double v = as[k];
				s0 += v;
				af += m->w_f[k] * v;
				s1 += m->w_k[k] * v;
				s2 += m->w_k2[k] * v;
				s3 += m->w_k3[k] * v;
				s4 += m->w_k4[k] * v;
				/* bands are runs of bins: the band's sum stays
				 * in a register until the run ends */
				if (m->bark_of[k] != band) {
					if (band >= 0)
						r->bark[band] = bsum;
					band = m->bark_of[k];
					bsum = 0;
				}
				bsum += v;
			}
			/* flatness's sum of log(as[k]) without 512 log calls:
			 * multiply four values at a time and renormalize the
			 * product to [0.5, 1) by its exponent bits. Four
			 * floats times [0.5, 1) stay normal doubles (1e-180 ..
			 * 1e154); a zero makes the sum -inf, as Meyda's sum of
			 * logs does. */
			lp *= (double)as[k0] * as[k0 + 1] * as[k0 + 2] * as[k0 + 3];
			if (lp == 0)
				lzero = 1, lp = 1;
			uint64_t u;
			memcpy(&u, &lp, sizeof u);
			e2 += (long)((u >> 52) & 0x7ff) - 1022;
			u = (u & ~(0x7ffull << 52)) | (1022ull << 52);
			memcpy(&lp, &u, sizeof lp);
		}
		for (int k = k0; k < k0 + 4; k++) {
			double v = a[k];
			const double *w = m->chroma_t[k];
			c0 += v * w[0]; c1 += v * w[1]; c2 += v * w[2];
			c3 += v * w[3]; c4 += v * w[4]; c5 += v * w[5];
			c6 += v * w[6]; c7 += v * w[7]; c8 += v * w[8];
			c9 += v * w[9]; c10 += v * w[10]; c11 += v * w[11];
			r->pw[k] = (float)(v * a[k]);
		}
	}
	if (band >= 0)
		r->bark[band] = bsum;
	r->s0 = s0;
	r->s1 = s1;
	r->s2 = s2;
	r->s3 = s3;
	r->s4 = s4;
	r->amp_freq = af;
	r->log_sum = lzero ? -INFINITY : log(lp) + (double)e2 * M_LN2;
	double c[SER_MEYDA_CHROMA] = { c0, c1, c2, c3, c4, c5, c6, c7, c8, c9,
				       c10, c11 };
	memcpy(r->chroma, c, sizeof c);
}

int ser_meyda_schmitt(const double *x, double h)
{
	return schmitt(x, h);
}

/* The windowed frame and its energy (ser_meyda_level). */
ALWAYS_INLINE double level_body(ser_meyda *m, const float *frame)
{
	/* windowed signal: the JS products are doubles; rms, zcr and energy
	 * use them. Simple loops the compiler can vectorize; four partial
	 * sums break the add latency chain (the order differs from Meyda's
	 * by rounding only). */
	double *restrict xp = m->xw;
	double *x = xp + 2;
	const float *restrict win = m->win;
	for (int i = 0; i < N; i++)
		x[i] = (double)frame[i] * win[i];
	xp[0] = x[N - 2];
	xp[1] = x[N - 1];
	double e4[4] = { 0, 0, 0, 0 };
	for (int i = 0; i < N; i += 4)
		for (int u = 0; u < 4; u++)
			e4[u] += x[i + u] * x[i + u];
	m->energy = (e4[0] + e4[1]) + (e4[2] + e4[3]);
	return sqrt(m->energy / N);
}

/* The rest of the frame level_body took (ser_meyda_features). */
ALWAYS_INLINE void features_body(ser_meyda *m, double out[SER_MEYDA_N])
{
	double *restrict xp = m->xw;
	double *x = xp + 2;
	double energy = m->energy;
	/* Meyda's (prev >= 0 && x < 0) || (prev < 0 && x >= 0) over
	 * i = 1..N-1 (zero_crossings) */
	int zcr;
	if (m->zcr_h > 0)
		zcr = schmitt(x, m->zcr_h * sqrt(energy / N));
	else
		zcr = zero_crossings(x);
	out[SER_MF_RMS] = sqrt(energy / N);
	out[SER_MF_ZCR] = zcr;
	out[SER_MF_ENERGY] = energy;

	/* circular second difference for spectrum(), and its energy */
	double *restrict zw = m->zw;
	double z4[4] = { 0, 0, 0, 0 };
	for (int i = 0; i < N; i += 4)
		for (int u = 0; u < 4; u++) {
			double v = xp[i + u + 2] - 2 * xp[i + u + 1] + xp[i + u];
			zw[i + u] = v;
			z4[u] += v * v;
		}
	spectrum(m, energy, (z4[0] + z4[1]) + (z4[2] + z4[3]));
	float *a = m->amp;

	/* raw spectral moments (extractorUtilities.ts mu), over the shape
	 * band: all of Meyda's 512 bins unless ser_meyda_set_band narrowed it */
	const int nbs = m->nbs;
	/* as: the amplitudes the shape features and Bark bands see; with a
	 * spectral floor, raised to floor_rel times the band's largest, so
	 * a codec's or dither's noise far below the sound (which the ear
	 * does not hear next to it) does not set the spectrum's shape */
	const float *as = a;
	if (m->floor_rel > 0) {
		float mx = 0;
		for (int k = 0; k < nbs; k++)
			mx = a[k] > mx ? a[k] : mx;
		float t = (float)(mx * m->floor_rel);
		for (int k = 0; k < nbs; k++)
			m->amp_floor[k] = a[k] > t ? a[k] : t;
		as = m->amp_floor;
	}
	bin_sums bs;
	bins_pass(m, a, as, &bs);
	double s0 = bs.s0, s1 = bs.s1, s2 = bs.s2, s3 = bs.s3, s4 = bs.s4;
	double amp_freq = bs.amp_freq;
	double mu1 = s1 / s0, mu2 = s2 / s0, mu3 = s3 / s0, mu4 = s4 / s0;
	double var = mu2 - pow(mu1, 2);
	out[SER_MF_CENTROID] = mu1;
	out[SER_MF_SPREAD] = sqrt(var);
	out[SER_MF_SKEWNESS] = (2 * pow(mu1, 3) - 3 * mu1 * mu2 + mu3) /
			       pow(sqrt(var), 3);
	out[SER_MF_KURTOSIS] = (-3 * pow(mu1, 4) + 6 * mu1 * mu2 -
				4 * mu1 * mu3 + mu4) / pow(sqrt(var), 4);

	/* spectralRolloff.ts: drop bins from the top until 99% remain */
	double ec = s0, thr = 0.99 * ec;
	int n = nbs - 1;
	while (ec > thr && n >= 0)
		ec -= as[n--];
	out[SER_MF_ROLLOFF] = (n + 1) * (SER_MEYDA_RATE / (2.0 * (NB - 1)));

	out[SER_MF_FLATNESS] = (exp(bs.log_sum / nbs) * nbs) / s0;

	/* spectralSlope.ts, with its own denominator */
	out[SER_MF_SLOPE] = (nbs * amp_freq - m->freq_sum * s0) /
			    (s0 * (m->pow_freq_sum - pow(m->freq_sum, 2)));

	/* loudness.ts and perceptualSharpness.ts */
	float spec[SER_MEYDA_BARK];
	double total = 0;
	for (int b = 0; b < SER_MEYDA_BARK; b++)
		spec[b] = (float)pow(bs.bark[b], 0.23);
	for (int b = 0; b < SER_MEYDA_BARK; b++)
		total += spec[b];
	out[SER_MF_LOUDNESS] = total;
	double sharp = 0;
	for (int i = 0; i < SER_MEYDA_BARK; i++)
		sharp += i < 15 ? (i + 1) * (double)spec[i + 1] : m->sharp_tail[i];
	out[SER_MF_SHARPNESS] = sharp * (0.11 / total);

	/* melBands.ts + mfcc.ts: float32 power spectrum and float32 band
	 * sums, log(x + 1), DCT-II scaled by 2 */
	const float *pw = bs.pw;
	float lmb[SER_MEYDA_MEL];
	for (int i = 0; i < SER_MEYDA_MEL; i++) {
		/* Meyda adds float32 terms into a float32 sum. A float sum done
		 * in double and rounded is the float sum (53 >= 2 * 24 + 2
		 * bits), so plain float adds give the same bits, with a third
		 * of the latency of the convert-add-convert chain */
		float acc = 0;
		const double *row = m->mel[i];
		for (int j = m->mel_lo[i]; j < m->mel_hi[i]; j++)
			acc += (float)(row[j] * pw[j]);
		lmb[i] = (float)log((double)acc + 1);
	}
	for (int k = 0; k < SER_MEYDA_MFCC; k++) {
		double s = 0;
		for (int i = 0; i < SER_MEYDA_MEL; i++)
			s += lmb[i] * m->dct[k][i];
		out[SER_MF_MFCC + k] = 2 * s;
	}

	/* chroma.ts: filterbank, then divide by the largest bin */
	const double *c = bs.chroma;
	double mx = c[0];
	for (int i = 1; i < SER_MEYDA_CHROMA; i++)
		if (c[i] > mx)
			mx = c[i];
	for (int i = 0; i < SER_MEYDA_CHROMA; i++)
		out[SER_MF_CHROMA + i] = mx != 0 ? c[i] / mx : c[i];
}

/* The frame twice: for the base x86-64 (SSE2) and for AVX2, chosen at run
 * time. Every helper above is inlined into both, and neither build
 * fuses a multiply and an add (-std=c11 keeps -ffp-contract=off; no FMA
 * target) or reorders a sum, so both give the same bits; AVX2's wider
 * vectors only run more of the element-wise loops (window, spectrum
 * conditioning, square roots) per instruction. */
#if SER_MEYDA_X86
__attribute__((target("avx2")))
static double level_avx2(ser_meyda *m, const float *frame)
{
	return level_body(m, frame);
}

__attribute__((target("avx2")))
static void features_avx2(ser_meyda *m, double out[SER_MEYDA_N])
{
	features_body(m, out);
}
#endif

double ser_meyda_level(ser_meyda *m, const float *frame)
{
#if SER_MEYDA_X86
	if (m->avx2)
		return level_avx2(m, frame);
#endif
	return level_body(m, frame);
}

void ser_meyda_features(ser_meyda *m, double out[SER_MEYDA_N])
{
#if SER_MEYDA_X86
	if (m->avx2) {
		features_avx2(m, out);
		return;
	}
#endif
	features_body(m, out);
}

void ser_meyda_frame(ser_meyda *m, const float *frame, double out[SER_MEYDA_N])
{
	ser_meyda_level(m, frame);
	ser_meyda_features(m, out);
}
