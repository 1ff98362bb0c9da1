"""PyNN's standard cell types on axon's models.

axon's models use PyNN's parameter names and units (docs/models.md), so the
translations are the identity; what each class adds is the axon model it
runs on and the checks of values against that model's allowed ranges.
"""
import numpy as np

import axon
from pyNN import errors
from pyNN.parameters import ArrayParameter
from pyNN.standardmodels import build_translations, cells
from pyNN.standardmodels import StandardCellType

_catalogue = None


def catalogue():
    """axon.models(), read once."""
    global _catalogue
    if _catalogue is None:
        _catalogue = axon.models()
    return _catalogue


def _identity(*names):
    return build_translations(*[(n, n) for n in names])


class AxonCellMixin(object):
    """What pyNN.axon needs from a cell type besides PyNN's description."""
    axon_model = None
    # a model written as equations: the arguments of define_equations (the
    # network defines it before its populations) and its catalogue entry
    axon_equations = None
    axon_info = None

    def model_info(self):
        """The axon model's entry of axon.models()."""
        return self.axon_info or catalogue()[self.axon_model]

    def axon_parameters(self, parameters):
        """The axon parameters (name -> scalar or per-neuron array) for the
        population's native parameters (identical names here)."""
        return dict(parameters)

    def axon_state(self, initial):
        """The axon state variables for PyNN's initial values."""
        known = {v["name"] for v in self.model_info()["state"]}
        return {k: v for k, v in initial.items() if k in known}

    def check_parameters(self, parameters):
        """PyNN-style errors for values the axon model does not allow
        (the library checks again, and the relations between parameters,
        when the network is built)."""
        limits = {p["name"]: p for p in self.model_info()["params"]}
        for name, value in self.axon_parameters(parameters).items():
            info = limits.get(name)
            if info is None:
                continue
            v = np.asarray(value, dtype=float)
            if not np.all(np.isfinite(v)):
                raise errors.InvalidParameterValueError(
                    "%s: %s = %s is not a finite number" % (type(self).__name__, name, value))
            low, high = info.get("min", -np.inf), info.get("max", np.inf)
            below = (v <= low) if info.get("min_exclusive") else (v < low)
            above = (v >= high) if info.get("max_exclusive") else (v > high)
            for bad, relation, limit in ((below, ">" if info.get("min_exclusive") else ">=", low),
                                         (above, "<" if info.get("max_exclusive") else "<=", high)):
                if np.any(bad):
                    raise errors.InvalidParameterValueError(
                        "%s: %s = %g %s is not allowed: it must be %s %g" % (
                            type(self).__name__, name, _first(v, bad), info.get("unit", ""), relation, limit))


def _first(values, bad):
    return np.atleast_1d(values)[np.atleast_1d(bad)][0]


def _standard(pynn_class, model=None):
    """A pyNN.axon class for PyNN's `pynn_class` on axon model `model`
    (by default of the same name)."""
    namespace = {
        "__doc__": pynn_class.__doc__,
        "translations": _identity(*pynn_class.default_parameters),
        "axon_model": model or pynn_class.__name__,
    }
    return type(pynn_class.__name__, (AxonCellMixin, pynn_class), namespace)


IF_curr_alpha = _standard(cells.IF_curr_alpha)
IF_curr_exp = _standard(cells.IF_curr_exp)
IF_curr_delta = _standard(cells.IF_curr_delta)
IF_cond_alpha = _standard(cells.IF_cond_alpha)
IF_cond_exp = _standard(cells.IF_cond_exp)
EIF_cond_alpha_isfa_ista = _standard(cells.EIF_cond_alpha_isfa_ista)
EIF_cond_exp_isfa_ista = _standard(cells.EIF_cond_exp_isfa_ista)
HH_cond_exp = _standard(cells.HH_cond_exp)
Izhikevich = _standard(cells.Izhikevich)
SpikeSourcePoisson = _standard(cells.SpikeSourcePoisson)
SpikeSourceGamma = _standard(cells.SpikeSourceGamma)
SpikeSourcePoissonRefractory = _standard(cells.SpikeSourcePoissonRefractory)

