/*
 * objective_summary.c - the main seed's action-potential summary and its
 * score (fitting::get_summary, get_reference_scale, compare_summary).
 *
 * Kept as the seed defines it, quirks included: the "average spike time
 * difference" is the sum of the intervals in steps over the number of
 * spikes (not of intervals), and a score that is NaN counts as +inf.
 */
#include <math.h>

#include "fit/fit.h"

ax_objective_summary ax_obj_summary(ax_dist_train train, double dt_ms, const double *amplitudes,
                                    double amplitude_default)
{
    ax_objective_summary s = {0.0, (double)train.n, amplitude_default};
    if (train.n == 0)
        return s;
    /* The sum of the intervals between consecutive steps is last - first. */
    double first = round(train.t[0] / dt_ms), last = round(train.t[train.n - 1] / dt_ms);
    s.time_difference = (last - first) / (double)train.n;
    if (amplitudes) {
        double sum = 0;
        for (size_t i = 0; i < train.n; i++)
            sum += amplitudes[i];
        s.amplitude = sum / (double)train.n;
    }
    return s;
}

ax_status ax_objective_summarize(const ax_spike_trains *trains, double dt_ms, const double *amplitudes,
                                 double amplitude_default, ax_objective_summary *summary, ax_error *err)
{
    static const char *me = "ax_objective_summarize";
    if (!summary)
        return ax_error_null(err, me, "summary");
    if (!isfinite(dt_ms) || dt_ms <= 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: dt_ms = %g is not allowed: the step must be finite and > 0",
                                me, dt_ms);
    if (!isfinite(amplitude_default))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: amplitude_default = %g is not allowed: it must be finite",
                                me, amplitude_default);
    ax_status st = ax_spike_trains_check(trains, me, err);
    if (st != AX_OK)
        return st;
    size_t n = trains->offsets[trains->n_trains];
    for (size_t i = 0; i < n; i++) {
        if (fabs(trains->times_ms[i] / dt_ms) > 9007199254740992.0)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: spike time %g ms is %g steps of %g ms: steps must be at most 2^53", me,
                                    trains->times_ms[i], trains->times_ms[i] / dt_ms, dt_ms);
        if (amplitudes && !isfinite(amplitudes[i]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: amplitudes[%zu] is %g: amplitudes must be finite", me,
                                    i, amplitudes[i]);
    }
    for (size_t k = 0; k < trains->n_trains; k++)
        summary[k] = ax_obj_summary(ax_dist_train_of(trains, k), dt_ms,
                                    amplitudes ? amplitudes + trains->offsets[k] : NULL, amplitude_default);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_objective_summary_defaults(ax_objective_summary_options *options, ax_error *err)
{
    if (!options)
        return ax_error_null(err, "ax_objective_summary_defaults", "options");
    *options = (ax_objective_summary_options){.scale = true, .use_amplitude = false, .time_scale_default = 800,
                                              .count_scale_default = 10, .amplitude_scale_default = 70};
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_obj_check_summary_options(const ax_objective_summary_options *o, const char *caller, ax_error *err)
{
    if (!o)
        return AX_OK;
    const double v[3] = {o->time_scale_default, o->count_scale_default, o->amplitude_scale_default};
    static const char *name[3] = {"time_scale_default", "count_scale_default", "amplitude_scale_default"};
    for (int i = 0; i < 3; i++)
        if (!isfinite(v[i]) || v[i] <= 0)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: options->%s = %g is not allowed: a scale must be finite and > 0", caller,
                                    name[i], v[i]);
    return AX_OK;
}

/* The largest value, or the default when it is 0 (the seed's replace_with_default). */
static double scale_of(double largest, double fallback) { return largest == 0 ? fallback : largest; }

void ax_obj_summary_scales(const ax_objective_summary *reference, size_t n_trains,
                           const ax_objective_summary_options *o, double scale[3])
{
    double t = reference[0].time_difference, c = reference[0].n_spikes, a = reference[0].amplitude;
    for (size_t k = 1; k < n_trains; k++) {
        t = fmax(t, reference[k].time_difference);
        c = fmax(c, reference[k].n_spikes);
        a = fmax(a, reference[k].amplitude);
    }
    scale[0] = scale_of(t, o->time_scale_default);
    scale[1] = scale_of(c, o->count_scale_default);
    scale[2] = scale_of(a, o->amplitude_scale_default);
}

static double sq(double x) { return x * x; }

double ax_obj_summary_compare(const ax_objective_summary *a, const ax_objective_summary *b, const double *scale,
                              bool use_amplitude)
{
    double st = scale ? scale[0] : 1, sc = scale ? scale[1] : 1, sa = scale ? scale[2] : 1;
    double score = sq(a->time_difference / st - b->time_difference / st) + sq(a->n_spikes / sc - b->n_spikes / sc);
    if (use_amplitude)
        score += sq(a->amplitude / sa - b->amplitude / sa);
    return score;
}

static ax_status check_summaries(const ax_objective_summary *s, size_t n, const char *which, const char *caller,
                                 ax_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (isnan(s[i].time_difference) || s[i].time_difference < 0 || isnan(s[i].n_spikes) || s[i].n_spikes < 0 ||
            isnan(s[i].amplitude))
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: %s[%zu] = {time_difference %g, n_spikes %g, amplitude %g} is not allowed: "
                                    "time_difference and n_spikes >= 0, no field NaN",
                                    caller, which, i, s[i].time_difference, s[i].n_spikes, s[i].amplitude);
    }
    return AX_OK;
}

ax_status ax_objective_summary_score(const ax_objective_summary *reference, const ax_objective_summary *candidate,
                                     size_t n_conditions, size_t n_trains, const ax_objective_summary_options *options,
                                     double *score, ax_error *err)
{
    static const char *me = "ax_objective_summary_score";
    if (!reference)
        return ax_error_null(err, me, "reference");
    if (!candidate)
        return ax_error_null(err, me, "candidate");
    if (!score)
        return ax_error_null(err, me, "score");
    if (n_conditions == 0 || n_trains == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: n_conditions = %zu, n_trains = %zu: both must be at least 1", me, n_conditions,
                                n_trains);
    ax_objective_summary_options o;
    ax_objective_summary_defaults(&o, NULL);
    if (options)
        o = *options;
    ax_status st = ax_obj_check_summary_options(&o, me, err);
    if (st == AX_OK)
        st = check_summaries(reference, n_conditions * n_trains, "reference", me, err);
    if (st == AX_OK)
        st = check_summaries(candidate, n_conditions * n_trains, "candidate", me, err);
    if (st != AX_OK)
        return st;
    double total = 0;
    for (size_t c = 0; c < n_conditions; c++) {
        const ax_objective_summary *r = reference + c * n_trains, *m = candidate + c * n_trains;
        double scale[3];
        ax_obj_summary_scales(r, n_trains, &o, scale);
        double s = 0;
        for (size_t k = 0; k < n_trains; k++)
            s += ax_obj_summary_compare(r + k, m + k, o.scale ? scale : NULL, o.use_amplitude);
        total += isnan(s) ? INFINITY : s;
    }
    *score = total;
    ax_error_ok(err);
    return AX_OK;
}
