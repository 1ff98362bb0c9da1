"""axon.fit, whole generations as one run (docs/fitting.md); re-exported by axon.fit.

An :class:`Evaluator` runs every candidate parameter set of a generation
of one single-neuron model as one population with per-neuron parameters,
under every protocol, in one run; the network is built once and only
reset between generations.  Each candidate's spikes are bit for bit those
of the same neuron run alone, for any thread count.
"""
import math

import numpy as np

from . import _axon

__all__ = ["Protocol", "Evaluator"]


class Protocol:
    """A stimulation protocol: a current step of ``amplitude`` nA from
    ``onset`` ms for ``duration`` ms (to the end of the run when longer or
    ``math.inf``), plus optionally ``trace``, a current (nA) sampled every
    dt from t = 0 (0 after its last sample); the run lasts ``run`` ms (a
    multiple of dt)."""

    def __init__(self, run, amplitude=0.0, onset=0.0, duration=math.inf, trace=None):
        self.run = float(run)
        self.amplitude = float(amplitude)
        self.onset = float(onset)
        self.duration = float(duration)
        self.trace = None if trace is None else np.ascontiguousarray(trace, dtype=float)

    def _tuple(self):
        return (self.amplitude, self.onset, self.duration, self.run, self.trace)

    def __repr__(self):
        return "Protocol(run=%g, amplitude=%g, onset=%g, duration=%g%s)" % (
            self.run, self.amplitude, self.onset, self.duration,
            "" if self.trace is None else ", trace=[%d samples]" % self.trace.size)


_SCORES = {None: 0, "spike_count": 1, "spike_distance": 2}


class Evaluator:
    """Evaluates generations of candidates of ``model`` (any neuron model of
    ``axon.models()``): ``params`` a dict of base values set for every
    candidate, ``free`` the names of the parameters the candidates vary,
    ``protocols`` a list of :class:`Protocol` (or dicts of its arguments),
    ``max_candidates`` the largest generation, ``dt`` in ms, ``threads``
    (0: one per core), ``record`` the v sampling interval in ms (0: no
    traces) and ``max_run`` the longest run allowed (ms; 0: 1e7).
    Unknown parameters, bad protocols and the like raise axon's errors
    with the library's message before anything runs."""

    def __init__(self, model, params=None, free=(), protocols=(), max_candidates=100, dt=0.1, threads=0,
                 record=0.0, max_run=0.0):
        params = dict(params or {})
        self.model = str(model)
        self.free = [str(f) for f in free]
        self.protocols = [p if isinstance(p, Protocol) else Protocol(**p) for p in protocols]
        self.max_candidates = int(max_candidates)
        self.dt = float(dt)
        self._cap = _axon._gen_create(self.model, list(params.keys()), [float(v) for v in params.values()],
                                      self.free, self.max_candidates, [p._tuple() for p in self.protocols],
                                      float(max_run), self.dt, int(threads), float(record))

    def evaluate(self, candidates, score=None, target=None, count_weight=0.0, chunk=0.0, stop_above=None,
                 spike_ceiling=0):
        """Runs the generation ``candidates`` (n x len(free): row c the free
        values of candidate c, or a list of dicts by name) under every
        protocol, in one run.

        ``score``: None, ``"spike_count"`` (sum over protocols of |n - N|)
        or ``"spike_distance"`` (mean SPIKE-distance to the target's train
        plus ``count_weight`` times the count score); ``target`` one spike
        train (array of ms) per protocol.  ``chunk`` (ms): the run goes in
        chunks, after each of which candidates whose score can no longer be
        at or below ``stop_above`` stop (their score is that bound), and
        those with more than ``spike_ceiling`` spikes under a protocol stop
        with score inf.

        Returns a dict: ``trains`` (trains[c][p], arrays of ms), ``scores``
        (array, or None without a score), ``retired_ms`` (NaN for
        candidates that ran to the end), ``v`` (v[c][p] arrays sampled every
        ``record`` ms, or None), ``run_s`` (wall seconds)."""
        if score not in _SCORES:
            raise ValueError("score must be one of %s, not %r" % (sorted(k for k in _SCORES if k), score))
        cand = candidates
        if len(cand) and isinstance(cand[0], dict):
            cand = [[float(c[name]) for name in self.free] for c in cand]
        cand = np.ascontiguousarray(cand, dtype=float)
        if cand.ndim == 1 and len(self.free) == 1:
            cand = cand.reshape(-1, 1)
        tgt = None if target is None else [np.ascontiguousarray(t, dtype=float).ravel() for t in target]
        r = _axon._gen_evaluate(self._cap, cand, _SCORES[score], tgt, float(count_weight), float(chunk),
                                None if stop_above is None else float(stop_above), int(spike_ceiling))
        n, P = r["n_candidates"], r["n_protocols"]
        r["trains"] = [r["trains"][c * P:(c + 1) * P] for c in range(n)]
        if r["v"] is not None:
            r["v"] = [r["v"][c * P:(c + 1) * P] for c in range(n)]
        return r

    def current_search(self, counts, param, lo, hi, fixed=None, rounds=100):
        """SpikeNetOpt's current search, by bisection over a population: for
        each target spike count in ``counts``, the value of free parameter
        ``param`` (a name of ``free``, e.g. Izhikevich's ``i_offset`` in nA)
        that makes the candidate fire exactly that many spikes under the
        first protocol, starting from the bracket [lo, hi].  ``fixed``: the
        other free parameters' values (dict by name).  Returns (values,
        found, achieved): where no value gives a count (the count jumps over
        it) found is False and the value is the one whose count came
        closest, achieved that count."""
        if param not in self.free:
            raise ValueError("param %r is not one of the free parameters %s" % (param, self.free))
        fixed = dict(fixed or {})
        values = [float(fixed.get(name, 0.0)) for name in self.free]
        return _axon._gen_current_search(self._cap, self.free.index(param), values,
                                         np.ascontiguousarray(counts, dtype=float), float(lo), float(hi),
                                         int(rounds))
