"""Distance connectors from Python: the pairs of a lattice against a
brute-force enumeration with numpy (disk, box, Chebyshev, periodic), a
kernel against its probability by a binomial bound, thread independence,
model files, and the errors."""
import numpy as np
import pytest

import axon


def lattice_pairs(conn, rows, cols, threads=1, seed=3, shift=None):
    net = axon.Network(seed=seed, threads=threads)
    a = net.add_population("A", "IF_curr_exp", rows * cols, structure=axon.Grid((rows, cols)))
    b = a
    if shift is not None:
        b = net.add_population("B", "IF_curr_exp", rows * cols, structure=axon.Grid((rows, cols), origin=shift))
    prj = net.connect(a, b, conn, receptor="excitatory", weight=0.1, delay=1.0)
    net.build()
    pairs = set(zip(prj.sources.tolist(), prj.targets.tolist()))
    pa, pb = a.positions, b.positions
    net.close()
    return pairs, pa, pb


def brute(pa, pb, inside, periodic=(0, 0, 0), no_self=False):
    d = pb[None, :, :] - pa[:, None, :]
    for k, L in enumerate(periodic):
        if L > 0:
            d[:, :, k] -= L * np.round(d[:, :, k] / L)
    ok = inside(d)
    if no_self:
        np.fill_diagonal(ok, False)
    return set(zip(*[x.tolist() for x in np.nonzero(ok)]))


TOL = 1 + 1e-9


def test_disk_box_chebyshev_and_torus_match_brute_force():
    disk = lambda r: (lambda d: np.sqrt((d ** 2).sum(-1)) <= r * TOL)
    pairs, pa, pb = lattice_pairs(axon.DistanceConnector(3.0), 13, 17)
    assert pairs == brute(pa, pb, disk(3.0))
    pairs, pa, pb = lattice_pairs(axon.DistanceConnector(2.5, allow_self=False), 13, 17, shift=(0.5, 0.0))
    assert pairs == brute(pa, pb, disk(2.5))
    pairs, pa, pb = lattice_pairs(axon.DistanceConnector(3.0, allow_self=False, periodic=[13, 17]), 13, 17)
    assert pairs == brute(pa, pb, disk(3.0), (13, 17, 0), no_self=True)
    box = axon.DistanceConnector(shape="box", extent=[1, 2], periodic=[13, 17])   # |drow| < 2 and |dcol| <= 2
    pairs, pa, pb = lattice_pairs(box, 13, 17)
    assert len(pairs) == 13 * 17 * 15
    assert pairs == brute(pa, pb, lambda d: (abs(d[..., 0]) < 2) & (abs(d[..., 1]) <= 2), (13, 17, 0))
    cheb = axon.DistanceConnector(2, shape="chebyshev")
    pairs, pa, pb = lattice_pairs(cheb, 13, 17)
    assert pairs == brute(pa, pb, lambda d: abs(d).max(-1) <= 2 * TOL)


def test_gaussian_kernel_follows_its_probability():
    conn = axon.DistanceConnector(5.0, kernel="gaussian", p0=0.9, sigma=2.0, periodic=[50, 50])
    pairs, pa, pb = lattice_pairs(conn, 50, 50, threads=2)
    d2 = {}
    for i, j in pairs:
        dx = (pb[j] - pa[i])[:2]
        dx -= 50 * np.round(dx / 50)
        k = int(round((dx ** 2).sum()))
        d2[k] = d2.get(k, 0) + 1
    offsets = [(x, y) for x in range(-5, 6) for y in range(-5, 6) if x * x + y * y <= 25]
    per_class = {}
    for x, y in offsets:
        per_class[x * x + y * y] = per_class.get(x * x + y * y, 0) + 2500
    for k, n in per_class.items():
        q = 0.9 * np.exp(-k / 8.0)
        assert abs(d2.get(k, 0) - n * q) <= 5 * np.sqrt(n * q * (1 - q)) + 1e-9, (k, d2.get(k), n * q)


def test_threads_do_not_change_the_synapses():
    conn = axon.DistanceConnector(4.0, probability="exp(-d / 2)", periodic=[0, 23])
    one, _, _ = lattice_pairs(conn, 19, 23, threads=1, shift=(0.3, 0.1))
    two, _, _ = lattice_pairs(conn, 19, 23, threads=2, shift=(0.3, 0.1))
    assert len(one) > 1000 and one == two


def test_properties_and_repr():
    c = axon.DistanceConnector(3, kernel="exponential", lambda_=2.0, p0=0.5, periodic=[20, 20])
    assert (c.radius, c.kernel, c.p, c.shape, c.periodic) == (3.0, "exponential", 0.5, "disk", (20.0, 20.0, 0.0))
    assert "lambda_=2.0" in repr(c)
    e = axon.DistanceConnector(shape="box", extent=[1, 2], probability="exp(-d)")
    assert (e.shape, e.extent, e.probability) == ("box", (1.0, 2.0, 0.0), "exp(-d)")


