"""A Vogels-Abbott (2005) CUBA network in PyNN on axon.

4000 leaky integrate-and-fire neurons (80 % excitatory) with exponential
synaptic currents, connected at random (p = 0.02); membrane potentials start
uniformly between reset and threshold, and a depolarising leak reversal
(-49 mV, above threshold) keeps the network active.

    python3 examples/python/pynn_cuba.py --duration 1000

prints the excitatory and inhibitory firing rates and the number of synapses.
"""
import argparse

import pyNN.axon as sim
from pyNN.random import NumpyRNG, RandomDistribution


def build_and_run(duration=1000.0, n=4000, seed=98765, threads=1):
    sim.setup(timestep=0.1, min_delay=0.2, max_delay=1.0, threads=threads, rng_seed=seed)
    cell = sim.IF_curr_exp(
        tau_m=20.0, cm=0.2,            # 20000 um2 of 1 uF/cm2 membrane, 200 MOhm
        v_rest=-49.0, v_thresh=-50.0, v_reset=-60.0, tau_refrac=5.0,
        tau_syn_E=5.0, tau_syn_I=10.0)
    n_exc = n * 4 // 5
    exc = sim.Population(n_exc, cell, label="excitatory")
    inh = sim.Population(n - n_exc, cell, label="inhibitory")
    rng = NumpyRNG(seed=seed)
    for pop in (exc, inh):
        pop.initialize(v=RandomDistribution("uniform", low=-60.0, high=-50.0, rng=rng))
    # conductances of 0.27 nS and 4.5 nS at a mean membrane potential of -60 mV
    w_exc = 0.27e-3 * (0.0 - -60.0)     # nA
    w_inh = 4.5e-3 * (-80.0 - -60.0)    # nA (negative: inhibitory current)
    connector = sim.FixedProbabilityConnector(0.02, allow_self_connections=False, rng=rng)
    projections = [
        sim.Projection(source, target, connector, sim.StaticSynapse(weight=w, delay=0.2), receptor_type=kind)
        for source, w, kind in ((exc, w_exc, "excitatory"), (inh, w_inh, "inhibitory"))
        for target in (exc, inh)
    ]
    exc.record("spikes")
    inh.record("spikes")
    exc[:5].record("v")
    sim.run(duration)
    rates = {pop.label: pop.mean_spike_count() * 1000.0 / duration for pop in (exc, inh)}
    synapses = sum(len(p) for p in projections)
    data = exc.get_data()
    sim.end()
    return rates, synapses, data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1000.0, help="ms")
    parser.add_argument("--n", type=int, default=4000, help="neurons")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    rates, synapses, _ = build_and_run(args.duration, args.n, threads=args.threads)
    print("synapses: %d" % synapses)
    for label, rate in rates.items():
        print("%s rate: %.2f Hz" % (label, rate))


if __name__ == "__main__":
    main()
