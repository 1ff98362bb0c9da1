"""Spike-train distances (docs/analysis.md, "Spike-train distances") against
independent references, live:

- ISI, SPIKE and SPIKE-synchronization (values, interval averages, profiles,
  matrices, multivariate values) against PySpike 0.7 (Debian's
  python3-pyspike, its cython backend) on random Poisson trains of many
  seeds, the pen-and-paper examples of PySpike's own test suite, and edge
  cases.  Tolerance 1e-12 absolute: axon sums the same pieces of the same
  profiles, only rounding can differ (seen: 0 for whole intervals, < 5e-15
  for sub-intervals).
- Victor-Purpura against a plain O(n m) dynamic programme written here, and
  its limits q = 0 (|n - m|) and q large (n + m).
- van Rossum against numerical integration (scipy.integrate.quad between
  spikes, where the filtered difference is smooth) of
  (1/tau) * integral (f - g)^2, and the closed form for one spike each.
"""
import numpy as np
import pytest
from scipy import integrate

import axon
from axon import analysis as an

spk = pytest.importorskip("pyspike")

ABS = 1e-12


def test_pyspike_uses_its_compiled_backend():
    # the reference must be PySpike's cython code, not its Python fallback
    from pyspike.cython import cython_distances, cython_profiles  # noqa: F401


def poisson(rng, rate_per_ms, t_stop):
    n = rng.poisson(rate_per_ms * t_stop)
    return np.sort(rng.uniform(0.0, t_stop, n))


def pair_cases():
    """(a, b, t_stop): random Poisson pairs of many seeds, with edge cases mixed in."""
    cases = []
    for seed in range(150):
        rng = np.random.default_rng(seed)
        t_stop = float(rng.choice([50.0, 300.0, 1000.0]))
        a = poisson(rng, rng.uniform(0.005, 0.06), t_stop)
        b = poisson(rng, rng.uniform(0.005, 0.06), t_stop)
        if seed % 6 == 1 and a.size and b.size:
            a[0], b[-1] = 0.0, t_stop            # spikes at both ends
        if seed % 6 == 2 and a.size > 2 and b.size > 2:
            m = min(a.size, b.size) // 2
            b[:m] = rng.choice(a, m, replace=False)
            b = np.sort(b)                        # equal times in both trains
        if seed % 6 == 3:
            b = a + rng.normal(0, 2.0, a.size)   # near-synchronous
            b = np.sort(np.clip(b, 0, t_stop))
        cases.append((a, b, t_stop))
    edge = [([], []), ([], [3.0]), ([4.0], []), ([0.0], [10.0]), ([0.0], [0.0]), ([5.0], [5.0]), ([10.0], [0.0]),
            ([0.0, 10.0], [0.0, 5.0, 10.0]), ([1.0, 2.0, 3.0], [2.1]), ([2.0, 8.0], [2.0, 8.0]), ([3.0], [3.5]),
            ([0.0, 2.5, 10.0], [10.0])]
    cases += [(np.array(a), np.array(b), 10.0) for a, b in edge]
    return cases


CASES = pair_cases()


def trains(a, b, t_stop):
    return spk.SpikeTrain(a, [0.0, t_stop]), spk.SpikeTrain(b, [0.0, t_stop])


@pytest.mark.parametrize("k", range(len(CASES)))
def test_bivariate_values_equal_pyspike(k):
    a, b, t_stop = CASES[k]
    A, B = trains(a, b, t_stop)
    assert abs(an.isi_distance(a, b, 0.0, t_stop) - spk.isi_distance(A, B)) <= ABS
    assert abs(an.spike_distance(a, b, 0.0, t_stop) - spk.spike_distance(A, B)) <= ABS
    assert abs(an.spike_sync(a, b, 0.0, t_stop) - spk.spike_sync(A, B)) <= ABS
    for max_tau in (0.5, 5.0):
        assert abs(an.spike_sync(a, b, 0.0, t_stop, max_tau_ms=max_tau) - spk.spike_sync(A, B, max_tau=max_tau)) \
            <= ABS
    # the average over a sub-interval, and over the whole one given explicitly
    for iv in ((0.13 * t_stop, 0.77 * t_stop), (0.0, t_stop), (0.5 * t_stop, t_stop)):
        assert abs(an.isi_distance(a, b, 0.0, t_stop, interval=iv) - spk.isi_distance(A, B, interval=iv)) <= ABS
        assert abs(an.spike_distance(a, b, 0.0, t_stop, interval=iv) - spk.spike_distance(A, B, interval=iv)) \
            <= ABS
        assert abs(an.spike_sync(a, b, 0.0, t_stop, interval=iv) - spk.spike_sync(A, B, interval=iv)) <= ABS


