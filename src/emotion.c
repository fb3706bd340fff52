/* emotion.c - quadrant and nearest circumplex term; see emotion.h.
 *
 * Angles are read off Russell (1980), "A circumplex model of affect",
 * Fig. 2 (direct circular scaling), measured counter-clockwise from
 * "pleasure" (valence +) with "arousal" at 90 degrees. We keep one word per
 * distinct direction so neighbouring words are at least ~15 degrees apart. */
#include "ser/emotion.h"

#include <math.h>
#include <string.h>

static const ser_emotion_term terms[] = {
	{ "happy", 8 },       { "delighted", 25 },  { "excited", 49 },
	{ "astonished", 70 }, { "aroused", 74 },    { "tense", 93 },
	{ "alarmed", 96 },    { "angry", 99 },      { "afraid", 117 },
	{ "annoyed", 123 },   { "distressed", 138 }, { "frustrated", 141 },
	{ "miserable", 189 }, { "sad", 208 },       { "depressed", 210 },
	{ "bored", 242 },     { "droopy", 256 },    { "tired", 268 },
	{ "sleepy", 272 },    { "calm", 316 },      { "relaxed", 318 },
	{ "content", 323 },   { "serene", 328 },    { "glad", 353 },
};
#define N_TERMS (int)(sizeof terms / sizeof terms[0])

ser_quadrant ser_quadrant_of(double v, double a)
{
	if (a >= 0)
		return v >= 0 ? SER_Q_PLEASANT_EVENTFUL : SER_Q_UNPLEASANT_EVENTFUL;
	return v >= 0 ? SER_Q_PLEASANT_UNEVENTFUL : SER_Q_UNPLEASANT_UNEVENTFUL;
}

const char *ser_quadrant_name(ser_quadrant q)
{
	static const char *const names[] = {
		"pleasant-eventful", "unpleasant-eventful",
		"unpleasant-uneventful", "pleasant-uneventful",
	};
	return (unsigned)q < 4 ? names[q] : "unknown";
}

const char *ser_emotion_word(double v, double a)
{
	if (!(hypot(v, a) >= SER_NEUTRAL_RADIUS))  /* also catches NaN */
		return "neutral";
	double ang = atan2(a, v) * 180.0 / M_PI;
	if (ang < 0)
		ang += 360;
	int best = 0;
	double best_d = 1e9;
	for (int i = 0; i < N_TERMS; i++) {
		double d = fabs(ang - terms[i].angle_deg);
		if (d > 180)
			d = 360 - d;
		if (d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return terms[best].word;
}

const ser_emotion_term *ser_emotion_terms(int *n)
{
	*n = N_TERMS;
	return terms;
}

int ser_emotion_point(const char *word, double *v, double *a)
{
	if (!strcmp(word, "neutral")) {
		*v = *a = 0;
		return 0;
	}
	for (int i = 0; i < N_TERMS; i++)
		if (!strcmp(word, terms[i].word)) {
			double r = terms[i].angle_deg * M_PI / 180.0;
			*v = SER_EMOTION_POINT_RADIUS * cos(r);
			*a = SER_EMOTION_POINT_RADIUS * sin(r);
			return 0;
		}
	return -1;
}
