"""axon.analysis, statistical tests and pattern recall (docs/analysis.md); re-exported by axon.analysis.

The tests follow scipy.stats (same statistics, p-values and argument names);
docs/analysis.md says where the p-values differ from SciPy's and by how much.
"""
from collections import namedtuple

import numpy as np

from . import _axon
from .errors import ArgumentError

__all__ = ['TtestResult', 'KstestResult', 'RecallSweep', 'BestMatch', 'beta_inc', 't_cdf', 't_sf', 'ttest_ind',
           'ttest_1samp', 'ttest_rel', 'ks_smirnov_sf', 'ks_kolmogorov_sf', 'ks_kolmogorov_limit_sf', 'ks_2samp',
           'kstest', 'wasserstein_distance', 'recall_accuracy', 'recall_sweep', 'best_match']

TtestResult = namedtuple('TtestResult', ['statistic', 'pvalue', 'df'])
TtestResult.__doc__ = "A t-test's result: t, its p-value, degrees of freedom (not an integer for Welch's test)."
KstestResult = namedtuple('KstestResult', ['statistic', 'pvalue', 'statistic_location', 'statistic_sign', 'method'])
KstestResult.__doc__ = ("A KS test's result: D, its p-value, the value where D is reached, the sign of the ECDF "
                        "difference there (+1, -1) and the method used ('exact' or 'asymp').")
RecallSweep = namedtuple('RecallSweep', ['accuracy', 'threshold', 'inverted', 'accuracies', 'inverted_accuracies'])
RecallSweep.__doc__ = ("The best recall over a threshold sweep: accuracy, the (lowest) threshold giving it, whether "
                       "the inverted pattern gave it, and the accuracy per given threshold (None when swept "
                       "automatically).")
BestMatch = namedtuple('BestMatch', ['index', 'r'])
BestMatch.__doc__ = "The best-correlated pattern's index and every pattern's Pearson r (nan for a constant pattern)."

_ALTERNATIVES = {'two-sided': 0, 'less': 1, 'greater': 2}
_METHODS = {'auto': 0, 'exact': 1, 'asymp': 2}


def _choice(value, table, what, call):
    try:
        return table[value]
    except (KeyError, TypeError):
        raise ArgumentError(f"{call}: {what} {value!r} is not one of {', '.join(map(repr, table))}") from None


def _sample(x):
    return np.ascontiguousarray(np.atleast_1d(np.asarray(x, dtype=np.float64)))


def beta_inc(a, b, x):
    """The regularized incomplete beta function I_x(a, b) (as scipy.special.betainc)."""
    return _axon.stats_beta_inc(float(a), float(b), float(x))


def t_cdf(t, df):
    """P(T <= t) for Student's t with df degrees of freedom (as scipy.stats.t.cdf)."""
    return _axon.stats_t_cdf(float(t), float(df))[0]


def t_sf(t, df):
    """P(T > t) for Student's t with df degrees of freedom (as scipy.stats.t.sf), accurate in the far tail."""
    return _axon.stats_t_cdf(float(t), float(df))[1]


def ttest_ind(a, b, equal_var=True, alternative='two-sided'):
    """Two-sample t-test, as scipy.stats.ttest_ind: Student's (pooled variance) with equal_var=True, Welch's
    otherwise.  Each sample needs >= 2 finite values; two constant samples raise ArgumentError (t undefined).
    Returns TtestResult(statistic, pvalue, df)."""
    alt = _choice(alternative, _ALTERNATIVES, 'alternative', 'ttest_ind')
    return TtestResult(*_axon.stats_ttest_ind(_sample(a), _sample(b), bool(equal_var), alt))


def ttest_1samp(a, popmean, alternative='two-sided'):
    """One-sample t-test of the mean against popmean, as scipy.stats.ttest_1samp.  Returns TtestResult."""
    alt = _choice(alternative, _ALTERNATIVES, 'alternative', 'ttest_1samp')
    return TtestResult(*_axon.stats_ttest_1samp(_sample(a), float(popmean), alt))


def ttest_rel(a, b, alternative='two-sided'):
    """Paired t-test (the one-sample test of a - b against 0), as scipy.stats.ttest_rel.  Returns TtestResult."""
    alt = _choice(alternative, _ALTERNATIVES, 'alternative', 'ttest_rel')
    return TtestResult(*_axon.stats_ttest_rel(_sample(a), _sample(b), alt))


def ks_smirnov_sf(d, n):
    """P(D_n^+ >= d), the one-sided one-sample KS statistic's exact survival function (scipy.stats.ksone.sf)."""
    return _axon.stats_ks_smirnov_sf(float(d), int(n))


def ks_kolmogorov_sf(d, n):
    """P(D_n >= d), the two-sided one-sample KS statistic's survival function (scipy.stats.kstwo.sf)."""
    return _axon.stats_ks_kolmogorov_sf(float(d), int(n))


