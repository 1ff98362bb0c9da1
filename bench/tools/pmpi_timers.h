/*
 * pmpi_timers.h - the MPI collectives timed through the profiling interface
 * (pmpi_timers.c), for bench/tools/mpi_run.c.
 */
#ifndef AX_BENCH_PMPI_TIMERS_H
#define AX_BENCH_PMPI_TIMERS_H

enum { C_ALLGATHER, C_ALLGATHERV, C_ALLREDUCE, C_BCAST, N_COLL };
extern const char *const coll_name[N_COLL];
/* Per collective, while `counting`: wall seconds, CPU seconds of the
 * calling thread (Open MPI polls while it waits), calls, bytes received. */
extern double coll_s[N_COLL], coll_cpu[N_COLL], coll_calls[N_COLL], coll_bytes[N_COLL];
extern int counting;

double now(void);          /* monotonic clock, s */
double thread_cpu(void);   /* the calling thread's CPU time, s */

#endif
