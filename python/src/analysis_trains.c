/*
 * analysis_trains.c - the C extension's spike-train calls (docs/analysis.md,
 * "Spike trains" and "Spike-train statistics and rates"): views made from
 * Python lists, events, recorders and files, and the statistics on them.
 * python/axon/_analysis_trains.py wraps them for axon.analysis.
 *
 * axpy_trains_from_list is the one converter of a list of 1-D arrays to a
 * view (axon_py.h), for every area's calls that take spike trains.
 */
#include "axon_py.h"

int axpy_trains_from_list(PyObject *list, double t_start, double t_stop, axpy_trains *out)
{
    memset(out, 0, sizeof *out);
    PyObject *seq = PySequence_Fast(list, "spike trains are a list of 1-D arrays of times (ms)");
    if (!seq)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyArrayObject **arr = PyMem_Calloc((size_t)n + 1, sizeof *arr);
    out->offsets = PyMem_Calloc((size_t)n + 1, sizeof *out->offsets);
    if (!arr || !out->offsets) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        arr[k] = (PyArrayObject *)PyArray_FROMANY(items[k], NPY_DOUBLE, 1, 1, NPY_ARRAY_IN_ARRAY);
        if (!arr[k]) {
            PyErr_Format(PyExc_TypeError, "spike train %zd is not a 1-D array of times (ms)", k);
            goto fail;
        }
        out->offsets[k + 1] = out->offsets[k] + (size_t)PyArray_SIZE(arr[k]);
    }
    out->times = PyMem_Malloc((out->offsets[n] ? out->offsets[n] : 1) * sizeof *out->times);
    if (!out->times) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        memcpy(out->times + out->offsets[k], PyArray_DATA(arr[k]), (size_t)PyArray_SIZE(arr[k]) * sizeof(double));
        Py_DECREF(arr[k]);
        arr[k] = NULL;
    }
    PyMem_Free(arr);
    Py_DECREF(seq);
    out->view = (ax_spike_trains){(size_t)n, out->offsets, out->times, t_start, t_stop};
    return 0;
fail:
    if (arr)
        for (Py_ssize_t k = 0; k < n; k++)
            Py_XDECREF(arr[k]);
    PyMem_Free(arr);
    Py_DECREF(seq);
    axpy_trains_release(out);
    return -1;
}

void axpy_trains_release(axpy_trains *t)
{
    PyMem_Free(t->offsets);
    PyMem_Free(t->times);
    memset(t, 0, sizeof *t);
}

PyObject *axpy_trains_to_list(const ax_spike_trains *s)
{
    PyObject *list = PyList_New((Py_ssize_t)s->n_trains);
    for (size_t k = 0; list && k < s->n_trains; k++) {
        PyObject *a = axpy_doubles_array(s->times_ms + s->offsets[k], s->offsets[k + 1] - s->offsets[k]);
        if (!a) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)k, a);
    }
    return list;
}

PyObject *axpy_doubles_array(const double *data, size_t n)
{
    npy_intp d = (npy_intp)n;
    PyObject *a = PyArray_SimpleNew(1, &d, NPY_DOUBLE);
    if (a && n)
        memcpy(PyArray_DATA((PyArrayObject *)a), data, n * sizeof *data);
    return a;
}

/* A library-made view as (list of arrays, t_start, t_stop); frees it. */
static PyObject *view_result(ax_spike_trains *s)
{
    PyObject *list = axpy_trains_to_list(s);
    PyObject *r = list ? Py_BuildValue("(Ndd)", list, s->t_start, s->t_stop) : NULL;
    ax_spike_trains_free(s);
    return r;
}

static PyObject *err_raise(const ax_error *err) { return axpy_raise(err->status, err->message); }

static PyObject *arr_u64(const uint64_t *v, size_t n)
{
    npy_intp d = (npy_intp)n;
    PyObject *a = PyArray_SimpleNew(1, &d, NPY_UINT64);
    if (a && n)
        memcpy(PyArray_DATA((PyArrayObject *)a), v, n * sizeof *v);
    return a;
}

