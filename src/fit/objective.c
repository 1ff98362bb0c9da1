/*
 * objective.c - the composite objective: weighted terms, each with copies of
 * its target data, checked and prepared when added so that evaluating a
 * candidate (objective_evaluate.c) only reads them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit.h"

const char *ax_obj_kind_name(ax_objective_kind kind)
{
    switch (kind) {
    case AX_TERM_GAMMA: return "gamma";
    case AX_TERM_SPIKE_DISTANCE: return "spike_distance";
    case AX_TERM_SUMMARY: return "summary";
    case AX_TERM_TRACE: return "trace";
    case AX_TERM_FEATURE: return "feature";
    case AX_TERM_SPECTRUM: return "spectrum";
    case AX_TERM_POPULATION: return "population";
    }
    return "unknown";
}

ax_objective *ax_objective_create(size_t n_conditions, ax_error *err)
{
    if (n_conditions == 0) {
        ax_error_fail(err, AX_ERR_ARGUMENT,
                         "ax_objective_create: n_conditions = 0: at least one condition is needed");
        return NULL;
    }
    ax_objective *o = calloc(1, sizeof *o);
    if (!o) {
        ax_error_fail(err, AX_ERR_MEMORY, "ax_objective_create: out of memory for the objective");
        return NULL;
    }
    o->n_conditions = n_conditions;
    ax_error_ok(err);
    return o;
}

static void term_release(ax_obj_term *t)
{
    free((void *)t->spikes.offsets);
    free((void *)t->spikes.times_ms);
    free(t->target);
    free(t->reference);
    free(t->skip);
}

void ax_objective_free(ax_objective *objective)
{
    if (!objective)
        return;
    for (size_t i = 0; i < objective->n_terms; i++)
        term_release(&objective->terms[i]);
    free(objective->terms);
    free(objective);
}

static ax_status no_memory(const char *caller, ax_error *err)
{
    return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for a copy of the target data", caller);
}

/* Copies a checked view into t->spikes. */
static ax_status copy_spikes(ax_obj_term *t, const ax_spike_trains *s, const char *caller, ax_error *err)
{
    size_t n = s->offsets[s->n_trains];
    size_t *off = malloc((s->n_trains + 1) * sizeof *off);
    double *times = malloc((n ? n : 1) * sizeof *times);
    if (!off || !times) {
        free(off), free(times);
        return no_memory(caller, err);
    }
    memcpy(off, s->offsets, (s->n_trains + 1) * sizeof *off);
    if (n)
        memcpy(times, s->times_ms, n * sizeof *times);
    t->spikes = (ax_spike_trains){s->n_trains, off, times, s->t_start, s->t_stop};
    return AX_OK;
}

static ax_status need_spikes(const ax_objective_term *term, const char *caller, ax_error *err)
{
    if (!term->target_spikes)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: target_spikes is NULL: this kind compares with data trains",
                                caller);
    ax_status st = ax_spike_trains_check(term->target_spikes, caller, err);
    if (st == AX_OK && term->target_spikes->n_trains == 0)
        st = ax_error_fail(err, AX_ERR_ARGUMENT, "%s: target_spikes has no trains: at least one is needed", caller);
    return st;
}

static int by_time(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static ax_status prepare(ax_obj_term *t, const ax_objective_term *term, const char *me, ax_error *err)
{
    ax_status st = AX_OK;
    switch (term->kind) {
    case AX_TERM_GAMMA:
        if (!isfinite(term->delta_ms) || term->delta_ms <= 0)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: delta_ms = %g is not allowed: the precision window must be finite and > 0 ms",
                                    me, term->delta_ms);
        /* fall through */
    case AX_TERM_SPIKE_DISTANCE:
        st = need_spikes(term, me, err);
        if (st == AX_OK)
            st = copy_spikes(t, term->target_spikes, me, err);
        t->needs = AX_OBJECTIVE_NEEDS_SPIKES;
        return st;
    case AX_TERM_SUMMARY: {
        st = need_spikes(term, me, err);
        if (st == AX_OK)
            st = ax_obj_check_summary_options(term->summary, me, err);
        if (st != AX_OK)
            return st;
        ax_objective_summary_defaults(&t->summary, NULL);
        if (term->summary)
            t->summary = *term->summary;
        t->summary.use_amplitude = false;     /* trains carry no amplitudes */
        size_t n = term->target_spikes->n_trains;
        t->reference = malloc(n * sizeof *t->reference);
        if (!t->reference)
            return no_memory(me, err);
        ax_error inner;
        if (ax_objective_summarize(term->target_spikes, term->dt_ms, NULL, 0.0, t->reference, &inner) != AX_OK)
            return ax_error_fail(err, inner.status, "%s: %s", me, inner.message);
        /* The candidate's spikes lie in the same interval: their steps fit too. */
        const ax_spike_trains *s = term->target_spikes;
        if (fmax(fabs(s->t_start), fabs(s->t_stop)) / term->dt_ms > 9007199254740992.0)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: the interval [%g, %g] ms has steps of %g ms beyond 2^53: use a larger dt_ms",
                                    me, s->t_start, s->t_stop, term->dt_ms);
        ax_obj_summary_scales(t->reference, n, &t->summary, t->scale);
        t->needs = AX_OBJECTIVE_NEEDS_SPIKES;
        return copy_spikes(t, term->target_spikes, me, err);
    }
    case AX_TERM_TRACE: {
        const ax_spike_trains *s = term->target_spikes;
        if (s && (st = ax_spike_trains_check(s, me, err)) != AX_OK)
            return st;
        t->n_skip = s ? s->offsets[s->n_trains] : 0;
        if (t->n_skip) {
            t->skip = malloc(t->n_skip * sizeof *t->skip);
            if (!t->skip)
                return no_memory(me, err);
            memcpy(t->skip, s->times_ms, t->n_skip * sizeof *t->skip);
            qsort(t->skip, t->n_skip, sizeof *t->skip, by_time);
        }
        st = ax_obj_check_trace(term->target, term->n_target, term->dt_ms, t->skip, t->n_skip, term->skip_before_ms,
                                term->skip_after_ms, me, err);
        if (st != AX_OK)
            return st;
        t->needs = AX_OBJECTIVE_NEEDS_VOLTAGE;
        break;
    }
    case AX_TERM_SPECTRUM:
        if ((st = ax_obj_check_spectrum_target(term->target, term->n_target, me, err)) != AX_OK)
            return st;
        if (!isfinite(term->dt_ms) || term->dt_ms <= 0)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: dt_ms = %g is not allowed: the signal's sampling interval, finite and > 0",
                                    me, term->dt_ms);
        if (term->welch)
            t->welch = *term->welch;
        t->needs = AX_OBJECTIVE_NEEDS_SIGNAL;
        break;
    case AX_TERM_FEATURE:
        t->needs = AX_OBJECTIVE_NEEDS_SPIKES;
        return ax_obj_check_feature_spec(&term->feature, me, err);
    case AX_TERM_POPULATION:
        t->needs = AX_OBJECTIVE_NEEDS_SPIKES;
        return ax_obj_check_population_target(&term->population, me, err);
    default:
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: kind %d is not known: AX_TERM_GAMMA (0) .. AX_TERM_POPULATION (6)", me,
                                (int)term->kind);
    }
    /* TRACE and SPECTRUM keep a copy of the target array. */
    t->target = malloc(term->n_target * sizeof *t->target);
    if (!t->target)
        return no_memory(me, err);
    memcpy(t->target, term->target, term->n_target * sizeof *t->target);
    return AX_OK;
}

