#!/usr/bin/python3
"""nested_peer.py - the peer of `ser cv --tune --models svr,mlp` for
bench/bench_tune.sh: nested CV in Python. Outer KFold(shuffle) folds; in
each, SVR is tuned by GridSearchCV(C x gamma, inner KFold, n_jobs) and
refitted, and the MLP (eval/torch_mlp_cv.py's PyTorch model, Keras update
rules) is tuned over dropout by a plain inner loop and refitted; both
targets. Prints the mean outer R^2 per model and target on stderr.
"""
import argparse
import os
import sys

import numpy as np
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.svm import SVR

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "eval"))
import torch  # noqa: E402
from torch_mlp_cv import load, mlp_fit_predict  # noqa: E402

SVR_GRID = {"C": [0.5, 1, 2], "gamma": [0.01, 0.02]}
DROPOUT = [0.1, 0.2]


def mlp_args(dropout):
    return argparse.Namespace(layers=[50, 20], dropout=dropout,
                              optimizer="rmsprop", lr=0.001,
                              rmsprop_eps="outside", epochs=10, batch=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--inner-folds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.jobs)
    X, Y = load(a.dataset)
    X64 = X.astype(np.float64)
    outer = KFold(a.folds, shuffle=True, random_state=0)
    for target in ("arousal", "valence"):
        y = Y[target]
        svr_r2, mlp_r2 = [], []
        for k, (tr, te) in enumerate(outer.split(X)):
            inner = KFold(a.inner_folds, shuffle=True, random_state=k)
            gs = GridSearchCV(SVR(epsilon=0.1), SVR_GRID, scoring="r2",
                              cv=inner, n_jobs=a.jobs).fit(X64[tr], y[tr])
            svr_r2.append(r2_score(y[te], gs.predict(X64[te])))
            best, best_r2 = None, -np.inf
            for d in DROPOUT:
                s = []
                for j, (itr, ite) in enumerate(inner.split(tr)):
                    p = mlp_fit_predict(X[tr][itr], y[tr][itr], X[tr][ite],
                                        mlp_args(d), 1000 * k + j)
                    s.append(r2_score(y[tr][ite], p))
                if np.mean(s) > best_r2:
                    best, best_r2 = d, np.mean(s)
            p = mlp_fit_predict(X[tr], y[tr], X[te], mlp_args(best), k)
            mlp_r2.append(r2_score(y[te], p))
        print("%s: svr R^2 %.4f, mlp R^2 %.4f" % (
            target, np.mean(svr_r2), np.mean(mlp_r2)), file=sys.stderr)


if __name__ == "__main__":
    main()
