/*
 * projection.c - axon.Projection: a handle on the synapses between two
 * populations (static, plastic, gap junctions or graded release): their
 * table (sources, targets, weights, delays), learning switches, weight
 * recorders, CSV output.
 */
#include "axon_py.h"
#include "structmember.h"

static const char *kind_name(ax_projection_kind kind)
{
    switch (kind) {
    case AX_PROJECTION_STATIC: return "static";
    case AX_PROJECTION_PLASTIC: return "plastic";
    case AX_PROJECTION_GAP: return "gap";
    case AX_PROJECTION_GRADED: return "graded";
    case AX_PROJECTION_AVERAGED_GAP: return "averaged_gap";
    case AX_PROJECTION_AVERAGED_CHEMICAL: return "averaged_chemical";
    }
    return "unknown";
}

PyObject *axpy_projection_get(axpy_network *net, ax_projection h)
{
    /* One object per projection, kept by the network, so identity holds.
     * What it joins is read once, from the library, for every projection
     * (also a model file's): pre, post, receptor and kind stay readable
     * after the network is closed. */
    if (!net->projs)
        return axpy_raise(AX_ERR_STATE, "the network is being freed");
    if ((size_t)PyList_GET_SIZE(net->projs) > h && PyList_GET_ITEM(net->projs, h) != Py_None)
        return Py_NewRef(PyList_GET_ITEM(net->projs, h));
    ax_network *lib = axpy_net(net);
    ax_projection_info info;
    if (!lib)
        return NULL;
    ax_status st = ax_projection_get_info(lib, h, &info);
    if (st)
        return axpy_fail(net, st);
    while ((size_t)PyList_GET_SIZE(net->projs) <= h)
        if (PyList_Append(net->projs, Py_None) < 0)
            return NULL;
    axpy_projection *p = (axpy_projection *)axpy_handle_make(&axpy_ProjectionType, net, h);
    if (!p)
        return NULL;
    p->pre = axpy_population_get(net, info.from);
    p->post = p->pre ? axpy_population_get(net, info.to) : NULL;
    p->receptor = info.receptor ? PyUnicode_FromString(info.receptor) : Py_NewRef(Py_None);
    p->kind = kind_name(info.kind);
    if (!p->pre || !p->post || !p->receptor) {
        Py_DECREF(p);
        return NULL;
    }
    Py_INCREF(p);
    PyList_SetItem(net->projs, h, (PyObject *)p);   /* steals one reference */
    return (PyObject *)p;
}

static PyObject *prj_kind(axpy_projection *self, void *c)
{
    (void)c;
    return PyUnicode_FromString(self->kind);
}

static PyObject *prj_size(axpy_projection *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net_of(self->h.owner, "projection");
    return net ? PyLong_FromUnsignedLongLong(ax_projection_get_size(net, self->h.handle)) : NULL;
}

static Py_ssize_t prj_len(axpy_projection *self)
{
    ax_network *net = axpy_net_of(self->h.owner, "projection");
    return net ? (Py_ssize_t)ax_projection_get_size(net, self->h.handle) : -1;
}

enum { COL_SOURCES, COL_TARGETS, COL_WEIGHTS, COL_DELAYS };

/* One column of the synapse table: a read-only view of the network's
 * table (gathered once after each change, then shared by every read). */
static PyObject *prj_column(axpy_projection *self, void *closure)
{
    int col = (int)(intptr_t)closure;
    ax_network *net = axpy_net_of(self->h.owner, "projection");
    if (!net)
        return NULL;
    ax_synapse_table t;
    ax_status st;
    /* a gathering pass over many synapses runs on the library's threads */
    self->h.owner->running = 1;
    Py_BEGIN_ALLOW_THREADS
    st = ax_projection_get_table(net, self->h.handle, &t);
    Py_END_ALLOW_THREADS
    self->h.owner->running = 0;
    if (st)
        return axpy_fail(self->h.owner, st);
    const void *data = col == COL_SOURCES ? (const void *)t.sources : col == COL_TARGETS ? (const void *)t.targets
                       : col == COL_WEIGHTS ? (const void *)t.weights : (const void *)t.delays;
    return axpy_table_view(self->h.owner, self->h.handle, data, (npy_intp)t.n,
                           col <= COL_TARGETS ? NPY_UINT32 : NPY_DOUBLE);
}

