/*
 * fano.c - the Fano factor of spike counts in windows, per train and pooled.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

/* var / mean of n counts (variance with divisor n); NAN when the mean is 0.
 * Two passes over exact integer counts: the mean is a sum of integers. */
static double fano_of(const uint64_t *c, size_t n, size_t stride)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)c[i * stride];
    double mean = sum / (double)n, ss = 0;
    if (!(mean > 0))
        return NAN;
    for (size_t i = 0; i < n; i++) {
        double d = (double)c[i * stride] - mean;
        ss += d * d;
    }
    return ss / (double)n / mean;
}

ax_status ax_spike_trains_fano_factor(const ax_spike_trains *trains, double window_ms, double *fano, double *pooled,
                                      ax_error *err)
{
    const char *caller = "ax_spike_trains_fano_factor";
    ax_status st = ax_spike_trains_check(trains, caller, err);
    if (st)
        return st;
    if (trains->n_trains == 0)
        return ax_analysis_fail(err, AX_ERR_ARGUMENT, "%s: trains->n_trains is 0: there is no train to measure",
                                caller);
    if (!fano)
        return ax_analysis_null(err, caller, "fano");
    double span = trains->t_stop - trains->t_start;
    double q = span / window_ms, r = nearbyint(q);
    bool covers = isfinite(q) && fabs(q - r) <= 1e-9;   /* the windows reach t_stop */
    double windows = covers ? r : floor(q);
    if (!(isfinite(window_ms) && window_ms > 0) || !(windows >= 2))
        return ax_analysis_fail(err, AX_ERR_ARGUMENT, "%s: window_ms = %g is not allowed: a finite width > 0 that "
                                "fits at least twice in the interval of %g ms", caller, window_ms, span);
    if (windows * (double)trains->n_trains > 1e9)
        return ax_analysis_fail(err, AX_ERR_ARGUMENT, "%s: window_ms = %g makes %.0f windows for each of %zu trains, "
                                "more than 1e9 counts in all", caller, window_ms, windows, trains->n_trains);
    size_t W = (size_t)windows, n = trains->n_trains;
    double end = covers ? span : (double)W * window_ms;
    uint64_t *c = calloc(W * n, sizeof *c);   /* c[w * n + k]: train k, window w */
    if (!c)
        return ax_analysis_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu x %zu counts", caller, W, n);
    for (size_t k = 0; k < n; k++)
        for (size_t i = trains->offsets[k]; i < trains->offsets[k + 1]; i++) {
            double x = trains->times_ms[i] - trains->t_start;
            if (!covers && x >= end)
                continue;   /* the part left over after the last whole window */
            c[ax_bin_of(x, window_ms, W, end) * n + k]++;
        }
    for (size_t k = 0; k < n; k++)
        fano[k] = fano_of(c + k, W, n);
    if (pooled)
        *pooled = fano_of(c, W * n, 1);
    free(c);
    ax_analysis_ok(err);
    return AX_OK;
}
