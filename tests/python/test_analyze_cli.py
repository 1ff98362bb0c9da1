"""`axon analyze`: analysis.json's rates, CVs, correlations and PSD peak
against NumPy/SciPy computed on the same spike files."""
import json
import os
import subprocess

import numpy as np
import pytest
from scipy import signal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AXON = os.path.join(ROOT, os.environ.get("AXON_BUILD", "build"), "axon")

MODEL = """[simulation]
duration = 1000
seed = 5
[populations.E]
model = "IF_curr_exp"
size = 150
[populations.P]
model = "SpikeSourcePoisson"
size = 100
params = { rate = 20 }
[[projections]]
from = "P"
to = "E"
connector = { fixed_indegree = 30 }
weight = 0.6
delay = 1.0
[[record]]
population = "E"
variables = ["spikes"]
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("analyze")
    (d / "m.toml").write_text(MODEL)
    subprocess.run([AXON, "run", str(d / "m.toml"), "--out", str(d / "out"), "--quiet"], check=True)
    out = subprocess.run([AXON, "analyze", str(d / "out"), "--json", "--bin", "5", "--sample", "40",
                          "--seed", "3"], check=True, capture_output=True, text=True).stdout
    data = np.loadtxt(d / "out" / "E.spikes.csv", delimiter=",", skiprows=1, ndmin=2)
    trains = [np.sort(data[data[:, 1] == k, 0]) for k in range(150)]
    return json.loads(out)["populations"]["E"], trains


def test_rates_and_cv(run):
    a, trains = run
    rates = np.array([len(t) for t in trains]) / 1.0
    assert a["neurons"] == 150 and a["spikes"] == sum(len(t) for t in trains)
    assert a["mean_rate_hz"] == pytest.approx(rates.mean(), rel=1e-12)
    assert a["rate_hz"]["sd"] == pytest.approx(rates.std(ddof=1), rel=1e-12)
    assert a["rate_hz"]["median"] == pytest.approx(np.median(rates), rel=1e-12)
    cvs = [np.std(np.diff(t)) / np.mean(np.diff(t)) for t in trains if len(t) >= 3]
    assert a["cv_isi_defined"] == len(cvs) > 10
    assert a["cv_isi"] == pytest.approx(np.mean(cvs), rel=1e-9)


def counts(t, bin_ms=5.0, t_stop=1000.0):
    n = int(round(t_stop / bin_ms))
    return np.bincount(np.minimum((t / bin_ms).astype(int), n - 1), minlength=n)


def test_correlations_of_the_sample(run):
    a, trains = run
    ids = a["sample"]["ids"]
    assert len(ids) == 40 == len(set(ids))
    c = np.array([counts(trains[k]) for k in ids], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.corrcoef(c)
    r = r[np.triu_indices(40, 1)]
    r = r[np.isfinite(r)]
    assert a["correlation"]["r"]["n_defined"] == len(r)
    assert a["correlation"]["r"]["mean"] == pytest.approx(r.mean(), abs=1e-12)
    assert a["correlation"]["r"]["q75"] == pytest.approx(np.quantile(r, 0.75), abs=1e-12)


def test_psd_peak_of_the_population_rate(run):
    a, trains = run
    rate = sum(counts(t) for t in trains) / (150 * 5e-3)
    f, p = signal.welch(rate, fs=200.0, nperseg=200)
    assert a["population_rate"]["mean_hz"] == pytest.approx(rate.mean(), rel=1e-12)
    assert a["population_rate_psd"]["peak_hz"] == pytest.approx(f[1:][np.argmax(p[1:])], abs=1e-9)
    beta = p[(f >= 13) & (f <= 30)]
    assert a["population_rate_psd"]["band_power"]["beta"] > 0 and len(beta) > 0
