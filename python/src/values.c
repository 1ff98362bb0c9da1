/*
 * values.c - Python values into the library's: numbers, arrays (ax_value),
 * distributions (the pure-Python classes of axon.values, which carry
 * `_axon_value`), neuron and synapse selections, index and float arrays.
 * Arrays are converted by numpy without a copy when they already are
 * C-ordered float64 (or uint32/uint64 for indices); the library copies what
 * it keeps, so the Python objects are held only for the call.
 */
#include "axon_py.h"

static int is_number(PyObject *obj)
{
    if (PyUnicode_Check(obj) || PyBytes_Check(obj))
        return 0;
    return PyFloat_Check(obj) || PyLong_Check(obj) || PyArray_IsScalar(obj, Number) ||
           (PyArray_Check(obj) && PyArray_NDIM((PyArrayObject *)obj) == 0);
}

int axpy_double_arg(PyObject *obj, const char *call, const char *what, double *out)
{
    if (!is_number(obj) || PyArray_IsScalar(obj, ComplexFloating) ||
        (PyArray_Check(obj) && PyArray_ISCOMPLEX((PyArrayObject *)obj))) {
        PyErr_Format(PyExc_TypeError, "%s: %s must be a number, not %.100s", call, what, Py_TYPE(obj)->tp_name);
        return -1;
    }
    double x = PyFloat_AsDouble(obj);
    if (x == -1.0 && PyErr_Occurred())
        return -1;
    *out = x;
    return 0;
}

const char *axpy_str_arg(PyObject *obj, const char *call, const char *what)
{
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s: %s must be a str, not %.100s", call, what, Py_TYPE(obj)->tp_name);
        return NULL;
    }
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(obj, &n);
    if (s && strlen(s) != (size_t)n) {
        /* an embedded NUL would cut the name short without a word */
        axpy_raisef(AX_ERR_ARGUMENT, "%s: %s contains a NUL character", call, what);
        return NULL;
    }
    return s;
}

static PyObject *distribution_tuple(PyObject *obj)
{
    static PyObject *attr;
    if (!attr && !(attr = PyUnicode_InternFromString("_axon_value")))
        return NULL;
    PyObject *t = PyObject_GetAttr(obj, attr);
    if (!t && PyErr_ExceptionMatches(PyExc_AttributeError))
        PyErr_Clear();
    return t;
}

int axpy_doubles_from(PyObject *obj, const char *call, const char *what, axpy_indices *out)
{
    out->data = NULL;
    out->n = 0;
    out->keep = NULL;
    if (PyUnicode_Check(obj) || PyBytes_Check(obj) || PyDict_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s: %s must be a sequence of numbers, not %.100s", call, what,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    PyObject *a = PyArray_FROMANY(obj, NPY_DOUBLE, 0, 0, NPY_ARRAY_IN_ARRAY);
    if (!a) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s: %s must be a number, a sequence of numbers or a distribution "
                     "(axon.Uniform, Normal, NormalClipped, LogNormal, Exponential), not %.100s",
                     call, what, Py_TYPE(obj)->tp_name);
        return -1;
    }
    if (PyArray_NDIM((PyArrayObject *)a) != 1) {
        char shape[64] = "";
        int nd = PyArray_NDIM((PyArrayObject *)a);
        size_t at = 0;
        for (int i = 0; i < nd && at < sizeof shape - 24; i++)
            at += (size_t)snprintf(shape + at, sizeof shape - at, i ? ", %ld" : "%ld",
                                   (long)PyArray_DIM((PyArrayObject *)a, i));
        Py_DECREF(a);
        axpy_raisef(AX_ERR_ARGUMENT, "%s: %s has shape (%s): one value, a 1-D sequence of values or a "
                    "distribution is allowed", call, what, shape);
        return -1;
    }
    out->keep = a;
    out->data = PyArray_DATA((PyArrayObject *)a);
    out->n = (size_t)PyArray_SIZE((PyArrayObject *)a);
    return 0;
}

int axpy_value_from(PyObject *obj, const char *call, const char *what, axpy_value *out)
{
    out->keep = NULL;
    out->v = ax_value_constant(0.0);
    if (obj == Py_None || PyBool_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s: %s must be a number, a sequence of numbers or a distribution, "
                     "not %.100s", call, what, obj == Py_None ? "None" : "bool");
        return -1;
    }
    if (is_number(obj))
        return axpy_double_arg(obj, call, what, &out->v.a);
    PyObject *t = distribution_tuple(obj);
    if (t && PyTuple_Check(t) && PyTuple_GET_SIZE(t) == 2 && PyUnicode_Check(PyTuple_GET_ITEM(t, 1))) {
        /* axon.Expression: (VALUE_EXPRESSION, text) */
        PyObject *text = PyTuple_GET_ITEM(t, 1);
        const char *s = PyUnicode_AsUTF8(text);
        if (!s) {
            Py_DECREF(t);
            return -1;
        }
        Py_INCREF(text);
        Py_DECREF(t);
        out->keep = text;   /* holds s */
        out->v = ax_value_expression(s);
        return 0;
    }
    if (t) {
        int kind;
        double a, b, c, d;
        int ok = PyTuple_Check(t) && PyArg_ParseTuple(t, "idddd", &kind, &a, &b, &c, &d);
        Py_DECREF(t);
        if (!ok || kind < AX_VALUE_UNIFORM || kind > AX_VALUE_EXPONENTIAL) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "%s: %s: %.100s is not a distribution of axon", call, what,
                         Py_TYPE(obj)->tp_name);
            return -1;
        }
        out->v = (ax_value){(ax_value_kind)kind, a, b, c, d, NULL, 0, NULL};
        return 0;
    }
    if (PyErr_Occurred())
        return -1;
    axpy_indices arr;
    if (axpy_doubles_from(obj, call, what, &arr) < 0)
        return -1;
    out->keep = arr.keep;
    out->v = ax_value_array(arr.data, arr.n);
    if (arr.n == 0)
        out->v.array = NULL;   /* an empty array: the library names n = 0 */
    return 0;
}

