"""Parameters and initial values in pyNN.axon: PyNN's ways of giving them
round-trip, reach the axon network (compared with axon driven directly),
and bad values are PyNN errors."""
import numpy as np
import pytest

import axon
import pyNN.axon as sim
from pyNN import errors
from pyNN.parameters import Sequence
from pyNN.random import NumpyRNG, RandomDistribution


def test_set_and_get_in_every_form():
    sim.setup()
    p = sim.Population(5, sim.IF_cond_exp(tau_m=12.0))
    assert p.get("tau_m") == 12.0
    p.set(cm=[0.5, 0.6, 0.7, 0.8, 0.9])
    assert np.allclose(p.get("cm"), [0.5, 0.6, 0.7, 0.8, 0.9])
    p.set(v_thresh=lambda i: -55.0 + i)
    assert np.allclose(p.get("v_thresh"), -55.0 + np.arange(5))
    p.set(i_offset=RandomDistribution("uniform", low=0.0, high=0.1, rng=NumpyRNG(3)))
    expected = RandomDistribution("uniform", low=0.0, high=0.1, rng=NumpyRNG(3)).next(5)
    assert np.array_equal(p.get("i_offset"), expected)
    p[1:3].set(tau_refrac=4.0)
    assert np.array_equal(p.get("tau_refrac"), [0.1, 4.0, 4.0, 0.1, 0.1])
    p[4].e_rev_I = -75.0
    assert p[4].e_rev_I == -75.0 and p[3].e_rev_I == -70.0
    tau_m, cm = p[2:4].get(["tau_m", "cm"])
    assert tau_m == 12.0 and np.allclose(cm, [0.7, 0.8])


def test_initial_values_round_trip_and_are_the_first_sample():
    sim.setup()
    p = sim.Population(4, sim.EIF_cond_exp_isfa_ista())
    p.initialize(v=RandomDistribution("normal", mu=-65.0, sigma=2.0, rng=NumpyRNG(9)), w=0.1)
    v0 = p.initial_values["v"].evaluate()
    assert np.array_equal(v0, RandomDistribution("normal", mu=-65.0, sigma=2.0, rng=NumpyRNG(9)).next(4))
    p[1:3].initialize(w=[0.2, 0.3])
    assert np.allclose(p.initial_values["w"].evaluate(), [0.1, 0.2, 0.3, 0.1])
    assert np.allclose(p[1:3].initial_values["w"].evaluate(), [0.2, 0.3])
    p[3].set_initial_value("v", -70.0)
    assert p[3].get_initial_value("v") == -70.0
    p.record(["v", "w"])
    sim.run(1.0)
    segment = p.get_data().segments[0]
    v, w = segment.filter(name="v")[0].magnitude, segment.filter(name="w")[0].magnitude
    assert np.array_equal(v[0], np.append(v0[:3], -70.0))
    assert np.allclose(w[0], [0.1, 0.2, 0.3, 0.1])


def test_changes_between_runs_act_as_in_axon():
    """i_offset, weights, spike times and v changed after 20 ms: the same
    trace as an axon network changed at the same point."""
    sim.setup(timestep=0.1)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 15.0]))
    cells = sim.Population(2, sim.IF_curr_exp(i_offset=[0.2, 0.3]))
    prj = sim.Projection(source, cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5, delay=1.0))
    cells.record("v")
    sim.run(20.0)
    cells[1:].set(i_offset=-0.1)
    prj.set(weight=np.array([[0.7, 0.9]]))
    source[0].spike_times = Sequence([25.0, 30.0])
    cells[0:1].initialize(v=-50.0)
    sim.run(20.0)
    v = cells.get_data().segments[0].analogsignals[0].magnitude

    with axon.Network(dt=0.1, seed=1, threads=1) as net:
        src = net.add_population("s", "SpikeSourceArray", 1)
        src.spike_times = [[5.0, 15.0]]
        pop = net.add_population("c", "IF_curr_exp", 2, params={"i_offset": [0.2, 0.3]})
        link = net.connect(src, pop, axon.AllToAll(), weight=0.5, delay=1.0)
        rec = pop.record("v")
        net.run(20.0)
        pop.set(i_offset=[0.2, -0.1])
        link.weights = [0.7, 0.9]
        src.set_spike_times(0, [25.0, 30.0])
        pop.set(v=[-50.0, pop.get("v")[1]])
        net.run(20.0)
        expected = np.vstack([[-65.0, -65.0], np.asarray(rec.values)])
    assert np.array_equal(v, expected)


