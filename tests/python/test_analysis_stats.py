"""Statistical tests, KS distributions, Wasserstein distance and pattern recall
(axon.analysis, docs/analysis.md) checked live against SciPy on random and
edge-case inputs.  Every comparison states its tolerance and why.

That the comparisons can fail: a t p-value taken as 1 - cdf instead of the
tail loses every digit below 1e-16 (test_t_distribution_tails), Student's df
used for Welch's test moves p by > 1e-3 on unequal variances
(test_ttest_ind_against_scipy), a missing 1/2 in the pooled-variance formula
changes t by a factor, an off-by-one in D- (i/n instead of (i-1)/n) changes
every one-sample statistic, and the distance test uses unequal weights so
ignoring weights would be caught."""
import math
import warnings

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats as ss

import axon
from axon import analysis as A

RNG = np.random.default_rng(20261207)


def rel(got, ref):
    return abs(got - ref) / abs(ref)


# ---- special functions ----

def test_t_distribution_grid():
    """P(T > t) and P(T <= t) against scipy.stats.t (Boost's ibeta) over df 1 .. 1e6 and |t| <= 1e3, down to
    1e-300: relative 1e-12 (measured worst 3.1e-13, at df = 1e6, t = -35, p = 1.6e-268: x^(df/2) there
    has condition number ~600 in log x, so ~1e-13 is what doubles allow)."""
    worst = 0.0
    for df in [1, 1.5, 2, 3, 4.7, 10, 29, 30, 31, 100, 1e3, 1e4, 1e5, 1e6]:
        for t in [0.0, 1e-9, 0.01, 0.3, 1, 2, 3, 5, 8, 13, 20, 35, 60, 100, 300, 1000]:
            for s in (t, -t):
                for got, ref in ((A.t_sf(s, df), ss.t.sf(s, df)), (A.t_cdf(s, df), ss.t.cdf(s, df))):
                    if ref < 1e-300:
                        assert got < 1e-290
                        continue
                    worst = max(worst, rel(got, ref))
                    assert rel(got, ref) < 1e-12, (s, df, got, ref)
    assert worst > 0   # the comparison ran


def test_t_distribution_tails():
    """Tiny tails are computed, not 1 - cdf: with df = 1 (Cauchy) P(T > t) = atan(1/t)/pi exactly; relative
    1e-13."""
    for t in [1e3, 1e6, 1e10, 1e100, 1e300]:
        ref = math.atan(1.0 / t) / math.pi
        assert rel(A.t_sf(t, 1), ref) < 1e-13
        assert rel(A.t_cdf(-t, 1), ref) < 1e-13
    assert A.t_sf(math.inf, 3) == 0.0 and A.t_cdf(-math.inf, 3) == 0.0
    assert A.t_sf(0.0, 7) == 0.5


def test_beta_inc_against_scipy():
    """I_x(a, b) against scipy.special.betainc: relative 1e-12 for a + b <= 100 and 1e-12 (a + b)/100 beyond
    (measured: 7.4e-13 up to 100, 2.5e-12 at 1e3, 1.1e-11 at 1e4, 3.4e-10 at 1e6; the function's condition in
    x and a, b grows like sqrt(a + b) and the continued fraction's rounding with it)."""
    for _ in range(3000):
        a, b = 10 ** RNG.uniform(-2, 5, 2)
        x = RNG.uniform()
        ref = sp.betainc(a, b, x)
        if ref < 1e-300:
            continue
        assert rel(A.beta_inc(a, b, x), ref) < 1e-12 * max(1.0, (a + b) / 100), (a, b, x)
    assert A.beta_inc(2.5, 3.5, 0.0) == 0.0 and A.beta_inc(2.5, 3.5, 1.0) == 1.0


