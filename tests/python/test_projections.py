"""Projections: what each connector makes, the synapse table (order,
per-synapse weights and delays), plasticity against its closed form, gap
junctions, graded release, modulators, weight recorders."""
import csv
import math

import numpy as np
import pytest

import axon


def net_pops(n_pre=20, n_post=30, seed=3, threads=1):
    net = axon.Network(dt=0.1, seed=seed, threads=threads)
    return net, net.add_population("A", "IF_curr_exp", n_pre), net.add_population("B", "IF_curr_exp", n_post)


def table(prj):
    return prj.sources, prj.targets, prj.weights, prj.delays


def test_all_to_all_order_and_per_synapse_weights():
    net, a, b = net_pops(4, 5)
    w = np.arange(20) * 0.01 + 0.001   # source-major i * 5 + j
    d = 0.1 * (1 + np.arange(20) % 7)
    prj = net.connect(a, b, axon.AllToAll(), weight=w, delay=d)
    assert len(prj) == 0 and prj.size == 0
    with pytest.raises(axon.StateError, match="not built"):
        prj.weights
    net.build()
    s, t, ww, dd = table(prj)
    assert len(prj) == prj.size == 20 and s.dtype == np.uint32 and ww.dtype == np.float64
    assert list(s) == [i for i in range(4) for _ in range(5)] and list(t) == list(range(5)) * 4
    assert np.array_equal(ww, w.astype(np.float32).astype(np.float64))   # stored in single precision
    assert np.allclose(dd, d, atol=1e-12)
    assert (prj.pre, prj.post, prj.receptor, prj.kind) == (a, b, "excitatory", "static")
    assert net.projections == (prj,)


def test_all_to_all_without_self():
    net, a, _ = net_pops(6, 1)
    prj = net.connect(a, a, axon.AllToAll(allow_self=False), weight=0.1)
    net.build()
    assert len(prj) == 30 and not np.any(prj.sources == prj.targets)


def test_one_to_one_and_default_delay():
    net, a, _ = net_pops(7)
    b = net.add_population("C", "IF_curr_exp", 7)
    prj = net.connect(a, b, axon.OneToOne(), weight=0.2, receptor="inhibitory")
    net.build()
    assert list(prj.sources) == list(range(7)) == list(prj.targets)
    assert np.all(prj.delays == net.dt) and prj.receptor == "inhibitory"


def test_fixed_probability_count():
    net, a, b = net_pops(100, 200)
    prj = net.connect(a, b, axon.FixedProbability(0.1), weight=0.1)
    net.build()
    n, p = 100 * 200, 0.1
    assert abs(len(prj) - n * p) < 5 * math.sqrt(n * p * (1 - p))
    pairs = set(zip(prj.sources.tolist(), prj.targets.tolist()))
    assert len(pairs) == len(prj)   # each pair at most once


def test_fixed_indegree_outdegree_total():
    net, a, b = net_pops(50, 40)
    ind = net.connect(a, b, axon.FixedIndegree(7), weight=0.1)
    out = net.connect(a, b, axon.FixedOutdegree(3), weight=0.1)
    tot = net.connect(a, b, axon.FixedTotal(123), weight=0.1)
    own = net.connect(a, a, axon.FixedIndegree(49, allow_self=False), weight=0.1)
    net.build()
    assert np.all(np.bincount(ind.targets, minlength=40) == 7)
    assert np.all(np.bincount(out.sources, minlength=50) == 3)
    assert len(tot) == 123
    assert not np.any(own.sources == own.targets) and np.all(np.bincount(own.targets) == 49)
    for prj in (ind, out, tot, own):   # ordered by source, then target
        key = prj.sources.astype(np.int64) * 100 + prj.targets
        assert np.all(np.diff(key) >= 0)


