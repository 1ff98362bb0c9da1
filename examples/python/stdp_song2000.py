#!/usr/bin/python3
"""Song, Miller & Abbott (2000) from Python: examples/stdp_song2000.toml, call by call.

One conductance-based neuron driven by 1000 Poisson inputs of 15 Hz through
synapses with additive STDP (depression slightly stronger than
potentiation): the weights split into two groups at the bounds.  The same
seed gives the same weights as the model file (tests/python/test_examples.py).

    PYTHONPATH=build/python examples/python/stdp_song2000.py [--duration MS]
"""
import argparse

import numpy as np

import axon


def build(seed=2000):
    """The network of examples/stdp_song2000.toml; returns it, its plastic projection and
    the recorders (the neuron's spikes, ten weights every 100 ms)."""
    net = axon.Network(dt=0.1, seed=seed, threads=1)
    inputs = net.add_population("inputs", "SpikeSourcePoisson", 1000, params={"rate": 15.0})
    neuron = net.add_population("neuron", "IF_cond_exp", 1, state={"v": -74.0},
                                params=dict(cm=1.0, tau_m=10.0, v_rest=-74.0, v_thresh=-54.0, v_reset=-60.0,
                                            tau_refrac=0.0, e_rev_E=0.0, tau_syn_E=5.0))
    rule = axon.Plasticity(timing="spike_pair", pairing="all_to_all", weight="additive",
                           tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.0105, w_min=0.0, w_max=0.001)
    prj = net.connect(inputs, neuron, axon.AllToAll(), receptor="excitatory",
                      weight=axon.Uniform(0.0, 0.001), delay=0.1, plasticity=rule)
    recs = {"spikes": neuron.record("spikes"), "weights": prj.record_weights(synapses=10, interval=100.0)}
    return net, prj, recs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=float, default=100000.0, help="ms (default 100000)")
    args = ap.parse_args()
    net, prj, recs = build()
    net.run(args.duration)
    w = prj.weights / 0.001
    times, _ = recs["spikes"].spikes
    print("output rate %.1f Hz; weights / w_max: %.0f %% below 0.1, %.0f %% above 0.9, mean %.2f"
          % (len(times) / (args.duration / 1000.0), 100 * np.mean(w < 0.1), 100 * np.mean(w > 0.9), w.mean()))


if __name__ == "__main__":
    main()
