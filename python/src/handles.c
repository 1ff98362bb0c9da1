/*
 * handles.c - what the handle objects (Population, Projection, Recorder,
 * Modulator, Input) share: a strong reference to their Network and the
 * library's handle; equality by (network, handle); the garbage collector's
 * visits.  And the two smallest handle types, Modulator and Input.
 */
#include "axon_py.h"
#include "structmember.h"

int axpy_handle_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((axpy_handle *)self)->owner);
    if (PyObject_TypeCheck(self, &axpy_ProjectionType)) {
        axpy_projection *p = (axpy_projection *)self;
        Py_VISIT(p->pre);
        Py_VISIT(p->post);
    } else if (PyObject_TypeCheck(self, &axpy_InputType)) {
        Py_VISIT(((axpy_input *)self)->population);
    }
    return 0;
}

int axpy_handle_clear(PyObject *self)
{
    Py_CLEAR(((axpy_handle *)self)->owner);
    if (PyObject_TypeCheck(self, &axpy_ProjectionType)) {
        axpy_projection *p = (axpy_projection *)self;
        Py_CLEAR(p->pre);
        Py_CLEAR(p->post);
        Py_CLEAR(p->receptor);
    } else if (PyObject_TypeCheck(self, &axpy_InputType)) {
        Py_CLEAR(((axpy_input *)self)->population);
    } else if (PyObject_TypeCheck(self, &axpy_ModulatorType)) {
        Py_CLEAR(((axpy_modulator *)self)->name);
    }
    return 0;
}

void axpy_handle_dealloc(PyObject *self)
{
    PyObject_GC_UnTrack(self);
    axpy_handle_clear(self);
    Py_TYPE(self)->tp_free(self);
}

PyObject *axpy_handle_richcompare(PyObject *a, PyObject *b, int op)
{
    if ((op != Py_EQ && op != Py_NE) || Py_TYPE(a) != Py_TYPE(b))
        Py_RETURN_NOTIMPLEMENTED;
    const axpy_handle *x = (const axpy_handle *)a, *y = (const axpy_handle *)b;
    int same = x->owner == y->owner && x->handle == y->handle;
    return PyBool_FromLong(op == Py_EQ ? same : !same);
}

Py_hash_t axpy_handle_hash(PyObject *self)
{
    const axpy_handle *h = (const axpy_handle *)self;
    Py_hash_t x = (Py_hash_t)(((uintptr_t)h->owner >> 4) * 31u + h->handle);
    return x == -1 ? -2 : x;
}

int axpy_handle_arg(PyObject *obj, PyTypeObject *type, axpy_network *net, const char *call, const char *what,
                    uint32_t *out)
{
    if (!PyObject_TypeCheck(obj, type)) {
        PyErr_Format(PyExc_TypeError, "%s: %s must be an axon.%s, not %.100s", call, what, type->tp_name + 5,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    const axpy_handle *h = (const axpy_handle *)obj;
    if (h->owner != net) {
        axpy_raisef(AX_ERR_ARGUMENT, "%s: %s belongs to another network", call, what);
        return -1;
    }
    *out = h->handle;
    return 0;
}

static PyObject *handle_new(PyTypeObject *type, axpy_network *net, uint32_t h)
{
    axpy_handle *self = (axpy_handle *)type->tp_alloc(type, 0);
    if (!self)
        return NULL;
    Py_INCREF(net);
    self->owner = net;
    self->handle = h;
    return (PyObject *)self;
}

static PyObject *no_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    (void)args;
    (void)kw;
    PyErr_Format(PyExc_TypeError, "axon.%s objects are made by a Network, not directly", type->tp_name + 5);
    return NULL;
}

/* ---- Modulator ---- */

PyObject *axpy_modulator_new(axpy_network *net, ax_modulator h, PyObject *name)
{
    axpy_modulator *m = (axpy_modulator *)handle_new(&axpy_ModulatorType, net, h);
    if (m) {
        Py_INCREF(name);
        m->name = name;
    }
    return (PyObject *)m;
}

static PyObject *modulator_level(axpy_handle *self, void *closure)
{
    (void)closure;
    ax_network *net = axpy_net_of(self->owner, "modulator");
    if (!net)
        return NULL;
    double level;
    ax_status st = ax_modulator_get_level(net, self->handle, &level);
    return st ? axpy_fail(self->owner, st) : PyFloat_FromDouble(level);
}

static PyObject *modulator_inject(axpy_handle *self, PyObject *arg)
{
    ax_network *net = axpy_net_of(self->owner, "modulator");
    double amount;
    if (!net || axpy_double_arg(arg, "inject", "amount", &amount) < 0)
        return NULL;
    ax_status st = ax_modulator_inject(net, self->handle, amount);
    if (st)
        return axpy_fail(self->owner, st);
    Py_RETURN_NONE;
}

static PyObject *modulator_add_source(axpy_handle *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"population", "amount", "delay", NULL};
    PyObject *pop, *amount_o, *delay_o = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|O:add_source", kwlist, &pop, &amount_o, &delay_o))
        return NULL;
    ax_network *net = axpy_net_of(self->owner, "modulator");
    ax_population p;
    double amount, delay = 0.0;
    if (!net || axpy_handle_arg(pop, &axpy_PopulationType, self->owner, "add_source", "population", &p) < 0 ||
        axpy_double_arg(amount_o, "add_source", "amount", &amount) < 0)
        return NULL;
    if (delay_o && axpy_double_arg(delay_o, "add_source", "delay", &delay) < 0)
        return NULL;
    if (!delay_o)
        delay = ax_network_get_dt(net);
    ax_status st = ax_modulator_add_source(net, self->handle, p, amount, delay);
    if (st)
        return axpy_fail(self->owner, st);
    Py_RETURN_NONE;
}

