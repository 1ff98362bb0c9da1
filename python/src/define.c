/*
 * define.c - models and channels defined on a network: cells made of ion
 * channels, models with kinetic receptors, user ion channels, models written
 * as equations.  The library copies what it keeps, so the strings only need
 * to live for the call.
 */
#include <math.h>

#include "axon_py.h"

/* A list of str as an array of C strings (borrowed from the items). */
static const char **str_list(PyObject *obj, const char *call, const char *what, size_t *n, PyObject **keep)
{
    *keep = NULL;
    if (PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s: %s must be a list of str, not one str", call, what);
        return NULL;
    }
    PyObject *seq = PySequence_Fast(obj, "");
    if (!seq) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s: %s must be a list of str, not %.100s", call, what, Py_TYPE(obj)->tp_name);
        return NULL;
    }
    Py_ssize_t len = PySequence_Fast_GET_SIZE(seq);
    const char **out = PyMem_Calloc((size_t)len + 1, sizeof *out);
    if (!out) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < len; i++)
        if (!(out[i] = axpy_str_arg(PySequence_Fast_GET_ITEM(seq, i), call, what))) {
            PyMem_Free(out);
            Py_DECREF(seq);
            return NULL;
        }
    *n = (size_t)len;
    *keep = seq;
    return out;
}

PyObject *axpy_network_define_cell(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"name", "channels", NULL};
    PyObject *name_o, *ch_o, *keep;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO:define_cell", kwlist, &name_o, &ch_o))
        return NULL;
    ax_network *net = axpy_net(self);
    const char *name = net ? axpy_str_arg(name_o, "define_cell", "name") : NULL;
    size_t n = 0;
    const char **ch = name ? str_list(ch_o, "define_cell", "channels", &n, &keep) : NULL;
    if (!ch)
        return NULL;
    ax_status st = ax_model_define_cell(net, name, ch, n);
    PyMem_Free(ch);
    Py_DECREF(keep);
    if (st)
        return axpy_fail(self, st);
    Py_RETURN_NONE;
}

PyObject *axpy_network_define_with_receptors(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"name", "base", "receptors", NULL};
    PyObject *name_o, *base_o, *rec_o, *keep;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO:define_with_receptors", kwlist, &name_o, &base_o, &rec_o))
        return NULL;
    ax_network *net = axpy_net(self);
    const char *name = net ? axpy_str_arg(name_o, "define_with_receptors", "name") : NULL;
    const char *base = name ? axpy_str_arg(base_o, "define_with_receptors", "base") : NULL;
    size_t n = 0;
    const char **rec = base ? str_list(rec_o, "define_with_receptors", "receptors", &n, &keep) : NULL;
    if (!rec)
        return NULL;
    ax_status st = ax_model_define_with_receptors(net, name, base, rec, n);
    PyMem_Free(rec);
    Py_DECREF(keep);
    if (st)
        return axpy_fail(self, st);
    Py_RETURN_NONE;
}

/* The parts of an equation model may be dicts and lists; axon/_equations.py
 * turns them into the library's text (Python reads better for that), and
 * the library checks the text. */
/* The texts of a definition's fields: axon._equations.<convert>(*f)
 * (which turns Python's forms into the library's lines), then each a C
 * string into s (NULL where None), kept by *texts until the caller drops
 * it.  The network is taken only afterwards: the conversion may run the
 * caller's code (a number's __float__), which could close it.  Returns
 * the network, or NULL with an exception. */
static ax_network *definition_texts(axpy_network *self, const char *call, const char *convert, PyObject *name_o,
                                    PyObject *const *f, int n, char *const *kwlist, const char **name,
                                    const char **s, PyObject **texts)
{
    *texts = NULL;
    if (!axpy_str_arg(name_o, call, "name"))
        return NULL;
    PyObject *mod = PyImport_ImportModule("axon._equations");
    PyObject *fn = mod ? PyObject_GetAttrString(mod, convert) : NULL;
    Py_XDECREF(mod);
    PyObject *args = fn ? PyTuple_New(n) : NULL;
    for (int i = 0; args && i < n; i++)
        PyTuple_SET_ITEM(args, i, Py_NewRef(f[i]));
    PyObject *t = args ? PyObject_CallObject(fn, args) : NULL;
    Py_XDECREF(fn);
    Py_XDECREF(args);
    if (!t)
        return NULL;
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != n) {
        Py_DECREF(t);
        PyErr_Format(PyExc_SystemError, "axon._equations.%s must return a tuple of %d", convert, n);
        return NULL;
    }
    ax_network *net = axpy_net(self);
    *name = net ? axpy_str_arg(name_o, call, "name") : NULL;
    for (int i = 0; *name && i < n; i++) {
        PyObject *x = PyTuple_GET_ITEM(t, i);
        s[i] = NULL;
        if (x != Py_None && !(s[i] = axpy_str_arg(x, call, kwlist[i + 1])))
            *name = NULL;
    }
    if (!*name) {
        Py_DECREF(t);
        return NULL;
    }
    *texts = t;
    return net;
}

