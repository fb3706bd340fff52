# ser import / info / predict on the thesis models, and every bad input.
. tests/cli/lib.sh

TM="$SHARED/thesis-models"
FIX="$SHARED/fixtures/emo-soundscapes-mini/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv"
M="$T/thesis.ser"

# ---- import ----
expect_ok "import thesis models" "$SER" import --tfjs-valence "$TM/valence" \
	--tfjs-arousal "$TM/arousal" --data "thesis final MLPs" -o "$M"
expect_ok "info on imported model" "$SER" info "$M"
expect_grep "info: space" "^space +emo-soundscapes-normalized$" "$OUT"
expect_grep "info: valence mlp" "^valence +mlp .*74 -> 50 -> 20 -> 1.*4791 parameters" "$OUT"
expect_grep "info: arousal mlp" "^arousal +mlp " "$OUT"
expect_grep "info: provenance" "^data +thesis final MLPs$" "$OUT"
expect_grep "info: last feature" "74 +spectral_slope_std +0 +1$" "$OUT"
expect_fail "import without -o" 2 "-o MODEL.ser is required" "$SER" import --tfjs-valence "$TM/valence"
expect_fail "import without dirs" 2 "tfjs-valence" "$SER" import -o "$T/x.ser"
expect_fail "import missing dir" 1 "^ser: $T/nodir/model.json: cannot open" \
	"$SER" import --tfjs-valence "$T/nodir" -o "$T/x.ser"
mkdir -p "$T/badjson" && printf '{"format":"layers-model"' >"$T/badjson/model.json"
expect_fail "import bad JSON" 1 "model.json: not valid JSON" \
	"$SER" import --tfjs-arousal "$T/badjson" -o "$T/x.ser"
mkdir -p "$T/short" && cp "$TM/arousal/model.json" "$T/short/" &&
	head -c 1000 "$TM/arousal/group1-shard1of1.bin" >"$T/short/group1-shard1of1.bin"
expect_fail "import short shard" 1 "weight shards too short" \
	"$SER" import --tfjs-arousal "$T/short" -o "$T/x.ser"
[ ! -e "$T/x.ser" ] && ok "failed import writes nothing" || notok "failed import writes nothing"
expect_fail "import unwritable output" 1 "^ser: $T/no/such/dir/x.ser: cannot write" \
	"$SER" import --tfjs-valence "$TM/valence" -o "$T/no/such/dir/x.ser"

# ---- predict from a features CSV: the TF.js golden values ----
expect_ok "predict --features-csv" "$SER" predict -m "$M" --features-csv "$FIX" -o "$T/p.csv"
expect_eq "no space warning for matching space" "$(cat "$ERR")" ""
expect_eq "predict header" "$(head -1 "$T/p.csv")" "file,valence,arousal,quadrant,emotion"
expect_eq "predict rows" "$(wc -l <"$T/p.csv" | tr -d ' ')" 10
# golden row 1 (tests/golden/tfjs_thesis.csv): -0.624161661, 0.505404949
expect_grep "predict matches TF.js" "^mix_between_human_indicator_1-12_1-6.wav,-0.624162,0.505405,unpleasant-eventful,[a-z]+$" "$T/p.csv"
expect_ok "predict json" "$SER" predict -m "$M" --features-csv "$FIX" --format json
expect_grep "json valence" '"valence":[[:space:]]*-0.624162,' "$OUT"
expect_grep "json quadrant" '"quadrant":[[:space:]]*"unpleasant-eventful"' "$OUT"

# a file's answer does not depend on the batch (model normalization) ...
head -1 "$FIX" | tr '\r' '\n' | head -1 >"$T/one.csv"
tr '\r' '\n' <"$FIX" | sed -n 5p >>"$T/one.csv"
expect_ok "predict one row" "$SER" predict -m "$M" --features-csv "$T/one.csv"
row=$(sed -n 2p "$OUT")
expect_grep "same answer alone and in the batch" "^$row\$" "$T/p.csv"
# ... unless --normalize batch, the thesis app's behaviour (fixed formula)
expect_ok "predict --normalize batch" "$SER" predict -m "$M" --features-csv "$FIX" --normalize batch
if cmp -s "$OUT" "$T/p.csv"; then notok "batch normalization changes answers"; else ok "batch normalization changes answers"; fi
expect_ok "batch of one: all-zero input" "$SER" predict -m "$M" --features-csv "$T/one.csv" --normalize batch
expect_grep "batch of one gives one row" "^mix_between_human_indicator_2-12_2-6.wav,-?[0-9.]+,-?[0-9.]+," "$OUT"

