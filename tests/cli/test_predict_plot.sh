# ser predict --plot (gnuplot via plot.h) and audio inputs end to end.
. tests/cli/lib.sh

FIX="$SHARED/fixtures/emo-soundscapes-mini/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv"
M=models/default.ser

if have_gnuplot; then
	expect_ok "predict --plot png" "$SER" predict -m "$M" --features-csv "$FIX" -o "$T/p.csv" --plot "$T/va.png"
	expect_eq "predictions still written" "$(wc -l <"$T/p.csv" | tr -d ' ')" 10
	if [ -s "$T/va.png" ] && head -c 8 "$T/va.png" | od -An -c | grep -q 'P   N   G'; then
		ok "plot is a PNG"; else notok "plot is a PNG"; fi
	expect_ok "predict --plot svg" "$SER" predict -m "$M" --features-csv "$FIX" --plot "$T/va.svg"
	expect_grep "svg names a file" "mix_between_human_indicator_1-12_1-6" "$T/va.svg"
	expect_fail "--plot unwritable" 1 "$T/no/dir/x.png" \
		"$SER" predict -m "$M" --features-csv "$FIX" --plot "$T/no/dir/x.png"
else
	skip "predict --plot" "no gnuplot (install gnuplot-nox)"
fi
expect_fail "--plot unknown extension" 2 "--plot: '$T/va.gif' is not" \
	"$SER" predict -m "$M" --features-csv "$FIX" --plot "$T/va.gif"
expect_fail "--plot without gnuplot" 1 "gnuplot" \
	env SER_GNUPLOT="$T/no-gnuplot" "$SER" predict -m "$M" --features-csv "$FIX" --plot "$T/x.png"

# audio end to end: extracted on the fly, in 2 threads, same answers as 1
if [ -d tests/data ]; then
	expect_ok "predict audio files -j 2" "$SER" predict -q -m "$M" -j 2 tests/data/bell.wav tests/data/noise.wav tests/data/sweep.wav
	cp "$OUT" "$T/j2.csv"
	expect_eq "no space warning for audio on the default model" "$(cat "$ERR")" ""
	"$SER" import --tfjs-valence "$SHARED/thesis-models/valence" -o "$T/thesis.ser" &&
		expect_ok "predict audio with the plain thesis import" "$SER" predict -q -m "$T/thesis.ser" tests/data/bell.wav
	expect_grep "space warning for audio on the thesis model" "inputs are 'ser-robust-v1' features" "$ERR"
	expect_ok "predict audio files -j 1" "$SER" predict -q -m "$M" -j 1 tests/data/bell.wav tests/data/noise.wav tests/data/sweep.wav
	expect_eq "threads do not change answers" "$(cat "$OUT")" "$(cat "$T/j2.csv")"
	expect_eq "3 audio rows" "$(grep -c '^tests/data/' "$T/j2.csv")" 3
	expect_ok "predict one file alone" "$SER" predict -q -m "$M" tests/data/noise.wav
	expect_eq "a file's answer does not depend on the batch" \
		"$(grep noise.wav "$OUT")" "$(grep noise.wav "$T/j2.csv")"
	mkdir -p "$T/tree/sub" && cp tests/data/bell.wav "$T/tree/" && cp tests/data/click.wav "$T/tree/sub/"
	expect_ok "directory without -r" "$SER" predict -q -m "$M" "$T/tree"
	expect_eq "only top-level files" "$(tail -n +2 "$OUT" | cut -d, -f1)" "$T/tree/bell.wav"
	expect_ok "directory with -r" "$SER" predict -q -m "$M" -r "$T/tree"
	expect_eq "recursive, sorted" "$(tail -n +2 "$OUT" | cut -d, -f1 | tr '\n' ' ')" "$T/tree/bell.wav $T/tree/sub/click.wav "
	expect_fail "good and bad files: exit 1, good rows kept" 1 "tests/data/bad" \
		"$SER" predict -q -m "$M" tests/data/bell.wav tests/data/bad
	expect_grep "good row kept" "^tests/data/bell.wav," "$OUT"
else
	skip "audio end to end" "no tests/data audio in this tree"
fi
