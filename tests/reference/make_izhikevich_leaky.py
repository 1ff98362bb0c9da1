#!/usr/bin/python3
"""Reference solutions for axon's IzhikevichLeaky and IzhikevichScaled models.

Run with Debian's Python (python3-numpy, python3-scipy):

    /usr/bin/python3 tests/reference/make_izhikevich_leaky.py

Writes next to this script
  IzhikevichLeaky_<scenario>.csv         time_ms, v, w (every 1 ms)
  IzhikevichLeaky_<scenario>.spikes.csv  time_ms
  IzhikevichLeaky_fI.csv                 i_nA, first_spike_ms, isi_ms, rate_hz
  IzhikevichScaled_<scenario>.csv, .spikes.csv   the same for SCALED_SCENARIOS
tests/test_izhikevich_leaky.c and tests/test_izhikevich_scaled.c compare
axon against them.  Nothing here
shares code with axon: the equations are those of the seed's
LeakyIzhikevichNeuron,

    c_m dv/dt = 0.04 v^2 + 5 v + 140 - w (v - e_l) + I,   I = 1000 i (nA)
    tau_w dw/dt = a (b v - w)
    v >= v_th: spike, v = c, w += d

(tau_w is the seed's tau_m: its dw is a (b v - w) dt / tau_m), and those
of its IzhikevichNeuron (IzhikevichScaled), where w is a current:

    c_m dv/dt = 0.04 v^2 + 5 v + 140 - w + I

Both solved by
SciPy's DOP853 at rtol = atol = 1e-12, piece by piece between the times
where the injected current changes, with the threshold crossing located as
an event.  The f-I table uses those exact crossings as spike times (the
continuous model).  The scenarios test the threshold where axon does, at
the end of each step of DT (after the crossing the ODEs are solved on to
the step's end, which is the spike time and where the reset happens), so
that axon's spikes must fall in the same steps and its traces can be
compared throughout, after spikes too.  A synaptic
weight x (mV) arriving at time T is a jump v += x at T, then the threshold
test, which is where axon applies it: a source spike at T_s (axon's label)
with delay D is added at the end of axon's step ending at T_s + D.
"""
import csv
import os

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
RTOL = ATOL = 1e-12
DT = 0.1     # axon's step in the tests

# The seed's defaults (LeakyIzhikevichNeuron::default(); tau_w is its tau_m).
SEED = dict(a=0.02, b=0.2, c=-55.0, d=8.0, v_th=30.0, c_m=100.0, tau_w=10.0, e_l=-65.0)
V0, W0 = -65.0, 30.0
# IzhikevichNeuron::default(): the same but tau_m = 1 and no e_l.
SCALED = dict(a=0.02, b=0.2, c=-55.0, d=8.0, v_th=30.0, c_m=100.0, tau_w=1.0, e_l=None)

# Each scenario: the injected current as (time ms, nA) changes (from 0 ms),
# synaptic jumps (arrival time ms, weight mV), the duration.
SCENARIOS = {
    # constant currents: near rheobase, in the rate dip, and well above
    'dc003': dict(current=[(0.0, 0.03)], jumps=[], T=1500.0),
    'dc01': dict(current=[(0.0, 0.1)], jumps=[], T=1500.0),
    'dc08': dict(current=[(0.0, 0.8)], jumps=[], T=1500.0),
    'dc3': dict(current=[(0.0, 3.0)], jumps=[], T=600.0),
    # nothing, then a strong step, then a weak one
    'step': dict(current=[(0.0, 0.0), (100.0, 1.5), (700.0, 0.2)], jumps=[], T=1500.0),
    # no input: below the saddle, v runs away towards -infinity (axon
    # sub-steps from about 1.4 s, when the step becomes stiff)
    'rest': dict(current=[(0.0, 0.0)], jumps=[], T=2000.0),
    # weak DC with single jumps, then a volley that makes it fire
    'syn': dict(current=[(0.0, 0.05)],
                jumps=[(100.3, 4.0), (180.7, -6.0), (250.1, 10.0), (400.5, 20.0), (400.9, 20.0),
                       (401.3, 20.0), (401.7, 20.0), (402.1, 20.0)],
                T=900.0),
}

# f-I: currents (nA) of the seed's cell, the run for each (ms).
FI_CURRENTS = [0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.5, 3.0]
FI_DURATION = 4000.0


# IzhikevichScaled: rheobase 0.004 nA; below it (rest at -70 mV), near it,
# well above, a step, jumps.
SCALED_SCENARIOS = {
    'rest': dict(current=[(0.0, 0.0)], jumps=[], T=1500.0),
    'dc0045': dict(current=[(0.0, 0.0045)], jumps=[], T=3000.0),
    'dc002': dict(current=[(0.0, 0.02)], jumps=[], T=1500.0),
    'dc01': dict(current=[(0.0, 0.1)], jumps=[], T=1000.0),
    'step': dict(current=[(0.0, 0.0), (200.0, 0.05), (900.0, 0.01)], jumps=[], T=1500.0),
    'syn': SCENARIOS['syn'],
}


