#!/usr/bin/python3
"""Golden values for ser's xgb family (src/family_xgb.c): the xgboost
Python package (1.7.4, Debian's python3-xgboost) trained with the
parameters ser passes through the C API, and its held-out predictions.

The data is synthetic (numpy seed 20261201): 150 training and 40 test rows
of 6 features with offsets and scales far from [0, 1], and a nonlinear
target (a threshold, a product and a sine, plus noise), so that trees of
different depth or count predict visibly different values.

Configurations (NAME: ser options; every one with seed 7):
  gbt     the defaults: --xgb-trees 200 --xgb-depth 4 --xgb-eta 0.05
  tuned   --xgb-trees 60 --xgb-depth 3 --xgb-eta 0.1 --xgb-subsample 0.7
          --xgb-colsample 0.6 --xgb-min-child-weight 2 --xgb-lambda 5
  forest  --xgb-forest 25 (one round; eta 1, subsample 0.8, colsample 0.8,
          ser's forest defaults)

Output (tests/golden/xgb.txt): lines "NAME COUNT v1 v2 ..." (golden.h):
  dims 3 ntr nte d; Xtr, ytr, Xte (row-major); pred_CONFIG.

Run with Debian's python3: /usr/bin/python3 THIS > tests/golden/xgb.txt
"""
import sys

import numpy as np
import xgboost as xgb

SEED = 7
BASE = {"objective": "reg:squarederror", "tree_method": "hist",
        "nthread": 1, "verbosity": 0, "seed": SEED}
# name: (rounds, params); colsample is colsample_bynode, as in ser
CONFIGS = {
    "gbt": (200, {"max_depth": 4, "eta": 0.05, "subsample": 1,
                  "colsample_bynode": 1, "min_child_weight": 1,
                  "lambda": 1}),
    "tuned": (60, {"max_depth": 3, "eta": 0.1, "subsample": 0.7,
                   "colsample_bynode": 0.6, "min_child_weight": 2,
                   "lambda": 5}),
    "forest": (1, {"max_depth": 4, "eta": 1, "subsample": 0.8,
                   "colsample_bynode": 0.8, "min_child_weight": 1,
                   "lambda": 1, "num_parallel_tree": 25}),
}


def line(name, values):
    vals = " ".join(repr(float(v)) for v in np.ravel(values))
    print(f"{name} {np.size(values)} {vals}")


def main():
    rng = np.random.default_rng(20261201)
    ntr, nte, d = 150, 40, 6
    X = rng.normal(size=(ntr + nte, d)) * rng.uniform(0.5, 20, d) \
        + rng.uniform(-50, 50, d)
    Z = (X - X.mean(0)) / X.std(0)
    y = (np.where(Z[:, 0] > 0.3, 1.0, -0.5) + Z[:, 1] * Z[:, 2]
         + np.sin(2 * Z[:, 3]) + 0.3 * Z[:, 4]
         + rng.normal(scale=0.2, size=ntr + nte))
    Xtr, ytr, Xte = X[:ntr], y[:ntr], X[ntr:]
    print(f"# xgboost {xgb.__version__} xgb.train(hist, squarederror, "
          f"nthread 1, seed {SEED}); made by tests/oracle/xgb_golden.py")
    line("dims", [ntr, nte, d])
    line("Xtr", Xtr)
    line("ytr", ytr)
    line("Xte", Xte)
    dtr = xgb.DMatrix(Xtr, label=ytr)
    dte = xgb.DMatrix(Xte)
    for name, (rounds, p) in CONFIGS.items():
        bst = xgb.train({**BASE, **p}, dtr, num_boost_round=rounds)
        line(f"pred_{name}", bst.predict(dte))
    return 0


if __name__ == "__main__":
    sys.exit(main())
