/*
 * fit_objectives.c - the C extension's objectives (docs/fitting.md,
 * "Objectives"); python/axon/_fit_objectives.py wraps them for axon.fit.
 *
 * Trains arrive as lists of 1-D arrays of times (ms) with their interval
 * (axpy_trains_from_list copies them into a view; the library checks it).
 * The composite objective is an ax_objective in a capsule that frees it.
 */
#include "axon_py.h"

static PyObject *array_of(const double *data, size_t n)
{
    npy_intp dim = (npy_intp)n;
    PyObject *a = PyArray_SimpleNew(1, &dim, NPY_DOUBLE);
    if (a && n)
        memcpy(PyArray_DATA((PyArrayObject *)a), data, n * sizeof *data);
    return a;
}

/* Two lists of trains over [t_start, t_stop]. */
static int two_views(PyObject *a, PyObject *b, double t0, double t1, axpy_trains *va, axpy_trains *vb)
{
    if (axpy_trains_from_list(a, t0, t1, va))
        return -1;
    if (axpy_trains_from_list(b, t0, t1, vb)) {
        axpy_trains_release(va);
        return -1;
    }
    return 0;
}

/* _obj_pair(which, data, model, t_start, t_stop, delta) -> (per-train array, mean or total):
 * which 0: Gamma, 1: SpikeNetOpt's loss. */
static PyObject *obj_pair(PyObject *self, PyObject *args)
{
    (void)self;
    int which;
    PyObject *a, *b;
    double t0, t1, delta;
    if (!PyArg_ParseTuple(args, "iOOddd", &which, &a, &b, &t0, &t1, &delta))
        return NULL;
    axpy_trains d, m;
    if (two_views(a, b, t0, t1, &d, &m))
        return NULL;
    size_t n = d.view.n_trains;
    double *per = PyMem_Malloc((n ? n : 1) * sizeof *per), sum = 0;
    ax_error err;
    ax_status st = AX_ERR_MEMORY;
    if (per) {
        Py_BEGIN_ALLOW_THREADS
        st = which == 0 ? ax_objective_gamma(&d.view, &m.view, delta, per, &sum, &err)
                        : ax_objective_spike_distance_loss(&d.view, &m.view, per, &sum, &err);
        Py_END_ALLOW_THREADS
    }
    axpy_trains_release(&d);
    axpy_trains_release(&m);
    PyObject *r = NULL;
    if (!per)
        r = PyErr_NoMemory();
    else if (st != AX_OK)
        r = axpy_raise(st, err.message);
    else
        r = Py_BuildValue("(Nd)", array_of(per, n), sum);
    PyMem_Free(per);
    return r;
}

/* _obj_summarize(trains, t_start, t_stop, dt_ms, amplitudes or None, amplitude_default) -> (n, 3) array */
static PyObject *obj_summarize(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *trains, *amp_o;
    double t0, t1, dt, amp_default;
    if (!PyArg_ParseTuple(args, "OdddOd", &trains, &t0, &t1, &dt, &amp_o, &amp_default))
        return NULL;
    axpy_trains v;
    if (axpy_trains_from_list(trains, t0, t1, &v))
        return NULL;
    axpy_indices amp = {NULL, 0, NULL};
    if (amp_o != Py_None) {
        if (axpy_doubles_from(amp_o, "seed_summary", "amplitudes", &amp) < 0) {
            axpy_trains_release(&v);
            return NULL;
        }
        if (amp.n != v.view.offsets[v.view.n_trains]) {
            size_t spikes = v.view.offsets[v.view.n_trains];
            axpy_trains_release(&v);
            axpy_indices_release(&amp);
            return axpy_raisef(AX_ERR_ARGUMENT, "seed_summary: %zu amplitudes for %zu spikes: one per spike, in "
                               "the trains' order", amp.n, spikes);
        }
    }
    npy_intp dims[2] = {(npy_intp)v.view.n_trains, 3};
    PyObject *out = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
    ax_error err;
    ax_status st = AX_OK;
    if (out) {
        /* ax_objective_summary is three doubles: the array's rows. */
        st = ax_objective_summarize(&v.view, dt, amp.data, amp_default,
                                    (ax_objective_summary *)PyArray_DATA((PyArrayObject *)out), &err);
    }
    axpy_trains_release(&v);
    axpy_indices_release(&amp);
    if (out && st != AX_OK) {
        Py_DECREF(out);
        return axpy_raise(st, err.message);
    }
    return out;
}

