/*
 * objective_evaluate.c - scores one candidate's outputs with a composite
 * objective.  It only reads the objective (fit helpers evaluate the
 * candidates of a generation from several threads at once) and allocates
 * only where the analysis call it reuses does (spectra, sampled pairs).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fit/fit.h"

/* The candidate's trains of a term that compares them with its target: the
 * same number of trains over the same interval. */
static ax_status check_model(const ax_obj_term *t, const ax_spike_trains *m, const char *me, ax_error *err)
{
    ax_status st = ax_spike_trains_check(m, me, err);
    if (st != AX_OK)
        return st;
    if (m->n_trains == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the candidate's spikes have no trains", me);
    if (!t->spikes.offsets)
        return AX_OK;
    if (m->n_trains != t->spikes.n_trains)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the candidate has %zu trains and the target %zu: they must be equal", me,
                                m->n_trains, t->spikes.n_trains);
    if (m->t_start != t->spikes.t_start || m->t_stop != t->spikes.t_stop)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the candidate's interval [%g, %g] ms differs from the target's [%g, %g] ms", me,
                                m->t_start, m->t_stop, t->spikes.t_start, t->spikes.t_stop);
    return AX_OK;
}

static ax_status missing(const char *what, const char *me, ax_error *err)
{
    return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the candidate's outputs have no %s, which this term needs", me,
                            what);
}

/* A population's trains [first, first + n) of the candidate's view, as a view of their own (its offsets
 * counted from 0: a copy), scored against the term's targets. */
static ax_status population_value(const ax_obj_term *t, const ax_spike_trains *m, const char *me, double *value,
                                  ax_error *err)
{
    const ax_population_target *p = &t->t.population;
    ax_spike_trains v = *m;
    size_t *offsets = NULL;
    if (p->n_trains) {
        if (p->first_train > m->n_trains || p->n_trains > m->n_trains - p->first_train)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: the population's trains [%zu, %zu) are not all in the candidate's %zu trains",
                                    me, p->first_train, p->first_train + p->n_trains, m->n_trains);
        offsets = malloc((p->n_trains + 1) * sizeof *offsets);
        if (!offsets)
            return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu trains", me, p->n_trains);
        size_t base = m->offsets[p->first_train];
        for (size_t k = 0; k <= p->n_trains; k++)
            offsets[k] = m->offsets[p->first_train + k] - base;
        v = (ax_spike_trains){p->n_trains, offsets, m->times_ms ? m->times_ms + base : NULL, m->t_start, m->t_stop};
    }
    ax_population_values values;
    ax_error inner;
    ax_status st = ax_objective_population_stats(&v, isnan(p->correlation) ? NULL : &p->spec, &values, &inner);
    free(offsets);
    if (st != AX_OK)
        return ax_error_fail(err, st, "%s: %s", me, inner.message);
    *value = ax_obj_population_error(&values, p);
    return AX_OK;
}

static ax_status term_value(const ax_obj_term *t, const ax_objective_outputs *o, const char *me, double *value,
                            ax_error *err)
{
    const ax_spike_trains *m = o->spikes, *d = &t->spikes;
    ax_status st;
    if (t->needs & AX_OBJECTIVE_NEEDS_SPIKES) {
        if (!m)
            return missing("spike trains", me, err);
        if ((st = check_model(t, m, me, err)) != AX_OK)
            return st;
    }
    double sum = 0;
    switch (t->t.kind) {
    case AX_TERM_GAMMA:
        for (size_t k = 0; k < d->n_trains; k++)
            sum += ax_obj_gamma(ax_dist_train_of(d, k), ax_dist_train_of(m, k), d->t_stop - d->t_start, t->t.delta_ms);
        *value = 1.0 - sum / (double)d->n_trains;
        return AX_OK;
    case AX_TERM_SPIKE_DISTANCE:
        for (size_t k = 0; k < d->n_trains; k++)
            sum += ax_obj_spike_loss(ax_dist_train_of(d, k), ax_dist_train_of(m, k), d->t_start, d->t_stop);
        if (isnan(sum))
            return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the spike times", me);
        *value = sum;
        return AX_OK;
    case AX_TERM_SUMMARY:
        for (size_t k = 0; k < d->n_trains; k++) {
            ax_objective_summary s = ax_obj_summary(ax_dist_train_of(m, k), t->t.dt_ms, NULL, 0.0);
            sum += ax_obj_summary_compare(&t->reference[k], &s, t->summary.scale ? t->scale : NULL, false);
        }
        *value = isnan(sum) ? INFINITY : sum;
        return AX_OK;
    case AX_TERM_FEATURE:
        *value = ax_obj_feature_error(m, &t->t.feature);
        return AX_OK;
    case AX_TERM_POPULATION:
        return population_value(t, m, me, value, err);
    case AX_TERM_TRACE:
        if (!o->voltage)
            return missing("voltage trace", me, err);
        if (o->n_voltage != t->t.n_target || o->voltage_dt_ms != t->t.dt_ms)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: the candidate's trace has %zu samples every %g ms and the target %zu every "
                                    "%g ms: they must be sampled alike", me, o->n_voltage, o->voltage_dt_ms,
                                    t->t.n_target, t->t.dt_ms);
        *value = ax_obj_trace_rms(o->voltage, t->target, t->t.n_target, t->t.dt_ms, t->skip, t->n_skip,
                                  t->t.skip_before_ms, t->t.skip_after_ms, NULL);
        return AX_OK;
    case AX_TERM_SPECTRUM: {
        if (!o->signal)
            return missing("population signal", me, err);
        if (o->signal_dt_ms != t->t.dt_ms)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: the candidate's signal is sampled every %g ms and the target's every %g ms",
                                    me, o->signal_dt_ms, t->t.dt_ms);
        ax_error inner;
        st = ax_objective_spectrum_distance(o->signal, o->n_signal, o->signal_dt_ms, t->has_welch ? &t->welch : NULL,
                                            t->target, t->t.n_target, value, &inner);
        if (st != AX_OK)
            return ax_error_fail(err, st, "%s: %s", me, inner.message);
        return AX_OK;
    }
    }
    return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the term's kind is not known", me);
}

ax_status ax_objective_evaluate(const ax_objective *objective, const ax_objective_outputs *outputs, double *total,
                                double *terms, ax_error *err)
{
    static const char *me = "ax_objective_evaluate";
    if (!objective)
        return ax_error_null(err, me, "objective");
    if (!outputs)
        return ax_error_null(err, me, "outputs");
    if (!total)
        return ax_error_null(err, me, "total");
    if (objective->n_terms == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the objective has no terms: add at least one", me);
    double sum = 0;
    for (size_t i = 0; i < objective->n_terms; i++) {
        const ax_obj_term *t = &objective->terms[i];
        char where[160];
        snprintf(where, sizeof where, "%s: term %zu (%s) of condition %zu", me, i, ax_obj_kind_name(t->t.kind),
                 t->t.condition);
        double v = 0;
        ax_status st = term_value(t, &outputs[t->t.condition], where, &v, err);
        if (st != AX_OK)
            return st;
        if (terms)
            terms[i] = v;
        /* A weight of 0 reports the term without adding it (0 x inf would be NaN). */
        if (t->t.weight > 0)
            sum += t->t.weight * v;
    }
    *total = sum;
    ax_error_ok(err);
    return AX_OK;
}
