/*
 * signal_check.c - what every spectrum call checks of its signal, and the
 * arrays a spectrum is returned in.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

ax_status ax_analysis_check_signal(const double *signal, size_t n, double dt_ms, size_t n_min, const char *caller,
                                   ax_error *err)
{
    if (!signal)
        return ax_error_null(err, caller, "signal");
    if (n < n_min)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the signal has %zu samples: at least %zu are needed",
                                caller, n, n_min);
    if (!isfinite(dt_ms) || !(dt_ms > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: dt_ms = %g: the sampling interval must be finite and > 0",
                                caller, dt_ms);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(signal[i]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: sample %zu of the signal is %g: samples must be finite",
                                    caller, i, signal[i]);
    return AX_OK;
}

ax_status ax_analysis_spectrum_alloc(ax_spectrum *out, size_t n, const char *caller, ax_error *err)
{
    out->freqs_hz = malloc(n * sizeof(double));
    out->power = malloc(n * sizeof(double));
    if (!out->freqs_hz || !out->power) {
        free(out->freqs_hz);
        free(out->power);
        *out = (ax_spectrum){0, NULL, NULL};
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for a spectrum of %zu bins", caller, n);
    }
    out->n = n;
    return AX_OK;
}
