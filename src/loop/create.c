/*
 * create.c - making and freeing a closed loop, and its getters.
 *
 * Everything the spec names is checked (populations, modulator, kinds,
 * neurons, receptors, lengths) before the first input is added - what
 * ax_input_add would refuse, said in the spec's words - so that a wrong
 * spec leaves the network as it was.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loop/loop.h"

#define CALL "ax_loop_create"

/* The network's message after a failed call on it, into *err. */
static ax_status fail_net(ax_error *err, ax_status st, const ax_network *net, const char *what)
{
    return ax_error_fail(err, st, CALL ": %s: %s", what, ax_network_get_error(net));
}

/* What ax_input_add would refuse about input i on population pop, said
 * before any input is added: a spike source, neurons out of range, a
 * drive's receptor the model lacks or a negative conductance. */
static ax_status check_target(ax_network *net, ax_population pop, const ax_loop_input *in, size_t i, ax_error *err)
{
    ax_population_info info;
    ax_population_get_info(net, pop, &info);
    const ax_model *m = info.model;
    if (m->flags & AX_MODEL_SPIKE_SOURCE)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": inputs[%zu]: population '%s' is a %s, a spike source, "
                             "which takes no input", i, info.name, m->name);
    if (!in->neurons.list && in->neurons.n > info.size)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": inputs[%zu].neurons: the first %zu neurons were asked "
                             "for, '%s' has %u", i, in->neurons.n, info.name, info.size);
    if (in->neurons.list && (in->neurons.n == 0 || in->neurons.n > info.size))
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": inputs[%zu].neurons: a list of %zu neurons is not "
                             "allowed for '%s' (%u neurons): 1 to %u", i, in->neurons.n, info.name, info.size,
                             info.size);
    for (size_t k = 0; in->neurons.list && k < in->neurons.n; k++)
        if (in->neurons.list[k] >= info.size)
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": inputs[%zu].neurons: index %u (entry %zu) is out of "
                                 "range: '%s' has neurons 0 .. %u", i, in->neurons.list[k], k, info.name,
                                 info.size - 1);
    if (in->kind != AX_INPUT_POISSON)
        return AX_OK;
    for (uint32_t r = 0; in->receptor && r < m->n_receptors; r++)
        if (!strcmp(m->receptors[r].name, in->receptor)) {
            if ((m->receptors[r].flags & AX_RECEPTOR_NONNEGATIVE) && in->weight < 0)
                return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": inputs[%zu].weight = %g is negative, but "
                                     "receptor '%s' of %s takes conductances, which must be >= 0", i, in->weight,
                                     in->receptor, m->name);
            return AX_OK;
        }
    char list[256] = "";
    for (uint32_t r = 0; r < m->n_receptors; r++) {
        ax_append(list, sizeof list, r ? ", " : "");
        ax_append(list, sizeof list, m->receptors[r].name);
    }
    return ax_error_fail(err, AX_ERR_NOT_FOUND, CALL ": inputs[%zu].receptor = '%s' is not a receptor of %s "
                         "(population '%s'); allowed: %s", i, in->receptor ? in->receptor : "(NULL)", m->name,
                         info.name, list);
}

static ax_status check_spec(ax_network *net, const ax_loop_spec *spec, ax_error *err)
{
    ax_status st = ax_network_validate_duration(net, spec->segment_ms);
    if (st)
        return fail_net(err, st, net, "segment_ms");
    if (spec->n_inputs && !spec->inputs)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": n_inputs = %zu but the argument 'inputs' is NULL",
                             spec->n_inputs);
    if (spec->n_outputs && !spec->outputs)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": n_outputs = %zu but the argument 'outputs' is NULL",
                             spec->n_outputs);
    for (size_t i = 0; i < spec->n_inputs; i++) {
        const ax_loop_input *in = &spec->inputs[i];
        char what[64];
        snprintf(what, sizeof what, "inputs[%zu].population", i);
        if (!in->population)
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": %s is NULL", what);
        ax_population pop;
        if ((st = ax_population_find(net, in->population, &pop)))
            return fail_net(err, st, net, what);
        if (in->kind != AX_INPUT_DC && in->kind != AX_INPUT_POISSON)
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": inputs[%zu].kind = %d is not allowed: a loop sets "
                                 "dc currents (AX_INPUT_DC) and Poisson drives (AX_INPUT_POISSON)", i, (int)in->kind);
        if (in->kind == AX_INPUT_POISSON && (!(in->sources > 0) || !isfinite(in->sources) || !isfinite(in->weight)))
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": inputs[%zu] (Poisson drive on '%s'): sources = %g, "
                                 "weight = %g: sources must be > 0 and finite, weight finite", i, in->population,
                                 in->sources, in->weight);
        if ((st = check_target(net, pop, in, i, err)))
            return st;
    }
    for (size_t o = 0; o < spec->n_outputs; o++) {
        char what[64];
        snprintf(what, sizeof what, "outputs[%zu]", o);
        if (!spec->outputs[o])
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": %s is NULL", what);
        ax_population pop;
        if ((st = ax_population_find(net, spec->outputs[o], &pop)))
            return fail_net(err, st, net, what);
    }
    if (spec->modulator) {
        ax_modulator m;
        if ((st = ax_modulator_find(net, spec->modulator, &m)))
            return fail_net(err, st, net, "modulator");
    }
    return AX_OK;
}

