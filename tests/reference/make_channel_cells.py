#!/usr/bin/python3
"""Independent reference traces for axon's single-compartment channel cells.

Run with Debian's Python (needs python3-numpy and python3-scipy):

    /usr/bin/python3 tests/reference/make_channel_cells.py

Writes, next to this script, for every cell below

    <cell>.spikes.csv     header time_ms: every upward crossing of 0 mV
    <cell>.csv            header time_ms,v: v at t = 0.1, 0.2, ..., tstop

<cell>.setup.csv (the same for a C test, with the initial state), and
channel_cells.json, a JSON array with one line per cell (name, channels,
params: every parameter incl. cm and reversal potentials, v0, steps: the
injected current as [[t_on, t_off, amplitude nA], ...] meaning amplitude
for t_on <= t < t_off, tstop) so that a C test can rebuild exactly the same
cell.  CSV values '%.17g'.

Nothing here shares code with axon: the ODEs are written out again from the
channel definitions below and integrated with SciPy's DOP853.

Model.  One compartment of 1e-3 cm2 (so 1 uS = 1 mS/cm2 and 1 nA =
1 uA/cm2); v mV, t ms, conductances uS, capacitance nF, currents nA.

    cm dv/dt = sum of channel currents + i_inj(t),   cm = 1 nF

    leak  I = g_leak (e_rev_leak - v)
    Na    I = gbar_Na m^3 h (e_rev_Na - v)      Traub & Miles, u = v - v_offset
          alpha_m = 0.32 (13 - u) / (exp((13 - u)/4) - 1)
          beta_m  = 0.28 (u - 40) / (exp((u - 40)/5) - 1)
          alpha_h = 0.128 exp((17 - u)/18)
          beta_h  = 4 / (1 + exp((40 - u)/5))
    K     I = gbar_K n^4 (e_rev_K - v)          Traub & Miles delayed rectifier
          alpha_n = 0.032 (15 - u) / (exp((15 - u)/5) - 1)
          beta_n  = 0.5 exp((10 - u)/40)
    M     I = gbar_M p (e_rev_K - v)            slow K+ (Yamada et al. 1989)
          p_inf = 1 / (1 + exp(-(v + 35)/10))
          tau_p = tau_max_M / (3.3 exp((v + 35)/20) + exp(-(v + 35)/20))
    CaL   I = gbar_CaL q^2 r (e_rev_Ca - v)     high-threshold Ca (Reuveni et al.)
          alpha_q = 0.055 (-27 - v) / (exp((-27 - v)/3.8) - 1)
          beta_q  = 0.94 exp((-75 - v)/17)
          alpha_r = 0.000457 exp((-13 - v)/50)
          beta_r  = 0.0065 / (exp((-15 - v)/28) + 1)
    CaT   I = gbar_CaT s_inf(v)^2 u (e_rev_Ca - v)   low-threshold Ca,
          w = v + v_shift_CaT                   (Destexhe et al. 1996)
          s_inf = 1 / (1 + exp(-(w + 57)/6.2))  (instantaneous)
          u_inf = 1 / (1 + exp((w + 81)/4))
          tau_u = (30.8 + (211.4 + exp((w + 113.2)/5))
                          / (1 + exp((w + 84)/3.2))) / 3.7

    KA    I = gbar_KA a^3 b (e_rev_KA - v)     transient A-type K+ of the
          Connor-Stevens model, as printed in Dayan & Abbott (2001),
          Theoretical Neuroscience, ch. 6.2:
          a_inf = (0.0761 exp(0.0314 (v + 94.22))
                   / (1 + exp(0.0346 (v + 1.17))))^(1/3)
          tau_a = 0.3632 + 1.158 / (1 + exp(0.0497 (v + 55.96)))
          b_inf = (1 / (1 + exp(0.0688 (v + 53.3))))^4
          tau_b = 1.24 + 2.678 / (1 + exp(0.0624 (v + 50)))
    Ih    I = gbar_Ih m (e_rev_h - v)          h-current, Huguenard &
          m_inf = 1 / (1 + exp((v + 75)/5.5))   McCormick (1992)
          tau_m = 1 / (exp(-14.59 - 0.086 v) + exp(-1.87 + 0.0701 v))

    e_rev_Na = 50, e_rev_K = -90, e_rev_Ca = 120 mV.  Gates follow
    dx/dt = alpha (1 - x) - beta x  or  (x_inf - x) / tau.  The removable
    0/0 points of the alpha/beta functions of the form a x / (exp(x) - 1)
    use the series 1 - x/2 + x^2/12 for |x| < 1e-6.

Initial state: v = v0, every gate at its steady state at v0 (x_inf =
alpha / (alpha + beta); u_inf for CaT, p_inf for M, a_inf and b_inf for
KA, m_inf for Ih).

Cells (Pospischil et al. 2008, Biol Cybern 99:427, parameter sets; densities
in mS/cm2 = uS here):

* cell_RS  regular spiking pyramidal cell: Na, K, M, leak; 4 nA step
  100-600 ms -> 30 spikes with spike-frequency adaptation (the M current
  builds up: ISI 10.9 ms at the start, 18.1 ms at the end).
* cell_IB  intrinsically bursting cell: Na, K, M, CaL (gbar 0.2), leak;
  0.75 nA step 100-600 ms -> an initial ~200 Hz discharge carried by the L
  current that slows down steadily (ISI 4.6 -> 15.8 ms, 57 spikes); the
  last spike is 8 ms before the step ends, so no spike hangs on the
  step-off time.
* cell_LTS low-threshold spiking cell: Na, K, M, CaT (v_shift -7), leak;
  no current for 100 ms (the cell settles from v0), a -0.75 nA step
  100-400 ms (v -> -89 mV) that de-inactivates the T current, then
  release -> rebound burst of 3 spikes within 14 ms starting ~56 ms after
  the release, and one more spike ~34 ms later.

* cell_KA  the regular-spiking cell's Na, K and leak (no M) plus the A
  current (gbar_KA 5, e_rev_KA -75 mV); 4 nA step 100-600 ms -> the first
  spike ~36 ms after the onset, then regular firing at ISI ~25 ms.
* cell_noKA the same cell without KA: the first spike ~9 ms after the
  onset, ISI ~10 ms.  The A current, partly open below threshold,
  opposes the slow approach to threshold: it delays the first spike and
  lowers the rate (Connor & Stevens 1971; Dayan & Abbott ch. 6.2).  A faithful
  Connor-Stevens cell would need the book's own shifted Na and K kinetics,
  which the library does not have; the A current's effect shows with the
  library's Traub-Miles Na and K as well.
* cell_Ih  Na, K, leak (as cell_KA) plus the h-current (gbar_Ih 0.1,
  e_rev_h -43 mV), v0 -66 mV (close to its rest, -66.14 mV); a -2 nA step
  100-1100 ms -> v falls to -82.6 mV within ~40 ms, then sags back to
  -75.5 mV by the end of the step as Ih opens (tau_m ~0.7-0.9 s), and
  after the release rebounds to -62 mV, 4 mV above rest, while Ih
  closes again.  No spikes: the test compares the trace.

The currents are larger than the 0.1-1 nA of Pospischil et al. because
their cells had ~3e-4 cm2 of membrane and these have 1e-3 cm2 (with 1 nA
the RS cell does not fire; -0.1 nA only moves the LTS cell by ~5 mV and
gives no rebound).

Integration.  solve_ivp(method='DOP853', rtol = atol = 1e-10,
max_step = 0.05 ms), piecewise between the times where the injected current
changes (so the steps are never smeared over by a large step), with dense
output for the 0.1 ms samples.  Spikes are upward crossings of v = 0 mV
located by solve_ivp's event detection (root of the dense-output
interpolant), i.e. exact times, not grid times.  Convergence check: every
cell is rerun at rtol = atol = 1e-12 and the script asserts that the spike
counts are equal, the spike times agree within 1e-4 ms and the 0.1 ms
samples of v within 1e-3 mV (it prints the maximum differences).
"""
import csv
import json
import math
import os

