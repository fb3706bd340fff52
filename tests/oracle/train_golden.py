#!/usr/bin/python3
"""tests/oracle/train_golden.py - what `ser train --model svr` followed by
`ser predict` must give on the fixture, computed by scikit-learn (the peer
of the SVR): features = the 74 thesis columns of Normalized_Features.csv,
min-max normalized with the training rows' own min/max (the normalizer ser
train stores), SVR(C=1, epsilon=0.1, gamma='auto'), one per target, fitted
on all 9 rows and predicting them. Writes tests/golden/train_svr_fixture.csv.

    /usr/bin/python3 tests/oracle/train_golden.py [SHARED]
"""
import csv
import io
import os
import sys

import numpy as np
import sklearn
from sklearn.svm import SVR

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared")
root = os.path.join(shared, "fixtures/emo-soundscapes-mini/Emo-Soundscapes")

NAMES = ["rms_mean", "rms_std", "zerocross_mean", "zerocross_std",
         "rolloff_mean", "rolloff_std", "centroid_mean", "centroid_std",
         "spread_mean", "spread_std", "skewness_mean", "skewness_std",
         "kurtosis_mean", "kurtosis_std", "flatness_mean", "flatness_std"]
NAMES += ["mfcc_mean_%d" % i for i in range(1, 14)]
NAMES += ["mfcc_std_%d" % i for i in range(1, 14)]
NAMES += ["chromagram_mean_%d" % i for i in range(1, 13)]
NAMES += ["chromagram_std_%d" % i for i in range(1, 13)]
NAMES += ["loudness_mean", "loudness_std", "energy_mean", "energy_std",
          "perceptual_sharp_mean", "perceptual_sharp_std",
          "spectral_slope_mean", "spectral_slope_std"]
assert len(NAMES) == 74


def read(path):
    with open(path, newline="") as f:
        text = f.read().replace("\r\n", "\n").replace("\r", "\n")
    return [r for r in csv.reader(io.StringIO(text)) if r]


rows = read(os.path.join(root, "Emo-Soundscapes-Features/Normalized_Features.csv"))
head, body = rows[0], rows[1:]
files = [r[0] for r in body]
X = np.array([[float(r[head.index(n)]) for n in NAMES] for r in body])
lo, hi = X.min(axis=0), X.max(axis=0)
rng = hi - lo
Xn = np.where(rng > 0, (X - lo) / np.where(rng > 0, rng, 1), 0.0)
out = {}
for t, fname in (("valence", "Valence.csv"), ("arousal", "Arousal.csv")):
    lab = {r[0]: float(r[1]) for r in read(os.path.join(root, "Emo-Soundscapes-Ratings", fname))}
    y = np.array([lab[f] for f in files])
    m = SVR(kernel="rbf", gamma="auto", C=1.0, epsilon=0.1, tol=1e-3, shrinking=True)
    out[t] = m.fit(Xn, y).predict(Xn)

dst = os.path.join(repo, "tests/golden/train_svr_fixture.csv")
with open(dst, "w") as f:
    f.write("# sklearn %s SVR fitted on the fixture's 9 rows (tests/oracle/train_golden.py)\n"
            % sklearn.__version__)
    f.write("file,valence,arousal\n")
    for i, name in enumerate(files):
        f.write("%s,%.9f,%.9f\n" % (name, out["valence"][i], out["arousal"][i]))
print(open(dst).read(), end="")
