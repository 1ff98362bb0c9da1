"""axon: a spiking neural network simulator (the Python package over libaxon).

The interface is described in python/API.md: ``axon.Network`` with its
populations, projections, recorders, inputs and modulators (the C extension
``axon._axon``), plain value classes for distributions, connectors, inputs
and plasticity, model files (``axon.load``) and the catalogues
(``axon.models()``, ``axon.channels()``, ``axon.receptor_kinds()``).
Units are ms, mV, nA, nF, uS, Hz.
"""
from .errors import (ArgumentError, Error, FileError, InterruptedRun, NotFoundError, NumericError,
                     OutOfMemoryError, StateError)
from ._axon import (Input, ModelFile, Modulator, Network, Population, Projection, Recorder, __version__,
                    channels, models, mpi_info, receptor_kinds)
from .values import Distribution, Exponential, Expression, LogNormal, Normal, NormalClipped, Uniform
from .connectors import (AllToAll, Connector, FixedIndegree, FixedOutdegree, FixedProbability, FixedTotal,
                         FromList, OneToOne, DistanceConnector)
from .space import Grid, Positions, RandomBox, RandomDisk, RandomSphere, Structure
from .inputs import AC, DC, InputSpec, Noise, PoissonInput, Step
from .plasticity import Plasticity, Rule, TsodyksMarkram
from .modelfile import load, loads
from .loop import Loop
from . import analysis, attractors, datasets

__all__ = [
    "__version__",
    "Error", "ArgumentError", "NotFoundError", "OutOfMemoryError", "StateError", "NumericError",
    "FileError", "InterruptedRun",
    "Network", "Population", "Projection", "Recorder", "Modulator", "Input", "ModelFile",
    "Distribution", "Uniform", "Normal", "NormalClipped", "LogNormal", "Exponential", "Expression",
    "Connector", "AllToAll", "OneToOne", "FixedProbability", "FixedIndegree", "FixedOutdegree",
    "FixedTotal", "FromList", "DistanceConnector",
    "Structure", "Grid", "RandomBox", "RandomDisk", "RandomSphere", "Positions",
    "InputSpec", "DC", "Step", "AC", "Noise", "PoissonInput",
    "Plasticity", "Rule", "TsodyksMarkram",
    "Loop",
    "load", "loads", "models", "channels", "receptor_kinds", "mpi_info", "analysis", "attractors", "datasets",
]
