/* test_features.c - the 74 features against the real Meyda 5.6.3 (golden
 * CSV from tests/oracle/meyda_golden.js), and the audio front end: downmix,
 * resampling, bit depths and containers, framing edge cases, streaming. */
#include "testutil.h"

#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "ser/audio.h"
#include "ser/features.h"
#include "features_meyda.h"
#include "ser/table.h"
#include "stats_welford.h"

#define SR 44100

static int close_enough(double got, double want, double rel, double abs_)
{
	double d = fabs(got - want);
	return d <= abs_ || d <= rel * fabs(want);
}

/* every column of every golden row, rel 1e-4 (abs 1e-6 near zero);
 * flatness within flat_rel */
static void matches_golden(const char *golden, int min_rows, double flat_rel)
{
	ser_err err;
	ser_table *t = ser_table_read(golden, 1, &err);
	assert_non_null(t);
	assert_int_equal(t->n_cols, 1 + SER_N_FEATURES);
	for (int k = 0; k < SER_N_FEATURES; k++)
		assert_string_equal(t->header[k + 1], ser_feature_names[k]);
	assert_true(t->n_rows >= min_rows);
	ser_extractor *x = ser_extractor_new(&err);
	assert_non_null(x);
	int bad = 0;
	for (int r = 0; r < t->n_rows; r++) {
		double f[SER_N_FEATURES];
		const char *path = ser_table_get(t, r, 0);
		if (ser_extract_file(x, path, f, &err) != 0)
			fail_msg("%s", err.msg);
		for (int k = 0; k < SER_N_FEATURES; k++) {
			double want;
			assert_int_equal(ser_table_double(t, r, k + 1, &want, &err), 0);
			assert_true(isfinite(f[k]));
			double rel = strstr(ser_feature_names[k], "flatness")
				     ? flat_rel : 1e-4;
			if (!close_enough(f[k], want, rel, 1e-6)) {
				print_message("%s %s: ser %.9g, meyda %.9g\n", path,
					      ser_feature_names[k], f[k], want);
				bad++;
			}
		}
	}
	ser_extractor_free(x);
	ser_table_free(t);
	assert_int_equal(bad, 0);
}

static void matches_meyda_golden(void **state)
{
	(void)state;
	matches_golden("tests/golden/meyda_features.csv", 7, 1e-4);
}

/* MP3s (CBR without an Info header, so libsndfile's length is an estimate,
 * mono and stereo; VBR) against Meyda fed with libsndfile's own offline
 * decode of them (tests/oracle/make_formats.sh): the whole stream is read
 * and the downmix is ser's. The Meyda space: the integrator of the robust
 * space keeps this on ser-meyda-v1.
 * Flatness (a geometric mean over all 512 bins) is 2e-4: above the
 * encoder's low-pass (16-19 kHz) the bins are ~120 dB down, where
 * KissFFT's float rounding, even after spectrum()'s conditioning, is
 * 0.1-0.2% of a frame's flatness (Meyda's FFT is double); measured
 * 1.4e-4 on the VBR file's flatness_std, 1e-4 or less elsewhere. */
static void mp3_matches_meyda_golden(void **state)
{
	(void)state;
	matches_golden("tests/golden/meyda_mp3.csv", 3, 2e-4);
}

/* single frames against Meyda's own per-frame values, rel 1e-4 on every
 * value (this needs features_meyda.c's spectrum(): a plain float FFT is 6e-4 off on
 * flatness and kurtosis): defined where Meyda's are, NaN where Meyda's
 * are NaN, Inf where Meyda's are Inf */