def test_from_list_weights_and_delays_follow_the_list():
    net, a, b = net_pops(5, 5)
    src = [3, 0, 4, 0, 2]
    tgt = [1, 4, 0, 2, 2]
    w = [0.3, 0.04, 0.5, 0.02, 0.1]
    d = [1.0, 2.0, 3.0, 4.0, 5.0]
    prj = net.connect(a, b, axon.FromList(src, tgt), weight=w, delay=d)
    net.build()
    expected = sorted(zip(src, tgt, w, d))
    s, t, ww, dd = table(prj)
    assert list(zip(s.tolist(), t.tolist())) == [(x[0], x[1]) for x in expected]
    assert np.allclose(ww, [x[2] for x in expected], rtol=1e-7) and np.allclose(dd, [x[3] for x in expected])


def test_from_list_multiple_pairs():
    net, a, b = net_pops(2, 2)
    with pytest.raises(axon.ArgumentError):
        net.connect(a, b, axon.FromList([0, 0], [1, 1]), weight=0.1)
    prj = net.connect(a, b, axon.FromList(np.array([0, 0]), np.array([1, 1]), allow_multiple=True), weight=0.1)
    net.build()
    assert len(prj) == 2


def test_distributed_delays_on_the_grid():
    net, a, b = net_pops(30, 30)
    prj = net.connect(a, b, axon.FixedProbability(0.5), weight=axon.Normal(0.1, 0.01), delay=axon.Uniform(1.0, 3.0))
    net.build()
    d = prj.delays
    assert d.min() >= 1.0 and d.max() <= 3.0
    assert np.allclose(d / 0.1, np.round(d / 0.1), atol=1e-9)
    w = prj.weights
    assert abs(w.mean() - 0.1) < 5 * 0.01 / math.sqrt(len(w))


def test_write_csv_matches_the_arrays(tmp_path):
    net, a, b = net_pops(10, 10)
    prj = net.connect(a, b, axon.FixedProbability(0.3), weight=axon.Uniform(0.0, 1.0), delay=1.5)
    net.build()
    path = tmp_path / "syn.csv"
    prj.write_csv(str(path))
    with open(path) as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["source", "target", "weight", "delay"]
    data = np.array(rows[1:], dtype=float)
    assert np.array_equal(data[:, 0], prj.sources) and np.array_equal(data[:, 1], prj.targets)
    assert np.allclose(data[:, 2], prj.weights, rtol=1e-8) and np.allclose(data[:, 3], prj.delays)


def test_tables_do_not_depend_on_threads():
    tables = []
    for threads in (1, 2):
        net, a, b = net_pops(60, 70, threads=threads)
        prj = net.connect(a, b, axon.FixedIndegree(9), weight=axon.Normal(0.5, 0.1), delay=axon.Uniform(0.5, 2.0))
        net.build()
        tables.append([x.copy() for x in table(prj)])
    for x, y in zip(*tables):
        assert np.array_equal(x, y)


def stdp_net(plasticity, pre_times=(10.0,), drive_time=14.0, weight=0.5, delay=2.0):
    net = axon.Network(dt=0.1, seed=1, threads=1)
    pre = net.add_population("pre", "SpikeSourceArray", 1)
    drv = net.add_population("drv", "SpikeSourceArray", 1)
    post = net.add_population("post", "IF_curr_exp", 1)
    pre.set_spike_times(0, list(pre_times))
    drv.set_spike_times(0, [drive_time])
    net.connect(drv, post, axon.AllToAll(), weight=20.0, delay=1.0)
    prj = net.connect(pre, post, axon.AllToAll(), weight=weight, delay=delay, plasticity=plasticity)
    rec = post.record()
    return net, prj, rec


def test_spike_pair_stdp_follows_its_closed_form():
    # additive, all-to-all: each post spike at t adds A_plus (w_max - w_min) exp(-lag / tau_plus),
    # lag = t + delay - t_pre (dendritic delay); no pre spike follows, so no depression
    rule = axon.Plasticity(A_plus=0.1, A_minus=0.12, tau_plus=20.0, w_min=0.0, w_max=2.0)
    net, prj, rec = stdp_net(rule)
    net.run(100.0)
    t_post = rec.spikes[0]
    assert len(t_post) >= 1 and t_post[0] > 10.0
    expected = 0.5 + 0.1 * 2.0 * np.sum(np.exp(-(t_post + 2.0 - 10.0) / 20.0))
    assert prj.kind == "plastic"
    assert prj.weights[0] == pytest.approx(expected, rel=1e-6)


