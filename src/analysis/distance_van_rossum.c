/*
 * distance_van_rossum.c - the van Rossum distance (van Rossum 2001, Neural
 * Comput 13:751), exactly, in one pass over the merged spikes.
 *
 * With f = sum_k H(t - x_k) exp(-(t - x_k) / tau) and g likewise,
 *     D^2 = (1/tau) int_{-inf}^{inf} (f - g)^2 dt.
 * Between two consecutive spikes e and e+1 (of either train, gap d),
 * f - g = c_e exp(-(t - t_e) / tau), c_e its value just after spike e
 * (c_e = c_(e-1) exp(-d/tau) +1 for a spike of x, -1 for one of y), so
 *     D^2 = sum_e c_e^2 / 2 (1 - exp(-2 d_e / tau)),  d_last = infinity.
 * This equals the usual closed form (K_xx + K_yy - 2 K_xy) / 2, K_xy the
 * sum over pairs of exp(-|x_k - y_l| / tau) (Houghton & Kreuz 2012), but
 * sums non-negative terms: no cancellation, and equal trains give exactly 0
 * where the closed form leaves a rounding residue of ~1e-8 after the root.
 */
#include <math.h>

#include "analysis/analysis.h"

double ax_dist_van_rossum(ax_dist_train x, ax_dist_train y, double tau)
{
    double c = 0.0, now = 0.0, d2 = 0.0;
    size_t k = 0, l = 0;
    while (k < x.n || l < y.n) {
        int from_x = l == y.n || (k < x.n && x.t[k] <= y.t[l]);
        double t = from_x ? x.t[k++] : y.t[l++];
        if (k + l > 1) {
            double d = t - now;
            d2 += 0.5 * c * c * -expm1(-2.0 * d / tau);
            c *= exp(-d / tau);
        }
        c += from_x ? 1.0 : -1.0;
        now = t;
    }
    d2 += 0.5 * c * c;   /* after the last spike the difference decays for ever */
    return sqrt(d2);
}

ax_status ax_spike_distance_van_rossum(const ax_spike_trains *trains, size_t i, size_t j, double tau_ms,
                                       double *distance, ax_error *err)
{
    static const char *call = "ax_spike_distance_van_rossum";
    if (!distance)
        return ax_error_null(err, call, "distance");
    *distance = 0.0;
    ax_status st = ax_dist_check_pair(trains, i, j, call, err);
    if (st != AX_OK)
        return st;
    if (!(tau_ms > 0) || !isfinite(tau_ms))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: tau_ms = %g is not allowed: > 0 and finite (ms)", call,
                                tau_ms);
    *distance = ax_dist_van_rossum(ax_dist_train_of(trains, i), ax_dist_train_of(trains, j), tau_ms);
    ax_error_ok(err);
    return AX_OK;
}
