#!/usr/bin/python3
"""Independent reference traces for axon's nonlinear point-neuron models.

Run with Debian's Python (needs python3-numpy and python3-scipy):

    /usr/bin/python3 tests/reference/make_references.py

Writes CSV files next to this script; tests/test_models_ref.c compares axon
against them.  Nothing here shares code with axon: the ODEs are written out
again from the model definitions (PyNN / NEST / the papers) and integrated
with SciPy's DOP853 at rtol = atol = 1e-12.

Two kinds of reference:

* "grid" references (IF_cond_exp, IF_cond_alpha, EIF_cond_exp_isfa_ista,
  EIF_cond_alpha_isfa_ista): the same discrete-time conventions as axon and
  NEST -- spikes on the dt grid, synaptic input arriving at step s jumps the
  conductance at the end of step s, threshold tested at the end of each
  step, reset, refractoriness counted in steps -- but the ODE between grid
  points solved to 1e-12.  Differences then measure axon's integration
  error alone.

* "continuous" references (Izhikevich): the published model with exact
  threshold-crossing times (event detection), i.e. the steady firing rate
  (1 / mean inter-spike interval after 500 ms) of the equations themselves,
  without any time grid.
"""
import csv
import math
import os

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
DT = 0.1
RTOL = ATOL = 1e-12


