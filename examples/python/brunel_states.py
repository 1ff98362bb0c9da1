#!/usr/bin/python3
"""The four states of Brunel's (2000) network told apart by axon.analysis.

Brunel N (2000), Dynamics of sparsely connected networks of excitatory and
inhibitory spiking neurons, J Comput Neurosci 8:183-208.  Model A (equal E
and I neurons, delta synapses, D = 1.5 ms, tau_rp = 2 ms) is
examples/brunel.toml; this script loads it with overrides and runs it at
five points (g, nu_ext/nu_thr) of Brunel's phase diagram (Fig. 2A; the
raster plots of Fig. 8):

  SR  synchronous regular        g = 3,   eta = 2     (Fig. 8A)
  AR  asynchronous regular       g = 3.8, eta = 4     (see below)
  AI  asynchronous irregular     g = 5,   eta = 2     (Fig. 8C)
  SIf synchronous irregular fast g = 6,   eta = 4     (Fig. 8B, fast global oscillation)
  SIs synchronous irregular slow g = 4.5, eta = 0.9   (Fig. 8D, slow global oscillation)

(Fig. 8 has no AR raster.  The AR point was picked by a small sweep near
g = 4 at strong drive, where the mean input is far above threshold so that
neurons fire regularly, as the point with low CV and synchrony well below
SR's; it is the least certain of the five.)

Scale.  The states depend on each neuron's input, whose mean and variance
are set by C_E = 1000, C_I = 250, J and nu_ext (Brunel's eqs. 4-5); these
are kept, with J = 0.2 mV as in Brunel's Fig. 8 (examples/brunel.toml has
NEST's J = 0.1 mV, with which the AI point fires regularly, CV 0.4: --j 0.1),
so nu_thr = theta / (J C_E tau) = 5 Hz.  Only the numbers of neurons shrink, by --scale (default
0.25: 2500 E and 625 I neurons instead of 10000 and 2500), which raises the
connection probability from 0.1 to 0.4: more shared input, so somewhat more
correlation in the asynchronous states, but the same mean-field point.

Statistics, all by axon.analysis on the E population's spikes after a
transient (--skip ms): the mean rate; the mean CV of the ISIs; the
synchrony chi^2 (Golomb) of the first 500 neurons' counts in 1 ms bins; the
Fano factor (variance/mean) of the population's spike count in 1 ms bins;
the peak of the population rate's Welch spectrum (2 - 500 Hz, 128 ms
segments, 7.8 Hz apart) and its prominence, the peak's power over the median power in
that band (a global oscillation stands out as a large prominence even where
each neuron takes part in few of its cycles, so that chi^2 stays small, as
in the fast SI state).

    PYTHONPATH=build/python examples/python/brunel_states.py [--scale 0.25] \\
        [--duration 1200] [--skip 200] [--states SR,AI] [--out DIR] [--seed 1]

--out DIR writes DIR/brunel_states.csv, DIR/brunel_states.json and
DIR/brunel_psd.csv (frequency and each state's spectrum).  About 10 s.

Observed (defaults, seed 1; the same at 1 and 2 threads):

  state    g  eta  rate Hz    CV   chi2    Fano  peak Hz peak/med
  SR     3.0  2.0   333.42  0.00  0.279  449.59    335.9  1.2e+08
  AR     3.8  4.0   282.45  0.19  0.082  141.25    265.6      6.0
  AI     5.0  2.0    24.98  0.98  0.043  103.88    101.6      7.9
  SIf    6.0  4.0    32.35  1.57  0.042   97.76    171.9     20.7
  SIs    4.5  0.9     7.65  0.65  0.106  269.55     23.4      5.8

At this scale chi^2 and the Fano factor do not tell fast SI from AI (the AI
point has a weaker ~100 Hz bump of its own); the CV, the peak's frequency
and its prominence do.
"""
import argparse
import csv
import json
import os
import tempfile

import numpy as np

import axon
from axon import analysis as an

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "brunel.toml")
J = 0.2                # mV, Brunel's Fig. 8
def nu_thr(j):
    """Hz: the external rate that brings the mean input to threshold, theta / (J C_E tau)."""
    return 20.0 / (j * 1000 * 20.0) * 1000.0

STATES = {             # name: (g, eta = nu_ext / nu_thr)
    "SR": (3.0, 2.0),
    "AR": (3.8, 4.0),
    "AI": (5.0, 2.0),
    "SIf": (6.0, 4.0),
    "SIs": (4.5, 0.9),
}


