#!/usr/bin/python3
"""sklearn_cv.py - golden values for tests/unit/test_cv.c from the real peer.

The CV protocol of `ser cv`, run by scikit-learn on
  synth  `ser synth-dataset --rows 200 --seed 1` (74 features of
         Normalized_Features.csv by name, ratings aligned by file name),
  mini   the 9-row fixture $SHARED/fixtures/emo-soundscapes-mini,
with ser's folds recomputed here from the documented PRNG (splitmix64-seeded
xoshiro256**, Lemire's bounded integers, Fisher-Yates from the top, then
sklearn KFold's consecutive folds, first n % k one larger) - so the folds
are checked too, not copied from ser. Per fold: SVR(kernel='rbf',
gamma='auto', C=1, epsilon=0.1, tol=1e-3, shrinking=True), r2_score and
mean_squared_error on the held-out rows.

Writes under tests/golden/:
  cv_<name>_folds.csv  target,fold,r2,mse        (%.17g)
  cv_<name>_pred.csv   target,fold,file,y_pred   (held-out rows, file order)

Run with Debian's python3 (python3-sklearn) from the repository root after
`make`:  /usr/bin/python3 tests/oracle/sklearn_cv.py [SHARED]
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.svm import SVR

from emo_data import load_emo as load  # noqa: F401 (bench/sklearn_cv.py)

M64 = (1 << 64) - 1


class Xoshiro:
    """xoshiro256** seeded by splitmix64, as src/rng.c."""

    def __init__(self, seed):
        x = seed & M64
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & M64

    def next(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 45)
        return result

    def below(self, n):
        m = self.next() * n
        lo = m & M64
        if lo < n:
            t = ((1 << 64) - n) % n
            while lo < t:
                m = self.next() * n
                lo = m & M64
        return m >> 64


def kfold(n, k, shuffle, seed):
    order = list(range(n))
    if shuffle:
        r = Xoshiro(seed)
        for i in range(n - 1, 0, -1):
            j = r.below(i + 1)
            order[i], order[j] = order[j], order[i]
    fold = [0] * n
    pos = 0
    for f in range(k):
        for _ in range(n // k + (f < n % k)):
            fold[order[pos]] = f
            pos += 1
    return fold


def run(name, root, k, seed, out):
    files, X, y = load(root)
    fold = np.array(kfold(len(files), k, True, seed))
    with open(os.path.join(out, "cv_%s_folds.csv" % name), "w") as ff, \
            open(os.path.join(out, "cv_%s_pred.csv" % name), "w") as fp:
        ff.write("target,fold,r2,mse\n")
        fp.write("target,fold,file,y_pred\n")
        for t in ("arousal", "valence"):
            for f in range(k):
                te, tr = fold == f, fold != f
                m = SVR(kernel="rbf", gamma="auto", C=1.0, epsilon=0.1,
                        tol=1e-3, shrinking=True).fit(X[tr], y[t][tr])
                p = m.predict(X[te])
                ff.write("%s,%d,%.17g,%.17g\n" % (
                    t, f, r2_score(y[t][te], p),
                    mean_squared_error(y[t][te], p)))
                for i, v in zip(np.flatnonzero(te), p):
                    fp.write("%s,%d,%s,%.17g\n" % (t, f, files[i], v))


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
    out = "tests/golden"
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        syn = os.path.join(tmp, "syn")
        subprocess.run(["build/ser", "synth-dataset", "--rows", "200",
                        "--seed", "1", "-o", syn], check=True)
        run("synth", syn, 5, 0, out)
    run("mini", os.path.join(shared, "fixtures", "emo-soundscapes-mini",
                             "Emo-Soundscapes"), 3, 0, out)


if __name__ == "__main__":
    main()