@pytest.mark.parametrize("k", range(len(CASES)))
def test_profiles_equal_pyspike(k):
    a, b, t_stop = CASES[k]
    A, B = trains(a, b, t_stop)
    p, q = an.isi_profile(a, b, 0.0, t_stop), spk.isi_profile(A, B)
    assert p["breaks"].shape == q.x.shape and p["values"].shape == q.y.shape
    np.testing.assert_allclose(p["breaks"], q.x, rtol=0, atol=ABS)
    np.testing.assert_allclose(p["values"], q.y, rtol=0, atol=ABS)
    p, q = an.spike_profile(a, b, 0.0, t_stop), spk.spike_profile(A, B)
    assert p["breaks"].shape == q.x.shape
    np.testing.assert_allclose(p["breaks"], q.x, rtol=0, atol=ABS)
    np.testing.assert_allclose(p["left"], q.y1, rtol=0, atol=ABS)
    np.testing.assert_allclose(p["right"], q.y2, rtol=0, atol=ABS)
    p, q = an.spike_sync_profile(a, b, 0.0, t_stop), spk.spike_sync_profile(A, B)
    assert p["times"].shape[0] == q.x.shape[0] - 2
    np.testing.assert_array_equal(p["times"], q.x[1:-1])
    np.testing.assert_array_equal(p["coincidences"], q.y[1:-1])
    np.testing.assert_array_equal(p["multiplicity"], q.mp[1:-1])


def test_pyspike_pen_and_paper_examples():
    # PySpike's test suite (test_distance.py), worked by hand there
    a, b = np.array([0.2, 0.4, 0.6, 0.7]), np.array([0.3, 0.45, 0.8, 0.9, 0.95])
    p = an.isi_profile(a, b, 0.0, 1.0)
    np.testing.assert_allclose(p["breaks"], [0.0, 0.2, 0.3, 0.4, 0.45, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0], atol=ABS)
    expected = [0.1 / 0.3, 0.1 / 0.3, 0.05 / 0.2, 0.05 / 0.2, 0.15 / 0.35, 0.25 / 0.35, 0.05 / 0.35, 0.2 / 0.3,
                0.25 / 0.3, 0.25 / 0.3]
    np.testing.assert_allclose(p["values"], expected, rtol=0, atol=ABS)
    widths = np.diff(p["breaks"])
    assert abs(an.isi_distance(a, b, 0.0, 1.0) - np.dot(expected, widths)) <= ABS
    # SPIKE-sync: one spike of the other train close to one of three: 2 of 4 spikes coincide
    for other in (2.1, 3.1, 1.1, 0.9):
        assert an.spike_sync([1.0, 2.0, 3.0], [other], 0.0, 4.0) == 0.5


def test_identical_trains_are_at_zero_and_fully_synchronous():
    rng = np.random.default_rng(7)
    for _ in range(20):
        a = poisson(rng, 0.03, 500.0)
        assert an.isi_distance(a, a, 0, 500) == 0.0
        assert an.spike_distance(a, a, 0, 500) == 0.0
        assert an.spike_sync(a, a, 0, 500) == 1.0
        assert an.victor_purpura(a, a, 1.0) == 0.0
        assert an.van_rossum(a, a, 5.0) == 0.0


