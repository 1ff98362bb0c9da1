/*
 * pmpi_timers.c - the MPI profiling interface's wrappers of the collectives
 * libaxon.a makes (for bench/tools/mpi_run.c): this file defines
 * MPI_Allgather, MPI_Allgatherv, MPI_Allreduce and MPI_Bcast, which the
 * statically linked library resolves to instead of libmpi's; each calls
 * the PMPI_ entry point and adds up its wall time and the calling thread's
 * CPU time.  On its own, so that only the library's comm.c points here
 * (the program that runs the library, mpi_run.c, reads the totals).
 */
#define _GNU_SOURCE
#include <mpi.h>
#include <time.h>

#include "pmpi_timers.h"

const char *const coll_name[N_COLL] = {"allgather", "allgatherv", "allreduce", "bcast"};
double coll_s[N_COLL], coll_cpu[N_COLL];   /* wall; CPU of the calling thread (Open MPI polls) */
double coll_calls[N_COLL], coll_bytes[N_COLL];   /* bytes this rank received */
int counting;

double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static void tally(int c, double t0, double c0, double bytes)
{
    if (!counting)
        return;
    coll_s[c] += now() - t0;
    coll_cpu[c] += thread_cpu() - c0;
    coll_calls[c] += 1;
    coll_bytes[c] += bytes;
}

static double type_bytes(MPI_Datatype t)
{
    int s = 0;
    PMPI_Type_size(t, &s);
    return s;
}

int MPI_Allgather(const void *sb, int sc, MPI_Datatype st, void *rb, int rc, MPI_Datatype rt, MPI_Comm comm)
{
    double t0 = now(), c0 = thread_cpu();
    int e = PMPI_Allgather(sb, sc, st, rb, rc, rt, comm), n;
    PMPI_Comm_size(comm, &n);
    tally(C_ALLGATHER, t0, c0, (double)rc * type_bytes(rt) * n);
    return e;
}

int MPI_Allgatherv(const void *sb, int sc, MPI_Datatype st, void *rb, const int rc[], const int disp[],
                   MPI_Datatype rt, MPI_Comm comm)
{
    double t0 = now(), c0 = thread_cpu();
    int e = PMPI_Allgatherv(sb, sc, st, rb, rc, disp, rt, comm), n;
    PMPI_Comm_size(comm, &n);
    double total = 0;
    for (int r = 0; r < n; r++)
        total += rc[r];
    tally(C_ALLGATHERV, t0, c0, total * type_bytes(rt));
    return e;
}

int MPI_Allreduce(const void *sb, void *rb, int count, MPI_Datatype t, MPI_Op op, MPI_Comm comm)
{
    double t0 = now(), c0 = thread_cpu();
    int e = PMPI_Allreduce(sb, rb, count, t, op, comm);
    tally(C_ALLREDUCE, t0, c0, (double)count * type_bytes(t));
    return e;
}

int MPI_Bcast(void *buf, int count, MPI_Datatype t, int root, MPI_Comm comm)
{
    double t0 = now(), c0 = thread_cpu();
    int e = PMPI_Bcast(buf, count, t, root, comm);
    tally(C_BCAST, t0, c0, (double)count * type_bytes(t));
    return e;
}