/* (n, 3) float64 array of summaries. */
static PyArrayObject *summaries_from(PyObject *o, const char *what)
{
    PyArrayObject *a = (PyArrayObject *)PyArray_FROMANY(o, NPY_DOUBLE, 2, 2, NPY_ARRAY_IN_ARRAY);
    if (a && PyArray_DIM(a, 1) != 3) {
        Py_DECREF(a);
        a = NULL;
        axpy_raisef(AX_ERR_ARGUMENT, "seed_score: %s must have 3 columns (time_difference, n_spikes, amplitude)",
                    what);
    }
    return a;
}

/* _obj_summary_score(reference, candidate, n_conditions, n_trains, scale, use_amplitude, time, count, amp) */
static PyObject *obj_summary_score(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *ro, *co;
    Py_ssize_t nc, nt;
    ax_objective_summary_options o;
    int scale, use_amp;
    if (!PyArg_ParseTuple(args, "OOnnppddd", &ro, &co, &nc, &nt, &scale, &use_amp, &o.time_scale_default,
                          &o.count_scale_default, &o.amplitude_scale_default))
        return NULL;
    o.scale = scale, o.use_amplitude = use_amp;
    if (nc < 0 || nt < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "seed_score: n_conditions and n_trains must be >= 1");
    PyArrayObject *r = summaries_from(ro, "reference"), *c = r ? summaries_from(co, "candidate") : NULL;
    if (!c) {
        Py_XDECREF(r);
        return NULL;
    }
    PyObject *out = NULL;
    if (PyArray_DIM(r, 0) != nc * nt || PyArray_DIM(c, 0) != nc * nt) {
        axpy_raisef(AX_ERR_ARGUMENT, "seed_score: reference and candidate need n_conditions x n_trains = %zd rows, "
                    "not %zd and %zd", nc * nt, (Py_ssize_t)PyArray_DIM(r, 0), (Py_ssize_t)PyArray_DIM(c, 0));
    } else {
        ax_error err;
        double s;
        ax_status st = ax_objective_summary_score(PyArray_DATA(r), PyArray_DATA(c), (size_t)nc, (size_t)nt, &o, &s,
                                                  &err);
        out = st == AX_OK ? PyFloat_FromDouble(s) : axpy_raise(st, err.message);
    }
    Py_DECREF(r);
    Py_DECREF(c);
    return out;
}

/* _obj_trace_error(model, target, dt_ms, skip or None, before, after) -> (rms, n_used) */
static PyObject *obj_trace_error(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *mo, *to, *so;
    double dt, before, after;
    if (!PyArg_ParseTuple(args, "OOdOdd", &mo, &to, &dt, &so, &before, &after))
        return NULL;
    axpy_indices m = {0}, t = {0}, s = {0};
    PyObject *out = NULL;
    if (axpy_doubles_from(mo, "trace_error", "model", &m) < 0 ||
        axpy_doubles_from(to, "trace_error", "target", &t) < 0 ||
        (so != Py_None && axpy_doubles_from(so, "trace_error", "skip_ms", &s) < 0))
        goto done;
    if (m.n != t.n) {
        axpy_raisef(AX_ERR_ARGUMENT, "trace_error: the model has %zu samples and the target %zu: the traces must "
                    "be sampled on the same grid", m.n, t.n);
        goto done;
    }
    ax_error err;
    double rms;
    size_t used;
    ax_status st = ax_objective_trace_error(m.data, t.data, t.n, dt, s.data, s.n, before, after, &rms, &used, &err);
    out = st == AX_OK ? Py_BuildValue("(dn)", rms, (Py_ssize_t)used) : axpy_raise(st, err.message);
done:
    axpy_indices_release(&m);
    axpy_indices_release(&t);
    axpy_indices_release(&s);
    return out;
}

