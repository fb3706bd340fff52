# ser train: SVR against scikit-learn, MLP determinism, --audio with its
# feature cache, and bad inputs.
. tests/cli/lib.sh

D="$SHARED/fixtures/emo-soundscapes-mini"
FIX="$D/Emo-Soundscapes/Emo-Soundscapes-Features/Normalized_Features.csv"
GOLD=tests/golden/train_svr_fixture.csv

# max |a - b| over valence and arousal of two prediction CSVs (same rows)
maxdiff() {
	awk -F, '/^#/ || /^file,/ { next } NR == FNR { v[$1] = $2; a[$1] = $3; next }
		($1 in v) { d = $2 - v[$1]; if (d < 0) d = -d; if (d > m) m = d
			    d = $3 - a[$1]; if (d < 0) d = -d; if (d > m) m = d; k++ }
		END { if (k == 0) print "no-rows"; else printf "%.3g\n", m }' "$1" "$2"
}
close() { awk -v x="$1" -v t="$2" 'BEGIN { exit !(x ~ /^[0-9][0-9.e+-]*$/ && x + 0 <= t) }'; }

# ---- SVR on the data set = sklearn's SVR on the same normalized rows ----
expect_ok "train svr --dataset" "$SER" train --dataset "$D" --model svr -q -o "$T/svr.ser"
expect_ok "predict with trained svr" "$SER" predict -m "$T/svr.ser" --features-csv "$FIX" -o "$T/svr.csv"
d=$(maxdiff "$GOLD" "$T/svr.csv")
if close "$d" 2e-6; then ok "svr model matches sklearn (max diff $d)"; else notok "svr model matches sklearn" "max diff $d"; fi
expect_ok "info on trained svr" "$SER" info "$T/svr.ser"
expect_grep "trained model clips inputs to the training range" "^flags .*clamp" "$OUT"
expect_grep "info: svr kind" "^valence +svr .*support vectors" "$OUT"
expect_grep "info: hyper-parameters" "C 1, epsilon 0.1, gamma auto, tol 0.001, shrinking on, cache 200 MB, kernel values float" "$OUT"
expect_grep "info: provenance" "^data +Emo-Soundscapes .*emo-soundscapes-mini.*9 rows, 74 features" "$OUT"
expect_grep "info: origin" "^origin +trained by ser train" "$OUT"
expect_grep "info: normalizer is the training range" "^  1 +rms_mean +0.01387128 +0.06542384" "$OUT"

# the same rows as a features CSV + labels CSV give the same model
R="$D/Emo-Soundscapes/Emo-Soundscapes-Ratings"
{ echo "file,valence,arousal"
  tr '\r' '\n' <"$R/Valence.csv" | sort >"$T/v.txt"
  tr '\r' '\n' <"$R/Arousal.csv" | sort >"$T/a.txt"
  join -t, "$T/v.txt" "$T/a.txt"; } >"$T/labels.csv"
expect_ok "train --features-csv --labels" "$SER" train --features-csv "$FIX" --labels "$T/labels.csv" --model svr -q -o "$T/svr2.ser"
expect_ok "predict with csv-trained svr" "$SER" predict -m "$T/svr2.ser" --features-csv "$FIX" -o "$T/svr2.csv"
expect_eq "same predictions from --dataset and --features-csv" "$(maxdiff "$T/svr.csv" "$T/svr2.csv")" 0
expect_ok "svr hyper-parameters" "$SER" train --dataset "$D" --model svr --svr-C 3 --svr-epsilon 0.05 --svr-gamma 0.5 --svr-tol 1e-4 --svr-no-shrinking --svr-cache-mb 10 -q -o "$T/svr3.ser"
expect_ok "info svr3" "$SER" info "$T/svr3.ser"
expect_grep "hyper-parameters recorded" "C 3, epsilon 0.05, gamma value \(0.5\), tol 0.0001, shrinking off, cache 10 MB, kernel values float" "$OUT"

# one target
expect_ok "train --targets arousal" "$SER" train --dataset "$D" --model svr --targets arousal -q -o "$T/ar.ser"
expect_ok "predict arousal-only" "$SER" predict -m "$T/ar.ser" --features-csv "$FIX"
expect_grep "valence empty" "^mix_between_human_indicator_1-12_1-6.wav,,0.462917,,$" "$OUT"

