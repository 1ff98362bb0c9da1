"""The single-neuron fitting tasks of issue 18 item 5, each an example
(examples/python/fit_*.py) run here with --quick's settings, with the
accuracy it reaches (docs/fitting.md, "Tasks").  Every fit is seeded, and
a fit is bit-identical for any thread count, so the numbers measured when
the bounds were set (in the comments) are what a run gives on this
machine; the bounds leave a margin for another compiler's or CPU's
rounding changing a fit's path."""
import importlib
import os
import subprocess
import sys

import numpy as np
import pytest



@pytest.fixture
def examples(root, monkeypatch):
    monkeypatch.syspath_prepend(os.path.join(root, "examples", "python"))
    return importlib.import_module


def test_izhikevich_fit_to_hh_predicts_the_held_out_step(examples, tmp_path):
    # CMA-ES, 4 restarts (seeds 2-5, the lowest training score kept) of 2400 evaluations of a, b, c, d,
    # input_scale on 6 steps (0.1 .. 0.35 nA) of HH_cond_exp, score 1 - Gamma (4 ms) + 0.02 |n - N|.
    # Measured: restart scores 0.617, 0.574, 0.578, 0.591; the kept one's Gamma on the training steps 0.457,
    # 0.947, 0.83, 0.206, 0.081, 0.392 (mean 0.486); held-out 0.2 nA: 0.342.  The RS neuron with its input
    # scale fitted alone: training mean 0.284, held out -0.229 (no better than chance).  One run alone
    # lands in either of two basins (held out 0.12, 0.01, 0.34, 0.42 for seeds 1-4).
    m = examples("fit_izhikevich_to_hh")
    res = m.run(quick=True, seed=2)
    assert res["gamma_held_out"] > 0.15, res["gamma_held_out"]
    assert res["gamma_train"].mean() > 0.4, res["gamma_train"]
    assert res["gamma_held_out"] > res["rs_gamma_held_out"] + 0.2
    assert res["gamma_train"].mean() > res["rs_gamma_train"].mean() + 0.1
    # the score CMA-ES minimised is the one recomputed from the trains alone (the same neuron, other protocols)
    n = len(m.TRAIN_NA)
    counts = sum(abs(len(t) - len(f)) for t, f in zip(res["targets"][:n], res["fitted"][:n]))
    assert res["score"] == pytest.approx(np.mean(1 - res["gamma_train"]) + m.COUNT_WEIGHT * counts, abs=1e-12)
    m.plot(res, str(tmp_path / "hh.png"))
    assert (tmp_path / "hh.png").stat().st_size > 10000


def test_adex_parameters_are_recovered_from_its_own_spikes(examples, tmp_path):
    # 3 CMA-ES restarts (seeds 1-3) of 800 evaluations each, a, b, tau_w, v_thresh in a box of a factor 4
    # (+-8 mV) around the truth.  Measured: two restarts reached score 0 (Gamma 1 on all three steps, to rounding, counts
    # equal), the third 0.2; relative errors of the best: a 0.135, b 0.0095, tau_w 0.0016, v_thresh 0.0021;
    # medians over the restarts a 0.135, b 0.019, tau_w 0.047, v_thresh 0.0023.  a, the subthreshold
    # coupling, is the weakly identified one: its 14 % error leaves every spike within 2 ms.
    m = examples("fit_adex_recovery")
    res = m.run(quick=True)
    assert np.all(res["gamma_best"] >= 0.99), res["gamma_best"]
    best = {"a": 0.3, "b": 0.05, "tau_w": 0.05, "v_thresh": 0.01}
    median = {"a": 0.3, "b": 0.05, "tau_w": 0.1, "v_thresh": 0.01}
    for j, name in enumerate(m.FREE):
        assert res["best_relative_error"][j] < best[name], (name, res["best_relative_error"][j])
        assert res["median"][j] < median[name], (name, res["median"][j])
    assert np.sum(res["scores"] < 1e-12) >= 2, res["scores"]   # 0 up to the rounding of a mean of 1 - 1
    m.plot(res, str(tmp_path / "adex.png"))
    assert (tmp_path / "adex.png").stat().st_size > 10000


def test_current_search_hits_each_count_or_brackets_it(examples, tmp_path):
    # RS Izhikevich, 1 s under input_scale x 1 nA: targets 1, 3, 5, 10.  Measured: 1, 5 and 10 found (each
    # current run alone fires exactly that many); 3 is not reachable: the count jumps from 1 to 5 at
    # 3.774375771 pA.
    m = examples("fit_current_search")
    res = m.run(quick=True)
    assert not all(res["found"]), "one target is unreachable: the bracket is checked"
    assert sum(res["found"]) >= 3
    for t, f, v, n, b in zip(res["targets"], res["found"], res["values"], res["alone"], res["brackets"]):
        if f:
            assert n == t, (t, v, n)
            assert m.count([v])[0] == t
        else:
            lo, hi, n_lo, n_hi = b
            assert n_lo < t < n_hi and 0 < hi - lo <= 1e-12, b
            assert m.count([lo])[0] == n_lo and m.count([hi])[0] == n_hi
    m.plot(res, str(tmp_path / "search.png"))
    assert (tmp_path / "search.png").stat().st_size > 5000


def test_the_example_scripts_run_from_the_command_line(root, tmp_path):
    # the fastest of the three as a script (--quick, --out): its report and its picture
    out = tmp_path / "search.png"
    p = subprocess.run([sys.executable, os.path.join(root, "examples", "python", "fit_current_search.py"), "--quick",
                        "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "3 spikes:" in p.stdout and "not found" in p.stdout and "the count jumps from 1" in p.stdout
    assert out.stat().st_size > 5000
