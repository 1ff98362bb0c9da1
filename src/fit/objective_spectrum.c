/*
 * objective_spectrum.c - the distance of a signal's spectrum to a target
 * spectrum (the main seed's EEG fit): the analysis library's power density
 * or Welch estimate, compared by its ax_spectrum_distance.
 */
#include <math.h>
#include <stdio.h>

#include "fit/fit.h"

ax_status ax_obj_check_spectrum_target(const double *p, size_t n, const char *caller, ax_error *err)
{
    if (!p)
        return ax_error_null(err, caller, "target_power");
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the target spectrum has 0 bins: at least 1 is needed",
                                caller);
    bool any = false;
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(p[k]) || p[k] < 0)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: target_power[%zu] is %g: powers must be finite and >= 0", caller, k, p[k]);
        any |= p[k] > 0;
    }
    if (!any)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the target spectrum is 0 everywhere: it has no distribution to compare with",
                                caller);
    return AX_OK;
}

ax_status ax_objective_spectrum_distance(const double *signal, size_t n, double dt_ms, const ax_welch_spec *welch,
                                         const double *target_power, size_t n_bins, double *distance, ax_error *err)
{
    static const char *me = "ax_objective_spectrum_distance";
    if (!distance)
        return ax_error_null(err, me, "distance");
    ax_status st = ax_obj_check_spectrum_target(target_power, n_bins, me, err);
    if (st != AX_OK)
        return st;
    ax_spectrum s = {0};
    st = welch ? ax_signal_welch(signal, n, dt_ms, welch, &s, err) : ax_signal_power_density(signal, n, dt_ms, &s, err);
    if (st != AX_OK) {
        /* The spectrum call named itself; say who called it. */
        if (err) {
            char inner[sizeof err->message];
            snprintf(inner, sizeof inner, "%s", err->message);
            ax_error_fail(err, st, "%s: the signal's spectrum: %s", me, inner);
        }
        return st;
    }
    if (s.n != n_bins) {
        st = ax_error_fail(err, AX_ERR_ARGUMENT,
                              "%s: the signal's spectrum has %zu bins and the target %zu: compute the target as the "
                              "signal's (the same length, dt_ms and Welch settings)", me, s.n, n_bins);
    } else {
        bool any = false;
        for (size_t k = 0; k < s.n; k++)
            any |= s.power[k] > 0;
        /* A flat signal has a spectrum of 0: the seed's comparison divides by
         * its maximum (0/0); it is the worst fit, not a number to rank. */
        if (!any)
            *distance = INFINITY, st = AX_OK;
        else
            st = ax_spectrum_distance(s.power, target_power, n_bins, distance, err);
    }
    ax_array_free(s.freqs_hz);
    ax_array_free(s.power);
    if (st == AX_OK)
        ax_error_ok(err);
    return st;
}
