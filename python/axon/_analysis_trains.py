"""axon.analysis, spike trains: making, reading, statistics and rates (docs/analysis.md,
"Spike trains" and "Spike-train statistics and rates"); re-exported by axon.analysis.

Spike trains are given as
  - a list of 1-D arrays of spike times in ms, one per train, each in increasing
    order, with t_start and t_stop (ms): the observation interval;
  - a SpikeTrains (what spike_trains_read, spike_trains_from_events and
    spike_trains_from_recorder return), which carries its interval; or
  - a tuple (times, neurons) of event arrays, neurons an integer array: made into
    trains with spike_trains_from_events (n_trains = 1 + the largest id).
Every computation is libaxon's; failures raise axon's error classes (ArgumentError
for bad input, with the library's message).
"""
import collections
import math
import os

import numpy as np

from . import _axon
from .errors import ArgumentError

__all__ = ["SpikeTrains", "spike_trains_from_events", "spike_trains_from_recorder", "spike_trains_read",
           "rates", "population_rate", "isi_histogram", "cv", "lv", "lvr", "fano_factor", "bursts",
           "spike_stats_file"]

SpikeTrains = collections.namedtuple("SpikeTrains", "trains t_start t_stop")
SpikeTrains.__doc__ = """Spike trains over one interval: trains, a list of float64 arrays of times
(ms, increasing); t_start, t_stop, the interval (ms)."""


def _view(trains, t_start, t_stop):
    """(list of arrays, t_start, t_stop) from any of the accepted forms."""
    if isinstance(trains, SpikeTrains):
        t0 = trains.t_start if t_start is None else t_start
        t1 = trains.t_stop if t_stop is None else t_stop
        return trains.trains, float(t0), float(t1)
    if (isinstance(trains, tuple) and len(trains) == 2 and isinstance(trains[1], np.ndarray)
            and np.issubdtype(trains[1].dtype, np.integer)):
        made = spike_trains_from_events(trains[0], trains[1], t_start=0.0 if t_start is None else t_start,
                                        t_stop=t_stop)
        return made.trains, made.t_start, made.t_stop
    if t_stop is None:
        raise ArgumentError("spike trains given as a list need t_stop (ms), the end of the observation interval")
    return list(trains), float(0.0 if t_start is None else t_start), float(t_stop)


def spike_trains_from_events(times, neurons, n_trains=None, t_start=0.0, t_stop=None):
    """Spike trains from event arrays in any order: spike e of train neurons[e] at
    times[e] (ms).  n_trains defaults to 1 + the largest id; t_stop to the last
    spike's time.  Returns a SpikeTrains with each train sorted."""
    times = np.ascontiguousarray(times, dtype=np.float64)
    neurons = np.asarray(neurons)
    if neurons.size and (not np.issubdtype(neurons.dtype, np.integer) or neurons.min() < 0
                         or neurons.max() > 0xFFFFFFFF):
        raise ArgumentError("spike_trains_from_events: neurons are whole numbers 0 .. 2^32 - 1")
    if n_trains is None:
        n_trains = int(neurons.max()) + 1 if neurons.size else 0
    if t_stop is None:
        t_stop = float(times.max()) if times.size else float("nan")
    trains, t0, t1 = _axon.trains_from_events(times, neurons.astype(np.uint32), int(n_trains), float(t_start),
                                              float(t_stop))
    return SpikeTrains(trains, t0, t1)


def spike_trains_from_recorder(recorder, t_start=None, t_stop=None):
    """The spikes of a spike Recorder as trains indexed by the neuron's index in its
    population (n_trains = the population's size; unrecorded neurons have empty
    trains).  The interval defaults to [0, the network's current time]."""
    if (t_start is None) != (t_stop is None):
        raise ArgumentError("spike_trains_from_recorder: give both t_start and t_stop, or neither")
    nan = float("nan")
    trains, t0, t1 = _axon.trains_from_recorder(recorder, nan if t_start is None else float(t_start),
                                                nan if t_stop is None else float(t_stop))
    return SpikeTrains(trains, t0, t1)


def _format(header, time_column, neuron_column, time_unit, n_trains):
    if time_unit not in (None, "ms", "s"):
        raise ArgumentError(f"time_unit = {time_unit!r} is not allowed: 'ms', 's' or None (from the column's name)")
    unit = None if time_unit is None else (1.0 if time_unit == "ms" else 1000.0)
    if header == "detect":
        header = None
    return (header, time_column, neuron_column, unit, n_trains)


def spike_trains_read(path, t_start=None, t_stop=None, *, n_trains=None, header="detect", time_column=None,
                      neuron_column=None, time_unit=None):
    """Reads a spike file: axon's <pop>.spikes.csv (also one cut at its end by a
    stopped run) or any CSV with a time and a neuron-id column.  Columns are found
    by the header's names (time_ms, time, t, times, spike_time, time_s, ...; neuron,
    id, sender(s), i, unit, index, cell, ...) or given by 0-based index
    (time_column, neuron_column; needed without a header).  time_unit: 'ms', 's' or
    None (s for *_s names, ms otherwise).  n_trains defaults to 1 + the largest id;
    the interval to [0, the last spike] (spikes outside a given one are left out).
    Rows may be in any order.  Returns a SpikeTrains."""
    if (t_start is None) != (t_stop is None):
        raise ArgumentError("spike_trains_read: give both t_start and t_stop, or neither")
    nan = float("nan")
    trains, t0, t1 = _axon.trains_read(os.fspath(path),
                                       _format(header, time_column, neuron_column, time_unit, n_trains),
                                       nan if t_start is None else float(t_start),
                                       nan if t_stop is None else float(t_stop))
    return SpikeTrains(trains, t0, t1)


