"""Connectors: the rules that say which pairs of neurons a projection joins.

Synapses are generated when the network is built, each target's (for
FixedOutdegree each source's) from its own random stream of the network's
seed.  ``allow_self`` matters when a population projects onto itself;
``allow_multiple`` lets a pair get more than one synapse.
"""
import numpy as np

from . import _axon
from ._check import count, flag, number


class Connector:
    """Base class: ``_axon_connector`` is the tuple the C extension reads:
    (kind, p, n, allow_self, allow_multiple, sources, targets)."""

    __slots__ = ("_axon_connector",)

    def _set(self, kind, p=0.0, n=0, allow_self=True, allow_multiple=False, sources=None, targets=None):
        name = type(self).__name__
        object.__setattr__(self, "_axon_connector",
                           (kind, p, n, flag(name, "allow_self", allow_self),
                            flag(name, "allow_multiple", allow_multiple), sources, targets))

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def allow_self(self):
        """Whether a neuron may connect to itself (same population)."""
        return self._axon_connector[3]

    @property
    def allow_multiple(self):
        """Whether a pair may get more than one synapse."""
        return self._axon_connector[4]

    def __repr__(self):
        return f"axon.{type(self).__name__}(allow_self={self.allow_self}, allow_multiple={self.allow_multiple})"


class AllToAll(Connector):
    """Every source to every target."""

    __slots__ = ()

    def __init__(self, allow_self=True):
        self._set(_axon.CONNECTOR_ALL_TO_ALL, allow_self=allow_self)


class OneToOne(Connector):
    """Source i to target i (the populations must have the same size)."""

    __slots__ = ()

    def __init__(self):
        self._set(_axon.CONNECTOR_ONE_TO_ONE)


class FixedProbability(Connector):
    """Each pair independently with probability p."""

    __slots__ = ()

    def __init__(self, p, allow_self=True):
        self._set(_axon.CONNECTOR_FIXED_PROBABILITY, p=number("FixedProbability", "p", p), allow_self=allow_self)

    @property
    def p(self):
        """The probability of each pair."""
        return self._axon_connector[1]


class _FixedNumber(Connector):
    __slots__ = ()
    _kind = None

    def __init__(self, n, allow_self=True, allow_multiple=False):
        self._set(getattr(_axon, self._kind), n=count(type(self).__name__, "n", n),
                  allow_self=allow_self, allow_multiple=allow_multiple)

    @property
    def n(self):
        """The fixed number of synapses (per target, per source or in all)."""
        return self._axon_connector[2]


class FixedIndegree(_FixedNumber):
    """Each target gets exactly n sources."""

    __slots__ = ()
    _kind = "CONNECTOR_FIXED_INDEGREE"


class FixedOutdegree(_FixedNumber):
    """Each source gets exactly n targets."""

    __slots__ = ()
    _kind = "CONNECTOR_FIXED_OUTDEGREE"


class FixedTotal(_FixedNumber):
    """n synapses in all, between pairs drawn at random."""

    __slots__ = ()
    _kind = "CONNECTOR_FIXED_TOTAL"


class FromList(Connector):
    """The pairs (sources[k], targets[k]), indices within the populations.

    Weights and delays given to ``connect`` as arrays are then one per pair, in
    this order.  The indices are checked (integers, >= 0, < 2^32, equal lengths)
    here and against the populations' sizes by the library.
    """

    __slots__ = ()

    def __init__(self, sources, targets, allow_multiple=False):
        s = _indices("FromList", "sources", sources)
        t = _indices("FromList", "targets", targets)
        if len(s) != len(t):
            from .errors import ArgumentError

            raise ArgumentError(f"FromList: sources has {len(s)} entries and targets {len(t)}: "
                                "they must have the same length (one pair per entry)")
        s.flags.writeable = False
        t.flags.writeable = False
        self._set(_axon.CONNECTOR_FROM_LIST, allow_multiple=allow_multiple, sources=s, targets=t)

    @property
    def sources(self):
        """The pairs' sources (uint32, read-only)."""
        return self._axon_connector[5]

    @property
    def targets(self):
        """The pairs' targets (uint32, read-only)."""
        return self._axon_connector[6]

    def __len__(self):
        return len(self.sources)

    def __repr__(self):
        return f"axon.FromList(<{len(self)} pairs>)"


def _indices(owner, name, values):
    """Neuron indices as a C-ordered uint32 array, refusing what is not one."""
    from .errors import ArgumentError

    if isinstance(values, (str, bytes)):
        raise TypeError(f"{owner}: {name} must be a sequence of ints, not {type(values).__name__}")
    a = np.asarray(values)
    if a.size == 0:
        return np.zeros(0, dtype=np.uint32)
    if a.ndim != 1:
        raise ArgumentError(f"{owner}: {name} has shape {a.shape}: a 1-D sequence of indices is allowed")
    if a.dtype.kind not in "iu":
        if a.dtype.kind == "f" and np.all(np.isfinite(a)) and np.all(a == np.floor(a)):
            a = a.astype(np.int64)
        else:
            raise TypeError(f"{owner}: {name} must hold ints, not {a.dtype} values")
    lo, hi = int(a.min()), int(a.max())
    if lo < 0 or hi > 0xFFFFFFFF:
        bad = lo if lo < 0 else hi
        raise ArgumentError(f"{owner}: {name} holds the index {bad}, which is not allowed: 0 .. 4294967295")
    return np.ascontiguousarray(a, dtype=np.uint32)


__all__ = ["Connector", "AllToAll", "OneToOne", "FixedProbability", "FixedIndegree", "FixedOutdegree",
           "FixedTotal", "FromList"]
