"""Structures: where a population's neurons are (``Population.positions``).

Each class is a plain value; ``Network.add_population(..., structure=...)``
and ``Population.set_structure`` hand it to the library, which computes the
positions at once (random ones from the network's seed, per neuron, so they
do not depend on threads).  Positions are (x, y, z); 1-D and 2-D ones have
y and z (or z) equal to 0, or to the centre's for a disk.
"""
import numpy as np

from . import _axon
from ._check import count, number


def _coords(owner, name, values, most=3):
    """1 .. most numbers as a 3-tuple of floats (the rest 0)."""
    from .errors import ArgumentError

    if isinstance(values, (str, bytes)):
        raise TypeError(f"{owner}: {name} must be a sequence of numbers, not {type(values).__name__}")
    try:
        items = list(values)
    except TypeError:
        raise TypeError(f"{owner}: {name} must be a sequence of numbers, not {type(values).__name__}") from None
    if not 1 <= len(items) <= most:
        raise ArgumentError(f"{owner}: {name} has {len(items)} numbers; 1 to {most} (x, y, z) are allowed")
    xs = [number(owner, f"{name}[{k}]", v) for k, v in enumerate(items)]
    return tuple(xs + [0.0] * (3 - len(xs)))


class Structure:
    """Base class: ``_axon_structure`` is the tuple the C extension reads:
    (kind, dims, n, spacing, origin, low, high, center, radius, xyz)."""

    __slots__ = ("_axon_structure",)

    def _set(self, kind, dims=3, n=(1, 1, 1), spacing=0.0, origin=(0.0,) * 3, low=(0.0,) * 3, high=(0.0,) * 3,
             center=(0.0,) * 3, radius=0.0, xyz=None):
        object.__setattr__(self, "_axon_structure",
                           (kind, dims, tuple(n), spacing, origin, low, high, center, radius, xyz))

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")


class Grid(Structure):
    """A 1-, 2- or 3-D grid of ``shape`` (its product is the population's size),
    row-major: neuron (a * shape[1] + b) * shape[2] + c sits at
    origin + spacing * (a, b, c); for 2-D, neuron row * cols + col at
    x = origin[0] + spacing * row, y = origin[1] + spacing * col."""

    __slots__ = ()

    def __init__(self, shape, spacing=1.0, origin=None):
        from .errors import ArgumentError

        if isinstance(shape, (bool, int, np.integer)):
            shape = (shape,)
        dims = len(shape)
        if not 1 <= dims <= 3:
            raise ArgumentError(f"Grid: shape has {dims} axes; 1, 2 or 3 are allowed")
        n = [count("Grid", f"shape[{k}]", v) for k, v in enumerate(shape)]
        o = (0.0, 0.0, 0.0) if origin is None else _coords("Grid", "origin", origin, dims)
        self._set(_axon.STRUCTURE_GRID, dims=dims, n=n + [1] * (3 - dims),
                  spacing=number("Grid", "spacing", spacing), origin=o)

    @property
    def shape(self):
        s = self._axon_structure
        return tuple(s[2][:s[1]])

    @property
    def spacing(self):
        return self._axon_structure[3]

    @property
    def origin(self):
        return self._axon_structure[4]

    def __repr__(self):
        return f"axon.Grid({self.shape}, spacing={self.spacing}, origin={self.origin})"


class RandomBox(Structure):
    """Uniform in the box [low, high] per axis (equal bounds fix a coordinate)."""

    __slots__ = ()

    def __init__(self, low, high):
        self._set(_axon.STRUCTURE_RANDOM_BOX, low=_coords("RandomBox", "low", low),
                  high=_coords("RandomBox", "high", high))

    def __repr__(self):
        s = self._axon_structure
        return f"axon.RandomBox(low={s[5]}, high={s[6]})"


class RandomDisk(Structure):
    """Uniform in the disk of ``radius`` around ``center`` (x, y[, z]), in the
    plane z = center z."""

    __slots__ = ()

    def __init__(self, center, radius):
        self._set(_axon.STRUCTURE_RANDOM_DISK, center=_coords("RandomDisk", "center", center),
                  radius=number("RandomDisk", "radius", radius))

    def __repr__(self):
        s = self._axon_structure
        return f"axon.RandomDisk(center={s[7]}, radius={s[8]})"


class RandomSphere(Structure):
    """Uniform inside the ball of ``radius`` around ``center``."""

    __slots__ = ()

    def __init__(self, center, radius):
        self._set(_axon.STRUCTURE_RANDOM_SPHERE, center=_coords("RandomSphere", "center", center),
                  radius=number("RandomSphere", "radius", radius))

    def __repr__(self):
        s = self._axon_structure
        return f"axon.RandomSphere(center={s[7]}, radius={s[8]})"


class Positions(Structure):
    """Given positions: an array of shape (size, 3), (size, 2) or (size,)
    (missing coordinates 0), copied."""

    __slots__ = ()

    def __init__(self, xyz):
        from .errors import ArgumentError

        a = np.asarray(xyz)
        if a.dtype.kind not in "iuf":
            raise TypeError(f"Positions: xyz must hold numbers, not {a.dtype} values")
        a = a.astype(np.float64)
        if a.ndim == 1:
            a = a[:, None]
        if a.ndim != 2 or not 1 <= a.shape[1] <= 3:
            raise ArgumentError(f"Positions: xyz has shape {a.shape}; (size, 3), (size, 2) or (size,) is allowed")
        full = np.zeros((a.shape[0], 3))
        full[:, :a.shape[1]] = a
        full.flags.writeable = False
        self._set(_axon.STRUCTURE_POSITIONS, xyz=full)

    @property
    def xyz(self):
        """The positions, shape (size, 3), read-only."""
        return self._axon_structure[9]

    def __repr__(self):
        return f"axon.Positions(<{len(self.xyz)} positions>)"


__all__ = ["Structure", "Grid", "RandomBox", "RandomDisk", "RandomSphere", "Positions"]