/* prj.weights = values / prj.delays = values: one number for all, or one
 * value per synapse in the table's order (distributions are drawn only when
 * synapses are made). */
static int prj_set_column(axpy_projection *self, PyObject *value, void *closure)
{
    int col = (int)(intptr_t)closure;
    const char *what = col == COL_WEIGHTS ? "weights" : "delays";
    if (!value) {
        PyErr_Format(PyExc_TypeError, "%s cannot be deleted", what);
        return -1;
    }
    ax_network *net = axpy_net_of(self->h.owner, "projection");
    if (!net)
        return -1;
    axpy_indices arr = {NULL, 0, NULL};
    double one;
    const double *data = &one;
    size_t n = 1;
    if (PyBool_Check(value) || PyObject_HasAttrString(value, "_axon_value")) {
        PyErr_Format(PyExc_TypeError, "%s: give a number or one value per synapse, not %.100s (distributions are "
                     "drawn when the synapses are made: connect(..., %s=...))", what, Py_TYPE(value)->tp_name,
                     col == COL_WEIGHTS ? "weight" : "delay");
        return -1;
    }
    if (PyFloat_Check(value) || PyLong_Check(value) || PyArray_IsScalar(value, Number) ||
        (PyArray_Check(value) && PyArray_NDIM((PyArrayObject *)value) == 0)) {
        if (axpy_double_arg(value, what, "value", &one) < 0)
            return -1;
    } else {
        if (axpy_doubles_from(value, what, "values", &arr) < 0)
            return -1;
        data = arr.data;
        n = arr.n;
        if (n == 0) {
            axpy_indices_release(&arr);
            axpy_raisef(AX_ERR_ARGUMENT, "%s: an empty sequence: give one value per synapse (%llu) or one number",
                        what, (unsigned long long)ax_projection_get_size(net, self->h.handle));
            return -1;
        }
    }
    /* arrays over the old table keep it */
    if (axpy_network_release_table(self->h.owner, self->h.handle) < 0) {
        axpy_indices_release(&arr);
        return -1;
    }
    ax_status st = col == COL_WEIGHTS ? ax_projection_set_weights(net, self->h.handle, data, n)
                                      : ax_projection_set_delays(net, self->h.handle, data, n);
    axpy_indices_release(&arr);
    return st ? (axpy_fail(self->h.owner, st), -1) : 0;
}

/* prj.learning / prj.learning_rate: the switches as set now; None for
 * projections that do not learn. */
static PyObject *prj_learning(axpy_projection *self, void *closure)
{
    ax_network *net = axpy_net_of(self->h.owner, "projection");
    ax_projection_info info;
    if (!net)
        return NULL;
    ax_status st = ax_projection_get_info(net, self->h.handle, &info);
    if (st)
        return axpy_fail(self->h.owner, st);
    if (info.kind != AX_PROJECTION_PLASTIC && !info.averaged_learns)
        Py_RETURN_NONE;
    return closure ? PyFloat_FromDouble(info.learning_rate) : PyBool_FromLong(info.learning);
}

static int prj_set_learning(axpy_projection *self, PyObject *value, void *c)
{
    (void)c;
    if (!value || (!PyBool_Check(value) && !PyArray_IsScalar(value, Bool))) {
        PyErr_SetString(PyExc_TypeError, "learning must be True or False");
        return -1;
    }
    ax_network *net = axpy_net_of(self->h.owner, "projection");
    if (!net)
        return -1;
    ax_status st = ax_projection_set_learning(net, self->h.handle, PyObject_IsTrue(value));
    return st ? (axpy_fail(self->h.owner, st), -1) : 0;
}

static int prj_set_learning_rate(axpy_projection *self, PyObject *value, void *c)
{
    (void)c;
    double rate;
    if (!value) {
        PyErr_SetString(PyExc_TypeError, "learning_rate cannot be deleted");
        return -1;
    }
    ax_network *net = axpy_net_of(self->h.owner, "projection");
    if (!net || axpy_double_arg(value, "learning_rate", "rate", &rate) < 0)
        return -1;
    ax_status st = ax_projection_set_learning_rate(net, self->h.handle, rate);
    return st ? (axpy_fail(self->h.owner, st), -1) : 0;
}