def test_equal_times_within_a_train_give_numbers_where_pyspike_gives_nan():
    # PySpike divides 0 by 0 on pieces of length 0; axon counts them as 0,
    # so its value is PySpike's profile averaged over the pieces that have a length
    a, b = np.array([1.0, 4.0, 4.0, 9.0]), np.array([4.0, 6.0])
    A, B = trains(a, b, 10.0)
    assert np.isnan(spk.spike_distance(A, B))
    q = spk.spike_profile(A, B)
    w = np.diff(q.x)
    keep = w > 0
    expected = np.sum(w[keep] * 0.5 * (q.y1[keep] + q.y2[keep])) / 10.0
    assert abs(an.spike_distance(a, b, 0, 10) - expected) <= ABS
    A, B = trains(np.array([10.0]), np.array([10.0]), 10.0)
    assert np.isnan(spk.isi_distance(A, B))
    assert an.isi_distance([10.0], [10.0], 0, 10) == 0.0


def random_set(seed, n, rate, t_stop):
    rng = np.random.default_rng(seed)
    out = [poisson(rng, rate, t_stop) for _ in range(n)]
    out[1] = np.array([])
    out[2] = out[3].copy()
    return out


@pytest.mark.parametrize("seed", range(4))
def test_matrices_and_multivariate_values_equal_pyspike(seed):
    t_stop = 800.0
    sts = random_set(seed, 9, 0.02, t_stop)
    S = [spk.SpikeTrain(t, [0.0, t_stop]) for t in sts]
    for interval in (None, (100.0, 650.0)):
        for measure, ref in (("isi", spk.isi_distance_matrix), ("spike", spk.spike_distance_matrix),
                             ("spike_sync", spk.spike_sync_matrix)):
            m = an.distance_matrix(sts, measure, 0.0, t_stop, interval=interval)
            r = ref(S, interval=interval)
            # PySpike leaves the diagonal 0, also for SPIKE-sync; axon puts a train's sync with itself there
            np.fill_diagonal(r, 1.0 if measure == "spike_sync" else 0.0)
            np.testing.assert_allclose(m, r, rtol=0, atol=ABS)
        assert abs(an.isi_distance_multi(sts, 0, t_stop, interval=interval)
                   - spk.isi_distance_multi(S, interval=interval)) <= ABS
        assert abs(an.spike_distance_multi(sts, 0, t_stop, interval=interval)
                   - spk.spike_distance_multi(S, interval=interval)) <= ABS
        for max_tau in (None, 3.0):
            assert abs(an.spike_sync_multi(sts, 0, t_stop, interval=interval, max_tau_ms=max_tau)
                       - spk.spike_sync_multi(S, interval=interval, max_tau=max_tau)) <= ABS


def victor_purpura_reference(a, b, q):
    g = np.zeros((len(a) + 1, len(b) + 1))
    g[:, 0] = np.arange(len(a) + 1)
    g[0, :] = np.arange(len(b) + 1)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            g[i, j] = min(g[i - 1, j] + 1, g[i, j - 1] + 1, g[i - 1, j - 1] + q * abs(a[i - 1] - b[j - 1]))
    return g[-1, -1]


def test_victor_purpura_equals_the_dynamic_programme():
    for seed in range(40):
        rng = np.random.default_rng(100 + seed)
        a, b = poisson(rng, 0.02, 400.0), poisson(rng, 0.02, 400.0)
        for q in (0.0, 0.003, 0.05, 0.5, 10.0):
            # the same sums of the same costs: equal to rounding (1e-9 for costs up to ~100)
            assert abs(an.victor_purpura(a, b, q) - victor_purpura_reference(a, b, q)) <= 1e-9
        assert an.victor_purpura(a, b, 0.0) == abs(a.size - b.size)
        assert an.victor_purpura(a, b, 1e9) == a.size + b.size   # no equal times: nothing is worth shifting
    sts = random_set(5, 6, 0.02, 300.0)
    m = an.distance_matrix(sts, "victor_purpura", q_per_ms=0.1)
    ref = np.array([[victor_purpura_reference(x, y, 0.1) for y in sts] for x in sts])
    np.testing.assert_allclose(m, ref, rtol=0, atol=1e-9)


