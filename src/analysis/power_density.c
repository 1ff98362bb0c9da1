/*
 * power_density.c - the main seed's power spectral density (its
 * eeg::get_power_density): the periodogram of the mean-removed signal,
 * S_k = 2 dt^2 / (n dt) |X_k|^2 for k < n/2, in Hz and unit^2/Hz.
 */
#include <fftw3.h>
#include <limits.h>
#include <stdlib.h>

#include "analysis/analysis.h"

ax_status ax_signal_power_density(const double *signal, size_t n, double dt_ms, ax_spectrum *out, ax_error *err)
{
    const char *caller = "ax_signal_power_density";
    if (!out)
        return ax_error_null(err, caller, "out");
    *out = (ax_spectrum){0, NULL, NULL};
    ax_status st = ax_analysis_check_signal(signal, n, dt_ms, 2, caller, err);
    if (st != AX_OK)
        return st;
    if (n > INT_MAX)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the signal has %zu samples: at most %d are allowed",
                                caller, n, INT_MAX);
    double *in = fftw_alloc_real(n);
    fftw_complex *X = fftw_alloc_complex(n / 2 + 1);
    fftw_plan plan = NULL;
    if (in && X) {
        ax_analysis_fftw_ready();
        plan = fftw_plan_dft_r2c_1d((int)n, in, X, FFTW_ESTIMATE);
    }
    if (!plan || ax_analysis_spectrum_alloc(out, n / 2, caller, err) != AX_OK) {
        if (plan) {
            ax_analysis_fftw_ready();
            fftw_destroy_plan(plan);
        }
        fftw_free(in);
        fftw_free(X);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the transform of %zu samples", caller, n);
    }
    /* the seed: the mean as sum / n, subtracted before the transform */
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += signal[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        in[i] = signal[i] - mean;
    fftw_execute(plan);
    double dt = dt_ms / 1000.0, factor = 2.0 * dt * dt / ((double)n * dt), df = 1.0 / ((double)n * dt);
    for (size_t k = 0; k < n / 2; k++) {
        out->power[k] = factor * (X[k][0] * X[k][0] + X[k][1] * X[k][1]);
        out->freqs_hz[k] = (double)k * df;
    }
    ax_analysis_fftw_ready();
    fftw_destroy_plan(plan);
    fftw_free(in);
    fftw_free(X);
    ax_error_ok(err);
    return AX_OK;
}
