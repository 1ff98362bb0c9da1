"""axon.attractors (docs/attractors.md) against an independent NumPy
implementation: the same weights and the same synchronous states, bit for
bit (with scale 1 every weight and field is an integer, exact in both);
asynchronous runs lower the energy at every sweep and end at fixed points
that NumPy confirms; the streams' statistics; bad input refused before
anything runs."""
import numpy as np
import pytest

import axon
from axon import attractors as A


def numpy_weights(p, scale=1.0):
    p = np.asarray(p, dtype=np.float64).reshape(len(p), -1)
    w = (p.T @ p) * scale
    np.fill_diagonal(w, 0.0)
    return w


def numpy_synchronous(w, s, steps):
    """Synchronous sweeps with ties kept; stops as ax_hopfield_run does:
    a sweep that changes nothing, or a state equal to the one two back."""
    s = s.copy()
    history, energies = [s.copy()], [-0.5 * s @ w @ s]
    converged = cycle = False
    for step in range(1, steps + 1):
        h = w @ s
        s = np.where(h > 0, 1.0, np.where(h < 0, -1.0, s))
        history.append(s.copy())
        energies.append(-0.5 * s @ w @ s)
        if np.array_equal(s, history[-2]):
            converged = True
            break
        if step >= 2 and np.array_equal(s, history[-3]):
            cycle = True
            break
    return s, len(history) - 1, converged, cycle, np.array(energies)


def test_weights_are_numpys():
    p = A.random_patterns(64, 5, seed=3)
    for scale in (1.0, 1.0 / 64, 0.37):
        w = A.hopfield_weights(p, scale=scale)
        assert np.array_equal(w, numpy_weights(p, scale))
        assert np.array_equal(w, w.T)
    b = A.random_patterns(30, 4, seed=4, binary=True)
    for a_, b_, s_ in ((1.0, 1.0, 0.5), (0.3, 0.6, 2.0)):
        want = s_ * sum(np.outer(q - a_, q - b_) for q in b)
        np.fill_diagonal(want, 0.0)
        np.testing.assert_allclose(A.binary_weights(b, a_, b_, s_), want, rtol=1e-15, atol=1e-15)
    # a stack of 2-D patterns is patterns of their size; a 1-D array is one pattern
    grid = A.random_patterns(49, 2, seed=5, shape=(7, 7))
    assert grid.shape == (2, 7, 7)
    assert np.array_equal(A.hopfield_weights(grid), numpy_weights(grid.reshape(2, 49)))
    assert A.Hopfield(grid).weights.shape == (49, 49) and A.Hopfield(grid).shape == (7, 7)
    assert np.array_equal(A.hopfield_weights(grid[0].reshape(-1)), numpy_weights(grid[:1].reshape(1, 49)))


@pytest.mark.parametrize("n,p,flip", [(100, 5, 0.2), (100, 12, 0.1), (100, 25, 0.3), (200, 40, 0.25)])
def test_synchronous_states_are_numpys_bit_for_bit(n, p, flip):
    pats = A.random_patterns(n, p, seed=n + p)
    net = A.Hopfield(pats)
    seen_cycle = False
    for k in range(p):
        cue = A.distort(pats[k], flip, seed=k)
        got = net.recall(cue, synchronous=True, steps=50, energies=True)
        s, steps, converged, cycle, e = numpy_synchronous(net.weights, cue, 50)
        assert np.array_equal(got["state"], s), k
        assert (got["steps"], got["converged"], got["cycle"]) == (steps, converged, cycle), k
        assert np.array_equal(got["energy"], e), k
        seen_cycle |= cycle
    if p == 25:   # over capacity the synchronous runs do end in 2-cycles
        assert seen_cycle


def test_asynchronous_runs_lower_the_energy_to_fixed_points():
    pats = A.random_patterns(150, 30, seed=8)          # a load of 0.2: many neurons flip
    net = A.Hopfield(pats)
    rng = np.random.default_rng(1)
    for update in ("asynchronous", "sequential"):
        for trial in range(10):
            s0 = rng.choice([-1.0, 1.0], size=150)
            got = net.recall(s0, update=update, steps=100, seed=trial, energies=True)
            e = got["energy"]
            assert got["converged"] and np.all(np.diff(e) <= 0), e
            s = got["state"]
            assert np.all((net.weights @ s) * s >= 0)    # NumPy: no neuron would flip
            assert e[-1] == -0.5 * s @ net.weights @ s
    # the order depends on the seed; the result is reproducible with it
    s0 = rng.choice([-1.0, 1.0], size=150)
    a, b = net.recall(s0, update="asynchronous", seed=4), net.recall(s0, update="asynchronous", seed=4)
    assert np.array_equal(a, b)


def test_streams_and_overlap():
    p = A.random_patterns(5000, 1, seed=1, p_on=0.3)[0]
    assert abs(np.mean(p == 1) - 0.3) < 5 * np.sqrt(0.3 * 0.7 / 5000)
    assert set(np.unique(p)) == {-1.0, 1.0}
    d = A.distort(p, 0.1, seed=2)
    assert abs(np.mean(d != p) - 0.1) < 5 * np.sqrt(0.09 / 5000)
    assert A.overlap(d, p) == pytest.approx(1 - 2 * np.mean(d != p), abs=1e-15)
    assert np.array_equal(A.distort(p, 1.0, seed=3), -p) and np.array_equal(A.distort(p, 0.0, seed=3), p)
    b = A.random_patterns(100, 1, seed=1, binary=True)[0]
    assert set(np.unique(b)) <= {0.0, 1.0}
    assert np.array_equal(A.distort(b, 1.0, seed=1), 1 - b)      # detected as binary
    assert np.array_equal(A.random_patterns(100, 3, seed=9)[:2], A.random_patterns(100, 2, seed=9))


def test_capacity_from_python():
    r = A.capacity(200, 10, networks=3, flip=0.1, seed=1)     # a load of 0.05
    assert r["cues"] == 30 and r["perfect"] == 1.0 and r["overlap"] == 1.0
    r = A.capacity(200, 50, networks=3, flip=0.1, seed=1)     # 0.25
    assert r["overlap"] < 0.8 and r["perfect"] < 0.05     # observed 0.51, 0.007


def test_bad_input_is_refused():
    net = A.Hopfield(A.random_patterns(9, 1, seed=1))
    cases = [
        (lambda: A.distort(np.ones(9), 1.5, seed=1), "flip_probability = 1.5"),
        (lambda: A.distort([1, -1, 0.5], 0.1, seed=1), "pattern[2] is 0.5"),
        (lambda: A.hopfield_weights([[1, -1, 0]]), "patterns[2] is 0"),
        (lambda: A.binary_weights([[1, 0, -1]]), "patterns[2] is -1"),
        (lambda: net.recall(np.ones(8)), "weights of 81 values do not fit 8 neurons"),
        (lambda: net.recall(np.zeros(9)), "state[0] is 0"),
        (lambda: net.recall(np.ones(9), update="random"), "update 'random'"),
        (lambda: A.random_patterns(9, 1, seed=-1), "seed -1"),
        (lambda: A.random_patterns(9, 1, seed=1, p_on=2), "p_on = 2"),
        (lambda: A.overlap(np.ones(3), np.ones(4)), "the state has 3 values, the pattern 4"),
        (lambda: A.capacity(1, 1), "spec->n = 1"),
    ]
    for call, fragment in cases:
        with pytest.raises(axon.ArgumentError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
            call()
