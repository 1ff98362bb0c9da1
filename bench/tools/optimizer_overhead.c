/*
 * optimizer_overhead.c - what an optimiser costs per candidate, apart from
 * the evaluations (bench/optimizers.sh): ask + tell on the sphere, whose
 * evaluation is negligible, for each algorithm, n parameters and population.
 *
 *   optimizer_overhead KIND N POP EVALUATIONS
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "axon.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s KIND(0-3) N POP EVALUATIONS\n", argv[0]);
        return 2;
    }
    int kind = atoi(argv[1]);
    size_t n = (size_t)atol(argv[2]), pop = (size_t)atol(argv[3]);
    uint64_t budget = (uint64_t)atoll(argv[4]);
    double *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
    for (size_t i = 0; i < n; i++)
        lo[i] = -5, hi[i] = 5;
    ax_optimizer_options o;
    ax_error err;
    ax_optimizer *opt;
    if (ax_optimizer_defaults((ax_optimizer_kind)kind, &o, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    o.n_params = n, o.lower = lo, o.upper = hi, o.budget = budget, o.pop_size = pop, o.seed = 1;
    double t0 = now();
    if (ax_optimizer_create(&o, &opt, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    ax_optimizer_info info;
    ax_optimizer_get_info(opt, &info, &err);
    double *x = malloc(info.pop_size * n * sizeof *x), *s = malloc(info.pop_size * sizeof *s), eval_s = 0;
    size_t rows;
    while (ax_optimizer_ask(opt, x, info.pop_size, &rows, &err) == AX_OK) {
        double te = now();
        for (size_t r = 0; r < rows; r++) {
            double v = 0;
            for (size_t i = 0; i < n; i++)
                v += x[r * n + i] * x[r * n + i];
            s[r] = v;
        }
        eval_s += now() - te;
        ax_optimizer_tell(opt, s, rows, &err);
    }
    double total = now() - t0, best;
    ax_optimizer_get_best(opt, x, &best, &err);
    ax_optimizer_get_info(opt, &info, &err);
    printf("%d %zu %zu %llu %llu %.3f %.1f %.3g\n", kind, n, info.pop_size, (unsigned long long)info.evaluations,
           (unsigned long long)info.generations, total - eval_s, 1e9 * (total - eval_s) / (double)info.evaluations,
           best);
    ax_optimizer_free(opt);
    free(x), free(s), free(lo), free(hi);
    return 0;
}
