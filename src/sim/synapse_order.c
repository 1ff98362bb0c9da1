/*
 * synapse_order.c - the global order of the synapses over the ranks
 * (net/synapse_order.h), counted once at the build: for every projection
 * and source i, the synapses of source i on the ranks below this one (an
 * element-wise exclusive scan of the rows' lengths) and on all ranks (a
 * sum, whose running total is where each source's row starts).  With one
 * rank nothing is made: the parts' row offsets are the order.
 */
#include <stdlib.h>

#include "core/comm.h"
#include "net/synapse_order.h"
#include "sim/sim.h"

ax_status ax_synapse_order_build(ax_network *net)
{
    if (net->ranks == 1)
        return AX_OK;
    ax_status st = AX_OK;
    for (uint32_t q = 0; q < net->n_projs && !st; q++) {
        ax_projection_data *p = net->projs[q];
        size_t n = net->pops[p->from]->size;
        if (!(p->global_row = ax_alloc(net, n ? n : 1, sizeof *p->global_row, "synapse order")) ||
            !(p->global_start = ax_alloc(net, n + 1, sizeof *p->global_start, "synapse order")))
            st = AX_ERR_MEMORY;
    }
    if ((st = ax_ranks_agree(net, st))) {   /* the scans below are collective */
        ax_synapse_order_free(net);
        return st;
    }
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        uint32_t n = net->pops[p->from]->size;
        p->global_start[0] = 0;
        for (uint32_t i = 0; i < n; i++)
            p->global_row[i] = p->global_start[i + 1] = ax_synapse_row_length(net, p, i);
        ax_comm_exscan_u64(p->global_row, n);
        ax_comm_allreduce_u64(p->global_start + 1, n, AX_COMM_SUM);
        for (uint32_t i = 0; i < n; i++) {
            p->global_start[i + 1] += p->global_start[i];
            p->global_row[i] += p->global_start[i];
        }
    }
    return AX_OK;
}

void ax_synapse_order_free(ax_network *net)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        free(net->projs[q]->global_row);
        free(net->projs[q]->global_start);
        net->projs[q]->global_row = net->projs[q]->global_start = NULL;
    }
}
