/*
 * analysis_distances.c - the C extension's analysis functions of one area:
 * spike-train distances (docs/analysis.md).  python/axon/_analysis_distances.py
 * wraps them for axon.analysis.
 */
#include "axon_py.h"

PyMethodDef axpy_distances_methods[] = {
    {NULL, NULL, 0, NULL},
};
