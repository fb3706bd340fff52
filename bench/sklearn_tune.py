#!/usr/bin/python3
"""sklearn_tune.py - the peer of `ser tune` for bench/bench_tune.sh.

Usage: sklearn_tune.py ROOT K SEED JOBS SER_TUNE.json
Loads ROOT (an Emo-Soundscapes root) like tests/oracle/sklearn_cv.py, makes
ser's folds from the documented PRNG (so both sides score the same splits),
runs GridSearchCV(SVR(), 18-point grid, scoring='r2', n_jobs=JOBS,
refit=False) per target, and prints the wall time of the searches (loading
excluded), the largest difference of a point's mean R^2 from ser's and
whether the best points agree.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.model_selection import GridSearchCV, ParameterGrid
from sklearn.svm import SVR

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "oracle"))
from sklearn_cv import kfold, load  # noqa: E402

GRID = {"C": [0.5, 1, 2], "epsilon": [0.05, 0.1], "gamma": [0.01, 0.0135, 0.02]}


def main():
    root, k, seed, jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    ser = json.load(open(sys.argv[5]))["results"]["svr"]
    files, X, y = load(root)
    fold = np.array(kfold(len(files), k, True, seed))
    splits = [(np.where(fold != f)[0], np.where(fold == f)[0]) for f in range(k)]
    t0 = time.perf_counter()
    res = {}
    for t in ("arousal", "valence"):
        gs = GridSearchCV(SVR(), GRID, scoring="r2", cv=splits, n_jobs=jobs,
                          refit=False)
        gs.fit(X, y[t])
        res[t] = gs.cv_results_
    el = time.perf_counter() - t0
    pts = list(ParameterGrid(GRID))
    diff, agree = 0.0, True
    for t in ("arousal", "valence"):
        mine = [g["r2_mean"] for g in ser[t]["grid"]]
        diff = max(diff, float(np.max(np.abs(np.array(mine) - res[t]["mean_test_score"]))))
        best = pts[int(np.argmin(res[t]["rank_test_score"]))]
        agree &= all(abs(best[p] - ser[t]["best"][p]) < 1e-12 for p in best)
    print("sklearn_gridsearch_s %.3f" % el)
    print("max_abs_r2_mean_diff %.3g" % diff)
    print("best_points_agree %s" % ("yes" if agree else "NO"))


if __name__ == "__main__":
    main()
