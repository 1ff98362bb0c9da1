#!/usr/bin/python3
"""AdEx network: the COBA network (Brette et al. 2007, benchmark 1) with
adaptive exponential integrate-and-fire neurons, in Brian2.

The network of brian2_coba.py (the Brian2 peer bench/run runs for COBA),
with AdEx cells (Brette & Gerstner 2005), as axon's bench/models/adex.toml:

  N = 4000 neurons: first 3200 excitatory, last 800 inhibitory
  C dv/dt = gL (EL - vc) + gL DeltaT exp((vc - VT) / DeltaT) - w
            + ge (Ee - vc) + gi (Ei - vc)              (v frozen while refractory)
  tau_w dw/dt = a (vc - EL) - w
  dge/dt = -ge / taue, dgi/dt = -gi / taui
  vc = min(v, Vcut): v clamped at Vcut inside the right-hand sides, as NEST's
    aeif models and axon's EIF_cond_exp_isfa_ista
  C = 200 pF, gL = 10 nS (tau_m = 20 ms), EL = -60 mV, VT = -50 mV,
    DeltaT = 2 mV, Vcut = -40 mV
  spike: v >= Vcut, reset v = Vr = -60 mV, w += b, refractory 5 ms
  E: a = 1 nS, b = 0.01 nA, tau_w = 150 ms; I: a = 0, b = 0
  taue = 5 ms, taui = 10 ms, Ee = 0 mV, Ei = -80 mV
  synaptic jumps: excitatory spike ge += 6 nS, inhibitory spike gi += 67 nS
  connectivity: each ordered pair (i, j) independently with p = 0.02
    (Bernoulli, autapses allowed), exc. sources i < 3200
  drive: PoissonInput of 100 sources at 1 Hz per neuron, ge += 6 nS each
    (without it the activity dies out after the initial kick for some seeds)
  initial state: v = EL + (randn()*5 - 5) mV, i.e. N(-65 mV, 5 mV),
    ge = (randn()*1.5 + 4)*10 nS, gi = (randn()*12 + 20)*10 nS, w = 0
  integration: method='rk4' (axon: RK4 on v and w, the conductances exact),
    dt = 0.1 ms

Order within a step: the schedule of brian2_brunel.py, ['start', 'groups',
'synapses', 'thresholds', 'resets', 'end'], so that a spike (pushed one
step after its detection) moves the conductances at the end of the next
step, as axon's delay dt does; the delay here is therefore 0.  The drive
adds to ge at the end of the step, as axon's.

Refractoriness: Brian2's 5 ms counts the spike step itself, axon's
tau_refrac = 4.9 ms the steps after it: the same 49 steps with v frozen.

Scaling: --N keeps the expected in-degree (p = 0.02*4000/N), weights fixed.

  /usr/bin/python3 bench/peers/brian2_adex.py --device cpp_standalone --duration 1
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
                        ms, mV, nS, pF, nA, volt, Hz)
    dt = 0.1 * ms
    defaultclock.dt = dt
    N = args.N
    Ne = int(round(0.8 * N))
    p = 0.02 * 4000.0 / N
    ns = dict(C=200 * pF, gL=10 * nS, EL=-60 * mV, VT=-50 * mV, DeltaT=2 * mV, Vcut=-40 * mV,
              Vr=-60 * mV, tau_w=150 * ms, taue=5 * ms, taui=10 * ms, Ee=0 * mV, Ei=-80 * mV,
              we=6 * nS, wi=67 * nS, vlow=-1 * volt)
    eqs = '''
    dv/dt = (gL*(EL - vc) + gL*DeltaT*exp((vc - VT)/DeltaT) - w
             + ge*(Ee - vc) + gi*(Ei - vc))/C : volt (unless refractory)
    dw/dt = (a*(vc - EL) - w)/tau_w : amp
    dge/dt = -ge/taue : siemens
    dgi/dt = -gi/taui : siemens
    vc = clip(v, vlow, Vcut) : volt
    a : siemens (constant)
    b : amp (constant)
    '''
    P = NeuronGroup(N, eqs, threshold='v >= Vcut', reset='v = Vr; w += b',
                    refractory=5 * ms, method='rk4', namespace=ns)
    P.a = 0 * nS
    P.b = 0 * nA
    P.a[:Ne] = 1 * nS
    P.b[:Ne] = 0.01 * nA
    P.v = 'EL + (randn()*5 - 5)*mV'
    P.ge = '(randn()*1.5 + 4)*10*nS'
    P.gi = '(randn()*12 + 20)*10*nS'
    P.w = 0 * nA
    Ce = Synapses(P, P, on_pre='ge += we', namespace=ns)
    Ci = Synapses(P, P, on_pre='gi += wi', namespace=ns)
    Ce.connect('i < Ne', p=p, namespace=dict(Ne=Ne))
    Ci.connect('i >= Ne', p=p, namespace=dict(Ne=Ne))
    drive = PoissonInput(P, 'ge', N=100, rate=1 * Hz, weight=6 * nS)
    s_mon = SpikeMonitor(P)
    net = Network(P, Ce, Ci, drive, s_mon)
    net.schedule = ['start', 'groups', 'synapses', 'thresholds', 'resets', 'end']
    return dict(net=net, spikemon=s_mon, N=N, synapse_objs=[Ce, Ci], dt=dt,
                extra={'p_connect': p})


PARAMS = {
    'source': 'brian2_coba.py network with AdEx cells (axon bench/models/adex.toml)',
    'N_default': 4000, 'exc_fraction': 0.8, 'p_connect_at_4000': 0.02,
    'C_pF': 200, 'gL_nS': 10, 'EL_mV': -60, 'VT_mV': -50, 'DeltaT_mV': 2, 'Vcut_mV': -40,
    'Vr_mV': -60, 'refractory_ms': 5, 'a_nS': {'E': 1, 'I': 0}, 'b_nA': {'E': 0.01, 'I': 0},
    'tau_w_ms': 150, 'taue_ms': 5, 'taui_ms': 10, 'Ee_mV': 0, 'Ei_mV': -80, 'we_nS': 6, 'wi_nS': 67,
    'drive': '100 x 1 Hz Poisson, ge += 6 nS', 'dt_ms': 0.1, 'method': 'rk4', 'delay_ms': 0,
    'schedule': 'start, groups, synapses, thresholds, resets, end',
    'init': 'v=EL+(randn*5-5)mV, ge=(randn*1.5+4)*10nS, gi=(randn*12+20)*10nS, w=0',
}

if __name__ == '__main__':
    parser = common.base_parser(__doc__.splitlines()[0], default_N=4000)
    args = parser.parse_args()
    if args.N % 5:
        parser.error('N must be a multiple of 5')
    b2, info = common.setup_device(args)
    common.run_brian2_model('AdEx_COBA', args, build, info, b2, PARAMS)
