/*
 * analysis_stats.c - the C extension's analysis functions of one area:
 * statistical tests and pattern recall (docs/analysis.md).  python/axon/_analysis_stats.py
 * wraps them for axon.analysis (which turns names into the enums' values).
 */
#include "axon_py.h"

/* A 1-D float64 array argument, or NULL (with the exception set). */
static int doubles(PyObject *obj, const char *call, const char *what, axpy_indices *out)
{
    return axpy_doubles_from(obj, call, what, out);
}

/* Optional weights: None gives NULL. */
static int maybe_doubles(PyObject *obj, const char *call, const char *what, axpy_indices *out)
{
    if (obj == Py_None) {
        out->data = NULL, out->n = 0, out->keep = NULL;
        return 0;
    }
    return doubles(obj, call, what, out);
}

static PyObject *fail(ax_error *err)
{
    if (PyErr_Occurred())   /* a Python CDF raised: that exception says more */
        return NULL;
    return axpy_raise(err->status, err->message);
}

static PyObject *py_beta_inc(PyObject *m, PyObject *args)
{
    (void)m;
    double a, b, x, out;
    ax_error err;
    if (!PyArg_ParseTuple(args, "ddd:beta_inc", &a, &b, &x))
        return NULL;
    if (ax_stats_beta_inc(a, b, x, &out, &err))
        return fail(&err);
    return PyFloat_FromDouble(out);
}

static PyObject *py_t_cdf(PyObject *m, PyObject *args)
{
    (void)m;
    double t, df, cdf, sf;
    ax_error err;
    if (!PyArg_ParseTuple(args, "dd:t_cdf", &t, &df))
        return NULL;
    if (ax_stats_t_cdf(t, df, &cdf, &sf, &err))
        return fail(&err);
    return Py_BuildValue("dd", cdf, sf);
}

static PyObject *ttest_tuple(const ax_stats_ttest_result *r)
{
    return Py_BuildValue("ddd", r->statistic, r->pvalue, r->df);
}

static PyObject *py_ttest_ind(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *ao, *bo;
    int equal_var, alt;
    if (!PyArg_ParseTuple(args, "OOpi:ttest_ind", &ao, &bo, &equal_var, &alt))
        return NULL;
    axpy_indices a, b = {0};
    if (doubles(ao, "ttest_ind", "a", &a) < 0)
        return NULL;
    if (doubles(bo, "ttest_ind", "b", &b) < 0) {
        axpy_indices_release(&a);
        return NULL;
    }
    ax_stats_ttest_result r;
    ax_error err;
    ax_status st = ax_stats_ttest_ind(a.data, a.n, b.data, b.n, equal_var, (ax_stats_alternative)alt, &r, &err);
    axpy_indices_release(&a), axpy_indices_release(&b);
    return st ? fail(&err) : ttest_tuple(&r);
}

static PyObject *py_ttest_1samp(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *ao;
    double popmean;
    int alt;
    if (!PyArg_ParseTuple(args, "Odi:ttest_1samp", &ao, &popmean, &alt))
        return NULL;
    axpy_indices a;
    if (doubles(ao, "ttest_1samp", "a", &a) < 0)
        return NULL;
    ax_stats_ttest_result r;
    ax_error err;
    ax_status st = ax_stats_ttest_1samp(a.data, a.n, popmean, (ax_stats_alternative)alt, &r, &err);
    axpy_indices_release(&a);
    return st ? fail(&err) : ttest_tuple(&r);
}

static PyObject *py_ttest_rel(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *ao, *bo;
    int alt;
    if (!PyArg_ParseTuple(args, "OOi:ttest_rel", &ao, &bo, &alt))
        return NULL;
    axpy_indices a, b = {0};
    if (doubles(ao, "ttest_rel", "a", &a) < 0)
        return NULL;
    if (doubles(bo, "ttest_rel", "b", &b) < 0) {
        axpy_indices_release(&a);
        return NULL;
    }
    if (a.n != b.n) {
        axpy_indices_release(&a), axpy_indices_release(&b);
        return axpy_raisef(AX_ERR_ARGUMENT, "ttest_rel: a has %zu values and b %zu: paired samples have the same "
                           "length", a.n, b.n);
    }
    ax_stats_ttest_result r;
    ax_error err;
    ax_status st = ax_stats_ttest_rel(a.data, b.data, a.n, (ax_stats_alternative)alt, &r, &err);
    axpy_indices_release(&a), axpy_indices_release(&b);
    return st ? fail(&err) : ttest_tuple(&r);
}

