/*
 * correlogram.c - cross- and autocorrelograms of spike trains: histograms
 * of the lags between their spikes within a window.
 *
 * Both trains are sorted, so the spikes of b within the window of a spike
 * of a form a run that only moves forward as a's spikes do: one sweep
 * costs the spikes plus the pairs within the window, not every pair.
 */
#include <math.h>

#include "analysis/analysis.h"

#define MAX_BINS ((size_t)1 << 26)

/* K: bins each side of lag 0. */
static ax_status half_width(double bin_ms, double max_lag_ms, const char *call, size_t *k, ax_error *err)
{
    if (!isfinite(bin_ms) || !(bin_ms > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: bin_ms = %g is not allowed: finite and > 0", call, bin_ms);
    if (!isfinite(max_lag_ms) || !(max_lag_ms >= 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: max_lag_ms = %g is not allowed: finite and >= 0", call,
                                max_lag_ms);
    double half = floor(max_lag_ms / bin_ms + 1e-9);
    if (2 * half + 1 > (double)MAX_BINS)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: max_lag_ms = %g with bin_ms = %g makes %.0f bins: at most 2^26 are allowed", call,
                                max_lag_ms, bin_ms, 2 * half + 1);
    *k = (size_t)half;
    return AX_OK;
}

ax_status ax_spike_trains_correlogram_size(double bin_ms, double max_lag_ms, size_t *n_bins, ax_error *err)
{
    static const char *call = "ax_spike_trains_correlogram_size";
    if (!n_bins)
        return ax_error_null(err, call, "n_bins");
    size_t k = 0;
    ax_status st = half_width(bin_ms, max_lag_ms, call, &k, err);
    if (st != AX_OK)
        return st;
    *n_bins = 2 * k + 1;
    ax_error_ok(err);
    return AX_OK;
}

/* The signed bin of lag d: sign(d) floor(|d| / bin + 1/2), as a double so
 * that far lags cannot overflow an integer. */
static double lag_bin(double d, double bin_ms)
{
    double k = floor(fabs(d) / bin_ms + 0.5);
    return d < 0 ? -k : k;
}

static ax_status correlogram(const ax_spike_trains *trains, size_t a, size_t b, int self_pairs, double bin_ms,
                             double max_lag_ms, ax_correlogram_norm norm, double *out, size_t n_bins,
                             const char *call, ax_error *err)
{
    ax_status st = ax_spike_trains_check(trains, call, err);
    if (st != AX_OK)
        return st;
    if (a >= trains->n_trains || b >= trains->n_trains)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: train %zu is not a train of the view (it has %zu)", call,
                                a >= trains->n_trains ? a : b, trains->n_trains);
    size_t k = 0;
    if ((st = half_width(bin_ms, max_lag_ms, call, &k, err)) != AX_OK)
        return st;
    if (norm != AX_CORRELOGRAM_COUNTS && norm != AX_CORRELOGRAM_RATE)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: norm = %d is not allowed: AX_CORRELOGRAM_COUNTS (0) or AX_CORRELOGRAM_RATE (1)",
                                call, (int)norm);
    if (!out)
        return ax_error_null(err, call, "out");
    if (n_bins != 2 * k + 1)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: n_bins = %zu, but bin_ms = %g and max_lag_ms = %g make %zu bins "
                                "(ax_spike_trains_correlogram_size)", call, n_bins, bin_ms, max_lag_ms, 2 * k + 1);
    for (size_t q = 0; q < n_bins; q++)
        out[q] = 0;
    const double *ta = trains->times_ms + trains->offsets[a], *tb = trains->times_ms + trains->offsets[b];
    size_t na = trains->offsets[a + 1] - trains->offsets[a], nb = trains->offsets[b + 1] - trains->offsets[b];
    double kk = (double)k;
    size_t lo = 0;
    for (size_t s = 0; s < na; s++) {
        /* lags grow with b's index; |lag| bins grow with |lag|: skip what fell behind the window for good */
        while (lo < nb && lag_bin(tb[lo] - ta[s], bin_ms) < -kk)
            lo++;
        for (size_t q = lo; q < nb; q++) {
            double bin = lag_bin(tb[q] - ta[s], bin_ms);
            if (bin > kk)
                break;
            if (self_pairs || q != s)
                out[(size_t)(bin + kk)] += 1;
        }
    }
    if (norm == AX_CORRELOGRAM_RATE)
        for (size_t q = 0; q < n_bins; q++)
            out[q] = na ? out[q] / ((double)na * bin_ms / 1000.0) : NAN;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_trains_cross_correlogram(const ax_spike_trains *trains, size_t a, size_t b, double bin_ms,
                                            double max_lag_ms, ax_correlogram_norm norm, double *out, size_t n_bins,
                                            ax_error *err)
{
    return correlogram(trains, a, b, 1, bin_ms, max_lag_ms, norm, out, n_bins, "ax_spike_trains_cross_correlogram",
                       err);
}

ax_status ax_spike_trains_autocorrelogram(const ax_spike_trains *trains, size_t a, double bin_ms, double max_lag_ms,
                                          ax_correlogram_norm norm, double *out, size_t n_bins, ax_error *err)
{
    return correlogram(trains, a, a, 0, bin_ms, max_lag_ms, norm, out, n_bins, "ax_spike_trains_autocorrelogram",
                       err);
}
