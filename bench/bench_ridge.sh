#!/bin/sh
# bench/bench_ridge.sh - `ser cv --models ridge` (10-fold, both targets, 74
# features, alpha 1) vs scikit-learn's Ridge on the same folds of a
# 1213-row generated data set, in one run; timed as bench_cv.sh does (ser
# as a whole process, sklearn's CV loop only: the ratio favours the peer).
set -eu
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
D=bench/out/ridge
rm -rf "$D"
mkdir -p "$D"
build/ser synth-dataset --rows 1213 --seed 0 -o "$D/emo" >/dev/null
t0=$(date +%s.%N)
build/ser cv --dataset "$D/emo" --folds 10 --seed 0 --models ridge -q -p "$D/pred.csv" >"$D/ser.txt"
t1=$(date +%s.%N)
ser_s=$(awk "BEGIN { print $t1 - $t0 }")
/usr/bin/python3 bench/sklearn_cv.py "$D/emo" 10 0 "$D/pred.csv" ridge >"$D/sklearn.txt"
sk_s=$(sed -n 's/^sklearn_cv_loop_s //p' "$D/sklearn.txt")
grep '^| ridge' "$D/ser.txt" || grep -A3 'summary' "$D/ser.txt" | head -4
grep -v '^sklearn_cv_loop_s' "$D/sklearn.txt"
awk -v a="$ser_s" -v b="$sk_s" 'BEGIN { printf "ser cv (whole process) %.3f s, sklearn CV loop %.3f s, ratio sklearn/ser %.2fx\n", a, b, b / a }'
