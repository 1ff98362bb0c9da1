/*
 * contract_mpi.h - test_api_contract.c's cases for MPI (docs/mpi.md):
 * X(function, tag, status, fragment, fragment, body).  Included by
 * test_api_contract.c only, after its fixture and helpers.
 */
#define CONTRACT_MPI(X)                                                                                            \
    X(ax_mpi_get_info, null_info, E_, "mpi info", "'info' is NULL",                                                \
      ax_error err; ax_mpi_get_info(NULL, &err); return from_error(f, &err);)
#define CONTRACT_MPI_AGREE(X)                                                                                      \
    X(ax_mpi_agree, status_not_an_ax_status, E_, "mpi agree", "status 5 is not an ax_status",                    \
      ax_error err; ax_mpi_agree((ax_status)5, &err); return from_error(f, &err);)                                \
    X(ax_mpi_check_same, null_data, E_, "mpi check same", "'data' is NULL",                                        \
      ax_error err; ax_mpi_check_same(NULL, 3, "x", &err); return from_error(f, &err);)