@pytest.mark.parametrize("args", [(0, 1, 0.5), (1, -1, 0.5), (1, 1, 1.5), (1, 1, math.nan), (math.inf, 1, 0.5)])
def test_beta_inc_refuses(args):
    with pytest.raises(axon.ArgumentError, match="ax_stats_beta_inc"):
        A.beta_inc(*args)


# ---- t-tests ----

def samples():
    """Pairs of samples: tiny and large, ties, equal means, far apart (p down to 1e-200), large offsets."""
    for k in range(150):
        na, nb = RNG.integers(2, 12 if k % 3 == 0 else 300, 2)
        a = RNG.normal(0, 1, na)
        b = RNG.normal(RNG.uniform(-1, 1), RNG.uniform(0.2, 3), nb)
        if k % 5 == 0:
            a, b = np.round(a, 1), np.round(b, 1)     # ties
        if k % 7 == 0:
            b = b + RNG.uniform(5, 40)                  # extreme p-values
        if k % 11 == 0:
            a, b = a + 1e6, b + 1e6                     # large offset: variance by two passes
        if np.var(a) == 0 and np.var(b) == 0:
            continue
        yield a, b


def close_t(got, ref, scale):
    """t to relative 1e-10, plus what rounding the means costs: 8 eps |means| / standard error (the 1e6
    offsets: numpy sums pairwise, we in order, and the difference of means keeps the rounding of each);
    p to 1e-10 (1 + t^2) relative plus the same dt times the tail's log-derivative (~|t|, p falls like
    exp(-t^2/2) for large df)."""
    t, p = ref.statistic, ref.pvalue
    dt = 1e-10 * max(1.0, abs(t)) + 8 * 2.2e-16 * scale
    assert abs(got.statistic - t) <= dt, (got, ref)
    assert abs(got.pvalue - p) <= (1e-10 * (1 + t * t) + dt * (1 + abs(t))) * p + 1e-300, (got, ref)


def mean_scale(t, *means):
    """|means| / standard error: se = |difference of means| / |t|."""
    diff = abs(means[0] - (means[1] if len(means) > 1 else 0.0))
    return sum(abs(m) for m in means) * abs(t) / diff if diff > 0 else 0.0


@pytest.mark.filterwarnings("ignore:Precision loss:RuntimeWarning")   # SciPy on the 1e6-offset samples
def test_ttest_ind_against_scipy():
    n = 0
    for a, b in samples():
        for equal_var in (True, False):
            for alt in ("two-sided", "less", "greater"):
                got = A.ttest_ind(a, b, equal_var=equal_var, alternative=alt)
                ref = ss.ttest_ind(a, b, equal_var=equal_var, alternative=alt)
                close_t(got, ref, mean_scale(ref.statistic, np.mean(a), np.mean(b)))
                n += 1
                if not equal_var:   # Welch-Satterthwaite df, as SciPy's
                    va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
                    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
                    assert rel(got.df, df) < 1e-10
                else:
                    assert got.df == len(a) + len(b) - 2
    assert n > 500


@pytest.mark.filterwarnings("ignore:Precision loss:RuntimeWarning")
def test_ttest_1samp_and_rel_against_scipy():
    for a, b in samples():
        for alt in ("two-sided", "less", "greater"):
            ref = ss.ttest_1samp(a, 0.3, alternative=alt)
            close_t(A.ttest_1samp(a, 0.3, alternative=alt), ref, mean_scale(ref.statistic, np.mean(a), 0.3))
            m = min(len(a), len(b))
            if np.var(a[:m] - b[:m]) > 0 and m >= 2:
                ref = ss.ttest_rel(a[:m], b[:m], alternative=alt)
                close_t(A.ttest_rel(a[:m], b[:m], alternative=alt), ref,
                        mean_scale(ref.statistic, np.mean(a[:m]), np.mean(b[:m])))


