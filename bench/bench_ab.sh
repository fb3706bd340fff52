#!/bin/sh
# bench/bench_ab.sh - the thesis's full A/B (Protocol A SVR on shuffled
# folds + Protocol B MLP on unshuffled folds, batch 1, 10 epochs, 10 folds,
# both targets) in ser vs scikit-learn SVR + PyTorch MLP
# (eval/torch_mlp_cv.py), on the same generated full-size data set, in one
# run. Both sides single-threaded (OPENBLAS_NUM_THREADS=1, torch 1 thread).
# Prints wall time, peak RSS and the ratio. Needs Debian's python3-torch and
# python3-sklearn (installed on first use when apt-get is available).
set -eu
cd "$(dirname "$0")/.."
SER=${SER:-build/ser}
PY=/usr/bin/python3
OUT=bench/out/ab
mkdir -p "$OUT"
. bench/lib.sh
need_peers bench_ab torch,sklearn "python3-torch python3-sklearn"
synth_data "$OUT/data"
export OPENBLAS_NUM_THREADS=1
set -- $(timed "$OUT/ser" "$SER" cv --dataset "$OUT/data" --models svr,mlp \
	--protocol thesis --folds 10 --seed 0 -q --json)
ser_s=$1 ser_kb=$2
set -- $(timed "$OUT/peer" $PY eval/torch_mlp_cv.py --dataset "$OUT/data" \
	--models svr,mlp --protocol thesis --folds 10 --seed 0 --threads 1)
peer_s=$1 peer_kb=$2
echo "thesis A/B, 1213 rows x 74 features, SVR + MLP, 10 folds, 2 targets"
awk -v a="$ser_s" -v b="$ser_kb" -v c="$peer_s" -v d="$peer_kb" 'BEGIN {
	printf "  ser             %8.2f s  peak RSS %7.1f MiB\n", a, b / 1024
	printf "  sklearn+torch   %8.2f s  peak RSS %7.1f MiB\n", c, d / 1024
	printf "  ratio           %8.1fx faster\n", c / a }'
