/*
 * objective_features.c - features of a spike train (rate, first-spike
 * latency, adaptation index, CV) and the error of a model's feature against
 * a target value.  The CV is the analysis library's accumulator
 * (ax_isi_acc), so it is ax_spike_trains_cv's value bit for bit.
 */
#include <math.h>

#include "fit/fit.h"

/* Druckmann et al. (2007)'s accommodation index over the intervals after
 * the first k = min(4, floor(n / 5)) of the n; NAN with fewer than 2 left. */
static double adaptation(ax_dist_train t)
{
    if (t.n < 3)
        return NAN;
    size_t n = t.n - 1, k = n / 5 < 4 ? n / 5 : 4;
    double sum = 0;
    size_t terms = 0;
    /* pairs (I_i, I_{i+1}) for i = k+1 .. n-1, I_i = t[i] - t[i-1] (1-based) */
    for (size_t i = k + 1; i + 1 <= n; i++) {
        double a = t.t[i] - t.t[i - 1], b = t.t[i + 1] - t.t[i];
        if (a + b > 0)
            sum += (b - a) / (a + b);
        terms++;
    }
    return terms ? sum / (double)terms : NAN;
}

void ax_obj_features(ax_dist_train train, double t_start, double t_stop, ax_feature_values *out)
{
    out->rate_hz = (double)train.n / ((t_stop - t_start) / 1000.0);
    out->latency_ms = train.n ? train.t[0] - t_start : NAN;
    out->adaptation = adaptation(train);
    ax_isi_acc acc = {0};
    for (size_t i = 0; i < train.n; i++)
        ax_isi_acc_add(&acc, train.t[i], 0.0);
    out->cv = ax_isi_acc_cv(&acc);
}

double ax_obj_feature_value(const ax_feature_values *v, ax_feature feature)
{
    switch (feature) {
    case AX_FEATURE_RATE: return v->rate_hz;
    case AX_FEATURE_LATENCY: return v->latency_ms;
    case AX_FEATURE_ADAPTATION: return v->adaptation;
    case AX_FEATURE_CV: return v->cv;
    }
    return NAN;
}

ax_status ax_objective_features(const ax_spike_trains *trains, size_t k, ax_feature_values *out, ax_error *err)
{
    static const char *me = "ax_objective_features";
    if (!out)
        return ax_error_null(err, me, "out");
    ax_status st = ax_spike_trains_check(trains, me, err);
    if (st != AX_OK)
        return st;
    if (k >= trains->n_trains)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: train %zu does not exist: the view has %zu trains", me, k,
                                trains->n_trains);
    ax_obj_features(ax_dist_train_of(trains, k), trains->t_start, trains->t_stop, out);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_obj_check_feature_spec(const ax_feature_spec *spec, const char *caller, ax_error *err)
{
    if (!spec)
        return ax_error_null(err, caller, "spec");
    if ((unsigned)spec->feature > AX_FEATURE_CV)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: feature %d is not known: AX_FEATURE_RATE (0), _LATENCY (1), _ADAPTATION (2) "
                                "or _CV (3)", caller, (int)spec->feature);
    if (!isfinite(spec->target))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the feature's target %g is not allowed: it must be finite",
                                caller, spec->target);
    if (!isfinite(spec->scale) || spec->scale <= 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the feature's scale %g is not allowed: it must be finite and > 0", caller,
                                spec->scale);
    if (!isfinite(spec->penalty) || spec->penalty < 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the feature's penalty %g is not allowed: it must be finite and >= 0", caller,
                                spec->penalty);
    return AX_OK;
}

double ax_obj_feature_error(const ax_spike_trains *model, const ax_feature_spec *spec)
{
    double sum = 0;
    for (size_t k = 0; k < model->n_trains; k++) {
        ax_feature_values v;
        ax_obj_features(ax_dist_train_of(model, k), model->t_start, model->t_stop, &v);
        double f = ax_obj_feature_value(&v, spec->feature);
        if (isnan(f)) {
            sum += spec->penalty;
        } else {
            double e = (f - spec->target) / spec->scale;
            sum += spec->absolute ? fabs(e) : e * e;
        }
    }
    return sum / (double)model->n_trains;
}

ax_status ax_objective_feature_error(const ax_spike_trains *model, const ax_feature_spec *spec, double *error,
                                     ax_error *err)
{
    static const char *me = "ax_objective_feature_error";
    if (!error)
        return ax_error_null(err, me, "error");
    ax_status st = ax_obj_check_feature_spec(spec, me, err);
    if (st == AX_OK)
        st = ax_spike_trains_check(model, me, err);
    if (st != AX_OK)
        return st;
    if (model->n_trains == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the model has no trains: at least one is needed", me);
    *error = ax_obj_feature_error(model, spec);
    ax_error_ok(err);
    return AX_OK;
}