/* ---- making views ---- */

static PyObject *from_events(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *times_o, *ids_o;
    Py_ssize_t n_trains;
    double t0, t1;
    if (!PyArg_ParseTuple(args, "OOndd", &times_o, &ids_o, &n_trains, &t0, &t1))
        return NULL;
    if (n_trains < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "spike_trains_from_events: n_trains = %zd is not allowed: >= 0", n_trains);
    PyArrayObject *t = (PyArrayObject *)PyArray_FROMANY(times_o, NPY_DOUBLE, 1, 1, NPY_ARRAY_IN_ARRAY);
    PyArrayObject *id = t ? (PyArrayObject *)PyArray_FROMANY(ids_o, NPY_UINT32, 1, 1,
                                                             NPY_ARRAY_IN_ARRAY | NPY_ARRAY_FORCECAST)
                          : NULL;
    if (!t || !id) {
        Py_XDECREF(t);
        return NULL;
    }
    if (PyArray_SIZE(t) != PyArray_SIZE(id)) {
        Py_DECREF(t);
        Py_DECREF(id);
        return axpy_raisef(AX_ERR_ARGUMENT, "spike_trains_from_events: %zd times and %zd neurons: one neuron a time",
                           (Py_ssize_t)PyArray_SIZE(t), (Py_ssize_t)PyArray_SIZE(id));
    }
    ax_spike_trains s;
    ax_error err;
    ax_status st = ax_spike_trains_from_events(PyArray_DATA(t), PyArray_DATA(id), (size_t)PyArray_SIZE(t),
                                               (size_t)n_trains, t0, t1, &s, &err);
    Py_DECREF(t);
    Py_DECREF(id);
    return st ? err_raise(&err) : view_result(&s);
}

static PyObject *from_recorder(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *rec;
    double t0, t1;
    if (!PyArg_ParseTuple(args, "O!dd", &axpy_RecorderType, &rec, &t0, &t1))
        return NULL;
    axpy_handle *h = (axpy_handle *)rec;
    ax_network *net = axpy_net_of(h->owner, "recorder");
    if (!net)
        return NULL;
    ax_spike_trains s;
    ax_error err;
    if (ax_spike_trains_from_recorder(net, h->handle, t0, t1, &s, &err))
        return err_raise(&err);
    return view_result(&s);
}

/* format dict keys: header ("detect", True, False), time_column, neuron_column, time_unit_ms, n_trains */
static int parse_format(PyObject *o, ax_spike_file_format *f)
{
    *f = (ax_spike_file_format){AX_SPIKE_HEADER_DETECT, -1, -1, 0, 0};
    if (o == Py_None)
        return 0;
    PyObject *header, *tc, *nc, *unit, *nt;
    if (!PyArg_ParseTuple(o, "OOOOO", &header, &tc, &nc, &unit, &nt))
        return -1;
    if (header != Py_None) {
        int yes = PyObject_IsTrue(header);
        if (yes < 0)
            return -1;
        f->header = yes ? AX_SPIKE_HEADER_YES : AX_SPIKE_HEADER_NO;
    }
    if (tc != Py_None && (f->time_column = (int)PyLong_AsLong(tc)) == -1 && PyErr_Occurred())
        return -1;
    if (nc != Py_None && (f->neuron_column = (int)PyLong_AsLong(nc)) == -1 && PyErr_Occurred())
        return -1;
    if (unit != Py_None && (f->time_unit_ms = PyFloat_AsDouble(unit)) == -1 && PyErr_Occurred())
        return -1;
    if (nt != Py_None && (f->n_trains = PyLong_AsSize_t(nt)) == (size_t)-1 && PyErr_Occurred())
        return -1;
    return 0;
}