def rates(trains, t_start=None, t_stop=None):
    """Firing rate of each train in spikes/s over the interval, and the population's
    mean rate: (rates array, mean)."""
    return _axon.trains_rates(*_view(trains, t_start, t_stop))


def population_rate(trains, bin_ms, t_start=None, t_stop=None, sigma_ms=0.0):
    """Population rate per neuron in Hz in bins of bin_ms from t_start (the last bin
    may be shorter: its rate is over its own width), optionally smoothed with a
    Gaussian kernel of sigma_ms (truncated at 4 sigma, renormalised over the bins
    inside the interval).  Returns (bin start times in ms, rates)."""
    tr, t0, t1 = _view(trains, t_start, t_stop)
    r = _axon.trains_population_rate(tr, t0, t1, float(bin_ms), float(sigma_ms))
    return t0 + np.arange(len(r)) * float(bin_ms), r


def isi_histogram(trains, bin_ms, max_isi_ms, t_start=None, t_stop=None):
    """Histogram of the inter-spike intervals of all trains pooled: bins of bin_ms
    from 0 to max_isi_ms (the last closed, maybe shorter).  Returns (edges in ms,
    counts, number of intervals longer than max_isi_ms)."""
    tr, t0, t1 = _view(trains, t_start, t_stop)
    counts, beyond = _axon.trains_isi_histogram(tr, t0, t1, float(bin_ms), float(max_isi_ms))
    edges = np.append(np.arange(len(counts)) * float(bin_ms), float(max_isi_ms))
    return edges, counts, beyond


def cv(trains, t_start=None, t_stop=None):
    """Coefficient of variation of each train's inter-spike intervals, std/mean with
    ddof = 0 (scipy.stats.variation); nan for fewer than 3 spikes or all at one time.
    Returns (cv array, mean of the defined values or nan, how many are defined)."""
    return _axon.trains_cv(*_view(trains, t_start, t_stop))


def lv(trains, t_start=None, t_stop=None):
    """Local variation (Shinomoto et al. 2003) of each train; nan for fewer than 3
    spikes or three at one time.  Returns (lv array, mean of the defined, count)."""
    return _axon.trains_lv(*_view(trains, t_start, t_stop))


def lvr(trains, r_ms=5.0, t_start=None, t_stop=None):
    """Revised local variation (Shinomoto et al. 2009) with refractoriness r_ms;
    nan where LV is.  Returns (lvr array, mean of the defined, count)."""
    return _axon.trains_lvr(*_view(trains, t_start, t_stop), float(r_ms))


def fano_factor(trains, window_ms, t_start=None, t_stop=None):
    """Fano factor (variance / mean, ddof = 0) of each train's spike counts in the
    whole windows of window_ms from t_start (nan for a silent train), and the pooled
    one over all trains' counts.  Returns (fano array, pooled)."""
    return _axon.trains_fano_factor(*_view(trains, t_start, t_stop), float(window_ms))


def bursts(trains, max_isi_ms, min_spikes=3, t_start=None, t_stop=None):
    """Bursts: runs of >= min_spikes spikes whose every interval is <= max_isi_ms.
    Returns a dict of arrays, one entry per burst in train then time order: train,
    first (index of its first spike), n_spikes, start_ms, end_ms."""
    return _axon.trains_bursts(*_view(trains, t_start, t_stop), float(max_isi_ms), int(min_spikes))


def spike_stats_file(path, n_neurons, t_start, t_stop, *, bin_ms, isi_bin_ms=1.0, isi_max_ms=100.0, r_ms=5.0,
                     sigma_ms=0.0, header="detect", time_column=None, neuron_column=None, time_unit=None):
    """Statistics of a spike file of any size in bounded memory (rows in time order,
    as axon writes them): read chunk by chunk into libaxon's ax_spike_stats.  Returns
    a dict: counts, rates, cv, lv, lvr (per neuron), population_rate (bins of bin_ms,
    smoothed with sigma_ms), isi_histogram (bins of isi_bin_ms up to isi_max_ms) and
    isi_beyond - the same values as the in-memory functions give."""
    if math.isnan(float(t_start)) or math.isnan(float(t_stop)):
        raise ArgumentError("spike_stats_file: give the interval [t_start, t_stop] (ms)")
    return _axon.trains_stats_file(os.fspath(path), _format(header, time_column, neuron_column, time_unit, None),
                                   int(n_neurons), float(t_start), float(t_stop), float(bin_ms), float(isi_bin_ms),
                                   float(isi_max_ms), float(r_ms), float(sigma_ms))
