/*
 * optimizer_bitga.c - the main seed's bit-string genetic algorithm
 * (SEEDS A.12; Brownlee's "simple genetic algorithm from scratch" as the
 * seed's ga/mod.rs ports it): n_bits bits a parameter, decoded as
 * lo + value (hi - lo) / (2^n_bits - 1); parents by tournament (k
 * candidates drawn with replacement, the lowest score wins); pairs of
 * parents cross at one point with probability r_cross; every bit of a
 * child flips with probability r_mut.  Optional elitism (the issue): the
 * e best of a generation replace the last e children.
 */
#include <string.h>

#include "fit/fit.h"

double ax_bitga_decode(const double *bits, unsigned n_bits, double lo, double hi)
{
    uint64_t value = 0;
    for (unsigned b = 0; b < n_bits; b++)
        value = value << 1 | (bits[b] != 0);
    double largest = (double)(((uint64_t)1 << n_bits) - 1);
    return lo + (double)value * (hi - lo) / largest;
}

void ax_bitga_crossover(const double *a, const double *b, size_t len, size_t point, double *c1, double *c2)
{
    memcpy(c1, a, point * sizeof *a);
    memcpy(c1 + point, b + point, (len - point) * sizeof *a);
    memcpy(c2, b, point * sizeof *a);
    memcpy(c2 + point, a + point, (len - point) * sizeof *a);
}

size_t ax_bitga_mutate(double *bits, size_t len, double r, ax_rng *rng)
{
    size_t flipped = 0;
    for (size_t j = 0; j < len; j++)
        if (ax_rng_uniform(rng) < r) {
            bits[j] = bits[j] != 0 ? 0 : 1;
            flipped++;
        }
    return flipped;
}

void ax_bitga_init(ax_optimizer *o)
{
    size_t len = o->n * o->n_bits;
    for (size_t r = 0; r < o->pop; r++) {
        ax_rng rng;
        ax_opt_rng(&rng, o->seed, AX_OPT_INIT, 0, r);
        for (size_t j = 0; j < len; j++)
            o->bits[r * len + j] = ax_rng_u32(&rng) >> 31;
    }
}

void ax_bitga_breed(ax_optimizer *o, const double *scores)
{
    size_t pop = o->pop, len = o->n * o->n_bits;
    unsigned k = (unsigned)o->tournament;
    double *next = o->work;
    size_t *parent = (size_t *)(void *)o->ranked;   /* pop entries, free until the ranking below */
    /* each row draws its parent from its own stream: the order rows are
     * handled in never matters */
    for (size_t r = 0; r < pop; r++) {
        ax_rng rng;
        ax_opt_rng(&rng, o->seed, AX_OPT_SELECT, o->generation, r);
        parent[r] = ax_opt_tournament(scores, pop, k, &rng);
    }
    for (size_t r = 0; r < pop; r += 2) {
        const double *a = o->bits + parent[r] * len, *b = o->bits + parent[r + 1] * len;
        double *c1 = next + r * len, *c2 = next + (r + 1) * len;
        ax_rng rng;
        ax_opt_rng(&rng, o->seed, AX_OPT_CROSS, o->generation, r);
        if (len >= 2 && ax_rng_uniform(&rng) < o->r_cross)
            ax_bitga_crossover(a, b, len, 1 + ax_rng_below(&rng, (uint32_t)(len - 1)), c1, c2);
        else {
            memcpy(c1, a, len * sizeof *a);
            memcpy(c2, b, len * sizeof *b);
        }
    }
    for (size_t r = 0; r < pop; r++) {
        ax_rng rng;
        ax_opt_rng(&rng, o->seed, AX_OPT_MUTATE, o->generation, r);
        ax_bitga_mutate(next + r * len, len, o->r_mut, &rng);
    }
    if (o->elites) {
        ax_opt_rank(scores, pop, o->ranked);   /* parent[] is no longer needed */
        for (size_t e = 0; e < o->elites; e++)
            memcpy(next + (pop - 1 - e) * len, o->bits + o->ranked[e].index * len, len * sizeof *next);
    }
    memcpy(o->bits, next, pop * len * sizeof *next);
}
