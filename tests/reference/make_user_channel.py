#!/usr/bin/python3
"""Independent reference for user-defined ion channels: the Connor-Stevens
neuron (Connor & Stevens 1971; Dayan & Abbott 2001, Theoretical
Neuroscience, ch. 6 and its appendix), whose transient A current is no
channel of axon's library.  examples/connor_stevens.toml defines the same
cell with [channels.*] tables; tests/test_user_channels.c runs that file
and compares its spikes with these.

Run with Debian's Python (needs python3-numpy and python3-scipy):

    /usr/bin/python3 tests/reference/make_user_channel.py

Writes, next to this script, connor_stevens.spikes.csv: header
time_ms,neuron, one row per spike (every upward crossing of 0 mV), in time
order, neuron the index of the current in CURRENTS.  Values '%.17g'.

Nothing here shares code with axon: the equations are written out again
from Dayan & Abbott and integrated with SciPy's DOP853.

Model.  One compartment of 1e-3 cm2 (Dayan & Abbott's densities per mm2
times 100 mm2/cm2 times 1e-3 cm2: 1 mS/cm2 = 1 uS, 1 uF/cm2 = 1 nF,
1 uA/cm2 = 1 nA); v mV, t ms, rates 1/ms.

    cm dv/dt = gL (EL - v) + gNa m^3 h (ENa - v) + gK n^4 (EK - v)
               + gA a^3 b (EA - v) + I
    cm = 1 nF, gL = 0.3, gNa = 120, gK = 20, gA = 47.7 uS,
    EL = -17, ENa = 55, EK = -72, EA = -75 mV

    alpha_m = 0.38 (v + 29.7) / (1 - exp(-0.1 (v + 29.7)))
    beta_m  = 15.2 exp(-0.0556 (v + 54.7))
    alpha_h = 0.266 exp(-0.05 (v + 48))
    beta_h  = 3.8 / (1 + exp(-0.1 (v + 18)))
    alpha_n = 0.02 (v + 45.7) / (1 - exp(-0.1 (v + 45.7)))
    beta_n  = 0.25 exp(-0.0125 (v + 55.7))
    a_inf   = (0.0761 exp(0.0314 (v + 94.22)) / (1 + exp(0.0346 (v + 1.17))))^(1/3)
    tau_a   = 0.3632 + 1.158 / (1 + exp(0.0497 (v + 55.96)))
    b_inf   = (1 / (1 + exp(0.0688 (v + 53.3))))^4
    tau_b   = 1.24 + 2.678 / (1 + exp(0.0624 (v + 50)))

The 0/0 points of alpha_m and alpha_n (v = -29.7, -45.7) use the series
x / (1 - exp(-x/k)) = k (1 + x/(2k) + x^2/(12 k^2)) for |x| < 1e-6 mV.

Protocol: v = -65 mV and every gate at its steady state at -65 mV (axon's
initial values), a constant current I (i_offset) from t = 0, 500 ms; one
cell per current.  The currents span the Connor-Stevens cell's type-I
range: rheobase is near 8.2 nA, where it fires slowly (8.5 nA: ~10 Hz)
after a long delay (the A current: first spike at 114 ms), up to 20 nA
(~130 Hz).

Integration: solve_ivp(method='DOP853', rtol = atol = 1e-10, max_step =
0.05 ms); spikes by event detection on the dense output (exact times).
Convergence check: rerun at rtol = atol = 1e-12; the script asserts equal
spike counts and times within 1e-4 ms and prints the largest difference.
"""
import csv
import math
import os

from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
CURRENTS = [8.5, 9.0, 12.0, 20.0]   # nA
TSTOP = 500.0
V0 = -65.0
MAX_STEP = 0.05
RTOL = ATOL = 1e-10
RTOL_CHECK = ATOL_CHECK = 1e-12
SPIKE_TOL = 1e-4

