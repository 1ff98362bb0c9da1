/*
 * analysis_correlations.c - the C extension's analysis functions of one
 * area: correlations and synchrony of spike trains (docs/analysis.md).
 * python/axon/_analysis_correlations.py wraps them for axon.analysis.
 */
#include "axon_py.h"

static PyObject *fail(const ax_error *err)
{
    return axpy_raise(err->status, err->message);
}

static PyObject *corr_matrix(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *names[] = {"trains", "t_start", "t_stop", "bin_ms", "which", NULL};
    PyObject *obj, *which_obj = Py_None;
    double t_start, t_stop, bin_ms;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Oddd|O", names, &obj, &t_start, &t_stop, &bin_ms, &which_obj))
        return NULL;
    axpy_trains t;
    if (axpy_trains_from_list(obj, t_start, t_stop, &t) < 0)
        return NULL;
    PyObject *which = NULL, *out = NULL;
    const size_t *w = NULL;
    npy_intp n = (npy_intp)t.view.n_trains;
    if (which_obj != Py_None) {
        which = PyArray_FROMANY(which_obj, NPY_UINTP, 1, 1, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_FORCECAST);
        if (!which) {
            axpy_trains_release(&t);
            return NULL;
        }
        w = (const size_t *)PyArray_DATA((PyArrayObject *)which);
        n = PyArray_SIZE((PyArrayObject *)which);
    }
    npy_intp dims[2] = {n, n};
    out = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
    if (out) {
        ax_error err;
        ax_status st;
        Py_BEGIN_ALLOW_THREADS
        st = ax_spike_trains_correlation_matrix(&t.view, w, (size_t)n, bin_ms,
                                                n ? PyArray_DATA((PyArrayObject *)out) : (double[1]){0}, &err);
        Py_END_ALLOW_THREADS
        if (st != AX_OK) {
            Py_CLEAR(out);
            fail(&err);
        }
    }
    Py_XDECREF(which);
    axpy_trains_release(&t);
    return out;
}

static PyObject *corr_pairs(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *names[] = {"trains", "t_start", "t_stop", "bin_ms", "n_pairs", "seed", NULL};
    PyObject *obj;
    double t_start, t_stop, bin_ms;
    Py_ssize_t n_pairs;
    unsigned long long seed = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Odddn|K", names, &obj, &t_start, &t_stop, &bin_ms, &n_pairs, &seed))
        return NULL;
    if (n_pairs < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "correlation_pairs: n_pairs = %zd is not allowed: >= 1", n_pairs);
    axpy_trains t;
    if (axpy_trains_from_list(obj, t_start, t_stop, &t) < 0)
        return NULL;
    npy_intp np = n_pairs;
    PyObject *i = PyArray_SimpleNew(1, &np, NPY_UINTP), *j = PyArray_SimpleNew(1, &np, NPY_UINTP);
    PyObject *r = PyArray_SimpleNew(1, &np, NPY_DOUBLE), *result = NULL;
    if (i && j && r) {
        ax_error err;
        ax_status st;
        size_t dummy_i, dummy_j;
        double dummy_r;
        Py_BEGIN_ALLOW_THREADS
        st = ax_spike_trains_correlation_pairs(&t.view, bin_ms, (size_t)n_pairs, (uint64_t)seed,
                                               np ? PyArray_DATA((PyArrayObject *)i) : &dummy_i,
                                               np ? PyArray_DATA((PyArrayObject *)j) : &dummy_j,
                                               np ? PyArray_DATA((PyArrayObject *)r) : &dummy_r, &err);
        Py_END_ALLOW_THREADS
        if (st != AX_OK)
            fail(&err);
        else
            result = Py_BuildValue("{sOsOsO}", "i", i, "j", j, "r", r);
    }
    Py_XDECREF(i), Py_XDECREF(j), Py_XDECREF(r);
    axpy_trains_release(&t);
    return result;
}

static PyObject *corr_summary(PyObject *self, PyObject *arg)
{
    (void)self;
    PyObject *a = PyArray_FROMANY(arg, NPY_DOUBLE, 0, 0, NPY_ARRAY_IN_ARRAY);
    if (!a)
        return NULL;
    ax_correlation_summary s;
    ax_error err;
    size_t n = (size_t)PyArray_SIZE((PyArrayObject *)a);
    ax_status st = ax_spike_trains_correlation_summary(n ? PyArray_DATA((PyArrayObject *)a) : (double[1]){0}, n, &s,
                                                       &err);
    Py_DECREF(a);
    if (st != AX_OK)
        return fail(&err);
    return Py_BuildValue("{snsnsdsdsdsdsdsdsd}", "n_defined", (Py_ssize_t)s.n_defined, "n_undefined",
                         (Py_ssize_t)s.n_undefined, "mean", s.mean, "sd", s.sd, "min", s.min, "q25", s.q25,
                         "median", s.median, "q75", s.q75, "max", s.max);
}

