# ser tune, ser cv --tune / --importance / -j, ser train --tune: grids from
# the hyper-parameter options, JSON shape, -j 1 and -j 2 giving the same
# bytes, and the errors. Small data, few epochs: fast.
. tests/cli/lib.sh

D="$T/s120"
"$SER" synth-dataset --rows 120 --seed 3 -o "$D" >/dev/null 2>&1

expect_ok "tune --help" "$SER" tune --help
for o in --folds --random --no-shuffle --jobs --format --svr-C --mlp-layers; do
	expect_grep "tune help documents $o" "^ +(-[a-z], )?$o" "$OUT"
done
expect_grep "tune help documents the range syntax" '2\^-2\.\.2\^6' "$OUT"
expect_ok "cv --help" "$SER" cv --help
for o in --tune --inner-folds --importance --jobs; do
	expect_grep "cv help documents $o" "^ +(-[a-z], )?$o" "$OUT"
done

G="--svr-C 0.5,2 --svr-gamma 2^-6..2^-5 --svr-epsilon 0.1"
# shellcheck disable=SC2086
expect_ok "tune text" "$SER" tune --dataset "$D" $G -q
expect_grep "tune: 4 points" '^svr, arousal: 4 points$' "$OUT"
expect_grep "tune: a row per point" '^\| [ *] \| C=2 gamma=0.03125 +\| +-?[0-9]\.[0-9]{6} \+- ' "$OUT"
expect_eq "tune: one best per target" "$(grep -c '^| \* |' "$OUT")" 2
expect_grep "tune: best line" '^best svr valence: C=[0-9.]+ gamma=[0-9.]+ \(R\^2 ' "$OUT"

# the same bytes on 1 and 2 threads, SVR and MLP (seeds from target and fold)
for j in 1 2; do
	# shellcheck disable=SC2086
	"$SER" tune --dataset "$D" $G --models svr,mlp --mlp-epochs 3 \
		--mlp-layers 8/4,4 --json -q -j $j >"$T/tune$j.json" 2>"$ERR"
done
if [ -s "$T/tune1.json" ] && [ "$(nocmd "$T/tune1.json")" = "$(nocmd "$T/tune2.json")" ]; then ok "tune -j 1 and -j 2: same bytes"
else notok "tune -j 1 and -j 2: same bytes" "$(head -c 300 "$T/tune1.json")"; fi
expect_grep "tune JSON: meta first" '^\{"meta":\{"ser_version":"[0-9.]+","command":"ser tune --dataset [^"]* -j 1","data":\{"path":"[^"]*","rows":120,"features":74,"fingerprint":"fnv1a64:[0-9a-f]{16}"\}\},' "$T/tune1.json"
expect_grep "tune JSON: every model's hyper-parameters" '"models":\{"svr":\{"family":"svr",[^}]*"epsilon":0.1[,}][^}]*\},"mlp":\{"family":"mlp",[^}]*"epochs":3[,}]' "$T/tune1.json"
expect_grep "tune JSON shape" '"folds":5,"seed":0,"shuffle":true,"n":120,"d":74,"models":\{.*\},"results":\{"svr":\{"arousal":\{"best":\{"C":[0-9.]+,"gamma":[0-9.]+\},"best_r2":[-0-9.e]+,"grid":\[\{"params":\{"C":0.5,"gamma":0.015625\},"r2_mean":[-0-9.e]+,"r2_std":[0-9.e-]+,"mse_mean":[0-9.e-]+,"mse_std":[0-9.e-]+\}' "$T/tune1.json"
expect_grep "tune JSON: layer lists as strings" '"params":\{"layers":"4,4"\}' "$T/tune1.json"
# shellcheck disable=SC2086
expect_ok "tune --format json" "$SER" tune --dataset "$D" $G --format json -q --random 2
expect_eq "tune --random 2: two points per target" "$(grep -o '"params"' "$OUT" | wc -l | tr -d ' ')" 4

for j in 1 2; do
	# shellcheck disable=SC2086
	"$SER" cv --dataset "$D" -k 4 --models svr,mlp --mlp-epochs 2 --importance \
		--json -q -j $j >"$T/cv$j.json" 2>"$ERR"
done
if [ -s "$T/cv1.json" ] && [ "$(nocmd "$T/cv1.json")" = "$(nocmd "$T/cv2.json")" ]; then ok "cv -j 1 and -j 2: same bytes"
else notok "cv -j 1 and -j 2: same bytes" "$(head -c 300 "$ERR")"; fi
expect_grep "cv --importance JSON" '"importance":\{"rms_mean":\{"mean":[-0-9.e]+,"std":[0-9.e-]+\}' "$T/cv1.json"

