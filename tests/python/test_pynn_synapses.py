"""Synapses of pyNN.axon against hand computations: when and how a spike
arrives, Tsodyks-Markram amplitudes, and the STDP rules' weight changes."""
import numpy as np
import pytest

import pyNN.axon as sim
from pyNN import errors


def signal(pop, name):
    return pop.get_data().segments[0].filter(name=name)[0]


def test_spike_arrives_after_its_delay_with_the_exponential_psp():
    """A spike at t_s through a synapse of weight w and delay d: from t_s + d
    on, v - v_rest = w/cm tau_m tau_s/(tau_m - tau_s) (e^(-t'/tau_m) - e^(-t'/tau_s))."""
    t_s, d, w, tau_m, tau_s, cm = 5.0, 2.0, 1.5, 20.0, 5.0, 0.5
    sim.setup(timestep=0.1)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[t_s]))
    cell = sim.Population(1, sim.IF_curr_exp(tau_m=tau_m, cm=cm, tau_syn_E=tau_s, v_thresh=0.0))
    sim.Projection(source, cell, sim.OneToOneConnector(), sim.StaticSynapse(weight=w, delay=d))
    cell.record("v")
    sim.run(30.0)
    v = signal(cell, "v")
    t = v.times.magnitude - (t_s + d)
    psp = np.where(t > 0, w / cm * tau_m * tau_s / (tau_m - tau_s) * (np.exp(-t / tau_m) - np.exp(-t / tau_s)), 0)
    assert np.abs(v.magnitude[:, 0] - (-65.0 + psp)).max() < 1e-10


def test_inhibitory_current_and_conductance_jump():
    """A conductance jumps by the weight when the spike arrives (t_s + d) and
    decays with tau_syn; a negative current weight hyperpolarises."""
    sim.setup(timestep=0.1)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[4.0]))
    cond = sim.Population(1, sim.IF_cond_exp(tau_syn_I=3.0))
    curr = sim.Population(1, sim.IF_curr_exp())
    sim.Projection(source, cond, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.02, delay=1.2),
                   receptor_type="inhibitory")
    sim.Projection(source, curr, sim.OneToOneConnector(), sim.StaticSynapse(weight=-0.5, delay=1.2),
                   receptor_type="inhibitory")
    cond.record("gsyn_inh")
    curr.record("v")
    sim.run(15.0)
    g = signal(cond, "gsyn_inh")
    t = g.times.magnitude - 5.2
    expected = np.where(t > -1e-9, 0.02 * np.exp(-np.maximum(t, 0) / 3.0), 0.0)
    # axon delivers weights in single precision
    assert np.abs(g.magnitude[:, 0] - expected).max() < 1e-7 * 0.02
    assert str(g.units.dimensionality) == "uS"
    v = signal(curr, "v").magnitude[:, 0]
    assert v.max() == -65.0 and v.min() < -65.1


def tm_amplitudes(times, U, tau_rec, tau_facil):
    """Tsodyks-Markram (NEST's tsodyks2_synapse) by hand: u_n, x_n at each spike."""
    u, x, last, out = 0.0, 1.0, None, []
    for t in times:
        if last is not None:
            h = t - last
            x = 1 + (x - u * x - 1) * np.exp(-h / tau_rec)
            u = U + u * (1 - U) * (np.exp(-h / tau_facil) if tau_facil > 0 else 0.0)
        else:
            u = U
        out.append(u * x)
        last = t
    return np.array(out)


@pytest.mark.parametrize("U, tau_rec, tau_facil", [(0.5, 800.0, 0.0), (0.04, 100.0, 1000.0)])
def test_tsodyks_markram_amplitudes(U, tau_rec, tau_facil):
    times = [10.0, 20.0, 25.0, 40.0, 41.0, 80.0]
    w, d, tau = 0.01, 1.0, 2.0
    sim.setup(timestep=0.1)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
    cell = sim.Population(1, sim.IF_cond_exp(tau_syn_E=tau, v_thresh=0.0))
    sim.Projection(source, cell, sim.OneToOneConnector(),
                   sim.TsodyksMarkramSynapse(U=U, tau_rec=tau_rec, tau_facil=tau_facil, weight=w, delay=d))
    cell.record("gsyn_exc")
    sim.run(100.0)
    g = signal(cell, "gsyn_exc").magnitude[:, 0]
    arrival = np.rint((np.array(times) + d) / 0.1).astype(int)
    jumps = g[arrival] - g[arrival - 1] * np.exp(-0.1 / tau)
    assert np.allclose(jumps, w * tm_amplitudes(times, U, tau_rec, tau_facil), rtol=1e-6, atol=0)


