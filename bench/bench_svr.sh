#!/bin/sh
# bench/bench_svr.sh - full 10-fold SVR CV (both targets, Protocol A
# parameters) on a generated 1213 x 74 data set: ser vs scikit-learn's SVR
# (libsvm) in the same run, predictions compared.
#
# Data and folds come from bench/sklearn_svr_cv.py (KFold(10, shuffle,
# random_state=0)); ser runs through bench/svr_cv.c, which trains every fold
# from one shared ser_svr_kernel as `ser cv` does. Times are of the CV loop
# (fit + predict of 20 models), loading excluded, best of $REPS runs each;
# wall times of the whole processes are printed too.
set -eu
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
OUT=bench/out
REPS=${REPS:-3}
mkdir -p "$OUT"
$PY -c 'import sklearn' 2>/dev/null || {
	echo "bench_svr: needs python3-sklearn (apt-get install python3-sklearn)" >&2
	exit 1
}
make -s all
${CC:-cc} -O2 -std=c11 -Iinclude -o "$OUT/svr_cv" bench/svr_cv.c build/libser.a \
	$(pkg-config --libs openblas) -lcsv -lm
$PY bench/sklearn_svr_cv.py gen "$OUT/svr_data.csv" 1213 0

best() { sort -g | head -1; }
now() { date +%s.%N; }
: >"$OUT/svr_ser.txt"
: >"$OUT/svr_sk.txt"
for r in $(seq "$REPS"); do
	t0=$(now)
	"$OUT/svr_cv" "$OUT/svr_data.csv" "$OUT/svr_pred_ser.csv" >>"$OUT/svr_ser.txt"
	t1=$(now)
	$PY bench/sklearn_svr_cv.py cv "$OUT/svr_data.csv" "$OUT/svr_pred_sk.csv" >>"$OUT/svr_sk.txt"
	t2=$(now)
	echo "run $r wall: ser $(echo "$t1 - $t0" | bc) s, sklearn $(echo "$t2 - $t1" | bc) s"
done
"$OUT/svr_cv" "$OUT/svr_data.csv" "$OUT/svr_pred_pf.csv" --per-fold-kernel >"$OUT/svr_pf.txt"
ser=$(awk '{print $2}' "$OUT/svr_ser.txt" | best)
sk=$(awk '{print $2}' "$OUT/svr_sk.txt" | best)
pf=$(awk '{print $2}' "$OUT/svr_pf.txt")
echo "10-fold SVR CV, 1213 x 74, arousal + valence (20 fits), best of $REPS:"
echo "  ser      $ser s  (n_SV total $(awk '{print $4}' "$OUT/svr_ser.txt" | head -1), SMO iterations $(awk '{print $6}' "$OUT/svr_ser.txt" | head -1))"
echo "  ser, kernel recomputed per fit: $pf s"
echo "  sklearn  $sk s  (n_SV total $(awk '{print $4}' "$OUT/svr_sk.txt" | head -1))"
echo "  ratio sklearn/ser: $(echo "scale=2; $sk / $ser" | bc)x"
$PY bench/sklearn_svr_cv.py cmp "$OUT/svr_pred_ser.csv" "$OUT/svr_pred_sk.csv" | sed 's/^/  ser vs sklearn /'
