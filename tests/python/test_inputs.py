"""Inputs against closed forms: a leaky membrane (IF_curr_exp, integrated
exactly) under DC with start/stop, a step current and a sinusoid; noise
recovered step by step from v; Poisson drives counted by voltage jumps."""
import math

import numpy as np
import pytest

import axon

TAU, R, V0, DT = 20.0, 20.0, -65.0, 0.1   # IF_curr_exp defaults: tau_m 20 ms, cm 1 nF -> R = 20 MOhm


def membrane(n=1, dt=DT):
    net = axon.Network(dt=dt, seed=9, threads=1)
    pop = net.add_population("P", "IF_curr_exp", n)
    pop.set(v_thresh=1e6)   # never fires: v is the linear response
    return net, pop


def pulse(t, on, off, amp):
    """v of the leaky membrane under amp nA from `on` to `off` ms."""
    v = np.full_like(t, V0)
    rise = (t > on) & (t <= off)
    v[rise] = V0 + R * amp * (1 - np.exp(-(t[rise] - on) / TAU))
    top = R * amp * (1 - math.exp(-(off - on) / TAU))
    after = t > off
    v[after] = V0 + top * np.exp(-(t[after] - off) / TAU)
    return v


@pytest.mark.parametrize("spec", [axon.DC(0.5, start=10.0, stop=30.0), axon.Step([10.0, 30.0], [0.5, 0.0])])
def test_dc_window_and_step(spec):
    net, pop = membrane()
    inp = pop.add_input(spec)
    rec = pop.record("v")
    net.run(60.0)
    assert inp.population is pop and inp.kind in ("dc", "step")
    assert np.allclose(rec.values[:, 0], pulse(rec.times, 10.0, 30.0, 0.5), rtol=0, atol=1e-9)


def test_ac_follows_the_driven_linear_membrane():
    amp, f, off, phase = 0.3, 20.0, 0.1, 30.0
    net, pop = membrane()
    pop.add_input(axon.AC(amp, f, offset=off, phase=phase))
    rec = pop.record("v")
    net.run(200.0)
    t = rec.times
    w, ph = 2 * math.pi * f / 1000.0, math.radians(phase)
    k = 1 + (w * TAU) ** 2
    vp = lambda s: R * amp * (np.sin(w * s + ph) - w * TAU * np.cos(w * s + ph)) / k
    expected = V0 + R * off * (1 - np.exp(-t / TAU)) + vp(t) - vp(0.0) * np.exp(-t / TAU)
    # the current is sampled at each step's middle: an error of order (w dt)^2 / 24 of R amp
    assert np.allclose(rec.values[:, 0], expected, rtol=0, atol=1e-3)
    assert np.ptp(rec.values[100:, 0]) > 1.0


def recovered_current(rec):
    """The current of each step, from two successive samples of v (exact integration)."""
    v = np.vstack([np.full((1, rec.values.shape[1]), V0), rec.values])
    e = math.exp(-DT / TAU)
    return (v[1:] - V0 - (v[:-1] - V0) * e) / (R * (1 - e))


def test_noise_statistics():
    n, steps = 50, 2000
    net, pop = membrane(n)
    pop.add_input(axon.Noise(0.2, 0.5))
    rec = pop.record("v")
    net.run(steps * DT)
    i = recovered_current(rec)
    assert i.shape == (steps, n)
    m = i.size
    assert abs(i.mean() - 0.2) < 5 * 0.5 / math.sqrt(m)
    assert abs(i.std() - 0.5) < 5 * 0.5 / math.sqrt(2 * m)
    assert abs(np.corrcoef(i[:, 0], i[:, 1])[0, 1]) < 5 / math.sqrt(steps)   # independent neurons


def test_noise_interval_holds_each_draw():
    net, pop = membrane(3)
    pop.add_input(axon.Noise(0.0, 1.0, interval=1.0))
    rec = pop.record("v")
    net.run(20.0)
    i = recovered_current(rec)
    blocks = i.reshape(20, 10, 3)
    assert np.allclose(blocks, blocks[:, :1, :], atol=1e-6)     # constant within each ms
    assert len(np.unique(np.round(blocks[:, 0, 0], 6))) == 20  # a new draw every ms


def test_poisson_events_counted_by_voltage_jumps():
    n, rate, sources, w, T = 200, 50.0, 10, 0.01, 500.0
    net = axon.Network(dt=DT, seed=4, threads=1)
    pop = net.add_population("P", "IF_curr_delta", n)
    pop.set(v_thresh=1e6, tau_m=1e12)   # no spikes, no leak to speak of: v counts the events
    pop.add_input(axon.PoissonInput(rate, w, sources=sources))
    net.run(T)
    counts = (pop.get("v") - V0) / w
    assert np.allclose(counts, np.round(counts), atol=1e-6)
    lam = sources * rate * T / 1000.0
    assert abs(counts.mean() - lam) < 5 * math.sqrt(lam / n)
    assert abs(counts.var(ddof=1) - lam) < 8 * lam * math.sqrt(2.0 / (n - 1))


def test_inputs_reach_only_their_neurons():
    net, pop = membrane(4)
    pop.add_input(axon.DC(0.5), neurons=[1, 3])
    pop.add_input(axon.DC(0.25), neurons=1)   # the first neuron
    net.run(10.0)
    v = pop.get("v")
    one = V0 + R * (1 - math.exp(-10.0 / TAU))
    assert v[0] == pytest.approx(V0 + 0.25 * (one - V0)) and v[2] == V0
    assert v[1] == pytest.approx(V0 + 0.5 * (one - V0)) and v[3] == pytest.approx(v[1])


def test_input_specs():
    s = axon.Step([1, 2], [0.1, 0.2])
    assert s.times.dtype == np.float64 and not s.times.flags.writeable
    assert axon.AC(1.0, 10.0).phase == 0.0 and axon.Noise(0.0, 1.0).interval == 0.0
    p = axon.PoissonInput(10.0, 0.1, receptor="inhibitory", sources=3)
    assert (p.rate, p.weight, p.receptor, p.sources) == (10.0, 0.1, "inhibitory", 3.0)
    assert "amplitude=1.0" in repr(axon.DC(1.0))
    with pytest.raises(AttributeError):
        axon.DC(1.0).amplitude = 2.0
    with pytest.raises(TypeError):
        axon.PoissonInput(1.0, 0.1, receptor=3)
