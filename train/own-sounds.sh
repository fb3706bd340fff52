#!/bin/sh
# train/own-sounds.sh LABELS.csv [MODEL.ser]
#
# Retrain on your own labelled sounds in one command. LABELS.csv has the
# header file,valence,arousal (ratings in [-1, 1]) and audio paths relative
# to its own directory. ser extracts the 74 features of every file (cached
# in LABELS.csv's folder as .ser-features.ser-robust-v1.csv, one cache per
# data folder and feature space,
# whatever the model, so reruns only extract new or changed files),
# cross-validates SVR and MLP on the same folds (the fair A/B), then trains
# the SVR on everything. The model is in ser's own feature space
# (ser-robust-v1), so `ser predict -m MODEL.ser SOUNDS/` is calibrated to
# your labels. Runs from any directory; relative paths are relative to
# the current one. CACHE=FILE puts the feature cache elsewhere (for a
# read-only data folder).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 LABELS.csv [MODEL.ser]" >&2; exit 2; }
ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
SER=${SER:-$ROOT/build/ser}
SEED=${SEED:-0}
labels=$1
model=${2:-my-sounds.ser}
feats=${CACHE:-$(dirname -- "$labels")/.ser-features.ser-robust-v1.csv}

# train first: it extracts (and caches) the features that cv then reuses
"$SER" train --labels "$labels" --audio --model svr --seed "$SEED" \
	--cache "$feats" -o "$model"
"$SER" cv --features-csv "$feats" --labels "$labels" --models svr,mlp \
	--folds "${FOLDS:-10}" --seed "$SEED"
echo "model: $model (try: $SER predict -m $model --plot va.png SOUNDS/)"
