#!/usr/bin/python3
"""scipy_stats.py - golden p-values for tests/unit/test_stats.c from
scipy.stats.ttest_rel and scipy.stats.wilcoxon with default arguments
(Debian's python3-scipy). Writes tests/golden/stats.txt, one case per line:
  NAME n a_1..a_n b_1..b_n t p_t w p_w
and tests/golden/stats_corrected.txt, the corrected resampled t-test
(Nadeau & Bengio 2003): t = mean(d) / sqrt((1/J + r) var(d, ddof=1)), two-
sided p = 2 scipy.stats.t.sf(|t|, J - 1), r = n_test / n_train; beside
scipy's plain ttest_rel on the same pairs:
  NAME J r a_1..a_J b_1..b_J t p t_plain p_plain
Run:  /usr/bin/python3 tests/oracle/scipy_stats.py
"""
import os
import warnings
import numpy as np
import scipy
from scipy import stats

rs = np.random.RandomState(7)
cases = []
# ten CV folds, two models: exact Wilcoxon (n <= 50, no zeros)
a = rs.normal(0.78, 0.03, 10); b = a - rs.normal(0.01, 0.02, 10)
cases.append(("folds10", a, b))
# clear difference: smallest exact p for n = 10
a = rs.normal(0.7, 0.05, 10); cases.append(("allpos10", a + 0.1, a))
# a zero difference: scipy switches to the normal approximation
a = rs.normal(0, 1, 12); b = a + rs.normal(0, 1, 12); b[3] = a[3]
cases.append(("zero12", a, b))
# ties in |d| without zeros: exact, R+ truncated to an integer
cases.append(("ties8", np.array([1., 2, 3, 4, 5, 6, 7, 8]),
              np.array([0.5, 1.5, 2.5, 3.5, 6, 5.25, 6.25, 7])))
# n > 50: normal approximation; with ties for the tie correction
a = rs.normal(0, 1, 60); cases.append(("approx60", a, a + rs.normal(0.2, 1, 60)))
d = np.round(rs.normal(0.3, 1, 70), 1); d[d == 0] = 0.5
cases.append(("ties70", d, np.zeros(70)))
# scipy's documented example (exact p 0.041259765625)
d = np.array([6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75.])
cases.append(("darwin15", d, np.zeros(15)))

lines = ["# made by tests/oracle/scipy_stats.py (scipy %s); do not edit"
         % scipy.__version__]
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for name, a, b in cases:
        t = stats.ttest_rel(a, b)
        w = stats.wilcoxon(a, b)
        vals = list(a) + list(b) + [t.statistic, t.pvalue, w.statistic, w.pvalue]
        lines.append("%s %d %s" % (name, len(a), " ".join("%.17g" % v for v in vals)))
path = os.path.join(os.path.dirname(__file__), "..", "golden", "stats.txt")
with open(path, "w") as fp:
    fp.write("\n".join(lines) + "\n")
print("wrote", os.path.normpath(path))

# corrected resampled t-test cases: one 10-fold run, 5 x 10 pooled folds,
# a 5-fold run where the model B wins, a 2-fold run (J = 2)
ccases = []
a = rs.normal(0.78, 0.03, 10); ccases.append(("run10", 1 / 9, a, a - rs.normal(0.01, 0.02, 10)))
a = rs.normal(0.75, 0.04, 50); ccases.append(("pooled50", 1 / 9, a, a - rs.normal(0.004, 0.015, 50)))
a = rs.normal(0.5, 0.1, 5); ccases.append(("bwins5", 1 / 4, a, a + rs.normal(0.05, 0.03, 5)))
ccases.append(("two2", 1.0, np.array([0.7, 0.6]), np.array([0.5, 0.55])))
lines = ["# made by tests/oracle/scipy_stats.py (scipy %s); do not edit"
         % scipy.__version__]
for name, r, a, b in ccases:
    d = a - b
    J = len(d)
    t = d.mean() / np.sqrt((1 / J + r) * d.var(ddof=1))
    p = 2 * stats.t.sf(abs(t), J - 1)
    tp = stats.ttest_rel(a, b)
    vals = [r] + list(a) + list(b) + [t, p, tp.statistic, tp.pvalue]
    lines.append("%s %d %s" % (name, J, " ".join("%.17g" % v for v in vals)))
path = os.path.join(os.path.dirname(__file__), "..", "golden", "stats_corrected.txt")
with open(path, "w") as fp:
    fp.write("\n".join(lines) + "\n")
print("wrote", os.path.normpath(path))
