#!/usr/bin/python3
"""Reference values for the renewal spike sources (tests/test_gamma_sources.c).

Run with Debian's Python (needs python3-scipy):

    /usr/bin/python3 tests/reference/make_gamma_sources.py

Writes gamma_sources.csv next to this script.  The C tests compute the
distribution functions they compare spike trains with (the gamma and
exponential CDFs of the intervals, the CDFs of the first spike of a
stationary process) in closed form; this file checks those closed forms
against SciPy computed in another way, so that a wrong formula in the test
cannot make a wrong model pass:

kind 1  a, x, P(a, x): the regularised lower incomplete gamma function
        (scipy.special.gammainc), i.e. the Gamma(a, rate 1) CDF at x.
kind 2  a, x, F1(x): the CDF of the forward recurrence time of a stationary
        renewal process with Gamma(a, rate 1) intervals, from its
        definition F1(x) = (1/mean) int_0^x (1 - F(u)) du, by quadrature.
kind 3  q, x, F1(x): the same for intervals q + Exp(mean 1 - q) (a Poisson
        process with dead time q and mean interval 1), by quadrature.
kind 4  level, 0, K: the Kolmogorov distribution's upper quantile
        (scipy.special.kolmogi): sqrt(n) D_n exceeds K with probability
        `level` for large n (and less often for finite n).
"""
import csv
import os

import numpy as np
from scipy import integrate, special, stats

HERE = os.path.dirname(os.path.abspath(__file__))


def gamma_forward(a, x):
    f = lambda u: stats.gamma.sf(u, a)
    pts = [p for p in (a,) if p < x]
    return integrate.quad(f, 0.0, x, points=pts or None, epsabs=1e-14, epsrel=1e-13, limit=200)[0] / a


def dead_time_forward(q, x):
    sf = lambda u: 1.0 if u < q else np.exp(-(u - q) / (1.0 - q))
    if x <= q:
        return integrate.quad(sf, 0.0, x, epsabs=1e-14, epsrel=1e-13)[0]
    head = integrate.quad(sf, 0.0, q, epsabs=1e-14, epsrel=1e-13)[0]
    return head + integrate.quad(sf, q, x, epsabs=1e-14, epsrel=1e-13)[0]


def main():
    rows = []
    for a in (0.5, 1.0, 1.5, 2.5, 3.0, 3.5, 4.0, 6.0):
        for x in (1e-4, 0.01, 0.3, 1.0, 2.0, a, a + 1.0, 3 * a + 2.0, 8 * a + 12.0):
            rows.append((1, a, x, special.gammainc(a, x)))
    for a in (0.5, 2.5, 3.0):
        for x in (0.01, 0.3, 1.0, a, 2 * a + 1.0, 5 * a + 5.0):
            rows.append((2, a, x, gamma_forward(a, x)))
    for q in (0.0, 0.25, 0.6):
        for x in (0.05, 0.2, 0.3, 0.8, 2.0, 6.0):
            rows.append((3, q, x, dead_time_forward(q, x)))
    rows.append((4, 0.001, 0.0, special.kolmogi(0.001)))
    with open(os.path.join(HERE, 'gamma_sources.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['kind', 'a', 'x', 'value'])
        for r in rows:
            w.writerow([r[0]] + ['%.17g' % v for v in r[1:]])


if __name__ == '__main__':
    main()