def test_learning_switch_and_rate():
    rule = axon.Plasticity(A_plus=0.1, w_max=2.0)
    net, prj, rec = stdp_net(rule)
    assert prj.learning is True and prj.learning_rate == 1.0
    prj.learning = False
    assert prj.learning is False
    net.run(100.0)
    assert prj.weights[0] == pytest.approx(0.5)
    net2, prj2, rec2 = stdp_net(rule)
    prj2.learning_rate = 0.5
    assert prj2.learning_rate == 0.5 and prj2.learning is True
    net2.run(100.0)
    t_post = rec2.spikes[0]
    expected = 0.5 + 0.5 * 0.1 * 2.0 * np.sum(np.exp(-(t_post + 2.0 - 10.0) / 20.0))
    assert prj2.weights[0] == pytest.approx(expected, rel=1e-6)
    net3, a, b = net_pops(2, 2)
    static = net3.connect(a, b, axon.AllToAll(), weight=0.1)
    with pytest.raises(axon.Error):
        static.learning = True
    assert static.learning is None and static.learning_rate is None
    with pytest.raises(TypeError):
        prj.learning = 1


def test_weight_recorder_and_histogram():
    rule = axon.Plasticity(A_plus=0.1, w_max=2.0)
    net, prj, rec = stdp_net(rule, pre_times=(10.0, 30.0, 50.0))
    wr = prj.record_weights(interval=5.0)
    hr = prj.record_weights(interval=10.0, bins=4)
    tr = prj.record_weights(times=[0.0, 20.0, 40.0])
    net.run(60.0)
    assert wr.kind == "weights" and wr.projection is prj and wr.population.name == "post"
    assert list(wr.times) == [5.0 * k for k in range(13)] and wr.values.shape == (13, 1)
    assert list(wr.synapses) == [0] and wr.synapses.dtype == np.uint64
    assert wr.values[-1, 0] == pytest.approx(prj.weights[0])
    assert list(tr.times) == [0.0, 20.0, 40.0] and tr.values[0, 0] == pytest.approx(0.5)
    assert hr.kind == "weight_histogram" and np.allclose(hr.edges, [0.0, 0.5, 1.0, 1.5, 2.0])
    assert hr.counts.shape == (len(hr.times), 4) and np.all(hr.counts.sum(axis=1) == 1)
    assert wr.unit == "nA"
    with pytest.raises(AttributeError):
        wr.spikes


def test_tsodyks_markram():
    tm = axon.TsodyksMarkram(U=0.4, tau_rec=50.0)
    assert tm.timing == "none" and tm.tsodyks_markram and tm.U == 0.4
    net, a, b = net_pops(3, 3)
    prj = net.connect(a, b, axon.AllToAll(), weight=0.1, plasticity=tm)
    net.run(10.0)
    assert prj.kind == "plastic" and np.allclose(prj.weights, 0.1)


def release_counts(p, threads=1, n=40, m=300, seed=5):
    """One source firing m times (2 ms apart) onto n IF_curr_delta, one
    synapse each, 20 mV: a target fires once per transmitted spike."""
    net = axon.Network(dt=0.1, seed=seed, threads=threads)
    src = net.add_population("src", "SpikeSourceArray", 1)
    src.set_spike_times(0, 1.0 + 2.0 * np.arange(m))
    tgt = net.add_population("tgt", "IF_curr_delta", n)
    rule = axon.Plasticity(timing="none", release_probability=p, w_max=100.0)
    net.connect(src, tgt, axon.AllToAll(), weight=20.0, delay=1.0, plasticity=rule)
    rec = tgt.record("spikes")
    net.run(2.0 * m + 5.0)
    t, who = rec.spikes
    return np.array(t), np.array(who)


