/*
 * objective_population.c - network statistics of a population (mean rate,
 * mean CV, mean pairwise correlation; the analysis library's calls) and
 * their error against targets.
 */
#include <math.h>
#include <stdlib.h>

#include "fit/fit.h"

ax_status ax_objective_population_stats(const ax_spike_trains *trains, const ax_population_spec *spec,
                                        ax_population_values *out, ax_error *err)
{
    static const char *me = "ax_objective_population_stats";
    if (!out)
        return ax_error_null(err, me, "out");
    ax_status st = ax_spike_trains_check(trains, me, err);
    if (st != AX_OK)
        return st;
    if (trains->n_trains == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the population has no trains: at least one is needed", me);
    size_t n = trains->n_trains;
    double cv_sum = 0;
    size_t cv_n = 0;
    for (size_t k = 0; k < n; k++) {
        ax_feature_values v;
        ax_obj_features(ax_dist_train_of(trains, k), trains->t_start, trains->t_stop, &v);
        if (!isnan(v.cv))
            cv_sum += v.cv, cv_n++;
    }
    /* ax_spike_trains_rates' mean: all spikes over n_trains x T. */
    out->rate_hz = (double)trains->offsets[n] / ((double)n * ((trains->t_stop - trains->t_start) / 1000.0));
    out->cv = cv_n ? cv_sum / (double)cv_n : NAN;
    out->correlation = NAN;
    if (!spec || n < 2) {
        ax_error_ok(err);
        return AX_OK;
    }
    size_t all = n % 2 ? n * ((n - 1) / 2) : (n / 2) * (n - 1);
    size_t want = spec->n_pairs ? spec->n_pairs : 1000;
    if (want > all)
        want = all;
    size_t *i = malloc(want * sizeof *i), *j = malloc(want * sizeof *j);
    double *r = malloc(want * sizeof *r);
    if (!i || !j || !r) {
        st = ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu pairs of trains", me, want);
    } else {
        st = ax_spike_trains_correlation_pairs(trains, spec->bin_ms, want, spec->seed, i, j, r, err);
        if (st == AX_OK) {
            double sum = 0;
            size_t defined = 0;
            for (size_t p = 0; p < want; p++)
                if (!isnan(r[p]))
                    sum += r[p], defined++;
            out->correlation = defined ? sum / (double)defined : NAN;
            ax_error_ok(err);
        }
    }
    free(i), free(j), free(r);
    return st;
}

ax_status ax_obj_check_population_target(const ax_population_target *t, const char *caller, ax_error *err)
{
    const double target[3] = {t->rate_hz, t->cv, t->correlation};
    const double scale[3] = {t->rate_scale, t->cv_scale, t->correlation_scale};
    static const char *name[3] = {"rate", "cv", "correlation"};
    bool any = false;
    for (int s = 0; s < 3; s++) {
        if (isnan(target[s]))
            continue;
        any = true;
        if (!isfinite(target[s]))
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: the population's %s target %g is not allowed: finite, or NAN for none",
                                    caller, name[s], target[s]);
        if (!isfinite(scale[s]) || scale[s] <= 0)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: the population's %s_scale %g is not allowed: finite and > 0 for a target "
                                    "that is used", caller, name[s], scale[s]);
    }
    if (!any)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the population term has no target: give rate_hz, cv or correlation (NAN: none)",
                                caller);
    if (!isfinite(t->penalty) || t->penalty < 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the population's penalty %g is not allowed: finite and >= 0", caller, t->penalty);
    if (!isnan(t->correlation) && (!isfinite(t->spec.bin_ms) || t->spec.bin_ms <= 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the population's spec.bin_ms = %g is not allowed: finite and > 0 to measure "
                                "a correlation", caller, t->spec.bin_ms);
    return AX_OK;
}

double ax_obj_population_error(const ax_population_values *v, const ax_population_target *t)
{
    const double value[3] = {v->rate_hz, v->cv, v->correlation};
    const double target[3] = {t->rate_hz, t->cv, t->correlation};
    const double scale[3] = {t->rate_scale, t->cv_scale, t->correlation_scale};
    double sum = 0;
    for (int s = 0; s < 3; s++) {
        if (isnan(target[s]))
            continue;
        if (isnan(value[s])) {
            sum += t->penalty;
        } else {
            double e = (value[s] - target[s]) / scale[s];
            sum += e * e;
        }
    }
    return sum;
}
