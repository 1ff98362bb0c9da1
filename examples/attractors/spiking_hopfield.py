#!/usr/bin/python3
"""The main seed's spiking Hopfield network: a 7 x 7 lattice of Izhikevich
cells (spiking_hopfield.toml) coupled electrically with the Hopfield
weights of one random pattern recalls it from a 10 %-distorted cue.

Each trial (one seed) draws a bipolar pattern and its cue with
axon.attractors (the library's streams), adds the weights (Hebb's rule,
scale 1, times the seed's gap conductance 5 nS) to the model file's
lattice as an averaged-gap projection, starts the cue's on cells at v_th,
runs 1000 ms and counts spikes: a cell with >= 5 spikes is on.  The seed's
doc-test asks for >= 90 % of the cells right.

    PYTHONPATH=build/python examples/attractors/spiking_hopfield.py [--seeds 10] [--distortion 0.1] [--plot FILE]
"""
import argparse

import numpy as np

import axon
from axon import analysis, attractors
from common import all_pairs, load, plot, spike_counts, summary

SHAPE = (7, 7)
N = 49
GAP = 0.005        # uS: the seed's gap conductance 5 nS per unit of weight
THRESHOLD = 5      # spikes: on
REQUIRED = 0.9


def trial(seed, distortion=0.1):
    """One recall: a dict of seed, pattern, cue, counts, threshold, accuracy."""
    pattern = attractors.random_patterns(N, 1, seed=seed)[0]
    weights = attractors.hopfield_weights(pattern)             # w[i, j]: from j onto i
    cue = attractors.distort(pattern, distortion, seed=seed)
    with load("spiking_hopfield.toml", seed) as m:
        net = m.network
        cells = net.population("hopfield")
        cells.set(v=np.where(cue > 0, 30.0, -65.0))            # on cells at v_th, off at v_init
        pre, post = all_pairs(N)
        net.connect_averaged_gap(cells, cells, axon.FromList(pre, post), GAP * weights[post, pre])
        rec = cells.record("spikes")
        net.run(m.duration)
        counts = spike_counts(rec, N)
    accuracy = analysis.recall_accuracy(counts, pattern, THRESHOLD)
    return dict(seed=seed, pattern=pattern, cue=cue, counts=counts, threshold=THRESHOLD, accuracy=accuracy)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=10, help="trials, seeds 1 .. N (default 10)")
    ap.add_argument("--distortion", type=float, default=0.1, help="flip probability of the cue (default 0.1)")
    ap.add_argument("--plot", metavar="FILE", help="a picture of the first 4 trials (PNG)")
    args = ap.parse_args()
    trials = [trial(s, args.distortion) for s in range(1, args.seeds + 1)]
    for t in trials:
        print("seed %2d: %2d of 49 cells flipped in the cue, recall %.3f"
              % (t["seed"], np.sum(t["cue"] != t["pattern"]), t["accuracy"]))
    print(summary(trials, REQUIRED))
    if args.plot:
        plot(trials[:4], SHAPE, args.plot, "spiking Hopfield, 7 x 7, distortion %g, on = >= 5 spikes"
             % args.distortion)
        print("wrote", args.plot)


if __name__ == "__main__":
    main()
