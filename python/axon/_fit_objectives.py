"""axon.fit, objectives (docs/fitting.md, "Objectives"); re-exported by axon.fit.

Objectives score a candidate's outputs (spike trains, a voltage trace, a
population signal) against target data, computed by libaxon.  Spike trains
are a SpikeTrains (axon.analysis), a list of 1-D arrays of times (ms) with
``t_start``/``t_stop``, or one 1-D array (one train).  Calls that compare
trains take the target as ``data`` and the candidate as ``model``: the same
number of trains over the same interval, train k against train k.  Bad input
raises axon.ArgumentError with the library's message.
"""
import numbers

import numpy as np

from . import _axon
from ._analysis_spectra import _AVERAGES, _DETRENDS, _SCALINGS, _WINDOWS, _code, _count
from ._analysis_trains import SpikeTrains
from .errors import ArgumentError

__all__ = ["gamma_coincidence", "gamma_loss", "spike_distance_loss", "seed_summary", "seed_score", "trace_error",
           "features", "feature_error", "spectrum_distance", "population_stats", "Objective", "FEATURES"]

FEATURES = {"rate": 0, "latency": 1, "adaptation": 2, "cv": 3}
_KINDS = {"gamma": 0, "spike_distance": 1, "summary": 2, "trace": 3, "feature": 4, "spectrum": 5, "population": 6}
_NEEDS = {"spikes": 1, "voltage": 2, "signal": 4}


def _one_train(x):
    """True for one train given alone: a 1-D array, or a list of numbers."""
    if isinstance(x, np.ndarray):
        return x.ndim == 1 and x.dtype != object
    return isinstance(x, (list, tuple)) and all(isinstance(v, numbers.Real) for v in x)


def _trains(call, x, t_start, t_stop):
    """(list of arrays, t_start, t_stop, single) from any accepted form."""
    if isinstance(x, SpikeTrains):
        t0 = x.t_start if t_start is None else t_start
        t1 = x.t_stop if t_stop is None else t_stop
        return list(x.trains), float(t0), float(t1), False
    if t_stop is None:
        raise ArgumentError("%s: trains given as arrays need t_stop (ms), the end of the observation interval" % call)
    t0 = 0.0 if t_start is None else float(t_start)
    if _one_train(x):
        return [np.asarray(x, dtype=float)], t0, float(t_stop), True
    return list(x), t0, float(t_stop), False


def _pair(call, data, model, t_start, t_stop):
    d, t0, t1, single = _trains(call, data, t_start, t_stop)
    m, m0, m1, _ = _trains(call, model, t_start, t_stop)
    if (m0, m1) != (t0, t1):
        raise ArgumentError("%s: the model's interval [%g, %g] ms differs from the data's [%g, %g] ms"
                            % (call, m0, m1, t0, t1))
    return d, m, t0, t1, single


def gamma_coincidence(data, model, delta_ms, t_start=None, t_stop=None, per_train=False):
    """The coincidence factor Gamma (Kistler et al. 1997; Jolivet et al. 2008, eq. 1)::

        Gamma = (N_coinc - 2 nu Delta N_data) / (0.5 (N_data + N_model)) / (1 - 2 nu Delta)

    nu = N_model / T the model's rate, Delta = delta_ms the precision window,
    N_coinc the largest one-to-one matching of spikes at most Delta apart.
    1 for equal trains, about 0 at chance level.  Both trains empty: 1; a model
    firing at least once every 2 Delta (2 nu Delta >= 1): 0.  Returns the mean
    over the trains, or ``(per-train array, mean)`` with ``per_train=True``."""
    d, m, t0, t1, _ = _pair("gamma_coincidence", data, model, t_start, t_stop)
    per, mean = _axon._obj_pair(0, d, m, t0, t1, float(delta_ms))
    return (per, mean) if per_train else mean


def gamma_loss(data, model, delta_ms, t_start=None, t_stop=None):
    """1 - Gamma (the mean over trains): the loss a fit minimises, 0 for equal trains."""
    return 1.0 - gamma_coincidence(data, model, delta_ms, t_start, t_stop)


def spike_distance_loss(data, model, t_start=None, t_stop=None, per_train=False):
    """SpikeNetOpt's loss: the SPIKE-distance of each pair (PySpike 0.7's, over
    [t_start, t_stop]; 1 when the model fires at most one spike) plus
    |N_model - N_data|.  Returns the sum over trains, or ``(per-train array,
    sum)`` with ``per_train=True``."""
    d, m, t0, t1, _ = _pair("spike_distance_loss", data, model, t_start, t_stop)
    per, total = _axon._obj_pair(1, d, m, t0, t1, 0.0)
    return (per, total) if per_train else total


