/*
 * mpi.c - axon.mpi_info() (docs/mpi.md, python/API.md): whether the library
 * was built with MPI, and the ranks of the job this interpreter runs in
 * (`mpirun -n 2 python3 script.py`: the library starts MPI itself, at the
 * first call that asks, and finalises it at exit).
 */
#include "axon_py.h"

PyObject *axpy_mpi_info(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    ax_mpi_info info;
    ax_error err;
    if (ax_mpi_get_info(&info, &err))
        return axpy_raise(err.status, err.message);
    return Py_BuildValue("{s:O,s:i,s:i}", "built", info.built ? Py_True : Py_False, "ranks", info.ranks, "rank",
                         info.rank);
}
