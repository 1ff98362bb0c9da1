"""axon.analysis: spike-train statistics, spectra, spike-train distances and
statistical tests on NumPy arrays, computed by libaxon (docs/analysis.md).

Each area lives in its own module (_analysis_trains, _analysis_spectra,
_analysis_stats, _analysis_distances, _analysis_correlations); this one gathers them.
"""
from ._analysis_trains import *        # noqa: F401,F403
from ._analysis_trains import __all__ as _trains
from ._analysis_spectra import *       # noqa: F401,F403
from ._analysis_spectra import __all__ as _spectra
from ._analysis_stats import *         # noqa: F401,F403
from ._analysis_stats import __all__ as _stats
from ._analysis_distances import *     # noqa: F401,F403
from ._analysis_distances import __all__ as _distances
from ._analysis_correlations import *  # noqa: F401,F403
from ._analysis_correlations import __all__ as _correlations

__all__ = list(_trains) + list(_spectra) + list(_stats) + list(_distances) + list(_correlations)
