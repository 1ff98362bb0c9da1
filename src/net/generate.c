/*
 * generate.c - the connectors: which (source, target) pairs a projection
 * has.  See generate.h for the contract.
 *
 * Sampling methods
 *   fixed_probability  per target: geometric skips between chosen sources
 *                      (one draw per synapse) when p < 1/4, else one 32-bit
 *                      Bernoulli draw per candidate source.
 *   fixed_indegree     per target: n distinct sources by Floyd's algorithm
 *   fixed_outdegree    (Bentley & Floyd 1987, one draw per synapse) with a
 *                      bitmap, or n draws with repetition; then sorted.
 *   fixed_total        with repetition (NEST's fixed_total_number with
 *                      multapses): the number of synapses of each target
 *                      is multinomial, n draws of a uniform target counted
 *                      in parallel chunks; then each target draws that many
 *                      sources from its own stream.  Distinct pairs: n pair
 *                      indices by rejection from a hash set, sorted.
 *   from_list          the given pairs, sorted by target, source, position.
 *   distance           per target: the sources in the cells within reach
 *                      (net/distance.c), one draw per candidate; with
 *                      fixed_indegree, the n smallest keys -log(u) / w
 *                      (distinct), or n draws by the cumulative weights.
 */
#include "net/generate.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

void ax_gen_scratch_free(ax_gen_scratch *s)
{
    free(s->bits);
    free(s->buf);
    free(s->tmp);
    free(s->val);
    free(s->pos);
    memset(s, 0, sizeof *s);
}

static int scratch_reserve(ax_gen_scratch *s, size_t n_values, uint64_t n_bits)
{
    size_t words = (size_t)((n_bits + 63) / 64);
    if (words > s->n_words) {
        uint64_t *b = realloc(s->bits, words * sizeof *b);
        if (!b)
            return -1;
        memset(b + s->n_words, 0, (words - s->n_words) * sizeof *b);
        s->bits = b;
        s->n_words = words;
    }
    if (n_values > s->cap) {
        uint32_t *a = realloc(s->buf, n_values * sizeof *a);
        if (!a)
            return -1;
        s->buf = a;
        uint32_t *t = realloc(s->tmp, n_values * sizeof *t);
        if (!t)
            return -1;
        s->tmp = t;
        s->cap = n_values;
    }
    return 0;
}

