/*
 * population.c - adding populations, setting their parameters and state,
 * spike times of SpikeSourceArray, and preparing models before a run.
 *
 * A parameter holds one value until something sets it per neuron; models
 * then see per_neuron[k] and read param[k][i].  Values drawn from a
 * distribution come from the stream (seed, population, neuron, parameter),
 * so they do not depend on the order of calls or on threads.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/values.h"
#include "net/net.h"

static ax_status check_name(ax_network *net, const char *name)
{
    if (!name)
        return ax_fail_null(net, "add population", "name");
    if (!*name)
        return ax_fail(net, AX_ERR_ARGUMENT, "add population: the name is empty");
    size_t n = strlen(name);
    if (n > 64)
        return ax_fail(net, AX_ERR_ARGUMENT, "add population: the name '%.20s...' is longer than 64 characters",
                       name);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!isalnum(c) && c != '_' && c != '-' && c != '.')
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "add population: the name '%s' contains '%c'; allowed are letters, digits, '_', '-' and '.'",
                           name, c);
    }
    for (uint32_t i = 0; i < net->n_pops; i++)
        if (strcmp(net->pops[i]->name, name) == 0)
            return ax_fail(net, AX_ERR_ARGUMENT, "add population: a population named '%s' already exists", name);
    return AX_OK;
}

static ax_status unknown_model(ax_network *net, const char *model)
{
    ax_suggest s;
    char hint[96];
    ax_suggest_init(&s, model);
    for (size_t i = 0; i < ax_model_count(net); i++)
        ax_suggest_add(&s, ax_model_get(net, i)->name);
    return ax_fail(net, AX_ERR_NOT_FOUND, "add population: unknown model '%s'%s; `axon models` lists them", model,
                   ax_suggest_text(&s, hint, sizeof hint));
}

ax_status ax_population_add(ax_network *net, const char *name, const char *model, int64_t size,
                            ax_population *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (net->core.built)
        return ax_fail(net, AX_ERR_STATE,
                       "add population '%s': the network was already built by a run; populations must be added before",
                       name ? name : "");
    ax_status st = check_name(net, name);
    if (st)
        return st;
    if (!model)
        return ax_fail_null(net, "add population", "model");
    const ax_model *m = ax_model_find(net, model);
    if (!m)
        return unknown_model(net, model);
    if (size < 1 || (uint64_t)size > AX_MAX_NEURONS - net->n_neurons)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "add population '%s': size %lld is not allowed: must be at least 1, and all populations "
                       "together at most %u neurons (%llu already declared)",
                       name, (long long)size, AX_MAX_NEURONS, (unsigned long long)net->n_neurons);
    if (net->n_pops >= AX_RNG_MAX_OBJECTS)
        return ax_fail(net, AX_ERR_ARGUMENT, "add population '%s': too many populations (%u)", name, net->n_pops);
    char what[128];
    snprintf(what, sizeof what, "population '%s' (%lld neurons)", name, (long long)size);
    double bytes = (double)size * (16.0 * m->n_vars + 8.0 + 4.0);   /* state and its initial copy (reset) */
    uint64_t planned_before = net->core.memory_planned;
    if ((st = ax_plan_memory(net, bytes, what)))
        return st;
    size_t cap = net->cap_pops;
    ax_population_data *p = NULL;
    if (ax_grow((void **)&net->pops, &cap, net->n_pops + 1, sizeof *net->pops))
        goto out_of_memory;
    net->cap_pops = (uint32_t)cap;
    if (!(p = calloc(1, sizeof *p)))
        goto out_of_memory;
    p->model = m;
    p->index = net->n_pops;
    p->size = (uint32_t)size;
    p->first_id = (uint32_t)net->n_neurons;
    p->name = strdup(name);
    p->param = calloc(m->n_params ? m->n_params : 1, sizeof *p->param);
    p->per_neuron = calloc(m->n_params ? m->n_params : 1, sizeof *p->per_neuron);
    p->state = calloc(m->n_vars ? m->n_vars : 1, sizeof *p->state);
    p->spiked = calloc(p->size, sizeof *p->spiked);
    p->switches = (ax_population_switches){true, true, true};
    p->current = calloc(p->size, sizeof *p->current);
    p->v_var = -1;
    for (uint32_t k = 0; k < m->n_vars; k++)
        if (strcmp(m->vars[k].name, "v") == 0)
            p->v_var = (int)k;
    int ok = p->name && p->param && p->per_neuron && p->state && p->spiked && p->current;
    for (uint32_t k = 0; ok && k < m->n_params; k++) {
        p->param[k] = malloc(sizeof(double));
        if (!(ok = p->param[k] != NULL))
            break;
        p->param[k][0] = m->params[k].value;
    }
    for (uint32_t v = 0; ok && v < m->n_vars; v++) {
        p->state[v] = malloc(sizeof(double) * p->size);
        if (!(ok = p->state[v] != NULL))
            break;
        for (uint32_t i = 0; i < p->size; i++)
            p->state[v][i] = m->vars[v].value;
    }
    if (ok && (m->flags & AX_MODEL_SPIKE_TIMES)) {
        p->times = calloc(p->size, sizeof *p->times);
        p->n_times = calloc(p->size, sizeof *p->n_times);
        ok = p->times && p->n_times;
    }
    if (!ok)
        goto out_of_memory;
    p->planned = net->core.memory_planned - planned_before;
    p->dirty = true;
    net->pops[net->n_pops++] = p;
    net->n_neurons += p->size;
    ax_population_refresh_view(net, p);
    if (out)
        *out = p->index;
    return AX_OK;

