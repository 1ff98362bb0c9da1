/*
 * fit_optimizers.c - the C extension's optimiser functions (docs/fitting.md,
 * Optimisers).  An optimiser travels as a capsule that frees it;
 * python/axon/_fit_optimizers.py wraps them in axon.fit.Optimizer, which
 * checks the settings' names and turns algorithm names into kinds.
 */
#include "axon_py.h"

#define CAPSULE "axon.ax_optimizer"

static void capsule_free(PyObject *cap)
{
    ax_optimizer_free(PyCapsule_GetPointer(cap, CAPSULE));
}

static PyObject *wrap(ax_optimizer *opt)
{
    PyObject *cap = PyCapsule_New(opt, CAPSULE, capsule_free);
    if (!cap)
        ax_optimizer_free(opt);
    return cap;
}

static ax_optimizer *unwrap(PyObject *cap)
{
    return PyCapsule_GetPointer(cap, CAPSULE);   /* sets TypeError/ValueError for anything else */
}

/* A float setting when given (not None). */
static int setting(PyObject *obj, const char *what, double *out)
{
    if (obj == Py_None)
        return 0;
    return axpy_double_arg(obj, "Optimizer", what, out);
}

static PyObject *py_create(PyObject *m, PyObject *args, PyObject *kw)
{
    (void)m;
    static char *names[] = {"kind", "lower", "upper", "log", "popsize", "seed", "budget", "tournament", "r_cross",
                            "r_mut", "elites", "n_bits", "eta_cross", "eta_mut", "F", "CR", "sigma0", "x0", NULL};
    int kind;
    PyObject *lo_o, *hi_o, *log_o, *x0_o = Py_None;
    Py_ssize_t pop, elites = -1;
    unsigned long long seed, budget;
    int tournament = -1, n_bits = -1;
    PyObject *r_cross = Py_None, *r_mut = Py_None, *eta_c = Py_None, *eta_m = Py_None, *f = Py_None,
             *cr = Py_None, *sigma0 = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "iOOOnKK|iOOniOOOOOO:optimizer_create", names, &kind, &lo_o, &hi_o,
                                     &log_o, &pop, &seed, &budget, &tournament, &r_cross, &r_mut, &elites, &n_bits,
                                     &eta_c, &eta_m, &f, &cr, &sigma0, &x0_o))
        return NULL;
    ax_optimizer_options o;
    ax_error err;
    if (ax_optimizer_defaults((ax_optimizer_kind)kind, &o, &err))
        return axpy_raise(err.status, err.message);
    if (setting(r_cross, "r_cross", &o.r_cross) < 0 || setting(r_mut, "r_mut", &o.r_mut) < 0 ||
        setting(eta_c, "eta_cross", &o.eta_cross) < 0 || setting(eta_m, "eta_mut", &o.eta_mut) < 0 ||
        setting(f, "F", &o.de_f) < 0 || setting(cr, "CR", &o.de_cr) < 0 || setting(sigma0, "sigma0", &o.sigma0) < 0)
        return NULL;
    if (tournament >= 0)
        o.tournament = (unsigned)tournament;
    if (n_bits >= 0)
        o.n_bits = (unsigned)n_bits;
    if (elites >= 0)
        o.elites = (size_t)elites;
    o.pop_size = (size_t)pop;
    o.seed = seed;
    o.budget = budget;
    axpy_indices lo = {0}, hi = {0}, lg = {0}, x0 = {0};
    int *flags = NULL;
    ax_optimizer *opt = NULL;
    PyObject *result = NULL;
    if (axpy_doubles_from(lo_o, "Optimizer", "lower bounds", &lo) < 0 ||
        axpy_doubles_from(hi_o, "Optimizer", "upper bounds", &hi) < 0 ||
        (log_o != Py_None && axpy_doubles_from(log_o, "Optimizer", "log", &lg) < 0) ||
        (x0_o != Py_None && axpy_doubles_from(x0_o, "Optimizer", "x0", &x0) < 0))
        goto done;
    if (hi.n != lo.n || (lg.data && lg.n != lo.n) || (x0.data && x0.n != lo.n)) {
        axpy_raisef(AX_ERR_ARGUMENT, "Optimizer: %zu lower bounds, %zu upper, %zu log flags, %zu x0 values: each "
                    "must have one value a parameter", lo.n, hi.n, lg.data ? lg.n : lo.n, x0.data ? x0.n : lo.n);
        goto done;
    }
    if (lg.data) {
        flags = PyMem_Calloc(lg.n ? lg.n : 1, sizeof *flags);
        if (!flags) {
            PyErr_NoMemory();
            goto done;
        }
        for (size_t i = 0; i < lg.n; i++)
            flags[i] = ((const double *)lg.data)[i] != 0;
    }
    o.n_params = lo.n;
    o.lower = lo.data;
    o.upper = hi.data;
    o.log_scale = flags;
    o.x0 = x0.data;
    if (ax_optimizer_create(&o, &opt, &err))
        axpy_raise(err.status, err.message);
    else
        result = wrap(opt);
done:
    PyMem_Free(flags);
    axpy_indices_release(&lo), axpy_indices_release(&hi), axpy_indices_release(&lg), axpy_indices_release(&x0);
    return result;
}

