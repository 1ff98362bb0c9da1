"""Lifetimes of arrays (python/API.md): recorder and projection arrays view
the library's memory without a copy, are read-only, and never dangle: an
array taken before a run, reset, restore, build or close keeps what it
showed, whatever is deleted or closed first."""
import gc
import time

import numpy as np
import pytest

import axon


def small(threads=1):
    net = axon.Network(dt=0.1, seed=4, threads=threads)
    pop = net.add_population("E", "IF_curr_exp", 20)
    pop.set(i_offset=np.linspace(0.5, 1.5, 20))
    spikes = pop.record()
    trace = pop.record("v", neurons=[1, 7], interval=1.0)
    prj = net.connect(pop, pop, axon.FixedProbability(0.2), weight=axon.Uniform(0.0, 0.1), delay=1.0)
    return net, pop, spikes, trace, prj


def snapshot(spikes, trace):
    t, n = spikes.spikes
    return t, n, trace.times, trace.values, trace.neurons


def test_arrays_are_read_only_views_shared_by_reads():
    net, pop, spikes, trace, prj = small()
    net.run(50.0)
    t1, n1 = spikes.spikes
    t2, _ = spikes.spikes
    assert np.shares_memory(t1, t2) and t1.base is t2.base is n1.base
    assert not t1.flags.writeable and not trace.values.flags.writeable
    with pytest.raises(ValueError):
        t1[0] = 3.0
    w1, w2 = prj.weights, prj.weights
    assert np.shares_memory(w1, w2) and w1.ctypes.data == w2.ctypes.data
    assert w1.base is prj.sources.base


def test_arrays_before_a_run_stay_and_are_the_start_of_the_new_data():
    net, pop, spikes, trace, prj = small()
    net.run(50.0)
    before = snapshot(spikes, trace)
    copies = [a.copy() for a in before]
    net.run(50.0)
    after = snapshot(spikes, trace)
    for old, kept, new in zip(before, copies, after):
        assert np.array_equal(old, kept)                 # unchanged
        assert np.array_equal(new[: len(old)], old)      # the new data begins with it
    assert len(after[0]) > len(before[0]) and after[3].shape == (100, 2)
    assert not np.shares_memory(before[0], after[0])


def test_static_tables_survive_runs_without_a_copy():
    net, pop, spikes, trace, prj = small()
    net.build()
    w = prj.weights
    net.run(10.0)
    assert np.shares_memory(w, prj.weights)


def test_plastic_tables_are_taken_before_a_run():
    net = axon.Network(dt=0.1, threads=1)
    pop = net.add_population("E", "IF_curr_exp", 10)
    pop.add_input(axon.DC(2.0))
    prj = net.connect(pop, pop, axon.AllToAll(allow_self=False), weight=0.5,
                      plasticity=axon.Plasticity(A_plus=0.05, A_minus=0.06, w_max=1.0))
    net.build()
    w0 = prj.weights
    kept = w0.copy()
    net.run(100.0)
    w1 = prj.weights
    assert np.array_equal(w0, kept) and not np.shares_memory(w0, w1)
    assert not np.array_equal(w0, w1)   # the weights learned


@pytest.mark.parametrize("event", ["reset", "restore", "close", "del", "build"])
def test_arrays_outlive_every_event(event, tmp_path):
    net, pop, spikes, trace, prj = small()
    if event == "build":
        before = [trace.neurons]
        net.build()
    else:
        net.run(30.0)
        before = list(snapshot(spikes, trace)) + [prj.sources, prj.weights]
    copies = [a.copy() for a in before]
    if event == "reset":
        net.reset()
        net.run(30.0)
    elif event == "restore":
        net.save_state(str(tmp_path / "s.bin"))
        net.run(30.0)
        net.restore_state(str(tmp_path / "s.bin"))
        net.run(10.0)
    elif event == "close":
        net.close()
    elif event == "del":
        del net, pop, spikes, trace, prj
        gc.collect()
    else:
        net.run(10.0)
    np.sum(np.arange(100000.0))   # reuse freed memory, if any was freed
    for a, c in zip(before, copies):
        assert np.array_equal(a, c)


@pytest.mark.parametrize("order", [("arrays", "net"), ("net", "arrays"), ("recorder", "net", "arrays"),
                                   ("close", "arrays", "net")])
def test_deleting_in_any_order(order):
    net, pop, spikes, trace, prj = small()
    net.run(20.0)
    held = {"arrays": [spikes.spikes[0], trace.values, prj.weights]}
    copies = [a.copy() for a in held["arrays"]]
    for what in order:
        if what == "arrays":
            for a, c in zip(held["arrays"], copies):
                assert np.array_equal(a, c)
            held["arrays"] = None
        elif what == "net":
            del net, pop
            spikes = trace = prj = None
        elif what == "recorder":
            spikes = trace = None
        elif what == "close":
            net.close()
        gc.collect()


def test_reads_after_an_event_see_the_new_data():
    net, pop, spikes, trace, prj = small()
    net.run(20.0)
    old = spikes.spikes[0]
    net.reset()
    assert len(spikes.spikes[0]) == 0 and len(old) > 0
    net.run(20.0)
    assert np.array_equal(spikes.spikes[0], old)   # the reset run repeats the first


def test_ten_million_synapses_are_read_without_copies():
    net = axon.Network(dt=0.1, threads=2)
    a = net.add_population("A", "IF_curr_exp", 1000)
    b = net.add_population("B", "IF_curr_exp", 10000)
    prj = net.connect(a, b, axon.AllToAll(), weight=axon.Uniform(0.0, 1.0), delay=1.0)
    net.build()
    assert prj.size == 10 ** 7
    t0 = time.perf_counter()
    w1 = prj.weights
    t1 = time.perf_counter()
    w2 = prj.weights
    t2 = time.perf_counter()
    print(f"\n1e7 synapses: first prj.weights {1e3 * (t1 - t0):.1f} ms (gathers the table), "
          f"second {1e6 * (t2 - t1):.1f} us")
    assert w1.ctypes.data == w2.ctypes.data and np.shares_memory(w1, w2) and len(w1) == 10 ** 7
    s = prj.sources
    assert s[0] == 0 and s[-1] == 999 and np.all(np.diff(s[::9973]) >= 0)
