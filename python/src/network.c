/*
 * network.c - axon.Network: creating and closing a network, its
 * properties, declaring populations, projections and modulators, building,
 * resetting and checkpoints.  Running is in run.c; stats, failures and
 * warnings in report.c; defining models and channels in define.c.
 */
#include "axon_py.h"

ax_network *axpy_net(axpy_network *self)
{
    if (!self->net) {
        axpy_raise(AX_ERR_STATE, "the network is closed (Network.close was called, or its model file was freed)");
        return NULL;
    }
    if (self->running) {
        /* The library is not safe against a second call while it runs
         * without the GIL (from another thread or a progress callback). */
        axpy_raise(AX_ERR_STATE, "the network is running: only interrupt() may be called until run() returns");
        return NULL;
    }
    return self->net;
}

ax_network *axpy_net_of(axpy_network *self, const char *what)
{
    (void)what;
    return self ? axpy_net(self) : (axpy_raise(AX_ERR_STATE, "the network is closed"), NULL);
}

axpy_network *axpy_network_wrap(ax_network *net, ax_modelfile *mf)
{
    axpy_network *self = (axpy_network *)axpy_NetworkType.tp_alloc(&axpy_NetworkType, 0);
    if (!self)
        return NULL;
    self->pops = PyList_New(0);
    self->projs = PyList_New(0);
    self->owners = PyDict_New();
    if (!self->pops || !self->projs || !self->owners) {
        Py_DECREF(self);
        return NULL;
    }
    self->net = net;
    self->mf = mf;
    return self;
}

static PyObject *network_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"dt", "seed", "threads", NULL};
    double dt = 0.1;
    PyObject *seed_o = NULL;
    int threads = 0;
    (void)type;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|dOi:Network", kwlist, &dt, &seed_o, &threads))
        return NULL;
    unsigned long long seed = 0;
    if (seed_o) {
        if (PyBool_Check(seed_o) || !(PyLong_Check(seed_o) || PyArray_IsScalar(seed_o, Integer))) {
            PyErr_Format(PyExc_TypeError, "Network: seed must be an int, not %.100s", Py_TYPE(seed_o)->tp_name);
            return NULL;
        }
        PyObject *n = PyNumber_Index(seed_o);
        if (!n)
            return NULL;
        seed = PyLong_AsUnsignedLongLong(n);
        if (PyErr_Occurred()) {
            PyErr_Clear();
            PyObject *r = PyObject_Repr(n);
            axpy_raisef(AX_ERR_ARGUMENT, "Network: seed %s is not allowed: 0 .. 2^64 - 1", r ? PyUnicode_AsUTF8(r) : "?");
            Py_XDECREF(r);
            Py_DECREF(n);
            return NULL;
        }
        Py_DECREF(n);
    }
    ax_error err;
    ax_network *net = ax_network_create(dt, seed, threads, &err);
    if (!net)
        return axpy_raise(err.status, err.message);
    axpy_network *self = axpy_network_wrap(net, NULL);
    if (!self)
        ax_network_free(net);
    return (PyObject *)self;
}

/* Frees the library's network (and model file), keeping the Python objects.
 * -1 with an exception when live arrays could not be given their memory. */
static int network_free(axpy_network *self)
{
    if (!self->net)
        return 0;
    if (axpy_network_release_views(self) < 0)
        return -1;   /* arrays still view the network: it cannot be freed */
    if (self->mf)
        ax_modelfile_free(self->mf);
    else
        ax_network_free(self->net);
    self->net = NULL;
    self->mf = NULL;
    return 0;
}

static int network_traverse(axpy_network *self, visitproc visit, void *arg)
{
    Py_VISIT(self->pops);
    Py_VISIT(self->projs);
    Py_VISIT(self->progress);
    return 0;
}

static int network_clear(axpy_network *self)
{
    Py_CLEAR(self->pops);
    Py_CLEAR(self->projs);
    Py_CLEAR(self->progress);
    return 0;
}

