#!/bin/sh
# bench/bench_xgb.sh - `ser cv --models xgb` (10-fold, both targets, 74
# features, ser's xgb defaults: 200 rounds, depth 4, eta 0.05, hist, one
# thread) vs the xgboost Python package (1.7.4, python3-xgboost) with the
# same parameters, the same folds and the same per-fold seeds on a
# 1213-row generated data set, in one run; timed as bench_ridge.sh does
# (ser as a whole process, the Python CV loop only: the ratio favours the
# peer). Both call the same libxgboost, so this measures what ser adds.
set -eu
cd "$(dirname "$0")/.."
dpkg-query -W -f='${Status}' python3-xgboost 2>/dev/null | grep -q "install ok installed" ||
	{ [ "$(id -u)" -eq 0 ] && apt-get install -y -qq python3-xgboost || sudo apt-get install -y -qq python3-xgboost; }
export OPENBLAS_NUM_THREADS=1
D=bench/out/xgb
rm -rf "$D"
mkdir -p "$D"
build/ser synth-dataset --rows 1213 --seed 0 -o "$D/emo" >/dev/null
# wall time and CPU time (user + sys): on a loaded machine the CPU time
# is the steadier measure of the work done
/usr/bin/time -f "%e %U %S" -o "$D/ser.time" \
	build/ser cv --dataset "$D/emo" --folds 10 --seed 0 --models xgb -q -p "$D/pred.csv" >"$D/ser.txt"
ser_s=$(awk '{ print $1 }' "$D/ser.time")
ser_cpu=$(awk '{ print $2 + $3 }' "$D/ser.time")
/usr/bin/python3 bench/sklearn_cv.py "$D/emo" 10 0 "$D/pred.csv" xgb >"$D/py.txt"
py_s=$(sed -n 's/^sklearn_cv_loop_s //p' "$D/py.txt")
py_cpu=$(sed -n 's/^sklearn_cv_loop_cpu_s //p' "$D/py.txt")
grep '^| xgb' "$D/ser.txt"
grep -v '^sklearn_cv_loop' "$D/py.txt" | sed 's/^sklearn/xgboost-python/'
awk -v a="$ser_s" -v b="$py_s" -v c="$ser_cpu" -v d="$py_cpu" 'BEGIN {
	printf "ser cv (whole process) %.2f s wall, %.2f s CPU; xgboost python CV loop %.2f s wall, %.2f s CPU\n", a, c, b, d
	printf "ratio python/ser: wall %.2fx, CPU %.2fx\n", b / a, d / c }'
