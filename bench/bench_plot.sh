#!/bin/sh
# bench/bench_plot.sh - `ser plot` (C + external gnuplot, pngcairo) against
# the same plot drawn by matplotlib (bench/plot_peer.py, Debian's
# python3-matplotlib), both timed in this run on the same predictions CSV:
# 20 rows (a demo), 100 (labels placed with leaders and sweeps) and 1213
# rows (all of Emo-Soundscapes). Median of
# $REPS runs (default 3), wall clock, whole process (start-up included:
# that is what a user waits for).
set -eu
cd "$(dirname "$0")/.."
SER=${SER:-build/ser}
PY=/usr/bin/python3
REPS=${REPS:-3}
OUT=bench/out/plot
mkdir -p "$OUT"
[ -x "$SER" ] || { echo "bench_plot: build ser first (make)" >&2; exit 1; }
if ! $PY -c 'import matplotlib' 2>/dev/null; then
	echo "bench_plot: installing python3-matplotlib (the peer)"
	apt-get install -y -qq python3-matplotlib >/dev/null
fi

# deterministic predictions: a fixed LCG, names like real clip names
mkcsv() {
	awk -v n="$1" 'BEGIN {
		print "file,valence,arousal"; s = 12345
		for (i = 1; i <= n; i++) {
			s = (s * 1103515245 + 12345) % 2147483648; v = s / 2147483648 * 1.8 - 0.9
			s = (s * 1103515245 + 12345) % 2147483648; a = s / 2147483648 * 1.8 - 0.9
			printf "sounds/clip_%04d_nature.wav,%.4f,%.4f\n", i, v, a
		}
	}' >"$2"
}

# median wall time in seconds of REPS runs of "$@"
timeit() {
	for r in $(seq "$REPS"); do
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || { echo "bench_plot: failed: $*" >&2; exit 1; }
		t1=$(date +%s.%N)
		echo "$t1 - $t0" | bc -l
	done | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] }'
}

printf "%-6s %10s %12s %8s\n" rows "ser (s)" "matplotlib" ratio
for n in 20 100 1213; do
	mkcsv "$n" "$OUT/pred$n.csv"
	ts=$(timeit "$SER" plot "$OUT/pred$n.csv" -o "$OUT/ser$n.png")
	tp=$(timeit $PY bench/plot_peer.py "$OUT/pred$n.csv" "$OUT/peer$n.png")
	printf "%-6s %10s %12s %8.2f\n" "$n" "$ts" "$tp" "$(echo "$tp / $ts" | bc -l)"
done
echo "(ratio = matplotlib time / ser time; > 1 means ser is faster)"
