/*
 * recorder.c - axon.Recorder: what a recorder holds (spikes, state traces,
 * weights, weight histograms) as numpy arrays, and writing or streaming it
 * to files.
 */
#include "axon_py.h"
#include "structmember.h"

PyObject *axpy_recorder_new(axpy_network *net, ax_recorder h)
{
    return axpy_handle_make(&axpy_RecorderType, net, h);
}

static const char *const kind_names[] = {"spikes", "state", "weights", "weight_histogram", "signal"};

static int info_of(axpy_handle *self, ax_network **net, ax_recorder_info *info)
{
    if (!(*net = axpy_net_of(self->owner, "recorder")))
        return -1;
    ax_status st = ax_recorder_get_info(*net, self->handle, info);
    if (st) {
        axpy_fail(self->owner, st);
        return -1;
    }
    return 0;
}

static PyObject *rec_kind(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_recorder_info info;
    return info_of(self, &net, &info) < 0 ? NULL : PyUnicode_FromString(kind_names[info.kind]);
}

static PyObject *rec_variable(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_recorder_info info;
    return info_of(self, &net, &info) < 0 ? NULL : PyUnicode_FromString(info.variable);
}

static PyObject *rec_unit(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_recorder_info info;
    return info_of(self, &net, &info) < 0 ? NULL : PyUnicode_FromString(info.unit ? info.unit : "");
}

static PyObject *rec_interval(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_recorder_info info;
    return info_of(self, &net, &info) < 0 ? NULL : PyFloat_FromDouble(info.interval_ms);
}

static PyObject *rec_population(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_recorder_info info;
    return info_of(self, &net, &info) < 0 ? NULL : axpy_population_get(self->owner, info.pop);
}

static PyObject *rec_projection(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_recorder_info info;
    if (info_of(self, &net, &info) < 0)
        return NULL;
    if (info.kind != AX_RECORDER_WEIGHTS && info.kind != AX_RECORDER_WEIGHT_HISTOGRAM)
        Py_RETURN_NONE;
    return axpy_projection_get(self->owner, info.projection);
}

/* Which array of the recorder a getter returns. */
enum { A_SPIKES, A_TIMES, A_VALUES, A_NEURONS, A_SYNAPSES, A_COUNTS, A_EDGES };

static PyObject *not_for(const char *what, ax_recorder_kind kind)
{
    PyErr_Format(PyExc_AttributeError, "a %s recorder has no %s (spikes: .spikes; state: .times, .values, "
                 ".neurons; weights: .times, .values, .synapses; weight_histogram: .times, .counts, .edges)",
                 kind_names[kind], what);
    return NULL;
}

