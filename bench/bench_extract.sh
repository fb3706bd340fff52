#!/bin/sh
# bench/bench_extract.sh - `ser extract` vs the thesis app's extractor
# (Meyda 5.6.3 in node) on the same files, timed in the same run; then a
# one-hour file through ser alone to show memory stays flat.
#
# Data (generated, not committed): 24 six-second mono 44.1 kHz 16-bit clips
# (the Emo-Soundscapes clip length) of noise, sweeps and tones, 2.4 min in
# all, under bench/out/extract/; the one-hour file under /tmp.
# Needs sox, node + npm (installs meyda 5.6.3 into bench/meyda/node_modules
# on first use) and /usr/bin/time. Prints wall and CPU seconds, the
# Meyda/ser ratio, ser's real-time factor per core and peak RSS.
set -eu
cd "$(dirname "$0")/.."
SER=${SER:-build/ser}
OUT=bench/out/extract
HOUR=${TMPDIR:-/tmp}/ser-bench-hour.wav
mkdir -p "$OUT"
[ -x "$SER" ] || make -s all
if [ ! -d bench/meyda/node_modules/meyda ]; then
	(cd bench/meyda && npm install --no-audit --no-fund --silent)
fi
command -v sox >/dev/null || { echo "bench_extract: needs sox" >&2; exit 1; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench_extract: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

n=0
for kind in whitenoise pinknoise brownnoise "sine 100-12000" "square 220" "sine 440"; do
	for v in 1 2 3 4; do
		f="$OUT/clip$n.wav"
		# shellcheck disable=SC2086
		[ -f "$f" ] || sox -n -r 44100 -c 1 -b 16 "$f" synth 6 $kind vol 0.$((v + 2)) 2>/dev/null
		n=$((n + 1))
	done
done
CLIPS=$(ls "$OUT"/clip*.wav)
secs=$((n * 6))

# wall, user+sys and peak RSS (KiB) of a command: "W C M"
measure() {
	"$TIME" -f "%e %U %S %M" -o "$OUT/.time" "$@" >/dev/null
	awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$OUT/.time"
}
echo "machine: $(nproc) cores, $(uname -m), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "data: $n clips x 6 s = $secs s of audio"
# ser is ~30x faster: run it 5 times so /usr/bin/time's 10 ms resolution
# does not matter, and report one run
REP=5
# the Meyda space: the peer computes Meyda's values (the robust space is ~2x the work)
# shellcheck disable=SC2086
set -- $(measure sh -c 'for i in 1 2 3 4 5; do "$@" >/dev/null; done' sh "$SER" extract -q -j 1 --space meyda $CLIPS)
sw=$(awk -v t="$1" -v r=$REP "BEGIN { print t / r }") sc=$(awk -v t="$2" -v r=$REP "BEGIN { print t / r }") sm=$3
# shellcheck disable=SC2086
set -- $(measure node bench/meyda/extract.js $CLIPS)
mw=$1 mc=$2 mm=$3
# shellcheck disable=SC2086
set -- $(measure sh -c 'for i in 1 2 3 4 5; do "$@" >/dev/null; done' sh "$SER" extract -q -j 2 --space meyda $CLIPS)
jw=$(awk -v t="$1" -v r=$REP "BEGIN { print t / r }")
awk -v sw="$sw" -v sc="$sc" -v sm="$sm" -v mw="$mw" -v mc="$mc" -v mm="$mm" \
	-v jw="$jw" -v secs="$secs" 'BEGIN {
	printf "ser extract -j1: %.3f s wall, %.3f s CPU, %d MiB peak RSS\n", sw, sc, sm / 1024
	printf "ser extract -j2: %.3f s wall\n", jw
	printf "meyda (node):    %.3f s wall, %.3f s CPU, %d MiB peak RSS\n", mw, mc, mm / 1024
	printf "ratio meyda/ser: %.1fx wall, %.1fx CPU\n", mw / sw, mc / sc
	printf "ser real-time factor per core: %.0fx (meyda %.0fx)\n", secs / sc, secs / mc
}'

# one hour of pink noise: memory must not grow with the length
[ -f "$HOUR" ] || sox -n -r 44100 -c 1 -b 16 "$HOUR" synth 3600 pinknoise vol 0.3 2>/dev/null
set -- $(measure "$SER" extract -q "$HOUR")
awk -v w="$1" -v c="$2" -v m="$3" -v sm="$sm" 'BEGIN {
	printf "one hour (%s): %.2f s wall, %.2f s CPU = %.0fx real time, peak RSS %d MiB (2.4 min of clips: %d MiB)\n",
		"44.1 kHz mono 16-bit", w, c, 3600 / c, m / 1024, sm / 1024
}'
# ten minutes at 48 kHz stereo: the resampler path, also flat
H48=${TMPDIR:-/tmp}/ser-bench-10min-48k.wav
[ -f "$H48" ] || sox -n -r 48000 -c 2 -b 16 "$H48" synth 600 pinknoise vol 0.3 2>/dev/null
set -- $(measure "$SER" extract -q "$H48")
awk -v w="$1" -v c="$2" -v m="$3" 'BEGIN {
	printf "10 min 48 kHz stereo (resampled): %.2f s wall, %.2f s CPU = %.0fx real time, peak RSS %d MiB\n",
		w, c, 600 / c, m / 1024
}'
# the long files are cheap to regenerate; do not leave 430 MB in /tmp
rm -f "$HOUR" "$H48"