/* LSD radix sort of n 32-bit keys, 8 bits per pass. */
void ax_radix_sort(uint32_t *a, uint32_t *tmp, size_t n)
{
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[257] = {0};
        for (size_t k = 0; k < n; k++)
            count[((a[k] >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t k = 0; k < n; k++)
            tmp[count[(a[k] >> shift) & 0xff]++] = a[k];
        memcpy(a, tmp, n * sizeof *a);
    }
}

/* n values from [0, range) into s->buf, sorted: distinct (Floyd) unless
 * `repeat`.  Needs n <= range when distinct. */
static void choose(ax_rng *r, uint32_t range, uint32_t n, int repeat, ax_gen_scratch *s)
{
    uint32_t *buf = s->buf;
    if (repeat) {
        for (uint32_t m = 0; m < n; m++)
            buf[m] = ax_rng_below(r, range);
        ax_radix_sort(buf, s->tmp, n);
        return;
    }
    uint64_t *bits = s->bits;
    uint32_t m = 0;
    for (uint32_t t = range - n; t < range; t++) {
        uint32_t x = ax_rng_below(r, t + 1);
        if (bits[x >> 6] >> (x & 63) & 1)
            x = t;
        bits[x >> 6] |= (uint64_t)1 << (x & 63);
        buf[m++] = x;
    }
    if ((uint64_t)range / 64 <= 4 * (uint64_t)n) {
        /* dense: read the set back from the bitmap, in order, clearing it */
        m = 0;
        for (size_t w = 0; w <= (range - 1) / 64; w++) {
            uint64_t word = bits[w];
            bits[w] = 0;
            while (word) {
                buf[m++] = (uint32_t)(w * 64 + (unsigned)__builtin_ctzll(word));
                word &= word - 1;
            }
        }
    } else {
        for (uint32_t k = 0; k < n; k++)
            bits[buf[k] >> 6] = 0;
        ax_radix_sort(buf, s->tmp, n);
    }
}

static int same_pop_no_self(const ax_projection_data *p)
{
    return p->from == p->to && !p->conn.allow_self;
}

static int gen_probability(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te, ax_visit_fn visit,
                           void *ctx)
{
    uint32_t nf = net->pops[p->from]->size;
    int no_self = same_pop_no_self(p);
    double prob = p->conn.p;
    uint32_t purpose = ax_purpose(AX_RNG_CONNECT, p->index);
    uint64_t threshold = (uint64_t)(prob * 0x1p32);
    for (uint32_t j = tb; j < te; j++) {
        ax_rng r;
        ax_rng_init(&r, net->seed, purpose, j, 0);
        uint64_t m = 0;
        if (prob >= 1.0) {
            for (uint32_t i = 0; i < nf; i++)
                if (!(no_self && i == j))
                    visit(ctx, i, j, j, m++, 0, NULL);
        } else if (prob >= 0.25) {
            for (uint32_t i = 0; i < nf; i++)
                if (ax_rng_u32(&r) < threshold && !(no_self && i == j))
                    visit(ctx, i, j, j, m++, 0, NULL);
        } else if (prob > 0.0) {
            uint32_t range = nf - (uint32_t)no_self;
            for (int64_t x = -1;;) {
                x += ax_rng_geometric(&r, prob);
                if (x >= (int64_t)range)
                    break;
                uint32_t i = (uint32_t)x + (no_self && (uint32_t)x >= j);
                visit(ctx, i, j, j, m++, 0, NULL);
            }
        }
    }
    return 0;
}

static int gen_indegree(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te, ax_gen_scratch *s,
                        ax_visit_fn visit, void *ctx)
{
    uint32_t nf = net->pops[p->from]->size;
    int no_self = same_pop_no_self(p);
    uint32_t range = nf - (uint32_t)no_self, n = (uint32_t)p->conn.n;
    if (n == 0)
        return 0;
    if (scratch_reserve(s, n, range))
        return -1;
    for (uint32_t j = tb; j < te; j++) {
        ax_rng r;
        ax_rng_init(&r, net->seed, ax_purpose(AX_RNG_CONNECT, p->index), j, 0);
        choose(&r, range, n, p->conn.allow_multiple, s);
        for (uint32_t m = 0; m < n; m++) {
            uint32_t i = s->buf[m] + (no_self && s->buf[m] >= j);
            visit(ctx, i, j, j, m, 0, NULL);
        }
    }
    return 0;
}

static int gen_total_repeat(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te,
                            ax_gen_scratch *s, ax_visit_fn visit, void *ctx)
{
    uint32_t nf = net->pops[p->from]->size;
    int no_self = same_pop_no_self(p);
    uint32_t range = nf - (uint32_t)no_self, most = 0;
    for (uint32_t j = tb; j < te; j++)
        most = p->per_target[j] > most ? p->per_target[j] : most;
    if (most == 0)
        return 0;
    if (scratch_reserve(s, most, 0))
        return -1;
    for (uint32_t j = tb; j < te; j++) {
        uint32_t n = p->per_target[j];
        ax_rng r;
        ax_rng_init(&r, net->seed, ax_purpose(AX_RNG_CONNECT, p->index), j, 0);
        choose(&r, range, n, 1, s);
        for (uint32_t m = 0; m < n; m++) {
            uint32_t i = s->buf[m] + (no_self && s->buf[m] >= j);
            visit(ctx, i, j, j, m, 0, NULL);
        }
    }
    return 0;
}

static int gen_outdegree(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te, ax_gen_scratch *s,
                         ax_visit_fn visit, void *ctx)
{
    uint32_t nf = net->pops[p->from]->size, nt = net->pops[p->to]->size;
    int no_self = same_pop_no_self(p);
    uint32_t range = nt - (uint32_t)no_self, n = (uint32_t)p->conn.n;
    if (n == 0 || tb >= te)
        return 0;
    if (scratch_reserve(s, n, range))
        return -1;
    for (uint32_t i = 0; i < nf; i++) {
        ax_rng r;
        ax_rng_init(&r, net->seed, ax_purpose(AX_RNG_CONNECT, p->index), i, 0);
        choose(&r, range, n, p->conn.allow_multiple, s);
        for (uint32_t m = 0; m < n; m++) {
            uint32_t j = s->buf[m] + (no_self && s->buf[m] >= i);
            if (j >= tb && j < te)
                visit(ctx, i, j, i, m, 0, NULL);
        }
    }
    return 0;
}

/* First index k of sorted keys[0..n) with target(keys[k]) >= t. */
static size_t lower_bound(const ax_network *net, const ax_projection_data *p, uint32_t t)
{
    size_t lo = 0, hi = p->n_pairs;
    uint64_t per_target = net->pops[p->from]->size - (uint64_t)same_pop_no_self(p);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint64_t target = p->conn.kind == AX_CONNECTOR_FIXED_TOTAL ? p->pairs[mid] / per_target
                                                          : p->conn.targets[p->pairs[mid]];
        if (target < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int gen_sorted(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te, ax_visit_fn visit,
                      void *ctx)
{
    int no_self = same_pop_no_self(p);
    uint64_t per_target = net->pops[p->from]->size - (uint64_t)no_self;
    uint32_t prev = UINT32_MAX;
    uint64_t m = 0;
    for (size_t k = lower_bound(net, p, tb); k < p->n_pairs; k++) {
        uint32_t i, j;
        uint64_t index = 0;
        if (p->conn.kind == AX_CONNECTOR_FIXED_TOTAL) {
            j = (uint32_t)(p->pairs[k] / per_target);
            uint32_t x = (uint32_t)(p->pairs[k] % per_target);
            i = x + (no_self && x >= j);
        } else {
            index = p->pairs[k];
            i = p->conn.sources[index];
            j = p->conn.targets[index];
        }
        if (j >= te)
            break;
        m = j == prev ? m + 1 : 0;
        prev = j;
        visit(ctx, i, j, j, m, index, NULL);
    }
    return 0;
}

int ax_generate(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te, ax_gen_scratch *s,
                ax_visit_fn visit, void *ctx)
{
    uint32_t nf = net->pops[p->from]->size, nt = net->pops[p->to]->size;
    int no_self = same_pop_no_self(p);
    switch (p->conn.kind) {
    case AX_CONNECTOR_ALL_TO_ALL:
        for (uint32_t j = tb; j < te; j++) {
            uint64_t m = 0;
            for (uint32_t i = 0; i < nf; i++)
                if (!(no_self && i == j))
                    visit(ctx, i, j, j, m++, (uint64_t)i * nt + j, NULL);
        }
        return 0;
    case AX_CONNECTOR_ONE_TO_ONE:
        for (uint32_t j = tb; j < te; j++)
            if (!no_self)
                visit(ctx, j, j, j, 0, j, NULL);
        return 0;
    case AX_CONNECTOR_FIXED_PROBABILITY:
        return gen_probability(net, p, tb, te, visit, ctx);
    case AX_CONNECTOR_FIXED_INDEGREE:
        return gen_indegree(net, p, tb, te, s, visit, ctx);
    case AX_CONNECTOR_FIXED_OUTDEGREE:
        return gen_outdegree(net, p, tb, te, s, visit, ctx);
    case AX_CONNECTOR_FIXED_TOTAL:
        if (p->per_target)
            return gen_total_repeat(net, p, tb, te, s, visit, ctx);
        return gen_sorted(net, p, tb, te, visit, ctx);
    case AX_CONNECTOR_FROM_LIST:
        return gen_sorted(net, p, tb, te, visit, ctx);
    case AX_CONNECTOR_DISTANCE:
        return ax_distance_generate(net, p, tb, te, s, visit, ctx);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Global preparation: fixed_total and from_list                       */
/* ------------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Open-addressing set of 64-bit keys (stored + 1; 0 is empty). */
typedef struct u64_set {
    uint64_t *slot;
    uint64_t mask;
} u64_set;

static int set_insert(u64_set *s, uint64_t key)
{
    uint64_t h = (key + 1) * 0x9E3779B97F4A7C15ull;
    for (uint64_t k = h >> 20;; k++) {
        uint64_t *slot = &s->slot[k & s->mask];
        if (*slot == 0) {
            *slot = key + 1;
            return 1;
        }
        if (*slot == key + 1)
            return 0;
    }
}

/* n distinct values of [0, range) into out (unsorted), by rejection. */
static int distinct_draws(ax_rng *r, uint64_t range, uint64_t n, uint64_t *out)
{
    uint64_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    u64_set set = {calloc(cap, sizeof(uint64_t)), cap - 1};
    if (!set.slot)
        return -1;
    for (uint64_t m = 0; m < n;) {
        uint64_t x = ax_rng_below64(r, range);
        if (set_insert(&set, x))
            out[m++] = x;
    }
    free(set.slot);
    return 0;
}

/* fixed_total with repetition: how many of the n synapses each target
 * gets.  The n target draws come in chunks of AX_TOTAL_CHUNK, chunk c from
 * its own stream, so threads can share them out and the counts (sums of
 * integers) do not depend on how. */
#define AX_TOTAL_CHUNK 65536u

static ax_status prepare_total_repeat(ax_network *net, ax_projection_data *p)
{
    uint32_t nt = net->pops[p->to]->size;
    uint64_t n = p->conn.n, chunks = (n + AX_TOTAL_CHUNK - 1) / AX_TOTAL_CHUNK;
    int T = net->threads;
    p->per_target = ax_alloc_zero(net, nt, sizeof *p->per_target, "fixed_total counts");
    uint32_t *local = ax_alloc_zero(net, (size_t)T * nt, sizeof *local, "fixed_total counts");
    if (!p->per_target || !local) {
        free(local);
        return AX_ERR_MEMORY;
    }
    uint32_t purpose = ax_purpose(AX_RNG_CONNECT, p->index);
#pragma omp parallel for num_threads(T) schedule(static)
    for (uint64_t c = 0; c < chunks; c++) {
        uint32_t *count = local + (size_t)omp_get_thread_num() * nt;
        uint64_t end = (c + 1) * AX_TOTAL_CHUNK < n ? (c + 1) * AX_TOTAL_CHUNK : n;
        ax_rng r;
        /* id UINT32_MAX: no neuron's stream; 2^24 blocks per chunk */
        ax_rng_init(&r, net->seed, purpose, UINT32_MAX, c << 24);
        for (uint64_t m = c * AX_TOTAL_CHUNK; m < end; m++)
            count[ax_rng_below(&r, nt)]++;
    }
    for (int k = 0; k < T; k++)
        for (uint32_t j = 0; j < nt; j++)
            p->per_target[j] += local[(size_t)k * nt + j];
    free(local);
    return AX_OK;
}

static ax_status prepare_total(ax_network *net, ax_projection_data *p)
{
    if (p->conn.allow_multiple)
        return prepare_total_repeat(net, p);
    uint64_t per_target = net->pops[p->from]->size - (uint64_t)same_pop_no_self(p);
    uint64_t range = per_target * net->pops[p->to]->size, n = p->conn.n;
    p->n_pairs = n;
    p->pairs = ax_alloc(net, n, sizeof *p->pairs, "fixed_total pairs");
    if (!p->pairs)
        return AX_ERR_MEMORY;
    ax_rng r;
    ax_rng_init(&r, net->seed, ax_purpose(AX_RNG_CONNECT, p->index), UINT32_MAX, 0);
    int failed = 0;
    if (n <= range / 2) {
        failed = distinct_draws(&r, range, n, p->pairs);
    } else {
        /* more than half the pairs: draw the ones left out, keep the rest */
        uint64_t skip = range - n;
        uint64_t *out = malloc((skip ? skip : 1) * sizeof *out);
        failed = !out || distinct_draws(&r, range, skip, out);
        if (!failed) {
            qsort(out, skip, sizeof *out, cmp_u64);
            uint64_t m = 0, k = 0;
            for (uint64_t x = 0; x < range; x++) {
                if (k < skip && out[k] == x)
                    k++;
                else
                    p->pairs[m++] = x;
            }
        }
        free(out);
    }
    if (failed)
        return ax_fail(net, AX_ERR_MEMORY, "fixed_total: out of memory drawing %llu pairs", (unsigned long long)n);
    qsort(p->pairs, n, sizeof *p->pairs, cmp_u64);
    return AX_OK;
}

/* Order of list entries by (target, source, position), for qsort_r-less C:
 * the key packs target and source; ties keep position via a stable merge. */
typedef struct list_key {
    uint64_t ts;
    uint64_t k;
} list_key;

static int cmp_list(const void *a, const void *b)
{
    const list_key *x = a, *y = b;
    if (x->ts != y->ts)
        return x->ts < y->ts ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

static ax_status prepare_list(ax_network *net, ax_projection_data *p)
{
    size_t n = p->conn.n_pairs;
    p->n_pairs = n;
    if (!n)
        return AX_OK;
    list_key *keys = ax_alloc(net, n, sizeof *keys, "from_list order");
    p->pairs = ax_alloc(net, n, sizeof *p->pairs, "from_list order");
    if (!keys || !p->pairs) {
        free(keys);
        return AX_ERR_MEMORY;
    }
    for (size_t k = 0; k < n; k++)
        keys[k] = (list_key){(uint64_t)p->conn.targets[k] << 32 | p->conn.sources[k], k};
    qsort(keys, n, sizeof *keys, cmp_list);
    for (size_t k = 0; k < n; k++)
        p->pairs[k] = keys[k].k;
    free(keys);
    return AX_OK;
}

ax_status ax_generate_prepare(ax_network *net, ax_projection_data *p)
{
    if (p->conn.kind == AX_CONNECTOR_FIXED_TOTAL)
        return prepare_total(net, p);
    if (p->conn.kind == AX_CONNECTOR_FROM_LIST)
        return prepare_list(net, p);
    if (p->conn.kind == AX_CONNECTOR_DISTANCE)
        return ax_distance_prepare(net, p);
    return AX_OK;
}

void ax_generate_release(ax_projection_data *p)
{
    free(p->per_target);
    p->per_target = NULL;
    free(p->pairs);
    p->pairs = NULL;
    p->n_pairs = 0;
    ax_distance_release(p);
}