# PyNN names the target of gap junctions (ElectricalSynapse) 'source_section.gap'
# (NEURON's, on HH_cond_exp); axon couples any model with a membrane potential.
for _celltype in (IF_curr_alpha, IF_curr_exp, IF_curr_delta, IF_cond_alpha, IF_cond_exp,
                  EIF_cond_alpha_isfa_ista, EIF_cond_exp_isfa_ista, HH_cond_exp, Izhikevich):
    _celltype.receptor_types = ("excitatory", "inhibitory", "source_section.gap")


class SpikeSourceArray(AxonCellMixin, cells.SpikeSourceArray):
    __doc__ = cells.SpikeSourceArray.__doc__
    translations = _identity("spike_times")
    axon_model = "SpikeSourceArray"

    def axon_parameters(self, parameters):
        return {}

    def check_parameters(self, parameters):
        for i, seq in enumerate(np.atleast_1d(parameters["spike_times"])):
            times = spike_times_of(seq)
            if times.size and (not np.all(np.isfinite(times)) or np.any(np.diff(times) <= 0)):
                raise errors.InvalidParameterValueError(
                    "SpikeSourceArray: the spike times of neuron %d must be finite and increasing, "
                    "got %s" % (i, times))
            if times.size and times[0] < 0:
                raise errors.InvalidParameterValueError(
                    "SpikeSourceArray: spike time %g ms of neuron %d is negative" % (times[0], i))


def spike_times_of(seq):
    """A neuron's spike times (a Sequence, or an array) as a float array."""
    if isinstance(seq, ArrayParameter):
        seq = seq.value
    return np.asarray(seq, dtype=float).ravel()


def native_cell_type(model):
    """A PyNN cell type for any axon model (`axon models` lists them, e.g.
    'QIF', 'IzhikevichLeaky', 'MorrisLecar'), with the model's own parameter
    and state variable names, units and defaults."""
    info = catalogue().get(model)
    if info is None:
        raise errors.InvalidModelError("axon has no model '%s'; it has: %s" % (model, ", ".join(sorted(catalogue()))))
    if info.get("spike_times") or model == "SpikeSourceArray":
        raise errors.InvalidModelError("use pyNN.axon.SpikeSourceArray for '%s'" % model)
    return _cell_type(model, info)


def equation_cell_type(name, **equations):
    """A PyNN cell type for a model written as equations: `equations` are the
    keyword arguments of axon.Network.define_equations (docs/equations.md).
    The model is checked now; its parameters, state variables, units,
    defaults and receptors are those of the cell type, and each axon network
    pyNN.axon makes defines it before its populations."""
    with axon.Network() as scratch:
        try:
            scratch.define_equations(name, **equations)
        except axon.ArgumentError as err:
            raise errors.InvalidModelError(str(err)) from err
        info = axon.models(scratch)[name]
    return _cell_type(name, info, axon_equations=dict(equations), axon_info=info)


def _cell_type(model, info, **extra):
    """The class of native_cell_type and equation_cell_type."""
    params = {p["name"]: float(p["default"]) for p in info["params"]}
    state = {v["name"]: float(v["default"]) for v in info["state"]}
    units = {p["name"]: p.get("unit", "") for p in info["params"] + info["state"]}
    receptors = tuple(r["name"] for r in info["receptors"])
    namespace = {
        "__doc__": info["doc"],
        "default_parameters": params,
        "default_initial_values": {} if info["spike_source"] else state,
        "units": units,
        "translations": _identity(*params),
        "axon_model": model,
        "recordable": ["spikes"] + ([] if info["spike_source"] else list(state)),
        "receptor_types": receptors,
        "injectable": not info["spike_source"],
        "conductance_based": any(r.get("weight_unit") == "uS" for r in info["receptors"]),
    }
    namespace.update(extra)
    return type(model, (AxonCellMixin, StandardCellType), namespace)
