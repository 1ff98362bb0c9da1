#!/usr/bin/python3
"""Writes examples/izhikevich2003.toml: the 1000-neuron network of
Izhikevich (2003), "Simple model of spiking neurons", IEEE TNN 14:1569
(the MATLAB program net.m).

The network is the benchmark's (bench/models/tools/make_izhikevich2003.py
builds it, with the per-neuron parameters listed from numpy's
default_rng(2003)); the example adds a recording of two membrane potentials
and a header for readers.

    /usr/bin/python3 examples/tools/make_izhikevich2003.py
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'bench', 'models', 'tools'))
from make_izhikevich2003 import network  # noqa: E402

HEADER = '''# The 1000-neuron network of Izhikevich (2003), "Simple model of spiking
# neurons", IEEE Trans Neural Netw 14:1569-1572 (the program net.m).
#
# 800 regular-spiking excitatory and 200 fast-spiking inhibitory neurons,
# connected all to all (self included) with weights drawn uniformly from
# [0, 0.5] (excitatory) and [-1, 0] (inhibitory), driven by random thalamic
# input: a Gaussian current of standard deviation 5 (excitatory) and 2
# (inhibitory) in the model's units, redrawn every millisecond.  The network
# shows alpha and gamma rhythms, as in the paper's figure 3.
#
# The model Izhikevich2003 integrates exactly as net.m does (dt = 1 ms, v in
# two half steps, a weight w adds w to the input current for one step); the
# model Izhikevich is the same neuron with RK4 and voltage jumps, for
# smaller dt.  The per-neuron parameters c, d (excitatory) and a, b
# (inhibitory) come from one random number per neuron, so they are listed
# (seed 2003) by examples/tools/make_izhikevich2003.py, which writes this
# file.  In PyNN's units a current of 1 nA is 1000 in the model's equation,
# so the thalamic noise is 0.005 and 0.002 nA.
#
#   axon run examples/izhikevich2003.toml && axon plot axon-out/izhikevich2003

'''

V_RECORD = '''
[[record]]
population = "exc"
variables = ["v"]
neurons = [0, 1]
'''

if __name__ == '__main__':
    with open(os.path.join(HERE, '..', 'izhikevich2003.toml'), 'w') as f:
        f.write(HEADER + network(V_RECORD))
