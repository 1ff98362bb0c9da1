/*
 * fit_generations.c - the C extension's whole-generation calls
 * (docs/fitting.md, "Whole generations as one run"): an evaluator held in
 * a capsule, a generation's evaluation with a built-in score, and the
 * current search.  python/axon/_fit_generations.py wraps them for
 * axon.fit.  The runs go without the GIL; an evaluator in use by one
 * thread refuses another (StateError).
 */
#include "axon_py.h"

#include <stdlib.h>

#define CAPSULE "axon.fit_evaluator"

typedef struct held {
    ax_fit_evaluator *ev;
    size_t n_free;
    int busy;
} held;

static void held_free(PyObject *cap)
{
    held *h = PyCapsule_GetPointer(cap, CAPSULE);
    if (h) {
        ax_fit_evaluator_free(h->ev);
        free(h);
    }
}

static held *held_of(PyObject *cap)
{
    held *h = PyCapsule_GetPointer(cap, CAPSULE);
    if (h && h->busy) {
        axpy_raise(AX_ERR_STATE, "this evaluator is evaluating in another thread");
        return NULL;
    }
    return h;
}

/* A list of str as a C array (borrowed UTF-8 pointers, valid while the list lives). */
static const char **names_of(PyObject *list, Py_ssize_t *n)
{
    *n = PySequence_Size(list);
    if (*n < 0)
        return NULL;
    const char **out = PyMem_Calloc((size_t)*n + 1, sizeof *out);
    if (!out)
        return (const char **)PyErr_NoMemory();
    for (Py_ssize_t k = 0; k < *n; k++) {
        PyObject *item = PySequence_GetItem(list, k);   /* kept alive by the list */
        out[k] = item ? PyUnicode_AsUTF8(item) : NULL;
        Py_XDECREF(item);
        if (!out[k]) {
            PyMem_Free(out);
            return NULL;
        }
    }
    return out;
}

static PyArrayObject *doubles(PyObject *obj, int ndim)
{
    return (PyArrayObject *)PyArray_FROMANY(obj, NPY_DOUBLE, ndim, ndim, NPY_ARRAY_IN_ARRAY);
}

/* _gen_create(model, base_names, base_values, free, max_candidates,
 *             protocols [(amplitude, onset, duration, run, trace or None)],
 *             max_run_ms, dt, threads, record_ms) -> capsule */
static PyObject *gen_create(PyObject *self, PyObject *args)
{
    (void)self;
    const char *model;
    PyObject *bn, *bv, *fr, *prot;
    Py_ssize_t max_n;
    double max_run, dt, record;
    int threads;
    if (!PyArg_ParseTuple(args, "sOOOnOddid", &model, &bn, &bv, &fr, &max_n, &prot, &max_run, &dt, &threads,
                          &record))
        return NULL;
    if (max_n < 1)
        return axpy_raisef(AX_ERR_ARGUMENT, "max_candidates = %zd is not allowed: at least 1", max_n);
    Py_ssize_t n_base, n_free, n_prot = PySequence_Size(prot);
    const char **base = names_of(bn, &n_base), **free_names = base ? names_of(fr, &n_free) : NULL;
    PyArrayObject *values = free_names ? doubles(bv, 1) : NULL;
    ax_fit_protocol *pr = values && n_prot >= 0 ? PyMem_Calloc((size_t)n_prot + 1, sizeof *pr) : NULL;
    PyArrayObject **traces = pr ? PyMem_Calloc((size_t)n_prot + 1, sizeof *traces) : NULL;
    PyObject *result = NULL;
    if (!traces)
        goto done;
    if (PyArray_SIZE(values) != n_base) {
        axpy_raisef(AX_ERR_ARGUMENT, "%zd base values for %zd base names", (Py_ssize_t)PyArray_SIZE(values), n_base);
        goto done;
    }
    for (Py_ssize_t k = 0; k < n_prot; k++) {
        PyObject *item = PySequence_GetItem(prot, k), *trace = NULL;
        int ok = item && PyArg_ParseTuple(item, "ddddO", &pr[k].amplitude_na, &pr[k].onset_ms, &pr[k].duration_ms,
                                          &pr[k].run_ms, &trace);
        if (ok && trace != Py_None) {
            traces[k] = doubles(trace, 1);
            ok = traces[k] != NULL;
            if (ok) {
                pr[k].trace_na = PyArray_DATA(traces[k]);
                pr[k].n_trace = (size_t)PyArray_SIZE(traces[k]);
            }
        }
        Py_XDECREF(item);
        if (!ok)
            goto done;
    }
    ax_fit_evaluator_spec s = {.model = model, .base_names = base, .base_values = PyArray_DATA(values),
                               .n_base = (size_t)n_base, .free = free_names, .n_free = (size_t)n_free,
                               .max_candidates = (size_t)max_n, .protocols = pr, .n_protocols = (size_t)n_prot,
                               .max_run_ms = max_run, .dt_ms = dt, .threads = threads, .record_ms = record};
    ax_fit_evaluator *ev = NULL;
    ax_error err;
    ax_status st = ax_fit_evaluator_create(&s, &ev, &err);
    if (st) {
        axpy_raise(st, err.message);
        goto done;
    }
    held *h = calloc(1, sizeof *h);
    if (!h) {
        ax_fit_evaluator_free(ev);
        PyErr_NoMemory();
        goto done;
    }
    *h = (held){ev, (size_t)n_free, 0};
    result = PyCapsule_New(h, CAPSULE, held_free);
    if (!result) {
        ax_fit_evaluator_free(ev);
        free(h);
    }
done:
    if (traces)
        for (Py_ssize_t k = 0; k < n_prot; k++)
            Py_XDECREF(traces[k]);
    PyMem_Free(traces);
    PyMem_Free(pr);
    Py_XDECREF(values);
    PyMem_Free(free_names);
    PyMem_Free(base);
    return result;
}

