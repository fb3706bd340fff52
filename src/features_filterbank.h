/* features_filterbank.h - the window, Bark scale and mel/chroma filterbanks exactly
 * as Meyda 5.6.3 builds them (src/utilities.ts, src/windowing.ts),
 * including their float32 roundings and quirks, so per-frame features match
 * Meyda's to float precision. n is the frame length (1024 in ser). */
#ifndef SER_FILTERBANK_H
#define SER_FILTERBANK_H

#include "ser/error.h"

/* Meyda's "hanning": 0.5 - 0.5 cos(2 pi i / (n - 1)), symmetric, stored as
 * float32. */
void ser_hann_window(float *w, int n);

/* createBarkScale(len, sr, n): bark[i] for the frequency of bin i,
 * 13 atan(f / 1315.8) + 3.5 atan((f / 7518)^2), float32. */
void ser_bark_scale(float *bark, int len, double sr, int n);

/* createMelFilterBank(nfilt, sr, n): nfilt triangular filters over
 * n/2 + 1 bins, row-major into fb (nfilt * (n/2 + 1) doubles). Edges are
 * float32 mel/Hz values mapped to floor((n + 1) f / sr). -1 on allocation
 * failure. */
int ser_mel_filterbank(double *fb, int nfilt, double sr, int n, ser_err *err);

/* createChromaFilterBank(nchroma, sr, n) with Meyda's defaults (centre
 * octave 5, width 2, base C, A440): Gaussian bumps per semitone, column
 * (L2) normalized, octave-weighted, rotated to start at C; row-major into
 * fb (nchroma * (n/2 + 1) doubles). Meyda's bin widths come from a
 * misplaced Math.max bracket: they are the plain differences of adjacent
 * octave positions, reproduced here. -1 on allocation failure. */
int ser_chroma_filterbank(double *fb, int nchroma, double sr, int n,
			  ser_err *err);

#endif
