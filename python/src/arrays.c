/*
 * arrays.c - numpy arrays of what the library holds.  For now each array
 * owns a copy (O(n) per read); python/API.md "Lifetimes of arrays" is the
 * aim: views that the library's memory is handed to when it would go.
 */
#include "axon_py.h"

PyObject *axpy_array_copy_2d(const void *data, npy_intp rows, npy_intp cols, int npy_type)
{
    npy_intp dims[2] = {rows, cols};
    PyObject *a = PyArray_SimpleNew(2, dims, npy_type);
    if (!a)
        return NULL;
    if (rows * cols > 0)
        memcpy(PyArray_DATA((PyArrayObject *)a), data, (size_t)(rows * cols) * PyArray_ITEMSIZE((PyArrayObject *)a));
    PyArray_CLEARFLAGS((PyArrayObject *)a, NPY_ARRAY_WRITEABLE);
    return a;
}

PyObject *axpy_array_copy(const void *data, npy_intp n, int npy_type)
{
    PyObject *a = PyArray_SimpleNew(1, &n, npy_type);
    if (!a)
        return NULL;
    if (n > 0)
        memcpy(PyArray_DATA((PyArrayObject *)a), data, (size_t)n * PyArray_ITEMSIZE((PyArrayObject *)a));
    PyArray_CLEARFLAGS((PyArrayObject *)a, NPY_ARRAY_WRITEABLE);
    return a;
}

int axpy_network_release_views(axpy_network *self)
{
    (void)self;   /* copies need nothing: they never point into the library */
    return 0;
}
