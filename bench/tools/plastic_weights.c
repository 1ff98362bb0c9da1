/*
 * plastic_weights.c - runs a model file like `axon run` and reports the
 * final weights of one of its projections (bench/run's statistics of the
 * plastic benchmarks: the statistics of 10^7 weights without writing them
 * to a file, which `axon run` does with a weights [[record]]).
 *
 *   plastic_weights MODEL.toml OUTDIR PROJ W_LO W_HI [key.path=value]...
 *
 * Runs simulation.duration with the file's [[schedule]] (ax_modelfile_run),
 * writes the recordings into OUTDIR (which must exist) and prints one JSON
 * line: run_s, spikes, the projection's synapse count and the mean, sd,
 * min, max of its weights, the quantiles 1, 10, 50, 90 and 99 %, the
 * fractions at W_LO and W_HI (within 1e-6 of the span) and a histogram of
 * 20 bins over [W_LO, W_HI].
 *
 * bench/run builds it: cc -O2 -Iinclude bench/tools/plastic_weights.c
 * build/libaxon.a -fopenmp -lm.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "axon.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: plastic_weights MODEL.toml OUTDIR PROJ W_LO W_HI [key.path=value]...\n");
        return 2;
    }
    const char *path = argv[1], *out = argv[2];
    ax_projection proj = (ax_projection)strtoul(argv[3], NULL, 10);
    double lo = strtod(argv[4], NULL), hi = strtod(argv[5], NULL);
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(path, (const char *const *)argv + 6, (size_t)(argc - 6), &err);
    if (!m) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    ax_network *net = ax_modelfile_get_network(m);
    double duration = ax_modelfile_get_duration(m);
    if (isnan(duration) || ax_modelfile_run(m, duration) != AX_OK || ax_modelfile_write_recordings(m, out) != AX_OK) {
        fprintf(stderr, "%s: %s\n", path, isnan(duration) ? "no simulation.duration" : ax_network_get_error(net));
        ax_modelfile_free(m);
        return 1;
    }
    uint64_t n = ax_projection_get_size(net, proj);
    double *w = malloc((n ? n : 1) * sizeof *w);
    if (!w || ax_projection_get_synapses(net, proj, NULL, NULL, w, NULL) != AX_OK) {
        fprintf(stderr, "%s: projection %u: %s\n", path, proj, w ? ax_network_get_error(net) : "out of memory");
        return 1;
    }
    enum { BINS = 20 };
    uint64_t hist[BINS] = {0}, at_lo = 0, at_hi = 0;
    double s1 = 0, s2 = 0, mn = INFINITY, mx = -INFINITY, eps = 1e-6 * (hi - lo);
    for (uint64_t q = 0; q < n; q++) {
        double x = w[q];
        s1 += x;
        s2 += x * x;
        mn = x < mn ? x : mn;
        mx = x > mx ? x : mx;
        at_lo += x <= lo + eps;
        at_hi += x >= hi - eps;
        int b = (int)floor((x - lo) / (hi - lo) * BINS);
        hist[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
    }
    double mean = n ? s1 / (double)n : NAN, sd = n ? sqrt(fmax(s2 / (double)n - mean * mean, 0.0)) : NAN;
    static const double qs[] = {0.01, 0.10, 0.50, 0.90, 0.99};
    double qv[5] = {NAN, NAN, NAN, NAN, NAN};
    if (n) {
        qsort(w, n, sizeof *w, cmp_double);   /* numpy's percentile, linear interpolation */
        for (int k = 0; k < 5; k++) {
            double pos = qs[k] * (double)(n - 1), f = floor(pos);
            uint64_t a = (uint64_t)f, b = a + 1 < n ? a + 1 : a;
            qv[k] = w[a] + (pos - f) * (w[b] - w[a]);
        }
    }
    ax_stats st;
    ax_network_get_stats(net, &st);
    printf("{\"run_s\": %.4f, \"build_s\": %.4f, \"spikes\": %llu, \"events\": %llu, \"dt\": %.10g, "
           "\"synapses\": %llu, \"w_mean\": %.9g, \"w_sd\": %.9g, \"w_min\": %.9g, \"w_max\": %.9g, "
           "\"frac_lo\": %.6g, \"frac_hi\": %.6g, \"quantiles\": [%.9g, %.9g, %.9g, %.9g, %.9g], "
           "\"hist_range\": [%.9g, %.9g], \"hist\": [",
           st.run_s, st.build_s, (unsigned long long)st.spikes, (unsigned long long)st.events, ax_network_get_dt(net),
           (unsigned long long)n, mean, sd, mn, mx, n ? (double)at_lo / (double)n : NAN,
           n ? (double)at_hi / (double)n : NAN, qv[0], qv[1], qv[2], qv[3], qv[4], lo, hi);
    for (int b = 0; b < BINS; b++)
        printf("%s%llu", b ? ", " : "", (unsigned long long)hist[b]);
    printf("]}\n");
    free(w);
    ax_modelfile_free(m);
    return 0;
}
