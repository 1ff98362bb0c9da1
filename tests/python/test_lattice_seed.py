"""The seed simulator's lattice semantics (docs/lattices.md) against a
direct step-by-step evaluation of their definitions, written here in
NumPy from the seed's text (its LatticeNetwork, gap_junction,
spike_train_gap_junction and refractoriness functions), sharing nothing
with axon but the synapse lists and the spike sources' spike times:

  * each step, every lattice neuron j gets
        I_j = (1/n_j) sum_i w_ij x_i,  x_i = v_i - v_j (a neuron),
                                       x_i = E(steps since i's last spike)
                                             (a spike train),
    n_j counting all of j's incoming edges, from its own lattice, other
    lattices and spike-train lattices together;
  * E = a exp(-D^2 / (k / dt)) + v_rest (delta_dirac) or
    a exp(-D / (k / dt)) + v_rest (exponential), a = v_max - v_rest,
    v_rest before the first spike;
  * synchronous: all inputs of a step from the state at its start;
  * the cell is the seed's IzhikevichNeuron (IzhikevichScaled), advanced
    here by the same RK4 step axon uses (the cell alone is tested against
    SciPy in tests/test_izhikevich_seed.c).
"""
import os

import numpy as np
import pytest

import axon

DT = 0.1
STEPS = 2000


def izh_rk4(v, w, I, a=0.02, b=0.2, c_m=100.0, tau_w=1.0, h=DT):
    def f(v, w):
        return (0.04 * v * v + 5.0 * v + 140.0 - w + I) / c_m, a * (b * v - w) / tau_w
    k1v, k1w = f(v, w)
    k2v, k2w = f(v + 0.5 * h * k1v, w + 0.5 * h * k1w)
    k3v, k3w = f(v + 0.5 * h * k2v, w + 0.5 * h * k2w)
    k4v, k4w = f(v + h * k3v, w + h * k3w)
    return v + h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v), w + h / 6 * (k1w + 2 * k2w + 2 * k3w + k4w)


def kernel(shape, d, v_max=30.0, v_rest=0.0, decay=10000.0):
    a, scale = v_max - v_rest, decay / DT
    return a * np.exp(-(d * d if shape == "delta_dirac" else d) / scale) + v_rest


def build(threads=1, shape="delta_dirac", decay=2000.0):
    """Two lattices (E 6x6, I 3x3) and a 4x4 Poisson spike-train lattice:
    E internally within radius 2 (p = 0.8, no self, signed weights),
    E <-> I, the trains onto E."""
    net = axon.Network(dt=DT, seed=7, threads=threads)
    E = net.add_population("E", "IzhikevichScaled", 36, structure=axon.Grid((6, 6)),
                           params={"i_offset": axon.Uniform(0.0, 0.03)})
    I = net.add_population("I", "IzhikevichScaled", 9, structure=axon.Grid((3, 3), spacing=2.0))
    T = net.add_population("T", "SpikeSourcePoisson", 16, structure=axon.Grid((4, 4), spacing=1.5),
                           params={"rate": 40.0})
    prjs = [
        net.connect_averaged_gap(E, E, axon.DistanceConnector(2.0, p=0.8, allow_self=False),
                                 axon.Uniform(-0.003, 0.01)),
        net.connect_averaged_gap(E, I, axon.FixedProbability(0.5), 0.007),
        net.connect_averaged_gap(I, E, axon.FixedProbability(0.3), -0.01),
        net.connect_averaged_gap(T, E, axon.DistanceConnector(1.5), 0.007, kernel=shape, decay=decay),
    ]
    recs = {p.name: p.record("v", interval=DT) for p in (E, I)}
    spikes = T.record("spikes")
    return net, (E, I, T), prjs, recs, spikes