def test_ttest_published_sleep_data():
    """Student's sleep data (Cushny & Peebles 1905) as in R's t.test examples: Welch t = -1.8608,
    df = 17.776, p = 0.07939; pooled df = 18, p = 0.07919; paired t = -4.0621, df = 9, p = 0.002833 (R prints 4-5
    digits: compared to them)."""
    g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    w = A.ttest_ind(g1, g2, equal_var=False)
    assert round(w.statistic, 4) == -1.8608 and round(w.df, 3) == 17.776 and round(w.pvalue, 5) == 0.07939
    s = A.ttest_ind(g1, g2)
    assert s.df == 18 and round(s.pvalue, 5) == 0.07919
    r = A.ttest_rel(g1, g2)
    assert round(r.statistic, 4) == -4.0621 and r.df == 9 and round(r.pvalue, 6) == 0.002833


def test_ttest_refuses_what_scipy_answers_with_nan():
    with pytest.raises(axon.ArgumentError, match="both samples are constant"):
        A.ttest_ind([1, 1, 1], [2, 2])
    with pytest.raises(axon.ArgumentError, match="at least 2"):
        A.ttest_ind([1.0], [1, 2, 3])
    with pytest.raises(axon.ArgumentError, match=r"b\[1\] is nan"):
        A.ttest_ind([1, 2], [1, math.nan])
    with pytest.raises(axon.ArgumentError, match="differences a - b are constant"):
        A.ttest_rel([1, 2, 3], [0, 1, 2])
    with pytest.raises(axon.ArgumentError, match="same length"):
        A.ttest_rel([1, 2, 3], [0, 1])
    with pytest.raises(axon.ArgumentError, match="alternative"):
        A.ttest_ind([1, 2], [3, 5], alternative="two_sided")


# ---- Kolmogorov-Smirnov distributions ----

def test_ks_distributions_against_scipy():
    """smirnov (ksone.sf) relative 1e-12 (measured 1.6e-13, n up to 1e6, p down to 1e-300); kstwo.sf relative
    1e-10 or absolute 1e-13 (1 - cdf by the Durbin matrix in the middle, as SciPy, loses ~1e-15 absolute:
    measured 8e-15 absolute, 4e-12 relative); kstwobign.sf relative 1e-13."""
    for n in [1, 2, 3, 5, 10, 50, 100, 140, 141, 500, 1000, 5000, 20000, 100000]:
        for d in np.linspace(0.0005, 0.9995, 70):
            r1, g1 = sp.smirnov(n, d), A.ks_smirnov_sf(d, n)
            if r1 > 1e-300:
                assert rel(g1, r1) < 1e-12, (n, d)
            r2, g2 = ss.kstwo.sf(d, n), A.ks_kolmogorov_sf(d, n)
            assert abs(g2 - r2) < 1e-13 or rel(g2, r2) < 1e-10, (n, d, g2, r2)
    for y in np.linspace(0, 8, 161):
        r = ss.kstwobign.sf(y)
        assert abs(A.ks_kolmogorov_limit_sf(y) - r) <= 1e-13 * r + 1e-300
    assert A.ks_kolmogorov_sf(0.0, 5) == 1.0 and A.ks_kolmogorov_sf(1.0, 5) == 0.0


# ---- Kolmogorov-Smirnov tests ----

def two_samples():
    for k in range(120):
        na, nb = RNG.integers(1, 250, 2)
        if k % 4 == 0:
            nb = na
        if k % 9 == 0:
            na = 1
        a = RNG.normal(0, 1, na)
        b = RNG.normal(RNG.uniform(-1.5, 1.5), 1, nb)
        if k % 3 == 0:
            a, b = np.round(a, 1), np.round(b, 1)       # ties, within and across samples
        yield a, b


