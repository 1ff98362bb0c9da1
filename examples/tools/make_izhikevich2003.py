#!/usr/bin/python3
"""Writes examples/izhikevich2003.toml: the 1000-neuron network of
Izhikevich (2003), "Simple model of spiking neurons", IEEE TNN 14:1569
(the MATLAB program net.m).

Each excitatory neuron i has c = -65 + 15 r_i^2 and d = 8 - 6 r_i^2 from the
same r_i ~ U(0, 1); each inhibitory one a = 0.02 + 0.08 r_i, b = 0.25 - 0.05 r_i.
Parameters drawn together like this cannot be written as independent
distributions, so the file lists them, one value per neuron (seed 2003).

    /usr/bin/python3 examples/tools/make_izhikevich2003.py
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2003)
Ne, Ni = 800, 200
re, ri = rng.random(Ne), rng.random(Ni)
c_e, d_e = -65 + 15 * re ** 2, 8 - 6 * re ** 2
a_i, b_i = 0.02 + 0.08 * ri, 0.25 - 0.05 * ri


def arr(x):
    items = ['%.6g' % v for v in x]
    lines = [', '.join(items[k:k + 10]) for k in range(0, len(items), 10)]
    return '[\n  ' + ',\n  '.join(lines) + ',\n]'


text = f'''# The 1000-neuron network of Izhikevich (2003), "Simple model of spiking
# neurons", IEEE Trans Neural Netw 14:1569-1572 (the program net.m).
#
# 800 regular-spiking excitatory and 200 fast-spiking inhibitory Izhikevich
# neurons, connected all to all (self included) with weights drawn uniformly
# from [0, 0.5] mV (excitatory) and [-1, 0] mV (inhibitory), driven by random
# thalamic input: a Gaussian current of standard deviation 5 (excitatory) and
# 2 (inhibitory) in the model's units, redrawn every millisecond.  The network
# shows alpha and gamma rhythms, as in the paper's figure 3.
#
# The per-neuron parameters c, d (excitatory) and a, b (inhibitory) come from
# one random number per neuron, so they are listed (seed 2003) by
# examples/tools/make_izhikevich2003.py, which writes this file.
# In PyNN's units a current of 1 nA is 1000 in the model's equation, so the
# thalamic noise is 0.005 and 0.002 nA.  net.m uses 1 ms steps with the
# synaptic input acting within the step; here dt = 0.1 ms and delays are 1 ms.
#
#   axon run examples/izhikevich2003.toml && axon plot axon-out/izhikevich2003

name = "izhikevich2003"

[simulation]
dt = 0.1
duration = 1000.0
seed = 2003

[populations.exc]
model = "Izhikevich"
size = {Ne}
init = {{ v = -65.0, u = -13.0 }}   # u = b v

[populations.exc.params]
a = 0.02
b = 0.2
c = {arr(c_e)}
d = {arr(d_e)}

[populations.inh]
model = "Izhikevich"
size = {Ni}

[populations.inh.params]
a = {arr(a_i)}
b = {arr(b_i)}
c = -65.0
d = 2.0

[populations.inh.init]
v = -65.0
u = {arr(-65.0 * b_i)}

[[projections]]
from = "exc"
to = "exc"
connector = {{ all_to_all = true }}
receptor = "excitatory"
weight = {{ uniform = [0.0, 0.5] }}   # mV
delay = 1.0

[[projections]]
from = "exc"
to = "inh"
connector = {{ all_to_all = true }}
receptor = "excitatory"
weight = {{ uniform = [0.0, 0.5] }}
delay = 1.0

[[projections]]
from = "inh"
to = "exc"
connector = {{ all_to_all = true }}
receptor = "inhibitory"
weight = {{ uniform = [-1.0, 0.0] }}
delay = 1.0

[[projections]]
from = "inh"
to = "inh"
connector = {{ all_to_all = true }}
receptor = "inhibitory"
weight = {{ uniform = [-1.0, 0.0] }}
delay = 1.0

[[inputs]]
kind = "noise"
target = "exc"
mean = 0.0
std = 0.005      # nA: 5 in the model's units
interval = 1.0   # ms

[[inputs]]
kind = "noise"
target = "inh"
mean = 0.0
std = 0.002
interval = 1.0

[[record]]
population = "exc"
variables = ["spikes"]

[[record]]
population = "exc"
variables = ["v"]
neurons = [0, 1]

[[record]]
population = "inh"
variables = ["spikes"]
'''
with open(os.path.join(HERE, '..', 'izhikevich2003.toml'), 'w') as f:
    f.write(text)
