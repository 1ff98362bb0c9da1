/*
 * graph.c - the network as a graph after the build: Projection.synapse,
 * set_synapse, export, import_weights; Population.incoming, outgoing
 * (ax_projection_find_synapse, _set_synapse_weight / _delay,
 * ax_projection_export / _import, ax_population_get_incoming / _outgoing).
 *
 * A synapse is a dict - projection (the Projection object), pre, post,
 * weight, delay, index (its position in proj.weights) - so that it reads
 * the same from both sides.  Every change of weights or delays first hands
 * the projection's table to the arrays that show it (they keep the old
 * values), as setting proj.weights does.
 */
#include "axon_py.h"

/* A neuron index: an int in 0 .. 2^32 - 2 (the library says which are
 * inside the population). */
static int index_arg(PyObject *o, const char *call, const char *name, uint32_t *out)
{
    if (PyBool_Check(o) || !(PyLong_Check(o) || PyArray_IsScalar(o, Integer))) {
        PyErr_Format(PyExc_TypeError, "%s: %s must be an int, not %.100s", call, name, Py_TYPE(o)->tp_name);
        return -1;
    }
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (overflow || v < 0 || v >= (long long)UINT32_MAX) {
        axpy_raisef(AX_ERR_ARGUMENT, "%s: %s %lld is not a neuron index (0 .. size - 1)", call, name,
                    overflow ? -1LL : v);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static int set_item(PyObject *d, const char *key, PyObject *v)
{
    if (!v)
        return -1;
    int r = PyDict_SetItemString(d, key, v);
    Py_DECREF(v);
    return r;
}

static PyObject *synapse_dict(axpy_network *owner, const ax_synapse *s, bool count)
{
    PyObject *d = PyDict_New();
    if (!d)
        return NULL;
    if (set_item(d, "projection", axpy_projection_get(owner, s->projection)) < 0 ||
        set_item(d, "pre", PyLong_FromUnsignedLong(s->source)) < 0 ||
        set_item(d, "post", PyLong_FromUnsignedLong(s->target)) < 0 ||
        set_item(d, "weight", PyFloat_FromDouble(s->weight)) < 0 ||
        set_item(d, "delay", PyFloat_FromDouble(s->delay)) < 0 ||
        set_item(d, "index", PyLong_FromUnsignedLongLong(s->index)) < 0 ||
        (count && set_item(d, "count", PyLong_FromUnsignedLong(s->count)) < 0)) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

PyObject *axpy_prj_synapse(axpy_handle *self, PyObject *args)
{
    PyObject *pre_o, *post_o;
    uint32_t pre, post;
    if (!PyArg_ParseTuple(args, "OO:synapse", &pre_o, &post_o) || index_arg(pre_o, "synapse", "pre", &pre) < 0 ||
        index_arg(post_o, "synapse", "post", &post) < 0)
        return NULL;
    ax_network *net = axpy_net_of(self->owner, "projection");
    if (!net)
        return NULL;
    ax_synapse s;
    ax_status st = ax_projection_find_synapse(net, self->handle, pre, post, &s);
    if (st == AX_ERR_NOT_FOUND)
        Py_RETURN_NONE;   /* the handle is the Projection's own: not found is the pair */
    return st ? axpy_fail(self->owner, st) : synapse_dict(self->owner, &s, true);
}

PyObject *axpy_prj_set_synapse(axpy_handle *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"pre", "post", "weight", "delay", NULL};
    PyObject *pre_o, *post_o, *w_o = Py_None, *d_o = Py_None;
    uint32_t pre, post;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|OO:set_synapse", kwlist, &pre_o, &post_o, &w_o, &d_o) ||
        index_arg(pre_o, "set_synapse", "pre", &pre) < 0 || index_arg(post_o, "set_synapse", "post", &post) < 0)
        return NULL;
    double w = 0, d = 0;
    if ((w_o != Py_None && axpy_double_arg(w_o, "set_synapse", "weight", &w) < 0) ||
        (d_o != Py_None && axpy_double_arg(d_o, "set_synapse", "delay", &d) < 0))
        return NULL;
    if (w_o == Py_None && d_o == Py_None)
        return axpy_raisef(AX_ERR_ARGUMENT, "set_synapse: give weight=, delay= or both");
    ax_network *net = axpy_net_of(self->owner, "projection");
    if (!net || axpy_network_release_table(self->owner, self->handle) < 0)
        return NULL;
    /* the delay first: the call refused more often (plastic delays after t = 0); put back when the
     * weight is refused, so that a failed call changes nothing */
    ax_synapse old;
    ax_status st = ax_projection_find_synapse(net, self->handle, pre, post, &old);
    if (!st && d_o != Py_None)
        st = ax_projection_set_synapse_delay(net, self->handle, pre, post, d);
    if (!st && w_o != Py_None && (st = ax_projection_set_synapse_weight(net, self->handle, pre, post, w)) &&
        d_o != Py_None) {
        PyObject *e = axpy_fail(self->owner, st);   /* the weight's message, raised */
        ax_projection_set_synapse_delay(net, self->handle, pre, post, old.delay);
        return e;
    }
    if (st)
        return axpy_fail(self->owner, st);
    Py_RETURN_NONE;
}

/* The format named, or taken from the path's extension. */
static int format_arg(axpy_network *owner, ax_network *net, PyObject *fmt, const char *path, const char *call,
                      ax_graph_format *out)
{
    if (fmt == Py_None) {
        ax_status st = ax_graph_format_from_path(net, path, out);
        return st ? (axpy_fail(owner, st), -1) : 0;
    }
    const char *s = PyUnicode_Check(fmt) ? PyUnicode_AsUTF8(fmt) : NULL;
    if (s && !strcmp(s, "csv"))
        *out = AX_GRAPH_CSV;
    else if (s && !strcmp(s, "npy"))
        *out = AX_GRAPH_NPY;
    else if (s && !strcmp(s, "npz"))
        *out = AX_GRAPH_NPZ;
    else {
        if (!PyErr_Occurred())
            axpy_raisef(AX_ERR_ARGUMENT, "%s: format must be \"csv\", \"npy\", \"npz\" or None (from the "
                        "extension), not %R", call, fmt);
        return -1;
    }
    return 0;
}

static PyObject *file_call(axpy_handle *self, PyObject *args, PyObject *kw, bool import)
{
    static char *kwlist[] = {"path", "format", NULL};
    const char *call = import ? "import_weights" : "export";
    PyObject *path_o, *fmt = Py_None, *path = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, import ? "O|O:import_weights" : "O|O:export", kwlist, &path_o, &fmt) ||
        !PyUnicode_FSConverter(path_o, &path))
        return NULL;
    ax_network *net = axpy_net_of(self->owner, "projection");
    ax_graph_format format;
    if (!net || format_arg(self->owner, net, fmt, PyBytes_AS_STRING(path), call, &format) < 0 ||
        (import && axpy_network_release_table(self->owner, self->handle) < 0)) {
        Py_DECREF(path);
        return NULL;
    }
    ax_status st = import ? ax_projection_import(net, self->handle, PyBytes_AS_STRING(path), format)
                          : ax_projection_export(net, self->handle, PyBytes_AS_STRING(path), format);
    Py_DECREF(path);
    if (st)
        return axpy_fail(self->owner, st);
    Py_RETURN_NONE;
}

