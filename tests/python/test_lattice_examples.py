"""The lattice examples (docs/lattices.md, "Example"): each model file runs
and does, quantitatively, what its header says.  Every check compares a
measured number with a stated bound; the numbers observed when the checks
were written are in the comments."""
import os

import numpy as np
import pytest

import axon


def run(root, name, tmp_path, tag="run", **overrides):
    """Run examples/<name>.toml (with --set style overrides) and return its output folder."""
    m = axon.load(os.path.join(root, "examples", name + ".toml"), set=overrides or None)
    m.run()
    out = tmp_path / tag
    out.mkdir()
    m.write_recordings(str(out))
    return str(out)


def spikes(folder, pop):
    """(times in ms, neuron indices) of a population's spike file."""
    with open(os.path.join(folder, pop + ".spikes.csv")) as f:
        rows = f.read().splitlines()[1:]
    if not rows:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    data = np.loadtxt(rows, delimiter=",", ndmin=2)
    return data[:, 0], data[:, 1].astype(np.int64)


def positions(folder, pop):
    return np.loadtxt(os.path.join(folder, pop + ".positions.csv"), delimiter=",", skiprows=1, ndmin=2)


# --- seed_ei_lattices -------------------------------------------------------

def test_ei_lattices_inhibition_lowers_the_excitatory_rate(root, tmp_path):
    # The seed's interacting pools: the inhibitory lattice's coupling onto the
    # excitatory one (projections.3, weight -0.007 uS) lowers the excitatory
    # rate against the same file with that weight 0 (the edges stay, so the
    # averaging is the same; only the inhibition is gone).  Summed over three
    # seeds, as single runs vary: observed 1362 vs 1765 spikes (ratio 0.77;
    # per seed 0.89, 0.54, 0.87).  Bound: ratio < 0.9.
    with_inh = without = 0
    for seed in (1, 2, 3):
        out = run(root, "seed_ei_lattices", tmp_path, f"inh{seed}", **{"simulation.seed": seed})
        with_inh += len(spikes(out, "exc")[0])
        out = run(root, "seed_ei_lattices", tmp_path, f"noinh{seed}",
                  **{"simulation.seed": seed, "projections.3.weight": 0.0})
        without += len(spikes(out, "exc")[0])
    assert without > 1000, without                  # the excitatory lattice is active (~10 Hz)
    assert with_inh < 0.9 * without, (with_inh, without)


def test_ei_lattices_records_both_mean_voltages_and_the_eeg(root, tmp_path):
    out = run(root, "seed_ei_lattices", tmp_path, **{"simulation.duration": 100.0})
    for f in ("exc.mean_v.csv", "inh.mean_v.csv", "exc.eeg.csv"):
        data = np.loadtxt(os.path.join(out, f), delimiter=",", skiprows=1, ndmin=2)
        assert data.shape == (1000, 2), (f, data.shape)    # every step of 100 ms
        assert np.all(np.isfinite(data))


# --- seed_spike_train_lattice -------------------------------------------------

def test_spike_train_lattice_is_silent_until_the_trains_start(root, tmp_path):
    # The seed's spike_train_neuron_interaction: at most one spike per cell
    # while the trains are off (rate 0; here before their start, 250 ms),
    # more than 2 after.  Observed: 0 before, 8-9 per cell after.
    out = run(root, "seed_spike_train_lattice", tmp_path)
    tt, _ = spikes(out, "trains")
    assert len(tt) > 100 and tt.min() >= 250.0, (len(tt), tt.min())
    t, i = spikes(out, "lattice")
    before = np.bincount(i[t < 250.0], minlength=9)
    after = np.bincount(i[t >= 250.0], minlength=9)
    assert before.max() <= 1, before
    assert after.min() > 2, after


def test_spike_train_lattice_fires_because_of_the_trains(root, tmp_path):
    # The same lattice without trains (they would start after the end) stays
    # silent all along: its spikes come from the trains.  Observed: 0.
    out = run(root, "seed_spike_train_lattice", tmp_path, **{"populations.trains.params.start": 1000.0})
    t, _ = spikes(out, "lattice")
    assert len(t) <= 9, len(t)


# --- ring_attractor ---------------------------------------------------------

def bump(folder, t0=200.0, t1=600.0, n=120):
    """Spike counts per neuron in [t0, t1), their population-vector centre
    (a neuron index on the ring) and the vector's length (1: one neuron)."""
    t, i = spikes(folder, "ring")
    counts = np.bincount(i[(t >= t0) & (t < t1)], minlength=n)
    z = np.sum(counts * np.exp(2j * np.pi * np.arange(n) / n))
    centre = (np.angle(z) % (2 * np.pi)) * n / (2 * np.pi)
    return counts, centre, abs(z) / max(counts.sum(), 1)


def ring_distance(a, b, n=120):
    d = abs(a - b) % n
    return min(d, n - d)


@pytest.mark.parametrize("cue", [30, 90, 0])
def test_ring_attractor_bump_persists_at_the_cue(root, tmp_path, cue):
    # The cue (neurons cue-5 .. cue+5, 0 - 100 ms) is gone 100 ms before the
    # window (200 - 600 ms).  In it: a bump of activity (observed 2207
    # spikes, 49 active neurons of 120, vector length 0.81) centred on the
    # cue (observed within 0.01 neuron; the farthest active neuron 24
    # from it).  Bounds: > 500 spikes, at most 60
    # neurons active (half the ring) and none at the far side, length >
    # 0.6, centre within 3 neurons of the cue.
    neurons = [(cue + k) % 120 for k in range(-5, 6)]
    out = run(root, "ring_attractor", tmp_path, **{"inputs.0.neurons": neurons})
    counts, centre, length = bump(out)
    assert counts.sum() > 500, counts.sum()
    active = np.flatnonzero(counts)
    assert len(active) <= 60, len(active)
    assert max(ring_distance(a, cue) for a in active) < 40, active
    assert length > 0.6, length
    assert ring_distance(centre, cue) <= 3.0, (centre, cue)


