"""Models written as equations from Python (Network.define_equations,
docs/equations.md): against the built-in model they copy, the dict and
string forms against each other, a noisy neuron against its stationary
distribution, threads, errors, and against Brian2 with the same method."""
import math

import numpy as np
import pytest

import axon

# docs/equations.md's LIF: IF_curr_exp written as equations
LIF = dict(
    parameters="""
v_rest = -65 : mV          # resting potential
cm = 1 : nF (> 0)
tau_m = 20 : ms (> 0)
tau_refrac = 0.1 : ms (>= 0)
tau_syn_E = 5 : ms (> 0)
tau_syn_I = 5 : ms (> 0)
i_offset = 0 : nA
v_reset = -65 : mV
v_thresh = -50 : mV
""",
    state="""
v = -65 : mV
isyn_exc = 0 : nA
isyn_inh = 0 : nA
""",
    equations="""
dv/dt = (v_rest - v) / tau_m + (isyn_exc + isyn_inh + i_offset + I_inj) / cm : mV (unless refractory)
disyn_exc/dt = -isyn_exc / tau_syn_E : nA
disyn_inh/dt = -isyn_inh / tau_syn_I : nA
""",
    threshold="v >= v_thresh",
    reset="v = v_reset",
    refractory="tau_refrac",
    receptors="excitatory: isyn_exc\ninhibitory: isyn_inh",
)

# the same model in the dict and list forms
LIF_DICTS = dict(
    parameters={
        "v_rest": {"value": -65, "unit": "mV", "doc": "resting potential"},
        "cm": {"value": 1, "unit": "nF", "bounds": "> 0"},
        "tau_m": {"value": 20, "unit": "ms", "bounds": "> 0"},
        "tau_refrac": {"value": 0.1, "unit": "ms", "bounds": ">= 0"},
        "tau_syn_E": {"value": 5, "unit": "ms", "bounds": "> 0"},
        "tau_syn_I": {"value": 5, "unit": "ms", "bounds": "> 0"},
        "i_offset": (0, "nA"),
        "v_reset": (-65, "mV"),
        "v_thresh": (-50, "mV"),
    },
    state={"v": (-65, "mV"), "isyn_exc": (0, "nA"), "isyn_inh": (0, "nA")},
    equations=[
        "dv/dt = (v_rest - v) / tau_m + (isyn_exc + isyn_inh + i_offset + I_inj) / cm : mV (unless refractory)",
        "disyn_exc/dt = -isyn_exc / tau_syn_E : nA",
        "disyn_inh/dt = -isyn_inh / tau_syn_I : nA",
    ],
    threshold="v >= v_thresh",
    reset=["v = v_reset"],
    refractory="tau_refrac",
    receptors={"excitatory": "isyn_exc", "inhibitory": "isyn_inh"},
)


def recurrent_spikes(model, define=None, threads=1, params=None):
    """The spikes of a small recurrent E/I network of `model` (defined by
    `define` first), driven by Poisson input: (times, neurons) of E and I."""
    net = axon.Network(dt=0.1, seed=7, threads=threads)
    if define:
        net.define_equations(model, **define)
    v0 = axon.Uniform(-65.0, -50.0)
    E = net.add_population("E", model, 160, params=params, state={"v": v0})
    I = net.add_population("I", model, 40, params=params, state={"v": v0})
    for pre, w, rec in ((E, 0.1, "excitatory"), (I, -0.4, "inhibitory")):
        for post in (E, I):
            net.connect(pre, post, axon.FixedProbability(0.1), receptor=rec, weight=w, delay=1.5)
    for pop in (E, I):
        pop.add_input(axon.PoissonInput(rate=20.0, weight=0.15, sources=50))
    recs = [E.record(), I.record()]
    net.run(300.0)
    return [tuple(np.array(a) for a in r.spikes) for r in recs]


def assert_same_spikes(a, b):
    for (ta, na), (tb, nb) in zip(a, b):
        assert np.array_equal(ta, tb) and np.array_equal(na, nb)


def test_the_lif_of_the_docs_spikes_as_if_curr_exp():
    builtin = recurrent_spikes("IF_curr_exp")
    written = recurrent_spikes("LIF", LIF)
    assert len(builtin[0][0]) > 500   # a network that is active, with recurrent input
    assert_same_spikes(builtin, written)


