/*
 * generations_evaluator.c - making and freeing a whole-generation
 * evaluator (ax_fit_evaluator_create): the spec is checked and copied
 * here; its network (one population per protocol, their inputs and
 * recorders) is declared at the first evaluation
 * (ax_fit_generations_declare), so that a spec error costs nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "fit/fit.h"

#define CALL "ax_fit_evaluator_create"
#define MAX_FREE 64
#define MAX_PROTOCOLS 256
#define DEFAULT_MAX_RUN_MS 1e7

void ax_fit_evaluator_free(ax_fit_evaluator *ev)
{
    if (!ev)
        return;
    ax_network_free(ev->net);
    free(ev->model);
    free(ev->base_index);
    free(ev->base_values);
    free(ev->free_index);
    if (ev->traces)
        for (size_t p = 0; p < ev->n_protocols; p++)
            free(ev->traces[p]);
    free(ev->traces);
    free(ev->protocols);
    free(ev->run_steps);
    free(ev->pops);
    free(ev->spike_recs);
    free(ev->v_recs);
    free(ev->scales);
    free(ev);
}

/* The model's index of parameter `name`, or a message listing them all. */
static ax_status param_index(const ax_model *m, const char *name, const char *field, size_t k, uint32_t *out,
                             ax_error *err)
{
    if (!name)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": %s[%zu] is NULL", field, k);
    for (uint32_t j = 0; j < m->n_params; j++)
        if (strcmp(m->params[j].name, name) == 0) {
            *out = j;
            return AX_OK;
        }
    char list[700] = "";
    for (uint32_t j = 0; j < m->n_params; j++) {
        ax_append(list, sizeof list, j ? ", " : "");
        ax_append(list, sizeof list, m->params[j].name);
    }
    return ax_error_fail(err, AX_ERR_NOT_FOUND, CALL ": %s[%zu] = '%s' is not a parameter of model %s; its "
                            "parameters are: %s", field, k, name, m->name, list);
}

/* A value within parameter pi's allowed range, or a message. */
static ax_status check_value(const ax_param_info *pi, double x, const char *what, ax_error *err)
{
    bool low = (pi->flags & AX_PARAM_GT_MIN) ? x > pi->min : x >= pi->min;
    bool high = (pi->flags & AX_PARAM_LT_MAX) ? x < pi->max : x <= pi->max;
    if (isfinite(x) && low && high)
        return AX_OK;
    return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s = %g is not allowed: must be finite and %s %g and %s %g",
                            what, pi->name, x, (pi->flags & AX_PARAM_GT_MIN) ? ">" : ">=", pi->min,
                            (pi->flags & AX_PARAM_LT_MAX) ? "<" : "<=", pi->max);
}

const ax_param_info ax_fit_input_scale_info = {
    AX_FIT_INPUT_SCALE, "", 1.0, 0.0, INFINITY, 0,
    "the factor of every protocol's current (step and trace) for this candidate"};

const ax_param_info *ax_fit_free_info(const ax_fit_evaluator *ev, size_t k)
{
    return ev->has_scale && k == ev->scale_slot ? &ax_fit_input_scale_info : &ev->m->params[ev->free_index[k]];
}

ax_status ax_fit_check_param(const ax_param_info *pi, double x, const char *what, ax_error *err)
{
    return check_value(pi, x, what, err);
}

static int64_t steps_of(double ms, double dt)
{
    double r = ms / dt;
    if (!(r >= 0.5) || r > 9e15)
        return -1;
    int64_t n = llround(r);
    return fabs(r - (double)n) <= 1e-9 * (double)n ? n : -1;
}

