/* dataset.h - labelled feature tables: the Emo-Soundscapes layout, or a
 * generic features CSV + labels CSV. Ratings are aligned to features BY FILE
 * NAME; names missing on either side are reported. */
#ifndef SER_DATASET_H
#define SER_DATASET_H

#include "ser/error.h"

typedef enum ser_target { SER_VALENCE = 0, SER_AROUSAL = 1 } ser_target;
#define SER_N_TARGETS 2
extern const char *const ser_target_names[SER_N_TARGETS]; /* "valence","arousal" */

/* Feature-space tag of the data set's MIRtoolbox/YAAFE features. */
#define SER_SPACE_EMO "emo-soundscapes-normalized"

typedef struct ser_dataset {
	int n, d;
	char **files;       /* n file names (as in the tables) */
	char **feat_names;  /* d column names */
	double *X;          /* n * d, row-major */
	double *y[SER_N_TARGETS]; /* ratings in [-1, 1]; NULL when absent */
	char space[64];     /* feature-space tag */
} ser_dataset;

void ser_dataset_free(ser_dataset *ds);

#endif