def test_errors():
    net = axon.Network(seed=1, threads=1)
    a = net.add_population("A", "IF_curr_exp", 10)
    g = net.add_population("G", "IF_curr_exp", 10, structure=axon.Grid(10))
    with pytest.raises(axon.ArgumentError, match="population 'A' has no positions"):
        net.connect(a, g, axon.DistanceConnector(2.0), receptor="excitatory", weight=0.1)
    with pytest.raises(axon.ArgumentError, match="radius = 0 is not allowed"):
        net.connect(g, g, axon.DistanceConnector(0), receptor="excitatory", weight=0.1)
    with pytest.raises(axon.ArgumentError, match=r"probability '1 / d' is inf at d = 0"):
        net.connect(g, g, axon.DistanceConnector(2, probability="1 / d"), receptor="excitatory", weight=0.1)
    with pytest.raises(axon.ArgumentError, match="unknown shape 'hex'"):
        axon.DistanceConnector(2, shape="hex")
    with pytest.raises(axon.ArgumentError, match="unknown kernel"):
        axon.DistanceConnector(2, kernel="cosine", sigma=1)
    with pytest.raises(axon.ArgumentError, match="takes sigma"):
        axon.DistanceConnector(2, kernel="gaussian")
    with pytest.raises(axon.ArgumentError, match="give one of"):
        axon.DistanceConnector(2, p=0.5, probability="d")
    with pytest.raises(axon.ArgumentError, match="1 to 3"):
        axon.DistanceConnector(2, periodic=[1, 2, 3, 4])
    with pytest.raises(TypeError, match="radius is required"):
        axon.DistanceConnector()
    net.close()


def test_model_file_distance_connector(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[simulation]\nduration = 1.0\n'
                    '[populations.L]\nmodel = "IF_curr_exp"\nsize = 100\nstructure = { grid = [10, 10] }\n'
                    '[[projections]]\nfrom = "L"\nto = "L"\nreceptor = "excitatory"\nweight = 0.1\n'
                    'connector = { distance = { radius = 1.0, periodic = [10, 10] }, allow_self = false }\n')
    with axon.load(str(path)) as m:
        m.network.build()
        assert len(m.network.projections[0].sources) == 400


def test_weights_and_delays_as_expressions():
    net = axon.Network(seed=2, threads=2)
    ring = net.add_population("R", "IF_curr_exp", 120, structure=axon.Grid(120))
    conn = axon.DistanceConnector(10.0, periodic=[120], allow_self=False)
    prj = net.connect(ring, ring, conn, receptor="excitatory",
                      weight=axon.Expression("5 * exp(-2 * d^2 / 1200) - 0.3"), delay=axon.Expression("0.5 + d / 2.0"))
    net.build()
    d = np.abs(prj.targets.astype(float) - prj.sources.astype(float))
    d = np.minimum(d, 120 - d)
    assert len(d) == 2400
    np.testing.assert_allclose(prj.weights, 5 * np.exp(-2 * d ** 2 / 1200) - 0.3, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(prj.delays, np.round((0.5 + d / 2.0) / 0.1) * 0.1, atol=1e-9)
    assert repr(axon.Expression("d")) == "axon.Expression('d')"
    with pytest.raises(axon.ArgumentError, match="needs a distance connector"):
        net2 = axon.Network(seed=1, threads=1)
        p = net2.add_population("P", "IF_curr_exp", 5, structure=axon.Grid(5))
        net2.connect(p, p, axon.AllToAll(), receptor="excitatory", weight=axon.Expression("d"))
    net.close()


def test_in_degree_gives_each_target_k_sources_within_the_radius():
    for multiple in (False, True):
        conn = axon.DistanceConnector(3.0, in_degree=8, kernel="gaussian", sigma=1.5, periodic=[30, 30],
                                      allow_self=False, allow_multiple=multiple)
        assert conn.in_degree == 8 and conn.allow_multiple == multiple
        assert "in_degree=8" in repr(conn)
        results = []
        for threads in (1, 2):
            net = axon.Network(seed=5, threads=threads)
            a = net.add_population("A", "IF_curr_exp", 900, structure=axon.Grid((30, 30)))
            prj = net.connect(a, a, conn, receptor="excitatory", weight=0.1, delay=axon.Expression("1 + d"))
            net.build()
            src, tgt = prj.sources.copy(), prj.targets.copy()
            pos = a.positions
            net.close()
            assert np.all(np.bincount(tgt, minlength=900) == 8)
            d = pos[tgt] - pos[src]
            d -= 30 * np.round(d / 30)
            dist = np.sqrt((d ** 2).sum(-1))
            assert np.all(dist <= 3 * TOL) and np.all(dist > 0)
            pairs = set(zip(src.tolist(), tgt.tolist()))
            if not multiple:
                assert len(pairs) == len(src)
            results.append((src, tgt))
        assert np.array_equal(results[0][0], results[1][0]) and np.array_equal(results[0][1], results[1][1])


def test_in_degree_errors():
    with pytest.raises(axon.ArgumentError, match="in_degree -1 is not allowed"):
        axon.DistanceConnector(3.0, in_degree=-1)
    with pytest.raises(TypeError, match="in_degree must be an int"):
        axon.DistanceConnector(3.0, in_degree=2.5)
    with pytest.raises(axon.ArgumentError, match="p is a probability per candidate"):
        axon.DistanceConnector(3.0, in_degree=2, p=0.5)
    with pytest.raises(axon.ArgumentError, match="allow_multiple is for in_degree"):
        axon.DistanceConnector(3.0, allow_multiple=True)
    net = axon.Network(seed=1)
    a = net.add_population("A", "IF_curr_exp", 10, structure=axon.Grid((10,)))
    b = net.add_population("B", "IF_curr_exp", 10)
    with pytest.raises(axon.ArgumentError, match="radius = 0 is not allowed"):
        net.connect(a, a, axon.DistanceConnector(0.0, in_degree=2), receptor="excitatory", weight=0.1, delay=1.0)
    with pytest.raises(axon.ArgumentError, match="'B' has no positions"):
        net.connect(a, b, axon.DistanceConnector(2.0, in_degree=2), receptor="excitatory", weight=0.1, delay=1.0)
    net.connect(a, a, axon.DistanceConnector(1.0, in_degree=3, allow_self=False), receptor="excitatory",
                weight=0.1, delay=1.0)
    with pytest.raises(axon.ArgumentError, match="target 0 has 1 candidate with a kernel > 0"):
        net.build()
    net.close()
