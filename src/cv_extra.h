/* cv_extra.h - the parts of the cv reports that nested CV (tune) and
 * permutation importance add (cv_report_extra.c); internal. */
#ifndef SER_CV_EXTRA_H
#define SER_CV_EXTRA_H

#include <cJSON.h>
#include <stdio.h>

#include "ser/cv.h"

/* Text: the chosen point of every outer fold, and the importance table
 * (features by mean drop, largest first). Nothing when neither ran. */
void cv_extra_text(const ser_cv_result *r, const ser_dataset *ds, FILE *fp);

/* JSON, under results.MODEL.TARGET: "chosen":[{..},..] (one per outer
 * fold) and "importance":{"FEATURE":{"mean":x,"std":x},..} in feature
 * order. 0, or -1 when out of memory. */
int cv_extra_json(const ser_cv_result *r, const ser_dataset *ds, int m,
		  int t, cJSON *to, ser_err *err);

/* Features of model m, target t sorted by mean importance (largest
 * first) into order[0..d). */
void cv_extra_rank(const ser_cv_result *r, int m, int t, int *order);

#endif