def simulate(p, current, jumps, T, v0=V0, w0=W0, sample=1.0, grid=None):
    """Spike times and (t, v, w) every `sample` ms.  grid=None: exact
    threshold crossings.  grid=dt: the threshold is tested (and the reset
    done) only at the grid points k dt, as axon does, the ODEs still being
    solved exactly in between."""
    a, b, c, d, v_th, c_m, tau_w, e_l = (p[k] for k in ('a', 'b', 'c', 'd', 'v_th', 'c_m', 'tau_w', 'e_l'))

    def rhs(_, y, I):
        v, w = y
        recovery = w if e_l is None else w * (v - e_l)
        return [(0.04 * v * v + 5.0 * v + 140.0 - recovery + I) / c_m, a * (b * v - w) / tau_w]

    def peak(_, y, I):
        return y[0] - v_th
    peak.terminal, peak.direction = True, 1

    def low(_, y, I):            # v running to -infinity: stop
        return y[0] + 1e12
    low.terminal = True

    def spike(t, y):
        spikes.append(t)
        return [c, y[1] + d]

    breaks = sorted({t for t, _ in current if 0 < t < T} | {t for t, _ in jumps} | {T})
    samples = np.arange(1, int(round(T / sample)) + 1) * sample
    t, y = 0.0, [v0, w0]
    rows, spikes = [], []
    for tb in breaks:
        I = 1000.0 * [amp for (tc, amp) in current if tc <= t][-1]
        while t < tb:
            sol = solve_ivp(rhs, (t, tb), y, method='DOP853', rtol=RTOL, atol=ATOL, events=[peak, low],
                            args=(I,), dense_output=True)
            t_end = sol.t[-1]
            if sol.status == 1 and len(sol.t_events[1]):
                raise RuntimeError('v ran away at %g ms' % sol.t_events[1][0])
            if sol.status == 1 and grid:
                # crossed: on to the end of this grid step, where axon tests v
                t_grid = min(np.ceil(sol.t_events[0][0] / grid - 1e-9) * grid, tb)
                if t_grid > sol.t_events[0][0]:
                    s2 = solve_ivp(rhs, (sol.t_events[0][0], t_grid), sol.y_events[0][0], method='DOP853',
                                   rtol=RTOL, atol=ATOL, args=(I,))
                    y_grid = list(s2.y[:, -1])
                else:
                    y_grid = list(sol.y_events[0][0])
                for s in samples[(samples > t) & (samples < t_grid)]:
                    rows.append((s, *(sol.sol(s) if s <= t_end else y_grid)))
                t, y = t_grid, y_grid
                if t < tb or not any(tj == tb for tj, _ in jumps):
                    y = spike(t, y) if y[0] >= v_th else y
                if any(s == t for s in samples):
                    rows.append((t, *y))
                continue
            for s in samples[(samples > t) & (samples <= t_end)]:
                if sol.status == 1 and s == t_end:
                    continue
                rows.append((s, *sol.sol(s)))
            if sol.status == 1:
                t = sol.t_events[0][0]
                y = spike(t, sol.y_events[0][0])
            else:
                t, y = tb, list(sol.y[:, -1])
        for (tj, x) in jumps:
            if tj == tb:
                y[0] += x
                if y[0] >= v_th:
                    y = spike(tb, y)
    return rows, spikes


def write(name, header, rows):
    with open(os.path.join(HERE, name), 'w', newline='') as f:
        out = csv.writer(f)
        out.writerow(header)
        for r in rows:
            out.writerow(['%.17g' % x for x in r])


def main():
    for name, sc in SCENARIOS.items():
        rows, spikes = simulate(SEED, grid=DT, **sc)
        write('IzhikevichLeaky_%s.csv' % name, ['time_ms', 'v', 'w'], rows)
        write('IzhikevichLeaky_%s.spikes.csv' % name, ['time_ms'], [(s,) for s in spikes])
        print(name, len(rows), 'samples,', len(spikes), 'spikes', np.round(spikes, 3))
    fi = []
    for i in FI_CURRENTS:
        _, spikes = simulate(SEED, [(0.0, i)], [], FI_DURATION)
        isi = np.diff(spikes)
        # steady state: the last intervals agree to 1e-9 ms
        assert len(isi) >= 4 and abs(isi[-1] - isi[-2]) < 1e-6, (i, isi)
        fi.append((i, spikes[0], isi[-1], 1000.0 / isi[-1]))
        print('I = %g nA: first spike %.4f ms, ISI %.4f ms, %.5f Hz' % fi[-1])
    write('IzhikevichLeaky_fI.csv', ['i_nA', 'first_spike_ms', 'isi_ms', 'rate_hz'], fi)
    for name, sc in SCALED_SCENARIOS.items():
        rows, spikes = simulate(SCALED, grid=DT, **sc)
        write('IzhikevichScaled_%s.csv' % name, ['time_ms', 'v', 'w'], rows)
        write('IzhikevichScaled_%s.spikes.csv' % name, ['time_ms'], [(s,) for s in spikes])
        print('scaled', name, len(rows), 'samples,', len(spikes), 'spikes', np.round(spikes, 3))


if __name__ == '__main__':
    main()
