"""Positions of populations: the structure classes, Population.positions
against closed forms (grids exactly, random ones by their distributions),
the library's errors, and model files whose positions reach Python and the
output files."""
import math
import os

import numpy as np
import pytest

import axon


def ks_uniform(u):
    """Kolmogorov-Smirnov distance of the sample u from U(0, 1)."""
    u = np.sort(np.asarray(u))
    n = len(u)
    i = np.arange(n)
    return max(np.max(u - i / n), np.max((i + 1) / n - u))


def ks_limit(n):
    return 1.63 / math.sqrt(n)   # 1 %: a fixed seed passes or fails always


def test_grids_are_row_major():
    net = axon.Network(seed=1, threads=1)
    pop = net.add_population("E", "IF_curr_exp", 12, structure=axon.Grid((3, 4), spacing=0.5, origin=(1, -2)))
    p = pop.positions
    assert p.dtype == np.float64 and p.shape == (12, 3)
    rows, cols = np.divmod(np.arange(12), 4)
    assert np.array_equal(p[:, 0], 1 + 0.5 * rows) and np.array_equal(p[:, 1], -2 + 0.5 * cols)
    assert np.all(p[:, 2] == 0)
    line = net.add_population("L", "IF_curr_exp", 5, structure=axon.Grid(5, spacing=2))
    assert np.array_equal(line.positions[:, 0], 2.0 * np.arange(5))
    block = net.add_population("B", "IF_curr_exp", 24)
    assert block.positions is None
    block.set_structure(axon.Grid((2, 3, 4)))
    a, rest = np.divmod(np.arange(24), 12)
    b, c = np.divmod(rest, 4)
    assert np.array_equal(block.positions, np.stack([a, b, c], axis=1).astype(float))
    p[0, 0] = 99   # a copy
    assert pop.positions[0, 0] == 1.0


def test_random_structures_follow_their_distributions():
    n = 20000
    net = axon.Network(seed=11, threads=2)
    disk = net.add_population("disk", "IF_curr_exp", n, structure=axon.RandomDisk((1, 2), 3.0))
    ball = net.add_population("ball", "IF_curr_exp", n, structure=axon.RandomSphere((0, 0, 1), 2.0))
    box = net.add_population("box", "IF_curr_exp", n, structure=axon.RandomBox((0, -1, 0), (2, 1, 0)))
    d = disk.positions - [1, 2, 0]
    assert np.all(d[:, 2] == 0)
    assert ks_uniform((d[:, 0] ** 2 + d[:, 1] ** 2) / 9.0) < ks_limit(n)
    assert ks_uniform(np.arctan2(d[:, 1], d[:, 0]) / (2 * np.pi) + 0.5) < ks_limit(n)
    b = ball.positions - [0, 0, 1]
    r = np.linalg.norm(b, axis=1)
    assert ks_uniform((r / 2.0) ** 3) < ks_limit(n)
    assert ks_uniform((b[:, 2] / r + 1) / 2) < ks_limit(n)
    x = box.positions
    assert ks_uniform(x[:, 0] / 2) < ks_limit(n) and ks_uniform((x[:, 1] + 1) / 2) < ks_limit(n)
    assert np.all(x[:, 2] == 0)


def test_random_positions_do_not_depend_on_threads():
    def positions(threads):
        net = axon.Network(seed=5, threads=threads)
        return net.add_population("E", "IF_curr_exp", 500, structure=axon.RandomSphere((0, 0, 0), 1)).positions

    assert np.array_equal(positions(1), positions(4))


def test_given_positions():
    net = axon.Network()
    xy = np.arange(8.0).reshape(4, 2)
    pop = net.add_population("E", "IF_curr_exp", 4, structure=axon.Positions(xy))
    assert np.array_equal(pop.positions[:, :2], xy) and np.all(pop.positions[:, 2] == 0)
    pop.set_structure(axon.Positions(np.arange(12.0).reshape(4, 3)))
    assert pop.positions[3, 2] == 11.0


def test_bad_structures_fail_and_leave_nothing():
    net = axon.Network()
    with pytest.raises(axon.ArgumentError, match=r"the grid \[3, 3\] has 9 neurons but population 'E' has 10"):
        net.add_population("E", "IF_curr_exp", 10, structure=axon.Grid((3, 3)))
    assert net.populations == ()   # the failed add left nothing
    pop = net.add_population("E", "IF_curr_exp", 10)
    with pytest.raises(axon.ArgumentError, match="radius = 0"):
        pop.set_structure(axon.RandomDisk((0, 0), 0))
    with pytest.raises(axon.ArgumentError, match="9 positions|27 numbers"):
        pop.set_structure(axon.Positions(np.zeros((9, 3))))
    with pytest.raises(axon.ArgumentError, match="not a finite number"):
        pop.set_structure(axon.Positions(np.full((10, 3), np.nan)))
    with pytest.raises(TypeError, match="structure must be axon.Grid"):
        pop.set_structure("grid")
    with pytest.raises(axon.ArgumentError, match="1, 2 or 3"):
        axon.Grid((2, 2, 2, 2))
    with pytest.raises(TypeError, match="must be a number"):
        axon.RandomSphere((0, "a", 0), 1)
    assert pop.positions is None
    net.build()
    with pytest.raises(axon.StateError, match="already built"):
        pop.set_structure(axon.Grid(10))


def test_model_file_positions_reach_python_and_the_outputs(tmp_path):
    with open(tmp_path / "pos.csv", "w") as f:
        f.write("x,y,z\n" + "".join(f"{i},{2 * i},{3 * i}\n" for i in range(4)))
    text = ('[simulation]\nduration = 1.0\n'
            '[populations.E]\nmodel = "IF_curr_exp"\nsize = 6\n'
            'structure = { grid = [2, 3], spacing = 2.0 }\n'
            '[populations.F]\nmodel = "IF_curr_exp"\nsize = 4\n'
            'structure = { positions = "pos.csv" }\n')
    m = axon.loads(text, dir=str(tmp_path))
    e, f = m.network.populations
    assert np.array_equal(e.positions[:, :2], 2.0 * np.stack(np.divmod(np.arange(6), 3), axis=1))
    assert np.array_equal(f.positions, np.outer(np.arange(4), [1, 2, 3]))
    assert m.recording_files[:2] == ("E.positions.csv", "F.positions.csv") or \
        list(m.recording_files[:2]) == ["E.positions.csv", "F.positions.csv"]
    m.run()
    out = m.write_recordings(str(tmp_path / "out"))
    back = np.loadtxt(os.path.join(out, "E.positions.csv"), delimiter=",", skiprows=1)
    assert np.array_equal(back, e.positions)
    with open(os.path.join(out, "F.positions.csv")) as fh:
        assert fh.readline() == "x,y,z\n"
