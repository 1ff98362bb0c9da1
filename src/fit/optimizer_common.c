/*
 * optimizer_common.c - what every optimiser uses: its memory, its random
 * streams, the map from search space to real units, ranking and
 * tournaments.
 */
#include <stdlib.h>

#include "fit/fit.h"

void ax_opt_rng(ax_rng *r, uint64_t seed, enum ax_opt_stage stage, uint64_t generation, size_t row)
{
    ax_rng_init(r, seed, ax_purpose(AX_RNG_OPTIMIZER, (uint32_t)stage), (uint32_t)row, generation << 24);
}

/* Lays out the views into mem (or counts its size when mem is NULL). */
static size_t layout(ax_optimizer *o, double *mem)
{
    size_t n = o->n, pop = o->pop, at = 0;
#define TAKE(view, count) (o->view = mem ? mem + at : NULL, at += (count))
    TAKE(rlo, n);
    TAKE(rhi, n);
    TAKE(lo, n);
    TAKE(hi, n);
    TAKE(logs, n);
    TAKE(best, n);
    TAKE(cand, o->kind == AX_OPTIMIZER_BIT_GA ? 0 : pop * n);
    TAKE(bits, o->kind == AX_OPTIMIZER_BIT_GA ? pop * n * o->n_bits : 0);
    int de = o->kind == AX_OPTIMIZER_DE, cma = o->kind == AX_OPTIMIZER_CMA_ES;
    TAKE(px, de ? pop * n : 0);
    TAKE(pf, de ? pop : 0);
    TAKE(mean, cma ? n : 0);
    TAKE(C, cma ? n * n : 0);
    TAKE(B, cma ? n * n : 0);
    TAKE(D, cma ? n : 0);
    TAKE(pc, cma ? n : 0);
    TAKE(ps, cma ? n : 0);
#undef TAKE
    return at;
}

size_t ax_opt_state_size(ax_optimizer *o)
{
    return layout(o, NULL);
}

int ax_opt_alloc(ax_optimizer *o)
{
    o->n_mem = layout(o, NULL);
    /* scratch: a whole next population (bits or unit coordinates), the
     * CMA-ES weights, vectors and LAPACK's matrix and workspace */
    size_t genes = o->pop * o->n * (o->kind == AX_OPTIMIZER_BIT_GA ? o->n_bits : 1);
    size_t n_work = genes + o->pop + 2 * o->n * o->n + 72 * o->n + 8;
    o->mem = calloc(o->n_mem, sizeof(double));
    o->work = calloc(n_work, sizeof(double));
    o->ranked = calloc(o->pop, sizeof *o->ranked);
    if (!o->mem || !o->work || !o->ranked)
        return -1;
    layout(o, o->mem);
    return 0;
}

double ax_opt_real(const ax_optimizer *o, size_t i, double s)
{
    double x = o->logs[i] != 0 ? pow(10.0, s) : s;
    /* rounding (of 10^log10(lo), of lo + 1 * (hi - lo)) may step just outside */
    return x < o->rlo[i] ? o->rlo[i] : x > o->rhi[i] ? o->rhi[i] : x;
}

void ax_opt_row(const ax_optimizer *o, size_t r, double *x)
{
    size_t n = o->n;
    for (size_t i = 0; i < n; i++) {
        double s;
        if (o->kind == AX_OPTIMIZER_BIT_GA)
            s = ax_bitga_decode(o->bits + (r * n + i) * o->n_bits, (unsigned)o->n_bits, o->lo[i], o->hi[i]);
        else
            s = o->lo[i] + o->cand[r * n + i] * (o->hi[i] - o->lo[i]);
        x[i] = ax_opt_real(o, i, s);
    }
}

static int by_key(const void *pa, const void *pb)
{
    const ax_opt_ranked *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

void ax_opt_rank(const double *scores, size_t m, ax_opt_ranked *out)
{
    for (size_t i = 0; i < m; i++)
        out[i] = (ax_opt_ranked){ax_opt_key(scores[i]), i};
    qsort(out, m, sizeof *out, by_key);
}

size_t ax_opt_tournament(const double *scores, size_t n, unsigned k, ax_rng *rng)
{
    size_t best = ax_rng_below(rng, (uint32_t)n);
    for (unsigned j = 1; j < k; j++) {
        size_t c = ax_rng_below(rng, (uint32_t)n);
        if (ax_opt_key(scores[c]) < ax_opt_key(scores[best]))
            best = c;
    }
    return best;
}
