# ser cv: the fixture, JSON shape, predictions file, generic tables, errors.
. tests/cli/lib.sh

MINI="$SHARED/fixtures/emo-soundscapes-mini"
expect_ok "cv on the mini fixture, 3 folds" "$SER" cv --dataset "$MINI" --folds 3
expect_grep "reports rows loaded" "^data: .*: 9 feature rows, 9 with labels \(0 left out\), 74 features, 0 warnings" "$OUT"
expect_grep "per-fold table" '^\| 2    \| +-?[0-9]+\.[0-9]{6} \| +[0-9]\.[0-9]{6} \|$' "$OUT"
expect_grep "summary row arousal" '^\| svr   \| 74       \| arousal \| +-?[0-9]+\.[0-9]{6} \+- +[0-9]+\.[0-9]{6} \| +[0-9]\.[0-9]{6} \+- +[0-9]\.[0-9]{6} \|$' "$OUT"
expect_grep "summary row valence" '^\| svr   \| 74       \| valence \|' "$OUT"
# sklearn's value for fold 0 (tests/golden/cv_mini_folds.csv)
expect_grep "fold 0 arousal R^2 equals sklearn's" '^\| 0    \| -5\.556112 \| +0\.446303 \|$' "$OUT"

expect_ok "cv --json" "$SER" cv --dataset "$MINI/Emo-Soundscapes" --folds 3 --seed 0 --json
tr -d '\n' <"$OUT" >"$T/cv.json"
expect_grep "JSON shape" '^\{"meta":\{"ser_version":"[0-9.]+","command":"ser cv --dataset [^"]*/Emo-Soundscapes --folds 3 --seed 0 --json","data":\{"path":"[^"]*/Emo-Soundscapes","rows":9,"features":74,"fingerprint":"fnv1a64:[0-9a-f]{16}"\}\},"folds":3,"seed":0,"shuffle":true,"n":9,"d":74,"models":\{"svr":\{"family":"svr","C":1,"epsilon":0.1,"gamma":"auto",[^}]*\}\},"results":\{"svr":\{"arousal":\{"r2":\[[^]]*\],"mse":\[[^]]*\],"r2_mean":[-0-9.e]+,"r2_std":[0-9.e-]+,"mse_mean":[0-9.e-]+,"mse_std":[0-9.e-]+\},"valence":\{"r2":\[' "$T/cv.json"
expect_eq "JSON: 3 r2 values per target" "$(grep -o '"r2":\[[^]]*\]' "$T/cv.json" | head -1 | tr ',' '\n' | wc -l | tr -d ' ')" 3
if command -v /usr/bin/python3 >/dev/null 2>&1 && /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/cv.json" 2>/dev/null
then ok "JSON parses"; else
	# no Python needed: at least balanced braces
	expect_eq "JSON braces balance" "$(tr -cd '{' <"$T/cv.json" | wc -c)" "$(tr -cd '}' <"$T/cv.json" | wc -c)"
fi

P="$T/pred.csv"
expect_ok "cv --predictions" "$SER" cv --dataset "$MINI" -k 3 -q --predictions "$P"
expect_eq "predictions header" "$(head -1 "$P")" "model,target,fold,file,y_true,y_pred"
expect_eq "predictions: 2 targets x 9 rows" "$(($(wc -l <"$P") - 1))" 18
expect_eq "predictions: folds 0..2, 3 rows each" "$(tail -n +2 "$P" | cut -d, -f3 | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 6 0; 6 1; 6 2;"
expect_grep "predictions: y_true is the rating" '^svr,arousal,[0-2],mix_between_human_indicator_1-12_1-6\.wav,0\.523495,' "$P"
expect_eq "predictions: no temp file left" "$(ls "$T" | grep -c 'pred.csv.tmp')" 0

