"""axon.analysis spectra (docs/analysis.md "Spectra") against SciPy and NumPy, live,
on the same random and edge-case signals.

Tolerances: welch and periodogram are SciPy's arithmetic (same window formula,
same scaling, same doubling) done in another order (FFTW instead of pocketfft,
sequential instead of pairwise sums): they agree to ~1e-14 relative, so 1e-10
relative with an absolute floor of 1e-12 of the spectrum's maximum (bins that
are zero up to rounding, like 0 Hz after detrending) leaves room for other
platforms while any wrong factor, window or doubling is off by far more.  The
distance is the same sums in the same order as SciPy's wasserstein_distance:
1e-12 relative.  Band powers are trapezoids like numpy.trapz: 1e-12 relative.
"""
import numpy as np
import pytest
import scipy.signal
import scipy.stats

import axon.analysis as an
from axon.errors import ArgumentError

RTOL = 1e-10


def close(got, want, rtol=RTOL, level=0.0):
    """Equal to rtol, bins below 1e-12 of the largest (or of `level`, the size a bin of this
    signal would have) compared absolutely: they are rounding noise."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape
    if want.size == 0:
        return
    floor = 1e-12 * max(np.max(np.abs(want)), level, 1e-300)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=floor)


def signal(n, seed):
    """Noise, a sine, a trend and an offset: something for every detrend to do."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    return 5.0 + 0.01 * t + np.sin(2 * np.pi * t / 17.3) + rng.normal(0, 1.5, n)


@pytest.mark.parametrize("n", [300, 1001, 4096])
@pytest.mark.parametrize("nperseg", [64, 101])
def test_welch_matches_scipy_for_every_window_detrend_scaling_and_average(n, nperseg):
    x = signal(n, n + nperseg)
    dt = 0.25
    for window in ("hann", "hamming", "boxcar"):
        for detrend in ("constant", "linear", False):
            for scaling in ("density", "spectrum"):
                for average in ("mean", "median"):
                    kw = dict(window=window, nperseg=nperseg, detrend=detrend, scaling=scaling, average=average)
                    f, p = an.welch(x, dt, **kw)
                    f_ref, p_ref = scipy.signal.welch(x, fs=1000.0 / dt, **kw)
                    close(f, f_ref, 1e-12)
                    close(p, p_ref)


def test_welch_defaults_overlap_padding_and_symmetric_windows():
    x = signal(2000, 1)
    f, p = an.welch(x, 1.0)   # hann, 256, half overlap, constant, density, mean
    f_ref, p_ref = scipy.signal.welch(x, fs=1000.0)
    assert len(f) == 129
    close(f, f_ref, 1e-12)
    close(p, p_ref)
    for noverlap in (0, 1, 50, 99):
        for nfft in (None, 100, 128, 333):
            f, p = an.welch(x, 0.5, nperseg=100, noverlap=noverlap, nfft=nfft)
            f_ref, p_ref = scipy.signal.welch(x, fs=2000.0, nperseg=100, noverlap=noverlap, nfft=nfft)
            close(f, f_ref, 1e-12)
            close(p, p_ref)
    # symmetric windows: SciPy takes them as arrays (get_window(..., fftbins=False))
    for window in ("hann", "hamming"):
        for m in (63, 64):
            w = scipy.signal.get_window(window, m, fftbins=False)
            _, p = an.welch(x, 1.0, window=window, nperseg=m, symmetric=True)
            _, p_ref = scipy.signal.welch(x, fs=1000.0, window=w, nperseg=m)
            close(p, p_ref)
            # and periodic ones differ from them (the test tells the two apart)
            _, p_per = an.welch(x, 1.0, window=window, nperseg=m)
            assert np.max(np.abs(p_per - p_ref) / p_ref) > 1e-4


def test_welch_median_with_odd_and_even_segment_counts():
    for n, nperseg in ((1000, 200), (1100, 200), (256, 128), (257, 256), (600, 600)):
        x = signal(n, n)
        _, p = an.welch(x, 1.0, nperseg=nperseg, average="median")
        _, p_ref = scipy.signal.welch(x, fs=1000.0, nperseg=nperseg, average="median")
        close(p, p_ref)


def test_segment_ms_is_nperseg_in_ms():
    x = signal(1000, 2)
    f1, p1 = an.welch(x, 0.1, segment_ms=12.8)   # 128 samples of 0.1 ms
    f2, p2 = an.welch(x, 0.1, nperseg=128)
    np.testing.assert_array_equal(p1, p2)
    np.testing.assert_array_equal(f1, f2)
    with pytest.raises(ArgumentError, match="whole number"):
        an.welch(x, 0.1, segment_ms=12.85)


