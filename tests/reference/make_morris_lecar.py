#!/usr/bin/python3
"""Reference f-I curves and a voltage trace for axon's MorrisLecar model.

Run with Debian's Python (needs python3-numpy and python3-scipy):

    /usr/bin/python3 tests/reference/make_morris_lecar.py

Writes CSV files next to this script (first row a header, values '%.17g');
tests/test_morris_lecar.c compares axon against them.  Nothing here shares
code with axon: the ODE of Morris & Lecar (1981) in the form of Rinzel &
Ermentrout (1998),

    C dV/dt = -gCa m_inf(V) (V - VCa) - gK w (V - VK) - gL (V - VL) + I
    dw/dt   = phi (w_inf(V) - w) / tau_w(V)
    m_inf = (1 + tanh((V - V1)/V2)) / 2,  w_inf = (1 + tanh((V - V3)/V4)) / 2,
    tau_w = 1 / cosh((V - V3) / (2 V4)),

is integrated by scipy's solve_ivp with DOP853 (rtol = atol = 1e-10), its
event location finding the spikes (upward crossings of V = 0 mV) and its
dense output giving the samples.  Units: densities, uF/cm2, mS/cm2,
uA/cm2, which axon reads as nF, uS, nA of a 1e-3 cm2 membrane, so the
numbers are the same.

Parameter sets (Rinzel & Ermentrout 1998): class II (Hopf) gCa 4.4,
V3 2, V4 30, phi 0.04; class I (saddle-node on the invariant circle)
gCa 4, V3 12, V4 17.4, phi 1/15 (0.0667; Ermentrout's XPP file for it
writes 0.06666667).  Common: C 20, gK 8, gL 2, VCa 120, VK -84, VL -60,
V1 -1.2, V2 18.

Protocol: each run starts at the resting point of its set with I = 0
(found here by root finding) and has the constant current I from t = 0.

Files:

* MorrisLecar_fI.csv (class, amp_nA, rate_hz): class 2 or 1; T = 5000 ms;
  rate = 1000 (n - 1) / (t_last - t_first) over the n spikes with
  t >= 1000 ms (the steady-state ISIs), 0 when n < 2.  The script checks
  that those ISIs agree within 0.1 % (a steady state), and it reruns every
  case with rtol = atol = 1e-12 and asserts the rate moves by < 1e-6 Hz.
  The currents avoid the class II onset, where a run from rest switches
  from one spike to repetitive firing (at 88.292 nA, found by bisection
  and printed), by more than 1 nA; the class I curve reaches down to
  40.0 nA, 0.04 nA above the saddle-node (at 39.963 nA, printed), where
  the rate is about 1 Hz.
* MorrisLecar_II_I100.csv (time_ms, v): class II, I = 100 nA, v every
  0.1 ms, t = 0.1 ... 500.0 ms.
* MorrisLecar_II_I100.spikes.csv (time_ms): its spike times.
* MorrisLecar_rest.csv (class, v, w): the resting points with I = 0.
* MorrisLecar_II_syn.csv (time_ms, v) and .spikes.csv: class II at rest,
  I = 0, with exponential synaptic conductances (axon's defaults:
  e_rev_E 0, e_rev_I -80 mV, tau_syn_E 0.2, tau_syn_I 2 ms) jumping by the
  weights of SYN_ARRIVALS at their times: axon adds a spike arriving at
  t = T + delay (source time T) to the conductance at exactly that time,
  so the ODE is integrated in segments between the arrivals, each starting
  with the jump.  v every 0.1 ms, t = 0.1 ... 300.0 ms.
"""
import csv
import os

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, minimize_scalar

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-10
T_FI = 5000.0
T_SKIP = 1000.0

COMMON = dict(C=20.0, gK=8.0, gL=2.0, VCa=120.0, VK=-84.0, VL=-60.0, V1=-1.2, V2=18.0)
SETS = {
    2: dict(COMMON, gCa=4.4, V3=2.0, V4=30.0, phi=0.04),
    1: dict(COMMON, gCa=4.0, V3=12.0, V4=17.4, phi=1.0 / 15.0),
}
CURRENTS = {
    2: [0, 20, 40, 60, 80, 87, 90, 92, 95, 100, 110, 120, 140, 160, 180, 200],
    1: [0, 20, 30, 39, 40.0, 40.2, 40.5, 41, 42, 44, 46, 50, 55, 60, 70, 80, 100],
}


def m_inf(p, v):
    return 0.5 * (1.0 + np.tanh((v - p['V1']) / p['V2']))


def w_inf(p, v):
    return 0.5 * (1.0 + np.tanh((v - p['V3']) / p['V4']))


def i_ionic(p, v, w):
    return p['gCa'] * m_inf(p, v) * (v - p['VCa']) + p['gK'] * w * (v - p['VK']) + p['gL'] * (v - p['VL'])


def rhs(t, y, p, amp):
    v, w = y
    tau = 1.0 / np.cosh((v - p['V3']) / (2.0 * p['V4']))
    return [(amp - i_ionic(p, v, w)) / p['C'], p['phi'] * (w_inf(p, v) - w) / tau]


# (time ms, receptor, weight uS; exact in single precision, as axon stores
# weights): a subthreshold excitatory kick, one that fires (class II has
# no sharp threshold: it takes a large, brief conductance), then inhibition.
SYN_ARRIVALS = [(20.0, 'E', 20.0), (100.0, 'E', 250.0), (200.0, 'I', 4.0)]
E_REV = {'E': 0.0, 'I': -80.0}
TAU_SYN = {'E': 0.2, 'I': 2.0}


