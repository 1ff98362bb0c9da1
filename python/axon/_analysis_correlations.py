"""axon.analysis, correlations and synchrony of spike trains (docs/analysis.md); re-exported by axon.analysis.

Spike trains are a list of 1-D arrays of spike times in ms (each sorted,
inside [t_start, t_stop]); counts are binned in the whole bins of bin_ms from
t_start (numpy.histogram with the edges t_start + k * bin_ms; spikes after
the last whole bin are not counted).  Failures raise axon's error classes
(axon.ArgumentError for bad input).
"""
import numpy as np

from . import _axon

__all__ = ["correlation_matrix", "correlation_pairs", "correlation_summary", "pearsonr", "cross_correlogram",
           "autocorrelogram", "synchrony"]


def _indices(which, name):
    a = np.asarray(which)
    if a.ndim != 1 or (a.size and not np.issubdtype(a.dtype, np.integer)):
        raise TypeError("%s: which must be a 1-D sequence of train indices" % name)
    if a.size and a.min() < 0:
        from .errors import ArgumentError
        raise ArgumentError("%s: which holds %d: indices are >= 0" % (name, a.min()))
    return a.astype(np.uintp)


def correlation_matrix(trains, t_start, t_stop, bin_ms, which=None):
    """Pearson's r of the binned spike counts of every pair of trains.

    Returns an (n, n) array (n = len(which), or every train): symmetric, 1 on
    the diagonal, numpy.corrcoef of the count vectors.  A train whose counts
    are all equal (silent, say) has NaN in its row and column.
    """
    if which is not None:
        which = _indices(which, "correlation_matrix")
    return _axon._corr_matrix(trains, float(t_start), float(t_stop), float(bin_ms), which)


def correlation_pairs(trains, t_start, t_stop, bin_ms, n_pairs, seed=0):
    """Pearson's r of binned counts for n_pairs distinct pairs i < j drawn at random.

    The pairs are drawn without replacement with axon's counter-based random
    numbers from `seed` (the same seed gives the same pairs on any machine
    and thread count).  Returns {"i", "j", "r"}: arrays sorted by (i, j);
    r is NaN where a train's counts are constant.
    """
    p = _axon._corr_pairs(trains, float(t_start), float(t_stop), float(bin_ms), int(n_pairs), int(seed))
    p["i"], p["j"] = p["i"].astype(np.intp), p["j"].astype(np.intp)
    return p


def correlation_summary(r):
    """The distribution of correlation coefficients r (NaN values counted as undefined, left out).

    Returns a dict: n_defined, n_undefined, mean, sd (n - 1), min, q25,
    median, q75, max (numpy.quantile's linear interpolation); the statistics
    are NaN when no value is defined (sd also with one).
    """
    return _axon._corr_summary(np.asarray(r, dtype=float).ravel())


def pearsonr(x, y):
    """Pearson's correlation coefficient of two equally long series (scipy.stats.pearsonr's statistic).

    NaN when either series is constant.
    """
    return _axon._corr_pearsonr(x, y)


def cross_correlogram(train_a, train_b, t_start, t_stop, bin_ms, max_lag_ms, rate=False):
    """Histogram of the lags t_b - t_a (ms) between every spike of train_a and every spike of train_b.

    2K + 1 bins of bin_ms centred on 0 (K = floor(max_lag_ms / bin_ms));
    returns (lags_ms, values): the bins' centres and the pair counts, or with
    rate=True the rate (Hz) of train_b around a spike of train_a (NaN when
    train_a has no spike).
    """
    return _axon._corr_cross_correlogram([train_a, train_b], float(t_start), float(t_stop), 0, 1, float(bin_ms),
                                         float(max_lag_ms), bool(rate))


def autocorrelogram(train, t_start, t_stop, bin_ms, max_lag_ms, rate=False):
    """The cross-correlogram of a train with itself without each spike's pair with itself (symmetric).

    Returns (lags_ms, values) as cross_correlogram.
    """
    return _axon._corr_autocorrelogram([train], float(t_start), float(t_stop), 0, 0, float(bin_ms),
                                       float(max_lag_ms), bool(rate))


def synchrony(trains, t_start, t_stop, bin_ms, sigma_ms=0.0):
    """Golomb's synchrony measure chi^2 of binned counts (optionally Gaussian-smoothed with sigma_ms).

    var_t(population average) / mean_i var_t(train i): in [0, 1], 1 for
    identical trains, about 1/N for independent ones; NaN when every train's
    counts are constant.
    """
    return _axon._corr_synchrony(trains, float(t_start), float(t_stop), float(bin_ms), float(sigma_ms))