static void network_dealloc(axpy_network *self)
{
    PyObject_GC_UnTrack(self);
    if (self->weakrefs)
        PyObject_ClearWeakRefs((PyObject *)self);
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);   /* dealloc may run while an exception is raised */
    if (network_free(self) < 0)
        /* Out of memory handing live arrays their blocks: the network is
         * leaked rather than freed under them. */
        PyErr_WriteUnraisable((PyObject *)self);
    PyErr_Restore(type, value, tb);
    network_clear(self);
    Py_CLEAR(self->owners);
    Py_CLEAR(self->progress_exc);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *network_close(axpy_network *self, PyObject *unused)
{
    (void)unused;
    if (self->running)
        return axpy_raise(AX_ERR_STATE, "close: the network is running (interrupt it first)");
    if (network_free(self) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *network_enter(axpy_network *self, PyObject *unused)
{
    (void)unused;
    if (!axpy_net(self))
        return NULL;
    Py_INCREF(self);
    return (PyObject *)self;
}

static PyObject *network_exit(axpy_network *self, PyObject *args)
{
    (void)args;
    PyObject *r = network_close(self, NULL);
    if (!r)
        return NULL;
    Py_DECREF(r);
    Py_RETURN_FALSE;
}

/* ---- properties ---- */

static PyObject *get_dt(axpy_network *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net(self);
    return net ? PyFloat_FromDouble(ax_network_get_dt(net)) : NULL;
}

static PyObject *get_seed(axpy_network *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net(self);
    return net ? PyLong_FromUnsignedLongLong(ax_network_get_seed(net)) : NULL;
}

static PyObject *get_threads(axpy_network *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net(self);
    return net ? PyLong_FromLong(ax_network_get_threads(net)) : NULL;
}

static PyObject *get_time(axpy_network *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net(self);
    return net ? PyFloat_FromDouble(ax_network_get_time(net)) : NULL;
}

/* net.built, net.memory_limit: fields of ax_network_info. */
static PyObject *get_info_field(axpy_network *self, void *closure)
{
    ax_network *net = axpy_net(self);
    ax_network_info info;
    if (!net)
        return NULL;
    ax_status st = ax_network_get_info(net, &info);
    if (st)
        return axpy_fail(self, st);
    return closure ? PyLong_FromUnsignedLongLong(info.memory_limit) : PyBool_FromLong(info.built);
}

static PyObject *get_closed(axpy_network *self, void *c)
{
    (void)c;
    return PyBool_FromLong(self->net == NULL);
}

static int bytes_arg(PyObject *value, const char *what, unsigned long long *out)
{
    if (!value) {
        PyErr_Format(PyExc_TypeError, "%s cannot be deleted", what);
        return -1;
    }
    if (PyBool_Check(value) || !(PyLong_Check(value) || PyArray_IsScalar(value, Integer))) {
        PyErr_Format(PyExc_TypeError, "%s must be an int (bytes), not %.100s", what, Py_TYPE(value)->tp_name);
        return -1;
    }
    PyObject *n = PyNumber_Index(value);
    if (!n)
        return -1;
    *out = PyLong_AsUnsignedLongLong(n);
    Py_DECREF(n);
    if (PyErr_Occurred()) {
        PyErr_Clear();
        axpy_raisef(AX_ERR_ARGUMENT, "%s is not allowed: a number of bytes, 0 .. 2^64 - 1", what);
        return -1;
    }
    return 0;
}

static int set_memory_limit(axpy_network *self, PyObject *value, void *c)
{
    (void)c;
    unsigned long long b;
    ax_network *net = axpy_net(self);
    if (!net || bytes_arg(value, "memory_limit", &b) < 0)
        return -1;
    ax_status st = ax_network_set_memory_limit(net, b);
    return st ? (axpy_fail(self, st), -1) : 0;
}

static int set_record_buffer(axpy_network *self, PyObject *value, void *c)
{
    (void)c;
    unsigned long long b;
    ax_network *net = axpy_net(self);
    if (!net || bytes_arg(value, "record_buffer", &b) < 0)
        return -1;
    if (b > SIZE_MAX)
        b = SIZE_MAX;
    ax_status st = ax_network_set_record_buffer(net, (size_t)b);
    return st ? (axpy_fail(self, st), -1) : 0;
}

static PyObject *get_populations(axpy_network *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net(self);
    if (!net)
        return NULL;
    size_t n = ax_population_count(net);
    PyObject *t = PyTuple_New((Py_ssize_t)n);
    for (size_t i = 0; t && i < n; i++) {
        PyObject *p = axpy_population_get(self, (ax_population)i);
        if (!p) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, p);
    }
    return t;
}

static PyObject *get_projections(axpy_network *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net(self);
    if (!net)
        return NULL;
    size_t n = ax_projection_count(net);
    PyObject *t = PyTuple_New((Py_ssize_t)n);
    for (uint32_t i = 0; t && i < n; i++) {
        PyObject *p = axpy_projection_get(self, i);
        if (!p) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, p);
    }
    return t;
}

/* ---- declaring ---- */