static PyObject *read_file(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *path, *fmt_o;
    double t0, t1;
    if (!PyArg_ParseTuple(args, "O&Odd", PyUnicode_FSConverter, &path, &fmt_o, &t0, &t1))
        return NULL;
    ax_spike_file_format fmt;
    if (parse_format(fmt_o, &fmt)) {
        Py_DECREF(path);
        return NULL;
    }
    ax_spike_trains s;
    ax_error err;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_spike_trains_read(PyBytes_AS_STRING(path), &fmt, t0, t1, &s, &err);
    Py_END_ALLOW_THREADS
    Py_DECREF(path);
    return st ? err_raise(&err) : view_result(&s);
}

/* ---- statistics ---- */

/* Parses "(trains, t_start, t_stop, <fmt>)" into a view; `fmt` holds the rest. */
#define WITH_TRAINS(fmt_rest, ...)                                                                                \
    PyObject *list;                                                                                               \
    double t0, t1;                                                                                                \
    if (!PyArg_ParseTuple(args, "Odd" fmt_rest, &list, &t0, &t1, ##__VA_ARGS__))                                  \
        return NULL;                                                                                              \
    axpy_trains tr;                                                                                               \
    if (axpy_trains_from_list(list, t0, t1, &tr))                                                                 \
        return NULL;                                                                                              \
    size_t n = tr.view.n_trains;                                                                                  \
    ax_error err;

static PyObject *rates(PyObject *self, PyObject *args)
{
    (void)self;
    WITH_TRAINS("")
    double *r = PyMem_Malloc((n ? n : 1) * sizeof *r), mean = 0;
    ax_status st = r ? ax_spike_trains_rates(&tr.view, r, &mean, &err) : AX_ERR_MEMORY;
    PyObject *res = st == AX_ERR_MEMORY && !r ? PyErr_NoMemory()
                    : st                     ? err_raise(&err)
                                             : Py_BuildValue("(Nd)", axpy_doubles_array(r, n), mean);
    PyMem_Free(r);
    axpy_trains_release(&tr);
    return res;
}

static PyObject *population_rate(PyObject *self, PyObject *args)
{
    (void)self;
    double bin_ms, sigma_ms;
    WITH_TRAINS("dd", &bin_ms, &sigma_ms)
    (void)n;
    double *r;
    size_t nb;
    ax_status st = ax_spike_trains_population_rate(&tr.view, bin_ms, sigma_ms, &r, &nb, &err);
    axpy_trains_release(&tr);
    if (st)
        return err_raise(&err);
    PyObject *a = axpy_doubles_array(r, nb);
    ax_array_free(r);
    return a;
}

static PyObject *isi_histogram(PyObject *self, PyObject *args)
{
    (void)self;
    double bin_ms, max_ms;
    WITH_TRAINS("dd", &bin_ms, &max_ms)
    (void)n;
    uint64_t *c, beyond = 0;
    size_t nb;
    ax_status st = ax_spike_trains_isi_histogram(&tr.view, bin_ms, max_ms, &c, &nb, &beyond, &err);
    axpy_trains_release(&tr);
    if (st)
        return err_raise(&err);
    PyObject *a = arr_u64(c, nb);
    ax_array_free(c);
    return a ? Py_BuildValue("(NK)", a, (unsigned long long)beyond) : NULL;
}

/* cv, lv, lvr: per-train array, mean of the defined ones, how many. */
static PyObject *isi_stat(PyObject *args, int which)
{
    double r_ms = 0;
    WITH_TRAINS("|d", &r_ms)
    double *v = PyMem_Malloc((n ? n : 1) * sizeof *v), mean = 0;
    size_t def = 0;
    if (!v) {
        axpy_trains_release(&tr);
        return PyErr_NoMemory();
    }
    ax_status st = which == 0   ? ax_spike_trains_cv(&tr.view, v, &mean, &def, &err)
                   : which == 1 ? ax_spike_trains_lv(&tr.view, v, &mean, &def, &err)
                                : ax_spike_trains_lvr(&tr.view, r_ms, v, &mean, &def, &err);
    PyObject *res = st ? err_raise(&err) : Py_BuildValue("(Ndn)", axpy_doubles_array(v, n), mean, (Py_ssize_t)def);
    PyMem_Free(v);
    axpy_trains_release(&tr);
    return res;
}
static PyObject *cv(PyObject *self, PyObject *args) { (void)self; return isi_stat(args, 0); }
static PyObject *lv(PyObject *self, PyObject *args) { (void)self; return isi_stat(args, 1); }
static PyObject *lvr(PyObject *self, PyObject *args) { (void)self; return isi_stat(args, 2); }

static PyObject *fano_factor(PyObject *self, PyObject *args)
{
    (void)self;
    double window_ms;
    WITH_TRAINS("d", &window_ms)
    double *v = PyMem_Malloc((n ? n : 1) * sizeof *v), pooled = 0;
    if (!v) {
        axpy_trains_release(&tr);
        return PyErr_NoMemory();
    }
    ax_status st = ax_spike_trains_fano_factor(&tr.view, window_ms, v, &pooled, &err);
    PyObject *res = st ? err_raise(&err) : Py_BuildValue("(Nd)", axpy_doubles_array(v, n), pooled);
    PyMem_Free(v);
    axpy_trains_release(&tr);
    return res;
}

static PyObject *bursts(PyObject *self, PyObject *args)
{
    (void)self;
    double max_isi;
    Py_ssize_t min_spikes;
    WITH_TRAINS("dn", &max_isi, &min_spikes)
    (void)n;
    ax_spike_burst *b;
    size_t nb;
    ax_status st = min_spikes < 0 ? ax_spike_trains_bursts(&tr.view, max_isi, 0, &b, &nb, NULL, &err)
                                  : ax_spike_trains_bursts(&tr.view, max_isi, (size_t)min_spikes, &b, &nb, NULL, &err);
    axpy_trains_release(&tr);
    if (st)
        return err_raise(&err);
    npy_intp d = (npy_intp)nb;
    PyObject *train = PyArray_SimpleNew(1, &d, NPY_INTP), *first = PyArray_SimpleNew(1, &d, NPY_INTP),
             *count = PyArray_SimpleNew(1, &d, NPY_INTP), *start = PyArray_SimpleNew(1, &d, NPY_DOUBLE),
             *end = PyArray_SimpleNew(1, &d, NPY_DOUBLE);
    if (train && first && count && start && end)
        for (size_t i = 0; i < nb; i++) {
            ((npy_intp *)PyArray_DATA((PyArrayObject *)train))[i] = (npy_intp)b[i].train;
            ((npy_intp *)PyArray_DATA((PyArrayObject *)first))[i] = (npy_intp)b[i].first;
            ((npy_intp *)PyArray_DATA((PyArrayObject *)count))[i] = (npy_intp)b[i].n_spikes;
            ((double *)PyArray_DATA((PyArrayObject *)start))[i] = b[i].start_ms;
            ((double *)PyArray_DATA((PyArrayObject *)end))[i] = b[i].end_ms;
        }
    ax_array_free(b);
    if (!train || !first || !count || !start || !end) {
        Py_XDECREF(train), Py_XDECREF(first), Py_XDECREF(count), Py_XDECREF(start), Py_XDECREF(end);
        return NULL;
    }
    return Py_BuildValue("{sNsNsNsNsN}", "train", train, "first", first, "n_spikes", count, "start_ms", start,
                         "end_ms", end);
}

/* ---- streaming: a file's statistics in bounded memory ---- */

static PyObject *stats_file(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *path, *fmt_o;
    ax_spike_stats_spec spec;
    Py_ssize_t n_neurons;
    double sigma_ms;
    if (!PyArg_ParseTuple(args, "O&Onddddddd", PyUnicode_FSConverter, &path, &fmt_o, &n_neurons, &spec.t_start,
                          &spec.t_stop, &spec.bin_ms, &spec.isi_bin_ms, &spec.isi_max_ms, &spec.lvr_r_ms,
                          &sigma_ms))
        return NULL;
    spec.n_neurons = n_neurons < 0 ? 0 : (size_t)n_neurons;
    ax_spike_file_format fmt;
    if (parse_format(fmt_o, &fmt)) {
        Py_DECREF(path);
        return NULL;
    }
    ax_error err;
    ax_spike_stats *s = ax_spike_stats_create(&spec, &err);
    if (!s) {
        Py_DECREF(path);
        return err_raise(&err);
    }
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_spike_stats_read_file(s, PyBytes_AS_STRING(path), &fmt, &err);
    Py_END_ALLOW_THREADS
    Py_DECREF(path);
    PyObject *res = NULL;
    size_t n = spec.n_neurons, nb = 0, ni = 0;
    uint64_t *counts = PyMem_Malloc(n * sizeof *counts), *h = NULL, beyond = 0;
    double *v = PyMem_Malloc(4 * n * sizeof *v), *rate = NULL;
    if (!st && (!counts || !v)) {
        PyErr_NoMemory();
        goto done;
    }
    if (st || (st = ax_spike_stats_get_neurons(s, counts, v, v + n, v + 2 * n, v + 3 * n, &err)) ||
        (st = ax_spike_stats_get_population_rate(s, sigma_ms, &rate, &nb, &err)) ||
        (st = ax_spike_stats_get_isi_histogram(s, &h, &ni, &beyond, &err))) {
        err_raise(&err);
        goto done;
    }
    res = Py_BuildValue("{sNsNsNsNsNsNsNsK}", "counts", arr_u64(counts, n), "rates", axpy_doubles_array(v, n),
                        "cv", axpy_doubles_array(v + n, n), "lv", axpy_doubles_array(v + 2 * n, n),
                        "lvr", axpy_doubles_array(v + 3 * n, n), "population_rate", axpy_doubles_array(rate, nb),
                        "isi_histogram", arr_u64(h, ni), "isi_beyond", (unsigned long long)beyond);
done:
    PyMem_Free(counts);
    PyMem_Free(v);
    ax_array_free(rate);
    ax_array_free(h);
    ax_spike_stats_free(s);
    return res;
}

PyMethodDef axpy_trains_methods[] = {
    {"trains_from_events", from_events, METH_VARARGS, "(times, neurons, n_trains, t_start, t_stop) -> trains"},
    {"trains_from_recorder", from_recorder, METH_VARARGS, "(recorder, t_start, t_stop) -> trains"},
    {"trains_read", read_file, METH_VARARGS, "(path, format, t_start, t_stop) -> trains"},
    {"trains_rates", rates, METH_VARARGS, "(trains, t_start, t_stop) -> (rates, mean)"},
    {"trains_population_rate", population_rate, METH_VARARGS, "(trains, t0, t1, bin_ms, sigma_ms) -> rate"},
    {"trains_isi_histogram", isi_histogram, METH_VARARGS, "(trains, t0, t1, bin_ms, max_ms) -> (counts, beyond)"},
    {"trains_cv", cv, METH_VARARGS, "(trains, t0, t1) -> (cv, mean, n_defined)"},
    {"trains_lv", lv, METH_VARARGS, "(trains, t0, t1) -> (lv, mean, n_defined)"},
    {"trains_lvr", lvr, METH_VARARGS, "(trains, t0, t1, r_ms) -> (lvr, mean, n_defined)"},
    {"trains_fano_factor", fano_factor, METH_VARARGS, "(trains, t0, t1, window_ms) -> (fano, pooled)"},
    {"trains_bursts", bursts, METH_VARARGS, "(trains, t0, t1, max_isi_ms, min_spikes) -> dict"},
    {"trains_stats_file", stats_file, METH_VARARGS, "(path, format, n, t0, t1, bin, isi_bin, isi_max, r, sigma)"},
    {NULL, NULL, 0, NULL},
};
