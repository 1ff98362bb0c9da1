/*
 * correlation_matrix.c - Pearson's r of binned spike counts between every
 * pair of a set of trains (ax_spike_trains_correlation_matrix).
 *
 * r needs, per pair, the sum over bins of the product of the two trains'
 * counts: the Gram matrix of the count vectors, one matrix product after
 * binning once; centring and normalising follow from each train's sum and
 * sum of squares.  The counts are integers, so every sum is exact (below
 * 2^53) whatever the order of its terms: the result is the same for any
 * thread count and for either way of forming the product:
 *   - sparse (spike trains in small bins are mostly zeros): for each bin,
 *     the trains with a spike in it; row a adds c_a c_b over its own bins
 *     only, costing sum over bins of (trains in the bin)^2 / 2;
 *   - dense (large bins, high rates): dot products of the count rows, four
 *     rows at a time so that each row b is read once per four.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "analysis/analysis.h"

static const char *CALL = "ax_spike_trains_correlation_matrix";

/* Gram's upper triangle into g[a * n + b], b >= a, from the bins' lists of trains. */
static int gram_sparse(const ax_binned_counts *bc, double *g)
{
    size_t n = bc->n_trains, nb = bc->n_bins, nnz = bc->row[n];
    size_t *start = calloc(nb + 1, sizeof *start), *pos = malloc((nnz ? nnz : 1) * sizeof *pos);
    size_t *train = malloc((nnz ? nnz : 1) * sizeof *train);
    double *count = malloc((nnz ? nnz : 1) * sizeof *count);
    if (!start || !pos || !train || !count) {
        free(start), free(pos), free(train), free(count);
        return -1;
    }
    for (size_t e = 0; e < nnz; e++)
        start[bc->bin[e] + 1]++;
    for (size_t b = 0; b < nb; b++)
        start[b + 1] += start[b];
    /* trains in increasing order within each bin; pos[e]: where entry e went */
    size_t *fill = start;   /* advanced while filling, restored below */
    for (size_t a = 0; a < n; a++)
        for (size_t e = bc->row[a]; e < bc->row[a + 1]; e++) {
            size_t q = fill[bc->bin[e]]++;
            train[q] = a, count[q] = bc->count[e], pos[e] = q;
        }
    for (size_t b = nb; b > 0; b--)
        start[b] = start[b - 1];
    start[0] = 0;
    for (size_t k = 0; k < n * n; k++)
        g[k] = 0;
#pragma omp parallel for schedule(dynamic, 8)
    for (size_t a = 0; a < n; a++) {
        double *row = g + a * n;
        for (size_t e = bc->row[a]; e < bc->row[a + 1]; e++) {
            double c = bc->count[e];
            for (size_t q = pos[e]; q < start[bc->bin[e] + 1]; q++)
                row[train[q]] += c * count[q];
        }
    }
    free(start), free(pos), free(train), free(count);
    return 0;
}

/* Dot product over LANES partial sums, which the compiler keeps in vector
 * registers (the sums are of integers, exact: the grouping changes nothing). */
#define LANES 8

static double dot(const double *x, const double *y, size_t n)
{
    double p[LANES] = {0}, s = 0;
    size_t k = 0;
    for (; k + LANES <= n; k += LANES)
        for (size_t l = 0; l < LANES; l++)
            p[l] += x[k + l] * y[k + l];
    for (; k < n; k++)
        s += x[k] * y[k];
    for (size_t l = 0; l < LANES; l++)
        s += p[l];
    return s;
}

/* Blocks: ROWS rows of a (in L2) against a CHUNK of bins of each row b (in
 * L1), so that the rows b stream from memory once per ROWS rows of a. */
#define ROWS 32
#define CHUNK 1024

/* Gram's upper triangle from dense count rows. */
static int gram_dense(const ax_binned_counts *bc, double *g)
{
    size_t n = bc->n_trains, nb = bc->n_bins;
    double *c = calloc(n * nb, sizeof *c);
    if (!c)
        return -1;
    for (size_t a = 0; a < n; a++)
        for (size_t e = bc->row[a]; e < bc->row[a + 1]; e++)
            c[a * nb + bc->bin[e]] = bc->count[e];
    for (size_t k = 0; k < n * n; k++)
        g[k] = 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t a0 = 0; a0 < n; a0 += ROWS) {
        size_t a1 = n - a0 < ROWS ? n : a0 + ROWS;
        for (size_t k0 = 0; k0 < nb; k0 += CHUNK) {
            size_t len = nb - k0 < CHUNK ? nb - k0 : CHUNK;
            for (size_t b = a0; b < n; b++)
                for (size_t a = a0; a < a1 && a <= b; a++)
                    g[a * n + b] += dot(c + a * nb + k0, c + b * nb + k0, len);
        }
    }
    free(c);
    return 0;
}

/* Which product is cheaper: the sparse one costs about the pairs of trains
 * that share a bin (with an indirect write each), the dense one every pair
 * of trains times every bin (streamed). */
static int use_sparse(const ax_binned_counts *bc)
{
    size_t n = bc->n_trains, nb = bc->n_bins;
    double dense = (double)n * (double)n * (double)nb / 2;
    if ((double)n * (double)nb * sizeof(double) > 4e9)   /* the dense rows would not fit */
        return 1;
    size_t *in_bin = calloc(nb, sizeof *in_bin);
    if (!in_bin)
        return 1;
    for (size_t e = 0; e < bc->row[n]; e++)
        in_bin[bc->bin[e]]++;
    double sparse = 0;
    for (size_t b = 0; b < nb; b++)
        sparse += (double)in_bin[b] * (double)(in_bin[b] + 1) / 2;
    free(in_bin);
    return sparse * 8 < dense;
}

ax_status ax_spike_trains_correlation_matrix(const ax_spike_trains *trains, const size_t *which, size_t n,
                                             double bin_ms, double *r, ax_error *err)
{
    if (!r)
        return ax_error_null(err, CALL, "r");
    if (which && n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = 0 trains chosen by 'which': at least 1 is needed",
                                CALL);
    size_t chosen = which ? n : trains ? trains->n_trains : 0;
    if (chosen > ((size_t)1 << 28))
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: %zu trains make a matrix of %zu^2 values: at most 2^28 trains are allowed "
                                "(ax_spike_trains_correlation_pairs samples pairs of more)", CALL, chosen, chosen);
    ax_binned_counts bc;
    ax_status st = ax_binned_counts_make(trains, which, n, bin_ms, CALL, &bc, err);
    if (st != AX_OK)
        return st;
    n = bc.n_trains;
    if ((use_sparse(&bc) ? gram_sparse(&bc, r) : gram_dense(&bc, r)) != 0) {
        ax_binned_counts_free(&bc);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the product of %zu trains x %zu bins",
                                CALL, n, bc.n_bins);
    }
    for (size_t a = 0; a < n; a++) {
        for (size_t b = a + 1; b < n; b++)
            r[b * n + a] = r[a * n + b] = ax_binned_counts_pearson(&bc, a, b, r[a * n + b]);
        r[a * n + a] = isnan(ax_binned_counts_pearson(&bc, a, a, r[a * n + a])) ? NAN : 1.0;
    }
    ax_binned_counts_free(&bc);
    ax_error_ok(err);
    return AX_OK;
}
