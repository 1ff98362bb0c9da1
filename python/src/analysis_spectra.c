/*
 * analysis_spectra.c - the C extension's analysis functions of one area:
 * spectra of signals (docs/analysis.md).  python/axon/_analysis_spectra.py
 * wraps them for axon.analysis.
 */
#include "axon_py.h"

PyMethodDef axpy_spectra_methods[] = {
    {NULL, NULL, 0, NULL},
};
