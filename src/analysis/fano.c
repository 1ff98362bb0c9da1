/*
 * fano.c - the Fano factor of spike counts in windows, per train and pooled.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

/* The counts of one train in the W windows (bins of ax_bin_of up to `end`;
 * with !covers the spikes from W window_ms on are left out). */
static void count_windows(const ax_spike_trains *s, size_t k, double window_ms, size_t W, double end, bool covers,
                          uint64_t *c)
{
    for (size_t w = 0; w < W; w++)
        c[w] = 0;
    for (size_t i = s->offsets[k]; i < s->offsets[k + 1]; i++) {
        double x = s->times_ms[i] - s->t_start;
        if (!covers && x >= end)
            continue;   /* the part left over after the last whole window */
        c[ax_bin_of(x, window_ms, W, end)]++;
    }
}

/* Sum of (c_w - mean)^2 over one train's counts. */
static double squares(const uint64_t *c, size_t W, double mean)
{
    double ss = 0;
    for (size_t w = 0; w < W; w++) {
        double d = (double)c[w] - mean;
        ss += d * d;
    }
    return ss;
}

/* One train's counts at a time (memory O(W), not O(n_trains W)): the pooled
 * mean comes first from the total count, then each train adds its squares. */
ax_status ax_spike_trains_fano_factor(const ax_spike_trains *trains, double window_ms, double *fano, double *pooled,
                                      ax_error *err)
{
    const char *caller = "ax_spike_trains_fano_factor";
    ax_status st = ax_analysis_check_trains(trains, caller, err);
    if (st)
        return st;
    if (!fano)
        return ax_analysis_null(err, caller, "fano");
    double span = trains->t_stop - trains->t_start;
    double q = span / window_ms, r = nearbyint(q);
    bool covers = isfinite(q) && fabs(q - r) <= 1e-9;   /* the windows reach t_stop */
    double windows = covers ? r : floor(q);
    if (!(isfinite(window_ms) && window_ms > 0) || !(windows >= 2))
        return ax_analysis_fail(err, AX_ERR_ARGUMENT, "%s: window_ms = %g is not allowed: a finite width > 0 that "
                                "fits at least twice in the interval of %g ms", caller, window_ms, span);
    if (windows > 1e9)
        return ax_analysis_fail(err, AX_ERR_ARGUMENT, "%s: window_ms = %g makes %.0f windows, more than 1e9", caller,
                                window_ms, windows);
    size_t W = (size_t)windows, n = trains->n_trains;
    double end = covers ? span : (double)W * window_ms;
    uint64_t *c = malloc(W * sizeof *c);
    if (!c)
        return ax_analysis_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu window counts", caller, W);
    uint64_t counted = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = trains->offsets[k]; i < trains->offsets[k + 1]; i++)
            counted += covers || trains->times_ms[i] - trains->t_start < end;
    double pooled_mean = (double)counted / ((double)n * (double)W), pooled_ss = 0;
    for (size_t k = 0; k < n; k++) {
        count_windows(trains, k, window_ms, W, end, covers, c);
        uint64_t sum = 0;
        for (size_t w = 0; w < W; w++)
            sum += c[w];
        double mean = (double)sum / (double)W;
        fano[k] = sum ? squares(c, W, mean) / (double)W / mean : NAN;
        pooled_ss += squares(c, W, pooled_mean);
    }
    if (pooled)
        *pooled = counted ? pooled_ss / ((double)n * (double)W) / pooled_mean : NAN;
    free(c);
    ax_analysis_ok(err);
    return AX_OK;
}
