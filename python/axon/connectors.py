"""Connectors: the rules that say which pairs of neurons a projection joins.

Synapses are generated when the network is built, each target's (for
FixedOutdegree each source's) from its own random stream of the network's
seed.  ``allow_self`` matters when a population projects onto itself;
``allow_multiple`` lets a pair get more than one synapse.
"""
import numbers

import numpy as np

from . import _axon
from ._check import count, flag, number


class Connector:
    """Base class: ``_axon_connector`` is the tuple the C extension reads:
    (kind, p, n, allow_self, allow_multiple, sources, targets[, distance]),
    distance = (shape, radius, extent, periodic, kernel, width, probability, fixed_indegree)."""

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


_SHAPES = {"disk": 0, "ball": 0, "box": 1, "square": 1, "chebyshev": 2}
_KERNELS = {"gaussian": 1, "exponential": 2}


def _axes(owner, name, values):
    """1 to 3 numbers (x, y, z) as a 3-tuple, the rest 0."""
    from .errors import ArgumentError

    if isinstance(values, (int, float)) and not isinstance(values, bool):
        values = [values]
    try:
        v = [number(owner, name, x) for x in values]
    except TypeError:
        raise TypeError(f"{owner}: {name} must be 1 to 3 numbers (x, y, z), not {type(values).__name__}") from None
    if not 1 <= len(v) <= 3:
        raise ArgumentError(f"{owner}: {name} has {len(v)} numbers: 1 to 3 (x, y, z) are allowed")
    return tuple(v + [0.0] * (3 - len(v)))