static PyObject *modulator_repr(axpy_modulator *self)
{
    return PyUnicode_FromFormat("<axon.Modulator %R>", self->name);
}

static PyMethodDef modulator_methods[] = {
    {"inject", (PyCFunction)modulator_inject, METH_O,
     "inject(amount): raise the level by amount now (between runs)."},
    {"add_source", (PyCFunction)(void (*)(void))modulator_add_source, METH_VARARGS | METH_KEYWORDS,
     "add_source(population, amount, delay=dt): each spike of population raises the level by amount "
     "after delay ms."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef modulator_members[] = {
    {"name", T_OBJECT, offsetof(axpy_modulator, name), READONLY, "The modulator's name."},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef modulator_getset[] = {
    {"level", (getter)modulator_level, NULL, "The level now (it decays with tau_d).", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject axpy_ModulatorType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "axon.Modulator",
    .tp_doc = "A neuromodulator (dopamine) for reward-modulated STDP: a level d with dd/dt = -d / tau_d "
              "that jumps at its sources' spikes and at inject().  Made by Network.add_modulator.",
    .tp_basicsize = sizeof(axpy_modulator),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = no_new,
    .tp_dealloc = axpy_handle_dealloc,
    .tp_traverse = axpy_handle_traverse,
    .tp_clear = axpy_handle_clear,
    .tp_richcompare = axpy_handle_richcompare,
    .tp_hash = axpy_handle_hash,
    .tp_repr = (reprfunc)modulator_repr,
    .tp_methods = modulator_methods,
    .tp_members = modulator_members,
    .tp_getset = modulator_getset,
};

/* ---- Input ---- */

PyObject *axpy_input_new(axpy_network *net, ax_input h, PyObject *population, const char *kind)
{
    axpy_input *in = (axpy_input *)handle_new(&axpy_InputType, net, h);
    if (in) {
        Py_INCREF(population);
        in->population = population;
        in->kind = kind;
    }
    return (PyObject *)in;
}

static PyObject *input_kind(axpy_input *self, void *closure)
{
    (void)closure;
    return PyUnicode_FromString(self->kind);
}

static PyObject *input_repr(axpy_input *self)
{
    return PyUnicode_FromFormat("<axon.Input %s on %R>", self->kind, self->population);
}

static PyObject *input_set_level(axpy_input *self, PyObject *arg)
{
    ax_network *net = axpy_net_of(self->h.owner, "input");
    double level;
    if (!net || axpy_double_arg(arg, "set_level", "level", &level) < 0)
        return NULL;
    ax_status st = ax_input_set_level(net, self->h.handle, level);
    if (st)
        return axpy_fail(self->h.owner, st);
    Py_RETURN_NONE;
}

static PyMethodDef input_methods[] = {
    {"set_level", (PyCFunction)input_set_level, METH_O,
     "set_level(level): a dc input's amplitude (nA) or a Poisson drive's rate (Hz per source) from the next step "
     "on, between runs (ax_input_set_level)."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef input_members[] = {
    {"population", T_OBJECT, offsetof(axpy_input, population), READONLY, "The Population it drives."},
    {"handle", T_UINT, offsetof(axpy_handle, handle), READONLY, "The library's handle (ax_input)."},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef input_getset[] = {
    {"kind", (getter)input_kind, NULL, "\"dc\", \"step\", \"ac\", \"noise\" or \"poisson\".", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject axpy_InputType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "axon.Input",
    .tp_doc = "An input added by Population.add_input; it lives as long as the network.",
    .tp_basicsize = sizeof(axpy_input),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = no_new,
    .tp_dealloc = axpy_handle_dealloc,
    .tp_traverse = axpy_handle_traverse,
    .tp_clear = axpy_handle_clear,
    .tp_richcompare = axpy_handle_richcompare,
    .tp_hash = axpy_handle_hash,
    .tp_repr = (reprfunc)input_repr,
    .tp_methods = input_methods,
    .tp_members = input_members,
    .tp_getset = input_getset,
};

/* Shared with the other handle types' definitions. */
PyObject *axpy_handle_no_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    return no_new(type, args, kw);
}

PyObject *axpy_handle_make(PyTypeObject *type, axpy_network *net, uint32_t h)
{
    return handle_new(type, net, h);
}
