/*
 * optimizer_de.c - differential evolution DE/rand/1/bin (Storn & Price,
 * J. Global Optim. 11:341, 1997) in unit coordinates.  Generation 0 is the
 * initial population (uniform in the box); every later generation is one
 * trial vector per target i: v = x_r1 + F (x_r2 - x_r3) with r1, r2, r3
 * distinct and != i, crossed binomially with x_i (each gene from v with
 * probability CR, gene jrand always).  A trial replaces its target when its
 * score is lower or equal.  A gene of v outside [0, 1] bounces back between
 * the base x_r1 and the bound it crossed (Price, Storn & Lampinen 2005,
 * "Differential Evolution", 4.3.2), so trials stay inside the bounds.
 */
#include <string.h>

#include "fit/fit.h"

void ax_de_init(ax_optimizer *o)
{
    for (size_t r = 0; r < o->pop; r++) {
        ax_rng rng;
        ax_opt_rng(&rng, o->seed, AX_OPT_INIT, 0, r);
        for (size_t i = 0; i < o->n; i++)
            o->px[r * o->n + i] = ax_rng_uniform(&rng);
    }
    memcpy(o->cand, o->px, o->pop * o->n * sizeof *o->cand);
    o->phase = 0;   /* the candidates are the targets themselves */
}

void ax_de_breed(ax_optimizer *o, const double *scores)
{
    size_t pop = o->pop, n = o->n;
    if (o->phase == 0) {
        memcpy(o->pf, scores, pop * sizeof *scores);
        o->phase = 1;
    } else {
        for (size_t i = 0; i < pop; i++)
            if (ax_opt_key(scores[i]) <= ax_opt_key(o->pf[i])) {
                memcpy(o->px + i * n, o->cand + i * n, n * sizeof *o->px);
                o->pf[i] = scores[i];
            }
    }
    for (size_t i = 0; i < pop; i++) {
        ax_rng rng;
        ax_opt_rng(&rng, o->seed, AX_OPT_MUTATE, o->generation, i);
        size_t r1, r2, r3;
        do
            r1 = ax_rng_below(&rng, (uint32_t)pop);
        while (r1 == i);
        do
            r2 = ax_rng_below(&rng, (uint32_t)pop);
        while (r2 == i || r2 == r1);
        do
            r3 = ax_rng_below(&rng, (uint32_t)pop);
        while (r3 == i || r3 == r1 || r3 == r2);
        size_t jrand = ax_rng_below(&rng, (uint32_t)n);
        const double *x = o->px + i * n, *a = o->px + r1 * n, *b = o->px + r2 * n, *c = o->px + r3 * n;
        double *u = o->cand + i * n;
        for (size_t j = 0; j < n; j++) {
            double cr = ax_rng_uniform(&rng), w = ax_rng_uniform(&rng);   /* two draws a gene, always */
            if (j != jrand && !(cr < o->de_cr)) {
                u[j] = x[j];
                continue;
            }
            double v = a[j] + o->de_f * (b[j] - c[j]);
            if (v < 0)
                v = a[j] - w * a[j];
            else if (v > 1)
                v = a[j] + w * (1 - a[j]);
            u[j] = v;
        }
    }
}
