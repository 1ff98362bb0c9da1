"""What the library reads back (ax_network_get_info, ax_projection_get_info,
ax_population_get_spike_times) and a failed add_population taking its
population back (ax_population_remove)."""
import numpy as np
import pytest

import axon


def test_built_and_memory_limit_come_from_the_library():
    net = axon.Network(threads=1)
    p = net.add_population("E", "IF_curr_exp", 3)
    assert not net.built
    net.memory_limit = 1 << 28
    assert net.memory_limit == 1 << 28
    net.validate()
    assert not net.built   # validating generates nothing
    net.connect(p, p, axon.AllToAll(), weight=0.1)
    net.run(1.0)
    assert net.built
    with pytest.raises(axon.StateError):
        net.add_population("F", "IF_curr_exp", 1)


def test_spike_times_read_back():
    net = axon.Network(threads=1)
    s = net.add_population("S", "SpikeSourceArray", 3)
    assert [len(t) for t in s.spike_times] == [0, 0, 0]
    s.spike_times = [[1.0, 2.5], [], [7.0]]
    s.set_spike_times(1, np.array([3.0, 4.0]))
    got = s.spike_times
    assert isinstance(got, list) and all(t.dtype == np.float64 for t in got)
    assert [list(t) for t in got] == [[1.0, 2.5], [3.0, 4.0], [7.0]]
    got[0][0] = 99.0   # a copy: the network keeps its own
    assert s.spike_times[0][0] == 1.0


def test_every_projection_knows_what_it_joins():
    net = axon.Network(threads=1)
    net.define_with_receptors("HHR", "HodgkinHuxley", ["AMPA"])
    p = net.add_population("P", "SpikeSourcePoisson", 4)
    e = net.add_population("E", "IF_curr_exp", 4)
    c = net.add_population("C", "HHR", 3)
    net.connect(p, e, axon.OneToOne(), receptor="inhibitory", weight=-0.1)
    net.connect(p, e, axon.AllToAll(), weight=0.1, plasticity=axon.Plasticity(w_max=1.0))
    net.connect_gap(c, c, axon.FixedIndegree(1), conductance=0.001)
    net.connect_graded(c, c, axon.AllToAll(), "AMPA", weight=0.1)
    got = [(q.pre, q.post, q.receptor, q.kind, q.learning) for q in net.projections]
    assert got == [(p, e, "inhibitory", "static", None), (p, e, "excitatory", "plastic", True),
                   (c, c, None, "gap", None), (c, c, "AMPA", "graded", None)]
    assert len(net.projections) == 4 and net.projections[1] is net.projections[1]


def test_a_failed_add_population_leaves_nothing():
    def build(fail):
        net = axon.Network(dt=0.1, seed=11, threads=1)
        e = net.add_population("E", "IF_curr_exp", 10, state={"v": axon.Uniform(-65.0, -55.0)})
        if fail:
            for bad in ({"rate": axon.Uniform(-5.0, -1.0)}, {"rate": [1.0, 2.0]},
                        {"rate": axon.Normal(1.0, -1.0)}, {"rate": 10.0, "nope": 1.0}):
                with pytest.raises(axon.Error):
                    net.add_population("P", "SpikeSourcePoisson", 20, params=bad)
                assert [q.name for q in net.populations] == ["E"]
            with pytest.raises(axon.NotFoundError):
                net.population("P")
        p = net.add_population("P", "SpikeSourcePoisson", 20, params={"rate": axon.Uniform(30.0, 80.0)})
        assert p.handle == 1 and p.first_id == 10
        net.connect(p, e, axon.FixedProbability(0.4), weight=axon.Normal(0.5, 0.1), delay=axon.Uniform(0.5, 2.0))
        rec = e.record()
        net.run(200.0)
        return rec.spikes

    (t1, n1), (t2, n2) = build(True), build(False)
    assert len(t2) > 10
    assert np.array_equal(t1, t2) and np.array_equal(n1, n2)   # bit for bit
