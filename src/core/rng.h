/*
 * rng.h - counter-based random numbers.
 *
 * Every random number in axon is a pure function of
 *     (seed, purpose, id, block)
 * computed by Philox4x32-10 (Salmon et al. 2011, Random123): the key is the
 * 64-bit seed, the 128-bit counter is (id, block low, block high, purpose).
 * One call yields four 32-bit words.  `purpose` says what the numbers are
 * for (connectivity of projection 3, weights of projection 3, the noise of
 * input 7, ...) and `id` which neuron or synapse row they belong to, so a
 * draw never depends on which thread makes it or in which order.
 *
 * An ax_rng is a small cursor over the blocks of one (seed, purpose, id)
 * stream; it lives on the stack of whoever draws.
 */
#ifndef AX_RNG_H
#define AX_RNG_H

#include <Random123/philox.h>
#include <stdint.h>

enum ax_rng_kind {
    AX_RNG_CONNECT = 1,   /* which pairs are connected; object = projection */
    AX_RNG_WEIGHT = 2,    /* synaptic weights; object = projection */
    AX_RNG_DELAY = 3,     /* synaptic delays; object = projection */
    AX_RNG_VALUE = 4,     /* parameters and initial state; object = population */
    AX_RNG_SOURCE = 5,    /* spike generators; object = AX_SOURCE_*, id = global id */
    AX_RNG_DRIVE = 6,     /* Poisson input drives; object = input */
    AX_RNG_NOISE = 7,     /* noise currents; object = input */
    AX_RNG_DRIVE_LARGE = 8,/* Poisson drives with large means (rejection sampler) */
    AX_RNG_SPACE = 9,     /* random positions; object = population, id = neuron index */
    AX_RNG_RELEASE = 10,  /* stochastic release; object = projection, id = source,
                             block = spike step ^ (row position / 4) << 40 */
    AX_RNG_HOPFIELD = 11, /* Hopfield networks (no network object); object = AX_HOPFIELD_*
                             (src/attractor/attractor.h) */
    AX_RNG_EQUATION_NOISE = 12 /* white noise of equation models; object = the noise term
                             (rand() calls: 1024 + the call), id = global id, block = step */
};

/* The objects of AX_RNG_SOURCE: a stream family per generator model, so
 * that neuron i of one model never replays the numbers another model drew
 * for neuron i (when a file's population changes its model, say). */
enum ax_source_stream {
    AX_SOURCE_POISSON = 0,
    AX_SOURCE_GAMMA = 1,
    AX_SOURCE_POISSON_REFRACTORY = 2
};

/* Objects per kind are limited to 2^24 (16.7 million). */
#define AX_RNG_MAX_OBJECTS (1u << 24)

static inline uint32_t ax_purpose(uint32_t kind, uint32_t object)
{
    return kind << 24 | (object & 0xffffffu);
}

/* The four words of one block. */
static inline philox4x32_ctr_t ax_rng_block(uint64_t seed, uint32_t purpose, uint32_t id,
                                            uint64_t block)
{
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t c = {{id, (uint32_t)block, (uint32_t)(block >> 32), purpose}};
    return philox4x32(c, k);
}

typedef struct ax_rng {
    philox4x32_key_t key;
    philox4x32_ctr_t ctr;   /* the next block to compute */
    philox4x32_ctr_t buf;   /* words of the current block */
    unsigned used;          /* words of buf already handed out */
    int has_spare;          /* Box-Muller makes two normals; the second is kept */
    double spare;
} ax_rng;

static inline void ax_rng_init(ax_rng *r, uint64_t seed, uint32_t purpose, uint32_t id,
                               uint64_t first_block)
{
    r->key.v[0] = (uint32_t)seed;
    r->key.v[1] = (uint32_t)(seed >> 32);
    r->ctr.v[0] = id;
    r->ctr.v[1] = (uint32_t)first_block;
    r->ctr.v[2] = (uint32_t)(first_block >> 32);
    r->ctr.v[3] = purpose;
    r->used = 4;
    r->has_spare = 0;
    r->spare = 0.0;
}

