"""The network as a graph after the build: one synapse found and edited,
a neuron's incoming and outgoing synapses, connectivity exported (read
back here with numpy and scipy) and imported, and a model file's
weights_from."""
import csv

import numpy as np
import pytest
import scipy.sparse

import axon


def graph_net(threads=2):
    net = axon.Network(dt=0.1, seed=5, threads=threads)
    p = net.add_population("P", "SpikeSourcePoisson", 25, params={"rate": 30.0})
    e = net.add_population("E", "IF_cond_exp", 15)
    ff = net.connect(p, e, axon.FixedProbability(0.4), weight=axon.Uniform(0.001, 0.01),
                     delay=axon.Uniform(0.5, 2.0))
    multi = net.connect(p, e, axon.FixedIndegree(20, allow_multiple=True), receptor="inhibitory",
                        weight=axon.Uniform(0.001, 0.002), delay=1.0)
    gap = net.connect_gap(e, e, axon.FixedProbability(0.3), conductance=axon.Uniform(0.0, 0.001))
    return net, p, e, ff, multi, gap


def test_synapse_lookup_and_edit():
    net, p, e, ff, multi, gap = graph_net()
    with pytest.raises(axon.StateError, match="not built"):
        ff.synapse(0, 0)
    net.build()
    src, tgt, w, d = ff.sources.copy(), ff.targets.copy(), ff.weights.copy(), ff.delays.copy()
    for q in range(len(src)):
        s = ff.synapse(int(src[q]), int(tgt[q]))
        assert s["index"] == q and s["count"] == 1
        assert s["weight"] == w[q] and s["delay"] == d[q]
        assert s["projection"] is ff and s["pre"] == src[q] and s["post"] == tgt[q]
    connected = set(zip(src.tolist(), tgt.tolist()))
    missing = next((i, j) for i in range(25) for j in range(15) if (i, j) not in connected)
    assert ff.synapse(*missing) is None
    with pytest.raises(axon.ArgumentError, match="source 25 is outside population 'P'"):
        ff.synapse(25, 0)
    with pytest.raises(axon.ArgumentError, match="not a neuron index"):
        ff.synapse(-1, 0)
    # edit one: only that synapse changes; an array taken before keeps the old values
    before = ff.weights
    ff.set_synapse(int(src[3]), int(tgt[3]), weight=0.02, delay=1.5)
    assert before[3] == w[3]
    after, delays = ff.weights, ff.delays
    assert after[3] == np.float32(0.02) and delays[3] == pytest.approx(1.5)
    assert np.array_equal(np.delete(after, 3), np.delete(w, 3))
    with pytest.raises(axon.NotFoundError, match="no synapse from source"):
        ff.set_synapse(*missing, weight=0.1)
    # a refused weight leaves the delay given with it unchanged too
    with pytest.raises(axon.ArgumentError, match="negative"):
        ff.set_synapse(int(src[5]), int(tgt[5]), weight=-0.01, delay=1.7)
    assert ff.delays[5] == d[5] and ff.weights[5] == w[5]
    with pytest.raises(axon.ArgumentError, match="negative"):
        gap.set_synapse(int(gap.sources[0]), int(gap.targets[0]), weight=-1.0)
    # pairs with several synapses: count, and all of them set
    ms, mt = multi.sources, multi.targets
    q = next(k for k in range(1, len(ms)) if ms[k] == ms[k - 1] and mt[k] == mt[k - 1])
    s = multi.synapse(int(ms[q]), int(mt[q]))
    assert s["index"] == q - 1 and s["count"] >= 2
    multi.set_synapse(int(ms[q]), int(mt[q]), weight=0.005)
    assert np.all(multi.weights[s["index"]:s["index"] + s["count"]] == np.float32(0.005))
    net.run(10.0)


def test_incoming_and_outgoing_match_the_tables():
    net, p, e, ff, multi, gap = graph_net(threads=3)
    net.run(5.0)
    for j in range(15):
        got = e.incoming(j)
        want = [(prj, q) for prj in (ff, multi, gap) for q in np.nonzero(prj.targets == j)[0]]
        assert [(s["projection"], s["index"]) for s in got] == want
        for s, (prj, q) in zip(got, want):
            assert s["pre"] == prj.sources[q] and s["post"] == j and s["weight"] == prj.weights[q]
    for i in range(25):
        got = p.outgoing(i)
        want = [(prj, q) for prj in (ff, multi) for q in np.nonzero(prj.sources == i)[0]]
        assert [(s["projection"], s["index"]) for s in got] == want
    assert p.incoming(0) == []
    with pytest.raises(axon.ArgumentError, match="neuron 15 is outside population 'E'"):
        e.outgoing(15)


