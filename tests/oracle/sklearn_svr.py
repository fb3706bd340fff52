#!/usr/bin/python3
"""sklearn_svr.py - golden values for tests/unit/test_svr.c from the real peer.

Runs scikit-learn's SVR (libsvm inside) on
  mini   the 9-row fixture ($SHARED/fixtures/emo-soundscapes-mini): the 74
         THESIS.md feature columns of Normalized_Features.csv by name, targets
         from Emo-Soundscapes-Ratings aligned by file name; 3 folds (row % 3);
  synth  a generated set (300 rows x 74 features in [0, 1], two targets in
         [-1, 1] from a smooth nonlinear function plus noise; numpy seed 4),
         5 fixed folds from a seeded permutation,
and writes, all under tests/golden/:
  svr_data_<name>.csv   fold,arousal,valence,<74 features> (exact, %.17g)
  svr_cases.csv         case,data,target,C,epsilon,gamma (auto|scale|number),
                        tol,shrinking (0|1)
  svr_models.csv        case,fold,n_sv,intercept,coef_sum,coef_abs_sum,gamma
  svr_preds.csv         case,fold,row,y_pred  (held-out rows of each fold)
  svr_edge_cases.csv    case,C,epsilon,gamma,n_sv,intercept  (edge cases)
  svr_edge_data.csv     case,role,y,x1..x5: role "train" rows are fitted,
                        "probe" rows predicted (y = sklearn's prediction)

Run with Debian's python3 (python3-sklearn 1.2.1):
  /usr/bin/python3 tests/oracle/sklearn_svr.py [SHARED]
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.svm import SVR

from emo_data import FEATURES, load_emo


HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "golden")


def load_mini(shared):
    files, X, y = load_emo(os.path.join(shared, "fixtures",
                                        "emo-soundscapes-mini",
                                        "Emo-Soundscapes"))
    fold = np.arange(len(files)) % 3
    return fold, y["arousal"], y["valence"], X


def make_synth():
    rs = np.random.RandomState(4)
    n, d = 300, 74
    X = rs.rand(n, d)
    w1, w2 = rs.randn(d), rs.randn(d)
    z1 = (X - 0.5) @ w1 / np.sqrt(d) * 3
    z2 = (X - 0.5) @ w2 / np.sqrt(d) * 3
    arousal = np.clip(np.tanh(z1 + 0.5 * np.sin(4 * X[:, 0]))
                      + 0.1 * rs.randn(n), -1, 1)
    valence = np.clip(np.tanh(z2 * z1 / 2 + X[:, 3] - 0.5)
                      + 0.2 * rs.randn(n), -1, 1)
    perm = rs.permutation(n)
    fold = np.empty(n, dtype=int)
    fold[perm] = np.arange(n) % 5
    return fold, arousal, valence, X


def write_data(name, data):
    fold, ar, va, X = data
    with open(os.path.join(OUT, "svr_data_%s.csv" % name), "w") as f:
        f.write("fold,arousal,valence," + ",".join(FEATURES) + "\n")
        for i in range(len(fold)):
            f.write("%d,%.17g,%.17g," % (fold[i], ar[i], va[i])
                    + ",".join("%.17g" % v for v in X[i]) + "\n")


CASES = [  # case, data, target, C, epsilon, gamma[, tol, shrinking]
    ("mini_ar_auto", "mini", "arousal", 1.0, 0.1, "auto"),
    ("mini_va_auto", "mini", "valence", 1.0, 0.1, "auto"),
    ("mini_ar_scale", "mini", "arousal", 4.0, 0.05, "scale"),
    ("synth_ar_auto", "synth", "arousal", 1.0, 0.1, "auto"),
    ("synth_va_auto", "synth", "valence", 1.0, 0.1, "auto"),
    ("synth_ar_scale", "synth", "arousal", 3.0, 0.05, "scale"),
    ("synth_va_scale", "synth", "valence", 0.5, 0.2, "scale"),
    ("synth_ar_g005", "synth", "arousal", 10.0, 0.1, "0.05"),
    ("synth_va_tol", "synth", "valence", 2.0, 0.1, "auto", 0.05, True),
    ("synth_va_noshrink", "synth", "valence", 20.0, 0.05, "0.03", 1e-3,
     False),
]


def edge_cases():
    """Small and degenerate problems: (case, C, eps, gamma, X, y, probes)."""
    rs = np.random.RandomState(11)
    d = 5
    P = rs.rand(4, d)
    X10 = rs.rand(10, d)
    y10 = np.tanh(X10 @ rs.randn(d))
    same = np.tile(rs.rand(1, d), (10, 1))
    return [
        ("n1", 1.0, 0.1, "auto", X10[:1], np.array([0.5]), P),
        ("n2", 1.0, 0.1, "auto", X10[:2], np.array([-0.7, 0.9]), P),
        ("n2_close", 1.0, 0.1, "auto", X10[:2], np.array([0.3, 0.35]), P),
        ("const_y", 1.0, 0.1, "auto", X10, np.full(10, 0.25), P),
        ("same_x", 1.0, 0.1, "scale", same, y10, P),
        ("same_x_auto", 1.0, 0.1, "auto", same, y10, P),
        ("C_tiny", 1e-4, 0.1, "auto", X10, y10, P),
        ("C_huge", 1e4, 0.01, 2.0, X10, y10, P),
        ("eps_zero", 1.0, 0.0, "auto", X10, y10, P),
        ("eps_big", 1.0, 5.0, "auto", X10, y10, P),
    ]


def write_edges():
    with open(os.path.join(OUT, "svr_edge_cases.csv"), "w") as fc, \
         open(os.path.join(OUT, "svr_edge_data.csv"), "w") as fd:
        fc.write("case,C,epsilon,gamma,n_sv,intercept\n")
        fd.write("case,role,y," + ",".join("x%d" % j for j in range(1, 6))
                 + "\n")
        for case, C, eps, g, X, y, P in edge_cases():
            m = SVR(kernel="rbf", gamma=g, C=C, epsilon=eps, tol=1e-3,
                    shrinking=True).fit(X, y)
            fc.write("%s,%.17g,%.17g,%s,%d,%.17g\n" % (
                case, C, eps, g, len(m.support_), m.intercept_[0]))
            for role, A, t in (("train", X, y), ("probe", P, m.predict(P))):
                for i in range(len(A)):
                    fd.write("%s,%s,%.17g," % (case, role, t[i])
                             + ",".join("%.17g" % v for v in A[i]) + "\n")


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "..", "..", "..", "shared")
    assert sklearn.__version__ == "1.2.1", sklearn.__version__
    data = {"mini": load_mini(shared), "synth": make_synth()}
    os.makedirs(OUT, exist_ok=True)
    for name, d in data.items():
        write_data(name, d)
    write_edges()
    with open(os.path.join(OUT, "svr_cases.csv"), "w") as fc, \
         open(os.path.join(OUT, "svr_models.csv"), "w") as fm, \
         open(os.path.join(OUT, "svr_preds.csv"), "w") as fp:
        fc.write("case,data,target,C,epsilon,gamma,tol,shrinking\n")
        fm.write("case,fold,n_sv,intercept,coef_sum,coef_abs_sum,gamma\n")
        fp.write("case,fold,row,y_pred\n")
        for case, dname, target, C, eps, gamma, *rest in CASES:
            tol, shrink = rest if rest else (1e-3, True)
            fc.write("%s,%s,%s,%.17g,%.17g,%s,%.17g,%d\n" % (
                case, dname, target, C, eps, gamma, tol, shrink))
            fold, ar, va, X = data[dname]
            y = ar if target == "arousal" else va
            g = gamma if gamma in ("auto", "scale") else float(gamma)
            for k in range(fold.max() + 1):
                tr, te = fold != k, fold == k
                m = SVR(kernel="rbf", gamma=g, C=C, epsilon=eps, tol=tol,
                        shrinking=shrink, cache_size=200).fit(X[tr], y[tr])
                fm.write("%s,%d,%d,%.17g,%.17g,%.17g,%.17g\n" % (
                    case, k, len(m.support_), m.intercept_[0],
                    m.dual_coef_.sum(), np.abs(m.dual_coef_).sum(), m._gamma))
                for i, p in zip(np.nonzero(te)[0], m.predict(X[te])):
                    fp.write("%s,%d,%d,%.17g\n" % (case, k, i, p))


if __name__ == "__main__":
    main()
