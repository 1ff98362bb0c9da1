/*
 * attractor_hopfield.c - the C extension's Hopfield functions
 * (docs/attractors.md).  python/axon/_hopfield.py wraps them for
 * axon.attractors: it passes flat float64 arrays and the sizes, and turns
 * names into the enums' values; every value is checked by the library.
 */
#include "axon_py.h"

static PyObject *fail(ax_error *err)
{
    return axpy_raise(err->status, err->message);
}

/* A new 1-D float64 array of n values. */
static PyObject *new_doubles(size_t n)
{
    npy_intp d = (npy_intp)n;
    return PyArray_SimpleNew(1, &d, NPY_DOUBLE);
}

static double *data_of(PyObject *a)
{
    return (double *)PyArray_DATA((PyArrayObject *)a);
}

/* Weights of n x n values for n neurons, or an exception. */
static int square(const axpy_indices *w, size_t n, const char *call)
{
    if (n == 0 || w->n / n != n || w->n % n != 0) {
        axpy_raisef(AX_ERR_ARGUMENT, "%s: weights of %zu values do not fit %zu neurons: n x n = %zu are needed", call,
                    w->n, n, n * n);
        return -1;
    }
    return 0;
}

static PyObject *py_random_patterns(PyObject *m, PyObject *args)
{
    (void)m;
    Py_ssize_t n_patterns, n;
    double p_on, off;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "nnddK:hopfield_random_patterns", &n_patterns, &n, &p_on, &off, &seed))
        return NULL;
    if (n_patterns < 1 || n < 1 || (size_t)n_patterns > SIZE_MAX / (size_t)n / sizeof(double))
        return axpy_raisef(AX_ERR_ARGUMENT, "random_patterns: %zd patterns of %zd values: both must be >= 1 and "
                           "their product fit in memory", n_patterns, n);
    PyObject *out = new_doubles((size_t)n_patterns * (size_t)n);
    ax_error err;
    if (out && ax_hopfield_random_patterns((size_t)n_patterns, (size_t)n, p_on, off, seed, data_of(out), &err)) {
        Py_DECREF(out);
        return fail(&err);
    }
    return out;
}

static PyObject *py_distort(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *po;
    double off, p;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "OddK:hopfield_distort", &po, &off, &p, &seed))
        return NULL;
    axpy_indices pat;
    if (axpy_doubles_from(po, "distort", "pattern", &pat) < 0)
        return NULL;
    PyObject *out = new_doubles(pat.n);
    ax_error err;
    if (out && ax_hopfield_distort(pat.data, pat.n, off, p, seed, data_of(out), &err)) {
        Py_CLEAR(out);
        fail(&err);
    }
    axpy_indices_release(&pat);
    return out;
}

/* weights(patterns, n_patterns, scale) or, binary, (patterns, n_patterns, a, b, scale). */
static PyObject *weights(PyObject *args, int binary)
{
    PyObject *po;
    Py_ssize_t n_patterns;
    double a = 0, b = 0, scale;
    const char *call = binary ? "weights_binary" : "weights";
    if (binary ? !PyArg_ParseTuple(args, "Onddd:hopfield_weights_binary", &po, &n_patterns, &a, &b, &scale)
               : !PyArg_ParseTuple(args, "Ond:hopfield_weights", &po, &n_patterns, &scale))
        return NULL;
    axpy_indices pat;
    if (axpy_doubles_from(po, call, "patterns", &pat) < 0)
        return NULL;
    PyObject *out = NULL;
    if (n_patterns < 1 || pat.n % (size_t)n_patterns != 0 || pat.n == 0) {
        axpy_raisef(AX_ERR_ARGUMENT, "%s: %zu values are not %zd patterns of equal length", call, pat.n, n_patterns);
        goto done;
    }
    size_t n = pat.n / (size_t)n_patterns;
    if (n > SIZE_MAX / n / sizeof(double)) {
        axpy_raisef(AX_ERR_ARGUMENT, "%s: n = %zu: the n x n weights would not fit in memory", call, n);
        goto done;
    }
    if (!(out = new_doubles(n * n)))
        goto done;
    ax_error err;
    ax_status st = binary ? ax_hopfield_weights_binary(pat.data, (size_t)n_patterns, n, a, b, scale, data_of(out), &err)
                          : ax_hopfield_weights(pat.data, (size_t)n_patterns, n, scale, data_of(out), &err);
    if (st) {
        Py_CLEAR(out);
        fail(&err);
    }
done:
    axpy_indices_release(&pat);
    return out;
}

static PyObject *py_weights(PyObject *m, PyObject *args)
{
    (void)m;
    return weights(args, 0);
}

static PyObject *py_weights_binary(PyObject *m, PyObject *args)
{
    (void)m;
    return weights(args, 1);
}

static PyObject *py_energy(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *wo, *so;
    if (!PyArg_ParseTuple(args, "OO:hopfield_energy", &wo, &so))
        return NULL;
    axpy_indices w, s = {0};
    PyObject *res = NULL;
    if (axpy_doubles_from(wo, "energy", "weights", &w) < 0)
        return NULL;
    if (axpy_doubles_from(so, "energy", "state", &s) < 0 || square(&w, s.n, "energy") < 0)
        goto done;
    double e;
    ax_error err;
    res = ax_hopfield_energy(w.data, s.n, s.data, &e, &err) ? fail(&err) : PyFloat_FromDouble(e);
done:
    axpy_indices_release(&w), axpy_indices_release(&s);
    return res;
}