def test_ring_attractor_is_silent_without_a_cue(root, tmp_path):
    # No cue, no bump: the persistent activity above is memory, not a
    # spontaneous state.  Observed: 0 spikes.
    out = run(root, "ring_attractor", tmp_path, **{"inputs.0.amplitude": 0.0})
    assert len(spikes(out, "ring")[0]) == 0


def test_ring_attractor_with_the_seeds_offset_floods_the_ring(root, tmp_path):
    # Why the file's offset is 2 and not the seed's 0.3 (its header): with
    # 0.3 the cue ignites the whole ring (observed: all 120 neurons, vector
    # length 0.00).  Bound: > 110 neurons active, length < 0.2.
    weight = {"expression": "0.15 * (5 * exp(-2 * d^2 / (10 * 120)) - 0.3)"}
    out = run(root, "ring_attractor", tmp_path, **{"projections.0.weight": weight})
    counts, _, length = bump(out)
    assert np.count_nonzero(counts) > 110 and length < 0.2, (np.count_nonzero(counts), length)


# --- travelling_wave ----------------------------------------------------------

def wave_speed(folder, kick=820, radius=0.3):
    """First-spike time of every neuron against its distance from the kick:
    the fitted speed (mm/ms), the fit's R^2 and the largest residual (ms),
    over the neurons beyond two hops (the kick's start left out)."""
    t, i = spikes(folder, "layer")
    pos = positions(folder, "layer")
    first = np.full(len(pos), np.inf)
    np.minimum.at(first, i, t)
    assert np.all(np.isfinite(first)), "some neurons never fired"
    r = np.hypot(pos[:, 0] - pos[kick, 0], pos[:, 1] - pos[kick, 1])
    m = r >= 2 * radius
    slope, icpt = np.polyfit(r[m], first[m], 1)
    resid = first[m] - (slope * r[m] + icpt)
    r2 = 1 - np.sum(resid ** 2) / np.sum((first[m] - first[m].mean()) ** 2)
    return 1 / slope, r2, np.abs(resid).max(), np.bincount(i).max()


@pytest.mark.parametrize("v", [0.1, 0.2])
def test_travelling_wave_speed_is_set_by_the_delays(root, tmp_path, v):
    # Expected front speed R / (0.5 + R / v), R = 0.3 mm: hops of the full
    # radius are the fastest way out (their delay per mm is the least), each
    # firing its target within the step it arrives.  v = 0.1 mm/ms (the
    # file): 0.0857 mm/ms, observed 0.0842 (-1.8 %); v = 0.2: 0.15, observed
    # 0.145 (-3.3 %).  Tolerance 5 %: off the grid's axes and diagonals no
    # lattice vector of length R points along the front's direction, so the
    # front moves by a mix of shorter hops there, a few per cent slower, and
    # delays are rounded to the 0.1 ms grid (< 1.5 % of a hop).  The times
    # grow linearly: R^2 > 0.99 (observed 0.998, 0.996), no residual above one
    # hop (observed 0.95 ms and 0.75 ms).
    overrides = {} if v == 0.1 else {"projections.0.delay": {"expression": f"0.5 + d / {v}"}}
    out = run(root, "travelling_wave", tmp_path, **overrides)
    speed, r2, worst, most = wave_speed(out)
    expected = 0.3 / (0.5 + 0.3 / v)
    assert abs(speed / expected - 1) < 0.05, (speed, expected)
    assert r2 > 0.99, r2
    assert worst < 0.5 + 0.3 / v, worst
    assert most == 1, most                       # each neuron fires once: one front


# --- seed_ring_attractor -----------------------------------------------------

@pytest.mark.parametrize("direction", [30, 90, 5])
def test_seed_ring_bump_sits_at_the_preferred_direction(root, tmp_path, direction):
    # The seed's doc-test: the preferred neuron fires at least 70 % as often
    # as the most active one.  Observed (30, 90 and 5): it is the most active
    # (9 spikes in 1 s), the bump spans 59 neurons centred on it, the 61 facing
    # away are silent.  Bounds: >= 70 % of the maximum; the count-weighted
    # centre of the bump within 2 neurons of the direction; no spike farther
    # than 35 neurons from it.
    out = run(root, "seed_ring_attractor", tmp_path, f"d{direction}",
              **{"populations.cue.structure.origin": [float(direction)]})
    _, ids = spikes(out, "ring")
    counts = np.bincount(ids, minlength=120)
    assert counts.max() >= 5, counts
    assert counts[direction] >= 0.7 * counts.max(), (counts[direction], counts.max())
    angle = 2 * np.pi * np.arange(120) / 120
    centre = np.angle(np.sum(counts * np.exp(1j * angle))) * 120 / (2 * np.pi) % 120
    off = min(abs(centre - direction), 120 - abs(centre - direction))
    assert off < 2.0, (centre, direction)
    ring_d = np.minimum(np.abs(np.arange(120) - direction), 120 - np.abs(np.arange(120) - direction))
    assert counts[ring_d > 35].sum() == 0, np.nonzero(counts[ring_d > 35])
