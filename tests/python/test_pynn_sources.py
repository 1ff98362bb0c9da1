"""Spike sources of pyNN.axon: Poisson, gamma and dead-time Poisson trains
against their distributions (scipy's Kolmogorov-Smirnov test) and PyNN's
start/duration, parameter change and reset semantics."""
import numpy as np
import pytest
from scipy import stats

import pyNN.axon as sim
from pyNN import errors


def trains(pop):
    return [t.magnitude for t in pop.get_data().segments[-1].spiketrains]


def test_poisson_rate_start_and_duration():
    sim.setup(timestep=0.1, rng_seed=7)
    p = sim.Population(50, sim.SpikeSourcePoisson(rate=20.0, start=100.0, duration=2000.0))
    p.record("spikes")
    sim.run(2500.0)
    spikes = np.concatenate(trains(p))
    assert spikes.min() > 100.0 and spikes.max() <= 2100.0
    expected = 50 * 20.0 * 2.0
    assert abs(spikes.size - expected) < 5 * np.sqrt(expected)


def test_rng_seed_chooses_the_poisson_spikes():
    counts = []
    for seed in (1, 1, 2):
        sim.setup(rng_seed=seed)
        p = sim.Population(5, sim.SpikeSourcePoisson(rate=50.0))
        p.record("spikes")
        sim.run(200.0)
        counts.append([len(t) for t in trains(p)])
    assert counts[0] == counts[1] and counts[0] != counts[2]


@pytest.mark.parametrize("alpha, beta", [(2.0, 100.0), (5.0, 300.0)])
def test_gamma_intervals(alpha, beta):
    sim.setup(timestep=0.1)
    p = sim.Population(3, sim.SpikeSourceGamma(alpha=alpha, beta=beta))
    p.record("spikes")
    sim.run(20000.0)
    isi = np.concatenate([np.diff(t) for t in trains(p)])
    d, _ = stats.kstest(isi, "gamma", args=(alpha, 0, 1000.0 / beta))
    assert d < 0.03   # the 0.1 ms grid alone moves the distribution by about dt beta / alpha


def test_poisson_with_dead_time():
    sim.setup(timestep=0.1)
    rate, tau = 40.0, 5.0
    p = sim.Population(3, sim.SpikeSourcePoissonRefractory(rate=rate, tau_refrac=tau))
    p.record("spikes")
    sim.run(30000.0)
    isi = np.concatenate([np.diff(t) for t in trains(p)])
    assert isi.min() >= tau - 0.1
    d, _ = stats.kstest(isi - tau, "expon", args=(0, 1000.0 / rate - tau))
    assert d < 0.03
    assert abs(isi.mean() - 1000.0 / rate) < 5 * isi.std() / np.sqrt(isi.size)


def test_gamma_sources_start_stop_change_and_reset():
    sim.setup(timestep=0.1)
    p = sim.Population(4, sim.SpikeSourceGamma(alpha=3.0, beta=[200.0, 200.0, 50.0, 200.0],
                                               start=50.0, duration=400.0))
    p.record("spikes")
    sim.run(300.0)
    p[3:].set(beta=1.0)           # from 300 ms on: a mean interval of 3 s
    sim.run(300.0)
    first = trains(p)
    assert all(t.min() > 50.0 and t.max() <= 450.0 for t in first[:3])
    assert np.sum(first[3] > 300.0) <= 2 and np.sum(first[3] <= 300.0) > 10
    assert len(first[2]) < len(first[0])
    sim.reset()                   # the same trains up to the change; neuron 3 keeps beta = 1
    sim.run(600.0)
    second = trains(p)
    # (a change restarts the population's processes, stationary, at that time)
    assert all(np.array_equal(a[a <= 300.0], b[b <= 300.0]) for a, b in zip(first[:3], second[:3]))
    assert len(second[3]) <= 2
    with pytest.raises(errors.InvalidParameterValueError, match="alpha"):
        p.set(alpha=0.0)


def test_refractory_rate_and_dead_time_must_fit():
    sim.setup()
    sim.Population(1, sim.SpikeSourcePoissonRefractory(rate=300.0, tau_refrac=5.0))
    with pytest.raises(errors.InvalidParameterValueError, match="tau_refrac"):
        sim.run(10.0)