static PyObject *py_overlap(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *so, *po;
    if (!PyArg_ParseTuple(args, "OO:hopfield_overlap", &so, &po))
        return NULL;
    axpy_indices s, p = {0};
    PyObject *res = NULL;
    if (axpy_doubles_from(so, "overlap", "state", &s) < 0)
        return NULL;
    if (axpy_doubles_from(po, "overlap", "pattern", &p) < 0)
        goto done;
    if (p.n != s.n) {
        axpy_raisef(AX_ERR_ARGUMENT, "overlap: the state has %zu values, the pattern %zu: they must be equal", s.n,
                    p.n);
        goto done;
    }
    double o;
    ax_error err;
    res = ax_hopfield_overlap(s.data, p.data, s.n, &o, &err) ? fail(&err) : PyFloat_FromDouble(o);
done:
    axpy_indices_release(&s), axpy_indices_release(&p);
    return res;
}

/* run(weights, state, update, max_steps, seed, with_energy) ->
 * (state, steps, flips, converged, cycle, energy or None); the state is a copy. */
static PyObject *py_run(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *wo, *so;
    int update, with_energy;
    Py_ssize_t max_steps;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "OOinKp:hopfield_run", &wo, &so, &update, &max_steps, &seed, &with_energy))
        return NULL;
    if (max_steps < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "recall: steps = %zd: a number of sweeps >= 0 is needed", max_steps);
    axpy_indices w, s = {0};
    PyObject *state = NULL, *energy = NULL, *res = NULL;
    if (axpy_doubles_from(wo, "recall", "weights", &w) < 0)
        return NULL;
    if (axpy_doubles_from(so, "recall", "state", &s) < 0 || square(&w, s.n, "recall") < 0)
        goto done;
    if (!(state = new_doubles(s.n)) || (with_energy && !(energy = new_doubles((size_t)max_steps + 1))))
        goto done;
    memcpy(data_of(state), s.data, s.n * sizeof(double));
    ax_hopfield_run_result r;
    ax_error err;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_hopfield_run(w.data, s.n, data_of(state), (ax_hopfield_update)update, (size_t)max_steps, seed,
                         energy ? data_of(energy) : NULL, &r, &err);
    Py_END_ALLOW_THREADS
    if (st) {
        fail(&err);
        goto done;
    }
    if (energy) {   /* only the entries written: the state before and after each sweep made */
        PyObject *cut = PySequence_GetSlice(energy, 0, (Py_ssize_t)r.steps + 1);
        Py_SETREF(energy, cut);
        if (!energy)
            goto done;
    }
    res = Py_BuildValue("OnnOOO", state, (Py_ssize_t)r.steps, (Py_ssize_t)r.flips, r.converged ? Py_True : Py_False,
                        r.cycle ? Py_True : Py_False, energy ? energy : Py_None);
done:
    Py_XDECREF(state), Py_XDECREF(energy);
    axpy_indices_release(&w), axpy_indices_release(&s);
    return res;
}

/* capacity(n, n_patterns, networks, p_on, flip_probability, update, max_steps, seed) -> dict */
static PyObject *py_capacity(PyObject *m, PyObject *args)
{
    (void)m;
    Py_ssize_t n, n_patterns, networks, max_steps;
    double p_on, flip;
    int update;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "nnnddinK:hopfield_capacity", &n, &n_patterns, &networks, &p_on, &flip, &update,
                          &max_steps, &seed))
        return NULL;
    if (n < 0 || n_patterns < 0 || networks < 0 || max_steps < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "capacity: n = %zd, n_patterns = %zd, networks = %zd, steps = %zd: "
                           "none may be negative", n, n_patterns, networks, max_steps);
    ax_hopfield_capacity_spec spec = {.n = (size_t)n, .n_patterns = (size_t)n_patterns, .networks = (size_t)networks,
                                      .p_on = p_on, .flip_probability = flip, .update = (ax_hopfield_update)update,
                                      .max_steps = (size_t)max_steps, .seed = seed};
    ax_hopfield_capacity_result r;
    ax_error err;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_hopfield_capacity(&spec, &r, &err);
    Py_END_ALLOW_THREADS
    if (st)
        return fail(&err);
    return Py_BuildValue("{s:n,s:d,s:d,s:d,s:d,s:d}", "cues", (Py_ssize_t)r.cues, "perfect", r.perfect, "stable",
                         r.stable, "overlap", r.overlap, "overlap_sd", r.overlap_sd, "converged", r.converged);
}

PyMethodDef axpy_hopfield_methods[] = {
    {"hopfield_random_patterns", py_random_patterns, METH_VARARGS, "Random patterns (axon.attractors)."},
    {"hopfield_distort", py_distort, METH_VARARGS, "A distorted copy of a pattern (axon.attractors)."},
    {"hopfield_weights", py_weights, METH_VARARGS, "Hebbian weights of bipolar patterns (axon.attractors)."},
    {"hopfield_weights_binary", py_weights_binary, METH_VARARGS, "The seed's weights of binary patterns."},
    {"hopfield_energy", py_energy, METH_VARARGS, "Hopfield's energy of a state."},
    {"hopfield_overlap", py_overlap, METH_VARARGS, "The overlap of a state with a pattern."},
    {"hopfield_run", py_run, METH_VARARGS, "Sweeps to a fixed point, a 2-cycle or a limit."},
    {"hopfield_capacity", py_capacity, METH_VARARGS, "A capacity measurement over random networks."},
    {NULL, NULL, 0, NULL},
};