static PyObject *network_add_population(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"name", "model", "size", "params", "state", "structure", NULL};
    PyObject *name_o, *model_o, *size_o, *params = NULL, *state = NULL, *structure = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|OOO:add_population", kwlist, &name_o, &model_o, &size_o,
                                     &params, &state, &structure))
        return NULL;
    ax_network *net = axpy_net(self);
    const char *name = net ? axpy_str_arg(name_o, "add_population", "name") : NULL;
    const char *model = name ? axpy_str_arg(model_o, "add_population", "model") : NULL;
    if (!model)
        return NULL;
    if (PyBool_Check(size_o) || !(PyLong_Check(size_o) || PyArray_IsScalar(size_o, Integer))) {
        PyErr_Format(PyExc_TypeError, "add_population: size must be an int, not %.100s", Py_TYPE(size_o)->tp_name);
        return NULL;
    }
    int overflow;
    long long size = PyLong_AsLongLongAndOverflow(size_o, &overflow);
    if (size == -1 && PyErr_Occurred())
        return NULL;
    if (overflow) {
        PyObject *r = PyObject_Repr(size_o);
        axpy_raisef(AX_ERR_ARGUMENT, "add_population: size %s is not allowed: 1 .. 4294967294",
                    r ? PyUnicode_AsUTF8(r) : "?");
        Py_XDECREF(r);
        return NULL;
    }
    if ((params && params != Py_None && !PyDict_Check(params)) || (state && state != Py_None && !PyDict_Check(state))) {
        PyErr_SetString(PyExc_TypeError, "add_population: params and state must be dicts of name: value");
        return NULL;
    }
    ax_population h;
    ax_status st = ax_population_add(net, name, model, size, &h);
    if (st)
        return axpy_fail(self, st);
    /* The library judges every value (names, ranges, distributions, lengths)
     * as it sets it; when one fails, the population is taken back, so a
     * failed add_population leaves nothing. */
    PyObject *pop = NULL;
    if (axpy_population_set_dict(self, h, params, 0, "add_population") < 0 ||
        axpy_population_set_dict(self, h, state, 1, "add_population") < 0 ||
        axpy_population_set_structure(self, h, structure, "add_population") < 0 || !(pop = axpy_population_get(self, h))) {
        ax_population_remove(net, h);   /* the population added last, nothing refers to it yet */
        if (self->pops && PyList_GET_SIZE(self->pops) > (Py_ssize_t)h)
            PyList_SetSlice(self->pops, h, PyList_GET_SIZE(self->pops), NULL);   /* no object names it */
        return NULL;
    }
    return pop;
}

static PyObject *network_population(axpy_network *self, PyObject *arg)
{
    ax_network *net = axpy_net(self);
    const char *name = net ? axpy_str_arg(arg, "population", "name") : NULL;
    if (!name)
        return NULL;
    ax_population h;
    ax_status st = ax_population_find(net, name, &h);
    return st ? axpy_fail(self, st) : axpy_population_get(self, h);
}

static PyObject *network_connect(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"pre", "post", "connector", "receptor", "weight", "delay", "plasticity", NULL};
    PyObject *pre_o, *post_o, *conn_o, *receptor_o = NULL, *weight_o = Py_None, *delay_o = Py_None,
             *plast_o = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|OOOO:connect", kwlist, &pre_o, &post_o, &conn_o, &receptor_o,
                                     &weight_o, &delay_o, &plast_o))
        return NULL;
    ax_network *net = axpy_net(self);
    ax_population pre, post;
    if (!net || axpy_handle_arg(pre_o, &axpy_PopulationType, self, "connect", "pre", &pre) < 0 ||
        axpy_handle_arg(post_o, &axpy_PopulationType, self, "connect", "post", &post) < 0)
        return NULL;
    const char *receptor = receptor_o && receptor_o != Py_None ? axpy_str_arg(receptor_o, "connect", "receptor")
                                                               : "excitatory";
    if (!receptor)
        return NULL;
    if (weight_o == Py_None) {
        PyErr_SetString(PyExc_TypeError, "connect: weight is required (a number, one per synapse, or a distribution)");
        return NULL;
    }
    ax_plasticity rule;
    PyObject *spec = NULL;
    if (plast_o != Py_None) {
        spec = PyObject_GetAttrString(plast_o, "_axon_plasticity");
        if (!spec) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "connect: plasticity must be an axon.Plasticity, not %.100s",
                         Py_TYPE(plast_o)->tp_name);
            return NULL;
        }
        int bad = axpy_plasticity_from(spec, self, "connect", &rule);
        Py_DECREF(spec);
        if (bad < 0)
            return NULL;
    }
    axpy_connector conn;
    axpy_value w, d;
    if (axpy_connector_from(conn_o, "connect", &conn) < 0)
        return NULL;
    if (axpy_value_from(weight_o, "connect", "weight", &w) < 0) {
        axpy_connector_release(&conn);
        return NULL;
    }
    if (delay_o == Py_None) {
        d.keep = NULL;
        d.v = ax_value_constant(ax_network_get_dt(net));
    } else if (axpy_value_from(delay_o, "connect", "delay", &d) < 0) {
        axpy_value_release(&w);
        axpy_connector_release(&conn);
        return NULL;
    }
    ax_projection h;
    ax_status st = plast_o != Py_None ? ax_projection_add_plastic(net, pre, post, &conn.c, receptor, w.v, d.v, &rule, &h)
                                      : ax_projection_add(net, pre, post, &conn.c, receptor, w.v, d.v, &h);
    axpy_value_release(&w);
    axpy_value_release(&d);
    axpy_connector_release(&conn);
    if (st)
        return axpy_fail(self, st);
    return axpy_projection_get(self, h);
}