def stdp_pair(t_pre, t_post_drive, weight_dependence, timing=None, w0=0.5, delay=1.5):
    """One pre spike and one post spike (the post neuron is made to fire by a
    strong 'teacher' input); returns the final weight and the post spike."""
    sim.setup(timestep=0.1)
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[t_pre]))
    teacher = sim.Population(1, sim.SpikeSourceArray(spike_times=[t_post_drive]))
    post = sim.Population(1, sim.IF_curr_delta())
    sim.Projection(teacher, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=30.0, delay=1.0))
    timing = timing or sim.SpikePairRule(tau_plus=20.0, tau_minus=15.0, A_plus=0.1, A_minus=0.12)
    stdp = sim.STDPMechanism(timing_dependence=timing, weight_dependence=weight_dependence, weight=w0, delay=delay)
    prj = sim.Projection(pre, post, sim.OneToOneConnector(), stdp)
    post.record("spikes")
    sim.run(80.0)
    t_post = post.get_data().segments[0].spiketrains[0].magnitude
    assert t_post.size == 1
    return prj.get("weight", format="list")[0][2], t_post[0]


def x_after(x, lag, kind, mu=0.5):
    """PyNN's weight dependences on x = (w - w_min)/(w_max - w_min)."""
    if lag > 0:
        a = 0.1 * np.exp(-lag / 20.0)
        step = {"add": a, "mult": a * (1 - x), "addmult": a, "gutig": a * (1 - x) ** mu}[kind]
    else:
        b = 0.12 * np.exp(lag / 15.0)
        step = -{"add": b, "mult": b * x, "addmult": b * x, "gutig": b * x ** mu}[kind]
    return min(max(x + step, 0.0), 1.0)


DEPENDENCES = [
    ("add", sim.AdditiveWeightDependence),
    ("mult", sim.MultiplicativeWeightDependence),
    ("addmult", sim.AdditivePotentiationMultiplicativeDepression),
    ("gutig", sim.GutigWeightDependence),
]


@pytest.mark.parametrize("kind, dependence", DEPENDENCES, ids=[d[0] for d in DEPENDENCES])
@pytest.mark.parametrize("t_pre", [10.0, 30.0], ids=["pre-post", "post-pre"])
def test_stdp_pair_changes_the_weight_as_the_rule_says(kind, dependence, t_pre):
    """Delays are dendritic: the pair's lag is t_post + delay - t_pre."""
    w_min, w_max, w0, delay = 0.1, 0.9, 0.5, 1.5
    w, t_post = stdp_pair(t_pre, 20.0, dependence(w_min=w_min, w_max=w_max), w0=w0, delay=delay)
    lag = t_post + delay - t_pre
    expected = w_min + (w_max - w_min) * x_after((w0 - w_min) / (w_max - w_min), lag, kind)
    assert abs(w - expected) < 1e-6     # axon keeps plastic weights in single precision


def test_vogels2011_pair():
    """Vogels et al. 2011: w -= eta alpha at the pre spike (alpha = 2 rho tau),
    w += eta exp(-|lag|/tau) when the second spike of the pair comes."""
    timing = sim.Vogels2011Rule(tau=20.0, eta=0.01, rho=10.0)
    for t_pre in (10.0, 30.0):
        w, t_post = stdp_pair(t_pre, 20.0, sim.AdditiveWeightDependence(w_min=0.0, w_max=1.0), timing=timing)
        lag = t_post + 1.5 - t_pre
        assert abs(w - (0.5 - 0.01 * 2 * 10.0 * 20.0 / 1000.0 + 0.01 * np.exp(-abs(lag) / 20.0))) < 1e-6


def test_stdp_parameters_are_readable_and_zero_amplitudes_keep_the_weight():
    sim.setup()
    a = sim.Population(3, sim.SpikeSourcePoisson(rate=50.0))
    b = sim.Population(2, sim.IF_cond_exp())
    stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(A_plus=0.0, A_minus=0.0),
                             weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.1), weight=0.05)
    prj = sim.Projection(a, b, sim.AllToAllConnector(), stdp)
    a_plus, w_max = prj.get(["A_plus", "w_max"], format="array")
    assert np.all(a_plus == 0.0) and np.all(w_max == 0.1)
    sim.run(200.0)
    assert np.all(prj.get("weight", format="array") == np.float32(0.05))


def test_weight_outside_the_rule_bounds_is_refused():
    sim.setup()
    a = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    b = sim.Population(1, sim.IF_cond_exp())
    stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(),
                             weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.01), weight=0.5)
    sim.Projection(a, b, sim.AllToAllConnector(), stdp)
    with pytest.raises(errors.ConnectionError, match="w_max|0.5"):
        sim.run(10.0)


def test_axonal_delays_for_stdp_are_refused():
    with pytest.raises(ValueError, match="dendritic"):
        sim.STDPMechanism(timing_dependence=sim.SpikePairRule(), weight_dependence=sim.AdditiveWeightDependence(),
                          dendritic_delay_fraction=0.0)


