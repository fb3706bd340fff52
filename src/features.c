/* features.c - framing (1024 / hop 512), per-frame Meyda features and
 * their per-file mean and population std, streamed; see features.h. */
#include "ser/features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/audio.h"
#include "features_meyda.h"
#include "stats_welford.h"

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

/* Robust space: frame levels are binned per whole dB from the floor up
 * to LEVEL_TOP dBFS (louder frames share the top bin); Hann's rms scales
 * the windowed frame's rms to dBFS. */
#define LEVEL_TOP 30
#define N_LEVEL (LEVEL_TOP - SER_ROBUST_FLOOR_DB + 1)
#define HANN_RMS 0.61237243569579452  /* sqrt(3/8) */

/* Weighted mean and variance (West 1979: Welford's, with weights; with
 * every weight 1 it is ser_welford). Merging is Chan et al.'s pairwise
 * combination, so the level bins combine into the file's statistics. */
typedef struct wstat {
	double w, mean, m2;
} wstat;

static void wstat_add(wstat *s, double x, double w)
{
	s->w += w;
	double d = x - s->mean;
	s->mean += d * (w / s->w);
	s->m2 += w * d * (x - s->mean);
}

static void wstat_merge(wstat *a, const wstat *b)
{
	if (!(b->w > 0))
		return;
	double w = a->w + b->w, d = b->mean - a->mean;
	a->mean += d * (b->w / w);
	a->m2 += b->m2 + d * d * (a->w * b->w / w);
	a->w = w;
}

struct ser_extractor {
	ser_meyda *meyda;
	ser_space space;
	int hop;                 /* SER_HOP, or SER_ROBUST_HOP */
	float frame[SER_FRAME];  /* the next frame, filled up to `fill` */
	int fill;
	long frames;             /* analysed so far */
	long pushed;             /* samples pushed since reset */
	ser_welford stat[SER_MEYDA_N];  /* Meyda's space */
	/* robust space: rms-weighted statistics per level bin, and frame
	 * counts, merged above the gate at finish into wst */
	wstat (*level)[SER_MEYDA_N];
	long level_n[N_LEVEL];
	wstat wst[SER_MEYDA_N];
	long kept;
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
	x->level = ser_malloc(N_LEVEL * sizeof *x->level, err);
	if (!x->meyda || !x->block || !x->level) {
		ser_extractor_free(x);
		return NULL;
	}
	ser_extractor_set_space(x, SER_SPACE_MEYDA);
	return x;
}

void ser_extractor_free(ser_extractor *x)
{
	if (!x)
		return;
	ser_meyda_free(x->meyda);
	free(x->block);
	free(x->level);
	free(x);
}

const char *ser_space_tag(ser_space s)
{
	return s == SER_SPACE_ROBUST ? SER_FEATURE_SPACE_ROBUST
				     : SER_FEATURE_SPACE_MEYDA;
}

int ser_space_parse(const char *name, ser_space *s)
{
	if (!strcmp(name, "meyda") || !strcmp(name, SER_FEATURE_SPACE_MEYDA))
		*s = SER_SPACE_MEYDA;
	else if (!strcmp(name, "robust") ||
		 !strcmp(name, SER_FEATURE_SPACE_ROBUST))
		*s = SER_SPACE_ROBUST;
	else
		return -1;
	return 0;
}

void ser_extractor_set_space(ser_extractor *x, ser_space s)
{
	x->space = s;
	x->hop = s == SER_SPACE_ROBUST ? SER_ROBUST_HOP : SER_HOP;
	if (s == SER_SPACE_ROBUST) {
		ser_meyda_robust r = {
			(int)((double)SER_ROBUST_BAND_HZ * SER_FRAME / SER_SAMPLE_RATE),
			pow(10, -SER_ROBUST_SPECTRAL_FLOOR_DB / 20.0),
			SER_ROBUST_ZCR_HYSTERESIS,
		};
		ser_meyda_set_robust(x->meyda, &r);
	} else {
		ser_meyda_set_robust(x->meyda, NULL);
	}
	ser_extractor_reset(x);
}

ser_space ser_extractor_space(const ser_extractor *x)
{
	return x->space;
}

void ser_extractor_reset(ser_extractor *x)
{
	x->fill = 0;
	x->frames = 0;
	x->pushed = 0;
	x->kept = 0;
	if (x->space == SER_SPACE_ROBUST) {
		/* the signal starts in the last hop of frame 0 */
		memset(x->frame, 0, (size_t)(SER_FRAME - x->hop) * sizeof *x->frame);
		x->fill = SER_FRAME - x->hop;
	}
	for (int i = 0; i < SER_MEYDA_N; i++)
		ser_welford_reset(&x->stat[i]);
	if (x->space == SER_SPACE_ROBUST) {
		memset(x->level, 0, N_LEVEL * sizeof *x->level);
		memset(x->level_n, 0, sizeof x->level_n);
		memset(x->wst, 0, sizeof x->wst);
	}
}

long ser_extractor_frames(const ser_extractor *x)
{
	return x->frames;
}

