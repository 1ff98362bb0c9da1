"""PyNN's synapse types on axon's static and plastic projections.

Names and units are PyNN's throughout (axon's ax_plasticity fields carry the
same names), so the translations are the identity.  What a class adds:
`dynamics`, its per-synapse rule parameters (synapses whose values differ go
to separate axon projections), and `axon_plasticity`, the axon rule for
one set of those values.
"""
import axon
from pyNN.standardmodels import build_translations, synapses

from .simulator import state


def _identity(*names):
    return build_translations(*[(n, n) for n in names])


def _default_delay():
    """A synapse's delay when none is given: min_delay, or dt when 'auto'."""
    return state.dt if state._min_delay == "auto" else state._min_delay


class StaticSynapse(synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = _identity("weight", "delay")
    dynamics = ()

    def _get_minimum_delay(self):
        return _default_delay()

    def axon_plasticity(self, values):
        return None


class ElectricalSynapse(synapses.ElectricalSynapse):
    __doc__ = synapses.ElectricalSynapse.__doc__ + """
    On axon a gap junction couples both cells (NEURON does so when the
    projection's source is 'source_section.gap' too); the weight is its
    conductance (uS)."""
    translations = _identity("weight")
    dynamics = ()
    gap = True

    def axon_plasticity(self, values):
        return None


class TsodyksMarkramSynapse(synapses.TsodyksMarkramSynapse):
    __doc__ = synapses.TsodyksMarkramSynapse.__doc__
    translations = _identity("weight", "delay", "U", "tau_rec", "tau_facil")
    dynamics = ("U", "tau_rec", "tau_facil")

    def _get_minimum_delay(self):
        return _default_delay()

    def axon_plasticity(self, values):
        # axon's Tsodyks-Markram is NEST's tsodyks2_synapse: u starts at 0,
        # x at 1, each spike delivers w u x (the first w U)
        return axon.TsodyksMarkram(U=values["U"], tau_rec=values["tau_rec"], tau_facil=values["tau_facil"])


class SimpleStochasticSynapse(synapses.SimpleStochasticSynapse):
    __doc__ = synapses.SimpleStochasticSynapse.__doc__ + """
    On axon: a plastic projection with release_probability p alone (each spike
    crosses each synapse with probability p, a Bernoulli draw per synapse and
    spike from rng_seed); synapses with p = 1 go to a static projection."""
    translations = _identity("weight", "delay", "p")
    dynamics = ("p",)

    def _get_minimum_delay(self):
        return _default_delay()

    def axon_plasticity(self, values):
        p = float(values["p"])
        if p == 1.0:
            return None   # every spike transmits: a static projection
        return axon.Plasticity(timing="none", release_probability=p)


class STDPMechanism(synapses.STDPMechanism):
    __doc__ = synapses.STDPMechanism.__doc__
    base_translations = _identity("weight", "delay", "dendritic_delay_fraction")

    def __init__(self, timing_dependence=None, weight_dependence=None, voltage_dependence=None,
                 dendritic_delay_fraction=1.0, weight=0.0, delay=None):
        if dendritic_delay_fraction != 1:
            raise ValueError("pyNN.axon supports dendritic delays only (dendritic_delay_fraction=1, as NEST): "
                             "an STDP rule sees a pre spike at once and a post spike after the delay")
        if voltage_dependence is not None:
            raise ValueError("pyNN.axon has no voltage-dependent STDP")
        if timing_dependence is None or weight_dependence is None:
            raise ValueError("STDPMechanism needs a timing_dependence and a weight_dependence")
        synapses.STDPMechanism.__init__(self, timing_dependence, weight_dependence, voltage_dependence,
                                        dendritic_delay_fraction, weight, delay)
        timing_dependence.check_weight_dependence(weight_dependence)

    def _build_translations(self):
        # a copy: PyNN's own version updates the class's dictionary in place
        self.translations = dict(self.base_translations)
        for component in (self.timing_dependence, self.weight_dependence):
            self.translations.update(component.translations)

    def _get_minimum_delay(self):
        return _default_delay()

    @property
    def dynamics(self):
        return tuple(self.timing_dependence.get_parameter_names()) + \
            tuple(self.weight_dependence.get_parameter_names())

    def axon_plasticity(self, values):
        fields = dict(values)
        fields.update(self.weight_dependence.extra_fields)
        return axon.Plasticity(timing=self.timing_dependence.axon_timing,
                               weight=self.weight_dependence.axon_weight, **fields)


def _weight_dependence(pynn_class, axon_weight, extra_fields=None):
    namespace = {
        "__doc__": pynn_class.__doc__,
        "translations": _identity(*pynn_class.default_parameters),
        "possible_models": {"axon_stdp"},
        "axon_weight": axon_weight,
        "extra_fields": extra_fields or {},
    }
    return type(pynn_class.__name__, (pynn_class,), namespace)


AdditiveWeightDependence = _weight_dependence(synapses.AdditiveWeightDependence, "additive")
MultiplicativeWeightDependence = _weight_dependence(synapses.MultiplicativeWeightDependence, "multiplicative")
AdditivePotentiationMultiplicativeDepression = _weight_dependence(
    synapses.AdditivePotentiationMultiplicativeDepression, "add_pot_mult_dep")
GutigWeightDependence = _weight_dependence(synapses.GutigWeightDependence, "gutig")


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = _identity("tau_plus", "tau_minus", "A_plus", "A_minus")
    possible_models = {"axon_stdp"}
    axon_timing = "spike_pair"

    def check_weight_dependence(self, weight_dependence):
        pass


class Vogels2011Rule(synapses.Vogels2011Rule):
    __doc__ = synapses.Vogels2011Rule.__doc__
    translations = _identity("tau", "eta", "rho")
    possible_models = {"axon_stdp"}
    axon_timing = "vogels2011"

    def check_weight_dependence(self, weight_dependence):
        # the rule bounds |w| by w_max (NEST's vogels_sprekeler_synapse)
        if not isinstance(weight_dependence, AdditiveWeightDependence):
            raise ValueError("Vogels2011Rule goes with AdditiveWeightDependence (its w_max bounds |w|)")
