"""axon.analysis correlations and synchrony (docs/analysis.md, "Correlations
and synchrony") against independent references computed here, live, on the
same random and edge-case inputs: numpy.corrcoef of numpy.histogram counts,
scipy.stats.pearsonr, all-pairs correlograms in numpy, Golomb's chi^2 from
its definition in numpy; and two statistical checks (independent Poisson
trains, a shared-input construction) against what theory says.

Tolerances: 1e-12 relative where the arithmetic is the same up to the order
of the sums (axon's sums of integer counts are exact, numpy's rounded), with
an absolute floor of 1e-12 for coefficients near 0; integer counts exactly.
"""
import warnings

import numpy as np
import pytest
import scipy.stats

import axon
from axon import analysis as aa

RTOL, ATOL = 1e-12, 1e-12


def poisson(rng, rate_hz, t0, t1):
    return np.sort(rng.uniform(t0, t1, rng.poisson(rate_hz * (t1 - t0) / 1000.0)))


def edges(t0, t1, bin_ms):
    """The documented bins: whole bins of bin_ms from t0, edges t0 + k * bin_ms."""
    n = int(np.floor((t1 - t0) / bin_ms + 1e-9))
    return t0 + bin_ms * np.arange(n + 1)


def counts(trains, t0, t1, bin_ms):
    e = edges(t0, t1, bin_ms)
    return np.array([np.histogram(t, e)[0] for t in trains], dtype=float)


def corrcoef(c):
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.corrcoef(c)
    return np.atleast_2d(r)


def random_trains(seed, n=15, t0=-3.0, t1=997.3):
    rng = np.random.default_rng(seed)
    trains = [poisson(rng, rate, t0, t1) for rate in rng.uniform(1, 60, n)]
    trains[2] = np.array([])                 # silent
    trains[4] = np.array([t0, t1])           # on both ends (t1 in the partial bin, or the last)
    trains[5] = trains[1].copy()             # identical: r = 1
    return trains, t0, t1


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("bin_ms", [0.5, 3.0, 20.0, 100.0, 333.0])
def test_matrix_is_numpy_corrcoef_of_histogram_counts(seed, bin_ms):
    trains, t0, t1 = random_trains(seed)
    r = aa.correlation_matrix(trains, t0, t1, bin_ms)
    ref = corrcoef(counts(trains, t0, t1, bin_ms))
    np.testing.assert_array_equal(np.isnan(r), np.isnan(ref))
    np.testing.assert_allclose(r, ref, rtol=RTOL, atol=ATOL)
    assert r[1, 5] == 1.0 and np.isnan(r[2]).all()


def test_matrix_spikes_on_bin_edges():
    """Times on a 0.1 ms grid, bins of 0.5 ms: many spikes sit on edges, each in
    the bin it starts (numpy.histogram's rule, the edges computed alike)."""
    rng = np.random.default_rng(5)
    trains = [np.unique(rng.integers(0, 2000, 300)) * 0.1 for _ in range(8)]
    r = aa.correlation_matrix(trains, 0.0, 200.0, 0.5)
    np.testing.assert_allclose(r, corrcoef(counts(trains, 0.0, 200.0, 0.5)), rtol=RTOL, atol=ATOL)


def test_partial_last_bin_is_dropped():
    """A spike after the last whole bin is not counted: here that decides r.
    Counting the partial bin as a whole one (a wrong implementation) gives
    another value, so the test would catch it."""
    trains = [np.array([1.0, 11.0]), np.array([2.0, 10.9])]
    r = aa.correlation_matrix(trains, 0.0, 11.0, 2.0)          # 5 whole bins, [10, 11] dropped
    assert r[0, 1] == pytest.approx(corrcoef(counts(trains, 0.0, 11.0, 2.0))[0, 1], rel=RTOL)
    wrong = corrcoef(np.array([np.histogram(t, np.arange(0.0, 12.1, 2.0))[0] for t in trains]))
    assert abs(r[0, 1] - wrong[0, 1]) > 0.1


