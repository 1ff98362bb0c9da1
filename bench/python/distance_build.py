"""Build time of a distance connector on square lattices of 10^4 .. 10^6
neurons (radius 3, disk, p = 1: 29 synapses per neuron), per synapse.

    AXON_BUILD=build PYTHONPATH=build/python /usr/bin/python3 bench/python/distance_build.py [threads]
"""
import sys

import axon

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
for side in (100, 316, 1000):
    net = axon.Network(seed=1, threads=threads)
    pop = net.add_population("L", "IF_curr_exp", side * side, structure=axon.Grid((side, side)))
    net.connect(pop, pop, axon.DistanceConnector(3.0), receptor="excitatory", weight=0.1, delay=1.0)
    net.build()
    s = net.stats
    print(f"{side * side:>8} neurons  {s['synapses']:>9} synapses  build {s['build_s']:.3f} s  "
          f"{1e9 * s['build_s'] / s['synapses']:.1f} ns/synapse  ({threads} thread(s))")
    net.close()
