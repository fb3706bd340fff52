#!/bin/sh
# bench/encoding_invariance.sh - how far a transparent re-encoding moves the
# default model's (valence, arousal), in each feature space (issue 9,
# docs/features.md).
#
#   sh bench/encoding_invariance.sh [-k] [SOUND...]
#
# Every SOUND (default: the freedesktop and Oxygen sound themes and the
# recorded sounds of tests/data: 80 sounds) is re-encoded in a temporary directory as
#   ogg   Ogg Vorbis quality 6 (sox -C 6, libvorbis)
#   mp3   MP3 192 kbit/s CBR (lame -b 192 --cbr from a 16-bit WAV), read
#         by ser itself (libsndfile's MPEG decoder), as a user's file is
#   w48   48 kHz, 24-bit, stereo WAV (sox's resampler and dither)
# and `ser predict` runs on the original and the three copies with
#   meyda   --space meyda and $MODEL_MEYDA (models/default-meyda.ser)
#   robust  --space robust and $MODEL_ROBUST (models/default.ser)
# The displacement of a copy is the Euclidean distance between its
# (valence, arousal) and the original's. Printed: median and max per space
# and encoding, and overall against the targets (median <= 0.03, max
# <= 0.10): over every copy ("all") and over the copies that are the
# encodings the target names ("spec": without the MP3s of sources below
# 32 kHz, which lame cannot write at 192k), then the five worst copies
# per space. -k keeps the directory;
# ENCODED=DIR reuses one kept before (SOUNDs are then ignored).
set -eu
cd "$(dirname "$0")/.."
SER=${SER:-build/ser}
MODEL_MEYDA=${MODEL_MEYDA:-models/default-meyda.ser}
MODEL_ROBUST=${MODEL_ROBUST:-models/default.ser}
SPACES=${SPACES:-meyda robust}
KEEP=0
if [ "${1:-}" = -k ]; then
	KEEP=1
	shift