/* A list of float64 arrays: block k is data[off[k] .. off[k + 1]). */
static PyObject *blocks(const double *data, const size_t *off, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; list && k < n; k++) {
        npy_intp m = (npy_intp)(off[k + 1] - off[k]);
        PyObject *a = PyArray_SimpleNew(1, &m, NPY_DOUBLE);
        if (!a) {
            Py_CLEAR(list);
            break;
        }
        if (m)
            memcpy(PyArray_DATA((PyArrayObject *)a), data + off[k], (size_t)m * sizeof *data);
        PyList_SET_ITEM(list, (Py_ssize_t)k, a);
    }
    return list;
}

static PyObject *array_of(const double *x, size_t n)
{
    npy_intp m = (npy_intp)n;
    PyObject *a = PyArray_SimpleNew(1, &m, NPY_DOUBLE);
    if (a && n)
        memcpy(PyArray_DATA((PyArrayObject *)a), x, n * sizeof *x);
    return a;
}

/* A Python score: the callable (python/axon/_fit_generations.py's adapter, called with (candidate,
 * values, trains, v, t_ms, final)) and the exception it raised, kept to be raised again with its
 * traceback once the run is over. */
typedef struct py_score {
    PyObject *fn;
    PyObject *type, *value, *traceback;
} py_score;

/* ax_fit_score_fn calling Python: takes the GIL (the run goes without it). */
static ax_status python_score(const ax_fit_score_input *in, void *user, double *score, ax_error *err)
{
    py_score *ps = user;
    PyGILState_STATE gil = PyGILState_Ensure();
    size_t P = in->trains.n_trains;
    PyObject *values = array_of(in->params, in->n_params);
    PyObject *trains = blocks(in->trains.times_ms, in->trains.offsets, P), *v = NULL;
    if (in->v) {
        v = PyList_New((Py_ssize_t)P);
        for (size_t p = 0; v && p < P; p++) {
            PyObject *a = array_of(in->v[p], in->n_v[p]);
            if (!a)
                Py_CLEAR(v);
            else
                PyList_SET_ITEM(v, (Py_ssize_t)p, a);
        }
    } else {
        v = Py_None;
        Py_INCREF(v);
    }
    PyObject *r = NULL;
    if (values && trains && v)
        r = PyObject_CallFunction(ps->fn, "nOOOdO", (Py_ssize_t)in->candidate, values, trains, v, in->t_ms,
                                  in->final ? Py_True : Py_False);
    Py_XDECREF(values);
    Py_XDECREF(trains);
    Py_XDECREF(v);
    double x = r ? PyFloat_AsDouble(r) : -1;
    Py_XDECREF(r);
    ax_status st = AX_OK;
    if (PyErr_Occurred()) {
        if (!ps->type)
            PyErr_Fetch(&ps->type, &ps->value, &ps->traceback);
        PyErr_Clear();
        st = AX_ERR_ARGUMENT;
        if (err) {
            err->status = st;
            snprintf(err->message, sizeof err->message, "the Python score raised an exception");
        }
    } else {
        *score = x;
    }
    PyGILState_Release(gil);
    return st;
}