static PyObject *rec_array(axpy_handle *self, void *closure)
{
    static const char *const names[] = {"spikes", "times", "values", "neurons", "synapses", "counts", "edges"};
    int which = (int)(intptr_t)closure;
    ax_network *net;
    ax_recorder_info info;
    if (info_of(self, &net, &info) < 0)
        return NULL;
    ax_status st = AX_OK;
    axpy_network *o = self->owner;
    ax_recorder r = self->handle;
    switch (info.kind) {
    case AX_RECORDER_SPIKES: {
        if (which != A_SPIKES)
            return not_for(names[which], info.kind);
        size_t n;
        const double *t;
        const uint32_t *nr;
        if ((st = ax_recorder_get_spikes(net, r, &n, &t, &nr)))
            break;
        npy_intp dn = (npy_intp)n;
        PyObject *a = axpy_recorder_view(o, r, t, 1, &dn, NPY_DOUBLE);
        PyObject *b = a ? axpy_recorder_view(o, r, nr, 1, &dn, NPY_UINT32) : NULL;
        if (!b) {
            Py_XDECREF(a);
            return NULL;
        }
        return Py_BuildValue("(NN)", a, b);
    }
    case AX_RECORDER_STATE: {
        size_t ns, nn;
        const double *t, *v;
        const uint32_t *nr;
        if (which != A_TIMES && which != A_VALUES && which != A_NEURONS)
            return not_for(names[which], info.kind);
        if ((st = ax_recorder_get_trace(net, r, &ns, &nn, &t, &v, &nr)))
            break;
        npy_intp d[2] = {(npy_intp)ns, (npy_intp)nn};
        return which == A_TIMES    ? axpy_recorder_view(o, r, t, 1, d, NPY_DOUBLE)
               : which == A_VALUES ? axpy_recorder_view(o, r, v, 2, d, NPY_DOUBLE)
                                   : axpy_recorder_view(o, r, nr, 1, d + 1, NPY_UINT32);
    }
    case AX_RECORDER_SIGNAL: {   /* one value per sample: values is 1-D */
        size_t ns, nn;
        const double *t, *v;
        if (which != A_TIMES && which != A_VALUES)
            return not_for(names[which], info.kind);
        if ((st = ax_recorder_get_trace(net, r, &ns, &nn, &t, &v, NULL)))
            break;
        npy_intp d = (npy_intp)ns;
        return axpy_recorder_view(o, r, which == A_TIMES ? t : v, 1, &d, NPY_DOUBLE);
    }
    case AX_RECORDER_WEIGHTS: {
        size_t ns, nn;
        const double *t, *v;
        const uint64_t *syn;
        if (which != A_TIMES && which != A_VALUES && which != A_SYNAPSES)
            return not_for(names[which], info.kind);
        if ((st = ax_recorder_get_weights(net, r, &ns, &nn, &t, &v, &syn)))
            break;
        npy_intp d[2] = {(npy_intp)ns, (npy_intp)nn};
        return which == A_TIMES    ? axpy_recorder_view(o, r, t, 1, d, NPY_DOUBLE)
               : which == A_VALUES ? axpy_recorder_view(o, r, v, 2, d, NPY_DOUBLE)
                                   : axpy_recorder_view(o, r, syn, 1, d + 1, NPY_UINT64);
    }
    case AX_RECORDER_WEIGHT_HISTOGRAM: {
        size_t ns, bins;
        const double *t, *edges;
        const uint64_t *counts;
        if (which != A_TIMES && which != A_COUNTS && which != A_EDGES)
            return not_for(names[which], info.kind);
        if ((st = ax_recorder_get_weight_histogram(net, r, &ns, &bins, &t, &counts, &edges)))
            break;
        npy_intp d[2] = {(npy_intp)ns, (npy_intp)bins}, ne = (npy_intp)bins + 1;
        return which == A_TIMES    ? axpy_recorder_view(o, r, t, 1, d, NPY_DOUBLE)
               : which == A_COUNTS ? axpy_recorder_view(o, r, counts, 2, d, NPY_UINT64)
                                   : axpy_recorder_view(o, r, edges, 1, &ne, NPY_DOUBLE);
    }
    }
    return axpy_fail(self->owner, st);
}

static PyObject *path_call(axpy_handle *self, PyObject *args, int npy, int stream)
{
    const char *call = stream ? (npy ? "stream_npy" : "stream_csv") : (npy ? "write_npy" : "write_csv");
    PyObject *a = NULL, *b = NULL;
    if (!PyArg_ParseTuple(args, npy ? "O&O&" : "O&", PyUnicode_FSConverter, &a, PyUnicode_FSConverter, &b))
        return NULL;
    (void)call;
    ax_network *net = axpy_net_of(self->owner, "recorder");
    ax_status st = AX_OK;
    if (net) {
        const char *pa = PyBytes_AS_STRING(a), *pb = b ? PyBytes_AS_STRING(b) : NULL;
        st = stream ? (npy ? ax_recorder_stream_npy(net, self->handle, pa, pb) : ax_recorder_stream_csv(net, self->handle, pa))
                    : (npy ? ax_recorder_write_npy(net, self->handle, pa, pb) : ax_recorder_write_csv(net, self->handle, pa));
    }
    Py_XDECREF(a);
    Py_XDECREF(b);
    if (!net)
        return NULL;
    if (st)
        return axpy_fail(self->owner, st);
    Py_RETURN_NONE;
}

