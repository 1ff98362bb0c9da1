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