import numpy as np
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
DT_SAMPLE = 0.1
MAX_STEP = 0.05
RTOL = ATOL = 1e-10
RTOL_CHECK = ATOL_CHECK = 1e-12
SPIKE_TOL = 1e-4
V_TOL = 1e-3

COMMON = dict(cm=1.0, e_rev_Na=50.0, e_rev_K=-90.0, e_rev_Ca=120.0)

CELLS = [
    dict(name='cell_RS', channels=['Na', 'K', 'M', 'leak'],
         params=dict(COMMON, gbar_Na=50.0, gbar_K=5.0, gbar_M=0.07, tau_max_M=608.0,
                     g_leak=0.1, e_rev_leak=-70.0, v_offset=-56.2),
         v0=-70.0, steps=[[100.0, 600.0, 4.0]], tstop=700.0),
    dict(name='cell_IB', channels=['Na', 'K', 'M', 'CaL', 'leak'],
         params=dict(COMMON, gbar_Na=50.0, gbar_K=5.0, gbar_M=0.03, tau_max_M=608.0,
                     gbar_CaL=0.2, g_leak=0.01, e_rev_leak=-70.0, v_offset=-58.0),
         v0=-70.0, steps=[[100.0, 600.0, 0.75]], tstop=700.0),
    dict(name='cell_LTS', channels=['Na', 'K', 'M', 'CaT', 'leak'],
         params=dict(COMMON, gbar_Na=50.0, gbar_K=4.0, gbar_M=0.028, tau_max_M=4000.0,
                     gbar_CaT=0.4, v_shift_CaT=-7.0, g_leak=0.019, e_rev_leak=-50.0,
                     v_offset=-50.0),
         v0=-60.0, steps=[[100.0, 400.0, -0.75]], tstop=700.0),
    dict(name='cell_KA', channels=['Na', 'K', 'KA', 'leak'],
         params=dict(COMMON, gbar_Na=50.0, gbar_K=5.0, gbar_KA=5.0, e_rev_KA=-75.0,
                     g_leak=0.1, e_rev_leak=-70.0, v_offset=-56.2),
         v0=-70.0, steps=[[100.0, 600.0, 4.0]], tstop=700.0),
    dict(name='cell_noKA', channels=['Na', 'K', 'leak'],
         params=dict(COMMON, gbar_Na=50.0, gbar_K=5.0, g_leak=0.1, e_rev_leak=-70.0, v_offset=-56.2),
         v0=-70.0, steps=[[100.0, 600.0, 4.0]], tstop=700.0),
    dict(name='cell_Ih', channels=['Na', 'K', 'Ih', 'leak'],
         params=dict(COMMON, gbar_Na=50.0, gbar_K=5.0, gbar_Ih=0.1, e_rev_h=-43.0,
                     g_leak=0.1, e_rev_leak=-70.0, v_offset=-56.2),
         v0=-66.0, steps=[[100.0, 1100.0, -2.0]], tstop=1600.0),
]


