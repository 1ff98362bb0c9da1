"""The PyNN examples (examples/python/pynn_*.py), run short, and checked
against the same networks built with the axon package directly: the
connectivity PyNN's connectors drew, the initial values, and then spike for
spike (CUBA) and weight for weight (STDP)."""
import os
import subprocess
import sys

import numpy as np
import pytest

import axon

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "examples", "python")
sys.path.insert(0, EXAMPLES)

import pynn_cuba  # noqa: E402
import pynn_stdp  # noqa: E402


def test_cuba_spikes_are_those_of_the_same_network_in_axon(monkeypatch):
    import pyNN.axon as sim
    built = {}
    real_run = sim.run

    def capture(duration):
        # just before the run: the network PyNN made, read back through its API
        pops = [p for p in sim.simulator.state.populations]
        built["params"] = [(p.label, p.size, {k: v.copy() for k, v in p._parameters.items()},
                            p.initial_values["v"].evaluate()) for p in pops]
        built["projections"] = [(sim.simulator.state.populations.index(prj.pre),
                                 sim.simulator.state.populations.index(prj.post), prj.receptor_type,
                                 np.array(prj.get(["weight", "delay"], format="list")))
                                for prj in sim.simulator.state.projections]
        return real_run(duration)

    monkeypatch.setattr(pynn_cuba.sim, "run", capture)
    rates, synapses, data = pynn_cuba.build_and_run(duration=200.0, n=1000)
    assert synapses == sum(len(p[3]) for p in built["projections"])
    expected_synapses = 0.02 * 1000 * 999
    assert abs(synapses - expected_synapses) < 5 * np.sqrt(expected_synapses)
    assert all(rate > 0 for rate in rates.values())

    with axon.Network(dt=0.1, seed=98765, threads=1) as net:
        pops = []
        for label, size, params, v0 in built["params"]:
            pops.append(net.add_population(label, "IF_curr_exp", size,
                                           params={k: float(v[0]) for k, v in params.items()},
                                           state={"v": v0}))
        for pre, post, receptor, syn in built["projections"]:
            order = np.lexsort((syn[:, 1], syn[:, 0]))
            net.connect(pops[pre], pops[post], axon.FromList(syn[order, 0].astype(int), syn[order, 1].astype(int)),
                        receptor=receptor, weight=syn[order, 2], delay=syn[order, 3])
        rec = pops[0].record("spikes")
        net.run(200.0)
        times, neurons = (np.asarray(a) for a in rec.spikes)
    for i, train in enumerate(data.segments[0].spiketrains):
        assert np.allclose(train.magnitude, times[neurons == i], rtol=0, atol=1e-9)


def test_stdp_weights_are_those_of_the_same_network_in_axon():
    result = pynn_stdp.build_and_run(duration=3000.0)
    assert result["rate"] > 0
    initial = np.array(result["initial"])
    assert not np.array_equal(np.float32(initial[:, 2]), np.float32(result["final"]))
    assert result["final"].min() >= 0.0 and result["final"].max() <= pynn_stdp.W_MAX
    with axon.Network(dt=0.1, seed=3, threads=1) as net:
        inputs = net.add_population("inputs", "SpikeSourcePoisson", 1000, params={"rate": 10.0})
        neuron = net.add_population("neuron", "IF_cond_exp", 1, params=dict(
            tau_m=20.0, cm=0.2, v_rest=-70.0, v_reset=-60.0, v_thresh=-54.0, e_rev_E=0.0, e_rev_I=-70.0,
            tau_syn_E=5.0, tau_refrac=1.0))
        rule = axon.Plasticity(timing="spike_pair", weight="additive", w_min=0.0, w_max=pynn_stdp.W_MAX,
                               **pynn_stdp.RULE)
        prj = net.connect(inputs, neuron, axon.FromList(initial[:, 0].astype(int), initial[:, 1].astype(int)),
                          weight=initial[:, 2], delay=initial[:, 3], plasticity=rule)
        net.run(3000.0)
        assert np.array_equal(np.asarray(prj.weights), result["final"])


@pytest.mark.parametrize("script, args", [("pynn_cuba.py", ["--duration", "100", "--n", "800"]),
                                          ("pynn_stdp.py", ["--duration", "500"])])
def test_examples_run_as_scripts(script, args, root):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(root, os.environ.get("AXON_BUILD", "build"), "python"),
                                         HERE])
    code = ("import conftest, runpy, sys; sys.argv = [%r] + %r; runpy.run_path(%r, run_name='__main__')"
            % (script, args, os.path.join(EXAMPLES, script)))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "rate" in out.stdout