/* _obj_features(trains, t_start, t_stop) -> (n, 4) array: rate_hz, latency_ms, adaptation, cv */
static PyObject *obj_features(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *trains;
    double t0, t1;
    if (!PyArg_ParseTuple(args, "Odd", &trains, &t0, &t1))
        return NULL;
    axpy_trains v;
    if (axpy_trains_from_list(trains, t0, t1, &v))
        return NULL;
    npy_intp dims[2] = {(npy_intp)v.view.n_trains, 4};
    PyObject *out = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
    ax_error err;
    ax_status st = AX_OK;
    if (out) {
        ax_feature_values *row = PyArray_DATA((PyArrayObject *)out);
        for (size_t k = 0; k < v.view.n_trains && st == AX_OK; k++)
            st = ax_objective_features(&v.view, k, &row[k], &err);
        if (v.view.n_trains == 0)
            st = ax_spike_trains_check(&v.view, "features", &err);
    }
    axpy_trains_release(&v);
    if (out && st != AX_OK) {
        Py_DECREF(out);
        return axpy_raise(st, err.message);
    }
    return out;
}

/* _obj_feature_error(trains, t_start, t_stop, feature, target, scale, absolute, penalty) -> float */
static PyObject *obj_feature_error(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *trains;
    double t0, t1;
    int feature, absolute;
    ax_feature_spec s;
    if (!PyArg_ParseTuple(args, "Oddiddpd", &trains, &t0, &t1, &feature, &s.target, &s.scale, &absolute, &s.penalty))
        return NULL;
    s.feature = (ax_feature)feature, s.absolute = absolute;
    axpy_trains v;
    if (axpy_trains_from_list(trains, t0, t1, &v))
        return NULL;
    ax_error err;
    double e;
    ax_status st = ax_objective_feature_error(&v.view, &s, &e, &err);
    axpy_trains_release(&v);
    return st == AX_OK ? PyFloat_FromDouble(e) : axpy_raise(st, err.message);
}

/* A Welch spec from None (-> NULL) or the tuple (window, symmetric, nperseg, segment_ms, noverlap, nfft,
 * detrend, scaling, average) of _analysis_spectra's codes. */
static int welch_from(PyObject *o, ax_welch_spec *spec, const ax_welch_spec **out)
{
    *out = NULL;
    if (o == Py_None)
        return 0;
    int window, symmetric, detrend, scaling, average;
    Py_ssize_t nperseg, nfft;
    long long noverlap;
    if (!PyArg_ParseTuple(o, "ipndLniii", &window, &symmetric, &nperseg, &spec->segment_ms, &noverlap, &nfft,
                          &detrend, &scaling, &average))
        return -1;
    if (nperseg < 0 || nfft < 0) {
        axpy_raisef(AX_ERR_ARGUMENT, "welch: nperseg = %zd, nfft = %zd: they must be >= 0", nperseg, nfft);
        return -1;
    }
    spec->window = (ax_spectrum_window)window, spec->symmetric = symmetric, spec->nperseg = (size_t)nperseg;
    spec->noverlap = noverlap, spec->nfft = (size_t)nfft, spec->detrend = (ax_spectrum_detrend)detrend;
    spec->scaling = (ax_spectrum_scaling)scaling, spec->average = (ax_welch_average)average;
    *out = spec;
    return 0;
}

/* _obj_spectrum_distance(signal, dt_ms, welch or None, target_power) -> float */
static PyObject *obj_spectrum_distance(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *so, *wo, *po;
    double dt;
    if (!PyArg_ParseTuple(args, "OdOO", &so, &dt, &wo, &po))
        return NULL;
    ax_welch_spec spec;
    const ax_welch_spec *w;
    if (welch_from(wo, &spec, &w) < 0)
        return NULL;
    axpy_indices s = {0}, p = {0};
    PyObject *out = NULL;
    if (axpy_doubles_from(so, "spectrum_distance", "signal", &s) == 0 &&
        axpy_doubles_from(po, "spectrum_distance", "target_power", &p) == 0) {
        ax_error err;
        double d;
        ax_status st;
        Py_BEGIN_ALLOW_THREADS
        st = ax_objective_spectrum_distance(s.data, s.n, dt, w, p.data, p.n, &d, &err);
        Py_END_ALLOW_THREADS
        out = st == AX_OK ? PyFloat_FromDouble(d) : axpy_raise(st, err.message);
    }
    axpy_indices_release(&s);
    axpy_indices_release(&p);
    return out;
}