typedef ax_status (*sf_fn)(double, size_t, double *, ax_error *);

static PyObject *sf_of(PyObject *args, const char *fmt, sf_fn fn)
{
    double d, p;
    Py_ssize_t n;
    ax_error err;
    if (!PyArg_ParseTuple(args, fmt, &d, &n))
        return NULL;
    if (n < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "%s: n = %zd: n >= 1 is needed", fmt + 3, n);
    if (fn(d, (size_t)n, &p, &err))
        return fail(&err);
    return PyFloat_FromDouble(p);
}

static PyObject *py_smirnov_sf(PyObject *m, PyObject *args)
{
    (void)m;
    return sf_of(args, "dn:ks_smirnov_sf", ax_stats_ks_smirnov_sf);
}

static PyObject *py_kolmogorov_sf(PyObject *m, PyObject *args)
{
    (void)m;
    return sf_of(args, "dn:ks_kolmogorov_sf", ax_stats_ks_kolmogorov_sf);
}

static PyObject *py_kolmogorov_limit_sf(PyObject *m, PyObject *args)
{
    (void)m;
    double y, p;
    ax_error err;
    if (!PyArg_ParseTuple(args, "d:ks_kolmogorov_limit_sf", &y))
        return NULL;
    if (ax_stats_ks_kolmogorov_limit_sf(y, &p, &err))
        return fail(&err);
    return PyFloat_FromDouble(p);
}

static PyObject *ks_tuple(const ax_stats_ks_result *r)
{
    return Py_BuildValue("dddis", r->statistic, r->pvalue, r->location, r->sign,
                         r->method == AX_STATS_KS_EXACT ? "exact" : "asymp");
}

static PyObject *py_ks_2samp(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *ao, *bo;
    int alt, method;
    if (!PyArg_ParseTuple(args, "OOii:ks_2samp", &ao, &bo, &alt, &method))
        return NULL;
    axpy_indices a, b = {0};
    if (doubles(ao, "ks_2samp", "data1", &a) < 0)
        return NULL;
    if (doubles(bo, "ks_2samp", "data2", &b) < 0) {
        axpy_indices_release(&a);
        return NULL;
    }
    ax_stats_ks_result r;
    ax_error err;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_stats_ks_2samp(a.data, a.n, b.data, b.n, (ax_stats_alternative)alt, (ax_stats_ks_method)method, &r, &err);
    Py_END_ALLOW_THREADS
    axpy_indices_release(&a), axpy_indices_release(&b);
    return st ? fail(&err) : ks_tuple(&r);
}

/* A Python callable as the CDF: NAN once it has raised (or returned no
 * number), which makes the call fail; the exception stays set. */
static double python_cdf(double x, void *user)
{
    if (PyErr_Occurred())
        return NAN;
    PyObject *v = PyObject_CallFunction((PyObject *)user, "d", x);
    if (!v)
        return NAN;
    double F = PyFloat_AsDouble(v);
    Py_DECREF(v);
    return F == -1.0 && PyErr_Occurred() ? NAN : F;
}

static PyObject *py_ks_1samp(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *xo, *fn;
    int alt, method;
    if (!PyArg_ParseTuple(args, "OOii:ks_1samp", &xo, &fn, &alt, &method))
        return NULL;
    if (!PyCallable_Check(fn))
        return PyErr_Format(PyExc_TypeError, "kstest: cdf must be callable, not %.100s", Py_TYPE(fn)->tp_name);
    axpy_indices x;
    if (doubles(xo, "kstest", "rvs", &x) < 0)
        return NULL;
    ax_stats_ks_result r;
    ax_error err;
    ax_status st = ax_stats_ks_1samp(x.data, x.n, python_cdf, fn, (ax_stats_alternative)alt,
                                     (ax_stats_ks_method)method, &r, &err);
    axpy_indices_release(&x);
    return st ? fail(&err) : ks_tuple(&r);
}