# ---- MLP: deterministic from --seed ----
expect_ok "train mlp seed 5" "$SER" train --dataset "$D" --model mlp --mlp-epochs 3 --mlp-layers 8,4 --seed 5 -q -o "$T/m5.ser"
expect_ok "train mlp seed 5 again" "$SER" train --dataset "$D" --model mlp --mlp-epochs 3 --mlp-layers 8,4 --seed 5 -q -o "$T/m5b.ser"
expect_ok "train mlp seed 6" "$SER" train --dataset "$D" --model mlp --mlp-epochs 3 --mlp-layers 8,4 --seed 6 -q -o "$T/m6.ser"
for s in m5 m5b m6; do "$SER" predict -m "$T/$s.ser" --features-csv "$FIX" -o "$T/$s.csv"; done
expect_eq "same seed, same model" "$(maxdiff "$T/m5.csv" "$T/m5b.csv")" 0
if [ "$(maxdiff "$T/m5.csv" "$T/m6.csv")" != 0 ]; then ok "other seed, other model"; else notok "other seed, other model"; fi
expect_ok "info mlp" "$SER" info "$T/m5.ser"
expect_grep "mlp architecture" "^valence +mlp .*74 -> 8 -> 4 -> 1" "$OUT"
expect_grep "mlp settings" "optimizer rmsprop, lr 0.001, dropout 0.2, epochs 3, batch 1, seed 5" "$OUT"
expect_grep "mlp: RMSprop eps placement in the provenance" "^data +Emo-Soundscapes .*; RMSprop eps outside the sqrt$" "$OUT"

