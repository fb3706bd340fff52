# One CLI grammar (issue 11): the same rules in every command, checked
# from a table so a new command or option is covered by adding a row.
. tests/cli/lib.sh

# every command `ser --help` lists
cmds=$("$SER" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
expect_eq "ser --help lists the 11 commands" "$(echo "$cmds" | wc -l | tr -d ' ')" 11

for c in $cmds; do
	expect_fail "$c: unknown long option -> exit 2, named, Try" 2 \
		"^ser $c: unknown option '--no-such-option'$" "$SER" "$c" --no-such-option=1
	expect_grep "$c: ... Try 'ser $c --help'" "^Try 'ser $c --help'\.$" "$ERR"
	expect_eq "$c: one message (2 lines)" "$(wc -l <"$ERR" | tr -d ' ')" 2
	expect_fail "$c: unknown short option" 2 "^ser $c: unknown option '-Z'$" "$SER" "$c" -Z
	"$SER" "$c" --help >"$T/h1" 2>&1
	"$SER" help "$c" >"$T/h2" 2>&1
	if cmp -s "$T/h1" "$T/h2" && [ -s "$T/h1" ]; then ok "ser help $c = ser $c --help"
	else notok "ser help $c = ser $c --help"; fi
	# a short option means one thing everywhere
	bad=$(grep -oE '^ +-[a-zA-Z], --[a-z-]+' "$T/h1" | tr -s ' ' | sed 's/^ //' |
		grep -vxE -e '-r, --recursive' -e '-m, --model' -e '-j, --jobs' \
			-e '-o, --output' -e '-q, --quiet' -e '-s, --seed' -e '-k, --folds' \
			-e '-h, --help' -e '-p, --predictions' -e '-n, --rows' | tr '\n' ' ')
	expect_eq "$c: short options have their one meaning" "$bad" ""
done
expect_fail "ser help NOCMD" 2 "'nocmd' is not a ser command" "$SER" help nocmd
expect_fail "a missing value names the option" 2 "^ser cv: option '--dataset' needs a value$" "$SER" cv --dataset

case $SER in /*) ABS_SER=$SER ;; *) ABS_SER=$PWD/$SER ;; esac
# the options each command documents and accepts: CMD OPTION [VALUE]
# (accepted = the run fails for another reason than the option)
while read -r c opt val; do
	[ -n "$c" ] || continue
	if "$SER" "$c" --help | grep -qE -- "(^| )$opt[ ,]"; then ok "$c documents $opt"
	else notok "$c documents $opt"; fi
	# in $T: an accepted -o must not write into the source tree
	# shellcheck disable=SC2086
	(cd "$T" && "$ABS_SER" "$c" $opt $val >/dev/null 2>"$ERR" </dev/null)
	if grep -q "unknown option\|needs a value" "$ERR"; then notok "$c accepts $opt" "$(cat "$ERR")"
	else ok "$c accepts $opt"; fi
done <<'TABLE'
extract -j 2
extract -q
extract -o x.csv
extract --format json
extract -r
predict -j 2
predict -q
predict -o x.csv
predict --format json
predict --json
predict -m x.ser
predict -r
train -j 2
train -q
train -o x.ser
train --format json
train -s 1
cv -q
cv -o x.txt
cv --format json
cv --json
cv -s 1
cv -k 3
cv --targets valence
cv --models svr
cv --repeats 2
info -o x.txt
info --format json
synth-dataset -s 1
synth-dataset -o x
index -j 2
index -q
index -r
index -m x.ser
index --format json
search -m x.ser
search -o x.csv
search --format json
search --limit 3
plot -m x.ser
cv -j 2
cv --tune
tune -j 2
tune -q
tune -o x.txt
tune --format json
tune -s 1
tune -k 3
tune --models svr
tune --targets valence
train --tune
train -k 3
extract --space meyda
train --space robust
predict --space meyda
TABLE

# long-only now: cv's -r, -m, -t and plot's -t are no short options
expect_fail "cv -r is gone (--repeats)" 2 "unknown option '-r'" "$SER" cv -r 2
expect_fail "cv -m is gone (--models)" 2 "unknown option '-m'" "$SER" cv -m svr
expect_fail "cv -t is gone (--targets)" 2 "unknown option '-t'" "$SER" cv -t valence
expect_fail "tune -m is gone (--models)" 2 "unknown option '-m'" "$SER" tune -m svr
expect_fail "plot -t is gone (--terminal)" 2 "unknown option '-t'" "$SER" plot -t dumb x.csv
expect_fail "search -k is gone (--limit; -k is folds)" 2 "unknown option '-k'" "$SER" search --db x.db --all -k 3

# --targets: one parser, one rule, in cv and train
expect_fail "cv: repeated target" 2 "--targets: 'valence' is given twice" "$SER" cv --dataset x --targets valence,valence
expect_fail "train: repeated target" 2 "--targets: 'valence' is given twice" "$SER" train --dataset x --model svr --targets valence,valence -o x.ser
expect_fail "cv: unknown target" 2 "--targets: 'joy' is not valence or arousal" "$SER" cv --dataset x --targets joy
expect_fail "train: unknown target" 2 "--targets: 'joy' is not valence or arousal" "$SER" train --dataset x --model svr --targets joy -o x.ser

# JSON where asked: --format json, --json, or an -o name ending in .json
MINI="$SHARED/fixtures/emo-soundscapes-mini"
FIX="$MINI/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv"
isjson() { /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
expect_ok "cv -o FILE.json" "$SER" cv --dataset "$MINI" -k 3 -q -o "$T/cv.json"
expect_eq "cv: nothing on stdout with -o" "$(wc -c <"$OUT" | tr -d ' ')" 0
expect_grep "cv -o .json writes JSON with meta" '^\{"meta":\{"ser_version"' "$T/cv.json"
expect_ok "cv -o FILE (text)" "$SER" cv --dataset "$MINI" -k 3 -q -o "$T/cv.txt"
expect_grep "cv -o text report" "^3-fold CV \(shuffled, seed 0\)" "$T/cv.txt"
"$SER" cv --dataset "$MINI" -k 3 -q --json >"$T/j1"
"$SER" cv --dataset "$MINI" -k 3 -q --format json >"$T/j2"
expect_eq "cv --json = --format json (but the command line)" \
	"$(grep -o '"folds":.*' "$T/j1")" "$(grep -o '"folds":.*' "$T/j2")"
M="$T/m.ser"
expect_ok "train for the JSON checks" "$SER" train --dataset "$MINI" --model ridge -q -o "$M"
expect_ok "predict -o FILE.json" "$SER" predict -m "$M" --features-csv "$FIX" -o "$T/p.json"
expect_grep "predict -o .json writes JSON" '"valence":' "$T/p.json"
expect_ok "predict --json" "$SER" predict -m "$M" --features-csv "$FIX" --json
expect_grep "predict --json prints JSON" '^\[' "$OUT"
expect_ok "info --format json" "$SER" info --format json "$M"
expect_grep "info JSON: meta and model" '^\{"meta":\{"ser_version":"[0-9.]+","command":"ser info --format json [^"]*","data":\{"path":"[^"]*m.ser"\}\},"model":\{"format_version":[0-9]+,"space":"emo-soundscapes-normalized"' "$OUT"
expect_grep "info JSON: hyper-parameters" '"models":\{"valence":\{"family":"ridge","alpha":1,' "$OUT"
expect_ok "info -o FILE.json" "$SER" info "$M" -o "$T/i.json"
expect_grep "info -o .json writes JSON" '^\{"meta":' "$T/i.json"
if [ -d tests/data ]; then
	expect_ok "extract -o FILE.json" "$SER" extract -q -o "$T/f.json" tests/data/bell.wav tests/data/click.wav
	expect_grep "extract JSON rows" '^\[\{"file":"tests/data/bell.wav","rms_mean":[0-9.e-]+,' "$T/f.json"
	expect_ok "extract --format json" "$SER" extract -q --format json tests/data/bell.wav
	expect_grep "extract --format json on stdout" '^\[\{"file":' "$OUT"
	if /usr/bin/python3 -c 1 2>/dev/null; then
		isjson "$T/f.json" && ok "extract JSON parses" || notok "extract JSON parses"
		/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==2 and len(d[0])==75' "$T/f.json" &&
			ok "extract JSON: 2 files x (file + 74)" || notok "extract JSON: 2 files x (file + 74)"
	fi
	"$SER" extract -q tests/data/bell.wav >"$T/f.csv"
	expect_eq "extract --format csv is still the default" "$(head -c 14 "$T/f.csv")" "file,rms_mean,"
fi