void axpy_value_release(axpy_value *v)
{
    Py_CLEAR(v->keep);
}

int axpy_indices_from(PyObject *obj, const char *call, const char *what, int npy_type, axpy_indices *out)
{
    out->data = NULL;
    out->n = 0;
    out->keep = NULL;
    if (PyUnicode_Check(obj) || PyBytes_Check(obj) || PyDict_Check(obj) || PyFloat_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s: %s must be a sequence of ints, not %.100s", call, what,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    PyArrayObject *a = (PyArrayObject *)PyArray_FROMANY(obj, NPY_NOTYPE, 0, 0, 0);
    if (!a) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s: %s must be a sequence of ints, not %.100s", call, what,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    if (PyArray_NDIM(a) != 1) {
        Py_DECREF(a);
        axpy_raisef(AX_ERR_ARGUMENT, "%s: %s must be a 1-D sequence of indices", call, what);
        return -1;
    }
    npy_intp n = PyArray_SIZE(a);
    if (n > 0 && !PyArray_ISINTEGER(a)) {
        PyErr_Format(PyExc_TypeError, "%s: %s must hold ints, not %s values", call, what,
                     PyArray_DESCR(a)->typeobj->tp_name);
        Py_DECREF(a);
        return -1;
    }
    /* Range check in int64 / uint64 before the cast, which would wrap. */
    unsigned long long max = npy_type == NPY_UINT32 ? 0xFFFFFFFFull : 0xFFFFFFFFFFFFFFFFull;
    if (n > 0 && PyArray_ISSIGNED(a)) {
        PyArrayObject *s = (PyArrayObject *)PyArray_FROMANY((PyObject *)a, NPY_INT64, 1, 1, NPY_ARRAY_IN_ARRAY);
        if (!s) {
            Py_DECREF(a);
            return -1;
        }
        const int64_t *v = PyArray_DATA(s);
        for (npy_intp i = 0; i < n; i++)
            if (v[i] < 0 || (unsigned long long)v[i] > max) {
                axpy_raisef(AX_ERR_ARGUMENT, "%s: %s[%ld] = %lld is not allowed: an index >= 0", call, what,
                            (long)i, (long long)v[i]);
                Py_DECREF(s);
                Py_DECREF(a);
                return -1;
            }
        Py_DECREF(s);
    } else if (n > 0 && npy_type == NPY_UINT32 && PyArray_ITEMSIZE(a) > 4) {
        PyArrayObject *s = (PyArrayObject *)PyArray_FROMANY((PyObject *)a, NPY_UINT64, 1, 1, NPY_ARRAY_IN_ARRAY);
        if (!s) {
            Py_DECREF(a);
            return -1;
        }
        const uint64_t *v = PyArray_DATA(s);
        for (npy_intp i = 0; i < n; i++)
            if (v[i] > max) {
                axpy_raisef(AX_ERR_ARGUMENT, "%s: %s[%ld] = %llu is not allowed: at most %llu", call, what,
                            (long)i, (unsigned long long)v[i], max);
                Py_DECREF(s);
                Py_DECREF(a);
                return -1;
            }
        Py_DECREF(s);
    }
    PyObject *c = PyArray_FROMANY((PyObject *)a, npy_type, 1, 1, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_FORCECAST);
    Py_DECREF(a);
    if (!c)
        return -1;
    out->keep = c;
    out->data = PyArray_DATA((PyArrayObject *)c);
    out->n = (size_t)n;
    return 0;
}

void axpy_indices_release(axpy_indices *ix)
{
    Py_CLEAR(ix->keep);
}

int axpy_neurons_from(PyObject *obj, const char *call, ax_neurons *sel, axpy_indices *keep)
{
    keep->keep = NULL;
    keep->data = NULL;
    keep->n = 0;
    *sel = AX_ALL_NEURONS;
    if (obj == Py_None)
        return 0;
    if (PyBool_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s: neurons must be None, an int or a sequence of indices, not bool", call);
        return -1;
    }
    if (PyLong_Check(obj) || PyArray_IsScalar(obj, Integer)) {
        int overflow;
        long long n = PyLong_AsLongLongAndOverflow(obj, &overflow);
        if (n == -1 && PyErr_Occurred())
            return -1;
        if (overflow || n < 1 || n > 0xFFFFFFFFll) {
            PyObject *r = PyObject_Repr(obj);
            axpy_raisef(AX_ERR_ARGUMENT, "%s: neurons %s is not allowed: an int n >= 1 (the first n neurons), "
                        "a sequence of indices or None (all)", call, r ? PyUnicode_AsUTF8(r) : "?");
            Py_XDECREF(r);
            return -1;
        }
        *sel = ax_neurons_first((size_t)n);
        return 0;
    }
    if (axpy_indices_from(obj, call, "neurons", NPY_UINT32, keep) < 0)
        return -1;
    if (keep->n == 0) {
        axpy_indices_release(keep);
        axpy_raisef(AX_ERR_ARGUMENT, "%s: neurons is an empty sequence: give at least one index, "
                    "or None for all", call);
        return -1;
    }
    *sel = ax_neurons_list(keep->data, keep->n);
    return 0;
}
