/*
 * generations_scores.c - the built-in scores of a candidate
 * (ax_fit_score_spike_count, ax_fit_score_spike_distance,
 * ax_fit_score_gamma): its spike counts against a target's, SpikeNetOpt's
 * SPIKE-distance plus a spike-count penalty, and 1 - Gamma (Jolivet et
 * al. 2008) plus the same penalty.  During the run each gives a lower bound built on
 * the count excess, which can only grow, so that candidates that fire too
 * much stop early.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fit/fit.h"

/* Checks the input and the target; fills the target's counts per protocol. */
static ax_status check(const ax_fit_score_input *in, const ax_fit_target *tg, double *score, const char *call,
                       ax_error *err)
{
    if (!in)
        return ax_error_null(err, call, "in");
    if (!tg)
        return ax_error_null(err, call, "user (the ax_fit_target)");
    if (!score)
        return ax_error_null(err, call, "score");
    if (!in->protocols)
        return ax_error_null(err, call, "in->protocols");
    if (tg->trains.n_trains != in->trains.n_trains)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the target has %zu trains, the candidate %zu: one train "
                                "per protocol is needed", call, tg->trains.n_trains, in->trains.n_trains);
    if (isnan(tg->count_weight) || tg->count_weight < 0 || isinf(tg->count_weight))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: count_weight = %g is not allowed: finite and >= 0", call,
                                tg->count_weight);
    ax_status st = ax_spike_trains_check(&tg->trains, call, err);
    if (st)
        return st;
    for (size_t p = 0; p < tg->trains.n_trains; p++) {
        size_t last = tg->trains.offsets[p + 1];
        if (last > tg->trains.offsets[p] && tg->trains.times_ms[last - 1] > in->protocols[p].run_ms)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: target train %zu has a spike at %g ms, after the end "
                                    "of protocol %zu's run (%g ms)", call, p, tg->trains.times_ms[last - 1], p,
                                    in->protocols[p].run_ms);
    }
    return AX_OK;
}

/* Sum over protocols of |n - N| (final or finished protocols) or max(0, n - N). */
static double count_score(const ax_fit_score_input *in, const ax_fit_target *tg)
{
    double s = 0;
    for (size_t p = 0; p < in->trains.n_trains; p++) {
        double n = (double)(in->trains.offsets[p + 1] - in->trains.offsets[p]);
        double N = (double)(tg->trains.offsets[p + 1] - tg->trains.offsets[p]);
        bool done = in->final || in->t_ms >= in->protocols[p].run_ms;
        s += done ? fabs(n - N) : (n > N ? n - N : 0);
    }
    return s;
}

ax_status ax_fit_score_spike_count(const ax_fit_score_input *in, void *user, double *score, ax_error *err)
{
    const ax_fit_target *tg = user;
    ax_status st = check(in, tg, score, "ax_fit_score_spike_count", err);
    if (st)
        return st;
    *score = count_score(in, tg);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_fit_score_spike_distance(const ax_fit_score_input *in, void *user, double *score, ax_error *err)
{
    const char *call = "ax_fit_score_spike_distance";
    const ax_fit_target *tg = user;
    ax_status st = check(in, tg, score, call, err);
    if (st)
        return st;
    double counts = tg->count_weight * count_score(in, tg);
    if (!in->final) {
        *score = counts;
        ax_error_ok(err);
        return AX_OK;
    }
    double sum = 0;
    size_t P = in->trains.n_trains;
    for (size_t p = 0; p < P; p++) {
        /* the two trains of protocol p as one view over its run */
        size_t a0 = in->trains.offsets[p], na = in->trains.offsets[p + 1] - a0;
        size_t b0 = tg->trains.offsets[p], nb = tg->trains.offsets[p + 1] - b0;
        double *t = malloc((na + nb ? na + nb : 1) * sizeof *t);
        if (!t)
            return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory", call);
        for (size_t k = 0; k < na; k++)
            t[k] = in->trains.times_ms[a0 + k];
        for (size_t k = 0; k < nb; k++)
            t[na + k] = tg->trains.times_ms[b0 + k];
        size_t off[3] = {0, na, na + nb};
        ax_spike_trains two = {2, off, t, 0, in->protocols[p].run_ms};
        double d;
        st = ax_spike_distance_spike(&two, 0, 1, NULL, &d, err);
        free(t);
        if (st)
            return st;
        sum += d;
    }
    *score = sum / (double)P + counts;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_fit_score_gamma(const ax_fit_score_input *in, void *user, double *score, ax_error *err)
{
    const char *call = "ax_fit_score_gamma";
    const ax_fit_gamma_target *gt = user;
    const ax_fit_target *tg = gt ? &gt->target : NULL;
    ax_status st = check(in, tg, score, call, err);
    if (st)
        return st;
    double delta = gt->delta_ms;
    if (!isfinite(delta) || delta <= 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: delta_ms = %g is not allowed: the precision window must "
                                "be finite and > 0 ms", call, delta);
    /* During the run a protocol still running adds 0 (1 - Gamma >= 0 since Gamma <= 1); a finished one its
     * final term: so the sum is a lower bound. */
    double sum = 0;
    size_t P = in->trains.n_trains;
    for (size_t p = 0; p < P; p++)
        if (in->final || in->t_ms >= in->protocols[p].run_ms)
            sum += 1.0 - ax_obj_gamma(ax_dist_train_of(&tg->trains, p), ax_dist_train_of(&in->trains, p),
                                      in->protocols[p].run_ms, delta);
    *score = sum / (double)P + tg->count_weight * count_score(in, tg);
    ax_error_ok(err);
    return AX_OK;
}