CM = 1.0
G_L, G_NA, G_K, G_A = 0.3, 120.0, 20.0, 47.7
E_L, E_NA, E_K, E_A = -17.0, 55.0, -72.0, -75.0


def x_over_1_minus_exp(x, k):
    """x / (1 - exp(-x / k)), k at x = 0."""
    if abs(x) < 1e-6:
        return k * (1.0 + x / (2.0 * k) + x * x / (12.0 * k * k))
    return x / -math.expm1(-x / k)


def rates_m(v):
    return 0.38 * x_over_1_minus_exp(v + 29.7, 10.0), 15.2 * math.exp(-0.0556 * (v + 54.7))


def rates_h(v):
    return 0.266 * math.exp(-0.05 * (v + 48.0)), 3.8 / (1.0 + math.exp(-0.1 * (v + 18.0)))


def rates_n(v):
    return 0.02 * x_over_1_minus_exp(v + 45.7, 10.0), 0.25 * math.exp(-0.0125 * (v + 55.7))


def inf_tau_a(v):
    inf = (0.0761 * math.exp(0.0314 * (v + 94.22)) / (1.0 + math.exp(0.0346 * (v + 1.17)))) ** (1.0 / 3.0)
    return inf, 0.3632 + 1.158 / (1.0 + math.exp(0.0497 * (v + 55.96)))


def inf_tau_b(v):
    inf = (1.0 / (1.0 + math.exp(0.0688 * (v + 53.3)))) ** 4
    return inf, 1.24 + 2.678 / (1.0 + math.exp(0.0624 * (v + 50.0)))


def rhs(t, y, i_inj):
    v, m, h, n, a, b = y
    i = (G_L * (E_L - v) + G_NA * m ** 3 * h * (E_NA - v) + G_K * n ** 4 * (E_K - v)
         + G_A * a ** 3 * b * (E_A - v) + i_inj)
    am, bm = rates_m(v)
    ah, bh = rates_h(v)
    an, bn = rates_n(v)
    ainf, atau = inf_tau_a(v)
    binf, btau = inf_tau_b(v)
    return [i / CM, am * (1 - m) - bm * m, ah * (1 - h) - bh * h, an * (1 - n) - bn * n,
            (ainf - a) / atau, (binf - b) / btau]


def initial():
    def steady(r):
        a, b = r(V0)
        return a / (a + b)
    return [V0, steady(rates_m), steady(rates_h), steady(rates_n), inf_tau_a(V0)[0], inf_tau_b(V0)[0]]


def simulate(i_inj, rtol, atol):
    def crossing(t, y, i_inj):
        return y[0]
    crossing.direction = 1
    sol = solve_ivp(rhs, (0.0, TSTOP), initial(), method='DOP853', rtol=rtol, atol=atol,
                    max_step=MAX_STEP, events=crossing, args=(i_inj,))
    assert sol.status == 0, sol.message
    return sol.t_events[0].tolist()


def main():
    rows = []
    for k, i_inj in enumerate(CURRENTS):
        spikes = simulate(i_inj, RTOL, ATOL)
        check = simulate(i_inj, RTOL_CHECK, ATOL_CHECK)
        assert len(check) == len(spikes), (i_inj, len(check), len(spikes))
        diff = max((abs(a - b) for a, b in zip(spikes, check)), default=0.0)
        assert diff < SPIKE_TOL, diff
        isi = [b - a for a, b in zip(spikes, spikes[1:])]
        print('I = %5.1f nA: %3d spikes, first %.3f ms, last ISI %s ms; convergence %.2g ms'
              % (i_inj, len(spikes), spikes[0] if spikes else float('nan'),
                 '%.2f' % isi[-1] if isi else '-', diff))
        rows.extend((t, k) for t in spikes)
    rows.sort()
    with open(os.path.join(HERE, 'connor_stevens.spikes.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['time_ms', 'neuron'])
        for t, k in rows:
            w.writerow(['%.17g' % t, k])


if __name__ == '__main__':
    main()