fi
if [ $# -eq 0 ]; then
	set -- /usr/share/sounds/freedesktop/stereo/*.oga \
		/usr/share/sounds/Oxygen-*.ogg /usr/share/sounds/oxygen/stereo/*.ogg \
		tests/data/bell.wav tests/data/trash-empty.wav \
		tests/data/suspend-error.wav
fi
# the encoders and the default sounds (Debian packages; apt-get as
# make-default.sh does, root or sudo)
missing=""
for p in sox libsox-fmt-mp3 lame sound-theme-freedesktop oxygen-sounds; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "encoding_invariance: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
fi
[ -x "$SER" ] || make -s "$SER"

if [ -n "${ENCODED:-}" ]; then
	T=$ENCODED
	set --
	i=$(ls "$T" | grep -c '\.orig\.')
else
	T=$(mktemp -d)
	i=0
fi
if [ $KEEP -eq 0 ] && [ -z "${ENCODED:-}" ]; then
	trap 'rm -rf "$T"' EXIT
else
	echo "encoding_invariance: files in $T" >&2
fi
for f in "$@"; do
	# a symlinked alias (the freedesktop theme has 8) is not a new sound
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	i=$((i + 1))
	b=$(printf '%03d_%s' $i "$(basename "${f%.*}")")
	ext=${f##*.}
	cp "$f" "$T/$b.orig.$ext"
	sox "$f" -C 6 "$T/$b.ogg.ogg"
	sox "$f" -b 16 "$T/$b.tmp.wav"
	lame --quiet -b 192 --cbr "$T/$b.tmp.wav" "$T/$b.mp3.mp3"
	rm -f "$T/$b.tmp.wav"
	sox "$f" -r 48000 -b 24 -c 2 "$T/$b.w48.wav"
done
echo "encoding_invariance: $i sounds x {ogg, mp3, w48}"
# MPEG-1 layer III (32-48 kHz) is the only one with 192 kbit/s: lame
# writes a source below 32 kHz as MPEG-2 (at most 160k) or MPEG-2.5 (at
# most 64k), not the encoding the target names
: >"$T/not192"
for m in "$T"/*.mp3.mp3; do
	r=$(soxi -r "$m")
	[ "$r" -ge 32000 ] || echo "$(basename "$m" .mp3.mp3) $r $(soxi -B "$m")" >>"$T/not192"
done

for space in $SPACES; do
	case $space in
	meyda) model=$MODEL_MEYDA ;;
	robust) model=$MODEL_ROBUST ;;
	*) echo "encoding_invariance: unknown space $space" >&2; exit 1 ;;
	esac
	ls "$T" | grep -E '\.(orig|ogg|mp3|w48)\.' | sed "s|^|$T/|" >"$T/list"
	# shellcheck disable=SC2046
	"$SER" predict -q -m "$model" --space "$space" -o "$T/$space.csv" \
		$(cat "$T/list")
done

for space in $SPACES; do
	# file,valence,arousal,...: key = sound, column = encoding
	awk -F, -v space="$space" '
	NR > 1 {
		n = split($1, p, "/"); base = p[n]
		split(base, q, ".")
		v[q[1], q[2]] = $2; a[q[1], q[2]] = $3; snd[q[1]] = 1
	}
	END {
		ne = split("ogg mp3 w48", enc, " ")
		all = 0
		for (s in snd) for (e = 1; e <= ne; e++) {
			dv = v[s, enc[e]] - v[s, "orig"]
			da = a[s, enc[e]] - a[s, "orig"]
			d = sqrt(dv * dv + da * da)
			printf "%s %s %.6f %s\n", enc[e], s, d, space
		}
	}' "$T/$space.csv" | sort -k3,3g >"$T/$space.disp"
done

for space in $SPACES; do
	awk -v space="$space" '
	function med(arr, n,   k) { k = int((n + 1) / 2); return n % 2 ? arr[k] : (arr[k] + arr[k + 1]) / 2 }
	{ d[$1, ++n[$1]] = $3; all[++na] = $3 }
	END {
		split("ogg mp3 w48", enc, " ")
		for (e = 1; e <= 3; e++) {
			m = n[enc[e]]
			for (k = 1; k <= m; k++) x[k] = d[enc[e], k]
			printf "%-7s %-4s n=%-3d median %.3f  max %.3f\n", space, enc[e], m, med(x, m), x[m]
		}
		ok = med(all, na) <= 0.03 && all[na] <= 0.10
		printf "%-7s all  n=%-3d median %.3f  max %.3f  target median <= 0.03, max <= 0.10: %s\n",
			space, na, med(all, na), all[na], ok ? "met" : "NOT met"
	}' "$T/$space.disp"
	# the same without the MP3 copies that could not be 192k CBR
	[ -s "$T/not192" ] || continue
	awk -v space="$space" -v not192="$T/not192" '
	function med(arr, n,   k) { k = int((n + 1) / 2); return n % 2 ? arr[k] : (arr[k] + arr[k + 1]) / 2 }
	BEGIN { while ((getline l < not192) > 0) { split(l, f, " "); skip[f[1]] = 1; ns++ } }
	!($1 == "mp3" && ($2 in skip)) { all[++na] = $3 }
	END {
		ok = med(all, na) <= 0.03 && all[na] <= 0.10
		printf "%-7s spec n=%-3d median %.3f  max %.3f  target median <= 0.03, max <= 0.10: %s\n",
			space, na, med(all, na), all[na], ok ? "met" : "NOT met"
	}' "$T/$space.disp"
done
if [ -s "$T/not192" ]; then
	echo "spec: every copy but $(wc -l <"$T/not192") MP3s that are not the 192k CBR asked for (source below 32 kHz):"
	awk '{ printf "  %s: %d Hz MPEG-%s, %s\n", $1, $2, $2 < 16000 ? "2.5" : "2", $3 }' "$T/not192"
fi
for space in $SPACES; do
	echo "worst in $space:"
	tail -n 5 "$T/$space.disp" | awk '{ printf "  %.3f  %s %s\n", $3, $1, $2 }'
done
