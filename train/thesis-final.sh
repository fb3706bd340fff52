#!/bin/sh
# train/thesis-final.sh DATASET_DIR [OUT_DIR]
#
# The thesis's final models (THESIS.md, protocol B "Final models"): the MLP
# 74 -> 50 -> 20 -> 1 trained for 100 epochs, batch 32, on all 1213 rows,
# and for comparison the protocol-A SVR on all rows. Prints each model's
# training R^2 next to the thesis's (MLP: 0.8684 arousal, 0.7281 valence).
#
#   SER=build/ser SEED=0 sh train/thesis-final.sh ~/data/Emo-Soundscapes
set -eu
[ $# -ge 1 ] || { echo "usage: $0 DATASET_DIR [OUT_DIR]" >&2; exit 2; }
# from any directory: ser beside this script's tree; paths relative to .
ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
SER=${SER:-$ROOT/build/ser}
SEED=${SEED:-0}
ds=$1
out=${2:-thesis-final}
mkdir -p "$out"

"$SER" train --dataset "$ds" --model mlp --mlp-layers 50,20 \
	--mlp-dropout 0.2 --mlp-optimizer rmsprop --mlp-lr 0.001 \
	--mlp-epochs 100 --mlp-batch 32 --seed "$SEED" -o "$out/mlp.ser"
"$SER" train --dataset "$ds" --model svr -o "$out/svr.ser"
echo "models: $out/mlp.ser $out/svr.ser"

# Training R^2 needs the data set's ratings (the root or its parent).
root=$ds
[ -d "$root/Emo-Soundscapes-Features" ] || root=$ds/Emo-Soundscapes
ratings=$root/Emo-Soundscapes-Ratings
feats=$root/Emo-Soundscapes-Features/Normalized_Features.csv
if [ ! -f "$ratings/Arousal.csv" ] || [ ! -f "$ratings/Valence.csv" ]; then
	echo "no $ratings/{Arousal,Valence}.csv: training R^2 not computed"
	exit 0
fi

# r2 RATINGS.csv PRED.csv COLUMN: R^2 of PRED's COLUMN against the ratings,
# matched by file name (ratings: headerless "file,rating", CR line ends)
r2() {
	awk -F, -v col="$3" '
	NR == FNR { sub(/\r$/, ""); y[$1] = $2; next }
	FNR == 1 { next }
	($1 in y) && $col != "" { n++; t[n] = y[$1]; p[n] = $col; s += y[$1] }
	END {
		if (n == 0) { print "nan"; exit }
		m = s / n
		for (i = 1; i <= n; i++) { r += (t[i] - p[i])^2; v += (t[i] - m)^2 }
		printf "%.4f (%d rows)\n", 1 - r / v, n
	}' RS='\r\n|\r|\n' "$1" RS='\n' "$2"
}

printf '%-5s %-8s %-20s %s\n' model target "training R^2" thesis
for m in mlp svr; do
	"$SER" predict -q -m "$out/$m.ser" --features-csv "$feats" \
		-o "$out/$m-train-pred.csv"
	ta=$(r2 "$ratings/Arousal.csv" "$out/$m-train-pred.csv" 3)
	tv=$(r2 "$ratings/Valence.csv" "$out/$m-train-pred.csv" 2)
	[ $m = mlp ] && { pa=0.8684; pv=0.7281; } || { pa=-; pv=-; }
	printf '%-5s %-8s %-20s %s\n' $m arousal "$ta" $pa
	printf '%-5s %-8s %-20s %s\n' $m valence "$tv" $pv
done