# --------------------------------------------------------------------------
# Rate functions
# --------------------------------------------------------------------------

def efun(x):
    """x / (exp(x) - 1), with its removable singularity at x = 0."""
    if abs(x) < 1e-6:
        return 1.0 - x / 2.0 + x * x / 12.0
    return x / math.expm1(x)


def na_m_rates(v, p):
    u = v - p['v_offset']
    # 0.32 (13 - u) / (exp((13 - u)/4) - 1) = 0.32 * 4 * efun((13 - u)/4)
    a = 0.32 * 4.0 * efun((13.0 - u) / 4.0)
    b = 0.28 * 5.0 * efun((u - 40.0) / 5.0)
    return a, b


def na_h_rates(v, p):
    u = v - p['v_offset']
    return 0.128 * math.exp((17.0 - u) / 18.0), 4.0 / (1.0 + math.exp((40.0 - u) / 5.0))


def k_n_rates(v, p):
    u = v - p['v_offset']
    return 0.032 * 5.0 * efun((15.0 - u) / 5.0), 0.5 * math.exp((10.0 - u) / 40.0)


def m_inf_tau(v, p):
    x = v + 35.0
    return (1.0 / (1.0 + math.exp(-x / 10.0)),
            p['tau_max_M'] / (3.3 * math.exp(x / 20.0) + math.exp(-x / 20.0)))


