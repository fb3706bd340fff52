#!/bin/sh
# bench/bench_cv.sh - `ser cv` (10-fold SVR CV, both targets, 74 features)
# vs scikit-learn on the same folds of a 1213-row generated data set, in
# one run. ser is timed as a whole process (loading included); sklearn's
# CV loop only (fit + predict + scores, loading excluded), so the ratio is
# conservative. Needs python3-sklearn (Debian's /usr/bin/python3).
set -eu
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
D=bench/out/cv
rm -rf "$D"
mkdir -p "$D"
build/ser synth-dataset --rows 1213 --seed 0 -o "$D/emo"
t0=$(date +%s.%N)
build/ser cv --dataset "$D/emo" --folds 10 --seed 0 -q -p "$D/pred.csv" >"$D/ser.txt"
t1=$(date +%s.%N)
ser_s=$(awk "BEGIN { print $t1 - $t0 }")
/usr/bin/python3 bench/sklearn_cv.py "$D/emo" 10 0 "$D/pred.csv" >"$D/sklearn.txt"
sk_s=$(sed -n 's/^sklearn_cv_loop_s //p' "$D/sklearn.txt")
grep '^| svr' "$D/ser.txt"
grep -v '^sklearn_cv_loop_s' "$D/sklearn.txt"
awk -v a="$ser_s" -v b="$sk_s" 'BEGIN { printf "ser cv (whole process) %.3f s, sklearn CV loop %.3f s, ratio sklearn/ser %.2fx\n", a, b, b / a }' 