out_of_memory:
    ax_population_data_free(p);
    net->core.memory_planned = planned_before;   /* a failed call changes nothing */
    return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", what);
}

void ax_population_data_free(ax_population_data *p)
{
    if (!p)
        return;
    const ax_model *m = p->model;
    if (p->model_data && m->release)
        m->release(p->model_data);
    if (p->param)
        for (uint32_t k = 0; k < m->n_params; k++)
            free(p->param[k]);
    if (p->state)
        for (uint32_t v = 0; v < m->n_vars; v++)
            free(p->state[v]);
    if (p->initial)
        for (uint32_t v = 0; v < m->n_vars; v++)
            free(p->initial[v]);
    free(p->initial);
    free(p->positions);
    free(p->frozen);
    if (p->times)
        for (uint32_t i = 0; i < p->size; i++)
            free(p->times[i]);
    free(p->times);
    free(p->n_times);
    free(p->seq_offset);
    free(p->seq_values);
    free(p->param);
    free(p->per_neuron);
    free(p->state);
    free(p->spiked);
    free(p->current);
    free(p->ring);
    free(p->out);
    free(p->currents);
    free(p->drives);
    free(p->spike_recs);
    free(p->state_recs);
    free(p->name);
    free(p);
}

size_t ax_population_count(const ax_network *net)
{
    return net ? net->n_pops : 0;
}

ax_status ax_population_find(const ax_network *net, const char *name, ax_population *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!name)
        return ax_fail_null(net, "find population", "name");
    if (!out)
        return ax_fail_null(net, "find population", "out");
    ax_suggest s;
    char hint[96];
    ax_suggest_init(&s, name);
    for (uint32_t i = 0; i < net->n_pops; i++) {
        if (strcmp(net->pops[i]->name, name) == 0) {
            *out = i;
            return AX_OK;
        }
        ax_suggest_add(&s, net->pops[i]->name);
    }
    return ax_fail(net, AX_ERR_NOT_FOUND, "find population: no population is named '%s'%s (the network has %u)",
                   name, ax_suggest_text(&s, hint, sizeof hint), net->n_pops);
}

ax_status ax_population_get_info(const ax_network *net, ax_population pop, ax_population_info *info)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_population_data *p = ax_population_lookup_const(net, pop, "population info");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!info)
        return ax_fail_null(net, "population info", "info");
    info->name = p->name;
    info->model = p->model;
    info->size = p->size;
    info->first_id = p->first_id;
    return AX_OK;
}

void ax_population_refresh_view(ax_network *net, ax_population_data *p)
{
    ax_population_view *v = &p->view;
    v->size = p->size;
    v->first_id = p->first_id;
    v->dt = net->dt;
    v->seed = net->seed;
    v->step = net->step;
    v->uniform = true;
    for (uint32_t k = 0; k < p->model->n_params; k++)
        if (p->per_neuron[k])
            v->uniform = false;
    v->state = p->state;
    v->param = (const double *const *)p->param;
    v->per_neuron = p->per_neuron;
    v->input = NULL;
    v->current = p->current;
    v->spiked = p->spiked;
    v->data = p->model_data;
    v->seq_offset = p->seq_offset;
    v->seq_values = p->seq_values;
    v->model = p->model;
}

/* -------------------------------------------------------------------- */
/* Parameters and state                                                  */
/* -------------------------------------------------------------------- */

static int find_param(const ax_model *m, const char *name)
{
    for (uint32_t k = 0; k < m->n_params; k++)
        if (strcmp(m->params[k].name, name) == 0)
            return (int)k;
    return -1;
}