# one-target model: the other column, quadrant and emotion are empty
expect_ok "import valence only" "$SER" import --tfjs-valence "$TM/valence" -o "$T/v.ser"
expect_ok "predict with valence-only model" "$SER" predict -m "$T/v.ser" --features-csv "$FIX"
expect_grep "arousal column empty" "^mix_between_human_indicator_1-12_1-6.wav,-0.624162,,,$" "$OUT"
expect_ok "valence-only json" "$SER" predict -m "$T/v.ser" --features-csv "$FIX" --format json
expect_grep "json null arousal" '"arousal":[[:space:]]*null' "$OUT"

# space mismatch warns: a ser-extract-style table (column "file")
tr '\r' '\n' <"$FIX" | sed '1s/^fileName,/file,/' >"$T/meyda.csv"
expect_ok "predict other feature space" "$SER" predict -m "$M" --features-csv "$T/meyda.csv"
expect_grep "space mismatch warning" "warning: the model was trained on 'emo-soundscapes-normalized' features but the inputs are 'ser-robust-v1'" "$ERR"
expect_ok "--input-space silences the guess" "$SER" predict -m "$M" --features-csv "$T/meyda.csv" --input-space emo-soundscapes-normalized
expect_eq "no warning with --input-space" "$(cat "$ERR")" ""

# ---- bad inputs ----
cp "$M" "$T/flip.ser"
printf '\377' | dd of="$T/flip.ser" bs=1 seek=3000 conv=notrunc 2>/dev/null
expect_fail "flipped byte -> CRC error" 1 "^ser: $T/flip.ser: corrupt model: CRC-32 mismatch" \
	"$SER" predict -m "$T/flip.ser" --features-csv "$FIX"
expect_fail "info on corrupt model" 1 "CRC-32 mismatch" "$SER" info "$T/flip.ser"
head -c 5000 "$M" >"$T/trunc.ser"
expect_fail "truncated model" 1 "^ser: $T/trunc.ser: truncated model file" \
	"$SER" predict -m "$T/trunc.ser" --features-csv "$FIX"
head -c 10 "$M" >"$T/trunc2.ser"
expect_fail "truncated header" 1 "truncated model file" "$SER" info "$T/trunc2.ser"
expect_fail "foreign file as model" 1 "^ser: $FIX: not a ser model file" \
	"$SER" predict -m "$FIX" --features-csv "$FIX"
: >"$T/empty.ser"
expect_fail "empty model file" 1 "not a ser model file" "$SER" info "$T/empty.ser"
# a directory opens like a file, then cannot be read: say so
mkdir -p "$T/adir.ser"
expect_fail "directory as model" 1 "^ser: $T/adir.ser: read error: Is a directory" "$SER" info "$T/adir.ser"
expect_fail "missing model" 1 "^ser: $T/none.ser: cannot open model" \
	"$SER" predict -m "$T/none.ser" --features-csv "$FIX"
expect_fail "missing SER_MODEL" 1 "cannot open model" \
	env SER_MODEL="$T/none.ser" "$SER" predict --features-csv "$FIX"
expect_ok "SER_MODEL used when -m is omitted" env SER_MODEL="$M" "$SER" predict --features-csv "$FIX"
cut -d, -f1-74 "$T/meyda.csv" >"$T/narrow.csv"
expect_fail "features CSV lacking a model feature" 1 "narrow.csv: no feature 'chromagram_mean_1' \(the model needs its 74 features by name\)" \
	"$SER" predict -m "$M" --features-csv "$T/narrow.csv"
sed '3s/,0\.[0-9]*,/,abc,/' "$T/meyda.csv" >"$T/nan.csv"
expect_fail "non-numeric feature" 1 "nan.csv:3:2: 'abc' is not a finite number" \
	"$SER" predict -m "$M" --features-csv "$T/nan.csv"
