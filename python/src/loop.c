/*
 * loop.c - axon._axon.Loop: a closed reward loop (ax_loop_*) whose
 * environment is a Python object with observe, act and reward methods
 * (python/axon/loop.py documents it).
 *
 * The loop runs with the GIL released, as Network.run does; each callback
 * takes it back.  An exception a callback raises stops the loop (the
 * callback returns a failure to the library) and is raised again, with
 * its traceback, by Loop.run.  While the loop runs the network refuses
 * other calls (its `running` flag), so callbacks see the spike counts
 * they are given, not the network.  Ctrl-C is noticed at the next
 * callback (PyErr_CheckSignals), which raises KeyboardInterrupt there.
 */
#include "axon_py.h"

typedef struct axpy_loop {
    PyObject_HEAD
    ax_loop *loop;
    axpy_network *owner;        /* strong */
    PyObject *observe, *act, *reward;   /* the environment's bound methods, or NULL */
    PyObject *exc;              /* the exception a callback raised during run */
} axpy_loop;


static ax_status callback_failed(axpy_loop *self, const char *which, ax_error *err)
{
    axpy_keep_exception(&self->exc);
    snprintf(err->message, sizeof err->message, "the environment's %s raised an exception", which);
    return AX_ERR_INTERRUPTED;
}

static PyObject *counts_array(const uint32_t *counts, size_t n)
{
    npy_intp dims[1] = {(npy_intp)n};
    PyObject *a = PyArray_SimpleNew(1, dims, NPY_UINT32);
    if (a && n)
        memcpy(PyArray_DATA((PyArrayObject *)a), counts, n * sizeof *counts);
    return a;
}

