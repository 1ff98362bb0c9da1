/*
 * comm.h - the processes a network is split over (MPI ranks), and the few
 * collective operations the simulator needs (docs/architecture.md,
 * "Ranks").  comm.c is the only file that includes <mpi.h>; in a build
 * without MPI (no AX_MPI) there is one rank and every operation is a copy
 * or nothing, so the rest of the code has no #ifdef.
 *
 * MPI is started lazily, by the first call that asks for the ranks, and
 * only when the process was launched by mpirun with more than one rank
 * (or the caller started MPI itself): a program that never runs under
 * mpirun never touches MPI.  Every operation here is collective over
 * MPI_COMM_WORLD: all ranks make the same calls in the same order, from
 * the thread that called the library (MPI_THREAD_FUNNELED).
 */
#ifndef AX_COMM_H
#define AX_COMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether this build has MPI. */
bool ax_comm_built(void);
/* The ranks of the job (1 without mpirun) and this process's rank. */
int ax_comm_size(void);
int ax_comm_rank(void);
/* Ranks of the job on this machine (mpirun's OMPI_COMM_WORLD_LOCAL_SIZE;
 * 1 without mpirun): they share its memory. */
int ax_comm_local_size(void);

typedef enum { AX_COMM_SUM, AX_COMM_MIN, AX_COMM_MAX, AX_COMM_BOR } ax_comm_op;

/* Every rank's `bytes` bytes, in rank order, into recv (size * bytes). */
void ax_comm_allgather(const void *send, size_t bytes, void *recv);
/* Rank r's counts[r] bytes into recv at the sum of counts[0 .. r). */
void ax_comm_allgatherv(const void *send, const uint64_t *counts, void *recv);
/* Element-wise reduction of n unsigned (or signed, for MIN/MAX: is_signed)
 * 64-bit integers, in place. */
void ax_comm_allreduce_u64(uint64_t *x, size_t n, ax_comm_op op);
void ax_comm_allreduce_i64(int64_t *x, size_t n, ax_comm_op op);
/* Element-wise exclusive prefix sum over the ranks, in place: rank r
 * gets the sum of ranks 0 .. r - 1's x (rank 0: zeros). */
void ax_comm_exscan_u64(uint64_t *x, size_t n);
/* Bytes that each rank wrote in places of its own, zeros elsewhere,
 * merged in place by a bitwise or: every rank gets all ranks' values,
 * bit for bit (whatever their type: NaN, -0.0 and all). */
void ax_comm_merge(void *buf, size_t bytes);
/* Root's bytes to every rank. */
void ax_comm_bcast(void *buf, size_t bytes, int root);
/* Stops every rank of the job (a failure the ranks cannot agree on). */
void ax_comm_abort(int code);

#endif
