#!/usr/bin/python3
"""Reference values for the statistical tests' distributions (tests/test_analysis_stats.c).

Run with Debian's Python (python3-scipy 1.10):

    /usr/bin/python3 tests/reference/make_stats.py

Writes stats_distributions.csv next to this script: kind, a, b, x, value, with

kind 1  df, -, t, P(T > t):   scipy.stats.t.sf (Boost's incomplete beta)
kind 2  df, -, t, P(T <= t):  scipy.stats.t.cdf
kind 3  a, b, x, I_x(a, b):   scipy.special.betainc
kind 4  n, -, d, P(D_n^+ >= d): scipy.special.smirnov (ksone.sf)
kind 5  n, -, d, P(D_n >= d):   scipy.stats.kstwo.sf
kind 6  -, -, y, P(K > y):      scipy.stats.kstwobign.sf

on fixed grids that reach the far tails (values down to 1e-300) and the
algorithm switches (df 30, n 140, n d^2 = 0.754, 2.2, 4, 18).  The C test
reads it so that the library is checked against SciPy without Python at test
time; tests/python/test_analysis_stats.py compares on random inputs live.
"""
import os

import numpy as np
import scipy.special as sp
import scipy.stats as ss

rows = []
for df in [1, 2.5, 7, 29, 30, 31, 120, 1e3, 1e4, 1e5, 1e6]:
    for t in [0.0, 0.01, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 200.0, 1000.0]:
        for s in (t, -t):
            for kind, f in ((1, ss.t.sf), (2, ss.t.cdf)):
                v = f(s, df)
                if v > 1e-300:
                    rows.append((kind, df, 0, s, v))
rng = np.random.default_rng(17)
for _ in range(150):
    a, b = 10 ** rng.uniform(-1, 3, 2)
    x = rng.uniform()
    v = sp.betainc(a, b, x)
    if 1e-300 < v:
        rows.append((3, a, b, x, v))
for n in [1, 2, 3, 10, 50, 140, 141, 400, 1000, 10000, 100000]:
    for d in [0.001, 0.005, 0.01, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5, 0.6, 0.8, 0.95]:
        v4, v5 = sp.smirnov(n, d), ss.kstwo.sf(d, n)
        if v4 > 1e-300:
            rows.append((4, n, 0, d, v4))
        if v5 > 1e-300:
            rows.append((5, n, 0, d, v5))
for y in np.linspace(0.05, 6, 40):
    rows.append((6, 0, 0, y, ss.kstwobign.sf(y)))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "stats_distributions.csv"), "w") as f:
    f.write("kind,a,b,x,value\n")
    for r in rows:
        f.write("%d,%r,%r,%r,%r\n" % (r[0], float(r[1]), float(r[2]), float(r[3]), float(r[4])))
