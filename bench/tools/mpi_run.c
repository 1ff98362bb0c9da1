/*
 * mpi_run.c - one model file under mpirun, measured per rank (issue 20,
 * bench/NOTES.md "MPI: measured, and a model of larger rank counts").
 *
 *   mpirun -n R build/bench/mpi_run MODEL.toml DURATION_MS THREADS [key.path=value]...
 *   build/bench/mpi_run MODEL.toml DURATION_MS THREADS ...        (one process)
 *
 * Loads the file (overrides as `axon run --set`), builds (ax_modelfile_build)
 * and runs DURATION_MS with the file's schedule and recordings (nothing is
 * written), with a barrier before each phase so that every rank's clock
 * starts together.  Prints one line per rank, in rank order, from rank 0:
 *   wall and CPU seconds (user + system, all threads) of the load, build and
 *   run, the CPU seconds of the calling thread during the run (run_cpu0_s:
 *   with one thread, the simulation without Open MPI's own threads; it is
 *   also the thread that makes the collectives), the real-time factor (run
 *   wall s / simulated s), peak RSS (VmHWM) after the build and at the end,
 *   this rank's neurons and synapse bytes,
 *   the exchange's bytes sent, windows and second collectives (ax_stats),
 *   and the time, calls and bytes of each MPI collective the library made
 *   during the run (the PMPI wrappers of pmpi_timers.c: time in a collective includes
 *   waiting for the slowest rank);
 * then one summary line: the whole network's spikes, events and synapses,
 * the spikes per population, and the maxima over ranks.
 *
 * The wrappers are pmpi_timers.c's (Open MPI polls while it waits, so a
 * rank's CPU time in a collective includes its waits).  Built by `make
 * bench-tools` (needs Open MPI).
 */
#define _GNU_SOURCE
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "axon.h"
#include "pmpi_timers.h"

static double cpu_s(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + 1e-6 * u.ru_utime.tv_usec + u.ru_stime.tv_sec + 1e-6 * u.ru_stime.tv_usec;
}

/* VmHWM (peak resident set) in MB, from /proc/self/status. */
static double peak_rss_mb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double kb = NAN;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kb = strtod(line + 6, NULL);
    if (f)
        fclose(f);
    return kb / 1024;
}

