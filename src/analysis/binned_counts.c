/*
 * binned_counts.c - spike counts in whole bins, kept sparse: what the
 * correlation matrix, the sampled pairs and the synchrony measure share.
 *
 * Bin k is [t_start + k bin, t_start + (k + 1) bin), the last whole bin
 * closed on the right: numpy.histogram with the edges t_start + k * bin, so
 * that the Python tests can bin with numpy and compare counts exactly.
 * Only whole bins count (a last partial bin would hold fewer expected
 * spikes than the others and bias every variance); the 1e-9 tolerance
 * keeps a bin that the rounding of (t_stop - t_start) / bin cut short.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "analysis/analysis.h"

/* More bins than this would not fit the dense arrays of synchrony. */
#define MAX_BINS ((double)(1ull << 32))

static double edge(double t_start, double bin_ms, size_t k)
{
    return t_start + (double)k * bin_ms;
}

/* The bin of t, or n_bins when t is after the last whole bin (shared with
 * the streaming accumulator, stream.c). */
size_t ax_whole_bin_of(double t, double t_start, double bin_ms, size_t n_bins)
{
    if (t > edge(t_start, bin_ms, n_bins))
        return n_bins;
    double x = (t - t_start) / bin_ms;
    size_t k = x >= (double)n_bins ? n_bins - 1 : (size_t)x;
    /* the quotient may round across an edge: settle on the edges themselves */
    while (k > 0 && t < edge(t_start, bin_ms, k))
        k--;
    while (k + 1 < n_bins && t >= edge(t_start, bin_ms, k + 1))
        k++;
    return k;
}

double ax_whole_bins(double t_start, double t_stop, double bin_ms)
{
    return floor((t_stop - t_start) / bin_ms + 1e-9);
}

void ax_binned_counts_free(ax_binned_counts *b)
{
    free(b->row);
    free(b->bin);
    free(b->count);
    free(b->sum);
    free(b->sum_sq);
    b->row = b->bin = NULL;
    b->count = b->sum = b->sum_sq = NULL;
}

ax_status ax_binned_counts_make(const ax_spike_trains *trains, const size_t *which, size_t n, double bin_ms,
                                const char *caller, ax_binned_counts *out, ax_error *err)
{
    if (!out)
        return ax_error_null(err, caller, "out");
    *out = (ax_binned_counts){0};
    ax_status st = ax_spike_trains_check(trains, caller, err);
    if (st != AX_OK)
        return st;
    if (!which)
        n = trains->n_trains;
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: no trains (n_trains = 0, or n = 0): at least 1 is needed",
                                caller);
    for (size_t a = 0; which && a < n; a++)
        if (which[a] >= trains->n_trains)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: which[%zu] = %zu is not a train of the view (it has %zu)", caller, a,
                                    which[a], trains->n_trains);
    if (!isfinite(bin_ms) || !(bin_ms > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: bin_ms = %g is not allowed: finite and > 0", caller,
                                bin_ms);
    double whole = ax_whole_bins(trains->t_start, trains->t_stop, bin_ms);
    if (!(whole >= 2) || whole > MAX_BINS)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: bin_ms = %g ms gives %.0f whole bins in the interval [%g, %g] ms: from 2 to "
                                "2^32 are needed", caller, bin_ms, whole, trains->t_start, trains->t_stop);
    size_t n_bins = (size_t)whole, spikes = 0;
    for (size_t a = 0; a < n; a++) {
        size_t k = which ? which[a] : a;
        spikes += trains->offsets[k + 1] - trains->offsets[k];
    }
    out->n_trains = n;
    out->n_bins = n_bins;
    out->row = malloc((n + 1) * sizeof *out->row);
    out->bin = malloc((spikes ? spikes : 1) * sizeof *out->bin);
    out->count = malloc((spikes ? spikes : 1) * sizeof *out->count);
    out->sum = calloc(n, sizeof *out->sum);
    out->sum_sq = calloc(n, sizeof *out->sum_sq);
    if (!out->row || !out->bin || !out->count || !out->sum || !out->sum_sq) {
        ax_binned_counts_free(out);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory binning %zu spikes of %zu trains", caller,
                                spikes, n);
    }
    size_t used = 0;
    for (size_t a = 0; a < n; a++) {
        size_t k = which ? which[a] : a;
        out->row[a] = used;
        for (size_t s = trains->offsets[k]; s < trains->offsets[k + 1]; s++) {
            size_t b = ax_whole_bin_of(trains->times_ms[s], trains->t_start, bin_ms, n_bins);
            if (b == n_bins)
                break;   /* sorted: the rest are after the last whole bin too */
            if (used > out->row[a] && out->bin[used - 1] == b)
                out->count[used - 1] += 1.0;
            else
                out->bin[used] = b, out->count[used++] = 1.0;
        }
        for (size_t e = out->row[a]; e < used; e++) {
            out->sum[a] += out->count[e];
            out->sum_sq[a] += out->count[e] * out->count[e];
        }
    }
    out->row[n] = used;
    ax_error_ok(err);
    return AX_OK;
}

double ax_binned_counts_pearson(const ax_binned_counts *b, size_t x, size_t y, double dot)
{
    /* n^2 cov and n^2 var from integer sums: exact while n * sum_sq < 2^53 */
    double n = (double)b->n_bins;
    double vx = n * b->sum_sq[x] - b->sum[x] * b->sum[x];
    double vy = n * b->sum_sq[y] - b->sum[y] * b->sum[y];
    if (!(vx > 0) || !(vy > 0))
        return NAN;
    double r = (n * dot - b->sum[x] * b->sum[y]) / sqrt(vx * vy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
}
