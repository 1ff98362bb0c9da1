/*
 * trains.c - the spike-train view every analysis reads, and its checks.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "analysis/analysis.h"

ax_status ax_spike_trains_check(const ax_spike_trains *trains, const char *caller, ax_error *err)
{
    if (!caller)
        caller = "ax_spike_trains_check";
    if (!trains)
        return ax_error_null(err, caller, "trains");
    const ax_spike_trains *s = trains;
    if (!isfinite(s->t_start) || !isfinite(s->t_stop) || !(s->t_start < s->t_stop))
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the interval [t_start, t_stop] = [%g, %g] ms is not allowed: both finite, "
                                "t_start < t_stop", caller, s->t_start, s->t_stop);
    if (s->n_trains == 0)
        return ax_error_ok(err), AX_OK;
    if (!s->offsets)
        return ax_error_null(err, caller, "trains->offsets");
    if (s->offsets[0] != 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: offsets[0] is %zu, it must be 0", caller, s->offsets[0]);
    for (size_t k = 0; k < s->n_trains; k++)
        if (s->offsets[k + 1] < s->offsets[k])
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: offsets decrease at train %zu (%zu then %zu): they must not", caller, k,
                                    s->offsets[k], s->offsets[k + 1]);
    if (s->offsets[s->n_trains] > 0 && !s->times_ms)
        return ax_error_null(err, caller, "trains->times_ms");
    for (size_t k = 0; k < s->n_trains; k++) {
        for (size_t i = s->offsets[k]; i < s->offsets[k + 1]; i++) {
            double t = s->times_ms[i];
            if (!isfinite(t) || t < s->t_start || t > s->t_stop)
                return ax_error_fail(err, AX_ERR_ARGUMENT,
                                        "%s: train %zu, spike %zu: time %g ms is outside the interval [%g, %g] ms "
                                        "(or not finite)", caller, k, i - s->offsets[k], t, s->t_start, s->t_stop);
            if (i > s->offsets[k] && t < s->times_ms[i - 1])
                return ax_error_fail(err, AX_ERR_ARGUMENT,
                                        "%s: train %zu, spike %zu: time %g ms comes before the spike before it "
                                        "(%g ms): times must be in increasing order", caller, k,
                                        i - s->offsets[k], t, s->times_ms[i - 1]);
        }
    }
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_analysis_check_trains(const ax_spike_trains *trains, const char *caller, ax_error *err)
{
    ax_status st = ax_spike_trains_check(trains, caller, err);
    if (st)
        return st;
    if (trains->n_trains == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: trains->n_trains is 0: there is no train to measure",
                                caller);
    return AX_OK;
}