static PyObject *py_ask(PyObject *m, PyObject *cap)
{
    (void)m;
    ax_optimizer *opt = unwrap(cap);
    ax_optimizer_info info;
    ax_error err;
    if (!opt)
        return NULL;
    if (ax_optimizer_get_info(opt, &info, &err))
        return axpy_raise(err.status, err.message);
    npy_intp dims[2] = {(npy_intp)info.pop_size, (npy_intp)info.n_params};
    PyObject *x = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
    if (!x)
        return NULL;
    size_t rows;
    if (ax_optimizer_ask(opt, PyArray_DATA((PyArrayObject *)x), info.pop_size, &rows, &err)) {
        Py_DECREF(x);
        return axpy_raise(err.status, err.message);
    }
    if (rows == info.pop_size)
        return x;
    /* a generation cut by the budget: its first rows */
    PyObject *cut = PySequence_GetSlice(x, 0, (Py_ssize_t)rows);
    PyObject *copy = cut ? PyArray_NewCopy((PyArrayObject *)cut, NPY_CORDER) : NULL;
    Py_XDECREF(cut);
    Py_DECREF(x);
    return copy;
}

static PyObject *py_tell(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *cap, *so;
    if (!PyArg_ParseTuple(args, "OO:optimizer_tell", &cap, &so))
        return NULL;
    ax_optimizer *opt = unwrap(cap);
    axpy_indices s;
    if (!opt || axpy_doubles_from(so, "Optimizer.tell", "scores", &s) < 0)
        return NULL;
    ax_error err;
    ax_status st = ax_optimizer_tell(opt, s.data, s.n, &err);
    axpy_indices_release(&s);
    if (st)
        return axpy_raise(err.status, err.message);
    Py_RETURN_NONE;
}

static PyObject *py_best(PyObject *m, PyObject *cap)
{
    (void)m;
    ax_optimizer *opt = unwrap(cap);
    ax_optimizer_info info;
    ax_error err;
    if (!opt)
        return NULL;
    if (ax_optimizer_get_info(opt, &info, &err))
        return axpy_raise(err.status, err.message);
    npy_intp n = (npy_intp)info.n_params;
    PyObject *x = PyArray_SimpleNew(1, &n, NPY_DOUBLE);
    double score;
    if (!x)
        return NULL;
    if (ax_optimizer_get_best(opt, PyArray_DATA((PyArrayObject *)x), &score, &err)) {
        Py_DECREF(x);
        return axpy_raise(err.status, err.message);
    }
    return Py_BuildValue("Nd", x, score);
}

static PyObject *py_info(PyObject *m, PyObject *cap)
{
    (void)m;
    ax_optimizer *opt = unwrap(cap);
    ax_optimizer_info i;
    ax_error err;
    if (!opt)
        return NULL;
    if (ax_optimizer_get_info(opt, &i, &err))
        return axpy_raise(err.status, err.message);
    return Py_BuildValue("{s:i,s:n,s:n,s:K,s:K,s:K,s:K,s:O,s:O,s:d}", "kind", (int)i.kind, "n_params",
                         (Py_ssize_t)i.n_params, "popsize", (Py_ssize_t)i.pop_size, "seed",
                         (unsigned long long)i.seed, "budget", (unsigned long long)i.budget, "generations",
                         (unsigned long long)i.generations, "evaluations", (unsigned long long)i.evaluations, "asked",
                         i.asked ? Py_True : Py_False, "done", i.done ? Py_True : Py_False, "best_score",
                         i.best_score);
}

static PyObject *py_save(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *cap, *path;
    if (!PyArg_ParseTuple(args, "OO&:optimizer_save", &cap, PyUnicode_FSConverter, &path))
        return NULL;
    ax_optimizer *opt = unwrap(cap);
    ax_error err;
    ax_status st = opt ? ax_optimizer_save(opt, PyBytes_AS_STRING(path), &err) : AX_OK;
    Py_DECREF(path);
    if (!opt)
        return NULL;
    if (st)
        return axpy_raise(err.status, err.message);
    Py_RETURN_NONE;
}

static PyObject *py_load(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *path;
    if (!PyArg_ParseTuple(args, "O&:optimizer_load", PyUnicode_FSConverter, &path))
        return NULL;
    ax_optimizer *opt;
    ax_error err;
    ax_status st = ax_optimizer_load(PyBytes_AS_STRING(path), &opt, &err);
    Py_DECREF(path);
    if (st)
        return axpy_raise(err.status, err.message);
    return wrap(opt);
}

PyMethodDef axpy_optimizer_methods[] = {
    {"optimizer_create", (PyCFunction)(void (*)(void))py_create, METH_VARARGS | METH_KEYWORDS,
     "A new optimiser as a capsule (axon.fit.Optimizer)."},
    {"optimizer_ask", py_ask, METH_O, "The current generation, rows x n_params (Optimizer.ask)."},
    {"optimizer_tell", py_tell, METH_VARARGS, "Scores of the rows asked (Optimizer.tell)."},
    {"optimizer_best", py_best, METH_O, "(params, score) of the best so far (Optimizer.best)."},
    {"optimizer_info", py_info, METH_O, "Counters and sizes as a dict (Optimizer.info)."},
    {"optimizer_save", py_save, METH_VARARGS, "The whole state into a file (Optimizer.save)."},
    {"optimizer_load", py_load, METH_VARARGS, "An optimiser from a file (Optimizer.load)."},
    {NULL, NULL, 0, NULL}};