class DistanceConnector(Connector):
    """Every pair of positioned neurons within a neighbourhood, each connected
    with a probability that depends on the distance (docs/model-file.md,
    "Distance connectors").  Both populations need positions
    (``structure``).

    radius       the neighbourhood's radius (shape "disk" or "chebyshev"; for
                 a "box", the half-width along every axis unless ``extent``)
    p            a constant probability (default 1)
    kernel       "gaussian" (p0 exp(-d^2 / (2 sigma^2))) or "exponential"
                 (p0 exp(-d / lambda_))
    probability  an expression of d, dx, dy, dz, clipped to [0, 1]
    shape        "disk" (or "ball"), "box" (or "square"), "chebyshev"
    extent       a box's half-widths [x, y, z]
    periodic     the lengths of periodic axes [x, y, z] (0: open)
    in_degree    instead: each target gets exactly this many sources, drawn
                 among its candidates with probability proportional to the
                 kernel (then a relative weight: p0 does not matter, an
                 expression is not clipped above 1, values below 0 count as
                 0); distinct sources (weighted sampling without
                 replacement) unless allow_multiple=True (independent
                 draws).  A target with too few candidates of kernel > 0
                 fails the build, naming it.
    """

    __slots__ = ()

    def __init__(self, radius=None, p=None, kernel=None, p0=1.0, sigma=None, lambda_=None, probability=None,
                 shape="disk", extent=None, periodic=None, allow_self=True, in_degree=None, allow_multiple=False):
        from .errors import ArgumentError

        name = "DistanceConnector"
        if in_degree is not None:
            if isinstance(in_degree, bool) or not isinstance(in_degree, numbers.Integral):
                raise TypeError(f"{name}: in_degree must be an int, not {type(in_degree).__name__} ({in_degree!r})")
            if in_degree < 0 or in_degree > 0xFFFFFFFF:
                raise ArgumentError(f"{name}: in_degree {in_degree} is not allowed: 0 .. 4294967295")
            if p is not None:
                raise ArgumentError(f"{name}: p is a probability per candidate; with in_degree the kernel only "
                                    "weighs the candidates: give kernel (with sigma or lambda_) or probability, "
                                    "or neither (uniform)")
        elif flag(name, "allow_multiple", allow_multiple):
            raise ArgumentError(f"{name}: allow_multiple is for in_degree (each candidate of a probability rule "
                                "is connected at most once)")
        if shape not in _SHAPES:
            raise ArgumentError(f"{name}: unknown shape {shape!r}: disk (or ball), box (or square), chebyshev")
        s = _SHAPES[shape]
        ext = (0.0, 0.0, 0.0)
        r = 0.0
        if s == 1:
            if extent is None and radius is None:
                raise ArgumentError(f"{name}: a box needs extent=[x, y, z] (or radius for all axes)")
            if extent is not None and radius is not None:
                raise ArgumentError(f"{name}: give extent or radius, not both")
            ext = _axes(name, "extent", extent) if extent is not None else (number(name, "radius", radius),) * 3
        else:
            if extent is not None:
                raise ArgumentError(f"{name}: extent is for shape='box'; a {shape} has a radius")
            if radius is None:
                raise TypeError(f"{name}: radius is required")
            r = number(name, "radius", radius)
        per = _axes(name, "periodic", periodic) if periodic is not None else (0.0, 0.0, 0.0)
        if sum(x is not None for x in (p, kernel, probability)) > 1:
            raise ArgumentError(f"{name}: give one of p, kernel (with p0 and sigma or lambda_) or probability")
        k, width, prob, pv = 0, 0.0, None, 1.0
        if probability is not None:
            if not isinstance(probability, str):
                raise TypeError(f"{name}: probability must be a str (an expression of d, dx, dy, dz)")
            k, prob = 3, probability
        elif kernel is not None:
            if kernel not in _KERNELS:
                raise ArgumentError(f"{name}: unknown kernel {kernel!r}: gaussian, exponential "
                                    "(or probability='expression of d')")
            k = _KERNELS[kernel]
            want, other = ("sigma", "lambda_") if k == 1 else ("lambda_", "sigma")
            given = {"sigma": sigma, "lambda_": lambda_}
            if given[want] is None or given[other] is not None:
                raise ArgumentError(f"{name}: a {kernel} kernel takes {want} (and p0, default 1), not {other}")
            width = number(name, want, given[want])
            pv = number(name, "p0", p0)
        else:
            if sigma is not None or lambda_ is not None:
                raise ArgumentError(f"{name}: sigma and lambda_ belong to a kernel: kernel='gaussian' or "
                                    "'exponential'")
            pv = 1.0 if p is None else number(name, "p", p)
        self._set(_axon.CONNECTOR_DISTANCE, p=pv, n=0 if in_degree is None else int(in_degree),
                  allow_self=allow_self, allow_multiple=allow_multiple)
        object.__setattr__(self, "_axon_connector",
                           self._axon_connector + ((s, r, ext, per, k, width, prob, in_degree is not None),))

    @property
    def shape(self):
        return ("disk", "box", "chebyshev")[self._axon_connector[7][0]]

    @property
    def radius(self):
        return self._axon_connector[7][1]

    @property
    def extent(self):
        return self._axon_connector[7][2]

    @property
    def periodic(self):
        return self._axon_connector[7][3]

    @property
    def kernel(self):
        return ("constant", "gaussian", "exponential", "expression")[self._axon_connector[7][4]]

    @property
    def p(self):
        """The constant probability, or the kernel's value at d = 0 (p0)."""
        return self._axon_connector[1]

    @property
    def probability(self):
        return self._axon_connector[7][6]

    @property
    def in_degree(self):
        """The number of sources per target, or None (each candidate by its probability)."""
        return self._axon_connector[2] if self._axon_connector[7][7] else None

    def __repr__(self):
        d = self._axon_connector[7]
        what = {0: f"p={self.p}", 1: f"kernel='gaussian', p0={self.p}, sigma={d[5]}",
                2: f"kernel='exponential', p0={self.p}, lambda_={d[5]}", 3: f"probability={d[6]!r}"}[d[4]]
        where = f"radius={self.radius}" if d[0] != 1 else f"extent={list(self.extent)}"
        per = f", periodic={list(self.periodic)}" if any(self.periodic) else ""
        if self.in_degree is not None:
            what = f"in_degree={self.in_degree}" + ("" if d[4] == 0 else ", " + what)
            per += f", allow_multiple={self.allow_multiple}"
        return f"axon.DistanceConnector({where}, {what}, shape={self.shape!r}{per}, allow_self={self.allow_self})"


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
           "FixedTotal", "FromList", "DistanceConnector"]
