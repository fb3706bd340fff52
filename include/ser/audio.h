/* audio.h - streaming audio input: any file libsndfile decodes (wav, flac,
 * ogg/vorbis, aiff, ..., any bit depth), downmixed to mono by averaging all
 * channels and resampled to 44,100 Hz with libsamplerate (best quality)
 * when the file is at another rate. Memory is constant in file length.
 *
 * Every error names the file: missing, unreadable, not audio, corrupt or
 * truncated, no audio frames, absurd header (channels outside 1..1024, rate
 * outside 1 Hz..10 MHz), NaN/Inf samples (with their position). */
#ifndef SER_AUDIO_H
#define SER_AUDIO_H

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

#endif