expect_ok "no-shuffle, one target" "$SER" cv --dataset "$MINI" -k 3 --no-shuffle --targets valence --json -q
expect_grep "no-shuffle JSON" '"shuffle":false' "$OUT"
if grep -q arousal "$OUT"; then notok "only valence"; else ok "only valence"; fi
expect_ok "features all" "$SER" cv --dataset "$MINI" -k 3 --features all --json
expect_grep "122 features" '"d":122' "$OUT"
expect_ok "same seed, same output" "$SER" cv --dataset "$MINI" -k 3 -s 5 --json
cp "$OUT" "$T/s5a"
"$SER" cv --dataset "$MINI" -k 3 -s 5 --json >"$T/s5b"
if cmp -s "$T/s5a" "$T/s5b"; then ok "deterministic"; else notok "deterministic"; fi
expect_ok "svr options" "$SER" cv --dataset "$MINI" -k 3 --svr-C 10 --svr-epsilon 0.05 --svr-gamma scale --svr-cache-mb 10 --json
# the reports differ in "models" (gamma "auto" vs the number) and in the
# command line of "meta"; the results must be the same to the byte
"$SER" cv --dataset "$MINI" -k 3 --svr-gamma 0.013513513513513514 --json >"$T/g1"
rc1=$?
"$SER" cv --dataset "$MINI" -k 3 --svr-gamma auto --json >"$T/g2"
rc2=$?
expect_eq "gamma 1/74 and auto: exit 0" "$rc1 $rc2" "0 0"
grep -o '"results":.*' "$T/g1" >"$T/g1r"
grep -o '"results":.*' "$T/g2" >"$T/g2r"
if [ "$(wc -c <"$T/g1r")" -gt 200 ] && cmp -s "$T/g1r" "$T/g2r"; then ok "gamma auto = 1/74 (results)"
else notok "gamma auto = 1/74 (results)" "$(head -c 300 "$T/g1r")" "$(head -c 300 "$T/g2r")"; fi
expect_grep "gamma auto recorded" '"gamma":"auto"' "$T/g2"
expect_grep "numeric gamma recorded" '"gamma":0.0135135135' "$T/g1"
# another gamma must change the scores (not only the recorded gamma)
"$SER" cv --dataset "$MINI" -k 3 --svr-gamma 0.5 --json | grep -o '"results":.*' >"$T/g3r"
if [ -s "$T/g3r" ] && ! cmp -s "$T/g1r" "$T/g3r"; then ok "gamma 0.5 differs"; else notok "gamma 0.5 differs"; fi

# generic tables, rows in another order, a name missing on each side
printf 'file,rms_mean,x\r\nb.wav,0.2,1\r\na.wav,0.1,2\r\nc.wav,0.3,3\r\nd.wav,0.4,4\r\ne.wav,0.5,5\r\nf.wav,0.6,6\r\n' >"$T/f.csv"
printf 'file,valence,arousal\na.wav,0.1,-0.1\nc.wav,0.3,-0.3\nb.wav,0.2,-0.2\nd.wav,0.4,-0.4\nz.wav,1,1\nf.wav,0.6,-0.6\n' >"$T/l.csv"
expect_ok "generic tables" "$SER" cv --features-csv "$T/f.csv" --labels "$T/l.csv" --features all -k 2
expect_grep "generic: 5 of 6 rows" "6 feature rows, 5 with labels \(1 left out\), 2 features, 2 warnings" "$OUT"
expect_grep "warning: label without features" "^ser: warning: .*l.csv:6: 'z.wav' has no row in" "$ERR"
expect_grep "warning: features without label" "^ser: warning: .*no valence, arousal label for 'e.wav'" "$ERR"
"$SER" cv --features-csv "$T/f.csv" --labels "$T/l.csv" --features all -k 2 -q >/dev/null 2>"$T/q.err"
expect_eq "-q: no warnings" "$(wc -c <"$T/q.err" | tr -d ' ')" 0

