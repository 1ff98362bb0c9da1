"""PyNN's connectors on pyNN.axon: the structure they make (against the
connector's definition and against pyNN.mock, which runs the same generic
connectors with the same random numbers) and the network axon runs (every
synapse delivers its weight to its target after its delay)."""
import numpy as np
import pytest

import pyNN.axon as sim
import pyNN.mock as mock
from pyNN.parameters import LazyArray
from pyNN.random import NumpyRNG, RandomDistribution
from pyNN.space import Grid2D, Space


def delivered(sources, targets, weights, delay):
    """The weight matrix the network delivers: source i fires alone at
    1 + 2i ms; target j's v (IF_curr_delta, no leak to speak of, no spikes)
    jumps by the sum of the weights from i when the spike arrives."""
    n = sources.size
    arrival = np.rint((1.0 + 2.0 * np.arange(n) + delay) / sim.get_time_step()).astype(int)
    targets.record("v")
    sim.run(2.0 * n + delay + 2.0)
    v = targets.get_data().segments[0].filter(name="v")[0].magnitude
    return v[arrival] - v[arrival - 1]


def spiking_sources(n, structure=None):
    return sim.Population(n, sim.SpikeSourceArray(spike_times=[[1.0 + 2.0 * i] for i in range(n)]),
                          structure=structure)


def quiet_targets(n, structure=None):
    return sim.Population(n, sim.IF_curr_delta(tau_m=1e9, v_thresh=1e3, tau_refrac=0.0), structure=structure)


CONNECTORS = [
    ("all_to_all", lambda rng: sim.AllToAllConnector()),
    ("one_to_one", lambda rng: sim.OneToOneConnector()),
    ("fixed_probability", lambda rng: sim.FixedProbabilityConnector(0.4, rng=rng)),
    ("fixed_number_pre", lambda rng: sim.FixedNumberPreConnector(3, rng=rng)),
    ("fixed_number_pre_replacement", lambda rng: sim.FixedNumberPreConnector(4, with_replacement=True, rng=rng)),
    ("fixed_number_post", lambda rng: sim.FixedNumberPostConnector(2, rng=rng)),
    ("fixed_total", lambda rng: sim.FixedTotalNumberConnector(11, rng=rng)),
    ("from_list", lambda rng: sim.FromListConnector([(0, 1), (3, 1), (3, 1), (5, 0), (2, 5)])),
    ("array", lambda rng: sim.ArrayConnector(np.eye(6, dtype=bool)[::-1])),
    ("distance", lambda rng: sim.DistanceDependentProbabilityConnector("d < 1.5", rng=rng)),
    ("index", lambda rng: sim.IndexBasedProbabilityConnector(_Neighbour(), rng=rng)),
    ("displacement", lambda rng: sim.DisplacementDependentProbabilityConnector(
        lambda d: (d[0] > 0) * 1.0, rng=rng)),
]


class _Neighbour(object):
    """An IndexBasedExpression: the next neuron, certainly."""
    def __new__(cls):
        from pyNN.connectors import IndexBasedExpression

        class Neighbour(IndexBasedExpression):
            def __call__(self, i, j):
                return (j == i + 1).astype(float)
        return Neighbour()


def grid():
    return Grid2D(aspect_ratio=1.5, dx=1.0, dy=1.0)   # 3 x 2


def make(module, name, seed):
    module.setup(timestep=0.1)
    if module is sim:
        pre, post = spiking_sources(6, grid()), quiet_targets(6, grid())
    else:   # pyNN.mock has no IF_curr_delta: the connectors do not care
        pre = module.Population(6, module.SpikeSourceArray(), structure=grid())
        post = module.Population(6, module.IF_curr_exp(), structure=grid())
    connector = dict(CONNECTORS)[name](NumpyRNG(seed))
    if module is mock:
        connector = _as_mock(connector)
    weights = RandomDistribution("uniform", low=0.5, high=2.0, rng=NumpyRNG(seed + 1))
    prj = module.Projection(pre, post, connector, module.StaticSynapse(weight=weights, delay=0.5),
                            space=Space())
    return pre, post, prj


def _as_mock(connector):
    connector.__class__ = getattr(mock, type(connector).__name__)
    return connector


@pytest.mark.parametrize("name", [c[0] for c in CONNECTORS])
def test_connector_gives_the_same_synapses_as_pynn_mock_and_axon_delivers_them(name):
    seed = 2024
    pre, post, prj = make(sim, name, seed)
    listed = sorted(prj.get(["weight", "delay"], format="list"))
    _, _, reference = make(mock, name, seed)
    assert listed == sorted(reference.get(["weight", "delay"], format="list"))
    assert len(prj) == len(listed)
    expected = np.nan_to_num(prj.get("weight", format="array", multiple_synapses="sum"))
    got = delivered(pre, post, None, 0.5)
    assert np.allclose(got, expected, rtol=1e-6, atol=1e-9)


