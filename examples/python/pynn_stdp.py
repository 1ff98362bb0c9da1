"""Spike-timing-dependent plasticity in PyNN on axon (after Song, Miller &
Abbott 2000): one conductance-based neuron driven by 1000 Poisson inputs
through additive STDP synapses whose depression slightly outweighs
potentiation.  Inputs that help the neuron fire gain weight, the others
lose it, and the weights spread towards the bounds.

    python3 examples/python/pynn_stdp.py --duration 100000

prints the output rate and a histogram of the final weights.
"""
import argparse

import numpy as np

import pyNN.axon as sim
from pyNN.random import NumpyRNG, RandomDistribution

W_MAX = 0.00012   # uS: the mean input then holds v just below threshold
RULE = dict(tau_plus=20.0, tau_minus=20.0, A_plus=0.005, A_minus=0.00525)


def build_and_run(duration=100000.0, n_inputs=1000, rate=10.0, seed=3):
    sim.setup(timestep=0.1, rng_seed=seed)
    inputs = sim.Population(n_inputs, sim.SpikeSourcePoisson(rate=rate), label="inputs")
    neuron = sim.Population(1, sim.IF_cond_exp(tau_m=20.0, cm=0.2, v_rest=-70.0, v_reset=-60.0, v_thresh=-54.0,
                                               e_rev_E=0.0, e_rev_I=-70.0, tau_syn_E=5.0, tau_refrac=1.0),
                            label="neuron")
    stdp = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(**RULE),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=W_MAX),
        weight=RandomDistribution("uniform", low=0.0, high=W_MAX, rng=NumpyRNG(seed)),
        delay=1.0)
    projection = sim.Projection(inputs, neuron, sim.AllToAllConnector(), stdp, receptor_type="excitatory")
    initial = projection.get(["weight", "delay"], format="list")
    neuron.record("spikes")
    sim.run(duration)
    final = projection.get("weight", format="array")[:, 0]
    out_rate = neuron.mean_spike_count() * 1000.0 / duration
    sim.end()
    return {"initial": initial, "final": final, "rate": out_rate}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=100000.0, help="ms")
    args = parser.parse_args()
    result = build_and_run(args.duration)
    print("output rate: %.2f Hz" % result["rate"])
    counts, edges = np.histogram(result["final"], bins=10, range=(0.0, W_MAX))
    for count, low in zip(counts, edges):
        print("%.1f w_max %s" % (low / W_MAX, "#" * int(60 * count / max(counts.max(), 1))))


if __name__ == "__main__":
    main()
