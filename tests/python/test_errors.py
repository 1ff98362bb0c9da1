"""Errors: one class per ax_status, each also the matching built-in; the
library's messages name the call, the argument, the value and what is
allowed; bad input never crashes and a failed call changes nothing."""
import pickle

import numpy as np
import pytest

import axon


def test_hierarchy():
    pairs = [(axon.ArgumentError, ValueError), (axon.NotFoundError, KeyError),
             (axon.OutOfMemoryError, MemoryError), (axon.StateError, RuntimeError),
             (axon.NumericError, ArithmeticError), (axon.FileError, OSError)]
    for cls, builtin in pairs:
        assert issubclass(cls, axon.Error) and issubclass(cls, builtin)
    assert issubclass(axon.InterruptedRun, axon.Error)
    assert issubclass(axon.Error, Exception)


def test_argument_error():
    with pytest.raises(ValueError, match=r"dt = -1 ms is not allowed"):
        axon.Network(dt=-1.0)


def test_not_found_is_a_key_error_with_a_plain_message():
    net = axon.Network()
    with pytest.raises(KeyError) as e:
        net.add_population("P", "IF_curr_exq", 1)
    assert isinstance(e.value, axon.NotFoundError)
    assert str(e.value).startswith("add population: unknown model 'IF_curr_exq' (did you mean 'IF_curr_exp'?)")


def test_out_of_memory_error_leaves_the_network_as_it_was():
    net = axon.Network()
    net.memory_limit = 1 << 20
    with pytest.raises(MemoryError, match="more than the memory limit"):
        net.add_population("P", "IF_curr_exp", 10 ** 7)
    assert net.populations == ()
    net.add_population("P", "IF_curr_exp", 10)


def test_state_error():
    net = axon.Network()
    p = net.add_population("P", "IF_curr_exp", 2)
    net.build()
    with pytest.raises(RuntimeError, match="already built"):
        net.connect(p, p, axon.AllToAll(), weight=0.1)
    with pytest.raises(axon.StateError, match="already built"):
        net.add_population("Q", "IF_curr_exp", 1)


def test_numeric_error_carries_the_failure():
    net = axon.Network(dt=1.0)
    p = net.add_population("P", "FitzHughNagumo", 2)
    p.set(i_offset=1e6)
    assert net.failure is None
    with pytest.raises(ArithmeticError) as e:
        net.run(100.0)
    f = e.value.failure
    assert f.keys() == net.failure.keys() and f["time_ms"] == net.failure["time_ms"]
    assert f["status"] == "numerical failure" and f["population"] is p and f["neuron"] == 0
    assert f["variable"] in p.state_variables and set(f["state"]) == set(p.state_variables)
    assert f["from_ms"] < f["to_ms"] == f["time_ms"] == net.time < 100.0
    assert "i_offset" in f["cause"]
    with pytest.raises(axon.StateError, match="earlier run of this network failed"):
        net.run(1.0)


def test_file_error():
    net = axon.Network()
    net.add_population("P", "IF_curr_exp", 1)
    net.build()
    with pytest.raises(OSError) as e:
        net.save_state("/nonexistent-folder/state.bin")
    assert isinstance(e.value, axon.FileError)
    assert "/nonexistent-folder/state.bin" in str(e.value)
    with pytest.raises(axon.FileError):
        net.restore_state("/nonexistent-folder/state.bin")
    with pytest.raises(axon.FileError):
        axon.load("/nonexistent-folder/model.toml")


def test_errors_can_be_pickled():
    e = axon.ArgumentError("run: duration -1 ms is not allowed")
    assert str(pickle.loads(pickle.dumps(e))) == str(e)


@pytest.fixture
def net():
    n = axon.Network(threads=1)
    n.add_population("P", "IF_curr_exp", 4)
    n.add_population("S", "SpikeSourceArray", 2)
    return n


