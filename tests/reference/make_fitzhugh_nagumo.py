#!/usr/bin/python3
"""Reference limit-cycle periods for axon's FitzHughNagumo model.

Run with Debian's Python (needs python3-numpy and python3-scipy):

    /usr/bin/python3 tests/reference/make_fitzhugh_nagumo.py

Writes FitzHughNagumo_period.csv (I, period_ms) next to this script;
tests/test_fitzhugh_nagumo.c compares axon against it.  Nothing here
shares code with axon: the ODE

    dv/dt = v - v^3/3 - w + I,   dw/dt = (v + a - b w) / tau,
    a = 0.7, b = 0.8, tau = 12.5 (time unit: 1 ms)

is integrated by scipy's solve_ivp with DOP853 (rtol = atol = 1e-10) from
the fixed point for I = 0 (the real root of the cubic, found by numpy) with
the constant drive I from t = 0, for 3000 ms.  The period is the mean
interval between the upward crossings of v = 1 (solve_ivp's event
location) from t = 500 ms on, where the cycle has settled: the script
asserts that those intervals agree within 1e-6 ms and that a rerun with
rtol = atol = 1e-12 changes the period by less than 1e-7 relative.
"""
import csv
import os

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
A, B, TAU = 0.7, 0.8, 12.5
CURRENTS = [0.5, 1.0]
T_END, T_SKIP, V_THRESH = 3000.0, 500.0, 1.0


def rhs(t, y, drive):
    v, w = y
    return [v - v ** 3 / 3.0 - w + drive, (v + A - B * w) / TAU]


def crossing(t, y, drive):
    return y[0] - V_THRESH


crossing.direction = 1


def fixed_point(drive):
    """v - v^3/3 - (v + a)/b + I = 0, i.e. v^3 + 3(1/b - 1) v + 3(a/b - I) = 0."""
    roots = np.roots([1.0, 0.0, 3.0 * (1.0 / B - 1.0), 3.0 * (A / B - drive)])
    v = [r.real for r in roots if abs(r.imag) < 1e-9]
    assert len(v) == 1, roots
    return v[0], (v[0] + A) / B


def period(drive, tol=1e-10):
    sol = solve_ivp(rhs, (0.0, T_END), list(fixed_point(0.0)), args=(drive,), method='DOP853', rtol=tol,
                    atol=tol, events=crossing)
    assert sol.success, sol.message
    t = sol.t_events[0]
    t = t[t >= T_SKIP]
    isi = np.diff(t)
    assert len(isi) > 20 and isi.max() - isi.min() < 1e-6, isi
    return (t[-1] - t[0]) / len(isi)


def main():
    rows = []
    for drive in CURRENTS:
        p = period(drive)
        assert abs(period(drive, 1e-12) - p) < 1e-7 * p
        print('I = %g: period %.9f ms' % (drive, p))
        rows.append((drive, p))
    with open(os.path.join(HERE, 'FitzHughNagumo_period.csv'), 'w', newline='') as f:
        out = csv.writer(f, lineterminator='\n')
        out.writerow(['I', 'period_ms'])
        for r in rows:
            out.writerow(['%.17g' % x for x in r])


if __name__ == '__main__':
    main()
