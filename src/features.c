/* features.c - framing (1024 / hop 512), per-frame Meyda features and
 * their per-file mean and population std, streamed; see features.h. */
#include "ser/features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/audio.h"
#include "meyda.h"
#include "welford.h"

const char *const ser_feature_names[SER_N_FEATURES] = {
	"rms_mean", "rms_std", "zerocross_mean", "zerocross_std",
	"rolloff_mean", "rolloff_std", "centroid_mean", "centroid_std",
	"spread_mean", "spread_std", "skewness_mean", "skewness_std",
	"kurtosis_mean", "kurtosis_std", "flatness_mean", "flatness_std",
	"mfcc_mean_1", "mfcc_mean_2", "mfcc_mean_3", "mfcc_mean_4",
	"mfcc_mean_5", "mfcc_mean_6", "mfcc_mean_7", "mfcc_mean_8",
	"mfcc_mean_9", "mfcc_mean_10", "mfcc_mean_11", "mfcc_mean_12",
	"mfcc_mean_13",
	"mfcc_std_1", "mfcc_std_2", "mfcc_std_3", "mfcc_std_4",
	"mfcc_std_5", "mfcc_std_6", "mfcc_std_7", "mfcc_std_8",
	"mfcc_std_9", "mfcc_std_10", "mfcc_std_11", "mfcc_std_12",
	"mfcc_std_13",
	"chromagram_mean_1", "chromagram_mean_2", "chromagram_mean_3",
	"chromagram_mean_4", "chromagram_mean_5", "chromagram_mean_6",
	"chromagram_mean_7", "chromagram_mean_8", "chromagram_mean_9",
	"chromagram_mean_10", "chromagram_mean_11", "chromagram_mean_12",
	"chromagram_std_1", "chromagram_std_2", "chromagram_std_3",
	"chromagram_std_4", "chromagram_std_5", "chromagram_std_6",
	"chromagram_std_7", "chromagram_std_8", "chromagram_std_9",
	"chromagram_std_10", "chromagram_std_11", "chromagram_std_12",
	"loudness_mean", "loudness_std", "energy_mean", "energy_std",
	"perceptual_sharp_mean", "perceptual_sharp_std",
	"spectral_slope_mean", "spectral_slope_std",
};

/* samples per ser_audio_read call */
#define READ_BLOCK 8192

struct ser_extractor {
	ser_meyda *meyda;
	float frame[SER_FRAME];  /* the next frame, filled up to `fill` */
	int fill;
	long frames;             /* analysed so far */
	long pushed;             /* samples pushed since reset */
	ser_welford stat[SER_MEYDA_N];
	float *block;            /* READ_BLOCK samples from the decoder */
	ser_progress_fn progress;
	void *progress_ud;
};

void ser_extractor_set_progress(ser_extractor *x, ser_progress_fn fn,
				void *ud)
{
	x->progress = fn;
	x->progress_ud = ud;
}

ser_extractor *ser_extractor_new(ser_err *err)
{
	ser_extractor *x = ser_calloc(1, sizeof *x, err);
	if (!x)
		return NULL;
	x->meyda = ser_meyda_new(err);
	x->block = ser_malloc(READ_BLOCK * sizeof(float), err);
	if (!x->meyda || !x->block) {
		ser_extractor_free(x);
		return NULL;
	}
	ser_extractor_reset(x);
	return x;
}

void ser_extractor_free(ser_extractor *x)
{
	if (!x)
		return;
	ser_meyda_free(x->meyda);
	free(x->block);
	free(x);
}

void ser_extractor_reset(ser_extractor *x)
{
	x->fill = 0;
	x->frames = 0;
	x->pushed = 0;
	for (int i = 0; i < SER_MEYDA_N; i++)
		ser_welford_reset(&x->stat[i]);
}

long ser_extractor_frames(const ser_extractor *x)
{
	return x->frames;
}