/* _obj_population_stats(trains, t_start, t_stop, bin_ms (0: no correlation), n_pairs, seed) -> (rate, cv, r) */
static PyObject *obj_population_stats(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *trains;
    double t0, t1;
    ax_population_spec spec;
    unsigned long long seed;
    Py_ssize_t n_pairs;
    if (!PyArg_ParseTuple(args, "OdddnK", &trains, &t0, &t1, &spec.bin_ms, &n_pairs, &seed))
        return NULL;
    if (n_pairs < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "population_stats: n_pairs = %zd: it must be >= 0", n_pairs);
    spec.n_pairs = (size_t)n_pairs, spec.seed = seed;
    axpy_trains v;
    if (axpy_trains_from_list(trains, t0, t1, &v))
        return NULL;
    ax_error err;
    ax_population_values out;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_objective_population_stats(&v.view, spec.bin_ms > 0 ? &spec : NULL, &out, &err);
    Py_END_ALLOW_THREADS
    axpy_trains_release(&v);
    if (st != AX_OK)
        return axpy_raise(st, err.message);
    return Py_BuildValue("(ddd)", out.rate_hz, out.cv, out.correlation);
}

/* ---- the composite objective ---- */

static void objective_capsule_free(PyObject *capsule)
{
    ax_objective_free(PyCapsule_GetPointer(capsule, "axon.objective"));
}

static ax_objective *objective_of(PyObject *capsule)
{
    return PyCapsule_GetPointer(capsule, "axon.objective");
}

static PyObject *obj_new(PyObject *self, PyObject *args)
{
    (void)self;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "n", &n))
        return NULL;
    if (n < 1)
        return axpy_raisef(AX_ERR_ARGUMENT, "Objective: n_conditions = %zd: at least 1 is needed", n);
    ax_error err;
    ax_objective *o = ax_objective_create((size_t)n, &err);
    if (!o)
        return axpy_raise(err.status, err.message);
    PyObject *c = PyCapsule_New(o, "axon.objective", objective_capsule_free);
    if (!c)
        ax_objective_free(o);
    return c;
}

/* _obj_add(capsule, kind, condition, weight, target_trains, t_start, t_stop, delta_ms, dt_ms, summary,
 *          target, skip_before_ms, skip_after_ms, welch, feature, population)
 * summary: None or (scale, time, count, amplitude); feature: None or (feature, target, scale, absolute,
 * penalty); population: None or (rate, cv, correlation, rate_scale, cv_scale, correlation_scale, penalty,
 * bin_ms, n_pairs, seed, first_train, n_trains). */
