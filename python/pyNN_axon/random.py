"""PyNN's NativeRNG for pyNN.axon.

PyNN values (weights, delays, parameters, connectivity) exist before the
axon network does, so pyNN.axon draws them in Python: its NativeRNG is
numpy's generator (PyNN's NumpyRNG), seeded with the given seed or, without
one, with setup()'s rng_seed.  Connectors and distributions treat it as any
NumpyRNG.
"""
from pyNN import random

from .simulator import state


class NativeRNG(random.NumpyRNG, random.NativeRNG):
    __doc__ = __doc__

    def __init__(self, seed=None, parallel_safe=True):
        random.NumpyRNG.__init__(self, seed=state.seed if seed is None else seed, parallel_safe=parallel_safe)

    def __str__(self):
        return "NativeRNG(seed=%s)" % self.seed