def test_ks_2samp_against_scipy():
    """Statistic, location and sign equal to SciPy's; p-values relative 1e-11 (exact: sums of up to 1e5
    probabilities in another order, measured 4e-13) or 1e-10 (asymp); SciPy's runs that warn (its exact count
    overflowed and it fell back to asymp) are compared in test_ks_2samp_exact_beyond_scipy."""
    n = 0
    for a, b in two_samples():
        for alt in ("two-sided", "less", "greater"):
            for method in ("exact", "asymp", "auto"):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    ref = ss.ks_2samp(a, b, alternative=alt, method=method)
                if caught:
                    continue
                got = A.ks_2samp(a, b, alternative=alt, method=method)
                assert got.statistic == ref.statistic == 0 or rel(got.statistic, ref.statistic) < 1e-14
                assert got.statistic_location == ref.statistic_location and got.statistic_sign == ref.statistic_sign
                assert abs(got.pvalue - ref.pvalue) <= (1e-11 if method != "asymp" else 1e-10) * ref.pvalue + 1e-300
                assert got.method == ("asymp" if method == "asymp" else "exact")
                n += 1
    assert n > 800


def test_ks_2samp_exact_beyond_scipy():
    """One-sided, unequal sizes past ~1000 values: SciPy's path count overflows and it falls back to Hodges'
    asymptotic formula with a warning; ours stays exact.  Checked two ways: the one-sided p equals half the
    two-sided exact p (which matches SciPy's exact two-sided method) up to the chance of crossing both
    boundaries, relative 1e-6 here (measured 1e-15 .. 2e-7); and it is within 5 % of Hodges' approximation
    (measured 0.6 - 1.5 %: the approximation's error at these sizes)."""
    rng = np.random.default_rng(5)
    for _ in range(3):
        a, b = rng.normal(0, 1, 900), rng.normal(0.2, 1, 700)
        one = A.ks_2samp(a, b, alternative="greater", method="exact")
        two = A.ks_2samp(a, b, method="exact")
        assert one.method == "exact" and one.statistic == two.statistic and two.pvalue < 0.02
        assert abs(one.pvalue - two.pvalue / 2) < 1e-6 * one.pvalue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = ss.ks_2samp(a, b, alternative="greater", method="exact")   # falls back to asymp
        assert 1e-3 < rel(one.pvalue, ref.pvalue) < 0.05


def test_ks_2samp_auto_switches_at_10000():
    a = RNG.normal(0, 1, 10001)
    b = RNG.normal(0, 1, 40)
    got, ref = A.ks_2samp(a, b), ss.ks_2samp(a, b)
    assert got.method == "asymp" and rel(got.pvalue, ref.pvalue) < 1e-10


@pytest.mark.parametrize("cdf,args", [("norm", ()), ("norm", (0.3, 2.0)), ("uniform", (-1, 3)), ("expon", ()),
                                      ("expon", (0.5, 2.0))])
def test_kstest_named_against_scipy(cdf, args):
    """Statistic relative 1e-13 (the CDFs are libm's erfc/expm1 vs SciPy's ndtr; measured equal to 1 ulp);
    p-values as test_ks_distributions_against_scipy."""
    dist = getattr(ss, cdf)(*args)
    for n in [1, 2, 3, 7, 20, 100, 141, 1000, 3000]:
        x = dist.rvs(size=n, random_state=RNG) * (1.05 if n % 2 else 1)
        for alt in ("two-sided", "less", "greater"):
            for method in ("auto", "exact", "asymp"):
                ref = ss.kstest(x, cdf, args=args, alternative=alt, method=method)
                got = A.kstest(x, cdf, args=args, alternative=alt, method=method)
                assert abs(got.statistic - ref.statistic) <= 1e-13 * ref.statistic + 1e-16
                assert got.statistic_location == ref.statistic_location
                assert abs(got.pvalue - ref.pvalue) < 1e-13 or rel(got.pvalue, ref.pvalue) < 1e-9, (n, alt, method)


def test_kstest_callable_and_ties():
    g = ss.gamma(2.5)
    x = np.round(g.rvs(size=300, random_state=RNG), 1)   # ties
    for alt in ("two-sided", "less", "greater"):
        ref = ss.kstest(x, g.cdf, alternative=alt)
        got = A.kstest(x, g.cdf, alternative=alt)
        assert got.statistic == pytest.approx(ref.statistic, rel=1e-14)
        assert got.pvalue == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-13)


