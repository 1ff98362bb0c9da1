"""axon.analysis, spike-train distances (docs/analysis.md); re-exported by axon.analysis."""

__all__ = []
