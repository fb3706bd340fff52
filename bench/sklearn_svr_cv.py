#!/usr/bin/python3
"""sklearn_svr_cv.py - the peer side of bench/bench_svr.sh.

  emo2csv ROOT OUT.csv [SEED]  bench/svr_cv.c's input from an
                           Emo-Soundscapes root (`ser synth-dataset` output):
                           fold,arousal,valence,x1..x74 with the 74 THESIS.md
                           columns of Normalized_Features.csv by name, ratings
                           aligned by file name, folds from
                           KFold(10, shuffle=True, random_state=SEED)
  cv DATA.csv PRED.csv     10-fold CV with sklearn's SVR (the thesis's
                           Protocol A parameters) on both targets; prints the
                           CV time (fit + predict) and writes predictions
  sercv ROOT SERPRED.csv   refit sklearn on the folds `ser cv --predictions`
                           used (read from its output) on the same root; print
                           the CV loop time and max |pred - ser's pred|
  cmp A.csv B.csv          max |difference| of two prediction files
"""
import os
import csv
import sys
import time

import numpy as np
from sklearn.model_selection import KFold
from sklearn.svm import SVR


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "oracle"))
from emo_data import load_emo  # noqa: E402


def emo2csv(root, out, seed=0):
    files, X, y = load_emo(root)
    n, d = X.shape
    fold = np.empty(n, dtype=int)
    for k, (_, te) in enumerate(KFold(10, shuffle=True,
                                      random_state=seed).split(X)):
        fold[te] = k
    with open(out, "w") as f:
        f.write("fold,arousal,valence,"
                + ",".join("x%d" % j for j in range(1, d + 1)) + "\n")
        for i in range(n):
            f.write("%d,%.17g,%.17g," % (fold[i], y["arousal"][i],
                                         y["valence"][i])
                    + ",".join("%.17g" % v for v in X[i]) + "\n")


def sercv(root, serpred):
    files, X, y = load_emo(root)
    idx = {f: i for i, f in enumerate(files)}
    fold = np.full(len(files), -1)
    ser = {}
    with open(serpred, newline="") as fp:
        for row in csv.DictReader(fp):
            if row["model"] != "svr":
                continue
            i = idx[row["file"]]
            fold[i] = int(row["fold"])
            ser[row["target"], i] = float(row["y_pred"])
    used = fold >= 0
    diff, nsv = 0.0, 0
    t0 = time.perf_counter()
    pred = {}
    for t in sorted({t for t, _ in ser}):
        p = np.empty(len(files))
        for k in range(fold.max() + 1):
            tr, te = used & (fold != k), fold == k
            m = SVR(kernel="rbf", gamma="auto", C=1.0, epsilon=0.1, tol=1e-3,
                    shrinking=True).fit(X[tr], y[t][tr])
            p[te] = m.predict(X[te])
            nsv += len(m.support_)
        pred[t] = p
    dt = time.perf_counter() - t0
    for (t, i), v in ser.items():
        diff = max(diff, abs(v - pred[t][i]))
    print("sklearn_seconds %.4f n_sv %d" % (dt, nsv))
    print("max_abs_pred_diff %.3g" % diff)


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
    if cmd == "emo2csv":
        emo2csv(sys.argv[2], sys.argv[3], *(int(v) for v in sys.argv[4:5]))
    elif cmd == "cv":
        cv(sys.argv[2], sys.argv[3])
    elif cmd == "sercv":
        sercv(sys.argv[2], sys.argv[3])
    else:
        cmp(sys.argv[2], sys.argv[3])
