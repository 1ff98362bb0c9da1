"""axon.analysis, spike-train distances (docs/analysis.md); re-exported by axon.analysis.

Trains are 1-D arrays of spike times in ms (increasing, equal times
allowed), observed over [t_start, t_stop].  ISI, SPIKE and SPIKE-sync are
those of PySpike 0.7, edge corrections included; ``interval=(a, b)``
averages the profile over [a, b] instead of [t_start, t_stop] (PySpike's
``avrg(interval)``).  Bad input raises axon.ArgumentError with the
library's message.
"""
import numpy as np

from . import _axon

__all__ = ["victor_purpura", "van_rossum", "isi_distance", "spike_distance", "spike_sync", "isi_profile",
           "spike_profile", "spike_sync_profile", "distance_matrix", "isi_distance_multi",
           "spike_distance_multi", "spike_sync_multi"]

# the values of ax_spike_distance_measure
_MEASURES = {"isi": 0, "spike": 1, "spike_sync": 2, "victor_purpura": 3, "van_rossum": 4}


def _cover(*trains):
    """An interval that holds the spikes, for the measures that do not use one."""
    times = [np.asarray(t, dtype=float).ravel() for t in trains]
    times = [t for t in times if t.size]
    if not times:
        return 0.0, 1.0
    lo = min(float(t.min()) for t in times)
    hi = max(float(t.max()) for t in times)
    return lo, (hi if hi > lo else lo + 1.0)


def _tau(max_tau_ms):
    return 0.0 if max_tau_ms is None else float(max_tau_ms)


def victor_purpura(train1, train2, q_per_ms):
    """The Victor-Purpura distance (Victor & Purpura 1996): the least cost of
    turning train1 into train2, 1 per spike inserted or deleted and
    q_per_ms * |dt| per shift by dt ms.  q_per_ms >= 0 (1/ms)."""
    t0, t1 = _cover(train1, train2)
    return _axon._dist_pair(3, train1, train2, t0, t1, None, float(q_per_ms))


def van_rossum(train1, train2, tau_ms):
    """The van Rossum distance (van Rossum 2001): sqrt((1/tau) * integral of
    (f - g)^2 over all time), f and g the trains filtered by exp(-t/tau)
    (height 1).  One spike against none gives sqrt(1/2).  tau_ms > 0."""
    t0, t1 = _cover(train1, train2)
    return _axon._dist_pair(4, train1, train2, t0, t1, None, float(tau_ms))


def isi_distance(train1, train2, t_start, t_stop, interval=None):
    """The ISI-distance (Kreuz et al. 2007; PySpike's isi_distance): the
    average of the ISI profile over [t_start, t_stop] or ``interval``."""
    return _axon._dist_pair(0, train1, train2, float(t_start), float(t_stop), interval, 0.0)


def spike_distance(train1, train2, t_start, t_stop, interval=None):
    """The SPIKE-distance (Kreuz et al. 2013; PySpike's spike_distance): the
    average of the SPIKE profile over [t_start, t_stop] or ``interval``."""
    return _axon._dist_pair(1, train1, train2, float(t_start), float(t_stop), interval, 0.0)


def spike_sync(train1, train2, t_start, t_stop, interval=None, max_tau_ms=None):
    """SPIKE-synchronization (Kreuz et al. 2015; PySpike's spike_sync): the
    fraction of coincident spikes, 1 when there are none.  With
    ``interval=(a, b)`` only the spikes strictly inside (a, b) count, as in
    PySpike.  max_tau_ms bounds the coincidence window (None or 0: no bound)."""
    return _axon._dist_pair(2, train1, train2, float(t_start), float(t_stop), interval, _tau(max_tau_ms))


def isi_profile(train1, train2, t_start, t_stop):
    """The ISI profile, piecewise constant: ``{"breaks": x, "values": y}``,
    value y[k] on [x[k], x[k+1]] (PySpike's PieceWiseConstFunc x, y)."""
    x, y = _axon._dist_profile(0, train1, train2, float(t_start), float(t_stop), 0.0)
    return {"breaks": x, "values": y}


