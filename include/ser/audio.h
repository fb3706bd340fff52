/* audio.h - streaming audio input: any file libsndfile decodes (WAV in all
 * its codecs, RF64, W64, AIFF, CAF, AU, FLAC, Ogg Vorbis and Opus, MP3,
 * ..., any bit depth and channel count), downmixed to mono by averaging all
 * channels and resampled to 44,100 Hz with libsoxr (very high quality,
 * SOXR_VHQ) when the file is at another rate. Memory is constant in file
 * length.
 *
 * Every error names the file: missing, unreadable, not audio, corrupt or
 * truncated (with how many frames and seconds of how many the file holds),
 * no audio frames, absurd header (channels outside 1..1024, rate outside
 * 1 Hz..10 MHz), a rate too far from 44.1 kHz to resample (under 173 Hz),
 * NaN/Inf samples (with their position).
 *
 * Truncation: where the container states the length exactly (WAV, AIFF,
 * FLAC, ...), a stream that ends early is an error. An MPEG stream's
 * length is libsndfile's estimate, so there only the decoder's own errors
 * count. */
#ifndef SER_AUDIO_H
#define SER_AUDIO_H

#include <stddef.h>

#include "ser/error.h"
#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_AUDIO_RATE 44100
#define SER_AUDIO_MAX_CHANNELS 1024
#define SER_AUDIO_MAX_RATE 10000000

typedef struct ser_audio ser_audio;

/* Open and validate the header. NULL with an error naming path. */
SER_API ser_audio *ser_audio_open(const char *path, ser_err *err);

/* Read up to n mono 44.1 kHz samples into out. Returns the number read
 * (0 at the end of the signal) or -1 on a decoding error, a truncated file
 * or a non-finite sample. A file with no frames fails on the first read. */
SER_API long ser_audio_read(ser_audio *a, float *out, long n, ser_err *err);

/* What the file header says (before downmix/resampling). */
SER_API int ser_audio_channels(const ser_audio *a);
SER_API int ser_audio_rate(const ser_audio *a);
SER_API long long ser_audio_frames(const ser_audio *a);
/* Fraction of the file decoded so far, in [0, 1] (0 when the header does
 * not say how long the file is). */
SER_API double ser_audio_progress(const ser_audio *a);

SER_API void ser_audio_close(ser_audio *a);

/* 1 if libsndfile recognises path as audio, 0 otherwise (never an error):
 * how directory scans pick their files. */
SER_API int ser_audio_probe(const char *path);

#ifdef __cplusplus
}
#endif

/* Files shorter than this get a warning (ser extract, predict, train
 * --audio): a feature's mean and std over fewer than ~40 frames of 23 ms
 * say little about a sound, and a file under one frame (1024 samples,
 * 23 ms) is analysed as one zero-padded frame. They are still extracted:
 * Meyda gives them values too, and UI sounds of 0.1-0.3 s are real. */
#define SER_AUDIO_SHORT_SECONDS 0.5

/* 1 and a one-line warning naming path in msg if the header says the file
 * is shorter than SER_AUDIO_SHORT_SECONDS; 0 otherwise (also when it
 * cannot be opened or does not say its length). */
SER_API int ser_audio_short(const char *path, char *msg, size_t size);

#endif
