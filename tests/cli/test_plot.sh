# ser plot: formats by extension, SVG names and hover text, text plots,
# awkward names, missing gnuplot, unwritable output, bad CSVs, usage errors.
. tests/cli/lib.sh

# magic NAME FILE HEX: FILE starts with the bytes HEX (lowercase, no spaces)
magic() {
	got=$(od -An -tx1 -N$((${#3} / 2)) "$2" 2>/dev/null | tr -d ' \n')
	expect_eq "$1" "$got" "$3"
}

P="$T/pred.csv"
cat >"$P" <<'CSV'
file,valence,arousal,quadrant,emotion
/snd/dog_bark.wav,-0.42,0.07,unpleasant-eventful,afraid
"rain on roof.wav",-0.21,0.17,unpleasant-eventful,annoyed
"it's ""quoted"", with comma.wav",0.54,-0.04,pleasant-uneventful,glad
café_ambience.wav,0.21,0.59,pleasant-eventful,excited
CSV

expect_ok "plot --help" "$SER" plot --help
for o in --output --terminal --title --no-labels --width --height; do
	expect_grep "plot --help documents $o" "$o" "$OUT"
done

# everything that draws needs gnuplot: without it these are skipped, and
# the "gnuplot not found" checks below still run
if have_gnuplot; then
	expect_ok "plot png" "$SER" plot "$P" -o "$T/p.png"
	magic "png magic" "$T/p.png" 89504e470d0a1a0a
	expect_ok "plot pdf" "$SER" plot "$P" -o "$T/p.pdf" --title "A & B"
	magic "pdf magic" "$T/p.pdf" 255044462d
	expect_ok "plot svg" "$SER" plot "$P" -o "$T/p.svg"
	magic "svg magic" "$T/p.svg" 3c3f786d6c
	expect_grep "svg names the files" "<text>dog_bark.wav</text>" "$T/p.svg"
	expect_grep "svg quoted name" "<text>it's \"quoted\", with comma.wav</text>" "$T/p.svg"
	expect_grep "svg unicode name" "café_ambience.wav" "$T/p.svg"
	expect_grep "svg hover text" "showHypertext\(evt,'rain on roof.wav" "$T/p.svg"
	if command -v xmllint >/dev/null 2>&1; then
		expect_ok "svg is well-formed XML" xmllint --noout "$T/p.svg"
	fi
	expect_ok "plot --no-labels" "$SER" plot "$P" -o "$T/nl.svg" --no-labels
	if grep -q "<text>dog_bark.wav</text>" "$T/nl.svg"; then
		notok "--no-labels drops name labels"
	else ok "--no-labels drops name labels"; fi

	expect_ok "plot --terminal dumb" "$SER" plot "$P" --terminal dumb
	expect_grep "dumb: title" "Valence-arousal plane \(4 sounds\)" "$OUT"
	expect_grep "dumb: axis label" "valence \(unpleasant \.\. pleasant\)" "$OUT"
	expect_grep "dumb: axis ticks" "^ +-1 +-0\.5 +0 +0\.5 +1" "$OUT"
	expect_grep "dumb: quadrant" "pleasant-eventful" "$OUT"
	expect_grep "dumb: file label" "dog_bark\.wav" "$OUT"
	expect_ok "dumb to a file" "$SER" plot "$P" --terminal dumb -o "$T/p.txt" --width 100 --height 30
	expect_grep "dumb file written" "rain on roof\.wav" "$T/p.txt"
	# gnuplot writes the text plot; a stdout that cannot take it is an error
	# (gnuplot itself exits 0 on a full disk)
	if [ -w /dev/full ]; then
		"$SER" plot "$P" --terminal dumb >/dev/full 2>"$ERR"
		expect_eq "dumb to a full stdout exits 1" $? 1
		expect_grep "dumb to a full stdout: write error" "^ser: stdout: write error" "$ERR"
	else
		skip "dumb to a full stdout" "no /dev/full"
	fi
else
	skip "plots in every format" "no gnuplot (install gnuplot-nox)"
fi

# runtime failures: exit 1 with a clear message, no output left behind
# (env, not VAR=x before a shell function: that may outlive the call)
expect_fail "missing gnuplot" 1 "^ser: gnuplot not found.*install gnuplot-nox" \
	env SER_GNUPLOT=/nonexistent "$SER" plot "$P" -o "$T/g.png"
[ -e "$T/g.png" ] && notok "no output without gnuplot" || ok "no output without gnuplot"
mkdir -p "$T/empty"
expect_fail "gnuplot not on PATH" 1 "^ser: gnuplot not found: install gnuplot-nox" \
	env -u SER_GNUPLOT PATH="$T/empty" "$SER" plot "$P" -o "$T/g.png"
if have_gnuplot; then
	expect_fail "unwritable output" 1 "^ser: $T/no/dir/p.png: cannot write" \
		"$SER" plot "$P" -o "$T/no/dir/p.png"
else
	skip "unwritable output" "no gnuplot (install gnuplot-nox)"
fi
printf 'file,valence,arousal\na.wav,0.1,0.2\nb.wav,0.3,high\n' >"$T/bad.csv"
expect_fail "bad value: file:line:col" 1 "^ser: $T/bad.csv:3:3: 'high' is not a finite number" \
	"$SER" plot "$T/bad.csv" -o "$T/b.png"
printf 'file,valence,arousal\na.wav,0.1\n' >"$T/ragged.csv"
expect_fail "ragged row: file:line" 1 "^ser: $T/ragged.csv:2: expected 3 fields" \
	"$SER" plot "$T/ragged.csv" -o "$T/b.png"
printf 'name,valence,arousal\na.wav,0.1,0.2\n' >"$T/nofile.csv"
expect_fail "missing column" 1 "no 'file' column" "$SER" plot "$T/nofile.csv" -o "$T/b.png"
expect_fail "missing csv" 1 "^ser: $T/none.csv: cannot open" "$SER" plot "$T/none.csv" -o "$T/b.png"

# usage errors: exit 2
expect_fail "no arguments" 2 "missing PRED.csv" "$SER" plot
expect_fail "no output" 2 "give -o" "$SER" plot "$P"
expect_fail "unknown extension" 2 "unknown format" "$SER" plot "$P" -o "$T/p.gif"
expect_fail "unknown terminal" 2 "only dumb" "$SER" plot "$P" --terminal x11
expect_fail "bad width" 2 "--width" "$SER" plot "$P" -o "$T/p.png" --width abc
expect_fail "two inputs" 2 "one PRED.csv" "$SER" plot "$P" "$P" -o "$T/p.png"

# make demo end to end (predict --plot on real sounds), into scratch space
if ! have_gnuplot; then
	skip "demo" "no gnuplot (install gnuplot-nox)"
elif ls /usr/share/sounds/freedesktop/stereo/*.oga >/dev/null 2>&1; then
	expect_ok "demo runs" env BUILD="${BUILD:-build}" DEMO_OUT="$T/demo" sh scripts/demo.sh
	expect_grep "demo says where the plot is" "^demo: plot: +$T/demo/va-plane.png" "$OUT"
	expect_grep "demo predictions header" "^file,valence,arousal,quadrant,emotion" "$T/demo/predictions.csv"
	expect_grep "demo predicts a theme sound" "^/usr/share/sounds/freedesktop/stereo/complete.oga,-?[0-9]" "$T/demo/predictions.csv"
	expect_grep "demo predicts test audio" "^tests/data/sweep.wav,-?[0-9]" "$T/demo/predictions.csv"
	magic "demo png" "$T/demo/va-plane.png" 89504e470d0a1a0a
else
	skip "demo" "sound-theme-freedesktop not installed"
fi