PyObject *axpy_prj_export(axpy_handle *self, PyObject *args, PyObject *kw) { return file_call(self, args, kw, false); }
PyObject *axpy_prj_import(axpy_handle *self, PyObject *args, PyObject *kw) { return file_call(self, args, kw, true); }

static PyObject *neuron_list(axpy_handle *self, PyObject *arg, bool in)
{
    const char *call = in ? "incoming" : "outgoing";
    uint32_t neuron;
    if (index_arg(arg, call, "neuron", &neuron) < 0)
        return NULL;
    ax_network *net = axpy_net_of(self->owner, "population");
    if (!net)
        return NULL;
    size_t n = 0, n2 = 0;
    ax_status st = in ? ax_population_get_incoming(net, self->handle, neuron, NULL, 0, &n)
                      : ax_population_get_outgoing(net, self->handle, neuron, NULL, 0, &n);
    if (st)
        return axpy_fail(self->owner, st);
    ax_synapse *s = PyMem_Malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return PyErr_NoMemory();
    st = in ? ax_population_get_incoming(net, self->handle, neuron, s, n, &n2)
            : ax_population_get_outgoing(net, self->handle, neuron, s, n, &n2);
    PyObject *list = st ? axpy_fail(self->owner, st) : PyList_New((Py_ssize_t)n);
    for (size_t k = 0; list && k < n; k++) {
        PyObject *d = synapse_dict(self->owner, &s[k], false);
        if (!d) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)k, d);
    }
    PyMem_Free(s);
    return list;
}

PyObject *axpy_pop_incoming(axpy_handle *self, PyObject *arg) { return neuron_list(self, arg, true); }
PyObject *axpy_pop_outgoing(axpy_handle *self, PyObject *arg) { return neuron_list(self, arg, false); }
