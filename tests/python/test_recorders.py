"""Recorders: spikes and state traces as arrays, their kinds and units, and
the files they write or stream (compared with the arrays)."""
import csv

import numpy as np
import pytest

import axon


def driven(n=5, threads=1):
    net = axon.Network(dt=0.1, seed=2, threads=threads)
    pop = net.add_population("E", "IF_curr_exp", n)
    pop.add_input(axon.DC(1.0))
    pop.set(i_offset=np.linspace(0.0, 0.8, n))
    return net, pop


def test_spike_source_array_round_trip():
    net = axon.Network(dt=0.1, threads=1)
    s = net.add_population("S", "SpikeSourceArray", 3)
    s.spike_times = [[1.0, 5.0], [], [2.0, 5.0, 7.5]]
    s.set_spike_times(1, np.array([3.3]))
    rec = s.record()
    net.run(10.0)
    t, n = rec.spikes
    expected = sorted([(1.0, 0), (5.0, 0), (3.3, 1), (2.0, 2), (5.0, 2), (7.5, 2)])
    assert np.allclose(t, [e[0] for e in expected]) and list(n) == [e[1] for e in expected]
    assert s.spike_count == 6 and net.stats["spikes"] == 6


def test_spikes_sorted_and_selected():
    net, pop = driven(6)
    everything = pop.record()
    some = pop.record(neurons=[5, 1])
    first = pop.record(neurons=2)
    net.run(100.0)
    t, n = everything.spikes
    assert len(t) > 10 and np.all(np.diff(t) >= 0)
    key = t * 1000 + n
    assert np.all(np.diff(key) > 0)   # time, then neuron
    assert np.allclose(t / 0.1, np.round(t / 0.1))
    ts, ns = some.spikes
    mask = np.isin(n, [1, 5])
    assert np.array_equal(ts, t[mask]) and np.array_equal(ns, n[mask])
    assert set(first.spikes[1]) <= {0, 1}
    assert pop.spike_count == len(t)
    assert everything.kind == "spikes" and everything.variable == "spikes" and everything.unit == ""
    assert everything.population is pop and everything.projection is None


def test_state_trace_every_interval():
    net, pop = driven(4)
    rec = pop.record("v", neurons=[3, 0], interval=0.5)
    every_step = pop.record("isyn_exc")
    net.run(20.0)
    assert (rec.kind, rec.variable, rec.unit, rec.interval) == ("state", "v", "mV", 0.5)
    assert np.allclose(rec.times, 0.5 * np.arange(1, 41))
    assert list(rec.neurons) == [0, 3] and rec.values.shape == (40, 2)
    assert np.allclose(rec.values[-1], pop.get("v")[[0, 3]])
    assert every_step.values.shape == (200, 4) and every_step.interval == net.dt   # 0: every step
    with pytest.raises(AttributeError, match="spikes"):
        rec.spikes
    with pytest.raises(AttributeError):
        rec.counts


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], np.array(rows[1:], dtype=float)


def test_write_csv_and_npy(tmp_path):
    net, pop = driven(3)
    spikes = pop.record()
    trace = pop.record("v", interval=1.0)
    net.run(50.0)
    spikes.write_csv(str(tmp_path / "s.csv"))
    head, data = read_csv(tmp_path / "s.csv")
    assert head == ["time_ms", "neuron"]
    assert np.allclose(data[:, 0], spikes.spikes[0]) and np.array_equal(data[:, 1], spikes.spikes[1])
    trace.write_csv(tmp_path / "v.csv")   # a path-like object
    head, data = read_csv(tmp_path / "v.csv")
    assert head == ["time_ms", "0", "1", "2"]
    assert np.allclose(data[:, 0], trace.times) and np.allclose(data[:, 1:], trace.values, rtol=1e-9)
    trace.write_npy(str(tmp_path / "v.npy"), str(tmp_path / "t.npy"))
    assert np.array_equal(np.load(tmp_path / "v.npy"), trace.values)
    assert np.array_equal(np.load(tmp_path / "t.npy"), trace.times)
    with pytest.raises(axon.Error):
        spikes.write_npy(str(tmp_path / "a.npy"), str(tmp_path / "b.npy"))
    with pytest.raises(axon.FileError):
        spikes.write_csv(str(tmp_path / "no" / "such.csv"))


def test_streamed_recorders_write_what_plain_ones_hold(tmp_path):
    net, pop = driven(4)
    plain = pop.record()
    streamed = pop.record()
    trace = pop.record("v", interval=1.0)
    plain_trace = pop.record("v", interval=1.0)
    streamed.stream_csv(str(tmp_path / "s.csv"))
    trace.stream_npy(str(tmp_path / "v.npy"), str(tmp_path / "t.npy"))
    net.run(30.0)
    net.run(30.0)
    head, data = read_csv(tmp_path / "s.csv")
    t, n = plain.spikes
    assert len(t) > 0 and np.allclose(data[:, 0], t) and np.array_equal(data[:, 1], n)
    assert len(streamed.spikes[0]) == 0   # its data is in its file
    assert np.array_equal(np.load(tmp_path / "v.npy"), plain_trace.values)
    assert np.array_equal(np.load(tmp_path / "t.npy"), plain_trace.times)
    with pytest.raises(axon.Error):
        streamed.write_csv(str(tmp_path / "x.csv"))


def test_record_buffer_does_not_change_results(tmp_path):
    results = []
    for buffer in (1024, 1 << 24):
        net, pop = driven(8)
        net.record_buffer = buffer
        rec = pop.record()
        rec.stream_csv(str(tmp_path / f"{buffer}.csv"))
        net.run(200.0)
        results.append(read_csv(tmp_path / f"{buffer}.csv")[1])
    assert len(results[0]) > 20 and np.array_equal(results[0], results[1])
