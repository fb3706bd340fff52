# ser cv --models svr,mlp: the fair A/B, --protocol thesis, --repeats, the
# MLP options, progress and errors. Small data and few epochs: fast.
. tests/cli/lib.sh

D="$T/s200"
"$SER" synth-dataset --rows 200 --seed 2 -o "$D" >/dev/null 2>&1
AB="--dataset $D -k 5 --mlp-epochs 2"

expect_ok "help" "$SER" cv --help
for o in --models --protocol --repeats --mlp-layers --mlp-dropout --mlp-optimizer --mlp-lr --mlp-epochs --mlp-batch --mlp-rmsprop-eps; do
	expect_grep "help documents $o" "^ +(-[a-z], )?$o" "$OUT"
done

# shellcheck disable=SC2086
expect_ok "fair A/B" "$SER" cv $AB --models svr,mlp
expect_grep "summary has the mlp" '^\| mlp   \| 74       \| arousal \| +-?[0-9]\.[0-9]{6} \+- ' "$OUT"
expect_grep "paired header" "^Paired A/B on the same 5 folds: difference = svr - mlp" "$OUT"
for t in arousal valence; do for m in 'R\^2' MSE; do
	expect_grep "paired row $t $m" "^\| $t +\| $m +\| .*\| +[0-9.e-]+ \| +[0-9.e-]+ \|$" "$OUT"
done; done
# Wilcoxon on 5 folds without ties is exact: p is a multiple of 1/16
p=$(grep '^| arousal | R^2' "$OUT" | awk -F'|' '{print $(NF-1)}' | tr -d ' ')
expect_eq "exact Wilcoxon p on 5 folds is k/16" "$(awk -v p="$p" 'BEGIN { x = p * 16; print (x == int(x)) ? "yes" : "no" }')" yes

# shellcheck disable=SC2086
expect_ok "fair A/B --json" "$SER" cv $AB --models svr,mlp --json -q
tr -d '\n' <"$OUT" >"$T/ab.json"
expect_grep "JSON has both models" '"results":\{"svr":\{"arousal":.*\},"mlp":\{"arousal":' "$T/ab.json"
expect_grep "JSON paired entry" '"paired":\[\{"a":"svr","b":"mlp","target":"arousal","metric":"r2","a_mean":[-0-9.e]+,"a_std":[0-9.e-]+,"b_mean":[-0-9.e]+,"b_std":[0-9.e-]+,"diff":\[[^]]*\],"diff_mean":[-0-9.e]+,"diff_std":[0-9.e-]+,"t":[-0-9.e]+,"p_t":[0-9.e-]+,"wilcoxon":[0-9.e]+,"p_wilcoxon":[0-9.e-]+\}' "$T/ab.json"
expect_eq "JSON: 4 paired entries" "$(grep -o '"metric":"[a-z0-9]*","a_mean"' "$T/ab.json" | wc -l | tr -d ' ')" 4
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=d["paired"][0]; r=d["results"]; \
assert abs(p["a_mean"]-r["svr"]["arousal"]["r2_mean"])<1e-8; \
assert all(abs(x-(a-b))<1e-8 for x,a,b in zip(p["diff"],r["svr"]["arousal"]["r2"],r["mlp"]["arousal"]["r2"]))' "$T/ab.json" 2>/dev/null
then ok "JSON: paired diffs are svr - mlp per fold"
elif ! /usr/bin/python3 -c 'import json' 2>/dev/null; then skip "JSON: paired diffs" "no /usr/bin/python3"
else notok "JSON: paired diffs are svr - mlp per fold"; fi

# shellcheck disable=SC2086
expect_ok "same seed, same bytes" "$SER" cv $AB --models svr,mlp --json -q -s 4
cp "$OUT" "$T/s4a"
# shellcheck disable=SC2086
"$SER" cv $AB --models svr,mlp --json -q -s 4 >"$T/s4b"
if cmp -s "$T/s4a" "$T/s4b"; then ok "deterministic A/B"; else notok "deterministic A/B"; fi
# the scores, not just the recorded seed and command line, must differ
if [ "$(grep -o '"results":.*' "$T/s4a")" = "$(grep -o '"results":.*' "$T/ab.json")" ]; then notok "other seed, other result"; else ok "other seed, other result"; fi

