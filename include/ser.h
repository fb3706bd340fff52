/* ser.h - all of libser: `#include <ser.h>` and link with
 * `pkg-config --cflags --libs ser`. Every libser function that can fail
 * takes a ser_err * last (error.h); README.md "Using libser from C" and
 * examples/predict.c show the calls a program needs to predict audio files.
 * tests/cli/test_api.sh checks that this includes every include/ser/ header. */
#ifndef SER_H
#define SER_H

#include "ser/audio.h"
#include "ser/audiofiles.h"
#include "ser/cv.h"
#include "ser/dataset.h"
#include "ser/emotion.h"
#include "ser/error.h"
#include "ser/export.h"
#include "ser/features.h"
#include "ser/folds.h"
#include "ser/grid.h"
#include "ser/meta.h"
#include "ser/metrics.h"
#include "ser/mlp.h"
#include "ser/model.h"
#include "ser/outfile.h"
#include "ser/plot.h"
#include "ser/pool.h"
#include "ser/predict.h"
#include "ser/ranges.h"
#include "ser/rng.h"
#include "ser/stats.h"
#include "ser/svr.h"
#include "ser/synth.h"
#include "ser/table.h"
#include "ser/tfjs.h"
#include "ser/train.h"
#include "ser/tune.h"
#include "ser/version.h"
#include "ser/family.h"
#include "ser/report.h"
#include "ser/index.h"

#endif
