"""axon.analysis, spike trains: statistics, rates, correlations (docs/analysis.md); re-exported by axon.analysis."""

__all__ = []
