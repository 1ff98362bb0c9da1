/*
 * module.c - the C extension axon._axon: module definition.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "axon.h"

static struct PyModuleDef axon_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "axon._axon",
    .m_doc = "The C extension of the axon package (see python/API.md).",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__axon(void)
{
    PyObject *m = PyModule_Create(&axon_module);
    if (!m)
        return NULL;
    if (PyModule_AddStringConstant(m, "__version__", AX_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
