/*
 * mpi_collectives.c - the window exchange's collective, measured alone
 * (issue 20 item 3, bench/NOTES.md "MPI: measured, and a model of larger
 * rank counts").
 *
 *   mpirun -n R build/bench/mpi_collectives [SECONDS_PER_SIZE] [BYTES]...
 *
 * For each message size B (bytes one rank has to tell the others in a
 * window; default 64 B to 1 MiB in powers of 4) it times, with MPI alone:
 *   allgather     MPI_Allgather of a fixed block of B bytes per rank: what
 *                 src/sim/exchange.c does (every rank gets every spike);
 *   alltoall      MPI_Alltoall of the per-destination sizes (one int each),
 *                 then MPI_Alltoallv of B bytes to every other rank: what a
 *                 per-destination exchange costs when every rank needs
 *                 every spike (random connectivity, R << K);
 *   alltoall/R    the same with B / R bytes per destination: the best case
 *                 of all-to-all, when each spike is needed by one rank only
 *                 (every spike's targets on one rank; not the microcircuit
 *                 nor Brunel).
 * Each repetition is one call after a barrier, timed on every rank, the
 * maximum over ranks taken; printed are the minimum, the 10th percentile,
 * the median and the mean over repetitions.  On a loaded machine (more
 * runnable processes than cores) a call waits until every rank is
 * scheduled, which the mean shows; the minimum and p10 are the calls during
 * which all ranks ran, i.e. the cost of MPI itself.  Bandwidth = bytes each
 * rank receives from the others / median time.
 * One line per (size, method) from rank 0.  Built by `make bench-tools`.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { ALLGATHER, ALLTOALL, ALLTOALL_R, N_METHODS };
static const char *names[N_METHODS] = {"allgather", "alltoall", "alltoall/R"};

/* One call of method m with B bytes per rank; returns this rank's seconds. */
static double once(int m, size_t B, int R, char *send, char *recv, int *cnt, int *disp, int *rcnt, int *rdisp)
{
    double t0 = MPI_Wtime();
    if (m == ALLGATHER) {
        MPI_Allgather(send, (int)B, MPI_BYTE, recv, (int)B, MPI_BYTE, MPI_COMM_WORLD);
    } else {
        size_t per = m == ALLTOALL ? B : (B + (size_t)R - 1) / (size_t)R;
        for (int r = 0; r < R; r++) {
            cnt[r] = (int)per;
            disp[r] = (int)(per * (size_t)r);
        }
        MPI_Alltoall(cnt, 1, MPI_INT, rcnt, 1, MPI_INT, MPI_COMM_WORLD);
        for (int r = 0, at = 0; r < R; r++) {
            rdisp[r] = at;
            at += rcnt[r];
        }
        MPI_Alltoallv(send, cnt, disp, MPI_BYTE, recv, rcnt, rdisp, MPI_BYTE, MPI_COMM_WORLD);
    }
    return MPI_Wtime() - t0;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int R, rank;
    MPI_Comm_size(MPI_COMM_WORLD, &R);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    double seconds = argc > 1 ? atof(argv[1]) : 0.5;
    size_t sizes[64];
    int n_sizes = 0;
    for (int a = 2; a < argc && n_sizes < 64; a++)
        sizes[n_sizes++] = (size_t)strtoull(argv[a], NULL, 10);
    if (!n_sizes)
        for (size_t b = 64; b <= (1u << 20); b *= 4)
            sizes[n_sizes++] = b;
    size_t most = 0;
    for (int i = 0; i < n_sizes; i++)
        most = sizes[i] > most ? sizes[i] : most;
    char *send = malloc(most * (size_t)R), *recv = malloc(most * (size_t)R);
    int *cnt = malloc(4 * sizeof(int) * (size_t)R), *disp = cnt + R, *rcnt = cnt + 2 * R, *rdisp = cnt + 3 * R;
    enum { MAX_REPS = 100000 };
    double *t = malloc(MAX_REPS * sizeof *t);
    if (!send || !recv || !cnt || !t)
        MPI_Abort(MPI_COMM_WORLD, 12);
    memset(send, rank + 1, most * (size_t)R);
    if (rank == 0)
        printf("# ranks %d, %.2f s per size and method; times: median (mean) over reps of the slowest rank\n", R,
               seconds);
    for (int i = 0; i < n_sizes; i++) {
        for (int m = 0; m < N_METHODS; m++) {
            if (m == ALLTOALL_R && R == 1)
                continue;
            for (int w = 0; w < 20; w++)   /* warm-up */
                once(m, sizes[i], R, send, recv, cnt, disp, rcnt, rdisp);
            int reps = 0, go = 1;
            double start = MPI_Wtime();
            while (go && reps < MAX_REPS) {
                MPI_Barrier(MPI_COMM_WORLD);
                double mine = once(m, sizes[i], R, send, recv, cnt, disp, rcnt, rdisp), slowest;
                MPI_Allreduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
                t[reps++] = slowest;
                go = MPI_Wtime() - start < seconds;
                MPI_Bcast(&go, 1, MPI_INT, 0, MPI_COMM_WORLD);   /* rank 0's clock decides for all */
            }
            double mean = 0;
            for (int k = 0; k < reps; k++)
                mean += t[k];
            mean /= reps;
            qsort(t, (size_t)reps, sizeof *t, cmp);
            double med = t[reps / 2], p10 = t[reps / 10];
            size_t per = m == ALLTOALL_R ? (sizes[i] + (size_t)R - 1) / (size_t)R : sizes[i];
            double recv_bytes = (double)per * (R - 1);   /* from the other ranks */
            if (rank == 0)
                printf("ranks %d bytes %zu method %s reps %d min_us %.2f p10_us %.2f median_us %.2f mean_us %.2f "
                       "recv_bytes %.0f bandwidth_mb_s %.1f\n",
                       R, sizes[i], names[m], reps, t[0] * 1e6, p10 * 1e6, med * 1e6, mean * 1e6, recv_bytes,
                       med > 0 ? recv_bytes / med / 1e6 : 0.0);
        }
    }
    free(send);
    free(recv);
    free(cnt);
    free(t);
    MPI_Finalize();
    return 0;
}