static PyObject *network_connect_gap(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"a", "b", "connector", "conductance", NULL};
    PyObject *a_o, *b_o, *conn_o, *g_o;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOO:connect_gap", kwlist, &a_o, &b_o, &conn_o, &g_o))
        return NULL;
    ax_network *net = axpy_net(self);
    ax_population a, b;
    if (!net || axpy_handle_arg(a_o, &axpy_PopulationType, self, "connect_gap", "a", &a) < 0 ||
        axpy_handle_arg(b_o, &axpy_PopulationType, self, "connect_gap", "b", &b) < 0)
        return NULL;
    axpy_connector conn;
    axpy_value g;
    if (axpy_connector_from(conn_o, "connect_gap", &conn) < 0)
        return NULL;
    if (axpy_value_from(g_o, "connect_gap", "conductance", &g) < 0) {
        axpy_connector_release(&conn);
        return NULL;
    }
    ax_projection h;
    ax_status st = ax_projection_add_gap(net, a, b, &conn.c, g.v, &h);
    axpy_value_release(&g);
    axpy_connector_release(&conn);
    return st ? axpy_fail(self, st) : axpy_projection_get(self, h);
}

static PyObject *network_connect_graded(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"pre", "post", "connector", "receptor", "weight", "v_p", "k_p", NULL};
    PyObject *pre_o, *post_o, *conn_o, *receptor_o, *weight_o;
    double v_p = 2.0, k_p = 5.0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOO|dd:connect_graded", kwlist, &pre_o, &post_o, &conn_o,
                                     &receptor_o, &weight_o, &v_p, &k_p))
        return NULL;
    ax_network *net = axpy_net(self);
    ax_population pre, post;
    if (!net || axpy_handle_arg(pre_o, &axpy_PopulationType, self, "connect_graded", "pre", &pre) < 0 ||
        axpy_handle_arg(post_o, &axpy_PopulationType, self, "connect_graded", "post", &post) < 0)
        return NULL;
    const char *receptor = axpy_str_arg(receptor_o, "connect_graded", "receptor");
    if (!receptor)
        return NULL;
    axpy_connector conn;
    axpy_value w;
    if (axpy_connector_from(conn_o, "connect_graded", &conn) < 0)
        return NULL;
    if (axpy_value_from(weight_o, "connect_graded", "weight", &w) < 0) {
        axpy_connector_release(&conn);
        return NULL;
    }
    ax_projection h;
    ax_status st = ax_projection_add_graded(net, pre, post, &conn.c, receptor, w.v, v_p, k_p, &h);
    axpy_value_release(&w);
    axpy_connector_release(&conn);
    return st ? axpy_fail(self, st) : axpy_projection_get(self, h);
}

/* stdp=None | False | True | {"a_plus": .., "a_minus": .., "tau_plus": .., "tau_minus": ..}: the seed's
 * lattice STDP (ax_projection_set_averaged_stdp).  *learns says whether to set it. */
static int averaged_stdp_arg(PyObject *o, const char *fn, ax_averaged_stdp *rule, bool *learns)
{
    static const char *const keys[] = {"a_plus", "a_minus", "tau_plus", "tau_minus"};
    *rule = ax_averaged_stdp_defaults();
    *learns = false;
    if (!o || o == Py_None || o == Py_False)
        return 0;
    *learns = true;
    if (o == Py_True)
        return 0;
    if (!PyDict_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s: stdp must be None, True, False or a dict of a_plus, a_minus, tau_plus, "
                     "tau_minus, not %.100s", fn, Py_TYPE(o)->tp_name);
        return -1;
    }
    double *field[] = {&rule->a_plus, &rule->a_minus, &rule->tau_plus, &rule->tau_minus};
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(o, &pos, &key, &value)) {
        const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        int k = 0;
        while (name && k < 4 && strcmp(name, keys[k]))
            k++;
        if (!name || k == 4) {
            PyErr_Format(PyExc_KeyError, "%s: stdp: unknown key %R (allowed: a_plus, a_minus, tau_plus, tau_minus)",
                         fn, key);
            return -1;
        }
        if (axpy_double_arg(value, fn, keys[k], field[k]) < 0)
            return -1;
    }
    return 0;
}

/* The projection just added, made to learn when asked. */
static PyObject *averaged_result(axpy_network *self, ax_status st, ax_projection h, bool learns,
                                 const ax_averaged_stdp *rule)
{
    if (!st && learns)
        st = ax_projection_set_averaged_stdp(axpy_net(self), h, rule);
    return st ? axpy_fail(self, st) : axpy_projection_get(self, h);
}

