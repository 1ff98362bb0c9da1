"""axon.fit's objectives (docs/fitting.md, "Objectives") against independent references.

- Gamma against an implementation written here from the published formula
  (Jolivet et al. 2008, eq. 1) with N_coinc a maximum bipartite matching
  (scipy.sparse.csgraph.maximum_bipartite_matching), on random trains.
- SpikeNetOpt's loss against PySpike 0.7's spike_distance + |count difference|.
- The seed's summary and score against a line-by-line transcription of its
  definitions (fitting::get_summary, get_reference_scale, compare_summary).
- Features against NumPy/SciPy (scipy.stats.variation) and the Druckmann
  formula; trace error against NumPy; spectrum distance against
  scipy.signal.welch + scipy.stats.wasserstein_distance; population
  statistics against numpy.corrcoef.
- No NaN for small and silent trains; bad input refused with a message.
"""
import numpy as np
import pytest
from scipy import signal as sps
from scipy import sparse, stats
from scipy.sparse.csgraph import maximum_bipartite_matching

import axon
from axon import fit

spk = pytest.importorskip("pyspike")


def poisson(rng, rate_per_ms, t_stop):
    n = rng.poisson(rate_per_ms * t_stop)
    return np.sort(rng.uniform(0.0, t_stop, n))


# ---- Gamma ----

def gamma_reference(data, model, delta, t_stop):
    """Jolivet et al. (2008), eq. 1, with the coincidences a maximum one-to-one matching."""
    nd, nm = len(data), len(model)
    if nd == 0 and nm == 0:
        return 1.0
    nu = nm / t_stop
    chance = 2 * nu * delta
    if chance >= 1:
        return 0.0
    if nd and nm:
        close = np.abs(np.subtract.outer(data, model)) <= delta
        match = maximum_bipartite_matching(sparse.csr_matrix(close.astype(np.int8)), perm_type="column")
        n_coinc = int(np.sum(match >= 0))
    else:
        n_coinc = 0
    return (n_coinc - chance * nd) / (0.5 * (nd + nm)) / (1 - chance)


def gamma_cases():
    cases = []
    for seed in range(120):
        rng = np.random.default_rng(seed)
        t_stop = float(rng.choice([200.0, 1000.0]))
        d = poisson(rng, rng.uniform(0.005, 0.08), t_stop)
        if seed % 3 == 0:      # a jittered copy with spikes added and dropped: many coincidences
            m = np.sort(np.clip(d + rng.normal(0, 2.0, d.size), 0, t_stop))
            m = np.sort(np.concatenate([m[rng.uniform(size=m.size) > 0.2], poisson(rng, 0.01, t_stop)]))
        else:
            m = poisson(rng, rng.uniform(0.005, 0.08), t_stop)
        cases.append((d, m, t_stop, float(rng.choice([0.5, 2.0, 4.0]))))
    return cases


@pytest.mark.parametrize("k", range(120))
def test_gamma_equals_the_published_formula(k):
    # Tolerance 1e-12: the same few operations in another order (measured differences <= 4e-16).
    # Deliberately wrong variants fail: counting every data spike with a model spike near it (one model
    # spike serving two) differs by up to 0.22 on these cases, the data's rate in the chance term by 2.9.
    d, m, t_stop, delta = gamma_cases()[k]
    got = fit.gamma_coincidence(d, m, delta, t_stop=t_stop)
    assert got == pytest.approx(gamma_reference(d, m, delta, t_stop), abs=1e-12)
    assert fit.gamma_loss(d, m, delta, t_stop=t_stop) == pytest.approx(1 - got, abs=1e-15)


def test_gamma_per_train_and_mean():
    rng = np.random.default_rng(5)
    d = [poisson(rng, 0.03, 500) for _ in range(4)]
    m = [np.sort(np.clip(t + rng.normal(0, 1, t.size), 0, 500)) for t in d]
    per, mean = fit.gamma_coincidence(axon.analysis.SpikeTrains(d, 0, 500), m, 2.0, t_stop=500, per_train=True)
    want = [gamma_reference(a, b, 2.0, 500) for a, b in zip(d, m)]
    assert np.allclose(per, want, atol=1e-12, rtol=0)
    assert mean == pytest.approx(np.mean(want), abs=1e-12)