def seed_summary(trains, dt_ms, t_start=None, t_stop=None, amplitudes=None, amplitude_default=0.0):
    """The main seed's action-potential summary of each train: an (n, 3) array
    of (time_difference, n_spikes, amplitude).  time_difference is the sum of
    the intervals in steps of dt_ms over the number of spikes ((s_n - s_1) / n,
    0 without spikes); amplitude the mean of ``amplitudes`` (one per spike, in
    the trains' order) or ``amplitude_default`` when a train has no spike or no
    amplitudes are given.  Trains given alone give one row."""
    tr, t0, t1, _ = _trains("seed_summary", trains, t_start, t_stop)
    return _axon._obj_summarize(tr, t0, t1, float(dt_ms), amplitudes, float(amplitude_default))


def seed_score(reference, candidate, scale=True, use_amplitude=False, time_scale_default=800.0,
               count_scale_default=10.0, amplitude_scale_default=70.0):
    """The main seed's score: sum over conditions and trains of the squared
    differences of the summaries' fields (amplitudes only with
    ``use_amplitude``), each field divided, with ``scale``, by the condition's
    largest reference value (its default when that is 0: 800, 10, 70).  NaN is
    reported as +inf, as in the seed.  reference and candidate: arrays of shape
    (n_conditions, n_trains, 3) (or (n_trains, 3) for one condition) of
    seed_summary rows."""
    r = np.asarray(reference, dtype=float)
    c = np.asarray(candidate, dtype=float)
    if r.ndim == 2:
        r = r[None]
    if c.ndim == 2:
        c = c[None]
    if r.ndim != 3 or r.shape[-1] != 3 or r.shape != c.shape:
        raise ArgumentError("seed_score: reference %s and candidate %s must both be (n_conditions, n_trains, 3)"
                            % (r.shape, c.shape))
    return _axon._obj_summary_score(r.reshape(-1, 3), c.reshape(-1, 3), r.shape[0], r.shape[1], bool(scale),
                                    bool(use_amplitude), float(time_scale_default), float(count_scale_default),
                                    float(amplitude_scale_default))


def trace_error(model, target, dt_ms, skip_ms=None, skip_before_ms=0.0, skip_after_ms=0.0, return_n=False):
    """The RMS difference of two traces on one grid (sample j at j dt_ms),
    leaving out the samples within [s - skip_before_ms, s + skip_after_ms] of
    each spike time s in ``skip_ms`` (sorted).  A model sample that is not
    finite gives +inf.  With ``return_n``: ``(rms, samples used)``."""
    rms, used = _axon._obj_trace_error(model, target, float(dt_ms), skip_ms, float(skip_before_ms),
                                       float(skip_after_ms))
    return (rms, used) if return_n else rms


def features(trains, t_start=None, t_stop=None):
    """Features of each train over [t_start, t_stop] (t_start: the stimulus
    onset): ``{"rate_hz", "latency_ms", "adaptation", "cv"}``, arrays (floats for
    one train given alone); NaN where a feature is undefined (latency without
    spikes; adaptation index and CV with fewer than 3 spikes).  The adaptation
    index is Druckmann et al. (2007)'s accommodation index."""
    tr, t0, t1, single = _trains("features", trains, t_start, t_stop)
    a = _axon._obj_features(tr, t0, t1)
    names = ("rate_hz", "latency_ms", "adaptation", "cv")
    if single:
        return {n: float(a[0, i]) for i, n in enumerate(names)}
    return {n: a[:, i].copy() for i, n in enumerate(names)}


def feature_error(model, feature, target, scale, absolute=False, penalty=250.0, t_start=None, t_stop=None):
    """The mean over the model's trains of ((f - target) / scale)**2, or
    |f - target| / scale with ``absolute``, f the train's feature ("rate",
    "latency", "adaptation", "cv"); ``penalty`` where f is undefined (250:
    BluePyOpt's default)."""
    if feature not in FEATURES:
        raise ArgumentError("feature_error: feature = %r is unknown: %s are allowed"
                            % (feature, ", ".join(repr(k) for k in FEATURES)))
    tr, t0, t1, _ = _trains("feature_error", model, t_start, t_stop)
    return _axon._obj_feature_error(tr, t0, t1, FEATURES[feature], float(target), float(scale), bool(absolute),
                                    float(penalty))


