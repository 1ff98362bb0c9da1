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

/* A view over copies of the trains; free with view_free. */
typedef struct view {
    ax_spike_trains s;
    size_t *offsets;
    double *times;
} view;

static void view_free(view *v)
{
    free(v->offsets);
    free(v->times);
    v->offsets = NULL;
    v->times = NULL;
}

/* `trains`: a sequence of 1-D sequences of floats. */
static int view_from(PyObject *trains, double t_start, double t_stop, const char *call, view *v)
{
    memset(v, 0, sizeof *v);
    PyObject *seq = PySequence_Fast(trains, "trains must be a sequence of 1-D arrays of spike times (ms)");
    if (!seq)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **arrays = calloc((size_t)n + 1, sizeof *arrays);
    v->offsets = malloc(((size_t)n + 1) * sizeof *v->offsets);
    int rc = -1;
    if (!arrays || !v->offsets) {
        PyErr_NoMemory();
        goto done;
    }
    size_t total = 0;
    v->offsets[0] = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *a = PyArray_FROMANY(PySequence_Fast_GET_ITEM(seq, k), NPY_DOUBLE, 1, 1, NPY_ARRAY_IN_ARRAY);
        if (!a) {
            PyErr_Clear();
            axpy_raisef(AX_ERR_ARGUMENT, "%s: train %zd is not a 1-D sequence of spike times (ms)", call, k);
            goto done;
        }
        arrays[k] = a;
        total += (size_t)PyArray_SIZE((PyArrayObject *)a);
        v->offsets[k + 1] = total;
    }
    v->times = malloc((total ? total : 1) * sizeof *v->times);
    if (!v->times) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++)
        memcpy(v->times + v->offsets[k], PyArray_DATA((PyArrayObject *)arrays[k]),
               (v->offsets[k + 1] - v->offsets[k]) * sizeof *v->times);
    v->s = (ax_spike_trains){(size_t)n, v->offsets, v->times, t_start, t_stop};
    rc = 0;
done:
    if (arrays)
        for (Py_ssize_t k = 0; k < n; k++)
            Py_XDECREF(arrays[k]);
    free(arrays);
    Py_DECREF(seq);
    if (rc)
        view_free(v);
    return rc;
}

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

static PyObject *array_1d(const double *data, size_t n)
{
    npy_intp dim = (npy_intp)n;
    PyObject *a = PyArray_SimpleNew(1, &dim, NPY_DOUBLE);
    if (a && n)
        memcpy(PyArray_DATA((PyArrayObject *)a), data, n * sizeof *data);
    return a;
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
    PyObject *pair = PyTuple_Pack(2, t1, t2);
    if (!pair)
        return NULL;
    view v;
    int rc = view_from(pair, t_start, t_stop, "spike-train distance", &v);
    Py_DECREF(pair);
    if (rc)
        return NULL;
    ax_error err;
    ax_status st = AX_ERR_ARGUMENT;
    double out = 0.0;
    Py_BEGIN_ALLOW_THREADS
    switch (measure) {
    case AX_SPIKE_DISTANCE_ISI: st = ax_spike_distance_isi(&v.s, 0, 1, interval, &out, &err); break;
    case AX_SPIKE_DISTANCE_SPIKE: st = ax_spike_distance_spike(&v.s, 0, 1, interval, &out, &err); break;
    case AX_SPIKE_DISTANCE_SYNC: st = ax_spike_distance_sync(&v.s, 0, 1, interval, parameter, &out, &err); break;
    case AX_SPIKE_DISTANCE_VICTOR_PURPURA:
        st = ax_spike_distance_victor_purpura(&v.s, 0, 1, parameter, &out, &err);
        break;
    case AX_SPIKE_DISTANCE_VAN_ROSSUM: st = ax_spike_distance_van_rossum(&v.s, 0, 1, parameter, &out, &err); break;
    default: snprintf(err.message, sizeof err.message, "unknown measure %d", measure);
    }
    Py_END_ALLOW_THREADS
    view_free(&v);
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
    view v;
    if (view_from(trains, t_start, t_stop, multi ? "ax_spike_distance_multi" : "ax_spike_distance_matrix", &v))
        return NULL;
    ax_error err;
    ax_status st;
    PyObject *result = NULL;
    if (multi) {
        double value = 0.0;
        Py_BEGIN_ALLOW_THREADS
        st = ax_spike_distance_multi(&v.s, (ax_spike_distance_measure)measure, &o, &value, &err);
        Py_END_ALLOW_THREADS
        result = st == AX_OK ? PyFloat_FromDouble(value) : axpy_raise(st, err.message);
    } else {
        npy_intp dims[2] = {(npy_intp)v.s.n_trains, (npy_intp)v.s.n_trains};
        result = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
        if (result) {
            double *m = PyArray_DATA((PyArrayObject *)result);
            Py_BEGIN_ALLOW_THREADS
            st = ax_spike_distance_matrix(&v.s, (ax_spike_distance_measure)measure, &o, m, &err);
            Py_END_ALLOW_THREADS
            if (st != AX_OK) {
                Py_DECREF(result);
                result = axpy_raise(st, err.message);
            }
        }
    }
    view_free(&v);
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
    PyObject *pair = PyTuple_Pack(2, t1, t2);
    if (!pair)
        return NULL;
    view v;
    int rc = view_from(pair, t_start, t_stop, "spike-train profile", &v);
    Py_DECREF(pair);
    if (rc)
        return NULL;
    ax_error err;
    ax_status st;
    size_t n = 0;
    double *a = NULL, *b = NULL, *c = NULL;
    size_t na, nb;
    Py_BEGIN_ALLOW_THREADS
    if (kind == 0)
        st = ax_spike_distance_isi_profile(&v.s, 0, 1, &n, &a, &b, &err);
    else if (kind == 1)
        st = ax_spike_distance_spike_profile(&v.s, 0, 1, &n, &a, &b, &c, &err);
    else
        st = ax_spike_distance_sync_profile(&v.s, 0, 1, max_tau, &n, &a, &b, &c, &err);
    Py_END_ALLOW_THREADS
    view_free(&v);
    if (st != AX_OK)
        return axpy_raise(st, err.message);
    na = kind == 2 ? n : n + 1;   /* breaks: one more than pieces */
    nb = n;
    PyObject *r = kind == 0 ? Py_BuildValue("(NN)", array_1d(a, na), array_1d(b, nb))
                            : Py_BuildValue("(NNN)", array_1d(a, na), array_1d(b, nb), array_1d(c, nb));
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
