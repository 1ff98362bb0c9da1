/*
 * space.c - structures (axon.space's value classes, read into ax_structure)
 * and a population's positions: Population.set_structure and
 * Population.positions (a float64 copy of shape (size, 3), or None).
 */
#include "axon_py.h"

/* A 3-tuple of floats into out[3]. */
static int triple(PyObject *t, double out[3])
{
    return PyArg_ParseTuple(t, "ddd", &out[0], &out[1], &out[2]) ? 0 : -1;
}

int axpy_structure_from(PyObject *obj, const char *call, ax_structure *out, PyObject **keep)
{
    *keep = NULL;
    PyObject *t = PyObject_GetAttrString(obj, "_axon_structure");
    if (!t) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return -1;
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError,
                     "%s: structure must be axon.Grid, RandomBox, RandomDisk, RandomSphere or Positions, not %.100s",
                     call, Py_TYPE(obj)->tp_name);
        return -1;
    }
    int kind, dims;
    unsigned long long n[3];
    double spacing, radius;
    PyObject *origin, *low, *high, *center, *xyz;
    memset(out, 0, sizeof *out);
    int ok = PyTuple_Check(t) &&
             PyArg_ParseTuple(t, "ii(KKK)dOOOOdO", &kind, &dims, &n[0], &n[1], &n[2], &spacing, &origin, &low, &high,
                              &center, &radius, &xyz) &&
             triple(origin, out->origin) == 0 && triple(low, out->low) == 0 && triple(high, out->high) == 0 &&
             triple(center, out->center) == 0 && kind >= AX_STRUCTURE_GRID && kind <= AX_STRUCTURE_POSITIONS;
    if (!ok) {
        Py_DECREF(t);
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s: structure: %.100s is not a structure of axon", call,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    out->kind = (ax_structure_kind)kind;
    out->dims = dims;
    for (int k = 0; k < 3; k++)
        out->n[k] = n[k];
    out->spacing = spacing;
    out->radius = radius;
    if (kind == AX_STRUCTURE_POSITIONS) {
        /* Positions made it a (size, 3) float64 array; C order is made here if needed */
        PyObject *a = PyArray_FROMANY(xyz, NPY_DOUBLE, 2, 2, NPY_ARRAY_IN_ARRAY);
        if (!a || PyArray_DIM((PyArrayObject *)a, 1) != 3) {
            Py_XDECREF(a);
            Py_DECREF(t);
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "%s: structure: the positions are no array of shape (size, 3)", call);
            return -1;
        }
        out->xyz = PyArray_DATA((PyArrayObject *)a);
        out->n_xyz = (size_t)PyArray_SIZE((PyArrayObject *)a);
        *keep = a;
    }
    Py_DECREF(t);
    return 0;
}

int axpy_population_set_structure(axpy_network *owner, ax_population pop, PyObject *structure, const char *call)
{
    if (!structure || structure == Py_None)
        return 0;
    ax_network *net = axpy_net_of(owner, "population");
    if (!net)
        return -1;
    ax_structure s;
    PyObject *keep;
    if (axpy_structure_from(structure, call, &s, &keep) < 0)
        return -1;
    ax_status st = ax_population_set_structure(net, pop, &s);
    Py_XDECREF(keep);
    if (st) {
        axpy_fail(owner, st);
        return -1;
    }
    return 0;
}

PyObject *axpy_pop_set_structure(axpy_handle *self, PyObject *structure)
{
    if (structure == Py_None) {
        PyErr_SetString(PyExc_TypeError, "set_structure: structure must be a structure of axon, not None");
        return NULL;
    }
    if (axpy_population_set_structure(self->owner, self->handle, structure, "set_structure") < 0)
        return NULL;
    Py_RETURN_NONE;
}

PyObject *axpy_pop_positions(axpy_handle *self, void *c)
{
    (void)c;
    ax_network *net = axpy_net_of(self->owner, "population");
    ax_population_info info;
    if (!net)
        return NULL;
    ax_status st = ax_population_get_info(net, self->handle, &info);
    if (st)
        return axpy_fail(self->owner, st);
    if (!ax_population_has_positions(net, self->handle))
        Py_RETURN_NONE;
    npy_intp dims[2] = {(npy_intp)info.size, 3};
    PyObject *a = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
    if (!a)
        return NULL;
    st = ax_population_get_positions(net, self->handle, PyArray_DATA((PyArrayObject *)a), 3 * (size_t)info.size);
    if (st) {
        Py_DECREF(a);
        return axpy_fail(self->owner, st);
    }
    return a;
}
