/* audio.c - libsndfile decoding, channel averaging and libsamplerate
 * resampling, one block at a time; see audio.h. */
#define _POSIX_C_SOURCE 200809L
#include "ser/audio.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* frames decoded per sf_readf_float call: 4096 * channels floats */
#define BLOCK 4096

struct ser_audio {
	char *path;
	SNDFILE *sf;
	SF_INFO info;
	float *ibuf;          /* interleaved block, BLOCK * channels */
	float *mono;          /* downmixed block awaiting the resampler */
	long mono_len, mono_pos;
	long long frames_read;
	int eof;              /* the decoder has no more frames */
	SRC_STATE *src;       /* NULL when the file is already at 44.1 kHz */
	double ratio;
};

int ser_audio_channels(const ser_audio *a) { return a->info.channels; }
int ser_audio_rate(const ser_audio *a) { return a->info.samplerate; }
long long ser_audio_frames(const ser_audio *a) { return (long long)a->info.frames; }

double ser_audio_progress(const ser_audio *a)
{
	if (a->info.frames <= 0 || a->info.frames == SF_COUNT_MAX)
		return 0;
	double f = (double)a->frames_read / (double)a->info.frames;
	return f < 1 ? f : 1;
}

/* libsndfile says why sf_open failed only through a process-wide variable
 * (sf_strerror(NULL)), which every sf_open - failed or not - in another
 * extraction thread overwrites: at -j 8, about 1 bad file in 20 was
 * reported as "not a readable audio file (No Error.)" or with another
 * file's reason. So libser's sf_open calls and the reading of their error
 * go under one lock; it guards libsndfile's global, libser keeps none. */
static pthread_mutex_t sf_open_lock = PTHREAD_MUTEX_INITIALIZER;

/* sf_open for reading; on failure, why (if not NULL) gets the reason. */
static SNDFILE *open_sf(const char *path, SF_INFO *info, char *why,
			size_t size)
{
	pthread_mutex_lock(&sf_open_lock);
	SNDFILE *sf = sf_open(path, SFM_READ, info);
	if (!sf && why)
		snprintf(why, size, "%s", sf_strerror(NULL));
	pthread_mutex_unlock(&sf_open_lock);
	return sf;
}

/* libsndfile accepts a WAV whose data chunk claims more bytes than the file
 * holds and reads what is there; its log line "data : N (should be M)"
 * is the only trace. A declared size larger than the real one means the
 * file was cut short (streamed WAVs write 0 or 0xFFFFFFFF: not flagged). */
