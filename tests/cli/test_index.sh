# ser index / ser search on generated audio: incremental counts, every
# query type, bad files, kill -9 and rerun, shards merged = one run.
. tests/cli/lib.sh

M=models/default.ser
if ! command -v sox >/dev/null 2>&1; then
	ok "index tests # skip: sox is not installed (it makes the test audio)"
	exit 0
fi
# sox warns about clipping on stderr; the files are fine
mk() { sox -q "$@" 2>/dev/null; }
L="$T/lib"
mkdir -p "$L/sub"
# distinct sounds, so that searches have a real order
mk -n -r 44100 "$L/tone.wav" synth 0.5 sine 440 vol 0.5
mk -n -r 44100 "$L/low.wav" synth 0.5 sine 80 vol 0.3
mk -n -r 44100 "$L/noise.wav" synth 0.5 whitenoise vol 0.8
mk -n -r 44100 "$L/sub/chirp.wav" synth 0.5 sine 200-4000 vol 0.5
mk -n -r 44100 "$L/sub/pink.wav" synth 0.5 pinknoise vol 0.4
# the summary as "new changed unchanged removed errors"
counts() { sed -n 's/^{"new":\([0-9]*\),"changed":\([0-9]*\),"unchanged":\([0-9]*\),"removed":\([0-9]*\),"errors":\([0-9]*\)}$/\1 \2 \3 \4 \5/p' "$OUT"; }
DB="$T/lib.db"

expect_ok "index a new library" "$SER" index -q --db "$DB" -m "$M" -r -j 2 --format json "$L"
expect_eq "5 new" "$(counts)" "5 0 0 0 0"
expect_ok "index again" "$SER" index -q --db "$DB" -m "$M" -r --format json "$L"
expect_eq "all unchanged" "$(counts)" "0 0 5 0 0"
expect_ok "text summary" "$SER" index -q --db "$DB" -m "$M" -r "$L"
expect_grep "one summary line" "0 new, 0 changed, 5 unchanged, 0 removed, 0 errors" "$OUT"

# touched but identical: unchanged; rewritten: changed; gone: removed
touch -d '2001-01-01' "$L/tone.wav"
mk -n -r 44100 "$L/low.wav" synth 0.7 sine 90 vol 0.3
rm "$L/sub/pink.wav"
mk -n -r 44100 "$L/sub/new.wav" synth 0.5 square 300 vol 0.2
expect_ok "index after edits" "$SER" index -q --db "$DB" -m "$M" -r --format json "$L"
expect_eq "1 new, 1 changed, 3 unchanged, 1 removed" "$(counts)" "1 1 3 1 0"
expect_ok "search --all" "$SER" search --db "$DB" --all
expect_eq "--all lists the library by path" "$(cut -d, -f1 "$OUT" | tr '\n' ' ')" \
	"file $L/low.wav $L/noise.wav $L/sub/chirp.wav $L/sub/new.wav $L/tone.wav "
expect_ok "without -r: only top-level files, sub/ rows kept" \
	"$SER" index -q --db "$DB" -m "$M" --format json "$L"
expect_eq "top level unchanged, nothing removed" "$(counts)" "0 0 3 0 0"

# predictions are those of ser predict
"$SER" predict -q -m "$M" "$L/noise.wav" | tail -1 | cut -d, -f2,3 >"$T/pred"
expect_eq "stored prediction = ser predict" \
	"$("$SER" search --db "$DB" --all | grep "/noise.wav," | cut -d, -f2,3)" "$(cat "$T/pred")"

# queries
expect_ok "search --va" "$SER" search --db "$DB" --va 0.1,0.2 --limit 3
expect_eq "--va header" "$(head -1 "$OUT")" "file,valence,arousal,emotion,distance"
expect_eq "--va k=3 rows" "$(tail -n +2 "$OUT" | wc -l | tr -d ' ')" 3
expect_eq "--va sorted by distance" "$(tail -n +2 "$OUT" | cut -d, -f5 | sort -g | tr '\n' ' ')" \
	"$(tail -n +2 "$OUT" | cut -d, -f5 | tr '\n' ' ')"