P="$T/ab.csv"
# shellcheck disable=SC2086
expect_ok "predictions of both models" "$SER" cv $AB --models svr,mlp -q -p "$P"
expect_eq "predictions: 2 models x 2 targets x 200 rows" "$(($(wc -l <"$P") - 1))" 800
expect_eq "predictions: both models" "$(tail -n +2 "$P" | cut -d, -f1 | sort -u | tr '\n' ' ')" "mlp svr "
expect_eq "predictions: same folds for both models" \
	"$(grep '^svr,arousal' "$P" | cut -d, -f3,4 | sort | md5sum)" \
	"$(grep '^mlp,arousal' "$P" | cut -d, -f3,4 | sort | md5sum)"

# the thesis's protocol: different folds, so no paired test
# shellcheck disable=SC2086
expect_ok "protocol thesis" "$SER" cv --dataset "$D" -k 5 --models svr,mlp --protocol thesis -q
expect_grep "thesis: says so" "^protocol: thesis" "$OUT"
expect_grep "thesis: no paired comparison" "^No paired comparison of svr and mlp: .*svr shuffled, mlp unshuffled" "$OUT"
expect_ok "protocol thesis --json" "$SER" cv --dataset "$D" -k 5 --models svr,mlp --protocol thesis -q --json -p "$T/th.csv"
expect_grep "thesis JSON: model folds" '"model_shuffle":\{"svr":true,"mlp":false\}' "$OUT"
expect_grep "thesis JSON: no paired entries" '"paired":\[\]' "$OUT"
expect_eq "thesis: MLP fold 0 is the first 40 rows in file order" \
	"$(grep '^mlp,arousal,0,' "$T/th.csv" | cut -d, -f4 | md5sum)" \
	"$(tr '\r' '\n' <"$D/Emo-Soundscapes-Features/Normalized_Features.csv" | sed -n '2,41p' | cut -d, -f1 | md5sum)"
# the thesis's SVR is the fair run's SVR (same shuffled folds, same seed)
"$SER" cv --dataset "$D" -k 5 --models svr -q --json >"$T/svr.json"
expect_eq "thesis SVR = fair SVR" "$(grep -o '"svr":{"arousal":{"r2":\[[^]]*\]' "$OUT")" "$(grep -o '"svr":{"arousal":{"r2":\[[^]]*\]' "$T/svr.json")"
expect_fail "thesis fixes epochs" 2 "protocol thesis trains the MLP with batch 1 for 10 epochs" "$SER" cv --dataset "$D" --models svr,mlp --protocol thesis --mlp-epochs 3
expect_fail "thesis shuffles the SVR" 2 "drop --no-shuffle" "$SER" cv --dataset "$D" --protocol thesis --no-shuffle

# repeated K-fold
# shellcheck disable=SC2086
expect_ok "repeats 3" "$SER" cv $AB --models svr,mlp --repeats 3 -s 7 -p "$T/rep.csv"
expect_grep "repeats: run headers" "^== run 2 \(seed 9\)" "$OUT"
expect_grep "repeats: spread" "^Spread over 3 runs \(seeds 7\.\.9\)" "$OUT"
expect_grep "repeats: spread row" '^\| mlp   \| valence \| +[-0-9.]+ \+- [0-9.]+ \[[-0-9.]+, [-0-9.]+\] \|' "$OUT"
expect_grep "repeats: paired over runs" '^\| arousal \| R\^2 +\| .* \| +[0-3]/3 +\| +[0-3]/3 +\|$' "$OUT"
expect_eq "repeats: predictions have a run column" "$(head -1 "$T/rep.csv")" "run,model,target,fold,file,y_true,y_pred"
expect_eq "repeats: 3 runs x 800 rows" "$(tail -n +2 "$T/rep.csv" | cut -d, -f1 | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 800 0; 800 1; 800 2;"
# shellcheck disable=SC2086
expect_ok "repeats --json" "$SER" cv $AB --models mlp --repeats 2 -s 8 --json -q
expect_grep "repeats JSON" '^\{"meta":\{.*\},"folds":5,"seed":8,"shuffle":true,.*"results":\{"mlp":\{"arousal":\{"r2":\[([^],]*,){9}[^],]*\],.*"repeats":2,"runs":\[\{"folds":5,"seed":8,.*\{"folds":5,"seed":9,.*"spread":\[\{"model":"mlp","target":"arousal","r2_mean":' "$OUT"
cp "$OUT" "$T/rep.json"
# the plain-run keys keep their meaning over all R x K folds
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["results"]["mlp"]["arousal"]; \
runs=[x["results"]["mlp"]["arousal"]["r2"] for x in d["runs"]]; allr=runs[0]+runs[1]; \
assert r["r2"]==allr, (r["r2"], allr); m=sum(allr)/len(allr); assert abs(r["r2_mean"]-m)<1e-8; \
assert d["folds"]==5 and d["repeats"]==2 and d["models"]["mlp"]["epochs"]==2' "$T/rep.json" 2>"$T/py.err"
then ok "repeats: results pool the R x K folds"
elif ! /usr/bin/python3 -c 'import json' 2>/dev/null; then ok "repeats: pooled results (no python3, skipped)"
else notok "repeats: results pool the R x K folds" "$(cat "$T/py.err")"; fi
# run 1 of seeds 8.. is the single run of seed 9
grep -o '"seed":9,.*' "$OUT" | grep -o '"r2":\[[^]]*\]' | head -1 >"$T/r9a"
# shellcheck disable=SC2086
"$SER" cv $AB --models mlp -s 9 --json -q | grep -o '"r2":\[[^]]*\]' | head -1 >"$T/r9b"
if cmp -s "$T/r9a" "$T/r9b" && [ -s "$T/r9a" ]; then ok "repeat i = single run with seed S+i"; else notok "repeat i = single run with seed S+i"; fi