def test_stochastic_release():
    n, m = 40, 300
    for p in (0.0, 0.25, 0.6):
        t, who = release_counts(p, n=n, m=m)
        total = n * m
        sd = math.sqrt(total * p * (1 - p))
        assert abs(len(t) - total * p) <= 5 * sd, (p, len(t))
        per = np.bincount(who, minlength=n)
        assert np.all(np.abs(per - m * p) <= 5 * math.sqrt(m * p * (1 - p))), (p, per)
    a, b = release_counts(0.4, threads=1), release_counts(0.4, threads=2)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert axon.Plasticity(timing="none", release_probability=0.3).release_probability == 0.3
    assert axon.Plasticity().release_probability == 1.0
    for bad in (-0.5, 1.2, float("nan")):
        with pytest.raises(axon.ArgumentError, match="release_probability"):
            axon.Plasticity(timing="none", release_probability=bad)
    with pytest.raises(axon.ArgumentError, match="changes nothing"):
        axon.Plasticity(timing="none")


def test_plasticity_fields():
    p = axon.Plasticity(timing="triplet", pairing="nearest", weight="multiplicative", tau_x=50.0)
    assert (p.timing, p.pairing, p.weight, p.tau_x, p.tau_plus) == ("triplet", "nearest", "multiplicative", 50.0, 20.0)
    f = p.fields()
    assert f["tau_x"] == 50.0 and f["A_plus"] == 0.01 and f["reward"] is False
    assert p == axon.Plasticity(timing="triplet", pairing="nearest", weight="multiplicative", tau_x=50.0)
    with pytest.raises(AttributeError):
        p.tau_x = 3
    with pytest.raises(AttributeError):
        p.nope


def test_modulator_decays_as_its_closed_form():
    net = axon.Network(dt=0.1, threads=1)
    src = net.add_population("S", "SpikeSourceArray", 1)
    src.set_spike_times(0, [5.0, 20.0])
    net.add_population("P", "IF_curr_exp", 1)
    mod = net.add_modulator("da", 200.0)
    mod.add_source(src, 0.5, 1.0)
    assert mod.name == "da" and net.modulator("da") == mod and mod.level == 0.0
    mod.inject(2.0)
    assert mod.level == pytest.approx(2.0)
    net.run(50.0)
    expected = 2.0 * math.exp(-50.0 / 200.0) + sum(0.5 * math.exp(-(50.0 - t - 1.0) / 200.0) for t in (5.0, 20.0))
    assert mod.level == pytest.approx(expected, rel=1e-9)


def test_reward_modulated_stdp_runs():
    net = axon.Network(dt=0.1, threads=1)
    a = net.add_population("A", "IF_curr_exp", 5)
    a.add_input(axon.DC(2.0))
    da = net.add_modulator("da", 200.0)
    prj = net.connect(a, a, axon.AllToAll(allow_self=False), weight=0.1,
                      plasticity=axon.Plasticity(reward=True, modulator=da, w_max=1.0, A_plus=0.1, A_minus=0.1))
    da.inject(1.0)
    net.run(100.0)
    assert prj.kind == "plastic" and np.all((prj.weights >= 0.0) & (prj.weights <= 1.0))


def test_gap_junctions_couple_both_ways():
    net = axon.Network(dt=0.1, threads=1)
    a = net.add_population("a", "IF_curr_exp", 3)
    a.set(v_thresh=100.0)
    a.add_input(axon.DC(1.0), neurons=[0])
    gj = net.connect_gap(a, a, axon.FromList([0], [1]), 0.05)
    net.run(50.0)
    v = a.get("v")
    alone = -65.0 + 20.0 * (1 - math.exp(-50.0 / 20.0))   # neuron 0 without coupling
    assert gj.kind == "gap" and gj.receptor is None
    assert v[1] > -65.0 + 1.0 and v[0] < alone - 1.0 and v[2] == -65.0
    assert gj.weights[0] == np.float32(0.05) and list(gj.delays) == [0.0]   # single precision


