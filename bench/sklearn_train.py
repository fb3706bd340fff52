#!/usr/bin/python3
"""bench/sklearn_train.py - the peer of `ser train --model svr` + `ser
predict --features-csv` for bench_model.sh: read an Emo-Soundscapes-format
directory (74 features of Normalized_Features.csv, ratings), min-max the
features with the training rows' range (ser train's normalizer), fit
SVR(C=1, epsilon=0.1, gamma='auto') per target on all rows, predict them,
write file,valence,arousal.

    /usr/bin/python3 bench/sklearn_train.py DIR OUT.csv
"""
import csv
import io
import os
import sys
import time

import numpy as np
from sklearn.svm import SVR

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


def read(path):
    with open(path, newline="") as f:
        text = f.read().replace("\r\n", "\n").replace("\r", "\n")
    return [r for r in csv.reader(io.StringIO(text)) if r]


root, out = sys.argv[1], sys.argv[2]
if os.path.isdir(os.path.join(root, "Emo-Soundscapes")):
    root = os.path.join(root, "Emo-Soundscapes")
rows = read(os.path.join(root, "Emo-Soundscapes-Features/Normalized_Features.csv"))
head, body = rows[0], rows[1:]
files = [r[0] for r in body]
X = np.array([[float(r[head.index(n)]) for n in NAMES] for r in body])
lo, hi = X.min(axis=0), X.max(axis=0)
rng = hi - lo
Xn = np.where(rng > 0, (X - lo) / np.where(rng > 0, rng, 1), 0.0)
pred = {}
t0 = time.perf_counter()
for t, fname in (("valence", "Valence.csv"), ("arousal", "Arousal.csv")):
    lab = {r[0]: float(r[1]) for r in read(os.path.join(root, "Emo-Soundscapes-Ratings", fname))}
    y = np.array([lab[f] for f in files])
    pred[t] = SVR(kernel="rbf", gamma="auto", C=1.0, epsilon=0.1).fit(Xn, y).predict(Xn)
print("%.3f" % (time.perf_counter() - t0))  # fit + predict, no start-up
with open(out, "w") as f:
    f.write("file,valence,arousal\n")
    for i, name in enumerate(files):
        f.write("%s,%.6f,%.6f\n" % (name, pred["valence"][i], pred["arousal"][i]))
