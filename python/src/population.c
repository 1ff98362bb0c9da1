/*
 * population.c - axon.Population: a handle on a population of the network,
 * with its parameters and state, spike times, recorders and inputs.
 */
#include "axon_py.h"
#include "structmember.h"

static int info_of(axpy_handle *self, ax_network **net, ax_population_info *info)
{
    if (!(*net = axpy_net_of(self->owner, "population")))
        return -1;
    ax_status st = ax_population_get_info(*net, self->handle, info);
    if (st) {
        axpy_fail(self->owner, st);
        return -1;
    }
    return 0;
}

PyObject *axpy_population_get(axpy_network *net, ax_population h)
{
    /* One object per population, kept by the network, so identity holds. */
    if (!net->pops)
        return axpy_raise(AX_ERR_STATE, "the network is being freed");
    while ((size_t)PyList_GET_SIZE(net->pops) <= h)
        if (PyList_Append(net->pops, Py_None) < 0)
            return NULL;
    PyObject *p = PyList_GET_ITEM(net->pops, h);
    if (p == Py_None) {
        if (!(p = axpy_handle_make(&axpy_PopulationType, net, h)))
            return NULL;
        PyList_SetItem(net->pops, h, p);   /* steals p; the list held None */
    }
    Py_INCREF(p);
    return p;
}

static PyObject *pop_name(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_population_info info;
    return info_of(self, &net, &info) < 0 ? NULL : PyUnicode_FromString(info.name);
}

static PyObject *pop_model(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_population_info info;
    return info_of(self, &net, &info) < 0 ? NULL : PyUnicode_FromString(info.model->name);
}

static PyObject *pop_size(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_population_info info;
    return info_of(self, &net, &info) < 0 ? NULL : PyLong_FromUnsignedLong(info.size);
}

static PyObject *pop_first_id(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_population_info info;
    return info_of(self, &net, &info) < 0 ? NULL : PyLong_FromUnsignedLong(info.first_id);
}

static Py_ssize_t pop_len(axpy_handle *self)
{
    ax_network *net;
    ax_population_info info;
    return info_of(self, &net, &info) < 0 ? -1 : (Py_ssize_t)info.size;
}

static PyObject *pop_network(axpy_handle *self, void *c)
{
    (void)c;
    Py_INCREF(self->owner);
    return (PyObject *)self->owner;
}

static PyObject *names_tuple(const void *table, size_t stride, uint32_t n)
{
    PyObject *t = PyTuple_New(n);
    for (uint32_t i = 0; t && i < n; i++) {
        const char *name = *(const char *const *)((const char *)table + i * stride);
        PyObject *s = PyUnicode_FromString(name);
        if (!s) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, s);
    }
    return t;
}

static PyObject *pop_parameters(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_population_info info;
    if (info_of(self, &net, &info) < 0)
        return NULL;
    return names_tuple(info.model->params, sizeof(ax_param_info), info.model->n_params);
}

static PyObject *pop_state_variables(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_population_info info;
    if (info_of(self, &net, &info) < 0)
        return NULL;
    return names_tuple(info.model->vars, sizeof(ax_var_info), info.model->n_vars);
}

static PyObject *pop_receptors(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_population_info info;
    if (info_of(self, &net, &info) < 0)
        return NULL;
    return names_tuple(info.model->receptors, sizeof(ax_receptor_info), info.model->n_receptors);
}

static PyObject *pop_spike_count(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net_of(self->owner, "population");
    uint64_t n;
    if (!net)
        return NULL;
    ax_status st = ax_population_get_spike_count(net, self->handle, &n);
    return st ? axpy_fail(self->owner, st) : PyLong_FromUnsignedLongLong(n);
}

/* switches: a dict of the three flags (ax_population_switches). */
static PyObject *pop_get_switches(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net_of(self->owner, "population");
    ax_population_switches s;
    if (!net)
        return NULL;
    ax_status st = ax_population_get_switches(net, self->handle, &s);
    if (st)
        return axpy_fail(self->owner, st);
    return Py_BuildValue("{s:O,s:O,s:O}", "electrical", s.electrical ? Py_True : Py_False, "chemical",
                         s.chemical ? Py_True : Py_False, "learning", s.learning ? Py_True : Py_False);
}