static PyObject *py_ks_1samp_dist(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *xo;
    int dist, alt, method;
    double p1, p2;
    if (!PyArg_ParseTuple(args, "Oiddii:ks_1samp_dist", &xo, &dist, &p1, &p2, &alt, &method))
        return NULL;
    axpy_indices x;
    if (doubles(xo, "kstest", "rvs", &x) < 0)
        return NULL;
    ax_stats_ks_result r;
    ax_error err;
    ax_status st = ax_stats_ks_1samp_dist(x.data, x.n, (ax_stats_distribution)dist, p1, p2,
                                          (ax_stats_alternative)alt, (ax_stats_ks_method)method, &r, &err);
    axpy_indices_release(&x);
    return st ? fail(&err) : ks_tuple(&r);
}

static PyObject *py_wasserstein(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *uo, *vo, *uwo, *vwo;
    if (!PyArg_ParseTuple(args, "OOOO:wasserstein_distance", &uo, &vo, &uwo, &vwo))
        return NULL;
    static const char *call = "wasserstein_distance";
    axpy_indices u = {0}, v = {0}, uw = {0}, vw = {0};
    PyObject *res = NULL;
    if (doubles(uo, call, "u_values", &u) < 0 || doubles(vo, call, "v_values", &v) < 0 ||
        maybe_doubles(uwo, call, "u_weights", &uw) < 0 || maybe_doubles(vwo, call, "v_weights", &vw) < 0)
        goto done;
    if ((uw.data && uw.n != u.n) || (vw.data && vw.n != v.n)) {
        axpy_raisef(AX_ERR_ARGUMENT, "%s: %zu u_values with %zu u_weights, %zu v_values with %zu v_weights: each "
                    "value needs its weight", call, u.n, uw.n, v.n, vw.n);
        goto done;
    }
    double d;
    ax_error err;
    if (ax_stats_wasserstein_distance(u.data, uw.data, u.n, v.data, vw.data, v.n, &d, &err))
        fail(&err);
    else
        res = PyFloat_FromDouble(d);
done:
    axpy_indices_release(&u), axpy_indices_release(&v), axpy_indices_release(&uw), axpy_indices_release(&vw);
    return res;
}

/* counts and pattern of the same length. */
static int counts_pattern(PyObject *co, PyObject *po, const char *call, axpy_indices *c, axpy_indices *p)
{
    p->keep = NULL;
    if (doubles(co, call, "counts", c) < 0)
        return -1;
    if (doubles(po, call, "pattern", p) < 0 || c->n != p->n) {
        if (!PyErr_Occurred())
            axpy_raisef(AX_ERR_ARGUMENT, "%s: %zu counts and %zu pattern values: one per neuron in both", call, c->n,
                        p->n);
        axpy_indices_release(c), axpy_indices_release(p);
        return -1;
    }
    return 0;
}

static PyObject *py_recall_accuracy(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *co, *po;
    double threshold, acc;
    if (!PyArg_ParseTuple(args, "OOd:recall_accuracy", &co, &po, &threshold))
        return NULL;
    axpy_indices c, p;
    if (counts_pattern(co, po, "recall_accuracy", &c, &p) < 0)
        return NULL;
    ax_error err;
    ax_status st = ax_pattern_recall_accuracy(c.data, p.data, c.n, threshold, &acc, &err);
    axpy_indices_release(&c), axpy_indices_release(&p);
    return st ? fail(&err) : PyFloat_FromDouble(acc);
}

static PyObject *py_recall_sweep(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *co, *po, *to;
    if (!PyArg_ParseTuple(args, "OOO:recall_sweep", &co, &po, &to))
        return NULL;
    axpy_indices c, p, t = {0};
    if (counts_pattern(co, po, "recall_sweep", &c, &p) < 0)
        return NULL;
    PyObject *acc = NULL, *inv = NULL, *res = NULL;
    if (maybe_doubles(to, "recall_sweep", "thresholds", &t) < 0)
        goto done;
    npy_intp nt = (npy_intp)t.n;
    if (t.data && (!(acc = PyArray_SimpleNew(1, &nt, NPY_DOUBLE)) || !(inv = PyArray_SimpleNew(1, &nt, NPY_DOUBLE))))
        goto done;
    ax_pattern_sweep_result r;
    ax_error err;
    if (ax_pattern_recall_sweep(c.data, p.data, c.n, t.data, t.n, acc ? PyArray_DATA((PyArrayObject *)acc) : NULL,
                                inv ? PyArray_DATA((PyArrayObject *)inv) : NULL, &r, &err)) {
        fail(&err);
        goto done;
    }
    res = Py_BuildValue("ddNOO", r.accuracy, r.threshold, PyBool_FromLong(r.inverted), acc ? acc : Py_None,
                        inv ? inv : Py_None);
done:
    Py_XDECREF(acc), Py_XDECREF(inv);
    axpy_indices_release(&c), axpy_indices_release(&p), axpy_indices_release(&t);
    return res;
}

