/* dataset_synth.c - synthetic Emo-Soundscapes; see dataset_synth.h for the format and the
 * generative model. Every draw comes from one ser_rng stream in a fixed
 * order, so the output bytes depend only on (rows, seed). */
#define _POSIX_C_SOURCE 200809L
#include "ser/synth.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ser/outfile.h"
#include "ser/rng.h"

/* The real tables' column names, in their order. */
const char *const ser_synth_col_names[SER_SYNTH_COLS] = {
	"rms_mean", "rms_std", "decreaseslope_mean", "fluctuation_max",
	"eventdensity_mean", "zerocross_mean", "zerocross_std",
	"rolloff_mean", "rolloff_std", "brightness_mean", "brightness_std",
	"centroid_mean", "centroid_std", "spread_mean", "spread_std",
	"skewness_mean", "skewness_std", "kurtosis_mean", "kurtosis_std",
	"flatness_mean", "flatness_std", "entropy_mean", "entropy_std",
	"mfcc_mean_1", "mfcc_mean_2", "mfcc_mean_3", "mfcc_mean_4",
	"mfcc_mean_5", "mfcc_mean_6", "mfcc_mean_7", "mfcc_mean_8",
	"mfcc_mean_9", "mfcc_mean_10", "mfcc_mean_11", "mfcc_mean_12",
	"mfcc_mean_13", "mfcc_std_1", "mfcc_std_2", "mfcc_std_3",
	"mfcc_std_4", "mfcc_std_5", "mfcc_std_6", "mfcc_std_7", "mfcc_std_8",
	"mfcc_std_9", "mfcc_std_10", "mfcc_std_11", "mfcc_std_12",
	"mfcc_std_13", "flux_mean", "flux_std", "lowenergy", "novelty_mean",
	"novelty_std", "pitch_mean", "pitch_std", "chromagram_center_mean_1",
	"chromagram_center_mean_2", "chromagram_center_mean_3",
	"chromagram_center_mean_4", "chromagram_center_mean_5",
	"chromagram_center_mean_6", "chromagram_center_mean_7",
	"chromagram_center_mean_8", "chromagram_center_mean_9",
	"chromagram_center_mean_10", "chromagram_center_mean_11",
	"chromagram_center_mean_12", "chromagram_center_std_1",
	"chromagram_center_std_2", "chromagram_center_std_3",
	"chromagram_center_std_4", "chromagram_center_std_5",
	"chromagram_center_std_6", "chromagram_center_std_7",
	"chromagram_center_std_8", "chromagram_center_std_9",
	"chromagram_center_std_10", "chromagram_center_std_11",
	"chromagram_center_std_12", "key_mean", "key_std", "mode_mean",
	"mode_std", "hcdf_mean", "hcdf_std", "inharmonicity_mean",
	"inharmonicity_std", "chromagram_mean_1", "chromagram_mean_2",
	"chromagram_mean_3", "chromagram_mean_4", "chromagram_mean_5",
	"chromagram_mean_6", "chromagram_mean_7", "chromagram_mean_8",
	"chromagram_mean_9", "chromagram_mean_10", "chromagram_mean_11",
	"chromagram_mean_12", "chromagram_std_1", "chromagram_std_2",
	"chromagram_std_3", "chromagram_std_4", "chromagram_std_5",
	"chromagram_std_6", "chromagram_std_7", "chromagram_std_8",
	"chromagram_std_9", "chromagram_std_10", "chromagram_std_11",
	"chromagram_std_12", "loudness_mean", "loudness_std", "energy_mean",
	"energy_std", "perceptual_sharp_mean", "perceptual_sharp_std",
	"spectral_slope_mean", "spectral_slope_std", "spectral_var_mean",
	"spectral_var_std"
};

#define N_LATENT 6

static const char *const category[6] = {
	"human", "indicator", "mechanical", "nature", "quiet", "society" };

/* Box-Muller; u1 in (0, 1] so the log is finite. */
static double gauss(ser_rng *r)
{
	double u1 = 1.0 - ser_rng_uniform(r), u2 = ser_rng_uniform(r);
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static int mkdir_p(const char *path, ser_err *err)
{
	char p[4096];
	size_t n = strlen(path);
	if (n == 0 || n >= sizeof p)
		return ser_fail(err, "%s: bad directory name", path);
	memcpy(p, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];
		p[i] = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return ser_fail(err, "%s: cannot create directory: %s", p,
					strerror(errno));
		p[i] = c;
	}
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return ser_fail(err, "%s: not a directory", path);
	return 0;
}

/* Names like the real ones: 600/1213 single-category sounds
 * "<category>_<k>.wav", the rest mixes named like
 * "mix_between_human_indicator_1-12_1-6.wav". */