/* _gen_evaluate(capsule, candidates (n x n_free), score (0 none, 1 count,
 *               2 SPIKE, 3 Gamma, 4 a Python callable), target trains or
 *               None, count_weight, delta_ms, callable or None, chunk_ms,
 *               stop_above or None, spike_ceiling) -> dict */
static PyObject *gen_evaluate(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *cap, *cand_o, *target_o, *fn_o, *stop_o;
    int score;
    double weight, delta, chunk;
    unsigned long long ceiling;
    if (!PyArg_ParseTuple(args, "OOiOddOdOK", &cap, &cand_o, &score, &target_o, &weight, &delta, &fn_o, &chunk,
                          &stop_o, &ceiling))
        return NULL;
    held *h = held_of(cap);
    if (!h)
        return NULL;
    PyArrayObject *cand = doubles(cand_o, 2);
    if (!cand)
        return NULL;
    if ((size_t)PyArray_DIM(cand, 1) != h->n_free) {
        Py_DECREF(cand);
        return axpy_raisef(AX_ERR_ARGUMENT, "candidates have %zd columns: one per free parameter (%zu) is needed",
                           (Py_ssize_t)PyArray_DIM(cand, 1), h->n_free);
    }
    axpy_trains target = {0};
    ax_fit_gamma_target tg = {{{0}, weight}, delta};
    py_score ps = {fn_o, NULL, NULL, NULL};
    ax_fit_evaluate_options o = {.chunk_ms = chunk, .spike_ceiling = ceiling};
    if (score == 4) {
        if (!PyCallable_Check(fn_o)) {
            Py_DECREF(cand);
            return axpy_raise(AX_ERR_ARGUMENT, "the score is not callable");
        }
        o.score = python_score;
        o.user = &ps;
    } else if (score) {
        if (target_o == Py_None) {
            Py_DECREF(cand);
            return axpy_raise(AX_ERR_ARGUMENT, "a score needs a target: one spike train per protocol");
        }
        if (axpy_trains_from_list(target_o, 0, 1e300, &target)) {
            Py_DECREF(cand);
            return NULL;
        }
        /* the target's interval: from 0 to past its last spike (each score checks against the runs) */
        double last = 0;
        for (size_t k = 0; k < target.view.offsets[target.view.n_trains]; k++)
            last = target.times[k] > last ? target.times[k] : last;
        target.view.t_stop = last > 0 ? last : 1;
        tg.target.trains = target.view;
        static const ax_fit_score_fn builtin[] = {NULL, ax_fit_score_spike_count, ax_fit_score_spike_distance,
                                                  ax_fit_score_gamma};
        if (score < 1 || score > 3) {
            Py_DECREF(cand);
            axpy_trains_release(&target);
            return axpy_raisef(AX_ERR_ARGUMENT, "score = %d is not a built-in score", score);
        }
        o.score = builtin[score];
        o.user = score == 3 ? (void *)&tg : (void *)&tg.target;
    }
    if (stop_o != Py_None) {
        o.stop_early = true;
        o.stop_above = PyFloat_AsDouble(stop_o);
        if (PyErr_Occurred()) {
            Py_DECREF(cand);
            axpy_trains_release(&target);
            return NULL;
        }
    }
    ax_fit_results r;
    ax_error err;
    h->busy = 1;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_fit_evaluate(h->ev, PyArray_DATA(cand), (size_t)PyArray_DIM(cand, 0), &o, &r, &err);
    Py_END_ALLOW_THREADS
    h->busy = 0;
    Py_DECREF(cand);
    axpy_trains_release(&target);
    if (ps.type) {   /* the score's own exception, with its traceback */
        PyErr_Restore(ps.type, ps.value, ps.traceback);
        return NULL;
    }
    if (st)
        return axpy_raise(st, err.message);
    size_t n = r.n_candidates, P = r.n_protocols;
    PyObject *trains = blocks(r.trains.times_ms, r.trains.offsets, n * P);
    PyObject *scores = r.scores ? array_of(r.scores, n) : (Py_INCREF(Py_None), Py_None);
    PyObject *retired = array_of(r.retired_ms, n);
    PyObject *v = r.v ? blocks(r.v, r.v_offsets, n * P) : (Py_INCREF(Py_None), Py_None);
    PyObject *d = NULL;
    if (trains && scores && retired && v)
        d = Py_BuildValue("{s:O,s:O,s:O,s:O,s:d,s:d,s:n,s:n}", "trains", trains, "scores", scores, "retired_ms",
                          retired, "v", v, "record_ms", r.record_ms, "run_s", r.run_s, "n_candidates",
                          (Py_ssize_t)n, "n_protocols", (Py_ssize_t)P);
    Py_XDECREF(trains);
    Py_XDECREF(scores);
    Py_XDECREF(retired);
    Py_XDECREF(v);
    ax_fit_results_free(&r);
    return d;
}

