"""The spiking attractor examples (examples/attractors/, docs/attractors.md):
the main seed's doc-test numbers, over several seeds, on its sizes (they
run in a fraction of a second each).  The numbers observed when the checks
were written are in the comments; docs/attractors.md reports 50 seeds."""
import importlib
import os
import subprocess
import sys

import numpy as np
import pytest


@pytest.fixture
def examples(root, monkeypatch):
    """The example drivers as modules (they import their folder's common.py)."""
    folder = os.path.join(root, "examples", "attractors")
    monkeypatch.syspath_prepend(folder)
    return (importlib.import_module("spiking_hopfield"), importlib.import_module("binary_autoassociative"))


def test_spiking_hopfield_recalls_at_least_90_percent(examples):
    # The seed: 7 x 7, one pattern, 10 % distortion, on = >= 5 spikes, >= 90 %
    # right.  Observed: 100 % for each of seeds 1 to 50.
    hopfield, _ = examples
    trials = [hopfield.trial(seed) for seed in range(1, 9)]
    acc = np.array([t["accuracy"] for t in trials])
    assert np.all(acc >= 0.9), acc
    # it is the network that recalls, not the cue: some cues had cells wrong
    assert sum(np.sum(t["cue"] != t["pattern"]) for t in trials) >= 8
    # the on cells fire on (tens of spikes), the off cells at most once
    for t in trials:
        on = t["pattern"] > 0
        assert t["counts"][on].min() >= 5 and t["counts"][~on].max() <= 1, t["counts"]


def test_spiking_hopfield_needs_its_weights(examples, monkeypatch):
    # Without the Hopfield weights (all zero) only the cue's on cells spike,
    # once each: the recall is the cue's at best, and the threshold of 5
    # spikes sees nothing on (accuracy = the fraction of off cells).
    hopfield, _ = examples
    monkeypatch.setattr(hopfield, "GAP", 0.0)
    t = hopfield.trial(3)
    assert t["counts"].max() <= 1
    assert t["accuracy"] == pytest.approx(np.mean(t["pattern"] < 0))


def test_binary_autoassociative_recalls_at_least_85_percent(examples):
    # The seed: 5 x 5 binary pattern with a 3 x 3 inhibitory pool, 10 %
    # distortion, on = >= 10 spikes, >= 85 % right.  Observed over seeds 1 to
    # 50: mean 0.918, median 0.96, 47 of 50 at least 0.85; the three below
    # are patterns with 18 or 19 of 25 cells on (seeds 5 and 7: 0.28, the
    # lattice falls silent; seed 20: 0.84).  Checked here: seeds 1 to 4 and
    # 8 to 12 each, and the median of 1 to 12.
    _, binary = examples
    trials = {seed: binary.trial(seed) for seed in range(1, 13)}
    acc = {s: t["accuracy"] for s, t in trials.items()}
    assert all(acc[s] >= 0.85 for s in (1, 2, 3, 4, 8, 9, 10, 11, 12)), acc
    assert np.median(list(acc.values())) >= 0.85, acc
    # the known failure: a pattern of 18 on cells, the lattice silent
    assert np.sum(trials[5]["pattern"]) == 18 and trials[5]["counts"].max() < 10


def test_drivers_print_and_plot(root, tmp_path):
    pytest.importorskip("matplotlib")
    for name in ("spiking_hopfield", "binary_autoassociative"):
        png = tmp_path / (name + ".png")
        p = subprocess.run([sys.executable, os.path.join(root, "examples", "attractors", name + ".py"), "--seeds", "2",
                            "--plot", str(png)], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, MPLBACKEND="Agg"))
        assert p.returncode == 0, p.stderr
        assert "recall over 2 seeds" in p.stdout and png.stat().st_size > 5000