static void make_name(char *buf, size_t cap, int i, int n_single)
{
	if (i < n_single) {
		snprintf(buf, cap, "%s_%d.wav", category[i % 6], i / 6 + 1);
		return;
	}
	static const int pair[15][2] = {
		{0,1},{0,2},{0,3},{0,4},{0,5},{1,2},{1,3},{1,4},{1,5},{2,3},
		{2,4},{2,5},{3,4},{3,5},{4,5} };
	static const char *const len[3][2] = {
		{ "12", "6" }, { "6", "12" }, { "6", "6" } };
	int m = i - n_single, v = m % 3, p = (m / 3) % 15, j = m / 45 + 1;
	snprintf(buf, cap, "mix_between_%s_%s_%d-%s_%d-%s.wav",
		 category[pair[p][0]], category[pair[p][1]], j, len[v][0], j,
		 len[v][1]);
}

typedef struct keyed {
	double key;
	const char *name;
	int i;
} keyed;

static int by_key_desc(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	return (x->i > y->i) - (x->i < y->i);
}

static int by_name(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	return strcmp(x->name, y->name);
}

/* One headerless "file,value" table in file-name order. */
static int write_labels(const char *path, keyed *byname, int n,
			const int *rank, int as_rank, ser_err *err)
{
	ser_outfile *o = ser_outfile_open(path, 0, err);
	if (!o)
		return -1;
	for (int k = 0; k < n; k++) {
		int i = byname[k].i;
		if (as_rank)
			fprintf(o->fp, "%s,%d\r", byname[k].name, rank[i]);
		else
			fprintf(o->fp, "%s,%.6f\r", byname[k].name,
				1.0 - 2.0 * (rank[i] - 1) / n);
	}
	return ser_outfile_commit(o, err);
}

static int write_features(const char *path, char **names, const double *V,
			  int n, int normalized, ser_err *err)
{
	ser_outfile *o = ser_outfile_open(path, 0, err);
	if (!o)
		return -1;
	fputs(normalized ? "fileName" : "", o->fp);
	for (int j = 0; j < SER_SYNTH_COLS; j++)
		fprintf(o->fp, ",%s", ser_synth_col_names[j]);
	fputc('\r', o->fp);
	for (int i = 0; i < n; i++) {
		fputs(names[i], o->fp);
		for (int j = 0; j < SER_SYNTH_COLS; j++)
			fprintf(o->fp, normalized ? ",%.9f" : ",%.9g",
				V[(long)i * SER_SYNTH_COLS + j]);
		fputc('\r', o->fp);
	}
	return ser_outfile_commit(o, err);
}

/* Ranks 1..n, 1 = highest score. */
static void rank_of(const double *score, int n, keyed *tmp, int *rank)
{
	for (int i = 0; i < n; i++)
		tmp[i] = (keyed){ score[i], NULL, i };
	qsort(tmp, (size_t)n, sizeof *tmp, by_key_desc);
	for (int k = 0; k < n; k++)
		rank[tmp[k].i] = k + 1;
}