# the distance is the Euclidean one to the point
awk -F, 'NR > 1 { d = sqrt(($2 - 0.1)^2 + ($3 - 0.2)^2); if (d - $5 > 1e-5 || $5 - d > 1e-5) bad = 1 }
	END { exit bad }' "$OUT" && ok "--va distances" || notok "--va distances" "$(cat "$OUT")"
# brute force over --all agrees with the index's bounding-box search
"$SER" search --db "$DB" --all | awk -F, 'NR > 1 { printf "%s %.6f\n", $1, sqrt(($2 - 0.1)^2 + ($3 - 0.2)^2) }' |
	sort -k2,2g -k1,1 | head -3 | cut -d' ' -f1 >"$T/brute"
expect_eq "--va = brute force" "$(tail -n +2 "$OUT" | cut -d, -f1)" "$(cat "$T/brute")"
expect_ok "search --emotion calm" "$SER" search --db "$DB" --emotion calm --limit 2 --format json
expect_grep "--emotion json has distance" '"distance":' "$OUT"
expect_fail "unknown word lists the known ones" 2 "known words: neutral, happy.*calm" \
	"$SER" search --db "$DB" --emotion blissful
expect_ok "search --quadrant" "$SER" search --db "$DB" --quadrant unpleasant-eventful --limit 100
awk -F, 'NR > 1 && !($2 < 0 && $3 >= 0) { bad = 1 } END { exit bad }' "$OUT" &&
	ok "--quadrant rows are in the quadrant" || notok "--quadrant rows are in the quadrant" "$(cat "$OUT")"
expect_fail "bad quadrant" 2 "--quadrant: 'up' is not" "$SER" search --db "$DB" --quadrant up
expect_ok "search --like a library file" "$SER" search --db "$DB" --like "$L/noise.wav" --limit 10
expect_eq "--like leaves the query out" "$(grep -c "^$L/noise.wav," "$OUT")" 0
expect_eq "--like finds the others" "$(tail -n +2 "$OUT" | wc -l | tr -d ' ')" 4
cp "$L/noise.wav" "$T/outside.wav"
expect_ok "search --like a file outside the library" "$SER" search --db "$DB" --like "$T/outside.wav" --limit 1
expect_grep "its twin is nearest, at distance 0" "^$L/noise.wav,.*,0\.000000$" "$OUT"
expect_fail "--like an unreadable file" 1 "notaudio" \
	"$SER" search --db "$DB" --like tests/data/bad/notaudio.wav
expect_fail "two queries" 2 "give one query" "$SER" search --db "$DB" --all --va 0,0
expect_fail "search a missing db" 1 "no-such.db: no such index" \
	"$SER" search --db "$T/no-such.db" --all

# bad paths and unreadable files: recorded, reported, counted, exit 1
cp tests/data/bad/notaudio.wav "$L/broken.wav"
expect_fail "unreadable file: exit 1, named" 1 "broken.wav" \
	"$SER" index -q --db "$DB" -m "$M" -r --format json "$L" "$T/missing.wav"
expect_grep "missing path named" "missing.wav" "$ERR"
expect_eq "errors counted, the rest unchanged" "$(counts)" "0 0 5 0 2"
if command -v sqlite3 >/dev/null 2>&1; then
	expect_eq "error recorded in the db" \
		"$(sqlite3 "$DB" "SELECT count(*) FROM files WHERE path = '$L/broken.wav' AND error IS NOT NULL")" 1
fi
expect_eq "broken file not searchable" "$("$SER" search --db "$DB" --all | grep -c broken)" 0
rm "$L/broken.wav"

