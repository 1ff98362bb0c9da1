"""axon.analysis, correlations and synchrony of spike trains (docs/analysis.md); re-exported by axon.analysis."""

__all__ = []
