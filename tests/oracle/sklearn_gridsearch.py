#!/usr/bin/python3
"""Golden values for `ser tune` (src/tune.c): scikit-learn's
GridSearchCV(scoring='r2', cv=KFold(5)) on a small synthetic data set, for
an SVR grid and a ridge grid, per target.

Writes, into the directory given as the only argument:
  tune_features.csv   file,f1..f6 (values in [0, 1]: ser tune runs with
                      --normalize none, as GridSearchCV sees the columns)
  tune_labels.csv     file,valence,arousal
  tune_sklearn.txt    lines "NAME COUNT v1 v2 ..." (tests/unit/golden.h):
                      MODEL_TARGET_r2 (mean_test_score of every point, in
                      ParameterGrid order), MODEL_TARGET_best (index of
                      best_params_ in that order)

Run with Debian's python3 (it has sklearn):
  /usr/bin/python3 tests/oracle/sklearn_gridsearch.py tests/golden
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold, ParameterGrid
from sklearn.svm import SVR

N, D = 80, 6
GRIDS = {
    "svr": (SVR(), {"C": [0.5, 1, 2], "epsilon": [0.05, 0.1],
                    "gamma": [0.1, 0.5, 1]}),
    "ridge": (Ridge(), {"alpha": [0.01, 0.1, 1, 10]}),
}


def line(fp, name, values):
    vals = " ".join(repr(float(v)) for v in np.ravel(values))
    fp.write(f"{name} {np.size(values)} {vals}\n")


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(20261201)
    X = rng.uniform(size=(N, D))
    val = np.tanh(1.5 * np.sin(3 * X[:, 0]) - X[:, 1] * X[:, 2] + 0.3
                  + rng.normal(scale=0.15, size=N))
    aro = np.tanh(2 * X[:, 3] - 1 + 0.8 * np.cos(4 * X[:, 4])
                  + rng.normal(scale=0.15, size=N))
    names = [f"clip{i:03d}.wav" for i in range(N)]
    with open(os.path.join(out, "tune_features.csv"), "w") as fp:
        fp.write("file," + ",".join(f"f{j + 1}" for j in range(D)) + "\n")
        for i in range(N):
            fp.write(names[i] + "," + ",".join(repr(float(v)) for v in X[i])
                     + "\n")
    with open(os.path.join(out, "tune_labels.csv"), "w") as fp:
        fp.write("file,valence,arousal\n")
        for i in range(N):
            fp.write(f"{names[i]},{val[i]!r},{aro[i]!r}\n")
    with open(os.path.join(out, "tune_sklearn.txt"), "w") as fp:
        fp.write(f"# sklearn {sklearn.__version__} GridSearchCV(scoring='r2', "
                 f"cv=KFold(5)); made by tests/oracle/sklearn_gridsearch.py\n")
        for model, (est, grid) in GRIDS.items():
            for target, y in (("arousal", aro), ("valence", val)):
                gs = GridSearchCV(est, grid, scoring="r2", cv=KFold(5))
                gs.fit(X, y)
                line(fp, f"{model}_{target}_r2",
                     gs.cv_results_["mean_test_score"])
                pts = list(ParameterGrid(grid))
                line(fp, f"{model}_{target}_best",
                     [pts.index(gs.best_params_)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
