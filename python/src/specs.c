/*
 * specs.c - connectors and inputs: the pure-Python classes (axon.connectors,
 * axon.inputs) carry their fields already checked for type; this reads them
 * into ax_connector / ax_input_spec.  The library checks the values.
 */
#include "axon_py.h"

static PyObject *spec_attr(PyObject *obj, const char *attr, const char *call, const char *what,
                           const char *expected)
{
    PyObject *t = PyObject_GetAttrString(obj, attr);
    if (!t) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return NULL;
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s: %s must be %s, not %.100s", call, what, expected, Py_TYPE(obj)->tp_name);
    }
    return t;
}

int axpy_connector_from(PyObject *obj, const char *call, axpy_connector *out)
{
    memset(out, 0, sizeof *out);
    PyObject *t = spec_attr(obj, "_axon_connector", call, "connector",
                            "a connector (axon.AllToAll, OneToOne, FixedProbability, FixedIndegree, "
                            "FixedOutdegree, FixedTotal, FromList, DistanceConnector)");
    if (!t)
        return -1;
    int kind, self, multiple;
    double p;
    unsigned long long n;
    PyObject *src, *tgt, *dist = NULL;
    if (!PyTuple_Check(t) || !PyArg_ParseTuple(t, "idKppOO|O", &kind, &p, &n, &self, &multiple, &src, &tgt, &dist) ||
        kind < AX_CONNECTOR_ALL_TO_ALL || kind > AX_CONNECTOR_DISTANCE || (kind == AX_CONNECTOR_DISTANCE) != !!dist) {
        Py_DECREF(t);
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s: connector: %.100s is not a connector of axon", call, Py_TYPE(obj)->tp_name);
        return -1;
    }
    out->c.kind = (ax_connector_kind)kind;
    out->c.p = p;
    out->c.n = n;
    out->c.allow_self = self;
    out->c.allow_multiple = multiple;
    if (kind == AX_CONNECTOR_DISTANCE) {
        int shape, kernel, indegree = 0;
        const char *prob;
        ax_connector *c = &out->c;
        if (!PyArg_ParseTuple(dist, "id(ddd)(ddd)idz|p", &shape, &c->radius, &c->extent[0], &c->extent[1],
                              &c->extent[2], &c->periodic[0], &c->periodic[1], &c->periodic[2], &kernel, &c->width,
                              &prob, &indegree)) {
            Py_DECREF(t);
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "%s: connector: %.100s is not a connector of axon", call,
                         Py_TYPE(obj)->tp_name);
            return -1;
        }
        c->shape = (ax_distance_shape)shape;
        c->kernel = (ax_distance_kernel)kernel;
        c->probability = prob;   /* held by the connector object the caller holds */
        c->fixed_indegree = indegree;
    }
    if (kind == AX_CONNECTOR_FROM_LIST) {
        if (axpy_indices_from(src, call, "FromList sources", NPY_UINT32, &out->sources) < 0 ||
            axpy_indices_from(tgt, call, "FromList targets", NPY_UINT32, &out->targets) < 0) {
            Py_DECREF(t);
            axpy_connector_release(out);
            return -1;
        }
        if (out->sources.n != out->targets.n) {
            Py_DECREF(t);
            axpy_connector_release(out);
            axpy_raisef(AX_ERR_ARGUMENT, "%s: FromList has %zu sources and %zu targets: they must be pairs", call,
                        out->sources.n, out->targets.n);
            return -1;
        }
        out->c.sources = out->sources.data;
        out->c.targets = out->targets.data;
        out->c.n_pairs = out->sources.n;
    }
    Py_DECREF(t);
    return 0;
}

void axpy_connector_release(axpy_connector *c)
{
    axpy_indices_release(&c->sources);
    axpy_indices_release(&c->targets);
}

