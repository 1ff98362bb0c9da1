"""Model files through Python (axon.load / axon.loads) against the same file
run by the `axon` command: identical recordings; overrides, names, the
schedule and errors with file:line:col."""
import os
import subprocess

import numpy as np
import pytest

import axon

MODEL = """
name = "small"

[simulation]
duration = 200.0
seed = 5

[populations.E]
model = "IF_curr_exp"
size = 80
init = { v = { uniform = [-65.0, -50.0] } }

[populations.I]
model = "IF_curr_exp"
size = 20

[[projections]]
name = "ee"
from = "E"
to = "E"
connector = { fixed_probability = 0.1 }
weight = { uniform = [0.0, 0.2] }
delay = 1.5
synapse = { stdp = { timing = "spike_pair", w_max = 0.5 } }

[[projections]]
from = "I"
to = "E"
connector = { from_list = "pairs.csv" }
receptor = "inhibitory"
weight = -0.3

[[inputs]]
kind = "poisson"
target = "E"
sources = 100
rate = 16.0
weight = 0.1

[[inputs]]
kind = "dc"
target = "I"
amplitude = 1.2

[[record]]
population = "E"
variables = ["spikes", "v"]
neurons = [0, 5]

[[record]]
population = "I"
variables = ["spikes"]

[[record]]
projection = "ee"
weights = { first = 5 }
interval = 50.0

[[schedule]]
at = 100.0
projection = "ee"
plasticity = false
"""


@pytest.fixture
def model(tmp_path):
    with open(tmp_path / "pairs.csv", "w") as f:
        f.write("source,target\n" + "".join(f"{i % 20},{(7 * i) % 80}\n" for i in range(60)))
    path = tmp_path / "small.toml"
    path.write_text(MODEL)
    return path


def axon_cli(root, *args):
    exe = os.path.join(root, os.environ.get("AXON_BUILD", "build"), "axon")
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)


def test_load_run_write_equals_the_cli(root, model, tmp_path):
    cli_out = tmp_path / "cli"
    r = axon_cli(root, "run", str(model), "--out", str(cli_out), "--quiet", "--threads", "1")
    assert r.returncode == 0, r.stderr
    m = axon.load(model)
    assert (m.name, m.duration) == ("small", 200.0)
    assert m.output_dir.endswith(os.path.join("axon-out", "small"))
    assert m.run() is m and m.network.time == 200.0
    py_out = m.write_recordings(str(tmp_path / "py"))
    files = m.recording_files
    assert set(files) >= {"E.spikes.csv", "E.v.csv", "I.spikes.csv", "ee.weight_trace.csv"}
    for name in files:
        with open(os.path.join(py_out, name)) as a, open(cli_out / name) as b:
            assert a.read() == b.read(), name


def test_network_of_a_model_file(model):
    m = axon.load(str(model))
    net = m.network
    assert [p.name for p in net.populations] == ["E", "I"]
    ee = m.projection("ee")
    assert ee is net.projections[0] and len(net.projections) == 2
    # what joins what, read back from the library for the file's projections too
    e, i = net.populations
    assert (ee.pre, ee.post, ee.receptor, ee.kind) == (e, e, "excitatory", "plastic")
    ie = net.projections[1]
    assert (ie.pre, ie.post, ie.receptor, ie.kind) == (i, e, "inhibitory", "static")
    assert ee.learning is True and ee.learning_rate == 1.0 and ie.learning is None
    with pytest.raises(axon.NotFoundError, match="'nope'"):
        m.projection("nope")
    rec = net.populations[1].record()   # Python may add to it before the run
    m.run(50.0)
    assert net.time == 50.0 and len(rec.spikes[0]) > 0 and ee.size > 0
    assert np.all((ee.weights >= 0.0) & (ee.weights <= 0.5))


def test_schedule_turns_learning_off(model):
    m = axon.load(str(model))
    m.run(100.0)
    w = m.projection("ee").weights.copy()
    m.run(100.0)   # learning is off from t = 100 ms
    assert np.array_equal(m.projection("ee").weights, w)
    assert m.projection("ee").learning is False
    m2 = axon.load(str(model), set={"schedule.0.at": 300.0})
    m2.run(100.0)
    w2 = m2.projection("ee").weights.copy()
    m2.run(100.0)
    assert not np.array_equal(m2.projection("ee").weights, w2)


def test_overrides(model):
    m = axon.load(model, set={"simulation.duration": 50, "name": "other", "populations.I.size": 30,
                               "populations.E.params": {"tau_m": 10.0}, "record.0.neurons": [1, 2, 3]})
    assert (m.name, m.duration) == ("other", 50.0)
    E = m.network.population("E")
    assert m.network.population("I").size == 30 and np.all(E.get("tau_m") == 10.0)
    with pytest.raises(axon.Error, match="tau_mm"):
        axon.load(model, set={"populations.E.params.tau_mm": 1.0})
    assert axon.modelfile.toml_value([1, 2.5, True, "a\"b", float("inf")]) == '[1, 2.5, true, "a\\"b", inf]'


def test_loads_relative_paths_and_errors(model, tmp_path):
    m = axon.loads(model.read_text(), name="inline", dir=str(tmp_path))
    assert m.name == "small"
    with pytest.raises(axon.FileError, match="pairs.csv"):
        axon.loads(model.read_text(), name="inline", dir=str(tmp_path / "elsewhere"))
    with pytest.raises(axon.Error, match=r"^inline:\d+:\d+: populations.E.params.tau_mm"):
        axon.loads(MODEL.replace('size = 80', 'size = 80\nparams = { tau_mm = 1.0 }'), name="inline",
                   dir=str(tmp_path))
    bad = axon.loads(MODEL.replace('size = 20', 'size = 20\nparams = { v_reset = -40.0, v_thresh = -50.0 }'),
                     dir=str(tmp_path))
    with pytest.raises(axon.ArgumentError, match="v_reset"):
        bad.validate()
    none = axon.loads(MODEL.replace("duration = 200.0", ""), dir=str(tmp_path))
    assert none.duration is None
    with pytest.raises(axon.ArgumentError, match="duration"):
        none.run()


def test_stream_recordings_and_close(model, tmp_path):
    with axon.load(model) as m:
        out = m.stream_recordings(str(tmp_path / "s"))
        m.run()
        m.write_recordings(out)
        assert os.path.getsize(os.path.join(out, "E.spikes.csv")) > 20
        net = m.network
    for call in (lambda: m.name, lambda: m.run(), lambda: net.time, lambda: m.projection("ee")):
        with pytest.raises(axon.StateError):
            call()
    assert "closed" in repr(m)


def test_one_liner_writes_where_the_cli_writes(root, model, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)   # the default output folder is relative
    r = axon_cli(root, "run", str(model), "--quiet")
    assert r.returncode == 0, r.stderr
    cli = (tmp_path / "axon-out" / "small" / "I.spikes.csv").read_text()
    m = axon.load(model).run()
    assert m.write_recordings() == m.output_dir
    assert (tmp_path / "axon-out" / "small" / "I.spikes.csv").read_text() == cli
    assert len(cli.splitlines()) > 10
