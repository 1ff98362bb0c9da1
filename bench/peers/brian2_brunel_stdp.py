#!/usr/bin/python3
"""Brunel (2000) delta network with additive all-to-all STDP on E->E, in Brian2.

The network is brian2_brunel.py (the Brian2 peer bench/run runs)'s (NEST's
brunel_delta_nest.py, Brunel 2000 model A; its docstring has every
parameter and the update order), except that the E->E synapses are plastic,
as in axon's bench/models/brunel_stdp.toml:

  E->E: fixed in-degree CE = 1000 (no multapses, autapses allowed), initial
    weight J = 0.1 mV, delay D = 1.5 ms, v += w while not refractory
  STDP: PyNN SpikePairRule, all-to-all pairing, additive dependence (NEST's
    stdp_synapse with w_min = 0):
      pre trace  apre  (tau_plus  = 20 ms), +1 per presynaptic spike
      post trace apost (tau_minus = 20 ms), +1 per postsynaptic spike
      at a presynaptic spike:  w <- clip(w - A_minus (w_max - w_min) apost)
      at a postsynaptic spike: w <- clip(w + A_plus  (w_max - w_min) apre)
    A_plus = 0.01, A_minus = 0.0105, w_min = 0, w_max = 0.2 mV (2 J);
    traces event-driven (exact exponential decay between events).
  Delay semantics: dendritic, as NEST's (and axon's) STDP synapses: a pair's
    lag is t_post + D - t_pre.  Brian2 has no dendritic delay; the same lags
    come from shifting the synapse's clock by D: the pre pathway (PSP,
    depression, apre) runs at the spike's arrival (delay D - dt, as in
    brian2_brunel.py: a spike of step n acts in step n + 15), the post
    pathway (potentiation, apost) with delay 2 D - dt (a post spike of step
    m is seen by the synapse in step m + 30).  A presynaptic spike thus
    depresses with the post spikes that reached the synapse before it and
    then delivers the depressed weight, as in NEST.

Same-step pairs: a post spike reaching the synapse in the same step as a
pre spike (lag exactly 0 at dt = 0.1 ms) pairs in neither direction, as
in NEST and axon.  Brian2 runs the pre pathway first, so the post
pathway's apre already holds that pre spike; on_post takes it out again
(apre - 1 when the presynaptic neuron's last spike reaches the synapse in
this step: a spike of step n acts in step n + 15, so lastspike_pre = t - D;
no later spike can have replaced it, since the refractory period 2.1 ms is
longer than D = 1.5 ms).  Without this, the pairs at lag 0
(~0.3 % of the pre spikes at 28 Hz) potentiate by A_plus each and lift the
mean weight by ~0.4 % and the E rate by ~6 % over 5 s (bench/NOTES.md).

Differences from axon (bench/models/brunel_stdp.toml) that remain:
  - order within a step with a lag-0 pair: Brian2 delivers the weight
    after the depression and before the potentiation of that step's post
    spikes, axon after both (NEST's order).
  - weights: double in Brian2, single precision in axon.
  - at the end of the run, Brian2 has not yet applied the post spikes of
    the last 2 D - dt = 2.9 ms nor the pre spikes of the last D - dt to the
    weights; axon's final weights include the depression of every pre spike
    delivered and the potentiation of every post spike that reached the
    synapse (t_post + D <= end).  A few ms of changes out of a run.
  - as in brian2_brunel.py: Binomial vs Poisson external drive, random
    streams (statistics only), spike times (Brian2: n dt, axon: (n + 1) dt).

Extra option: --save-weights F writes the final E->E weights' statistics
(mV: mean, sd, min, max, quantiles 1, 10, 50, 90, 99 %, fractions at the
bounds, histogram of 20 bins over [w_min, w_max]) as JSON to F.

  /usr/bin/python3 bench/peers/brian2_brunel_stdp.py --device cpp_standalone --duration 1
"""
import json
import os
import sys
import tempfile
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared harness (common.py, rusage_wrap.py, cpuload.py) of the other peers
PEERS = os.environ.get('AXON_PEERS') or os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'bench', 'peers'))
sys.path.insert(0, PEERS)
import common  # noqa: E402

W_MIN_MV, W_MAX_MV = 0.0, 0.2
_objects = {}


