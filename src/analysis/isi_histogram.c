/*
 * isi_histogram.c - the histogram of the inter-spike intervals of all
 * trains pooled.
 */
#include <stdlib.h>

#include "analysis/analysis.h"

ax_status ax_spike_trains_isi_histogram(const ax_spike_trains *trains, double bin_ms, double max_isi_ms,
                                        uint64_t **counts, size_t *n_bins, uint64_t *n_beyond, ax_error *err)
{
    const char *caller = "ax_spike_trains_isi_histogram";
    if (counts)
        *counts = NULL;
    if (n_bins)
        *n_bins = 0;
    ax_status st = ax_analysis_check_trains(trains, caller, err);
    if (st)
        return st;
    if (!counts || !n_bins)
        return ax_error_null(err, caller, !counts ? "counts" : "n_bins");
    if ((st = ax_check_isi_bins(bin_ms, max_isi_ms, caller, err)))
        return st;
    size_t n = ax_bin_count(max_isi_ms, bin_ms, (size_t)1 << 32);
    uint64_t *c = calloc(n, sizeof *c), beyond = 0;
    if (!c)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu bins", caller, n);
    for (size_t k = 0; k < trains->n_trains; k++)
        for (size_t i = trains->offsets[k] + 1; i < trains->offsets[k + 1]; i++) {
            size_t j = ax_bin_of(trains->times_ms[i] - trains->times_ms[i - 1], bin_ms, n, max_isi_ms);
            if (j == SIZE_MAX)
                beyond++;
            else
                c[j]++;
        }
    *counts = c;
    *n_bins = n;
    if (n_beyond)
        *n_beyond = beyond;
    ax_error_ok(err);
    return AX_OK;
}