static void analyse(ser_extractor *x)
{
	double v[SER_MEYDA_N];
	ser_meyda_frame(x->meyda, x->frame, v);
	/* Meyda's NaN/Inf (division by a zero spectrum) marks the frame
	 * undefined for that feature: leave it out */
	for (int i = 0; i < SER_MEYDA_N; i++)
		if (isfinite(v[i]))
			ser_welford_add(&x->stat[i], v[i]);
	x->frames++;
}

void ser_extractor_push(ser_extractor *x, const float *s, long n)
{
	x->pushed += n;
	while (n > 0) {
		int take = SER_FRAME - x->fill;
		if (take > n)
			take = (int)n;
		memcpy(x->frame + x->fill, s, (size_t)take * sizeof *s);
		x->fill += take;
		s += take;
		n -= take;
		if (x->fill == SER_FRAME) {
			analyse(x);
			/* the next frame starts one hop later */
			memmove(x->frame, x->frame + SER_HOP,
				(SER_FRAME - SER_HOP) * sizeof *x->frame);
			x->fill = SER_FRAME - SER_HOP;
		}
	}
}

static void put(double *out, int k, const ser_welford *w)
{
	/* no defined frame: 0; Welford sums of finite values stay finite
	 * unless they overflow, which is guarded too */
	double mean = w->n ? w->mean : 0, sd = ser_welford_std(w);
	out[k] = isfinite(mean) ? mean : 0;
	out[k + 1] = isfinite(sd) ? sd : 0;
}

int ser_extractor_finish(ser_extractor *x, double out[SER_N_FEATURES])
{
	if (x->pushed == 0)
		return -1;
	if (x->frames == 0) {
		/* shorter than one frame: zero-padded to 1024 samples */
		memset(x->frame + x->fill, 0,
		       (size_t)(SER_FRAME - x->fill) * sizeof *x->frame);
		analyse(x);
	}
	double tmp[2];
	for (int i = 0; i < 8; i++)   /* rms .. flatness: mean, std pairs */
		put(out, 2 * i, &x->stat[SER_MF_RMS + i]);
	for (int i = 0; i < SER_MEYDA_MFCC; i++) {
		put(tmp, 0, &x->stat[SER_MF_MFCC + i]);
		out[16 + i] = tmp[0];
		out[16 + SER_MEYDA_MFCC + i] = tmp[1];
	}
	for (int i = 0; i < SER_MEYDA_CHROMA; i++) {
		put(tmp, 0, &x->stat[SER_MF_CHROMA + i]);
		out[42 + i] = tmp[0];
		out[42 + SER_MEYDA_CHROMA + i] = tmp[1];
	}
	put(out, 66, &x->stat[SER_MF_LOUDNESS]);
	put(out, 68, &x->stat[SER_MF_ENERGY]);
	put(out, 70, &x->stat[SER_MF_SHARPNESS]);
	put(out, 72, &x->stat[SER_MF_SLOPE]);
	return 0;
}

int ser_extract_signal(ser_extractor *x, const float *s, long n,
		       const char *name, double out[SER_N_FEATURES],
		       ser_err *err)
{
	ser_extractor_reset(x);
	for (long i = 0; i < n; i++)
		if (!isfinite(s[i]))
			return ser_fail(err, "%s: sample %ld is %s", name, i,
					isnan(s[i]) ? "NaN" : "infinite");
	ser_extractor_push(x, s, n);
	if (ser_extractor_finish(x, out) != 0)
		return ser_fail(err, "%s: no audio frames", name);
	return 0;
}

int ser_extract_file(ser_extractor *x, const char *path,
		     double out[SER_N_FEATURES], ser_err *err)
{
	ser_audio *a = ser_audio_open(path, err);
	if (!a)
		return -1;
	ser_extractor_reset(x);
	long got;
	while ((got = ser_audio_read(a, x->block, READ_BLOCK, err)) > 0) {
		ser_extractor_push(x, x->block, got);
		if (x->progress)
			x->progress(x->progress_ud, ser_audio_progress(a));
	}
	ser_audio_close(a);
	if (got < 0)
		return -1;
	if (ser_extractor_finish(x, out) != 0)
		return ser_fail(err, "%s: no audio frames", path);
	return 0;
}
