#!/usr/bin/python3
"""Reference spike times for axon's HodgkinHuxley model, computed by NEURON.

Run with Debian's Python (needs python3-numpy and the Debian packages neuron
and python3-neuron, i.e. `from neuron import h`):

    /usr/bin/python3 tests/reference/make_hh_neuron.py

Writes CSV files next to this script (first row a header, values '%.17g').
Nothing here shares code with axon: the membrane is NEURON's built-in `hh`
mechanism (Hodgkin & Huxley 1952 squid axon, hh.mod as shipped with
NEURON), with its default parameters

    gnabar 0.12, gkbar 0.036, gl 0.0003 S/cm2, el -54.3, ena 50, ek -77 mV,
    cm 1 uF/cm2,

and rates multiplied by q10 = 3^((celsius - 6.3) / 10).

Units.  One section, nseg = 1, L = diam = sqrt(1e5 / pi) um, so the
membrane area is exactly 1e5 um2 = 1e-3 cm2 (checked with h.area(0.5)).
With that area 1 nA of IClamp current is 1 uA/cm2 and 1 uS is 1 mS/cm2, so
axon's point-neuron parameters (cm 1 nF, gbar_Na 120 uS, gbar_K 36 uS,
g_leak 0.3 uS, injected current in nA) are numerically NEURON's densities.

Integration.  h.finitialize(-65) (v = -65 mV, every gate at its steady
state at -65 mV), cvode off, fixed step h.dt = 0.001 ms with
h.secondorder = 2 (Crank-Nicolson; NEURON's default, secondorder = 0, is
backward Euler, first order: at dt = 0.001 its 10 nA spike times still
move by ~0.04 ms over 500 ms when dt is halved, while Crank-Nicolson's move
by ~1e-4 ms).  The script reruns every spike-time case at dt = 0.0005 and
asserts that the spike times agree within 0.002 ms, so that NEURON's own
integration error is negligible next to axon's.

Rate tables off.  hh.mod tabulates its rates (TABLE ... FROM -100 TO 100
WITH 200: 1 mV steps, linear interpolation) unless usetable_hh = 0; the
tables shift the firing period by ~0.02 ms per spike (0.6 ms over 35
spikes at 10 nA), so the references use the exact rate functions.

Spikes.  v is recorded at every step (h.Vector().record); a spike is an
upward crossing of 0 mV, v[k] < 0 <= v[k+1], its time linearly
interpolated between the two steps, t = (k + v[k] / (v[k] - v[k+1])) dt.
Step k is labelled k * dt (NEURON's accumulated h.t differs from that by
~1e-8 ms after 520k steps).

Files:

* HodgkinHuxley_I{5,10,20}.spikes.csv (time_ms): IClamp del = 10 ms,
  dur = 500 ms, amp = 5, 10, 20 nA, tstop = 520 ms, celsius = 6.3.
* HodgkinHuxley_I10_T18.5.spikes.csv (time_ms): the 10 nA case at
  celsius = 18.5.
* HodgkinHuxley_I10.csv (time_ms, v): v of the 10 nA, 6.3 C run every
  0.1 ms, t = 0.1, 0.2, ..., 520.0 (exact samples of the dt = 0.001 run,
  steps 100, 200, ..., 520000).
* HodgkinHuxley_fI.csv (amp_nA, rate_hz): f-I curve at 6.3 C, IClamp
  del = 10 ms, dur = 1000 ms, tstop = 1010 ms, amp = 0, 1, ..., 20, 25,
  30, 40, 50 nA; rate = number of spikes with 10 <= t < 1010 ms, divided
  by 1.0 s.
"""
import csv
import math
import os

import numpy as np
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
DT = 0.001
DT_CHECK = 0.0005
TOL_CHECK = 0.002       # ms, max spike-time difference dt vs dt/2
AREA_UM2 = 1e5          # 1e-3 cm2
SAMPLE_EVERY = 0.1      # ms, for HodgkinHuxley_I10.csv

