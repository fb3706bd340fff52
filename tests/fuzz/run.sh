#!/bin/sh
# tests/fuzz/run.sh - run afl-fuzz on every harness built in $BUILD/fuzz/
# (by `make fuzz`: afl-cc, persistent mode) for $FUZZ_SECONDS each, one
# after the other, non-interactively. Output in $BUILD/out/<target>/ (never
# in the source tree). Prints executions, paths (corpus entries), edges,
# crashes and hangs per target; exits 1 if any target crashed or hung.
# A finding becomes a regression input: copy it from
# $BUILD/out/<target>/default/{crashes,hangs}/ to tests/fuzz/<target>/regress/
# (make test then replays it), and fix the parser.
# FUZZ_TARGETS="table model" runs only those harnesses.
BUILD=${BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
# per-input time limit (ms); generous: the machine is shared
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-2000}
OUT="$BUILD/out"
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1 AFL_QUIET=1 AFL_SUPPRESS_ENV_CHECK=1
export OPENBLAS_NUM_THREADS=1
mkdir -p "$OUT"

stat_of() { sed -n "s/^$1 *: *//p" "$2"; }

bad=0
printf '%-8s %10s %7s %7s %8s %7s %5s\n' target execs execs/s paths edges crashes hangs
for bin in "$BUILD"/fuzz/*; do
	t=${bin##*/}
	[ -d "tests/fuzz/$t/seeds" ] || continue
	case " ${FUZZ_TARGETS:-$t} " in *" $t "*) ;; *) continue ;; esac
	# tokens of the input format (AFL++ dictionaries)
	case $t in
	tfjs) dict="-x tests/fuzz/tfjs.dict" ;;
	table | labels | emo | plotcsv) dict="-x tests/fuzz/csv.dict" ;;
	*) dict= ;;
	esac
	rm -rf "${OUT:?}/$t" "$OUT/$t.tmp"
	# the harness's temporary files stay under the build directory
	mkdir -p "$OUT/$t.tmp"
	TMPDIR="$OUT/$t.tmp" afl-fuzz -i "tests/fuzz/$t/seeds" -o "$OUT/$t" -V "$FUZZ_SECONDS" \
		-t "$FUZZ_TIMEOUT" -m none $dict -- "$bin" >"$OUT/$t.log" 2>&1
	rc=$?
	rm -rf "$OUT/$t.tmp"
	s="$OUT/$t/default/fuzzer_stats"
	if [ ! -f "$s" ]; then
		echo "$t: afl-fuzz failed (exit $rc); see $OUT/$t.log:"
		tail -n 20 "$OUT/$t.log"
		bad=1
		continue
	fi
	c=$(stat_of saved_crashes "$s")
	h=$(stat_of saved_hangs "$s")
	printf '%-8s %10s %7s %7s %8s %7s %5s\n' "$t" "$(stat_of execs_done "$s")" \
		"$(stat_of execs_per_sec "$s")" "$(stat_of corpus_count "$s")" \
		"$(stat_of edges_found "$s")" "$c" "$h"
	if [ "${c:-0}" -ne 0 ] || [ "${h:-0}" -ne 0 ]; then
		find "$OUT/$t/default/crashes" "$OUT/$t/default/hangs" -type f \
			! -name README.txt | sed 's/^/    /'
		bad=1
	fi
done
if [ "$bad" -ne 0 ]; then
	echo "fuzz: FAILED (findings under $OUT/<target>/default/)"
	exit 1
fi
echo "fuzz: no crash, no hang"
