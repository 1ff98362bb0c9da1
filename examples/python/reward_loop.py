#!/usr/bin/python3
"""Solving the distal reward problem (Izhikevich 2007) with a controller in Python.

A neuron receives 100 Poisson inputs through reward-modulated STDP synapses.
One of them is chosen: every time it fires and the neuron fires within 10 ms
after it, a reward (a dopamine jump) is delivered 1 to 3 s later - long after
the spikes, with many other pairings in between.  Only the chosen synapse is
reliably eligible when the rewards come, so over a few minutes it grows
towards the maximum weight while most others fall (depression is the
stronger side of the rule) - a few, paired by chance before rewards,
grow too.

The experiment is a loop of 1-ms run segments; between two segments Python
reads the spike counts and injects dopamine: the agent/environment loop
that model files cannot express.

    PYTHONPATH=build/python examples/python/reward_loop.py [--duration MS]
"""
import argparse

import numpy as np

import axon

W_MAX = 0.5          # nA
A_PLUS = 0.0005      # of w_max - w_min, into the eligibility trace


def build(seed=7, drive_w=0.085):
    net = axon.Network(dt=0.1, seed=seed, threads=1)
    dopamine = net.add_modulator("dopamine", tau_d=200.0)
    chosen = net.add_population("chosen", "SpikeSourcePoisson", 1, params={"rate": 5.0})
    others = net.add_population("others", "SpikeSourcePoisson", 99, params={"rate": 5.0})
    drive = net.add_population("drive", "SpikeSourcePoisson", 200, params={"rate": 10.0})
    neuron = net.add_population("neuron", "IF_curr_exp", 1)
    # the background drive and the plastic inputs at their start make it fire about 1 Hz
    net.connect(drive, neuron, axon.AllToAll(), weight=axon.Uniform(0.0, drive_w), delay=1.0)
    rule = axon.Plasticity(timing="spike_pair", reward=True, modulator=dopamine, tau_c=1000.0,
                           A_plus=A_PLUS, A_minus=1.5 * A_PLUS, w_min=0.0, w_max=W_MAX)
    plastic = [net.connect(src, neuron, axon.AllToAll(), weight=0.1, delay=1.0, plasticity=rule)
               for src in (chosen, others)]
    return net, dopamine, chosen, neuron, plastic


def experiment(duration_ms, seed=7, segment_ms=1.0, drive_w=0.085):
    """Runs the loop; returns the final weights (chosen, others) and the rewards given."""
    net, dopamine, chosen, neuron, (p_chosen, p_others) = build(seed, drive_w)
    rng = np.random.default_rng(seed)
    last_pre = -1e9          # time of the chosen input's last spike
    pending = []             # times at which rewards fall due
    rewards = 0
    pre_count = post_count = 0
    while net.time < duration_ms:
        net.run(segment_ms)
        t = net.time
        if chosen.spike_count > pre_count:
            pre_count, last_pre = chosen.spike_count, t
        if neuron.spike_count > post_count:
            post_count = neuron.spike_count
            if t - last_pre <= 10.0:       # the chosen pairing: reward it, 1-3 s from now
                pending.append(t + rng.uniform(1000.0, 3000.0))
                last_pre = -1e9
        due = [r for r in pending if r <= t]
        if due:
            pending = [r for r in pending if r > t]
            dopamine.inject(0.5 * len(due))
            rewards += len(due)
    return float(p_chosen.weights[0]), np.array(p_others.weights), rewards


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=float, default=300000.0, help="ms (default 300000)")
    args = ap.parse_args()
    w_chosen, w_others, rewards = experiment(args.duration)
    print("%d rewards; chosen synapse %.3f nA (w_max %.1f), the others %.3f +- %.3f nA"
          % (rewards, w_chosen, W_MAX, w_others.mean(), w_others.std()))


if __name__ == "__main__":
    main()
