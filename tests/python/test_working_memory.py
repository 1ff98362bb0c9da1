"""The working-memory cue task (examples/attractors/working_memory.toml, .py;
docs/attractors.md, "Working memory"): the cued pattern is held through the
delays, a distractor at the cue's rate does not overwrite it and one 20
times stronger does, accuracy falls with the cue's distortion, and bad
input is refused before any simulation.  A trial is 1.6 s of 58 cells
(about 0.1 s of CPU).  The numbers observed when the checks were written
(seeds 1-8) are in the comments."""
import importlib
import os
import subprocess
import sys

import numpy as np
import pytest

import axon
from axon import attractors
from axon.errors import ArgumentError

SEEDS = range(1, 9)


@pytest.fixture(scope="module")
def wm():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.path.insert(0, os.path.join(root, "examples", "attractors"))
    try:
        yield importlib.import_module("working_memory")
    finally:
        sys.path.remove(os.path.join(root, "examples", "attractors"))


@pytest.fixture(scope="module")
def default_trials(wm):
    """Seeds 1-8 at the defaults: distortion 0.1, pattern 1 as the distractor at the cue's rate (200 Hz)."""
    return {s: wm.trial(s) for s in SEEDS}


def test_the_cued_pattern_is_held_through_both_delays(wm, default_trials):
    # Observed: accuracy 1.00 in both delays (400-900 ms, 1100-1600 ms) for
    # 7 of 8 seeds, every cell of the cued pattern on (>= 20 Hz) and every
    # other cell off; the cue is gone by then, so it is the network that
    # holds the pattern.  The bound: >= 0.95 (at most 2 cells wrong) in 6 of
    # 8 seeds (one more failure than seen, for a seed whose spikes differ on
    # another machine) and in the median.  Seed 5 is the known failure: its pattern 0
    # (12 on cells, 7 of them in the 19-cell pattern 1) is no attractor of
    # the rule, and the network settles in pattern 1 (accuracy 1.00 there).
    for phase in (wm.DELAY1, wm.DELAY2):
        acc = {s: wm.delay_accuracy(r, phase) for s, r in default_trials.items()}
        assert sum(a >= 0.95 for a in acc.values()) >= 6, acc
        assert np.median(list(acc.values())) >= 0.95, acc
    five = default_trials[5]
    assert five["patterns"][0].sum() == 12 and five["patterns"][0] @ five["patterns"][1] == 7
    assert wm.delay_accuracy(five, wm.DELAY1, cued=1) >= 0.95
    # the cells fire in the delay at tens of Hz (observed 29-63 Hz mean over E), not at the cue's 200 Hz
    for r in default_trials.values():
        assert 10.0 <= r["rates"][wm.windows(r, wm.DELAY1)].mean() <= 100.0


def test_signal_to_noise_ratio(wm, default_trials):
    # The definition on a hand case: cued accuracies (1.0, 0.9), the others'
    # (0.5, 0.6 | 0.4, 0.5): (0.95 - 0.5) / sqrt((0.0025 + 0.005) / 2).
    r = dict(edges=np.array([0.0, 100.0, 200.0]), accuracy=np.array([[1.0, 0.5, 0.4], [0.9, 0.6, 0.5]]))
    assert wm.snr(r, (0.0, 200.0)) == pytest.approx(0.45 / np.sqrt(0.00375), rel=1e-12)
    # a noiseless recall: sd floored at 1/49
    r["accuracy"] = np.array([[1.0, 0.5, 0.5], [1.0, 0.5, 0.5]])
    assert wm.snr(r, (0.0, 200.0)) == pytest.approx(0.5 * 49, rel=1e-12)
    # the task: SNR >= 5 in both delays for the seeds that recall (observed 9.4-25), < 1 for seed 5 (-0.8)
    for s, r in default_trials.items():
        if s != 5:
            assert wm.snr(r, wm.DELAY1) >= 5 and wm.snr(r, wm.DELAY2) >= 5, s
    assert wm.snr(default_trials[5], wm.DELAY1) < 1


def test_the_memory_needs_its_recurrent_weights(wm):
    # g_EE = 0: E falls silent when the cue ends (observed <= 0.4 Hz mean
    # over E in the delay); the accuracy is then the fraction of off cells
    # (0.55-0.76) and the SNR near 0 (|SNR| <= 6, observed -5.7 to 2.0).
    for s in (1, 2):
        r = wm.trial(s, g_ee=0.0)
        assert r["rates"][wm.windows(r, wm.DELAY1)].max() <= 2.0
        assert wm.delay_accuracy(r, wm.DELAY1) == pytest.approx(1.0 - r["patterns"][0].mean(), abs=2.5 / 49)