# ---- --audio: features extracted from the files named in the labels ----
if [ -d tests/data ]; then
	A="$T/aud"
	mkdir -p "$A/sub"
	cp tests/data/bell.wav tests/data/noise.wav tests/data/sweep.wav "$A/"
	cp tests/data/click.wav "$A/sub/"
	printf 'file,valence,arousal\nbell.wav,0.5,0.2\nnoise.wav,-0.6,0.7\nsweep.wav,0.1,0.3\nsub/click.wav,-0.2,0.6\nmissing.wav,0,0\n' >"$A/labels.csv"
	expect_fail "train --audio (missing.wav: exit 1)" 1 "missing.wav.*left out of training" "$SER" train --labels "$A/labels.csv" --audio --model svr -o "$T/aud.ser"
	expect_grep "audio: bad file reported" "missing.wav.*left out of training" "$ERR"
	expect_grep "audio: a short file is trained on, with a warning" "^ser: warning: $A/bell.wav: only 0\.139 s of audio" "$ERR"
	[ -s "$T/aud.ser" ] && ok "audio: the model is still written" || notok "audio: the model is still written"
	expect_grep "audio: 4 extracted" "5 files: 0 from the feature cache, 4 extracted, 1 unreadable" "$ERR"
	if grep -q "ser-features" "$ERR"; then notok "messages name no internal cache file" "$(cat "$ERR")"; else ok "messages name no internal cache file"; fi
	expect_grep "cache kept in the data folder, per space" "^sub/click.wav," "$A/.ser-features.ser-robust-v1.csv"
	expect_fail "train --audio again (missing.wav: exit 1)" 1 "missing.wav.*left out of training" "$SER" train --labels "$A/labels.csv" --audio --model svr -o "$T/aud.ser"
	expect_grep "audio: cache reused" "5 files: 4 from the feature cache, 0 extracted" "$ERR"
	expect_fail "another model, same data folder (missing.wav: exit 1)" 1 "missing.wav.*left out of training" "$SER" train --labels "$A/labels.csv" --audio --model ridge -o "$T/aud-ridge.ser"
	expect_grep "the cache is the data folder's, not the model's" "5 files: 4 from the feature cache, 0 extracted" "$ERR"
	# labels are checked before any audio is extracted; no cache is left
	mkdir -p "$T/badl"
	cp tests/data/bell.wav "$T/badl/"
	printf 'file,valence,arousal\nbell.wav,0.5,2\n' >"$T/badl/labels.csv"
	expect_fail "bad label before extraction" 1 "labels.csv:2:3: arousal 2 outside" "$SER" train --labels "$T/badl/labels.csv" --audio --model svr -o "$T/x.ser"
	if ls "$T/badl"/.ser-features* >/dev/null 2>&1; then notok "no cache after a failed run"; else ok "no cache after a failed run"; fi
	printf 'file,valence,arousal\nnone1.wav,0.5,0.2\nnone2.wav,0.1,0.1\n' >"$T/badl/labels2.csv"
	expect_fail "no readable audio" 1 "labels2.csv: none of its 2 audio files could be read" "$SER" train --labels "$T/badl/labels2.csv" --audio --model svr -o "$T/x.ser"
	if ls "$T/badl"/.ser-features* >/dev/null 2>&1; then notok "a new cache is removed when the run fails"; else ok "a new cache is removed when the run fails"; fi
	touch "$A/bell.wav"
	expect_fail "train --audio after a change (missing.wav: exit 1)" 1 "missing.wav.*left out of training" "$SER" train --labels "$A/labels.csv" --audio --model svr -o "$T/aud.ser"
	expect_grep "audio: changed file re-extracted" "3 from the feature cache, 1 extracted" "$ERR"
	# a row computed by another extractor version is never reused
	sed -i 's|^\(noise\.wav,[0-9]*,[0-9.]*\),ser-robust-v1/2,|\1,ser-robust-v1/0,|' "$A/.ser-features.ser-robust-v1.csv"
	expect_fail "train --audio, one row from an older extractor (missing.wav: exit 1)" 1 "missing.wav.*left out of training" "$SER" train --labels "$A/labels.csv" --audio --model svr -o "$T/aud.ser"
	expect_grep "audio: other extractor's row re-extracted" "3 from the feature cache, 1 extracted" "$ERR"
	grep -v missing.wav "$A/labels.csv" >"$A/good.csv"
	expect_ok "train --audio, every file readable: exit 0" "$SER" train --labels "$A/good.csv" --audio --model svr -o "$T/good.ser"
	expect_ok "info audio model" "$SER" info "$T/aud.ser"
	expect_grep "audio model space" "^space +ser-robust-v1$" "$OUT"
	expect_ok "predict audio with audio model" "$SER" predict -q -m "$T/aud.ser" "$A/bell.wav" "$A/sub"
	expect_eq "no space warning" "$(cat "$ERR")" ""
	expect_grep "audio prediction row" "^$A/bell.wav,-?[0-9.]+,-?[0-9.]+,[a-z-]+,[a-z]+$" "$OUT"
	expect_fail "train --audio --cache (missing.wav: exit 1)" 1 "missing.wav.*left out of training" "$SER" train --labels "$A/labels.csv" --audio --model svr --cache "$T/c.csv" -q -o "$T/aud2.ser"
	expect_grep "explicit cache written" "^sub/click.wav,[0-9]+,[0-9.]+,ser-robust-v1/2," "$T/c.csv"
	# --features all: the audio features are the 74; the cache's size and
	# mtime columns are bookkeeping, not features
	expect_fail "train --audio --features all (missing.wav: exit 1)" 1 "missing.wav.*left out of training" "$SER" train --labels "$A/labels.csv" --audio --model svr --features all --cache "$T/c.csv" -q -o "$T/aud3.ser"
	expect_ok "info --audio --features all" "$SER" info "$T/aud3.ser"
	expect_grep "--audio --features all: 74 features" "^features +74$" "$OUT"
	expect_ok "predict with the --features all audio model" "$SER" predict -q -m "$T/aud3.ser" "$A/bell.wav"

	# --dataset DIR --audio: the data set's ratings, audio found by name
	E="$T/emo"
	cp -r "$D" "$E"
	AU="$E/Emo-Soundscapes/Emo-Soundscapes-Audio/613_MixedSounds/human"
	mkdir -p "$AU"
	set -- bell noise sweep click trash-empty bell noise sweep
	for f in $(tr '\r' '\n' <"$FIX" | tail -n +2 | cut -d, -f1 | head -8); do
		cp "tests/data/$1.wav" "$AU/$f"
		shift
	done
	expect_fail "train --dataset --audio (a rated file without audio: exit 1)" 1 "mix_between_human_indicator_3-6_3-6.wav.*left out of training" "$SER" train --dataset "$E" --audio --model svr -o "$T/emoaud.ser"
	expect_grep "rated file without audio reported" "mix_between_human_indicator_3-6_3-6.wav.*left out of training" "$ERR"
	expect_grep "emo audio counts" "9 rated files: 0 from the feature cache, 8 extracted, 1 without readable audio" "$ERR"
	expect_ok "info emo audio model" "$SER" info "$T/emoaud.ser"
	expect_grep "emo audio model space" "^space +ser-robust-v1$" "$OUT"
	expect_grep "emo audio provenance" "^data +Emo-Soundscapes .*ratings, and ser-robust-v1 features extracted by ser from its audio; 8 rows, 74 features" "$OUT"
	expect_fail "train --dataset --audio again (a rated file without audio: exit 1)" 1 "mix_between_human_indicator_3-6_3-6.wav.*left out of training" "$SER" train --dataset "$E" --audio --model svr -o "$T/emoaud.ser"
	expect_grep "emo audio cache reused" "8 from the feature cache" "$ERR"
else
	skip "train --audio" "no tests/data audio in this tree"
fi