def test_exports_read_by_numpy_and_scipy(tmp_path):
    net, p, e, ff, multi, gap = graph_net()
    net.run(20.0)
    for prj in (ff, multi, gap):
        src, tgt, w, d = prj.sources, prj.targets, prj.weights, prj.delays
        prj.export(tmp_path / "a.csv")
        with open(tmp_path / "a.csv") as f:
            rows = list(csv.reader(f))
        spiking = prj.kind != "gap"
        assert rows[0] == (["pre", "post", "weight", "delay"] if spiking else ["pre", "post", "weight"])
        assert len(rows) == len(src) + 1
        assert [int(r[0]) for r in rows[1:]] == src.tolist()
        assert [int(r[1]) for r in rows[1:]] == tgt.tolist()
        assert np.array_equal(np.array([float(r[2]) for r in rows[1:]]), w)
        if spiking:
            assert np.allclose(np.array([float(r[3]) for r in rows[1:]]), d, atol=1e-12)
        dense = np.zeros((prj.pre.size, prj.post.size))
        np.add.at(dense, (src, tgt), w)
        prj.export(tmp_path / "a.npy")
        m = np.load(tmp_path / "a.npy")
        assert m.dtype == np.float64 and m.shape == dense.shape
        assert np.array_equal(m, dense)
        prj.export(str(tmp_path / "a.npz"))
        sp = scipy.sparse.load_npz(tmp_path / "a.npz")
        assert sp.format == "csr" and sp.shape == dense.shape and sp.nnz == len(src)
        assert np.array_equal(sp.indices, tgt) and np.array_equal(sp.data, w)
        assert np.array_equal(sp.toarray(), dense)
    with pytest.raises(axon.ArgumentError, match="does not end in .csv, .npy or .npz"):
        ff.export(tmp_path / "a.mat")
    ff.export(tmp_path / "x.dat", format="csv")
    assert (tmp_path / "x.dat").read_text().startswith("pre,post,weight,delay\n")


def test_scipy_written_npz_and_numpy_written_npy_import(tmp_path):
    net, p, e, ff, multi, gap = graph_net()
    net.build()
    src, tgt = ff.sources.copy(), ff.targets.copy()
    new = np.round(np.linspace(0.001, 0.009, len(src)), 6)
    m = scipy.sparse.csr_matrix((new, (src, tgt)), shape=(25, 15))
    scipy.sparse.save_npz(tmp_path / "w.npz", m)                  # compressed (deflate) by default
    ff.import_weights(tmp_path / "w.npz")
    assert np.array_equal(ff.weights, new.astype(np.float32).astype(np.float64))
    dense = np.zeros((25, 15))
    dense[src, tgt] = new[::-1]
    np.save(tmp_path / "w.npy", dense)
    ff.import_weights(tmp_path / "w.npy")
    assert np.array_equal(ff.weights, new[::-1].astype(np.float32).astype(np.float64))
    # a weight where there is no synapse: refused, nothing changed
    i, j = next((i, j) for i in range(25) for j in range(15) if dense[i, j] == 0)
    dense[i, j] = 0.5
    np.save(tmp_path / "bad.npy", dense)
    keep = ff.weights.copy()
    with pytest.raises(axon.ArgumentError, match=rf"element \[{i}, {j}\] is 0.5.*no synapse from source {i}"):
        ff.import_weights(tmp_path / "bad.npy")
    assert np.array_equal(ff.weights, keep)
    np.save(tmp_path / "shape.npy", np.zeros((15, 25)))
    with pytest.raises(axon.ArgumentError, match=r"shape \(15, 25\); expected \(25, 15\)"):
        ff.import_weights(tmp_path / "shape.npy")
    scipy.sparse.save_npz(tmp_path / "csc.npz", m.tocsc())
    with pytest.raises(axon.ArgumentError, match="format is not 'csr'"):
        ff.import_weights(tmp_path / "csc.npz")


