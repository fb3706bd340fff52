#!/bin/sh
# tests/oracle/make_formats.sh - tests/data/formats/: one short file per
# container and codec a sound library holds (see tests/data/README.md),
# cut from real recordings (the freedesktop sound theme and bell.wav), and
# the MP3 Meyda golden tests/golden/meyda_mp3.csv: Meyda 5.6.3 fed with
# libsndfile's own offline decode of two of the MP3s.
#
#   sh tests/oracle/make_formats.sh     (from the repository root)
#
# Needs sox, lame, a C compiler, libsndfile (>= 1.1: MP3, Opus), and for
# the golden node + `npm ci` in tests/oracle. Every step is deterministic
# (sox -D: no dither; lame and libsndfile's encoders have no randomness).
set -eu
cd "$(dirname "$0")/../.."
OUT=tests/data/formats
FD=/usr/share/sounds/freedesktop/stereo
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*.wav "$OUT"/*.w64 "$OUT"/*.caf "$OUT"/*.au "$OUT"/*.aiff \
	"$OUT"/*.flac "$OUT"/*.ogg "$OUT"/*.opus "$OUT"/*.mp3
# shellcheck disable=SC2046
cc -O2 -o "$T/sfconvert" tests/oracle/sfconvert.c $(pkg-config --cflags --libs sndfile)

# sources, 0.5 s each
sox -D "$FD/trash-empty.oga" -b 24 -r 48000 "$T/te48.wav" trim 0.1 0.5 # 48 kHz stereo
sox -D "$FD/complete.oga" -b 16 "$T/c44.wav" trim 0 0.5                 # 44.1 kHz stereo
sox -D "$FD/camera-shutter.oga" -b 24 "$T/shutter96.wav" trim 0 0.25    # 96 kHz stereo
sox -D tests/data/trash-empty.wav "$T/mono44.wav" trim 0.2 0.5          # 44.1 kHz mono
sox -D "$T/c44.wav" -r 8000 -c 1 "$T/c8k.wav"
sox -D "$T/c44.wav" -r 22050 "$T/c22.wav"
sox -D "$T/c44.wav" -r 16000 -c 1 "$T/c16k.wav"
# 5.1: L R C LFE Ls Rs
sox -D "$T/c44.wav" "$T/c51.wav" trim 0 0.25 remix 1 2 1,2 1,2 1 2

conv() { "$T/sfconvert" "$T/$1.wav" "$OUT/$2" "$3"; }
conv mono44    wav-u8.wav             wav:u8
conv c8k       wav-ulaw-8k.wav        wav:ulaw
conv c8k       wav-alaw-8k.wav        wav:alaw
conv c22       wav-ima-adpcm-22k.wav  wav:ima
conv c22       wav-ms-adpcm-22k.wav   wav:ms
conv te48    wav-pcm24-48k.wav      wav:pcm24
conv c44       wav-pcm32.wav          wav:pcm32
conv shutter96 wav-float-96k.wav      wav:float
conv te48    rf64-pcm24-48k.wav     rf64:pcm24
conv c44       wavex-pcm16.wav        wavex:pcm16
conv c51       wavex-5.1.wav          wavex:pcm16
conv c44       w64-pcm16.w64          w64:pcm16
conv te48    caf-alac-48k.caf       caf:alac16
conv c44       caf-pcm16.caf          caf:pcm16
conv c44       au-pcm16.au            au:pcm16
conv c8k       au-ulaw-8k.au          au:ulaw
conv c44       aiff-pcm16.aiff        aiff:pcm16
conv te48    aiff-pcm24-48k.aiff    aiff:pcm24
conv c44       flac16.flac            flac:pcm16
conv te48    flac24-48k.flac        flac:pcm24
conv c44       vorbis.ogg             ogg:vorbis
conv te48    opus-48k.opus          ogg:opus

# MP3 as encoders write it: CBR with and without the Xing/Info header
# (without it libsndfile's length is an estimate), VBR, ABR; MPEG-1, -2
# and -2.5 sample rates, mono and stereo
L="lame --quiet"
$L -b 128 --cbr  "$T/c44.wav"    "$OUT/mp3-cbr128.mp3"
$L -t -b 128     "$T/c44.wav"    "$OUT/mp3-cbr128-notag.mp3"
$L -V 2          "$T/c44.wav"    "$OUT/mp3-vbr.mp3"
$L --abr 96      "$T/c44.wav"    "$OUT/mp3-abr96.mp3"
$L -t -m m -b 64 "$T/mono44.wav" "$OUT/mp3-cbr64-mono-notag.mp3"
$L -b 16         "$T/c8k.wav"    "$OUT/mp3-cbr16-8k-mono.mp3"
$L -V 4          "$T/c16k.wav"   "$OUT/mp3-vbr-16k-mono.mp3"
$L -t -b 64      "$T/c22.wav"    "$OUT/mp3-cbr64-22k-notag.mp3"
$L --resample 24 -b 64 "$T/c44.wav" "$OUT/mp3-cbr64-24k.mp3"
$L --resample 32 -V 3  "$T/c44.wav" "$OUT/mp3-vbr-32k.mp3"
$L -b 192        "$T/te48.wav" "$OUT/mp3-cbr192-48k.mp3"
$L --abr 160 -t  "$T/te48.wav" "$OUT/mp3-abr160-48k-notag.mp3"

# the Meyda golden: libsndfile decodes the MP3 (as ser does) to float WAV,
# Meyda reads those samples, averaging channels in float32 as ser does
if [ -d tests/oracle/node_modules/meyda ]; then
	set --
	for m in mp3-cbr128-notag mp3-cbr64-mono-notag mp3-vbr; do
		"$T/sfconvert" "$OUT/$m.mp3" "$T/$m.wav" wav:float
		set -- "$@" "$OUT/$m.mp3=$T/$m.wav"
	done
	node tests/oracle/meyda_golden.js tests/golden/meyda_mp3.csv "$@"
else
	echo "make_formats: no tests/oracle/node_modules/meyda (cd tests/oracle && npm ci): golden not remade" >&2
fi
ls -l "$OUT"