def ks_kolmogorov_limit_sf(y):
    """P(K > y) of Kolmogorov's limit distribution (scipy.stats.kstwobign.sf, scipy.special.kolmogorov)."""
    return _axon.stats_ks_kolmogorov_limit_sf(float(y))


def ks_2samp(data1, data2, alternative='two-sided', method='auto'):
    """Two-sample Kolmogorov-Smirnov test, as scipy.stats.ks_2samp (method 'auto', 'exact' or 'asymp').
    Returns KstestResult."""
    alt = _choice(alternative, _ALTERNATIVES, 'alternative', 'ks_2samp')
    meth = _choice(method, _METHODS, 'method', 'ks_2samp')
    return KstestResult(*_axon.stats_ks_2samp(_sample(data1), _sample(data2), alt, meth))


_DISTRIBUTIONS = ('uniform', 'norm', 'expon')


def kstest(rvs, cdf, args=(), alternative='two-sided', method='auto'):
    """One-sample Kolmogorov-Smirnov test of the sample rvs against a continuous CDF, as scipy.stats.kstest.

    cdf is 'uniform', 'norm' or 'expon' with args (loc, scale) as in scipy.stats (defaults 0, 1), or a callable
    F(x) -> [0, 1] (called once per value, with args after x).  method 'auto' and 'exact' use the finite-n
    distribution (kstwo), 'asymp' Kolmogorov's limit; one-sided alternatives are always exact.
    Returns KstestResult."""
    alt = _choice(alternative, _ALTERNATIVES, 'alternative', 'kstest')
    meth = _choice(method, _METHODS, 'method', 'kstest')
    x = _sample(rvs)
    if callable(cdf):
        fn = (lambda v: cdf(v, *args)) if args else cdf
        return KstestResult(*_axon.stats_ks_1samp(x, fn, alt, meth))
    if cdf not in _DISTRIBUTIONS:
        raise ArgumentError(f"kstest: cdf {cdf!r} is not a callable nor one of {', '.join(map(repr, _DISTRIBUTIONS))}")
    if len(args) > 2:
        raise ArgumentError(f"kstest: args {args!r}: {cdf} takes (loc, scale)")
    loc, scale = (tuple(float(a) for a in args) + (0.0, 1.0)[len(args):])
    if cdf == 'uniform':
        return KstestResult(*_axon.stats_ks_1samp_dist(x, 0, loc, loc + scale, alt, meth))
    if cdf == 'norm':
        return KstestResult(*_axon.stats_ks_1samp_dist(x, 1, loc, scale, alt, meth))
    # expon(loc, scale): exponential with rate 1/scale, shifted by loc
    if not scale > 0:
        raise ArgumentError(f"kstest: expon scale {scale!r} is not allowed: > 0")
    r = KstestResult(*_axon.stats_ks_1samp_dist(x - loc, 2, 1.0 / scale, 0.0, alt, meth))
    return r._replace(statistic_location=r.statistic_location + loc) if loc else r


def wasserstein_distance(u_values, v_values, u_weights=None, v_weights=None):
    """The 1-D Wasserstein (earth mover's) distance between two weighted samples, as
    scipy.stats.wasserstein_distance (in the values' unit).  Weights >= 0, not all zero."""
    uw = None if u_weights is None else _sample(u_weights)
    vw = None if v_weights is None else _sample(v_weights)
    return _axon.stats_wasserstein_distance(_sample(u_values), _sample(v_values), uw, vw)


def recall_accuracy(counts, pattern, threshold):
    """The fraction of neurons whose state (on: count >= threshold) equals the pattern's (1 on; 0 or -1 off)."""
    return _axon.pattern_recall_accuracy(_sample(counts), _sample(pattern), float(threshold))


def recall_sweep(counts, pattern, thresholds=None):
    """The best recall accuracy over thresholds (None: every split of the counts), against the pattern and its
    inverse; ties go to the lower threshold, then to the pattern.  Returns RecallSweep."""
    th = None if thresholds is None else _sample(thresholds)
    return RecallSweep(*_axon.pattern_recall_sweep(_sample(counts), _sample(pattern), th))


def best_match(counts, patterns):
    """The stored pattern (a row of the 2-D patterns) whose Pearson correlation with the counts is largest.
    Constant counts raise ArgumentError; a constant pattern's r is nan and never wins.  Returns BestMatch."""
    c = _sample(counts)
    p = np.asarray(patterns, dtype=np.float64)
    if p.ndim == 1:
        p = p.reshape(1, -1)
    if p.ndim != 2:
        raise ArgumentError(f"best_match: patterns has shape {p.shape}: (n_patterns, n_neurons) is needed")
    if p.shape[1] != c.size:
        raise ArgumentError(f"best_match: patterns have {p.shape[1]} values and counts {c.size}: one per neuron")
    index, r = _axon.pattern_best_match(c, np.ascontiguousarray(p).ravel(), p.shape[0])
    return BestMatch(index, r)