def test_npz_of_other_writers_int64_indices_float32_data_str_format(tmp_path):
    net, p, e, ff, multi, gap = graph_net()
    net.build()
    src, tgt = ff.sources.copy(), ff.targets.copy()
    new = np.linspace(0.002, 0.008, len(src)).astype(np.float32)
    indptr = np.searchsorted(src, np.arange(26)).astype(np.int64)
    np.savez(tmp_path / "w.npz", data=new, indices=tgt.astype(np.int64), indptr=indptr,
             format=np.array("csr"), shape=np.array([25, 15]))
    ff.import_weights(tmp_path / "w.npz")
    assert np.array_equal(ff.weights, new.astype(np.float64))
    np.savez(tmp_path / "bad.npz", data=new, indices=tgt.astype(np.int64), indptr=indptr[::-1].copy(),
             format=np.array("csr"), shape=np.array([25, 15]))
    with pytest.raises(axon.ArgumentError, match="not a CSR matrix of 25 rows"):
        ff.import_weights(tmp_path / "bad.npz")
    np.savez(tmp_path / "part.npz", data=new)
    with pytest.raises(axon.ArgumentError, match="has no member format.npy"):
        ff.import_weights(tmp_path / "part.npz")


def test_round_trips_leave_weights_identical(tmp_path):
    net, p, e, ff, multi, gap = graph_net()
    net.run(10.0)
    for prj in (ff, multi, gap):
        for ext in ("csv", "npy", "npz"):
            if ext == "npy" and prj is multi:
                continue   # a dense matrix holds one weight per pair
            w, d = prj.weights.copy(), prj.delays.copy()
            prj.export(tmp_path / f"r.{ext}")
            prj.weights = 0.0005
            prj.import_weights(tmp_path / f"r.{ext}")
            assert np.array_equal(prj.weights, w), (prj, ext)
            assert np.array_equal(prj.delays, d)
    with pytest.raises(axon.ArgumentError, match=r"has \d+ synapses to target"):
        multi.export(tmp_path / "m.npy")
        multi.import_weights(tmp_path / "m.npy")


def test_csv_import_errors_name_the_line(tmp_path):
    net, p, e, ff, multi, gap = graph_net()
    f = tmp_path / "w.csv"
    f.write_text("pre,post,weight\n0,0,0.1\n")
    with pytest.raises(axon.StateError, match="not built yet"):
        ff.import_weights(f)
    net.build()
    connected = set(zip(ff.sources.tolist(), ff.targets.tolist()))
    i, j = next((i, j) for i in range(25) for j in range(15) if (i, j) not in connected)
    a, b = int(ff.sources[0]), int(ff.targets[0])
    f.write_text(f"pre,post,weight\n{a},{b},0.002\n# a comment\n{i},{j},0.003\n")
    keep = ff.weights.copy()
    with pytest.raises(axon.ArgumentError, match=rf"w.csv:4:1: no synapse from source {i} to target {j} in "
                                                 r"projection 0 \(P -> E\)"):
        ff.import_weights(f)
    assert np.array_equal(ff.weights, keep)
    f.write_text(f"pre,post,weight\n{a},{b},-0.002\n")
    with pytest.raises(axon.ArgumentError, match=r"w.csv:2: set weights of projection 0 \(P -> E\): weight -0.002"):
        ff.import_weights(f)
    assert np.array_equal(ff.weights, keep)
    with pytest.raises(axon.FileError, match="cannot open"):
        ff.import_weights(tmp_path / "none.csv")


MODEL = """
[simulation]
duration = 5.0
seed = 2
[populations.P]
model = "SpikeSourcePoisson"
size = 10
params = {{ rate = 20.0 }}
[populations.E]
model = "IF_curr_exp"
size = 6
[[projections]]
name = "ff"
from = "P"
to = "E"
receptor = "excitatory"
connector = {{ fixed_probability = 0.5 }}
weight = 0.25
{extra}
"""


def test_model_file_weights_from(tmp_path):
    plain = axon.loads(MODEL.format(extra=""), name="m", dir=str(tmp_path))
    plain.network.build()
    ff = plain.projection("ff")
    src, tgt = ff.sources.copy(), ff.targets.copy()
    new = 0.1 + 0.01 * np.arange(len(src))
    with open(tmp_path / "w.csv", "w") as f:
        f.write("pre,post,weight\n")
        for s, t, w in zip(src, tgt, new):
            f.write(f"{s},{t},{w!r}\n")
    m = axon.loads(MODEL.format(extra='weights_from = "w.csv"'), name="w", dir=str(tmp_path))
    m.run()   # the run builds and imports
    assert np.array_equal(m.projection("ff").weights, new.astype(np.float32).astype(np.float64))
    m2 = axon.loads(MODEL.format(extra='weights_from = "w.csv"'), name="w", dir=str(tmp_path))
    m2.network.build()   # so does a build
    assert np.array_equal(m2.projection("ff").weights, m.projection("ff").weights)
