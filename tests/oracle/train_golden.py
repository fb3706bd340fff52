#!/usr/bin/python3
"""tests/oracle/train_golden.py - what `ser train --model svr` followed by
`ser predict` must give on the fixture, computed by scikit-learn (the peer
of the SVR): features = the 74 thesis columns of Normalized_Features.csv,
min-max normalized with the training rows' own min/max (the normalizer ser
train stores), SVR(C=1, epsilon=0.1, gamma='auto'), one per target, fitted
on all 9 rows and predicting them. Writes tests/golden/train_svr_fixture.csv.

    /usr/bin/python3 tests/oracle/train_golden.py [SHARED]
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.svm import SVR

from emo_data import load_emo

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared")
root = os.path.join(shared, "fixtures/emo-soundscapes-mini/Emo-Soundscapes")

files, X, y = load_emo(root)
lo, hi = X.min(axis=0), X.max(axis=0)
rng = hi - lo
Xn = np.where(rng > 0, (X - lo) / np.where(rng > 0, rng, 1), 0.0)
out = {}
for t in ("valence", "arousal"):
    m = SVR(kernel="rbf", gamma="auto", C=1.0, epsilon=0.1, tol=1e-3, shrinking=True)
    out[t] = m.fit(Xn, y[t]).predict(Xn)

dst = os.path.join(repo, "tests/golden/train_svr_fixture.csv")
with open(dst, "w") as f:
    f.write("# sklearn %s SVR fitted on the fixture's 9 rows (tests/oracle/train_golden.py)\n"
            % sklearn.__version__)
    f.write("file,valence,arousal\n")
    for i, name in enumerate(files):
        f.write("%s,%.9f,%.9f\n" % (name, out["valence"][i], out["arousal"][i]))
print(open(dst).read(), end="")
