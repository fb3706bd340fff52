#!/bin/sh
# bench/bench_tune.sh - issue 12's speed targets, each ratio from one run:
#  1. `ser tune`, 18-point SVR grid (C 0.5,1,2 x epsilon 0.05,0.1 x gamma
#     0.01,0.0135,0.02), 5 folds, both targets, -j 2, vs scikit-learn's
#     GridSearchCV(n_jobs=2, refit=False) on the same folds
#     (bench/sklearn_tune.py; also checks every point's mean R^2).
#  2. The fair A/B `ser cv --models svr,mlp -j 2` (10 folds, both targets)
#     vs sklearn SVR + PyTorch MLP on the same protocol
#     (eval/torch_mlp_cv.py --protocol fair, torch on 2 threads).
#  3. Nested CV, SVR + MLP small grids (5 outer x 3 inner folds): ser cv
#     --tune -j 2 vs sklearn GridSearchCV nested + a PyTorch loop
#     (bench/nested_peer.py).
# Times are whole processes (start-up, loading included; GNU time).
# Needs python3-sklearn and python3-torch (installed on first use).
set -eu
cd "$(dirname "$0")/.."
SER=${SER:-build/ser}
PY=/usr/bin/python3
OUT=bench/out/tune
mkdir -p "$OUT"
. bench/lib.sh
need_peers bench_tune torch,sklearn "python3-torch python3-sklearn"
D=$OUT/data
synth_data "$D"
ratio() { # NAME SER_S PEER_S
	awk -v n="$1" -v a="$2" -v c="$3" 'BEGIN {
		printf "  %-34s ser %7.2f s   peer %7.2f s   ratio %6.1fx\n", n, a, c, c / a }'
}

echo "load: $(cat /proc/loadavg)"
set -- $(timed "$OUT/tune" "$SER" tune --dataset "$D" --svr-C 0.5,1,2 \
	--svr-epsilon 0.05,0.1 --svr-gamma 0.01,0.0135,0.02 --folds 5 --seed 0 \
	-j 2 -q --json)
tune_s=$1
set -- $(timed "$OUT/gs" $PY bench/sklearn_tune.py "$D" 5 0 2 "$OUT/tune.out")
gs_s=$1
ratio "tune 18-point SVR grid, 5 folds" "$tune_s" "$gs_s"
sed 's/^/    /' "$OUT/gs.out"

set -- $(timed "$OUT/ab" "$SER" cv --dataset "$D" --models svr,mlp --folds 10 \
	--seed 0 -j 2 -q --json)
ab_s=$1
set -- $(timed "$OUT/abpeer" $PY eval/torch_mlp_cv.py --dataset "$D" \
	--models svr,mlp --protocol fair --folds 10 --seed 0 --threads 2)
abp_s=$1
ratio "fair A/B svr,mlp, 10 folds" "$ab_s" "$abp_s"

set -- $(timed "$OUT/nested" "$SER" cv --dataset "$D" --models svr,mlp --tune \
	--folds 5 --inner-folds 3 --svr-C 0.5,1,2 --svr-gamma 0.01,0.02 \
	--mlp-dropout 0.1,0.2 --seed 0 -j 2 -q --json)
n_s=$1
set -- $(timed "$OUT/npeer" $PY bench/nested_peer.py --dataset "$D" \
	--folds 5 --inner-folds 3 --jobs 2)
np_s=$1
ratio "nested CV svr 6 + mlp 2 points" "$n_s" "$np_s"
