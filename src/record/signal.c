/*
 * signal.c - population signals: the mean of a state variable and the
 * seed's EEG estimate, one value per sample summed over all neurons.
 *
 * Each thread adds the terms of its own neurons, at the end of each
 * sampled step, into its own exact accumulator (core/xsum.h); after the
 * window's barrier thread 0 merges the threads' accumulators and writes
 * the sample.  Exact sums make the value independent of how the neurons
 * are split between threads (partial double sums would not be).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xsum.h"
#include "record/record.h"

static int find_var(const ax_model *m, const char *name)
{
    for (uint32_t k = 0; k < m->n_vars; k++)
        if (strcmp(m->vars[k].name, name) == 0)
            return (int)k;
    return -1;
}

static ax_status check_spec(ax_network *net, const ax_population_data *p, const ax_signal_spec *sp, int *var)
{
    const char *what = "record signal";
    if (sp->kind != AX_SIGNAL_MEAN && sp->kind != AX_SIGNAL_EEG)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': kind %d is not allowed; allowed: AX_SIGNAL_MEAN, "
                       "AX_SIGNAL_EEG", what, p->name, (int)sp->kind);
    const char *v = sp->variable ? sp->variable : "v";
    if (sp->kind == AX_SIGNAL_EEG && strcmp(v, "v") != 0)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': the EEG sums the membrane potential 'v', not '%s'", what,
                       p->name, v);
    if ((*var = find_var(p->model, v)) < 0)
        return ax_fail(net, AX_ERR_NOT_FOUND, "%s of '%s': %s has no state variable '%s'", what, p->name,
                       p->model->name, v);
    double steps = sp->interval_ms == 0 ? 1 : sp->interval_ms / net->dt;
    if (!isfinite(steps) || steps < 1 - 1e-9 || fabs(steps - llround(steps)) > 1e-6 || steps > 1e9)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': interval %g ms is not allowed: must be a multiple of dt = %g ms",
                       what, p->name, sp->interval_ms, net->dt);
    if (sp->kind != AX_SIGNAL_EEG)
        return AX_OK;
    const struct { const char *name; double x; } pos[] = {
        {"sigma", sp->sigma}, {"distance", sp->distance}, {"min_distance", sp->min_distance}};
    for (int k = 0; k < 3; k++)
        if (!(pos[k].x > 0) || !isfinite(pos[k].x))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': eeg %s = %g is not allowed: must be finite and > 0",
                           what, p->name, pos[k].name, pos[k].x);
    for (int k = 0; k < 3; k++)
        if (!isfinite(sp->electrode[k]))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': eeg electrode[%d] = %g is not finite", what, p->name,
                           k, sp->electrode[k]);
    if (!isfinite(sp->v_ref))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': eeg v_ref = %g is not finite", what, p->name, sp->v_ref);
    return AX_OK;
}

ax_status ax_recorder_add_signal(ax_network *net, ax_population pop, const ax_signal_spec *spec, ax_recorder *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "record signal");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!spec)
        return ax_fail_null(net, "record signal", "spec");
    int var = -1;
    ax_status st = check_spec(net, p, spec, &var);
    if (st)
        return st;
    ax_signal_data *g = calloc(1, sizeof *g);
    if (!g)
        return ax_fail(net, AX_ERR_MEMORY, "record signal of '%s': out of memory", p->name);
    g->spec = *spec;
    g->spec.variable = NULL;   /* the caller's string is not kept: the name says it */
    if (spec->kind == AX_SIGNAL_EEG)
        snprintf(g->name, sizeof g->name, "eeg");
    else
        snprintf(g->name, sizeof g->name, "mean_%s", p->model->vars[var].name);
    ax_recorder r;
    if ((st = ax_recorder_add_state(net, pop, p->model->vars[var].name, ax_neurons_first(1), spec->interval_ms, &r))) {
        free(g);
        return st;
    }
    net->recs[r]->sig = g;
    net->n_signal_recs++;
    if (out)
        *out = r;
    return AX_OK;
}

