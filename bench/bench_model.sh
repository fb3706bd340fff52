#!/bin/sh
# bench/bench_model.sh - ser predict --features-csv vs TensorFlow.js (the
# thesis app's runtime) predicting the thesis's two MLPs on the same rows,
# timed in the same run. Rows: the fixture's 9 Normalized_Features rows
# repeated to N (default 20000) with distinct names. Both sides load the
# models, parse the CSV, predict both targets and write a CSV; the outputs
# are compared to 1e-5.
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
N=${N:-20000}
FIX="$SHARED/fixtures/emo-soundscapes-mini/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv"
mkdir -p bench/out
[ -d tests/oracle/tfjs/node_modules/@tensorflow/tfjs ] ||
	(cd tests/oracle/tfjs && npm ci --no-audit --no-fund >/dev/null)
make -s build/ser
big=bench/out/model_rows.csv
tr '\r' '\n' <"$FIX" | awk -v n="$N" 'NR == 1 { print; next } NF { r[++k] = $0 }
	END { for (i = 0; i < n; i++) { s = r[i % k + 1]; sub(/\.wav,/, "_" i ".wav,", s); print s } }' >"$big"
build/ser import --tfjs-valence "$SHARED/thesis-models/valence" \
	--tfjs-arousal "$SHARED/thesis-models/arousal" -o bench/out/thesis.ser

now() { date +%s.%N; }
t0=$(now)
OPENBLAS_NUM_THREADS=1 build/ser predict -q -m bench/out/thesis.ser --features-csv "$big" -o bench/out/model_ser.csv
t1=$(now)
node bench/tfjs_predict.js "$SHARED" "$big" bench/out/model_tfjs.csv
t2=$(now)
awk -F, 'NR == FNR { v[FNR] = $2; a[FNR] = $3; next }
	FNR > 1 { d = $2 - v[FNR]; if (d < 0) d = -d; if (d > m) m = d
		  d = $3 - a[FNR]; if (d < 0) d = -d; if (d > m) m = d }
	END { printf "max |ser - tfjs| = %.2g\n", m; exit m > 1e-5 }' \
	bench/out/model_tfjs.csv bench/out/model_ser.csv
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$N" 'BEGIN {
	s = b - a; p = c - b
	printf "predict %d rows x 2 targets: ser %.3f s, tf.js (node, cpu) %.3f s, ratio tf.js/ser %.1f\n", n, s, p, p / s }'

# ---- ser train --model svr vs scikit-learn on a full-size synthetic set ----
syn=bench/out/model_synth
[ -d "$syn" ] || build/ser synth-dataset --rows 1213 --seed 1 -o "$syn" >/dev/null
t0=$(now)
OPENBLAS_NUM_THREADS=1 build/ser train -q --dataset "$syn" --model svr -o bench/out/synth_svr.ser
OPENBLAS_NUM_THREADS=1 build/ser predict -q -m bench/out/synth_svr.ser \
	--features-csv "$(find "$syn" -name Normalized_Features.csv | head -1)" -o bench/out/train_ser.csv
t1=$(now)
fit=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/sklearn_train.py "$syn" bench/out/train_sklearn.csv)
t2=$(now)
awk -F, 'NR == FNR { v[$1] = $2; a[$1] = $3; next }
	FNR > 1 && ($1 in v) { d = $2 - v[$1]; if (d < 0) d = -d; if (d > m) m = d
		  d = $3 - a[$1]; if (d < 0) d = -d; if (d > m) m = d }
	END { printf "train: max |ser - sklearn| prediction = %.2g\n", m }' \
	bench/out/train_sklearn.csv bench/out/train_ser.csv
awk -v a="$t0" -v b="$t1" -v c="$t2" -v f="$fit" 'BEGIN {
	s = b - a; p = c - b
	printf "train svr (2 targets, 1213 rows) + predict: ser %.3f s (whole commands), sklearn %.3f s whole / %.3f s fit+predict only; ratio sklearn/ser %.1f whole, %.1f fit-only\n", s, p, f, p / s, f / s }'