ax_status ax_objective_add(ax_objective *objective, const ax_objective_term *term, ax_error *err)
{
    if (!objective)
        return ax_error_null(err, "ax_objective_add", "objective");
    if (!term)
        return ax_error_null(err, "ax_objective_add", "term");
    char me[160];
    snprintf(me, sizeof me, "ax_objective_add: term %zu (%s) of condition %zu", objective->n_terms,
             ax_obj_kind_name(term->kind), term->condition);
    if (term->condition >= objective->n_conditions)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: condition %zu does not exist: the objective has %zu conditions (0 .. %zu)", me,
                                term->condition, objective->n_conditions, objective->n_conditions - 1);
    if (!isfinite(term->weight) || term->weight < 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: weight %g is not allowed: it must be finite and >= 0", me,
                                term->weight);
    if (objective->n_terms == objective->capacity) {
        size_t cap = objective->capacity ? 2 * objective->capacity : 4;
        ax_obj_term *grown = realloc(objective->terms, cap * sizeof *grown);
        if (!grown)
            return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the terms", me);
        objective->terms = grown;
        objective->capacity = cap;
    }
    ax_obj_term t;
    memset(&t, 0, sizeof t);
    t.t = *term;
    ax_status st = prepare(&t, term, me, err);
    if (st != AX_OK) {
        term_release(&t);
        return st;
    }
    /* The caller's pointers may go: evaluation reads the copies only. */
    t.has_welch = term->welch != NULL;
    t.t.target_spikes = NULL;
    t.t.target = NULL;
    t.t.summary = NULL;
    t.t.welch = NULL;
    objective->terms[objective->n_terms++] = t;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_objective_get_needs(const ax_objective *objective, unsigned *needs, size_t *n_terms, size_t *n_conditions,
                                 ax_error *err)
{
    if (!objective)
        return ax_error_null(err, "ax_objective_get_needs", "objective");
    unsigned bits = 0;
    for (size_t i = 0; i < objective->n_terms; i++)
        bits |= objective->terms[i].needs;
    if (needs)
        *needs = bits;
    if (n_terms)
        *n_terms = objective->n_terms;
    if (n_conditions)
        *n_conditions = objective->n_conditions;
    ax_error_ok(err);
    return AX_OK;
}

static const char *need_name(unsigned bit)
{
    return bit == AX_OBJECTIVE_NEEDS_SPIKES ? "spike trains"
           : bit == AX_OBJECTIVE_NEEDS_VOLTAGE ? "a voltage trace" : "a population signal";
}

ax_status ax_objective_check(const ax_objective *objective, unsigned available, ax_error *err)
{
    static const char *me = "ax_objective_check";
    if (!objective)
        return ax_error_null(err, me, "objective");
    if (objective->n_terms == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the objective has no terms: add at least one", me);
    for (size_t i = 0; i < objective->n_terms; i++) {
        const ax_obj_term *t = &objective->terms[i];
        unsigned missing = t->needs & ~available;
        if (missing)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: term %zu (%s) of condition %zu needs %s, which is not recorded "
                                    "(recorded:%s%s%s%s)",
                                    me, i, ax_obj_kind_name(t->t.kind), t->t.condition, need_name(missing),
                                    available & AX_OBJECTIVE_NEEDS_SPIKES ? " spikes" : "",
                                    available & AX_OBJECTIVE_NEEDS_VOLTAGE ? " voltage" : "",
                                    available & AX_OBJECTIVE_NEEDS_SIGNAL ? " signal" : "",
                                    available & 7u ? "" : " nothing");
    }
    ax_error_ok(err);
    return AX_OK;
}