def test_weights_and_delays_set_during_a_run():
    """New weights and delays act from the next spike: the same v as a
    PSP closed form with the new values."""
    sim.setup(timestep=0.1)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 55.0]))
    cell = sim.Population(1, sim.IF_curr_exp(v_thresh=0.0))
    prj = sim.Projection(source, cell, sim.OneToOneConnector(), sim.StaticSynapse(weight=1.0, delay=1.0))
    cell.record("v")
    sim.run(50.0)
    prj.set(weight=2.5, delay=3.0)
    assert prj.get(["weight", "delay"], format="list") == [(0, 0, 2.5, 3.0)]
    sim.run(50.0)
    v = signal(cell, "v")
    t = v.times.magnitude

    def psp(w, t_arrive):
        s = t - t_arrive
        return np.where(s > 0, w * 20.0 * 5.0 / 15.0 * (np.exp(-np.maximum(s, 0) / 20.0)
                                                       - np.exp(-np.maximum(s, 0) / 5.0)), 0.0)
    assert np.abs(v.magnitude[:, 0] - (-65.0 + psp(1.0, 6.0) + psp(2.5, 58.0))).max() < 1e-9


def test_electrical_synapses_couple_both_cells_as_axon_gap_junctions():
    import axon
    sim.setup(timestep=0.1)
    cells = sim.Population(3, sim.IF_cond_exp(i_offset=[1.0, 0.0, 0.0]))
    gap = sim.Projection(cells[0:1], cells[1:3], sim.AllToAllConnector(), sim.ElectricalSynapse(weight=0.004))
    assert gap.receptor_type == "source_section.gap"
    cells.record("v")
    sim.run(30.0)
    gap.set(weight=np.array([[0.01, 0.002]]))
    sim.run(30.0)
    v = signal(cells, "v").magnitude
    with axon.Network(dt=0.1, seed=1, threads=1) as net:
        pop = net.add_population("cells", "IF_cond_exp", 3, params={"i_offset": [1.0, 0.0, 0.0]})
        # the view's neurons: 0 -> 1 and 0 -> 2 (a view keeps its own indices; axon takes the owner's)
        link = net.connect_gap(pop, pop, axon.FromList([0, 0], [1, 2]), 0.004)
        rec = pop.record("v")
        net.run(30.0)
        link.weights = [0.01, 0.002]
        net.run(30.0)
        expected = np.vstack([[-65.0] * 3, np.asarray(rec.values)])
    assert np.array_equal(v, expected)
    assert v[-1, 1] > v[-1, 2] > -65.0     # coupled, the stronger junction more


def test_gap_junctions_and_receptors_do_not_mix():
    sim.setup()
    cells = sim.Population(2, sim.IF_cond_exp())
    with pytest.raises(errors.ConnectionError, match="ElectricalSynapse"):
        sim.Projection(cells, cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.01),
                       receptor_type="source_section.gap")
    with pytest.raises(errors.ConnectionError, match="ElectricalSynapse"):
        sim.Projection(cells, cells, sim.AllToAllConnector(), sim.ElectricalSynapse(weight=0.01),
                       receptor_type="excitatory")


def stochastic_run(p, threads=1, m=400, seed=3):
    """One source firing m times (2 ms apart) onto len(p) IF_curr_delta through
    SimpleStochasticSynapse(p) of 20 mV: a target fires once per transmitted spike."""
    sim.setup(timestep=0.1, threads=threads, rng_seed=seed)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=1.0 + 2.0 * np.arange(m)))
    cells = sim.Population(len(p), sim.IF_curr_delta())
    prj = sim.Projection(source, cells, sim.AllToAllConnector(),
                         sim.SimpleStochasticSynapse(weight=20.0, delay=1.0, p=np.array([p])))
    cells.record("spikes")
    sim.run(2.0 * m + 5.0)
    trains = cells.get_data().segments[0].spiketrains
    trains = sorted(trains, key=lambda st: st.annotations["channel_id"])
    counts = np.array([len(st) for st in trains])
    times = [np.asarray(st.magnitude) for st in trains]
    return prj, counts, times


def test_simple_stochastic_synapse_transmits_with_probability_p():
    """Per connection p: 0 and 1 exact, others Binomial(m, p) within 5 sd;
    the same draws for 1 and 2 threads, different ones for different synapses."""
    p, m = [0.0, 0.2, 0.5, 0.5, 0.9, 1.0], 400
    prj, counts, times = stochastic_run(p, m=m)
    assert np.allclose(prj.get("p", format="array")[0], p)
    assert counts[0] == 0 and counts[-1] == m
    for k in range(1, 5):
        assert abs(counts[k] - m * p[k]) <= 5 * np.sqrt(m * p[k] * (1 - p[k])), (p[k], counts[k])
    assert not np.array_equal(times[2], times[3])   # independent synapses with the same p
    _, counts2, times2 = stochastic_run(p, threads=2, m=m)
    assert np.array_equal(counts, counts2) and all(np.array_equal(a, b) for a, b in zip(times, times2))
    sim.end()


def test_simple_stochastic_synapse_refuses_p_outside_0_1():
    sim.setup(timestep=0.1)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    cells = sim.Population(1, sim.IF_curr_delta())
    sim.Projection(source, cells, sim.AllToAllConnector(), sim.SimpleStochasticSynapse(weight=1.0, p=1.5))
    with pytest.raises(errors.ConnectionError, match="release_probability"):
        sim.run(1.0)
    sim.end()
