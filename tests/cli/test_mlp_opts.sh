# The --mlp-* options of ser cv and ser train: one set, same names, same
# help text (generated from src/family_mlp.c by src/cli/family_opts.c), and --mlp-rmsprop-eps in both commands.
. tests/cli/lib.sh
# JSON results record their command line (meta.command), which differs
# between the runs compared byte for byte below: compare the rest

D="$SHARED/fixtures/emo-soundscapes-mini"
FIX="$D/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv"
S="$T/s60"
"$SER" synth-dataset --rows 60 --seed 3 -o "$S" >/dev/null 2>&1

# the MLP block of a command's --help: from --mlp-layers to the line
# naming docs/ab.md (the end of the --mlp-rmsprop-eps entry)
mlp_help() { "$SER" "$1" --help | sed -n '/^  --mlp-layers /,/docs\/ab\.md/p'; }
mlp_help cv >"$T/cv.help"
mlp_help train >"$T/train.help"
expect_eq "cv --help has an MLP block" "$(grep -c -- '^  --mlp-' "$T/cv.help")" 7
expect_eq "train --help: the same MLP options, defaults and wording as cv" \
	"$(md5sum <"$T/train.help")" "$(md5sum <"$T/cv.help")"
for c in cv train; do
	"$SER" $c --help >"$T/h"
	if grep -q -- '--mlp-hidden' "$T/h"; then notok "$c --help shows one layers flag"
	else ok "$c --help shows one layers flag"; fi
	expect_grep "$c --help: RMSprop eps default is Keras's" "outside \(default\)" "$T/h"
done

# ser train: --mlp-hidden is an alias of --mlp-layers
M="--dataset $D --model mlp --mlp-epochs 2 --seed 3 -q"
# shellcheck disable=SC2086
expect_ok "train --mlp-layers" "$SER" train $M --mlp-layers 6,3 -o "$T/l.ser"
# shellcheck disable=SC2086
expect_ok "train --mlp-hidden (alias)" "$SER" train $M --mlp-hidden 6,3 -o "$T/h.ser"
"$SER" predict -m "$T/l.ser" --features-csv "$FIX" -o "$T/l.csv"
"$SER" predict -m "$T/h.ser" --features-csv "$FIX" -o "$T/h.csv"
expect_eq "alias gives the same model" "$(grep -v '^#' "$T/h.csv" | md5sum)" "$(grep -v '^#' "$T/l.csv" | md5sum)"

# ser train --mlp-rmsprop-eps: explicit outside = default; inside differs
# shellcheck disable=SC2086
expect_ok "train --mlp-rmsprop-eps outside" "$SER" train $M --mlp-layers 6,3 --mlp-rmsprop-eps outside -o "$T/o.ser"
"$SER" predict -m "$T/o.ser" --features-csv "$FIX" -o "$T/o.csv"
expect_eq "outside is the default" "$(grep -v '^#' "$T/o.csv" | md5sum)" "$(grep -v '^#' "$T/l.csv" | md5sum)"
# shellcheck disable=SC2086
expect_ok "train --mlp-rmsprop-eps inside" "$SER" train $M --mlp-layers 6,3 --mlp-rmsprop-eps inside -o "$T/i.ser"
# the weights differ (below predict's 6 printed digits on this data): the
# last 1900 bytes of the file are the arousal net's 475 float32 weights
# (74*6+6 + 6*3+3 + 3+1), after the provenance text that also differs
if [ "$(tail -c 1900 "$T/i.ser" | md5sum)" != "$(tail -c 1900 "$T/o.ser" | md5sum)" ]
then ok "inside trains other weights"; else notok "inside trains other weights"; fi
if [ "$(tail -c 1900 "$T/l.ser" | md5sum)" = "$(tail -c 1900 "$T/o.ser" | md5sum)" ]
then ok "outside trains the default's weights"; else notok "outside trains the default's weights"; fi
expect_ok "info inside" "$SER" info "$T/i.ser"
expect_grep "inside recorded in the provenance" "^data .*RMSprop eps inside the sqrt$" "$OUT"
# shellcheck disable=SC2086
expect_ok "train --mlp-optimizer adam" "$SER" train $M --mlp-layers 6,3 --mlp-optimizer adam --data "unit" -o "$T/a.ser"
expect_ok "info adam" "$SER" info "$T/a.ser"
expect_grep "no eps note without RMSprop" "^data +unit$" "$OUT"
# shellcheck disable=SC2086
expect_ok "train sgd" "$SER" train $M --mlp-layers 6,3 --mlp-optimizer sgd -o "$T/s.ser"
expect_ok "info sgd" "$SER" info "$T/s.ser"
expect_grep "train: SGD's default lr is 0.01, as in cv" "optimizer sgd, lr 0.01," "$OUT"

# ser cv --mlp-rmsprop-eps: outside is the default, inside differs
CV="--dataset $S -k 3 --models mlp --mlp-layers 6 --mlp-epochs 2 --json -q"
# shellcheck disable=SC2086
"$SER" cv $CV | nocmd >"$T/cv_def.json"
# shellcheck disable=SC2086
"$SER" cv $CV --mlp-rmsprop-eps outside | nocmd >"$T/cv_out.json"
# shellcheck disable=SC2086
"$SER" cv $CV --mlp-rmsprop-eps inside | nocmd >"$T/cv_in.json"
if [ -s "$T/cv_def.json" ] && cmp -s "$T/cv_def.json" "$T/cv_out.json"
then ok "cv: outside is the default"; else notok "cv: outside is the default"; fi
# the scores, not the recorded hyper-parameters, must differ
if [ -s "$T/cv_in.json" ] && [ "$(grep -o '"results":.*' "$T/cv_in.json")" != "$(grep -o '"results":.*' "$T/cv_out.json")" ]
then ok "cv: inside gives other results"; else notok "cv: inside gives other results"; fi

# every MLP option is checked the same way in both commands
for c in cv train; do
	expect_fail "$c: bad --mlp-rmsprop-eps" 2 "--mlp-rmsprop-eps: 'middle' is not outside or inside" "$SER" $c --dataset "$D" --mlp-rmsprop-eps middle -o "$T/x.ser"
	expect_fail "$c: bad --mlp-layers" 2 "--mlp-layers: '8,' is not a list" "$SER" $c --dataset "$D" --mlp-layers 8, -o "$T/x.ser"
	expect_fail "$c: bad --mlp-lr" 2 "--mlp-lr: must be > 0" "$SER" $c --dataset "$D" --mlp-lr 0 -o "$T/x.ser"
	expect_fail "$c: bad --mlp-epochs" 2 "--mlp-epochs" "$SER" $c --dataset "$D" --mlp-epochs 0 -o "$T/x.ser"
	expect_fail "$c: bad --mlp-batch" 2 "--mlp-batch" "$SER" $c --dataset "$D" --mlp-batch x -o "$T/x.ser"
	expect_fail "$c: bad --mlp-optimizer" 2 "--mlp-optimizer: 'nadam'" "$SER" $c --dataset "$D" --mlp-optimizer nadam -o "$T/x.ser"
done
