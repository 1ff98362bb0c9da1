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

static double dot(const double *x, const double *y, size_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t k = 0;
    for (; k + 4 <= n; k += 4)
        s0 += x[k] * y[k], s1 += x[k + 1] * y[k + 1], s2 += x[k + 2] * y[k + 2], s3 += x[k + 3] * y[k + 3];
    for (; k < n; k++)
        s0 += x[k] * y[k];
    return (s0 + s1) + (s2 + s3);
}

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
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t a0 = 0; a0 < n; a0 += 4) {
        size_t rows = n - a0 < 4 ? n - a0 : 4;
        for (size_t b = a0; b < n; b++) {
            const double *y = c + b * nb;
            if (rows < 4 || b < a0 + 4) {
                for (size_t a = a0; a < a0 + rows; a++)
                    if (b >= a)
                        g[a * n + b] = dot(c + a * nb, y, nb);
                continue;
            }
            const double *x0 = c + a0 * nb, *x1 = x0 + nb, *x2 = x1 + nb, *x3 = x2 + nb;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (size_t k = 0; k < nb; k++)
                s0 += x0[k] * y[k], s1 += x1[k] * y[k], s2 += x2[k] * y[k], s3 += x3[k] * y[k];
            g[a0 * n + b] = s0, g[(a0 + 1) * n + b] = s1, g[(a0 + 2) * n + b] = s2, g[(a0 + 3) * n + b] = s3;
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
        return ax_analysis_null(err, CALL, "r");
    if (which && n == 0)
        return ax_analysis_fail(err, AX_ERR_ARGUMENT, "%s: n = 0 trains chosen by 'which': at least 1 is needed",
                                CALL);
    ax_binned_counts bc;
    ax_status st = ax_binned_counts_make(trains, which, n, bin_ms, CALL, &bc, err);
    if (st != AX_OK)
        return st;
    n = bc.n_trains;
    if ((use_sparse(&bc) ? gram_sparse(&bc, r) : gram_dense(&bc, r)) != 0) {
        ax_binned_counts_free(&bc);
        return ax_analysis_fail(err, AX_ERR_MEMORY, "%s: out of memory for the product of %zu trains x %zu bins",
                                CALL, n, bc.n_bins);
    }
    for (size_t a = 0; a < n; a++) {
        for (size_t b = a + 1; b < n; b++)
            r[b * n + a] = r[a * n + b] = ax_binned_counts_pearson(&bc, a, b, r[a * n + b]);
        r[a * n + a] = isnan(ax_binned_counts_pearson(&bc, a, a, r[a * n + a])) ? NAN : 1.0;
    }
    ax_binned_counts_free(&bc);
    ax_analysis_ok(err);
    return AX_OK;
}