BAD_CALLS = [
    # (call, exception class, words the message must hold)
    (lambda n: axon.Network(dt="x"), TypeError, ""),
    (lambda n: axon.Network(dt=float("nan")), axon.ArgumentError, "dt"),
    (lambda n: axon.Network(dt=20.0), axon.ArgumentError, "dt"),
    (lambda n: axon.Network(threads=-1), axon.ArgumentError, "threads"),
    (lambda n: axon.Network(threads=5000), axon.ArgumentError, "threads"),
    (lambda n: axon.Network(seed=-1), axon.ArgumentError, "seed -1"),
    (lambda n: axon.Network(seed=1.5), TypeError, "seed"),
    (lambda n: n.add_population("Q", "IF_curr_exp", 0), axon.ArgumentError, "size 0"),
    (lambda n: n.add_population("Q", "IF_curr_exp", -5), axon.ArgumentError, "size -5"),
    (lambda n: n.add_population("Q", "IF_curr_exp", 2 ** 80), axon.ArgumentError, "size"),
    (lambda n: n.add_population("Q", "IF_curr_exp", 2.0), TypeError, "size"),
    (lambda n: n.add_population("P", "IF_curr_exp", 1), axon.ArgumentError, "'P'"),
    (lambda n: n.add_population("bad name!", "IF_curr_exp", 1), axon.ArgumentError, "bad name!"),
    (lambda n: n.add_population(3, "IF_curr_exp", 1), TypeError, "name"),
    (lambda n: n.add_population("Q\0x", "IF_curr_exp", 1), axon.ArgumentError, "NUL"),
    (lambda n: n.add_population("Q", "IF_curr_exp", 1, params=[1]), TypeError, "dicts"),
    (lambda n: n.add_population("Q", "nope", 1), axon.NotFoundError, "nope"),
    (lambda n: n.population("nope"), axon.NotFoundError, "nope"),
    (lambda n: n.population(1), TypeError, "name"),
    (lambda n: n.populations[0].set(tau_m=-1.0), axon.ArgumentError, "tau_m"),
    (lambda n: n.populations[0].set(nope=1.0), axon.NotFoundError, "nope"),
    (lambda n: n.populations[0].set(1.0), TypeError, "keyword"),
    (lambda n: n.populations[0].set_state(tau_m=1.0), axon.NotFoundError, "tau_m"),
    (lambda n: n.populations[0].set_params(v=1.0), axon.NotFoundError, "'v'"),
    (lambda n: n.populations[0].get("nope"), axon.NotFoundError, "nope"),
    (lambda n: n.populations[0].get(None), TypeError, "name"),
    (lambda n: n.populations[1].set_spike_times(5, [1.0]), axon.ArgumentError, "5"),
    (lambda n: n.populations[1].set_spike_times(-1, [1.0]), axon.ArgumentError, "-1"),
    (lambda n: n.populations[1].set_spike_times(0, [2.0, 1.0]), axon.ArgumentError, "comes before"),
    (lambda n: n.populations[1].set_spike_times(0, [float("nan")]), axon.ArgumentError, ""),
    (lambda n: n.populations[1].set_spike_times(0, "abc"), TypeError, "times"),
    (lambda n: n.populations[1].set_spike_times(1.5, [1.0]), TypeError, "neuron"),
    (lambda n: n.populations[0].set_spike_times(0, [1.0]), axon.Error, "P"),
    (lambda n: setattr(n.populations[1], "spike_times", [[1.0]]), axon.ArgumentError, "one per neuron"),
    (lambda n: n.populations[0].record("nope"), axon.NotFoundError, "nope"),
    (lambda n: n.populations[0].record("v", neurons=[7]), axon.ArgumentError, "7"),
    (lambda n: n.populations[0].record("v", neurons=[-1]), axon.ArgumentError, "-1"),
    (lambda n: n.populations[0].record("v", neurons=0), axon.ArgumentError, "neurons 0"),
    (lambda n: n.populations[0].record("v", neurons=[]), axon.ArgumentError, "empty"),
    (lambda n: n.populations[0].record("v", neurons=[0.5]), TypeError, "ints"),
    (lambda n: n.populations[0].record("v", interval=0.05), axon.ArgumentError, "interval"),
    (lambda n: n.populations[0].record(5), TypeError, "variable"),
    (lambda n: n.populations[0].add_input(axon.DC(1.0), neurons=[9]), axon.ArgumentError, "9"),
    (lambda n: n.populations[0].add_input("dc"), TypeError, "an input"),
    (lambda n: n.populations[0].add_input(axon.PoissonInput(-1.0, 0.1)), axon.ArgumentError, "rate"),
    (lambda n: n.populations[0].add_input(axon.PoissonInput(1.0, 0.1, receptor="x")), axon.NotFoundError, "'x'"),
    (lambda n: n.populations[0].add_input(axon.Noise(0.0, -1.0)), axon.ArgumentError, "std"),
    (lambda n: n.populations[0].add_input(axon.Step([2.0, 1.0], [1.0, 2.0])), axon.ArgumentError, ""),
    (lambda n: axon.Step([1.0], [1.0, 2.0]), axon.ArgumentError, "same length"),
    (lambda n: axon.DC("a"), TypeError, "amplitude"),
    (lambda n: n.connect(n.populations[0], n.populations[0], axon.AllToAll()), TypeError, "weight"),
    (lambda n: n.connect(n.populations[0], "P", axon.AllToAll(), weight=1), TypeError, "post"),
    (lambda n: n.connect(n.populations[0], n.populations[0], "all", weight=1), TypeError, "connector"),
    (lambda n: n.connect(n.populations[0], n.populations[0], axon.AllToAll(), weight=1, receptor="x"),
     axon.NotFoundError, "'x'"),
    (lambda n: n.connect(n.populations[0], n.populations[0], axon.AllToAll(), weight=1, delay=0.01),
     axon.ArgumentError, "delay"),
    (lambda n: n.connect(n.populations[0], n.populations[0], axon.FixedProbability(1.5), weight=1),
     axon.ArgumentError, "1.5"),
    (lambda n: n.connect(n.populations[0], n.populations[0], axon.FixedIndegree(9), weight=1),
     axon.ArgumentError, "9"),
    (lambda n: n.connect(n.populations[0], n.populations[0], axon.AllToAll(), weight=[1.0] * 3),
     axon.ArgumentError, "weight"),
    (lambda n: n.connect(n.populations[0], n.populations[0], axon.FromList([0, 9], [1, 2]), weight=1),
     axon.ArgumentError, "9"),
    (lambda n: n.connect(n.populations[0], n.populations[0], axon.AllToAll(), weight=1, plasticity=3),
     TypeError, "plasticity"),
    (lambda n: n.connect(n.populations[0], n.populations[1], axon.AllToAll(), weight=1), axon.Error, "S"),
    (lambda n: axon.FromList([0, 1], [1]), axon.ArgumentError, "same length"),
    (lambda n: axon.FromList([0, -1], [1, 2]), axon.ArgumentError, "-1"),
    (lambda n: axon.FromList([0, 2 ** 40], [1, 2]), axon.ArgumentError, "1099511627776"),
    (lambda n: axon.FromList([0.5], [1]), TypeError, "ints"),
    (lambda n: axon.FromList("ab", [1]), TypeError, "sources"),
    (lambda n: axon.FixedIndegree(-1), axon.ArgumentError, "-1"),
    (lambda n: axon.FixedIndegree(1.5), TypeError, "int"),
    (lambda n: axon.FixedProbability("x"), TypeError, "p"),
    (lambda n: axon.AllToAll(allow_self="yes"), TypeError, "allow_self"),
    (lambda n: axon.Plasticity(nope=1), axon.ArgumentError, "nope"),
    (lambda n: axon.Plasticity(tau_plus=0), axon.ArgumentError, "tau_plus"),
    (lambda n: axon.Plasticity(w_min=1, w_max=0), axon.ArgumentError, "w_min"),
    (lambda n: axon.Plasticity(pairing="some"), axon.ArgumentError, "nearest"),
    (lambda n: axon.Plasticity(weight="x"), axon.ArgumentError, "gutig"),
    (lambda n: axon.Plasticity(reward=True), axon.ArgumentError, "modulator"),
    (lambda n: axon.Plasticity(reward=1), TypeError, "reward"),
    (lambda n: axon.Plasticity(tau_plus="a"), TypeError, "tau_plus"),
    (lambda n: axon.Plasticity(timing="none"), axon.ArgumentError, "changes nothing"),
    (lambda n: axon.TsodyksMarkram(U=2.0), axon.ArgumentError, "U"),
    (lambda n: n.add_modulator("m", -1.0), axon.ArgumentError, "tau_d"),
    (lambda n: n.modulator("nope"), axon.NotFoundError, "nope"),
    (lambda n: n.run(-1.0), axon.ArgumentError, "-1"),
    (lambda n: n.run(float("nan")), axon.ArgumentError, "nan"),
    (lambda n: n.run(0.05), axon.ArgumentError, "multiple of dt"),
    (lambda n: n.run("10"), TypeError, "duration"),
    (lambda n: n.run(1.0, progress=3), TypeError, "progress"),
    (lambda n: n.check_run(-1.0), axon.ArgumentError, "-1"),
    (lambda n: n.silence_warning("nope"), axon.ArgumentError, "weight_sign"),
    (lambda n: setattr(n, "memory_limit", -1), axon.ArgumentError, "memory_limit"),
    (lambda n: setattr(n, "memory_limit", "x"), TypeError, "memory_limit"),
    (lambda n: setattr(n, "record_buffer", 10), axon.ArgumentError, "1024"),
    (lambda n: n.save_state("x"), axon.StateError, "not built"),
    (lambda n: n.define_cell("C", ["nope"]), axon.ArgumentError, "unknown channel 'nope'"),
    (lambda n: n.define_cell("C", "Na"), TypeError, "list of str"),
    (lambda n: n.define_with_receptors("C", "IF_curr_exp", ["nope"]), axon.Error, "nope"),
    (lambda n: n.define_channel("c", [{"name": "g", "value": 1}], "g", "E"), axon.ArgumentError, "E"),
    (lambda n: n.define_channel("c", [{"name": "g"}], "g", "E"), axon.ArgumentError, "value"),
    (lambda n: n.define_channel("c", [{"name": "g", "value": 1, "typo": 2}], "g", "E"), axon.ArgumentError,
     "typo"),
    (lambda n: n.define_channel("c", 5, "g", "E"), TypeError, "params"),
    (lambda n: axon.loads("x = [", name="m"), axon.ArgumentError, "m:1:"),
    (lambda n: axon.loads(b"x"), TypeError, "text"),
    (lambda n: axon.loads("", set={"a": object()}), TypeError, "'a'"),
    (lambda n: axon.loads("", set=["a=1"]), TypeError, "dict"),
]