static ax_status check_protocol(const ax_fit_protocol *pr, size_t k, double dt, double max_run, ax_error *err)
{
    if (!(pr->run_ms > 0) || !isfinite(pr->run_ms) || steps_of(pr->run_ms, dt) < 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": protocols[%zu].run_ms = %g is not allowed: must be "
                                "> 0 and a multiple of dt = %g ms", k, pr->run_ms, dt);
    if (pr->run_ms > max_run)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": protocols[%zu].run_ms = %g is not allowed: the "
                                "longest run allowed is max_run_ms = %g ms", k, pr->run_ms, max_run);
    if (!isfinite(pr->amplitude_na))
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": protocols[%zu].amplitude_na = %g is not allowed: "
                                "must be finite (nA)", k, pr->amplitude_na);
    if (pr->amplitude_na != 0) {
        if (!isfinite(pr->onset_ms) || pr->onset_ms < 0 || pr->onset_ms >= pr->run_ms)
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": protocols[%zu].onset_ms = %g is not allowed: "
                                    "must be >= 0 and before the end of the run (%g ms)", k, pr->onset_ms,
                                    pr->run_ms);
        if (!(pr->duration_ms > 0) || isnan(pr->duration_ms))
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": protocols[%zu].duration_ms = %g is not allowed: "
                                    "must be > 0 (ms; INFINITY: to the end of the run)", k, pr->duration_ms);
    }
    if (pr->n_trace && !pr->trace_na)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": protocols[%zu].trace_na is NULL with n_trace = %zu",
                                k, pr->n_trace);
    if ((double)pr->n_trace > pr->run_ms / dt + 0.5)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": protocols[%zu].n_trace = %zu is not allowed: the run "
                                "has %.0f steps of dt, one sample each at most", k, pr->n_trace, pr->run_ms / dt);
    for (size_t s = 0; s < pr->n_trace; s++)
        if (!isfinite(pr->trace_na[s]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": protocols[%zu].trace_na[%zu] = %g is not "
                                    "allowed: must be finite (nA)", k, s, pr->trace_na[s]);
    return AX_OK;
}

static ax_status check_spec(const ax_fit_evaluator_spec *s, const ax_model **m, ax_error *err)
{
    if (!s->model)
        return ax_error_null(err, CALL, "spec->model");
    *m = ax_model_find(NULL, s->model);
    if (!*m) {
        char list[1500] = "";
        for (size_t j = 0; j < ax_model_count(NULL); j++) {
            const ax_model *x = ax_model_get(NULL, j);
            if (x->flags & AX_MODEL_SPIKE_SOURCE)
                continue;
            ax_append(list, sizeof list, list[0] ? ", " : "");
            ax_append(list, sizeof list, x->name);
        }
        return ax_error_fail(err, AX_ERR_NOT_FOUND, CALL ": model = '%s' is not a model; the neuron models are: "
                                "%s", s->model, list);
    }
    if ((*m)->flags & AX_MODEL_SPIKE_SOURCE)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": model = '%s' is a spike source: a fit needs a neuron "
                                "model", s->model);
    if (s->n_base && (!s->base_names || !s->base_values))
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": base_names or base_values is NULL with n_base = %zu",
                                s->n_base);
    if (s->n_free == 0 || s->n_free > MAX_FREE)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": n_free = %zu is not allowed: 1 .. %d free parameters",
                                s->n_free, MAX_FREE);
    if (!s->free)
        return ax_error_null(err, CALL, "spec->free");
    if (s->max_candidates == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": max_candidates = 0 is not allowed: at least 1");
    if (s->n_protocols == 0 || s->n_protocols > MAX_PROTOCOLS)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": n_protocols = %zu is not allowed: 1 .. %d", s->n_protocols,
                                MAX_PROTOCOLS);
    if (!s->protocols)
        return ax_error_null(err, CALL, "spec->protocols");
    if (s->max_candidates > (size_t)INT32_MAX / s->n_protocols)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": max_candidates = %zu with %zu protocols is not "
                                "allowed: at most 2^31 neurons in all", s->max_candidates, s->n_protocols);
    if (!isfinite(s->dt_ms) || s->dt_ms <= 0 || s->dt_ms > 10)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": dt_ms = %g is not allowed: > 0 and <= 10 ms", s->dt_ms);
    if (s->threads < 0 || s->threads > 1024)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": threads = %d is not allowed: 0 (one per core) .. 1024",
                                s->threads);
    if (isnan(s->max_run_ms) || s->max_run_ms < 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": max_run_ms = %g is not allowed: > 0 ms, or 0 for %g ms",
                                s->max_run_ms, DEFAULT_MAX_RUN_MS);
    if (s->record_ms != 0 && (!isfinite(s->record_ms) || steps_of(s->record_ms, s->dt_ms) < 1))
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": record_ms = %g is not allowed: 0 (no traces) or a "
                                "multiple of dt = %g ms", s->record_ms, s->dt_ms);
    double max_run = s->max_run_ms > 0 ? s->max_run_ms : DEFAULT_MAX_RUN_MS;
    for (size_t k = 0; k < s->n_protocols; k++) {
        ax_status st = check_protocol(&s->protocols[k], k, s->dt_ms, max_run, err);
        if (st)
            return st;
    }
    return AX_OK;
}