/* _gen_current_search(capsule, param, fixed, counts, lo, hi, rounds) -> (currents, found, achieved) */
static PyObject *gen_current_search(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *cap, *fixed_o, *counts_o;
    Py_ssize_t param;
    double lo, hi;
    int rounds;
    if (!PyArg_ParseTuple(args, "OnOOddi", &cap, &param, &fixed_o, &counts_o, &lo, &hi, &rounds))
        return NULL;
    held *h = held_of(cap);
    if (!h)
        return NULL;
    if (param < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "param = %zd is not allowed: an index of the free parameters", param);
    PyArrayObject *fixed = doubles(fixed_o, 1), *counts = fixed ? doubles(counts_o, 1) : NULL;
    if (!counts) {
        Py_XDECREF(fixed);
        return NULL;
    }
    if ((size_t)PyArray_SIZE(fixed) != h->n_free) {
        Py_DECREF(fixed);
        Py_DECREF(counts);
        return axpy_raisef(AX_ERR_ARGUMENT, "fixed has %zd values: one per free parameter (%zu) is needed",
                           (Py_ssize_t)PyArray_SIZE(fixed), h->n_free);
    }
    size_t T = (size_t)PyArray_SIZE(counts);
    double *cur = malloc((T ? T : 1) * sizeof *cur), *ach = malloc((T ? T : 1) * sizeof *ach);
    int *found = malloc((T ? T : 1) * sizeof *found);
    PyObject *result = NULL;
    if (!cur || !ach || !found) {
        PyErr_NoMemory();
    } else {
        ax_fit_current_search_spec cs = {.param = (size_t)param, .fixed = PyArray_DATA(fixed),
                                         .counts = PyArray_DATA(counts), .n_targets = T, .lo = lo, .hi = hi,
                                         .rounds = rounds};
        ax_error err;
        ax_status st;
        h->busy = 1;
        Py_BEGIN_ALLOW_THREADS
        st = ax_fit_current_search(h->ev, &cs, cur, found, ach, &err);
        Py_END_ALLOW_THREADS
        h->busy = 0;
        if (st) {
            axpy_raise(st, err.message);
        } else {
            PyObject *f = PyList_New((Py_ssize_t)T);
            for (size_t t = 0; f && t < T; t++)
                PyList_SET_ITEM(f, (Py_ssize_t)t, PyBool_FromLong(found[t]));
            if (f)
                result = Py_BuildValue("(NNN)", array_of(cur, T), f, array_of(ach, T));
        }
    }
    free(cur);
    free(ach);
    free(found);
    Py_DECREF(fixed);
    Py_DECREF(counts);
    return result;
}

PyMethodDef axpy_fit_generations_methods[] = {
    {"_gen_create", gen_create, METH_VARARGS, "make a whole-generation evaluator (axon.fit.Evaluator)"},
    {"_gen_evaluate", gen_evaluate, METH_VARARGS, "evaluate a generation (axon.fit.Evaluator.evaluate)"},
    {"_gen_current_search", gen_current_search, METH_VARARGS, "current search (axon.fit.Evaluator.current_search)"},
    {NULL, NULL, 0, NULL}};
