/*
 * rng.c - samplers on top of the Philox streams of rng.h.
 *
 * Each sampler consumes a deterministic number of words for a given stream
 * position, so a stream replayed from the same (seed, purpose, id, block)
 * gives the same values: connectivity is generated twice (count, then
 * fill) and must come out identical both times.
 */
#include "rng.h"
#include "vmath.h"

#include <math.h>
#include <stdlib.h>

uint32_t ax_rng_below(ax_rng *r, uint32_t n)
{
    /* Lemire's multiply-and-reject: unbiased, rarely more than one word. */
    uint64_t m = (uint64_t)ax_rng_u32(r) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t floor_ = (uint32_t)(-n) % n;
        while (low < floor_) {
            m = (uint64_t)ax_rng_u32(r) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

uint64_t ax_rng_below64(ax_rng *r, uint64_t n)
{
    if (n <= UINT32_MAX)
        return ax_rng_below(r, (uint32_t)n);
    /* Rejection on the smallest enclosing power of two. */
    uint64_t mask = n - 1;
    mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4;
    mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
    for (;;) {
        uint64_t hi = ax_rng_u32(r), lo = ax_rng_u32(r);
        uint64_t x = ((hi << 32) | lo) & mask;
        if (x < n)
            return x;
    }
}

double ax_rng_normal(ax_rng *r)
{
    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    /* Box-Muller with the angle in turns: vmath.h's log and sin/cos, inline
     * and exact to an ulp (libm's calls were 35 % of building the
     * microcircuit's 299 M normal weights and delays) */
    double u1 = ax_rng_uniform(r), u2 = ax_rng_uniform(r);
    double rad = sqrt(-2.0 * ax_log(u1)), s, c;
    ax_sincos_turns(u2, &s, &c);
    r->spare = rad * s;
    r->has_spare = 1;
    return rad * c;
}

#define NORMALS_CHUNK 256

/* Loops that GCC vectorises: the Philox blocks of a chunk of ids into four
 * word arrays (Random123's philox4x32 per lane), then the uniforms and
 * Box-Muller. */
void ax_rng_normals(uint64_t seed, uint32_t purpose, const uint32_t *ids, uint32_t id0, uint32_t n, uint64_t block,
                    double *out)
{
    uint32_t id[NORMALS_CHUNK], w0[NORMALS_CHUNK], w1[NORMALS_CHUNK], w2[NORMALS_CHUNK], w3[NORMALS_CHUNK];
    const philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    const uint32_t b_lo = (uint32_t)block, b_hi = (uint32_t)(block >> 32);
    for (uint32_t c = 0; c < n; c += NORMALS_CHUNK) {
        uint32_t m = n - c < NORMALS_CHUNK ? n - c : NORMALS_CHUNK;
        for (uint32_t j = 0; j < m; j++)
            id[j] = ids ? ids[c + j] : id0 + c + j;
        for (uint32_t j = 0; j < m; j++) {
            philox4x32_ctr_t ctr = {{id[j], b_lo, b_hi, purpose}};
            philox4x32_ctr_t w = philox4x32(ctr, key);
            w0[j] = w.v[0], w1[j] = w.v[1], w2[j] = w.v[2], w3[j] = w.v[3];
        }
        double *o = out + c;
        for (uint32_t j = 0; j < m; j++) {
            /* ax_rng_uniform's 53 bits from words 0, 1 and 2, 3 (below 2^53:
             * converted as signed, which vectorises) */
            int64_t a = (int64_t)(((uint64_t)w0[j] << 21) ^ (w1[j] >> 11));
            int64_t b = (int64_t)(((uint64_t)w2[j] << 21) ^ (w3[j] >> 11));
            double u1 = ((double)a + 0.5) * 0x1p-53, u2 = ((double)b + 0.5) * 0x1p-53;
            o[j] = sqrt(-2.0 * ax_log(u1)) * ax_cos_turns(u2);
        }
    }
}

double ax_rng_exponential(ax_rng *r)
{
    return -log(ax_rng_uniform(r));
}

/*
 * Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3):363-372.  For a >= 1: with d = a - 1/3 and
 * c = 1/sqrt(9d), v = (1 + c x)^3 for a standard normal x is accepted with
 * the squeeze u < 1 - 0.0331 x^4 or the exact test
 * log u < x^2/2 + d (1 - v + log v), and then d v ~ Gamma(a) exactly (an
 * attempt fails with probability below 5 % for every a >= 1).  For a < 1
 * their boost G(a) = G(a + 1) U^(1/a), exact as well; U^(1/a) is computed
 * as exp(log(U) / a), which underflows to 0 only for tiny a (where 0 is
 * within 1e-300 of the true value).
 */
double ax_rng_gamma(ax_rng *r, double a)
{
    double boost = 1.0;
    if (a < 1.0) {
        boost = exp(log(ax_rng_uniform(r)) / a);
        a += 1.0;
    }
    double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = ax_rng_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = ax_rng_uniform(r), x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2 || log(u) < 0.5 * x2 + d * (1.0 - v + log(v)))
            return d * v * boost;
    }
}

