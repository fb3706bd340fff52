# ser synth-dataset: deterministic bytes, the Emo-Soundscapes format.
. tests/cli/lib.sh

A="$T/a"; B="$T/b"; C="$T/c"
expect_ok "synth-dataset runs" "$SER" synth-dataset --rows 200 --seed 3 -o "$A"
expect_ok "synth-dataset again" "$SER" synth-dataset --rows 200 --seed 3 -o "$B"
expect_ok "synth-dataset other seed" "$SER" synth-dataset --rows 200 --seed 4 -o "$C"
if diff -r "$A" "$B" >/dev/null; then ok "same seed, same bytes"
else notok "same seed, same bytes" "$(diff -rq "$A" "$B" | head -3)"; fi
if cmp -s "$A/Emo-Soundscapes-Features/Features.csv" "$C/Emo-Soundscapes-Features/Features.csv"
then notok "other seed, other bytes"; else ok "other seed, other bytes"; fi
for f in Emo-Soundscapes-Features/Features.csv Emo-Soundscapes-Features/Normalized_Features.csv \
	 Emo-Soundscapes-Rankings/Arousal.csv Emo-Soundscapes-Rankings/Valence.csv \
	 Emo-Soundscapes-Ratings/Arousal.csv Emo-Soundscapes-Ratings/Valence.csv; do
	p="$A/$f"
	if [ -f "$p" ] && [ "$(tr -cd '\n' <"$p" | wc -c)" -eq 0 ] && [ "$(tr -cd '\r' <"$p" | wc -c)" -ge 200 ]
	then ok "$f exists with CR line endings"
	else notok "$f exists with CR line endings"; fi
done
expect_grep "marked synthetic, with rows and seed" "^Synthetic Emo-Soundscapes made by ser synth-dataset --rows 200 --seed 3\.$" "$A/SYNTHETIC.txt"
R=$(tr '\r' '\n' <"$A/Emo-Soundscapes-Rankings/Arousal.csv")
expect_eq "rankings: 200 rows" "$(printf '%s\n' "$R" | wc -l | tr -d ' ')" 200
expect_eq "rankings: headerless file,rank" \
	"$(printf '%s\n' "$R" | grep -cvE '^[a-z0-9_-]+\.wav,[0-9]+$')" 0
expect_eq "rankings: a permutation of 1..200" \
	"$(printf '%s\n' "$R" | cut -d, -f2 | sort -n | tr '\n' ' ')" "$(seq 1 200 | tr '\n' ' ')"
tr '\r' '\n' <"$A/Emo-Soundscapes-Ratings/Valence.csv" >"$T/val.txt"
expect_grep "ratings: headerless file,rating" '^[a-z0-9_-]+\.wav,-?[01]\.[0-9]{6}$' "$T/val.txt"
expect_eq "ratings: 200 rows" "$(wc -l <"$T/val.txt" | tr -d ' ')" 200
H=$(head -c 4000 "$A/Emo-Soundscapes-Features/Features.csv" | tr '\r' '\n' | head -1)
expect_eq "raw features: empty first header name, 122 columns" \
	"[$(printf '%s' "$H" | cut -d, -f1)] $(printf '%s' "$H" | tr -cd ',' | wc -c | tr -d ' ')" "[] 122"
H=$(head -c 4000 "$A/Emo-Soundscapes-Features/Normalized_Features.csv" | tr '\r' '\n' | head -1)
expect_eq "normalized features: fileName first" "$(printf '%s' "$H" | cut -d, -f1)" "fileName"
expect_eq "normalized features: same header as the real data" \
	"$(printf '%s' "$H" | cut -d, -f2-)" \
	"$(head -c 4000 "$SHARED/fixtures/emo-soundscapes-mini/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv" | tr '\r' '\n' | head -1 | cut -d, -f2-)"
expect_grep "mixes named like the real ones" '^mix_between_[a-z]+_[a-z]+_[0-9]+-(6|12)_[0-9]+-(6|12)\.wav,' "$T/val.txt"
expect_fail "rows must be >= 2" 2 "rows" "$SER" synth-dataset --rows 1 -o "$T/x"
expect_fail "-o required" 2 "-o DIR is required" "$SER" synth-dataset --rows 10
expect_fail "unwritable output" 1 "^ser: .*cannot create directory" "$SER" synth-dataset -o /proc/nonexistent/x