# shellcheck disable=SC2086
expect_ok "cv --tune (nested)" "$SER" cv --dataset "$D" -k 3 --inner-folds 3 --tune $G --models svr,ridge --ridge-alpha 0.1,10 --json -q
expect_grep "nested JSON: chosen per outer fold" '"svr":\{"arousal":\{"r2":\[[^]]*\],.*"chosen":\[\{"C":[0-9.]+,"gamma":[0-9.]+\},\{[^}]*\},\{[^}]*\}\]' "$OUT"
expect_grep "nested JSON: ridge chosen" '"chosen":\[\{"alpha":(0.1|10)\}' "$OUT"
expect_grep "nested JSON: paired tuned models" '"paired":\[\{"a":"svr","b":"ridge"' "$OUT"
# shellcheck disable=SC2086
expect_ok "cv --tune text" "$SER" cv --dataset "$D" -k 3 --inner-folds 3 --tune $G --importance -q
expect_grep "text: chosen points" '^  fold 2   C=[0-9.]+ gamma=[0-9.]+$' "$OUT"
expect_grep "text: importance table" '^\| [a-z_0-9]+ +\| +-?[0-9]\.[0-9]{6} \+- ' "$OUT"

expect_fail "a list outside tune modes" 2 "is a list of values; grids are for ser tune" "$SER" cv --dataset "$D" --svr-C 1,2
expect_fail "a list in train without --tune" 2 "grids are for ser tune" "$SER" train --dataset "$D" --model svr --svr-C 1,2 -o "$T/x.ser"
expect_fail "a bad grid value names the option" 2 "--svr-C: must be > 0" "$SER" tune --dataset "$D" --svr-C 1,-2
expect_fail "a bad range" 2 "is not a range" "$SER" tune --dataset "$D" --svr-C 2^3..2^1
expect_fail "tune takes no --repeats" 2 "--repeats is a ser cv option" "$SER" tune --dataset "$D" --repeats 2
expect_fail "--inner-folds needs --tune" 2 "need --tune" "$SER" cv --dataset "$D" --inner-folds 3
expect_fail "bad -j" 2 "--jobs" "$SER" tune --dataset "$D" -j 0

# shellcheck disable=SC2086
expect_ok "train --tune" "$SER" train --dataset "$D" --model svr --tune $G -o "$T/t.ser" -q
expect_ok "info of a tuned model" "$SER" info "$T/t.ser"
expect_grep "info shows the grid summary" '^data .*tuned by 5-fold CV \(seed 0\) over 4 points of C 0.5,2 x gamma 0.015625,0.03125: valence C=' "$OUT"

# reports: ser tune's heat map and table, cv's chosen points and importance bars
# shellcheck disable=SC2086
expect_ok "tune --report" "$SER" tune --dataset "$D" $G --models svr,ridge --ridge-alpha 10^-1..10^1 -q --report "$T/tr"
expect_grep "tune report: heat map of svr arousal" '<img src="tune-svr-arousal.svg"' "$T/tr/index.html"
expect_grep "tune report: line plot of ridge (one dimension)" '<img src="tune-ridge-valence.svg"' "$T/tr/index.html"
expect_grep "tune report: best-point table" '<h2 id="best">' "$T/tr/index.html"
expect_grep "tune report: range values written short" '<td>0.1</td>' "$T/tr/index.html"
expect_grep "heat map is drawn as cells" 'boxxyerror|<rect|<path' "$T/tr/tune-svr-arousal.svg"
expect_ok "cv --tune --importance --report" "$SER" cv --dataset "$D" -k 3 --inner-folds 3 --tune $G --importance -q --report "$T/cr"
expect_grep "cv report: chosen points section" '<h2 id="chosen">' "$T/cr/index.html"
expect_grep "cv report: importance bars" '<img src="importance-svr-arousal.svg"' "$T/cr/index.html"
if grep -q 'http' "$T/tr/index.html"; then notok "tune report has no network reference"
else ok "tune report has no network reference"; fi

# nothing to tune: nested CV is the plain CV (same fits, same seeds)
"$SER" cv --dataset "$D" -k 4 --json -q | sed 's/"chosen":\[[^]]*\],\{0,1\}//g' >"$T/plain.json"
"$SER" cv --dataset "$D" -k 4 --tune --json -q >"$T/nested1.json"
expect_grep "a one-point grid: chosen are empty points" '"chosen":\[\{\},\{\},\{\},\{\}\]' "$T/nested1.json"
a=$(grep -o '"r2":\[[^]]*\]' "$T/plain.json" | head -1)
b=$(grep -o '"r2":\[[^]]*\]' "$T/nested1.json" | head -1)
expect_eq "a one-point grid: nested CV scores equal plain CV's" "$b" "$a"