def run_state(g, eta, scale=0.25, duration=1200.0, skip=200.0, seed=1, threads=1, j=J):
    """Run the Brunel network at (g, eta); returns the E population's SpikeTrains over
    [skip, duration] and N_E."""
    n_e, n_i = int(round(10000 * scale)), int(round(2500 * scale))
    s = {
        "simulation.duration": duration, "simulation.seed": seed, "simulation.threads": threads,
        "populations.E.size": n_e, "populations.I.size": n_i,
        "projections.0.weight": j, "projections.2.weight": j,
        "projections.1.weight": -g * j, "projections.3.weight": -g * j,
        "inputs.0.weight": j, "inputs.1.weight": j,
        "inputs.0.rate": eta * nu_thr(j), "inputs.1.rate": eta * nu_thr(j),
        "record.1.neurons": [0],
    }
    # start from membrane potentials uniform in [0, theta] (the file starts all at 0)
    with open(MODEL) as f:
        text = f.read().replace("init = { v = 0.0 }", "init = { v = { uniform = [0.0, 20.0] } }")
    with axon.loads(text, name="brunel", dir=os.path.dirname(MODEL), set=s) as m:
        m.run()
        with tempfile.TemporaryDirectory() as d:
            m.write_recordings(d)
            st = an.spike_trains_read(os.path.join(d, "E.spikes.csv"), skip, duration, n_trains=n_e)
    return st, n_e


def statistics(trains, n, t0, t1, n_sync=500):
    """The state's statistics of the E trains over [t0, t1] (a SpikeTrains of n trains)."""
    st = trains
    _, rate = an.rates(st)
    _, cv, _ = an.cv(st)
    sub = list(st.trains)[:n_sync]
    chi2 = an.synchrony(sub, t0, t1, 1.0)
    _, pop = an.population_rate(st, 1.0)                 # Hz per neuron, 1 ms bins
    counts = pop * n / 1000.0
    fano = float(np.var(counts) / np.mean(counts)) if np.mean(counts) > 0 else float("nan")
    f, p = an.welch(pop, 1.0, segment_ms=128.0)
    peak = an.peak_frequency(f, p, (2.0, 500.0))
    band = (f >= 2.0) & (f <= 500.0)
    prominence = float(np.max(p[band]) / np.median(p[band]))
    return {"rate_hz": rate, "cv": cv, "chi2": chi2, "fano": fano, "peak_hz": peak,
            "prominence": prominence}, f, p


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=0.25)
    ap.add_argument("--duration", type=float, default=1200.0)
    ap.add_argument("--skip", type=float, default=200.0)
    ap.add_argument("--states", default=",".join(STATES))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--j", type=float, default=J, help="mV, the excitatory weight (default %(default)s)")
    ap.add_argument("--out")
    a = ap.parse_args()
    rows, psd, freqs = [], {}, None
    print(f"{'state':5} {'g':>4} {'eta':>4} {'rate Hz':>8} {'CV':>5} {'chi2':>6} {'Fano':>7} {'peak Hz':>8} {'peak/med':>8}")
    for name in a.states.split(","):
        g, eta = STATES[name]
        st, n = run_state(g, eta, a.scale, a.duration, a.skip, a.seed, a.threads, a.j)
        r, freqs, psd[name] = statistics(st, n, a.skip, a.duration)
        r = {"state": name, "g": g, "eta": eta, **{k: float(v) for k, v in r.items()}}
        rows.append(r)
        print(f"{name:5} {g:4.1f} {eta:4.1f} {r['rate_hz']:8.2f} {r['cv']:5.2f} {r['chi2']:6.3f} "
              f"{r['fano']:7.2f} {r['peak_hz']:8.1f} {r['prominence']:8.3g}", flush=True)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, "brunel_states.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        with open(os.path.join(a.out, "brunel_states.json"), "w") as f:
            json.dump({"scale": a.scale, "duration_ms": a.duration, "skip_ms": a.skip,
                       "seed": a.seed, "states": rows}, f, indent=1)
        with open(os.path.join(a.out, "brunel_psd.csv"), "w") as f:
            f.write(",".join(["freq_hz"] + list(psd)) + "\n")
            for k, fk in enumerate(freqs):
                f.write(",".join([repr(float(fk))] + [repr(float(psd[s][k])) for s in psd]) + "\n")


if __name__ == "__main__":
    main()