@pytest.mark.parametrize("call, error, words", BAD_CALLS)
def test_bad_arguments(net, call, error, words):
    before = (len(net.populations), net.time)
    with pytest.raises(error) as e:
        call(net)
    assert words in str(e.value)
    assert (len(net.populations), net.time) == before


def test_handles_of_another_network():
    a, b = axon.Network(), axon.Network()
    pa = a.add_population("P", "IF_curr_exp", 2)
    pb = b.add_population("P", "IF_curr_exp", 2)
    with pytest.raises(axon.ArgumentError, match="pre belongs to another network"):
        b.connect(pa, pb, axon.AllToAll(), weight=0.1)
    mod = a.add_modulator("da", 200.0)
    with pytest.raises(axon.ArgumentError, match="modulator belongs to another network"):
        b.connect(pb, pb, axon.AllToAll(), weight=0.1,
                  plasticity=axon.Plasticity(reward=True, modulator=mod, w_max=1.0))
    with pytest.raises(axon.ArgumentError, match="another network"):
        mod.add_source(pb, 1.0)
    assert pa != pb and pa == a.populations[0] and hash(pa) == hash(a.populations[0])


def test_everything_after_close_raises_state_error():
    net = axon.Network()
    p = net.add_population("P", "IF_curr_exp", 3)
    s = net.add_population("S", "SpikeSourceArray", 1)
    prj = net.connect(s, p, axon.AllToAll(), weight=0.1)
    rec = p.record("v")
    mod = net.add_modulator("m", 100.0)
    inp = p.add_input(axon.DC(0.1))
    net.run(1.0)
    net.close()
    calls = [lambda: net.dt, lambda: net.stats, lambda: net.warnings, lambda: net.failure, lambda: net.built,
             lambda: net.projections, lambda: net.validate(), lambda: net.build(), lambda: net.reset(),
             lambda: net.save_state("x"), lambda: net.interrupt(), lambda: net.check_run(1.0),
             lambda: p.name, lambda: len(p), lambda: p.set(v=1.0), lambda: p.record(), lambda: p.spike_count,
             lambda: s.set_spike_times(0, [1.0]), lambda: p.add_input(axon.DC(1.0)),
             lambda: prj.weights, lambda: prj.size, lambda: prj.record_weights(interval=1.0),
             lambda: rec.values, lambda: rec.kind, lambda: rec.write_csv("x"), lambda: mod.level,
             lambda: mod.inject(1.0), lambda: setattr(net, "memory_limit", 1 << 30),
             lambda: setattr(prj, "learning", True)]
    for c in calls:
        with pytest.raises(axon.StateError):
            c()
    assert inp.kind == "dc" and inp.population is p   # plain attributes stay readable
    assert net.closed