def test_kstest_refuses():
    with pytest.raises(axon.ArgumentError, match=r"CDF at x = 2 is 1.5"):
        A.kstest([1.0, 2.0], lambda v: v * 0.75)
    with pytest.raises(ZeroDivisionError):               # the callable's own exception comes through
        A.kstest([1.0, 2.0], lambda v: 1 / 0)
    with pytest.raises(axon.ArgumentError, match="empty"):
        A.kstest([], "norm")
    with pytest.raises(axon.ArgumentError, match="sd -1"):
        A.kstest([1.0], "norm", args=(0, -1))
    with pytest.raises(axon.ArgumentError, match=r"data2\[0\]|b\[0\] is NaN"):
        A.ks_2samp([1.0], [math.nan])
    with pytest.raises(axon.ArgumentError, match="method"):
        A.ks_2samp([1.0], [2.0], method="permutation")


# ---- Wasserstein distance ----

def test_wasserstein_against_scipy():
    """Relative 1e-12: the same sum of |U - V| times gaps, U and V from cumulative weights (numpy sums the
    products pairwise, we in order)."""
    for k in range(300):
        nu, nv = RNG.integers(1, 80, 2)
        u, v = RNG.normal(0, 1, nu), RNG.normal(RNG.uniform(-2, 2), RNG.uniform(0.1, 3), nv)
        if k % 3 == 0:
            u, v = np.round(u, 1), np.round(v, 1)
        uw = RNG.uniform(0, 5, nu) if k % 2 else None
        vw = RNG.uniform(0, 5, nv) if k % 4 else None
        if uw is not None and k % 5 == 0:
            uw[0] = 0.0
            uw[-1] += 1.0
        ref = ss.wasserstein_distance(u, v, uw, vw)
        got = A.wasserstein_distance(u, v, uw, vw)
        assert abs(got - ref) <= 1e-12 * ref + 1e-15, (k, got, ref)
    assert A.wasserstein_distance([0, 1], [1, 2]) == 1.0
    assert A.wasserstein_distance([3.0], [3.0]) == 0.0


def test_wasserstein_refuses():
    with pytest.raises(axon.ArgumentError, match=r"u_weights\[1\] is -1"):
        A.wasserstein_distance([0, 1], [1], [1, -1])
    with pytest.raises(axon.ArgumentError, match="all 0"):
        A.wasserstein_distance([0, 1], [1], None, [0.0])
    with pytest.raises(axon.ArgumentError, match=r"v\[0\] is nan"):
        A.wasserstein_distance([0, 1], [math.nan])
    with pytest.raises(axon.ArgumentError, match="empty"):
        A.wasserstein_distance([], [1.0])


# ---- pattern recall ----

def accuracy_ref(counts, pattern, threshold):
    """The seed pipeline's read-out, in numpy: on = count >= threshold, compared with the pattern's on cells."""
    return np.mean((np.asarray(counts) >= threshold) == (np.asarray(pattern) > 0))


def hopfield_like(distortion, rng):
    """A 7 x 7 bipolar pattern and spike counts of a recall: on cells fire 5-12 spikes, off cells 0-4, then a
    fraction of cells flipped (the distortion the network failed to correct)."""
    pattern = rng.choice([-1.0, 1.0], 49)
    on = pattern > 0
    flip = rng.random(49) < distortion
    counts = np.where(on ^ flip, rng.integers(5, 13, 49), rng.integers(0, 5, 49)).astype(float)
    return pattern, counts, flip


