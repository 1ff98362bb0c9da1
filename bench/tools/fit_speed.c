/*
 * fit_speed.c - the whole-generation evaluator alone, without Python, for
 * profiling (callgrind, perf) and for checking that an optimisation keeps
 * every spike: the candidates and the protocol of bench/fit_generations.py
 * (one current step from 10 % to 90 % of the run), the SPIKE-distance score
 * with a count penalty of 0.1 against candidate 0's train, and a checksum
 * (FNV-1a) of the bits of every spike time and score.  Prints wall and CPU
 * seconds per generation and candidate-seconds per second.
 *
 *   fit_speed MODEL N T_MS THREADS GENERATIONS [BASE_NAME BASE_VALUE ...]
 *   MODEL: izhikevich, or adex, adex_euler, adex_exp_euler (EIF_cond_exp_isfa_ista and its variants)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "axon.h"

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A fixed uniform stream (xorshift64*), so that every build sees the same candidates. */
static double uniform(uint64_t *s, double lo, double hi)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return lo + (hi - lo) * (double)((*s * 2685821657736338717ull) >> 11) * 0x1p-53;
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

int main(int argc, char **argv)
{
    if (argc < 6 || (argc - 6) % 2) {
        fprintf(stderr, "usage: %s izhikevich|adex|adex_euler|adex_exp_euler N T_MS THREADS GENERATIONS [BASE_NAME BASE_VALUE ...]\n", argv[0]);
        return 2;
    }
    int adex = strncmp(argv[1], "adex", 4) == 0;
    char model[80];
    snprintf(model, sizeof model, "%s%s", adex ? "EIF_cond_exp_isfa_ista" : "Izhikevich", adex ? argv[1] + 4 : "");
    size_t n = (size_t)atol(argv[2]), gens = (size_t)atol(argv[5]);
    double T = atof(argv[3]);
    const char *free_adex[] = {"a", "b", "tau_w"}, *free_izh[] = {"a", "b", "c", "d"};
    size_t nf = adex ? 3 : 4;
    double *cand = malloc(n * nf * sizeof *cand);
    uint64_t s = 88172645463325252ull;
    for (size_t c = 0; c < n; c++) {
        double *x = cand + c * nf;
        if (adex)
            x[0] = uniform(&s, 0, 8), x[1] = uniform(&s, 0, 0.2), x[2] = uniform(&s, 50, 300);
        else
            x[0] = uniform(&s, 0.01, 0.1), x[1] = uniform(&s, 0.15, 0.25), x[2] = uniform(&s, -70, -50),
            x[3] = uniform(&s, 0.5, 8);
    }
    size_t nb = (size_t)(argc - 6) / 2;
    const char **base_names = malloc((nb + 1) * sizeof *base_names);
    double *base_values = malloc((nb + 1) * sizeof *base_values);
    for (size_t k = 0; k < nb; k++)
        base_names[k] = argv[6 + 2 * k], base_values[k] = atof(argv[7 + 2 * k]);
    ax_fit_protocol pr = {.amplitude_na = adex ? 0.8 : 0.01, .onset_ms = 0.1 * T, .duration_ms = 0.8 * T, .run_ms = T};
    ax_fit_evaluator_spec spec = {.model = model, .base_names = base_names,
                                  .base_values = base_values, .n_base = nb, .free = adex ? free_adex : free_izh,
                                  .n_free = nf, .max_candidates = n, .protocols = &pr, .n_protocols = 1, .dt_ms = 0.1,
                                  .threads = atoi(argv[4])};
    ax_fit_evaluator *ev, *ev1;
    ax_error err;
    ax_fit_results r;
    /* the target: candidate 0 alone, in an evaluator of its own (no frozen slots) */
    ax_fit_evaluator_spec one = spec;
    one.max_candidates = 1;
    if (ax_fit_evaluator_create(&one, &ev1, &err) || ax_fit_evaluate(ev1, cand, 1, NULL, &r, &err) ||
        ax_fit_evaluator_create(&spec, &ev, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    ax_fit_evaluator_free(ev1);
    size_t nt = r.trains.offsets[1];
    double *tt = malloc((nt ? nt : 1) * sizeof *tt);
    memcpy(tt, r.trains.times_ms, nt * sizeof *tt);
    size_t off[2] = {0, nt};
    ax_fit_target target = {.trains = {1, off, tt, 0, T}, .count_weight = 0.1};
    ax_fit_results_free(&r);
    ax_fit_evaluate_options o = {.score = ax_fit_score_spike_distance, .user = &target};
    double best_wall = INFINITY, best_cpu = INFINITY;
    uint64_t h = 1469598103934665603ull;
    size_t spikes = 0;
    for (size_t g = 0; g < gens; g++) {
        double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        if (ax_fit_evaluate(ev, cand, n, &o, &r, &err))
            return fprintf(stderr, "%s\n", err.message), 1;
        double wall = clock_s(CLOCK_MONOTONIC) - w0, cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
        best_wall = fmin(best_wall, wall), best_cpu = fmin(best_cpu, cpu);
        if (g == 0) {
            spikes = r.trains.offsets[n];
            h = fnv(h, r.trains.offsets, (n + 1) * sizeof *r.trains.offsets);
            h = fnv(h, r.trains.times_ms, spikes * sizeof *r.trains.times_ms);
            h = fnv(h, r.scores, n * sizeof *r.scores);
        }
        ax_fit_results_free(&r);
    }
    double cs = (double)n * T / 1000.0;
    printf("%s n=%zu T=%g ms threads=%s: %zu spikes, checksum %016llx; best of %zu: wall %.3f s (%.0f candidate-s "
           "per s), CPU %.3f s (%.0f candidate-s per CPU s, %.1f ns per neuron-step)\n",
           spec.model, n, T, argv[4], spikes, (unsigned long long)h, gens, best_wall, cs / best_wall, best_cpu,
           cs / best_cpu, 1e9 * best_cpu / ((double)n * T / 0.1));
    ax_fit_evaluator_free(ev);
    free(tt);
    free(cand);
    free(base_names);
    free(base_values);
    return 0;
}
