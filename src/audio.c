/* audio.c - libsndfile decoding, channel averaging and libsoxr
 * resampling, one block at a time; see audio.h. */
#define _POSIX_C_SOURCE 200809L
#include "ser/audio.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sndfile.h>
#include <soxr.h>
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
	/* the header's frame count is exact (not an MPEG estimate), so a
	 * stream that ends before it is truncated */
	int exact_length;
	soxr_t soxr;          /* NULL when the file is already at 44.1 kHz */
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

/* bytes per frame of the plain sample codecs (0: a compressed one) */
static int frame_bytes(const SF_INFO *info)
{
	static const struct { int sub, bytes; } w[] = {
		{ SF_FORMAT_PCM_S8, 1 }, { SF_FORMAT_PCM_U8, 1 },
		{ SF_FORMAT_PCM_16, 2 }, { SF_FORMAT_PCM_24, 3 },
		{ SF_FORMAT_PCM_32, 4 }, { SF_FORMAT_FLOAT, 4 },
		{ SF_FORMAT_DOUBLE, 8 }, { SF_FORMAT_ULAW, 1 },
		{ SF_FORMAT_ALAW, 1 },
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		if ((info->format & SF_FORMAT_SUBMASK) == w[i].sub)
			return w[i].bytes * info->channels;
	return 0;
}

/* libsndfile accepts a WAV whose data chunk claims more bytes than the file
 * holds and reads what is there; its log line "data : N (should be M)"
 * is the only trace. A declared size larger than the real one means the
 * file was cut short (streamed WAVs write 0 or 0xFFFFFFFF: not flagged).
 * Returns the frames the header promises (exact for plain samples,
 * scaled from what the file holds for a compressed codec), or 0. */
static long long header_claims_frames(SNDFILE *sf, const SF_INFO *info)
{
	char log[4096];
	sf_command(sf, SFC_GET_LOG_INFO, log, sizeof log);
	const char *p = log;
	while (p && *p) {
		unsigned long long said, is;
		char tag[8];
		if (sscanf(p, "%7s : %llu (should be %llu)", tag, &said, &is) == 3 &&
		    (!strcmp(tag, "data") || !strcmp(tag, "SSND")) && said > is &&
		    said != 0xFFFFFFFFull && said != 0x7FFFFFFFull) {
			int fb = frame_bytes(info);
			/* AIFF's SSND size counts its offset and block size */
			unsigned long long data = said - (tag[0] == 'S' ? 8 : 0);
			double f = fb ? (double)data / fb
				      : (double)info->frames * ((double)said / (double)(is ? is : 1));
			return f > (double)info->frames ? (long long)f
							: (long long)info->frames + 1;
		}
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
	long long claimed = header_claims_frames(a->sf, &a->info);
	if (claimed > 0) {
		double sr = a->info.samplerate;
		ser_fail(err, "%s: truncated: the data stops after %lld of %lld frames (%.2f of %.2f s)",
			 path, (long long)a->info.frames, claimed,
			 (double)a->info.frames / sr, (double)claimed / sr);
		goto fail;
	}
	/* libsndfile's frame count for an MPEG stream is a guess from the
	 * bit rate and file size (exact only with a Xing/Info header), so a
	 * CBR MP3 without one decodes a few hundred frames fewer than
	 * promised and is whole. There the decoder's own errors
	 * (sf_error after each read) are the test of a broken stream. */
	a->exact_length = (a->info.format & SF_FORMAT_TYPEMASK) != SF_FORMAT_MPEG;
	a->ibuf = ser_malloc((size_t)BLOCK * (size_t)a->info.channels * sizeof(float), err);
	a->mono = ser_malloc(BLOCK * sizeof(float), err);
	if (!a->ibuf || !a->mono)
		goto fail;
	if (a->info.samplerate != SER_AUDIO_RATE) {
		/* at most 256x either way (rates 173 Hz .. 10 MHz), the range
		 * ser had with libsamplerate: a "1 Hz" header would make
		 * hours of 44.1 kHz signal from every second of samples */
		double ratio = (double)SER_AUDIO_RATE / a->info.samplerate;
		if (ratio > 256 || ratio < 1.0 / 256) {
			ser_fail(err, "%s: cannot resample %d Hz to %d Hz (ratio out of range)",
				 path, a->info.samplerate, SER_AUDIO_RATE);
			goto fail;
		}
		/* very high quality: 28-bit, linear phase. The pass band goes
		 * to 99% of the 22.05 kHz Nyquist instead of VHQ's 91%: the
		 * spectral-shape features (rolloff, spread, flatness) read the
		 * top octave. 10 real sounds at 44.1 kHz, upsampled to 48 kHz
		 * and back: features 0.2% (median over the shape features)
		 * from the originals, against 2.7% at 91%; for 30% more
		 * resampler time. One thread: extraction runs one file per
		 * thread already (-j), a resampler's own pool would compete. */
		soxr_error_t e = NULL;
		soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
		soxr_quality_spec_t q = soxr_quality_spec(SOXR_VHQ, 0);
		q.passband_end = 0.99;
		soxr_runtime_spec_t rt = soxr_runtime_spec(1);
		a->soxr = soxr_create(a->info.samplerate, SER_AUDIO_RATE, 1, &e,
				      &io, &q, &rt);
		if (!a->soxr || e) {
			ser_fail(err, "%s: cannot resample %d Hz to %d Hz: %s", path,
				 a->info.samplerate, SER_AUDIO_RATE,
				 e ? e : "out of memory");
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
	soxr_delete(a->soxr);
	free(a->ibuf);
	free(a->mono);
	free(a->path);
	free(a);
}

/* The error for frame k (channels at v) whose average is not finite. */
static int bad_sample(const ser_audio *a, const float *v, long long k,
		      ser_err *err)
{
	for (int c = 0; c < a->info.channels; c++)
		if (!isfinite(v[c]))
			return ser_fail(err, "%s: sample %lld (channel %d) is %s",
					a->path, k, c + 1,
					isnan(v[c]) ? "NaN" : "infinite");
	return ser_fail(err, "%s: sample %lld: the channels sum to infinity",
			a->path, k);
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
		if (a->exact_length && a->info.frames > 0 &&
		    a->info.frames != SF_COUNT_MAX &&
		    a->frames_read < (long long)a->info.frames) {
			double sr = a->info.samplerate;
			return ser_fail(err, "%s: truncated: %lld of %lld frames decoded (%.2f of %.2f s)",
					a->path, a->frames_read,
					(long long)a->info.frames,
					(double)a->frames_read / sr,
					(double)a->info.frames / sr);
		}
		if (a->frames_read == 0)
			return ser_fail(err, a->info.frames > 0 ?
					"%s: no audio frames decoded (truncated or corrupt stream)" :
					"%s: no audio frames", a->path);
		return 0;
	}
	/* average the channels in float32, in channel order; the common
	 * layouts get loops without a branch per sample */
	const float *in = a->ibuf;
	if (ch == 1)
		memcpy(out, in, (size_t)got * sizeof *out);
	else if (ch == 2)
		for (sf_count_t i = 0; i < got; i++)
			out[i] = (in[2 * i] + in[2 * i + 1]) / 2.0f;
	else
		for (sf_count_t i = 0; i < got; i++) {
			float s = 0;
			for (int c = 0; c < ch; c++)
				s += in[i * ch + c];
			out[i] = s / (float)ch;
		}
	/* a NaN or infinite sample makes its frame's average one too: look
	 * at the channels only then */
	for (sf_count_t i = 0; i < got; i++)
		if (!isfinite(out[i]))
			return bad_sample(a, in + i * ch, a->frames_read + (long long)i,
					  err);
	a->frames_read += got;
	return (long)got;
}

long ser_audio_read(ser_audio *a, float *out, long n, ser_err *err)
{
	if (n <= 0)
		return 0;
	if (!a->soxr)
		return decode(a, out, n, err);
	for (;;) {
		if (a->mono_pos == a->mono_len && !a->eof) {
			long got = decode(a, a->mono, BLOCK, err);
			if (got < 0)
				return -1;
			a->mono_len = got;
			a->mono_pos = 0;
		}
		/* at the end, input NULL tells soxr to flush its filter */
		int last = a->eof && a->mono_pos == a->mono_len;
		size_t used = 0, made = 0;
		soxr_error_t e = soxr_process(a->soxr,
			last ? NULL : a->mono + a->mono_pos,
			last ? 0 : (size_t)(a->mono_len - a->mono_pos), &used,
			out, (size_t)n, &made);
		if (e)
			return ser_fail(err, "%s: resampler: %s", a->path, e);
		a->mono_pos += (long)used;
		if (made > 0)
			return (long)made;
		if (last)
			return 0;   /* flushed, and nothing more came out */
	}
}

/* 1 and the header in info if libsndfile opens path, 0 otherwise */
static int header(const char *path, SF_INFO *info)
{
	memset(info, 0, sizeof *info);
	SNDFILE *sf = open_sf(path, info, NULL, 0);
	if (!sf)
		return 0;
	sf_close(sf);
	return 1;
}

int ser_audio_probe(const char *path)
{
	SF_INFO info;
	return header(path, &info);
}

int ser_audio_short(const char *path, char *msg, size_t size)
{
	SF_INFO info;
	if (!header(path, &info))
		return 0;
	if (info.frames <= 0 || info.frames == SF_COUNT_MAX || info.samplerate < 1)
		return 0;
	double sec = (double)info.frames / info.samplerate;
	if (sec >= SER_AUDIO_SHORT_SECONDS)
		return 0;
	/* analysis frames of 1024 samples, hop 512, at 44.1 kHz (features.h) */
	double n = sec * SER_AUDIO_RATE;
	if (n < 1024)
		snprintf(msg, size, "%s: only %.3f s of audio, less than one "
			 "1024-sample analysis frame: its features come from one "
			 "zero-padded frame and are not reliable", path, sec);
	else
		snprintf(msg, size, "%s: only %.3f s of audio (under %.1f s): its "
			 "features come from %ld frames and are not reliable", path,
			 sec, SER_AUDIO_SHORT_SECONDS, 1 + (long)(n - 1024) / 512);
	return 1;
}
