"""axon.analysis, spike trains: rates, population rate, ISI histogram, CV, LV, LvR,
Fano factor, bursts, the readers and the streaming statistics - each compared, on
the same random and edge-case trains, with an implementation of the published
definition written here in NumPy/SciPy (not taken from axon's C).

Tolerances: counts and histograms exactly; rates 1e-14 relative (one division);
CV, LV, LvR 1e-12 relative (axon's one-pass Welford variance and sequential sums
against NumPy's two-pass variance and pairwise sums: a few ulps per interval);
the smoothed rate 1e-12 (the kernel normalised per bin against a filtered signal
divided by the filtered ones).
"""
import numpy as np
import pytest
import scipy.ndimage
import scipy.stats

import axon
from axon import analysis as an

T0, T1 = 0.0, 1000.0


def random_trains(seed, n=12):
    rng = np.random.default_rng(seed)
    trains = []
    for k in range(n):
        kind = k % 4
        if kind == 0:
            t = np.sort(rng.uniform(T0, T1, rng.poisson(30)))
        elif kind == 1:
            t = np.cumsum(rng.gamma(3, 10, 150))
            t = t[t <= T1]
        elif kind == 2:
            t = np.round(np.sort(rng.uniform(T0, T1, rng.poisson(40))), 1)   # on a 0.1 ms grid: equal times
        else:
            t = [np.array([]), np.array([T0]), np.array([T0, T1]), np.array([3.0, 3.0, 3.0, 9.0])][(k // 4) % 4]
        trains.append(np.asarray(t, dtype=float))
    return trains


EDGE = [np.array([]), np.array([T0]), np.array([10.0, 20.0]), np.array([5.0, 5.0, 5.0]),
        np.array([T0, 1.0, 1.0, 7.0, T1])]


def ref_cv(t):
    isi = np.diff(t)
    if len(isi) < 2 or isi.mean() == 0:
        return np.nan
    return scipy.stats.variation(isi, ddof=0)


def ref_lv(t, r=0.0, revised=False):
    isi = np.diff(t)
    if len(isi) < 2:
        return np.nan
    a, b = isi[:-1], isi[1:]
    if np.any(a + b == 0):
        return np.nan
    if revised:   # Shinomoto et al. 2009, eq. 3
        terms = (1 - 4 * a * b / (a + b) ** 2) * (1 + 4 * r / (a + b))
    else:         # Shinomoto et al. 2003
        terms = ((a - b) / (a + b)) ** 2
    return 3.0 / (len(isi) - 1) * np.sum(terms)


def same(got, want, rtol):
    got, want = np.asarray(got, float), np.asarray(want, float)
    assert got.shape == want.shape
    assert np.array_equal(np.isnan(got), np.isnan(want)), (got, want)
    ok = ~np.isnan(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=rtol, atol=1e-300)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rates_cv_lv_lvr_against_the_definitions(seed):
    trains = random_trains(seed) + EDGE
    r, mean = an.rates(trains, T0, T1)
    same(r, [len(t) / ((T1 - T0) / 1000) for t in trains], 1e-14)
    assert mean == pytest.approx(sum(len(t) for t in trains) / (len(trains) * (T1 - T0) / 1000), rel=1e-14)
    c, cmean, ndef = an.cv(trains, T0, T1)
    want = np.array([ref_cv(t) for t in trains])
    same(c, want, 1e-12)
    assert ndef == np.sum(~np.isnan(want)) and cmean == pytest.approx(np.nanmean(want), rel=1e-12)
    # ddof = 1 (a sample std) would differ by sqrt(n/(n-1)): far outside 1e-12
    assert not np.allclose(c[0], scipy.stats.variation(np.diff(trains[0]), ddof=1), rtol=1e-6)
    same(an.lv(trains, T0, T1)[0], [ref_lv(t) for t in trains], 1e-12)
    for r_ms in (0.0, 5.0, 12.5):
        same(an.lvr(trains, r_ms, T0, T1)[0], [ref_lv(t, r_ms, revised=True) for t in trains], 1e-12)


def test_edge_cases_say_undefined():
    c = an.cv(EDGE, T0, T1)[0]
    assert np.isnan(c[:4]).all() and not np.isnan(c[4])   # < 3 spikes; three at one time (mean ISI 0)
    lv = an.lv(EDGE, T0, T1)[0]
    assert np.isnan(lv[:4]).all()
    # intervals 1, 0, 6, 993: every pair sum > 0, so LV exists
    assert lv[4] == pytest.approx(ref_lv(EDGE[4]), rel=1e-14)


@pytest.mark.parametrize("bin_ms,sigma_ms", [(10.0, 0.0), (7.0, 0.0), (3.0, 15.0), (7.0, 25.0), (1000.0, 0.0)])
def test_population_rate_against_numpy_and_scipy(bin_ms, sigma_ms):
    trains = random_trains(4)
    times, rate = an.population_rate(trains, bin_ms, T0, T1, sigma_ms=sigma_ms)
    n = int(np.ceil((T1 - T0) / bin_ms))
    edges = np.append(np.arange(n) * bin_ms, T1 - T0)
    counts, _ = np.histogram(np.concatenate(trains) - T0, bins=edges)
    want = counts / (len(trains) * np.diff(edges) / 1000)
    if sigma_ms > 0:
        # the renormalised kernel: a zero-padded Gaussian filter divided by the same filter of ones
        kw = dict(sigma=sigma_ms / bin_ms, mode="constant", cval=0.0, truncate=4.0)
        want = scipy.ndimage.gaussian_filter1d(want, **kw) / scipy.ndimage.gaussian_filter1d(np.ones(n), **kw)
        # away from the ends it is scipy's own default filter
        r = int(4 * sigma_ms / bin_ms + 0.5)
        plain = scipy.ndimage.gaussian_filter1d(counts / (len(trains) * np.diff(edges) / 1000),
                                                sigma_ms / bin_ms, truncate=4.0)
        np.testing.assert_allclose(rate[r:n - r - 1], plain[r:n - r - 1], rtol=1e-12)
    np.testing.assert_allclose(rate, want, rtol=1e-12 if sigma_ms else 1e-14)
    np.testing.assert_array_equal(times, T0 + np.arange(n) * bin_ms)
    # the mean rate of the binned series, weighted by the bins' widths, is the population's mean rate
    if sigma_ms == 0:
        assert np.sum(rate * np.diff(edges)) / (T1 - T0) == pytest.approx(an.rates(trains, T0, T1)[1], rel=1e-12)


def test_isi_histogram_against_numpy():
    trains = random_trains(5) + EDGE
    edges, counts, beyond = an.isi_histogram(trains, 4.0, 90.0, T0, T1)
    isi = np.concatenate([np.diff(t) for t in trains])
    want, want_edges = np.histogram(isi, bins=np.append(np.arange(23) * 4.0, 90.0))
    np.testing.assert_array_equal(edges, want_edges)
    np.testing.assert_array_equal(counts, want)
    assert beyond == np.sum(isi > 90.0)
    assert counts.sum() + beyond == len(isi)


def test_fano_factor_against_numpy():
    trains = random_trains(6)
    for window in (50.0, 30.0):   # 1000/30 is no whole number: the 10 ms left over are not used
        fano, pooled = an.fano_factor(trains, window, T0, T1)
        w = int(np.floor((T1 - T0) / window + 1e-9))
        edges = np.arange(w + 1) * window
        counts = np.array([np.histogram(t, bins=edges)[0] for t in trains])
        if window * w < T1:   # numpy's last bin is closed; axon's windows before the leftover are half-open
            counts[:, -1] -= np.array([np.sum(t == edges[-1]) for t in trains])
        with np.errstate(invalid="ignore", divide="ignore"):
            want = counts.var(axis=1) / counts.mean(axis=1)
        same(fano, want, 1e-13)
        assert pooled == pytest.approx(counts.var() / counts.mean(), rel=1e-13)


def test_bursts_against_a_direct_scan():
    trains = random_trains(7)
    b = an.bursts(trains, 6.0, 3, T0, T1)
    want = []
    for k, t in enumerate(trains):
        # split the train where an interval exceeds the threshold
        runs = np.split(np.arange(len(t)), np.nonzero(np.diff(t) > 6.0)[0] + 1) if len(t) else []
        want += [(k, run[0], len(run)) for run in runs if len(run) >= 3]
    got = list(zip(b["train"], b["first"], b["n_spikes"]))
    assert got == want and len(want) > 3
    for k, first, n, s, e in zip(b["train"], b["first"], b["n_spikes"], b["start_ms"], b["end_ms"]):
        assert s == trains[k][first] and e == trains[k][first + n - 1]


def test_events_and_lists_give_the_same_view():
    rng = np.random.default_rng(8)
    times = rng.uniform(0, 100, 500)
    ids = rng.integers(0, 9, 500)
    st = an.spike_trains_from_events(times, ids, t_stop=100.0)
    assert len(st.trains) == 9 and st.t_stop == 100.0
    for k in range(9):
        np.testing.assert_array_equal(st.trains[k], np.sort(times[ids == k]))
    np.testing.assert_array_equal(an.cv((times, ids), t_stop=100.0)[0], an.cv(st)[0])
    with pytest.raises(axon.ArgumentError, match="neuron 9 is not allowed"):
        an.spike_trains_from_events(np.array([1.0]), np.array([9]), n_trains=9, t_stop=100.0)


def test_bad_input_raises_with_the_library_message():
    trains = random_trains(9)
    with pytest.raises(axon.ArgumentError, match="bin_ms = 0 is not allowed"):
        an.population_rate(trains, 0.0, T0, T1)
    with pytest.raises(axon.ArgumentError, match="increasing order"):
        an.cv([np.array([3.0, 1.0])], T0, T1)
    with pytest.raises(axon.ArgumentError, match="outside the interval"):
        an.rates([np.array([1.0, 2000.0])], T0, T1)
    with pytest.raises(axon.ArgumentError, match="window_ms = 600"):
        an.fano_factor(trains, 600.0, T0, T1)
    with pytest.raises(axon.ArgumentError, match="n_trains is 0"):
        an.lv([], T0, T1)
    with pytest.raises(axon.ArgumentError, match="need t_stop"):
        an.rates(trains)


def test_recorder_trains():
    net = axon.Network(dt=0.1, seed=5, threads=1)
    pop = net.add_population("P", "SpikeSourcePoisson", 6)
    pop.set(rate=80.0)
    rec = pop.record()
    net.run(300.0)
    t, n = rec.spikes
    st = an.spike_trains_from_recorder(rec)
    assert (st.t_start, st.t_stop) == (0.0, 300.0) and len(st.trains) == 6
    for k in range(6):
        np.testing.assert_array_equal(st.trains[k], t[n == k])
    r, _ = an.rates(st)
    np.testing.assert_allclose(r, np.bincount(n, minlength=6) / 0.3, rtol=1e-14)


def test_files_read_and_streamed(tmp_path):
    trains = random_trains(10)
    times = np.concatenate(trains)
    ids = np.concatenate([np.full(len(t), k) for k, t in enumerate(trains)])
    order = np.lexsort((ids, times))
    axon_file = tmp_path / "E.spikes.csv"
    with open(axon_file, "w") as f:
        f.write("time_ms,neuron\n")
        for i in order:
            f.write(f"{times[i]!r},{ids[i]}\n")
        f.write("999.9,")   # a run stopped mid-line: left out
    st = an.spike_trains_read(axon_file, T0, T1, n_trains=len(trains))
    for a, b in zip(st.trains, trains):
        np.testing.assert_array_equal(a, b)
    # a foreign file: shuffled rows, seconds, its own column names
    foreign = tmp_path / "nest.csv"
    perm = np.random.default_rng(0).permutation(len(times))
    with open(foreign, "w") as f:
        f.write("senders,time_s\n")
        for i in perm:
            f.write(f"{ids[i]},{times[i] / 1000!r}\n")
    st2 = an.spike_trains_read(foreign, T0, T1, n_trains=len(trains))
    for a, b in zip(st2.trains, trains):
        np.testing.assert_allclose(a, b, rtol=1e-15)
    # the streaming statistics equal the in-memory ones bit for bit
    s = an.spike_stats_file(axon_file, len(trains), T0, T1, bin_ms=7.0, isi_bin_ms=2.0, isi_max_ms=50.0,
                            sigma_ms=10.0)
    np.testing.assert_array_equal(s["counts"], [len(t) for t in trains])
    np.testing.assert_array_equal(s["cv"], an.cv(st)[0])
    np.testing.assert_array_equal(s["lv"], an.lv(st)[0])
    np.testing.assert_array_equal(s["lvr"], an.lvr(st, 5.0)[0])
    np.testing.assert_array_equal(s["population_rate"], an.population_rate(st, 7.0, sigma_ms=10.0)[1])
    _, h, beyond = an.isi_histogram(st, 2.0, 50.0)
    np.testing.assert_array_equal(s["isi_histogram"], h)
    assert s["isi_beyond"] == beyond
    bad = tmp_path / "bad.csv"
    bad.write_text("time_ms,neuron\n1.0,0\n2.0,-3\n")
    with pytest.raises(axon.ArgumentError, match=r"bad.csv:3:\d+:"):
        an.spike_trains_read(bad)


def test_an_interval_that_does_not_start_at_0():
    a, b = 250.0, 900.0
    trains = [t[(t >= a) & (t <= b)] for t in random_trains(11)]
    trains[0] = np.append(np.insert(trains[0], 0, a), b)   # spikes at both ends
    r, _ = an.rates(trains, a, b)
    same(r, [len(t) / ((b - a) / 1000) for t in trains], 1e-14)
    times, rate = an.population_rate(trains, 7.0, a, b)
    n = int(np.ceil((b - a) / 7.0))
    edges = np.append(np.arange(n) * 7.0, b - a)
    counts, _ = np.histogram(np.concatenate(trains) - a, bins=edges)
    np.testing.assert_allclose(rate, counts / (len(trains) * np.diff(edges) / 1000), rtol=1e-14)
    np.testing.assert_array_equal(times, a + np.arange(n) * 7.0)
    fano, pooled = an.fano_factor(trains, 50.0, a, b)   # 13 whole windows, the last closed at b
    counts = np.array([np.histogram(t - a, bins=np.arange(14) * 50.0)[0] for t in trains])
    with np.errstate(invalid="ignore", divide="ignore"):
        same(fano, counts.var(axis=1) / counts.mean(axis=1), 1e-13)
    assert pooled == pytest.approx(counts.var() / counts.mean(), rel=1e-13)


def test_read_without_a_header(tmp_path):
    p = tmp_path / "plain.csv"
    p.write_text("2,0.5\n0,0.25\n2,0.125\n")   # neuron, time (s), unsorted
    st = an.spike_trains_read(p, header=False, time_column=1, neuron_column=0, time_unit="s")
    assert len(st.trains) == 3 and (st.t_start, st.t_stop) == (0.0, 500.0)
    np.testing.assert_array_equal(st.trains[2], [125.0, 500.0])
    assert len(st.trains[1]) == 0
    with pytest.raises(axon.ArgumentError, match="no header"):
        an.spike_trains_read(p)