static PyObject *network_connect_averaged_gap(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"pre", "post", "connector", "weight", "kernel", "v_max", "v_rest", "decay", "stdp", NULL};
    const char *fn = "connect_averaged_gap";
    PyObject *pre_o, *post_o, *conn_o, *weight_o, *kernel_o = Py_None, *stdp_o = Py_None;
    ax_spike_kernel k = ax_spike_kernel_defaults();
    ax_averaged_stdp rule;
    bool learns;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOO|OdddO:connect_averaged_gap", kwlist, &pre_o, &post_o, &conn_o,
                                     &weight_o, &kernel_o, &k.v_max, &k.v_rest, &k.decay, &stdp_o) ||
        averaged_stdp_arg(stdp_o, fn, &rule, &learns) < 0)
        return NULL;
    ax_network *net = axpy_net(self);
    ax_population pre, post;
    if (!net || axpy_handle_arg(pre_o, &axpy_PopulationType, self, fn, "pre", &pre) < 0 ||
        axpy_handle_arg(post_o, &axpy_PopulationType, self, fn, "post", &post) < 0)
        return NULL;
    if (kernel_o != Py_None) {
        const char *shape = axpy_str_arg(kernel_o, fn, "kernel");
        if (!shape)
            return NULL;
        if (strcmp(shape, "delta_dirac") == 0)
            k.shape = AX_SPIKE_KERNEL_DELTA_DIRAC;
        else if (strcmp(shape, "exponential") == 0)
            k.shape = AX_SPIKE_KERNEL_EXPONENTIAL;
        else
            return PyErr_Format(PyExc_ValueError, "%s: kernel '%s' is not one of 'delta_dirac', 'exponential'", fn,
                                shape);
    }
    axpy_connector conn;
    axpy_value w;
    if (axpy_connector_from(conn_o, fn, &conn) < 0)
        return NULL;
    if (axpy_value_from(weight_o, fn, "weight", &w) < 0) {
        axpy_connector_release(&conn);
        return NULL;
    }
    ax_projection h;
    ax_status st = ax_projection_add_averaged_gap(net, pre, post, &conn.c, w.v, kernel_o == Py_None ? NULL : &k, &h);
    axpy_value_release(&w);
    axpy_connector_release(&conn);
    return averaged_result(self, st, h, learns, &rule);
}

static PyObject *network_connect_averaged_chemical(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"pre", "post", "connector", "weight", "transmitter", "t_max", "clearance", "g", "e_rev",
                             "mg", "stdp", NULL};
    static const char *const names[] = {"AMPA", "NMDA", "GABA"};
    const char *fn = "connect_averaged_chemical";
    PyObject *pre_o, *post_o, *conn_o, *weight_o, *tr_o, *opt[5] = {NULL, NULL, NULL, NULL, NULL}, *stdp_o = NULL;
    ax_averaged_stdp rule;
    bool learns;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOO|OOOOOO:connect_averaged_chemical", kwlist, &pre_o, &post_o,
                                     &conn_o, &weight_o, &tr_o, &opt[0], &opt[1], &opt[2], &opt[3], &opt[4], &stdp_o) ||
        averaged_stdp_arg(stdp_o, fn, &rule, &learns) < 0)
        return NULL;
    ax_network *net = axpy_net(self);
    ax_population pre, post;
    if (!net || axpy_handle_arg(pre_o, &axpy_PopulationType, self, fn, "pre", &pre) < 0 ||
        axpy_handle_arg(post_o, &axpy_PopulationType, self, fn, "post", &post) < 0)
        return NULL;
    const char *tr = axpy_str_arg(tr_o, fn, "transmitter");
    if (!tr)
        return NULL;
    int x = 0;
    while (x < 3 && strcmp(tr, names[x]))
        x++;
    if (x == 3)
        return PyErr_Format(PyExc_ValueError, "%s: transmitter '%s' is not one of 'AMPA', 'NMDA', 'GABA'", fn, tr);
    ax_averaged_chemical spec = ax_averaged_chemical_defaults((ax_transmitter)x);
    double *field[] = {&spec.t_max, &spec.clearance, &spec.g, &spec.e_rev, &spec.mg};
    for (int k = 0; k < 5; k++)
        if (opt[k] && opt[k] != Py_None && axpy_double_arg(opt[k], fn, kwlist[5 + k], field[k]) < 0)
            return NULL;
    axpy_connector conn;
    axpy_value w;
    if (axpy_connector_from(conn_o, fn, &conn) < 0)
        return NULL;
    if (axpy_value_from(weight_o, fn, "weight", &w) < 0) {
        axpy_connector_release(&conn);
        return NULL;
    }
    ax_projection h;
    ax_status st = ax_projection_add_averaged_chemical(net, pre, post, &conn.c, w.v, &spec, &h);
    axpy_value_release(&w);
    axpy_connector_release(&conn);
    return averaged_result(self, st, h, learns, &rule);
}

