#!/bin/sh
# bench/bench_svr.sh - full 10-fold SVR CV (both targets, the thesis's
# Protocol A parameters) on a generated 1213 x 74 data set: ser vs
# scikit-learn's SVR (libsvm) in the same run, predictions compared.
#
# Data: `ser synth-dataset --rows 1213 --seed 0` (the Emo-Soundscapes
# layout), 74 THESIS.md columns.
#  1. library: bench/svr_cv.c on build/libser.a (all folds share one
#     ser_svr_kernel) vs bench/sklearn_svr_cv.py, same KFold(10, shuffle,
#     random_state=0) folds, time of the CV loop (fit + predict of 20
#     models, loading excluded), best of $REPS alternating runs.
#  2. `ser cv` (when built): whole process, loading and report included,
#     vs sklearn refitted on the folds ser printed (its CV loop only), so
#     that ratio is conservative.
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
rm -rf "$OUT/svr_emo"
build/ser synth-dataset --rows 1213 --seed 0 -o "$OUT/svr_emo" >/dev/null
$PY bench/sklearn_svr_cv.py emo2csv "$OUT/svr_emo" "$OUT/svr_data.csv" 0

best() { sort -g | head -1; }
now() { date +%s.%N; }
: >"$OUT/svr_ser.txt"
: >"$OUT/svr_sk.txt"
for r in $(seq "$REPS"); do
	"$OUT/svr_cv" "$OUT/svr_data.csv" "$OUT/svr_pred_ser.csv" >>"$OUT/svr_ser.txt"
	$PY bench/sklearn_svr_cv.py cv "$OUT/svr_data.csv" "$OUT/svr_pred_sk.csv" >>"$OUT/svr_sk.txt"
done
"$OUT/svr_cv" "$OUT/svr_data.csv" "$OUT/svr_pred_pf.csv" --per-fold-kernel >"$OUT/svr_pf.txt"
ser=$(awk '{print $2}' "$OUT/svr_ser.txt" | best)
sk=$(awk '{print $2}' "$OUT/svr_sk.txt" | best)
pf=$(awk '{print $2}' "$OUT/svr_pf.txt")
echo "10-fold SVR CV, 1213 x 74, arousal + valence (20 fits), best of $REPS:"
echo "  ser (libser)  $ser s  (n_SV total $(awk '{print $4}' "$OUT/svr_ser.txt" | head -1), SMO iterations $(awk '{print $6}' "$OUT/svr_ser.txt" | head -1))"
echo "  ser, kernel recomputed per fit: $pf s"
echo "  sklearn       $sk s  (n_SV total $(awk '{print $4}' "$OUT/svr_sk.txt" | head -1))"
echo "  ratio sklearn/ser: $(echo "scale=2; $sk / $ser" | bc)x"
$PY bench/sklearn_svr_cv.py cmp "$OUT/svr_pred_ser.csv" "$OUT/svr_pred_sk.csv" | sed 's/^/  ser vs sklearn /'

if build/ser cv --help 2>/dev/null | grep -q -- --predictions; then
	t0=$(now)
	build/ser cv --dataset "$OUT/svr_emo" --folds 10 --seed 0 -q \
		--predictions "$OUT/svr_cv_pred.csv" >"$OUT/svr_cv_report.txt"
	t1=$(now)
	s=$(echo "$t1 - $t0" | bc)
	$PY bench/sklearn_svr_cv.py sercv "$OUT/svr_emo" "$OUT/svr_cv_pred.csv" >"$OUT/svr_cv_sk.txt"
	k=$(awk '/sklearn_seconds/ {print $2}' "$OUT/svr_cv_sk.txt")
	echo "ser cv --dataset (whole process) $s s, sklearn on ser's folds $k s, ratio $(echo "scale=2; $k / $s" | bc)x"
	sed -n 's/^max_abs_pred_diff/  ser cv vs sklearn max_abs_pred_diff/p' "$OUT/svr_cv_sk.txt"
else
	echo "(ser cv not built yet: the \`ser cv\` comparison is skipped)"
fi
