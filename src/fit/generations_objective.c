/*
 * generations_objective.c - a composite objective (ax_objective) as the
 * score of a whole-generation run (ax_fit_score_objective): protocol p is
 * the objective's condition p.  At the end the score is exactly
 * ax_objective_evaluate's total; during the run it is a lower bound built
 * on what can only grow (spike counts above the target's), so that early
 * stopping never stops a candidate that could still win.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fit/fit.h"

#define CALL "ax_fit_score_objective"

/* The lower bound of one term from the candidate's count n against the
 * target's N in its condition; `done`: the protocol's run is over, so n is
 * final. */
static double term_bound(const ax_obj_term *t, double n, bool done)
{
    if (t->spikes.n_trains != 1)
        return 0;
    double N = (double)t->spikes.offsets[1];
    double excess = done ? fabs(n - N) : (n > N ? n - N : 0);
    switch (t->t.kind) {
    case AX_TERM_SPIKE_DISTANCE:   /* D + |n - N|, D >= 0 */
        return t->t.weight * excess;
    case AX_TERM_SUMMARY: {        /* a sum of squares, one of them the count's */
        double scale = t->summary.scale ? t->scale[1] : 1;
        double d = excess / scale;
        return t->t.weight * d * d;
    }
    default:
        return 0;
    }
}

static ax_status bound(const ax_fit_score_input *in, const ax_objective *obj, double *score, ax_error *err)
{
    double s = 0;
    for (size_t i = 0; i < obj->n_terms; i++) {
        const ax_obj_term *t = &obj->terms[i];
        size_t p = t->t.condition;
        double n = (double)(in->trains.offsets[p + 1] - in->trains.offsets[p]);
        s += term_bound(t, n, in->t_ms >= in->protocols[p].run_ms);
    }
    *score = s;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_fit_score_objective(const ax_fit_score_input *in, void *user, double *score, ax_error *err)
{
    const ax_objective *obj = user;
    if (!in)
        return ax_error_null(err, CALL, "in");
    if (!obj)
        return ax_error_null(err, CALL, "user (the ax_objective)");
    if (!score)
        return ax_error_null(err, CALL, "score");
    if (!in->protocols || !in->trains.offsets)
        return ax_error_null(err, CALL, !in->protocols ? "in->protocols" : "in->trains.offsets");
    size_t P = in->trains.n_trains;
    if (obj->n_conditions != P)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": the objective has %zu conditions, the candidate %zu "
                             "protocols: one condition per protocol is needed", obj->n_conditions, P);
    if (!in->final)
        return bound(in, obj, score, err);
    size_t *offsets = malloc(2 * P * sizeof *offsets);
    ax_spike_trains *views = malloc(P * sizeof *views);
    ax_objective_outputs *out = calloc(P, sizeof *out);
    if (!offsets || !views || !out) {
        free(offsets), free(views), free(out);
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory for the outputs of %zu protocols", P);
    }
    for (size_t p = 0; p < P; p++) {
        size_t first = in->trains.offsets[p];
        offsets[2 * p] = 0;
        offsets[2 * p + 1] = in->trains.offsets[p + 1] - first;
        const double *times = in->trains.times_ms ? in->trains.times_ms + first : NULL;   /* none: NULL */
        views[p] = (ax_spike_trains){1, offsets + 2 * p, times, 0, in->protocols[p].run_ms};
        out[p].spikes = &views[p];
        if (in->v && in->n_v) {
            out[p].voltage = in->v[p];
            out[p].n_voltage = in->n_v[p];
            out[p].voltage_dt_ms = in->record_ms;
        }
    }
    ax_status st = ax_objective_evaluate(obj, out, score, NULL, err);
    free(offsets), free(views), free(out);
    return st;
}
