/*
 * correlation_pairs.c - Pearson's r of binned counts for a random sample of
 * pairs of trains (ax_spike_trains_correlation_pairs), for populations
 * whose whole matrix would be too large.
 *
 * The pairs are drawn by Floyd's algorithm (Bentley & Floyd 1987): n_pairs
 * distinct indices of the n (n - 1) / 2 pairs i < j, each subset equally
 * likely, from one counter-based stream of the seed - sequential, so the
 * sample never depends on threads.  Each pair's r then merges the two
 * trains' sparse counts, independently of the others.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "analysis/analysis.h"
#include "core/rng.h"

static const char *CALL = "ax_spike_trains_correlation_pairs";

/* The stream of this call: a kind of its own (analysis, 0x41) so that a
 * seed shared with a network does not replay the network's numbers. */
#define PAIRS_PURPOSE ((uint32_t)0x41 << 24 | 1u)

/* A set of pair indices: open addressing, EMPTY marks a free slot. */
#define EMPTY UINT64_MAX

static int set_insert(uint64_t *slot, uint64_t mask, uint64_t key)
{
    uint64_t h = (key * 0x9e3779b97f4a7c15ull) & mask;
    while (slot[h] != EMPTY) {
        if (slot[h] == key)
            return 0;
        h = (h + 1) & mask;
    }
    slot[h] = key;
    return 1;
}

static int by_value(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Pairs before row i: i (2n - i - 1) / 2. */
static uint64_t row_start(uint64_t n, uint64_t i)
{
    return i * (2 * n - i - 1) / 2;
}

/* Pair index p -> (i, j), i < j, rows of the upper triangle in order. */
static void pair_of(uint64_t n, uint64_t p, size_t *i, size_t *j)
{
    double b = 2.0 * (double)n - 1.0, est = floor((b - sqrt(b * b - 8.0 * (double)p)) / 2);
    uint64_t r = est < 0 ? 0 : est > (double)(n - 2) ? n - 2 : (uint64_t)est;
    while (r > 0 && row_start(n, r) > p)
        r--;
    while (r + 2 < n && row_start(n, r + 1) <= p)
        r++;
    *i = (size_t)r;
    *j = (size_t)(r + 1 + (p - row_start(n, r)));
}

/* Sum of c_x c_y over the bins both have. */
static double merged_dot(const ax_binned_counts *bc, size_t x, size_t y)
{
    size_t e = bc->row[x], f = bc->row[y];
    double s = 0;
    while (e < bc->row[x + 1] && f < bc->row[y + 1]) {
        if (bc->bin[e] < bc->bin[f])
            e++;
        else if (bc->bin[f] < bc->bin[e])
            f++;
        else
            s += bc->count[e++] * bc->count[f++];
    }
    return s;
}

ax_status ax_spike_trains_correlation_pairs(const ax_spike_trains *trains, double bin_ms, size_t n_pairs,
                                            uint64_t seed, size_t *i, size_t *j, double *r, ax_error *err)
{
    if (!i)
        return ax_error_null(err, CALL, "i");
    if (!j)
        return ax_error_null(err, CALL, "j");
    if (!r)
        return ax_error_null(err, CALL, "r");
    ax_status st = ax_spike_trains_check(trains, CALL, err);
    if (st != AX_OK)
        return st;
    uint64_t n = trains->n_trains;
    if (n > (1ull << 31))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %zu trains: at most 2^31 are allowed", CALL,
                                trains->n_trains);
    uint64_t all = n < 2 ? 0 : n * (n - 1) / 2;
    if (n_pairs == 0 || n_pairs > all)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: n_pairs = %zu is not allowed: from 1 to the %llu pairs of the %zu trains", CALL,
                                n_pairs, (unsigned long long)all, trains->n_trains);
    ax_binned_counts bc;
    st = ax_binned_counts_make(trains, NULL, 0, bin_ms, CALL, &bc, err);
    if (st != AX_OK)
        return st;
    uint64_t cap = 2;
    while (cap < 2 * (uint64_t)n_pairs)
        cap *= 2;
    uint64_t *slot = malloc(cap * sizeof *slot), *chosen = malloc(n_pairs * sizeof *chosen);
    if (!slot || !chosen) {
        free(slot), free(chosen);
        ax_binned_counts_free(&bc);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu pairs", CALL, n_pairs);
    }
    for (uint64_t s = 0; s < cap; s++)
        slot[s] = EMPTY;
    ax_rng rng;
    ax_rng_init(&rng, seed, PAIRS_PURPOSE, 0, 0);
    size_t got = 0;
    for (uint64_t k = all - n_pairs; k < all; k++) {
        uint64_t t = ax_rng_below64(&rng, k + 1);
        chosen[got++] = set_insert(slot, cap - 1, t) ? t : (set_insert(slot, cap - 1, k), k);
    }
    qsort(chosen, n_pairs, sizeof *chosen, by_value);
#pragma omp parallel for schedule(dynamic, 64)
    for (size_t p = 0; p < n_pairs; p++) {
        pair_of(n, chosen[p], &i[p], &j[p]);
        r[p] = ax_binned_counts_pearson(&bc, i[p], j[p], merged_dot(&bc, i[p], j[p]));
    }
    free(slot), free(chosen);
    ax_binned_counts_free(&bc);
    ax_error_ok(err);
    return AX_OK;
}