def test_connector_definitions():
    sim.setup()
    a, b = sim.Population(8, sim.IF_cond_exp()), sim.Population(5, sim.IF_cond_exp())
    rng = NumpyRNG(5)
    w = sim.Projection(a, a, sim.AllToAllConnector(allow_self_connections=False)).get("weight", format="array")
    assert np.isnan(np.diag(w)).all() and (~np.isnan(w)).sum() == 8 * 7
    w = sim.Projection(a, b, sim.FixedNumberPreConnector(3, rng=rng)).get("weight", format="array")
    assert np.all((~np.isnan(w)).sum(axis=0) == 3)
    w = sim.Projection(a, b, sim.FixedNumberPostConnector(2, rng=rng)).get("weight", format="array")
    assert np.all((~np.isnan(w)).sum(axis=1) == 2)
    assert len(sim.Projection(a, b, sim.FixedProbabilityConnector(1.0))) == 40
    empty = sim.Projection(a, b, sim.FixedProbabilityConnector(0.0))
    assert len(empty) == 0 and np.isnan(empty.get("weight", format="array")).all()
    assert empty.get(["weight", "delay"], format="list") == []
    empty.set(weight=0.1)
    sim.run(1.0)


def test_distance_dependent_connector_on_a_grid_connects_the_neighbours():
    sim.setup()
    grid = Grid2D(aspect_ratio=1.0, dx=10.0, dy=10.0)
    p = sim.Population(16, sim.IF_cond_exp(), structure=grid)
    prj = sim.Projection(p, p, sim.DistanceDependentProbabilityConnector("d < 15"),
                         sim.StaticSynapse(weight=0.01, delay="0.1 + d / 100"))
    positions = p.positions.T
    distance = np.sqrt(((positions[:, None, :] - positions[None, :, :]) ** 2).sum(axis=2))
    connected = ~np.isnan(prj.get("weight", format="array"))
    assert np.array_equal(connected, distance < 15)
    for i, j, d in prj.get("delay", format="list"):
        assert abs(d - round((0.1 + distance[int(i), int(j)] / 100) / 0.1) * 0.1) < 1e-9


def test_projections_between_views_and_assemblies_reach_the_right_neurons():
    sim.setup(timestep=0.1)
    sources = spiking_sources(6)
    t1, t2 = quiet_targets(4), quiet_targets(3)
    pre = sources[[1, 4, 5]]
    post = t1[2:] + t2
    prj = sim.Projection(pre, post, sim.AllToAllConnector(),
                         sim.StaticSynapse(weight=lambda d: 1.0 + d, delay=0.5), receptor_type="excitatory")
    weights = prj.get("weight", format="array")
    t1.record("v")
    t2.record("v")
    sim.run(16.0)
    v = np.hstack([t1.get_data().segments[0].analogsignals[0].magnitude,
                   t2.get_data().segments[0].analogsignals[0].magnitude])
    columns = [2, 3, 4, 5, 6]                    # t1[2], t1[3], t2[0..2]
    for row, i in enumerate([1, 4, 5]):
        k = int(round((1.0 + 2.0 * i + 0.5) / 0.1))
        jump = v[k] - v[k - 1]
        assert np.allclose(jump[columns], weights[row], rtol=1e-6)
        assert np.allclose(np.delete(jump, columns), 0.0)


def test_clone_and_file_connectors(tmp_path):
    sim.setup()
    a, b = sim.Population(4, sim.IF_cond_exp()), sim.Population(3, sim.IF_cond_exp())
    first = sim.Projection(a, b, sim.FixedProbabilityConnector(0.5, rng=NumpyRNG(1)),
                           sim.StaticSynapse(weight=0.02, delay=1.0))
    clone = sim.Projection(a, b, sim.CloneConnector(first), sim.StaticSynapse(weight=0.03))
    assert sorted((i, j) for i, j, _ in first.get("weight", "list")) == \
        sorted((i, j) for i, j, _ in clone.get("weight", "list"))
    path = str(tmp_path / "connections.txt")
    first.save("all", path, format="list")
    loaded = sim.Projection(a, b, sim.FromFileConnector(path))
    assert sorted(loaded.get(["weight", "delay"], "list")) == sorted(first.get(["weight", "delay"], "list"))
