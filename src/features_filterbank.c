/* features_filterbank.c - Meyda 5.6.3's window and filterbanks; see features_filterbank.h.
 * Each function follows the JavaScript line by line: Float32Array stores
 * become (float) casts, JS numbers are doubles, `%` is fmod. */
#include "features_filterbank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

void ser_hann_window(float *w, int n)
{
	for (int i = 0; i < n; i++)
		w[i] = (float)(0.5 - 0.5 * cos((2 * M_PI * i) / (n - 1)));
}

void ser_bark_scale(float *bark, int len, double sr, int n)
{
	for (int i = 0; i < len; i++) {
		float f = (float)((i * sr) / n);
		bark[i] = (float)(13 * atan(f / 1315.8) +
				  3.5 * atan(pow(f / 7518, 2)));
	}
}

static double freq_to_mel(double f) { return 1125 * log(1 + f / 700); }
static double mel_to_freq(double m) { return 700 * (exp(m / 1125) - 1); }

int ser_mel_filterbank(double *fb, int nfilt, double sr, int n, ser_err *err)
{
	int nb = n / 2 + 1;
	int *bin = ser_malloc((size_t)(nfilt + 2) * sizeof *bin, err);
	if (!bin)
		return -1;
	double range = freq_to_mel(sr / 2) - freq_to_mel(0);
	double step = range / (nfilt + 1);
	for (int i = 0; i < nfilt + 2; i++) {
		float mel = (float)(i * step);
		float hz = (float)mel_to_freq(mel);
		bin[i] = (int)floor(((n + 1) * (double)hz) / sr);
	}
	memset(fb, 0, (size_t)nfilt * (size_t)nb * sizeof *fb);
	for (int j = 0; j < nfilt; j++) {
		double *row = fb + (size_t)j * nb;
		for (int i = bin[j]; i < bin[j + 1] && i < nb; i++)
			row[i] = (double)(i - bin[j]) / (bin[j + 1] - bin[j]);
		for (int i = bin[j + 1]; i < bin[j + 2] && i < nb; i++)
			row[i] = (double)(bin[j + 2] - i) / (bin[j + 2] - bin[j + 1]);
	}
	free(bin);
	return 0;
}

int ser_chroma_filterbank(double *fb, int nchroma, double sr, int n,
			  ser_err *err)
{
	const double A440 = 440, center_octave = 5, octave_width = 2;
	int nb = n / 2 + 1;
	double *freq = ser_malloc((size_t)n * sizeof *freq, err);
	double *width = ser_malloc((size_t)n * sizeof *width, err);
	double *w = ser_malloc((size_t)nchroma * (size_t)n * sizeof *w, err);
	if (!freq || !width || !w) {
		free(freq);
		free(width);
		free(w);
		return -1;
	}
	for (int i = 0; i < n; i++)
		freq[i] = nchroma * log2((16 * ((sr * i) / n)) / A440);
	/* the 0 Hz bin sits 1.5 octaves below bin 1 */
	freq[0] = freq[1] - 1.5 * nchroma;
	for (int i = 0; i < n - 1; i++)
		width[i] = freq[i + 1] - freq[i];
	width[n - 1] = 1;
	int half = (int)round(nchroma / 2.0);
	for (int i = 0; i < nchroma; i++)
		for (int j = 0; j < n; j++) {
			double peak = fmod(10 * nchroma + half + freq[j] - i,
					   nchroma) - half;
			w[(size_t)i * n + j] =
				exp(-0.5 * pow(2 * peak / width[j], 2));
		}
	for (int j = 0; j < n; j++) {
		double ss = 0;
		for (int i = 0; i < nchroma; i++)
			ss += pow(w[(size_t)i * n + j], 2);
		double den = sqrt(ss);
		if (den == 0)
			den = 1;
		double oct = exp(-0.5 * pow((freq[j] / nchroma - center_octave) /
					    octave_width, 2));
		for (int i = 0; i < nchroma; i++)
			w[(size_t)i * n + j] = w[(size_t)i * n + j] / den * oct;
	}
	/* base C: rows 3.. first, then 0..2 */
	for (int i = 0; i < nchroma; i++) {
		int src = (i + 3) % nchroma;
		memcpy(fb + (size_t)i * nb, w + (size_t)src * n,
		       (size_t)nb * sizeof *fb);
	}
	free(freq);
	free(width);
	free(w);
	return 0;
}