/* Poisson by sequential inversion: fine for small means. */
static uint64_t poisson_inversion(ax_rng *r, double lambda)
{
    double u = ax_rng_uniform(r);
    double p = exp(-lambda), f = p;
    uint64_t k = 0;
    while (u > f && k < 1000) {
        k++;
        p *= lambda / (double)k;
        f += p;
    }
    return k;
}

/* Hormann (1993), "The transformed rejection method for generating Poisson
 * random variables", algorithm PTRS, as in numpy's legacy generator. */
static uint64_t poisson_ptrs(ax_rng *r, double lambda)
{
    double slam = sqrt(lambda), loglam = log(lambda);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double U = ax_rng_uniform(r) - 0.5;
        double V = ax_rng_uniform(r);
        double us = 0.5 - fabs(U);
        double k = floor((2.0 * a / us + b) * U + lambda + 0.43);
        if (us >= 0.07 && V <= vr)
            return (uint64_t)k;
        if (k < 0.0 || (us < 0.013 && V > us))
            continue;
        if (log(V) + log(invalpha) - log(a / (us * us) + b) <=
            -lambda + k * loglam - lgamma(k + 1.0))
            return (uint64_t)k;
    }
}

uint64_t ax_rng_poisson(ax_rng *r, double lambda)
{
    if (!(lambda > 0.0))
        return 0;
    return lambda < 10.0 ? poisson_inversion(r, lambda) : poisson_ptrs(r, lambda);
}

int64_t ax_rng_geometric(ax_rng *r, double p)
{
    if (p >= 1.0)
        return 1;
    /* P(K > k) = (1-p)^k  =>  K = 1 + floor(log(u) / log(1-p)). */
    double k = 1.0 + floor(log(ax_rng_uniform(r)) / log1p(-p));
    return k < 0x1p62 ? (int64_t)k : (int64_t)1 << 62;
}

int ax_poisson_table_init(ax_poisson_table *t, double lambda)
{
    t->lambda = lambda;
    t->threshold = NULL;
    t->n = 0;
    /* Terms beyond lambda + 12 sqrt(lambda) + 40 carry less than 2^-33. */
    uint32_t cap = (uint32_t)(lambda + 12.0 * sqrt(lambda) + 40.0);
    t->threshold = malloc(sizeof *t->threshold * cap);
    if (!t->threshold)
        return -1;
    double f = 0.0, loglam = lambda > 0.0 ? log(lambda) : 0.0;
    uint32_t k = 0;
    for (; k < cap; k++) {
        double logp = lambda > 0.0 ? -lambda + k * loglam - lgamma(k + 1.0) : (k ? -INFINITY : 0.0);
        f += exp(logp);
        double th = ceil(f * 0x1p32 - 0.5);
        if (th >= 0x1p32 || k == cap - 1) {
            t->threshold[k++] = (uint64_t)1 << 32;
            break;
        }
        t->threshold[k] = th > 0.0 ? (uint64_t)th : 0;
    }
    t->n = k;
    /* guide[g] = smallest k that can answer a word whose top byte is g. */
    uint32_t j = 0;
    for (uint32_t g = 0; g < 256; g++) {
        uint64_t lowest = (uint64_t)g << 24;
        while (t->threshold[j] <= lowest)
            j++;
        t->guide[g] = j;
    }
    return 0;
}

void ax_poisson_table_free(ax_poisson_table *t)
{
    free(t->threshold);
    t->threshold = NULL;
    t->n = 0;
}
