/*
 * distance_victor_purpura.c - the Victor-Purpura spike-time distance
 * (Victor & Purpura 1996, J Neurophysiol 76:1310; "Dspike[q]").
 *
 * G(k, l), the cost of turning the first k spikes of x into the first l of
 * y, is min(G(k-1, l) + 1, G(k, l-1) + 1, G(k-1, l-1) + q |x_k - y_l|);
 * one row of l = 0 .. m is enough, updated in place.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

double ax_dist_victor_purpura(ax_dist_train x, ax_dist_train y, double q, double *row)
{
    size_t m = y.n;
    for (size_t l = 0; l <= m; l++)
        row[l] = (double)l;
    for (size_t k = 1; k <= x.n; k++) {
        double diag = row[0], xk = x.t[k - 1];
        row[0] = (double)k;
        for (size_t l = 1; l <= m; l++) {
            double shift = diag + q * fabs(xk - y.t[l - 1]);
            double drop = (row[l] < row[l - 1] ? row[l] : row[l - 1]) + 1.0;
            diag = row[l];
            row[l] = shift < drop ? shift : drop;
        }
    }
    return row[m];
}

ax_status ax_spike_distance_victor_purpura(const ax_spike_trains *trains, size_t i, size_t j, double q_per_ms,
                                           double *distance, ax_error *err)
{
    static const char *call = "ax_spike_distance_victor_purpura";
    if (!distance)
        return ax_error_null(err, call, "distance");
    *distance = 0.0;
    ax_status st = ax_dist_check_pair(trains, i, j, call, err);
    if (st != AX_OK)
        return st;
    if (!(q_per_ms >= 0) || !isfinite(q_per_ms))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: q_per_ms = %g is not allowed: >= 0 and finite (1/ms)", call,
                                q_per_ms);
    ax_dist_train x = ax_dist_train_of(trains, i), y = ax_dist_train_of(trains, j);
    double *row = malloc((y.n + 1) * sizeof *row);
    if (!row)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for a row of %zu doubles", call, y.n + 1);
    *distance = ax_dist_victor_purpura(x, y, q_per_ms, row);
    free(row);
    ax_error_ok(err);
    return AX_OK;
}
