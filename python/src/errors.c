/*
 * errors.c - turning an ax_status and the library's message into the
 * matching exception of axon.errors (one class per status).
 */
#include <stdarg.h>
#include <stdio.h>

#include "axon_py.h"

/* The classes of axon.errors, indexed by -status (1 .. 7); 0 is axon.Error. */
static PyObject *error_classes[8];

int axpy_errors_init(void)
{
    static const char *const names[8] = {"Error",     "ArgumentError", "NotFoundError", "OutOfMemoryError",
                                         "StateError", "NumericError", "FileError",     "InterruptedRun"};
    /* The classes live in pure Python (axon/errors.py, imported before this
     * module by the package) so that they read like ordinary Python. */
    PyObject *mod = PyImport_ImportModule("axon.errors");
    if (!mod)
        return -1;
    for (int i = 0; i < 8; i++) {
        error_classes[i] = PyObject_GetAttrString(mod, names[i]);
        if (!error_classes[i]) {
            Py_DECREF(mod);
            return -1;
        }
    }
    Py_DECREF(mod);
    return 0;
}

PyObject *axpy_error_class(ax_status status)
{
    int i = -(int)status;
    return i >= 1 && i <= 7 ? error_classes[i] : error_classes[0];
}

PyObject *axpy_raise(ax_status status, const char *message)
{
    PyErr_SetString(axpy_error_class(status), message && *message ? message : ax_status_name(status));
    return NULL;
}

PyObject *axpy_raisef(ax_status status, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return axpy_raise(status, buf);
}

PyObject *axpy_fail(axpy_network *self, ax_status status)
{
    const char *msg = self && self->net ? ax_network_get_error(self->net) : "";
    if (status != AX_ERR_NUMERIC)
        return axpy_raise(status, msg);
    /* NumericError carries the failure (which neuron, variable, when). */
    PyObject *failure = axpy_failure_dict(self);
    if (!failure)
        return NULL;
    PyObject *exc = PyObject_CallFunction(error_classes[5], "sO", msg, failure);
    Py_DECREF(failure);
    if (exc) {
        PyErr_SetObject(error_classes[5], exc);
        Py_DECREF(exc);
    }
    return NULL;
}

void axpy_keep_exception(PyObject **kept)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb && value)
        PyException_SetTraceback(value, tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    if (!*kept)
        *kept = value;
    else
        Py_XDECREF(value);
}