static int synapses_from(PyObject *obj, ax_synapses *sel, axpy_indices *keep)
{
    keep->keep = NULL;
    *sel = AX_ALL_SYNAPSES;
    if (obj == Py_None)
        return 0;
    if (!PyBool_Check(obj) && (PyLong_Check(obj) || PyArray_IsScalar(obj, Integer))) {
        int overflow;
        long long n = PyLong_AsLongLongAndOverflow(obj, &overflow);
        if (n == -1 && PyErr_Occurred())
            return -1;
        if (overflow || n < 1) {
            axpy_raisef(AX_ERR_ARGUMENT, "record_weights: synapses %lld is not allowed: an int n >= 1 (the first n), "
                        "a sequence of positions or None (all)", overflow ? -1LL : n);
            return -1;
        }
        *sel = ax_synapses_first((size_t)n);
        return 0;
    }
    if (axpy_indices_from(obj, "record_weights", "synapses", NPY_UINT64, keep) < 0)
        return -1;
    if (!keep->n) {
        axpy_indices_release(keep);
        axpy_raisef(AX_ERR_ARGUMENT, "record_weights: synapses is an empty sequence: give at least one "
                    "position, or None for all");
        return -1;
    }
    *sel = ax_synapses_list(keep->data, keep->n);
    return 0;
}

static PyObject *prj_record_weights(axpy_projection *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"synapses", "interval", "times", "bins", "low", "high", NULL};
    PyObject *syn_o = Py_None, *interval_o = Py_None, *times_o = Py_None;
    unsigned int bins = 0;
    double low = 0.0, high = 0.0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOOIdd:record_weights", kwlist, &syn_o, &interval_o, &times_o,
                                     &bins, &low, &high))
        return NULL;
    ax_network *net = axpy_net_of(self->h.owner, "projection");
    if (!net)
        return NULL;
    ax_weight_spec spec = {AX_ALL_SYNAPSES, 0.0, NULL, 0, bins, low, high};
    axpy_indices keep = {NULL, 0, NULL}, times = {NULL, 0, NULL};
    if (interval_o != Py_None && axpy_double_arg(interval_o, "record_weights", "interval", &spec.interval_ms) < 0)
        return NULL;
    if (times_o != Py_None) {
        if (axpy_doubles_from(times_o, "record_weights", "times", &times) < 0)
            return NULL;
        spec.times_ms = times.data;
        spec.n_times = times.n;
    }
    if (synapses_from(syn_o, &spec.synapses, &keep) < 0) {
        axpy_indices_release(&times);
        return NULL;
    }
    ax_recorder rec;
    ax_status st = ax_recorder_add_weights(net, self->h.handle, &spec, &rec);
    axpy_indices_release(&keep);
    axpy_indices_release(&times);
    return st ? axpy_fail(self->h.owner, st) : axpy_recorder_new(self->h.owner, rec);
}

static PyObject *prj_write_csv(axpy_projection *self, PyObject *arg)
{
    ax_network *net = axpy_net_of(self->h.owner, "projection");
    if (!net)
        return NULL;
    PyObject *path = NULL;
    if (!PyUnicode_FSConverter(arg, &path))
        return NULL;
    ax_status st = ax_projection_write_csv(net, self->h.handle, PyBytes_AS_STRING(path));
    Py_DECREF(path);
    if (st)
        return axpy_fail(self->h.owner, st);
    Py_RETURN_NONE;
}

static PyObject *prj_repr(axpy_projection *self)
{
    return PyUnicode_FromFormat("<axon.Projection %u (%s) %R -> %R>", self->h.handle, self->kind, self->pre,
                                self->post);
}