def cal_q_rates(v, p):
    # 0.055 (-27 - v) / (exp((-27 - v)/3.8) - 1) = 0.055 * 3.8 * efun((-27 - v)/3.8)
    return 0.055 * 3.8 * efun((-27.0 - v) / 3.8), 0.94 * math.exp((-75.0 - v) / 17.0)


def cal_r_rates(v, p):
    return 0.000457 * math.exp((-13.0 - v) / 50.0), 0.0065 / (math.exp((-15.0 - v) / 28.0) + 1.0)


def cat_s_inf(v, p):
    w = v + p['v_shift_CaT']
    return 1.0 / (1.0 + math.exp(-(w + 57.0) / 6.2))


def cat_u_inf_tau(v, p):
    w = v + p['v_shift_CaT']
    return (1.0 / (1.0 + math.exp((w + 81.0) / 4.0)),
            (30.8 + (211.4 + math.exp((w + 113.2) / 5.0)) / (1.0 + math.exp((w + 84.0) / 3.2))) / 3.7)


def ka_a_inf_tau(v, p):
    # Dayan & Abbott (2001) ch. 6.2: the Connor-Stevens A current
    x = 0.0761 * math.exp(0.0314 * (v + 94.22)) / (1.0 + math.exp(0.0346 * (v + 1.17)))
    return x ** (1.0 / 3.0), 0.3632 + 1.158 / (1.0 + math.exp(0.0497 * (v + 55.96)))


def ka_b_inf_tau(v, p):
    return ((1.0 / (1.0 + math.exp(0.0688 * (v + 53.3)))) ** 4,
            1.24 + 2.678 / (1.0 + math.exp(0.0624 * (v + 50.0))))


def ih_m_inf_tau(v, p):
    # Huguenard & McCormick (1992)
    return (1.0 / (1.0 + math.exp((v + 75.0) / 5.5)),
            1.0 / (math.exp(-14.59 - 0.086 * v) + math.exp(-1.87 + 0.0701 * v)))


def steady(rates, v, p):
    a, b = rates(v, p)
    return a / (a + b)


# --------------------------------------------------------------------------
# Cell: state layout, right-hand side, initial state
# --------------------------------------------------------------------------

GATES = {'leak': [], 'Na': ['m', 'h'], 'K': ['n'], 'M': ['p'], 'CaL': ['q', 'r'], 'CaT': ['u'],
         'KA': ['a_KA', 'b_KA'], 'Ih': ['m_Ih']}


