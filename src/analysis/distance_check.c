/*
 * distance_check.c - the argument checks the spike-train distances share.
 *
 * A bivariate call on a large view checks only the two trains it reads, so
 * that comparing a few pairs of a recording of a million neurons does not
 * walk through all of it each time.
 */
#include <math.h>

#include "analysis/analysis.h"

ax_dist_train ax_dist_train_of(const ax_spike_trains *s, size_t k)
{
    ax_dist_train t = {s->times_ms + s->offsets[k], s->offsets[k + 1] - s->offsets[k]};
    return t;
}

static ax_status check_train(const ax_spike_trains *s, size_t k, const char *caller, ax_error *err)
{
    if (s->offsets[k + 1] < s->offsets[k])
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: offsets decrease at train %zu (%zu then %zu): they must not",
                                caller, k, s->offsets[k], s->offsets[k + 1]);
    if (s->offsets[k + 1] > s->offsets[k] && !s->times_ms)
        return ax_error_null(err, caller, "trains->times_ms");
    for (size_t i = s->offsets[k]; i < s->offsets[k + 1]; i++) {
        double t = s->times_ms[i];
        if (!isfinite(t) || t < s->t_start || t > s->t_stop)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: train %zu, spike %zu: time %g ms is outside the interval [%g, %g] ms "
                                    "(or not finite)", caller, k, i - s->offsets[k], t, s->t_start, s->t_stop);
        if (i > s->offsets[k] && t < s->times_ms[i - 1])
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: train %zu, spike %zu: time %g ms comes before the spike before it "
                                    "(%g ms): times must be in increasing order", caller, k, i - s->offsets[k], t,
                                    s->times_ms[i - 1]);
    }
    return AX_OK;
}

ax_status ax_dist_check_pair(const ax_spike_trains *s, size_t i, size_t j, const char *caller, ax_error *err)
{
    if (!s)
        return ax_error_null(err, caller, "trains");
    if (!isfinite(s->t_start) || !isfinite(s->t_stop) || !(s->t_start < s->t_stop))
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the interval [t_start, t_stop] = [%g, %g] ms is not allowed: both finite, "
                                "t_start < t_stop", caller, s->t_start, s->t_stop);
    if (i >= s->n_trains || j >= s->n_trains)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: train %zu does not exist: the view has %zu trains (0 .. %zu)",
                                caller, i >= s->n_trains ? i : j, s->n_trains, s->n_trains ? s->n_trains - 1 : 0);
    if (!s->offsets)
        return ax_error_null(err, caller, "trains->offsets");
    if (s->offsets[0] != 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: offsets[0] is %zu, it must be 0", caller, s->offsets[0]);
    ax_status st = check_train(s, i, caller, err);
    if (st == AX_OK && j != i)
        st = check_train(s, j, caller, err);
    return st;
}

ax_status ax_dist_check_interval(const ax_spike_trains *s, const double *interval, double ab[2], const char *caller,
                                 ax_error *err)
{
    if (!interval) {
        ab[0] = s->t_start;
        ab[1] = s->t_stop;
        return AX_OK;
    }
    if (!(interval[0] >= s->t_start && interval[1] <= s->t_stop && interval[0] < interval[1]))
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the averaging interval [%g, %g] ms is not allowed: t_start <= a < b <= t_stop "
                                "([%g, %g] ms)", caller, interval[0], interval[1], s->t_start, s->t_stop);
    ab[0] = interval[0];
    ab[1] = interval[1];
    return AX_OK;
}