def test_a_distractor_at_the_cues_rate_does_not_overwrite(wm, default_trials):
    # Pattern 1 (or a random pattern) at 200 Hz in phase 2: the delay-2
    # accuracy equals the delay-1 accuracy for every seed (observed exactly),
    # and pattern 1 is not recalled (its accuracy 0.47-0.61 except seed 5).
    # The bound: within 2 cells (0.04).
    for s, r in default_trials.items():
        assert abs(wm.delay_accuracy(r, wm.DELAY2) - wm.delay_accuracy(r, wm.DELAY1)) <= 0.04, s
    for s in (1, 2, 3):
        r = wm.trial(s, distractor="noise")
        assert abs(wm.delay_accuracy(r, wm.DELAY2) - wm.delay_accuracy(r, wm.DELAY1)) <= 0.04, s


def test_a_distractor_twenty_times_stronger_overwrites(wm):
    # Pattern 1 at 4000 Hz: of the 7 seeds that held the cue (all but 5),
    # 5 then hold pattern 1 (its accuracy 1.00 in delay 2, the cued
    # pattern's 0.49-0.59); seeds 1 and 6 keep pattern 0.  Checked: >= 4 of
    # the 7 switch to pattern 1 (>= 0.95) and the mean cued accuracy in
    # delay 2 is <= 0.75 (observed 0.66; 1.00 if nothing switched).
    trials = {s: wm.trial(s, distractor_rate=wm.STRONG_DISTRACTOR) for s in SEEDS if s != 5}
    switched = [s for s, r in trials.items() if wm.delay_accuracy(r, wm.DELAY2, cued=1) >= 0.95]
    assert len(switched) >= 4, switched
    assert np.mean([wm.delay_accuracy(r, wm.DELAY2) for r in trials.values()]) <= 0.75
    # ... and before the distractor the cued pattern was held
    assert all(wm.delay_accuracy(r, wm.DELAY1) >= 0.95 for r in trials.values())


def test_accuracy_falls_with_distortion(wm, default_trials):
    # Mean delay-1 accuracy over seeds 1-8: 0.957 at distortion 0.1 (and 0,
    # 0.2), 0.906 at 0.3, 0.800 at 0.5 (the cue then holds as many wrong
    # cells as right ones, and 4 seeds recall another pattern or a mixture).
    # Checked: the mean at 0.5 is below the mean at 0.1 by >= 0.08.
    low = np.mean([wm.delay_accuracy(r, wm.DELAY1) for r in default_trials.values()])
    high = np.mean([wm.delay_accuracy(wm.trial(s, 0.5, "none"), wm.DELAY1) for s in SEEDS])
    assert high <= low - 0.08, (low, high)


def test_bad_input_is_refused_before_any_simulation(wm, monkeypatch):
    def no_load(*args, **kwargs):
        raise AssertionError("a simulation was started")

    monkeypatch.setattr(axon, "load", no_load)
    good = attractors.random_patterns(49, 3, seed=1, binary=True, p_on=0.3)
    cases = [(dict(patterns=good[:, :48]), "patterns have shape \\(3, 48\\)"),
             (dict(patterns=good[:1]), "with k >= 2"),
             (dict(patterns=[[0, 1], [1]]), "patterns must be an array of numbers"),
             (dict(patterns=np.where(good > 0, 1.0, -1.0)), "pattern 0 has -1.0 at cell 0: binary patterns of 0"),
             (dict(distortion=1.5), "distortion = 1.5; a finite number in \\[0, 1\\] is allowed"),
             (dict(distortion=-0.1), "in \\[0, 1\\]"),
             (dict(distortion=float("nan")), "in \\[0, 1\\]"),
             (dict(distortion="0.1"), "distortion = '0.1'"),
             (dict(g_ee=-0.1), "g_ee = -0.1 nA; a finite number >= 0"),
             (dict(g_ie=0.5), "g_ie = 0.5 nA; a finite number <= 0"),
             (dict(distractor="loud"), "distractor 'loud'; allowed: none, noise, pattern"),
             (dict(distractor_rate=float("inf")), "distractor_rate = inf Hz"),
             (dict(g_ee=float("inf")), "g_ee = inf nA")]
    for kwargs, fragment in cases:
        with pytest.raises(ArgumentError, match=fragment):
            wm.trial(1, **kwargs)
    # (7, 7) patterns are accepted as they are
    assert wm.check_task(good.reshape(3, 7, 7), 0.1).shape == (3, 49)


def test_driver_prints_and_plots(root, tmp_path):
    pytest.importorskip("matplotlib")
    png, sweep_png = tmp_path / "wm.png", tmp_path / "sweep.png"
    p = subprocess.run([sys.executable, os.path.join(root, "examples", "attractors", "working_memory.py"), "--quick",
                        "--seeds", "1", "--plot", str(png), "--sweep-plot", str(sweep_png)],
                       capture_output=True, text=True, timeout=120, env=dict(os.environ, MPLBACKEND="Agg"))
    assert p.returncode == 0, p.stderr
    assert "pattern 1, 4000 Hz" in p.stdout and "sweep" in p.stdout
    assert png.stat().st_size > 5000 and sweep_png.stat().st_size > 5000
