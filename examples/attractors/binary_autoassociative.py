#!/usr/bin/python3
"""The main seed's binary autoassociative network: an excitatory 5 x 5
lattice and an inhibitory 3 x 3 pool of Izhikevich cells
(binary_autoassociative.toml), coupled electrically, recall a random 0/1
pattern from a 10 %-distorted cue.

Each trial (one seed) draws the pattern and its cue with axon.attractors,
adds the lattice's weights by the seed's binary rule 0.5 (p_i - 1)(p_j - 1)
(its generate_binary_hopfield_network with a = b = 1, scale 0.5; every
pair, zero weights included, since they count in the averaged coupling),
times the gap conductance 5 nS, starts the cue's on cells at v_th, runs
1000 ms and counts spikes: a cell with >= 10 spikes is on.  The seed's
doc-test asks for >= 85 % of the cells right.

    PYTHONPATH=build/python examples/attractors/binary_autoassociative.py [--seeds 10] [--plot FILE]
"""
import argparse

import numpy as np

import axon
from axon import analysis, attractors
from common import all_pairs, load, plot, spike_counts, summary

SHAPE = (5, 5)
N = 25
GAP = 0.005        # uS per unit of weight
THRESHOLD = 10     # spikes: on
REQUIRED = 0.85


def trial(seed, distortion=0.1):
    """One recall: a dict of seed, pattern, cue, counts, threshold, accuracy."""
    pattern = attractors.random_patterns(N, 1, seed=seed, binary=True)[0]
    weights = attractors.binary_weights(pattern, a=1.0, b=1.0, scale=0.5)
    cue = attractors.distort(pattern, distortion, seed=seed)
    with load("binary_autoassociative.toml", seed) as m:
        net = m.network
        exc = net.population("exc")
        exc.set(v=np.where(cue > 0, 30.0, -65.0))
        pre, post = all_pairs(N)
        net.connect_averaged_gap(exc, exc, axon.FromList(pre, post), GAP * weights[post, pre])
        rec = exc.record("spikes")
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
        print("seed %2d: %2d of 25 cells flipped in the cue, %2d on in the pattern, recall %.3f"
              % (t["seed"], np.sum(t["cue"] != t["pattern"]), np.sum(t["pattern"] > 0), t["accuracy"]))
    print(summary(trials, REQUIRED))
    if args.plot:
        plot(trials[:4], SHAPE, args.plot, "binary autoassociative, 5 x 5 + 3 x 3 pool, distortion %g, "
             "on = >= 10 spikes" % args.distortion)
        print("wrote", args.plot)


if __name__ == "__main__":
    main()
