"""axon.analysis, statistical tests and pattern recall (docs/analysis.md); re-exported by axon.analysis."""

__all__ = []
