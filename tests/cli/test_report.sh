# ser cv --report DIR: the HTML report's structure (sections, plots, no
# network references, well-formed SVGs), determinism, undefined folds,
# errors before the run, and - where chromium is installed - a headless
# screenshot of the page.
. tests/cli/lib.sh

D="$T/s120"
"$SER" synth-dataset --rows 120 --seed 6 -o "$D" >/dev/null 2>&1
R="$T/rep"
AB="--dataset $D -k 4 --models svr,mlp --mlp-epochs 2 --mlp-layers 8 -q"

expect_ok "help documents --report" "$SER" cv --help
expect_grep "help: --report" "^ +--report DIR" "$OUT"
# shellcheck disable=SC2086
expect_ok "cv --report" "$SER" cv $AB --report "$R"
H="$R/index.html"
expect_grep "index.html is HTML5" "^<!DOCTYPE html>$" "$H"
for id in run summary paired plots folds reading; do
	expect_grep "section $id" "<h2 id=\"$id\">" "$H"
	expect_grep "contents link to $id" "<li><a href=\"#$id\">" "$H"
done
expect_grep "command shown" "^<pre>ser cv --dataset [^ ]*s120 -k 4 --models svr,mlp" "$H"
expect_grep "corrected p column" "<th>corrected t-test p</th>" "$H"
expect_grep "per-fold table has test rows" "<th>fold</th><th>test rows</th><th>svr arousal R<sup>2</sup></th>" "$H"
expect_eq "4 folds x 1 row each in the per-fold table" "$(grep -c '^<tr><td class="n">[0-3]</td><td class="n">30</td>' "$H")" 4
for f in paired-r2-arousal paired-r2-valence scatter-svr-arousal scatter-svr-valence scatter-mlp-arousal scatter-mlp-valence; do
	expect_grep "plot $f shown" "<img src=\"$f.svg\"" "$H"