@pytest.mark.parametrize("n", [1, 2, 7, 64, 999, 1000])
def test_periodogram_matches_scipy(n):
    x = signal(n, 3 * n)
    for window in ("boxcar", "hann", "hamming"):
        for detrend in ("constant", "linear", False):
            for scaling in ("density", "spectrum"):
                f, p = an.periodogram(x, 2.0, window=window, detrend=detrend, scaling=scaling)
                f_ref, p_ref = scipy.signal.periodogram(x, fs=500.0, window=window, detrend=detrend,
                                                        scaling=scaling)
                assert len(p) == n // 2 + 1
                close(f, f_ref, 1e-12)
                # one sample, detrended: rounding noise in both (SciPy 2.5e-32, axon 0)
                close(p, p_ref, level=np.mean(x ** 2) / (500.0 if scaling == "density" else 1.0))


def seed_power_density(x, dt, total_time):
    """The seed's eeg::get_power_density transcribed (its units: dt and T in ms)."""
    n = len(x)
    X = np.fft.fft(x - x.sum() / n)
    sxx = (2.0 * dt ** 2 / (n * dt) * (X * np.conj(X))).real[: n // 2]
    return np.arange(n // 2) / total_time, sxx


@pytest.mark.parametrize("n", [2, 3, 10, 11, 1000, 1001])
def test_power_density_is_the_seeds_and_scipys_periodogram_but_its_ends(n):
    x = signal(n, 5 * n)
    dt = 0.5
    f, p = an.power_density(x, dt)
    assert len(f) == len(p) == n // 2
    # the seed's formula, in its units (1/ms and unit^2 ms): axon's frequencies are 1000 times its, its
    # densities 1/1000 of it
    f_seed, p_seed = seed_power_density(x, dt, n * dt)
    close(f, 1000.0 * f_seed, 1e-12)
    close(p[1:], p_seed[1:] / 1000.0, 1e-10)
    # SciPy's default periodogram: equal at 0 < k < n // 2; 0 Hz doubled (both ~0), no last bin
    f_ref, p_ref = scipy.signal.periodogram(x, fs=1000.0 / dt)
    assert len(p_ref) == n // 2 + 1
    close(f, f_ref[: n // 2], 1e-12)
    if n >= 4:
        close(p[1:], p_ref[1 : n // 2])
    scale = np.max(p_ref)
    assert abs(p[0] - 2 * p_ref[0]) <= 1e-12 * scale and p[0] <= 1e-20 * scale


def test_band_power_is_numpy_trapz():
    x = signal(5000, 9)
    f, p = an.welch(x, 1.0, nperseg=500)   # 2 Hz bins
    for lo, hi in ((4.0, 8.0), (0.0, 500.0), (30.0, 100.0), (2.0, 4.0)):
        m = (f >= lo) & (f <= hi)
        assert an.band_power(f, p, (lo, hi)) == pytest.approx(np.trapz(p[m], f[m]), rel=1e-12)
        assert an.band_power(f, p, (lo, hi), relative=True) == pytest.approx(
            np.trapz(p[m], f[m]) / np.trapz(p, f), rel=1e-12)
    # ends between bins: the density interpolated linearly there
    for lo, hi in ((0.5, 4.0), (8.0, 13.0), (13.3, 29.9), (0.1, 0.2)):
        inner = (f > lo) & (f < hi)
        grid = np.concatenate(([lo], f[inner], [hi]))
        want = np.trapz(np.interp(grid, f, p), grid)
        assert an.band_power(f, p, (lo, hi)) == pytest.approx(want, rel=1e-12)
    # the named bands are those of BANDS
    for name, (lo, hi) in an.BANDS.items():
        assert an.band_power(f, p, name) == an.band_power(f, p, (lo, hi))
    assert an.BANDS["alpha"] == (8.0, 13.0) and an.BANDS["gamma"] == (30.0, 100.0)
    # the relative powers of bands that tile the spectrum add up to 1
    edges = [0.0, 0.5, 4.0, 8.0, 13.0, 30.0, 100.0, 500.0]
    total = sum(an.band_power(f, p, (a, b), relative=True) for a, b in zip(edges, edges[1:]))
    assert total == pytest.approx(1.0, rel=1e-12)


def test_peak_frequency_is_argmax():
    rng = np.random.default_rng(4)
    f = np.arange(200) * 0.5
    for _ in range(20):
        p = rng.random(200)
        assert an.peak_frequency(f, p) == f[np.argmax(p)]
        m = (f >= 8.0) & (f <= 13.0)
        assert an.peak_frequency(f, p, "alpha") == f[m][np.argmax(p[m])]
    # a 10 Hz sine in noise, through welch
    t = np.arange(20000) * 0.001
    x = np.sin(2 * np.pi * 10 * t) + rng.normal(0, 1, t.size)
    fw, pw = an.welch(x, 1.0, nperseg=1000)
    assert an.peak_frequency(fw, pw) == 10.0
    assert 30.0 <= an.peak_frequency(fw, pw, "gamma") <= 100.0


@pytest.mark.parametrize("n", [1, 2, 3, 50, 257])
def test_spectrum_distance_is_scipys_wasserstein_times_the_seeds_factor(n):
    rng = np.random.default_rng(n)
    idx = np.arange(n, dtype=float)
    for _ in range(10):
        a, b = rng.random(n) * rng.uniform(0.1, 10), rng.random(n) * rng.uniform(0.1, 10)
        a[rng.random(n) < 0.2] = 0.0   # empty bins
        a[0] = max(a[0], 0.01)
        want = scipy.stats.wasserstein_distance(idx, idx, a / a.max(), b / b.max()) * (a.max() - b.max()) ** 2
        got = an.spectrum_distance(a, b)
        assert got == pytest.approx(want, rel=1e-12, abs=1e-300)
    # spectra of two signals, as the seed compared an EEG with a simulated one
    _, p1 = an.power_density(signal(512, 1), 1.0)
    _, p2 = an.power_density(2 * signal(512, 2), 1.0)
    idx = np.arange(len(p1), dtype=float)
    want = scipy.stats.wasserstein_distance(idx, idx, p1 / p1.max(), p2 / p2.max()) * (p1.max() - p2.max()) ** 2
    assert an.spectrum_distance(p1, p2) == pytest.approx(want, rel=1e-12)
    assert an.spectrum_distance(p1, p1) == 0.0


def test_bad_input_is_refused_with_its_reason():
    x = signal(100, 0)
    with pytest.raises(ArgumentError, match="longer than the signal"):
        an.welch(x, 1.0)                       # SciPy would shorten the segment to 100 with a warning
    with pytest.raises(ArgumentError, match="noverlap = 10"):
        an.welch(x, 1.0, nperseg=10, noverlap=10)
    with pytest.raises(ArgumentError, match="dt_ms = 0"):
        an.welch(x, 0.0, nperseg=10)
    with pytest.raises(ArgumentError, match="dt_ms = nan"):
        an.periodogram(x, float("nan"))
    y = x.copy()
    y[17] = np.nan
    with pytest.raises(ArgumentError, match="sample 17"):
        an.welch(y, 1.0, nperseg=10)
    with pytest.raises(ArgumentError, match="window = 'hanning'"):
        an.welch(x, 1.0, nperseg=10, window="hanning")
    with pytest.raises(ArgumentError, match="noverlap = -1"):
        an.welch(x, 1.0, nperseg=10, noverlap=-1)
    with pytest.raises(ArgumentError, match="nperseg = 10.5"):
        an.welch(x, 1.0, nperseg=10.5)
    with pytest.raises(ArgumentError, match="nperseg = 0"):
        an.welch(x, 1.0, nperseg=0)
    with pytest.raises(ArgumentError, match="at least 1"):
        an.periodogram(np.array([]), 1.0)
    with pytest.raises(ArgumentError, match="at least 2"):
        an.power_density([1.0], 1.0)
    f, p = an.welch(x, 1.0, nperseg=20)
    with pytest.raises(ArgumentError, match="reaches outside"):
        an.band_power(f, p, (30.0, 600.0))
    with pytest.raises(ArgumentError, match="band 'mu' is unknown"):
        an.band_power(f, p, "mu")
    with pytest.raises(ArgumentError, match="same length"):
        an.band_power(f, p[:-1], "alpha")
    with pytest.raises(ArgumentError, match="no bin"):
        an.peak_frequency(f, p, (51.0, 99.0))
    with pytest.raises(ArgumentError, match="0 everywhere"):
        an.spectrum_distance(p, np.zeros_like(p))
    with pytest.raises(ArgumentError, match="same length"):
        an.spectrum_distance(p, p[:-1])
    with pytest.raises(ArgumentError, match="complex"):
        an.welch(x + 1j, 1.0, nperseg=10)
    with pytest.raises(ArgumentError, match="shape"):
        an.welch(np.ones((10, 10)), 1.0, nperseg=5)
    # a silent spectrum has no relative band powers: NaN, as documented
    assert np.isnan(an.band_power(f, np.zeros_like(p), (0.0, 100.0), relative=True))


def test_calls_from_threads_give_the_serial_results():
    """welch runs without the GIL: many at once (each planning its own FFT) equal one at a time."""
    from concurrent.futures import ThreadPoolExecutor

    x = signal(20000, 11)
    sizes = [64 + 53 * k for k in range(24)]
    serial = [an.welch(x, 1.0, nperseg=m)[1] for m in sizes]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda m: an.welch(x, 1.0, nperseg=m)[1], sizes))
    for a, b in zip(serial, threaded):
        np.testing.assert_array_equal(a, b)
