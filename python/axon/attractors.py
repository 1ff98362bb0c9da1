"""axon.attractors: attractor networks computed by libaxon (docs/attractors.md).

Discrete Hopfield networks (_hopfield): Hebbian weights from bipolar
patterns (and the main seed's rule for binary ones), random patterns and
their distortion from the library's counter-based streams, synchronous,
asynchronous and sequential recall, energy, overlap and a capacity
measurement.  The spiking attractors built on them are examples
(examples/attractors/).
"""
from ._hopfield import *        # noqa: F401,F403
from ._hopfield import __all__  # noqa: F401
