# ser cv statistics: undefined R^2 on folds with one test row, the K > n/2
# warning and K > n refusal, ddof labels, the corrected resampled t-test
# beside the plain one (per run and pooled over --repeats).
. tests/cli/lib.sh

D="$T/s12"
"$SER" synth-dataset --rows 12 --seed 1 -o "$D" >/dev/null 2>&1

# 12 rows, default 10 folds: 8 folds with one test row
expect_ok "12 rows, 10 folds" "$SER" cv --dataset "$D"
expect_grep "K > n/2 warns and says what to do" "^ser: warning: 10 folds over 12 rows: 8 folds get a single test row and no R\^2 .*use --folds 6 or fewer" "$ERR"
expect_grep "one-row fold: R^2 undefined" '^\| 9    \| +- \| +[0-9]\.[0-9]{6} \|$' "$OUT"
expect_grep "two-row fold: R^2 defined" '^\| 0    \| +-?[0-9]+\.[0-9]{6} \| +[0-9]\.[0-9]{6} \|$' "$OUT"
expect_grep "report says how many folds were defined" "R\^2 defined on: svr arousal 2 of 10 folds, svr valence 2 of 10 folds$" "$OUT"
expect_grep "std is labelled ddof 0" "population std \(ddof 0\)" "$OUT"
# the summary averages the 2 defined folds only
r2=$(grep -E '^\| [01]    \|' "$OUT" | head -2 | awk -F'|' '{s += $3} END {printf "%.6f", s / 2}')
expect_grep "R^2 mean over the defined folds" "^\| svr   \| 74       \| arousal \| +$r2 \+- " "$OUT"
expect_ok "-q silences the warning" "$SER" cv --dataset "$D" -q
expect_eq "-q: stderr empty" "$(wc -c <"$ERR" | tr -d ' ')" 0
expect_ok "6 folds = n/2: no warning" "$SER" cv --dataset "$D" -k 6
expect_eq "n/2 folds: stderr empty" "$(wc -c <"$ERR" | tr -d ' ')" 0
if grep -Eq '^\| [0-9] +\| +- \|' "$OUT"; then notok "n/2 folds: every R^2 defined"; else ok "n/2 folds: every R^2 defined"; fi
expect_fail "K > n refused with the fix" 1 "^ser: cv: the data set has 12 rows, fewer than the 13 folds; use --folds 6 or fewer" "$SER" cv --dataset "$D" -k 13

expect_ok "JSON with undefined folds" "$SER" cv --dataset "$D" --json -q
expect_grep "JSON: undefined R^2 is null" '"r2":\[[-0-9.e]+,[-0-9.e]+,null,null,null,null,null,null,null,null\]' "$OUT"
expect_grep "JSON: ddof stated" '"std_ddof":0\}$' "$OUT"
if grep -qi 'nan' "$OUT"; then notok "JSON: no nan"; else ok "JSON: no nan"; fi

# the corrected resampled t-test beside the plain one
D2="$T/s60"
"$SER" synth-dataset --rows 60 --seed 3 -o "$D2" >/dev/null 2>&1
AB="--dataset $D2 -k 5 --models svr,mlp --mlp-epochs 2 --mlp-layers 8 -q"
# shellcheck disable=SC2086
expect_ok "A/B, one run" "$SER" cv $AB
expect_grep "paired header names both t-tests" "^\| target  \| metric \| .* \| folds \| t-test p \| corrected p \| Wilcoxon p \|$" "$OUT"
# with d = a - b over 5 folds the corrected t is the plain t shrunk by
# sqrt((1/5) / (1/5 + 1/4)): its p-value is never smaller
awk -F'|' '/^\| (arousal|valence) / { if ($9 + 0 < $8 + 0) bad = 1; n++ } END { exit !(n == 4 && !bad) }' "$OUT" \
	&& ok "corrected p >= plain p" || notok "corrected p >= plain p" "$(grep '^| [av]' "$OUT")"
