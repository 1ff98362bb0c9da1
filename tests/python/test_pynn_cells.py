"""pyNN.axon's cell types: single neurons against closed forms, and every
standard model against the same network made with the axon package directly
(names, units, initial values and the recording's first sample)."""
import numpy as np
import pytest

import axon
import pyNN.axon as sim
from pyNN import errors


def trace(pop, name="v"):
    return pop.get_data().segments[0].filter(name=name)[0]


def test_if_curr_exp_under_constant_current_follows_the_closed_form():
    sim.setup(timestep=0.1)
    cell = sim.Population(1, sim.IF_curr_exp(i_offset=0.1, tau_m=15.0, cm=0.5, v_rest=-70.0, v_thresh=0.0),
                          initial_values={"v": -70.0})
    cell.record("v")
    sim.run(50.0)
    v = trace(cell)
    t = v.times.magnitude
    expected = -70.0 + 0.1 * (15.0 / 0.5) * (1 - np.exp(-t / 15.0))
    assert np.abs(v.magnitude[:, 0] - expected).max() < 1e-10


def test_if_cond_exp_under_constant_current_follows_the_closed_form():
    sim.setup(timestep=0.1)
    cell = sim.Population(1, sim.IF_cond_exp(i_offset=0.05, tau_m=10.0, cm=0.25, v_rest=-60.0, v_thresh=0.0))
    cell.initialize(v=-60.0)
    cell.record("v")
    sim.run(40.0)
    v = trace(cell)
    t = v.times.magnitude
    expected = -60.0 + 0.05 * (10.0 / 0.25) * (1 - np.exp(-t / 10.0))
    # the conductance-based model integrates v with RK4
    assert np.abs(v.magnitude[:, 0] - expected).max() < 1e-7


def test_first_spike_and_refractory_period_of_a_driven_neuron():
    """T = tau_m ln(RI / (RI - (v_thresh - v_rest))); a spike is reported at
    the end of the step in which v crosses; refractoriness adds tau_refrac."""
    tau_m, cm, i, dt = 20.0, 1.0, 1.0, 0.1
    sim.setup(timestep=dt)
    cell = sim.Population(1, sim.IF_curr_exp(i_offset=i, tau_m=tau_m, cm=cm, v_rest=-65.0, v_reset=-65.0,
                                             v_thresh=-55.0, tau_refrac=2.0))
    cell.record("spikes")
    sim.run(100.0)
    spikes = cell.get_data().segments[0].spiketrains[0].magnitude
    ri = i * tau_m / cm
    period = tau_m * np.log(ri / (ri - 10.0))
    assert period <= spikes[0] < period + dt
    isi = np.diff(spikes)
    # after the reset v is clamped for 2 ms, then climbs for `period` again
    assert np.all(isi >= period + 2.0 - dt) and np.all(isi < period + 2.0 + 2 * dt)


MODELS = [
    (sim.IF_curr_alpha, dict(tau_syn_E=0.8, v_thresh=-52.0), dict(v=-60.0), 0.4),
    (sim.IF_curr_exp, dict(tau_m=12.0, cm=0.5), dict(v=-58.0), 0.3),
    (sim.IF_curr_delta, dict(tau_refrac=1.0), dict(v=-57.0), 3.0),
    (sim.IF_cond_alpha, dict(e_rev_E=5.0, tau_syn_E=0.6), dict(v=-61.0), 0.02),
    (sim.IF_cond_exp, dict(tau_syn_E=3.0, v_reset=-70.0), dict(v=-55.0), 0.03),
    (sim.EIF_cond_exp_isfa_ista, dict(a=2.0, b=0.05), dict(v=-65.0, w=0.01), 0.03),
    (sim.EIF_cond_alpha_isfa_ista, dict(delta_T=1.5), dict(v=-66.0, w=0.0), 0.03),
    (sim.HH_cond_exp, dict(gbar_Na=22.0), dict(v=-64.0, m=0.05, h=0.6, n=0.3), 0.05),
    (sim.Izhikevich, dict(a=0.03, d=6.0), dict(v=-68.0, u=-13.0), 8.0),
]


