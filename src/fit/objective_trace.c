/*
 * objective_trace.c - the RMS difference of two voltage traces on one grid,
 * optionally with windows around spikes left out (the subthreshold error:
 * a spike shifted by one step would otherwise dominate the sum).
 */
#include <math.h>

#include "fit/fit.h"

double ax_obj_trace_rms(const double *model, const double *target, size_t n, double dt_ms, const double *skip_ms,
                        size_t n_skip, double before_ms, double after_ms, size_t *n_used)
{
    double sum = 0;
    size_t used = 0, s = 0;
    bool diverged = false;
    for (size_t j = 0; j < n; j++) {
        double t = (double)j * dt_ms;
        /* The windows are sorted by their spikes: skip those that end before t. */
        while (s < n_skip && skip_ms[s] + after_ms < t)
            s++;
        if (s < n_skip && skip_ms[s] - before_ms <= t)
            continue;
        if (!isfinite(model[j]))
            diverged = true;
        double d = model[j] - target[j];
        sum += d * d;
        used++;
    }
    if (n_used)
        *n_used = used;
    if (used == 0)
        return NAN;
    return diverged ? INFINITY : sqrt(sum / (double)used);
}

ax_status ax_obj_check_trace(const double *target, size_t n, double dt_ms, const double *skip_ms, size_t n_skip,
                             double before_ms, double after_ms, const char *caller, ax_error *err)
{
    if (!target)
        return ax_error_null(err, caller, "target");
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the traces are empty (n = 0): at least one sample is needed",
                                caller);
    if (!isfinite(dt_ms) || dt_ms <= 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: dt_ms = %g is not allowed: it must be finite and > 0",
                                caller, dt_ms);
    for (size_t j = 0; j < n; j++)
        if (!isfinite(target[j]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: target[%zu] is %g: target samples must be finite",
                                    caller, j, target[j]);
    if (n_skip && !skip_ms)
        return ax_error_null(err, caller, "skip_ms");
    if (!isfinite(before_ms) || before_ms < 0 || !isfinite(after_ms) || after_ms < 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the windows [-%g, +%g] ms around spikes are not allowed: both lengths must be "
                                "finite and >= 0", caller, before_ms, after_ms);
    for (size_t i = 0; i < n_skip; i++) {
        if (!isfinite(skip_ms[i]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: skip_ms[%zu] is %g: spike times must be finite", caller,
                                    i, skip_ms[i]);
        if (i && skip_ms[i] < skip_ms[i - 1])
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: skip_ms[%zu] = %g comes before skip_ms[%zu] = %g: spike times must be sorted",
                                    caller, i, skip_ms[i], i - 1, skip_ms[i - 1]);
    }
    size_t used;
    ax_obj_trace_rms(target, target, n, dt_ms, skip_ms, n_skip, before_ms, after_ms, &used);
    if (used == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the windows around the %zu spikes leave out all %zu samples: nothing is compared",
                                caller, n_skip, n);
    return AX_OK;
}

ax_status ax_objective_trace_error(const double *model, const double *target, size_t n, double dt_ms,
                                   const double *skip_ms, size_t n_skip, double skip_before_ms, double skip_after_ms,
                                   double *rms, size_t *n_used, ax_error *err)
{
    static const char *me = "ax_objective_trace_error";
    if (!model)
        return ax_error_null(err, me, "model");
    if (!rms)
        return ax_error_null(err, me, "rms");
    ax_status st = ax_obj_check_trace(target, n, dt_ms, skip_ms, n_skip, skip_before_ms, skip_after_ms, me, err);
    if (st != AX_OK)
        return st;
    *rms = ax_obj_trace_rms(model, target, n, dt_ms, skip_ms, n_skip, skip_before_ms, skip_after_ms, n_used);
    ax_error_ok(err);
    return AX_OK;
}
