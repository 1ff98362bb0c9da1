/*
 * analysis_trains.c - the C extension's analysis functions of one area:
 * spike trains: statistics, rates, correlations (docs/analysis.md).  python/axon/_analysis_trains.py
 * wraps them for axon.analysis.
 */
#include "axon_py.h"

PyMethodDef axpy_trains_methods[] = {
    {NULL, NULL, 0, NULL},
};
