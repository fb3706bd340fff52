# Model families through the one interface (family.h): ridge in every
# command, and the --ridge-* options generated from its parameter list.
. tests/cli/lib.sh

S="$T/s40"
"$SER" synth-dataset --rows 40 --seed 5 -o "$S" >/dev/null 2>&1

for c in cv train; do
	"$SER" $c --help >"$T/$c.help"
	expect_grep "$c --help lists --ridge-alpha" '^  --ridge-alpha X' "$T/$c.help"
done
expect_fail "cv: bad --ridge-alpha" 2 "--ridge-alpha: must be >= 0" "$SER" cv --dataset "$S" --models ridge --ridge-alpha -1
expect_fail "cv: unknown family" 2 "not a list of distinct models \(svr, mlp, ridge, xgb\)" "$SER" cv --dataset "$S" --models svr,knn

# three families on the same folds: paired statistics for every pair
expect_ok "cv --models svr,mlp,ridge" "$SER" cv --dataset "$S" -k 3 --models svr,mlp,ridge --mlp-epochs 2 --json -q -p "$T/pred.csv"
cp "$OUT" "$T/cv.json"
expect_eq "cv: 3 pairs x 2 targets x 2 metrics" "$(grep -o '"metric":"[a-z0-9]*","a_mean"' "$T/cv.json" | wc -l | tr -d ' ')" 12
expect_grep "cv json: ridge results" '"ridge"' "$T/cv.json"
expect_eq "cv predictions: ridge rows" "$(grep -c '^ridge,' "$T/pred.csv")" 80
expect_ok "cv --ridge-alpha" "$SER" cv --dataset "$S" -k 3 --models ridge --ridge-alpha 100 --json -q
grep -o '"results":.*' "$OUT" >"$T/a100"
"$SER" cv --dataset "$S" -k 3 --models ridge --json -q | grep -o '"results":.*' >"$T/a1"
# the scores, not just the recorded alpha, must differ
if [ -s "$T/a1" ] && ! cmp -s "$T/a100" "$T/a1"; then ok "cv: --ridge-alpha reaches the fit"; else notok "cv: --ridge-alpha reaches the fit"; fi

# train, info, predict
expect_ok "train --model ridge" "$SER" train --dataset "$S" --model ridge --ridge-alpha 0.5 -q -o "$T/r.ser"
expect_ok "info ridge model" "$SER" info "$T/r.ser"
expect_grep "info describes ridge" '^valence +ridge \(linear, L2 penalty\): [0-9]+ coefficients' "$OUT"
expect_grep "info shows alpha" '^ +alpha 0.5$' "$OUT"
FCSV="$S/Emo-Soundscapes-Features/Normalized_Features.csv"
expect_ok "predict with ridge" "$SER" predict -m "$T/r.ser" --features-csv "$FCSV" -o "$T/r.csv"
expect_eq "ridge predictions: one row per file" "$(($(wc -l <"$T/r.csv") - 1))" 40
expect_ok "predict with ridge --json" "$SER" predict -m "$T/r.ser" --features-csv "$FCSV" --format json
expect_grep "ridge json predictions" '"valence":' "$OUT"
