#!/usr/bin/python3
"""Reference traces for axon's HH_cond_exp model, computed with Brian2.

Run with Debian's Python (needs python3-brian, i.e. Brian2, and numpy):

    /usr/bin/python3 tests/reference/make_hh_cond_exp_brian2.py

Simulates ONE PyNN HH_cond_exp neuron (Traub & Miles 1991, as PyNN/NEST
hh_cond_exp_traub and Brian2's examples/COBAHH.py) in Brian2 and writes,
next to this script, for each case <case> below:

    <case>.csv         time_ms,v,gsyn_exc,gsyn_inh   at t = 0.1, 0.2, ..., 500.0 ms
    <case>.spikes.csv  time_ms                        all spike times in [0, 500] ms

and HH_cond_exp_syn.inputs.csv (time_ms,receptor,weight_uS; receptor is
`excitatory` or `inhibitory`), the input spikes of the synaptic case, sorted
by time.  Nothing here shares code with axon: the equations are written out
again from PyNN's model definition, in Brian2's equation language, in PyNN
units (mV, ms, nF, uS, nA):

  cm dv/dt = g_leak (e_rev_leak - v) + gsyn_exc (e_rev_E - v) + gsyn_inh (e_rev_I - v)
             - gbar_Na m^3 h (v - e_rev_Na) - gbar_K n^4 (v - e_rev_K) + i_offset
  dx/dt = alpha_x (1 - x) - beta_x x,  x in m, h, n,  u = v - v_offset (mV, 1/ms):
  alpha_m = 0.32 (13 - u) / (exp((13 - u)/4) - 1),  beta_m = 0.28 (u - 40) / (exp((u - 40)/5) - 1)
  alpha_h = 0.128 exp((17 - u)/18),                beta_h = 4 / (1 + exp((40 - u)/5))
  alpha_n = 0.032 (15 - u) / (exp((15 - u)/5) - 1), beta_n = 0.5 exp((10 - u)/40)
  (the 0/0 points handled with exprel(x) = (exp(x) - 1)/x, as COBAHH.py does)
  dgsyn_exc/dt = -gsyn_exc / tau_syn_E,  dgsyn_inh/dt = -gsyn_inh / tau_syn_I

with PyNN's default parameters (gbar_Na 20 uS, gbar_K 6 uS, g_leak 0.01 uS,
cm 0.2 nF, v_offset -63 mV, e_rev_Na 50, e_rev_K -90, e_rev_leak -65,
e_rev_E 0, e_rev_I -80 mV, tau_syn_E 0.2 ms, tau_syn_I 2 ms) and default
initial values (v = -65 mV, m = 0, h = 1, n = 0, gsyn_exc = gsyn_inh = 0).

Conventions:

* An input spike of weight w (uS) at time T makes gsyn += w at exactly T
  (SpikeGeneratorGroup + Synapses on_pre, no delay).  The Brian2 schedule
  is reordered to thresholds, synapses, groups, so that in the step that
  starts at T the jump is applied first and the ODE is then integrated
  from T; the jump therefore happens at T, not one step later.
* The state is recorded every step, after the jumps of that step: the
  sample at a time T at which an input arrives includes that input (the
  right-hand limit).  Input times are multiples of 0.1 ms, so this matters
  for gsyn at those sample times.
* Spike times are the upward crossings of v = 0 mV, linearly interpolated
  between the two integration steps around the crossing (found in numpy
  from v recorded every step; Brian2's threshold mechanism is not used).
* Integration: Brian2's method='rk4' (classical 4th-order Runge-Kutta),
  dt = 0.001 ms.  Each case is run again at dt = 0.0005 ms and the spike
  times are asserted to agree within 0.005 ms (they agree to ~1e-6 ms), so
  the references are converged to well below axon's time step.
  COBAHH.py's method='exponential_euler' is only first order: at
  dt = 0.001 ms its spike times under DC are still ~0.5 ms late after 500 ms
  (0.26 ms between dt = 0.001 and 0.0005), so it cannot give a converged
  reference at any affordable step.  It is used as an independent check
  instead: each case is also run with exponential_euler at dt = 0.001 and
  0.0005 ms, and the Richardson extrapolation 2 t(0.0005) - t(0.001) of its
  spike times is asserted to agree with the rk4 reference within 0.005 ms.

Cases (500 ms each):

* HH_cond_exp_dc: i_offset = 0.5 nA, no synaptic input: regular repetitive
  firing.
* HH_cond_exp_syn: i_offset = 0; excitatory input spikes from a Poisson
  train (numpy RandomState(1), 300 Hz) and inhibitory ones from another
  (RandomState(2), 100 Hz), both in 10 ms <= t < 490 ms, times rounded to
  multiples of 0.1 ms (a time hit twice after rounding is kept once).
  Weights 0.1 uS (excitatory; 0.05 uS gives only 7 spikes) and 0.1 uS
  (inhibitory): 15 output spikes.

Brian2's cython target is used (about 1.5 minutes for everything); without
a working compiler the script falls back to the numpy target, which gives
the same numbers (to ~1e-12 mV) but is some 25 times slower.
"""
import csv
import os
import time

