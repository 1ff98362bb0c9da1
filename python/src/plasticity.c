/*
 * plasticity.c - axon.Plasticity's fields (a dict by field name) into an
 * ax_plasticity, starting from ax_plasticity_defaults(); the enumerations
 * by their names; the defaults as a dict.  ax_plasticity_validate checks
 * the values with the library's messages.
 */
#include "axon_py.h"

enum { F_DOUBLE, F_BOOL, F_STRING };

static const struct {
    const char *name;
    size_t offset;
    int type;
} fields[] = {
#define D(f) {#f, offsetof(ax_plasticity, f), F_DOUBLE}
    D(tau_plus), D(tau_minus), D(A_plus), D(A_minus), D(w_min), D(w_max), D(mu_plus), D(mu_minus),
    D(tau), D(eta), D(rho), D(tau_x), D(tau_y), D(w0), D(alpha), D(window), D(y0), D(tau_theta),
    D(A2_plus), D(A3_plus), D(A2_minus), D(A3_minus), D(tau_c), D(U), D(tau_rec), D(tau_facil),
    D(release_probability),
#undef D
    {"reward", offsetof(ax_plasticity, reward), F_BOOL},
    {"tsodyks_markram", offsetof(ax_plasticity, tsodyks_markram), F_BOOL},
    {"rule", offsetof(ax_plasticity, rule), F_STRING},
    {"rule_params", offsetof(ax_plasticity, rule_params), F_STRING},
};
#define N_FIELDS (sizeof fields / sizeof *fields)

/* The enumerations, in the order of their values in axon.h. */
static const char *const timings[] = {"none", "spike_pair", "vogels2011", "triplet", "anti_hebbian", "bcm",
                                      "equations", NULL};
static const char *const pairings[] = {"all_to_all", "nearest", NULL};
static const char *const weights[] = {"additive", "multiplicative", "add_pot_mult_dep", "gutig", NULL};

static int enum_from(PyObject *v, const char *call, const char *field, const char *const *names, int *out)
{
    const char *s = axpy_str_arg(v, call, field);
    if (!s)
        return -1;
    for (int i = 0; names[i]; i++)
        if (!strcmp(s, names[i])) {
            *out = i;
            return 0;
        }
    char allowed[256] = "";
    for (int i = 0; names[i]; i++) {
        strncat(allowed, i ? ", " : "", sizeof allowed - strlen(allowed) - 1);
        strncat(allowed, names[i], sizeof allowed - strlen(allowed) - 1);
    }
    axpy_raisef(AX_ERR_ARGUMENT, "%s: %s '%s' is not allowed: one of %s", call, field, s, allowed);
    return -1;
}

/* Reads the dict; `net` is the network that will use it (for the
 * modulator's handle) or NULL when only checking. */
int axpy_plasticity_from(PyObject *spec, axpy_network *net, const char *call, ax_plasticity *out)
{
    *out = ax_plasticity_defaults();
    if (!PyDict_Check(spec)) {
        PyErr_Format(PyExc_TypeError, "%s: plasticity must be an axon.Plasticity", call);
        return -1;
    }
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    int has_modulator = 0;
    while (PyDict_Next(spec, &pos, &key, &value)) {
        const char *name = axpy_str_arg(key, call, "a plasticity field");
        if (!name)
            return -1;
        int e;
        if (!strcmp(name, "timing")) {
            if (enum_from(value, call, "timing", timings, &e) < 0)
                return -1;
            out->timing = (ax_stdp_timing)e;
        } else if (!strcmp(name, "pairing")) {
            if (enum_from(value, call, "pairing", pairings, &e) < 0)
                return -1;
            out->pairing = (ax_stdp_pairing)e;
        } else if (!strcmp(name, "weight")) {
            if (enum_from(value, call, "weight", weights, &e) < 0)
                return -1;
            out->weight = (ax_stdp_weight)e;
        } else if (!strcmp(name, "modulator")) {
            if (value == Py_None)
                continue;
            if (!PyObject_TypeCheck(value, &axpy_ModulatorType)) {
                PyErr_Format(PyExc_TypeError, "%s: modulator must be an axon.Modulator, not %.100s", call,
                             Py_TYPE(value)->tp_name);
                return -1;
            }
            if (net && axpy_handle_arg(value, &axpy_ModulatorType, net, call, "modulator", &out->modulator) < 0)
                return -1;
            has_modulator = 1;
        } else {
            size_t k = 0;
            while (k < N_FIELDS && strcmp(fields[k].name, name))
                k++;
            if (k == N_FIELDS) {
                axpy_raisef(AX_ERR_ARGUMENT, "%s: '%s' is not a plasticity field (timing, pairing, weight, "
                            "modulator, or a field of ax_plasticity such as tau_plus, A_plus, w_max, U)", call, name);
                return -1;
            }
            char *at = (char *)out + fields[k].offset;
            if (fields[k].type == F_STRING) {
                /* kept by the spec dict, which outlives the call that reads it */
                if (value == Py_None)
                    *(const char **)at = NULL;
                else if (!(*(const char **)at = axpy_str_arg(value, call, name)))
                    return -1;
            } else if (fields[k].type == F_BOOL) {
                if (!PyBool_Check(value) && !PyArray_IsScalar(value, Bool)) {
                    PyErr_Format(PyExc_TypeError, "%s: %s must be True or False, not %.100s", call, name,
                                 Py_TYPE(value)->tp_name);
                    return -1;
                }
                *(bool *)at = PyObject_IsTrue(value);
            } else if (axpy_double_arg(value, call, name, (double *)at) < 0) {
                return -1;
            }
        }
    }
    if (out->reward && !has_modulator) {
        axpy_raisef(AX_ERR_ARGUMENT, "%s: reward=True needs modulator=<axon.Modulator> (net.add_modulator)", call);
        return -1;
    }
    char msg[512];
    if (ax_plasticity_validate(out, msg, sizeof msg) != AX_OK) {
        axpy_raisef(AX_ERR_ARGUMENT, "%s: %s", call, msg);
        return -1;
    }
    return 0;
}

PyObject *axpy_plasticity_defaults(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    ax_plasticity d = ax_plasticity_defaults();
    PyObject *out = PyDict_New();
    if (!out)
        return NULL;
    PyObject *v;
#define PUT(k, expr) \
    if (!(v = (expr)) || PyDict_SetItemString(out, k, v) < 0) { Py_XDECREF(v); Py_DECREF(out); return NULL; } \
    Py_DECREF(v)
    PUT("timing", PyUnicode_FromString(timings[d.timing]));
    PUT("pairing", PyUnicode_FromString(pairings[d.pairing]));
    PUT("weight", PyUnicode_FromString(weights[d.weight]));
    PUT("modulator", Py_NewRef(Py_None));
    for (size_t k = 0; k < N_FIELDS; k++) {
        const char *at = (const char *)&d + fields[k].offset;
        PUT(fields[k].name, fields[k].type == F_BOOL     ? PyBool_FromLong(*(const bool *)at)
                            : fields[k].type == F_STRING ? Py_NewRef(Py_None)
                                                         : PyFloat_FromDouble(*(const double *)at));
    }
#undef PUT
    return out;
}

PyObject *axpy_plasticity_check(PyObject *module, PyObject *spec)
{
    (void)module;
    ax_plasticity p;
    if (axpy_plasticity_from(spec, NULL, "Plasticity", &p) < 0)
        return NULL;
    Py_RETURN_NONE;
}