def reference(net, pops, prjs, train_spikes, shape, decay, steps):
    E, I, T = pops
    first = {E.name: 0, I.name: 36}
    n = 45
    # the edges onto each neuron: (source kind, source index, weight)
    edges = [[] for _ in range(n)]
    for p in prjs:
        for s, t, w in zip(p.sources, p.targets, p.weights):
            j = first[p.post.name] + int(t)
            if p.pre.name == "T":
                edges[j].append(("T", int(s), float(w)))
            else:
                edges[j].append(("N", first[p.pre.name] + int(s), float(w)))
    i_offset = np.concatenate([E.get("i_offset"), np.zeros(9)])
    # the trains' spikes as steps: a spike labelled t happened in step round(t / dt) - 1
    times, ids = train_spikes
    fired = {}
    for t, i in zip(times, ids):
        fired.setdefault(int(round(t / DT)) - 1, []).append(int(i))
    last = np.full(16, None, dtype=object)
    v = np.full(n, -65.0)
    w = np.full(n, 30.0)
    out = np.empty((steps, n))
    for step in range(steps):
        I_in = np.zeros(n)
        for j in range(n):
            if not edges[j]:
                continue
            total = 0.0
            for kind, i, wij in edges[j]:
                if kind == "N":
                    total += wij * (v[i] - v[j])
                else:
                    total += wij * (0.0 if last[i] is None else kernel(shape, step - last[i], decay=decay))
            I_in[j] = total / len(edges[j])
        v, w = izh_rk4(v, w, 1000.0 * (i_offset + I_in))
        spiking = v >= 30.0
        v = np.where(spiking, -55.0, v)
        w = np.where(spiking, w + 8.0, w)
        out[step] = v
        for i in fired.get(step, []):
            last[i] = step
    return out


@pytest.mark.parametrize("shape", ["delta_dirac", "exponential"])
def test_networks_of_lattices_match_a_direct_evaluation(shape):
    decay = 2000.0 if shape == "delta_dirac" else 200.0
    net, pops, prjs, recs, spikes = build(shape=shape, decay=decay)
    net.run(STEPS * DT)
    axon_v = np.hstack([recs["E"].values, recs["I"].values])
    train = (np.array(spikes.spikes[0]), np.array(spikes.spikes[1]))
    assert len(train[0]) > 100, "the trains fire"
    ref = reference(net, pops, prjs, train, shape, decay, STEPS)
    # the lattice fires: the comparison covers spikes and resets
    assert np.sum(np.diff(ref[:, :36], axis=0) < -50) > 20
    err = np.max(np.abs(axon_v - ref))
    assert err < 1e-6, "max |v - reference| = %g mV" % err


