#!/bin/sh
# bench/bench_index.sh - ser index throughput against ser predict (its
# peer: the same extraction, without the database) on the same files, and
# ser search latency on a library of 1,000,000 rows.
#
#   sh bench/bench_index.sh [FILES] [ROWS]     (defaults 200, 1000000)
#
# Wall times on a loaded machine are mostly waiting for a core; the CPU
# time (user + sys, from /usr/bin/time) is reported beside them.
#
# The 1M-row table is filled by SQL from one real indexed file: every row
# has that file's features (so --like computes the full distance for every
# row: its worst case) and a random (valence, arousal) in [-1, 1]^2.
# Needs sox and the sqlite3 shell. Prints Markdown for bench/RESULTS.md.
set -eu
for t in sox sqlite3; do
	command -v $t >/dev/null 2>&1 ||
		{ echo "bench_index: skipped: needs $t (apt-get install $t)"; exit 0; }
done
SER=${SER:-build/ser}
M=${M:-models/default.ser}
NF=${1:-200}
ROWS=${2:-1000000}
W=$(mktemp -d "${TMPDIR:-/tmp}/ser-bench-index.XXXXXX")
trap 'rm -rf "$W"' EXIT
ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# -- throughput: NF distinct 3 s sounds -----------------------------------
mkdir -p "$W/lib"
i=0
while [ $i -lt "$NF" ]; do
	f=$((100 + i * 37))
	sox -q -n -r 44100 "$W/lib/s$i.wav" synth 3 sine $f pinknoise vol 0.3 2>/dev/null
	i=$((i + 1))
done
: >"$W/tp" ; : >"$W/ti"
for run in 1 2 3; do
	t0=$(ms); "$SER" predict -q -m "$M" -j 2 "$W/lib" >/dev/null; t1=$(ms)
	echo $((t1 - t0)) >>"$W/tp"
	rm -f "$W/t.db"*
	t0=$(ms); "$SER" index -q --db "$W/t.db" -m "$M" -j 2 "$W/lib" >/dev/null; t1=$(ms)
	echo $((t1 - t0)) >>"$W/ti"
done
tp=$(median <"$W/tp"); ti=$(median <"$W/ti")
t0=$(ms); "$SER" index -q --db "$W/t.db" -m "$M" -j 2 "$W/lib" >/dev/null; t1=$(ms)
tu=$((t1 - t0))

# -- search at ROWS rows ----------------------------------------------------
DB="$W/big.db"
"$SER" index -q --db "$DB" -m "$M" "$W/lib/s0.wav" >/dev/null
t0=$(ms)
sqlite3 "$DB" <<EOF
BEGIN;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $ROWS)
INSERT INTO files SELECT printf('gen/%08d.wav', i), size, mtime_ns, fingerprint,
  space, features, NULL FROM c, (SELECT * FROM files LIMIT 1);
INSERT INTO predictions SELECT p.model, f.path,
  (abs(random()) % 2000001) / 1e6 - 1, (abs(random()) % 2000001) / 1e6 - 1,
  'pleasant-eventful', 'happy'
  FROM files f, (SELECT model FROM predictions LIMIT 1) p WHERE f.path LIKE 'gen/%';
COMMIT;
EOF
t1=$(ms)
fill=$((t1 - t0))
n=$(sqlite3 "$DB" "SELECT count(*) FROM predictions")
size=$(du -m "$DB" | cut -f1)
q() { # label, args...: median of 5 runs: wall ms and CPU (user+sys) ms
	label=$1; shift
	"$SER" search --db "$DB" "$@" >/dev/null   # warm the page cache
	: >"$W/tq"; : >"$W/tc"
	for r in 1 2 3 4 5; do
		/usr/bin/time -f "%e %U %S" -o "$W/t1" "$SER" search --db "$DB" "$@" >/dev/null
		awk '{ printf "%d\n", $1 * 1000 }' "$W/t1" >>"$W/tq"
		awk '{ printf "%d\n", ($2 + $3) * 1000 }' "$W/t1" >>"$W/tc"
	done
	echo "| \`$label\` | $(median <"$W/tq") | $(median <"$W/tc") |"
}
echo "Throughput, $NF files of 3 s, -j 2, median of 3 (ms):"
echo "ser predict $tp, ser index (fresh db) $ti, ratio predict/index $(awk "BEGIN { printf \"%.2f\", $tp / $ti }")"
echo "ser index again (all unchanged): $tu ms"
echo
echo "Search, $n rows ($size MB db, filled in $fill ms), median of 5 runs of the whole"
echo "process (start-up, open, query, output; 10 ms clock resolution for CPU):"
echo "| query | wall ms | CPU ms |"
echo "|---|---|---|"
q "--all --limit 1 (start-up + open: the floor)" --all --limit 1
q "--va 0.3,-0.2 --limit 10" --va 0.3,-0.2 --limit 10
q "--va 0.95,0.95 --limit 10" --va 0.95,0.95 --limit 10
q "--emotion calm --limit 10" --emotion calm --limit 10
q "--like FILE --limit 10" --like "$W/lib/s0.wav" --limit 10
q "--like OUTSIDE --limit 10" --like "$W/lib/s1.wav" --limit 10
q "--quadrant pleasant-eventful --limit 10" --quadrant pleasant-eventful --limit 10
echo
echo "The queries alone (bench/index_query.c: ser_index_search in one process,"
echo "after open; median and min of 7, ms):"
echo "| query | median ms | min ms |"
echo "|---|---|---|"
${CC:-cc} -O2 -std=c11 -Iinclude -o "$W/index_query" bench/index_query.c build/libser.a \
	$(pkg-config --libs sndfile samplerate kissfft-float libcjson openblas gsl zlib sqlite3) \
	-lcsv -lpthread -lm
"$W/index_query" "$DB" "$W/lib/s0.wav"