def test_the_dict_and_string_forms_are_the_same_model():
    with axon.Network() as net:
        net.define_equations("A", **LIF)
        net.define_equations("B", **LIF_DICTS)
        models = axon.models(net)
        for key in ("params", "state", "receptors", "doc"):
            assert models["A"][key] == models["B"][key]
    assert models["B"]["params"][0]["doc"] == "resting potential"
    assert models["B"]["params"][1]["min"] == 0 and models["B"]["params"][1]["min_exclusive"]
    assert_same_spikes(recurrent_spikes("LIF", LIF), recurrent_spikes("LIF", LIF_DICTS))


def test_a_refractory_period_in_ms_is_the_expression_of_that_value():
    fixed = dict(LIF_DICTS, refractory=2.0)
    expression = recurrent_spikes("LIF", LIF_DICTS, params={"tau_refrac": 2.0})
    assert_same_spikes(expression, recurrent_spikes("LIF", fixed))
    assert_same_spikes(expression, recurrent_spikes("IF_curr_exp", params={"tau_refrac": 2.0}))


# An Ornstein-Uhlenbeck process of stationary standard deviation sigma
OU = dict(parameters={"tau": (10.0, "ms"), "sigma": (2.0, "mV")}, state={"v": (0.0, "mV")},
          equations="dv/dt = -v / tau + sigma * sqrt(2 / tau) * xi : mV")


def ou_trace(seed, threads, size=200, duration=50.0, interval=0.0):
    net = axon.Network(dt=0.1, seed=seed, threads=threads)
    net.define_equations("OU", **OU)
    pop = net.add_population("ou", "OU", size)
    rec = pop.record("v", interval=interval)
    net.run(duration)
    return rec.times.copy(), rec.values.copy()


def test_an_ornstein_uhlenbeck_neuron_has_its_stationary_mean_and_variance():
    tau, sigma, dt = 10.0, 2.0, 0.1
    # from v = 0, sampled every 5 tau after the first 5 tau: the samples are
    # independent (correlation exp(-5) of v, exp(-10) of v^2) and the start
    # is forgotten (variance deficit exp(-10))
    neurons, gap = 4000, 5 * tau
    times, v = ou_trace(seed=3, threads=0, size=neurons, duration=10 * gap, interval=gap)
    v = v[times >= gap - 1e-9].ravel()
    n = v.size
    assert n == 10 * neurons
    # the sample variance of n normal samples has standard error var sqrt(2 / (n - 1)),
    # the mean sigma / sqrt(n); 5 standard errors, plus for the variance the
    # discretisation's bias: the exact decay with an Euler-Maruyama increment has
    # stationary variance sigma^2 x / (1 - exp(-x)), x = 2 dt / tau (1 + dt / tau)
    var_tol = sigma**2 * (5 * math.sqrt(2 / (n - 1)) + dt / tau)
    assert abs(v.var(ddof=1) - sigma**2) < var_tol
    assert abs(v.mean()) < 5 * sigma / math.sqrt(n)
    # the tolerance would catch a noise of a wrong scale: sqrt(2) or sqrt(dt)
    assert var_tol < 0.5 * sigma**2


def test_noise_is_the_same_for_any_number_of_threads():
    t1, one = ou_trace(seed=11, threads=1)
    t2, two = ou_trace(seed=11, threads=2)
    _, other = ou_trace(seed=12, threads=2)
    assert np.array_equal(t1, t2) and np.array_equal(one, two)
    assert np.std(one[-1]) > 0.5 and not np.array_equal(one, other)


def test_the_doc_says_how_it_is_integrated():
    with axon.Network() as net:
        net.define_equations("LIF", **LIF, doc="IF_curr_exp written as equations.")
        net.define_equations("LIF_rk4", **LIF, method="rk4")
        net.define_equations("OU", **OU)
        models = axon.models(net)
        assert "LIF" not in axon.models()   # the built-in catalogue only
    assert models["LIF"]["doc"].startswith("IF_curr_exp written as equations. Integration (auto): ")
    assert "v, isyn_exc, isyn_inh exactly" in models["LIF"]["doc"]
    assert "Integration (rk4)" in models["LIF_rk4"]["doc"] and "by RK4" in models["LIF_rk4"]["doc"]
    assert "noise by Euler-Maruyama" in models["OU"]["doc"]
    assert [p["name"] for p in models["LIF"]["params"]][:3] == ["v_rest", "cm", "tau_m"]
    assert [v["name"] for v in models["LIF"]["state"]] == ["v", "isyn_exc", "isyn_inh", "refrac"]
    with pytest.raises(TypeError, match="models: network must be an axon.Network or None, not str"):
        axon.models("net")
    with pytest.raises(axon.StateError):
        axon.models(net)   # closed