def write_trace(name, header, rows, spikes):
    with open(os.path.join(HERE, name + '.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(['%.17g' % x for x in r])
    with open(os.path.join(HERE, name + '.spikes.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['time_ms'])
        for t in spikes:
            w.writerow(['%.17g' % t])


def arrivals(spec, n_steps):
    """spec: list of (source time ms, weight uS, delay ms) -> input per step.
    A spike at time T is emitted by step T/dt - 1 and, with delay d, is
    added at the end of step T/dt - 1 + d/dt."""
    inp = np.zeros(n_steps)
    for (t, w, d) in spec:
        s = int(round(t / DT)) - 1 + int(round(d / DT))
        if 0 <= s < n_steps:
            inp[s] += w
    return inp


# --------------------------------------------------------------------------
# Conductance-based LIF (IF_cond_exp, IF_cond_alpha)
# --------------------------------------------------------------------------

COND_PARAMS = dict(cm=0.25, tau_m=20.0, v_rest=-65.0, v_thresh=-52.0, v_reset=-70.0,
                   tau_refrac=2.0, tau_syn_E=3.0, tau_syn_I=8.0, e_rev_E=0.0,
                   e_rev_I=-75.0, i_offset=0.28)
EXC = [(5.0, 0.012, 1.0), (20.0, 0.02, 1.0), (21.0, 0.02, 1.0), (22.5, 0.03, 1.0),
       (60.0, 0.05, 1.0), (61.0, 0.05, 1.0), (130.0, 0.04, 1.0)]
INH = [(40.0, 0.08, 1.0), (41.0, 0.04, 1.0), (100.0, 0.1, 1.0)]


def cond_lif(alpha, duration=200.0):
    p = COND_PARAMS
    n = int(round(duration / DT))
    in_e, in_i = arrivals(EXC, n), arrivals(INH, n)
    gl = p['cm'] / p['tau_m']
    te, ti = p['tau_syn_E'], p['tau_syn_I']
    refrac_steps = int(round(p['tau_refrac'] / DT))

    def kernel(g0, dg0, tau, s):
        return (g0 + dg0 * s) * math.exp(-s / tau)

    v, ge, gi, dge, dgi, refr = p['v_rest'], 0.0, 0.0, 0.0, 0.0, 0
    rows, spikes = [], []
    for s in range(n):
        def rhs(t, y, ge=ge, gi=gi, dge=dge, dgi=dgi):
            g_e = kernel(ge, dge, te, t)
            g_i = kernel(gi, dgi, ti, t)
            return [(gl * (p['v_rest'] - y[0]) + g_e * (p['e_rev_E'] - y[0]) +
                     g_i * (p['e_rev_I'] - y[0]) + p['i_offset']) / p['cm']]
        vn = solve_ivp(rhs, (0, DT), [v], method='DOP853', rtol=RTOL, atol=ATOL).y[0, -1]
        if alpha:
            ge, dge = kernel(ge, dge, te, DT), dge * math.exp(-DT / te) + in_e[s] * math.e / te
            gi, dgi = kernel(gi, dgi, ti, DT), dgi * math.exp(-DT / ti) + in_i[s] * math.e / ti
        else:
            ge = ge * math.exp(-DT / te) + in_e[s]
            gi = gi * math.exp(-DT / ti) + in_i[s]
        if refr > 0:
            vn = v
            refr -= 1
        elif vn >= p['v_thresh']:
            vn = p['v_reset']
            refr = refrac_steps
            spikes.append((s + 1) * DT)
        v = vn
        rows.append(((s + 1) * DT, v, ge, gi))
    return rows, spikes


# --------------------------------------------------------------------------
# AdEx (EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista), PyNN defaults
# --------------------------------------------------------------------------

ADEX_PARAMS = dict(cm=0.281, tau_refrac=0.1, v_spike=-40.0, v_reset=-70.6, v_rest=-70.6,
                   tau_m=9.3667, i_offset=0.7, a=4.0, b=0.0805, delta_T=2.0, tau_w=144.0,
                   v_thresh=-50.4, e_rev_E=0.0, tau_syn_E=5.0, e_rev_I=-80.0, tau_syn_I=5.0)
ADEX_EXC = [(30.0, 0.01, 1.0), (31.0, 0.01, 1.0), (150.0, 0.02, 1.0)]
ADEX_INH = [(80.0, 0.05, 1.0), (200.0, 0.03, 1.0)]


def adex(alpha, duration=300.0):
    p = ADEX_PARAMS
    n = int(round(duration / DT))
    in_e, in_i = arrivals(ADEX_EXC, n), arrivals(ADEX_INH, n)
    gl = p['cm'] / p['tau_m']
    te, ti = p['tau_syn_E'], p['tau_syn_I']
    a = p['a'] * 1e-3
    refrac_steps = int(round(p['tau_refrac'] / DT))

    def kernel(g0, dg0, tau, s):
        return (g0 + dg0 * s) * math.exp(-s / tau)

    v, w, ge, gi, dge, dgi, refr = p['v_rest'], 0.0, 0.0, 0.0, 0.0, 0.0, 0
    rows, spikes = [], []
    for s in range(n):
        active = 0.0 if refr > 0 else 1.0

        def rhs(t, y, ge=ge, gi=gi, dge=dge, dgi=dgi, active=active):
            V = min(y[0], p['v_spike'])          # NEST clamps V at V_peak in the rhs
            g_e = kernel(ge, dge, te, t)
            g_i = kernel(gi, dgi, ti, t)
            dv = (gl * (p['v_rest'] - V) + gl * p['delta_T'] * math.exp((V - p['v_thresh']) / p['delta_T'])
                  - y[1] + g_e * (p['e_rev_E'] - V) + g_i * (p['e_rev_I'] - V) + p['i_offset']) / p['cm']
            dw = (a * (V - p['v_rest']) - y[1]) / p['tau_w']
            return [active * dv, dw]
        sol = solve_ivp(rhs, (0, DT), [v, w], method='DOP853', rtol=RTOL, atol=ATOL)
        vn, wn = sol.y[0, -1], sol.y[1, -1]
        if alpha:
            ge, dge = kernel(ge, dge, te, DT), dge * math.exp(-DT / te) + in_e[s] * math.e / te
            gi, dgi = kernel(gi, dgi, ti, DT), dgi * math.exp(-DT / ti) + in_i[s] * math.e / ti
        else:
            ge = ge * math.exp(-DT / te) + in_e[s]
            gi = gi * math.exp(-DT / ti) + in_i[s]
        if refr > 0:
            refr -= 1
        elif vn >= p['v_spike']:
            vn = p['v_reset']
            wn += p['b']
            refr = refrac_steps
            spikes.append((s + 1) * DT)
        v, w = vn, wn
        rows.append(((s + 1) * DT, v, w))
    return rows, spikes


# --------------------------------------------------------------------------
# Izhikevich (2003): firing rate of the continuous model under DC
# --------------------------------------------------------------------------

IZH_CELLS = {'RS': (0.02, 0.2, -65.0, 8.0), 'FS': (0.1, 0.2, -65.0, 2.0)}
IZH_CURRENTS = [5.0, 10.0, 15.0]


def izhikevich_rate(a, b, c, d, I, duration=2000.0, skip=500.0):
    """Spikes of dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u),
    v >= 30 -> v = c, u += d, from v = -70, u = b v; exact crossings."""
    t, v, u = 0.0, -70.0, b * -70.0
    spikes = []

    def rhs(_, y):
        return [0.04 * y[0] ** 2 + 5 * y[0] + 140 - y[1] + I, a * (b * y[0] - y[1])]

    def peak(_, y):
        return y[0] - 30.0
    peak.terminal, peak.direction = True, 1
    while t < duration:
        sol = solve_ivp(rhs, (t, duration), [v, u], method='DOP853', rtol=RTOL, atol=ATOL,
                        events=peak)
        if sol.status == 1:
            t = sol.t_events[0][0]
            spikes.append(t)
            v, u = c, sol.y_events[0][0][1] + d
        else:
            break
    late = np.array([s for s in spikes if s >= skip])
    return 1000.0 / np.mean(np.diff(late))   # steady-state rate: 1 / mean ISI


def main():
    for alpha, name in ((False, 'IF_cond_exp'), (True, 'IF_cond_alpha')):
        rows, spikes = cond_lif(alpha)
        write_trace(name, ['time_ms', 'v', 'gsyn_exc', 'gsyn_inh'], rows, spikes)
        print(name, len(spikes), 'spikes', spikes[:5])
    for alpha, name in ((False, 'EIF_cond_exp_isfa_ista'), (True, 'EIF_cond_alpha_isfa_ista')):
        rows, spikes = adex(alpha)
        write_trace(name, ['time_ms', 'v', 'w'], rows, spikes)
        print(name, len(spikes), 'spikes', spikes[:5])
    with open(os.path.join(HERE, 'Izhikevich_rates.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['cell', 'a', 'b', 'c', 'd', 'I', 'rate_hz'])
        for cell, (a, b, c, d) in IZH_CELLS.items():
            for I in IZH_CURRENTS:
                r = izhikevich_rate(a, b, c, d, I)
                w.writerow([cell, a, b, c, d, I, '%.10g' % r])
                print('Izhikevich', cell, 'I =', I, ':', r, 'Hz')


if __name__ == '__main__':
    main()