def _welch(call, welch):
    """None, or a dict of axon.analysis.welch's keywords as the library's codes."""
    if welch is None:
        return None
    w = dict(welch)
    unknown = set(w) - {"window", "nperseg", "segment_ms", "noverlap", "nfft", "detrend", "scaling", "average",
                        "symmetric"}
    if unknown:
        raise ArgumentError("%s: welch has unknown keys %s" % (call, sorted(unknown)))
    noverlap = w.get("noverlap")
    return (_code(call, "window", w.get("window", "hann"), _WINDOWS), bool(w.get("symmetric", False)),
            _count(call, "nperseg", w.get("nperseg")), float(w.get("segment_ms") or 0.0),
            -1 if noverlap is None else _count(call, "noverlap", noverlap, 0), _count(call, "nfft", w.get("nfft")),
            _code(call, "detrend", w.get("detrend", "constant"), _DETRENDS),
            _code(call, "scaling", w.get("scaling", "density"), _SCALINGS),
            _code(call, "average", w.get("average", "mean"), _AVERAGES))


def spectrum_distance(signal, dt_ms, target_power, welch=None):
    """The main seed's spectrum comparison (axon.analysis.spectrum_distance) of
    the signal's spectrum with target_power: the seed's power density when
    ``welch`` is None, else axon.analysis.welch with the keywords of the dict
    ``welch``.  A flat signal (a spectrum of 0) gives +inf."""
    return _axon._obj_spectrum_distance(signal, float(dt_ms), _welch("spectrum_distance", welch), target_power)


def population_stats(trains, bin_ms=None, n_pairs=0, seed=0, t_start=None, t_stop=None):
    """Network statistics of a population: ``{"rate_hz", "cv", "correlation"}``,
    the mean rate, the mean of the defined CVs and the mean of the defined
    Pearson r of spike counts in bins of bin_ms over ``n_pairs`` pairs drawn
    with ``seed`` (0: 1000; all when there are fewer).  NaN where undefined;
    bin_ms None: no correlation."""
    tr, t0, t1, _ = _trains("population_stats", trains, t_start, t_stop)
    rate, cv, r = _axon._obj_population_stats(tr, t0, t1, 0.0 if bin_ms is None else float(bin_ms),
                                              _count("population_stats", "n_pairs", n_pairs, 0), int(seed))
    return {"rate_hz": rate, "cv": cv, "correlation": r}


def _nan(x):
    return float("nan") if x is None else float(x)