# schema version and foreign files are refused
printf 'not a database at all, not at all, not at all, not at all.......' >"$T/junk.db"
expect_fail "a non-database is refused" 1 "junk.db" "$SER" search --db "$T/junk.db" --all
if command -v sqlite3 >/dev/null 2>&1; then
	cp "$DB" "$T/v9.db"
	sqlite3 "$T/v9.db" "UPDATE meta SET value = '9' WHERE key = 'schema_version'"
	expect_fail "another schema version is refused" 1 "v9.db: index schema version 9, this ser reads version 1" \
		"$SER" index -q --db "$T/v9.db" -m "$M" "$L"
	sqlite3 "$T/other.db" "CREATE TABLE t(x)"
	expect_fail "a foreign SQLite db is refused" 1 "other.db: not a ser index" \
		"$SER" search --db "$T/other.db" --all
fi

# a second model beside the first
"$SER" import --tfjs-valence "$SHARED/thesis-models/valence" --tfjs-arousal "$SHARED/thesis-models/arousal" \
	-o "$T/thesis.ser" 2>/dev/null
if [ -s "$T/thesis.ser" ]; then
	expect_ok "index with a second model" "$SER" index -q --db "$DB" -m "$T/thesis.ser" -r --format json "$L"
	# broken.wav, recorded as an error above, is gone now
	expect_eq "all new for that model" "$(counts)" "5 0 0 1 0"
	expect_fail "two models: search asks which" 1 "several models indexed" "$SER" search --db "$DB" --all
	expect_ok "search the second model" "$SER" search --db "$DB" -m "$T/thesis.ser" --all
	expect_ok "the first model's rows remain" "$SER" search --db "$DB" -m "$M" --va 0,0 --limit 100
	expect_eq "5 rows for the first model" "$(tail -n +2 "$OUT" | wc -l | tr -d ' ')" 5
	# a file only the second model has seen: --like with the first model
	# must not return it (nor lose its answers)
	mk -n -r 44100 "$T/only2.wav" synth 0.5 sine 660 vol 0.4
	"$SER" index -q --db "$DB" -m "$T/thesis.ser" "$T/only2.wav" >/dev/null
	expect_ok "--like with files of another model only" "$SER" search --db "$DB" -m "$M" --like "$T/only2.wav" --limit 3
	expect_eq "3 hits, all of the first model's files" "$(tail -n +2 "$OUT" | grep -c "^$L/")" 3
fi

# kill -9 during indexing, then a rerun finishes: 96 names of one 6 s
# file (hard links: no disk cost), killed at several moments
K="$T/kill"
mkdir -p "$K"
mk -n -r 44100 "$K/a000.wav" synth 6 whitenoise vol 0.5
i=1
while [ $i -lt 96 ]; do ln "$K/a000.wav" "$K/a$(printf %03d $i).wav"; i=$((i + 1)); done
KDB="$T/kill.db"
rows_in() { "$SER" search --db "$KDB" --all 2>/dev/null | tail -n +2 | wc -l | tr -d ' '; }
# first before any commit (0.2 s), then as soon as a batch more is in
# (polled), so that the kills land in the middle of a run on any machine
want=0
for round in 1 2 3; do
	"$SER" index -q --db "$KDB" -m "$M" -j 2 "$K" >/dev/null 2>&1 &
	pid=$!
	if [ $want -eq 0 ]; then
		sleep 0.2
	else
		i=0
		while [ $i -lt 400 ] && [ "$(rows_in)" -lt $want ]; do
			sleep 0.05
			i=$((i + 1))
		done
	fi
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if command -v sqlite3 >/dev/null 2>&1; then
		expect_eq "integrity_check after kill -9 ($round)" "$(sqlite3 "$KDB" 'PRAGMA integrity_check')" ok
	fi
	# killed before its first commit, the db holds the schema only
	if "$SER" search --db "$KDB" --all >"$OUT" 2>"$ERR" ||
	   grep -q "no model indexed yet" "$ERR"; then
		ok "db readable after kill -9 ($round)"
	else
		notok "db readable after kill -9 ($round)" "$(cat "$ERR")"
	fi
	want=$(($(rows_in) + 1))