def build(b2, args):
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network,
                        PoissonInput, ms, mV, Hz, defaultclock)
    dt = 0.1 * ms
    defaultclock.dt = dt
    NE = int(round(10000 * args.scale))
    NI = int(round(2500 * args.scale))
    N = NE + NI
    CE, CI = 1000, 250
    if NE < CE or NI < CI:
        raise SystemExit('scale too small for fixed in-degree CE=1000, CI=250')
    tau_m, theta, t_ref = 20 * ms, 20 * mV, 2 * ms
    V_reset = 10 * mV
    J, g, eta, D = 0.1 * mV, 5.0, 2.0, 1.5 * ms
    nu_th = theta / (J * CE * tau_m)
    nu_ex = eta * nu_th
    ns = dict(tau_m=tau_m, theta=theta, V_reset=V_reset, J=J, g=g, CE=CE, CI=CI, D=D,
              tau_plus=20 * ms, tau_minus=20 * ms, A_plus=0.01, A_minus=0.0105,
              w_min=W_MIN_MV * mV, w_max=W_MAX_MV * mV)
    P = NeuronGroup(N, 'dv/dt = -v/tau_m : volt (unless refractory)',
                    threshold='v >= theta', reset='v = V_reset',
                    refractory=t_ref + dt, method='exact', namespace=ns)
    P.v = 0 * mV
    Pe, Pi = P[:NE], P[NE:]
    Cee = Synapses(Pe, Pe, model='''w : volt
                   dapre/dt = -apre/tau_plus : 1 (event-driven)
                   dapost/dt = -apost/tau_minus : 1 (event-driven)''',
                   on_pre='''w = clip(w - A_minus*(w_max - w_min)*apost, w_min, w_max)
                   apre += 1
                   v_post += w*int(not_refractory_post)''',
                   on_post='''w = clip(w + A_plus*(w_max - w_min)*(apre - int(abs(lastspike_pre - (t - D)) < 0.5*dt)), w_min, w_max)
                   apost += 1''',
                   delay={'pre': D - dt, 'post': 2 * D - dt}, namespace=ns)
    Cei = Synapses(Pe, Pi, on_pre='v += J*int(not_refractory_post)', delay=D - dt, namespace=ns)
    Ci = Synapses(Pi, P, on_pre='v += -g*J*int(not_refractory_post)', delay=D - dt, namespace=ns)
    Cee.connect(i='k for k in sample(N_pre, size=CE)', namespace=ns)
    Cee.w = J
    Cei.connect(i='k for k in sample(N_pre, size=CE)', namespace=ns)
    Ci.connect(i='k for k in sample(N_pre, size=CI)', namespace=ns)
    ext = PoissonInput(P, 'v', N=CE, rate=nu_ex, weight='J*int(not_refractory)')
    s_mon = SpikeMonitor(P)
    net = Network(P, Cee, Cei, Ci, ext, s_mon)
    net.schedule = ['start', 'groups', 'synapses', 'thresholds', 'resets', 'end']
    _objects['Cee'] = Cee
    return dict(net=net, spikemon=s_mon, N=N, synapse_objs=[Cee, Cei, Ci], dt=dt,
                extra={'NE': NE, 'NI': NI, 'scale': args.scale, 'plastic_synapses': 'E->E',
                       'nu_ex_hz': float(nu_ex / Hz)})


def params(args):
    return {
        'source': 'brian2_brunel.py (Brunel 2000 model A) + additive all-to-all STDP on E->E',
        'NE': int(round(10000 * args.scale)), 'NI': int(round(2500 * args.scale)),
        'CE': 1000, 'CI': 250, 'J_mV': 0.1, 'g': 5, 'eta': 2, 'delay_ms': 1.5,
        'stdp': {'timing': 'spike_pair', 'pairing': 'all_to_all', 'dependence': 'additive',
                 'tau_plus_ms': 20, 'tau_minus_ms': 20, 'A_plus': 0.01, 'A_minus': 0.0105,
                 'w_min_mV': W_MIN_MV, 'w_max_mV': W_MAX_MV, 'delay': 'dendritic (lag = t_post + D - t_pre)'},
    }


def weight_stats(w, lo, hi, bins=20):
    import numpy as np
    w = np.asarray(w, dtype=np.float64)
    eps = 1e-6 * (hi - lo)
    h = np.clip(np.floor((w - lo) / (hi - lo) * bins).astype(np.int64), 0, bins - 1)
    return {'synapses': int(len(w)), 'w_mean': float(w.mean()), 'w_sd': float(w.std()),
            'w_min': float(w.min()), 'w_max': float(w.max()),
            'frac_lo': float(np.mean(w <= lo + eps)), 'frac_hi': float(np.mean(w >= hi - eps)),
            'quantiles': [float(x) for x in np.percentile(w, [1, 10, 50, 90, 99])],
            'hist_range': [lo, hi], 'hist': [int(x) for x in np.bincount(h, minlength=bins)]}


if __name__ == '__main__':
    parser = common.base_parser(__doc__.splitlines()[0], default_N=12500)
    parser.add_argument('--scale', type=float, default=1.0,
                        help='multiplies NE=10000 and NI=2500 (in-degree fixed)')
    parser.add_argument('--save-weights', default=None,
                        help='write the final E->E weight statistics (mV) as JSON to this file')
    args = parser.parse_args()
    if args.N != 12500:
        args.scale = args.N / 12500.0
    own_dir = None
    if args.save_weights and args.device == 'cpp_standalone' and not args.build_dir:
        # the results must outlive run_brian2_model, which deletes its temporary folder
        own_dir = args.build_dir = tempfile.mkdtemp(prefix='brian2_standalone_')
    try:
        b2, info = common.setup_device(args)
        common.run_brian2_model('Brunel2000_delta_STDP', args, build, info, b2, params(args))
        if args.save_weights:
            from brian2 import mV
            st = weight_stats(_objects['Cee'].w[:] / mV, W_MIN_MV, W_MAX_MV)
            with open(args.save_weights, 'w') as f:
                json.dump(st, f)
    finally:
        if own_dir:
            shutil.rmtree(own_dir, ignore_errors=True)