/* Set from a dict with any of the three keys; the others stay. */
static int pop_set_switches(axpy_handle *self, PyObject *value, void *c)
{
    (void)c;
    static const char *const keys[] = {"electrical", "chemical", "learning"};
    ax_network *net = axpy_net_of(self->owner, "population");
    ax_population_switches s;
    if (!net)
        return -1;
    if (!value || !PyDict_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "switches: expected a dict of electrical, chemical, learning: bool");
        return -1;
    }
    ax_status st = ax_population_get_switches(net, self->handle, &s);
    if (st) {
        axpy_fail(self->owner, st);
        return -1;
    }
    bool *field[] = {&s.electrical, &s.chemical, &s.learning};
    PyObject *key, *item;
    Py_ssize_t pos = 0;
    while (PyDict_Next(value, &pos, &key, &item)) {
        const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        int k = 0;
        while (name && k < 3 && strcmp(name, keys[k]))
            k++;
        if (!name || k == 3) {
            PyErr_Format(PyExc_KeyError, "switches: unknown switch %R; allowed: electrical, chemical, learning", key);
            return -1;
        }
        if (!PyBool_Check(item)) {
            PyErr_Format(PyExc_TypeError, "switches: %s must be True or False, got %R", name, item);
            return -1;
        }
        *field[k] = item == Py_True;
    }
    st = ax_population_set_switches(net, self->handle, s);
    if (st) {
        axpy_fail(self->owner, st);
        return -1;
    }
    return 0;
}

enum { SET_ANY, SET_PARAM, SET_STATE };

/* Sets each item of dict (name: value) on population h: a parameter or a
 * state variable of the model (which: SET_ANY), or the one kind asked for. */
static int set_items(axpy_network *owner, ax_population h, PyObject *dict, int which, const char *call)
{
    ax_network *net = axpy_net_of(owner, "population");
    ax_population_info info;
    if (!net)
        return -1;
    ax_status st = ax_population_get_info(net, h, &info);
    if (st) {
        axpy_fail(owner, st);
        return -1;
    }
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (dict && PyDict_Next(dict, &pos, &key, &value)) {
        const char *name = axpy_str_arg(key, call, which == SET_STATE ? "a state variable name" : "a parameter name");
        if (!name)
            return -1;
        int state = which == SET_STATE;
        if (which == SET_ANY) {
            /* a name of both kinds cannot occur: the registry refuses such models */
            for (uint32_t k = 0; k < info.model->n_vars; k++)
                if (!strcmp(info.model->vars[k].name, name))
                    state = 1;
        }
        axpy_value v;
        if (axpy_value_from(value, call, name, &v) < 0)
            return -1;
        st = state ? ax_population_set_state(net, h, name, v.v) : ax_population_set_param(net, h, name, v.v);
        axpy_value_release(&v);
        if (st) {
            axpy_fail(owner, st);
            return -1;
        }
    }
    return 0;
}

int axpy_population_set_dict(axpy_network *owner, ax_population pop, PyObject *dict, int state, const char *call)
{
    if (!dict || dict == Py_None)
        return 0;
    return set_items(owner, pop, dict, state ? SET_STATE : SET_PARAM, call);
}