import numpy as np

import brian2 as b2
from brian2 import (NeuronGroup, SpikeGeneratorGroup, Synapses, StateMonitor, Network,
                    Equations, defaultclock, prefs, ms, mV, nF, uS, nA)

HERE = os.path.dirname(os.path.abspath(__file__))
DURATION = 500.0        # ms
DT_FINE = 0.001         # ms, the reference
DT_CHECK = 0.0005       # ms, convergence check
SAMPLE = 0.1            # ms, sampling of the written traces
SPIKE_TOL = 0.005       # ms, required agreement of spike times (see the docstring)
METHOD = 'rk4'                  # the reference integrator
CHECK_METHOD = 'exponential_euler'  # first order; Richardson-extrapolated cross-check

PARAMS = dict(gbar_Na=20.0, gbar_K=6.0, g_leak=0.01, cm=0.2, v_offset=-63.0,
              e_rev_Na=50.0, e_rev_K=-90.0, e_rev_leak=-65.0, e_rev_E=0.0,
              e_rev_I=-80.0, tau_syn_E=0.2, tau_syn_I=2.0)
UNITS = dict(gbar_Na=uS, gbar_K=uS, g_leak=uS, cm=nF, v_offset=mV, e_rev_Na=mV,
             e_rev_K=mV, e_rev_leak=mV, e_rev_E=mV, e_rev_I=mV, tau_syn_E=ms,
             tau_syn_I=ms)
INIT = dict(v=-65.0, m=0.0, h=1.0, n=0.0, gsyn_exc=0.0, gsyn_inh=0.0)

I_DC = 0.5              # nA, case HH_cond_exp_dc
W_EXC = 0.1             # uS, case HH_cond_exp_syn (0.05 gives only 7 spikes)
W_INH = 0.1             # uS
RATE_EXC, SEED_EXC = 300.0, 1   # Hz
RATE_INH, SEED_INH = 100.0, 2
T_START, T_STOP = 10.0, 490.0   # ms, inputs in [T_START, T_STOP)

EQS = '''
dv/dt = (g_leak*(e_rev_leak - v) + gsyn_exc*(e_rev_E - v) + gsyn_inh*(e_rev_I - v)
         - gbar_Na*(m*m*m)*h*(v - e_rev_Na) - gbar_K*(n*n*n*n)*(v - e_rev_K)
         + i_offset)/c_m : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dgsyn_exc/dt = -gsyn_exc/tau_syn_E : siemens
dgsyn_inh/dt = -gsyn_inh/tau_syn_I : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV - v + v_offset)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v - v_offset - 40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV - v + v_offset)/(18*mV))/ms : Hz
beta_h = 4./(1 + exp((40*mV - v + v_offset)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV - v + v_offset)/(5*mV))/ms : Hz
beta_n = 0.5*exp((10*mV - v + v_offset)/(40*mV))/ms : Hz
i_offset : amp (constant)
'''


def poisson_train(rate, seed):
    """Sorted, distinct times (ms) of a Poisson train in [T_START, T_STOP),
    rounded to multiples of 0.1 ms."""
    rs = np.random.RandomState(seed)
    times, t = [], T_START
    while True:
        t += rs.exponential(1000.0 / rate)
        if t >= T_STOP:
            break
        times.append(t)
    ticks = np.unique(np.round(np.array(times) * 10.0).astype(np.int64))
    ticks = ticks[(ticks >= int(round(T_START * 10))) & (ticks < int(round(T_STOP * 10)))]
    return [k / 10.0 for k in ticks]


def simulate(i_offset, inputs, dt, method=METHOD):
    """One neuron, i_offset in nA, inputs: list of (time ms, receptor, weight
    uS), integrated with Brian2's `method` at step dt (ms).  Returns (t, v, gsyn_exc, gsyn_inh) at every step t = 0, dt, ...,
    DURATION (ms, mV, uS, uS) and the interpolated 0 mV crossings (ms)."""
    b2.start_scope()
    defaultclock.dt = dt * ms
    ns = {k: PARAMS[k] * UNITS[k] for k in PARAMS}
    ns['c_m'] = ns.pop('cm')           # 'cm' would be read as Brian2's centimetre
    G = NeuronGroup(1, Equations(EQS), method=method, namespace=ns)
    for k, x in INIT.items():
        setattr(G, k, x * (mV if k == 'v' else uS if k.startswith('gsyn') else 1))
    G.i_offset = i_offset * nA
    objs = [G]
    if inputs:
        gen = SpikeGeneratorGroup(len(inputs), np.arange(len(inputs)),
                                  np.array([t for t, _, _ in inputs]) * ms)
        S = Synapses(gen, G, model='w : siemens (constant)\nexc : 1 (constant)',
                     on_pre='gsyn_exc_post += exc*w\ngsyn_inh_post += (1 - exc)*w',
                     namespace=ns)
        S.connect(i=np.arange(len(inputs)), j=0)
        S.w = np.array([w for _, _, w in inputs]) * uS
        S.exc = np.array([1.0 if r == 'excitatory' else 0.0 for _, r, _ in inputs])
        objs += [gen, S]
    mon = StateMonitor(G, ['v', 'gsyn_exc', 'gsyn_inh'], record=0, when='after_synapses')
    net = Network(*objs, mon)
    # inputs of the step starting at t are applied before integrating from t
    net.schedule = ['start', 'thresholds', 'synapses', 'groups', 'resets', 'end']
    n_steps = int(round(DURATION / dt))
    net.run((n_steps + 1) * dt * ms, namespace=ns)      # records t = 0 .. DURATION
    t = np.arange(n_steps + 1) * dt
    assert np.allclose(mon.t[:] / ms, t, rtol=0, atol=dt * 1e-6)
    v = np.asarray(mon.v[0] / mV)
    ge = np.asarray(mon.gsyn_exc[0] / uS)
    gi = np.asarray(mon.gsyn_inh[0] / uS)
    k = np.nonzero((v[:-1] < 0.0) & (v[1:] >= 0.0))[0]
    spikes = t[k] + dt * (0.0 - v[k]) / (v[k + 1] - v[k])
    return t, v, ge, gi, spikes


