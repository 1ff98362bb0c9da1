"""Discrete Hopfield networks computed by libaxon (docs/attractors.md); re-exported by axon.attractors.

Patterns are arrays of 1 (on) and -1 (off; 0 for binary patterns), of any
shape: a 7 x 7 pattern stays 7 x 7.  Where several patterns are taken, the
first axis counts them ((p, n) or (p, 7, 7)); a 1-D array is one pattern.  Weights are n x n with w[i, j] the
weight from neuron j onto neuron i.  Every value is checked by the library,
whose messages name the call, the argument and what is allowed.
"""
import numpy as np

from . import _axon
from .errors import ArgumentError

__all__ = ['Hopfield', 'random_patterns', 'distort', 'hopfield_weights', 'binary_weights', 'energy', 'overlap',
           'capacity']

_UPDATES = {'synchronous': 0, 'asynchronous': 1, 'sequential': 2}


def _update(update, call):
    if isinstance(update, bool):       # recall(..., synchronous=True) style
        return 0 if update else 1
    try:
        return _UPDATES[update]
    except (KeyError, TypeError):
        raise ArgumentError(f"{call}: update {update!r} is not one of {', '.join(map(repr, _UPDATES))}") from None


def _seed(seed, call):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < 2 ** 64:
        raise ArgumentError(f"{call}: seed {seed!r}: an integer in [0, 2^64) is needed")
    return int(seed)


def _flat(x):
    return np.ascontiguousarray(np.asarray(x, dtype=np.float64).reshape(-1))


def _off(binary):
    return 0.0 if binary else -1.0


def random_patterns(n, p, seed, shape=None, p_on=0.5, binary=False):
    """p random patterns of n values (or of `shape`, whose product is n): each value 1 with probability p_on,
    else -1 (0 with binary=True), from the library's counter-based stream of (seed, pattern).  Returns an
    array of shape (p, n) or (p, *shape)."""
    flat = _axon.hopfield_random_patterns(int(p), int(n), float(p_on), _off(binary),
                                          _seed(seed, 'random_patterns'))
    return flat.reshape((int(p),) + (tuple(shape) if shape is not None else (int(n),)))


def distort(pattern, p, seed, binary=None):
    """A copy of pattern with each value flipped (1 <-> -1, or 1 <-> 0 for binary patterns) with probability p
    in [0, 1].  binary None: binary when the pattern has a 0 (and no -1)."""
    a = np.asarray(pattern, dtype=np.float64)
    if binary is None:
        binary = bool(np.any(a == 0)) and not bool(np.any(a == -1))
    return _axon.hopfield_distort(_flat(a), _off(binary), float(p), _seed(seed, 'distort')).reshape(a.shape)


def _rows(patterns):
    a = np.asarray(patterns, dtype=np.float64)
    if a.ndim == 0:
        raise ArgumentError("weights: patterns must be an array of patterns, not a number")
    a = a.reshape(1, -1) if a.ndim == 1 else a.reshape(a.shape[0], -1)
    return np.ascontiguousarray(a), a.shape[0], a.shape[1]


def hopfield_weights(patterns, scale=1.0):
    """Hebb's rule for bipolar patterns (Hopfield 1982): w_ij = scale sum_k p_ki p_kj, w_ii = 0; an (n, n) array.
    scale 1 is the main seed's (integer weights), 1/n the textbook's."""
    a, p, n = _rows(patterns)
    return _axon.hopfield_weights(a.reshape(-1), p, float(scale)).reshape(n, n)


def binary_weights(patterns, a=1.0, b=1.0, scale=0.5):
    """The main seed's rule for binary (0/1) patterns: w_ij = scale sum_k (p_ki - a)(p_kj - b), w_ii = 0, a from
    the target, b from the source (defaults: its autoassociative example's)."""
    x, p, n = _rows(patterns)
    return _axon.hopfield_weights_binary(x.reshape(-1), p, float(a), float(b), float(scale)).reshape(n, n)


def energy(weights, state):
    """Hopfield's energy E = -1/2 sum_ij w_ij s_i s_j of a bipolar state."""
    return _axon.hopfield_energy(_flat(weights), _flat(state))


def overlap(state, pattern):
    """m = (1/n) sum_i s_i p_i of bipolar arrays: 1 the pattern, -1 its inverse."""
    return _axon.hopfield_overlap(_flat(state), _flat(pattern))


def capacity(n, p, networks=10, flip=0.0, update='asynchronous', steps=100, seed=0, p_on=0.5):
    """The capacity measurement (ax_hopfield_capacity): `networks` networks of n neurons storing p random
    patterns, each pattern cued (distorted by `flip`) and run; a dict of cues, perfect (fraction recalled
    exactly), stable (fraction of fixed points), overlap, overlap_sd and converged."""
    return _axon.hopfield_capacity(int(n), int(p), int(networks), float(p_on), float(flip),
                                   _update(update, 'capacity'), int(steps), _seed(seed, 'capacity'))


class Hopfield:
    """A discrete Hopfield network storing `patterns` (p patterns of n bipolar values, any shape per pattern)
    with Hebb's rule; .weights is the (n, n) array (scale 1 by default: integer weights, exact fields)."""

    def __init__(self, patterns, scale=1.0):
        a = np.asarray(patterns, dtype=np.float64)
        self.shape = a.shape[1:] if a.ndim > 1 else a.shape
        self.patterns = a.reshape(-1, int(np.prod(self.shape))).copy()
        self.weights = hopfield_weights(self.patterns, scale)
        self.n = self.weights.shape[0]

    def recall(self, state, synchronous=True, steps=100, seed=0, update=None, energies=False):
        """Runs sweeps from `state` (bipolar, n values or the pattern's shape) until a fixed point, a
        synchronous 2-cycle or `steps` sweeps.  update ('synchronous', 'asynchronous', 'sequential')
        overrides synchronous.  Returns the final state (the input's shape); with energies=True a dict of
        state, steps, flips, converged, cycle and energy (before and after each sweep)."""
        s = np.asarray(state, dtype=np.float64)
        u = _update(synchronous if update is None else update, 'recall')
        out, n_steps, flips, converged, cycle, e = _axon.hopfield_run(
            _flat(self.weights), _flat(s), u, int(steps), _seed(seed, 'recall'), bool(energies))
        out = out.reshape(s.shape)
        if not energies:
            return out
        return dict(state=out, steps=n_steps, flips=flips, converged=converged, cycle=cycle, energy=e)

    def energy(self, state):
        """E = -1/2 sum_ij w_ij s_i s_j."""
        return energy(self.weights, state)

    def overlap(self, state, k=None):
        """The overlap of state with stored pattern k, or with each (an array) when k is None."""
        if k is not None:
            return overlap(state, self.patterns[k])
        return np.array([overlap(state, p) for p in self.patterns])