static PyObject *set_values(axpy_handle *self, PyObject *args, PyObject *kw, int which, const char *call)
{
    if (PyTuple_GET_SIZE(args)) {
        PyErr_Format(PyExc_TypeError, "%s takes keyword arguments only (name=value)", call);
        return NULL;
    }
    if (set_items(self->owner, self->handle, kw, which, call) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *pop_set(axpy_handle *self, PyObject *args, PyObject *kw)
{
    return set_values(self, args, kw, SET_ANY, "set");
}

static PyObject *pop_set_params(axpy_handle *self, PyObject *args, PyObject *kw)
{
    return set_values(self, args, kw, SET_PARAM, "set_params");
}

static PyObject *pop_set_state(axpy_handle *self, PyObject *args, PyObject *kw)
{
    return set_values(self, args, kw, SET_STATE, "set_state");
}

static PyObject *pop_get(axpy_handle *self, PyObject *arg)
{
    ax_network *net;
    ax_population_info info;
    const char *name = axpy_str_arg(arg, "get", "name");
    if (!name || info_of(self, &net, &info) < 0)
        return NULL;
    npy_intp n = info.size;
    PyObject *a = PyArray_SimpleNew(1, &n, NPY_DOUBLE);
    if (!a)
        return NULL;
    ax_status st = ax_population_get_values(net, self->handle, name, PyArray_DATA((PyArrayObject *)a), info.size);
    if (st) {
        Py_DECREF(a);
        return axpy_fail(self->owner, st);
    }
    return a;
}

static PyObject *set_times(axpy_handle *self, ax_network *net, PyObject *neuron_o, PyObject *times, const char *call)
{
    if (PyBool_Check(neuron_o) || !(PyLong_Check(neuron_o) || PyArray_IsScalar(neuron_o, Integer))) {
        PyErr_Format(PyExc_TypeError, "%s: neuron must be an int, not %.100s", call, Py_TYPE(neuron_o)->tp_name);
        return NULL;
    }
    int overflow;
    long long neuron = PyLong_AsLongLongAndOverflow(neuron_o, &overflow);
    if (neuron == -1 && PyErr_Occurred())
        return NULL;
    if (overflow || neuron < 0 || neuron > 0xFFFFFFFFll)
        return axpy_raisef(AX_ERR_ARGUMENT, "%s: neuron %lld is not allowed: an index >= 0", call,
                           overflow ? -1LL : neuron);
    axpy_indices t;
    if (axpy_doubles_from(times, call, "times", &t) < 0)
        return NULL;
    ax_status st = ax_population_set_spike_times(net, self->handle, (uint32_t)neuron, t.data, t.n);
    axpy_indices_release(&t);
    if (st)
        return axpy_fail(self->owner, st);
    Py_RETURN_NONE;
}

static PyObject *pop_set_spike_times(axpy_handle *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"neuron", "times", NULL};
    PyObject *neuron, *times;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO:set_spike_times", kwlist, &neuron, &times))
        return NULL;
    ax_network *net = axpy_net_of(self->owner, "population");
    return net ? set_times(self, net, neuron, times, "set_spike_times") : NULL;
}

static int pop_set_all_spike_times(axpy_handle *self, PyObject *value, void *c)
{
    (void)c;
    ax_network *net;
    ax_population_info info;
    if (!value) {
        PyErr_SetString(PyExc_AttributeError, "spike_times cannot be deleted");
        return -1;
    }
    if (info_of(self, &net, &info) < 0)
        return -1;
    PyObject *seq = PySequence_Fast(value, "spike_times: expected a sequence with one sequence of times per neuron");
    if (!seq)
        return -1;
    if ((size_t)PySequence_Fast_GET_SIZE(seq) != info.size) {
        axpy_raisef(AX_ERR_ARGUMENT, "spike_times: %zd sequences given for %u neurons: one per neuron",
                    PySequence_Fast_GET_SIZE(seq), info.size);
        Py_DECREF(seq);
        return -1;
    }
    for (uint32_t i = 0; i < info.size; i++) {
        PyObject *idx = PyLong_FromUnsignedLong(i);
        PyObject *r = idx ? set_times(self, net, idx, PySequence_Fast_GET_ITEM(seq, i), "spike_times") : NULL;
        Py_XDECREF(idx);
        if (!r) {
            Py_DECREF(seq);
            return -1;
        }
        Py_DECREF(r);
    }
    Py_DECREF(seq);
    return 0;
}

/* pop.spike_times: one float64 array per neuron, copied (the library's
 * arrays go at the next set_spike_times). */
static PyObject *pop_get_all_spike_times(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net;
    ax_population_info info;
    if (info_of(self, &net, &info) < 0)
        return NULL;
    PyObject *list = PyList_New(info.size);
    for (uint32_t i = 0; list && i < info.size; i++) {
        const double *t;
        size_t n;
        ax_status st = ax_population_get_spike_times(net, self->handle, i, &t, &n);
        npy_intp dim = (npy_intp)n;
        PyObject *a = st ? axpy_fail(self->owner, st) : PyArray_SimpleNew(1, &dim, NPY_DOUBLE);
        if (!a) {
            Py_CLEAR(list);
            break;
        }
        if (n)
            memcpy(PyArray_DATA((PyArrayObject *)a), t, n * sizeof *t);
        PyList_SET_ITEM(list, i, a);
    }
    return list;
}

/* record_signal(kind, ...): "eeg" or "mean_<variable>" (ax_recorder_add_signal);
 * the EEG's defaults are the seed CLI's. */
static PyObject *pop_record_signal(axpy_handle *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"kind", "interval", "electrode", "sigma", "v_ref", "distance", "min_distance", NULL};
    const char *kind;
    ax_signal_spec sp = {.sigma = 251, .v_ref = 0.007, .distance = 6.8, .min_distance = 1e-3};
    PyObject *el = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "s|dOdddd:record_signal", kwlist, &kind, &sp.interval_ms, &el,
                                     &sp.sigma, &sp.v_ref, &sp.distance, &sp.min_distance))
        return NULL;
    if (el != Py_None && !PyArg_ParseTuple(el, "ddd;record_signal: electrode must be a tuple (x, y, z)",
                                           &sp.electrode[0], &sp.electrode[1], &sp.electrode[2]))
        return NULL;
    if (!strcmp(kind, "eeg"))
        sp.kind = AX_SIGNAL_EEG;
    else if (!strcmp(kind, "lfp"))
        sp.kind = AX_SIGNAL_LFP;
    else if (!strncmp(kind, "mean_", 5) && kind[5])
        sp.kind = AX_SIGNAL_MEAN, sp.variable = kind + 5;
    else
        return PyErr_Format(PyExc_ValueError, "record_signal: kind '%s' is not allowed; allowed: \"eeg\", \"lfp\", "
                            "\"mean_<variable>\" (e.g. \"mean_v\")", kind);
    ax_network *net = axpy_net_of(self->owner, "population");
    if (!net)
        return NULL;
    ax_recorder rec;
    ax_status st = ax_recorder_add_signal(net, self->handle, &sp, &rec);
    return st ? axpy_fail(self->owner, st) : axpy_recorder_new(self->owner, rec);
}