def test_recall_accuracy_and_sweep():
    for k in range(100):
        pattern, counts, flip = hopfield_like(0.1, RNG)
        if k % 2:
            pattern = (pattern > 0).astype(float)       # binary 0/1 patterns too
        acc = A.recall_accuracy(counts, pattern, 5)
        assert acc == accuracy_ref(counts, pattern, 5) == pytest.approx(1 - flip.mean(), rel=1e-15)
        sweep = A.recall_sweep(counts, pattern)
        # brute force: every threshold from 0 to max + 1, pattern and inverse
        best = max((max(accuracy_ref(counts, pattern, t), 1 - accuracy_ref(counts, pattern, t)), t)
                   for t in np.arange(0, counts.max() + 2))
        assert sweep.accuracy == best[0] and sweep.accuracy >= acc
        assert accuracy_ref(counts, pattern if not sweep.inverted else -pattern + (pattern.min() == 0),
                            sweep.threshold) == pytest.approx(sweep.accuracy)
        inv = A.recall_sweep(counts, np.where(pattern > 0, pattern.min(), 1.0))   # the inverted pattern
        assert inv.inverted and inv.accuracy == sweep.accuracy
    ths = np.arange(0, 14.0)
    s = A.recall_sweep(counts, pattern, ths)
    np.testing.assert_array_equal(s.accuracies, [accuracy_ref(counts, pattern, t) for t in ths])
    np.testing.assert_array_equal(s.accuracies + s.inverted_accuracies, 1.0)


def test_recall_seed_requirement():
    """The seed's doc-test criterion (>= 90 % recall, 7 x 7, 10 % distortion, on = >= 5 spikes): with 10 %
    of cells wrong the accuracy is 1 - (wrong cells)/49, so >= 0.9 exactly when at most 4 cells are wrong."""
    pattern = np.ones(49)
    pattern[::2] = -1
    counts = np.where(pattern > 0, 6.0, 1.0)
    counts[:4] = np.where(pattern[:4] > 0, 0.0, 9.0)    # 4 wrong cells
    assert A.recall_accuracy(counts, pattern, 5) == pytest.approx(45 / 49) and 45 / 49 >= 0.9
    counts[4] = 9.0 if pattern[4] < 0 else 0.0         # a 5th: below 90 %
    assert A.recall_accuracy(counts, pattern, 5) < 0.9


def test_best_match_against_pearsonr():
    """r relative 1e-12 against scipy.stats.pearsonr; the argmax is the same."""
    for k in range(100):
        patterns = RNG.choice([-1.0, 1.0], (5, 49))
        target = RNG.integers(5)
        counts = np.where(patterns[target] > 0, RNG.integers(4, 12, 49), RNG.integers(0, 6, 49)).astype(float)
        m = A.best_match(counts, patterns)
        ref = [ss.pearsonr(counts, p)[0] for p in patterns]
        np.testing.assert_allclose(m.r, ref, rtol=1e-12, atol=1e-15)
        assert m.index == int(np.argmax(ref))
    patterns[2] = 1.0                                    # a constant pattern: r is nan, it never wins
    m = A.best_match(counts, patterns)
    assert math.isnan(m.r[2]) and m.index != 2


def test_pattern_refuses():
    with pytest.raises(axon.ArgumentError, match="constant"):
        A.best_match(np.full(5, 3.0), np.eye(5))
    with pytest.raises(axon.ArgumentError, match=r"pattern\[1\] is 2"):
        A.recall_accuracy([1, 2, 3], [1, 2, 0], 2)
    with pytest.raises(axon.ArgumentError, match=r"counts\[0\] is -1"):
        A.recall_sweep([-1, 2, 3], [1, 0, 0])
    with pytest.raises(axon.ArgumentError, match="one per neuron"):
        A.recall_accuracy([1, 2, 3], [1, 0], 2)
    with pytest.raises(axon.ArgumentError, match="n_thresholds = 0"):
        A.recall_sweep([1, 2, 3], [1, 0, 0], [])
    with pytest.raises(axon.ArgumentError, match="all 1 patterns are constant"):
        A.best_match([1, 2, 3], [1, 1, 1])
