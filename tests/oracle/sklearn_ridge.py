#!/usr/bin/python3
"""Golden values for ser's ridge family (src/family_ridge.c): scikit-learn's
Ridge(alpha, fit_intercept=True) fitted on training rows and its held-out
predictions, on two small synthetic problems written into the same file:

  wide   10 training rows, 15 features (more features than rows)
  tall   60 training rows, 8 features, columns with offsets and scales far
         from [0, 1] and one nearly collinear pair (centering matters)

Output (tests/golden/ridge.txt): lines "NAME COUNT v1 v2 ..." (golden.h):
  SET_dims 3 ntr nte d; SET_Xtr, SET_ytr, SET_Xte (row-major);
  SET_pred_A, SET_coef_A, SET_intercept_A for each alpha A.

Run with Debian's python3 (it has sklearn): /usr/bin/python3 THIS > FILE
"""
import sys

import numpy as np
import sklearn
from sklearn.linear_model import Ridge

ALPHAS = ["0.1", "1", "10"]


def problem(rng, ntr, nte, d):
    X = rng.normal(size=(ntr + nte, d)) * rng.uniform(0.5, 20, d) \
        + rng.uniform(-50, 50, d)
    if d >= 3:
        X[:, 2] = X[:, 1] * 2.0 + rng.normal(scale=1e-3, size=ntr + nte)
    w = rng.normal(size=d)
    y = X @ w / d + 3.0 + rng.normal(scale=0.5, size=ntr + nte)
    return X[:ntr], y[:ntr], X[ntr:], y[ntr:]


def line(name, values):
    vals = " ".join(repr(float(v)) for v in np.ravel(values))
    print(f"{name} {np.size(values)} {vals}")


def main():
    rng = np.random.default_rng(20261201)
    print(f"# sklearn {sklearn.__version__} Ridge(fit_intercept=True); "
          f"made by tests/oracle/sklearn_ridge.py")
    for name, (ntr, nte, d) in (("wide", (10, 5, 15)), ("tall", (60, 20, 8))):
        Xtr, ytr, Xte, _ = problem(rng, ntr, nte, d)
        line(f"{name}_dims", [ntr, nte, d])
        line(f"{name}_Xtr", Xtr)
        line(f"{name}_ytr", ytr)
        line(f"{name}_Xte", Xte)
        for a in ALPHAS:
            m = Ridge(alpha=float(a), fit_intercept=True).fit(Xtr, ytr)
            line(f"{name}_pred_{a}", m.predict(Xte))
            line(f"{name}_coef_{a}", m.coef_)
            line(f"{name}_intercept_{a}", [m.intercept_])
    return 0


if __name__ == "__main__":
    sys.exit(main())