def rhs_syn(t, y, p):
    v, w, ge, gi = y
    dv, dw = rhs(t, (v, w), p, 0.0)
    dv += (ge * (E_REV['E'] - v) + gi * (E_REV['I'] - v)) / p['C']
    return [dv, dw, -ge / TAU_SYN['E'], -gi / TAU_SYN['I']]


def syn_trace(p, times):
    """v at `times` and the spike times, segment by segment."""
    y = list(rest(p)) + [0.0, 0.0]
    bounds = [0.0] + [a[0] for a in SYN_ARRIVALS] + [times[-1]]
    v, spikes = np.empty(len(times)), []
    ev = lambda t, y, p: y[0]
    ev.direction = 1
    for k in range(len(bounds) - 1):
        if k > 0:
            y[2 if SYN_ARRIVALS[k - 1][1] == 'E' else 3] += SYN_ARRIVALS[k - 1][2]
        sol = solve_ivp(rhs_syn, (bounds[k], bounds[k + 1]), y, args=(p,), method='DOP853', rtol=TOL,
                        atol=TOL, events=ev, dense_output=True)
        assert sol.success, sol.message
        inside = (times > bounds[k]) & (times <= bounds[k + 1])
        v[inside] = sol.sol(times[inside])[0]
        spikes += list(sol.t_events[0])
        y = list(sol.y[:, -1])
    return v, spikes


def rest(p):
    v = brentq(lambda x: i_ionic(p, x, w_inf(p, x)), -80.0, -40.0, xtol=1e-14)
    return v, w_inf(p, v)


def spike_event(t, y, p, amp):
    return y[0]


spike_event.direction = 1


def simulate(p, amp, t_end, tol=TOL, t_eval=None):
    sol = solve_ivp(rhs, (0.0, t_end), list(rest(p)), args=(p, amp), method='DOP853', rtol=tol, atol=tol,
                    events=spike_event, dense_output=t_eval is not None)
    assert sol.success, sol.message
    return sol


def rate(p, amp, tol=TOL):
    t = simulate(p, amp, T_FI, tol).t_events[0]
    t = t[t >= T_SKIP]
    if len(t) < 2:
        return 0.0
    isi = np.diff(t)
    assert isi.max() - isi.min() <= 1e-3 * isi.mean(), (amp, isi)
    return 1000.0 * (len(t) - 1) / (t[-1] - t[0])


def class2_onset():
    """Bisection for the class II current above which a run from rest fires
    repetitively (more than 3 spikes in 2 s) rather than once."""
    lo, hi = 80.0, 95.0
    while hi - lo > 1e-3:
        mid = 0.5 * (lo + hi)
        if len(simulate(SETS[2], mid, 2000.0).t_events[0]) > 3:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def write(name, header, rows):
    with open(os.path.join(HERE, name), 'w', newline='') as f:
        out = csv.writer(f, lineterminator='\n')
        out.writerow(header)
        for r in rows:
            out.writerow(['%.17g' % x for x in r])


def main():
    p1 = SETS[1]
    # the saddle-node: the maximum of the steady-state I-V curve's lower branch
    v_sn = minimize_scalar(lambda v: -i_ionic(p1, v, w_inf(p1, v)), bounds=(-50.0, -10.0), method='bounded',
                           options={'xatol': 1e-10}).x
    i_sn = i_ionic(p1, v_sn, w_inf(p1, v_sn))
    print('class I saddle-node at %.4f nA' % i_sn)
    assert 0.0 < min(a for a in CURRENTS[1] if a > i_sn) - i_sn < 0.05
    onset = class2_onset()
    print('class II: repetitive firing from rest above %.4f nA' % onset)
    assert min(abs(a - onset) for a in CURRENTS[2]) > 1.0
    rows = []
    for cls in (2, 1):
        for amp in CURRENTS[cls]:
            r = rate(SETS[cls], amp)
            r_fine = rate(SETS[cls], amp, 1e-12)
            assert abs(r - r_fine) < 1e-6, (cls, amp, r, r_fine)
            print('class %d  %6.1f nA  %9.5f Hz' % (cls, amp, r))
            rows.append((cls, amp, r))
    write('MorrisLecar_fI.csv', ['class', 'amp_nA', 'rate_hz'], rows)

    times = np.round(np.arange(1, 5001) * 0.1, 10)
    sol = simulate(SETS[2], 100.0, 500.0, t_eval=times)
    write('MorrisLecar_II_I100.csv', ['time_ms', 'v'], zip(times, sol.sol(times)[0]))
    write('MorrisLecar_II_I100.spikes.csv', ['time_ms'], [(t,) for t in sol.t_events[0]])
    print('class II, 100 nA: %d spikes in 500 ms' % len(sol.t_events[0]))

    write('MorrisLecar_rest.csv', ['class', 'v', 'w'], [(c,) + rest(SETS[c]) for c in (2, 1)])

    times = np.round(np.arange(1, 3001) * 0.1, 10)
    v, spikes = syn_trace(SETS[2], times)
    write('MorrisLecar_II_syn.csv', ['time_ms', 'v'], zip(times, v))
    write('MorrisLecar_II_syn.spikes.csv', ['time_ms'], [(t,) for t in spikes])
    print('class II, synaptic input: spikes at', spikes, 'v range', v.min(), v.max())


if __name__ == '__main__':
    main()
