/*
 * spike_stats_file.c - bench/analysis_stream.sh's driver: writes a large
 * spike CSV, then analyses it either streamed (ax_spike_stats_read_file:
 * memory bounded by neurons and bins) or whole in memory
 * (ax_spike_trains_read and the calls on the view), timing each.
 *
 *   spike_stats_file gen    PATH N_SPIKES N_NEURONS   a Poisson population in
 *                                                     axon's format, time order
 *   spike_stats_file stream PATH N_NEURONS T_STOP_MS
 *   spike_stats_file memory PATH N_NEURONS T_STOP_MS
 *
 * Built by the script against build/libaxon.a.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "axon.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static double uniform(void)   /* xorshift64*: enough for test data */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 2685821657736338717u) >> 11) * 0x1.0p-53;
}

static int gen(const char *path, size_t n_spikes, uint32_t n_neurons)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return perror(path), 1;
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    fputs("time_ms,neuron\n", f);
    double rate_per_ms = (double)n_neurons * 10.0 / 1000;   /* 10 Hz a neuron */
    double t = 0;
    for (size_t i = 0; i < n_spikes; i++) {
        t += -log(1 - uniform()) / rate_per_ms;
        fprintf(f, "%.1f,%u\n", floor(t * 10) / 10, (uint32_t)(uniform() * n_neurons));
    }
    fclose(f);
    printf("wrote %zu spikes of %u neurons over %.1f ms\n", n_spikes, n_neurons, t);
    return 0;
}

static void summary(const char *how, double seconds, const double *cv, size_t n, const double *rate, size_t n_bins)
{
    double mean_cv = 0, mean_rate = 0;
    size_t def = 0;
    for (size_t k = 0; k < n; k++)
        if (!isnan(cv[k]))
            mean_cv += cv[k], def++;
    for (size_t j = 0; j < n_bins; j++)
        mean_rate += rate[j];
    printf("%s: %.2f s; mean CV %.6f over %zu neurons; mean population rate %.6f Hz over %zu bins\n", how, seconds,
           mean_cv / (double)def, def, mean_rate / (double)n_bins, n_bins);
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], strtoull(argv[3], NULL, 10), (uint32_t)strtoul(argv[4], NULL, 10));
    if (argc != 5)
        return fprintf(stderr, "usage: see the comment at the top of bench/tools/spike_stats_file.c\n"), 2;
    size_t n = strtoull(argv[3], NULL, 10);
    double t_stop = strtod(argv[4], NULL), t0 = now();
    double *cv = malloc(n * sizeof *cv), *rate = NULL;
    size_t n_bins = 0;
    ax_error err;
    if (strcmp(argv[1], "stream") == 0) {
        ax_spike_stats_spec spec = {n, 0, t_stop, 10, 1, 200, 5};
        ax_spike_stats *s = ax_spike_stats_create(&spec, &err);
        if (!s || ax_spike_stats_read_file(s, argv[2], NULL, &err) ||
            ax_spike_stats_get_neurons(s, NULL, NULL, cv, NULL, NULL, &err) ||
            ax_spike_stats_get_population_rate(s, 0, &rate, &n_bins, &err))
            return fprintf(stderr, "%s\n", err.message), 1;
        ax_spike_stats_free(s);
        summary("streamed", now() - t0, cv, n, rate, n_bins);
    } else {
        ax_spike_trains v;
        ax_spike_file_format fmt = {.time_column = -1, .neuron_column = -1, .n_trains = n};
        if (ax_spike_trains_read(argv[2], &fmt, 0, t_stop, &v, &err) ||
            ax_spike_trains_cv(&v, cv, NULL, NULL, &err) ||
            ax_spike_trains_population_rate(&v, 10, 0, &rate, &n_bins, &err))
            return fprintf(stderr, "%s\n", err.message), 1;
        ax_spike_trains_free(&v);
        summary("in memory", now() - t0, cv, n, rate, n_bins);
    }
    ax_array_free(rate);
    free(cv);
    return 0;
}