static ax_status observe_cb(void *user, uint64_t k, double *levels, size_t n, ax_error *err)
{
    axpy_loop *self = user;
    PyGILState_STATE g = PyGILState_Ensure();
    ax_status st = AX_OK;
    PyObject *r = PyErr_CheckSignals() < 0 ? NULL : PyObject_CallFunction(self->observe, "K", (unsigned long long)k);
    PyObject *seq = r ? PySequence_Fast(r, "Loop: observe must return a sequence of levels (one per input)") : NULL;
    if (seq && (size_t)PySequence_Fast_GET_SIZE(seq) != n)
        PyErr_Format(axpy_error_class(AX_ERR_ARGUMENT), "Loop: observe returned %zd levels for %zu inputs: one "
                     "level per input is needed", PySequence_Fast_GET_SIZE(seq), n);
    for (size_t i = 0; seq && !PyErr_Occurred() && i < n; i++) {
        levels[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
        if (PyErr_Occurred())
            PyErr_Format(PyExc_TypeError, "Loop: observe's level %zu is not a number", i);
    }
    if (PyErr_Occurred())
        st = callback_failed(self, "observe", err);
    Py_XDECREF(seq);
    Py_XDECREF(r);
    PyGILState_Release(g);
    return st;
}

static ax_status act_cb(void *user, uint64_t k, const uint32_t *counts, size_t n, ax_error *err)
{
    axpy_loop *self = user;
    PyGILState_STATE g = PyGILState_Ensure();
    ax_status st = AX_OK;
    PyObject *a = PyErr_CheckSignals() < 0 ? NULL : counts_array(counts, n);
    PyObject *r = a ? PyObject_CallFunction(self->act, "KO", (unsigned long long)k, a) : NULL;
    if (!r)
        st = callback_failed(self, "act", err);
    Py_XDECREF(r);
    Py_XDECREF(a);
    PyGILState_Release(g);
    return st;
}

static ax_status reward_cb(void *user, uint64_t k, const uint32_t *counts, size_t n, double *reward, ax_error *err)
{
    axpy_loop *self = user;
    PyGILState_STATE g = PyGILState_Ensure();
    ax_status st = AX_OK;
    PyObject *a = PyErr_CheckSignals() < 0 ? NULL : counts_array(counts, n);
    PyObject *r = a ? PyObject_CallFunction(self->reward, "KO", (unsigned long long)k, a) : NULL;
    if (r) {
        *reward = PyFloat_AsDouble(r);
        if (PyErr_Occurred())
            PyErr_Format(PyExc_TypeError, "Loop: reward must return a number, not %.100s", Py_TYPE(r)->tp_name);
    }
    if (!r || PyErr_Occurred())
        st = callback_failed(self, "reward", err);
    Py_XDECREF(r);
    Py_XDECREF(a);
    PyGILState_Release(g);
    return st;
}

/* A population or modulator given as a str or as its handle object: its name (borrowed from `keep`). */
static const char *name_of(PyObject *obj, const char *what, PyObject **keep)
{
    *keep = PyUnicode_Check(obj) ? Py_NewRef(obj) : PyObject_GetAttrString(obj, "name");
    if (!*keep || !PyUnicode_Check(*keep)) {
        PyErr_Clear();
        Py_CLEAR(*keep);
        PyErr_Format(PyExc_TypeError, "Loop: %s must be a name (str) or a Population/Modulator, not %.100s", what,
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    return PyUnicode_AsUTF8(*keep);
}

/* The environment's method `name`, or NULL (none, or an error set). */
static int env_method(PyObject *env, const char *name, PyObject **out)
{
    *out = NULL;
    if (!PyObject_HasAttrString(env, name))
        return 0;
    PyObject *m = PyObject_GetAttrString(env, name);
    if (!m)
        return -1;
    if (m == Py_None) {
        Py_DECREF(m);
        return 0;
    }
    if (!PyCallable_Check(m)) {
        PyErr_Format(PyExc_TypeError, "Loop: env.%s must be callable, not %.100s", name, Py_TYPE(m)->tp_name);
        Py_DECREF(m);
        return -1;
    }
    *out = m;
    return 0;
}

typedef struct made_inputs {
    ax_loop_input *in;
    axpy_input_spec *spec;
    axpy_indices *sel;
    PyObject **names;
    Py_ssize_t n;
} made_inputs;

static void made_release(made_inputs *m)
{
    for (Py_ssize_t i = 0; i < m->n; i++) {
        axpy_input_spec_release(&m->spec[i]);
        axpy_indices_release(&m->sel[i]);
        Py_XDECREF(m->names[i]);
    }
    PyMem_Free(m->in);
    PyMem_Free(m->spec);
    PyMem_Free(m->sel);
    PyMem_Free(m->names);
}

/* inputs: a sequence of (population, spec) or (population, spec, neurons). */
static int inputs_from(PyObject *obj, made_inputs *m)
{
    memset(m, 0, sizeof *m);
    PyObject *seq = PySequence_Fast(obj, "Loop: inputs must be a sequence of (population, input spec[, neurons])");
    if (!seq)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    m->in = PyMem_Calloc(n ? n : 1, sizeof *m->in);
    m->spec = PyMem_Calloc(n ? n : 1, sizeof *m->spec);
    m->sel = PyMem_Calloc(n ? n : 1, sizeof *m->sel);
    m->names = PyMem_Calloc(n ? n : 1, sizeof *m->names);
    if (!m->in || !m->spec || !m->sel || !m->names) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PySequence_Fast_GET_ITEM(seq, i);
        Py_ssize_t len = PyTuple_Check(t) ? PyTuple_GET_SIZE(t) : -1;
        if (len != 2 && len != 3) {
            PyErr_Format(PyExc_TypeError, "Loop: inputs[%zd] must be a tuple (population, input spec[, neurons])", i);
            break;
        }
        m->n = i + 1;
        if (!(m->in[i].population = name_of(PyTuple_GET_ITEM(t, 0), "an input's population", &m->names[i])) ||
            axpy_input_spec_from(PyTuple_GET_ITEM(t, 1), "Loop", &m->spec[i]) < 0 ||
            axpy_neurons_from(len == 3 ? PyTuple_GET_ITEM(t, 2) : Py_None, "Loop", &m->in[i].neurons, &m->sel[i]) < 0)
            break;
        m->in[i].kind = m->spec[i].s.kind;
        m->in[i].sources = m->spec[i].s.sources;
        m->in[i].weight = m->spec[i].s.weight;
        m->in[i].receptor = m->spec[i].s.receptor;
    }
    Py_DECREF(seq);
    return PyErr_Occurred() ? -1 : 0;
}

static PyObject *loop_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"network", "env", "segment", "inputs", "outputs", "modulator", NULL};
    PyObject *net_o, *env, *inputs_o = Py_None, *outputs_o = Py_None, *mod_o = Py_None;
    double segment;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOd|OOO:Loop", kwlist, &net_o, &env, &segment, &inputs_o,
                                     &outputs_o, &mod_o))
        return NULL;
    if (!PyObject_TypeCheck(net_o, &axpy_NetworkType)) {
        PyErr_Format(PyExc_TypeError, "Loop: network must be an axon.Network, not %.100s", Py_TYPE(net_o)->tp_name);
        return NULL;
    }
    axpy_network *owner = (axpy_network *)net_o;
    ax_network *net = axpy_net(owner);
    if (!net)
        return NULL;
    axpy_loop *self = (axpy_loop *)type->tp_alloc(type, 0);
    if (!self)
        return NULL;
    self->owner = (axpy_network *)Py_NewRef(net_o);
    made_inputs ins = {0};
    PyObject *outs = NULL, *mod_keep = NULL;
    PyObject **out_keep = NULL;
    const char **out_names = NULL;
    Py_ssize_t n_out = 0;
    if (env_method(env, "observe", &self->observe) < 0 || env_method(env, "act", &self->act) < 0 ||
        env_method(env, "reward", &self->reward) < 0)
        goto fail;
    if (inputs_o != Py_None && inputs_from(inputs_o, &ins) < 0)
        goto fail;
    if (outputs_o != Py_None) {
        if (!(outs = PySequence_Fast(outputs_o, "Loop: outputs must be a sequence of populations (or names)")))
            goto fail;
        n_out = PySequence_Fast_GET_SIZE(outs);
        out_keep = PyMem_Calloc(n_out ? n_out : 1, sizeof *out_keep);
        out_names = PyMem_Calloc(n_out ? n_out : 1, sizeof *out_names);
        if (!out_keep || !out_names) {
            PyErr_NoMemory();
            goto fail;
        }
        for (Py_ssize_t o = 0; o < n_out; o++)
            if (!(out_names[o] = name_of(PySequence_Fast_GET_ITEM(outs, o), "an output", &out_keep[o])))
                goto fail;
    }
    ax_loop_spec spec = {
        .segment_ms = segment,
        .inputs = ins.in,
        .n_inputs = (size_t)ins.n,
        .outputs = out_names,
        .n_outputs = (size_t)n_out,
        .observe = self->observe ? observe_cb : NULL,
        .act = self->act ? act_cb : NULL,
        .reward = self->reward ? reward_cb : NULL,
        .user = self,
    };
    if (mod_o != Py_None && !(spec.modulator = name_of(mod_o, "modulator", &mod_keep)))
        goto fail;
    ax_error err;
    ax_status st = ax_loop_create(net, &spec, &self->loop, &err);
    if (st)
        axpy_raise(st, err.message);