static PyObject *network_add_modulator(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"name", "tau_d", NULL};
    PyObject *name_o, *tau_o;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO:add_modulator", kwlist, &name_o, &tau_o))
        return NULL;
    ax_network *net = axpy_net(self);
    const char *name = net ? axpy_str_arg(name_o, "add_modulator", "name") : NULL;
    double tau;
    if (!name || axpy_double_arg(tau_o, "add_modulator", "tau_d", &tau) < 0)
        return NULL;
    ax_modulator h;
    ax_status st = ax_modulator_add(net, name, tau, &h);
    return st ? axpy_fail(self, st) : axpy_modulator_new(self, h, name_o);
}

static PyObject *network_modulator(axpy_network *self, PyObject *arg)
{
    ax_network *net = axpy_net(self);
    const char *name = net ? axpy_str_arg(arg, "modulator", "name") : NULL;
    if (!name)
        return NULL;
    ax_modulator h;
    ax_status st = ax_modulator_find(net, name, &h);
    return st ? axpy_fail(self, st) : axpy_modulator_new(self, h, arg);
}

/* ---- actions ---- */

static PyObject *network_validate(axpy_network *self, PyObject *unused)
{
    (void)unused;
    ax_network *net = axpy_net(self);
    if (!net)
        return NULL;
    ax_status st = ax_network_validate(net);
    if (st)
        return axpy_fail(self, st);
    Py_RETURN_NONE;
}

static PyObject *network_build(axpy_network *self, PyObject *unused)
{
    (void)unused;
    ax_network *net = axpy_net(self);
    if (!net)
        return NULL;
    ax_status st;
    if (axpy_network_release_views(self) < 0)
        return NULL;
    /* Generating many synapses takes a while: let other threads run. */
    self->running = 1;
    ax_modelfile *mf = self->mf;   /* a model file's build also applies its weights_from files */
    Py_BEGIN_ALLOW_THREADS
    st = mf ? ax_modelfile_build(mf) : ax_network_build(net);
    Py_END_ALLOW_THREADS
    self->running = 0;
    if (st)
        return axpy_fail(self, st);
    Py_RETURN_NONE;
}

static PyObject *network_check_run(axpy_network *self, PyObject *arg)
{
    ax_network *net = axpy_net(self);
    double d;
    if (!net || axpy_double_arg(arg, "check_run", "duration", &d) < 0)
        return NULL;
    ax_status st = ax_network_check_run(net, d);
    if (st)
        return axpy_fail(self, st);
    Py_RETURN_NONE;
}

static PyObject *network_reset(axpy_network *self, PyObject *unused)
{
    (void)unused;
    ax_network *net = axpy_net(self);
    if (!net || axpy_network_release_views(self) < 0)
        return NULL;
    ax_status st = ax_network_reset(net);
    if (st)
        return axpy_fail(self, st);
    Py_RETURN_NONE;
}

static PyObject *path_action(axpy_network *self, PyObject *arg, int restore)
{
    ax_network *net = axpy_net(self);
    PyObject *path = NULL;
    if (!net || !PyUnicode_FSConverter(arg, &path))
        return NULL;
    ax_status st;
    if (restore && axpy_network_release_views(self) < 0) {
        Py_DECREF(path);
        return NULL;
    }
    self->running = 1;
    Py_BEGIN_ALLOW_THREADS
    st = restore ? ax_network_restore_state(net, PyBytes_AS_STRING(path))
                 : ax_network_save_state(net, PyBytes_AS_STRING(path));
    Py_END_ALLOW_THREADS
    self->running = 0;
    Py_DECREF(path);
    if (st)
        return axpy_fail(self, st);
    Py_RETURN_NONE;
}

static PyObject *network_save_state(axpy_network *self, PyObject *arg) { return path_action(self, arg, 0); }
static PyObject *network_restore_state(axpy_network *self, PyObject *arg) { return path_action(self, arg, 1); }

static PyObject *network_run(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"duration", "progress", "every", NULL};
    PyObject *dur_o, *progress = Py_None;
    double every = 100.0, duration;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|Od:run", kwlist, &dur_o, &progress, &every))
        return NULL;
    if (axpy_double_arg(dur_o, "run", "duration", &duration) < 0)
        return NULL;
    return axpy_run(self, duration, progress, every, 0);
}

static PyObject *network_repr(axpy_network *self)
{
    if (!self->net)
        return PyUnicode_FromString("<axon.Network (closed)>");
    PyObject *t = PyFloat_FromDouble(ax_network_get_time(self->net));
    if (!t)
        return NULL;
    PyObject *r = PyUnicode_FromFormat("<axon.Network: %zu populations, t = %R ms>", ax_population_count(self->net), t);
    Py_DECREF(t);
    return r;
}

