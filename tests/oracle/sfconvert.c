/* sfconvert.c - rewrite an audio file in another libsndfile format, for
 * tests/oracle/make_formats.sh (test files of every container and codec)
 * and for the MP3 Meyda golden (libsndfile's own offline decode of an MP3
 * as a float WAV: the samples ser reads, handed to Meyda).
 *
 *   sfconvert IN OUT FORMAT      FORMAT: container:codec, e.g. wav:ulaw
 *
 * Samples go through float (sf_readf_float / sf_writef_float), as ser
 * reads them: exact for 8..24-bit PCM. A 6-channel output gets the 5.1
 * channel map (WAVEX/CAF write it into the header). Not part of ser. */
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; int v; } majors[] = {
	{ "wav", SF_FORMAT_WAV }, { "wavex", SF_FORMAT_WAVEX },
	{ "rf64", SF_FORMAT_RF64 }, { "w64", SF_FORMAT_W64 },
	{ "aiff", SF_FORMAT_AIFF }, { "au", SF_FORMAT_AU },
	{ "caf", SF_FORMAT_CAF }, { "flac", SF_FORMAT_FLAC },
	{ "ogg", SF_FORMAT_OGG },
}, subs[] = {
	{ "u8", SF_FORMAT_PCM_U8 }, { "s8", SF_FORMAT_PCM_S8 },
	{ "pcm16", SF_FORMAT_PCM_16 }, { "pcm24", SF_FORMAT_PCM_24 },
	{ "pcm32", SF_FORMAT_PCM_32 }, { "float", SF_FORMAT_FLOAT },
	{ "double", SF_FORMAT_DOUBLE }, { "ulaw", SF_FORMAT_ULAW },
	{ "alaw", SF_FORMAT_ALAW }, { "ima", SF_FORMAT_IMA_ADPCM },
	{ "ms", SF_FORMAT_MS_ADPCM }, { "vorbis", SF_FORMAT_VORBIS },
	{ "opus", SF_FORMAT_OPUS }, { "alac16", SF_FORMAT_ALAC_16 },
};

static int lookup(const char *s, size_t len, int major)
{
	size_t n = major ? sizeof majors / sizeof majors[0]
			 : sizeof subs / sizeof subs[0];
	for (size_t i = 0; i < n; i++) {
		const char *nm = major ? majors[i].name : subs[i].name;
		if (strlen(nm) == len && !strncmp(nm, s, len))
			return major ? majors[i].v : subs[i].v;
	}
	fprintf(stderr, "sfconvert: unknown %s '%.*s'\n",
		major ? "container" : "codec", (int)len, s);
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc != 4 || !strchr(argv[3], ':')) {
		fprintf(stderr, "usage: sfconvert IN OUT CONTAINER:CODEC\n");
		return 2;
	}
	const char *colon = strchr(argv[3], ':');
	SF_INFO in = { 0 };
	SNDFILE *a = sf_open(argv[1], SFM_READ, &in);
	if (!a) {
		fprintf(stderr, "sfconvert: %s: %s\n", argv[1], sf_strerror(NULL));
		return 1;
	}
	SF_INFO out = { .samplerate = in.samplerate, .channels = in.channels,
		.format = lookup(argv[3], (size_t)(colon - argv[3]), 1) |
			  lookup(colon + 1, strlen(colon + 1), 0) };
	SNDFILE *b = sf_open(argv[2], SFM_WRITE, &out);
	if (!b) {
		fprintf(stderr, "sfconvert: %s: %s\n", argv[2], sf_strerror(NULL));
		return 1;
	}
	if (in.channels == 6) {
		int map[6] = { SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT,
			SF_CHANNEL_MAP_CENTER, SF_CHANNEL_MAP_LFE,
			SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT };
		sf_command(b, SFC_SET_CHANNEL_MAP_INFO, map, sizeof map);
	}
	float *buf = malloc(4096 * sizeof(float) * (size_t)in.channels);
	sf_count_t got;
	while ((got = sf_readf_float(a, buf, 4096)) > 0)
		if (sf_writef_float(b, buf, got) != got) {
			fprintf(stderr, "sfconvert: %s: %s\n", argv[2], sf_strerror(b));
			return 1;
		}
	if (sf_error(a)) {
		fprintf(stderr, "sfconvert: %s: %s\n", argv[1], sf_strerror(a));
		return 1;
	}
	free(buf);
	sf_close(a);
	return sf_close(b) ? 1 : 0;
}
