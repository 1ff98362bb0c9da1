#!/usr/bin/python3
"""A network of Izhikevich (2003) neurons with voltage-jump synapses and
Poisson drive, in Brian2 (RK4, dt = 0.1 ms), as axon's
bench/models/izhikevich.toml.

Not the paper's net.m (that is brian2_izhikevich.py): the same cells, but
a sparse random network driven by Poisson input instead of the thalamic
noise current.

  N = 4000 neurons: first 3200 excitatory, last 800 inhibitory
  dv/dt = 0.04 v^2 + 5 v + 140 - u, du/dt = a (b v - u)   (v in mV, t in ms)
  spike: v >= 30 mV, reset v = c, u += d (no refractory period)
  E: a = 0.02/ms, b = 0.2/ms, c ~ U(-65, -50) mV, d ~ U(2, 8) mV/ms per neuron
  I: a ~ U(0.02, 0.1)/ms, b ~ U(0.2, 0.25)/ms per neuron, c = -65 mV, d = 2 mV/ms
  connectivity: each ordered pair (i, j) independently with p = 0.02
    (Bernoulli, autapses allowed), exc. sources i < 3200
  synapses: v += 1 mV per excitatory spike, v -= 5 mV per inhibitory spike,
    delay D = 1 ms
  drive: PoissonInput of 1000 sources at 1.2 Hz per neuron, v += 2 mV each
  initial state: v ~ U(-70, -50) mV, u = -13 mV/ms
  integration: method='rk4', dt = 0.1 ms

Order within a step, as axon's (integrate, add the step's input, test the
threshold): the schedule of brian2_brunel.py, ['start', 'groups',
'synapses', 'thresholds', 'resets', 'end'], and a synaptic delay of
D - dt (the spike is pushed one step after its detection), so that a spike
of step n acts in step n + 10.

Scaling: --N keeps the expected in-degree (p = 0.02*4000/N), weights fixed.

  /usr/bin/python3 bench/peers/brian2_izhikevich_net.py --device cpp_standalone --duration 1
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared harness (common.py, rusage_wrap.py, cpuload.py) of the other peers
PEERS = os.environ.get('AXON_PEERS') or os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'bench', 'peers'))
sys.path.insert(0, PEERS)
import common  # noqa: E402


def build(b2, args):
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, PoissonInput, defaultclock,
                        ms, mV, Hz)
    dt = 0.1 * ms
    defaultclock.dt = dt
    N = args.N
    Ne = int(round(0.8 * N))
    p = 0.02 * 4000.0 / N
    D = 1 * ms
    ns = dict(we=1 * mV, wi=-5 * mV)
    eqs = '''
    dv/dt = (0.04*v**2/mV + 5*v + 140*mV)/ms - u : volt
    du/dt = a*(b*v - u) : volt/second
    a : 1/second (constant)
    b : 1/second (constant)
    c : volt (constant)
    d : volt/second (constant)
    '''
    P = NeuronGroup(N, eqs, threshold='v >= 30*mV', reset='v = c; u += d', method='rk4')
    Pe, Pi = P[:Ne], P[Ne:]
    Pe.a = 0.02 / ms
    Pe.b = 0.2 / ms
    Pe.c = '(-65 + 15*rand())*mV'
    Pe.d = '(2 + 6*rand())*mV/ms'
    Pi.a = '(0.02 + 0.08*rand())/ms'
    Pi.b = '(0.2 + 0.05*rand())/ms'
    Pi.c = -65 * mV
    Pi.d = 2 * mV / ms
    P.v = '(-70 + 20*rand())*mV'
    P.u = -13 * mV / ms
    Ce = Synapses(Pe, P, on_pre='v_post += we', delay=D - dt, namespace=ns)
    Ci = Synapses(Pi, P, on_pre='v_post += wi', delay=D - dt, namespace=ns)
    Ce.connect(p=p)
    Ci.connect(p=p)
    drive = PoissonInput(P, 'v', N=1000, rate=1.2 * Hz, weight=2 * mV)
    s_mon = SpikeMonitor(P)
    net = Network(P, Ce, Ci, drive, s_mon)
    net.schedule = ['start', 'groups', 'synapses', 'thresholds', 'resets', 'end']
    return dict(net=net, spikemon=s_mon, N=N, synapse_objs=[Ce, Ci], dt=dt,
                extra={'p_connect': p})


PARAMS = {
    'source': 'Izhikevich (2003) cells in a sparse network with Poisson drive (axon bench/models/izhikevich.toml)',
    'N_default': 4000, 'exc_fraction': 0.8, 'p_connect_at_4000': 0.02,
    'E': 'a=0.02/ms b=0.2/ms c~U(-65,-50)mV d~U(2,8)mV/ms',
    'I': 'a~U(0.02,0.1)/ms b~U(0.2,0.25)/ms c=-65mV d=2mV/ms',
    'we_mV': 1, 'wi_mV': -5, 'delay_ms': 1, 'drive': '1000 x 1.2 Hz, 2 mV',
    'init': 'v~U(-70,-50)mV, u=-13mV/ms', 'dt_ms': 0.1, 'method': 'rk4',
    'schedule': 'start, groups, synapses, thresholds, resets, end',
}

if __name__ == '__main__':
    parser = common.base_parser(__doc__.splitlines()[0], default_N=4000)
    args = parser.parse_args()
    if args.N % 5:
        parser.error('N must be a multiple of 5')
    b2, info = common.setup_device(args)
    common.run_brian2_model('Izhikevich_net', args, build, info, b2, PARAMS)