static PyMethodDef network_methods[] = {
    {"add_population", (PyCFunction)(void (*)(void))network_add_population, METH_VARARGS | METH_KEYWORDS,
     "add_population(name, model, size, params=None, state=None, structure=None) -> Population.  params and "
     "state: dicts of name: value (a number, one value per neuron, or a distribution); structure: positions "
     "(axon.Grid, RandomBox, RandomDisk, RandomSphere, Positions)."},
    {"population", (PyCFunction)network_population, METH_O, "population(name) -> Population (NotFoundError)."},
    {"connect", (PyCFunction)(void (*)(void))network_connect, METH_VARARGS | METH_KEYWORDS,
     "connect(pre, post, connector, receptor=\"excitatory\", weight, delay=dt, plasticity=None) -> Projection.  "
     "weight in the receptor's unit, delay in ms (each a number, one per synapse where the connector fixes "
     "the order, or a distribution); plasticity an axon.Plasticity for plastic synapses."},
    {"connect_gap", (PyCFunction)(void (*)(void))network_connect_gap, METH_VARARGS | METH_KEYWORDS,
     "connect_gap(a, b, connector, conductance) -> Projection: gap junctions of conductance g (uS) between "
     "the pairs, coupling both ways."},
    {"connect_graded", (PyCFunction)(void (*)(void))network_connect_graded, METH_VARARGS | METH_KEYWORDS,
     "connect_graded(pre, post, connector, receptor, weight, v_p=2.0, k_p=5.0) -> Projection: graded "
     "transmitter release onto a transmitter-binding receptor."},
    {"connect_averaged_gap", (PyCFunction)(void (*)(void))network_connect_averaged_gap, METH_VARARGS | METH_KEYWORDS,
     "connect_averaged_gap(pre, post, connector, weight, kernel=None, v_max=30.0, v_rest=0.0, decay=10000.0, "
     "stdp=None) -> Projection: the seed's lattice coupling, I_j = mean over j's averaged-gap edges of w (v_i - v_j), "
     "or of w E(steps since the last spike) from a spike source; weight in uS, signed; kernel 'delta_dirac' or "
     "'exponential' (spike sources only; None: the seed's defaults); stdp True or a dict of a_plus, a_minus, "
     "tau_plus, tau_minus: the weights learn by the seed's STDP."},
    {"connect_averaged_chemical", (PyCFunction)(void (*)(void))network_connect_averaged_chemical,
     METH_VARARGS | METH_KEYWORDS,
     "connect_averaged_chemical(pre, post, connector, weight, transmitter, t_max=1.0, clearance=0.01, g=None, "
     "e_rev=None, mg=0.3, stdp=None) -> Projection: the seed's chemical lattice coupling (docs/lattices.md); "
     "transmitter 'AMPA', 'NMDA' or 'GABA' (g, e_rev: the seed's defaults for it); weight dimensionless, signed; "
     "stdp as connect_averaged_gap's."},
    {"add_modulator", (PyCFunction)(void (*)(void))network_add_modulator, METH_VARARGS | METH_KEYWORDS,
     "add_modulator(name, tau_d) -> Modulator: a decaying neuromodulator level (reward-modulated STDP)."},
    {"modulator", (PyCFunction)network_modulator, METH_O, "modulator(name) -> Modulator (NotFoundError)."},
    {"define_cell", (PyCFunction)(void (*)(void))axpy_network_define_cell, METH_VARARGS | METH_KEYWORDS,
     "define_cell(name, channels): a model made of the library's (or defined) ion channels."},
    {"define_with_receptors", (PyCFunction)(void (*)(void))axpy_network_define_with_receptors,
     METH_VARARGS | METH_KEYWORDS,
     "define_with_receptors(name, base, receptors): model base with kinetic receptors (AMPA, NMDA, GABAa, ...)."},
    {"define_channel", (PyCFunction)(void (*)(void))axpy_network_define_channel, METH_VARARGS | METH_KEYWORDS,
     "define_channel(name, params, conductance, reversal, gates, doc=None): a user ion channel.  params: list "
     "of dicts (name, value, unit, min, max, doc); gates: list of dicts (name, power, alpha, beta, inf, tau, doc)."},
    {"define_equations", (PyCFunction)(void (*)(void))axpy_network_define_equations, METH_VARARGS | METH_KEYWORDS,
     "define_equations(name, *, parameters=None, state=None, equations=None, threshold=None, reset=None, "
     "refractory=None, receptors=None, method=None, detect=None, doc=None): a neuron model written as equations "
     "(docs/equations.md).  parameters, state: the lines 'NAME = VALUE [: UNIT [(BOUNDS)]] [# doc]', or a dict "
     "name -> value, (value, unit) or dict(value, unit, doc, bounds); equations, reset: a str or a list of lines; "
     "receptors: a str or a dict name -> statements; refractory: an expression (str) or ms; method, detect, doc: "
     "str.  ArgumentError with the part, line and column of what the library refuses."},
    {"define_plasticity_equations", (PyCFunction)(void (*)(void))axpy_network_define_plasticity_equations,
     METH_VARARGS | METH_KEYWORDS,
     "define_plasticity_equations(name, *, parameters=None, pre=None, post=None, on_pre=None, on_post=None, "
     "doc=None): a plasticity rule written as equations (docs/equations.md, Plasticity rules); projections take it "
     "with axon.Rule(name, **params).  parameters: as define_equations'; pre, post: the traces 'dX/dt = -X / tau' "
     "(at most two each); on_pre, on_post: statements (a str or a list of lines)."},
    {"validate", (PyCFunction)network_validate, METH_NOARGS,
     "validate(): check what a run would check first, without generating synapses."},
    {"build", (PyCFunction)network_build, METH_NOARGS, "build(): generate the synapses now (run does it if needed)."},
    {"run", (PyCFunction)(void (*)(void))network_run, METH_VARARGS | METH_KEYWORDS,
     "run(duration, progress=None, every=100.0): advance by duration ms (a multiple of dt), releasing the GIL.  "
     "progress(t, t_end) is called about every `every` ms of simulated time; a truthy return stops the run "
     "(InterruptedRun), an exception stops it and propagates.  Ctrl-C stops it at a clean point and raises "
     "KeyboardInterrupt; the network can be run on."},
    {"interrupt", (PyCFunction)axpy_network_interrupt, METH_NOARGS,
     "interrupt(): ask the run in progress (from another thread), or the next one, to stop within 1 ms of "
     "simulated time (InterruptedRun)."},
    {"reset", (PyCFunction)network_reset, METH_NOARGS,
     "reset(): back to t = 0 with the same connectivity, initial state and plastic weights (PyNN's reset)."},
    {"save_state", (PyCFunction)network_save_state, METH_O, "save_state(path): the whole state of a built network."},
    {"restore_state", (PyCFunction)network_restore_state, METH_O,
     "restore_state(path): continue from a file of save_state (same model, dt, seed; any threads)."},
    {"check_run", (PyCFunction)network_check_run, METH_O,
     "check_run(duration): say the runs to come span duration ms, collecting the warnings known before them."},
    {"silence_warning", (PyCFunction)axpy_network_silence_warning, METH_O,
     "silence_warning(kind): stop collecting warnings of this kind (e.g. \"weight_sign\"), dropping those kept."},
    {"close", (PyCFunction)network_close, METH_NOARGS,
     "close(): free the network now; later use raises StateError.  Arrays already taken stay valid."},
    {"__enter__", (PyCFunction)network_enter, METH_NOARGS, "The network itself."},
    {"__exit__", (PyCFunction)network_exit, METH_VARARGS, "Closes the network."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef network_getset[] = {
    {"dt", (getter)get_dt, NULL, "Time step (ms).", NULL},
    {"seed", (getter)get_seed, NULL, "Seed of every random draw.", NULL},
    {"threads", (getter)get_threads, NULL, "Threads actually used.", NULL},
    {"time", (getter)get_time, NULL, "Simulated time so far (ms).", NULL},
    {"built", (getter)get_info_field, NULL, "Whether the synapses have been generated.", NULL},
    {"closed", (getter)get_closed, NULL, "Whether close() was called.", NULL},
    {"memory_limit", (getter)get_info_field, (setter)set_memory_limit,
     "Bytes the network may plan for its populations, synapses and buffers (default: physical memory).",
     (void *)1},
    {"record_buffer", NULL, (setter)set_record_buffer,
     "Write-only: bytes streamed recorders may hold between writes (>= 1024).", NULL},
    {"populations", (getter)get_populations, NULL, "Tuple of Population, in order.", NULL},
    {"projections", (getter)get_projections, NULL, "Tuple of Projection, in order.", NULL},
    {"stats", (getter)axpy_network_stats, NULL, "Dict of ax_stats (neurons, synapses, spikes, ...).", NULL},
    {"failure", (getter)axpy_network_failure, NULL,
     "None, or a dict saying why the last run stopped before its end.", NULL},
    {"warnings", (getter)axpy_network_warnings, NULL, "List of dicts: the warnings collected so far.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject axpy_NetworkType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "axon.Network",
    .tp_doc = "Network(dt=0.1, seed=0, threads=0): an empty network (dt in ms, 0 < dt <= 10; threads 0: one "
              "per core).  Results are identical for any number of threads.",
    .tp_basicsize = sizeof(axpy_network),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = network_new,
    .tp_dealloc = (destructor)network_dealloc,
    .tp_traverse = (traverseproc)network_traverse,
    .tp_clear = (inquiry)network_clear,
    .tp_repr = (reprfunc)network_repr,
    .tp_weaklistoffset = offsetof(axpy_network, weakrefs),
    .tp_methods = network_methods,
    .tp_getset = network_getset,
};
