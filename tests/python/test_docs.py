"""docs/python.md: its code blocks run, in order, in one namespace, from the
repository's root (as a reader would paste them), and what they print about
the model is right."""
import contextlib
import io
import os
import re

import numpy as np


def blocks(path):
    with open(path) as f:
        return re.findall(r"```python\n(.*?)```", f.read(), re.S)


def test_tutorial_runs_and_is_right(root, monkeypatch):
    monkeypatch.chdir(root)
    code = blocks(os.path.join(root, "docs", "python.md"))
    assert len(code) >= 8
    ns = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for k, block in enumerate(code):
            exec(compile(block, "docs/python.md block %d" % (k + 1), "exec"), ns)
    text = out.getvalue()
    # the quickstart network fires asynchronously at a moderate rate
    first = float(text.splitlines()[0].split()[0])
    assert 5.0 < first < 40.0, text
    # the DC response follows the closed form (exact integration: to rounding)
    v, t, rising, expected = ns["v"], ns["t"], ns["rising"], ns["expected"]
    assert rising.sum() > 50
    np.testing.assert_allclose(v.values[rising, 0], expected, rtol=0, atol=1e-9)
    # the closed loop saw spikes while the current was on, none after
    assert ns["count"] > 0
    # the model file ran for its overridden duration
    assert ns["m"].network.time == 200.0
    # the graph block found, edited and listed the synapse 1 -> 6
    assert ns["syn"]["pre"] == 1 and ns["syn"]["post"] == 6 and ns["syn"]["count"] == 1
    assert ns["prj"].synapse(1, 6)["weight"] == np.float32(0.05)
    assert [(s["pre"], s["weight"]) for s in ns["into_6"] if s["projection"] is ns["prj"]] == [(1, np.float32(0.05))]
    # errors carried the library's messages
    assert "tau_m" in text and "No_such_model" in text
    # the model written as equations: a larger R, a larger drive, more spikes;
    # its doc says how it is integrated, its error where
    counts = np.bincount(ns["qif_spikes"].spikes[1], minlength=5)
    assert counts[0] > 0 and np.all(np.diff(counts) > 0), counts
    assert "v by RK4" in text and "equations:1:14: unknown name 'tua'" in text


def test_tutorial_pynn_block_is_a_neo_block_of_the_cells(root, monkeypatch):
    monkeypatch.chdir(root)
    code = [b for b in blocks(os.path.join(root, "docs", "python.md")) if "pyNN.axon" in b]
    assert len(code) == 1
    ns = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code[0], "docs/python.md (PyNN)", "exec"), ns)
    seg = ns["block"].segments[0]
    # 1 nA into 1 nF with tau_m 20 ms: v rises from -65 mV towards -45 mV and
    # reaches -50 mV after -20 ln(1 - 15/20) ms; then reset, 2 ms refractory, again
    first = -20.0 * np.log(1.0 - 15.0 / 20.0)
    expected = int((100.0 - first) // (first + 2.0)) + 1
    assert len(seg.spiketrains) == 10 and all(len(st) == expected for st in seg.spiketrains), expected
    assert seg.analogsignals[0].shape[1] == 10