static int find_var(const ax_model *m, const char *name)
{
    for (uint32_t v = 0; v < m->n_vars; v++)
        if (strcmp(m->vars[v].name, name) == 0)
            return (int)v;
    return -1;
}

/* Writes "must be > 0 ms" style text for the range of a parameter. */
static void describe_range(const ax_param_info *pi, char *buf, size_t len)
{
    const char *lo = pi->flags & AX_PARAM_GT_MIN ? ">" : ">=";
    const char *hi = pi->flags & AX_PARAM_LT_MAX ? "<" : "<=";
    const char *unit = pi->unit && *pi->unit ? pi->unit : "";
    if (isfinite(pi->min) && isfinite(pi->max))
        snprintf(buf, len, "must be %s %g and %s %g%s%s", lo, pi->min, hi, pi->max, *unit ? " " : "", unit);
    else if (isfinite(pi->min))
        snprintf(buf, len, "must be %s %g%s%s", lo, pi->min, *unit ? " " : "", unit);
    else if (isfinite(pi->max))
        snprintf(buf, len, "must be %s %g%s%s", hi, pi->max, *unit ? " " : "", unit);
    else
        snprintf(buf, len, "must be a finite number");
}

bool ax_param_in_range(const ax_param_info *pi, double x)
{
    if (!isfinite(x))
        return false;
    if (pi->flags & AX_PARAM_GT_MIN ? !(x > pi->min) : !(x >= pi->min))
        return false;
    if (pi->flags & AX_PARAM_LT_MAX ? !(x < pi->max) : !(x <= pi->max))
        return false;
    return true;
}

static ax_status unknown_name(const ax_network *net, const ax_population_data *p, const char *name, int want_params,
                              int want_vars, const char *caller)
{
    ax_suggest s;
    char hint[96], list[512] = "";
    const ax_model *m = p->model;
    ax_suggest_init(&s, name);
    for (uint32_t k = 0; want_params && k < m->n_params; k++) {
        ax_suggest_add(&s, m->params[k].name);
        ax_append(list, sizeof list, *list ? ", " : "");
        ax_append(list, sizeof list, m->params[k].name);
    }
    for (uint32_t v = 0; want_vars && v < m->n_vars; v++) {
        ax_suggest_add(&s, m->vars[v].name);
        ax_append(list, sizeof list, *list ? ", " : "");
        ax_append(list, sizeof list, m->vars[v].name);
    }
    const char *kind = want_params && want_vars ? "parameter or state variable"
                       : want_params             ? "parameter"
                                                 : "state variable";
    return ax_fail(net, AX_ERR_NOT_FOUND, "%s: unknown %s '%s' for %s (population '%s')%s; allowed: %s", caller,
                   kind, name ? name : "(null)", m->name, p->name, ax_suggest_text(&s, hint, sizeof hint),
                   *list ? list : "none");
}

/* Fills out[size] from value v, drawing from the stream of (population,
 * slot); checks each value with pi when given. */
static ax_status fill_values(ax_network *net, const ax_population_data *p, const char *what, uint32_t slot,
                             const ax_param_info *pi, ax_value v, double *out)
{
    char msg[256], range[128];
    if (ax_value_check(&v, p->size, msg, sizeof msg))
        return ax_fail(net, AX_ERR_ARGUMENT, "population '%s': %s: %s", p->name, what, msg);
    for (uint32_t i = 0; i < p->size; i++) {
        ax_rng r;
        ax_rng_init(&r, net->seed, ax_purpose(AX_RNG_VALUE, p->index), i, (uint64_t)slot << 32);
        double x = ax_value_draw(&v, &r, i);
        if (pi && !ax_param_in_range(pi, x)) {
            describe_range(pi, range, sizeof range);
            return ax_fail(net, AX_ERR_ARGUMENT, "population '%s' (%s): %s = %g for neuron %u is not allowed: %s",
                           p->name, p->model->name, what, x, i, range);
        }
        out[i] = x;
    }
    return AX_OK;
}

