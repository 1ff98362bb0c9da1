#!/usr/bin/python3
"""Writes bench/models/izhikevich2003.toml: the benchmark network of
Izhikevich (2003), "Simple model of spiking neurons", IEEE TNN 14:1569
(the MATLAB program net.m), as brian2_izhikevich.py (the Brian2 peer bench/run runs)
defines it (its docstring is the contract), with axon's Izhikevich2003
model, which integrates exactly as net.m does.

Each excitatory neuron i has c = -65 + 15 r_i^2 and d = 8 - 6 r_i^2 from the
same r_i ~ U(0, 1); each inhibitory one a = 0.02 + 0.08 r_i and
b = 0.25 - 0.05 r_i.  Parameters drawn together like this cannot be written
as independent distributions, so the file lists them, one value per neuron
(numpy default_rng, seed 2003; re for the excitatory neurons, then ri),
with all the digits Python prints, together with u = b v of the inhibitory
neurons.

    /usr/bin/python3 bench/models/tools/make_izhikevich2003.py
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2003)
Ne, Ni = 800, 200
re, ri = rng.random(Ne), rng.random(Ni)
c_e, d_e = -65 + 15 * re ** 2, 8 - 6 * re ** 2
a_i, b_i = 0.02 + 0.08 * ri, 0.25 - 0.05 * ri
v0 = -65.0


def arr(x):
    items = [repr(float(v)) for v in x]
    lines = [', '.join(items[k:k + 5]) for k in range(0, len(items), 5)]
    return '[\n  ' + ',\n  '.join(lines) + ',\n]'


HEADER = '''# Benchmark: the 1000-neuron network of Izhikevich (2003), "Simple model of
# spiking neurons", IEEE Trans Neural Netw 14:1569-1572 -- the program net.m
# -- as defined by the docstring of the Brian2 peer script
# brian2_izhikevich.py (the Brian2 peer bench/run runs) (N = 1000).
#
# 800 excitatory (regular spiking) and 200 inhibitory (fast spiking) neurons
# of the model Izhikevich2003, which integrates as net.m does: dt = 1 ms,
# v in two 0.5 ms forward-Euler halves with the same I, u in one 1 ms step
# with the new v, then v >= 30 -> v = c, u += d.
#   exc: a = 0.02, b = 0.2, c = -65 + 15 re^2, d = 8 - 6 re^2
#   inh: a = 0.02 + 0.08 ri, b = 0.25 - 0.05 ri, c = -65, d = 2
#   re, ri ~ U(0, 1), one per neuron, listed below
#   initial v = -65, u = b v
#   all to all, self included, weights U(0, 0.5) from exc, -U(0, 1) from
#   inh; a weight w adds w to the I of one step (net.m's S entries)
#   thalamic noise: I = 5 randn (exc), 2 randn (inh), a new draw every ms;
#   in PyNN's units (1 nA = 1000 in the equation) 0.005 and 0.002 nA
#
# The delay of 1 ms = dt is net.m's order: a neuron that crosses 30 mV in
# one step is reset, and its weights added to I, in the next.  Spike times
# are labelled like Brian2's (the end of the crossing step; net.m's are
# 1 ms later).
#
# Differences from the Brian2 script:
#  - the random numbers: re, ri come from numpy's default_rng(2003) (by
#    bench/models/tools/make_izhikevich2003.py, which writes this file),
#    the weights and the noise from axon's streams of `seed`; Brian2 draws
#    all of them from its own generator (--seed).  Only statistics (rates,
#    ISI CV, rhythms) can be compared, not spikes.
#  - weights are stored in single precision (as axon stores all weights).
#  - the four blocks of S are four projections, and excitatory and
#    inhibitory input are summed separately before entering I; Brian2 sums
#    into one I_syn and adds I_noise last: the same terms, rounded in
#    another order.
#  - no --N: this file is the N = 1000 network (weight scale 1000/N = 1).
#
# Over 10 s (statistics from 100 ms on, as the peer's --stats) this file
# gave 7.5 Hz (exc) and 6.4-6.7 Hz (inh) for seeds 1-5 and 2003, ISI CV
# 0.43 and 0.58-0.60; Brian2 (its seeds 1, 2, 1234) 7.0-7.4 and 6.7-6.9 Hz,
# CV 0.43 and 0.55: within the spread between draws of re, ri (numpy seeds
# 1-3 here: 7.2 and 6.6-6.7 Hz).
#
#   axon run bench/models/izhikevich2003.toml --set simulation.duration=10000

'''


def network(extra_records=''):
    """The model file after its header comment; extra_records is appended."""
    return f'''name = "izhikevich2003"

[simulation]
dt = 1.0
duration = 1000.0
seed = 2003

[populations.exc]
model = "Izhikevich2003"
size = {Ne}
init = {{ v = {v0}, u = {0.2 * v0} }}   # u = b v

[populations.exc.params]
a = 0.02
b = 0.2
c = {arr(c_e)}
d = {arr(d_e)}

[populations.inh]
model = "Izhikevich2003"
size = {Ni}

[populations.inh.params]
a = {arr(a_i)}
b = {arr(b_i)}
c = -65.0
d = 2.0

[populations.inh.init]
v = {v0}
u = {arr(b_i * v0)}

[[projections]]
from = "exc"
to = "exc"
connector = {{ all_to_all = true }}
receptor = "excitatory"
weight = {{ uniform = [0.0, 0.5] }}   # mV: added to I for one 1 ms step
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
std = 0.002      # nA: 2 in the model's units
interval = 1.0

[[record]]
population = "exc"
variables = ["spikes"]

[[record]]
population = "inh"
variables = ["spikes"]
''' + extra_records


if __name__ == '__main__':
    with open(os.path.join(HERE, '..', 'izhikevich2003.toml'), 'w') as f:
        f.write(HEADER + network())