const char *axpy_input_kind_name(ax_input_kind kind)
{
    switch (kind) {
    case AX_INPUT_DC: return "dc";
    case AX_INPUT_STEP: return "step";
    case AX_INPUT_AC: return "ac";
    case AX_INPUT_NOISE: return "noise";
    case AX_INPUT_POISSON: return "poisson";
    }
    return "?";
}

/* The number fields of ax_input_spec by name (the classes' argument names). */
static const struct {
    const char *name;
    size_t offset;
} input_numbers[] = {
    {"amplitude", offsetof(ax_input_spec, amplitude)}, {"offset", offsetof(ax_input_spec, offset)},
    {"frequency", offsetof(ax_input_spec, frequency)}, {"phase", offsetof(ax_input_spec, phase)},
    {"mean", offsetof(ax_input_spec, mean)},           {"std", offsetof(ax_input_spec, std)},
    {"interval", offsetof(ax_input_spec, interval)},   {"sources", offsetof(ax_input_spec, sources)},
    {"rate", offsetof(ax_input_spec, rate)},           {"weight", offsetof(ax_input_spec, weight)},
    {"start", offsetof(ax_input_spec, start)},         {"stop", offsetof(ax_input_spec, stop)},
};

int axpy_input_spec_from(PyObject *obj, const char *call, axpy_input_spec *out)
{
    memset(out, 0, sizeof *out);
    PyObject *d = spec_attr(obj, "_axon_input", call, "spec",
                            "an input (axon.DC, Step, AC, Noise, PoissonInput)");
    if (!d)
        return -1;
    if (!PyDict_Check(d)) {
        Py_DECREF(d);
        PyErr_Format(PyExc_TypeError, "%s: spec: %.100s is not an input of axon", call, Py_TYPE(obj)->tp_name);
        return -1;
    }
    PyObject *k = PyDict_GetItemString(d, "kind");
    long kind = k && PyLong_Check(k) ? PyLong_AsLong(k) : -1;
    if (kind < AX_INPUT_DC || kind > AX_INPUT_POISSON) {
        Py_DECREF(d);
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s: spec: %.100s is not an input of axon", call, Py_TYPE(obj)->tp_name);
        return -1;
    }
    out->s.kind = (ax_input_kind)kind;
    for (size_t i = 0; i < sizeof input_numbers / sizeof *input_numbers; i++) {
        PyObject *v = PyDict_GetItemString(d, input_numbers[i].name);
        if (v && axpy_double_arg(v, call, input_numbers[i].name,
                                 (double *)((char *)&out->s + input_numbers[i].offset)) < 0)
            goto fail;
    }
    PyObject *r = PyDict_GetItemString(d, "receptor");
    if (r) {
        if (!(out->s.receptor = axpy_str_arg(r, call, "receptor")))
            goto fail;
        Py_INCREF(r);
        out->keep[0] = r;
    }
    PyObject *times = PyDict_GetItemString(d, "times"), *amps = PyDict_GetItemString(d, "amplitudes");
    if (times && amps) {
        axpy_indices a, b;
        if (axpy_doubles_from(times, call, "times", &a) < 0)
            goto fail;
        out->keep[1] = a.keep;
        if (axpy_doubles_from(amps, call, "amplitudes", &b) < 0)
            goto fail;
        out->keep[2] = b.keep;
        if (a.n != b.n) {
            axpy_raisef(AX_ERR_ARGUMENT, "%s: a step input has %zu times and %zu amplitudes: one amplitude per time",
                        call, a.n, b.n);
            goto fail;
        }
        out->s.times = a.data;
        out->s.amplitudes = b.data;
        out->s.n_times = a.n;
    }
    Py_DECREF(d);
    return 0;
fail:
    Py_DECREF(d);
    axpy_input_spec_release(out);
    return -1;
}

void axpy_input_spec_release(axpy_input_spec *s)
{
    for (int i = 0; i < 3; i++)
        Py_CLEAR(s->keep[i]);
}
