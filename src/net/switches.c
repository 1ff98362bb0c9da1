/*
 * switches.c - what reaches a population's neurons
 * (ax_population_set_switches): the main seed's per-lattice flags.  The
 * step loop (sim/run.c) reads electrical and chemical; learning is passed
 * on to the plastic projections into the population and to the averaged
 * ones that learn.
 */
#include "net/net.h"

ax_status ax_population_set_switches(ax_network *net, ax_population pop, ax_population_switches s)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "set switches");
    if (!p)
        return AX_ERR_NOT_FOUND;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->to == pop && (net->projs[q]->plastic || net->projs[q]->avg_stdp)) {
            ax_status st = ax_projection_set_learning(net, q, s.learning);
            if (st)
                return st;
        }
    p->switches = s;
    return AX_OK;
}

ax_status ax_population_get_switches(const ax_network *net, ax_population pop, ax_population_switches *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_population_data *p = ax_population_lookup_const(net, pop, "get switches");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!out)
        return ax_fail_null(net, "get switches", "out");
    *out = p->switches;
    return AX_OK;
}
