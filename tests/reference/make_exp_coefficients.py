#!/usr/bin/python3
"""Coefficients of the polynomial in ax_exp (src/core/vmath.h).

ax_exp reduces x to r = x - n ln2 with |r| <= ln2/2 and evaluates e^r by a
polynomial of degree 11: the interpolant of e^r at the 12 Chebyshev nodes
of [-ln2/2, ln2/2] (near-minimax), computed here in 50-digit arithmetic
(mpmath) and written in the power basis.  The script prints, for degrees
10-12, the largest relative error of the polynomial with its coefficients
rounded to double (evaluated exactly), and the degree-11 coefficients,
constant term first.  Degree 11 gives 1.7e-17, below half an ulp
(1.1e-16); degree 10 would give 3.3e-16.

    /usr/bin/python3 tests/reference/make_exp_coefficients.py
"""
import mpmath as mp

mp.mp.dps = 50
HALF_LN2 = mp.log(2) / 2


def fit(deg):
    """Power-basis coefficients of the Chebyshev interpolant of exp."""
    n = deg + 1
    nodes = [HALF_LN2 * mp.cos(mp.pi * (k + 0.5) / n) for k in range(n)]
    a = mp.matrix([[x ** j for j in range(n)] for x in nodes])
    b = mp.matrix([mp.e ** x for x in nodes])
    c = mp.lu_solve(a, b)
    return [float(c[j]) for j in range(n)]


def max_rel_error(coef, samples=2001):
    worst = mp.mpf(0)
    for k in range(samples):
        x = -HALF_LN2 + 2 * HALF_LN2 * k / (samples - 1)
        p = mp.mpf(0)
        for co in reversed(coef):
            p = p * x + co
        worst = max(worst, abs(p / mp.e ** x - 1))
    return float(worst)


if __name__ == '__main__':
    for deg in (10, 11, 12):
        print('degree %d: max relative error %.3g' % (deg, max_rel_error(fit(deg))))
    print('degree 11 coefficients, constant term first:')
    for co in fit(11):
        print(repr(co))