static void frames_match_meyda(void **state)
{
	(void)state;
	ser_err err;
	ser_table *t = ser_table_read("tests/golden/meyda_frames.csv", 1, &err);
	assert_non_null(t);
	assert_int_equal(t->n_cols, 2 + SER_MEYDA_N);
	ser_meyda *m = ser_meyda_new(&err);
	assert_non_null(m);
	int bad = 0, undefined = 0;
	for (int r = 0; r < t->n_rows; r++) {
		const char *path = ser_table_get(t, r, 0);
		long k = strtol(ser_table_get(t, r, 1), NULL, 10);
		SF_INFO info = { 0 };
		SNDFILE *sf = sf_open(path, SFM_READ, &info);
		assert_non_null(sf);
		float frame[SER_MEYDA_FRAME];
		assert_int_equal(sf_seek(sf, 512 * k, SEEK_SET), 512 * k);
		assert_int_equal(sf_readf_float(sf, frame, SER_MEYDA_FRAME), SER_MEYDA_FRAME);
		sf_close(sf);
		double v[SER_MEYDA_N];
		ser_meyda_frame(m, frame, v);
		for (int j = 0; j < SER_MEYDA_N; j++) {
			/* strtod reads JS's "NaN" and "Infinity" */
			double want = strtod(ser_table_get(t, r, 2 + j), NULL);
			int ok;
			if (isnan(want))
				ok = isnan(v[j]);
			else if (isinf(want))
				ok = isinf(v[j]) && (want > 0) == (v[j] > 0);
			else
				ok = close_enough(v[j], want, 1e-4, 1e-6);
			undefined += !isfinite(want);
			if (!ok) {
				print_message("%s frame %ld value %d: ser %.9g, meyda %.9g\n",
					      path, k, j, v[j], want);
				bad++;
			}
		}
	}
	assert_true(undefined > 0); /* the silent click frames are in there */
	ser_meyda_free(m);
	ser_table_free(t);
	assert_int_equal(bad, 0);
}

/* a signal exactly representable in 16 bits: the same floats come back
 * from every lossless format and bit depth */
static short *pcm_signal(int n, int rate)
{
	short *s = malloc((size_t)n * sizeof *s);
	unsigned r = 12345;
	for (int i = 0; i < n; i++) {
		r = r * 1103515245u + 12345u;
		double noise = ((r >> 8) & 0xffff) / 65536.0 - 0.5;
		double tone = sin(2 * M_PI * 330 * i / rate) +
			      0.5 * sin(2 * M_PI * 2500 * i / rate);
		s[i] = (short)lrint(8000 * tone + 3000 * noise);
	}
	return s;
}

static void write_short(const char *path, int format, int rate, int channels,
			const short *s, int n)
{
	SF_INFO info = { .samplerate = rate, .channels = channels, .format = format };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	if (!sf)
		fail_msg("%s: %s", path, sf_strerror(NULL));
	/* int formats take the shorts verbatim; float formats get s / 32768,
	 * the value libsndfile reads back from a 16-bit file */
	int sub = format & SF_FORMAT_SUBMASK;
	int fl = sub == SF_FORMAT_FLOAT || sub == SF_FORMAT_DOUBLE;
	short *il = malloc((size_t)n * channels * sizeof *il);
	float *fv = malloc((size_t)n * channels * sizeof *fv);
	for (int i = 0; i < n; i++)
		for (int c = 0; c < channels; c++) {
			il[i * channels + c] = s[i];
			fv[i * channels + c] = s[i] / 32768.0f;
		}
	if (fl)
		assert_int_equal(sf_writef_float(sf, fv, n), n);
	else
		assert_int_equal(sf_writef_short(sf, il, n), n);
	free(il);
	free(fv);
	sf_close(sf);
}