static ax_status copy_spec(ax_fit_evaluator *ev, const ax_fit_evaluator_spec *s, ax_error *err)
{
    const ax_model *m = ev->m;
    size_t P = s->n_protocols;
    ev->model = strdup(s->model);
    ev->base_index = malloc((s->n_base ? s->n_base : 1) * sizeof *ev->base_index);
    ev->base_values = malloc((s->n_base ? s->n_base : 1) * sizeof *ev->base_values);
    ev->free_index = malloc(s->n_free * sizeof *ev->free_index);
    ev->protocols = calloc(P, sizeof *ev->protocols);
    ev->traces = calloc(P, sizeof *ev->traces);
    ev->run_steps = calloc(P, sizeof *ev->run_steps);
    ev->pops = calloc(P, sizeof *ev->pops);
    ev->spike_recs = calloc(P, sizeof *ev->spike_recs);
    ev->v_recs = calloc(P, sizeof *ev->v_recs);
    if (!ev->model || !ev->base_index || !ev->base_values || !ev->free_index || !ev->protocols || !ev->traces ||
        !ev->run_steps || !ev->pops || !ev->spike_recs || !ev->v_recs)
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory");
    ev->n_base = s->n_base;
    for (size_t k = 0; k < s->n_base; k++) {
        ax_status st = param_index(m, s->base_names[k], "base_names", k, &ev->base_index[k], err);
        if (st)
            return st;
        char what[64];
        snprintf(what, sizeof what, CALL ": base_values[%zu]", k);
        if ((st = check_value(&m->params[ev->base_index[k]], s->base_values[k], what, err)))
            return st;
        ev->base_values[k] = s->base_values[k];
    }
    ev->n_free = s->n_free;
    for (size_t k = 0; k < s->n_free; k++) {
        if (s->free[k] && strcmp(s->free[k], AX_FIT_INPUT_SCALE) == 0) {
            uint32_t own;
            if (param_index(m, AX_FIT_INPUT_SCALE, "free", k, &own, NULL) == AX_OK)
                return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": free[%zu] = '" AX_FIT_INPUT_SCALE "' is "
                                        "ambiguous: model %s has a parameter of that name, and the evaluator "
                                        "reserves it for the scale of the protocols' currents", k, m->name);
            if (ev->has_scale)
                return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": free[%zu] = '%s' is not allowed: it is "
                                        "free[%zu] already", k, s->free[k], ev->scale_slot);
            ev->has_scale = true;
            ev->scale_slot = k;
            ev->free_index[k] = UINT32_MAX;
            continue;
        }
        ax_status st = param_index(m, s->free[k], "free", k, &ev->free_index[k], err);
        if (st)
            return st;
        for (size_t j = 0; j < k; j++)
            if (ev->free_index[j] == ev->free_index[k])
                return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": free[%zu] = '%s' is not allowed: it is "
                                        "free[%zu] already", k, s->free[k], j);
    }
    if (ev->has_scale && !(ev->scales = calloc(s->max_candidates, sizeof *ev->scales)))
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory");
    ev->n_protocols = P;
    for (size_t p = 0; p < P; p++) {
        ev->protocols[p] = s->protocols[p];
        ev->protocols[p].trace_na = NULL;
        if (s->protocols[p].n_trace) {
            ev->traces[p] = malloc(s->protocols[p].n_trace * sizeof **ev->traces);
            if (!ev->traces[p])
                return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory for protocols[%zu].trace_na", p);
            memcpy(ev->traces[p], s->protocols[p].trace_na, s->protocols[p].n_trace * sizeof **ev->traces);
            ev->protocols[p].trace_na = ev->traces[p];
        }
        ev->run_steps[p] = steps_of(s->protocols[p].run_ms, s->dt_ms);
        if (ev->run_steps[p] > ev->max_steps)
            ev->max_steps = ev->run_steps[p];
    }
    return AX_OK;
}

ax_status ax_fit_evaluator_create(const ax_fit_evaluator_spec *spec, ax_fit_evaluator **out, ax_error *err)
{
    if (!out)
        return ax_error_null(err, CALL, "out");
    *out = NULL;
    if (!spec)
        return ax_error_null(err, CALL, "spec");
    const ax_model *m = NULL;
    ax_status st = check_spec(spec, &m, err);
    if (st)
        return st;
    ax_fit_evaluator *ev = calloc(1, sizeof *ev);
    if (!ev)
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory");
    ev->m = m;
    ev->max_n = spec->max_candidates;
    ev->dt = spec->dt_ms;
    ev->record_ms = spec->record_ms;
    ev->threads = spec->threads;
    if ((st = copy_spec(ev, spec, err))) {
        ax_fit_evaluator_free(ev);
        return st;
    }
    *out = ev;
    ax_error_ok(err);
    return AX_OK;
}
