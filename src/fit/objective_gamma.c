/*
 * objective_gamma.c - the coincidence factor Gamma (Kistler et al. 1997;
 * Jolivet et al. 2008, eq. 1).
 *
 * Coincidences are a one-to-one matching of data and model spikes closer
 * than the precision window.  Every window has the same width 2 Delta, so
 * the greedy sweep - each data spike, in time order, takes the earliest
 * free model spike inside its window - finds a largest matching (an
 * exchange argument: a model spike skipped as too early cannot serve a
 * later data spike either), in O(N_data + N_model).
 */
#include <math.h>

#include "fit/fit.h"

static size_t coincidences(ax_dist_train d, ax_dist_train m, double delta)
{
    size_t n = 0, j = 0;
    for (size_t i = 0; i < d.n; i++) {
        while (j < m.n && m.t[j] < d.t[i] - delta)
            j++;
        if (j == m.n)
            break;
        if (m.t[j] <= d.t[i] + delta) {
            n++;
            j++;
        }
    }
    return n;
}

double ax_obj_gamma(ax_dist_train data, ax_dist_train model, double span_ms, double delta_ms)
{
    if (data.n == 0 && model.n == 0)
        return 1.0;                     /* both silent: they agree (the formula is 0/0) */
    double nu = (double)model.n / span_ms;          /* spikes per ms */
    double chance = 2.0 * nu * delta_ms;
    if (!(chance < 1.0))
        return 0.0;                     /* every data spike coincides by chance: no better than chance */
    double n_coinc = (double)coincidences(data, model, delta_ms);
    double expected = chance * (double)data.n;
    return (n_coinc - expected) / (0.5 * (double)(data.n + model.n)) / (1.0 - chance);
}

ax_status ax_objective_gamma(const ax_spike_trains *data, const ax_spike_trains *model, double delta_ms,
                             double *gamma, double *mean_gamma, ax_error *err)
{
    static const char *me = "ax_objective_gamma";
    if (!isfinite(delta_ms) || delta_ms <= 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: delta_ms = %g is not allowed: the precision window must be finite and > 0 ms",
                                me, delta_ms);
    ax_status st = ax_obj_check_pair(data, model, me, err);
    if (st != AX_OK)
        return st;
    double span = data->t_stop - data->t_start, sum = 0;
    for (size_t k = 0; k < data->n_trains; k++) {
        double g = ax_obj_gamma(ax_dist_train_of(data, k), ax_dist_train_of(model, k), span, delta_ms);
        if (gamma)
            gamma[k] = g;
        sum += g;
    }
    if (mean_gamma)
        *mean_gamma = sum / (double)data->n_trains;
    ax_error_ok(err);
    return AX_OK;
}
