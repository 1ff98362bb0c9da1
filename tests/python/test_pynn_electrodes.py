"""Current sources in pyNN.axon against PyNN's definitions: the current of
each step computed here from the source's parameters, and the membrane of
an IF_curr_exp neuron (exact integration) driven by it, step by step."""
import numpy as np
import pytest

import pyNN.axon as sim

DT, TAU, CM, REST = 0.1, 20.0, 1.0, -65.0


def membrane(current, v0=REST):
    """v at the sample times of an IF_curr_exp neuron (no synaptic input)
    whose current during step k is current[k]."""
    decay = np.exp(-DT / TAU)
    v = [v0]
    for i in current[:-1]:
        v.append(REST + (v[-1] - REST) * decay + i * TAU / CM * (1 - decay))
    return np.array(v)


def cells(n=1):
    return sim.Population(n, sim.IF_curr_exp(tau_m=TAU, cm=CM, v_rest=REST, v_thresh=100.0))


def steps(duration):
    return np.arange(int(round(duration / DT)) + 1)


def window(k, start, stop):
    return (k >= round(start / DT)) & (k < round(stop / DT))


def run_and_check(sources, duration, currents, runs=1):
    """Record v and each source's current, run, compare with `currents`."""
    cell = cells()
    for source in sources:
        cell.inject(source)
        source.record()
    cell.record("v")
    for _ in range(runs):
        sim.run(duration / runs)
    v = cell.get_data().segments[0].filter(name="v")[0].magnitude[:, 0]
    total = np.sum(currents, axis=0)
    assert np.allclose(v, membrane(total), rtol=0, atol=1e-9)
    for source, expected in zip(sources, currents):
        recorded = source.get_data()
        assert recorded.t_start == 0 and recorded.shape[0] == steps(duration).size
        assert np.allclose(recorded.magnitude[:, 0], expected, rtol=0, atol=1e-12)


def test_dc_source_between_start_and_stop():
    sim.setup(timestep=DT)
    k = steps(60.0)
    run_and_check([sim.DCSource(amplitude=0.7, start=10.0, stop=35.05)], 60.0,
                  [0.7 * window(k, 10.0, 35.05)])


def test_step_current_source():
    sim.setup(timestep=DT)
    k = steps(50.0)
    times, amps = [5.0, 12.33, 30.0], [0.4, -0.2, 0.9]
    expected = np.select([k >= 300, k >= 123, k >= 50], amps[::-1], 0.0)
    run_and_check([sim.StepCurrentSource(times=times, amplitudes=amps)], 50.0, [expected], runs=2)


def test_ac_source_has_its_phase_at_start():
    sim.setup(timestep=DT)
    k = steps(80.0)
    start, stop, f, phase, amp, offset = 12.5, 70.0, 40.0, 30.0, 0.5, 0.1
    t = k * DT
    expected = np.where(window(k, start, stop),
                        offset + amp * np.sin(2 * np.pi * f * 1e-3 * (t - start) + np.deg2rad(phase)), 0.0)
    run_and_check([sim.ACSource(start=start, stop=stop, frequency=f, phase=phase, amplitude=amp, offset=offset)],
                  80.0, [expected])


def test_sources_add_up_and_changes_between_runs_take_effect():
    sim.setup(timestep=DT)
    k = steps(90.0)
    dc = sim.DCSource(amplitude=0.2, start=5.0, stop=60.0)
    ac = sim.ACSource(amplitude=0.3, frequency=25.0, start=20.0, stop=85.0)
    cell = cells()
    cell.inject(dc)
    ac.inject_into(cell)
    cell.record("v")
    sim.run(30.0)
    dc.amplitude = 0.5            # from 30 ms on
    ac.set_parameters(frequency=50.0, phase=90.0)
    sim.run(60.0)
    t = k * DT
    dc_current = np.where(window(k, 5.0, 60.0), np.where(k < 300, 0.2, 0.5), 0.0)
    ac_current = np.where(window(k, 20.0, 85.0),
                          0.3 * np.where(k < 300, np.sin(2 * np.pi * 25e-3 * (t - 20.0)),
                                         np.sin(2 * np.pi * 50e-3 * (t - 20.0) + np.pi / 2)), 0.0)
    v = cell.get_data().segments[0].analogsignals[0].magnitude[:, 0]
    assert np.allclose(v, membrane(dc_current + ac_current), rtol=0, atol=1e-9)
    assert np.allclose(dc.get_data().magnitude[:, 0], dc_current, atol=1e-12)