static PyObject *obj_add(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *cap, *trains_o, *summary_o, *target_o, *welch_o, *feature_o, *pop_o;
    int kind;
    Py_ssize_t condition;
    ax_objective_term t;
    memset(&t, 0, sizeof t);
    double t0, t1;
    if (!PyArg_ParseTuple(args, "OindOddddOOddOOO", &cap, &kind, &condition, &t.weight, &trains_o, &t0, &t1,
                          &t.delta_ms, &t.dt_ms, &summary_o, &target_o, &t.skip_before_ms, &t.skip_after_ms, &welch_o,
                          &feature_o, &pop_o))
        return NULL;
    ax_objective *o = objective_of(cap);
    if (!o)
        return NULL;
    if (condition < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "Objective.add: condition %zd: it must be >= 0", condition);
    t.kind = (ax_objective_kind)kind, t.condition = (size_t)condition;
    ax_objective_summary_options so;
    if (summary_o != Py_None) {
        int scale;
        if (!PyArg_ParseTuple(summary_o, "pddd", &scale, &so.time_scale_default, &so.count_scale_default,
                              &so.amplitude_scale_default))
            return NULL;
        so.scale = scale, so.use_amplitude = false;
        t.summary = &so;
    }
    ax_welch_spec ws;
    if (welch_from(welch_o, &ws, &t.welch) < 0)
        return NULL;
    if (feature_o != Py_None) {
        int f, absolute;
        if (!PyArg_ParseTuple(feature_o, "iddpd", &f, &t.feature.target, &t.feature.scale, &absolute,
                              &t.feature.penalty))
            return NULL;
        t.feature.feature = (ax_feature)f, t.feature.absolute = absolute;
    }
    if (pop_o != Py_None) {
        ax_population_target *p = &t.population;
        Py_ssize_t n_pairs, first, count;
        unsigned long long seed;
        if (!PyArg_ParseTuple(pop_o, "ddddddddnKnn", &p->rate_hz, &p->cv, &p->correlation, &p->rate_scale,
                              &p->cv_scale, &p->correlation_scale, &p->penalty, &p->spec.bin_ms, &n_pairs, &seed,
                              &first, &count))
            return NULL;
        if (n_pairs < 0 || first < 0 || count < 0)
            return axpy_raisef(AX_ERR_ARGUMENT, "Objective.add: n_pairs = %zd, first_train = %zd, n_trains = %zd: "
                               "they must be >= 0", n_pairs, first, count);
        p->spec.n_pairs = (size_t)n_pairs, p->spec.seed = seed;
        p->first_train = (size_t)first, p->n_trains = (size_t)count;
    }
    axpy_trains v = {0};
    axpy_indices target = {0};
    if (trains_o != Py_None) {
        if (axpy_trains_from_list(trains_o, t0, t1, &v))
            return NULL;
        t.target_spikes = &v.view;
    }
    if (target_o != Py_None && axpy_doubles_from(target_o, "Objective.add", "target", &target) < 0) {
        axpy_trains_release(&v);
        return NULL;
    }
    t.target = target.data, t.n_target = target.n;
    ax_error err;
    ax_status st = ax_objective_add(o, &t, &err);
    axpy_trains_release(&v);
    axpy_indices_release(&target);
    if (st != AX_OK)
        return axpy_raise(st, err.message);
    Py_RETURN_NONE;
}

/* _obj_needs(capsule) -> (needs, n_terms, n_conditions) */
static PyObject *obj_needs(PyObject *self, PyObject *cap)
{
    (void)self;
    ax_objective *o = objective_of(cap);
    if (!o)
        return NULL;
    unsigned needs;
    size_t nt, nc;
    ax_error err;
    if (ax_objective_get_needs(o, &needs, &nt, &nc, &err) != AX_OK)
        return axpy_raise(err.status, err.message);
    return Py_BuildValue("(Inn)", needs, (Py_ssize_t)nt, (Py_ssize_t)nc);
}

/* _obj_check(capsule, available) */
static PyObject *obj_check(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *cap;
    unsigned available;
    if (!PyArg_ParseTuple(args, "OI", &cap, &available))
        return NULL;
    ax_objective *o = objective_of(cap);
    if (!o)
        return NULL;
    ax_error err;
    if (ax_objective_check(o, available, &err) != AX_OK)
        return axpy_raise(err.status, err.message);
    Py_RETURN_NONE;
}

/* What one condition's outputs hold while they are evaluated. */
typedef struct outputs_keep {
    axpy_trains spikes;
    axpy_indices voltage, signal;
} outputs_keep;

/* _obj_evaluate(capsule, outputs) -> (total, terms): outputs a list, per condition, of
 * (trains or None, t_start, t_stop, voltage or None, voltage_dt_ms, signal or None, signal_dt_ms). */