soma = h.Section(name='soma')
soma.nseg = 1
soma.L = soma.diam = math.sqrt(AREA_UM2 / math.pi)
soma.insert('hh')

area = h.area(0.5, sec=soma)
assert abs(area - AREA_UM2) <= 1e-9 * AREA_UM2, area
seg = soma(0.5)
# NEURON's defaults, asserted rather than set, so that this really is hh
# as shipped
assert (seg.hh.gnabar, seg.hh.gkbar, seg.hh.gl, seg.hh.el) == (0.12, 0.036, 0.0003, -54.3)
assert (seg.ena, seg.ek, seg.cm) == (50.0, -77.0, 1.0), (seg.ena, seg.ek, seg.cm)

stim = h.IClamp(seg)
v_rec = h.Vector().record(seg._ref_v)
t_rec = h.Vector().record(h._ref_t)


def run(amp, dur, tstop, celsius=6.3, dt=DT):
    """One run; returns (v at every step 0..n as an array, dt)."""
    stim.delay = 10.0
    stim.dur = dur
    stim.amp = amp
    h.celsius = celsius
    h.cvode_active(0)
    h.secondorder = 2
    h.usetable_hh = 0
    h.dt = dt
    h.finitialize(-65.0)
    n = int(round(tstop / dt))
    h.continuerun(tstop)
    v = np.array(v_rec)
    t = np.array(t_rec)
    assert len(v) == n + 1, (len(v), n + 1)
    assert abs(t[-1] - n * dt) < 1e-6, (t[-1], n * dt)
    return v


def crossings(v, dt):
    k = np.nonzero((v[:-1] < 0.0) & (v[1:] >= 0.0))[0]
    return (k + v[k] / (v[k] - v[k + 1])) * dt


def write(name, header, rows):
    with open(os.path.join(HERE, name), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(['%.17g' % x for x in r])


h.load_file('stdrun.hoc')

# spike-time references (+ the dt / 2 check) and the 10 nA trace
for amp, celsius, name in [(5.0, 6.3, 'HodgkinHuxley_I5'),
                           (10.0, 6.3, 'HodgkinHuxley_I10'),
                           (20.0, 6.3, 'HodgkinHuxley_I20'),
                           (10.0, 18.5, 'HodgkinHuxley_I10_T18.5')]:
    v = run(amp, 500.0, 520.0, celsius)
    spikes = crossings(v, DT)
    if name == 'HodgkinHuxley_I10':
        every = int(round(SAMPLE_EVERY / DT))
        idx = np.arange(every, len(v), every)
        write(name + '.csv', ['time_ms', 'v'],
              [(round(i * DT, 10), v[i]) for i in idx])
    spikes2 = crossings(run(amp, 500.0, 520.0, celsius, DT_CHECK), DT_CHECK)
    assert len(spikes2) == len(spikes), (name, len(spikes), len(spikes2))
    diff = float(np.max(np.abs(spikes - spikes2))) if len(spikes) else 0.0
    print('%-24s %3d spikes  first %.6f  last %.6f ms  '
          'max |t(dt=%g) - t(dt=%g)| = %.3g ms'
          % (name, len(spikes), spikes[0] if len(spikes) else float('nan'),
             spikes[-1] if len(spikes) else float('nan'), DT, DT_CHECK, diff))
    assert diff <= TOL_CHECK, (name, diff)
    write(name + '.spikes.csv', ['time_ms'], [(t,) for t in spikes])

# f-I curve
rows = []
for amp in list(range(0, 21)) + [25, 30, 40, 50]:
    spikes = crossings(run(float(amp), 1000.0, 1010.0), DT)
    n = int(np.count_nonzero((spikes >= 10.0) & (spikes < 1010.0)))
    rows.append((float(amp), n / 1.0))
write('HodgkinHuxley_fI.csv', ['amp_nA', 'rate_hz'], rows)
print('f-I (6.3 C, 1 s):', ', '.join('%g nA %g Hz' % r for r in rows))
