/*
 * spectrum_distance.c - the main seed's comparison of two spectra (its
 * power_density_comparison): the earth mover's distance between the
 * spectra as distributions over the bin indices, each normalised by its
 * maximum, times the squared difference of the maxima.
 */
#include <math.h>

#include "analysis/analysis.h"

static ax_status check_power(const double *p, size_t n, const char *name, const char *caller, double *max,
                             ax_error *err)
{
    if (!p)
        return ax_error_null(err, caller, name);
    *max = 0;
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(p[k]) || p[k] < 0)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s[%zu] = %g: powers must be finite and >= 0", caller,
                                    name, k, p[k]);
        if (p[k] > *max)
            *max = p[k];
    }
    if (n > 0 && !(*max > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s is 0 everywhere: a spectrum without power has no "
                                "distribution to compare", caller, name);
    return AX_OK;
}

ax_status ax_spectrum_distance(const double *power1, const double *power2, size_t n, double *out, ax_error *err)
{
    const char *caller = "ax_spectrum_distance";
    if (!out)
        return ax_error_null(err, caller, "out");
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the spectra have n = 0 bins: at least 1 is needed",
                                caller);
    double m1, m2;
    ax_status st = check_power(power1, n, "power1", caller, &m1, err);
    if (st == AX_OK)
        st = check_power(power2, n, "power2", caller, &m2, err);
    if (st != AX_OK)
        return st;
    /* scipy.stats.wasserstein_distance with u_values = v_values = 0 .. n-1:
     * the CDFs are compared at every index but the last, one bin apart. */
    double total1 = 0, total2 = 0;
    for (size_t k = 0; k < n; k++) {
        total1 += power1[k] / m1;
        total2 += power2[k] / m2;
    }
    double c1 = 0, c2 = 0, emd = 0;
    for (size_t k = 0; k + 1 < n; k++) {
        c1 += power1[k] / m1;
        c2 += power2[k] / m2;
        emd += fabs(c1 / total1 - c2 / total2);
    }
    *out = emd * ((m1 - m2) * (m1 - m2));
    ax_error_ok(err);
    return AX_OK;
}
