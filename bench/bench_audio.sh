#!/bin/sh
# bench/bench_audio.sh - the audio front end at full length, on one core:
# `ser extract -j 1` on 10-minute stereo 24-bit WAVs at 48 kHz (resampled
# by libsoxr) and 44.1 kHz (not resampled), in each feature space, in CPU
# seconds and times real time; targets >= 500x at 48 kHz and >= 1000x at
# 44.1 kHz. Then the
# resamplers alone on the same signal in the same run: libsoxr VHQ (ser)
# against libsamplerate SINC_BEST (ser before; skipped if
# libsamplerate-dev is not installed).
#
# Last, the resampler's fidelity: 10 real sounds (freedesktop theme) at
# 44.1 kHz against the same sounds upsampled to 48 kHz 24-bit by sox
# (rate -v -b 99.7) and brought back by ser: relative feature differences.
#
# Data: pink noise from sox, written under a temporary directory and
# removed at the end (2 x 173 MB). Needs sox and /usr/bin/time.
set -eu
cd "$(dirname "$0")/.."
SER=${SER:-build/ser}
[ -x "$SER" ] || make -s all
command -v sox >/dev/null || { echo "bench_audio: needs sox" >&2; exit 1; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench_audio: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
D=$(mktemp -d "${TMPDIR:-/tmp}/ser-bench-audio.XXXXXX")
trap 'rm -rf "$D"' EXIT INT TERM
# one BLAS thread, as ser sets itself; taskset: one core if available
export OPENBLAS_NUM_THREADS=1
ONE=""
command -v taskset >/dev/null && ONE="taskset -c 0"

echo "machine: $(nproc) cores, $(uname -m), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
# both feature spaces: meyda (the targets' space, Meyda's hop 512) and
# robust (the default since ser-robust-v1: hop 256, twice the frames)
for rate in 48000 44100; do
	sox -n -r $rate -c 2 -b 24 "$D/$rate.wav" synth 600 pinknoise vol 0.3 2>/dev/null
	for space in meyda robust; do
		best=""
		for i in 1 2 3; do
			# shellcheck disable=SC2086
			$TIME -f "%e %U %S %M" -o "$D/t" $ONE "$SER" extract -q -j 1 \
				--space $space "$D/$rate.wav" >/dev/null
			c=$(awk '{ printf "%.3f", $2 + $3 }' "$D/t")
			if [ -z "$best" ] || awk -v c="$c" -v b="$best" 'BEGIN { exit !(c < b) }'; then
				best=$c
				rss=$(awk '{ print int($4 / 1024) }' "$D/t")
			fi
		done
		awk -v r=$rate -v c="$best" -v m="$rss" -v s=$space 'BEGIN {
			printf "10 min %.1f kHz stereo 24-bit, %s space: %.2f s CPU (best of 3) = %.0fx real time, peak RSS %d MiB\n",
				r / 1000, s, c, 600 / c, m }'
	done
	rm -f "$D/$rate.wav"
done

if pkg-config --exists samplerate soxr; then
	# shellcheck disable=SC2046
	cc -O2 -o "$D/resample_cmp" bench/resample_cmp.c $(pkg-config --cflags --libs soxr samplerate) -lm
	for rate in 48000 22050 96000; do
		# shellcheck disable=SC2086
		$ONE "$D/resample_cmp" $rate 60 | awk -v r=$rate '
			/^soxr/ { s = $2 } /^libsamplerate/ { l = $2 }
			END { printf "resample 60 s mono %d Hz -> 44.1 kHz: soxr VHQ %.3f s, libsamplerate SINC_BEST %.3f s: soxr %.1fx faster\n", r, s, l, l / s }'
	done
else
	echo "resample: libsamplerate-dev not installed, no comparison"
fi

FD=/usr/share/sounds/freedesktop/stereo
if [ -d "$FD" ]; then
	set --
	for s in complete trash-empty bell suspend-error dialog-warning window-attention \
		service-login camera-shutter phone-incoming-call alarm-clock-elapsed; do
		sox "$FD/$s.oga" -r 44100 -e float -b 32 "$D/nat-$s.wav" 2>/dev/null
		sox "$D/nat-$s.wav" -r 48000 -b 24 "$D/up-$s.wav" rate -v -b 99.7 2>/dev/null
		set -- "$@" "$s"
	done
	for s in "$@"; do echo "$D/nat-$s.wav"; done | xargs "$SER" extract -q >"$D/nat.csv"
	for s in "$@"; do echo "$D/up-$s.wav"; done | xargs "$SER" extract -q >"$D/up.csv"
	paste -d, "$D/nat.csv" "$D/up.csv" | awk -F, 'NR == 1 { n = NF / 2; for (i = 2; i <= n; i++) name[i] = $i; next }
	{ for (i = 2; i <= n; i++) {
		a = $i; b = $(i + n); d = a - b; if (d < 0) d = -d; s = a < 0 ? -a : a
		r = d / (s > 1e-6 ? s : 1e-6); all[++na] = r
		if (name[i] ~ /^(rolloff|spread|flatness)_mean/) shape[++ns] = r } }
	function med(v, k,  i, j, t) { for (i = 2; i <= k; i++) { t = v[i]; for (j = i - 1; j > 0 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
		return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
	END { m = med(all, na); printf "resampler fidelity, 10 real sounds 44.1 kHz vs 48 kHz 24-bit: features %.2g median relative difference, p90 %.2g; rolloff/spread/flatness means %.2g median\n", m, all[int(0.9 * na)], med(shape, ns) }'
fi
