#!/usr/bin/python3
"""sklearn_cv.py - the peer of `ser cv` for bench/bench_cv.sh.

Usage: sklearn_cv.py ROOT K SEED SER_PREDICTIONS.csv [svr|ridge|xgb]
Loads ROOT (an Emo-Soundscapes root) like tests/oracle/sklearn_cv.py, makes
ser's folds from the documented PRNG, runs SVR(gamma='auto', C=1,
epsilon=0.1) (or Ridge(alpha=1) for bench/bench_ridge.sh, or the xgboost
package with ser's xgb defaults and per-fold seeds for bench/bench_xgb.sh)
per fold and target, and prints the wall and CPU time of the CV loop
(fit + predict + scores; loading excluded) and the largest difference from
ser's out-of-fold predictions.
"""
import csv
import os
import sys
import time

import numpy as np
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.linear_model import Ridge
from sklearn.svm import SVR

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "oracle"))
from sklearn_cv import kfold, load  # noqa: E402


# ser's xgb defaults (src/family_xgb.c): 200 rounds of hist trees
XGB_PARAMS = {"objective": "reg:squarederror", "tree_method": "hist",
              "max_depth": 4, "eta": 0.05, "subsample": 1,
              "colsample_bynode": 1, "min_child_weight": 1, "lambda": 1,
              "nthread": 1, "verbosity": 0}


def fit_seed(seed, target, fold):
    """ser_fit_seed (src/family.c) as XGBoost gets it: its low 31 bits."""
    t = 0 if target == "arousal" else 1
    s = (seed + 0x9e3779b97f4a7c15 * (1 + fold + 65536 * t)) % 2**64
    return s & 0x7fffffff


def fit_xgb(X, y, seed):
    import xgboost as xgb
    bst = xgb.train({**XGB_PARAMS, "seed": seed}, xgb.DMatrix(X, label=y),
                    num_boost_round=200)
    return lambda Z: bst.predict(xgb.DMatrix(Z))


def main():
    root, k, seed, pred = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    family = sys.argv[5] if len(sys.argv) > 5 else "svr"
    files, X, y = load(root)
    fold = np.array(kfold(len(files), k, True, seed))
    t0, c0 = time.perf_counter(), time.process_time()
    out = {}
    scores = {}
    for t in ("arousal", "valence"):
        p = np.empty(len(files))
        r2 = []
        for f in range(k):
            te, tr = fold == f, fold != f
            if family == "xgb":
                predict = fit_xgb(X[tr], y[t][tr], fit_seed(seed, t, f))
            elif family == "ridge":
                predict = Ridge(alpha=1.0, fit_intercept=True).fit(X[tr], y[t][tr]).predict
            else:
                predict = SVR(kernel="rbf", gamma="auto", C=1.0, epsilon=0.1).fit(X[tr], y[t][tr]).predict
            p[te] = predict(X[te])
            r2.append(r2_score(y[t][te], p[te]))
            mean_squared_error(y[t][te], p[te])
        out[t] = p
        scores[t] = (np.mean(r2), np.std(r2))
    el, cpu = time.perf_counter() - t0, time.process_time() - c0
    idx = {f: i for i, f in enumerate(files)}
    diff = 0.0
    with open(pred) as fp:
        for row in csv.DictReader(fp):
            diff = max(diff, abs(float(row["y_pred"]) - out[row["target"]][idx[row["file"]]]))
    print("sklearn_cv_loop_s %.3f" % el)
    print("sklearn_cv_loop_cpu_s %.3f" % cpu)
    for t in ("arousal", "valence"):
        print("sklearn %s r2 %.6f +- %.6f" % (t, *scores[t]))
    print("max_abs_pred_diff %.3g" % diff)


if __name__ == "__main__":
    main()
