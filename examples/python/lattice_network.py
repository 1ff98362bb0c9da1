#!/usr/bin/python3
"""A network of lattices from Python, as the main seed's LatticeNetwork
(docs/lattices.md): a 3 x 3 Poisson spike-train lattice drives an
excitatory 6 x 6 lattice of the seed's Izhikevich cell through averaged
electrical coupling; the excitatory lattice drives an inhibitory 3 x 3
lattice chemically (AMPA) and the inhibitory one answers (GABA).  The run
has three phases, switched between runs as the seed toggles its lattices'
flags:

  1. the trains drive E electrically; E's and I's chemical switches are off,
  2. chemical coupling on: E excites I, and I's GABA slows E,
  3. E's electrical switch off: the trains no longer reach it.

It prints each lattice's rate in each phase and writes the recordings.

    PYTHONPATH=build/python examples/python/lattice_network.py [--out DIR] [--phase MS]
"""
import argparse
import os

import numpy as np

import axon


def build(seed=1, threads=1):
    net = axon.Network(dt=0.1, seed=seed, threads=threads)
    trains = net.add_population("trains", "SpikeSourcePoisson", 9, params={"rate": 100.0},
                                structure=axon.Grid((3, 3), spacing=2.0))
    exc = net.add_population("exc", "IzhikevichScaled", 36, structure=axon.Grid((6, 6)),
                             state={"v": axon.Uniform(-65.0, -55.0)})
    inh = net.add_population("inh", "IzhikevichScaled", 9, structure=axon.Grid((3, 3), spacing=2.0))
    # trains onto the lattice: each train onto the cells within 1.5 of it (the seed's kernel)
    net.connect_averaged_gap(trains, exc, axon.DistanceConnector(1.5), 0.01)
    # inside the excitatory lattice: the seed's radius-2 coupling, electrical and chemical
    local = axon.DistanceConnector(2.0, p=0.8, allow_self=False)
    net.connect_averaged_gap(exc, exc, local, 0.007)
    net.connect_averaged_chemical(exc, exc, local, 1.0, "AMPA")
    # between the lattices, chemical only
    net.connect_averaged_chemical(exc, inh, axon.FixedProbability(0.5), 2.0, "AMPA", g=0.004)
    net.connect_averaged_chemical(inh, exc, axon.FixedProbability(0.5), 2.0, "GABA", g=0.004)
    for pop in (exc, inh):
        pop.switches = {"chemical": False}
    recs = {p.name: p.record("spikes") for p in (exc, inh)}
    recs["exc_v"] = exc.record_signal("mean_v", interval=1.0)
    return net, exc, inh, recs


def rates(recs, pops, t0, t1):
    out = {}
    for pop in pops:
        t, _ = recs[pop.name].spikes
        t = np.asarray(t)
        out[pop.name] = np.sum((t > t0) & (t <= t1)) / pop.size / ((t1 - t0) / 1000.0)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="axon-out/lattice_network")
    ap.add_argument("--phase", type=float, default=500.0, help="ms per phase")
    args = ap.parse_args()
    net, exc, inh, recs = build()
    t = 0.0
    for phase in ("trains only", "chemical on", "exc electrical off"):
        if phase == "chemical on":
            exc.switches = {"chemical": True}
            inh.switches = {"chemical": True}
        elif phase == "exc electrical off":
            exc.switches = {"electrical": False}
        net.run(args.phase)
        r = rates(recs, (exc, inh), t, t + args.phase)
        print("%-20s exc %6.2f Hz, inh %6.2f Hz" % (phase + ":", r["exc"], r["inh"]))
        t += args.phase
    os.makedirs(args.out, exist_ok=True)
    for name, rec in recs.items():
        rec.write_csv(os.path.join(args.out, name + ".csv"))
    print("wrote", args.out)


if __name__ == "__main__":
    main()
