/*
 * contract_mpi.h - test_api_contract.c's cases for MPI (docs/mpi.md):
 * X(function, tag, status, fragment, fragment, body).  Included by
 * test_api_contract.c only, after its fixture and helpers.
 */
#define CONTRACT_MPI(X)                                                                                            \
    X(ax_mpi_get_info, null_info, E_, "mpi info", "'info' is NULL",                                                \
      ax_error err; ax_mpi_get_info(NULL, &err); return from_error(f, &err);)
