/* resample_cmp.c - bench/bench_audio.sh: libsoxr at SOXR_VHQ (what ser
 * uses) against libsamplerate's SRC_SINC_BEST_QUALITY (what it used
 * before), on the same mono signal, streamed in 4096-frame blocks as in
 * audio.c (same quality settings), CPU seconds each. Built only when
 * libsamplerate-dev is there.
 *
 *   resample_cmp RATE SECONDS      prints "soxr S", "libsamplerate S" */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <samplerate.h>
#include <soxr.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BLOCK 4096
#define OUT 8192

static double cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	int rate = atoi(argv[1]);
	long n = (long)(atof(argv[2]) * rate);
	float *x = malloc((size_t)n * sizeof *x), out[OUT];
	unsigned r = 1;
	double y = 0, sink = 0;
	for (long i = 0; i < n; i++) {   /* pink-ish noise */
		r = r * 1103515245u + 12345u;
		y = 0.99 * y + ((r >> 8) & 0xffff) / 65536.0 - 0.5;
		x[i] = (float)(0.1 * y);
	}

	double t0 = cpu();
	soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
	soxr_quality_spec_t q = soxr_quality_spec(SOXR_VHQ, 0);
	q.passband_end = 0.99;   /* as audio.c */
	soxr_runtime_spec_t rt = soxr_runtime_spec(1);
	soxr_error_t e = NULL;
	soxr_t s = soxr_create(rate, 44100, 1, &e, &io, &q, &rt);
	long pos = 0, made_all = 0;
	for (;;) {
		size_t len = pos + BLOCK <= n ? BLOCK : (size_t)(n - pos), used = 0, made = 0;
		int flush = pos >= n;   /* input NULL: drain the filter */
		soxr_process(s, flush ? NULL : x + pos, flush ? 0 : len, &used,
			     out, OUT, &made);
		pos += (long)used;
		made_all += (long)made;
		sink += made ? out[0] : 0;
		if (flush && made == 0)
			break;
	}
	soxr_delete(s);
	double t_soxr = cpu() - t0;

	t0 = cpu();
	int err = 0;
	SRC_STATE *src = src_new(SRC_SINC_BEST_QUALITY, 1, &err);
	pos = 0;
	long made2 = 0;
	for (;;) {
		long len = pos + BLOCK <= n ? BLOCK : n - pos;
		SRC_DATA d = { .data_in = x + pos, .input_frames = len,
			       .data_out = out, .output_frames = OUT,
			       .end_of_input = pos + len >= n,
			       .src_ratio = 44100.0 / rate };
		src_process(src, &d);
		pos += d.input_frames_used;
		made2 += d.output_frames_gen;
		sink += d.output_frames_gen ? out[0] : 0;
		if (d.end_of_input && d.output_frames_gen == 0)
			break;
	}
	src_delete(src);
	double t_src = cpu() - t0;
	printf("soxr %.3f %ld\nlibsamplerate %.3f %ld\n# %g\n", t_soxr, made_all,
	       t_src, made2, sink);
	free(x);
	return 0;
}