static PyObject *py_best_match(PyObject *m, PyObject *args)
{
    (void)m;
    PyObject *co, *po;
    Py_ssize_t n_patterns;
    if (!PyArg_ParseTuple(args, "OOn:best_match", &co, &po, &n_patterns))
        return NULL;
    axpy_indices c, p = {0};
    PyObject *r = NULL, *res = NULL;
    if (doubles(co, "best_match", "counts", &c) < 0)
        return NULL;
    if (doubles(po, "best_match", "patterns", &p) < 0)
        goto done;
    if (n_patterns < 0 || (size_t)n_patterns * c.n != p.n) {
        axpy_raisef(AX_ERR_ARGUMENT, "best_match: %zd patterns of %zu values need %zu values, not %zu", n_patterns,
                    c.n, (size_t)(n_patterns < 0 ? 0 : n_patterns) * c.n, p.n);
        goto done;
    }
    npy_intp np_ = (npy_intp)n_patterns;
    if (!(r = PyArray_SimpleNew(1, &np_, NPY_DOUBLE)))
        goto done;
    size_t best;
    ax_error err;
    if (ax_pattern_best_match(c.data, c.n, p.n ? p.data : NULL, (size_t)n_patterns, PyArray_DATA((PyArrayObject *)r),
                              &best, &err)) {
        fail(&err);
        goto done;
    }
    res = Py_BuildValue("nO", (Py_ssize_t)best, r);
done:
    Py_XDECREF(r);
    axpy_indices_release(&c), axpy_indices_release(&p);
    return res;
}

PyMethodDef axpy_stats_methods[] = {
    {"stats_beta_inc", py_beta_inc, METH_VARARGS, "I_x(a, b) (axon.analysis.beta_inc)."},
    {"stats_t_cdf", py_t_cdf, METH_VARARGS, "(cdf, sf) of Student's t (axon.analysis.t_cdf)."},
    {"stats_ttest_ind", py_ttest_ind, METH_VARARGS, "Two-sample t-test (axon.analysis.ttest_ind)."},
    {"stats_ttest_1samp", py_ttest_1samp, METH_VARARGS, "One-sample t-test (axon.analysis.ttest_1samp)."},
    {"stats_ttest_rel", py_ttest_rel, METH_VARARGS, "Paired t-test (axon.analysis.ttest_rel)."},
    {"stats_ks_smirnov_sf", py_smirnov_sf, METH_VARARGS, "P(D_n^+ >= d) (axon.analysis.ks_smirnov_sf)."},
    {"stats_ks_kolmogorov_sf", py_kolmogorov_sf, METH_VARARGS, "P(D_n >= d) (axon.analysis.ks_kolmogorov_sf)."},
    {"stats_ks_kolmogorov_limit_sf", py_kolmogorov_limit_sf, METH_VARARGS,
     "P(K > y) (axon.analysis.ks_kolmogorov_limit_sf)."},
    {"stats_ks_2samp", py_ks_2samp, METH_VARARGS, "Two-sample KS test (axon.analysis.ks_2samp)."},
    {"stats_ks_1samp", py_ks_1samp, METH_VARARGS, "One-sample KS test, callable CDF (axon.analysis.kstest)."},
    {"stats_ks_1samp_dist", py_ks_1samp_dist, METH_VARARGS, "One-sample KS test, named CDF (axon.analysis.kstest)."},
    {"stats_wasserstein_distance", py_wasserstein, METH_VARARGS, "1-D Wasserstein distance."},
    {"pattern_recall_accuracy", py_recall_accuracy, METH_VARARGS, "Recall accuracy at a threshold."},
    {"pattern_recall_sweep", py_recall_sweep, METH_VARARGS, "Best recall over thresholds."},
    {"pattern_best_match", py_best_match, METH_VARARGS, "Best-correlated stored pattern."},
    {NULL, NULL, 0, NULL},
};