static PyObject *corr_pearsonr(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *xo, *yo;
    if (!PyArg_ParseTuple(args, "OO", &xo, &yo))
        return NULL;
    PyObject *x = PyArray_FROMANY(xo, NPY_DOUBLE, 1, 1, NPY_ARRAY_IN_ARRAY);
    PyObject *y = x ? PyArray_FROMANY(yo, NPY_DOUBLE, 1, 1, NPY_ARRAY_IN_ARRAY) : NULL;
    PyObject *result = NULL;
    if (x && y) {
        npy_intp nx = PyArray_SIZE((PyArrayObject *)x), ny = PyArray_SIZE((PyArrayObject *)y);
        if (nx != ny) {
            axpy_raisef(AX_ERR_ARGUMENT, "pearsonr: x has %zd values and y %zd: they must have as many", (Py_ssize_t)nx,
                        (Py_ssize_t)ny);
        } else {
            double r, none = 0;
            ax_error err;
            ax_status st = ax_signal_pearsonr(nx ? PyArray_DATA((PyArrayObject *)x) : &none,
                                              ny ? PyArray_DATA((PyArrayObject *)y) : &none, (size_t)nx, &r, &err);
            result = st == AX_OK ? PyFloat_FromDouble(r) : fail(&err);
        }
    }
    Py_XDECREF(x), Py_XDECREF(y);
    return result;
}

static PyObject *correlogram(PyObject *args, PyObject *kw, int cross)
{
    static char *names[] = {"trains", "t_start", "t_stop", "a", "b", "bin_ms", "max_lag_ms", "rate", NULL};
    const char *call = cross ? "cross_correlogram" : "autocorrelogram";
    PyObject *obj;
    double t_start, t_stop, bin_ms, max_lag;
    Py_ssize_t a, b;
    int rate = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Oddnndd|p", names, &obj, &t_start, &t_stop, &a, &b, &bin_ms,
                                     &max_lag, &rate))
        return NULL;
    if (a < 0 || b < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "%s: train index %zd is negative", call, a < 0 ? a : b);
    ax_error err;
    size_t n_bins;
    if (ax_spike_trains_correlogram_size(bin_ms, max_lag, &n_bins, &err) != AX_OK)
        return fail(&err);
    axpy_trains t;
    if (axpy_trains_from_list(obj, t_start, t_stop, &t) < 0)
        return NULL;
    double *out = PyMem_Malloc(n_bins * sizeof *out);
    PyObject *lags = NULL, *values = NULL, *result = NULL;
    if (!out) {
        PyErr_NoMemory();
    } else {
        ax_correlogram_norm norm = rate ? AX_CORRELOGRAM_RATE : AX_CORRELOGRAM_COUNTS;
        ax_status st;
        Py_BEGIN_ALLOW_THREADS
        st = cross ? ax_spike_trains_cross_correlogram(&t.view, (size_t)a, (size_t)b, bin_ms, max_lag, norm, out,
                                                       n_bins, &err)
                   : ax_spike_trains_autocorrelogram(&t.view, (size_t)a, bin_ms, max_lag, norm, out, n_bins, &err);
        Py_END_ALLOW_THREADS
        if (st != AX_OK) {
            fail(&err);
        } else {
            values = axpy_doubles_array(out, n_bins);
            for (size_t q = 0; q < n_bins; q++)   /* the bins' centres */
                out[q] = ((double)q - (double)(n_bins / 2)) * bin_ms;
            lags = values ? axpy_doubles_array(out, n_bins) : NULL;
            if (lags)
                result = PyTuple_Pack(2, lags, values);
        }
    }
    Py_XDECREF(lags), Py_XDECREF(values);
    PyMem_Free(out);
    axpy_trains_release(&t);
    return result;
}

static PyObject *corr_cross(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    return correlogram(args, kw, 1);
}

static PyObject *corr_auto(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    return correlogram(args, kw, 0);
}

static PyObject *corr_synchrony(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *names[] = {"trains", "t_start", "t_stop", "bin_ms", "sigma_ms", NULL};
    PyObject *obj;
    double t_start, t_stop, bin_ms, sigma = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Oddd|d", names, &obj, &t_start, &t_stop, &bin_ms, &sigma))
        return NULL;
    axpy_trains t;
    if (axpy_trains_from_list(obj, t_start, t_stop, &t) < 0)
        return NULL;
    double chi2;
    ax_error err;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_spike_trains_synchrony(&t.view, bin_ms, sigma, &chi2, &err);
    Py_END_ALLOW_THREADS
    axpy_trains_release(&t);
    return st == AX_OK ? PyFloat_FromDouble(chi2) : fail(&err);
}

PyMethodDef axpy_correlations_methods[] = {
    {"_corr_matrix", (PyCFunction)(void (*)(void))corr_matrix, METH_VARARGS | METH_KEYWORDS,
     "Pearson's r of binned counts, every pair (axon.analysis.correlation_matrix)."},
    {"_corr_pairs", (PyCFunction)(void (*)(void))corr_pairs, METH_VARARGS | METH_KEYWORDS,
     "Pearson's r of binned counts, sampled pairs (axon.analysis.correlation_pairs)."},
    {"_corr_summary", corr_summary, METH_O, "Distribution of r values (axon.analysis.correlation_summary)."},
    {"_corr_pearsonr", corr_pearsonr, METH_VARARGS, "Pearson's r of two series (axon.analysis.pearsonr)."},
    {"_corr_cross_correlogram", (PyCFunction)(void (*)(void))corr_cross, METH_VARARGS | METH_KEYWORDS,
     "Cross-correlogram (axon.analysis.cross_correlogram)."},
    {"_corr_autocorrelogram", (PyCFunction)(void (*)(void))corr_auto, METH_VARARGS | METH_KEYWORDS,
     "Autocorrelogram (axon.analysis.autocorrelogram)."},
    {"_corr_synchrony", (PyCFunction)(void (*)(void))corr_synchrony, METH_VARARGS | METH_KEYWORDS,
     "Golomb's chi^2 (axon.analysis.synchrony)."},
    {NULL, NULL, 0, NULL},
};
