/*
 * cell.c - cells assembled from ion channels (ax_model_define_cell), of the
 * library or defined on the network (ax_channel_define, channels/user.c):
 * the model descriptor is built at run time from the membrane's own
 * parameters and the channels' tables, and uses the shared channel-cell
 * update (channel_cell.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "models/channel_cell.h"
#include "models/models.h"

#define MAX_CELL_CHANNELS 16

/* A defined cell: its descriptor and everything the descriptor points to. */
typedef struct cell_model {
    ax_model model;                     /* first: the network frees through it */
    const ax_channel *channels[MAX_CELL_CHANNELS];
    uint32_t n_channels;
    ax_param_info *params;
    ax_var_info *vars;
    char *name, *doc;
} cell_model;

static void ax_cell_model_free(ax_model *m)
{
    cell_model *c = (cell_model *)m;
    if (!c)
        return;
    free(c->params);
    free(c->vars);
    free(c->name);
    free(c->doc);
    free(c);
}

static int prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    const cell_model *c = p->model->impl;
    return ax_channel_cell_prepare(p, p->model, c->channels, c->n_channels, data, msg, len);
}


static int param_index(const ax_param_info *params, uint32_t n, const char *name)
{
    for (uint32_t k = 0; k < n; k++)
        if (strcmp(params[k].name, name) == 0)
            return (int)k;
    return -1;
}

/* The channel names (the library's, then net's), for messages. */
static void list_channels(const ax_network *net, char *buf, size_t len)
{
    buf[0] = 0;
    for (size_t i = 0; i < ax_channel_library_size(); i++) {
        ax_append(buf, len, i ? ", " : "");
        ax_append(buf, len, ax_channel_at(i)->name);
    }
    for (uint32_t i = 0; i < ax_core_of(net)->n_channels; i++) {
        ax_append(buf, len, i ? ", " : "; defined on this network: ");
        ax_append(buf, len, ax_core_of(net)->channels[i]->name);
    }
}

/* Adds the channels' parameters and gates to c; fails on two channels
 * with the same gate or a shared parameter defined differently. */
static ax_status collect(ax_network *net, cell_model *c, const char *name)
{
    uint32_t np = AX_COUNT(ax_membrane_params), nv = 1;
    for (uint32_t k = 0; k < c->n_channels; k++) {
        const ax_channel *ch = c->channels[k];
        for (uint32_t j = 0; j < ch->n_params; j++) {
            const ax_param_info *pi = &ch->params[j];
            int at = param_index(c->params, np, pi->name);
            if (at < 0) {
                c->params[np++] = *pi;
            } else if (strcmp(c->params[at].unit, pi->unit)) {
                return ax_fail(net, AX_ERR_ARGUMENT, "define cell '%s': channel %s's parameter '%s' clashes with "
                               "another channel's or the membrane's", name, ch->name, pi->name);
            }
        }
        for (uint32_t j = 0; j < ch->n_gates; j++) {
            for (uint32_t i = 0; i < nv; i++)
                if (strcmp(c->vars[i].name, ch->gates[j].name) == 0)
                    return ax_fail(net, AX_ERR_ARGUMENT,
                                   "define cell '%s': channel %s's gate '%s' is also another channel's (use one "
                                   "of them, e.g. not both Na and Na_HH)", name, ch->name, ch->gates[j].name);
            c->vars[nv++] = ch->gates[j];
        }
    }
    for (uint32_t k = 0; k < AX_COUNT(ax_membrane_synaptic_vars); k++)
        c->vars[nv++] = ax_membrane_synaptic_vars[k];
    c->model.n_params = np;
    c->model.n_vars = nv;
    return AX_OK;
}

ax_status ax_model_define_cell(ax_network *net, const char *name, const char *const *channels, size_t n_channels)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!name)
        return ax_fail_null(net, "define cell", "name");
    if (n_channels && !channels)
        return ax_fail_null(net, "define cell", "channels");
    if (n_channels == 0 || n_channels > MAX_CELL_CHANNELS)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "define cell '%s': n_channels = %zu; give at least one channel and at most %d", name,
                       n_channels, MAX_CELL_CHANNELS);
    cell_model *c = calloc(1, sizeof *c);
    if (!c)
        return ax_fail(net, AX_ERR_MEMORY, "define cell '%s': out of memory", name);
    size_t max_params = AX_COUNT(ax_membrane_params), max_vars = 1 + AX_COUNT(ax_membrane_synaptic_vars);
    for (size_t k = 0; k < n_channels; k++) {
        const ax_channel *ch = ax_channel_lookup(net, channels[k]);
        if (!ch) {
            char list[512];
            list_channels(net, list, sizeof list);
            ax_cell_model_free(&c->model);
            return ax_fail(net, AX_ERR_ARGUMENT, "define cell '%s': unknown channel '%s' (channels: %s)", name,
                           channels[k] ? channels[k] : "(null)", list);
        }
        for (size_t j = 0; j < k; j++)
            if (c->channels[j] == ch) {
                ax_cell_model_free(&c->model);
                return ax_fail(net, AX_ERR_ARGUMENT, "define cell '%s': channel '%s' is listed twice", name,
                               ch->name);
            }
        c->channels[c->n_channels++] = ch;
        max_params += ch->n_params;
        max_vars += ch->n_gates;
    }
    c->params = malloc(max_params * sizeof *c->params);
    c->vars = malloc(max_vars * sizeof *c->vars);
    c->name = strdup(name);
    size_t doc_len = 200 + 16 * n_channels;
    c->doc = malloc(doc_len);
    if (!c->params || !c->vars || !c->name || !c->doc) {
        ax_cell_model_free(&c->model);
        return ax_fail(net, AX_ERR_MEMORY, "define cell '%s': out of memory", name);
    }
    memcpy(c->params, ax_membrane_params, sizeof ax_membrane_params);
    c->vars[0] = ax_membrane_v;
    ax_status st = collect(net, c, name);
    if (st) {
        ax_cell_model_free(&c->model);
        return st;
    }
    snprintf(c->doc, doc_len, "Single-compartment cell built from the channels");
    for (uint32_t k = 0; k < c->n_channels; k++) {
        size_t used = strlen(c->doc);
        snprintf(c->doc + used, doc_len - used, "%s%s", k ? ", " : " ", c->channels[k]->name);
    }
    size_t used = strlen(c->doc);
    snprintf(c->doc + used, doc_len - used, ", with exponential synaptic conductances. Staggered exponential "
                                            "integration (second order).");
    c->model.name = c->name;
    c->model.doc = c->doc;
    c->model.params = c->params;
    c->model.vars = c->vars;
    c->model.receptors = ax_channel_cell_receptors;
    c->model.n_receptors = 2;
    c->model.flags = AX_MODEL_CLEARS_INPUT;
    c->model.prepare = prepare;
    c->model.release = ax_channel_cell_release;
    c->model.data_state = ax_channel_cell_data_state;
    c->model.update = ax_channel_cell_update;
    c->model.impl = c;
    return ax_own_model(net, &c->model, ax_cell_model_free);
}