# ---- bad inputs ----
expect_fail "no --model" 2 "--model svr\|mlp\|ridge\|xgb is required" "$SER" train --dataset "$D" -o "$T/x.ser"
expect_fail "unknown model" 2 "--model: 'rf'" "$SER" train --dataset "$D" --model rf -o "$T/x.ser"
expect_fail "no output" 2 "-o MODEL.ser is required" "$SER" train --dataset "$D" --model svr
expect_fail "--features-csv with --audio" 2 "exactly one of" "$SER" train --features-csv "$FIX" --labels "$T/labels.csv" --audio --model svr -o "$T/x.ser"
expect_fail "two data sources" 2 "exactly one of" "$SER" train --dataset "$D" --features-csv "$FIX" --labels "$T/labels.csv" --model svr -o "$T/x.ser"
expect_fail "no data source" 2 "exactly one of" "$SER" train --model svr -o "$T/x.ser"
expect_fail "--features-csv without --labels" 2 "--labels L is required" "$SER" train --features-csv "$FIX" --model svr -o "$T/x.ser"
expect_fail "bad --targets" 2 "--targets: 'joy'" "$SER" train --dataset "$D" --model svr --targets joy -o "$T/x.ser"
expect_fail "repeated --targets" 2 "--targets: 'valence' is given twice" "$SER" train --dataset "$D" --model svr --targets valence,valence -o "$T/x.ser"
expect_ok "train --format json" "$SER" train --dataset "$D" --model ridge --ridge-alpha 2 -s 3 -q --format json -o "$T/r.ser"
tr -d '\n' <"$OUT" >"$T/train.json"
expect_grep "train JSON summary" '^\{"meta":\{"ser_version":"[0-9.]+","command":"ser train --dataset [^"]* --model ridge --ridge-alpha 2 -s 3 -q --format json -o [^"]*","data":\{"path":"[^"]*","rows":9,"features":74,"fingerprint":"fnv1a64:[0-9a-f]{16}"\}\},"model":"[^"]*r.ser","models":\{"ridge":\{"family":"ridge","alpha":2\}\},"targets":\["arousal","valence"\],"seed":3,"n":9,"d":74\}$' "$T/train.json"
expect_fail "bad --svr-gamma" 2 "--svr-gamma" "$SER" train --dataset "$D" --model svr --svr-gamma -1 -o "$T/x.ser"
expect_fail "bad --svr-C" 2 "--svr-C" "$SER" train --dataset "$D" --model svr --svr-C abc -o "$T/x.ser"
expect_fail "bad --mlp-layers" 2 "--mlp-layers: '50,0'" "$SER" train --dataset "$D" --model mlp --mlp-layers 50,0 -o "$T/x.ser"
expect_fail "bad --mlp-dropout" 2 "--mlp-dropout" "$SER" train --dataset "$D" --model mlp --mlp-dropout 1 -o "$T/x.ser"
expect_fail "missing data set" 1 "^ser: .*nowhere" "$SER" train --dataset "$T/nowhere" --model svr -o "$T/x.ser"
echo "file,valence" >"$T/vonly.csv"
tail -n +2 "$T/labels.csv" | cut -d, -f1,2 >>"$T/vonly.csv"
expect_fail "target without ratings" 1 "no arousal ratings" "$SER" train --features-csv "$FIX" --labels "$T/vonly.csv" --model svr -o "$T/x.ser"
expect_ok "valence-only labels, --targets valence" "$SER" train --features-csv "$FIX" --labels "$T/vonly.csv" --targets valence --model svr -q -o "$T/x.ser"
expect_fail "unwritable output" 1 "^ser: $T/no/dir/x.ser: cannot write" "$SER" train --dataset "$D" --model svr -o "$T/no/dir/x.ser"
printf 'name,valence\na.wav,0\n' >"$T/nofile.csv"
expect_fail "--audio labels without file column" 1 "nofile.csv:1: no 'file' column" "$SER" train --labels "$T/nofile.csv" --audio --model svr -o "$T/x.ser"
expect_fail "--raw-features without Features.csv" 1 "Features.csv" "$SER" train --dataset "$D" --raw-features --model svr -o "$T/x.ser"
expect_ok "--rank-n accepted" "$SER" train --dataset "$D" --rank-n 1213 --model svr -q -o "$T/rn.ser"
expect_fail "bad --rank-n" 2 "--rank-n" "$SER" train --dataset "$D" --rank-n 0 --model svr -o "$T/x.ser"

# SOURCE_DATE_EPOCH pins the date a model records: the same inputs and
# seed then give the same bytes
SOURCE_DATE_EPOCH=86400 "$SER" train --dataset "$D" --model svr -q -o "$T/sde1.ser"
sleep 1
SOURCE_DATE_EPOCH=86400 "$SER" train --dataset "$D" --model svr -q -o "$T/sde2.ser"
if cmp -s "$T/sde1.ser" "$T/sde2.ser"; then ok "SOURCE_DATE_EPOCH: same bytes"
else notok "SOURCE_DATE_EPOCH: same bytes"; fi
expect_ok "SOURCE_DATE_EPOCH: info" "$SER" info "$T/sde1.ser"
expect_grep "SOURCE_DATE_EPOCH: the date recorded" "^date +1970-01-02T00:00:00Z$" "$OUT"
