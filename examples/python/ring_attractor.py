#!/usr/bin/python3
"""A ring attractor from Python: examples/ring_attractor.toml, call by call.

120 neurons on a ring, every pair connected with the main seed's Gaussian
ring weights (signed current-based synapses, offset 2: the model file's
header says why), a cue of 3 nA into 11 neurons for the first 100 ms, and a
bump of activity that stays where the cue was after it is gone.  The same
calls in the same order give the same spikes as `axon run
examples/ring_attractor.toml` (tests/python/test_examples.py checks it);
--cue moves the cue, and the bump with it.

    PYTHONPATH=build/python examples/python/ring_attractor.py [--cue NEURON] [--duration MS]
"""
import argparse

import numpy as np

import axon

N = 120


def build(cue=30, seed=1, threads=1):
    """The network of examples/ring_attractor.toml with the cue centred on
    neuron `cue`; returns it and the ring's spike recorder."""
    net = axon.Network(dt=0.1, seed=seed, threads=threads)
    net.silence_warning("weight_sign")      # negative weights on "excitatory" are meant
    ring = net.add_population("ring", "IF_curr_exp", N, params={"tau_refrac": 5.0},
                              structure=axon.Grid((N,), spacing=1.0))
    # all pairs (radius 60 covers the ring), ring distance by the periodic axis
    ring_pairs = axon.DistanceConnector(60.0, periodic=[float(N)], allow_self=False)
    net.connect(ring, ring, ring_pairs, receptor="excitatory",
                weight=axon.Expression("0.15 * (5 * exp(-2 * d^2 / (10 * 120)) - 2.0)"),   # nA
                delay=1.0)
    cue_neurons = [(cue + k) % N for k in range(-5, 6)]
    ring.add_input(axon.DC(3.0, start=0.0, stop=100.0), neurons=cue_neurons)
    return net, ring.record("spikes")


def bump_centre(times, neurons, t0, t1):
    """The population vector of the spikes in [t0, t1): its centre (a neuron
    index on the ring) and its length (1: all spikes from one neuron)."""
    sel = (times >= t0) & (times < t1)
    counts = np.bincount(neurons[sel], minlength=N)
    z = np.sum(counts * np.exp(2j * np.pi * np.arange(N) / N))
    return (np.angle(z) % (2 * np.pi)) * N / (2 * np.pi), abs(z) / max(counts.sum(), 1), counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cue", type=int, default=30, help="neuron at the cue's centre (default 30)")
    ap.add_argument("--duration", type=float, default=600.0, help="ms (default 600)")
    args = ap.parse_args()
    net, rec = build(cue=args.cue % N)
    net.run(args.duration)
    times, neurons = rec.spikes
    times, neurons = np.asarray(times), np.asarray(neurons, dtype=np.int64)
    for t0, t1, what in ((0.0, 100.0, "cue on "), (100.0, args.duration, "cue off")):
        centre, length, counts = bump_centre(times, neurons, t0, t1)
        print("%s (%g - %g ms): %d spikes from %d neurons, centre %.1f, vector length %.2f"
              % (what, t0, t1, counts.sum(), np.count_nonzero(counts), centre, length))


if __name__ == "__main__":
    main()