def test_matrix_of_chosen_trains_and_edge_cases():
    trains, t0, t1 = random_trains(7)
    full = aa.correlation_matrix(trains, t0, t1, 10.0)
    which = [9, 0, 5, 1]
    np.testing.assert_array_equal(aa.correlation_matrix(trains, t0, t1, 10.0, which=which),
                                  full[np.ix_(which, which)])
    # all of a train's spikes in one bin: its counts are not constant (that bin differs), so r exists
    one_bin = [np.full(5, 12.0), np.array([12.5]), np.array([50.0])]
    r = aa.correlation_matrix(one_bin, 0.0, 100.0, 10.0)
    np.testing.assert_allclose(r, corrcoef(counts(one_bin, 0.0, 100.0, 10.0)), rtol=RTOL)
    assert r[0, 1] == 1.0
    with pytest.raises(axon.ArgumentError, match="whole bins"):
        aa.correlation_matrix(trains, t0, t1, 2000.0)             # a bin wider than the interval
    with pytest.raises(axon.ArgumentError, match="bin_ms = 0"):
        aa.correlation_matrix(trains, t0, t1, 0.0)
    with pytest.raises(axon.ArgumentError, match="increasing order"):
        aa.correlation_matrix([np.array([3.0, 1.0])], 0.0, 10.0, 1.0)
    with pytest.raises(axon.ArgumentError, match="outside the interval"):
        aa.correlation_matrix([np.array([-1.0])], 0.0, 10.0, 1.0)
    with pytest.raises(axon.ArgumentError, match="which"):
        aa.correlation_matrix(trains, t0, t1, 10.0, which=[0, 99])
    with pytest.raises(axon.ArgumentError):
        aa.correlation_matrix(trains, t0, t1, 10.0, which=[-1])
    with pytest.raises(axon.ArgumentError, match="n = 0"):
        aa.correlation_matrix(trains, t0, t1, 10.0, which=[])
    with pytest.raises(axon.ArgumentError, match="no trains"):
        aa.correlation_matrix([], 0.0, 10.0, 1.0)


