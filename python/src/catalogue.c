/*
 * catalogue.c - the library's catalogues as dicts: models (axon.models(), with
 * a network also those defined on it), ion channels (axon.channels()) and
 * receptor kinds (axon.receptor_kinds()), with their parameter and state
 * tables.
 */
#include "axon_py.h"

static int put(PyObject *d, const char *key, PyObject *value)
{
    if (!value)
        return -1;
    int r = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return r;
}

static PyObject *str_or_empty(const char *s)
{
    return PyUnicode_FromString(s ? s : "");
}

PyObject *axpy_param_list(const ax_param_info *p, uint32_t n)
{
    PyObject *list = PyList_New(0);
    for (uint32_t i = 0; list && i < n; i++) {
        PyObject *d = PyDict_New();
        if (!d || put(d, "name", str_or_empty(p[i].name)) || put(d, "unit", str_or_empty(p[i].unit)) ||
            put(d, "default", PyFloat_FromDouble(p[i].value)) || put(d, "min", PyFloat_FromDouble(p[i].min)) ||
            put(d, "max", PyFloat_FromDouble(p[i].max)) ||
            put(d, "min_exclusive", PyBool_FromLong(!!(p[i].flags & AX_PARAM_GT_MIN))) ||
            put(d, "max_exclusive", PyBool_FromLong(!!(p[i].flags & AX_PARAM_LT_MAX))) ||
            put(d, "doc", str_or_empty(p[i].doc)) || PyList_Append(list, d) < 0) {
            Py_XDECREF(d);
            Py_CLEAR(list);
            break;
        }
        Py_DECREF(d);
    }
    return list;
}

static PyObject *var_list(const ax_var_info *v, uint32_t n)
{
    PyObject *list = PyList_New(0);
    for (uint32_t i = 0; list && i < n; i++) {
        PyObject *d = PyDict_New();
        if (!d || put(d, "name", str_or_empty(v[i].name)) || put(d, "unit", str_or_empty(v[i].unit)) ||
            put(d, "default", PyFloat_FromDouble(v[i].value)) || put(d, "doc", str_or_empty(v[i].doc)) ||
            PyList_Append(list, d) < 0) {
            Py_XDECREF(d);
            Py_CLEAR(list);
            break;
        }
        Py_DECREF(d);
    }
    return list;
}

static PyObject *receptor_list(const ax_receptor_info *r, uint32_t n)
{
    PyObject *list = PyList_New(0);
    for (uint32_t i = 0; list && i < n; i++) {
        PyObject *d = PyDict_New();
        if (!d || put(d, "name", str_or_empty(r[i].name)) || put(d, "weight_unit", str_or_empty(r[i].weight_unit)) ||
            put(d, "nonnegative", PyBool_FromLong(!!(r[i].flags & AX_RECEPTOR_NONNEGATIVE))) ||
            put(d, "doc", str_or_empty(r[i].doc)) || PyList_Append(list, d) < 0) {
            Py_XDECREF(d);
            Py_CLEAR(list);
            break;
        }
        Py_DECREF(d);
    }
    return list;
}

PyObject *axpy_model_dict(const ax_model *m)
{
    PyObject *d = PyDict_New();
    if (!d || put(d, "doc", str_or_empty(m->doc)) || put(d, "params", axpy_param_list(m->params, m->n_params)) ||
        put(d, "state", var_list(m->vars, m->n_vars)) ||
        put(d, "receptors", receptor_list(m->receptors, m->n_receptors)) ||
        put(d, "spike_source", PyBool_FromLong(!!(m->flags & AX_MODEL_SPIKE_SOURCE))) ||
        put(d, "spike_times", PyBool_FromLong(!!(m->flags & AX_MODEL_SPIKE_TIMES)))) {
        Py_XDECREF(d);
        return NULL;
    }
    return d;
}

/* models(network=None): the built-ins, and with a network also the models
 * defined on it (define_cell, define_equations, ...). */
PyObject *axpy_models(PyObject *module, PyObject *args, PyObject *kw)
{
    (void)module;
    static char *kwlist[] = {"network", NULL};
    PyObject *net_o = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O:models", kwlist, &net_o))
        return NULL;
    const ax_network *net = NULL;
    if (net_o != Py_None) {
        if (!PyObject_TypeCheck(net_o, &axpy_NetworkType))
            return PyErr_Format(PyExc_TypeError, "models: network must be an axon.Network or None, not %.100s",
                                Py_TYPE(net_o)->tp_name);
        if (!(net = axpy_net((axpy_network *)net_o)))
            return NULL;
    }
    PyObject *out = PyDict_New();
    size_t n = ax_model_count(net);
    for (size_t i = 0; out && i < n; i++) {
        const ax_model *m = ax_model_get(net, i);
        if (m && put(out, m->name, axpy_model_dict(m)) < 0)
            Py_CLEAR(out);
    }
    return out;
}

static PyObject *channel_dict(const ax_channel_info *c)
{
    PyObject *d = PyDict_New();
    if (!d || put(d, "doc", str_or_empty(c->doc)) || put(d, "params", axpy_param_list(c->params, c->n_params)) ||
        put(d, "gates", var_list(c->gates, c->n_gates))) {
        Py_XDECREF(d);
        return NULL;
    }
    return d;
}

PyObject *axpy_channels(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    PyObject *out = PyDict_New();
    size_t n = ax_channel_count(NULL);
    for (size_t i = 0; out && i < n; i++) {
        ax_channel_info c;
        if (ax_channel_get_info(NULL, i, &c) == AX_OK && put(out, c.name, channel_dict(&c)) < 0)
            Py_CLEAR(out);
    }
    return out;
}

PyObject *axpy_receptor_kinds(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    PyObject *out = PyDict_New();
    size_t n = ax_receptor_kind_count();
    for (size_t i = 0; out && i < n; i++) {
        ax_channel_info c;
        if (ax_receptor_kind_get_info(i, &c) == AX_OK && put(out, c.name, channel_dict(&c)) < 0)
            Py_CLEAR(out);
    }
    return out;
}
