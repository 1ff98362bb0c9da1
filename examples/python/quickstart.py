#!/usr/bin/python3
"""A first model from Python: examples/quickstart.toml, call by call.

1000 integrate-and-fire neurons, 80 % excitatory, sparsely connected, driven
by independent Poisson input.  The same seed gives the same spikes as
`axon run examples/quickstart.toml` (tests/python/test_examples.py checks it).

    PYTHONPATH=build/python examples/python/quickstart.py [--duration MS]
"""
import argparse

import numpy as np

import axon


def build(seed=1, threads=0):
    """The network of examples/quickstart.toml; returns it and its spike recorders."""
    net = axon.Network(dt=0.1, seed=seed, threads=threads)
    start = {"v": axon.Uniform(-65.0, -50.0)}
    E = net.add_population("E", "IF_curr_exp", 800, state=start)
    I = net.add_population("I", "IF_curr_exp", 200, state=start)
    # projections in the file's order: their random streams follow it
    net.connect(E, E, axon.FixedProbability(0.1), weight=0.05, delay=1.5)           # nA, ms
    net.connect(E, I, axon.FixedProbability(0.1), weight=0.05, delay=1.5)
    net.connect(I, E, axon.FixedProbability(0.1), receptor="inhibitory", weight=-0.25, delay=1.5)
    net.connect(I, I, axon.FixedProbability(0.1), receptor="inhibitory", weight=-0.25, delay=1.5)
    for pop in (E, I):   # 100 independent Poisson sources of 16 Hz per neuron
        pop.add_input(axon.PoissonInput(rate=16.0, weight=0.1, sources=100))
    return net, {"E": E.record("spikes"), "I": I.record("spikes")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=float, default=500.0, help="ms (default 500)")
    args = ap.parse_args()
    net, recs = build()
    net.run(args.duration)
    for name, rec in recs.items():
        times, neurons = rec.spikes
        size = net.population(name).size
        print("%s: %d spikes, %.1f Hz per neuron, %d neurons fired"
              % (name, len(times), len(times) / size / (args.duration / 1000.0), len(np.unique(neurons))))


if __name__ == "__main__":
    main()