ax_status ax_population_set_param(ax_network *net, ax_population pop, const char *name, ax_value value)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "set parameter");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!name)
        return ax_fail_null(net, "set parameter", "name");
    int k = find_param(p->model, name);
    if (k < 0)
        return unknown_name(net, p, name, 1, 0, "set parameter");
    const ax_param_info *pi = &p->model->params[k];
    double x;
    if (value.kind == AX_VALUE_CONSTANT || (value.kind != AX_VALUE_ARRAY && ax_value_is_fixed(&value, &x))) {
        x = value.kind == AX_VALUE_CONSTANT ? value.a : x;
        if (!ax_param_in_range(pi, x)) {
            char range[128];
            describe_range(pi, range, sizeof range);
            return ax_fail(net, AX_ERR_ARGUMENT, "population '%s' (%s): %s = %g is not allowed: %s", p->name,
                           p->model->name, name, x, range);
        }
        if (p->per_neuron[k]) {
            double *one = realloc(p->param[k], sizeof(double));
            if (one)
                p->param[k] = one;
            p->per_neuron[k] = false;
        }
        p->param[k][0] = x;
    } else {
        double *vals = ax_alloc(net, p->size, sizeof *vals, "set parameter");
        if (!vals)
            return AX_ERR_MEMORY;
        ax_status st = fill_values(net, p, name, (uint32_t)k, pi, value, vals);
        if (st) {
            free(vals);
            return st;
        }
        free(p->param[k]);
        p->param[k] = vals;
        p->per_neuron[k] = true;
    }
    p->dirty = true;
    ax_population_refresh_view(net, p);
    return AX_OK;
}

ax_status ax_population_set_state(ax_network *net, ax_population pop, const char *var, ax_value value)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "set state");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!var)
        return ax_fail_null(net, "set state", "var");
    int v = find_var(p->model, var);
    if (v < 0)
        return unknown_name(net, p, var, 0, 1, "set state");
    double *vals = ax_alloc(net, p->size, sizeof *vals, "set state");
    if (!vals)
        return AX_ERR_MEMORY;
    ax_status st = fill_values(net, p, var, p->model->n_params + (uint32_t)v, NULL, value, vals);
    if (!st)
        memcpy(p->state[v], vals, sizeof *vals * p->size);
    /* at t = 0 (after a reset) it is the initial value that a reset returns to, as PyNN's initialize() */
    if (!st && p->initial && net->step == 0)
        memcpy(p->initial[v], vals, sizeof *vals * p->size);
    free(vals);
    return st;
}

ax_status ax_population_get_values(const ax_network *net, ax_population pop, const char *name, double *out, size_t size)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_population_data *p = ax_population_lookup_const(net, pop, "get values");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!name)
        return ax_fail_null(net, "get values", "name");
    if (!out)
        return ax_fail_null(net, "get values", "out");
    if (size != p->size)
        return ax_fail(net, AX_ERR_ARGUMENT, "get values: population '%s' has %u neurons, the buffer holds %zu",
                       p->name, p->size, size);
    int k = find_param(p->model, name);
    if (k >= 0) {
        for (uint32_t i = 0; i < p->size; i++)
            out[i] = p->param[k][p->per_neuron[k] ? i : 0];
        return AX_OK;
    }
    int v = find_var(p->model, name);
    if (v < 0)
        return unknown_name(net, p, name, 1, 1, "get values");
    memcpy(out, p->state[v], sizeof *out * p->size);
    return AX_OK;
}

ax_status ax_population_set_spike_times(ax_network *net, ax_population pop, uint32_t neuron, const double *times, size_t n)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "set spike times");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!(p->model->flags & AX_MODEL_SPIKE_TIMES))
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "set spike times: population '%s' is a %s, which takes no spike times (use SpikeSourceArray)",
                       p->name, p->model->name);
    if (neuron >= p->size)
        return ax_fail(net, AX_ERR_ARGUMENT, "set spike times: neuron %u is out of range for population '%s' (0 .. %u)",
                       neuron, p->name, p->size - 1);
    if (n && !times)
        return ax_fail(net, AX_ERR_ARGUMENT, "set spike times: the argument 'times_ms' is NULL with n = %zu", n);
    if (n > UINT32_MAX / 2)
        return ax_fail(net, AX_ERR_ARGUMENT, "set spike times: n = %zu times: at most %u per neuron", n,
                       UINT32_MAX / 2);
    int64_t prev = 0;
    for (size_t k = 0; k < n; k++) {
        double t = times[k];
        if (!isfinite(t) || t < net->dt * (1 - 1e-9))
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "set spike times: population '%s' neuron %u: time %g ms (entry %zu) is not allowed: "
                           "spike times must be finite and >= dt (%g ms)",
                           p->name, neuron, t, k, net->dt);
        int64_t s = llround(t / net->dt);
        if (k > 0 && s <= prev)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "set spike times: population '%s' neuron %u: time %g ms (entry %zu) %s the previous one "
                           "(%g ms) on the dt grid (dt = %g ms); times must increase by at least dt",
                           p->name, neuron, t, k, s == prev ? "falls on the same step as" : "comes before",
                           times[k - 1], net->dt);
        prev = s;
    }
    double *copy = NULL;
    if (n) {
        copy = ax_alloc(net, n, sizeof *copy, "set spike times");
        if (!copy)
            return AX_ERR_MEMORY;
        memcpy(copy, times, n * sizeof *copy);
    }
    free(p->times[neuron]);
    p->times[neuron] = copy;
    p->n_times[neuron] = (uint32_t)n;
    p->dirty = true;
    return AX_OK;
}