def build(cell):
    """Return (rhs(t, y, i_inj), y0, state names) for the cell."""
    p, ch = cell['params'], cell['channels']
    names = ['v'] + [g for c in ch for g in GATES[c]]
    idx = {n: i for i, n in enumerate(names)}
    v0 = cell['v0']

    init = {'v': v0}
    if 'Na' in ch:
        init['m'] = steady(na_m_rates, v0, p)
        init['h'] = steady(na_h_rates, v0, p)
    if 'K' in ch:
        init['n'] = steady(k_n_rates, v0, p)
    if 'M' in ch:
        init['p'] = m_inf_tau(v0, p)[0]
    if 'CaL' in ch:
        init['q'] = steady(cal_q_rates, v0, p)
        init['r'] = steady(cal_r_rates, v0, p)
    if 'CaT' in ch:
        init['u'] = cat_u_inf_tau(v0, p)[0]
    if 'KA' in ch:
        init['a_KA'] = ka_a_inf_tau(v0, p)[0]
        init['b_KA'] = ka_b_inf_tau(v0, p)[0]
    if 'Ih' in ch:
        init['m_Ih'] = ih_m_inf_tau(v0, p)[0]
    y0 = [init[n] for n in names]

    def rhs(t, y, i_inj):
        v = y[0]
        dy = [0.0] * len(y)
        i = i_inj
        if 'leak' in ch:
            i += p['g_leak'] * (p['e_rev_leak'] - v)
        if 'Na' in ch:
            m, h = y[idx['m']], y[idx['h']]
            i += p['gbar_Na'] * m * m * m * h * (p['e_rev_Na'] - v)
            a, b = na_m_rates(v, p)
            dy[idx['m']] = a * (1.0 - m) - b * m
            a, b = na_h_rates(v, p)
            dy[idx['h']] = a * (1.0 - h) - b * h
        if 'K' in ch:
            n = y[idx['n']]
            i += p['gbar_K'] * n ** 4 * (p['e_rev_K'] - v)
            a, b = k_n_rates(v, p)
            dy[idx['n']] = a * (1.0 - n) - b * n
        if 'M' in ch:
            pm = y[idx['p']]
            i += p['gbar_M'] * pm * (p['e_rev_K'] - v)
            pinf, tau = m_inf_tau(v, p)
            dy[idx['p']] = (pinf - pm) / tau
        if 'CaL' in ch:
            q, r = y[idx['q']], y[idx['r']]
            i += p['gbar_CaL'] * q * q * r * (p['e_rev_Ca'] - v)
            a, b = cal_q_rates(v, p)
            dy[idx['q']] = a * (1.0 - q) - b * q
            a, b = cal_r_rates(v, p)
            dy[idx['r']] = a * (1.0 - r) - b * r
        if 'CaT' in ch:
            u = y[idx['u']]
            s = cat_s_inf(v, p)
            i += p['gbar_CaT'] * s * s * u * (p['e_rev_Ca'] - v)
            uinf, tau = cat_u_inf_tau(v, p)
            dy[idx['u']] = (uinf - u) / tau
        if 'KA' in ch:
            a, b = y[idx['a_KA']], y[idx['b_KA']]
            i += p['gbar_KA'] * a * a * a * b * (p['e_rev_KA'] - v)
            ainf, tau = ka_a_inf_tau(v, p)
            dy[idx['a_KA']] = (ainf - a) / tau
            binf, tau = ka_b_inf_tau(v, p)
            dy[idx['b_KA']] = (binf - b) / tau
        if 'Ih' in ch:
            m = y[idx['m_Ih']]
            i += p['gbar_Ih'] * m * (p['e_rev_h'] - v)
            minf, tau = ih_m_inf_tau(v, p)
            dy[idx['m_Ih']] = (minf - m) / tau
        dy[0] = i / p['cm']
        return dy

    return rhs, y0, names


def current_at(steps, t0, t1):
    """Injected current on the segment (t0, t1) (constant there)."""
    tm = 0.5 * (t0 + t1)
    return sum(a for (on, off, a) in steps if on <= tm < off)


