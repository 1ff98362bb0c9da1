"""Population signals (pop.record_signal): each checked against the same
formula evaluated with numpy from the per-neuron v traces recorded at the
same times, for 1 and 2 threads (which must agree bit for bit), and written
to CSV and NPY like traces."""
import math
import os

import numpy as np
import pytest

import axon

N = 60
E = (1.0, 2.0, 0.2)   # the electrode: 0.2 above neuron (4, 8), inside MIN_D
SIGMA, V_REF, MIN_D = 0.3, -65.0, 0.5


def simulate(threads, structure=True, interval=0.5):
    net = axon.Network(seed=3, threads=threads)
    pop = net.add_population("E", "IF_curr_exp", N,
                             structure=axon.Grid((6, 10), spacing=0.25) if structure else None)
    pop.add_input(axon.PoissonInput(2000.0, 0.6))
    net.connect(pop, pop, axon.FixedProbability(0.2), weight=0.4, delay=1.0)
    v = pop.record("v", neurons=list(range(N)), interval=interval)
    mean = pop.record_signal("mean_v", interval=interval)
    eeg = pop.record_signal("eeg", interval=interval, electrode=E, sigma=SIGMA, v_ref=V_REF,
                            distance=2.0, min_distance=MIN_D)
    net.run(100.0)
    return pop, v, mean, eeg


@pytest.mark.parametrize("threads", [1, 2])
def test_mean_and_eeg_match_numpy_on_the_v_traces(threads):
    pop, v, mean, eeg = simulate(threads)
    assert mean.kind == "signal" and mean.variable == "mean_v" and eeg.variable == "eeg"
    assert np.array_equal(mean.times, v.times) and np.array_equal(eeg.times, v.times)
    assert mean.values.shape == (200,) and v.times[0] == 0.5
    V = np.asarray(v.values)
    assert V.std() > 0.5   # the neurons do move
    # the library sums exactly and rounds once: a few ulp of the largest sum
    assert np.allclose(mean.values, V.mean(axis=1), rtol=0, atol=1e-12 * np.abs(V).max())
    r = np.maximum(np.linalg.norm(pop.positions - np.array(E), axis=1), MIN_D)
    assert (r == MIN_D).sum() >= 1   # the guard is used
    terms = (V - V_REF) / (4 * math.pi * SIGMA * r)
    assert np.allclose(eeg.values, terms.sum(axis=1), rtol=0, atol=1e-12 * np.abs(terms).sum(axis=1).max())


def test_the_same_for_any_number_of_threads():
    a = simulate(1)
    b = simulate(2)
    for x, y in zip(a[1:], b[1:]):
        assert np.array_equal(x.values, y.values)


def test_eeg_without_positions_puts_every_neuron_at_distance():
    pop, v, mean, eeg = simulate(2, structure=False, interval=1.0)
    V = np.asarray(v.values)
    want = ((V - V_REF) / (4 * math.pi * SIGMA * 2.0)).sum(axis=1)
    assert np.allclose(eeg.values, want, rtol=0, atol=1e-12 * np.abs(want).max())


def test_written_and_streamed_like_traces(tmp_path):
    net = axon.Network(seed=3, threads=1)
    pop = net.add_population("E", "IF_curr_exp", 10)
    pop.add_input(axon.DC(1.0))
    m = pop.record_signal("mean_v", interval=1.0)
    s = pop.record_signal("mean_v", interval=1.0)
    s.stream_csv(str(tmp_path / "s.csv"))
    net.run(20.0)
    m.write_csv(str(tmp_path / "m.csv"))
    m.write_npy(str(tmp_path / "m.npy"), str(tmp_path / "t.npy"))
    for f in ("m.csv", "s.csv"):
        lines = (tmp_path / f).read_text().splitlines()
        assert lines[0] == "time_ms,mean_v" and len(lines) == 21
        got = np.array([float(x.split(",")[1]) for x in lines[1:]])
        assert np.allclose(got, m.values, rtol=1e-9)
    assert np.array_equal(np.load(tmp_path / "m.npy")[:, 0], m.values)
    assert np.array_equal(np.load(tmp_path / "t.npy"), m.times)


def test_errors():
    net = axon.Network(threads=1)
    pop = net.add_population("E", "IF_curr_exp", 4)
    with pytest.raises(ValueError, match="allowed"):
        pop.record_signal("lfp2")
    with pytest.raises(axon.Error, match="no state variable 'w'"):
        pop.record_signal("mean_w")
    with pytest.raises(axon.Error, match="sigma = 0 is not allowed"):
        pop.record_signal("eeg", sigma=0)
    with pytest.raises(axon.Error, match="min_distance"):
        pop.record_signal("eeg", min_distance=-1)
    with pytest.raises(axon.Error, match="multiple of dt"):
        pop.record_signal("mean_v", interval=0.15)