def write_case(name, dt, t, v, ge, gi, spikes):
    stride = int(round(SAMPLE / dt))
    n = int(round(DURATION / SAMPLE))
    with open(os.path.join(HERE, name + '.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['time_ms', 'v', 'gsyn_exc', 'gsyn_inh'])
        for j in range(1, n + 1):
            k = j * stride
            assert abs(t[k] - j * SAMPLE) < 1e-9
            w.writerow(['%.17g' % x for x in (j / 10.0, v[k], ge[k], gi[k])])
    with open(os.path.join(HERE, name + '.spikes.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['time_ms'])
        for s in spikes:
            w.writerow(['%.17g' % s])


def max_diff(name, what, a, b):
    assert len(a) == len(b), (name, what, len(a), len(b))
    d = float(np.max(np.abs(a - b))) if len(a) else 0.0
    print('  %s: max |difference| of spike times %.3g ms' % (what, d))
    return d


def run_case(name, i_offset, inputs):
    t0 = time.time()
    t, v, ge, gi, spikes = simulate(i_offset, inputs, DT_FINE)
    print('%s: i_offset = %g nA, %d spikes, first %.6f ms, last %.6f ms'
          % (name, i_offset, len(spikes), spikes[0] if len(spikes) else float('nan'),
             spikes[-1] if len(spikes) else float('nan')))
    spikes2 = simulate(i_offset, inputs, DT_CHECK)[4]
    d_conv = max_diff(name, '%s dt=%g vs dt=%g' % (METHOD, DT_FINE, DT_CHECK), spikes, spikes2)
    ee1 = simulate(i_offset, inputs, DT_FINE, CHECK_METHOD)[4]
    ee2 = simulate(i_offset, inputs, DT_CHECK, CHECK_METHOD)[4]
    max_diff(name, '%s dt=%g vs %s reference' % (CHECK_METHOD, DT_FINE, METHOD), ee1, spikes)
    max_diff(name, '%s dt=%g vs %s reference' % (CHECK_METHOD, DT_CHECK, METHOD), ee2, spikes)
    d_rich = max_diff(name, '%s Richardson 2 t(dt=%g) - t(dt=%g) vs %s reference'
                      % (CHECK_METHOD, DT_CHECK, DT_FINE, METHOD), 2 * ee2 - ee1, spikes)
    assert d_conv < SPIKE_TOL, (name, d_conv)
    assert d_rich < SPIKE_TOL, (name, d_rich)
    write_case(name, DT_FINE, t, v, ge, gi, spikes)
    print('  wrote %s.csv, %s.spikes.csv (%.0f s)' % (name, name, time.time() - t0))
    return spikes


def main():
    prefs.codegen.target = 'cython'     # falls back to 'numpy' below if no compiler
    try:
        simulate(0.0, [], 0.1)
    except Exception as e:              # noqa: BLE001
        print('cython unavailable (%s); using the numpy target' % e)
        prefs.codegen.target = 'numpy'

    run_case('HH_cond_exp_dc', I_DC, [])

    inputs = ([(t, 'excitatory', W_EXC) for t in poisson_train(RATE_EXC, SEED_EXC)] +
              [(t, 'inhibitory', W_INH) for t in poisson_train(RATE_INH, SEED_INH)])
    inputs.sort(key=lambda r: (r[0], r[1]))
    with open(os.path.join(HERE, 'HH_cond_exp_syn.inputs.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['time_ms', 'receptor', 'weight_uS'])
        for (t, r, wt) in inputs:
            w.writerow(['%.17g' % t, r, '%.17g' % wt])
    print('HH_cond_exp_syn inputs: %d excitatory (%g uS), %d inhibitory (%g uS)'
          % (sum(r == 'excitatory' for _, r, _ in inputs), W_EXC,
             sum(r == 'inhibitory' for _, r, _ in inputs), W_INH))
    run_case('HH_cond_exp_syn', 0.0, inputs)


if __name__ == '__main__':
    main()