/* Before a run: the EEG's coefficients (positions are final once built)
 * and an accumulator per thread and slot of two windows. */
ax_status ax_signal_prepare(ax_network *net)
{
    uint32_t slots = 2 * net->window;
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_signal_data *g = net->recs[k]->sig;
        if (!g)
            continue;
        const ax_population_data *p = net->pops[net->recs[k]->pop];
        if (g->spec.kind == AX_SIGNAL_EEG && !g->coef) {
            if (!(g->coef = ax_alloc(net, p->size ? p->size : 1, sizeof *g->coef, "eeg recorder")))
                return AX_ERR_MEMORY;
            const double *e = g->spec.electrode;
            for (uint32_t i = 0; i < p->size; i++) {
                double r = g->spec.distance;
                if (p->positions) {
                    const double *x = p->positions + 3 * (size_t)i;
                    r = sqrt((x[0] - e[0]) * (x[0] - e[0]) + (x[1] - e[1]) * (x[1] - e[1]) +
                             (x[2] - e[2]) * (x[2] - e[2]));
                }
                if (r < g->spec.min_distance)
                    r = g->spec.min_distance;   /* a neuron at the electrode: no infinite term */
                g->coef[i] = 1.0 / (4 * M_PI * g->spec.sigma * r);
            }
        }
        if (!g->acc || g->slots != slots || g->threads != net->threads) {
            free(g->acc);
            g->acc = ax_alloc_zero(net, (size_t)slots * (size_t)net->threads, sizeof *g->acc, "signal recorder");
            if (!g->acc)
                return AX_ERR_MEMORY;
            g->slots = slots;
            g->threads = net->threads;
        }
    }
    return AX_OK;
}

void ax_signal_add(const ax_network *net, const ax_recorder_data *rec, const ax_population_data *p, int k,
                   uint32_t b, uint32_t e, int64_t s)
{
    const ax_signal_data *g = rec->sig;
    ax_xsum *a = g->acc + (size_t)k * g->slots + (size_t)(s % g->slots);
    if (a->adds > AX_XSUM_MAX_ADDS - (e - b))
        ax_xsum_carry(a);
    const double *x = p->state[rec->var];
    if (g->spec.kind == AX_SIGNAL_EEG) {
        for (uint32_t i = b; i < e; i++)
            ax_xsum_add(a, (x[i] - g->spec.v_ref) * g->coef[i]);
    } else {
        for (uint32_t i = b; i < e; i++)
            ax_xsum_add(a, x[i]);
    }
    (void)net;
}

/* Thread 0, after the barrier of window [w0, w1) of a run from net->step:
 * the samples due in it, merged over threads in thread order (exact, so
 * the order does not matter for the value). */
void ax_signal_window(const ax_network *net, int64_t w0, int64_t w1)
{
    int64_t t0 = net->step;
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        ax_signal_data *g = r->sig;
        if (!g)
            continue;
        const ax_population_data *p = net->pops[r->pop];
        for (int64_t s = w0; s < w1; s++) {
            if ((s + 1) % r->interval)
                continue;
            ax_xsum sum = g->acc[s % g->slots];
            ax_xsum_carry(&sum);
            for (int t = 1; t < g->threads; t++) {
                ax_xsum *a = g->acc + (size_t)t * g->slots + (size_t)(s % g->slots);
                ax_xsum_carry(a);
                ax_xsum_merge(&sum, a);
            }
            for (int t = 0; t < g->threads; t++)
                memset(g->acc + (size_t)t * g->slots + (size_t)(s % g->slots), 0, sizeof *g->acc);
            double v = ax_xsum_value(&sum);
            if (g->spec.kind == AX_SIGNAL_MEAN)
                v = p->size ? v / p->size : NAN;
            size_t row = r->n_samples + (size_t)((s + 1) / r->interval - (t0 / r->interval + 1));
            r->values[row] = v;
        }
    }
}

void ax_signal_free(ax_signal_data *g)
{
    if (!g)
        return;
    free(g->coef);
    free(g->acc);
    free(g);
}