int ser_synth_dataset(const char *dir, int rows, uint64_t seed, ser_err *err)
{
	if (rows < 2 || rows > 1000000)
		return ser_fail(err, "synth-dataset: rows must be in 2..1000000, got %d",
				rows);
	const int n = rows, d = SER_SYNTH_COLS;
	int rc = -1;
	char p[4200];
	char **names = ser_calloc((size_t)n, sizeof *names, err);
	double *raw = ser_malloc((size_t)n * d * sizeof *raw, err);
	double *z = ser_malloc((size_t)n * N_LATENT * sizeof *z, err);
	double *score[2] = { ser_malloc((size_t)n * sizeof(double), err),
			     ser_malloc((size_t)n * sizeof(double), err) };
	int *rank[2] = { ser_malloc((size_t)n * sizeof(int), err),
			 ser_malloc((size_t)n * sizeof(int), err) };
	keyed *kb = ser_malloc((size_t)n * sizeof *kb, err);
	if (!names || !raw || !z || !score[0] || !score[1] || !rank[0] ||
	    !rank[1] || !kb)
		goto out;

	ser_rng r;
	ser_rng_seed(&r, seed);
	/* column parameters: unit loadings, noise, raw scale and offset */
	double w[SER_SYNTH_COLS][N_LATENT], noise[SER_SYNTH_COLS];
	double scale[SER_SYNTH_COLS], offset[SER_SYNTH_COLS];
	for (int j = 0; j < d; j++) {
		double s = 0;
		for (int k = 0; k < N_LATENT; k++) {
			/* each column leans on one or two factors */
			double g = gauss(&r);
			w[j][k] = ser_rng_uniform(&r) < 0.35 ? g : 0.15 * g;
			s += w[j][k] * w[j][k];
		}
		for (int k = 0; k < N_LATENT; k++)
			w[j][k] /= sqrt(s);
		noise[j] = 0.2 + 0.4 * ser_rng_uniform(&r);
		scale[j] = pow(10.0, -2.0 + 5.0 * ser_rng_uniform(&r));
		offset[j] = scale[j] * (2.0 * ser_rng_uniform(&r) - 1.0);
	}
	int n_single = (int)((long)n * 600 / 1213);
	for (int i = 0; i < n; i++) {
		char buf[256];
		make_name(buf, sizeof buf, i, n_single);
		if (!(names[i] = ser_strdup(buf, err)))
			goto out;
		double *zi = &z[(long)i * N_LATENT];
		for (int k = 0; k < N_LATENT; k++)
			zi[k] = gauss(&r);
		/* single sounds of one category share a little of their sound */
		if (i < n_single)
			zi[i % 6] += 0.5;
		for (int j = 0; j < d; j++) {
			double a = 0;
			for (int k = 0; k < N_LATENT; k++)
				a += w[j][k] * zi[k];
			double h = tanh(0.8 * a + noise[j] * gauss(&r));
			raw[(long)i * d + j] = offset[j] + scale[j] * h;
		}
		/* arousal: mostly one factor plus a saturating and a quadratic
		 * term; valence: weaker, more nonlinear, noisier */
		score[1][i] = zi[0] + 0.6 * tanh(1.5 * zi[1]) +
			      0.25 * zi[2] * zi[2] + 0.45 * gauss(&r);
		score[0][i] = 0.8 * zi[3] + 0.5 * sin(1.5 * zi[4]) -
			      0.3 * zi[0] + 0.75 * gauss(&r);
	}
	for (int t = 0; t < 2; t++)
		rank_of(score[t], n, kb, rank[t]);

	static const char *const sub[3] = { "Emo-Soundscapes-Features",
		"Emo-Soundscapes-Rankings", "Emo-Soundscapes-Ratings" };
	for (int s = 0; s < 3; s++) {
		snprintf(p, sizeof p, "%s/%s", dir, sub[s]);
		if (mkdir_p(p, err) < 0)
			goto out;
	}
	snprintf(p, sizeof p, "%s/Emo-Soundscapes-Features/Features.csv", dir);
	if (write_features(p, names, raw, n, 0, err) < 0)
		goto out;
	/* min-max normalize in place, as the data set's authors did */
	for (int j = 0; j < d; j++) {
		double lo = raw[j], hi = raw[j];
		for (int i = 1; i < n; i++) {
			double v = raw[(long)i * d + j];
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
		for (int i = 0; i < n; i++) {
			double *v = &raw[(long)i * d + j];
			*v = hi > lo ? (*v - lo) / (hi - lo) : 0.0;
		}
	}
	snprintf(p, sizeof p, "%s/Emo-Soundscapes-Features/Normalized_Features.csv", dir);
	if (write_features(p, names, raw, n, 1, err) < 0)
		goto out;
	for (int i = 0; i < n; i++)
		kb[i] = (keyed){ 0, names[i], i };
	qsort(kb, (size_t)n, sizeof *kb, by_name);
	static const char *const tname[2] = { "Valence", "Arousal" };
	for (int t = 0; t < 2; t++) {
		snprintf(p, sizeof p, "%s/Emo-Soundscapes-Rankings/%s.csv", dir, tname[t]);
		if (write_labels(p, kb, n, rank[t], 1, err) < 0)
			goto out;
		snprintf(p, sizeof p, "%s/Emo-Soundscapes-Ratings/%s.csv", dir, tname[t]);
		if (write_labels(p, kb, n, rank[t], 0, err) < 0)
			goto out;
	}
	/* the marker eval/reproduce-thesis.sh looks for, so numbers from
	 * this data are never mistaken for results on the real set */
	snprintf(p, sizeof p, "%s/SYNTHETIC.txt", dir);
	ser_outfile *mk = ser_outfile_open(p, 0, err);
	if (!mk)
		goto out;
	fprintf(mk->fp, "Synthetic Emo-Soundscapes made by ser synth-dataset "
		"--rows %d --seed %llu.\nIts features and ratings are random "
		"(include/ser/synth.h): scores on it say nothing about the "
		"real data set.\n", n, (unsigned long long)seed);
	if (ser_outfile_commit(mk, err) < 0)
		goto out;
	rc = 0;
out:
	ser_strv_free(names, n);
	free(raw);
	free(z);
	for (int t = 0; t < 2; t++) {
		free(score[t]);
		free(rank[t]);
	}
	free(kb);
	return rc;
}