def test_bad_values_are_pynn_errors():
    sim.setup()
    p = sim.Population(3, sim.IF_curr_alpha())
    with pytest.raises(errors.InvalidParameterValueError, match="tau_syn_E"):
        p.set(tau_syn_E=0.0)
    with pytest.raises(errors.InvalidParameterValueError, match="finite"):
        p.set(v_rest=np.nan)
    sim.run(5.0)
    with pytest.raises(errors.InvalidParameterValueError, match="tau_refrac"):
        p[0].tau_refrac = -1.0
    assert np.all(p.get("tau_refrac") == 0.1)
    with pytest.raises(KeyError):
        p.get("tau_x")
    sim.setup()
    with pytest.raises(errors.InvalidParameterValueError, match="increasing"):
        sim.Population(2, sim.SpikeSourceArray(spike_times=[[3.0, 2.0], [1.0]]))


def test_relations_between_parameters_are_checked_at_the_build():
    sim.setup()
    sim.Population(1, sim.IF_curr_exp(v_reset=-40.0, v_thresh=-50.0))
    with pytest.raises(errors.InvalidParameterValueError, match="v_reset"):
        sim.run(1.0)


def test_spike_source_array_times_on_the_grid(caplog):
    sim.setup(timestep=0.1)
    src = sim.Population(2, sim.SpikeSourceArray(spike_times=[[0.02, 1.0, 1.04, 2.26], [3.0]]))
    src.record("spikes")
    sim.run(5.0)
    trains = src.get_data().segments[0].spiketrains
    assert list(trains[0].magnitude) == [1.0, 2.3] and list(trains[1].magnitude) == [3.0]
    assert "before dt" in caplog.text and "already has a spike" in caplog.text


def test_native_rng_draws_with_numpy_from_its_seed_or_rng_seed():
    sim.setup(rng_seed=11)
    p = sim.Population(6, sim.IF_cond_exp())
    p.set(tau_m=RandomDistribution("uniform", low=10.0, high=20.0, rng=sim.NativeRNG(seed=5)))
    assert np.array_equal(p.get("tau_m"), RandomDistribution("uniform", low=10.0, high=20.0,
                                                              rng=NumpyRNG(seed=5)).next(6))
    p.set(cm=RandomDistribution("uniform", low=0.5, high=1.0, rng=sim.NativeRNG()))
    assert np.array_equal(p.get("cm"), RandomDistribution("uniform", low=0.5, high=1.0,
                                                          rng=NumpyRNG(seed=11)).next(6))
    prj = sim.Projection(p, p, sim.FixedProbabilityConnector(0.5, rng=sim.NativeRNG(seed=2)))
    assert len(prj) == len(sim.Projection(p, p, sim.FixedProbabilityConnector(0.5, rng=NumpyRNG(seed=2))))


def test_bad_inputs_are_refused_and_leave_a_working_simulation():
    sim.setup()
    p = sim.Population(2, sim.IF_cond_exp(i_offset=1.0))
    with pytest.raises(errors.InvalidDimensionsError):
        sim.Population(0, sim.IF_cond_exp())
    with pytest.raises(ValueError, match="finite"):
        sim.DCSource(amplitude=np.nan)
    with pytest.raises(ValueError, match="negative"):
        sim.ACSource(start=-1.0)
    with pytest.raises(ValueError, match="amplitudes"):
        sim.StepCurrentSource(times=[1.0, 2.0], amplitudes=[1.0])
    with pytest.raises(ValueError, match="multiple"):
        p.record("v", sampling_interval=0.05)
    with pytest.raises(errors.ConnectionError, match="delay"):
        sim.Projection(p, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.01, delay=np.nan))
    with pytest.raises(ValueError, match="finite"):
        sim.run(np.nan)
    p.record("v")
    sim.run(10.0)
    assert p.get_data().segments[0].analogsignals[0].shape == (101, 2)