def test_graded_release_follows_the_presynaptic_voltage():
    net = axon.Network(dt=0.1, threads=1)
    net.define_with_receptors("NR", "IF_curr_exp", ["AMPA"])
    pre = net.add_population("pre", "IF_curr_exp", 2)
    post = net.add_population("post", "NR", 2)
    assert "AMPA" in post.receptors and "r_AMPA" in post.state_variables
    pre.set(v_thresh=100.0, v_rest=[-65.0, 0.0], v=[-65.0, 0.0])
    g = net.connect_graded(pre, post, axon.OneToOne(), "AMPA", 1.0)
    net.run(5.0)
    r = post.get("r_AMPA")
    assert g.kind == "graded" and g.receptor == "AMPA"
    assert r[1] > 0.1 and r[0] < 1e-4


def test_connector_classes():
    assert axon.FixedProbability(0.25).p == 0.25 and not axon.FixedProbability(1, allow_self=False).allow_self
    c = axon.FixedTotal(7, allow_multiple=True)
    assert (c.n, c.allow_self, c.allow_multiple) == (7, True, True)
    assert isinstance(c, axon.Connector) and "allow_multiple=True" in repr(c)
    fl = axon.FromList(np.array([1, 2], dtype=np.int8), [3.0, 4.0])
    assert len(fl) == 2 and fl.sources.dtype == np.uint32 and list(fl.targets) == [3, 4]
    assert not fl.sources.flags.writeable and repr(fl) == "axon.FromList(<2 pairs>)"
    with pytest.raises(AttributeError):
        fl.p = 3
    with pytest.raises(axon.ArgumentError, match="shape"):
        axon.FromList([[0, 1]], [[1, 2]])


def driven_pair(weight, delay):
    net = axon.Network(dt=0.1, seed=8, threads=1)
    a = net.add_population("A", "IF_curr_exp", 10)
    a.set(i_offset=np.linspace(0.6, 1.6, 10))
    b = net.add_population("B", "IF_curr_exp", 10)
    prj = net.connect(a, b, axon.AllToAll(), weight=weight, delay=delay)
    return net, prj, b.record()


def test_setting_weights_and_delays_equals_building_with_them():
    rng = np.random.default_rng(1)
    w = rng.uniform(0.5, 3.0, 100)
    d = np.round(rng.uniform(1.0, 4.0, 100), 1)
    built, _, rec_built = driven_pair(w, d)
    changed, prj, rec_changed = driven_pair(0.1, 1.0)
    with pytest.raises(axon.StateError, match="not built"):
        prj.weights = w
    changed.build()
    old = prj.weights
    prj.weights = w
    prj.delays = d
    assert np.all(old == np.float32(0.1))   # an array of the old table keeps it (single precision)
    assert np.allclose(prj.weights, w.astype(np.float32)) and np.allclose(prj.delays, d)
    built.run(100.0)
    changed.run(100.0)
    assert len(rec_built.spikes[0]) > 10
    assert np.array_equal(rec_built.spikes[0], rec_changed.spikes[0])
    assert np.array_equal(rec_built.spikes[1], rec_changed.spikes[1])
    prj.weights = 0.25   # one for all
    assert np.all(prj.weights == 0.25)


@pytest.mark.parametrize("column, bad, error", [
    ("weights", [0.1, 0.2], axon.ArgumentError), ("weights", [], axon.ArgumentError),
    ("weights", float("nan"), axon.ArgumentError), ("weights", "x", TypeError),
    ("weights", axon.Uniform(0, 1), TypeError), ("weights", True, TypeError),
    ("delays", 0.05, axon.ArgumentError), ("delays", -1.0, axon.ArgumentError),
])
def test_bad_weights_and_delays(column, bad, error):
    net, prj, _ = driven_pair(0.1, 1.0)
    net.build()
    before = (prj.weights.copy(), prj.delays.copy())
    with pytest.raises(error, match=column):
        setattr(prj, column, bad)
    assert np.array_equal(prj.weights, before[0]) and np.array_equal(prj.delays, before[1])
    with pytest.raises(TypeError):
        delattr(prj, column)