@pytest.mark.parametrize("celltype, params, initial, weight", MODELS, ids=[m[0].__name__ for m in MODELS])
def test_model_runs_as_the_same_network_built_with_axon(celltype, params, initial, weight):
    times = [3.0, 7.5, 8.0, 12.2, 20.0, 20.1, 31.0]
    dt, delay, duration = 0.05, 1.5, 40.0
    sim.setup(timestep=dt)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
    cells = sim.Population(2, celltype(i_offset=[0.0, 0.4], **params), initial_values=initial)
    sim.Projection(source, cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=weight, delay=delay))
    cells.record("v")
    cells.record("spikes")
    sim.run(duration)
    segment = cells.get_data().segments[0]
    v = segment.filter(name="v")[0].magnitude

    native = dict(celltype.default_parameters, **params)
    native["i_offset"] = [0.0, 0.4]
    with axon.Network(dt=dt, seed=1, threads=1) as net:
        src = net.add_population("source", "SpikeSourceArray", 1)
        src.spike_times = [times]
        pop = net.add_population("cells", celltype.__name__, 2, params=native, state=initial)
        net.connect(src, pop, axon.AllToAll(), receptor="excitatory", weight=weight, delay=delay)
        rec = pop.record("v")
        spikes = pop.record("spikes")
        net.run(duration)
        expected = np.vstack([[initial["v"]] * 2, np.asarray(rec.values)])
        spike_times, spike_neurons = (np.asarray(a) for a in spikes.spikes)
    assert v.shape == expected.shape
    assert np.array_equal(v, expected)
    for i, train in enumerate(segment.spiketrains):
        assert np.allclose(train.magnitude, spike_times[spike_neurons == i], rtol=0, atol=1e-9)


def test_out_of_range_parameter_is_a_pynn_error():
    sim.setup()
    with pytest.raises(errors.InvalidParameterValueError, match="tau_m"):
        sim.Population(2, sim.IF_curr_exp(tau_m=-1.0))
    p = sim.Population(2, sim.IF_cond_exp())
    with pytest.raises(errors.InvalidParameterValueError, match="cm"):
        p.set(cm=[1.0, 0.0])
    assert p.get("cm") == 1.0   # unchanged


def test_unknown_parameter_and_initial_value_are_named():
    sim.setup()
    with pytest.raises(errors.NonExistentParameterError):
        sim.Population(1, sim.IF_curr_exp(tau_x=3.0))
    p = sim.Population(1, sim.IF_curr_exp())
    with pytest.raises(errors.NonExistentParameterError):
        p.initialize(w=1.0)


def test_spike_sources_take_no_current():
    sim.setup()
    sources = sim.Population(2, sim.SpikeSourcePoisson(rate=10.0))
    with pytest.raises(TypeError, match="spike source"):
        sim.DCSource(amplitude=1.0).inject_into(sources)


def test_standard_models_are_listed():
    names = set(sim.list_standard_models())
    assert {"IF_curr_exp", "IF_cond_exp", "HH_cond_exp", "Izhikevich", "EIF_cond_exp_isfa_ista",
            "SpikeSourceArray", "SpikeSourcePoisson", "SpikeSourceGamma"} <= names


@pytest.mark.parametrize("model, params", [("QIF", {"v_crit": -52.0}), ("MorrisLecar", {"phi": 0.05}),
                                           ("IF_curr_exp_sfa", {"b": 0.1})])
def test_native_cell_types_run_any_axon_model(model, params):
    celltype = sim.native_cell_type(model)
    assert set(celltype.default_parameters) == {p["name"] for p in axon.models()[model]["params"]}
    sim.setup(timestep=0.1)
    cells = sim.Population(2, celltype(i_offset=[0.5, 2.0], **params))
    cells.record("v")
    sim.run(100.0)
    v = cells.get_data().segments[0].filter(name="v")[0].magnitude
    with axon.Network(dt=0.1, seed=1, threads=1) as net:
        pop = net.add_population("cells", model, 2, params=dict(params, i_offset=[0.5, 2.0]))
        v0 = pop.get("v")
        rec = pop.record("v")
        net.run(100.0)
        assert np.array_equal(v, np.vstack([v0, np.asarray(rec.values)]))


def test_native_cell_type_of_an_unknown_model():
    with pytest.raises(errors.InvalidModelError, match="QIF"):
        sim.native_cell_type("NoSuchModel")