fail:
    made_release(&ins);
    for (Py_ssize_t o = 0; out_keep && o < n_out; o++)
        Py_XDECREF(out_keep[o]);
    PyMem_Free(out_keep);
    PyMem_Free(out_names);
    Py_XDECREF(outs);
    Py_XDECREF(mod_keep);
    if (PyErr_Occurred()) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static PyObject *loop_run(axpy_loop *self, PyObject *arg)
{
    unsigned long long n = PyLong_Check(arg) ? PyLong_AsUnsignedLongLong(arg) : (unsigned long long)-1;
    if (!PyLong_Check(arg) || PyErr_Occurred()) {
        PyErr_Clear();
        return axpy_raise(AX_ERR_ARGUMENT, "Loop.run: segments must be an int >= 0");
    }
    ax_network *net = axpy_net(self->owner);
    if (!net || axpy_network_release(self->owner, 1) < 0)
        return NULL;
    ax_error err;
    ax_status st;
    self->owner->running = 1;
    Py_INCREF(self);
    Py_BEGIN_ALLOW_THREADS
    st = ax_loop_run(self->loop, n, &err);
    Py_END_ALLOW_THREADS
    self->owner->running = 0;
    PyObject *result = NULL;
    if (self->exc) {
        PyObject *e = self->exc;
        self->exc = NULL;
        PyErr_SetObject((PyObject *)Py_TYPE(e), e);
        Py_DECREF(e);
    } else if (st) {
        axpy_raise(st, err.message);
    } else {
        result = Py_NewRef(Py_None);
    }
    Py_DECREF(self);
    return result;
}