/* What each rank sends rank 0. */
enum {
    F_LOAD_S, F_BUILD_S, F_BUILD_CPU, F_RUN_S, F_RUN_CPU, F_RSS_BUILD, F_RSS_END, F_FIRST, F_END, F_SYN_MB,
    F_XBYTES, F_XWIN, F_XSECOND, F_RUN_CPU0, F_COLL, N_F = F_COLL + 4 * N_COLL
};

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: mpi_run MODEL.toml DURATION_MS THREADS [key.path=value]...\n");
        return 2;
    }
    int provided, rank, size;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    double duration = strtod(argv[2], NULL);
    const char **ov = calloc((size_t)argc, sizeof *ov);
    char threads[64];
    size_t n_ov = 0;
    snprintf(threads, sizeof threads, "simulation.threads=%s", argv[3]);
    ov[n_ov++] = threads;
    for (int a = 4; a < argc; a++)
        ov[n_ov++] = argv[a];
    double f[N_F] = {0};

    PMPI_Barrier(MPI_COMM_WORLD);
    double t = now();
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(argv[1], ov, n_ov, &err);
    int ok = m != NULL, all_ok;
    if (!m)
        fprintf(stderr, "rank %d: %s\n", rank, err.message);
    PMPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    if (!all_ok) {
        MPI_Finalize();
        return 1;
    }
    ax_network *net = ax_modelfile_get_network(m);
    f[F_LOAD_S] = now() - t;

    PMPI_Barrier(MPI_COMM_WORLD);
    double c = cpu_s();
    t = now();
    ax_status st = ax_modelfile_build(m);
    f[F_BUILD_S] = now() - t;
    f[F_BUILD_CPU] = cpu_s() - c;
    f[F_RSS_BUILD] = peak_rss_mb();
    if (st == AX_OK) {   /* the library agrees the build's status over the ranks */
        PMPI_Barrier(MPI_COMM_WORLD);
        counting = 1;
        c = cpu_s();
        double c0 = thread_cpu();
        t = now();
        st = ax_modelfile_run(m, duration);
        f[F_RUN_S] = now() - t;
        f[F_RUN_CPU] = cpu_s() - c;
        f[F_RUN_CPU0] = thread_cpu() - c0;
        counting = 0;
    }
    if (st != AX_OK) {
        if (rank == 0)
            fprintf(stderr, "%s: %s\n", argv[1], ax_network_get_error(net));
        ax_modelfile_free(m);
        MPI_Finalize();
        return 1;
    }
    f[F_RSS_END] = peak_rss_mb();
    ax_network_info ni;
    ax_stats s;
    ax_network_get_info(net, &ni);
    ax_network_get_stats(net, &s);
    f[F_FIRST] = ni.first_owned;
    f[F_END] = ni.end_owned;
    f[F_SYN_MB] = s.synapse_bytes / 1e6;
    f[F_XBYTES] = (double)s.exchange_bytes;
    f[F_XWIN] = (double)s.exchange_windows;
    f[F_XSECOND] = (double)s.exchange_second;
    for (int k = 0; k < N_COLL; k++) {
        f[F_COLL + 4 * k] = coll_s[k];
        f[F_COLL + 4 * k + 1] = coll_calls[k];
        f[F_COLL + 4 * k + 2] = coll_bytes[k];
        f[F_COLL + 4 * k + 3] = coll_cpu[k];
    }
    double *all = rank == 0 ? calloc((size_t)size * N_F, sizeof *all) : NULL;
    PMPI_Gather(f, N_F, MPI_DOUBLE, all, N_F, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        double max_run = 0, max_rss = 0, sum_rss = 0, max_build = 0, cpu_run = 0, sec = duration / 1000;
        for (int r = 0; r < size; r++) {
            const double *g = all + (size_t)r * N_F;
            printf("rank %d: neurons [%.0f, %.0f) load_s %.2f build_s %.2f build_cpu_s %.2f run_s %.2f run_cpu_s %.2f "
                   "run_cpu0_s %.2f rtf %.2f rss_build_mb %.0f rss_peak_mb %.0f synapse_mb %.1f exchange_bytes %.0f "
                   "windows %.0f second %.0f bytes_per_window %.1f",
                   r, g[F_FIRST], g[F_END], g[F_LOAD_S], g[F_BUILD_S], g[F_BUILD_CPU], g[F_RUN_S], g[F_RUN_CPU],
                   g[F_RUN_CPU0], g[F_RUN_S] / sec, g[F_RSS_BUILD], g[F_RSS_END], g[F_SYN_MB], g[F_XBYTES], g[F_XWIN],
                   g[F_XSECOND], g[F_XWIN] > 0 ? g[F_XBYTES] / g[F_XWIN] : 0.0);
            for (int k = 0; k < N_COLL; k++)
                if (g[F_COLL + 4 * k + 1] > 0)
                    printf(" %s_s %.3f %s_cpu_s %.3f %s_calls %.0f %s_recv_mb %.2f", coll_name[k], g[F_COLL + 4 * k],
                           coll_name[k], g[F_COLL + 4 * k + 3], coll_name[k], g[F_COLL + 4 * k + 1], coll_name[k],
                           g[F_COLL + 4 * k + 2] / 1e6);
            printf("\n");
            max_run = fmax(max_run, g[F_RUN_S]);
            max_build = fmax(max_build, g[F_BUILD_S]);
            max_rss = fmax(max_rss, g[F_RSS_END]);
            sum_rss += g[F_RSS_END];
            cpu_run += g[F_RUN_CPU];
        }
        printf("summary: ranks %d threads %s duration_ms %g neurons %llu synapses %llu spikes %llu events %llu "
               "min_delay_steps %u max_build_s %.2f max_run_s %.2f rtf %.2f run_cpu_s_all_ranks %.2f "
               "max_rss_mb %.0f sum_rss_mb %.0f pop_spikes",
               size, argv[3], duration, (unsigned long long)s.neurons, (unsigned long long)s.synapses,
               (unsigned long long)s.spikes, (unsigned long long)s.events, s.min_delay_steps, max_build, max_run,
               max_run / sec, cpu_run, max_rss, sum_rss);
        for (size_t p = 0; p < ax_population_count(net); p++) {
            uint64_t n = 0;
            ax_population_get_spike_count(net, (ax_population)p, &n);
            printf("%s%llu", p ? "," : " ", (unsigned long long)n);
        }
        printf("\n");
        fflush(stdout);
        free(all);
    }
    ax_modelfile_free(m);
    free(ov);
    MPI_Finalize();
    return 0;
}
