"""Build time of a distance connector on square lattices of 10^4 .. 10^6
neurons (radius 3, disk), per synapse: p = 1 (29 synapses per neuron in the
interior), and on the torus (periodic axes, so that every neuron has its 28
neighbours) a fixed in-degree of 22 drawn uniformly among them (no self
connections; weighted sampling without replacement).

    AXON_BUILD=build PYTHONPATH=build/python /usr/bin/python3 bench/python/distance_build.py [threads]
"""
import sys

import axon

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
for what in ("p = 1", "in_degree = 22"):
    for side in (100, 316, 1000):
        conn = (axon.DistanceConnector(3.0) if what == "p = 1" else
                axon.DistanceConnector(3.0, in_degree=22, allow_self=False, periodic=[side, side]))
        net = axon.Network(seed=1, threads=threads)
        pop = net.add_population("L", "IF_curr_exp", side * side, structure=axon.Grid((side, side)))
        net.connect(pop, pop, conn, receptor="excitatory", weight=0.1, delay=1.0)
        net.build()
        s = net.stats
        print(f"{what:>14}  {side * side:>8} neurons  {s['synapses']:>9} synapses  build {s['build_s']:.3f} s  "
              f"{1e9 * s['build_s'] / s['synapses']:.1f} ns/synapse  ({threads} thread(s))", flush=True)
        net.close()
