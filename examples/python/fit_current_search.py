#!/usr/bin/python3
"""Current search: the DC amplitude that makes a neuron fire a target number of spikes (SpikeNetOpt).

SpikeNetOpt.jl's current_search finds, for a model neuron, the injected
current that gives a wanted spike count.  axon.fit.Evaluator.current_search
(ax_fit_current_search) does it by bisection over a population: each round
runs, as one generation, a grid of values spread over every unsolved
target's bracket, and narrows each bracket to the grid values just below
and above its count.

Here the neuron is axon's Izhikevich neuron (regular spiking, the
defaults) under a current step of 1 nA from 0 ms for the whole run (1 s),
and the searched value is the evaluator's "input_scale", the factor of
that step: the amplitude in nA.  For each target count the script prints
the amplitude found, then runs that amplitude alone and counts its spikes.
A count no current gives - this neuron fires 1 spike (the start's) up to
about 3.8 pA and then jumps to 5 - is reported as not found, and the
script bisects (on single runs) the edge where the count jumps over it:
two amplitudes 1e-12 nA apart whose counts bracket the target.

    PYTHONPATH=build/python examples/python/fit_current_search.py [--quick] [--out search.png]
"""
import argparse

import numpy as np

import axon.fit as fit

MODEL = "Izhikevich"
RUN_MS = 1000.0
TARGETS = (1, 3, 5, 10, 20, 40)


def count(amplitudes, model=MODEL):
    """Each amplitude's spike count, every one run alone (one evaluator per value)."""
    out = []
    for a in amplitudes:
        ev = fit.Evaluator(model, {}, free=["input_scale"], protocols=[fit.Protocol(RUN_MS, amplitude=1.0)],
                           max_candidates=1, threads=1)
        out.append(len(ev.evaluate([[a]])["trains"][0][0]))
    return np.array(out)


def edge(target, values, counts, model):
    """Where the count jumps over `target`: (lo, hi, count(lo), count(hi)), count(lo) < target < count(hi),
    hi - lo <= 1e-12 nA, by bisection on single runs from the largest value below and the smallest above."""
    lo = max(v for v, n in zip(values, counts) if n < target)
    hi = min(v for v, n in zip(values, counts) if n > target)
    n_lo, n_hi = count([lo], model)[0], count([hi], model)[0]
    while hi - lo > 1e-12:
        mid = 0.5 * (lo + hi)
        n = count([mid], model)[0]
        if n == target:          # reachable after all (not the case when the search said it is not)
            return (mid, mid, n, n)
        lo, hi, n_lo, n_hi = (mid, hi, n, n_hi) if n < target else (lo, mid, n_lo, n)
    return (lo, hi, n_lo, n_hi)


def run(quick=False, targets=TARGETS, threads=2, model=MODEL):
    targets = np.asarray(targets[:4] if quick else targets, dtype=float)
    ev = fit.Evaluator(model, {}, free=["input_scale"], protocols=[fit.Protocol(RUN_MS, amplitude=1.0)],
                       max_candidates=16 * len(targets), threads=threads)
    values, found, achieved = ev.current_search(targets, "input_scale", 0.0, 0.02, rounds=60)
    alone = count(values, model)
    # an f-I curve for the plot
    grid = np.linspace(0.0, max(values) * 1.2, 13 if quick else 41)
    grid_counts = count(grid, model)
    brackets = [None if f else edge(t, np.r_[values, grid], np.r_[alone, grid_counts], model)
                for t, f in zip(targets, found)]
    return {"model": model, "targets": targets, "values": values, "found": found, "achieved": achieved,
            "alone": alone, "brackets": brackets, "grid": grid, "grid_counts": grid_counts}


def plot(res, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(res["grid"], res["grid_counts"], ".-", color="0.5", label="count, grid")
    ax.plot(res["values"], res["alone"], "o", color="C3", label="found current, run alone")
    for t in res["targets"]:
        ax.axhline(t, color="C0", lw=0.5)
    ax.set_xlabel("step amplitude (nA)")
    ax.set_ylabel("spikes in %g ms" % RUN_MS)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="the first four targets (the test's)")
    ap.add_argument("--out", help="write the f-I curve and the currents found to this picture (.png)")
    a = ap.parse_args()
    res = run(a.quick)
    for t, v, f, n, b in zip(res["targets"], res["values"], res["found"], res["alone"], res["brackets"]):
        print("%3d spikes: %.9f nA, %s; alone it fires %d%s" % (
            t, v, "found" if f else "not found", n, "" if f else
            "; the count jumps from %d at %.12f nA to %d at %.12f nA" % (b[2], b[0], b[3], b[1])))
    if a.out:
        plot(res, a.out)
        print("wrote " + a.out)


if __name__ == "__main__":
    main()