# MLP options
# shellcheck disable=SC2086
expect_ok "mlp options" "$SER" cv $AB --models mlp --mlp-layers 8 --mlp-optimizer adam --mlp-batch 16 --mlp-dropout 0 --mlp-lr 0.01 -q
# shellcheck disable=SC2086
expect_ok "sgd, 3 hidden layers" "$SER" cv $AB --models mlp --mlp-layers 16,8,4 --mlp-optimizer sgd -q
expect_fail "bad layers" 2 "--mlp-layers" "$SER" cv --dataset "$D" --models mlp --mlp-layers 50,,20
expect_fail "zero layer" 2 "--mlp-layers" "$SER" cv --dataset "$D" --models mlp --mlp-layers 0
expect_fail "bad optimizer" 2 "--mlp-optimizer: 'nadam'" "$SER" cv --dataset "$D" --models mlp --mlp-optimizer nadam
expect_fail "bad dropout" 2 "--mlp-dropout" "$SER" cv --dataset "$D" --models mlp --mlp-dropout 1
expect_fail "bad lr" 2 "--mlp-lr" "$SER" cv --dataset "$D" --models mlp --mlp-lr 0
expect_fail "bad batch" 2 "--mlp-batch" "$SER" cv --dataset "$D" --models mlp --mlp-batch 0
expect_fail "bad protocol" 2 "--protocol: 'unfair'" "$SER" cv --dataset "$D" --protocol unfair
expect_fail "bad repeats" 2 "--repeats" "$SER" cv --dataset "$D" --repeats 0
expect_fail "divergence is an error" 1 "^ser: cv: mlp, arousal, fold 0: mlp: training diverged" "$SER" cv --dataset "$D" -k 5 --models mlp --mlp-optimizer sgd --mlp-lr 100000 --mlp-dropout 0 --mlp-epochs 3

# progress: silent when stderr is not a terminal, shown on a TTY
# shellcheck disable=SC2086
"$SER" cv $AB --models mlp >/dev/null 2>"$T/prog.err"
expect_eq "no progress when stderr is not a TTY" "$(wc -c <"$T/prog.err" | tr -d ' ')" 0
if ! command -v script >/dev/null 2>&1; then
	skip "TTY progress" "no script(1) to make a pseudo-terminal (util-linux)"
elif ! have_pty; then
	skip "TTY progress" "script cannot create a pseudo-terminal here (no /dev/pts?)"
else
	script -qec "$SER cv $AB --models mlp --targets arousal" /dev/null >"$T/tty.out" 2>&1
	expect_grep "TTY progress shows fold, epoch and ETA" "cv mlp arousal fold [1-5] epoch [12]/2 +[0-9]+%( ETA [0-9]+m[0-9]{2}s)?" "$T/tty.out"
	script -qec "$SER cv $AB --models mlp --targets arousal -q" /dev/null >"$T/ttyq.out" 2>&1
	if grep -q "epoch" "$T/ttyq.out"; then notok "-q silences the TTY progress"; else ok "-q silences the TTY progress"; fi
fi
