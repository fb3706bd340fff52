#!/usr/bin/python3
"""bench/sklearn_train.py - the peer of `ser train --model svr` + `ser
predict --features-csv` for bench_model.sh: read an Emo-Soundscapes-format
directory (74 features of Normalized_Features.csv, ratings), min-max the
features with the training rows' range (ser train's normalizer), fit
SVR(C=1, epsilon=0.1, gamma='auto') per target on all rows, predict them,
write file,valence,arousal.

    /usr/bin/python3 bench/sklearn_train.py DIR OUT.csv
"""
import os
import sys
import time

import numpy as np
from sklearn.svm import SVR

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "oracle"))
from emo_data import load_emo  # noqa: E402


root, out = sys.argv[1], sys.argv[2]
if os.path.isdir(os.path.join(root, "Emo-Soundscapes")):
    root = os.path.join(root, "Emo-Soundscapes")
files, X, y = load_emo(root)
lo, hi = X.min(axis=0), X.max(axis=0)
rng = hi - lo
Xn = np.where(rng > 0, (X - lo) / np.where(rng > 0, rng, 1), 0.0)
pred = {}
t0 = time.perf_counter()
for t in ("valence", "arousal"):
    pred[t] = SVR(kernel="rbf", gamma="auto", C=1.0, epsilon=0.1).fit(Xn, y[t]).predict(Xn)
print("%.3f" % (time.perf_counter() - t0))  # fit + predict, no start-up
with open(out, "w") as f:
    f.write("file,valence,arousal\n")
    for i, name in enumerate(files):
        f.write("%s,%.6f,%.6f\n" % (name, pred["valence"][i], pred["arousal"][i]))