def test_same_for_any_thread_count_and_split_runs(tmp_path):
    net1, _, _, recs1, _ = build(threads=1)
    net1.run(STEPS * DT)
    net2, _, _, recs2, _ = build(threads=2)
    net2.run(STEPS * DT)
    assert np.array_equal(recs1["E"].values, recs2["E"].values)
    # a checkpoint in the middle keeps the trains' last spikes
    net3, _, _, recs3, _ = build(threads=2)
    net3.run(STEPS * DT / 2)
    path = str(tmp_path / "half.axs")
    net3.save_state(path)
    net4, _, _, recs4, _ = build(threads=1)
    net4.restore_state(path)
    net4.run(STEPS * DT / 2)
    assert np.array_equal(recs1["E"].values[STEPS // 2:], recs4["E"].values)
    # a reset forgets them
    net1.reset()
    net1.run(STEPS * DT)
    assert np.array_equal(recs1["E"].values, recs2["E"].values)


def test_averaged_gap_errors():
    net = axon.Network(dt=DT, seed=1)
    E = net.add_population("E", "IzhikevichScaled", 4)
    T = net.add_population("T", "SpikeSourcePoisson", 4)
    with pytest.raises(axon.ArgumentError, match="no membrane potential v"):
        net.connect_averaged_gap(E, T, axon.AllToAll(), 0.1)
    with pytest.raises(axon.ArgumentError, match="kernel is for spike sources"):
        net.connect_averaged_gap(E, E, axon.AllToAll(), 0.1, kernel="exponential")
    with pytest.raises(ValueError, match="not one of"):
        net.connect_averaged_gap(T, E, axon.AllToAll(), 0.1, kernel="box")
    with pytest.raises(axon.ArgumentError, match="decay"):
        net.connect_averaged_gap(T, E, axon.AllToAll(), 0.1, kernel="exponential", decay=0.0)
    p = net.connect_averaged_gap(E, E, axon.AllToAll(allow_self=False), -0.5)
    assert p.kind == "averaged_gap" and p.receptor is None
    net.build()
    assert len(p) == 12 and np.all(p.weights == -0.5)


def _lattice(electrical=True, chemical=True, couple=True, synapses=True):
    """A 5x5 IzhikevichScaled lattice with averaged gaps and a Poisson
    drive through spiking synapses; the switches as given.  Without
    coupling or synapses their weights are 0 (the same connections: the
    draws are keyed by the projection's index)."""
    net = axon.Network(dt=DT, seed=3, threads=1)
    L = net.add_population("L", "IzhikevichScaled", 25, structure=axon.Grid((5, 5)),
                           state={"v": axon.Uniform(-65.0, 30.0)})
    P = net.add_population("P", "SpikeSourcePoisson", 10, params={"rate": 50.0})
    net.connect_averaged_gap(L, L, axon.DistanceConnector(2.0, p=0.8, allow_self=False), 0.01 if couple else 0.0)
    net.connect(P, L, axon.FixedProbability(0.5), weight=3.0 if synapses else 0.0, delay=1.0)
    L.switches = {"electrical": electrical, "chemical": chemical}
    return net, L, P, L.record("v", interval=DT)


def test_switches_turn_off_what_reaches_a_lattice():
    # electrical off: the cells run as if uncoupled, bit for bit
    net, L, _, rec = _lattice(electrical=False)
    net.run(100.0)
    net0, _, _, rec0 = _lattice(couple=False)
    net0.run(100.0)
    assert np.array_equal(rec.values, rec0.values)
    assert L.switches == {"electrical": False, "chemical": True, "learning": True}
    # on again between runs: from then on the coupling acts
    L.switches = {"electrical": True}
    net.run(100.0)
    net0.run(100.0)
    assert not np.array_equal(rec.values[1000:], rec0.values[1000:])
    # chemical off: the Poisson spikes are sent but dropped on arrival
    net, L, P, rec = _lattice(chemical=False)
    net.run(100.0)
    net0, _, _, rec0 = _lattice(synapses=False)
    net0.run(100.0)
    assert np.array_equal(rec.values, rec0.values)
    assert P.spike_count > 0
    net1, _, _, rec1 = _lattice()   # with it on, the drive matters
    net1.run(100.0)
    assert not np.array_equal(rec1.values, rec0.values)
    with pytest.raises(KeyError, match="unknown switch"):
        L.switches = {"gap": False}
    with pytest.raises(TypeError, match="True or False"):
        L.switches = {"chemical": 0}


def test_learning_switch_holds_the_weights_of_projections_into_it():
    net = axon.Network(dt=DT, seed=5, threads=1)
    P = net.add_population("P", "SpikeSourcePoisson", 20, params={"rate": 40.0})
    A = net.add_population("A", "IF_curr_exp", 5, params={"i_offset": 1.0})
    B = net.add_population("B", "IF_curr_exp", 5, params={"i_offset": 1.0})
    rule = axon.Plasticity(w_max=1.0)
    before = net.connect(P, A, axon.AllToAll(), weight=0.5, plasticity=rule)
    A.switches = {"learning": False}
    after = net.connect(P, A, axon.AllToAll(), weight=0.5, plasticity=rule)   # starts off too
    free = net.connect(P, B, axon.AllToAll(), weight=0.5, plasticity=rule)
    assert before.learning is False and after.learning is False and free.learning is True
    net.run(300.0)
    assert np.all(before.weights == 0.5) and np.all(after.weights == 0.5)
    assert not np.all(free.weights == 0.5)
    A.switches = {"learning": True}
    net.run(300.0)
    assert not np.all(before.weights == 0.5)


def test_switches_from_a_model_file(tmp_path):
    text = """
[simulation]
duration = 50.0
threads = 1
[populations.L]
model = "IzhikevichScaled"
size = 9
structure = { grid = [3, 3] }
switches = { electrical = false, learning = false }
[[projections]]
from = "L"
to = "L"
connector = { all_to_all = true }
synapse = "averaged_gap"
weight = 0.01
"""
    path = tmp_path / "m.toml"
    path.write_text(text)
    mf = axon.load(str(path))
    L = mf.network.population("L")
    assert L.switches == {"electrical": False, "chemical": True, "learning": False}
    path.write_text(text.replace("learning = false", "gap = false"))
    with pytest.raises(axon.Error, match=r"m.toml:9:.*populations.L.switches.gap: unknown key"):
        axon.load(str(path))


def build_chemical(threads=1):
    """The seed's chemical coupling with its default kinetics, with and
    beside the electrical one: AMPA inside E (and electrical), NMDA E -> I,
    GABA I -> E, AMPA from the Poisson trains onto E."""
    net = axon.Network(dt=DT, seed=11, threads=threads)
    E = net.add_population("E", "IzhikevichScaled", 36, structure=axon.Grid((6, 6)),
                           params={"i_offset": axon.Uniform(0.02, 0.08)}, state={"v": axon.Uniform(-65.0, 30.0)})
    I = net.add_population("I", "IzhikevichScaled", 9, structure=axon.Grid((3, 3), spacing=2.0),
                           params={"i_offset": 0.01}, state={"v": axon.Uniform(-65.0, 30.0)})
    T = net.add_population("T", "SpikeSourcePoisson", 16, params={"rate": 60.0})
    local = axon.DistanceConnector(2.0, p=0.8, allow_self=False)
    prjs = [
        net.connect_averaged_gap(E, E, local, 0.005),
        net.connect_averaged_chemical(E, E, local, axon.Uniform(0.5, 2.0), "AMPA"),   # the seed's g: 1 nS
        net.connect_averaged_chemical(E, I, axon.FixedProbability(0.6), 1.5, "NMDA", clearance=0.05),
        net.connect_averaged_chemical(I, E, axon.FixedProbability(0.4), 1.0, "GABA"),
        net.connect_averaged_chemical(T, E, axon.FixedProbability(0.3), 2.0, "AMPA"),
    ]
    recs = {p.name: p.record("v", interval=DT) for p in (E, I)}
    return net, (E, I, T), prjs, recs, T.record("spikes")


# projection index: (transmitter index, g uS, clearance /ms), as build_chemical declares them
CHEMICAL = {1: (0, 0.001, 0.01), 2: (1, 0.0006, 0.05), 3: (2, 0.0012, 0.01), 4: (0, 0.001, 0.01)}


def chemical_reference(pops, prjs, train_spikes, steps, v0=None):
    E, I, T = pops
    first = {"E": 0, "I": 36}
    n = 45
    names = ["AMPA", "NMDA", "GABA"]
    g_rev = {"AMPA": 0.0, "NMDA": 0.0, "GABA": -80.0}
    gap = [[] for _ in range(n)]
    chem = [[[] for _ in range(3)] for _ in range(n)]   # (projection, source, weight) per transmitter
    spec = {}
    for q, p in enumerate(prjs):
        for s, t, w in zip(p.sources, p.targets, p.weights):
            j = first[p.post.name] + int(t)
            if p.kind == "averaged_gap":
                gap[j].append((first[p.pre.name] + int(s), float(w)))
            else:
                chem[j][CHEMICAL[q][0]].append((q, int(s), float(w)))
    i_offset = np.concatenate([E.get("i_offset"), I.get("i_offset")])
    fired = {}
    for t, i in zip(*train_spikes):
        fired.setdefault(int(round(t / DT)) - 1, set()).add(int(i))
    T_of = {q: np.zeros(p.pre.size) for q, p in enumerate(prjs) if p.kind == "averaged_chemical"}
    before = {q: np.zeros(prjs[q].pre.size, dtype=bool) for q in T_of}
    v = np.concatenate([E.get("v"), I.get("v")]) if v0 is None else v0
    w = np.full(n, 30.0)
    out = np.empty((steps, n))
    for step in range(steps):
        I_in = np.zeros(n)
        for j in range(n):
            if gap[j]:
                I_in[j] += sum(wij * (v[i] - v[j]) for i, wij in gap[j]) / len(gap[j])
            for x in range(3):
                if not chem[j][x]:
                    continue
                r = sum(wij * T_of[q][i] for q, i, wij in chem[j][x]) / len(chem[j][x])
                g = CHEMICAL[chem[j][x][0][0]][1] * r
                if x == 1:
                    g /= 1.0 + np.exp(-0.062 * v[j]) * 0.3 / 3.75
                I_in[j] += g * (g_rev[names[x]] - v[j])
        v, w = izh_rk4(v, w, 1000.0 * (i_offset + I_in))
        spiking = v >= 30.0
        v = np.where(spiking, -55.0, v)
        w = np.where(spiking, w + 8.0, w)
        out[step] = v
        for q, Tq in T_of.items():
            p = prjs[q]
            if p.pre.name == "T":
                spike = np.array([i in fired.get(step, ()) for i in range(p.pre.size)])
            else:
                spike = before[q].copy()
                before[q] = spiking[first[p.pre.name]:first[p.pre.name] + p.pre.size]
            T_of[q] = np.clip(Tq - DT * CHEMICAL[q][2] * Tq + spike * 1.0, 0.0, 1.0)
    return out


def test_chemical_coupling_matches_a_direct_evaluation():
    net, pops, prjs, recs, spikes = build_chemical()
    net.build()
    v0 = np.concatenate([pops[0].get("v"), pops[1].get("v")])   # the drawn initial voltages
    assert prjs[1].kind == "averaged_chemical" and prjs[1].receptor is None
    net.run(STEPS * DT)
    axon_v = np.hstack([recs["E"].values, recs["I"].values])
    ref = chemical_reference(pops, prjs, (np.array(spikes.spikes[0]), np.array(spikes.spikes[1])), STEPS, v0)
    assert np.sum(np.diff(ref[:, :36], axis=0) < -50) > 20 and np.sum(np.diff(ref[:, 36:], axis=0) < -50) > 2
    err = np.max(np.abs(axon_v - ref))
    assert err < 1e-6, "max |v - reference| = %g mV" % err


def test_chemical_coupling_threads_checkpoints_switch(tmp_path):
    net1, _, _, recs1, _ = build_chemical(threads=1)
    net1.run(STEPS * DT)
    net2, _, _, recs2, _ = build_chemical(threads=2)
    net2.run(STEPS * DT / 2)
    path = str(tmp_path / "half.axs")
    net2.save_state(path)
    net3, _, _, recs3, _ = build_chemical(threads=1)
    net3.restore_state(path)
    net3.run(STEPS * DT / 2)
    assert np.array_equal(recs1["E"].values[STEPS // 2:], recs3["E"].values)
    net2.run(STEPS * DT / 2)
    assert np.array_equal(recs1["E"].values, recs2["E"].values)
    net1.reset()
    net1.run(STEPS * DT)
    assert np.array_equal(recs1["E"].values, recs2["E"].values)
    # the chemical switch of I silences its NMDA input
    net4, (E, I, T), _, recs4, _ = build_chemical()
    I.switches = {"chemical": False}
    net4.run(STEPS * DT)
    assert not np.array_equal(recs4["I"].values, recs1["I"].values)


def test_chemical_coupling_errors():
    net = axon.Network(dt=DT, seed=1)
    E = net.add_population("E", "IzhikevichScaled", 4)
    F = net.add_population("F", "IzhikevichScaled", 4)
    with pytest.raises(ValueError, match="not one of"):
        net.connect_averaged_chemical(E, F, axon.AllToAll(), 1.0, "glutamate")
    with pytest.raises(axon.ArgumentError, match="t_max"):
        net.connect_averaged_chemical(E, F, axon.AllToAll(), 1.0, "AMPA", t_max=0.0)
    net.connect_averaged_chemical(E, F, axon.AllToAll(), 1.0, "AMPA", g=0.001)
    net.connect_averaged_chemical(F, F, axon.AllToAll(), -1.0, "AMPA", g=0.002)
    with pytest.raises(axon.ArgumentError, match="differs from that of an earlier projection"):
        net.build()


# ---- the seed's STDP on the lattice weights (ax_projection_set_averaged_stdp) ----

RULE = {"a_plus": 0.002, "a_minus": 0.0021, "tau_plus": 4.5, "tau_minus": 6.0}


def build_learning(threads=1, learning=True):
    """A 5x5 lattice learning by the seed's STDP on three kinds of edges:
    averaged gaps inside it, averaged gaps from a 3x3 Poisson spike-train
    lattice (delta_dirac kernel), and AMPA chemical coupling inside it."""
    net = axon.Network(dt=DT, seed=13, threads=threads)
    E = net.add_population("E", "IzhikevichScaled", 25, structure=axon.Grid((5, 5)),
                           params={"i_offset": axon.Uniform(0.0, 0.04)}, state={"v": axon.Uniform(-65.0, 30.0)})
    T = net.add_population("T", "SpikeSourcePoisson", 9, structure=axon.Grid((3, 3), spacing=2.0),
                           params={"rate": 50.0})
    local = axon.DistanceConnector(2.0, p=0.8, allow_self=False)
    prjs = [
        net.connect_averaged_gap(E, E, local, axon.Uniform(0.0, 0.01), stdp=RULE),
        net.connect_averaged_gap(T, E, axon.DistanceConnector(2.5), 0.006, kernel="delta_dirac", decay=2000.0,
                                 stdp=RULE),
        net.connect_averaged_chemical(E, E, local, axon.Uniform(0.5, 2.0), "AMPA", stdp=RULE),
    ]
    if not learning:
        E.switches = {"learning": False}
    return net, (E, T), prjs, E.record("v", interval=DT), T.record("spikes")


def learning_reference(prjs, train_spikes, v0, i_offset, steps):
    """The definitions, step by step: synchronous inputs from the step's
    start; after every neuron has stepped, each edge whose source or
    target spiked changes by the seed's STDP (a spike train's last spike
    is its one before this step: the trains step after the lattices),
    weights rounded to single precision as stored; then the trains step."""
    n = 25
    edges = []   # [kind, source, target, weight]: kind "gap", "train" or "ampa"
    for p in prjs:
        kind = "train" if p.pre.name == "T" else "ampa" if p.kind == "averaged_chemical" else "gap"
        for s, t, w in zip(p.sources, p.targets, p.weights):
            edges.append([kind, int(s), int(t), float(w)])
    onto = [[e for e in edges if e[2] == j] for j in range(n)]
    fired = {}
    for t, i in zip(*train_spikes):
        fired.setdefault(int(round(t / DT)) - 1, set()).add(int(i))
    last_n = [None] * n          # last spike step of each lattice neuron
    last_t = [None] * 9          # of each train
    T_of = np.zeros(n)           # AMPA transmitter of each source neuron
    before = np.zeros(n, dtype=bool)
    v, w = v0.copy(), np.full(n, 30.0)
    out = np.empty((steps, n))

    def dw(t_pre, t_post):
        if t_pre is None or t_post is None or t_pre == t_post:
            return 0.0
        if t_pre < t_post:
            return RULE["a_plus"] * np.exp(-(t_post - t_pre) * DT / RULE["tau_plus"])
        return -RULE["a_minus"] * np.exp(-(t_pre - t_post) * DT / RULE["tau_minus"])

    for step in range(steps):
        I_in = np.zeros(n)
        for j in range(n):
            gaps = [e for e in onto[j] if e[0] != "ampa"]
            if gaps:
                total = 0.0
                for kind, i, _, wij in gaps:
                    if kind == "gap":
                        total += wij * (v[i] - v[j])
                    elif last_t[i] is not None:
                        total += wij * kernel("delta_dirac", step - last_t[i], decay=2000.0)
                I_in[j] += total / len(gaps)
            ampa = [e for e in onto[j] if e[0] == "ampa"]
            if ampa:
                r = sum(wij * T_of[i] for _, i, _, wij in ampa) / len(ampa)
                I_in[j] += 0.001 * r * (0.0 - v[j])
        v, w = izh_rk4(v, w, 1000.0 * (i_offset + I_in))
        spiking = v >= 30.0
        v = np.where(spiking, -55.0, v)
        w = np.where(spiking, w + 8.0, w)
        out[step] = v
        T_of = np.clip(T_of - DT * 0.01 * T_of + before * 1.0, 0.0, 1.0)
        before = spiking.copy()
        for j in np.flatnonzero(spiking):
            last_n[j] = step
        for e in edges:
            kind, i, j = e[0], e[1], e[2]
            t_pre = last_t[i] if kind == "train" else last_n[i]
            if spiking[j] or (kind != "train" and spiking[i]):
                change = dw(t_pre, last_n[j])
                if change != 0.0:
                    e[3] = float(np.float32(e[3] + change))
        for i in fired.get(step, ()):
            last_t[i] = step
    return out, edges


def test_lattice_stdp_matches_a_direct_evaluation():
    net, (E, T), prjs, rec, spikes = build_learning()
    net.build()
    v0, i_offset = E.get("v"), E.get("i_offset")
    w0 = [p.weights.copy() for p in prjs]
    net.run(STEPS * DT)
    train = (np.array(spikes.spikes[0]), np.array(spikes.spikes[1]))
    ref_v, ref_edges = learning_reference([_Frozen(p, w) for p, w in zip(prjs, w0)], train, v0, i_offset, STEPS)
    assert np.sum(np.diff(ref_v, axis=0) < -50) > 30, "the lattice fires"
    err = np.max(np.abs(rec.values - ref_v))
    assert err < 1e-6, "max |v - reference| = %g mV" % err
    got = np.concatenate([p.weights for p in prjs])
    want = np.array([e[3] for e in ref_edges])
    change = want - np.concatenate(w0)
    # every kind of edge learned, both ways (a wrong sign or a missed
    # trigger would leave these weights where they were)
    assert np.sum(change > 1e-4) > 20 and np.sum(change < -1e-4) > 20
    for k, p in enumerate(prjs):
        assert np.any(np.abs(p.weights - w0[k]) > 1e-4), "projection %d learned" % k
    assert np.max(np.abs(got - want)) < 1e-6, "max |w - reference| = %g" % np.max(np.abs(got - want))


class _Frozen:
    """A projection's synapses with its weights before the run."""
    def __init__(self, p, w):
        self.pre, self.post, self.kind = p.pre, p.post, p.kind
        self.sources, self.targets, self.weights = p.sources, p.targets, w


def test_lattice_stdp_threads_checkpoints_reset_and_switch(tmp_path):
    net1, _, prjs1, rec1, _ = build_learning(threads=1)
    net1.build()
    w_start = [p.weights.copy() for p in prjs1]
    net1.run(STEPS * DT)
    net2, _, prjs2, rec2, _ = build_learning(threads=2)
    net2.run(STEPS * DT / 2)
    path = str(tmp_path / "half.axs")
    net2.save_state(path)            # the learned weights go with the state
    net3, _, prjs3, rec3, _ = build_learning(threads=1)
    net3.restore_state(path)
    net3.run(STEPS * DT / 2)
    net2.run(STEPS * DT / 2)
    for a, b, c in zip(prjs1, prjs2, prjs3):
        assert np.array_equal(a.weights, b.weights) and np.array_equal(a.weights, c.weights)
    assert np.array_equal(rec1.values, rec2.values)
    assert np.array_equal(rec1.values[STEPS // 2:], rec3.values)
    # a reset returns to the weights of the first run's start, and repeats it
    net1.reset()
    for p, w in zip(prjs1, w_start):
        assert np.array_equal(p.weights, w)
    net1.run(STEPS * DT)
    assert np.array_equal(rec1.values, rec2.values)
    assert all(p.learning is True and p.learning_rate == 1.0 for p in prjs1)
    # learning off (the population's switch): the weights stay
    net4, _, prjs4, _, _ = build_learning(learning=False)
    net4.build()
    w4 = [p.weights.copy() for p in prjs4]
    net4.run(STEPS * DT)
    assert all(p.learning is False for p in prjs4)
    for p, w in zip(prjs4, w4):
        assert np.array_equal(p.weights, w)
    # weights set between runs are what a later reset returns to
    prjs4[0].weights = 0.004
    prjs4[0].learning = True
    net4.run(50.0)
    assert not np.all(prjs4[0].weights == np.float32(0.004))
    net4.reset()
    assert np.all(prjs4[0].weights == np.float32(0.004))


def test_lattice_stdp_from_a_model_file_and_errors(tmp_path):
    text = """
[simulation]
duration = 200.0
threads = 1
seed = 3
[populations.L]
model = "IzhikevichScaled"
size = 16
structure = { grid = [4, 4] }
params = { i_offset = 0.03 }
init = { v = { uniform = [-65.0, 30.0] } }
[[projections]]
from = "L"
to = "L"
connector = { distance = { radius = 1.5 }, allow_self = false }
synapse = { averaged_gap = { stdp = { a_plus = 0.001, tau_minus = 5.0 } } }
weight = 0.005
"""
    path = tmp_path / "m.toml"
    path.write_text(text)
    mf = axon.load(str(path))
    prj = mf.network.projections[0]
    assert prj.learning is True
    mf.run()
    assert not np.all(prj.weights == np.float32(0.005))
    for bad, says in [("stdp = \"yes\"", "expected true, false or a table"),
                      ("stdp = { tau_plus = 0.0 }", "tau_plus = 0 is not allowed"),
                      ("stdp = { gain = 1.0 }", "unknown key")]:
        path.write_text(text.replace("stdp = { a_plus = 0.001, tau_minus = 5.0 }", bad))
        with pytest.raises(axon.Error, match=r"m.toml:1[0-9]:.*" + says.replace("(", r"\(")):
            axon.load(str(path))
    net = axon.Network(dt=DT, seed=1)
    E = net.add_population("E", "IzhikevichScaled", 4)
    with pytest.raises(KeyError, match="unknown key"):
        net.connect_averaged_gap(E, E, axon.AllToAll(), 0.1, stdp={"gain": 1.0})
    with pytest.raises(axon.ArgumentError, match="a_plus = -1 is not allowed"):
        net.connect_averaged_gap(E, E, axon.AllToAll(), 0.1, stdp={"a_plus": -1.0})
