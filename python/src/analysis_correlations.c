/*
 * analysis_correlations.c - the C extension's analysis functions of one
 * area: correlations and synchrony of spike trains (docs/analysis.md).
 * python/axon/_analysis_correlations.py wraps them for axon.analysis.
 */
#include "axon_py.h"

PyMethodDef axpy_correlations_methods[] = {
    {NULL, NULL, 0, NULL},
};