static PyObject *pop_record(axpy_handle *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"variable", "neurons", "interval", NULL};
    PyObject *var_o = NULL, *neurons_o = Py_None, *interval_o = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOO:record", kwlist, &var_o, &neurons_o, &interval_o))
        return NULL;
    ax_network *net = axpy_net_of(self->owner, "population");
    if (!net)
        return NULL;
    const char *var = var_o ? axpy_str_arg(var_o, "record", "variable") : "spikes";
    double interval = 0.0;
    if (!var || (interval_o && axpy_double_arg(interval_o, "record", "interval", &interval) < 0))
        return NULL;
    ax_neurons sel;
    axpy_indices keep;
    if (axpy_neurons_from(neurons_o, "record", &sel, &keep) < 0)
        return NULL;
    ax_recorder rec;
    ax_status st = !strcmp(var, "spikes") ? ax_recorder_add_spikes(net, self->handle, sel, &rec)
                                          : ax_recorder_add_state(net, self->handle, var, sel, interval, &rec);
    axpy_indices_release(&keep);
    return st ? axpy_fail(self->owner, st) : axpy_recorder_new(self->owner, rec);
}

static PyObject *pop_add_input(axpy_handle *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"spec", "neurons", NULL};
    PyObject *spec_o, *neurons_o = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|O:add_input", kwlist, &spec_o, &neurons_o))
        return NULL;
    ax_network *net = axpy_net_of(self->owner, "population");
    if (!net)
        return NULL;
    axpy_input_spec spec;
    if (axpy_input_spec_from(spec_o, "add_input", &spec) < 0)
        return NULL;
    ax_neurons sel;
    axpy_indices keep;
    if (axpy_neurons_from(neurons_o, "add_input", &sel, &keep) < 0) {
        axpy_input_spec_release(&spec);
        return NULL;
    }
    ax_input in;
    ax_status st = ax_input_add(net, self->handle, sel, &spec.s, &in);
    axpy_indices_release(&keep);
    axpy_input_spec_release(&spec);
    return st ? axpy_fail(self->owner, st)
              : axpy_input_new(self->owner, in, (PyObject *)self, axpy_input_kind_name(spec.s.kind));
}

static PyObject *pop_repr(axpy_handle *self)
{
    if (!self->owner->net)
        return PyUnicode_FromFormat("<axon.Population %u of a closed network>", self->handle);
    ax_population_info info;
    if (ax_population_get_info(self->owner->net, self->handle, &info))
        return PyUnicode_FromFormat("<axon.Population %u>", self->handle);
    return PyUnicode_FromFormat("<axon.Population '%s': %u %s>", info.name, info.size, info.model->name);
}

