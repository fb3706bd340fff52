/* emotion.h - words for a point on the valence-arousal plane.
 *
 * Quadrants follow the soundscape reading of the plane (valence =
 * unpleasant..pleasant on x, arousal = uneventful..eventful on y). The
 * emotion word is the term of Russell's circumplex (Russell 1980, angles of
 * his Fig. 2 scaling) whose direction is nearest to the point's; points
 * within SER_NEUTRAL_RADIUS of the origin are "neutral". */
#ifndef SER_EMOTION_H
#define SER_EMOTION_H

#include "ser/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Predictions of the shipped models scatter within ~0.3 of the origin for
 * everyday sounds; within 0.15 the direction (hence the word) flips with
 * noise, e.g. (0.0004, 0.117) is no more "tense" than "calm". */
#define SER_NEUTRAL_RADIUS 0.15
/* Where a word sits for `ser search --emotion`: its direction at this
 * distance from the origin ("neutral": the origin). */
#define SER_EMOTION_POINT_RADIUS 0.7

typedef enum ser_quadrant {
	SER_Q_PLEASANT_EVENTFUL = 0,   /* v >= 0, a >= 0 */
	SER_Q_UNPLEASANT_EVENTFUL,     /* v <  0, a >= 0 */
	SER_Q_UNPLEASANT_UNEVENTFUL,   /* v <  0, a <  0 */
	SER_Q_PLEASANT_UNEVENTFUL      /* v >= 0, a <  0 */
} ser_quadrant;

typedef struct ser_emotion_term {
	const char *word;
	double angle_deg;   /* counter-clockwise from the pleasant axis */
} ser_emotion_term;

SER_API ser_quadrant ser_quadrant_of(double valence, double arousal);
/* "pleasant-eventful", "unpleasant-eventful", "unpleasant-uneventful",
 * "pleasant-uneventful" */
SER_API const char *ser_quadrant_name(ser_quadrant q);
/* Nearest circumplex term, or "neutral" near the origin. */
SER_API const char *ser_emotion_word(double valence, double arousal);
/* The point of a word (SER_EMOTION_POINT_RADIUS along its direction;
 * "neutral": the origin). -1 for an unknown word. */
SER_API int ser_emotion_point(const char *word, double *valence, double *arousal);
/* The circumplex terms (for plots): *n receives the count. */
SER_API const ser_emotion_term *ser_emotion_terms(int *n);

#ifdef __cplusplus
}
#endif

#endif
