/*
 * precheck.c - add_population(params=, state=) checked before the
 * population is added, so that a bad name or value leaves the network as it
 * was (the library can add a population but not take one back).  What can
 * be judged from the model's tables alone is checked here, in the
 * library's words: names, and numbers (one, or one per neuron) against the
 * allowed ranges.  Distributions and array lengths are left to the library,
 * which checks them when they are set.
 */
#include <math.h>

#include "axon_py.h"

static int in_range(const ax_param_info *pi, double x)
{
    if (!isfinite(x))
        return 0;
    if (pi->flags & AX_PARAM_GT_MIN ? !(x > pi->min) : !(x >= pi->min))
        return 0;
    return pi->flags & AX_PARAM_LT_MAX ? x < pi->max : x <= pi->max;
}

/* As the library describes a range (src/net/population.c). */
static void describe_range(const ax_param_info *pi, char *buf, size_t len)
{
    const char *lo = pi->flags & AX_PARAM_GT_MIN ? ">" : ">=";
    const char *hi = pi->flags & AX_PARAM_LT_MAX ? "<" : "<=";
    const char *unit = pi->unit ? pi->unit : "";
    const char *sp = *unit ? " " : "";
    if (isfinite(pi->min) && isfinite(pi->max))
        snprintf(buf, len, "must be %s %g and %s %g%s%s", lo, pi->min, hi, pi->max, sp, unit);
    else if (isfinite(pi->min))
        snprintf(buf, len, "must be %s %g%s%s", lo, pi->min, sp, unit);
    else if (isfinite(pi->max))
        snprintf(buf, len, "must be %s %g%s%s", hi, pi->max, sp, unit);
    else
        snprintf(buf, len, "must be a finite number");
}

static int unknown(const ax_model *m, const char *pop, const char *name, int params)
{
    char list[512] = "";
    uint32_t n = params ? m->n_params : m->n_vars;
    for (uint32_t k = 0; k < n; k++) {
        strncat(list, k ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, params ? m->params[k].name : m->vars[k].name, sizeof list - strlen(list) - 1);
    }
    axpy_raisef(AX_ERR_NOT_FOUND, "add_population '%s': unknown %s '%s' for %s (given in %s); allowed: %s", pop,
                params ? "parameter" : "state variable", name, m->name, params ? "params" : "state",
                *list ? list : "none");
    return -1;
}

/* A number or a sequence of numbers in range; other values pass (the library judges them). */
static int check_value(const ax_model *m, const char *pop, const ax_param_info *pi, PyObject *value)
{
    if (PyObject_HasAttrString(value, "_axon_value") || PyUnicode_Check(value) || PyBool_Check(value))
        return 0;
    PyArrayObject *a = (PyArrayObject *)PyArray_FROMANY(value, NPY_DOUBLE, 0, 1, NPY_ARRAY_IN_ARRAY);
    if (!a) {
        PyErr_Clear();   /* not numbers: the conversion names it later */
        return 0;
    }
    const double *x = PyArray_DATA(a);
    npy_intp n = PyArray_SIZE(a);
    for (npy_intp i = 0; i < n; i++)
        if (!in_range(pi, x[i])) {
            char range[128];
            describe_range(pi, range, sizeof range);
            if (PyArray_NDIM(a) == 0)
                axpy_raisef(AX_ERR_ARGUMENT, "add_population '%s' (%s): %s = %g is not allowed: %s", pop, m->name,
                            pi->name, x[i], range);
            else
                axpy_raisef(AX_ERR_ARGUMENT, "add_population '%s' (%s): %s = %g for neuron %ld is not allowed: %s",
                            pop, m->name, pi->name, x[i], (long)i, range);
            Py_DECREF(a);
            return -1;
        }
    Py_DECREF(a);
    return 0;
}

int axpy_precheck_population(ax_network *net, const char *pop, const char *model, PyObject *params, PyObject *state)
{
    /* The library's own checks come first, in its order, with its words:
     * a built network (the probe of Network.built) and an unknown model
     * (with suggestions) are refused by ax_population_add itself. */
    if (ax_model_register(net, NULL) == AX_ERR_STATE)
        return 0;
    const ax_model *m = ax_model_find(net, model);
    if (!m)
        return 0;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (params && params != Py_None && PyDict_Next(params, &pos, &key, &value)) {
        const char *name = axpy_str_arg(key, "add_population", "a parameter name");
        if (!name)
            return -1;
        uint32_t k = 0;
        while (k < m->n_params && strcmp(m->params[k].name, name))
            k++;
        if (k == m->n_params)
            return unknown(m, pop, name, 1);
        if (check_value(m, pop, &m->params[k], value) < 0)
            return -1;
    }
    pos = 0;
    while (state && state != Py_None && PyDict_Next(state, &pos, &key, &value)) {
        const char *name = axpy_str_arg(key, "add_population", "a state variable name");
        if (!name)
            return -1;
        uint32_t k = 0;
        while (k < m->n_vars && strcmp(m->vars[k].name, name))
            k++;
        if (k == m->n_vars)
            return unknown(m, pop, name, 0);
    }
    return 0;
}
