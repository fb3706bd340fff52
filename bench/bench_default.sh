#!/bin/sh
# bench/bench_default.sh - building and using the default model.
#  1. the reference ranges: `ser import --ranges FEATURES.csv` (CSV parse +
#     per-feature 5th/95th percentiles + model write) vs numpy (csv module
#     + np.percentile, the oracle's method) on the same rows, timed in the
#     same run; the ranges are compared to 1e-12 (relative).
#     Rows: the reference corpus's features (build/corpus/features.csv,
#     from models/make-default.sh; else tests/golden/meyda_features.csv)
#     repeated to N (default 20000).
#  2. `ser predict` with the default model on the corpus audio, end to end
#     (decode, extract, normalize, both networks): throughput against the
#     audio's duration (there is no peer: the thesis app cannot do this
#     without batch-dependent answers).
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
N=${N:-20000}
mkdir -p bench/out
make -s build/ser
src=build/corpus/features.csv
[ -f "$src" ] || src=tests/golden/meyda_features.csv
big=bench/out/default_rows.csv
awk -F, -v n="$N" 'NR == 1 { print; next } { r[++k] = $0 }
	END { for (i = 0; i < n; i++) { s = r[i % k + 1]; sub(/^[^,]*/, "f" i ".wav", s); print s } }' \
	"$src" >"$big"

now() { date +%s.%N; }
t0=$(now)
build/ser import --tfjs-valence "$SHARED/thesis-models/valence" \
	--tfjs-arousal "$SHARED/thesis-models/arousal" --ranges "$big" \
	--ranges-out bench/out/default_ranges_ser.csv -o bench/out/default.ser
t1=$(now)
/usr/bin/python3 - "$big" bench/out/default_ranges_np.csv <<'PY'
import csv, sys
import numpy as np
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f))
X = np.array([[float(x) for x in r[1:]] for r in rows[1:]])
lo, hi = np.percentile(X, 5, axis=0), np.percentile(X, 95, axis=0)
with open(sys.argv[2], "w") as f:
    f.write("feature,min,max\n")
    for n, a, b in zip(rows[0][1:], lo, hi):
        f.write("%s,%.17g,%.17g\n" % (n, a, b))
PY
t2=$(now)
awk -F, 'NR == FNR { lo[$1] = $2; hi[$1] = $3; next }
	FNR > 1 { for (k = 2; k <= 3; k++) { w = k == 2 ? lo[$1] : hi[$1]
		d = $k - w; if (d < 0) d = -d; s = (w < 0 ? -w : w) + 1e-300
		if (d / s > m) m = d / s } }
	END { printf "max relative |ser - numpy| = %.2g\n", m; exit m > 1e-12 }' \
	bench/out/default_ranges_np.csv bench/out/default_ranges_ser.csv
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$N" 'BEGIN {
	s = b - a; p = c - b
	printf "ranges of %d rows x 74 features: ser import %.3f s, numpy %.3f s, ratio numpy/ser %.1f\n", n, s, p, p / s }'

if [ -f models/reference-corpus.tsv ] && [ -d build/corpus ]; then
	tail -n +2 models/reference-corpus.tsv | cut -f2 |
		sed "s|^opensfx/|build/corpus/opensfx/|" >bench/out/default_files.txt
	# soxi (package sox) for the durations; 0 when it is missing
	secs=$(tr '\n' '\0' <bench/out/default_files.txt |
		xargs -0 soxi -D 2>/dev/null | awk '{ s += $1 } END { print s + 0 }' || echo 0)
	t0=$(now)
	tr '\n' '\0' <bench/out/default_files.txt |
		OPENBLAS_NUM_THREADS=1 xargs -0 build/ser predict -q -j 1 -m models/default.ser -o bench/out/default_pred.csv
	t1=$(now)
	awk -v a="$t0" -v b="$t1" -v s="$secs" -v n="$(wc -l <bench/out/default_files.txt)" 'BEGIN {
		w = b - a; printf "predict %d corpus clips (%.1f s of audio), -j1: %.3f s, %.0fx real time\n", n, s, w, (s > 0 ? s / w : 0) }'
fi