def test_gamma_of_equal_and_shifted_trains():
    d = np.arange(10.0, 1000.0, 50.0)          # 20 spikes in 1 s
    assert fit.gamma_coincidence(d, d, 2.0, t_stop=1000) == pytest.approx(1.0, abs=1e-15)
    # shifted by 5 ms > Delta: N_coinc = 0; chance = 2 (20/1000) 2 = 0.08: Gamma = -0.08 x 20 / 20 / 0.92
    assert fit.gamma_coincidence(d, d + 5, 2.0, t_stop=1000) == pytest.approx(-0.08 / 0.92, abs=1e-15)


# ---- SpikeNetOpt's loss ----

@pytest.mark.parametrize("seed", range(60))
def test_spike_distance_loss_equals_pyspike_plus_count(seed):
    # Tolerance 1e-12 absolute: the analysis library matches PySpike to that (test_analysis_distances.py).
    rng = np.random.default_rng(100 + seed)
    t_stop = 500.0
    d = poisson(rng, rng.uniform(0.005, 0.05), t_stop)
    m = poisson(rng, rng.uniform(0.0, 0.05), t_stop) if seed % 5 else d[: seed % 3]   # some with <= 1 spike
    got = fit.spike_distance_loss(d, m, t_stop=t_stop)
    if len(m) <= 1:
        dist = 1.0                             # SpikeNetOpt's rule
    else:
        dist = spk.spike_distance(spk.SpikeTrain(d, [0, t_stop]), spk.SpikeTrain(m, [0, t_stop]))
    assert got == pytest.approx(dist + abs(len(m) - len(d)), abs=1e-12)


def test_spike_distance_loss_of_long_trains_equals_pyspike():
    # over 1024 points between the two trains: the kernel's buffer is allocated, not on the stack
    rng = np.random.default_rng(160)
    d, m = poisson(rng, 1.5, 500.0), poisson(rng, 1.4, 500.0)
    assert d.size + m.size > 1100
    dist = spk.spike_distance(spk.SpikeTrain(d, [0, 500.0]), spk.SpikeTrain(m, [0, 500.0]))
    assert fit.spike_distance_loss(d, m, t_stop=500.0) == pytest.approx(dist + abs(d.size - m.size), abs=1e-12)


# ---- the seed's summary objective ----

def seed_summary_reference(times, dt, amplitudes=None, default=0.0):
    """fitting::get_summary of one train, transcribed: peaks are the spike steps."""
    peaks = np.round(np.asarray(times) / dt).astype(np.int64)
    if len(peaks) == 0:
        return np.array([0.0, 0.0, default])
    time_difference = np.sum(np.diff(peaks)) / len(peaks)
    amp = default if amplitudes is None else np.sum(amplitudes) / len(peaks)
    return np.array([time_difference, len(peaks), amp])


def seed_score_reference(ref, cand, scale, use_amp, defaults=(800.0, 10.0, 70.0)):
    """compare_summary summed over conditions, with get_reference_scale when scaling."""
    score = 0.0
    for r, c in zip(ref, cand):
        if scale:
            s = np.array([r[:, 0].max(), r[:, 1].max(), r[:, 2].max()])
            s = np.where(s == 0, defaults, s)
            r, c = r / s, c / s
        fields = [0, 1] + ([2] if use_amp else [])
        value = float(np.sum((r[:, fields] - c[:, fields]) ** 2))
        score += np.inf if np.isnan(value) else value
    return score


def test_seed_summary_equals_the_seeds_definition():
    rng = np.random.default_rng(3)
    trains = [np.sort(rng.uniform(0, 300, n)) for n in (0, 1, 2, 7, 30)]
    amps = [rng.uniform(20, 40, t.size) for t in trains]
    got = fit.seed_summary(trains, 0.1, t_stop=300, amplitudes=np.concatenate(amps), amplitude_default=-3.0)
    want = np.array([seed_summary_reference(t, 0.1, a, -3.0) for t, a in zip(trains, amps)])
    assert np.allclose(got, want, rtol=1e-14, atol=0)   # rounding of the amplitudes' mean only


@pytest.mark.parametrize("seed", range(20))
def test_seed_score_equals_the_seeds_definition(seed):
    rng = np.random.default_rng(200 + seed)
    ref = rng.uniform(0, 50, (3, 2, 3))
    cand = rng.uniform(0, 50, (3, 2, 3))
    ref[seed % 3, :, seed % 3] = 0               # a field 0 in both trains: its default scale
    for scale in (True, False):
        for use_amp in (True, False):
            got = fit.seed_score(ref, cand, scale=scale, use_amplitude=use_amp)
            assert got == pytest.approx(seed_score_reference(ref, cand, scale, use_amp), rel=1e-13)


# ---- features ----

