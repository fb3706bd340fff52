# The --svr-* options of ser cv and ser train: one set (src/family_svr.c via src/cli/family_opts.c),
# same names, checks and help text in both commands.
. tests/cli/lib.sh
# JSON results record their command line (meta.command), which differs
# between the runs compared byte for byte below: compare the rest

D="$SHARED/fixtures/emo-soundscapes-mini"
S="$T/s40"
"$SER" synth-dataset --rows 40 --seed 5 -o "$S" >/dev/null 2>&1

# the SVR block of a command's --help: the --svr-* lines
svr_help() { "$SER" "$1" --help | grep -- '^  --svr-'; }
svr_help cv >"$T/cv.help"
svr_help train >"$T/train.help"
expect_eq "cv --help lists the 6 SVR options" "$(wc -l <"$T/cv.help" | tr -d ' ')" 6
expect_eq "train --help: the same SVR options and wording as cv" \
	"$(md5sum <"$T/train.help")" "$(md5sum <"$T/cv.help")"

# ser cv now takes --svr-tol and --svr-no-shrinking, and they reach the
# solver: a loose tolerance changes the results, shrinking does not
# change them beyond the printed digits on this data
CV="--dataset $S -k 3 --json -q"
# shellcheck disable=SC2086
"$SER" cv $CV | nocmd >"$T/def.json"
# shellcheck disable=SC2086
expect_ok "cv --svr-tol" "$SER" cv $CV --svr-tol 0.5
nocmd <"$OUT" >"$T/tol.json"
# the scores, not the recorded hyper-parameters, must differ
if [ -s "$T/tol.json" ] && [ "$(grep -o '"results":.*' "$T/tol.json")" != "$(grep -o '"results":.*' "$T/def.json")" ]
then ok "cv: --svr-tol reaches the solver"; else notok "cv: --svr-tol reaches the solver"; fi
# shellcheck disable=SC2086
expect_ok "cv --svr-no-shrinking" "$SER" cv $CV --svr-no-shrinking
# shellcheck disable=SC2086
"$SER" cv $CV --svr-tol 1e-3 | nocmd >"$T/tol3.json"
if [ -s "$T/tol3.json" ] && cmp -s "$T/tol3.json" "$T/def.json"
then ok "cv: --svr-tol 1e-3 is the default"; else notok "cv: --svr-tol 1e-3 is the default"; fi

# every SVR option is checked the same way in both commands
for c in cv train; do
	expect_fail "$c: bad --svr-C" 2 "--svr-C: must be > 0" "$SER" $c --dataset "$D" --model svr --svr-C 0 -o "$T/x.ser"
	expect_fail "$c: non-number --svr-C" 2 "--svr-C: 'abc' is not a finite number" "$SER" $c --dataset "$D" --model svr --svr-C abc -o "$T/x.ser"
	expect_fail "$c: bad --svr-epsilon" 2 "--svr-epsilon: must be >= 0" "$SER" $c --dataset "$D" --model svr --svr-epsilon -1 -o "$T/x.ser"
	expect_fail "$c: bad --svr-gamma" 2 "--svr-gamma: must be auto, scale or a number > 0" "$SER" $c --dataset "$D" --model svr --svr-gamma -1 -o "$T/x.ser"
	expect_fail "$c: bad --svr-tol" 2 "--svr-tol: must be > 0" "$SER" $c --dataset "$D" --model svr --svr-tol 0 -o "$T/x.ser"
	expect_fail "$c: bad --svr-cache-mb" 2 "--svr-cache-mb: must be > 0" "$SER" $c --dataset "$D" --model svr --svr-cache-mb 0 -o "$T/x.ser"
done
