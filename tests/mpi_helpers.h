/*
 * mpi_helpers.h - what the MPI tests share (docs/mpi.md): whether this
 * build has MPI and mpirun is installed, and running a command under
 * `mpirun -n N` (oversubscribed: the test machine may have fewer cores
 * than ranks; allowed as root, as CI runs) with OMP_NUM_THREADS-free
 * commands and output captured like cli_helpers.h's axon().  Under
 * `make check-asan` the ranks run without LeakSanitizer: Open MPI's
 * components (dlopen'ed) keep their start-up allocations and are unloaded
 * before the leak check runs, so their leaks carry no module name that
 * tests/lsan.supp could match; AddressSanitizer and UBSan still check
 * every rank, and the one-process tests check axon's own leaks.
 */
#ifndef AX_TEST_MPI_HELPERS_H
#define AX_TEST_MPI_HELPERS_H

#include "cli_helpers.h"

/* MPI is built in and mpirun can be started; the log says why not. */
static inline int mpi_usable(void)
{
    ax_mpi_info info;
    cr_assert_eq(ax_mpi_get_info(&info, NULL), AX_OK);
    if (!info.built) {
        cr_log_warn("this build has no MPI (libopenmpi-dev was not installed): the MPI test checks nothing");
        return 0;
    }
    if (system("command -v mpirun >/dev/null 2>&1") != 0) {
        cr_log_warn("mpirun is not installed (openmpi-bin): the MPI test checks nothing");
        return 0;
    }
    return 1;
}

/* Runs CMD (a shell fragment: a program and its arguments) under mpirun
 * with n ranks, output captured; *r is overwritten by the next call. */
static inline result *mpirun(int n, const char *cmd)
{
    static result r;
    char dir[64] = "/tmp/axon-mpi-XXXXXX", line[8192], out[128], err[128];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/stdout", dir);
    snprintf(err, sizeof err, "%s/stderr", dir);
    snprintf(line, sizeof line,
             "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
             "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "
             "timeout 300 mpirun --oversubscribe -n %d %s >%s 2>%s",
             n, cmd, out, err);
    int st = system(line);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    slurp(out, r.out, sizeof r.out);
    slurp(err, r.err, sizeof r.err);
    remove_tree(dir);
    return &r;
}

#endif
