"""Distributions: values drawn by the library from the network's seed.

Pass one wherever a parameter, state, weight, delay or conductance is given
(``pop.set(v=axon.Uniform(-65, -55))``).  Each neuron or synapse gets its own
draw, from a random stream keyed by the seed and its id, so the values do not
depend on the number of threads.  The library checks the arguments (e.g. a
negative standard deviation) when the value is used.
"""
from . import _axon
from ._check import number


class Distribution:
    """Base class: ``_axon_value`` is the (kind, a, b, c, d) the C extension reads."""

    __slots__ = ("_axon_value",)
    _fields = ()

    def __init__(self, kind, *args):
        vals = [number(type(self).__name__, f, a) for f, a in zip(self._fields, args)]
        vals += [0.0] * (4 - len(vals))
        object.__setattr__(self, "_axon_value", (kind, *vals))

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __getattr__(self, name):
        if name in type(self)._fields:
            return self._axon_value[1 + type(self)._fields.index(name)]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __repr__(self):
        args = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"axon.{type(self).__name__}({args})"

    def __eq__(self, other):
        return type(self) is type(other) and self._axon_value == other._axon_value

    def __hash__(self):
        return hash(self._axon_value)


class Uniform(Distribution):
    """Uniform on [low, high] (low <= high)."""

    __slots__ = ()
    _fields = ("low", "high")

    def __init__(self, low, high):
        super().__init__(_axon.VALUE_UNIFORM, low, high)


class Normal(Distribution):
    """Normal with this mean and standard deviation (sd >= 0)."""

    __slots__ = ()
    _fields = ("mean", "sd")

    def __init__(self, mean, sd):
        super().__init__(_axon.VALUE_NORMAL, mean, sd)


class NormalClipped(Distribution):
    """Normal(mean, sd) redrawn until low <= x <= high."""

    __slots__ = ()
    _fields = ("mean", "sd", "low", "high")

    def __init__(self, mean, sd, low, high):
        super().__init__(_axon.VALUE_NORMAL_CLIPPED, mean, sd, low, high)


class LogNormal(Distribution):
    """exp(N(mu, sigma)): mu and sigma are those of the underlying normal."""

    __slots__ = ()
    _fields = ("mu", "sigma")

    def __init__(self, mu, sigma):
        super().__init__(_axon.VALUE_LOGNORMAL, mu, sigma)


class Exponential(Distribution):
    """Exponential with this mean (> 0)."""

    __slots__ = ()
    _fields = ("mean",)

    def __init__(self, mean):
        super().__init__(_axon.VALUE_EXPONENTIAL, mean)


class Expression:
    """A weight or delay as an expression of the synapse's distance: d, dx,
    dy, dz (the displacement from source to target), for projections with an
    axon.DistanceConnector, e.g. Expression("5 * exp(-2 * d^2 / 1200) - 0.3")
    or Expression("0.5 + d / 2.0") (ms).  The syntax of user channels."""

    __slots__ = ("_axon_value",)

    def __init__(self, text):
        if not isinstance(text, str):
            raise TypeError(f"Expression: text must be a str, not {type(text).__name__}")
        object.__setattr__(self, "_axon_value", (_axon.VALUE_EXPRESSION, text))

    def __setattr__(self, name, value):
        raise AttributeError("Expression is immutable")

    @property
    def text(self):
        return self._axon_value[1]

    def __repr__(self):
        return f"axon.Expression({self.text!r})"

    def __eq__(self, other):
        return type(other) is Expression and other.text == self.text

    def __hash__(self):
        return hash(self._axon_value)


__all__ = ["Distribution", "Uniform", "Normal", "NormalClipped", "LogNormal", "Exponential", "Expression"]
