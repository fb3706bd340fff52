# ser extract on a library of every container and codec libsndfile reads
# (tests/data/formats, made by tests/oracle/make_formats.sh from real
# recordings): exit 0, one row of 74 finite numbers per file; CBR MP3s
# without an Info header (estimated length) are whole, not "truncated";
# damaged files are named, skipped, exit 1.
. tests/cli/lib.sh
F=tests/data/formats
n=$(ls "$F" | grep -cv '^README')
expect_ok "extract every format" "$SER" extract -q "$F"
cp "$OUT" "$T/all.csv"
expect_eq "one row per file" "$(tail -n +2 "$T/all.csv" | wc -l | tr -d ' ')" "$n"
bad=$(tail -n +2 "$T/all.csv" | awk -F, '{
	if (NF != 75) { print $1 ": " NF - 1 " values"; next }
	for (i = 2; i <= NF; i++)
		if ($i !~ /^-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?$/) { print $1 ": " $i; next }
}')
expect_eq "74 finite values per file" "$bad" ""
for kind in wav-ulaw wav-alaw wav-ima-adpcm wav-ms-adpcm wav-u8 wav-pcm24-48k \
	wav-pcm32 wav-float-96k rf64 wavex-pcm16 wavex-5.1 w64 caf-alac caf-pcm16 \
	au-pcm16 au-ulaw aiff-pcm16 aiff-pcm24 flac16 flac24 vorbis opus \
	mp3-cbr128- mp3-cbr128-notag mp3-vbr mp3-abr96 mp3-cbr16-8k-mono \
	mp3-vbr-16k-mono mp3-cbr64-22k mp3-cbr64-24k mp3-vbr-32k mp3-cbr192-48k \
	mp3-abr160-48k; do
	expect_grep "format covered: $kind" "^$F/$kind" "$T/all.csv"
done
# a 0.5 s file gives 42 frames whatever its rate: the resampled length is right
expect_ok "stderr quiet on good files" test ! -s "$ERR"

# damaged: a text file named .mp3 and an MP3 with 3000 bytes of zeros in
# the middle (mpg123 gives up its resync after 1024 bytes: the decoder's
# own error) are named and skipped; the rest is written
s=$(wc -c <"$F/mp3-cbr128.mp3")
{ head -c $((s / 2)) "$F/mp3-cbr128.mp3"; head -c 3000 /dev/zero
  tail -c $((s / 2)) "$F/mp3-cbr128.mp3"; } >"$T/broken.mp3"
echo "not audio" >"$T/text.mp3"
expect_fail "MP3 broken mid-stream: named, exit 1" 1 "^ser: $T/broken.mp3: corrupt audio" \
	"$SER" extract -q -o "$T/b.csv" "$F/flac16.flac" "$T/broken.mp3" "$F/mp3-vbr.mp3"
expect_eq "MP3 broken mid-stream: others written" \
	"$(cut -d, -f1 "$T/b.csv" | tail -n +2 | tr '\n' ' ')" "$F/flac16.flac $F/mp3-vbr.mp3 "
expect_fail "text named .mp3: named, exit 1" 1 "^ser: $T/text.mp3: not a readable audio file" \
	"$SER" extract -q -o "$T/b.csv" "$F/flac16.flac" "$T/text.mp3"
# a WAV cut short: refused, saying how much is there
s=$(wc -c <"$F/wav-pcm24-48k.wav")
head -c $((s / 2)) "$F/wav-pcm24-48k.wav" >"$T/cut.wav"
expect_fail "WAV cut short: frames and seconds" 1 \
	"^ser: $T/cut.wav: truncated: the data stops after 11996 of 24000 frames \(0\.25 of 0\.50 s\)" \
	"$SER" extract -q "$T/cut.wav"
s=$(wc -c <"$F/aiff-pcm16.aiff")
head -c $((s / 2)) "$F/aiff-pcm16.aiff" >"$T/cut.aiff"
expect_fail "AIFF cut short" 1 "^ser: $T/cut.aiff: truncated: the data stops after [0-9]+ of 22050 frames \(0\.[0-9]+ of 0\.50 s\)" \
	"$SER" extract -q "$T/cut.aiff"

# short files: extracted, with a warning naming them (docs/audio.md); -q
# silences it; 0.5 s and longer: no warning
expect_ok "short file: still extracted (exit 0)" "$SER" extract tests/data/short.wav tests/data/bell.wav tests/data/noise.wav
expect_grep "under one frame: warned" "^ser: warning: tests/data/short.wav: only 0\.016 s of audio, less than one 1024-sample analysis frame" "$ERR"
expect_grep "0.14 s: warned with its frame count" "^ser: warning: tests/data/bell.wav: only 0\.139 s of audio \(under 0\.5 s\): its features come from 11 frames" "$ERR"
expect_eq "1 s: no warning, 2 warnings in all" "$(grep -c warning "$ERR")" 2
expect_eq "short file: a row each" "$(tail -n +2 "$OUT" | wc -l | tr -d ' ')" 3
expect_ok "extract -q: no warning" "$SER" extract -q tests/data/short.wav
expect_eq "extract -q: stderr empty" "$(cat "$ERR")" ""
M=models/default.ser
if [ -f "$M" ]; then
	expect_ok "predict a short file: exit 0" "$SER" predict -m "$M" tests/data/short.wav
	expect_grep "predict warns of a short file" "^ser: warning: tests/data/short.wav: only" "$ERR"
	expect_grep "predict still predicts it" "^tests/data/short.wav,-?[0-9]" "$OUT"
fi

# a rate too far from 44.1 kHz to resample (more than 256x): named, exit 1
# (a "1 Hz" header would otherwise turn each sample into a second of work)
{
	printf 'RIFF'; le32 236; printf 'WAVEfmt '
	le32 16; printf '\001\000\001\000'; le32 100; le32 200
	printf '\002\000\020\000data'; le32 200
	head -c 200 /dev/zero
} >"$T/r100.wav"
expect_fail "100 Hz: ratio out of range" 1 "^ser: $T/r100.wav: cannot resample 100 Hz to 44100 Hz \(ratio out of range\)" \
	"$SER" extract -q "$T/r100.wav"