def adaptation_reference(t):
    isi = np.diff(t)
    n = isi.size
    k = min(4, n // 5)
    a, b = isi[k:-1], isi[k + 1:]
    return float(np.mean((b - a) / (b + a)))


@pytest.mark.parametrize("seed", range(20))
def test_features_equal_numpy_and_scipy(seed):
    rng = np.random.default_rng(300 + seed)
    t = np.sort(rng.uniform(50, 1000, rng.integers(3, 60)))
    f = fit.features(t, t_start=50.0, t_stop=1000.0)
    assert f["rate_hz"] == pytest.approx(t.size / 0.95, rel=1e-15)
    assert f["latency_ms"] == pytest.approx(t[0] - 50.0, abs=1e-13)
    assert f["cv"] == pytest.approx(stats.variation(np.diff(t)), rel=1e-12)   # Welford vs two passes
    assert f["adaptation"] == pytest.approx(adaptation_reference(t), abs=1e-14)


def test_feature_error_by_definition():
    t = [np.array([10.0, 20.0, 40.0]), np.array([]), np.array([5.0, 90.0, 95.0, 99.0])]
    rates = np.array([3, 0, 4]) / 0.1
    got = fit.feature_error(t, "rate", 25.0, 5.0, t_stop=100.0)
    assert got == pytest.approx(np.mean(((rates - 25) / 5) ** 2), rel=1e-15)
    # the silent train's latency is undefined: its error is the penalty
    lat = fit.feature_error(t, "latency", 8.0, 2.0, absolute=True, penalty=250.0, t_stop=100.0)
    assert lat == pytest.approx((abs(10 - 8) / 2 + 250 + abs(5 - 8) / 2) / 3, rel=1e-15)


def test_no_nan_for_small_or_silent_trains():
    for n in range(4):
        t = np.arange(n) * 10.0 + 5
        for other in ([], [5.0], [5.0, 50.0]):
            for v in (fit.gamma_coincidence(t, other, 2.0, t_stop=100), fit.spike_distance_loss(t, other, t_stop=100),
                      fit.seed_score(fit.seed_summary(t, 0.1, t_stop=100), fit.seed_summary(other, 0.1, t_stop=100))):
                assert np.isfinite(v)
            for feat in fit.FEATURES:
                assert np.isfinite(fit.feature_error(t, feat, 1.0, 1.0, t_stop=100))
    f = fit.features([], t_stop=100.0)
    assert f["rate_hz"] == 0 and np.isnan(f["latency_ms"]) and np.isnan(f["cv"]) and np.isnan(f["adaptation"])


# ---- traces, spectra, population statistics ----

def test_trace_error_equals_numpy():
    rng = np.random.default_rng(7)
    n, dt = 5000, 0.1
    target = -65 + rng.normal(0, 1, n)
    model = target + rng.normal(0.5, 2, n)
    spikes = np.sort(rng.uniform(0, n * dt, 12))
    t = np.arange(n) * dt
    keep = np.ones(n, bool)
    for s in spikes:
        keep &= ~((t >= s - 1.0) & (t <= s + 3.0))
    rms, used = fit.trace_error(model, target, dt, skip_ms=spikes, skip_before_ms=1.0, skip_after_ms=3.0,
                                return_n=True)
    assert used == keep.sum()
    # 1e-12 relative: sums of 5000 squares in the same order as numpy's pairwise sum differ by ~1e-15
    assert rms == pytest.approx(np.sqrt(np.mean((model - target)[keep] ** 2)), rel=1e-12)
    assert fit.trace_error(model, target, dt) == pytest.approx(np.sqrt(np.mean((model - target) ** 2)), rel=1e-12)


def test_spectrum_distance_equals_scipy():
    rng = np.random.default_rng(8)
    dt = 1.0
    x = np.sin(2 * np.pi * 10 * np.arange(4096) * dt / 1000) + rng.normal(0, 0.5, 4096)
    y = 2 * np.sin(2 * np.pi * 25 * np.arange(4096) * dt / 1000) + rng.normal(0, 0.5, 4096)
    _, px = sps.welch(x, fs=1000 / dt, nperseg=512)
    _, py = sps.welch(y, fs=1000 / dt, nperseg=512)
    idx = np.arange(px.size)
    want = stats.wasserstein_distance(idx, idx, py / py.max(), px / px.max()) * (py.max() - px.max()) ** 2
    got = fit.spectrum_distance(y, dt, px, welch={"nperseg": 512})
    assert got == pytest.approx(want, rel=1e-9)   # two FFT libraries: ~1e-12 apart, the EMD sums 257 terms
    assert fit.spectrum_distance(np.full(4096, -65.0), dt, px, welch={"nperseg": 512}) == np.inf


def test_population_stats_equal_numpy():
    rng = np.random.default_rng(9)
    t_stop, bin_ms = 2000.0, 20.0
    common = poisson(rng, 0.01, t_stop)
    trains = [np.sort(np.concatenate([common[rng.uniform(size=common.size) < 0.5], poisson(rng, 0.01, t_stop)]))
              for _ in range(12)] + [np.array([])]
    got = fit.population_stats(trains, bin_ms=bin_ms, n_pairs=10 ** 6, t_stop=t_stop)
    assert got["rate_hz"] == pytest.approx(np.mean([t.size for t in trains]) / 2.0, rel=1e-14)
    cvs = [stats.variation(np.diff(t)) for t in trains if t.size >= 3]
    assert got["cv"] == pytest.approx(np.mean(cvs), rel=1e-12)
    counts = np.array([np.histogram(t, np.arange(0, t_stop + bin_ms / 2, bin_ms))[0] for t in trains[:-1]])
    r = np.corrcoef(counts)
    want = np.mean(r[np.triu_indices(12, 1)])     # pairs with the silent train are undefined: left out
    assert got["correlation"] == pytest.approx(want, rel=1e-12)
    assert np.isnan(fit.population_stats(trains[:1], bin_ms=bin_ms, t_stop=t_stop)["correlation"])


# ---- the composite objective ----

def test_objective_terms_are_the_functions():
    rng = np.random.default_rng(10)
    d = [poisson(rng, 0.04, 500)]
    m = [np.sort(np.clip(d[0] + rng.normal(0, 1.5, d[0].size), 0, 500))]
    v_target, v_model = rng.normal(-65, 1, 2000), rng.normal(-64, 1, 2000)
    sig_t, sig_m = rng.normal(0, 1, 1024), rng.normal(0, 2, 1024)
    _, psd = sps.welch(sig_t, fs=1000.0, nperseg=256)
    obj = fit.Objective(n_conditions=2)
    obj.add_gamma(d, 2.0, weight=2.0, t_stop=500)
    obj.add_spike_distance(d, weight=0.5, t_stop=500)
    obj.add_feature("cv", 0.3, 0.1, weight=1.5)
    obj.add_population(weight=1.0, rate_hz=30.0, rate_scale=5.0)
    obj.add_summary(d, 0.1, weight=1.0, condition=1, t_stop=500)
    obj.add_trace(v_target, 0.25, weight=0.1, condition=1, skip_spikes=d, skip_before_ms=1, skip_after_ms=2,
                  t_stop=500)
    obj.add_spectrum(psd, 1.0, weight=0.01, condition=1, welch={"nperseg": 256})
    assert obj.needs == {"spikes", "voltage", "signal"} and len(obj) == 7
    out = [{"spikes": m, "t_stop": 500},
           {"spikes": m, "t_stop": 500, "voltage": v_model, "voltage_dt_ms": 0.25, "signal": sig_m,
            "signal_dt_ms": 1.0}]
    total, terms = obj.evaluate(out)
    want = [fit.gamma_loss(d, m, 2.0, t_stop=500), fit.spike_distance_loss(d, m, t_stop=500),
            fit.feature_error(m, "cv", 0.3, 0.1, t_stop=500),
            ((fit.population_stats(m, t_stop=500)["rate_hz"] - 30) / 5) ** 2,
            fit.seed_score(fit.seed_summary(d, 0.1, t_stop=500), fit.seed_summary(m, 0.1, t_stop=500)),
            fit.trace_error(v_model, v_target, 0.25, skip_ms=d[0], skip_before_ms=1, skip_after_ms=2),
            fit.spectrum_distance(sig_m, 1.0, psd, welch={"nperseg": 256})]
    assert np.allclose(terms, want, rtol=1e-14, atol=1e-15)
    assert total == pytest.approx(np.dot([2, 0.5, 1.5, 1, 1, 0.1, 0.01], want), rel=1e-14)


def test_objective_refuses_voltage_where_only_spikes_are_recorded():
    obj = fit.Objective()
    obj.add_gamma([10.0, 20.0], 2.0, t_stop=100)
    obj.add_trace(np.zeros(100), 0.1)
    obj.check({"spikes", "voltage"})
    with pytest.raises(axon.ArgumentError, match=r"term 1 \(trace\) of condition 0 needs a voltage trace"):
        obj.check({"spikes"})
    with pytest.raises(axon.ArgumentError, match="no voltage trace"):
        obj.evaluate({"spikes": [12.0], "t_stop": 100})


def test_bad_input_is_refused_with_a_message():
    d = np.array([10.0, 20.0])
    with pytest.raises(axon.ArgumentError, match="delta_ms = -1"):
        fit.gamma_coincidence(d, d, -1.0, t_stop=100)
    with pytest.raises(axon.ArgumentError, match="train 0"):
        fit.gamma_coincidence(np.array([20.0, 10.0]), d, 1.0, t_stop=100)
    with pytest.raises(axon.ArgumentError, match="model has 3 samples and the target 2"):
        fit.trace_error([1, 2, 3], [1, 2], 0.1)
    with pytest.raises(axon.ArgumentError, match="model has 2 trains and the data 1"):
        fit.spike_distance_loss([d], [d, d], t_stop=100)
    with pytest.raises(axon.ArgumentError, match="penalty -1"):
        fit.feature_error(d, "rate", 1.0, 1.0, penalty=-1.0, t_stop=100)
    with pytest.raises(axon.ArgumentError, match="unknown"):
        fit.feature_error(d, "isi", 1.0, 1.0, t_stop=100)
    obj = fit.Objective(n_conditions=1)
    with pytest.raises(axon.ArgumentError, match=r"term 0 \(gamma\) of condition 0.*train 0"):
        obj.add_gamma(np.array([20.0, 10.0]), 2.0, t_stop=100)
    with pytest.raises(axon.ArgumentError, match="condition 1 does not exist"):
        obj.add_spike_distance(d, condition=1, t_stop=100)
    assert len(obj) == 0


def test_the_docs_examples_run(root):
    """docs/fitting.md, "Objectives": its Python blocks run, in order, on data made here."""
    import contextlib
    import io
    import os
    import re
    with open(os.path.join(root, "docs", "fitting.md")) as f:
        text = f.read()
    section = text.split("## Objectives", 1)[1].split("\n## ", 1)[0]
    code = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(code) == 2
    rng = np.random.default_rng(11)
    data = poisson(rng, 0.02, 1000.0)
    model = np.sort(np.clip(data + rng.normal(0, 2, data.size), 0, 1000))
    v_data, v_model = rng.normal(-65, 1, 10000), rng.normal(-64, 1, 10000)
    eeg = rng.normal(0, 1, 8192)
    _, target_psd = sps.welch(rng.normal(0, 2, 8192), fs=1000.0, nperseg=1024)
    ns = {"data": data, "model": model, "ref_trains": [data, data], "fit_trains": [model, model],
          "v_data": v_data, "v_model": v_model, "eeg_model": eeg, "target_psd": target_psd,
          "exc_trains": [poisson(rng, 0.01, 5000.0) for _ in range(50)], "data0": data, "data1": data,
          "cand0": model, "cand1": model, "v_cand": v_model}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for k, block in enumerate(code):
            exec(compile(block, "docs/fitting.md Objectives block %d" % (k + 1), "exec"), ns)
    assert 0.5 < ns["g"] <= 1.0 and ns["loss"] > 0 and np.isfinite(ns["score"]) and ns["rms"] > 0
    assert ns["obj"].needs == {"spikes", "voltage"}
    assert "term 1 (trace) of condition 1 needs a voltage trace" in out.getvalue()
    assert ns["total"] == pytest.approx(ns["terms"][0] + 0.1 * ns["terms"][1], rel=1e-15)


def test_objective_population_terms_per_population():
    rng = np.random.default_rng(12)
    trains = [poisson(rng, 0.01, 1000.0) for _ in range(8)] + [poisson(rng, 0.04, 1000.0) for _ in range(2)]
    obj = fit.Objective()
    obj.add_population(rate_hz=9.0, rate_scale=2.0, cv=1.0, cv_scale=0.5, n_trains=8)
    obj.add_population(rate_hz=45.0, rate_scale=5.0, first_train=8, n_trains=2)
    _, terms = obj.evaluate({"spikes": trains, "t_stop": 1000.0})
    e = fit.population_stats(trains[:8], t_stop=1000.0)
    i = fit.population_stats(trains[8:], t_stop=1000.0)
    assert terms[0] == pytest.approx(((e["rate_hz"] - 9) / 2) ** 2 + ((e["cv"] - 1) / 0.5) ** 2, rel=1e-14)
    assert terms[1] == pytest.approx(((i["rate_hz"] - 45) / 5) ** 2, rel=1e-14)