static PyObject *obj_evaluate(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *cap, *list;
    if (!PyArg_ParseTuple(args, "OO", &cap, &list))
        return NULL;
    ax_objective *o = objective_of(cap);
    if (!o)
        return NULL;
    size_t nt, nc;
    ax_objective_get_needs(o, NULL, &nt, &nc, NULL);
    PyObject *seq = PySequence_Fast(list, "Objective.evaluate: outputs must be a list, one entry per condition");
    if (!seq)
        return NULL;
    if ((size_t)PySequence_Fast_GET_SIZE(seq) != nc) {
        Py_DECREF(seq);
        return axpy_raisef(AX_ERR_ARGUMENT, "Objective.evaluate: %zd outputs for %zu conditions: one per condition",
                           PySequence_Fast_GET_SIZE(seq), nc);
    }
    ax_objective_outputs *out = PyMem_Calloc(nc, sizeof *out);
    outputs_keep *keep = PyMem_Calloc(nc, sizeof *keep);
    double *terms = PyMem_Malloc((nt ? nt : 1) * sizeof *terms);
    PyObject *result = NULL;
    if (!out || !keep || !terms) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t c = 0; c < nc; c++) {
        PyObject *tr, *vo, *so;
        double t0, t1;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, c), "OddOdOd", &tr, &t0, &t1, &vo, &out[c].voltage_dt_ms,
                              &so, &out[c].signal_dt_ms))
            goto done;
        if (tr != Py_None) {
            if (axpy_trains_from_list(tr, t0, t1, &keep[c].spikes))
                goto done;
            out[c].spikes = &keep[c].spikes.view;
        }
        if (vo != Py_None) {
            if (axpy_doubles_from(vo, "Objective.evaluate", "voltage", &keep[c].voltage) < 0)
                goto done;
            out[c].voltage = keep[c].voltage.data, out[c].n_voltage = keep[c].voltage.n;
        }
        if (so != Py_None) {
            if (axpy_doubles_from(so, "Objective.evaluate", "signal", &keep[c].signal) < 0)
                goto done;
            out[c].signal = keep[c].signal.data, out[c].n_signal = keep[c].signal.n;
        }
    }
    ax_error err;
    double total;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_objective_evaluate(o, out, &total, terms, &err);
    Py_END_ALLOW_THREADS
    result = st == AX_OK ? Py_BuildValue("(dN)", total, array_of(terms, nt)) : axpy_raise(st, err.message);
done:
    if (keep)
        for (size_t c = 0; c < nc; c++) {
            axpy_trains_release(&keep[c].spikes);
            axpy_indices_release(&keep[c].voltage);
            axpy_indices_release(&keep[c].signal);
        }
    PyMem_Free(out);
    PyMem_Free(keep);
    PyMem_Free(terms);
    Py_DECREF(seq);
    return result;
}

PyMethodDef axpy_objectives_methods[] = {
    {"_obj_pair", obj_pair, METH_VARARGS, "_obj_pair(which, data, model, t_start, t_stop, delta_ms): Gamma (0) "
     "or SpikeNetOpt's loss (1) per train, and their mean (Gamma) or sum (loss)."},
    {"_obj_summarize", obj_summarize, METH_VARARGS, "ax_objective_summarize: an (n, 3) array."},
    {"_obj_summary_score", obj_summary_score, METH_VARARGS, "ax_objective_summary_score."},
    {"_obj_trace_error", obj_trace_error, METH_VARARGS, "ax_objective_trace_error: (rms, n_used)."},
    {"_obj_features", obj_features, METH_VARARGS, "ax_objective_features of every train: an (n, 4) array."},
    {"_obj_feature_error", obj_feature_error, METH_VARARGS, "ax_objective_feature_error."},
    {"_obj_spectrum_distance", obj_spectrum_distance, METH_VARARGS, "ax_objective_spectrum_distance."},
    {"_obj_population_stats", obj_population_stats, METH_VARARGS, "ax_objective_population_stats: (rate, cv, r)."},
    {"_obj_new", obj_new, METH_VARARGS, "ax_objective_create: a capsule."},
    {"_obj_add", obj_add, METH_VARARGS, "ax_objective_add."},
    {"_obj_needs", obj_needs, METH_O, "ax_objective_get_needs: (needs, n_terms, n_conditions)."},
    {"_obj_check", obj_check, METH_VARARGS, "ax_objective_check."},
    {"_obj_evaluate", obj_evaluate, METH_VARARGS, "ax_objective_evaluate: (total, terms)."},
    {NULL, NULL, 0, NULL}};