expect_fail "missing features CSV" 1 "$T/nope.csv" "$SER" predict -m "$M" --features-csv "$T/nope.csv"
head -1 "$T/meyda.csv" >"$T/header.csv"
expect_fail "features CSV without rows" 1 "header.csv: no data rows" \
	"$SER" predict -m "$M" --features-csv "$T/header.csv"
echo keep >"$T/old.csv"
expect_fail "unwritable output" 1 "^ser: $T/no/dir/p.csv: cannot write" \
	"$SER" predict -m "$M" --features-csv "$FIX" -o "$T/no/dir/p.csv"
expect_fail "failed run keeps old output" 1 "cannot open model" \
	"$SER" predict -m "$T/none.ser" --features-csv "$FIX" -o "$T/old.csv"
expect_eq "old output untouched" "$(cat "$T/old.csv")" keep

# bad audio files are reported and skipped, exit 1, the header still written
printf 'not audio' >"$T/bad.wav"
expect_fail "unreadable audio reported" 1 "^ser: .*bad.wav" \
	"$SER" predict -m "$M" -q "$T/bad.wav" "$T/missing.wav" -o "$T/a.csv"
expect_grep "missing file reported" "missing.wav" "$ERR"
expect_grep "failure count" "2 of 2 files could not be read" "$ERR"
expect_eq "output has the header only" "$(cat "$T/a.csv")" "file,valence,arousal,quadrant,emotion"
mkdir -p "$T/emptydir"
expect_fail "directory without audio" 1 "no audio files" "$SER" predict -m "$M" "$T/emptydir"

# usage errors
expect_fail "predict: no input" 2 "no input" "$SER" predict -m "$M"
expect_fail "predict: paths and csv" 2 "not both" "$SER" predict -m "$M" --features-csv "$FIX" x.wav
expect_fail "predict: bad format" 2 "--format: 'xml'" "$SER" predict -m "$M" --features-csv "$FIX" --format xml
expect_fail "predict: bad normalize" 2 "--normalize: 'minmax'" "$SER" predict -m "$M" --features-csv "$FIX" --normalize minmax
expect_fail "predict: bad jobs" 2 "--jobs" "$SER" predict -m "$M" -j 0 x.wav
expect_fail "predict: unknown option" 2 "Try 'ser predict --help'" "$SER" predict --bogus
expect_fail "info: no model" 2 "expected one MODEL.ser" "$SER" info
expect_fail "info: two models" 2 "expected one MODEL.ser" "$SER" info a b

# ---- the default model (models/default.ser beside build/) ----
# (what it holds is tests/cli/test_default.sh's business; here: it is found)
expect_ok "default model used without -m" env -u SER_MODEL "$SER" predict -q tests/data/bell.wav
cp "$OUT" "$T/default-bell.csv"
expect_ok "the same model with -m" "$SER" predict -q -m models/default.ser tests/data/bell.wav
expect_eq "default model = models/default.ser" "$(cat "$OUT")" "$(cat "$T/default-bell.csv")"
expect_ok "info on models/default.ser" "$SER" info models/default.ser
expect_grep "default model space" "^space +ser-robust-v1$" "$OUT"
expect_grep "info says it is uncalibrated" "UNCALIBRATED" "$OUT"
# a ser binary outside any source tree, with nothing installed: clear error
mkdir -p "$T/bin" && cp "$SER" "$T/bin/ser"
moddir=$("$SER" predict --help | sed -n 's|^ *\(/.*\)/default.ser$|\1|p')
if [ -e "$moddir/default.ser" ]; then
	skip "no model anywhere" "$moddir/default.ser is installed"
else
	expect_fail "no model anywhere" 1 "no model: pass -m MODEL.ser or set SER_MODEL" \
		env -u SER_MODEL "$T/bin/ser" predict --features-csv "$FIX"
fi
# an installed tree (bin/ and share/ser/models/ side by side), wherever it is
mkdir -p "$T/inst/bin" "$T/inst/share/ser/models"
cp "$SER" "$T/inst/bin/ser" && cp models/default.ser "$T/inst/share/ser/models/"
expect_ok "installed tree finds its model" env -u SER_MODEL "$T/inst/bin/ser" predict -q tests/data/bell.wav
expect_eq "installed model answers" "$(cat "$OUT")" "$(cat "$T/default-bell.csv")"
