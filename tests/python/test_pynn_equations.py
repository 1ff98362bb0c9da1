"""pyNN.axon.equation_cell_type: a model written as equations as a PyNN cell
type, against PyNN's IF_curr_exp that it copies (docs/equations.md's LIF)."""
import numpy as np
import pytest

import pyNN.axon as sim
from pyNN import errors

from test_equations import LIF, LIF_DICTS


def run_network(celltype, duration=60.0):
    """A spike source onto two cells, one with a current: (v, spike trains)."""
    sim.setup(timestep=0.1)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[3.0, 7.5, 8.0, 20.0, 31.0]))
    cells = sim.Population(2, celltype(i_offset=[0.0, 1.2], tau_m=15.0, tau_refrac=2.0),
                           initial_values={"v": [-60.0, -65.0]})
    sim.Projection(source, cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.0, delay=1.5))
    sim.Projection(source, cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=-1.0, delay=4.0),
                   receptor_type="inhibitory")
    cells.record(["v", "spikes"])
    sim.run(duration)
    segment = cells.get_data().segments[0]
    result = segment.filter(name="v")[0].magnitude, [t.magnitude for t in segment.spiketrains]
    sim.end()
    return result


def test_an_equation_cell_type_runs_as_the_model_it_copies():
    lif = sim.equation_cell_type("LIF", **LIF)
    assert lif.default_parameters == sim.IF_curr_exp.default_parameters
    assert lif.receptor_types == ("excitatory", "inhibitory")
    assert "Integration (auto)" in lif.__doc__
    v_lif, spikes_lif = run_network(lif)
    v_ref, spikes_ref = run_network(sim.IF_curr_exp)
    assert sum(len(s) for s in spikes_ref) >= 3
    # the same up to rounding: the propagators come from the matrix exponential,
    # the built-in's from closed formulas (1e-12 mV apart)
    assert np.abs(v_lif - v_ref).max() < 1e-9
    for a, b in zip(spikes_lif, spikes_ref):
        assert np.array_equal(a, b)
    # the dict form is the same cell type
    v_dicts, _ = run_network(sim.equation_cell_type("LIF", **LIF_DICTS))
    assert np.array_equal(v_dicts, v_lif)


def test_the_model_is_defined_again_on_a_new_network():
    lif = sim.equation_cell_type("LIF", **LIF)
    sim.setup(timestep=0.1)
    a = sim.Population(1, lif(i_offset=2.0))
    a.record("spikes")
    sim.run(50.0)
    first = a.get_data().segments[0].spiketrains[0].magnitude
    sim.reset()
    sim.Population(1, lif())        # a structural change at t = 0: a new axon network
    sim.run(50.0)
    again = a.get_data().segments[1].spiketrains[0].magnitude
    assert len(first) >= 2 and np.array_equal(first, again)
    sim.end()


def test_parameters_outside_the_models_bounds_are_pynn_errors():
    lif = sim.equation_cell_type("LIF", **LIF)
    sim.setup(timestep=0.1)
    with pytest.raises(errors.InvalidParameterValueError, match="cm"):
        sim.Population(1, lif(cm=0.0))             # cm = 1 : nF (> 0)
    with pytest.raises(errors.NonExistentParameterError):
        sim.Population(1, lif(tau_x=1.0))
    sim.end()


def test_a_wrong_model_is_refused_when_the_cell_type_is_made():
    with pytest.raises(errors.InvalidModelError, match=r"equations:2:24: unknown name 'tua_m'"):
        sim.equation_cell_type("LIF", **dict(LIF, equations=LIF["equations"].replace("/ tau_m", "/ tua_m")))
    with pytest.raises(errors.InvalidModelError, match="exists already"):
        sim.equation_cell_type("IF_curr_exp", **LIF)   # a built-in's name
    with pytest.raises(TypeError, match="parameters must be a str or a dict"):
        sim.equation_cell_type("LIF", **dict(LIF, parameters=3))


def test_two_different_models_of_one_name_are_refused():
    sim.setup(timestep=0.1)
    sim.Population(1, sim.equation_cell_type("LIF", **LIF)())
    sim.Population(1, sim.equation_cell_type("LIF", **dict(LIF, method="rk4"))())
    with pytest.raises(errors.InvalidModelError, match="two different models written as equations are named 'LIF'"):
        sim.run(1.0)
    sim.end()