static PyObject *rec_write_csv(axpy_handle *self, PyObject *args) { return path_call(self, args, 0, 0); }
static PyObject *rec_write_npy(axpy_handle *self, PyObject *args) { return path_call(self, args, 1, 0); }
static PyObject *rec_stream_csv(axpy_handle *self, PyObject *args) { return path_call(self, args, 0, 1); }
static PyObject *rec_stream_npy(axpy_handle *self, PyObject *args) { return path_call(self, args, 1, 1); }

static PyObject *rec_repr(axpy_handle *self)
{
    ax_recorder_info info;
    if (!self->owner->net || ax_recorder_get_info(self->owner->net, self->handle, &info))
        return PyUnicode_FromFormat("<axon.Recorder %u>", self->handle);
    return PyUnicode_FromFormat("<axon.Recorder %u: %s>", self->handle, info.variable);
}

static PyMethodDef rec_methods[] = {
    {"write_csv", (PyCFunction)rec_write_csv, METH_VARARGS,
     "write_csv(path): spikes (time_ms,neuron), a trace or weights (time_ms,<i>,...) or a histogram "
     "(time_ms,low,high,count); written under a temporary name and renamed when complete."},
    {"write_npy", (PyCFunction)rec_write_npy, METH_VARARGS,
     "write_npy(values_path, times_path): traces and weights as NPY (samples x columns) and the times."},
    {"stream_csv", (PyCFunction)rec_stream_csv, METH_VARARGS,
     "stream_csv(path): from now on write what is recorded to path during every run; memory stays bounded."},
    {"stream_npy", (PyCFunction)rec_stream_npy, METH_VARARGS,
     "stream_npy(values_path, times_path): stream_csv in NPY (traces and weights)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef rec_getset[] = {
    {"kind", (getter)rec_kind, NULL, "\"spikes\", \"state\", \"weights\" or \"weight_histogram\".", NULL},
    {"variable", (getter)rec_variable, NULL, "\"spikes\", the state variable, \"weights\" or \"weight_histogram\".",
     NULL},
    {"unit", (getter)rec_unit, NULL, "Unit of the recorded values (\"\" for spikes).", NULL},
    {"interval", (getter)rec_interval, NULL, "Sampling interval in ms (0: every step, or given times).", NULL},
    {"population", (getter)rec_population, NULL, "The Population (weights: the projection's target).", NULL},
    {"projection", (getter)rec_projection, NULL, "The Projection of a weight recorder, else None.", NULL},
    {"spikes", (getter)rec_array, NULL, "(times, neurons): float64 ms and uint32 indices, in time order.",
     (void *)A_SPIKES},
    {"times", (getter)rec_array, NULL, "Sample times in ms (float64).", (void *)A_TIMES},
    {"values", (getter)rec_array, NULL, "Samples (float64), shape (samples, neurons or synapses).",
     (void *)A_VALUES},
    {"neurons", (getter)rec_array, NULL, "Recorded neuron indices (uint32, increasing).", (void *)A_NEURONS},
    {"synapses", (getter)rec_array, NULL, "Recorded synapse positions (uint64, increasing).", (void *)A_SYNAPSES},
    {"counts", (getter)rec_array, NULL, "Histogram counts (uint64), shape (samples, bins).", (void *)A_COUNTS},
    {"edges", (getter)rec_array, NULL, "Histogram bin edges (float64), bins + 1.", (void *)A_EDGES},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef rec_members[] = {
    {"handle", T_UINT, offsetof(axpy_handle, handle), READONLY, "The library's handle (ax_recorder)."},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject axpy_RecorderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "axon.Recorder",
    .tp_doc = "What is recorded from a population (Population.record) or a plastic projection "
              "(Projection.record_weights).  Arrays are read-only.",
    .tp_basicsize = sizeof(axpy_handle),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = axpy_handle_no_new,
    .tp_dealloc = axpy_handle_dealloc,
    .tp_traverse = axpy_handle_traverse,
    .tp_clear = axpy_handle_clear,
    .tp_richcompare = axpy_handle_richcompare,
    .tp_hash = axpy_handle_hash,
    .tp_repr = (reprfunc)rec_repr,
    .tp_methods = rec_methods,
    .tp_getset = rec_getset,
    .tp_members = rec_members,
};
