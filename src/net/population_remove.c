/*
 * population_remove.c - taking back the population added last
 * (ax_population_remove), for callers that set its parameters after the
 * add and want nothing left when one fails (the Python package's
 * add_population).
 *
 * Only the last one, before the build, with nothing referring to it: then
 * its handle, its global ids and the random streams keyed by them belong
 * to no one else, and undoing the add is undoing exactly what
 * ax_population_add did - the memory it planned, its slot, its neurons -
 * plus the warnings found about it since.  A population in the middle
 * would shift every later handle and id, and with them every draw.
 */
#include <stdio.h>

#include "core/warning.h"
#include "net/net.h"

/* What refers to population pop, as a phrase for the message; NULL if nothing. */
static const char *referred(const ax_network *net, uint32_t pop, char *buf, size_t len)
{
    for (uint32_t k = 0; k < net->n_projs; k++) {
        const ax_projection_data *q = net->projs[k];
        if (q->from == pop || q->to == pop) {
            snprintf(buf, len, "projection %u (%s -> %s) connects it", k, net->pops[q->from]->name,
                     net->pops[q->to]->name);
            return buf;
        }
    }
    for (uint32_t k = 0; k < net->n_inputs; k++)
        if (net->inputs[k]->pop == pop) {
            snprintf(buf, len, "input %u drives it", k);
            return buf;
        }
    for (uint32_t k = 0; k < net->n_recs; k++)
        if (net->recs[k]->pop == pop) {
            snprintf(buf, len, "recorder %u records it", k);
            return buf;
        }
    for (uint32_t k = 0; k < net->n_mods; k++)
        for (uint32_t s = 0; s < net->mods[k]->n_src; s++)
            if (net->mods[k]->src[s] == pop) {
                snprintf(buf, len, "modulator '%s' takes its spikes", net->mods[k]->name);
                return buf;
            }
    return NULL;
}

ax_status ax_population_remove(ax_network *net, ax_population pop)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "remove population");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (net->core.built)
        return ax_fail(net, AX_ERR_STATE, "remove population '%s': the network is already built", p->name);
    if (pop != net->n_pops - 1)
        return ax_fail(net, AX_ERR_STATE,
                       "remove population '%s': only the population added last ('%s') can be removed, "
                       "so that no other handle or neuron id changes",
                       p->name, net->pops[net->n_pops - 1]->name);
    char why[256];
    if (referred(net, pop, why, sizeof why))
        return ax_fail(net, AX_ERR_STATE, "remove population '%s': %s", p->name, why);
    ax_warning_forget_population(net, pop);
    net->core.memory_planned -= p->planned;
    net->n_neurons -= p->size;
    net->n_pops--;
    net->pops[pop] = NULL;
    ax_population_data_free(p);
    return AX_OK;
}
