"""axon.analysis, spectra of signals (docs/analysis.md); re-exported by axon.analysis."""

__all__ = []
