/*
 * analysis_spectra.c - the C extension's analysis functions of one area:
 * spectra of signals (docs/analysis.md).  python/axon/_analysis_spectra.py
 * wraps them for axon.analysis (it turns the names of windows, detrending,
 * scaling and averages into the library's enum values).
 */
#include "axon_py.h"

/* (freqs_hz, power) as two new arrays; frees the library's. */
static PyObject *spectrum_tuple(ax_spectrum *s)
{
    PyObject *f = axpy_doubles_array(s->freqs_hz, s->n), *p = f ? axpy_doubles_array(s->power, s->n) : NULL;
    ax_array_free(s->freqs_hz);
    ax_array_free(s->power);
    if (!p) {
        Py_XDECREF(f);
        return NULL;
    }
    return Py_BuildValue("(NN)", f, p);
}

static PyObject *spectrum_result(ax_status st, ax_error *err, ax_spectrum *s)
{
    if (st != AX_OK)
        return axpy_raise(st, err->message);
    return spectrum_tuple(s);
}

static PyObject *signal_welch(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *x;
    double dt_ms, segment_ms;
    int window, symmetric, detrend, scaling, average;
    Py_ssize_t nperseg, nfft;
    long long noverlap;
    if (!PyArg_ParseTuple(args, "OdipndLniii", &x, &dt_ms, &window, &symmetric, &nperseg, &segment_ms, &noverlap,
                          &nfft, &detrend, &scaling, &average))
        return NULL;
    if (nperseg < 0 || nfft < 0)
        return axpy_raisef(AX_ERR_ARGUMENT, "welch: nperseg = %zd, nfft = %zd: they must be >= 1", nperseg, nfft);
    axpy_indices sig;
    if (axpy_doubles_from(x, "welch", "signal", &sig) < 0)
        return NULL;
    ax_welch_spec spec = {.window = (ax_spectrum_window)window, .symmetric = symmetric, .nperseg = (size_t)nperseg,
                          .segment_ms = segment_ms, .noverlap = noverlap, .nfft = (size_t)nfft,
                          .detrend = (ax_spectrum_detrend)detrend, .scaling = (ax_spectrum_scaling)scaling,
                          .average = (ax_welch_average)average};
    ax_error err;
    ax_spectrum s;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_signal_welch(sig.data, sig.n, dt_ms, &spec, &s, &err);
    Py_END_ALLOW_THREADS
    axpy_indices_release(&sig);
    return spectrum_result(st, &err, &s);
}

static PyObject *signal_periodogram(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *x;
    double dt_ms;
    int window, detrend, scaling;
    if (!PyArg_ParseTuple(args, "Odiii", &x, &dt_ms, &window, &detrend, &scaling))
        return NULL;
    axpy_indices sig;
    if (axpy_doubles_from(x, "periodogram", "signal", &sig) < 0)
        return NULL;
    ax_error err;
    ax_spectrum s;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_signal_periodogram(sig.data, sig.n, dt_ms, (ax_spectrum_window)window, (ax_spectrum_detrend)detrend,
                               (ax_spectrum_scaling)scaling, &s, &err);
    Py_END_ALLOW_THREADS
    axpy_indices_release(&sig);
    return spectrum_result(st, &err, &s);
}

static PyObject *signal_power_density(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *x;
    double dt_ms;
    if (!PyArg_ParseTuple(args, "Od", &x, &dt_ms))
        return NULL;
    axpy_indices sig;
    if (axpy_doubles_from(x, "power_density", "signal", &sig) < 0)
        return NULL;
    ax_error err;
    ax_spectrum s;
    ax_status st;
    Py_BEGIN_ALLOW_THREADS
    st = ax_signal_power_density(sig.data, sig.n, dt_ms, &s, &err);
    Py_END_ALLOW_THREADS
    axpy_indices_release(&sig);
    return spectrum_result(st, &err, &s);
}

/* freqs and power as float64 arrays of one length; -1 with an exception. */
static int spectrum_args(PyObject *f, PyObject *p, const char *call, axpy_indices *fa, axpy_indices *pa)
{
    if (axpy_doubles_from(f, call, "freqs_hz", fa) < 0)
        return -1;
    if (axpy_doubles_from(p, call, "power", pa) < 0) {
        axpy_indices_release(fa);
        return -1;
    }
    if (fa->n != pa->n) {
        axpy_raisef(AX_ERR_ARGUMENT, "%s: freqs_hz has %zu values and power %zu: they must have the same length",
                    call, fa->n, pa->n);
        axpy_indices_release(fa);
        axpy_indices_release(pa);
        return -1;
    }
    return 0;
}

