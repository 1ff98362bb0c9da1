/*
 * rates.c - firing rates per train and the population rate, binned and
 * Gaussian-smoothed (docs/analysis.md, "Spike-train statistics and rates").
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

ax_status ax_spike_trains_rates(const ax_spike_trains *trains, double *rates_hz, double *mean_hz, ax_error *err)
{
    const char *caller = "ax_spike_trains_rates";
    ax_status st = ax_analysis_check_trains(trains, caller, err);
    if (st)
        return st;
    if (!rates_hz)
        return ax_error_null(err, caller, "rates_hz");
    double seconds = (trains->t_stop - trains->t_start) / 1000;
    for (size_t k = 0; k < trains->n_trains; k++)
        rates_hz[k] = (double)(trains->offsets[k + 1] - trains->offsets[k]) / seconds;
    if (mean_hz)
        *mean_hz = (double)trains->offsets[trains->n_trains] / ((double)trains->n_trains * seconds);
    ax_error_ok(err);
    return AX_OK;
}

/* The kernel is normalised over the bins inside the interval at each bin:
 * at the ends it is cut, not reflected or padded with zeros, so nothing is
 * assumed about the rate outside the interval.  Each output bin is its own
 * sum, in a fixed order: the same bits for any thread count. */
static void smooth(const double *in, size_t n, double *out, const double *w, size_t r)
{
#pragma omp parallel for schedule(static) if (n * (r + 1) > 1000000)
    for (size_t j = 0; j < n; j++) {
        size_t lo = j >= r ? j - r : 0, hi = j + r < n ? j + r : n - 1;
        double sum = 0, norm = 0;
        for (size_t i = lo; i <= hi; i++) {
            double wi = w[i > j ? i - j : j - i];
            sum += wi * in[i];
            norm += wi;
        }
        out[j] = sum / norm;
    }
}

ax_status ax_rate_from_counts(const uint64_t *counts, size_t n_bins, double span, double bin_ms, size_t n_trains,
                              double sigma_ms, double *rate_hz, const char *caller, ax_error *err)
{
    double last_width = span - (double)(n_bins - 1) * bin_ms;
    for (size_t j = 0; j < n_bins; j++)
        rate_hz[j] = (double)counts[j] / ((double)n_trains * (j + 1 < n_bins ? bin_ms : last_width) / 1000);
    if (sigma_ms == 0 || n_bins == 1)
        return AX_OK;
    /* the kernel's reach, as scipy.ndimage.gaussian_filter1d's with truncate = 4 */
    double sd = sigma_ms / bin_ms, reach = floor(4 * sd + 0.5);
    size_t r = reach >= (double)(n_bins - 1) ? n_bins - 1 : (size_t)reach;
    double *w = malloc((r + 1) * sizeof *w), *binned = malloc(n_bins * sizeof *binned);
    if (!w || !binned) {
        free(w);
        free(binned);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the smoothing of %zu bins", caller,
                                n_bins);
    }
    for (size_t i = 0; i <= r; i++)
        w[i] = exp(-0.5 / (sd * sd) * (double)i * (double)i);
    for (size_t j = 0; j < n_bins; j++)
        binned[j] = rate_hz[j];
    smooth(binned, n_bins, rate_hz, w, r);
    free(w);
    free(binned);
    return AX_OK;
}

ax_status ax_spike_trains_population_rate(const ax_spike_trains *trains, double bin_ms, double sigma_ms,
                                          double **rate_hz, size_t *n_bins, ax_error *err)
{
    const char *caller = "ax_spike_trains_population_rate";
    if (rate_hz)
        *rate_hz = NULL;
    if (n_bins)
        *n_bins = 0;
    ax_status st = ax_analysis_check_trains(trains, caller, err);
    if (st)
        return st;
    if (!rate_hz || !n_bins)
        return ax_error_null(err, caller, !rate_hz ? "rate_hz" : "n_bins");
    double span = trains->t_stop - trains->t_start;
    if ((st = ax_check_rate_bins(span, bin_ms, sigma_ms, caller, err)))
        return st;
    size_t n = ax_bin_count(span, bin_ms, (size_t)1 << 32);
    uint64_t *counts = calloc(n, sizeof *counts);
    double *rate = malloc(n * sizeof *rate);
    if (!counts || !rate) {
        free(counts);
        free(rate);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu bins", caller, n);
    }
    size_t total = trains->offsets[trains->n_trains];
    for (size_t i = 0; i < total; i++)
        counts[ax_bin_of(trains->times_ms[i] - trains->t_start, bin_ms, n, span)]++;
    st = ax_rate_from_counts(counts, n, span, bin_ms, trains->n_trains, sigma_ms, rate, caller, err);
    free(counts);
    if (st) {
        free(rate);
        return st;
    }
    *rate_hz = rate;
    *n_bins = n;
    ax_error_ok(err);
    return AX_OK;
}