static void write_float(const char *path, int rate, const float *s, int n)
{
	SF_INFO info = { .samplerate = rate, .channels = 1,
			 .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	assert_non_null(sf);
	assert_int_equal(sf_writef_float(sf, s, n), n);
	sf_close(sf);
}

static void extract(const char *path, double f[SER_N_FEATURES])
{
	ser_err err;
	ser_extractor *x = ser_extractor_new(&err);
	assert_non_null(x);
	if (ser_extract_file(x, path, f, &err) != 0)
		fail_msg("%s", err.msg);
	ser_extractor_free(x);
}

static void same_features(const char *a, const char *b)
{
	double fa[SER_N_FEATURES], fb[SER_N_FEATURES];
	extract(a, fa);
	extract(b, fb);
	for (int k = 0; k < SER_N_FEATURES; k++)
		if (fa[k] != fb[k])
			fail_msg("%s vs %s: %s %.9g != %.9g", a, b,
				 ser_feature_names[k], fa[k], fb[k]);
}

/* 16/24-bit PCM, float WAV, FLAC 16/24, AIFF and a stereo file with two
 * identical channels: all decode to the same mono floats, so identical
 * features; Ogg/Vorbis is lossy: close */
static void formats_and_downmix(void **state)
{
	(void)state;
	int n = SR; /* 1 s */
	short *s = pcm_signal(n, SR);
	char ref[512], p[512];
	write_short(TEST_PATH(ref, "%s/pcm16.wav", test_tmp()),
		    SF_FORMAT_WAV | SF_FORMAT_PCM_16, SR, 1, s, n);
	static const struct { const char *name; int format, channels; } fmts[] = {
		{ "pcm24.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 1 },
		{ "float.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 1 },
		{ "double.wav", SF_FORMAT_WAV | SF_FORMAT_DOUBLE, 1 },
		{ "pcm16.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 1 },
		{ "pcm24.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 1 },
		{ "pcm16.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 1 },
		{ "stereo.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 2 },
		{ "quad.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 4 },
	};
	for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		write_short(TEST_PATH(p, "%s/%s", test_tmp(), fmts[i].name),
			    fmts[i].format, SR, fmts[i].channels, s, n);
		same_features(ref, p);
	}
	/* half a FLAC file: a decoding error naming it, not a short result */
	{
		char src[512], dst[512];
		FILE *in = fopen(TEST_PATH(src, "%s/pcm16.flac", test_tmp()), "rb");
		assert_non_null(in);
		static unsigned char buf[1 << 20];
		size_t len = fread(buf, 1, sizeof buf, in);
		fclose(in);
		FILE *o = fopen(TEST_PATH(dst, "%s/half.flac", test_tmp()), "wb");
		assert_non_null(o);
		assert_int_equal(fwrite(buf, 1, len / 2, o), len / 2);
		fclose(o);
		ser_err err;
		double f[SER_N_FEATURES];
		ser_extractor *x = ser_extractor_new(&err);
		assert_int_equal(ser_extract_file(x, dst, f, &err), -1);
		assert_non_null(strstr(err.msg, dst));
		ser_extractor_free(x);
	}
	/* Vorbis: lossy (and low-passed, which moves the centroid), so only
	 * level-like features agree, to a few percent */
	write_short(TEST_PATH(p, "%s/vorbis.ogg", test_tmp()),
		    SF_FORMAT_OGG | SF_FORMAT_VORBIS, SR, 1, s, n);
	double fr[SER_N_FEATURES], fo[SER_N_FEATURES];
	extract(ref, fr);
	extract(p, fo);
	for (int k = 0; k < SER_N_FEATURES; k += 2) /* the means */
		if (strstr(ser_feature_names[k], "rms") ||
		    strstr(ser_feature_names[k], "energy") ||
		    strstr(ser_feature_names[k], "loudness"))
			if (!close_enough(fo[k], fr[k], 0.05, 0))
				fail_msg("ogg %s %.9g vs wav %.9g",
					 ser_feature_names[k], fo[k], fr[k]);
	free(s);
}

/* channels are averaged: left = x, right = 0 gives the features of x / 2 */
static void downmix_averages(void **state)
{
	(void)state;
	int n = 20000;
	short *s = pcm_signal(n, SR);
	short *lr = malloc((size_t)n * 2 * sizeof *lr), *half = malloc((size_t)n * sizeof *half);
	for (int i = 0; i < n; i++) {
		short v = (short)(s[i] & ~1); /* even: x / 2 is exact */
		lr[2 * i] = v;
		lr[2 * i + 1] = 0;
		half[i] = (short)(v / 2);
	}
	char a[512], b[512];
	SF_INFO info = { .samplerate = SR, .channels = 2,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	SNDFILE *sf = sf_open(TEST_PATH(a, "%s/left.wav", test_tmp()), SFM_WRITE, &info);
	assert_non_null(sf);
	assert_int_equal(sf_writef_short(sf, lr, n), n);
	sf_close(sf);
	write_short(TEST_PATH(b, "%s/half.wav", test_tmp()),
		    SF_FORMAT_WAV | SF_FORMAT_PCM_16, SR, 1, half, n);
	same_features(a, b);
	free(s);
	free(lr);
	free(half);
}

/* the same continuous signal sampled at 48 kHz and at 44.1 kHz: after
 * resampling the features agree closely; the decoded length is right */
static float *sweep(int rate, double seconds, int *n)
{
	*n = (int)(seconds * rate);
	float *x = malloc((size_t)*n * sizeof *x);
	for (int i = 0; i < *n; i++) {
		double t = (double)i / rate;
		/* linear chirp 200 Hz -> 8 kHz plus a steady 1 kHz partial */
		x[i] = (float)(0.4 * sin(2 * M_PI * (200 * t + 0.5 * 7800 / seconds * t * t)) +
			       0.2 * sin(2 * M_PI * 1000 * t));
	}
	return x;
}

static void resamples_48k(void **state)
{
	(void)state;
	int n48, n44;
	float *x48 = sweep(48000, 1.0, &n48), *x44 = sweep(SR, 1.0, &n44);
	char a[512], b[512];
	write_float(TEST_PATH(a, "%s/sweep48.wav", test_tmp()), 48000, x48, n48);
	write_float(TEST_PATH(b, "%s/sweep44.wav", test_tmp()), SR, x44, n44);

	ser_err err;
	ser_audio *au = ser_audio_open(a, &err);
	assert_non_null(au);
	assert_int_equal(ser_audio_rate(au), 48000);
	long total = 0, got;
	float buf[3000];
	while ((got = ser_audio_read(au, buf, 3000, &err)) > 0)
		total += got;
	assert_int_equal(got, 0);
	ser_audio_close(au);
	assert_true(labs(total - n44) <= 2);

	double f48[SER_N_FEATURES], f44[SER_N_FEATURES];
	extract(a, f48);
	extract(b, f44);
	for (int k = 0; k < SER_N_FEATURES; k++) {
		/* std of a quantity that barely varies is noise: compare to
		 * the mean's scale. Skewness, kurtosis and flatness hang on
		 * the -140 dB floor (resampler vs float32 rounding): loose */
		double scale = fabs(f44[k & ~1]) + fabs(f44[k]);
		const char *nm = ser_feature_names[k];
		double tol = strstr(nm, "skew") || strstr(nm, "kurt") ||
			     strstr(nm, "flat") ? 0.3 : 1e-3;
		if (!close_enough(f48[k], f44[k], 0, tol * scale + 1e-6))
			fail_msg("48k %s %.9g vs 44.1k %.9g", nm, f48[k], f44[k]);
	}
	free(x48);
	free(x44);
}

/* framing: N >= 1024 samples give 1 + (N - 1024) / 512 frames; a short
 * signal is one zero-padded frame; block sizes do not matter */
static void framing_and_streaming(void **state)
{
	(void)state;
	ser_err err;
	ser_extractor *x = ser_extractor_new(&err);
	assert_non_null(x);
	int n = 10000;
	short *s = pcm_signal(n, SR);
	float *f = malloc((size_t)n * sizeof *f);
	for (int i = 0; i < n; i++)
		f[i] = s[i] / 32768.0f;
	double a[SER_N_FEATURES], b[SER_N_FEATURES];
	assert_int_equal(ser_extract_signal(x, f, n, "sig", a, &err), 0);
	assert_int_equal(ser_extractor_frames(x), 1 + (n - 1024) / 512);
	/* the trailing partial frame is not analysed */
	assert_int_equal(ser_extract_signal(x, f, 1024 + 511, "sig", b, &err), 0);
	assert_int_equal(ser_extractor_frames(x), 1);
	/* odd block sizes */
	ser_extractor_reset(x);
	for (int i = 0; i < n;) {
		int k = 1 + (i * 7919) % 1500;
		if (k > n - i)
			k = n - i;
		ser_extractor_push(x, f + i, k);
		i += k;
	}
	assert_int_equal(ser_extractor_finish(x, b), 0);
	assert_memory_equal(a, b, sizeof a);

	/* 700 samples == the same 700 followed by 324 zeros */
	float pad[1024] = { 0 };
	memcpy(pad, f, 700 * sizeof *f);
	assert_int_equal(ser_extract_signal(x, f, 700, "short", a, &err), 0);
	assert_int_equal(ser_extractor_frames(x), 1);
	assert_int_equal(ser_extract_signal(x, pad, 1024, "padded", b, &err), 0);
	assert_memory_equal(a, b, sizeof a);

	/* nothing, NaN */
	assert_int_equal(ser_extract_signal(x, f, 0, "empty", a, &err), -1);
	assert_non_null(strstr(err.msg, "empty: no audio frames"));
	f[77] = NAN;
	assert_int_equal(ser_extract_signal(x, f, n, "nan", a, &err), -1);
	assert_non_null(strstr(err.msg, "nan: sample 77 is NaN"));
	free(f);
	free(s);
	ser_extractor_free(x);
}

/* digital silence: spectral features undefined on every frame -> 0, never
 * NaN; a frame of silence between sound is left out of the spectral means */
static void undefined_frames_left_out(void **state)
{
	(void)state;
	ser_err err;
	ser_extractor *x = ser_extractor_new(&err);
	ser_meyda *m = ser_meyda_new(&err);
	assert_non_null(x);
	assert_non_null(m);
	float z[4096] = { 0 };
	double out[SER_N_FEATURES], v[SER_MEYDA_N];
	assert_int_equal(ser_extract_signal(x, z, 4096, "zeros", out, &err), 0);
	for (int k = 0; k < SER_N_FEATURES; k++)
		assert_true(isfinite(out[k]));
	assert_true(out[6] == 0); /* centroid_mean */
	ser_meyda_frame(m, z, v);
	assert_true(isnan(v[SER_MF_CENTROID]));
	assert_true(isnan(v[SER_MF_FLATNESS]));
	assert_true(isinf(v[SER_MF_SHARPNESS]));
	assert_true(v[SER_MF_CHROMA] == 0); /* Meyda leaves an all-zero chroma */

	/* a tone in frames 0..1 (samples < 1024), silence after: centroid
	 * mean equals the tone frames' centroid */
	float sig[8192] = { 0 };
	for (int i = 0; i < 1024; i++)
		sig[i] = (float)sin(2 * M_PI * 1000.0 * i / SR);
	double c0, c1;
	ser_meyda_frame(m, sig, v);
	c0 = v[SER_MF_CENTROID];
	ser_meyda_frame(m, sig + 512, v);
	c1 = v[SER_MF_CENTROID];
	assert_int_equal(ser_extract_signal(x, sig, 8192, "tone", out, &err), 0);
	assert_true(close_enough(out[6], (c0 + c1) / 2, 1e-12, 0));
	ser_meyda_free(m);
	ser_extractor_free(x);
}

static void welford_matches_two_pass(void **state)
{
	(void)state;
	ser_welford w;
	ser_welford_reset(&w);
	assert_true(ser_welford_std(&w) == 0);
	double x[100], s = 0, ss = 0;
	for (int i = 0; i < 100; i++) {
		x[i] = 1e6 + sin(i) * 3;
		ser_welford_add(&w, x[i]);
		s += x[i];
	}
	double mean = s / 100;
	for (int i = 0; i < 100; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	assert_true(close_enough(w.mean, mean, 1e-15, 0));
	assert_true(close_enough(ser_welford_std(&w), sqrt(ss / 100), 1e-9, 0));
}

/* audio.c's own checks, in-process */
static void audio_errors(void **state)
{
	(void)state;
	ser_err err;
	assert_null(ser_audio_open("tests/data/no-such-file.wav", &err));
	assert_non_null(strstr(err.msg, "tests/data/no-such-file.wav: No such file"));
	assert_null(ser_audio_open("tests/data/bad/notaudio.wav", &err));
	assert_non_null(strstr(err.msg, "notaudio.wav: not a readable audio file"));
	assert_null(ser_audio_open("tests/data/bad/truncated.wav", &err));
	assert_non_null(strstr(err.msg, "truncated"));
	assert_null(ser_audio_open("tests/data/bad/rate50M.wav", &err));
	assert_non_null(strstr(err.msg, "absurd header: sample rate 50000000 Hz"));
	assert_null(ser_audio_open("tests/data", &err));
	assert_non_null(strstr(err.msg, "is a directory"));
	ser_audio *a = ser_audio_open("tests/data/bad/nan.wav", &err);
	assert_non_null(a);
	float buf[8192];
	assert_int_equal(ser_audio_read(a, buf, 8192, &err), -1);
	assert_non_null(strstr(err.msg, "nan.wav: sample 1234 (channel 1) is NaN"));
	ser_audio_close(a);
	a = ser_audio_open("tests/data/bad/zero.wav", &err);
	assert_non_null(a);
	assert_int_equal(ser_audio_read(a, buf, 8192, &err), -1);
	assert_non_null(strstr(err.msg, "zero.wav: no audio frames"));
	ser_audio_close(a);
	assert_true(ser_audio_probe("tests/data/sweep.wav"));
	assert_false(ser_audio_probe("tests/data/README.md"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_meyda_golden),
		cmocka_unit_test(mp3_matches_meyda_golden),
		cmocka_unit_test(frames_match_meyda),
		cmocka_unit_test(formats_and_downmix),
		cmocka_unit_test(downmix_averages),
		cmocka_unit_test(resamples_48k),
		cmocka_unit_test(framing_and_streaming),
		cmocka_unit_test(undefined_frames_left_out),
		cmocka_unit_test(welford_matches_two_pass),
		cmocka_unit_test(audio_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