PyObject *axpy_network_define_equations(axpy_network *self, PyObject *args, PyObject *kw)
{
    enum { N_FIELDS = 10 };
    /* after "name", the fields of ax_equations in their order */
    static char *kwlist[] = {"name",       "parameters", "state",  "equations", "threshold", "reset",
                             "refractory", "receptors",  "method", "detect",    "doc",       NULL};
    PyObject *name_o, *f[N_FIELDS];
    for (int i = 0; i < N_FIELDS; i++)
        f[i] = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$OOOOOOOOOO:define_equations", kwlist, &name_o, &f[0], &f[1],
                                     &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9]))
        return NULL;
    const char *name, *s[N_FIELDS];
    PyObject *texts;
    ax_network *net = definition_texts(self, "define_equations", "texts", name_o, f, N_FIELDS, kwlist, &name, s,
                                       &texts);
    if (!net)
        return NULL;
    ax_equations eq = {.parameters = s[0], .state = s[1], .equations = s[2], .threshold = s[3], .reset = s[4],
                       .refractory = s[5], .receptors = s[6], .method = s[7], .detect = s[8], .doc = s[9]};
    ax_status st = ax_model_define_equations(net, name, &eq);
    Py_DECREF(texts);
    if (st)
        return axpy_fail(self, st);
    Py_RETURN_NONE;
}

/* d[key] as a C string, or `dflt` when absent or None. */
static int opt_str(PyObject *d, const char *key, const char *what, const char *dflt, const char **out)
{
    PyObject *v = PyDict_GetItemString(d, key);
    if (!v || v == Py_None) {
        *out = dflt;
        return 0;
    }
    char where[96];
    snprintf(where, sizeof where, "%s.%s", what, key);
    return (*out = axpy_str_arg(v, "define_channel", where)) ? 0 : -1;
}

static int opt_double(PyObject *d, const char *key, const char *what, double dflt, double *out)
{
    PyObject *v = PyDict_GetItemString(d, key);
    if (!v || v == Py_None) {
        *out = dflt;
        return 0;
    }
    char where[96];
    snprintf(where, sizeof where, "%s.%s", what, key);
    return axpy_double_arg(v, "define_channel", where, out);
}

/* Only the keys a table may have: a misspelt key must not pass unnoticed. */
static int check_keys(PyObject *d, const char *what, const char *const *keys)
{
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (PyDict_Next(d, &pos, &k, &v)) {
        const char *s = PyUnicode_Check(k) ? PyUnicode_AsUTF8(k) : NULL;
        int ok = 0;
        for (int i = 0; s && keys[i]; i++)
            ok |= !strcmp(s, keys[i]);
        if (!ok) {
            PyObject *r = PyObject_Repr(k);
            axpy_raisef(AX_ERR_ARGUMENT, "define_channel: %s: unknown key %s", what, r ? PyUnicode_AsUTF8(r) : "?");
            Py_XDECREF(r);
            return -1;
        }
    }
    return 0;
}

static PyObject *dict_list(PyObject *obj, const char *what)
{
    PyObject *seq = PySequence_Fast(obj, "");
    if (!seq) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "define_channel: %s must be a list of dicts, not %.100s", what,
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++)
        if (!PyDict_Check(PySequence_Fast_GET_ITEM(seq, i))) {
            PyErr_Format(PyExc_TypeError, "define_channel: %s[%zd] must be a dict", what, i);
            Py_DECREF(seq);
            return NULL;
        }
    return seq;
}

