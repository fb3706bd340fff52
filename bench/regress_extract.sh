#!/bin/sh
# bench/regress_extract.sh - (not run by make bench: a one-off regression check) the de-duplication must not cost speed: `ser
# extract -j 2` on a directory, timed in the same run for this tree's ser
# and for ser built from the last commit before the clean-up (its peer:
# extract then had its own directory walk and thread pool; now it uses
# libser's ser_audio_files and ser_extract_files_frac). Also checks that
# both write the same CSV and that `ser predict DIR` now takes the same
# files as `ser extract DIR`.
#
# Data (generated, not committed): 24 one-minute mono 44.1 kHz clips made
# with sox (bench_extract.sh's kinds of noise, sweeps and tones), 24 min in
# all, plus a 'notes.txt' the walk must skip, under
# bench/out/cleanup/clips/. Needs sox, git and /usr/bin/time.
# BASE=<commit> picks another peer (default: the pre-clean-up main).
set -eu
cd "$(dirname "$0")/.."
SER=${SER:-build/ser}
BASE=${BASE:-3e89e0c}
OUT=bench/out/cleanup
DIR=$OUT/clips
mkdir -p "$DIR"
[ -x "$SER" ] || make -s all
command -v sox >/dev/null || { echo "regress_extract: needs sox" >&2; exit 1; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "regress_extract: needs /usr/bin/time" >&2; exit 1; }

# the peer: ser at BASE, built once
if [ ! -x "$OUT/base/build/ser" ]; then
	rm -rf "$OUT/base"
	mkdir -p "$OUT/base"
	git archive "$BASE" | tar -x -C "$OUT/base"
	make -s -C "$OUT/base" all >/dev/null
fi
PEER=$OUT/base/build/ser

n=0
for kind in whitenoise pinknoise brownnoise "sine 100-12000" "square 220" "sine 440"; do
	for v in 1 2 3 4; do
		f="$DIR/clip$n.wav"
		# shellcheck disable=SC2086
		[ -f "$f" ] || sox -n -r 44100 -c 1 -b 16 "$f" synth 60 $kind vol 0.$((v + 2)) 2>/dev/null
		n=$((n + 1))
	done
done
echo "not audio" >"$DIR/notes.txt"

wall() { # CMD... -> wall seconds
	"$TIME" -f "%e" -o "$OUT/.time" "$@" >/dev/null
	cat "$OUT/.time"
}

best_s=999 best_p=999
for run in 1 2 3; do
	s=$(wall "$SER" extract -q -j 2 -o "$OUT/ser.csv" "$DIR")
	p=$(wall "$PEER" extract -q -j 2 -o "$OUT/peer.csv" "$DIR")
	echo "run $run: ser $s s, pre-clean-up ser $p s"
	best_s=$(echo "$s $best_s" | awk '{ print ($1 < $2) ? $1 : $2 }')
	best_p=$(echo "$p $best_p" | awk '{ print ($1 < $2) ? $1 : $2 }')
done
echo "best of 3: ser $best_s s, pre-clean-up $best_p s, ratio peer/ser" \
	"$(echo "$best_p $best_s" | awk '{ printf "%.2f", $1 / $2 }')x" \
	"($n clips, $((n * 60)) s of audio)"
if cmp -s "$OUT/ser.csv" "$OUT/peer.csv"; then
	echo "same CSV: yes"
else
	echo "same CSV: NO" >&2
	exit 1
fi
if [ -f models/default.ser ]; then
	"$SER" predict -q -m models/default.ser -o "$OUT/pred.csv" "$DIR"
	a=$(tail -n +2 "$OUT/ser.csv" | cut -d, -f1)
	b=$(tail -n +2 "$OUT/pred.csv" | cut -d, -f1)
	if [ "$a" = "$b" ]; then
		echo "extract DIR and predict DIR take the same $n files: yes"
	else
		echo "extract DIR and predict DIR take the same files: NO" >&2
		exit 1
	fi
fi
