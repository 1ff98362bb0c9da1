/*
 * report.c - what a network says about itself: stats, why the last run
 * stopped (failure), the warnings collected, silencing them.
 */
#include "axon_py.h"

/* Sets d[key] = value, stealing value; -1 when either failed. */
static int put(PyObject *d, const char *key, PyObject *value)
{
    if (!value)
        return -1;
    int r = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return r;
}

PyObject *axpy_network_stats(axpy_network *self, void *closure)
{
    (void)closure;
    ax_network *net = axpy_net(self);
    ax_stats s;
    if (!net)
        return NULL;
    ax_status st = ax_network_get_stats(net, &s);
    if (st)
        return axpy_fail(self, st);
    PyObject *d = PyDict_New();
    if (!d || put(d, "neurons", PyLong_FromUnsignedLongLong(s.neurons)) ||
        put(d, "synapses", PyLong_FromUnsignedLongLong(s.synapses)) ||
        put(d, "spikes", PyLong_FromUnsignedLongLong(s.spikes)) ||
        put(d, "events", PyLong_FromUnsignedLongLong(s.events)) ||
        put(d, "synapse_bytes", PyLong_FromUnsignedLongLong(s.synapse_bytes)) ||
        put(d, "plastic_bytes", PyLong_FromUnsignedLongLong(s.plastic_bytes)) ||
        put(d, "time_ms", PyFloat_FromDouble(s.time_ms)) || put(d, "build_s", PyFloat_FromDouble(s.build_s)) ||
        put(d, "run_s", PyFloat_FromDouble(s.run_s)) ||
        put(d, "min_delay_steps", PyLong_FromUnsignedLong(s.min_delay_steps)) ||
        put(d, "threads", PyLong_FromLong(s.threads)) || put(d, "threads_used", PyLong_FromLong(s.threads_used)) ||
        put(d, "recorded_ms", PyFloat_FromDouble(s.recorded_ms))) {
        Py_XDECREF(d);
        return NULL;
    }
    return d;
}

/* A population's name, or None for AX_NO_HANDLE. */
static PyObject *pop_or_none(axpy_network *self, ax_population p)
{
    if (p == AX_NO_HANDLE)
        Py_RETURN_NONE;
    return axpy_population_get(self, p);
}

PyObject *axpy_failure_dict(axpy_network *self)
{
    ax_run_failure f;
    if (!self->net || ax_network_get_failure(self->net, &f) != AX_OK || f.status == AX_OK)
        Py_RETURN_NONE;
    PyObject *d = PyDict_New();
    if (!d || put(d, "status", PyUnicode_FromString(ax_status_name(f.status))) ||
        put(d, "time_ms", PyFloat_FromDouble(f.time_ms)) ||
        put(d, "cause", PyUnicode_FromString(f.cause ? f.cause : "")))
        goto fail;
    if (f.status == AX_ERR_NUMERIC) {
        ax_population_info info;
        PyObject *state = PyDict_New();
        if (!state)
            goto fail;
        if (ax_population_get_info(self->net, f.pop, &info) == AX_OK)
            for (uint32_t k = 0; k < f.n_vars && k < info.model->n_vars; k++)
                if (put(state, info.model->vars[k].name, PyFloat_FromDouble(f.state[k]))) {
                    Py_DECREF(state);
                    goto fail;
                }
        if (put(d, "state", state) || put(d, "population", pop_or_none(self, f.pop)) ||
            put(d, "neuron", PyLong_FromUnsignedLong(f.neuron)) ||
            put(d, "variable", PyUnicode_FromString(f.variable ? f.variable : "")) ||
            put(d, "value", PyFloat_FromDouble(f.value)) || put(d, "from_ms", PyFloat_FromDouble(f.from_ms)) ||
            put(d, "to_ms", PyFloat_FromDouble(f.to_ms)))
            goto fail;
    }
    return d;
fail:
    Py_XDECREF(d);
    return NULL;
}

PyObject *axpy_network_failure(axpy_network *self, void *closure)
{
    (void)closure;
    return axpy_net(self) ? axpy_failure_dict(self) : NULL;
}

static PyObject *handle_or_none(uint32_t h)
{
    if (h == AX_NO_HANDLE)
        Py_RETURN_NONE;
    return PyLong_FromUnsignedLong(h);
}

PyObject *axpy_network_warnings(axpy_network *self, void *closure)
{
    (void)closure;
    ax_network *net = axpy_net(self);
    if (!net)
        return NULL;
    size_t n = ax_warning_count(net);
    PyObject *list = PyList_New(0);
    for (size_t i = 0; list && i < n; i++) {
        ax_warning w;
        ax_status st = ax_warning_get(net, i, &w);
        if (st) {
            Py_DECREF(list);
            return axpy_fail(self, st);
        }
        PyObject *d = PyDict_New();
        if (!d || put(d, "kind", PyUnicode_FromString(w.name)) || put(d, "message", PyUnicode_FromString(w.message)) ||
            put(d, "step", PyLong_FromLongLong(w.step)) || put(d, "value", PyFloat_FromDouble(w.value)) ||
            put(d, "population", pop_or_none(self, w.population)) || 
            put(d, "projection",
                w.projection == AX_NO_HANDLE ? Py_NewRef(Py_None) : axpy_projection_get(self, w.projection)) ||
            put(d, "input", handle_or_none(w.input)) || 
            put(d, "recorder", w.recorder == AX_NO_HANDLE ? Py_NewRef(Py_None) : axpy_recorder_new(self, w.recorder)) ||
            put(d, "neuron", w.neuron < 0 ? Py_NewRef(Py_None) : PyLong_FromLongLong(w.neuron)) ||
            PyList_Append(list, d) < 0) {
            Py_XDECREF(d);
            Py_DECREF(list);
            return NULL;
        }
        Py_DECREF(d);
    }
    return list;
}

PyObject *axpy_network_silence_warning(axpy_network *self, PyObject *arg)
{
    ax_network *net = axpy_net(self);
    const char *name = net ? axpy_str_arg(arg, "silence_warning", "kind") : NULL;
    if (!name)
        return NULL;
    char allowed[512] = "";
    for (int k = 0; k < AX_WARNING_KINDS; k++) {
        const char *kn = ax_warning_kind_name((ax_warning_kind)k);
        if (!strcmp(kn, name)) {
            ax_status st = ax_warning_silence(net, (ax_warning_kind)k);
            if (st)
                return axpy_fail(self, st);
            Py_RETURN_NONE;
        }
        strncat(allowed, k ? ", " : "", sizeof allowed - strlen(allowed) - 1);
        strncat(allowed, kn, sizeof allowed - strlen(allowed) - 1);
    }
    return axpy_raisef(AX_ERR_ARGUMENT, "silence_warning: '%s' is not a warning kind: one of %s", name, allowed);
}
