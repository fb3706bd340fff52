#!/bin/sh
# eval/mlp_vs_torch.sh - is ser's MLP the thesis's MLP? The same protocol
# (74 -> 50 -> 20 -> 1, dropout 0.2, RMSprop, batch 1, 10-fold shuffled CV)
# in ser and in PyTorch (eval/torch_mlp_cv.py, Keras update formulas), on
# the same generated full-size data set, averaged over SEEDS seeds; passes
# when the mean CV R^2 of the two agree within 0.02 for both targets.
#
#   eval/mlp_vs_torch.sh [SEEDS=5] [EPOCHS=10] [EPS=outside]
#
# EPS is where RMSprop adds eps on both sides: outside the sqrt (Keras
# 2.8, ser's default) or inside (TF.js; ser --mlp-rmsprop-eps inside).
#
# The two draw their folds and weights from different RNGs, so only the
# seed-averaged means are comparable. Needs /usr/bin/python3 with Debian's
# python3-torch and python3-sklearn.
set -eu
# from any directory: $SER is relative to the caller's one
case ${SER:-} in ''|/*) ;; *) SER=$PWD/$SER ;; esac
cd "$(dirname "$0")/.."
SER=${SER:-build/ser}
SEEDS=${1:-5}
EPOCHS=${2:-10}
EPS=${3:-outside}
OUT=bench/out/mlp_vs_torch
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
[ -d "$OUT/data/Emo-Soundscapes-Features" ] ||
	"$SER" synth-dataset --rows 1213 --seed 1 -o "$OUT/data" >/dev/null
t0=$(date +%s.%N)
"$SER" cv --dataset "$OUT/data" --models mlp -k 10 -s 0 --repeats "$SEEDS" \
	--mlp-epochs "$EPOCHS" --mlp-rmsprop-eps "$EPS" -q --json >"$OUT/ser.json"
t1=$(date +%s.%N)
/usr/bin/python3 eval/torch_mlp_cv.py --dataset "$OUT/data" --models mlp \
	--folds 10 --seed 0 --repeats "$SEEDS" --epochs "$EPOCHS" --threads 1 \
	--rmsprop-eps "$EPS" \
	>"$OUT/torch.json" 2>"$OUT/torch.err"
t2=$(date +%s.%N)
/usr/bin/python3 - "$OUT/ser.json" "$OUT/torch.json" "$t0" "$t1" "$t2" "$SEEDS" "$EPOCHS" "$EPS" <<'PYEOF'
import json, sys
s, t = (json.load(open(p)) for p in sys.argv[1:3])
t0, t1, t2 = map(float, sys.argv[3:6])
seeds, epochs, eps = sys.argv[6:9]
ser = {x["target"]: x["r2_mean"] for x in s["spread"]} if "spread" in s else \
      {k: v["r2_mean"] for k, v in s["results"]["mlp"].items()}
ok = True
print("MLP 74-50-20-1, RMSprop (eps %s the sqrt), batch 1, %s epochs, "
      "10-fold shuffled CV, mean R^2 over %s seeds" % (eps, epochs, seeds))
for target in ("arousal", "valence"):
    a, b = ser[target], t["results"]["mlp"][target]["r2_mean"]
    good = abs(a - b) <= 0.02
    ok &= good
    print("  %-7s ser %.4f  torch %.4f  diff %+.4f  %s" % (
        target, a, b, a - b, "ok" if good else "MORE THAN 0.02"))
print("  time: ser %.1f s, torch %.1f s, ratio %.0fx" % (
    t1 - t0, t2 - t1, (t2 - t1) / (t1 - t0)))
sys.exit(0 if ok else 1)
PYEOF
