/*
 * failure.c - why a run stopped early, told twice: as the message of the
 * status ax_network_run returns, and as a structure (ax_network_get_failure)
 * that a program can act on - the offending neuron and its state, where
 * it went wrong, and the likely cause.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/values.h"
#include "sim/sim.h"

void ax_run_failure_clear(ax_network *net)
{
    free(net->failure.state);
    memset(&net->failure, 0, sizeof net->failure);
}

/* The value of parameter k for neuron i. */
static double param_of(const ax_population_data *p, uint32_t k, uint32_t i)
{
    return p->param[k][p->per_neuron[k] ? i : 0];
}

/* The strongest drive onto neuron i of population `pop`: a projection's
 * weight, an injected current, or a parameter that is a current (unit nA,
 * as i_offset), as a phrase; false when nothing drives it. */
static bool strongest_input(const ax_network *net, uint32_t pop, uint32_t i, char *out, size_t len)
{
    double best = 0;
    const ax_population_data *p = net->pops[pop];
    for (uint32_t k = 0; k < p->model->n_params; k++) {
        const ax_param_info *pi = &p->model->params[k];
        double a = fabs(param_of(p, k, i));
        if (pi->unit && !strcmp(pi->unit, "nA") && a > best) {
            best = a;
            snprintf(out, len, "its parameter %s = %g nA", pi->name, param_of(p, k, i));
        }
    }
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *pr = net->projs[q];
        if (pr->to != pop || pr->gap)
            continue;
        double center, lo, hi;
        char d[128];
        ax_projection_weights_now(pr, &center, &lo, &hi, d, sizeof d);
        double w = fmax(fabs(lo), fabs(hi));
        if (!(w > best))
            continue;
        best = w;
        const ax_receptor_info *ri = &net->pops[pop]->model->receptors[pr->receptor];
        snprintf(out, len, "projection %u from population '%s' onto receptor '%s' (weights up to %g %s)", q,
                 net->pops[pr->from]->name, ri->name, w, ri->weight_unit);
    }
    for (uint32_t k = 0; k < net->n_inputs; k++) {
        const ax_input_data *in = net->inputs[k];
        const ax_input_spec *s = &in->spec;
        if (in->pop != pop || s->kind == AX_INPUT_POISSON)
            continue;
        double a = s->kind == AX_INPUT_DC      ? fabs(s->amplitude)
                   : s->kind == AX_INPUT_AC    ? fabs(s->offset) + fabs(s->amplitude)
                   : s->kind == AX_INPUT_NOISE ? fabs(s->mean) + 3 * s->std
                                               : 0;
        for (size_t j = 0; s->kind == AX_INPUT_STEP && j < s->n_times; j++)
            a = fmax(a, fabs(in->amplitudes[j]));
        if (a > best) {
            best = a;
            snprintf(out, len, "input %u (an injected current of up to %g nA)", k, a);
        }
    }
    return best > 0;
}

/* A likely cause of neuron i of p going to NaN or infinity, as advice. */
static void likely_cause(const ax_network *net, const ax_population_data *p, uint32_t i, char *out, size_t len)
{
    const ax_model *m = p->model;
    int fast = -1;
    for (uint32_t k = 0; k < m->n_params; k++)
        if (m->params[k].unit && !strcmp(m->params[k].unit, "ms") && !strncmp(m->params[k].name, "tau", 3) &&
            (fast < 0 || param_of(p, k, i) < param_of(p, (uint32_t)fast, i)))
            fast = (int)k;
    if (fast >= 0 && net->dt > 0.5 * param_of(p, (uint32_t)fast, i)) {
        snprintf(out, len, "the time step: dt = %g ms is not small against %s = %g ms; take dt <= %g ms", net->dt,
                 m->params[fast].name, param_of(p, (uint32_t)fast, i), param_of(p, (uint32_t)fast, i) / 10);
        return;
    }
    char input[200];
    if (strongest_input(net, p->index, i, input, sizeof input)) {
        snprintf(out, len, "too strong an input for dt = %g ms: the strongest onto '%s' is %s; a large input drives "
                 "a model's fast or nonlinear terms (an exponential or quadratic spike term, gating kinetics) "
                 "further in one step than the integration can follow: lower the input, or dt",
                 net->dt, p->name, input);
        return;
    }
    snprintf(out, len, "the parameters of population '%s' (%s), without any input: check them against the model's "
             "documented ranges (axon models %s), or lower dt = %g ms", p->name, m->name, m->name, net->dt);
}

