/*
 * comm.c - MPI, when built in (comm.h).  Large transfers are cut into
 * pieces of at most 1 GiB, since MPI counts are ints.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/comm.h"

int ax_comm_local_size(void)
{
    const char *s = ax_comm_size() > 1 ? getenv("OMPI_COMM_WORLD_LOCAL_SIZE") : NULL;
    int n = s ? atoi(s) : 1;
    return n >= 1 ? n : 1;
}

#ifdef AX_MPI
#include <mpi.h>

static int world_size = 1, world_rank = 0;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static MPI_Comm exit_comm = MPI_COMM_NULL;   /* the exit's barrier, apart from every other collective */

/* How long a rank that exits with a failure waits for the others to exit
 * too before it ends the job: a rank that leaves while the others wait for
 * it in a collective (a script's exception on one rank, an exit after a
 * failure that was not agreed) would otherwise leave them waiting forever,
 * since a process that finalises MPI is not a failed one to mpirun. */
#define EXIT_WAIT_S 10.0

/* At exit (on_exit: with the status), the ranks meet in a barrier of their
 * own communicator, then finalise.  A rank that exits with status 0 waits
 * as long as it takes (the others may still be writing their files); a
 * rank that fails waits EXIT_WAIT_S, then aborts the job: all ranks that
 * fail alike (an agreed error) meet and finalise cleanly, and no rank
 * waits for one that has left. */
static void finalize(int status, void *unused)
{
    (void)unused;
    int done = 0;
    MPI_Finalized(&done);
    if (done)
        return;
    if (exit_comm != MPI_COMM_NULL) {
        MPI_Request req;
        MPI_Ibarrier(exit_comm, &req);
        double t0 = MPI_Wtime();
        for (int met = 0; !met;) {
            MPI_Test(&req, &met, MPI_STATUS_IGNORE);
            if (!met && status != 0 && MPI_Wtime() - t0 > EXIT_WAIT_S)
                MPI_Abort(MPI_COMM_WORLD, status);
            if (!met)
                nanosleep(&(struct timespec){0, 1000000}, NULL);
        }
        MPI_Comm_free(&exit_comm);
    }
    MPI_Finalize();
}

/* Launched by mpirun (Open MPI, or a PMI launcher) with more than one rank. */
static int launched_size(void)
{
    const char *names[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *s = getenv(names[i]);
        if (s && *s)
            return atoi(s);
    }
    return 1;
}

static void setup(void)
{
    int started = 0;
    MPI_Initialized(&started);
    if (!started) {
        if (launched_size() <= 1)
            return;
        int provided;
        MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
        MPI_Comm_dup(MPI_COMM_WORLD, &exit_comm);
        on_exit(finalize, NULL);
    }
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
}

bool ax_comm_built(void) { return true; }
int ax_comm_size(void)
{
    pthread_once(&once, setup);
    return world_size;
}
int ax_comm_rank(void)
{
    pthread_once(&once, setup);
    return world_rank;
}

#define PIECE ((size_t)1 << 30)

void ax_comm_allgather(const void *send, size_t bytes, void *recv)
{
    if (world_size == 1) {
        memmove(recv, send, bytes);
        return;
    }
    if (bytes <= PIECE) {
        MPI_Allgather(send, (int)bytes, MPI_BYTE, recv, (int)bytes, MPI_BYTE, MPI_COMM_WORLD);
        return;
    }
    uint64_t *counts = malloc((size_t)world_size * sizeof *counts);
    if (!counts)
        ax_comm_abort(12);
    for (int r = 0; r < world_size; r++)
        counts[r] = bytes;
    ax_comm_allgatherv(send, counts, recv);
    free(counts);
}