class Objective:
    """A weighted sum of terms scoring one candidate's outputs per condition
    (ax_objective).  Add terms with the add_* methods (each copies its target
    and checks it as the single function does), ask ``needs`` what outputs it
    reads, ``check(available)`` before running anything, and ``evaluate``
    one candidate: ``(total, terms)``, terms each term's value before its
    weight, in the order they were added.

    >>> obj = Objective(n_conditions=2)
    >>> obj.add_gamma(data0, delta_ms=4.0, condition=0)
    >>> obj.add_trace(v_target, dt_ms=0.1, condition=1, weight=0.1)
    >>> obj.check({"spikes"})        # raises: term 1 needs a voltage trace
    """

    def __init__(self, n_conditions=1):
        self._o = _axon._obj_new(_count("Objective", "n_conditions", n_conditions))
        self.n_conditions = int(n_conditions)
        self.kinds = []

    def _add(self, kind, condition, weight, trains=None, t_start=None, t_stop=None, delta_ms=0.0, dt_ms=0.0,
             summary=None, target=None, before=0.0, after=0.0, welch=None, feature=None, population=None):
        call = "Objective.add_" + kind
        t0 = t1 = 0.0
        if trains is not None:
            trains, t0, t1, _ = _trains(call, trains, t_start, t_stop)
        _axon._obj_add(self._o, _KINDS[kind], _count(call, "condition", condition, 0), float(weight), trains, t0, t1,
                       float(delta_ms), float(dt_ms), summary, target, float(before), float(after),
                       _welch(call, welch), feature, population)
        self.kinds.append(kind)
        return len(self.kinds) - 1

    def add_gamma(self, target, delta_ms, weight=1.0, condition=0, t_start=None, t_stop=None):
        """1 - mean Gamma of the candidate's trains against ``target``."""
        return self._add("gamma", condition, weight, target, t_start, t_stop, delta_ms=delta_ms)

    def add_spike_distance(self, target, weight=1.0, condition=0, t_start=None, t_stop=None):
        """SpikeNetOpt's loss (spike_distance_loss), summed over trains."""
        return self._add("spike_distance", condition, weight, target, t_start, t_stop)

    def add_summary(self, target, dt_ms, weight=1.0, condition=0, scale=True, time_scale_default=800.0,
                    count_scale_default=10.0, amplitude_scale_default=70.0, t_start=None, t_stop=None):
        """The seed's score of this condition (seed_score without amplitudes)."""
        return self._add("summary", condition, weight, target, t_start, t_stop, dt_ms=dt_ms,
                         summary=(bool(scale), float(time_scale_default), float(count_scale_default),
                                  float(amplitude_scale_default)))

    def add_trace(self, target, dt_ms, weight=1.0, condition=0, skip_spikes=None, skip_before_ms=0.0,
                  skip_after_ms=0.0, t_start=None, t_stop=None):
        """trace_error of the candidate's voltage against ``target``; windows
        around the spikes of ``skip_spikes`` (trains, all merged) left out."""
        return self._add("trace", condition, weight, skip_spikes, t_start, t_stop,
                         dt_ms=dt_ms, target=target, before=skip_before_ms, after=skip_after_ms)

    def add_feature(self, feature, target, scale, weight=1.0, condition=0, absolute=False, penalty=250.0):
        """feature_error of the candidate's trains."""
        if feature not in FEATURES:
            raise ArgumentError("Objective.add_feature: feature = %r is unknown: %s are allowed"
                                % (feature, ", ".join(repr(k) for k in FEATURES)))
        return self._add("feature", condition, weight,
                         feature=(FEATURES[feature], float(target), float(scale), bool(absolute), float(penalty)))

    def add_spectrum(self, target_power, dt_ms, weight=1.0, condition=0, welch=None):
        """spectrum_distance of the candidate's population signal (sampled every dt_ms)."""
        return self._add("spectrum", condition, weight, dt_ms=dt_ms, target=target_power, welch=welch)

    def add_population(self, weight=1.0, condition=0, rate_hz=None, cv=None, correlation=None, rate_scale=1.0,
                       cv_scale=1.0, correlation_scale=1.0, penalty=250.0, bin_ms=0.0, n_pairs=0, seed=0,
                       first_train=0, n_trains=0):
        """Sum over the targets given of ((value - target) / scale)**2 of
        population_stats of the candidate's trains [first_train, first_train +
        n_trains) (n_trains 0: all); ``penalty`` for a statistic the candidate
        does not define."""
        call = "Objective.add_population"
        return self._add("population", condition, weight,
                         population=(_nan(rate_hz), _nan(cv), _nan(correlation), float(rate_scale), float(cv_scale),
                                     float(correlation_scale), float(penalty), float(bin_ms),
                                     _count(call, "n_pairs", n_pairs, 0), int(seed),
                                     _count(call, "first_train", first_train, 0),
                                     _count(call, "n_trains", n_trains, 0)))

    @property
    def needs(self):
        """The outputs the terms read: a subset of {"spikes", "voltage", "signal"}."""
        bits = _axon._obj_needs(self._o)[0]
        return {name for name, bit in _NEEDS.items() if bits & bit}

    def check(self, available):
        """Raises ArgumentError naming the first term that needs an output not in
        ``available`` (names from {"spikes", "voltage", "signal"})."""
        bits = 0
        for name in available:
            if name not in _NEEDS:
                raise ArgumentError("Objective.check: %r is not an output: %s are" % (name, ", ".join(_NEEDS)))
            bits |= _NEEDS[name]
        _axon._obj_check(self._o, bits)

    def evaluate(self, outputs):
        """Scores one candidate: ``outputs`` is a list with one dict per
        condition (or one dict for one condition) with keys ``spikes`` (trains;
        ``t_start``/``t_stop`` when they are arrays), ``voltage`` and
        ``voltage_dt_ms``, ``signal`` and ``signal_dt_ms``.  Returns ``(total,
        terms)``."""
        if isinstance(outputs, dict):
            outputs = [outputs]
        rows = []
        for c, o in enumerate(outputs):
            unknown = set(o) - {"spikes", "t_start", "t_stop", "voltage", "voltage_dt_ms", "signal", "signal_dt_ms"}
            if unknown:
                raise ArgumentError("Objective.evaluate: outputs[%d] has unknown keys %s" % (c, sorted(unknown)))
            tr, t0, t1 = None, 0.0, 0.0
            if o.get("spikes") is not None:
                tr, t0, t1, _ = _trains("Objective.evaluate", o["spikes"], o.get("t_start"), o.get("t_stop"))
            rows.append((tr, t0, t1, o.get("voltage"), float(o.get("voltage_dt_ms", 0.0)), o.get("signal"),
                         float(o.get("signal_dt_ms", 0.0))))
        return _axon._obj_evaluate(self._o, rows)

    def __len__(self):
        return len(self.kinds)

    def __repr__(self):
        return "Objective(n_conditions=%d, terms=%s)" % (self.n_conditions, self.kinds)