def van_rossum_by_quadrature(a, b, tau):
    """(1/tau) * integral of (f - g)^2, f and g the trains filtered by exp(-t/tau), by quad between spikes."""
    events = np.unique(np.concatenate([a, b, [0.0]]))
    ends = list(events[1:]) + [events[-1] + 60 * tau]   # exp(-120) of the tail is left out

    def diff(t):
        da, db = t - a[a <= t], t - b[b <= t]
        return np.exp(-da / tau).sum() - np.exp(-db / tau).sum()

    total = 0.0
    for lo, hi in zip(events, ends):
        mid = 0.5 * (lo + hi)
        # the difference is c * exp(-(t - lo)/tau) on (lo, hi): quad is accurate to ~1e-13 relative
        total += integrate.quad(lambda t: diff(t) ** 2, lo, hi, points=[mid], epsabs=1e-14, epsrel=1e-12)[0]
    return np.sqrt(total / tau)


def test_van_rossum_equals_numerical_integration():
    for seed in range(12):
        rng = np.random.default_rng(300 + seed)
        a, b = poisson(rng, 0.02, 300.0), poisson(rng, 0.02, 300.0)
        for tau in (1.0, 10.0, 80.0):
            # quadrature is good to ~1e-10 relative; 1e-8 relative is the stated tolerance
            ref = van_rossum_by_quadrature(a, b, tau)
            assert abs(an.van_rossum(a, b, tau) - ref) <= 1e-8 * max(ref, 1.0), (seed, tau)
    # one spike each, d apart: D^2 = 1 - exp(-d/tau); one spike against none: 1/2
    for d in (0.0, 0.3, 2.0, 50.0):
        assert abs(an.van_rossum([10.0], [10.0 + d], 4.0) - np.sqrt(1 - np.exp(-d / 4.0))) <= 1e-15
    assert abs(an.van_rossum([3.0], [], 4.0) - np.sqrt(0.5)) <= 1e-15
    sts = random_set(6, 6, 0.02, 300.0)
    m = an.distance_matrix(sts, "van_rossum", tau_ms=10.0)
    ref = np.array([[an.van_rossum(x, y, 10.0) for y in sts] for x in sts])
    np.testing.assert_array_equal(m, ref)


def test_bad_input_raises_argument_errors():
    with pytest.raises(axon.ArgumentError, match="increasing order"):
        an.isi_distance([3.0, 1.0], [2.0], 0, 10)
    with pytest.raises(axon.ArgumentError, match="outside the interval"):
        an.spike_distance([3.0, 11.0], [2.0], 0, 10)
    with pytest.raises(axon.ArgumentError, match=r"averaging interval \[5, 12\]"):
        an.spike_distance([3.0], [2.0], 0, 10, interval=(5, 12))
    with pytest.raises(axon.ArgumentError, match="t_start < t_stop"):
        an.spike_sync([3.0], [2.0], 10, 10)
    with pytest.raises(axon.ArgumentError, match="max_tau_ms = -1"):
        an.spike_sync([3.0], [2.0], 0, 10, max_tau_ms=-1)
    with pytest.raises(axon.ArgumentError, match="q_per_ms = -0.5"):
        an.victor_purpura([1.0], [2.0], -0.5)
    with pytest.raises(axon.ArgumentError, match="tau_ms = 0"):
        an.van_rossum([1.0], [2.0], 0.0)
    with pytest.raises(axon.ArgumentError, match="not finite"):
        an.isi_distance([np.nan], [2.0], 0, 10)
    with pytest.raises(axon.ArgumentError, match="at least 2"):
        an.isi_distance_multi([[1.0]], 0, 10)
    with pytest.raises(axon.ArgumentError, match="needs tau_ms"):
        an.distance_matrix([[1.0], [2.0]], "van_rossum")
    with pytest.raises(axon.ArgumentError, match="measure 'cosine'"):
        an.distance_matrix([[1.0], [2.0]], "cosine", 0, 10)
    with pytest.raises(TypeError, match="train 1 is not a 1-D"):   # the shared converter's (analysis_trains.c)
        an.distance_matrix([[1.0], [[2.0]]], "isi", 0, 10)