done
done_before=$(tail -n +2 "$OUT" | wc -l | tr -d ' ')
echo "# the kills left $done_before of 96 files indexed"
expect_ok "rerun after kill -9" "$SER" index -q --db "$KDB" -m "$M" -j 2 --format json "$K"
expect_eq "rerun does the rest" "$(counts)" "$((96 - done_before)) 0 $done_before 0 0"
expect_ok "all rows after the rerun" "$SER" search --db "$KDB" --all
expect_eq "96 rows" "$(tail -n +2 "$OUT" | wc -l | tr -d ' ')" 96

# two shards merged = one run, row for row
expect_ok "one run" "$SER" index -q --db "$T/one.db" -m "$M" -r "$L"
expect_ok "shard 1/2" "$SER" index -q --db "$T/s1.db" -m "$M" -r --shard 1/2 "$L"
expect_ok "shard 2/2" "$SER" index -q --db "$T/s2.db" -m "$M" -r --shard 2/2 "$L"
n1=$("$SER" search --db "$T/s1.db" --all | tail -n +2 | wc -l)
n2=$("$SER" search --db "$T/s2.db" --all | tail -n +2 | wc -l)
expect_eq "shards are disjoint and cover the library" "$((n1 + n2))" 5
expect_ok "merge" "$SER" index --db "$T/merged.db" --merge "$T/s1.db" "$T/s2.db"
expect_eq "merged = one run (search --all)" "$("$SER" search --db "$T/merged.db" --all)" \
	"$("$SER" search --db "$T/one.db" --all)"
if command -v sqlite3 >/dev/null 2>&1; then
	dump() { sqlite3 "$1" "SELECT path, size, mtime_ns, fingerprint, space, hex(features), error FROM files ORDER BY path;
		SELECT * FROM predictions ORDER BY model, path; SELECT id, path, space, d, names, hex(min), hex(max), clamp FROM models"; }
	expect_eq "merged = one run (every table, row for row)" "$(dump "$T/merged.db")" "$(dump "$T/one.db")"
fi
expect_fail "bad --shard" 2 "--shard: '3/2' is not" "$SER" index --db "$T/x.db" --shard 3/2 "$L"
if [ -s "$T/thesis.ser" ]; then
	"$SER" index -q --db "$T/t2.db" -m "$T/thesis.ser" --shard 2/2 -r "$L" >/dev/null 2>&1
	expect_fail "merging shards of another model is refused" 1 "same model" \
		"$SER" index --db "$T/s1.db" --merge "$T/t2.db"
fi

# the GNU parallel recipe of docs/scale-out.md, on one host, 2 shards
if command -v parallel >/dev/null 2>&1; then
	expect_ok "GNU parallel: 2 shards" parallel --will-cite "$SER" index -q --db "$T/p{}.db" -m "$M" -r \
		--shard {}/2 "$L" ::: 1 2
	expect_ok "GNU parallel: merge" "$SER" index --db "$T/p.db" --merge "$T/p1.db" "$T/p2.db"
	expect_eq "GNU parallel recipe = one run" "$("$SER" search --db "$T/p.db" --all)" \
		"$("$SER" search --db "$T/one.db" --all)"
else
	ok "GNU parallel recipe # skip: GNU parallel is not installed"
fi

# ser plot --db: the library on the plane
if command -v gnuplot >/dev/null 2>&1; then
	expect_ok "plot --db svg" "$SER" plot --db "$T/one.db" -o "$T/map.svg"
	expect_grep "plot --db names a file in <title>" "<title>tone.wav" "$T/map.svg"
	expect_grep "plot --db says how many are labelled" "of 5 points labelled" "$T/map.svg"
	expect_ok "plot --db --limit 2, text" "$SER" plot --db "$T/one.db" --limit 2 --terminal dumb
	expect_grep "--limit plots 2 points" "of 2 points labelled" "$OUT"
	expect_fail "plot --db and a CSV" 2 "not both" "$SER" plot --db "$T/one.db" x.csv -o "$T/x.svg"
	expect_fail "--limit without --db" 2 "go with --db" "$SER" plot x.csv --limit 3 -o "$T/x.svg"
else
	ok "plot --db # skip: gnuplot is not installed"
fi
