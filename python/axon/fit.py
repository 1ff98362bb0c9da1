"""axon.fit: fitting and sweeps (docs/fitting.md), computed by libaxon.

Each area lives in its own module; this one gathers them.
"""
from ._fit_generations import *  # noqa: F401,F403
from ._fit_objectives import *  # noqa: F401,F403
from ._fit_optimizers import *  # noqa: F401,F403
