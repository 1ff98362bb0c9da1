/*
 * fano.c - the Fano factor of spike counts in windows, per train and pooled.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

/* The W whole windows of window_ms in an interval of span ms (1e-9 as the
 * other bins): they end at *end, which is span itself when they *cover it
 * (a spike at t_stop then counts in the last window).  False when
 * window_ms is not finite and > 0 or gives fewer than 2 or more than 1e9
 * windows. */
bool ax_fano_windows(double span, double window_ms, size_t *W, double *end, bool *covers)
{
    double q = span / window_ms, r = nearbyint(q);
    *covers = isfinite(q) && fabs(q - r) <= 1e-9;
    double windows = *covers ? r : floor(q);
    if (!(isfinite(window_ms) && window_ms > 0) || !(windows >= 2) || windows > 1e9)
        return false;
    *W = (size_t)windows;
    *end = *covers ? span : (double)*W * window_ms;
    return true;
}

size_t ax_fano_window_of(double x, double window_ms, size_t W, double end, bool covers)
{
    if (!covers && x >= end)
        return SIZE_MAX;   /* the part left over after the last whole window */
    return ax_bin_of(x, window_ms, W, end);
}

/* var / mean of m counts with the given sums: var = (m sum_sq - sum^2) / m^2
 * (divisor m), so the ratio is (m sum_sq - sum^2) / (m sum), formed exactly
 * in 128-bit integers and rounded once to a double, then divided: the
 * result depends on the sums alone, not on the order the counts came in. */
double ax_fano_from_sums(uint64_t sum, uint64_t sum_sq, uint64_t m)
{
    __extension__ typedef unsigned __int128 u128;
    if (sum == 0)
        return NAN;
    u128 num = (u128)m * sum_sq - (u128)sum * sum;   /* >= 0: Cauchy-Schwarz */
    return (double)num / (double)((u128)m * sum);
}

/* One train's counts at a time (memory O(W), not O(n_trains W)): its sum
 * and sum of squares give its factor; their totals the pooled one. */
ax_status ax_spike_trains_fano_factor(const ax_spike_trains *trains, double window_ms, double *fano, double *pooled,
                                      ax_error *err)
{
    const char *caller = "ax_spike_trains_fano_factor";
    ax_status st = ax_analysis_check_trains(trains, caller, err);
    if (st)
        return st;
    if (!fano)
        return ax_error_null(err, caller, "fano");
    double span = trains->t_stop - trains->t_start, end;
    size_t W, n = trains->n_trains;
    bool covers;
    if (!ax_fano_windows(span, window_ms, &W, &end, &covers)) {
        double q = span / window_ms, windows = fabs(q - nearbyint(q)) <= 1e-9 ? nearbyint(q) : floor(q);
        if (isfinite(window_ms) && window_ms > 0 && windows > 1e9)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: window_ms = %g makes %.0f windows, more than 1e9",
                                    caller, window_ms, windows);
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: window_ms = %g is not allowed: a finite width > 0 that "
                                "fits at least twice in the interval of %g ms", caller, window_ms, span);
    }
    uint64_t *c = malloc(W * sizeof *c);
    if (!c)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu window counts", caller, W);
    uint64_t counted = 0, counted_sq = 0;
    for (size_t k = 0; k < n; k++) {
        for (size_t w = 0; w < W; w++)
            c[w] = 0;
        for (size_t i = trains->offsets[k]; i < trains->offsets[k + 1]; i++) {
            size_t w = ax_fano_window_of(trains->times_ms[i] - trains->t_start, window_ms, W, end, covers);
            if (w != SIZE_MAX)
                c[w]++;
        }
        uint64_t sum = 0, sum_sq = 0;
        for (size_t w = 0; w < W; w++)
            sum += c[w], sum_sq += c[w] * c[w];
        fano[k] = ax_fano_from_sums(sum, sum_sq, W);
        counted += sum, counted_sq += sum_sq;
    }
    if (pooled)
        *pooled = ax_fano_from_sums(counted, counted_sq, (uint64_t)n * W);
    free(c);
    ax_error_ok(err);
    return AX_OK;
}