static PyMethodDef prj_methods[] = {
    {"record_weights", (PyCFunction)(void (*)(void))prj_record_weights, METH_VARARGS | METH_KEYWORDS,
     "record_weights(synapses=None, interval=None, times=None, bins=0, low=0.0, high=0.0) -> Recorder: the "
     "weights of plastic synapses (positions in the table's order) every interval ms or at the given times; "
     "with bins > 0 a histogram over [low, high] (low == high: the rule's bounds)."},
    {"write_csv", (PyCFunction)prj_write_csv, METH_O,
     "write_csv(path): the table as CSV, header source,target,weight,delay."},
    {"synapse", (PyCFunction)axpy_prj_synapse, METH_VARARGS,
     "synapse(pre, post) -> dict or None: the synapse from neuron pre to neuron post (the first of the pair "
     "in the table's order), with projection, pre, post, weight, delay, index (its position in weights) and "
     "count (synapses of the pair: positions index .. index + count - 1); None when the pair is not connected."},
    {"set_synapse", (PyCFunction)(void (*)(void))axpy_prj_set_synapse, METH_VARARGS | METH_KEYWORDS,
     "set_synapse(pre, post, weight=None, delay=None): the weight and/or delay (ms) of every synapse from pre "
     "to post, between runs after the build; checked and applied as setting weights (plastic projections: "
     "a reset returns to the weights after this call).  Costs a pass over the projection's synapses."},
    {"export", (PyCFunction)(void (*)(void))axpy_prj_export, METH_VARARGS | METH_KEYWORDS,
     "export(path, format=None): the synapses to a file: \"csv\" (pre,post,weight,delay; a from_list "
     "file), \"npy\" (dense pre x post float64 matrix, 0 where there is no synapse, a pair's synapses "
     "summed) or \"npz\" (scipy.sparse.save_npz CSR, one entry per synapse); None: from the extension."},
    {"import_weights", (PyCFunction)(void (*)(void))axpy_prj_import, METH_VARARGS | METH_KEYWORDS,
     "import_weights(path, format=None): weights (and, from a CSV with a delay column, delays) of existing "
     "synapses from a file written by export (or of its form); every entry must name a synapse, synapses "
     "not named keep theirs; anything wrong raises with the place in the file and changes nothing."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef prj_getset[] = {
    {"kind", (getter)prj_kind, NULL, "\"static\", \"plastic\", \"gap\" or \"graded\".", NULL},
    {"size", (getter)prj_size, NULL, "Number of synapses (0 before the build).", NULL},
    {"sources", (getter)prj_column, NULL, "Source indices (uint32, read-only), by source then target.",
     (void *)COL_SOURCES},
    {"targets", (getter)prj_column, NULL, "Target indices (uint32, read-only).", (void *)COL_TARGETS},
    {"weights", (getter)prj_column, (setter)prj_set_column,
     "Weights (float64, read-only view), plastic ones as they are now.  Set between runs after the build: a "
     "number for all, or one value per synapse in this order.", (void *)COL_WEIGHTS},
    {"delays", (getter)prj_column, (setter)prj_set_column,
     "Delays in ms (float64, read-only view).  Set as weights (on the dt grid, >= the network's window).",
     (void *)COL_DELAYS},
    {"learning", (getter)prj_learning, (setter)prj_set_learning,
     "Whether a plastic projection learns (None for other kinds); set between runs.", NULL},
    {"learning_rate", (getter)prj_learning, (setter)prj_set_learning_rate,
     "The factor on a plastic projection's rates (1 = as given; None for other kinds); set between runs.",
     (void *)1},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef prj_members[] = {
    {"pre", T_OBJECT, offsetof(axpy_projection, pre), READONLY, "The source Population."},
    {"post", T_OBJECT, offsetof(axpy_projection, post), READONLY, "The target Population."},
    {"receptor", T_OBJECT, offsetof(axpy_projection, receptor), READONLY, "The target receptor (None for gap)."},
    {"handle", T_UINT, offsetof(axpy_handle, handle), READONLY, "The library's handle (ax_projection)."},
    {NULL, 0, 0, 0, NULL},
};

static PySequenceMethods prj_as_sequence = {.sq_length = (lenfunc)prj_len};

PyTypeObject axpy_ProjectionType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "axon.Projection",
    .tp_doc = "Synapses from one population to another (Network.connect, connect_gap, connect_graded).  "
              "Synapses come ordered by source, then target.",
    .tp_basicsize = sizeof(axpy_projection),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = axpy_handle_no_new,
    .tp_dealloc = axpy_handle_dealloc,
    .tp_traverse = axpy_handle_traverse,
    .tp_clear = axpy_handle_clear,
    .tp_richcompare = axpy_handle_richcompare,
    .tp_hash = axpy_handle_hash,
    .tp_repr = (reprfunc)prj_repr,
    .tp_as_sequence = &prj_as_sequence,
    .tp_methods = prj_methods,
    .tp_getset = prj_getset,
    .tp_members = prj_members,
};
