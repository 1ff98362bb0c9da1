"""Catalogues (axon.models(), axon.channels(), axon.receptor_kinds())
against what the `axon` command prints from the same registry, and models
and channels defined on a network, against closed forms and the library's
own channels."""
import os
import re
import subprocess

import numpy as np
import pytest

import axon


def parse_models_md(root):
    """docs/models.md (made by `axon models --markdown`): name -> tables."""
    out, cur, table = {}, None, None
    with open(os.path.join(root, "docs", "models.md")) as f:
        for line in f:
            if line.startswith("# Ion channels"):   # the channels follow the models
                break
            if line.startswith("## "):
                cur = out.setdefault(line[3:].strip(), {"params": [], "state": [], "receptors": []})
            elif line.startswith("| parameter"):
                table = "params"
            elif line.startswith("| state variable"):
                table = "state"
            elif line.startswith("| receptor"):
                table = "receptors"
            elif cur is not None and line.startswith("| `"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                cur[table].append(cells)
    return out


def test_models_match_the_generated_catalogue(root):
    md = parse_models_md(root)
    py = axon.models()
    assert list(py) == list(md)
    for name, m in py.items():
        doc = md[name]
        assert [p["name"] for p in m["params"]] == [c[0].strip("`") for c in doc["params"]], name
        for p, c in zip(m["params"], doc["params"]):
            assert p["default"] == pytest.approx(float(c[1]), rel=1e-5, abs=1e-12) and p["unit"] == c[2]
            assert p["doc"].startswith(c[4].split(" (")[0][:20])
        assert [v["name"] for v in m["state"]] == [c[0].strip("`") for c in doc["state"]], name
        for v, c in zip(m["state"], doc["state"]):
            assert v["default"] == pytest.approx(float(c[1]), rel=1e-5, abs=1e-12) and v["unit"] == c[2]
        assert [(r["name"], r["weight_unit"]) for r in m["receptors"]] == \
               [(c[0].strip("`"), c[1]) for c in doc["receptors"]], name
    assert py["SpikeSourcePoisson"]["spike_source"] and not py["IF_curr_exp"]["spike_source"]
    assert py["SpikeSourceArray"]["spike_times"]
    tau_m = next(p for p in py["IF_curr_exp"]["params"] if p["name"] == "tau_m")
    assert tau_m["min"] == 0.0 and tau_m["min_exclusive"] and tau_m["max"] == float("inf")


def cli(root, *args):
    exe = os.path.join(root, os.environ.get("AXON_BUILD", "build"), "axon")
    r = subprocess.run([exe, *args], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_channels_match_the_cli(root):
    listed = [line.split()[0] for line in cli(root, "channels").splitlines() if line.strip()]
    py = axon.channels()
    assert list(py) == listed
    for name in ("Na", "K_HH", "CaT"):
        text = cli(root, "channels", name)
        params = re.findall(r"^    (\w+)\s+(-?[\d.e+-]+) (\S+)", text.split("gates")[0], re.M)
        assert [(p["name"], p["unit"]) for p in py[name]["params"]] == [(n, u) for n, _, u in params]
        for p, (_, value, _) in zip(py[name]["params"], params):
            assert p["default"] == pytest.approx(float(value), rel=1e-5)
        gates = re.findall(r"^    (\w+)\s+([\d.e+-]+)", text.split("gates")[1], re.M)
        assert [g["name"] for g in py[name]["gates"]] == [n for n, _ in gates]
        for g, (_, v) in zip(py[name]["gates"], gates):
            assert g["default"] == pytest.approx(float(v), rel=1e-5)


def test_receptor_kinds_make_models():
    kinds = axon.receptor_kinds()
    assert {"AMPA", "NMDA", "GABAa", "GABAb"} <= set(kinds)
    net = axon.Network()
    base = axon.models()["IF_cond_exp"]
    for k in ("AMPA", "NMDA", "GABAa_exp"):
        net.define_with_receptors(f"with_{k}", "IF_cond_exp", [k])
        pop = net.add_population(f"p_{k}", f"with_{k}", 1)
        assert pop.parameters == tuple(p["name"] for p in base["params"] + kinds[k]["params"])
        assert pop.state_variables == tuple(v["name"] for v in base["state"] + kinds[k]["gates"])
        assert pop.receptors[-1] == k
        for p in kinds[k]["params"]:
            assert pop.get(p["name"])[0] == p["default"]


def test_a_passive_channel_relaxes_as_its_closed_form():
    net = axon.Network(dt=0.01, threads=1)
    net.define_channel("pas", [{"name": "g_pas", "value": 0.1}, {"name": "e_pas", "value": -70.0, "doc": "rest"}],
                       "g_pas", "e_pas", doc="a leak")
    net.define_cell("P", ["pas"])
    p = net.add_population("p", "P", 1)
    assert {"g_pas", "e_pas", "cm"} <= set(p.parameters) and p.get("g_pas")[0] == 0.1
    rec = p.record("v")
    net.run(20.0)
    cm, v0 = p.get("cm")[0], -65.0
    expected = -70.0 + (v0 + 70.0) * np.exp(-rec.times * 0.1 / cm)   # cm dv/dt = g (E - v)
    assert np.allclose(rec.values[:, 0], expected, rtol=0, atol=1e-9)


def test_a_defined_channel_equals_the_librarys():
    # K_HH at 6.3 degC written out as a user channel: the same cell, the same spikes
    net = axon.Network(dt=0.01, threads=1)
    net.define_channel("Kd", [{"name": "gbar_Kd", "value": 36.0}, {"name": "e_rev_Kd", "value": -77.0}],
                       "gbar_Kd", "e_rev_Kd",
                       gates=[{"name": "n", "power": 4, "alpha": "0.01 * vtrap(-(v + 55), 10)",
                               "beta": "0.125 * exp(-(v + 65) / 80)"}])
    net.define_cell("A", ["Na_HH", "K_HH", "leak"])
    net.define_cell("B", ["Na_HH", "Kd", "leak"])
    a, b = net.add_population("a", "A", 1), net.add_population("b", "B", 1)
    assert a.get("n")[0] == pytest.approx(b.get("n")[0], rel=1e-9)   # the library lists 10 digits
    recs = []
    for pop in (a, b):
        pop.add_input(axon.DC(10.0))
        recs.append((pop.record("v"), pop.record()))
    net.run(50.0)
    (va, sa), (vb, sb) = recs
    assert len(sa.spikes[0]) >= 2 and np.array_equal(sa.spikes[0], sb.spikes[0])
    assert np.allclose(va.values, vb.values, rtol=0, atol=1e-6)


def test_defining_after_the_build_is_refused():
    net = axon.Network()
    net.add_population("p", "IF_curr_exp", 1)
    net.build()
    with pytest.raises(axon.StateError):
        net.define_cell("C", ["leak"])
