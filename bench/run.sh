#!/bin/sh
# bench/run.sh - `make bench`: run every bench/bench_*.sh (each times ser
# against its peer in the same run and prints a ratio). Not part of CI: the
# scripts install the peers (python3-sklearn, python3-torch, npm meyda) on
# first use. Results are recorded by hand in bench/RESULTS.md.
set -eu
cd "$(dirname "$0")/.."
mkdir -p bench/out
for b in bench/bench_*.sh; do
	[ -f "$b" ] || continue
	echo "== $b"
	sh "$b"
done
