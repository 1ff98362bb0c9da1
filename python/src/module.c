/*
 * module.c - the C extension axon._axon: module definition, its types,
 * functions and constants (the library's enumerations that the pure-Python
 * value classes use).
 */
#define AXPY_MODULE_C
#include "axon_py.h"

int axpy_run_init(void);

static PyMethodDef module_functions[] = {
    {"models", (PyCFunction)(void (*)(void))axpy_models, METH_VARARGS | METH_KEYWORDS,
     "models(network=None) -> dict name -> dict(doc, params, state, receptors, spike_source, spike_times): the "
     "built-in models with their parameter tables (name, unit, default, min, max, doc), and with a network "
     "also the models defined on it (define_cell, define_equations, ...)."},
    {"channels", axpy_channels, METH_NOARGS, "channels() -> dict name -> dict(doc, params, gates): the ion channels."},
    {"receptor_kinds", axpy_receptor_kinds, METH_NOARGS,
     "receptor_kinds() -> dict name -> dict(doc, params, gates): the kinetic receptors of "
     "Network.define_with_receptors (gates are their state variables)."},
    {"plasticity_defaults", axpy_plasticity_defaults, METH_NOARGS,
     "plasticity_defaults() -> dict: every field of a plastic synapse type with PyNN's defaults."},
    {"plasticity_check", axpy_plasticity_check, METH_O,
     "plasticity_check(fields): ArgumentError naming the field when the rule is not allowed."},
    {"mpi_info", axpy_mpi_info, METH_NOARGS,
     "mpi_info() -> dict(built, ranks, rank): whether the library has MPI, the ranks of the job (1 without "
     "mpirun) and this process's rank (ax_mpi_get_info; docs/mpi.md)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef axon_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "axon._axon",
    .m_doc = "The C extension of the axon package (see python/API.md).",
    .m_size = -1,
    .m_methods = module_functions,
};

static int add_type(PyObject *m, PyTypeObject *type, const char *name)
{
    if (PyType_Ready(type) < 0)
        return -1;
    Py_INCREF(type);
    if (PyModule_AddObject(m, name, (PyObject *)type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}

static int add_constants(PyObject *m)
{
    static const struct {
        const char *name;
        long value;
    } k[] = {
        {"VALUE_UNIFORM", AX_VALUE_UNIFORM},
        {"VALUE_NORMAL", AX_VALUE_NORMAL},
        {"VALUE_NORMAL_CLIPPED", AX_VALUE_NORMAL_CLIPPED},
        {"VALUE_LOGNORMAL", AX_VALUE_LOGNORMAL},
        {"VALUE_EXPONENTIAL", AX_VALUE_EXPONENTIAL},
        {"VALUE_EXPRESSION", AX_VALUE_EXPRESSION},
        {"CONNECTOR_ALL_TO_ALL", AX_CONNECTOR_ALL_TO_ALL},
        {"CONNECTOR_ONE_TO_ONE", AX_CONNECTOR_ONE_TO_ONE},
        {"CONNECTOR_FIXED_PROBABILITY", AX_CONNECTOR_FIXED_PROBABILITY},
        {"CONNECTOR_FIXED_INDEGREE", AX_CONNECTOR_FIXED_INDEGREE},
        {"CONNECTOR_FIXED_OUTDEGREE", AX_CONNECTOR_FIXED_OUTDEGREE},
        {"CONNECTOR_FIXED_TOTAL", AX_CONNECTOR_FIXED_TOTAL},
        {"CONNECTOR_FROM_LIST", AX_CONNECTOR_FROM_LIST},
        {"CONNECTOR_DISTANCE", AX_CONNECTOR_DISTANCE},
        {"STRUCTURE_GRID", AX_STRUCTURE_GRID},
        {"STRUCTURE_RANDOM_BOX", AX_STRUCTURE_RANDOM_BOX},
        {"STRUCTURE_RANDOM_DISK", AX_STRUCTURE_RANDOM_DISK},
        {"STRUCTURE_RANDOM_SPHERE", AX_STRUCTURE_RANDOM_SPHERE},
        {"STRUCTURE_POSITIONS", AX_STRUCTURE_POSITIONS},
        {"INPUT_DC", AX_INPUT_DC},
        {"INPUT_STEP", AX_INPUT_STEP},
        {"INPUT_AC", AX_INPUT_AC},
        {"INPUT_NOISE", AX_INPUT_NOISE},
        {"INPUT_POISSON", AX_INPUT_POISSON},
    };
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        if (PyModule_AddIntConstant(m, k[i].name, k[i].value) < 0)
            return -1;
    return 0;
}

extern PyMethodDef axpy_optimizer_methods[];   /* fit_optimizers.c */
extern PyTypeObject axpy_LoopType;             /* loop.c */

PyMODINIT_FUNC PyInit__axon(void)
{
    import_array();
    if (axpy_errors_init() < 0 || axpy_run_init() < 0 || axpy_arrays_init() < 0)
        return NULL;
    PyObject *m = PyModule_Create(&axon_module);
    if (!m)
        return NULL;
    if (PyModule_AddStringConstant(m, "__version__", AX_VERSION) < 0 || add_constants(m) < 0 ||
        add_type(m, &axpy_NetworkType, "Network") < 0 || add_type(m, &axpy_PopulationType, "Population") < 0 ||
        add_type(m, &axpy_ProjectionType, "Projection") < 0 || add_type(m, &axpy_RecorderType, "Recorder") < 0 ||
        add_type(m, &axpy_ModulatorType, "Modulator") < 0 || add_type(m, &axpy_InputType, "Input") < 0 ||
        add_type(m, &axpy_ModelFileType, "ModelFile") < 0 ||
        add_type(m, &axpy_LoopType, "Loop") < 0 || PyModule_AddFunctions(m, axpy_trains_methods) < 0 ||
        PyModule_AddFunctions(m, axpy_spectra_methods) < 0 || PyModule_AddFunctions(m, axpy_stats_methods) < 0 ||
        PyModule_AddFunctions(m, axpy_distances_methods) < 0 ||
        PyModule_AddFunctions(m, axpy_correlations_methods) < 0 ||
        PyModule_AddFunctions(m, axpy_fit_generations_methods) < 0 ||
        PyModule_AddFunctions(m, axpy_objectives_methods) < 0 ||
        PyModule_AddFunctions(m, axpy_optimizer_methods) < 0 ||
        PyModule_AddFunctions(m, axpy_hopfield_methods) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