static inline uint32_t ax_rng_u32(ax_rng *r)
{
    if (r->used == 4) {
        r->buf = philox4x32(r->ctr, r->key);
        if (++r->ctr.v[1] == 0)
            ++r->ctr.v[2];
        r->used = 0;
    }
    return r->buf.v[r->used++];
}

/* A 32-bit word as a uniform number in (0, 1): never 0, never 1. */
static inline double ax_u01_from32(uint32_t x)
{
    return ((double)x + 0.5) * 0x1p-32;
}

/* Uniform in (0, 1) with 53 random bits. */
static inline double ax_rng_uniform(ax_rng *r)
{
    uint64_t hi = ax_rng_u32(r), lo = ax_rng_u32(r);
    uint64_t x = (hi << 21) ^ (lo >> 11);          /* 53 bits */
    return ((double)x + 0.5) * 0x1p-53;
}

/* Uniform integer in [0, n), n >= 1, without bias (Lemire 2019). */
uint32_t ax_rng_below(ax_rng *r, uint32_t n);
uint64_t ax_rng_below64(ax_rng *r, uint64_t n);

/* Standard normal (Box-Muller). */
double ax_rng_normal(ax_rng *r);

/* Standard normals for many ids at once, one each: out[j] for id ids[j]
 * (ids NULL: id0 + j), j < n, from the first block of the stream
 * (seed, purpose, id, block) - the uniforms of ax_rng_normal's first draw
 * after ax_rng_init(seed, purpose, id, block), by Box-Muller's cosine
 * branch with core/vmath.h's ax_log and ax_cos_turns instead of libm's log
 * and cos, so that the loop vectorises.  Each value depends on its id
 * alone, not on n or its place: any split of the ids over threads gives
 * the same bits. */
void ax_rng_normals(uint64_t seed, uint32_t purpose, const uint32_t *ids, uint32_t id0, uint32_t n, uint64_t block,
                    double *out);

/* Exponential with mean 1. */
double ax_rng_exponential(ax_rng *r);

/* Gamma with shape a > 0 and scale 1 (mean a, variance a), exact for any
 * a (Marsaglia & Tsang 2000).  Reads a variable number of words: about 8
 * for a >= 1, 2 more for a < 1.  Reading more than 2^20 blocks (4 Mi
 * words) has a probability below 1e-10000, so callers that start their
 * draws 2^20 blocks apart (AX_RNG_GAMMA_BLOCKS) never read a word twice. */
double ax_rng_gamma(ax_rng *r, double a);
#define AX_RNG_GAMMA_BLOCKS ((uint64_t)1 << 20)

/* Poisson with mean lambda >= 0, any size (inversion below 10, PTRS above). */
uint64_t ax_rng_poisson(ax_rng *r, double lambda);

/* Geometric on {1, 2, ...}: trials up to and including the first success of
 * probability p (0 < p <= 1).  Saturates at 2^62. */
int64_t ax_rng_geometric(ax_rng *r, double p);

/*
 * Poisson draws from one 32-bit word by table inversion, for the hot path
 * of Poisson input drives: the smallest k with u <= F(k), found from a guide
 * table in about one comparison.  F is quantised to 2^-32, a bias below
 * 2.3e-10 per draw.  Built for means up to AX_POISSON_TABLE_MAX.
 */
#define AX_POISSON_TABLE_MAX 2000.0

typedef struct ax_poisson_table {
    double lambda;
    uint32_t n;              /* entries in threshold */
    uint64_t *threshold;     /* k is the answer when u32 < threshold[k]; last = 2^32 */
    uint32_t guide[256];     /* first candidate k for each top byte of u32 */
} ax_poisson_table;

/* Returns 0, or -1 when out of memory. */
int ax_poisson_table_init(ax_poisson_table *t, double lambda);
void ax_poisson_table_free(ax_poisson_table *t);

static inline uint32_t ax_poisson_table_draw(const ax_poisson_table *t, uint32_t u)
{
    uint32_t k = t->guide[u >> 24];
    while (u >= t->threshold[k])
        k++;
    return k;
}

#endif