def test_reset_after_a_change_runs_the_new_parameters_from_the_start():
    sim.setup(timestep=DT)
    source = sim.DCSource(amplitude=0.3, start=2.0, stop=40.0)
    cell = cells()
    cell.inject(source)
    cell.record("v")
    sim.run(20.0)
    source.amplitude = 0.6
    sim.run(20.0)
    sim.reset()
    sim.run(40.0)
    k = steps(40.0)
    first, second = cell.get_data().segments
    assert np.allclose(first.analogsignals[0].magnitude[:, 0],
                       membrane(np.where(window(k, 2.0, 40.0), np.where(k < 200, 0.3, 0.6), 0.0)), atol=1e-9)
    assert np.allclose(second.analogsignals[0].magnitude[:, 0],
                       membrane(0.6 * window(k, 2.0, 40.0)), atol=1e-9)


def test_noisy_current_applies_what_it_records():
    sim.setup(timestep=DT)
    noise = sim.NoisyCurrentSource(mean=0.5, stdev=0.2, start=10.0, stop=310.0, dt=1.0)
    cell = cells(2)
    cell.inject(noise)
    noise.record()
    cell.record("v")
    sim.run(200.0)
    sim.run(150.0)
    current = noise.get_data().magnitude[:, 0]
    k = steps(350.0)
    assert np.all(current[~window(k, 10.0, 310.0)] == 0.0)
    values = current[window(k, 10.0, 310.0)].reshape(300, 10)
    assert np.all(values == values[:, :1])                       # one value per noise interval
    assert abs(values[:, 0].mean() - 0.5) < 5 * 0.2 / np.sqrt(300)
    assert abs(values[:, 0].std() - 0.2) < 0.05
    v = cell.get_data().segments[0].analogsignals[0].magnitude
    assert np.allclose(v[:, 0], membrane(current), atol=1e-9)
    assert np.array_equal(v[:, 0], v[:, 1])                      # the same current for every target


def test_noise_changed_during_a_run():
    sim.setup(timestep=DT)
    noise = sim.NoisyCurrentSource(mean=0.0, stdev=0.1, dt=0.5)
    cell = cells()
    cell.inject(noise)
    noise.record()
    cell.record("v")
    sim.run(50.0)
    noise.mean = 1.0
    sim.run(50.0)
    current = noise.get_data().magnitude[:, 0]
    assert abs(current[:500].mean()) < 0.05 and abs(current[500:1000].mean() - 1.0) < 0.05
    assert np.allclose(cell.get_data().segments[0].analogsignals[0].magnitude[:, 0], membrane(current), atol=1e-9)


def test_injection_into_views_ids_and_assemblies_reaches_only_those():
    sim.setup(timestep=DT)
    a, b = cells(4), cells(3)
    sim.DCSource(amplitude=1.0).inject_into(a[1:3])
    sim.DCSource(amplitude=1.0).inject_into([b[0]])
    b[2].inject(sim.DCSource(amplitude=0.5))
    (a[3:] + b[1:2]).inject(sim.DCSource(amplitude=0.25))
    a.record("v")
    b.record("v")
    sim.run(10.0)
    va = a.get_data().segments[0].analogsignals[0].magnitude[-1]
    vb = b.get_data().segments[0].analogsignals[0].magnitude[-1]
    full = membrane(np.ones(101))[-1]
    assert va[0] == REST and np.allclose(va[1:3], full) and np.isclose(va[3], membrane(np.full(101, 0.25))[-1])
    assert np.isclose(vb[0], full) and np.isclose(vb[1], membrane(np.full(101, 0.25))[-1])
    assert np.isclose(vb[2], membrane(np.full(101, 0.5))[-1])


def test_step_source_times_checks():
    sim.setup(timestep=0.1)
    with pytest.raises(ValueError, match="negative"):
        sim.StepCurrentSource(times=[0.4, -0.6], amplitudes=[0.5, 0.5])
    with pytest.raises(ValueError, match="increasing"):
        sim.StepCurrentSource(times=[0.4, 0.2], amplitudes=[0.5, 0.5])
    step = sim.StepCurrentSource(times=[0.41, 0.42, 0.86], amplitudes=[0.5, -0.5, 0.5])
    assert np.allclose(step.times, [0.4, 0.9]) and list(step.amplitudes) == [-0.5, 0.5]
    with pytest.raises(ValueError, match="shorter"):
        sim.NoisyCurrentSource(dt=0.05)


def test_many_changes_add_few_inputs():
    """Each change cancels only the current in force (inputs grow linearly)."""
    sim.setup(timestep=DT)
    source = sim.DCSource(amplitude=0.0)
    cell = cells()
    cell.inject(source)
    cell.record("v")
    amplitudes = 0.05 * np.arange(30)
    for a in amplitudes:
        source.amplitude = a
        sim.run(1.0)
    assert len(source._windows) <= 2 * len(amplitudes) + 1
    v = cell.get_data().segments[0].analogsignals[0].magnitude[:, 0]
    assert np.allclose(v, membrane(np.append(np.repeat(amplitudes, 10), amplitudes[-1])), atol=1e-9)