# shellcheck disable=SC2086
expect_ok "A/B, one run, JSON" "$SER" cv $AB --json
expect_grep "JSON: corrected entries" '"corrected":\[\{"a":"svr","b":"mlp","target":"arousal","metric":"r2","folds":5,"test_train":0\.25,"diff_mean":[-0-9.e]+,"diff_std":[0-9.e-]+,"t":[-0-9.e]+,"p":[0-9.e-]+,"t_plain":[-0-9.e]+,"p_plain":[0-9.e-]+\}' "$OUT"
# shellcheck disable=SC2086
expect_ok "A/B, 3 repeats" "$SER" cv $AB --repeats 3
expect_grep "pooled table over R x K folds" "^svr - mlp pooled over all 3 x 5 folds: corrected resampled t-test" "$OUT"
expect_grep "pooled row: 15 folds" '^\| arousal \| R\^2 +\| +-?[0-9]\.[0-9]{6} \+- +[0-9]\.[0-9]{6} \| +15 \| +[0-9.e-]+ \| +[0-9.e-]+ \|$' "$OUT"
# shellcheck disable=SC2086
expect_ok "A/B, 3 repeats, JSON" "$SER" cv $AB --repeats 3 --json
tr -d '\n' <"$OUT" >"$T/rep.json"
if /usr/bin/python3 - "$T/rep.json" <<'PY' 2>"$T/py.err"
import json, math, sys
from statistics import mean, stdev
d = json.load(open(sys.argv[1]))
c = [e for e in d["corrected"] if e["target"] == "valence" and e["metric"] == "mse"][0]
diffs = [a - b for r in d["runs"] for a, b in zip(r["results"]["svr"]["valence"]["mse"], r["results"]["mlp"]["valence"]["mse"])]
assert c["folds"] == 15 == len(diffs)
t = mean(diffs) / math.sqrt((1 / 15 + 1 / 4) * stdev(diffs) ** 2)
assert abs(t - c["t"]) < 1e-6 * max(1, abs(t)), (t, c["t"])
assert abs(stdev(diffs) - c["diff_std"]) < 1e-7
PY
then ok "JSON: pooled corrected t from the runs' folds"
elif ! [ -x /usr/bin/python3 ]; then ok "JSON: pooled corrected t # skip: no /usr/bin/python3"
else notok "JSON: pooled corrected t from the runs' folds" "$(cat "$T/py.err")"; fi

# eval/reproduce-thesis.sh on a tiny synthetic set: labelled synthetic,
# each table with its seed, columns aligned for wide negative R^2, timed
if command -v python3 >/dev/null 2>&1 || [ -x /usr/bin/python3 ]; then
	"$SER" synth-dataset --rows 12 --seed 5 -o "$T/tiny" >/dev/null 2>&1
	SER="$SER" sh eval/reproduce-thesis.sh "$T/tiny" 3 2 >"$T/repro.txt" 2>"$T/repro.err"
	expect_eq "reproduce-thesis: exit 0" "$?" 0
	expect_grep "reproduce-thesis: says the data is synthetic" "^SYNTHETIC DATA: Synthetic Emo-Soundscapes made by ser synth-dataset --rows 12 --seed 5" "$T/repro.txt"
	expect_grep "reproduce-thesis: synthetic next to the published numbers" '^\| table \| model \| feats \| target +\| seed \| +R\^2 ser, SYNTHETIC data \| +R\^2 thesis \|' "$T/repro.txt"
	expect_grep "reproduce-thesis: table rows carry the seed" '^\| A +\| svr +\| +74 \| arousal \| +3 \|' "$T/repro.txt"
	expect_grep "reproduce-thesis: fair A/B names its seeds" "^== The fair A/B: .*, seeds 3\.\.4 \(SYNTHETIC data\)$" "$T/repro.txt"
	expect_eq "reproduce-thesis: table lines all one width" \
		"$(grep '^|' "$T/repro.txt" | head -8 | awk '{ print length($0) }' | sort -u | wc -l | tr -d ' ')" 1
	expect_grep "reproduce-thesis: states its running time" "^ran in [0-9]+ s$" "$T/repro.txt"
else
	skip "reproduce-thesis" "no python3"
fi

# progress on a TTY: folds done of all, the run of --repeats, the fold
# (folds run on threads: which fold finishes third is not fixed)
if ! have_pty; then
	skip "TTY progress" "script(1) cannot create a pseudo-terminal here"
else
	script -qec "$SER cv --dataset $D2 -k 3 --targets arousal --repeats 2" /dev/null >"$T/tty.out" 2>&1
	expect_grep "TTY progress: run, folds done, fold" '\[run 2/2, 4/6 folds\] cv svr arousal fold [1-3] done +[0-9]+%' "$T/tty.out"
	expect_grep "TTY progress: first run" '\[run 1/2, 3/6 folds\] cv svr arousal fold [1-3] done +50%' "$T/tty.out"
fi
