"""Plasticity rules written as equations from Python
(Network.define_plasticity_equations, axon.Rule): the spike-pair rule written
as equations learns the same weights as the built-in rule, in Song et al.'s
(2000) setting; parameters given per projection; errors name the part,
line and column; wrong types raise TypeError."""
import numpy as np
import pytest

import axon

PAIR = dict(parameters={"tau_plus": (20.0, "ms"), "tau_minus": (20.0, "ms"), "A_plus": 0.01,
                        "A_minus": 0.0105, "w_min": 0.0, "w_max": 0.001},
            pre="dapre/dt = -apre / tau_plus",
            post=["dapost/dt = -apost / tau_minus"],
            on_pre="apre += 1; w = max(w_min, w - A_minus * (w_max - w_min) * apost)",
            on_post="apost += 1; w = min(w_max, w + A_plus * (w_max - w_min) * apre)")


def song(rule_of, threads=1, initial=False):
    net = axon.Network(dt=0.1, seed=2000, threads=threads)
    inputs = net.add_population("inputs", "SpikeSourcePoisson", 1000, params={"rate": 15.0})
    neuron = net.add_population("neuron", "IF_cond_exp", 1,
                                params=dict(cm=1.0, tau_m=10.0, v_rest=-74.0, v_thresh=-54.0, v_reset=-60.0,
                                            tau_refrac=0.0, e_rev_E=0.0, tau_syn_E=5.0), state={"v": -74.0})
    rule = rule_of(net)
    stdp = net.connect(inputs, neuron, axon.AllToAll(), weight=axon.Uniform(0.0, 0.001), delay=0.1,
                       plasticity=rule)
    net.build()
    before = np.array(stdp.weights, copy=True)
    net.run(2000.0)
    after = np.array(stdp.weights, copy=True)
    return (before, after) if initial else after


def builtin(net):
    return axon.Plasticity(timing="spike_pair", weight="additive", tau_plus=20.0, tau_minus=20.0,
                           A_plus=0.01, A_minus=0.0105, w_min=0.0, w_max=0.001)


def equations(net):
    net.define_plasticity_equations("pair", **PAIR)
    return axon.Rule("pair")


def test_the_rule_as_equations_learns_the_builtin_weights():
    start, a = song(builtin, initial=True)
    b = song(equations)
    assert np.abs(a - start).mean() > 1e-5, "the weights moved: %g" % np.abs(a - start).mean()
    assert np.array_equal(a, b)
    assert np.array_equal(b, song(equations, threads=2))


def test_parameters_per_projection():
    changed = song(lambda net: (net.define_plasticity_equations("pair", **PAIR),
                                axon.Rule("pair", A_minus=0.0))[1])
    # without depression the weights only grow
    start, _ = song(builtin, initial=True)
    assert (changed >= start).all() and changed.mean() > start.mean() + 1e-5


def test_errors_name_the_part_line_and_column():
    net = axon.Network(dt=0.1)
    with pytest.raises(axon.ArgumentError, match=r"on_post:1:25: unknown name 'apr'"):
        net.define_plasticity_equations("r", parameters={"A": 0.1}, pre="dapre/dt = -apre / 10",
                                        post="dapost/dt = -apost / 10", on_pre="apre += 1",
                                        on_post="apost += 1; w = w + A * apr")
    with pytest.raises(axon.ArgumentError, match=r"pre:1:1: .*decays exponentially"):
        net.define_plasticity_equations("r", pre="dx/dt = 1 - x", on_pre="w += x")
    with pytest.raises(TypeError, match=r"define_plasticity_equations: on_pre\[0\] must be a str"):
        net.define_plasticity_equations("r", pre="dx/dt = -x / 10", on_pre=[3])
    net.define_plasticity_equations("r", pre="dx/dt = -x / 10", on_pre="x += 1; w += 0.1 * x")
    pre = net.add_population("pre", "SpikeSourcePoisson", 2)
    post = net.add_population("post", "IF_curr_exp", 2)
    with pytest.raises(axon.ArgumentError, match=r"rule_params of rule r: unknown parameter"):
        net.connect(pre, post, axon.AllToAll(), weight=0.1, plasticity=axon.Rule("r", B=1.0))
    with pytest.raises(axon.ArgumentError, match=r"rule 'nope' is not defined"):
        net.connect(pre, post, axon.AllToAll(), weight=0.1, plasticity=axon.Rule("nope"))
    with pytest.raises(TypeError, match=r"rule_params\['A'\] must be a number"):
        axon.Rule("r", A="big")