static PyObject *loop_rewards(axpy_loop *self, void *closure)
{
    (void)closure;
    size_t n;
    const double *r;
    ax_error err;
    ax_status st = ax_loop_get_rewards(self->loop, &n, &r, &err);
    return st ? axpy_raise(st, err.message) : axpy_doubles_array(r, n);
}

static PyObject *loop_info(axpy_loop *self, int which)
{
    ax_loop_info info;
    ax_error err;
    ax_status st = ax_loop_get_info(self->loop, &info, &err);
    if (st)
        return axpy_raise(st, err.message);
    switch (which) {
    case 0: return PyLong_FromUnsignedLongLong(info.segments);
    case 1: return PyLong_FromSize_t(info.n_inputs);
    case 2: return PyLong_FromSize_t(info.n_counts);
    default: return PyFloat_FromDouble(info.segment_ms);
    }
}

static PyObject *loop_segments(axpy_loop *self, void *c) { (void)c; return loop_info(self, 0); }
static PyObject *loop_n_inputs(axpy_loop *self, void *c) { (void)c; return loop_info(self, 1); }
static PyObject *loop_n_counts(axpy_loop *self, void *c) { (void)c; return loop_info(self, 2); }
static PyObject *loop_segment(axpy_loop *self, void *c) { (void)c; return loop_info(self, 3); }

static int loop_traverse(axpy_loop *self, visitproc visit, void *arg)
{
    Py_VISIT(self->owner);
    Py_VISIT(self->observe);
    Py_VISIT(self->act);
    Py_VISIT(self->reward);
    Py_VISIT(self->exc);
    return 0;
}

static int loop_clear(axpy_loop *self)
{
    Py_CLEAR(self->observe);
    Py_CLEAR(self->act);
    Py_CLEAR(self->reward);
    Py_CLEAR(self->exc);
    Py_CLEAR(self->owner);
    return 0;
}

static void loop_dealloc(axpy_loop *self)
{
    PyObject_GC_UnTrack(self);
    ax_loop_free(self->loop);   /* touches no network: safe in any order */
    self->loop = NULL;
    loop_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef loop_methods[] = {
    {"run", (PyCFunction)loop_run, METH_O, "run(segments): runs that many segments (ax_loop_run)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef loop_getset[] = {
    {"rewards", (getter)loop_rewards, NULL, "The reward of each completed segment (float64 array, a copy).", NULL},
    {"segments", (getter)loop_segments, NULL, "Segments completed.", NULL},
    {"n_inputs", (getter)loop_n_inputs, NULL, "Levels observe returns.", NULL},
    {"n_counts", (getter)loop_n_counts, NULL, "Spike counts act and reward receive.", NULL},
    {"segment", (getter)loop_segment, NULL, "Segment length (ms).", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject axpy_LoopType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "axon._axon.Loop",
    .tp_doc = "Loop(network, env, segment, inputs=None, outputs=None, modulator=None): a closed reward loop "
              "(axon.Loop documents it).",
    .tp_basicsize = sizeof(axpy_loop),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_new = loop_new,
    .tp_dealloc = (destructor)loop_dealloc,
    .tp_traverse = (traverseproc)loop_traverse,
    .tp_clear = (inquiry)loop_clear,
    .tp_methods = loop_methods,
    .tp_getset = loop_getset,
};