long ser_extractor_frames_kept(const ser_extractor *x)
{
	return x->space == SER_SPACE_ROBUST ? x->kept : x->frames;
}

/* Robust: a frame's level in dBFS from its rms. */
static double level_db(double rms)
{
	return 20 * log10(rms / HANN_RMS);
}

/* Robust: the frame's values go to its level bin, weighted by its rms
 * (db = level_db(rms), at or above the floor). */
static void add_robust(ser_extractor *x, const double *v, double db)
{
	int b = db >= LEVEL_TOP ? N_LEVEL - 1
				: (int)floor(db) - SER_ROBUST_FLOOR_DB;
	double w = v[SER_MF_RMS];
	x->level_n[b]++;
	for (int i = 0; i < SER_MEYDA_N; i++)
		if (isfinite(v[i]))
			wstat_add(&x->level[b][i], v[i], w);
}

/* Robust: merge the bins within the gate of the loudest into wst[]. */
static void gate(ser_extractor *x)
{
	int top = N_LEVEL - 1;
	while (top >= 0 && x->level_n[top] == 0)
		top--;
	for (int b = top; b >= 0 && b >= top - SER_ROBUST_GATE_DB; b--) {
		x->kept += x->level_n[b];
		for (int i = 0; i < SER_MEYDA_N; i++)
			wstat_merge(&x->wst[i], &x->level[b][i]);
	}
}

static void analyse(ser_extractor *x)
{
	double v[SER_MEYDA_N];
	x->frames++;
	if (x->space == SER_SPACE_ROBUST) {
		/* below the floor (digital silence included) a frame goes
		 * nowhere: its level decides before any spectrum is taken */
		double db = level_db(ser_meyda_level(x->meyda, x->frame));
		if (!(db >= SER_ROBUST_FLOOR_DB))
			return;
		ser_meyda_features(x->meyda, v);
		add_robust(x, v, db);
		return;
	}
	ser_meyda_frame(x->meyda, x->frame, v);
	/* Meyda's NaN/Inf (division by a zero spectrum) marks the frame
	 * undefined for that feature: leave it out */
	for (int i = 0; i < SER_MEYDA_N; i++)
		if (isfinite(v[i]))
			ser_welford_add(&x->stat[i], v[i]);
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
			memmove(x->frame, x->frame + x->hop,
				(size_t)(SER_FRAME - x->hop) * sizeof *x->frame);
			x->fill = SER_FRAME - x->hop;
		}
	}
}

/* a feature's mean and std into out[k], out[k + 1] */
static void put(double *out, int k, const ser_extractor *x, int i)
{
	/* no defined frame: 0; Welford sums of finite values stay finite
	 * unless they overflow, which is guarded too */
	double mean, sd;
	if (x->space == SER_SPACE_ROBUST) {
		const wstat *w = &x->wst[i];
		mean = w->w > 0 ? w->mean : 0;
		sd = w->w > 0 && w->m2 > 0 ? sqrt(w->m2 / w->w) : 0;
	} else {
		mean = x->stat[i].n ? x->stat[i].mean : 0;
		sd = ser_welford_std(&x->stat[i]);
	}
	out[k] = isfinite(mean) ? mean : 0;
	out[k + 1] = isfinite(sd) ? sd : 0;
}

int ser_extractor_finish(ser_extractor *x, double out[SER_N_FEATURES])
{
	if (x->pushed == 0)
		return -1;
	if (x->space == SER_SPACE_ROBUST) {
		/* ... and ends in the first hop of the last frame: every sample
		 * lies in SER_FRAME / hop frames, whose Hann windows sum to a
		 * constant, so no part of the signal is seen less than another */
		static const float zero[SER_FRAME];
		long need = (x->pushed + SER_FRAME - x->hop - 1) / x->hop + 1;
		while (x->frames < need)
			ser_extractor_push(x, zero, SER_FRAME - x->fill);
	}
	if (x->frames == 0) {
		/* shorter than one frame: zero-padded to 1024 samples */
		memset(x->frame + x->fill, 0,
		       (size_t)(SER_FRAME - x->fill) * sizeof *x->frame);
		analyse(x);
	}
	if (x->space == SER_SPACE_ROBUST)
		gate(x);
	double tmp[2];
	for (int i = 0; i < 8; i++)   /* rms .. flatness: mean, std pairs */
		put(out, 2 * i, x, SER_MF_RMS + i);
	for (int i = 0; i < SER_MEYDA_MFCC; i++) {
		put(tmp, 0, x, SER_MF_MFCC + i);
		out[16 + i] = tmp[0];
		out[16 + SER_MEYDA_MFCC + i] = tmp[1];
	}
	for (int i = 0; i < SER_MEYDA_CHROMA; i++) {
		put(tmp, 0, x, SER_MF_CHROMA + i);
		out[42 + i] = tmp[0];
		out[42 + SER_MEYDA_CHROMA + i] = tmp[1];
	}
	put(out, 66, x, SER_MF_LOUDNESS);
	put(out, 68, x, SER_MF_ENERGY);
	put(out, 70, x, SER_MF_SHARPNESS);
	put(out, 72, x, SER_MF_SLOPE);
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