static PyObject *spectrum_band_power(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *f, *p;
    double lo, hi;
    int relative;
    if (!PyArg_ParseTuple(args, "OOddp", &f, &p, &lo, &hi, &relative))
        return NULL;
    axpy_indices fa, pa;
    if (spectrum_args(f, p, "band_power", &fa, &pa) < 0)
        return NULL;
    ax_error err;
    double out = 0;
    ax_status st = (relative ? ax_spectrum_relative_band_power : ax_spectrum_band_power)(fa.data, pa.data, fa.n, lo,
                                                                                         hi, &out, &err);
    axpy_indices_release(&fa);
    axpy_indices_release(&pa);
    if (st != AX_OK)
        return axpy_raise(st, err.message);
    return PyFloat_FromDouble(out);
}

static PyObject *spectrum_peak_frequency(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *f, *p;
    double lo, hi;
    if (!PyArg_ParseTuple(args, "OOdd", &f, &p, &lo, &hi))
        return NULL;
    axpy_indices fa, pa;
    if (spectrum_args(f, p, "peak_frequency", &fa, &pa) < 0)
        return NULL;
    ax_error err;
    double freq = 0, peak = 0;
    ax_status st = ax_spectrum_peak_frequency(fa.data, pa.data, fa.n, lo, hi, &freq, &peak, &err);
    axpy_indices_release(&fa);
    axpy_indices_release(&pa);
    if (st != AX_OK)
        return axpy_raise(st, err.message);
    return Py_BuildValue("(dd)", freq, peak);
}

static PyObject *spectrum_distance(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *p1, *p2;
    if (!PyArg_ParseTuple(args, "OO", &p1, &p2))
        return NULL;
    axpy_indices a, b;
    if (axpy_doubles_from(p1, "spectrum_distance", "power1", &a) < 0)
        return NULL;
    if (axpy_doubles_from(p2, "spectrum_distance", "power2", &b) < 0) {
        axpy_indices_release(&a);
        return NULL;
    }
    ax_error err;
    double out = 0;
    ax_status st = a.n == b.n ? ax_spectrum_distance(a.data, b.data, a.n, &out, &err) : AX_ERR_ARGUMENT;
    if (a.n != b.n)
        snprintf(err.message, sizeof err.message, "spectrum_distance: power1 has %zu bins and power2 %zu: the "
                 "spectra must have the same length (the same frequencies)", a.n, b.n);
    axpy_indices_release(&a);
    axpy_indices_release(&b);
    if (st != AX_OK)
        return axpy_raise(st, err.message);
    return PyFloat_FromDouble(out);
}

PyMethodDef axpy_spectra_methods[] = {
    {"signal_welch", signal_welch, METH_VARARGS,
     "signal_welch(x, dt_ms, window, symmetric, nperseg, segment_ms, noverlap, nfft, detrend, scaling, average) "
     "-> (freqs_hz, power): ax_signal_welch (enum values as ints)."},
    {"signal_periodogram", signal_periodogram, METH_VARARGS,
     "signal_periodogram(x, dt_ms, window, detrend, scaling) -> (freqs_hz, power): ax_signal_periodogram."},
    {"signal_power_density", signal_power_density, METH_VARARGS,
     "signal_power_density(x, dt_ms) -> (freqs_hz, power): ax_signal_power_density (the seed's)."},
    {"spectrum_band_power", spectrum_band_power, METH_VARARGS,
     "spectrum_band_power(freqs_hz, power, f_lo, f_hi, relative) -> float: ax_spectrum_(relative_)band_power."},
    {"spectrum_peak_frequency", spectrum_peak_frequency, METH_VARARGS,
     "spectrum_peak_frequency(freqs_hz, power, f_lo, f_hi) -> (freq_hz, power): ax_spectrum_peak_frequency."},
    {"spectrum_distance", spectrum_distance, METH_VARARGS,
     "spectrum_distance(power1, power2) -> float: ax_spectrum_distance (the seed's comparison)."},
    {NULL, NULL, 0, NULL},
};