def test_sampled_pairs_are_the_matrix_entries():
    trains, t0, t1 = random_trains(11, n=40)
    full = aa.correlation_matrix(trains, t0, t1, 5.0)
    p = aa.correlation_pairs(trains, t0, t1, 5.0, 200, seed=8)
    i, j, r = p["i"], p["j"], p["r"]
    assert len(set(zip(i, j))) == 200 and (i < j).all()
    assert list(zip(i, j)) == sorted(zip(i, j))
    np.testing.assert_array_equal(r, full[i, j])
    again = aa.correlation_pairs(trains, t0, t1, 5.0, 200, seed=8)
    np.testing.assert_array_equal(again["i"], i)
    every = aa.correlation_pairs(trains, t0, t1, 5.0, 40 * 39 // 2, seed=1)
    np.testing.assert_array_equal(every["r"], full[np.triu_indices(40, 1)])
    with pytest.raises(axon.ArgumentError, match="n_pairs = 781"):
        aa.correlation_pairs(trains, t0, t1, 5.0, 781)


def test_summary_is_numpy():
    rng = np.random.default_rng(3)
    r = rng.uniform(-1, 1, 101)
    r[rng.integers(0, 101, 10)] = np.nan
    s = aa.correlation_summary(r)
    d = r[~np.isnan(r)]
    assert s["n_defined"] == d.size and s["n_undefined"] == 101 - d.size
    assert s["mean"] == pytest.approx(d.mean(), rel=RTOL)
    assert s["sd"] == pytest.approx(d.std(ddof=1), rel=RTOL)
    for key, q in (("min", 0), ("q25", 0.25), ("median", 0.5), ("q75", 0.75), ("max", 1)):
        assert s[key] == pytest.approx(np.quantile(d, q), rel=RTOL, abs=1e-15), key
    with pytest.raises(axon.ArgumentError, match="r\\[0\\] = 2"):
        aa.correlation_summary([2.0])


@pytest.mark.parametrize("seed", range(5))
def test_pearsonr_is_scipy(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=50) * 10 ** rng.uniform(-3, 3)
    y = rng.uniform(-1, 1) * x + rng.normal(size=50) + 1e4
    assert aa.pearsonr(x, y) == pytest.approx(scipy.stats.pearsonr(x, y)[0], rel=RTOL, abs=ATOL)


def test_pearsonr_constant_and_bad_input():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.isnan(scipy.stats.pearsonr([0.1, 0.1, 0.1], [1, 2, 4])[0])
    assert np.isnan(aa.pearsonr([0.1, 0.1, 0.1], [1, 2, 4]))
    assert aa.pearsonr([1, 2, 4], [1, 2, 4]) == 1.0
    assert aa.pearsonr([1, 2, 4], [-1, -2, -4]) == -1.0
    with pytest.raises(axon.ArgumentError, match="n = 1"):
        aa.pearsonr([1.0], [2.0])
    with pytest.raises(axon.ArgumentError, match="not finite"):
        aa.pearsonr([1.0, np.nan], [2.0, 3.0])
    with pytest.raises(axon.ArgumentError, match="as many"):
        aa.pearsonr([1.0, 2.0], [2.0, 3.0, 4.0])


def brute_correlogram(ta, tb, bin_ms, max_lag_ms, auto=False):
    """Every pair's lag through numpy.histogram (continuous times: no lag on an edge)."""
    d = tb[None, :] - ta[:, None]
    if auto:
        d = d[~np.eye(len(ta), dtype=bool)]
    k = int(np.floor(max_lag_ms / bin_ms + 1e-9))
    return np.histogram(d.ravel(), (np.arange(-k, k + 2) - 0.5) * bin_ms)[0]


@pytest.mark.parametrize("bin_ms,max_lag_ms", [(1.0, 30.0), (2.5, 10.0), (0.7, 5.0), (5.0, 3.0), (4.0, 1000.0)])
def test_correlograms_are_all_pairs(bin_ms, max_lag_ms):
    rng = np.random.default_rng(int(bin_ms * 10))
    a, b = poisson(rng, 30, 0, 2000), poisson(rng, 50, 0, 2000)
    lags, ccg = aa.cross_correlogram(a, b, 0, 2000, bin_ms, max_lag_ms)
    k = int(np.floor(max_lag_ms / bin_ms + 1e-9))
    np.testing.assert_array_equal(lags, np.arange(-k, k + 1) * bin_ms)
    np.testing.assert_array_equal(ccg, brute_correlogram(a, b, bin_ms, max_lag_ms))
    _, acg = aa.autocorrelogram(a, 0, 2000, bin_ms, max_lag_ms)
    np.testing.assert_array_equal(acg, brute_correlogram(a, a, bin_ms, max_lag_ms, auto=True))
    np.testing.assert_array_equal(acg, acg[::-1])
    _, rate = aa.cross_correlogram(a, b, 0, 2000, bin_ms, max_lag_ms, rate=True)
    np.testing.assert_allclose(rate, ccg / (len(a) * bin_ms / 1000.0), rtol=RTOL)


def test_correlogram_ties_on_edges_go_away_from_zero():
    """Grid times: lags of exactly +-1.5 bins go to bins +-2 (symmetric), where
    numpy.histogram would put -1.5 in bin -1."""
    a, b = np.array([10.0]), np.array([8.5, 9.6, 10.4, 11.5])
    _, c = aa.cross_correlogram(a, b, 0, 20, 1.0, 3.0)
    np.testing.assert_array_equal(c, [0, 1, 0, 2, 0, 1, 0])
    _, one = aa.cross_correlogram(a, b, 0, 20, 1.0, 0.5)        # max_lag < bin: the bin of lag 0 only
    np.testing.assert_array_equal(one, [2])


def test_correlogram_edge_cases():
    _, c = aa.cross_correlogram(np.array([]), np.array([1.0]), 0, 10, 1.0, 2.0)
    np.testing.assert_array_equal(c, np.zeros(5))
    _, r = aa.cross_correlogram(np.array([]), np.array([1.0]), 0, 10, 1.0, 2.0, rate=True)
    assert np.isnan(r).all()
    _, c = aa.autocorrelogram(np.array([5.0]), 0, 10, 1.0, 2.0)   # one spike: no pair
    np.testing.assert_array_equal(c, np.zeros(5))
    _, c = aa.cross_correlogram(np.array([5.0]), np.array([5.0]), 0, 10, 1.0, 2.0)
    np.testing.assert_array_equal(c, [0, 0, 1, 0, 0])           # with itself: the self pair at lag 0
    with pytest.raises(axon.ArgumentError, match="max_lag_ms = -1"):
        aa.autocorrelogram(np.array([5.0]), 0, 10, 1.0, -1.0)
    with pytest.raises(axon.ArgumentError, match="bin_ms = -1"):
        aa.autocorrelogram(np.array([5.0]), 0, 10, -1.0, 1.0)
    with pytest.raises(axon.ArgumentError, match="increasing order"):
        aa.autocorrelogram(np.array([5.0, 4.0]), 0, 10, 1.0, 1.0)


def chi2(c, bin_ms, sigma_ms=0.0):
    """Golomb's chi^2 from its definition, with the documented Gaussian kernel."""
    if sigma_ms > 0:
        m = min(int(np.floor(5 * sigma_ms / bin_ms)), c.shape[1])
        g = np.exp(-0.5 * ((np.arange(2 * m + 1) - m) * bin_ms / sigma_ms) ** 2)
        c = np.array([np.convolve(row, g / g.sum())[m:m + c.shape[1]] for row in c])
    return np.var(c.mean(axis=0)) / np.mean(np.var(c, axis=1))


@pytest.mark.parametrize("bin_ms,sigma_ms", [(1.0, 0.0), (2.0, 0.0), (25.0, 0.0), (1.0, 3.0), (5.0, 40.0)])
def test_synchrony_is_its_definition(bin_ms, sigma_ms):
    trains, t0, t1 = random_trains(13)
    got = aa.synchrony(trains, t0, t1, bin_ms, sigma_ms)
    c = counts(trains, t0, t1, bin_ms)
    assert got == pytest.approx(chi2(c, bin_ms, sigma_ms), rel=RTOL)
    # the slip of a mean of standard deviations squared in the denominator would fail the test
    wrong = np.var(c.mean(axis=0)) / np.mean(np.std(c, axis=1)) ** 2
    assert sigma_ms > 0 or abs(wrong - got) > 1e-6 * got


def test_synchrony_edge_cases():
    t = np.array([1.0, 4.5, 8.0])
    assert aa.synchrony([t, t, t], 0, 10, 1.0) == 1.0
    assert aa.synchrony([t], 0, 10, 1.0) == 1.0
    assert np.isnan(aa.synchrony([np.array([]), np.array([])], 0, 10, 1.0))
    with pytest.raises(axon.ArgumentError, match="sigma_ms = -1"):
        aa.synchrony([t], 0, 10, 1.0, -1.0)
    with pytest.raises(axon.ArgumentError, match="whole bins"):
        aa.synchrony([t], 0, 10, 7.0)


def test_independent_poisson_trains_are_uncorrelated():
    """50 independent 10 Hz trains, 10 s in 1 ms bins (10000 bins).  Under
    independence each r has mean ~0 and variance ~1/n_bins, and the r of
    different pairs are uncorrelated, so the mean of the 1225 pairs has sd
    1/sqrt(1225 * 10000) = 2.9e-4: |mean r| < 5 sd = 1.4e-3 (fails by chance
    with p < 1e-6).  The sd of r is within 15% of 1/sqrt(n_bins) = 0.01."""
    rng = np.random.default_rng(2026)
    trains = [poisson(rng, 10.0, 0, 10000) for _ in range(50)]
    r = aa.correlation_matrix(trains, 0, 10000, 1.0)
    s = aa.correlation_summary(r[np.triu_indices(50, 1)])
    assert abs(s["mean"]) < 5 / np.sqrt(1225 * 10000), s
    assert 0.85 * 0.01 < s["sd"] < 1.15 * 0.01, s
    chi = aa.synchrony(trains, 0, 10000, 1.0)
    assert chi == pytest.approx(1 / 50, rel=0.1)    # independent: var of the mean = mean var / N


def test_shared_input_gives_the_correlation_it_implies():
    """Each train = its own Poisson train at (1 - c) nu + one common train at
    c nu: binned counts X_i + Y with X_i, Y independent Poisson, so r = var Y /
    (var X_i + var Y) = c, and chi^2 = (c + (1 - c) / N) exactly in
    expectation.  c = 0.3, nu = 20 Hz, 20 trains, 100 s in 5 ms bins (20000
    bins): each r has sd ~ (1 - c^2) / sqrt(20000) = 0.0064; the pairs share Y,
    so their errors are correlated and the mean is given no better: bound
    0.03 (over 4 sd)."""
    rng = np.random.default_rng(99)
    c, nu, n, t1 = 0.3, 20.0, 20, 100000.0
    common = poisson(rng, c * nu, 0, t1)
    trains = [np.sort(np.concatenate([poisson(rng, (1 - c) * nu, 0, t1), common])) for _ in range(n)]
    p = aa.correlation_pairs(trains, 0, t1, 5.0, 100, seed=4)
    assert abs(np.mean(p["r"]) - c) < 0.03, np.mean(p["r"])
    assert aa.synchrony(trains, 0, t1, 5.0) == pytest.approx(c + (1 - c) / n, abs=0.03)


def test_dense_product_over_several_blocks():
    """40 trains at 800 Hz in 1 ms bins: most bins hold a spike of most trains,
    so the dense product is taken, over more than one block of rows (32) and
    of bins (1024)."""
    rng = np.random.default_rng(17)
    trains = [poisson(rng, 800.0, 0, 2500.0) for _ in range(40)]
    r = aa.correlation_matrix(trains, 0, 2500.0, 1.0)
    np.testing.assert_allclose(r, corrcoef(counts(trains, 0, 2500.0, 1.0)), rtol=RTOL, atol=ATOL)