def spike_profile(train1, train2, t_start, t_stop):
    """The SPIKE profile, piecewise linear: ``{"breaks": x, "left": y1,
    "right": y2}``, from y1[k] at x[k] to y2[k] at x[k+1] (PySpike's
    PieceWiseLinFunc x, y1, y2)."""
    x, y1, y2 = _axon._dist_profile(1, train1, train2, float(t_start), float(t_stop), 0.0)
    return {"breaks": x, "left": y1, "right": y2}


def spike_sync_profile(train1, train2, t_start, t_stop, max_tau_ms=None):
    """The SPIKE-sync profile, one event per spike (one for equal times of
    both trains): ``{"times", "coincidences", "multiplicity", "values"}``,
    values = coincidences / multiplicity (PySpike's DiscreteFunc x, y, mp
    without its entries at t_start and t_stop)."""
    t, c, mp = _axon._dist_profile(2, train1, train2, float(t_start), float(t_stop), _tau(max_tau_ms))
    return {"times": t, "coincidences": c, "multiplicity": mp, "values": c / mp if mp.size else c.copy()}


def distance_matrix(trains, measure, t_start=None, t_stop=None, interval=None, max_tau_ms=None, q_per_ms=None,
                    tau_ms=None):
    """The n x n matrix of a measure between every two of ``trains`` (a list
    of 1-D arrays): measure "isi", "spike", "spike_sync" (diagonal 1),
    "victor_purpura" (needs q_per_ms) or "van_rossum" (needs tau_ms).
    t_start and t_stop are needed for isi, spike and spike_sync."""
    return _all(False, trains, measure, t_start, t_stop, interval, max_tau_ms, q_per_ms, tau_ms)


def isi_distance_multi(trains, t_start, t_stop, interval=None):
    """The multivariate ISI-distance (PySpike's isi_distance_multi): the mean
    over all pairs."""
    return _all(True, trains, "isi", t_start, t_stop, interval, None, None, None)


def spike_distance_multi(trains, t_start, t_stop, interval=None):
    """The multivariate SPIKE-distance (PySpike's spike_distance_multi): the
    mean over all pairs."""
    return _all(True, trains, "spike", t_start, t_stop, interval, None, None, None)


def spike_sync_multi(trains, t_start, t_stop, interval=None, max_tau_ms=None):
    """The multivariate SPIKE-sync (PySpike's spike_sync_multi): all pairs'
    coincidences over all pairs' spikes (1 when there are none)."""
    return _all(True, trains, "spike_sync", t_start, t_stop, interval, max_tau_ms, None, None)


def _all(multi, trains, measure, t_start, t_stop, interval, max_tau_ms, q_per_ms, tau_ms):
    from .errors import ArgumentError
    if measure not in _MEASURES:
        raise ArgumentError("distance_matrix: measure %r is not one of %s" % (measure, ", ".join(_MEASURES)))
    trains = list(trains)
    if measure in ("isi", "spike", "spike_sync"):
        if t_start is None or t_stop is None:
            raise ArgumentError("distance_matrix: measure %r needs t_start and t_stop" % measure)
    elif t_start is None or t_stop is None:
        t_start, t_stop = _cover(*trains)
    if measure == "victor_purpura" and q_per_ms is None:
        raise ArgumentError("distance_matrix: measure 'victor_purpura' needs q_per_ms")
    if measure == "van_rossum" and tau_ms is None:
        raise ArgumentError("distance_matrix: measure 'van_rossum' needs tau_ms")
    return _axon._dist_all(multi, trains, float(t_start), float(t_stop), _MEASURES[measure], interval,
                           _tau(max_tau_ms), float(q_per_ms or 0.0), float(tau_ms or 0.0))