static PyMethodDef pop_methods[] = {
    {"set", (PyCFunction)(void (*)(void))pop_set, METH_VARARGS | METH_KEYWORDS,
     "set(name=value, ...): parameters or state variables of the model (each a number, one value "
     "per neuron, or a distribution).  State set before the first run is the initial state."},
    {"set_params", (PyCFunction)(void (*)(void))pop_set_params, METH_VARARGS | METH_KEYWORDS,
     "set_params(name=value, ...): parameters only (checked against their allowed ranges)."},
    {"set_state", (PyCFunction)(void (*)(void))pop_set_state, METH_VARARGS | METH_KEYWORDS,
     "set_state(name=value, ...): state variables only."},
    {"set_structure", (PyCFunction)axpy_pop_set_structure, METH_O,
     "set_structure(structure): positions for the neurons (axon.Grid, RandomBox, RandomDisk, RandomSphere, "
     "Positions), computed now; before the build."},
    {"get", (PyCFunction)pop_get, METH_O,
     "get(name) -> float64 array of size pop.size: a parameter or state variable, copied."},
    {"set_spike_times", (PyCFunction)(void (*)(void))pop_set_spike_times, METH_VARARGS | METH_KEYWORDS,
     "set_spike_times(neuron, times): spike times (ms, increasing, each >= dt) of one neuron of a "
     "spike-times model (SpikeSourceArray); replaces its earlier times."},
    {"record_signal", (PyCFunction)(void (*)(void))pop_record_signal, METH_VARARGS | METH_KEYWORDS,
     "record_signal(kind, interval=0.0, electrode=(0, 0, 0), sigma=251, v_ref=0.007, distance=6.8, "
     "min_distance=1e-3) -> Recorder: a population signal, \"mean_<variable>\" (e.g. \"mean_v\"), \"lfp\" "
     "(Mazzoni et al. 2015: sum |I_exc(t - 6 ms)| - 1.65 sum |I_inh(t)|, nA) or \"eeg\" "
     "(sum of (v - v_ref) / (4 pi sigma r), r from the positions or `distance`, at least min_distance); "
     ".times and .values (1-D)."},
    {"record", (PyCFunction)(void (*)(void))pop_record, METH_VARARGS | METH_KEYWORDS,
     "record(variable=\"spikes\", neurons=None, interval=0.0) -> Recorder: spikes, or a state variable "
     "every interval ms (0: every step).  neurons: None (all), an int n (the first n) or indices."},
    {"incoming", (PyCFunction)axpy_pop_incoming, METH_O,
     "incoming(neuron) -> list of dicts (projection, pre, post, weight, delay, index): the synapses onto "
     "neuron of this population over every projection into it (gap junctions as stored: a to b), by "
     "projection, then source.  After the build."},
    {"outgoing", (PyCFunction)axpy_pop_outgoing, METH_O,
     "outgoing(neuron) -> list of dicts: the synapses leaving neuron, by projection, then target."},
    {"add_input", (PyCFunction)(void (*)(void))pop_add_input, METH_VARARGS | METH_KEYWORDS,
     "add_input(spec, neurons=None) -> Input: spec is axon.DC, Step, AC, Noise or PoissonInput."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef pop_getset[] = {
    {"name", (getter)pop_name, NULL, "The population's name.", NULL},
    {"model", (getter)pop_model, NULL, "The model's name.", NULL},
    {"size", (getter)pop_size, NULL, "Number of neurons.", NULL},
    {"first_id", (getter)pop_first_id, NULL, "Global id of neuron 0.", NULL},
    {"network", (getter)pop_network, NULL, "The Network it belongs to.", NULL},
    {"parameters", (getter)pop_parameters, NULL, "The model's parameter names.", NULL},
    {"state_variables", (getter)pop_state_variables, NULL, "The model's state variable names.", NULL},
    {"receptors", (getter)pop_receptors, NULL, "The model's receptor names.", NULL},
    {"positions", (getter)axpy_pop_positions, NULL,
     "Positions (x, y, z) of the neurons: a float64 array of shape (size, 3), a copy; None without a structure.",
     NULL},
    {"spike_count", (getter)pop_spike_count, NULL, "Spikes emitted since the start.", NULL},
    {"switches", (getter)pop_get_switches, (setter)pop_set_switches,
     "What reaches the neurons (ax_population_set_switches): a dict electrical, chemical, learning: bool; set "
     "with a dict of any of them (the main seed's per-lattice switches).", NULL},
    {"spike_times", (getter)pop_get_all_spike_times, (setter)pop_set_all_spike_times,
     "Spike times (ms) of a spike-times model: a list with one float64 array per neuron (a copy); set with "
     "one sequence per neuron.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef pop_members[] = {
    {"handle", T_UINT, offsetof(axpy_handle, handle), READONLY, "The library's handle (ax_population)."},
    {NULL, 0, 0, 0, NULL},
};

static PySequenceMethods pop_as_sequence = {.sq_length = (lenfunc)pop_len};

PyTypeObject axpy_PopulationType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "axon.Population",
    .tp_doc = "Neurons of one model in a Network (Network.add_population).  Indices are 0-based.",
    .tp_basicsize = sizeof(axpy_handle),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = axpy_handle_no_new,
    .tp_dealloc = axpy_handle_dealloc,
    .tp_traverse = axpy_handle_traverse,
    .tp_clear = axpy_handle_clear,
    .tp_richcompare = axpy_handle_richcompare,
    .tp_hash = axpy_handle_hash,
    .tp_repr = (reprfunc)pop_repr,
    .tp_as_sequence = &pop_as_sequence,
    .tp_methods = pop_methods,
    .tp_getset = pop_getset,
    .tp_members = pop_members,
};