ax_status ax_population_get_spike_times(const ax_network *net, ax_population pop, uint32_t neuron,
                                        const double **times, size_t *n)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_population_data *p = ax_population_lookup_const(net, pop, "get spike times");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!times)
        return ax_fail_null(net, "get spike times", "times_ms");
    if (!n)
        return ax_fail_null(net, "get spike times", "n");
    if (!p->times)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "get spike times: population '%s' is a %s, which takes no spike times (use SpikeSourceArray)",
                       p->name, p->model->name);
    if (neuron >= p->size)
        return ax_fail(net, AX_ERR_ARGUMENT, "get spike times: neuron %u is out of range for population '%s' (0 .. %u)",
                       neuron, p->name, p->size - 1);
    *times = p->times[neuron];
    *n = p->n_times[neuron];
    return AX_OK;
}

/* Flattens per-neuron spike times into seq_offset/seq_values for the model. */
static ax_status flatten_times(ax_network *net, ax_population_data *p)
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < p->size; i++)
        total += p->n_times[i];
    if (total > UINT32_MAX)
        return ax_fail(net, AX_ERR_ARGUMENT, "population '%s': more than 2^32 spike times in all", p->name);
    uint32_t *off = ax_alloc(net, (size_t)p->size + 1, sizeof *off, "spike times");
    double *val = ax_alloc(net, total, sizeof *val, "spike times");
    if (!off || !val) {
        free(off);
        free(val);
        return AX_ERR_MEMORY;
    }
    uint32_t at = 0;
    for (uint32_t i = 0; i < p->size; i++) {
        off[i] = at;
        if (p->n_times[i])
            memcpy(val + at, p->times[i], p->n_times[i] * sizeof *val);
        at += p->n_times[i];
    }
    off[p->size] = at;
    free(p->seq_offset);
    free(p->seq_values);
    p->seq_offset = off;
    p->seq_values = val;
    return AX_OK;
}

ax_status ax_prepare_populations(ax_network *net)
{
    char msg[512];
    for (uint32_t i = 0; i < net->n_pops; i++) {
        ax_population_data *p = net->pops[i];
        if (!p->dirty)
            continue;
        const ax_model *m = p->model;
        /* before a model first draws from its state (a generator's next spike): what a reset returns to */
        if (net->step == 0 && !p->initial && ax_population_keep_initial(net, p))
            return AX_ERR_MEMORY;
        if (p->times) {
            ax_status st = flatten_times(net, p);
            if (st)
                return st;
        }
        ax_population_refresh_view(net, p);
        msg[0] = '\0';
        if (m->check && m->check(&p->view, msg, sizeof msg))
            return ax_fail(net, AX_ERR_ARGUMENT, "population '%s' (%s): %s", p->name, m->name,
                           *msg ? msg : "parameters rejected by the model");
        int r = m->prepare ? m->prepare(&p->view, &p->model_data, msg, sizeof msg) : 0;
        if (r)
            return ax_fail(net, r == AX_ERR_MEMORY ? AX_ERR_MEMORY : AX_ERR_ARGUMENT, "population '%s' (%s): %s",
                           p->name, m->name, *msg ? msg : "the model could not prepare");
        ax_population_refresh_view(net, p);
        p->dirty = false;
    }
    return AX_OK;
}

ax_status ax_network_validate(ax_network *net)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_warnings_check_declared(net);
    return ax_prepare_populations(net);
}

ax_population_data *ax_population_lookup(ax_network *net, ax_population pop, const char *caller)
{
    if (pop >= net->n_pops) {
        ax_fail(net, AX_ERR_NOT_FOUND, "%s: population handle %u does not exist (the network has %u)",
                caller, pop, net->n_pops);
        return NULL;
    }
    return net->pops[pop];
}

const ax_population_data *ax_population_lookup_const(const ax_network *net, ax_population pop, const char *caller)
{
    return ax_population_lookup((ax_network *)net, pop, caller);   /* writes only the message */
}

/* Populations hold consecutive global ids: a binary search over their
 * first ids. */
uint32_t ax_population_of(const ax_network *net, uint32_t gid)
{
    uint32_t lo = 0, hi = net->n_pops;   /* pop_first[lo] <= gid < pop_first[hi] */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (net->pop_first[mid] <= gid)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}