static int header_claims_more(SNDFILE *sf)
{
	char log[4096];
	sf_command(sf, SFC_GET_LOG_INFO, log, sizeof log);
	const char *p = log;
	while (p && *p) {
		unsigned long long said, is;
		char tag[8];
		if (sscanf(p, "%7s : %llu (should be %llu)", tag, &said, &is) == 3 &&
		    (!strcmp(tag, "data") || !strcmp(tag, "SSND")) && said > is &&
		    said != 0xFFFFFFFFull && said != 0x7FFFFFFFull)
			return 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

ser_audio *ser_audio_open(const char *path, ser_err *err)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		ser_fail(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		ser_fail(err, "%s: is a directory", path);
		return NULL;
	}
	/* fopen first: libsndfile's message for a missing/unreadable file is
	 * a global and less precise than errno */
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		ser_fail(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	fclose(fp);
	if (st.st_size == 0) {
		ser_fail(err, "%s: empty file (no audio frames)", path);
		return NULL;
	}
	ser_audio *a = ser_calloc(1, sizeof *a, err);
	if (!a)
		return NULL;
	a->path = ser_strdup(path, err);
	if (!a->path)
		goto fail;
	char why[256];
	a->sf = open_sf(path, &a->info, why, sizeof why);
	if (!a->sf) {
		ser_fail(err, "%s: not a readable audio file (%s)", path, why);
		goto fail;
	}
	if (a->info.channels < 1 || a->info.channels > SER_AUDIO_MAX_CHANNELS) {
		ser_fail(err, "%s: absurd header: %d channels", path,
			 a->info.channels);
		goto fail;
	}
	if (a->info.samplerate < 1 || a->info.samplerate > SER_AUDIO_MAX_RATE) {
		ser_fail(err, "%s: absurd header: sample rate %d Hz", path,
			 a->info.samplerate);
		goto fail;
	}
	if (header_claims_more(a->sf)) {
		ser_fail(err, "%s: truncated: the header promises more audio than the file holds",
			 path);
		goto fail;
	}
	a->ibuf = ser_malloc((size_t)BLOCK * (size_t)a->info.channels * sizeof(float), err);
	a->mono = ser_malloc(BLOCK * sizeof(float), err);
	if (!a->ibuf || !a->mono)
		goto fail;
	if (a->info.samplerate != SER_AUDIO_RATE) {
		int e = 0;
		a->ratio = (double)SER_AUDIO_RATE / a->info.samplerate;
		if (!src_is_valid_ratio(a->ratio)) {
			ser_fail(err, "%s: cannot resample %d Hz to %d Hz (ratio out of range)",
				 path, a->info.samplerate, SER_AUDIO_RATE);
			goto fail;
		}
		a->src = src_new(SRC_SINC_BEST_QUALITY, 1, &e);
		if (!a->src) {
			ser_fail(err, "%s: resampler: %s", path, src_strerror(e));
			goto fail;
		}
	}
	return a;
fail:
	ser_audio_close(a);
	return NULL;
}

void ser_audio_close(ser_audio *a)
{
	if (!a)
		return;
	if (a->sf)
		sf_close(a->sf);
	if (a->src)
		src_delete(a->src);
	free(a->ibuf);
	free(a->mono);
	free(a->path);
	free(a);
}

/* Decode up to n frames and average the channels into out. Returns the
 * count, 0 at the end, -1 on error. */
static long decode(ser_audio *a, float *out, long n, ser_err *err)
{
	if (a->eof)
		return 0;
	int ch = a->info.channels;
	if (n > BLOCK)
		n = BLOCK;
	sf_count_t got = sf_readf_float(a->sf, a->ibuf, n);
	if (got < 0 || sf_error(a->sf) != SF_ERR_NO_ERROR)
		return ser_fail(err, "%s: corrupt audio: %s", a->path,
				sf_strerror(a->sf));
	if (got == 0) {
		a->eof = 1;
		/* frames is known up front for most formats; fewer frames than
		 * promised means the stream broke off */
		if (a->info.frames > 0 && a->info.frames != SF_COUNT_MAX &&
		    a->frames_read < (long long)a->info.frames)
			return ser_fail(err, "%s: truncated: %lld of %lld frames decoded",
					a->path, a->frames_read,
					(long long)a->info.frames);
		if (a->frames_read == 0)
			return ser_fail(err, a->info.frames > 0 ?
					"%s: no audio frames decoded (truncated or corrupt stream)" :
					"%s: no audio frames", a->path);
		return 0;
	}
	const float *in = a->ibuf;
	for (sf_count_t i = 0; i < got; i++) {
		float s = 0;
		for (int c = 0; c < ch; c++) {
			float v = in[i * ch + c];
			if (!isfinite(v))
				return ser_fail(err, "%s: sample %lld (channel %d) is %s",
						a->path, a->frames_read + (long long)i,
						c + 1, isnan(v) ? "NaN" : "infinite");
			s += v;
		}
		out[i] = ch == 1 ? s : s / (float)ch;
	}
	a->frames_read += got;
	return (long)got;
}

long ser_audio_read(ser_audio *a, float *out, long n, ser_err *err)
{
	if (n <= 0)
		return 0;
	if (!a->src)
		return decode(a, out, n, err);
	for (;;) {
		if (a->mono_pos == a->mono_len && !a->eof) {
			long got = decode(a, a->mono, BLOCK, err);
			if (got < 0)
				return -1;
			a->mono_len = got;
			a->mono_pos = 0;
		}
		SRC_DATA d = {
			.data_in = a->mono + a->mono_pos,
			.input_frames = a->mono_len - a->mono_pos,
			.data_out = out,
			.output_frames = n,
			.end_of_input = a->eof,
			.src_ratio = a->ratio,
		};
		int e = src_process(a->src, &d);
		if (e)
			return ser_fail(err, "%s: resampler: %s", a->path,
					src_strerror(e));
		a->mono_pos += d.input_frames_used;
		if (d.output_frames_gen > 0)
			return d.output_frames_gen;
		if (a->eof && d.input_frames_used == 0)
			return 0;
	}
}

int ser_audio_probe(const char *path)
{
	SF_INFO info;
	memset(&info, 0, sizeof info);
	SNDFILE *sf = open_sf(path, &info, NULL, 0);
	if (!sf)
		return 0;
	sf_close(sf);
	return 1;
}