def simulate(cell, rtol, atol):
    """Integrate piecewise between current-step times.  Returns
    (spike times, samples [(t, v)] at t = 0.1 k, k = 1..tstop/0.1)."""
    rhs, y, _ = build(cell)
    tstop = cell['tstop']
    breaks = sorted({0.0, tstop} | {t for s in cell['steps'] for t in s[:2] if 0.0 < t < tstop})
    n_samples = int(round(tstop / DT_SAMPLE))
    grid = np.array([k / 10.0 for k in range(1, n_samples + 1)])
    vs = np.full(n_samples, np.nan)

    def crossing(t, y, i_inj):
        return y[0]
    crossing.direction = 1

    spikes = []
    for t0, t1 in zip(breaks[:-1], breaks[1:]):
        i_inj = current_at(cell['steps'], t0, t1)
        sol = solve_ivp(rhs, (t0, t1), y, method='DOP853', rtol=rtol, atol=atol,
                        max_step=MAX_STEP, dense_output=True, events=crossing, args=(i_inj,))
        assert sol.status == 0, sol.message
        spikes.extend(sol.t_events[0].tolist())
        sel = (grid >= t0) & (grid <= t1) & np.isnan(vs)
        vs[sel] = sol.sol(grid[sel])[0]
        y = sol.y[:, -1]
    assert not np.isnan(vs).any()
    return spikes, list(zip(grid, vs))


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def write_cell(cell, spikes, samples):
    name = cell['name']
    with open(os.path.join(HERE, name + '.spikes.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['time_ms'])
        for t in spikes:
            w.writerow(['%.17g' % t])
    with open(os.path.join(HERE, name + '.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['time_ms', 'v'])
        for t, v in samples:
            w.writerow(['%.17g' % t, '%.17g' % v])


def describe(spikes):
    s = np.array(spikes)
    if len(s) == 0:
        return '0 spikes'
    isi = np.diff(s)
    out = '%d spikes, first %.4f ms, last %.4f ms' % (len(s), s[0], s[-1])
    if len(isi):
        out += ', ISIs (ms): ' + ' '.join('%.2f' % x for x in isi)
    return out


def describe_trace(cell, samples):
    """Rest, minimum and end of v during the first current step, and the
    maximum after it (a sag and a rebound)."""
    on, off, _ = cell['steps'][0]
    before = [v for t, v in samples if t <= on]
    during = [(v, t) for t, v in samples if on < t <= off]
    after = [(v, t) for t, v in samples if t > off]
    v_min, t_min = min(during)
    v_max, t_max = max(after)
    return ('v %.3f mV before the step, min %.3f mV at %.1f ms, %.3f mV at its end; '
            'max %.3f mV at %.1f ms after it' % (before[-1], v_min, t_min, during[-1][0], v_max, t_max))


def write_setup(cell):
    """<cell>.setup.csv: the cell for a C test, one item per line:
    channel,NAME / param,NAME,VALUE / init,STATE,VALUE (v and every gate at
    its steady state at v0) / step,T_ON,T_OFF,NA / tstop,MS."""
    _, y0, names = build(cell)
    with open(os.path.join(HERE, cell['name'] + '.setup.csv'), 'w') as f:
        f.write('kind,name,value,extra\n')
        for c in cell['channels']:
            f.write('channel,%s\n' % c)
        for k, v in cell['params'].items():
            f.write('param,%s,%.17g\n' % (k, v))
        for n, v in zip(names, y0):
            f.write('init,%s,%.17g\n' % (n, v))
        for t_on, t_off, amp in cell['steps']:
            f.write('step,%.17g,%.17g,%.17g\n' % (t_on, t_off, amp))
        f.write('tstop,%.17g\n' % cell['tstop'])


def main():
    lines = []
    for cell in CELLS:
        spikes, samples = simulate(cell, RTOL, ATOL)
        check, check_samples = simulate(cell, RTOL_CHECK, ATOL_CHECK)
        assert len(check) == len(spikes), (cell['name'], len(check), len(spikes))
        diff = max((abs(a - b) for a, b in zip(spikes, check)), default=0.0)
        v_diff = max(abs(a[1] - b[1]) for a, b in zip(samples, check_samples))
        print(cell['name'], describe(spikes))
        if not spikes:
            print('  ' + describe_trace(cell, samples))
        print('  max |spike time(1e-10) - spike time(1e-12)| = %.3g ms' % diff)
        print('  max |v(1e-10) - v(1e-12)| = %.3g mV' % v_diff)
        assert diff < SPIKE_TOL, diff
        assert v_diff < V_TOL, v_diff
        write_cell(cell, spikes, samples)
        write_setup(cell)
        lines.append(json.dumps(dict(name=cell['name'], channels=cell['channels'],
                                     params=cell['params'], v0=cell['v0'],
                                     steps=cell['steps'], tstop=cell['tstop'])))
    with open(os.path.join(HERE, 'channel_cells.json'), 'w') as f:
        f.write('[\n' + ',\n'.join(lines) + '\n]\n')


if __name__ == '__main__':
    main()
