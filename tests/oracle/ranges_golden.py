#!/usr/bin/python3
"""Golden reference ranges for tests/unit/test_ranges.c: numpy's percentiles
(method "linear", numpy's default, Hyndman & Fan type 7) of every feature
of tests/golden/meyda_features.csv (the 8 test signals' ser features), for
three (low, high) pairs. Run from the repository root:

    /usr/bin/python3 tests/oracle/ranges_golden.py

Writes tests/golden/ranges_meyda.csv: feature,lo_pct,hi_pct,min,max."""
import csv

import numpy as np

SRC = "tests/golden/meyda_features.csv"
OUT = "tests/golden/ranges_meyda.csv"

with open(SRC, newline="") as f:
    rows = list(csv.reader(f))
names, data = rows[0][1:], np.array([[float(x) for x in r[1:]] for r in rows[1:]])
with open(OUT, "w") as f:
    f.write("# numpy %s percentiles (linear) of %s, %d rows\n"
            % (np.__version__, SRC, len(data)))
    f.write("feature,lo_pct,hi_pct,min,max\n")
    for lo, hi in ((5, 95), (1, 99), (0, 100), (25, 60)):
        a = np.percentile(data, lo, axis=0)
        b = np.percentile(data, hi, axis=0)
        for j, n in enumerate(names):
            f.write("%s,%g,%g,%.17g,%.17g\n" % (n, lo, hi, a[j], b[j]))
