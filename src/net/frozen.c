/*
 * frozen.c - neurons switched off (ax_population_set_frozen): the step
 * loop (sim/run.c) skips their update, so they keep their state, fire no
 * spike and cost (almost) no time.  What the whole-generation evaluator
 * (fit/) uses to stop candidates that cannot win.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/error.h"
#include "net/net.h"

ax_status ax_population_set_frozen(ax_network *net, ax_population pop, ax_neurons neurons, bool frozen)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "set frozen");
    if (!p)
        return AX_ERR_NOT_FOUND;
    char what[160];
    snprintf(what, sizeof what, "set frozen neurons of population '%s'", p->name);
    ax_selection sel;
    ax_status st = ax_selection_make(net, neurons, p->size, what, &sel);
    if (st)
        return st;
    if (!p->frozen && frozen) {
        p->frozen = calloc(p->size, 1);
        if (!p->frozen) {
            ax_selection_free(&sel);
            return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory for %u flags", what, p->size);
        }
    }
    for (uint32_t k = 0; k < sel.n && p->frozen; k++) {
        uint32_t i = sel.list ? sel.list[k] : k;
        p->n_frozen += (uint32_t)frozen - p->frozen[i];
        p->frozen[i] = frozen;
    }
    ax_selection_free(&sel);
    if (p->frozen && p->n_frozen == 0) {   /* none left: the step loop takes its plain path again */
        free(p->frozen);
        p->frozen = NULL;
    }
    return AX_OK;
}

ax_status ax_population_get_frozen(const ax_network *net, ax_population pop, uint8_t *out, size_t size)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_population_data *p = ax_population_lookup_const(net, pop, "get frozen");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!out)
        return ax_fail_null(net, "get frozen", "out");
    if (size != p->size)
        return ax_fail(net, AX_ERR_ARGUMENT, "get frozen of population '%s': size = %zu is not allowed: the population "
                       "has %u neurons", p->name, size, p->size);
    for (uint32_t i = 0; i < p->size; i++)
        out[i] = p->frozen ? p->frozen[i] : 0;
    return AX_OK;
}