@pytest.mark.parametrize("change, message", [
    (dict(equations=LIF["equations"].replace("/ tau_m", "/ tua_m")),
     "equations:2:24: unknown name 'tua_m' (did you mean 'tau_m'?)"),
    (dict(equations=LIF["equations"].replace("+ I_inj) / cm", "+ I_inj)")), "unit mismatch"),
    (dict(parameters={"tau_m": (20, "ms"), "rate": (5, "Hz")}), "parameters:2:"),
    (dict(parameters={"tau_m": {"value": 20, "units": "ms"}}), "unknown key 'units'"),
    (dict(parameters={"tau_m": {"unit": "ms"}}), "has no 'value'"),
    (dict(parameters={"tau_m": (20, "ms", "x")}), "a tuple is (value, unit), got 3 items"),
    (dict(parameters={"tau_m": float("nan")}), "must be finite"),
    (dict(parameters={"tau_m": {"value": 20, "doc": "two\nlines"}}), "a doc is one line"),
    (dict(state={"v": {"value": 0, "bounds": "> 0"}}), "bounds are for parameters"),
    (dict(receptors={"excitatory": "isyn_exc\nisyn_inh"}), "separate a receptor's statements with ';'"),
    (dict(method="rk5"), "unknown method 'rk5'"),
])
def test_errors_say_what_and_where(change, message):
    with axon.Network() as net:
        with pytest.raises(axon.ArgumentError) as err:
            net.define_equations("LIF", **dict(LIF, **change))
        assert message in str(err.value)
        net.define_equations("LIF", **LIF)   # the failed definition left nothing behind
        with pytest.raises(axon.ArgumentError, match="exists already"):
            net.define_equations("LIF", **LIF)


@pytest.mark.parametrize("change, argument", [
    (dict(parameters=5), "parameters must be a str or a dict"),
    (dict(parameters={1: 2.0}), "each name of parameters must be a str"),
    (dict(parameters={"tau_m": True}), "parameters['tau_m'] value must be a number"),
    (dict(parameters={"tau_m": (20, 3)}), "parameters['tau_m'] unit must be a str"),
    (dict(equations=["dv/dt = -v", 3]), "equations[1] must be a str"),
    (dict(equations={"v": "-v"}), "equations must be a str or a list of str"),
    (dict(reset=5), "reset must be a str or a list of str"),
    (dict(receptors=["isyn_exc"]), "receptors must be a str or a dict"),
    (dict(receptors={"excitatory": 1.0}), "receptors['excitatory'] must be a str"),
    (dict(refractory=[2.0]), "refractory must be a number"),
    (dict(threshold=30), "threshold must be a str"),
    (dict(method=None, doc=b"x"), "doc must be a str"),
])
def test_wrong_types_name_the_argument(change, argument):
    with axon.Network() as net:
        with pytest.raises(TypeError) as err:
            net.define_equations("LIF", **dict(LIF_DICTS, **change))
        assert argument in str(err.value)
        with pytest.raises(TypeError, match="define_equations: name must be a str"):
            net.define_equations(3, **LIF)
        with pytest.raises(TypeError):
            net.define_equations("LIF", LIF["parameters"])   # the parts are keyword arguments


# Brian2 with the same method (RK4) and step: the same trajectory up to
# rounding, so the same spikes (Brian2 stamps a spike with the start of its
# step, axon as NEST with its end: one dt apart)
IZHIKEVICH = dict(
    parameters={"a": (0.02, "1/ms"), "b": (0.2, "1/ms"), "c": (-65.0, "mV"), "d": (8.0, "mV/ms")},
    state={"v": (-70.0, "mV"), "u": (-14.0, "mV/ms")},
    equations=["dv/dt = 0.04 * v^2 + 5 * v + 140 - u + 1000 * I_inj : mV",   # Izhikevich's I: 1 nA is 1000
               "du/dt = a * (b * v - u) : mV/ms"],
    threshold="v >= 30", reset="v = c; u += d", method="rk4")