ax_status ax_run_failed(ax_network *net, uint32_t gid, int var, double value, int64_t from, int64_t to)
{
    ax_failure_data *f = &net->failure;
    net->failed = true;
    f->step = net->step;
    f->from = from;
    f->to = to;
    if (gid >= UINT32_MAX - 1)
        return ax_run_note(net, ax_fail(net, AX_ERR_MEMORY, "run: out of memory for spike lists, recordings or "
                                        "plasticity histories at t = %g ms", (double)net->step * net->dt));
    const ax_population_data *p = net->pops[ax_population_of(net, gid)];
    uint32_t i = gid - p->first_id, n = p->model->n_vars;
    f->status = AX_ERR_NUMERIC;
    f->pop = p->index;
    f->neuron = i;
    f->var = var;
    f->value = value;
    /* its whole state as the check found it (the recordings show how it came) */
    if ((f->state = malloc(n * sizeof *f->state)) != NULL) {
        f->n_vars = n;
        for (uint32_t v = 0; v < n; v++)
            f->state[v] = p->state[v][i];
    }
    likely_cause(net, p, i, f->cause, sizeof f->cause);
    return ax_fail(net, AX_ERR_NUMERIC,
                   "run: population '%s' (%s) neuron %u: state variable '%s' became %g between t = %g and %g ms; "
                   "the integration is unstable; likely cause: %s",
                   p->name, p->model->name, i, p->model->vars[var].name, value, (double)from * net->dt,
                   (double)to * net->dt, f->cause);
}

ax_status ax_run_note(ax_network *net, ax_status st)
{
    net->failure.status = st;
    net->failure.step = net->step;
    snprintf(net->failure.cause, sizeof net->failure.cause, "%s", ax_network_get_error(net));
    return st;
}

ax_status ax_run_stopped(ax_network *net, bool interrupted, int64_t t_end)
{
    net->failure.status = AX_ERR_INTERRUPTED;
    net->failure.step = net->step;
    if (interrupted) {
        atomic_store_explicit(&net->interrupt, 0, memory_order_relaxed);   /* the request is answered */
        snprintf(net->failure.cause, sizeof net->failure.cause, "ax_network_interrupt");
    } else {
        snprintf(net->failure.cause, sizeof net->failure.cause, "the progress callback");
    }
    return ax_fail(net, AX_ERR_INTERRUPTED, "run: stopped at t = %g ms of %g ms on request (%s); it can be continued",
                   (double)net->step * net->dt, (double)t_end * net->dt, net->failure.cause);
}

ax_status ax_network_get_failure(const ax_network *net, ax_run_failure *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!out)
        return ax_fail_null(net, "get failure", "out");
    const ax_failure_data *f = &net->failure;
    memset(out, 0, sizeof *out);
    out->status = f->status;
    out->time_ms = (double)(f->status ? f->step : net->step) * net->dt;
    out->cause = f->status ? f->cause : "";
    if (f->status != AX_ERR_NUMERIC)
        return AX_OK;
    const ax_population_data *p = net->pops[f->pop];
    out->pop = f->pop;
    out->neuron = f->neuron;
    out->variable = p->model->vars[f->var].name;
    out->value = f->value;
    out->from_ms = (double)f->from * net->dt;
    out->to_ms = (double)f->to * net->dt;
    out->state = f->state;
    out->n_vars = f->n_vars;
    return AX_OK;
}