PyObject *axpy_network_define_channel(axpy_network *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"name", "params", "conductance", "reversal", "gates", "doc", NULL};
    static const char *const param_keys[] = {"name", "value", "default", "unit", "min", "max", "doc", NULL};
    static const char *const gate_keys[] = {"name", "power", "alpha", "beta", "inf", "tau", "doc", NULL};
    PyObject *name_o, *params_o, *g_o, *e_o, *gates_o = Py_None, *doc_o = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOO|OO:define_channel", kwlist, &name_o, &params_o, &g_o, &e_o,
                                     &gates_o, &doc_o))
        return NULL;
    ax_network *net = axpy_net(self);
    ax_channel_def def = {0};
    if (!net || !(def.name = axpy_str_arg(name_o, "define_channel", "name")) ||
        !(def.conductance = axpy_str_arg(g_o, "define_channel", "conductance")) ||
        !(def.reversal = axpy_str_arg(e_o, "define_channel", "reversal")) ||
        (doc_o != Py_None && !(def.doc = axpy_str_arg(doc_o, "define_channel", "doc"))))
        return NULL;
    PyObject *params = dict_list(params_o, "params");
    PyObject *gates = params && gates_o != Py_None ? dict_list(gates_o, "gates") : NULL;
    if (!params || (gates_o != Py_None && !gates)) {
        Py_XDECREF(params);
        return NULL;
    }
    Py_ssize_t np = PySequence_Fast_GET_SIZE(params), ng = gates ? PySequence_Fast_GET_SIZE(gates) : 0;
    ax_param_info *pi = PyMem_Calloc((size_t)np + 1, sizeof *pi);
    ax_gate_def *gd = PyMem_Calloc((size_t)ng + 1, sizeof *gd);
    PyObject *result = NULL;
    if (!pi || !gd) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < np; i++) {
        PyObject *d = PySequence_Fast_GET_ITEM(params, i);
        char what[32];
        snprintf(what, sizeof what, "params[%zd]", i);
        if (check_keys(d, what, param_keys) < 0 || opt_str(d, "name", what, NULL, &pi[i].name) < 0)
            goto done;
        if (!pi[i].name) {
            axpy_raisef(AX_ERR_ARGUMENT, "define_channel: %s has no 'name'", what);
            goto done;
        }
        int is_g = !strcmp(pi[i].name, def.conductance), is_e = !strcmp(pi[i].name, def.reversal);
        /* the same defaults as a model file's channel table */
        PyObject *value = PyDict_GetItemString(d, "value");
        if (!value)
            value = PyDict_GetItemString(d, "default");
        if (!value) {
            axpy_raisef(AX_ERR_ARGUMENT, "define_channel: %s ('%s') has no 'value' (its default)", what, pi[i].name);
            goto done;
        }
        if (axpy_double_arg(value, "define_channel", "value", &pi[i].value) < 0 ||
            opt_str(d, "unit", what, is_g ? "uS" : is_e ? "mV" : "", &pi[i].unit) < 0 ||
            opt_str(d, "doc", what, is_g ? "maximal conductance" : is_e ? "reversal potential" : "", &pi[i].doc) < 0 ||
            opt_double(d, "min", what, is_g ? 0.0 : -INFINITY, &pi[i].min) < 0 ||
            opt_double(d, "max", what, INFINITY, &pi[i].max) < 0)
            goto done;
    }
    for (Py_ssize_t i = 0; i < ng; i++) {
        PyObject *d = PySequence_Fast_GET_ITEM(gates, i);
        char what[32];
        snprintf(what, sizeof what, "gates[%zd]", i);
        double power;
        if (check_keys(d, what, gate_keys) < 0 || opt_str(d, "name", what, NULL, &gd[i].name) < 0 ||
            opt_str(d, "alpha", what, NULL, &gd[i].alpha) < 0 || opt_str(d, "beta", what, NULL, &gd[i].beta) < 0 ||
            opt_str(d, "inf", what, NULL, &gd[i].inf) < 0 || opt_str(d, "tau", what, NULL, &gd[i].tau) < 0 ||
            opt_str(d, "doc", what, NULL, &gd[i].doc) < 0 || opt_double(d, "power", what, 1.0, &power) < 0)
            goto done;
        if (!gd[i].name) {
            axpy_raisef(AX_ERR_ARGUMENT, "define_channel: %s has no 'name'", what);
            goto done;
        }
        if (!(power >= 1 && power <= 8 && power == floor(power))) {
            axpy_raisef(AX_ERR_ARGUMENT, "define_channel: %s.power %g is not allowed: an integer 1 .. 8", what, power);
            goto done;
        }
        gd[i].power = (int)power;
    }
    def.params = pi;
    def.n_params = (uint32_t)np;
    def.gates = gd;
    def.n_gates = (uint32_t)ng;
    ax_status st = ax_channel_define(net, &def);
    if (st)
        axpy_fail(self, st);
    else
        result = Py_NewRef(Py_None);
done:
    PyMem_Free(pi);
    PyMem_Free(gd);
    Py_DECREF(params);
    Py_XDECREF(gates);
    return result;
}

PyObject *axpy_network_define_plasticity_equations(axpy_network *self, PyObject *args, PyObject *kw)
{
    enum { N_FIELDS = 6 };
    /* after "name", the fields of ax_plasticity_equations in their order */
    static char *kwlist[] = {"name", "parameters", "pre", "post", "on_pre", "on_post", "doc", NULL};
    PyObject *name_o, *f[N_FIELDS];
    for (int i = 0; i < N_FIELDS; i++)
        f[i] = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$OOOOOO:define_plasticity_equations", kwlist, &name_o, &f[0],
                                     &f[1], &f[2], &f[3], &f[4], &f[5]))
        return NULL;
    const char *name, *s[N_FIELDS];
    PyObject *texts;
    ax_network *net = definition_texts(self, "define_plasticity_equations", "rule_texts", name_o, f, N_FIELDS,
                                       kwlist, &name, s, &texts);
    if (!net)
        return NULL;
    ax_plasticity_equations eq = {.parameters = s[0], .pre = s[1], .post = s[2], .on_pre = s[3], .on_post = s[4],
                                  .doc = s[5]};
    ax_status st = ax_plasticity_define_equations(net, name, &eq);
    Py_DECREF(texts);
    if (st)
        return axpy_fail(self, st);
    Py_RETURN_NONE;
}