void ax_comm_allgatherv(const void *send, const uint64_t *counts, void *recv)
{
    if (world_size == 1) {
        memmove(recv, send, counts[0]);
        return;
    }
    int n = world_size;
    int *c = malloc(2 * (size_t)n * sizeof *c);
    uint64_t *displ = malloc((size_t)n * sizeof *displ), *done = calloc((size_t)n, sizeof *done);
    if (!c || !displ || !done)
        ax_comm_abort(12);
    uint64_t at = 0;
    for (int r = 0; r < n; r++)
        displ[r] = at, at += counts[r];
    /* rounds of at most PIECE bytes per rank, until every rank's bytes are across */
    for (;;) {
        bool more = false;
        for (int r = 0; r < n; r++)
            more |= done[r] < counts[r];
        if (!more)
            break;
        /* one round: each rank's next piece, through a bounce buffer per round */
        size_t total = 0;
        for (int r = 0; r < n; r++) {
            uint64_t left = counts[r] - done[r];
            c[r] = (int)(left < PIECE ? left : PIECE);
            c[n + r] = (int)total;
            total += (size_t)c[r];
        }
        char *tmp = malloc(total ? total : 1);
        if (!tmp)
            ax_comm_abort(12);
        const char *mine = (const char *)send + done[world_rank];
        MPI_Allgatherv(mine, c[world_rank], MPI_BYTE, tmp, c, c + n, MPI_BYTE, MPI_COMM_WORLD);
        for (int r = 0; r < n; r++) {
            memcpy((char *)recv + displ[r] + done[r], tmp + c[n + r], (size_t)c[r]);
            done[r] += (uint64_t)c[r];
        }
        free(tmp);
    }
    free(c);
    free(displ);
    free(done);
}

static MPI_Op mpi_op(ax_comm_op op)
{
    return op == AX_COMM_SUM ? MPI_SUM : op == AX_COMM_MIN ? MPI_MIN : op == AX_COMM_MAX ? MPI_MAX : MPI_BOR;
}

void ax_comm_allreduce_u64(uint64_t *x, size_t n, ax_comm_op op)
{
    for (size_t at = 0; world_size > 1 && at < n; at += PIECE / 8) {
        size_t m = n - at < PIECE / 8 ? n - at : PIECE / 8;
        MPI_Allreduce(MPI_IN_PLACE, x + at, (int)m, MPI_UINT64_T, mpi_op(op), MPI_COMM_WORLD);
    }
}

void ax_comm_allreduce_i64(int64_t *x, size_t n, ax_comm_op op)
{
    for (size_t at = 0; world_size > 1 && at < n; at += PIECE / 8) {
        size_t m = n - at < PIECE / 8 ? n - at : PIECE / 8;
        MPI_Allreduce(MPI_IN_PLACE, x + at, (int)m, MPI_INT64_T, mpi_op(op), MPI_COMM_WORLD);
    }
}

void ax_comm_exscan_u64(uint64_t *x, size_t n)
{
    for (size_t at = 0; world_size > 1 && at < n; at += PIECE / 8) {
        size_t m = n - at < PIECE / 8 ? n - at : PIECE / 8;
        MPI_Exscan(MPI_IN_PLACE, x + at, (int)m, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    }
    if (world_rank == 0)   /* MPI leaves rank 0's buffer undefined */
        memset(x, 0, n * sizeof *x);
}

void ax_comm_merge(void *buf, size_t bytes)
{
    for (size_t at = 0; world_size > 1 && at < bytes; at += PIECE) {
        size_t m = bytes - at < PIECE ? bytes - at : PIECE;
        MPI_Allreduce(MPI_IN_PLACE, (char *)buf + at, (int)m, MPI_BYTE, MPI_BOR, MPI_COMM_WORLD);
    }
}

void ax_comm_bcast(void *buf, size_t bytes, int root)
{
    for (size_t at = 0; world_size > 1 && at < bytes; at += PIECE) {
        size_t m = bytes - at < PIECE ? bytes - at : PIECE;
        MPI_Bcast((char *)buf + at, (int)m, MPI_BYTE, root, MPI_COMM_WORLD);
    }
}

void ax_comm_abort(int code)
{
    if (world_size > 1)
        MPI_Abort(MPI_COMM_WORLD, code);
    abort();
}

#else   /* no MPI: one rank */

bool ax_comm_built(void) { return false; }
int ax_comm_size(void) { return 1; }
int ax_comm_rank(void) { return 0; }
void ax_comm_allgather(const void *send, size_t bytes, void *recv) { memmove(recv, send, bytes); }
void ax_comm_allgatherv(const void *send, const uint64_t *counts, void *recv) { memmove(recv, send, counts[0]); }
void ax_comm_allreduce_u64(uint64_t *x, size_t n, ax_comm_op op) { (void)x, (void)n, (void)op; }
void ax_comm_allreduce_i64(int64_t *x, size_t n, ax_comm_op op) { (void)x, (void)n, (void)op; }
void ax_comm_exscan_u64(uint64_t *x, size_t n) { memset(x, 0, n * sizeof *x); }
void ax_comm_merge(void *buf, size_t bytes) { (void)buf, (void)bytes; }
void ax_comm_bcast(void *buf, size_t bytes, int root) { (void)buf, (void)bytes, (void)root; }
void ax_comm_abort(int code)
{
    (void)code;
    abort();
}

#endif
