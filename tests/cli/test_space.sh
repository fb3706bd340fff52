# --space meyda|robust on extract, train, predict and import
# (docs/features.md): robust is the default, meyda is Meyda's values
# exactly, a model's own space is used by predict, caches are keyed by it.
. tests/cli/lib.sh

G=tests/golden/meyda_features.csv
FILES="tests/data/bell.wav tests/data/trash-empty.wav tests/data/sweep.wav"

# ---- extract ----
expect_ok "extract --space meyda" "$SER" extract -q --space meyda $FILES
cp "$OUT" "$T/meyda.csv"
# every value within 1e-4 relative (1e-6 absolute) of the real Meyda's
bad=$(awk -F, 'NR == FNR { if (FNR > 1) for (i = 2; i <= NF; i++) g[$1, i] = $i; next }
	FNR > 1 { for (i = 2; i <= NF; i++) {
		d = $i - g[$1, i]; if (d < 0) d = -d
		a = g[$1, i]; if (a < 0) a = -a
		if (!(($1, i) in g) || (d > 1e-6 && d > 1e-4 * a)) print $1, i
	} }' "$G" "$T/meyda.csv")
expect_eq "--space meyda = the Meyda golden values" "$bad" ""
expect_ok "extract --space ser-meyda-v1 (the tag)" "$SER" extract -q --space ser-meyda-v1 $FILES
expect_eq "the tag names the same space" "$(cat "$OUT")" "$(cat "$T/meyda.csv")"
expect_ok "extract (default)" "$SER" extract -q $FILES
cp "$OUT" "$T/default.csv"
expect_ok "extract --space robust" "$SER" extract -q --space robust $FILES
expect_eq "robust is the default" "$(cat "$OUT")" "$(cat "$T/default.csv")"
if [ "$(cat "$T/default.csv")" != "$(cat "$T/meyda.csv")" ]; then
	ok "robust differs from meyda"
else notok "robust differs from meyda"; fi
expect_eq "robust: 74 finite values per file" "$(tail -n +2 "$T/default.csv" |
	awk -F, '{ n = 0; for (i = 2; i <= NF; i++) if ($i ~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/) n++; print n }' | sort -u)" 74
expect_fail "extract --space bogus" 2 "--space: 'bogus' is not meyda or robust" \
	"$SER" extract --space bogus tests/data/bell.wav
expect_ok "extract --help" "$SER" extract --help
expect_grep "extract help: --space" "^ +--space S +robust \(default" "$OUT"

# ---- predict: the model's own space by default ----
expect_ok "predict with the default model (robust)" env -u SER_MODEL "$SER" predict -q tests/data/bell.wav
expect_eq "no space warning" "$(cat "$ERR")" ""
cp "$OUT" "$T/p-robust.csv"
expect_ok "predict --space meyda on the robust model" env -u SER_MODEL "$SER" predict -q --space meyda tests/data/bell.wav
expect_grep "mismatch warned" "the model was trained on 'ser-robust-v1' features but the inputs are 'ser-meyda-v1'" "$ERR"
expect_ok "predict with the meyda default model, no --space" "$SER" predict -q -m models/default-meyda.ser tests/data/bell.wav
expect_eq "meyda model: no space warning (its space is used)" "$(cat "$ERR")" ""
cp "$OUT" "$T/p-meyda.csv"
expect_ok "the same with --space meyda" "$SER" predict -q -m models/default-meyda.ser --space meyda tests/data/bell.wav
expect_eq "model's space = --space meyda" "$(cat "$OUT")" "$(cat "$T/p-meyda.csv")"
expect_ok "meyda model, --space robust" "$SER" predict -q -m models/default-meyda.ser --space robust tests/data/bell.wav
expect_grep "explicit --space wins (warned)" "inputs are 'ser-robust-v1'" "$ERR"
expect_ok "predict a meyda table with the meyda model" "$SER" predict -q -m models/default-meyda.ser --features-csv "$T/meyda.csv"
expect_eq "a ser extract table is taken in the model's space" "$(cat "$ERR")" ""
expect_fail "predict --space bogus" 2 "--space" "$SER" predict --space x tests/data/bell.wav
expect_ok "predict --help" "$SER" predict --help
expect_grep "predict help: --space" "^ +--space S +the space audio is extracted in" "$OUT"