def izhikevich_brian(b2):
    """Brian2's form of IZHIKEVICH: (equations, threshold, reset, namespace,
    initial values, Brian2's I for 1 nA, the unit of v)."""
    eqs = """dv/dt = (0.04 * v**2 + 5 * v + 140 - u + I) / ms : 1
             du/dt = a * (b * v - u) / ms : 1
             I : 1"""
    return eqs, "v >= 30", "v = c; u += d", dict(a=0.02, b=0.2, c=-65.0, d=8.0), dict(v=-70.0, u=-14.0), 1000.0, 1.0


ADEX_PARAMS = dict(c_m=(0.281, "nF"), g_l=(0.030, "uS"), v_rest=(-70.6, "mV"), v_t=(-50.4, "mV"),
                   delta_t=(2.0, "mV"), tau_w=(144.0, "ms"), a=(0.004, "uS"), b=(0.0805, "nA"),
                   v_reset=(-70.6, "mV"), v_spike=(-40.0, "mV"))
ADEX = dict(
    parameters=ADEX_PARAMS, state={"v": ("v_rest", "mV"), "w": (0.0, "nA")},
    equations=["dv/dt = (g_l * (v_rest - v) + g_l * delta_t * exp((min(v, v_spike) - v_t) / delta_t) - w "
               "+ I_inj) / c_m : mV",
               "dw/dt = (a * (v - v_rest) - w) / tau_w : nA"],
    threshold="v >= v_spike", reset="v = v_reset; w += b", method="rk4")


def adex_brian(b2):
    """Brian2's form of ADEX, in Brian2's quantities (it computes in volts,
    amperes and seconds)."""
    eqs = """dv/dt = (g_l * (v_rest - v) + g_l * delta_t * exp((clip(v, -1 * volt, v_spike) - v_t) / delta_t)
                      - w + I) / c_m : volt
             dw/dt = (a * (v - v_rest) - w) / tau_w : amp
             I : amp"""
    units = dict(mV=b2.mV, ms=b2.ms, nF=b2.nF, uS=b2.uS, nA=b2.nA)
    namespace = {k: value * units[unit] for k, (value, unit) in ADEX_PARAMS.items()}
    return eqs, "v >= v_spike", "v = v_reset; w += b", namespace, dict(v=-70.6 * b2.mV), b2.nA, b2.mV


def brian_run(b2, model, dt, t_on, duration, amplitude):
    """Brian2 in runtime mode (numpy, nothing compiled), the current of
    `amplitude` nA switched on at t_on between two runs: (spike times, v at
    0, dt, 2 dt, ...)."""
    eqs, threshold, reset, namespace, init, per_na, v_unit = model(b2)
    b2.start_scope()
    b2.defaultclock.dt = dt * b2.ms
    group = b2.NeuronGroup(1, eqs, threshold=threshold, reset=reset, method="rk4", namespace=namespace)
    for k, value in init.items():
        setattr(group, k, value)
    spikes, trace = b2.SpikeMonitor(group), b2.StateMonitor(group, "v", record=True)
    b2.run(t_on * b2.ms)
    group.I = amplitude * per_na
    b2.run((duration - t_on) * b2.ms)
    return np.asarray(spikes.t / b2.ms), np.asarray(trace.v[0] / v_unit)


@pytest.mark.parametrize("model, brian_model, amplitude", [(IZHIKEVICH, izhikevich_brian, 0.01),
                                                            (ADEX, adex_brian, 0.8)], ids=["Izhikevich", "AdEx"])
def test_rk4_spikes_as_brian2s(model, brian_model, amplitude):
    brian2 = pytest.importorskip("brian2", reason="Brian2 (Debian's python3-brian) is not installed")
    brian2.prefs.codegen.target = "numpy"
    dt, t_on, duration = 0.1, 20.0, 300.0
    net = axon.Network(dt=dt, threads=1)
    net.define_equations("M", **model)
    pop = net.add_population("p", "M", 1)
    pop.add_input(axon.DC(amplitude, start=t_on))   # nA
    spikes, v = pop.record(), pop.record("v")
    net.run(duration)
    brian_spikes, brian_v = brian_run(brian2, brian_model, dt, t_on, duration, amplitude)
    ours = spikes.spikes[0]
    assert len(ours) >= 5 and len(ours) == len(brian_spikes)
    # the same step: within 1e-6 ms once Brian2's stamp is moved to the step's end
    assert np.abs(ours - (brian_spikes + dt)).max() < 1e-6
    # axon records the state at the end of each step, Brian2 at its start;
    # the same arithmetic up to rounding (Brian2 in volts and seconds for AdEx)
    assert np.abs(v.values[:-1, 0] - brian_v[1:]).max() < 1e-8