done
imgs=$(grep -o '<img src="[^"]*"' "$H" | sed 's/<img src="//; s/"$//')
missing=0
for i in $imgs; do
	case $i in /*|*..*|*:*) missing=1 ;; esac
	[ -s "$R/$i" ] || missing=1
done
expect_eq "every image is a local file in DIR" "$missing $(echo "$imgs" | wc -l | tr -d ' ')" "0 6"
if grep -Eqi 'https?://' "$H"; then notok "index.html: no network references" "$(grep -Eoi '.{30}https?://.{30}' "$H" | head -3)"
else ok "index.html: no network references"; fi
# an SVG may name its XML namespaces (never fetched); nothing else
if cat "$R"/*.svg | grep -Eo '[a-zA-Z:]*="?https?://[^" ]*' | grep -Ev '^xmlns(:xlink)?="http://www\.w3\.org/(2000/svg|1999/xlink)$' | grep -q .
then notok "SVGs: no network references" "$(cat "$R"/*.svg | grep -Eo '.{20}https?://[^" ]*' | sort -u | head)"
else ok "SVGs: no network references"; fi
if grep -Eqi '<script|<link|@import|url\(' "$H"; then notok "no scripts or external style"; else ok "no scripts or external style"; fi
bad=""
for s in "$R"/*.svg; do
	head -1 "$s" | grep -q '^<?xml' || bad="$bad $s(head)"
	tail -c 16 "$s" | tr -d '\n ' | grep -q '</svg>$' || bad="$bad $s(tail)"
	[ "$(grep -c '<svg' "$s")" = 1 ] || bad="$bad $s(svg)"
done
expect_eq "SVGs start with <?xml and end with </svg>" "$bad" ""
if [ -x /usr/bin/python3 ]; then
	if /usr/bin/python3 - "$R" <<'PY' 2>"$T/py.err"
import glob, sys, xml.etree.ElementTree as ET
from html.parser import HTMLParser
for f in glob.glob(sys.argv[1] + "/*.svg"):
    root = ET.parse(f).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", f
# the page: every opened element (but void ones) is closed, in order
void = {"meta", "img", "br", "hr", "input", "link"}
stack = []
class P(HTMLParser):
    def handle_starttag(self, tag, attrs):
        if tag not in void:
            stack.append(tag)
    def handle_endtag(self, tag):
        assert stack and stack[-1] == tag, (tag, stack[-5:])
        stack.pop()
P().feed(open(sys.argv[1] + "/index.html").read())
assert not stack, stack
PY
	then ok "SVGs parse as XML, index.html nests properly"
	else notok "SVGs parse as XML, index.html nests properly" "$(tail -3 "$T/py.err")"; fi
else
	ok "SVGs parse as XML # skip: no /usr/bin/python3"
fi

# same run, same bytes (into the same DIR: the command is on the page)
cp -r "$R" "$T/rep1"
# shellcheck disable=SC2086
"$SER" cv $AB --report "$R" >/dev/null 2>&1
if diff -r "$R" "$T/rep1" >/dev/null; then ok "report is deterministic"; else notok "report is deterministic" "$(diff -r "$R" "$T/rep1" | head -5)"; fi

# repeats: a collapsible table per run, pooled tests
# shellcheck disable=SC2086
expect_ok "cv --repeats 2 --report" "$SER" cv $AB --repeats 2 --report "$T/rep3"
expect_eq "one per-fold table per run" "$(grep -c '^<details' "$T/rep3/index.html")" 2
expect_grep "pooled over all runs" "pooled over all runs" "$T/rep3/index.html"
expect_grep "pooled folds" '<td class="n">8</td>' "$T/rep3/index.html"

# undefined R^2: shown as "-", counted in the summary
"$SER" synth-dataset --rows 12 --seed 1 -o "$T/s12" >/dev/null 2>&1
expect_ok "report with undefined folds" "$SER" cv --dataset "$T/s12" -q --report "$T/rep4"
expect_grep "undefined cell" '<td class="n undef" title="undefined">-</td>' "$T/rep4/index.html"
expect_grep "defined folds counted" '<td class="n">2 / 10</td>' "$T/rep4/index.html"

# the thesis's protocol: different folds, so nothing pairs up
expect_ok "report of --protocol thesis" "$SER" cv --dataset "$D" -k 4 --models svr,mlp --protocol thesis -q --report "$T/rep6"
expect_grep "thesis: no paired comparison" "no paired comparison: scored on different folds" "$T/rep6/index.html"
expect_grep "thesis: no lines between unpaired folds" "so no fold pairs up and no lines are drawn" "$T/rep6/index.html"

# errors come before the run
expect_fail "no gnuplot: refused before the run" 1 "^ser: cv --report: gnuplot not found" env SER_GNUPLOT=/nonexistent/gnuplot "$SER" cv --dataset "$D" --report "$T/rep5"
if [ -e "$T/rep5" ]; then notok "no gnuplot: no directory made"; else ok "no gnuplot: no directory made"; fi
expect_fail "unwritable DIR" 1 "^ser: cv --report: $T/none/r: cannot create the report directory" "$SER" cv --dataset "$D" --report "$T/none/r"

# the page as a browser draws it
if [ -x /usr/bin/chromium ]; then
	P="$T/shot.png"
	timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$(mktemp -d "$T/chr.XXXXXX")" \
		--screenshot="$P" --window-size=1200,3000 "file://$(cd "$R" && pwd)/index.html" \
		>"$T/chr.log" 2>&1
	if [ -s "$P" ] && [ "$(head -c 8 "$P" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] && [ "$(wc -c <"$P")" -gt 50000 ]; then
		ok "chromium renders the report ($(wc -c <"$P" | tr -d ' ') bytes of PNG)"
	else
		notok "chromium renders the report" "$(tail -3 "$T/chr.log")"
	fi
else
	ok "chromium screenshot # skip: /usr/bin/chromium not installed (apt-get install chromium to run it)"
fi
