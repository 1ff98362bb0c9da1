"""axon: a spiking neural network simulator (the Python package over libaxon).

The interface is described in python/API.md and docs/python.md.
"""
from ._axon import __version__

__all__ = ["__version__"]
