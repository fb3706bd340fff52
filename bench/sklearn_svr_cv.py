#!/usr/bin/python3
"""sklearn_svr_cv.py - the peer side of bench/bench_svr.sh.

  gen OUT.csv [N] [SEED]   write a deterministic N x 74 set (default 1213):
                           fold,arousal,valence,x1..x74, features in [0, 1]
                           like Normalized_Features.csv, targets in [-1, 1],
                           folds from KFold(10, shuffle=True, random_state=SEED)
  cv DATA.csv PRED.csv     10-fold CV with sklearn's SVR (the thesis's
                           Protocol A parameters) on both targets; prints the
                           CV time (fit + predict) and writes predictions
  cmp A.csv B.csv          max |difference| of two prediction files
"""
import sys
import time

import numpy as np
from sklearn.model_selection import KFold
from sklearn.svm import SVR


def gen(out, n=1213, seed=0):
    rs = np.random.RandomState(seed)
    d = 74
    # correlated features, squashed into [0, 1] and min-max normalised
    Z = rs.randn(n, 12) @ rs.randn(12, d) + 0.5 * rs.randn(n, d)
    X = 1 / (1 + np.exp(-Z / 3))
    X = (X - X.min(0)) / (X.max(0) - X.min(0))
    w1, w2 = rs.randn(d), rs.randn(d)
    z1 = (X - X.mean(0)) @ w1 / np.sqrt(d) * 4
    z2 = (X - X.mean(0)) @ w2 / np.sqrt(d) * 4
    arousal = np.clip(np.tanh(z1) + 0.25 * rs.randn(n), -1, 1)
    valence = np.clip(np.tanh(0.6 * z2 + 0.3 * z1 * z2) + 0.4 * rs.randn(n),
                      -1, 1)
    fold = np.empty(n, dtype=int)
    for k, (_, te) in enumerate(KFold(10, shuffle=True,
                                      random_state=seed).split(X)):
        fold[te] = k
    with open(out, "w") as f:
        f.write("fold,arousal,valence,"
                + ",".join("x%d" % j for j in range(1, d + 1)) + "\n")
        for i in range(n):
            f.write("%d,%.17g,%.17g," % (fold[i], arousal[i], valence[i])
                    + ",".join("%.17g" % v for v in X[i]) + "\n")


def cv(data, out):
    a = np.loadtxt(data, delimiter=",", skiprows=1)
    fold, Y, X = a[:, 0].astype(int), a[:, 1:3], a[:, 3:]
    pred = np.empty_like(Y)
    nsv = 0
    t0 = time.perf_counter()
    for t in range(2):
        for k in range(fold.max() + 1):
            tr, te = fold != k, fold == k
            m = SVR(kernel="rbf", gamma="auto", C=1.0, epsilon=0.1, tol=1e-3,
                    shrinking=True).fit(X[tr], Y[tr, t])
            pred[te, t] = m.predict(X[te])
            nsv += len(m.support_)
    dt = time.perf_counter() - t0
    with open(out, "w") as f:
        f.write("target,row,y_pred\n")
        for t, name in enumerate(("arousal", "valence")):
            for i in range(len(fold)):
                f.write("%s,%d,%.17g\n" % (name, i, pred[i, t]))
    print("sklearn_seconds %.4f n_sv %d" % (dt, nsv))


def cmp(a, b):
    pa = np.loadtxt(a, delimiter=",", skiprows=1, usecols=2)
    pb = np.loadtxt(b, delimiter=",", skiprows=1, usecols=2)
    print("max_abs_pred_diff %.3g" % np.abs(pa - pb).max())


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        gen(sys.argv[2], *(int(v) for v in sys.argv[3:5]))
    elif cmd == "cv":
        cv(sys.argv[2], sys.argv[3])
    else:
        cmp(sys.argv[2], sys.argv[3])
