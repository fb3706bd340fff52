#!/bin/sh
# tests/run.sh - run every cmocka unit test binary and every CLI test script,
# tally the results and finish with one line "N passed, N failed". Checks
# that could not run here ("ok - NAME # skip: REASON": no pseudo-terminal,
# gnuplot or peer) are not counted as passed; they are listed, with their
# reasons, just before that line.
# Tests write only under a fresh temporary directory ($SER_TEST_TMP).
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
SER_TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ser-test.XXXXXX")
export BUILD SHARED SER_TEST_TMP
export SER="$BUILD/ser"
export CMOCKA_MESSAGE_OUTPUT=stdout
# one BLAS thread: deterministic sums and no oversubscription under -j
export OPENBLAS_NUM_THREADS=1
trap 'rm -rf "$SER_TEST_TMP"' EXIT INT TERM

passed=0
failed=0
log="$SER_TEST_TMP/.log"
skips="$SER_TEST_TMP/.skips"
: >"$skips"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	# cmocka's skip(): "[  SKIPPED ] NAME", after a "skip: REASON" line
	awk -v t="$t" '/^skip: / { why = substr($0, 7) }
		/^\[  SKIPPED \] [^0-9]/ && !seen[$4]++ { print "  " t ": " $4 " # skip: " why }' \
		"$log" >>"$skips"
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
for t in tests/cli/test_*.sh; do
	[ -f "$t" ] || continue
	echo "# $t"
	sh "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	sk=$(grep -c '^ok .* # skip' "$log")
	grep '^ok .* # skip' "$log" | sed "s|^ok - |  $t: |" >>"$skips"
	p=$((p - sk))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
if [ -s "$skips" ]; then
	echo "$(wc -l <"$skips" | tr -d ' ') skipped (not run on this machine, not failures):"
	cat "$skips"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
