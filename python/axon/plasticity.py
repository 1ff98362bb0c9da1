"""Plastic synapses: ``net.connect(..., plasticity=axon.Plasticity(...))``.

The fields are those of the library's ax_plasticity, by name, starting from
PyNN's defaults (``axon.Plasticity().tau_plus`` is 20.0).  The rule is checked
when it is made, by the library's own check (ax_plasticity_validate), so a
wrong value fails here with the field, its value and what is allowed.
"""
from . import _axon, _equations


class Plasticity:
    """A plastic synapse type.

    timing:  "none", "spike_pair", "vogels2011", "triplet", "anti_hebbian", "bcm", "equations"
    pairing: "all_to_all", "nearest"
    weight:  "additive", "multiplicative", "add_pot_mult_dep", "gutig"
    fields:  tau_plus, tau_minus, A_plus, A_minus, w_min, w_max, mu_plus, mu_minus,
             tau, eta, rho, tau_x, tau_y, w0, alpha, window, y0, tau_theta,
             A2_plus, A3_plus, A2_minus, A3_minus, tau_c, U, tau_rec, tau_facil,
             release_probability (numbers); reward, tsodyks_markram (bools); modulator
             (an axon.Modulator, with reward=True); rule (str: the name of a rule defined
             with Network.define_plasticity_equations, with timing="equations") and
             rule_params (a dict {name: number}, or "NAME = VALUE, ...": its parameters
             changed for this projection).

    release_probability (default 1): stochastic release, each spike crosses each
    synapse with this probability, independently per synapse and spike
    (PyNN's SimpleStochasticSynapse: ``Plasticity(timing="none",
    release_probability=p)``).  The draws come from the network's seed, so they
    are the same for any thread count and after a reset.  A failure delivers
    nothing but still counts as a presynaptic spike for STDP and
    Tsodyks-Markram.
    """

    __slots__ = ("_axon_plasticity",)

    def __init__(self, timing="spike_pair", pairing="all_to_all", weight="additive", **fields):
        if "rule_params" in fields:
            fields["rule_params"] = _equations.rule_params(fields["rule_params"])
        spec = dict(timing=timing, pairing=pairing, weight=weight, **fields)
        _axon.plasticity_check(spec)   # names, types and the library's checks
        object.__setattr__(self, "_axon_plasticity", spec)

    def __setattr__(self, name, value):
        raise AttributeError("Plasticity is immutable: make a new one")

    def __getattr__(self, name):
        spec = object.__getattribute__(self, "_axon_plasticity")
        if name in spec:
            return spec[name]
        defaults = _axon.plasticity_defaults()
        if name in defaults:
            return defaults[name]
        raise AttributeError(f"Plasticity has no field {name!r}")

    def fields(self):
        """Every field with its value: the defaults updated with those given."""
        d = _axon.plasticity_defaults()
        d.update(self._axon_plasticity)
        return d

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._axon_plasticity.items())
        return f"axon.Plasticity({args})"

    def __eq__(self, other):
        return isinstance(other, Plasticity) and self.fields() == other.fields()

    __hash__ = None


def Rule(name, **params):
    """A plasticity rule written as equations (Network.define_plasticity_equations)
    by its name, with some of its parameters changed: Rule("pair", A_plus=0.02)."""
    return Plasticity(timing="equations", rule=name, rule_params=params or None)


def TsodyksMarkram(U=0.5, tau_rec=100.0, tau_facil=0.0):
    """Short-term plasticity alone (Tsodyks & Markram): use U, recovery and
    facilitation time constants in ms (0: no facilitation)."""
    return Plasticity(timing="none", tsodyks_markram=True, U=U, tau_rec=tau_rec, tau_facil=tau_facil)


__all__ = ["Plasticity", "Rule", "TsodyksMarkram"]
