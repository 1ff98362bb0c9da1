/*
 * analysis_stats.c - the C extension's analysis functions of one area:
 * statistical tests and pattern recall (docs/analysis.md).  python/axon/_analysis_stats.py
 * wraps them for axon.analysis.
 */
#include "axon_py.h"

PyMethodDef axpy_stats_methods[] = {
    {NULL, NULL, 0, NULL},
};
