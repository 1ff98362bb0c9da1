#!/usr/bin/python3
"""The Vogels-Abbott benchmark (Brette et al. 2007, benchmarks 1 COBA and 2
CUBA) written with PyNN 0.10, run on any PyNN backend and timed: bench/run
runs it through pyNN.axon and pyNN.brian2 side by side.

    PYTHONPATH=build/python bench/python/pynn_va.py --simulator axon|brian2
        [--benchmark COBA|CUBA] [--duration MS] [--seed S]

The network (after Vogels & Abbott 2005 and Brette et al. 2007): 4000
integrate-and-fire cells, 3200 excitatory and 800 inhibitory, every ordered
pair connected with p = 0.02; membrane of 20000 um2 (cm = 0.2 nF), tau_m =
20 ms, threshold -50 mV, reset -60 mV, refractory 5 ms, synaptic time
constants 5 ms (E) and 10 ms (I); COBA: IF_cond_exp, rest -60 mV, reversal
0 and -80 mV, weights 4 nS and 51 nS; CUBA: IF_curr_exp, rest -49 mV,
currents of 0.27 nS and 4.5 nS at the mean potential -60 mV (0.0162 nA and
-0.09 nA); delays 0.2 ms, dt 0.1 ms; initial v uniform in [-60, -50] mV.  A
kick starts the activity: 20 Poisson sources at 50 Hz during the first 50
ms, each connected to each cell with p = 0.1 (weight 0.1 uS COBA, 0.1 nA CUBA).

Prints one JSON line: import_s (import pyNN.<simulator>), setup_s,
build_s (populations and projections), run_s (sim.run, which for pyNN.axon
includes building the network in the library, and for pyNN.brian2 its code
generation), total_s (the whole process), and spikes, rate_exc_hz, rate_inh_hz.
"""
import argparse
import importlib
import json
import sys
import time

T0 = time.time()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--simulator", required=True, help="a PyNN backend: axon, brian2, ...")
    ap.add_argument("--benchmark", default="COBA", choices=["COBA", "CUBA"])
    ap.add_argument("--duration", type=float, default=1000.0, help="ms (default 1000)")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    import os
    import pyNN
    # pyNN.axon from this build tree (before one installed by make install-python)
    built = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "build", "python", "pyNN")
    if os.path.isdir(os.path.join(built, "axon")) and built not in pyNN.__path__:
        pyNN.__path__.insert(0, built)
    sim = importlib.import_module("pyNN." + args.simulator)
    from pyNN.random import NumpyRNG, RandomDistribution
    t_import = time.time()

    dt, delay = 0.1, 0.2
    sim.setup(timestep=dt, min_delay=delay, max_delay=delay)
    t_setup = time.time()

    rng = NumpyRNG(seed=args.seed)
    cell = dict(cm=0.2, tau_m=20.0, tau_refrac=5.0, v_thresh=-50.0, v_reset=-60.0,
                tau_syn_E=5.0, tau_syn_I=10.0, i_offset=0.0)
    if args.benchmark == "COBA":
        celltype = sim.IF_cond_exp(v_rest=-60.0, e_rev_E=0.0, e_rev_I=-80.0, **cell)
        w_exc, w_inh, w_kick = 4e-3, 51e-3, 0.1          # uS
    else:
        celltype = sim.IF_curr_exp(v_rest=-49.0, **cell)
        w_exc, w_inh, w_kick = 0.27e-3 * 60.0, -4.5e-3 * 20.0, 0.1   # nA: g (E_rev - v_mean)
    exc = sim.Population(3200, celltype, label="exc")
    inh = sim.Population(800, celltype, label="inh")
    cells = exc + inh
    cells.initialize(v=RandomDistribution("uniform", (-60.0, -50.0), rng=rng))
    kick = sim.Population(20, sim.SpikeSourcePoisson(rate=50.0, duration=50.0), label="kick")

    conn = sim.FixedProbabilityConnector(0.02, rng=rng)
    sim.Projection(exc, cells, conn, sim.StaticSynapse(weight=w_exc, delay=delay), receptor_type="excitatory")
    sim.Projection(inh, cells, conn, sim.StaticSynapse(weight=w_inh, delay=delay), receptor_type="inhibitory")
    sim.Projection(kick, cells, sim.FixedProbabilityConnector(0.1, rng=rng),
                   sim.StaticSynapse(weight=w_kick, delay=delay), receptor_type="excitatory")
    exc.record("spikes")
    inh.record("spikes")
    t_build = time.time()

    sim.run(args.duration)
    t_run = time.time()

    counts = []
    for pop in (exc, inh):
        trains = pop.get_data("spikes").segments[0].spiketrains
        counts.append(sum(len(st) for st in trains))
    sim.end()
    sec = args.duration / 1000.0
    print(json.dumps(dict(simulator=args.simulator, benchmark=args.benchmark, duration_ms=args.duration,
                          import_s=t_import - T0, setup_s=t_setup - t_import, build_s=t_build - t_setup,
                          run_s=t_run - t_build, total_s=time.time() - T0, spikes=sum(counts),
                          rate_exc_hz=counts[0] / 3200 / sec, rate_inh_hz=counts[1] / 800 / sec)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
