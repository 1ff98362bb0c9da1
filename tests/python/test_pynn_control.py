"""Simulation control in pyNN.axon: setup, the clock, reset (which repeats
the first run), and changes of structure, allowed at t = 0 only."""
import numpy as np
import pytest

import pyNN.axon as sim
from pyNN import errors
from pyNN.random import NumpyRNG


def network(stdp=True):
    """Poisson input onto IF_cond_exp cells, plastic or static."""
    inputs = sim.Population(20, sim.SpikeSourcePoisson(rate=40.0))
    cells = sim.Population(5, sim.IF_cond_exp())
    cells.initialize(v=-60.0)
    synapse = (sim.STDPMechanism(timing_dependence=sim.SpikePairRule(A_plus=0.05, A_minus=0.05),
                                 weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.05),
                                 weight=0.02, delay=1.0)
               if stdp else sim.StaticSynapse(weight=0.02, delay=1.0))
    prj = sim.Projection(inputs, cells, sim.FixedProbabilityConnector(0.5, rng=NumpyRNG(4)), synapse)
    cells.record(["spikes", "v"])
    inputs.record("spikes")
    return inputs, cells, prj


def test_clock_and_queries():
    assert sim.setup(timestep=0.1, min_delay="auto") == 0
    assert sim.num_processes() == 1 and sim.rank() == 0
    assert sim.get_time_step() == 0.1
    assert sim.get_min_delay() == 0.1            # 'auto' without synapses: dt
    p = sim.Population(3, sim.IF_cond_exp())
    sim.Projection(p, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.01, delay=0.7))
    assert sim.get_min_delay() == 0.7            # 'auto': the smallest delay
    assert sim.get_current_time() == 0.0
    assert sim.run_until(12.7) == 12.7           # on the grid, no 12.700000000000001
    assert sim.run(0.3) == 13.0
    assert sim.run_until(13.0) == 13.0           # nothing to do
    with pytest.raises(ValueError):
        sim.run_until(5.0)
    sim.setup(timestep=0.25, min_delay=0.5)
    assert sim.get_current_time() == 0.0 and sim.get_min_delay() == 0.5


@pytest.mark.parametrize("stdp", [False, True], ids=["static", "plastic"])
def test_reset_repeats_the_first_run(stdp):
    sim.setup(timestep=0.1)
    inputs, cells, prj = network(stdp)
    w0 = prj.get("weight", format="array")
    sim.run(300.0)
    w1 = prj.get("weight", format="array")
    sim.reset()
    assert sim.get_current_time() == 0.0
    assert np.array_equal(prj.get("weight", format="array"), w0, equal_nan=True)
    sim.run(300.0)
    assert np.array_equal(prj.get("weight", format="array"), w1, equal_nan=True)
    assert stdp == (not np.array_equal(w0, w1, equal_nan=True))
    block = cells.get_data()
    assert len(block.segments) == 2
    first, second = block.segments
    assert np.array_equal(first.analogsignals[0].magnitude, second.analogsignals[0].magnitude)
    for a, b in zip(first.spiketrains, second.spiketrains):
        assert np.array_equal(a.magnitude, b.magnitude)
    sources = inputs.get_data().segments
    assert sum(len(t) for t in sources[0].spiketrains) > 0
    assert all(np.array_equal(a, b) for a, b in zip(sources[0].spiketrains, sources[1].spiketrains))


def test_reset_returns_to_initial_values_given_during_the_run():
    sim.setup()
    p = sim.Population(2, sim.IF_curr_exp(i_offset=0.5))
    p.record("v")
    sim.run(10.0)
    p.initialize(v=-70.0)       # now, and the value reset() returns to
    sim.run(10.0)
    sim.reset()
    sim.run(10.0)
    first, second = p.get_data().segments
    assert first.analogsignals[0][101, 0] != -70.0
    assert np.all(second.analogsignals[0].magnitude[0] == -70.0)


def test_structure_is_fixed_during_a_run_and_free_after_reset():
    sim.setup()
    a = sim.Population(2, sim.IF_cond_exp(i_offset=3.0))
    sim.run(5.0)
    with pytest.raises(errors.ConnectionError, match="reset"):
        sim.Population(3, sim.IF_cond_exp())
    with pytest.raises(errors.ConnectionError, match="reset"):
        sim.Projection(a, a, sim.AllToAllConnector())
    sim.reset()
    b = sim.Population(2, sim.IF_curr_delta(tau_m=1e9, v_thresh=1e3))
    sim.Projection(a, b, sim.OneToOneConnector(), sim.StaticSynapse(weight=1.0, delay=1.0))
    a.record("spikes")
    b.record("v")
    sim.run(20.0)
    n = len(a.get_data().segments[-1].spiketrains[0])
    assert n > 0
    assert b.get_data().segments[-1].analogsignals[0][-1, 0] == pytest.approx(-65.0 + n, abs=1.0)


def test_synapse_dynamics_change_needs_t_zero():
    sim.setup()
    a = sim.Population(2, sim.SpikeSourceArray(spike_times=[[1.0, 3.0], [2.0]]))
    b = sim.Population(2, sim.IF_cond_exp())
    prj = sim.Projection(a, b, sim.AllToAllConnector(), sim.TsodyksMarkramSynapse(U=0.5, weight=0.01))
    prj.set(U=0.3)                               # before the network exists
    sim.run(5.0)
    with pytest.raises(errors.ConnectionError, match="U"):
        prj.set(U=0.2)
    sim.reset()
    prj.set(U=np.array([[0.2, 0.3], [0.4, 0.5]]))   # a new network, four axon projections
    sim.run(5.0)
    assert np.array_equal(prj.get("U", format="array"), [[0.2, 0.3], [0.4, 0.5]])


def test_setup_forgets_the_previous_network():
    sim.setup()
    sim.Population(3, sim.IF_cond_exp())
    sim.run(2.0)
    sim.setup()
    assert sim.get_current_time() == 0.0
    p = sim.Population(1, sim.IF_cond_exp())
    assert p.first_id == 0
    sim.run(2.0)
    sim.end()


def test_reset_returns_plastic_weights_to_those_last_set():
    sim.setup(timestep=0.1)
    inputs, cells, prj = network(stdp=True)
    sim.run(100.0)
    prj.set(weight=0.03)
    sim.run(100.0)
    assert not np.all(prj.get("weight", format="list", with_address=False) == np.float32(0.03))
    sim.reset()
    assert np.all(np.array(prj.get("weight", format="list", with_address=False)) == 0.03)
    sim.run(100.0)
    learned = prj.get("weight", format="array")
    assert np.nanmax(np.abs(learned - 0.03)) > 0


def test_threads_do_not_change_the_results():
    results = []
    for threads in (1, 2):
        sim.setup(timestep=0.1, threads=threads)
        inputs, cells, prj = network(stdp=True)
        sim.run(200.0)
        results.append((cells.get_data().segments[0].analogsignals[0].magnitude,
                        prj.get("weight", format="array")))
    assert np.array_equal(results[0][0], results[1][0])
    assert np.array_equal(results[0][1], results[1][1], equal_nan=True)
