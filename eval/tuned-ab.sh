#!/bin/sh
# eval/tuned-ab.sh - the tuned A/B: SVR vs MLP, each tuned on the training
# rows of every outer fold (nested CV), so the comparison is of the two
# models at their best rather than at hand-picked settings:
#
#   eval/tuned-ab.sh DIR [SEED] [OUT]
#
# DIR: an Emo-Soundscapes root (or `ser synth-dataset -o DIR`). Runs from
# any directory; writes into OUT (default ./tuned-ab):
# 1. tune.txt, tune/  `ser tune` of both grids on all rows (5 folds): the
#    score of every point and a heat map per model and target - what the
#    grids look like, not an estimate of performance (the best of a grid
#    is optimistic);
# 2. ab.txt, ab/  `ser cv --tune` (10 outer folds, 5 inner) with
#    permutation importance: each outer fold's chosen points, the outer
#    scores and the paired statistics of the TUNED models (read the
#    corrected t-test p), and the HTML report (add --json to the ser cv
#    line below for a machine-readable copy).
# docs/ab.md ("Tuning") explains how to read both. Needs build/ser (`make`)
# and gnuplot. Prints its running time.
set -eu
if [ $# -lt 1 ]; then
	sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 2
fi
DIR=$(cd "$1" && pwd)
SEED=${2:-0}
OUT=${3:-tuned-ab}
HERE=$(cd "$(dirname "$0")/.." && pwd)
SER=${SER:-$HERE/build/ser}
[ -x "$SER" ] || { echo "tuned-ab: $SER not built (run make)" >&2; exit 1; }
mkdir -p "$OUT"
t0=$(date +%s)

# the grids: SVR's C on a log scale and gamma around 1/74 (the thesis's
# 'auto'); the MLP's dropout and two layer shapes
SVR="--svr-C 2^-1..2^2 --svr-gamma 0.005,0.0135,0.03"
MLP="--mlp-dropout 0.1,0.3 --mlp-layers 50,20/100,50"

echo "== ser tune: both grids on all rows (5 folds, seed $SEED)"
# shellcheck disable=SC2086
"$SER" tune --dataset "$DIR" --models svr,mlp $SVR $MLP --seed "$SEED" \
	--report "$OUT/tune" >"$OUT/tune.txt"
grep '^best ' "$OUT/tune.txt"

echo "== ser cv --tune: nested CV, 10 outer x 5 inner folds, with importance"
# shellcheck disable=SC2086
"$SER" cv --dataset "$DIR" --models svr,mlp --tune --inner-folds 5 \
	$SVR $MLP --seed "$SEED" --importance --report "$OUT/ab" >"$OUT/ab.txt"
sed -n '/^| model | features/,/^$/p' "$OUT/ab.txt"
sed -n '/^Paired A\/B/,/^$/p; /^| target  | metric/,/^$/p' "$OUT/ab.txt"
echo "reports: $OUT/tune/index.html $OUT/ab/index.html"
echo "took $(( $(date +%s) - t0 )) s"