/* Allocates the loop's arrays; the counts need the outputs' sizes. */
static ax_status allocate(ax_loop *l, const ax_loop_spec *spec, ax_error *err)
{
    size_t ni = spec->n_inputs ? spec->n_inputs : 1, no = spec->n_outputs ? spec->n_outputs : 1;
    l->inputs = calloc(ni, sizeof *l->inputs);
    l->is_drive = calloc(ni, sizeof *l->is_drive);
    l->levels = calloc(ni, sizeof *l->levels);
    l->recorders = calloc(no, sizeof *l->recorders);
    l->first = calloc(no, sizeof *l->first);
    if (!l->inputs || !l->is_drive || !l->levels || !l->recorders || !l->first)
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory");
    for (size_t o = 0; o < spec->n_outputs; o++) {
        ax_population pop;
        ax_population_info info;
        ax_population_find(l->net, spec->outputs[o], &pop);
        ax_population_get_info(l->net, pop, &info);
        l->first[o] = l->n_counts;
        l->n_counts += info.size;
    }
    l->counts = calloc(l->n_counts ? l->n_counts : 1, sizeof *l->counts);
    if (!l->counts)
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory for %zu output counts", l->n_counts);
    return AX_OK;
}

/* Adds the inputs (level 0) and the output recorders to the network. */
static ax_status attach(ax_loop *l, const ax_loop_spec *spec, ax_error *err)
{
    for (size_t i = 0; i < spec->n_inputs; i++) {
        const ax_loop_input *in = &spec->inputs[i];
        ax_input_spec s = {.kind = in->kind};
        if (in->kind == AX_INPUT_POISSON) {
            s.sources = in->sources;
            s.weight = in->weight;
            s.receptor = in->receptor;
        }
        ax_population pop;
        ax_population_find(l->net, in->population, &pop);
        ax_status st = ax_input_add(l->net, pop, in->neurons, &s, &l->inputs[i]);
        if (st) {
            char what[64];
            snprintf(what, sizeof what, "inputs[%zu]", i);
            return fail_net(err, st, l->net, what);
        }
        l->is_drive[i] = in->kind == AX_INPUT_POISSON;
        l->n_inputs++;
    }
    for (size_t o = 0; o < spec->n_outputs; o++) {
        ax_population pop;
        ax_population_find(l->net, spec->outputs[o], &pop);
        ax_status st = ax_recorder_add_spikes(l->net, pop, AX_ALL_NEURONS, &l->recorders[o]);
        if (st)
            return fail_net(err, st, l->net, "outputs");
        l->n_outputs++;
    }
    return AX_OK;
}

ax_status ax_loop_create(ax_network *net, const ax_loop_spec *spec, ax_loop **out, ax_error *err)
{
    if (!net)
        return ax_error_null(err, CALL, "net");
    if (!spec)
        return ax_error_null(err, CALL, "spec");
    if (!out)
        return ax_error_null(err, CALL, "out");
    *out = NULL;
    ax_status st = check_spec(net, spec, err);
    if (st)
        return st;
    ax_loop *l = calloc(1, sizeof *l);
    if (!l)
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory");
    l->net = net;
    l->segment_ms = spec->segment_ms;
    l->observe = spec->observe;
    l->act = spec->act;
    l->reward = spec->reward;
    l->user = spec->user;
    if (spec->modulator) {
        l->has_modulator = true;
        ax_modulator_find(net, spec->modulator, &l->modulator);
    }
    st = allocate(l, spec, err);
    if (!st)
        st = attach(l, spec, err);
    if (st) {
        ax_loop_free(l);
        return st;
    }
    *out = l;
    ax_error_ok(err);
    return AX_OK;
}

void ax_loop_free(ax_loop *loop)
{
    if (!loop)
        return;
    free(loop->inputs);
    free(loop->is_drive);
    free(loop->levels);
    free(loop->recorders);
    free(loop->first);
    free(loop->counts);
    free(loop->rewards);
    free(loop);
}

ax_status ax_loop_get_rewards(const ax_loop *loop, size_t *n, const double **rewards, ax_error *err)
{
    if (!loop)
        return ax_error_null(err, "ax_loop_get_rewards", "loop");
    if (!n)
        return ax_error_null(err, "ax_loop_get_rewards", "n");
    if (!rewards)
        return ax_error_null(err, "ax_loop_get_rewards", "rewards");
    *n = (size_t)loop->segments;
    *rewards = loop->segments ? loop->rewards : NULL;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_loop_get_info(const ax_loop *loop, ax_loop_info *info, ax_error *err)
{
    if (!loop)
        return ax_error_null(err, "ax_loop_get_info", "loop");
    if (!info)
        return ax_error_null(err, "ax_loop_get_info", "info");
    info->n_inputs = loop->n_inputs;
    info->n_counts = loop->n_counts;
    info->segments = loop->segments;
    info->segment_ms = loop->segment_ms;
    ax_error_ok(err);
    return AX_OK;
}
