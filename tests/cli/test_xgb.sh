# The xgb family (XGBoost through its C API) in every command, --baseline,
# and XGBoost kept quiet (libser never prints).
. tests/cli/lib.sh

S="$T/s40"
"$SER" synth-dataset --rows 40 --seed 5 -o "$S" >/dev/null 2>&1

for c in cv train; do
	"$SER" $c --help >"$T/$c.help"
	expect_grep "$c --help lists --xgb-trees" '^  --xgb-trees N' "$T/$c.help"
	expect_grep "$c --help lists --xgb-forest" '^  --xgb-forest N' "$T/$c.help"
done
expect_grep "cv --help lists --baseline" '^ +--baseline NAME' "$T/cv.help"
expect_fail "cv: bad --xgb-subsample" 2 "--xgb-subsample: must be in \(0, 1\]" "$SER" cv --dataset "$S" --models xgb --xgb-subsample 0
expect_fail "train: bad --xgb-depth" 2 "--xgb-depth: 'x' is not an integer" "$SER" train --dataset "$S" --model xgb --xgb-depth x -o "$T/bad.ser"
expect_fail "cv: --baseline not among --models" 2 "--baseline: 'mlp' is not one of --models" "$SER" cv --dataset "$S" --models svr,xgb --baseline mlp

# four families on the same folds: every pair, or each against a baseline
expect_ok "cv --models svr,mlp,ridge,xgb" "$SER" cv --dataset "$S" -k 3 --models svr,mlp,ridge,xgb --mlp-epochs 2 --xgb-trees 20 --json -q -p "$T/pred.csv"
cp "$OUT" "$T/cv.json"
expect_eq "cv: xgboost prints nothing" "$(wc -c <"$ERR" | tr -d ' ')" 0
expect_eq "cv: 6 pairs x 2 targets x 2 metrics" "$(grep -o '"metric":"[a-z0-9]*","a_mean"' "$T/cv.json" | wc -l | tr -d ' ')" 24
expect_eq "cv predictions: xgb rows" "$(grep -c '^xgb,' "$T/pred.csv")" 80
expect_ok "cv --baseline ridge" "$SER" cv --dataset "$S" -k 3 --models svr,mlp,ridge,xgb --baseline ridge --mlp-epochs 2 --xgb-trees 20 --json -q
cp "$OUT" "$T/base.json"
expect_eq "cv --baseline: 3 pairs x 2 x 2" "$(grep -o '"metric":"[a-z0-9]*","a_mean"' "$T/base.json" | wc -l | tr -d ' ')" 12
expect_eq "cv --baseline: b is always the baseline" "$(grep -o '"b":"[a-z]*"' "$T/base.json" | sort -u)" '"b":"ridge"'
expect_ok "cv --baseline text" "$SER" cv --dataset "$S" -k 3 --models ridge,xgb,svr --baseline svr --xgb-trees 20 -q
expect_grep "cv text: model - baseline" 'difference = xgb - svr per fold' "$OUT"
expect_ok "cv xgb again" "$SER" cv --dataset "$S" -k 3 --models svr,mlp,ridge,xgb --mlp-epochs 2 --xgb-trees 20 --json -q
# the same but for meta.command (this run has no -p)
if [ "$(nocmd "$OUT")" = "$(nocmd "$T/cv.json")" ]; then ok "cv xgb: same seed, same output"; else notok "cv xgb: same seed, same output"; fi
expect_ok "cv --xgb-depth" "$SER" cv --dataset "$S" -k 3 --models svr,mlp,ridge,xgb --mlp-epochs 2 --xgb-trees 20 --xgb-depth 2 --json -q
# the scores, not just the recorded depth, must differ
if [ "$(grep -o '"results":.*' "$OUT")" != "$(grep -o '"results":.*' "$T/cv.json")" ]; then ok "cv: --xgb-depth reaches the fit"; else notok "cv: --xgb-depth reaches the fit"; fi

# train (twice: the same bytes), info, predict
export SOURCE_DATE_EPOCH=1700000000
expect_ok "train --model xgb" "$SER" train --dataset "$S" --model xgb --xgb-trees 30 --xgb-subsample 0.8 -q -o "$T/x.ser"
expect_eq "train: xgboost prints nothing" "$(wc -c <"$ERR" | tr -d ' ')" 0
expect_ok "train --model xgb again" "$SER" train --dataset "$S" --model xgb --xgb-trees 30 --xgb-subsample 0.8 -q -o "$T/x2.ser"
if cmp -s "$T/x.ser" "$T/x2.ser"; then ok "train xgb: same seed, same bytes"; else notok "train xgb: same seed, same bytes"; fi
expect_ok "info xgb model" "$SER" info "$T/x.ser"
expect_grep "info: format version 3" 'format version 3, CRC-32 ok' "$OUT"
expect_grep "info describes xgb" '^valence +xgb \(gradient-boosted trees, XGBoost [0-9.]+ hist\): 30 trees of depth <= 4, [0-9]+ features' "$OUT"
expect_grep "info shows xgb parameters" '^ +trees 30, depth 4, eta 0.05, subsample 0.8, colsample 1,' "$OUT"
FCSV="$S/Emo-Soundscapes-Features/Normalized_Features.csv"
expect_ok "predict with xgb" "$SER" predict -m "$T/x.ser" --features-csv "$FCSV" -o "$T/x.csv"
expect_eq "xgb predictions: one row per file" "$(($(wc -l <"$T/x.csv") - 1))" 40
expect_ok "predict with xgb --json" "$SER" predict -m "$T/x.ser" --features-csv "$FCSV" --format json
expect_grep "xgb json predictions" '"arousal":' "$OUT"
expect_ok "train --xgb-forest" "$SER" train --dataset "$S" --model xgb --xgb-forest 8 -q -o "$T/f.ser"
expect_ok "info forest model" "$SER" info "$T/f.ser"
expect_grep "info describes the forest" '^arousal +xgb \(random forest, XGBoost [0-9.]+ hist\): 8 trees of depth <= 4 in 1 round' "$OUT"
expect_grep "info: forest defaults" '^ +forest 8, depth 4, eta 1, subsample 0.8, colsample 0.8,' "$OUT"
# a flipped byte inside the booster is caught by the payload CRC
size=$(wc -c <"$T/x.ser")
cp "$T/x.ser" "$T/bad.ser"
printf 'Z' | dd of="$T/bad.ser" bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
expect_fail "corrupt xgb booster: CRC" 1 "bad.ser: .*CRC" "$SER" info "$T/bad.ser"