# errors
expect_fail "74 features missing" 1 "^ser: .*f.csv:1: missing column 'rms_std'" "$SER" cv --features-csv "$T/f.csv" --labels "$T/l.csv"
expect_fail "fewer rows than folds" 1 "^ser: cv: the data set has 9 rows, fewer than the 10 folds" "$SER" cv --dataset "$MINI"
expect_fail "not a data set" 1 "^ser: .*not an Emo-Soundscapes directory" "$SER" cv --dataset "$SHARED"
mkdir -p "$T/rk/Emo-Soundscapes-Features" "$T/rk/Emo-Soundscapes-Rankings"
cp "$MINI/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv" "$T/rk/Emo-Soundscapes-Features/"
cp "$MINI/Emo-Soundscapes/Emo-Soundscapes-Rankings/"*.csv "$T/rk/Emo-Soundscapes-Rankings/"
expect_fail "mini rankings need --rank-n" 1 "Rankings/Valence.csv:1:2: rank 1073 outside 1\.\.9" "$SER" cv --dataset "$T/rk" -k 3
expect_ok "--rank-n 1213 reproduces the ratings" "$SER" cv --dataset "$T/rk" -k 3 --rank-n 1213 -p "$T/rk.csv"
expect_grep "rank 290 of 1213 -> 0.523495" '^svr,arousal,[0-2],mix_between_human_indicator_1-12_1-6\.wav,0\.52349546' "$T/rk.csv"
expect_fail "usage: no data" 2 "give --dataset" "$SER" cv
expect_fail "usage: both data kinds" 2 "excludes" "$SER" cv --dataset "$MINI" --labels "$T/l.csv"
expect_fail "usage: bad folds" 2 "--folds" "$SER" cv --dataset "$MINI" -k 1
expect_fail "usage: bad features" 2 "74 or all" "$SER" cv --dataset "$MINI" --features 12
expect_fail "usage: bad model" 2 "--models" "$SER" cv --dataset "$MINI" --models knn
expect_fail "usage: bad target" 2 "--targets" "$SER" cv --dataset "$MINI" --targets arousal,arousal
expect_fail "usage: bad gamma" 2 "--svr-gamma" "$SER" cv --dataset "$MINI" --svr-gamma -1
expect_fail "usage: bad C" 2 "--svr-C" "$SER" cv --dataset "$MINI" --svr-C abc
expect_fail "usage: raw needs dataset" 2 "--raw-features needs --dataset" "$SER" cv --features-csv "$T/f.csv" --labels "$T/l.csv" --raw-features
expect_fail "usage: unknown option" 2 "unknown option" "$SER" cv --frobnicate
expect_fail "unwritable predictions" 1 "^ser: /nonexistent/p.csv: cannot write" "$SER" cv --dataset "$MINI" -k 3 -p /nonexistent/p.csv

# a report that cannot be written is a failure (stdout is block-buffered
# into a file: the error shows only when it is flushed)
if [ -w /dev/full ]; then
	for fmt in "" --json; do
		"$SER" cv --dataset "$MINI" -k 3 -q $fmt >/dev/full 2>"$ERR"
		expect_eq "cv${fmt:+ $fmt}: full stdout exits 1" $? 1
		expect_grep "cv${fmt:+ $fmt}: full stdout reported" "^ser: stdout: write error" "$ERR"
	done
else
	skip "cv: full stdout" "no /dev/full"
fi

# a seed is digits only: strtoull would take " -1" as 2^64 - 1
expect_fail "--seed ' -1' refused" 2 "--seed: ' -1' is not a non-negative integer" "$SER" cv --dataset "$MINI" -k 3 --seed " -1"
expect_fail "--seed -1 refused" 2 "is not a non-negative integer" "$SER" cv --dataset "$MINI" -k 3 --seed -1
expect_fail "--seed +3 refused" 2 "is not a non-negative integer" "$SER" cv --dataset "$MINI" -k 3 --seed +3
