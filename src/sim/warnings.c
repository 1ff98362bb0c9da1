/*
 * warnings.c - the warnings a run shows (axon.h, "Warnings";
 * docs/warnings.md): recorders that sample nothing before the planned end,
 * populations that fire on nearly every step, states in mV far outside any
 * physiological range.  Found after each run with one pass over the spike
 * counts and the states (cheap next to the run), and - for recorders -
 * before a planned run by ax_network_check_run.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/warning.h"
#include "sim/sim.h"

/* A population fires on "nearly every step" past this many spikes per
 * neuron per step, measured over at least this many steps (a neuron that
 * starts above threshold fires on the first step alone). */
#define FIRES_EVERY_STEP_RATE 0.5
#define FIRES_EVERY_STEP_MIN_STEPS 10

/* No membrane or reversal potential of a living cell reaches this (mV). */
#define STATE_RANGE_MV 1000.0

/* ---- recorders ---- */

/* The first step at which recorder r takes a sample in a run from `from`
 * (INT64_MAX: never).  State samples are taken at the end of a step s with
 * (s + 1) a multiple of the interval, i.e. at time (s + 1) dt > from;
 * weight samples at their steps >= from (record/weights.c). */
static int64_t next_sample(const ax_recorder_data *r, int64_t from)
{
    if (r->var >= 0)
        return (from / r->interval + 1) * r->interval;
    const ax_weight_recorder *w = r->w;
    if (w->interval)
        return from <= w->first ? w->first
                                : w->first + (from - w->first + w->interval - 1) / w->interval * w->interval;
    for (size_t j = 0; j < w->n_steps; j++)
        if (w->steps[j] >= from)
            return w->steps[j];
    return INT64_MAX;
}

/* Recorders whose schedule has no sample in the steps [from, end].  The
 * schedule, not what a recorder holds: a streamed recorder drops what it
 * has written. */
static void check_recorders(ax_network *net, int64_t from, int64_t end)
{
    for (uint32_t k = 0; k < net->n_recs; k++) {
        const ax_recorder_data *r = net->recs[k];
        if (r->var == AX_VAR_SPIKES)
            continue;
        int64_t next = next_sample(r, from);
        if (next <= end)
            continue;
        char what[200];
        if (r->var >= 0) {
            const ax_population_data *p = net->pops[r->pop];
            snprintf(what, sizeof what, "state '%s' of population '%s', every %g ms", p->model->vars[r->var].name,
                     p->name, r->interval * net->dt);
        } else {
            snprintf(what, sizeof what, "weights of projection %u, %s", r->w->proj,
                     r->w->interval ? "at an interval" : "at given times");
        }
        ax_warning w = ax_warning_of(AX_WARNING_RECORDER_NEVER_SAMPLES);
        w.recorder = r->index;
        w.population = r->pop;
        if (r->var < 0)
            w.projection = r->w->proj;
        w.value = next == INT64_MAX ? INFINITY : (double)next * net->dt;
        char first[64] = "has no sample time left";
        if (next != INT64_MAX)
            snprintf(first, sizeof first, "takes its first sample at t = %g ms", (double)next * net->dt);
        ax_warn(net, &w, 0,
                "recorder %u (%s) %s, after the end of the run at t = %g ms: it records nothing; give it %s, or "
                "run longer",
                r->index, what, first, (double)end * net->dt,
                r->var < 0 && !r->w->interval ? "earlier times" : "a shorter interval");
    }
}

/* ---- spikes ---- */

static void check_firing(ax_network *net)
{
    if (net->step < FIRES_EVERY_STEP_MIN_STEPS || !net->thr)
        return;
    for (uint32_t i = 0; i < net->n_pops; i++) {
        const ax_population_data *p = net->pops[i];
        uint64_t spikes = ax_population_spikes(net, i);
        double per_step = (double)spikes / ((double)p->size * (double)net->step);
        if (!(per_step > FIRES_EVERY_STEP_RATE))
            continue;
        const ax_model *m = p->model;
        ax_warning w = ax_warning_of(AX_WARNING_FIRES_EVERY_STEP);
        w.population = i;
        w.step = net->step;
        w.value = per_step;
        ax_warn(net, &w, 0,
                "population '%s' (%s, %u neurons) fired %.3g spikes per neuron per step over the %lld steps so far "
                "(%.6g Hz at dt = %g ms): its neurons spike on nearly every step, which no neuron does, so the "
                "rate is set by dt, not by the model; its drive is likely far too strong or in other units%s%s",
                p->name, m->name, p->size, per_step, (long long)net->step, per_step * 1000.0 / net->dt, net->dt,
                m->drive_hint ? ": " : "", m->drive_hint ? m->drive_hint : "");
    }
}

/* ---- states ---- */

static void check_states(ax_network *net)
{
    for (uint32_t i = 0; i < net->n_pops; i++) {
        const ax_population_data *p = net->pops[i];
        const ax_model *m = p->model;
        for (uint32_t v = 0; v < m->n_vars; v++) {
            if (strcmp(m->vars[v].unit, "mV") != 0)
                continue;
            const double *x = p->state[v];
            uint32_t worst = 0, beyond = 0;
            for (uint32_t j = 0; j < p->size; j++)
                if (fabs(x[j]) > STATE_RANGE_MV) {
                    if (!beyond++ || fabs(x[j]) > fabs(x[worst]))
                        worst = j;
                }
            if (!beyond)
                continue;
            ax_warning w = ax_warning_of(AX_WARNING_STATE_RANGE);
            w.population = i;
            w.neuron = worst;
            w.step = net->step;
            w.value = x[worst];
            ax_warn(net, &w, v,
                    "population '%s' (%s) neuron %u: state variable '%s' is %g mV at t = %g ms (%u of %u neurons "
                    "beyond +-%g mV), far outside any physiological range: the model is driven or set outside "
                    "what it describes; check its parameters, initial state and inputs and their units",
                    p->name, m->name, worst, m->vars[v].name, x[worst], (double)net->step * net->dt, beyond,
                    p->size, STATE_RANGE_MV);
        }
    }
}

/* ---- when ---- */

void ax_warnings_after_run(ax_network *net, int64_t t0, int64_t t_end)
{
    const ax_warning_list *l = &net->core.warnings;
    ax_warnings_check_declared(net);   /* inputs may have come between runs */
    /* a run that is a piece of the planned one is judged with the whole */
    bool planned = l->planned_start <= t0 && t_end <= l->planned_end;
    check_recorders(net, planned ? l->planned_start : t0, planned ? l->planned_end : t_end);
    check_firing(net);
    check_states(net);
}

ax_status ax_network_check_run(ax_network *net, double duration_ms)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_status st = ax_duration_check(net, duration_ms, "check run");   /* the rule of ax_network_run */
    if (st)
        return st;
    ax_warning_list *l = &net->core.warnings;
    l->planned_start = net->step;
    l->planned_end = net->step + llround(duration_ms / net->dt);
    ax_warnings_check_declared(net);
    check_recorders(net, l->planned_start, l->planned_end);
    return AX_OK;
}
