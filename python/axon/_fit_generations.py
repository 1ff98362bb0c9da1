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
from .errors import ArgumentError

__all__ = ["Protocol", "Evaluator", "Candidate"]


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


_SCORES = {None: 0, "spike_count": 1, "spike_distance": 2, "gamma": 3}
_PYTHON_SCORE = 4


class Candidate:
    """What a Python score sees of one candidate (``Evaluator.evaluate(score=fn)``):
    ``index`` (its row), ``params`` (dict: free parameter name -> value),
    ``values`` (the row, an array), ``trains`` (one array of spike times in
    ms per protocol: the spikes so far during the run), ``v`` (one array per
    protocol, sampled every ``record`` ms, at the end only and only with
    ``record``; else None), ``t_ms`` (how far the run has gone) and
    ``final`` (False during the run, when the score must return a lower
    bound of its final value)."""

    __slots__ = ("index", "params", "values", "trains", "v", "t_ms", "final")

    def __init__(self, index, params, values, trains, v, t_ms, final):
        self.index, self.params, self.values, self.trains = index, params, values, trains
        self.v, self.t_ms, self.final = v, t_ms, final

    def __repr__(self):
        return "Candidate(%d, %r, spikes=%s, t_ms=%g, final=%s)" % (
            self.index, self.params, [len(t) for t in self.trains], self.t_ms, self.final)


def _objective_score(ev, obj):
    """A composite Objective as a score: condition p is protocol p (its
    spikes over [0, run], its v); 0 during the run (every term is >= 0)."""
    if obj.n_conditions != len(ev.protocols):
        raise ArgumentError("Evaluator.evaluate: the objective has %d conditions, the evaluator %d protocols: "
                            "one condition per protocol is needed" % (obj.n_conditions, len(ev.protocols)))
    obj.check({"spikes", "voltage"} if ev.record > 0 else {"spikes"})

    def score(c):
        if not c.final:
            return 0.0
        outputs = []
        for p, pr in enumerate(ev.protocols):
            o = {"spikes": [c.trains[p]], "t_start": 0.0, "t_stop": pr.run}
            if c.v is not None:
                o["voltage"], o["voltage_dt_ms"] = c.v[p], ev.record
            outputs.append(o)
        return obj.evaluate(outputs)[0]
    return score


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
        self.record = float(record)
        self._cap = _axon._gen_create(self.model, list(params.keys()), [float(v) for v in params.values()],
                                      self.free, self.max_candidates, [p._tuple() for p in self.protocols],
                                      float(max_run), self.dt, int(threads), float(record))

    def evaluate(self, candidates, score=None, target=None, count_weight=0.0, delta=4.0, chunk=0.0,
                 stop_above=None, spike_ceiling=0):
        """Runs the generation ``candidates`` (n x len(free): row c the free
        values of candidate c, or a list of dicts by name) under every
        protocol, in one run.

        ``score``: None; a built-in computed in C, against ``target`` (one
        spike train, an array of ms, per protocol): ``"spike_count"`` (sum
        over protocols of |n - N|), ``"spike_distance"`` (mean
        SPIKE-distance plus ``count_weight`` times the count score) or
        ``"gamma"`` (mean over protocols of 1 - Gamma with precision window
        ``delta`` ms over [0, run], plus ``count_weight`` times the count
        score); an :class:`axon.fit.Objective` with one condition per
        protocol (its terms computed by the library); or any callable
        ``fn(candidate)`` of a :class:`Candidate` returning a float, called
        with the GIL held, candidate after candidate: at the end of the run
        (``final`` True) and, with ``chunk`` and ``stop_above``, after each
        chunk, where it must return a lower bound of its final value (0.0
        is always one).  An exception it raises propagates with its
        traceback; a NaN it returns raises axon.NumericError.

        ``chunk`` (ms): the run goes in chunks, after each of which
        candidates whose score can no longer be at or below ``stop_above``
        stop (their score is that bound), and those with more than
        ``spike_ceiling`` spikes under a protocol stop with score inf.

        Returns a dict: ``trains`` (trains[c][p], arrays of ms), ``scores``
        (array, or None without a score), ``retired_ms`` (NaN for
        candidates that ran to the end), ``v`` (v[c][p] arrays sampled every
        ``record`` ms, or None), ``run_s`` (wall seconds)."""
        from ._fit_objectives import Objective
        fn = None
        if isinstance(score, Objective):
            score = _objective_score(self, score)
        if callable(score):
            user, free = score, list(self.free)

            def fn(index, values, trains, v, t_ms, final):
                return user(Candidate(index, dict(zip(free, values.tolist())), values, trains, v, t_ms, final))
            code = _PYTHON_SCORE
        elif score in _SCORES:
            code = _SCORES[score]
        else:
            raise ArgumentError("Evaluator.evaluate: score = %r is not allowed: None, %s, an Objective or a "
                                "callable" % (score, ", ".join(repr(k) for k in _SCORES if k)))
        cand = candidates
        if len(cand) and isinstance(cand[0], dict):
            cand = [[float(c[name]) for name in self.free] for c in cand]
        cand = np.ascontiguousarray(cand, dtype=float)
        if cand.ndim == 1 and len(self.free) == 1:
            cand = cand.reshape(-1, 1)
        tgt = None if target is None else [np.ascontiguousarray(t, dtype=float).ravel() for t in target]
        r = _axon._gen_evaluate(self._cap, cand, code, tgt, float(count_weight), float(delta), fn, float(chunk),
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