@pytest.mark.parametrize("model", ["IF_curr_exp", "IF_cond_exp"])
@pytest.mark.parametrize("threads", [1, 2])
def test_lfp_matches_numpy_on_the_synaptic_traces(model, threads):
    """sum |I_exc(t - 6 ms)| - 1.65 sum |I_inh(t)| (Mazzoni et al. 2015), the
    currents from recorded isyn_* or gsyn_* (v - e_rev) traces at every step."""
    cond = model == "IF_cond_exp"
    net = axon.Network(seed=5, threads=threads)
    E = net.add_population("E", model, 40)
    I = net.add_population("I", model, 10)
    w_e, w_i = (0.004, 0.02) if cond else (0.5, 1.0)
    for p in (E, I):
        p.add_input(axon.PoissonInput(1500.0, w_e))
        p.add_input(axon.PoissonInput(500.0, w_i, receptor="inhibitory"))
    net.connect(E, E, axon.FixedProbability(0.2), weight=w_e, delay=1.0)
    net.connect(I, E, axon.FixedProbability(0.5), receptor="inhibitory", weight=w_i, delay=1.0)
    names = ("gsyn_exc", "gsyn_inh") if cond else ("isyn_exc", "isyn_inh")
    ex, ih, v = (E.record(x, neurons=40, interval=0.1) for x in names + ("v",))
    lfp = E.record_signal("lfp", interval=0.5)
    net.run(50.0)
    net.run(30.0)   # the delayed term carries over into a continued run
    assert lfp.unit == "nA"
    Ie, Ii = np.asarray(ex.values), np.asarray(ih.values)
    if cond:
        Ie = Ie * (np.asarray(v.values) - E.get("e_rev_E"))
        Ii = Ii * (np.asarray(v.values) - E.get("e_rev_I"))
    a, g = np.abs(Ie).sum(axis=1), np.abs(Ii).sum(axis=1)
    k = np.arange(4, 800, 5)   # rows of the samples at 0.5, 1.0, ... ms
    assert np.allclose(ex.times[k], lfp.times)
    delayed = np.where(k - 60 >= 0, a[np.maximum(k - 60, 0)], 0.0)   # 6 ms = 60 steps; 0 before t = 0
    want = delayed - 1.65 * g[k]
    assert g.max() > 0 and a.max() > 0
    scale = (a.max() + 1.65 * g.max())
    assert np.allclose(lfp.values, want, rtol=0, atol=1e-12 * scale)
    net.reset()
    net.run(10.0)   # after a reset: the delayed term starts from 0 again
    assert np.allclose(lfp.values[:11], -1.65 * np.abs(np.asarray(ih.values)[4:60:5] *
                       ((np.asarray(v.values)[4:60:5] - E.get("e_rev_I")) if cond else 1)).sum(axis=1)[:11],
                       rtol=0, atol=1e-12 * scale)


def test_lfp_refuses_models_without_synaptic_currents():
    net = axon.Network(threads=1)
    pop = net.add_population("E", "Izhikevich", 4)
    with pytest.raises(axon.Error, match="the LFP proxy needs synaptic currents.*Izhikevich has neither"):
        pop.record_signal("lfp")


def test_lfp_is_the_same_for_any_number_of_threads():
    def lfp(threads):
        net = axon.Network(seed=9, threads=threads)
        E = net.add_population("E", "IF_cond_exp", 101)
        E.add_input(axon.PoissonInput(2000.0, 0.004))
        E.add_input(axon.PoissonInput(800.0, 0.02, receptor="inhibitory"))
        rec = E.record_signal("lfp", interval=0.2)
        net.run(40.0)
        return np.array(rec.values)
    one = lfp(1)
    assert np.array_equal(one, lfp(2)) and np.array_equal(one, lfp(3)) and np.abs(one).max() > 0


def test_lfp_continues_across_a_checkpoint(tmp_path):
    """A run restored from a checkpoint gives the LFP of the uninterrupted
    one: the excitatory sums of the 6 ms before the save go with the state
    (without them the first 6 ms after the restore would lack the delayed
    term)."""
    def make(threads):
        net = axon.Network(seed=9, threads=threads)
        E = net.add_population("E", "IF_cond_exp", 60)
        E.add_input(axon.PoissonInput(2000.0, 0.004))
        E.add_input(axon.PoissonInput(800.0, 0.02, receptor="inhibitory"))
        net.connect(E, E, axon.FixedProbability(0.1), weight=0.002, delay=1.5)
        return net, E.record_signal("lfp", interval=0.2), E.record_signal("mean_v", interval=0.2)
    whole, lfp, _ = make(1)
    whole.run(40.0)
    part, _, _ = make(2)
    part.run(23.0)
    path = str(tmp_path / "at23.axs")
    part.save_state(path)
    restored, lfp2, _ = make(1)
    restored.restore_state(path)
    restored.run(17.0)
    want = np.array(lfp.values)[115:]        # the samples after 23 ms
    assert len(lfp2.values) == len(want) and np.abs(want[:30]).max() > 0
    assert np.array_equal(np.array(lfp2.values), want)
    # saved again right after the restore (the sums not yet used): the same
    path2 = str(tmp_path / "again.axs")
    again, _, _ = make(1)
    again.restore_state(path)
    again.save_state(path2)
    third, lfp3, _ = make(2)
    third.restore_state(path2)
    third.run(17.0)
    assert np.array_equal(np.array(lfp3.values), want)