def test_types_cannot_be_made_directly():
    for cls in (axon.Population, axon.Projection, axon.Recorder, axon.Modulator, axon.Input, axon.ModelFile):
        with pytest.raises(TypeError, match="made by"):
            cls()


def test_garbage_collection_of_cycles():
    import gc
    import weakref

    net = axon.Network()
    p = net.add_population("P", "IF_curr_exp", 2)
    net.connect(p, p, axon.AllToAll(), weight=0.1)
    r = weakref.ref(net)
    del net, p
    gc.collect()
    assert r() is None


@pytest.mark.parametrize("params, state, error, words", [
    ({"tau_m": -1.0}, None, axon.ArgumentError, "tau_m = -1 is not allowed: must be > 0 ms"),
    ({"tau_m": [20.0, 0.0, 20.0]}, None, axon.ArgumentError, "tau_m = 0 for neuron 1"),
    ({"tau_mm": 1.0}, None, axon.NotFoundError, "unknown parameter 'tau_mm'"),
    ({"v": 1.0}, None, axon.NotFoundError, "unknown parameter 'v'"),
    (None, {"tau_m": 1.0}, axon.NotFoundError, "unknown state variable 'tau_m'"),
    ({"tau_m": axon.Normal(1.0, -1.0)}, None, axon.ArgumentError, "standard deviation"),
    ({"tau_m": [1.0, 2.0]}, None, axon.ArgumentError, "2 values"),
    ({"tau_m": axon.Uniform(-5.0, -1.0)}, None, axon.ArgumentError, "for neuron 0 is not allowed"),
    (None, {"v": [1.0, 2.0]}, axon.ArgumentError, "2 values"),
    ({"tau_m": 10.0}, {"v": axon.Normal(0.0, -1.0)}, axon.ArgumentError, "standard deviation"),
    ({"tau_m": 10.0}, {"v": "x"}, TypeError, ""),
])
def test_add_population_with_bad_values_adds_nothing(params, state, error, words):
    net = axon.Network()
    with pytest.raises(error, match=words):
        net.add_population("P", "IF_curr_exp", 3, params=params, state=state)
    assert len(net.populations) == 0   # the library took the population back
    assert net.add_population("P", "IF_curr_exp", 3).handle == 0   # the name and handle are free
