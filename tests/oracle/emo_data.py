"""emo_data.py - what the oracle and bench scripts share about the data:
the 74 thesis feature names (THESIS.md order, the same list as
src/features.c's ser_feature_names) and reading an Emo-Soundscapes
directory (the 74 columns of Normalized_Features.csv picked by name, the
ratings aligned by file name, as ser's loader does). Imported by
tests/oracle/sklearn_{cv,svr}.py, train_golden.py and the bench/ peers.
"""
import csv
import os

import numpy as np

FEATURES = (["rms_mean", "rms_std", "zerocross_mean", "zerocross_std",
             "rolloff_mean", "rolloff_std", "centroid_mean", "centroid_std",
             "spread_mean", "spread_std", "skewness_mean", "skewness_std",
             "kurtosis_mean", "kurtosis_std", "flatness_mean", "flatness_std"]
            + ["mfcc_mean_%d" % i for i in range(1, 14)]
            + ["mfcc_std_%d" % i for i in range(1, 14)]
            + ["chromagram_mean_%d" % i for i in range(1, 13)]
            + ["chromagram_std_%d" % i for i in range(1, 13)]
            + ["loudness_mean", "loudness_std", "energy_mean", "energy_std",
               "perceptual_sharp_mean", "perceptual_sharp_std",
               "spectral_slope_mean", "spectral_slope_std"])
assert len(FEATURES) == 74


def read_cr_csv(path):
    """The non-empty rows of a CSV with CR, LF or CRLF line ends (the data
    set's tables end lines with a bare CR)."""
    with open(path, newline="") as f:
        text = f.read().replace("\r\n", "\n").replace("\r", "\n")
    return [r for r in csv.reader(text.split("\n")) if r]


def load_emo(root):
    """files, X (n x 74), {"arousal": y, "valence": y} from an
    Emo-Soundscapes root (the folder holding Emo-Soundscapes-Features/)."""
    rows = read_cr_csv(os.path.join(root, "Emo-Soundscapes-Features",
                                    "Normalized_Features.csv"))
    head, body = rows[0], rows[1:]
    cols = [head.index(n) for n in FEATURES]
    files = [r[0] for r in body]
    X = np.array([[float(r[c]) for c in cols] for r in body])
    y = {}
    for t in ("Arousal", "Valence"):
        rating = {r[0]: float(r[1]) for r in read_cr_csv(
            os.path.join(root, "Emo-Soundscapes-Ratings", t + ".csv"))}
        y[t.lower()] = np.array([rating[f] for f in files])
    return files, X, y
