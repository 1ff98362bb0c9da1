/*
 * optimizer_realga.c - a real-coded genetic algorithm in unit coordinates
 * (every parameter's search range mapped to [0, 1]): binary tournament
 * (k = 2 by default; Goldberg & Deb 1991), simulated binary crossover (SBX,
 * Deb & Agrawal 1995; each gene of a crossing pair takes part with
 * probability 1/2, children clipped to [0, 1]), polynomial mutation (Deb &
 * Goyal 1996, the basic form; clipped) and elitism: the e best of a
 * generation are the first e rows of the next, unchanged.  As in Deb,
 * "Multi-Objective Optimization using Evolutionary Algorithms" (2001), 4.2.
 */
#include <string.h>

#include "fit/fit.h"

static double clip01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

void ax_realga_init(ax_optimizer *o)
{
    for (size_t r = 0; r < o->pop; r++) {
        ax_rng rng;
        ax_opt_rng(&rng, o->seed, AX_OPT_INIT, 0, r);
        for (size_t i = 0; i < o->n; i++)
            o->cand[r * o->n + i] = ax_rng_uniform(&rng);
    }
}

/* SBX's spread factor beta for a uniform u (Deb & Agrawal 1995, eq. 5). */
static double sbx_beta(double u, double eta)
{
    double e = 1.0 / (eta + 1.0);
    return u <= 0.5 ? pow(2.0 * u, e) : pow(1.0 / (2.0 * (1.0 - u)), e);
}

static void mutate(double *x, size_t n, double r_mut, double eta, ax_rng *rng)
{
    double e = 1.0 / (eta + 1.0);
    for (size_t i = 0; i < n; i++) {
        if (!(ax_rng_uniform(rng) < r_mut))
            continue;
        double u = ax_rng_uniform(rng);
        double delta = u < 0.5 ? pow(2.0 * u, e) - 1.0 : 1.0 - pow(2.0 * (1.0 - u), e);
        x[i] = clip01(x[i] + delta);
    }
}

void ax_realga_breed(ax_optimizer *o, const double *scores)
{
    size_t pop = o->pop, n = o->n, e = o->elites;
    double *next = o->work;
    ax_opt_rank(scores, pop, o->ranked);
    for (size_t r = 0; r < e; r++)
        memcpy(next + r * n, o->cand + o->ranked[r].index * n, n * sizeof *next);
    for (size_t r = e; r < pop; r += 2) {
        ax_rng sa, sb, cross;
        ax_opt_rng(&sa, o->seed, AX_OPT_SELECT, o->generation, r);
        ax_opt_rng(&sb, o->seed, AX_OPT_SELECT, o->generation, r + 1);
        const double *a = o->cand + ax_opt_tournament(scores, pop, (unsigned)o->tournament, &sa) * n;
        const double *b = o->cand + ax_opt_tournament(scores, pop, (unsigned)o->tournament, &sb) * n;
        double *c1 = o->work + pop * n, *c2 = c1 + n;   /* scratch after the next generation */
        memcpy(c1, a, n * sizeof *a);
        memcpy(c2, b, n * sizeof *b);
        ax_opt_rng(&cross, o->seed, AX_OPT_CROSS, o->generation, r);
        if (ax_rng_uniform(&cross) < o->r_cross)
            for (size_t i = 0; i < n; i++) {
                if (!(ax_rng_uniform(&cross) < 0.5))
                    continue;
                double beta = sbx_beta(ax_rng_uniform(&cross), o->eta_cross);
                c1[i] = clip01(0.5 * ((1 + beta) * a[i] + (1 - beta) * b[i]));
                c2[i] = clip01(0.5 * ((1 - beta) * a[i] + (1 + beta) * b[i]));
            }
        for (size_t c = 0; c < 2 && r + c < pop; c++) {   /* an odd last row keeps the first child */
            ax_rng mut;
            ax_opt_rng(&mut, o->seed, AX_OPT_MUTATE, o->generation, r + c);
            double *row = next + (r + c) * n;
            memcpy(row, c ? c2 : c1, n * sizeof *row);
            mutate(row, n, o->r_mut, o->eta_mut, &mut);
        }
    }
    memcpy(o->cand, next, pop * n * sizeof *next);
}