# ---- train --audio: the space extracted in, recorded; cache keyed by it ----
A="$T/aud"
mkdir -p "$A"
cp tests/data/bell.wav tests/data/noise.wav tests/data/sweep.wav "$A/"
printf 'file,valence,arousal\nbell.wav,0.5,0.2\nnoise.wav,-0.6,0.7\nsweep.wav,0.1,0.3\n' >"$A/labels.csv"
expect_ok "train --audio (robust)" "$SER" train --labels "$A/labels.csv" --audio --model svr --cache "$T/c.csv" -o "$T/r.ser"
expect_grep "robust cache rows" "^bell.wav,[0-9]+,[0-9.]+,ser-robust-v1/2," "$T/c.csv"
expect_ok "train --audio --space meyda, same cache" "$SER" train --labels "$A/labels.csv" --audio --space meyda --model svr --cache "$T/c.csv" -o "$T/m.ser"
expect_grep "robust rows not reused for meyda" "3 files: 0 from the feature cache, 3 extracted" "$ERR"
expect_grep "meyda cache rows" "^bell.wav,[0-9]+,[0-9.]+,ser-meyda-v1/2," "$T/c.csv"
expect_ok "train --audio --space meyda again" "$SER" train --labels "$A/labels.csv" --audio --space meyda --model svr --cache "$T/c.csv" -o "$T/m.ser"
expect_grep "meyda rows reused" "3 files: 3 from the feature cache" "$ERR"
expect_ok "info meyda audio model" "$SER" info "$T/m.ser"
expect_grep "meyda audio model space" "^space +ser-meyda-v1$" "$OUT"
expect_ok "info robust audio model" "$SER" info "$T/r.ser"
expect_grep "robust audio model space" "^space +ser-robust-v1$" "$OUT"
expect_ok "predict with the meyda-trained model" "$SER" predict -q -m "$T/m.ser" "$A/bell.wav"
expect_eq "predicted in its space: no warning" "$(cat "$ERR")" ""
# a ser extract table given with --space is recorded in that space
printf 'file,valence,arousal\ntests/data/bell.wav,0.5,0.2\ntests/data/trash-empty.wav,-0.6,0.7\ntests/data/sweep.wav,0.1,0.3\n' >"$T/lab.csv"
expect_ok "train --features-csv --space meyda" "$SER" train --features-csv "$T/meyda.csv" \
	--labels "$T/lab.csv" --space meyda --model svr -q -o "$T/fm.ser"
expect_ok "info features-csv model" "$SER" info "$T/fm.ser"
expect_grep "features-csv model in the given space" "^space +ser-meyda-v1$" "$OUT"
expect_fail "train --space bogus" 2 "--space" "$SER" train --labels "$A/labels.csv" --audio --space x --model svr -o "$T/x.ser"
expect_ok "train --help" "$SER" train --help
expect_grep "train help: --space" "^ +--space S +the space --audio extracts in" "$OUT"

# ---- import --ranges --space ----
TM="$SHARED/thesis-models"
expect_ok "import --ranges --space meyda" "$SER" import --tfjs-arousal "$TM/arousal" \
	--ranges models/reference-ranges-meyda.csv --space meyda -o "$T/im.ser"
expect_ok "info import meyda" "$SER" info "$T/im.ser"
expect_grep "import: meyda space" "^space +ser-meyda-v1$" "$OUT"
expect_fail "import --space without --ranges" 2 "need --ranges" \
	"$SER" import --tfjs-arousal "$TM/arousal" --space meyda -o "$T/x.ser"
