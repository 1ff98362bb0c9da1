/*
 * analysis_distances.c - the C extension's analysis functions of one area:
 * spike-train distances (docs/analysis.md).  python/axon/_analysis_distances.py
 * wraps them for axon.analysis.
 *
 * Trains arrive as a sequence of 1-D arrays of times (ms); they are copied
 * into one ax_spike_trains view (the library checks it and names the train
 * and spike at fault).  The computations run without the GIL.
 */
#include "axon_py.h"

#include <stdlib.h>

/* None, or a pair (a, b) of floats. */
static int interval_from(PyObject *obj, double ab[2], const double **out)
{
    *out = NULL;
    if (obj == Py_None)
        return 0;
    if (!PyArg_ParseTuple(obj, "dd", &ab[0], &ab[1])) {
        PyErr_Clear();
        axpy_raise(AX_ERR_ARGUMENT, "interval must be None or a tuple (a, b) of times in ms");
        return -1;
    }
    *out = ab;
    return 0;
}

/* The two trains of a bivariate call as a view of trains 0 and 1. */
static int pair_view(PyObject *t1, PyObject *t2, double t_start, double t_stop, axpy_trains *v)
{
    PyObject *pair = PyTuple_Pack(2, t1, t2);
    if (!pair)
        return -1;
    int rc = axpy_trains_from_list(pair, t_start, t_stop, v);
    Py_DECREF(pair);
    return rc;
}

/* _dist_pair(measure, train1, train2, t_start, t_stop, interval, parameter) -> float */
static PyObject *dist_pair(PyObject *self, PyObject *args)
{
    (void)self;
    int measure;
    PyObject *t1, *t2, *interval_o;
    double t_start, t_stop, parameter, ab[2];
    const double *interval;
    if (!PyArg_ParseTuple(args, "iOOddOd", &measure, &t1, &t2, &t_start, &t_stop, &interval_o, &parameter))
        return NULL;
    if (interval_from(interval_o, ab, &interval))
        return NULL;
    axpy_trains v;
    if (pair_view(t1, t2, t_start, t_stop, &v))
        return NULL;
    ax_error err;
    ax_status st = AX_ERR_ARGUMENT;
    double out = 0.0;
    Py_BEGIN_ALLOW_THREADS
    switch (measure) {
    case AX_SPIKE_DISTANCE_ISI: st = ax_spike_distance_isi(&v.view, 0, 1, interval, &out, &err); break;
    case AX_SPIKE_DISTANCE_SPIKE: st = ax_spike_distance_spike(&v.view, 0, 1, interval, &out, &err); break;
    case AX_SPIKE_DISTANCE_SYNC: st = ax_spike_distance_sync(&v.view, 0, 1, interval, parameter, &out, &err); break;
    case AX_SPIKE_DISTANCE_VICTOR_PURPURA:
        st = ax_spike_distance_victor_purpura(&v.view, 0, 1, parameter, &out, &err);
        break;
    case AX_SPIKE_DISTANCE_VAN_ROSSUM: st = ax_spike_distance_van_rossum(&v.view, 0, 1, parameter, &out, &err); break;
    default: snprintf(err.message, sizeof err.message, "unknown measure %d", measure);
    }
    Py_END_ALLOW_THREADS
    axpy_trains_release(&v);
    if (st != AX_OK)
        return axpy_raise(st, err.message);
    return PyFloat_FromDouble(out);
}

/* _dist_all(multi, trains, t_start, t_stop, measure, interval, max_tau, q, tau) -> matrix or float */
static PyObject *dist_all(PyObject *self, PyObject *args)
{
    (void)self;
    int multi, measure;
    PyObject *trains, *interval_o;
    double t_start, t_stop, ab[2];
    ax_spike_distance_options o = {NULL, 0, 0, 0};
    if (!PyArg_ParseTuple(args, "pOddiOddd", &multi, &trains, &t_start, &t_stop, &measure, &interval_o,
                          &o.max_tau_ms, &o.q_per_ms, &o.tau_ms))
        return NULL;
    if (interval_from(interval_o, ab, &o.interval_ms))
        return NULL;
    axpy_trains v;
    if (axpy_trains_from_list(trains, t_start, t_stop, &v))
        return NULL;
    ax_error err;
    ax_status st;
    PyObject *result = NULL;
    if (multi) {
        double value = 0.0;
        Py_BEGIN_ALLOW_THREADS
        st = ax_spike_distance_multi(&v.view, (ax_spike_distance_measure)measure, &o, &value, &err);
        Py_END_ALLOW_THREADS
        result = st == AX_OK ? PyFloat_FromDouble(value) : axpy_raise(st, err.message);
    } else {
        npy_intp dims[2] = {(npy_intp)v.view.n_trains, (npy_intp)v.view.n_trains};
        result = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
        if (result) {
            double *m = PyArray_DATA((PyArrayObject *)result);
            Py_BEGIN_ALLOW_THREADS
            st = ax_spike_distance_matrix(&v.view, (ax_spike_distance_measure)measure, &o, m, &err);
            Py_END_ALLOW_THREADS
            if (st != AX_OK) {
                Py_DECREF(result);
                result = axpy_raise(st, err.message);
            }
        }
    }
    axpy_trains_release(&v);
    return result;
}

/* _dist_profile(kind, train1, train2, t_start, t_stop, max_tau) -> tuple of arrays */
static PyObject *dist_profile(PyObject *self, PyObject *args)
{
    (void)self;
    int kind;
    PyObject *t1, *t2;
    double t_start, t_stop, max_tau;
    if (!PyArg_ParseTuple(args, "iOOddd", &kind, &t1, &t2, &t_start, &t_stop, &max_tau))
        return NULL;
    axpy_trains v;
    if (pair_view(t1, t2, t_start, t_stop, &v))
        return NULL;
    ax_error err;
    ax_status st;
    size_t n = 0;
    double *a = NULL, *b = NULL, *c = NULL;
    size_t na, nb;
    Py_BEGIN_ALLOW_THREADS
    if (kind == 0)
        st = ax_spike_distance_isi_profile(&v.view, 0, 1, &n, &a, &b, &err);
    else if (kind == 1)
        st = ax_spike_distance_spike_profile(&v.view, 0, 1, &n, &a, &b, &c, &err);
    else
        st = ax_spike_distance_sync_profile(&v.view, 0, 1, max_tau, &n, &a, &b, &c, &err);
    Py_END_ALLOW_THREADS
    axpy_trains_release(&v);
    if (st != AX_OK)
        return axpy_raise(st, err.message);
    na = kind == 2 ? n : n + 1;   /* breaks: one more than pieces */
    nb = n;
    PyObject *r = kind == 0 ? Py_BuildValue("(NN)", axpy_doubles_array(a, na), axpy_doubles_array(b, nb))
                            : Py_BuildValue("(NNN)", axpy_doubles_array(a, na), axpy_doubles_array(b, nb),
                                            axpy_doubles_array(c, nb));
    ax_array_free(a);
    ax_array_free(b);
    ax_array_free(c);
    return r;
}

PyMethodDef axpy_distances_methods[] = {
    {"_dist_pair", dist_pair, METH_VARARGS, "A bivariate spike-train distance (axon.analysis)."},
    {"_dist_all", dist_all, METH_VARARGS, "A spike-train distance matrix or multivariate value (axon.analysis)."},
    {"_dist_profile", dist_profile, METH_VARARGS, "A bivariate ISI, SPIKE or SPIKE-sync profile (axon.analysis)."},
    {NULL, NULL, 0, NULL},
};
