/*
 * synapse_order.h - the global order of a projection's synapses, the one
 * every call that lists them by position uses (ax_projection_get_synapses,
 * the table, a synapse's index, set_weights' values, weight recorders):
 * by source, then rank, then thread part, then position in the row.  With
 * one rank that is the order of the parts as stored.
 *
 * Each rank stores only the synapses onto its own neurons, so a rank's
 * share of source i's row starts after the shares of the ranks below it:
 * the build counts them once (sim/synapse_order.c, an element-wise
 * exclusive scan of the row lengths over the ranks) into global_row and
 * global_start; these reads need no communication.
 */
#ifndef AX_SYNAPSE_ORDER_H
#define AX_SYNAPSE_ORDER_H

#include "net/network.h"

/* The synapses of source i in this rank's parts. */
static inline uint64_t ax_synapse_row_length(const ax_network *net, const ax_projection_data *p, uint32_t i)
{
    uint64_t n = 0;
    for (int k = 0; k < net->threads; k++)
        n += p->parts[k].row[i + 1] - p->parts[k].row[i];
    return n;
}

/* Position in the global order of this rank's first synapse of source i. */
static inline uint64_t ax_synapse_row_start(const ax_network *net, const ax_projection_data *p, uint32_t i)
{
    if (p->global_row)
        return p->global_row[i];
    uint64_t at = 0;
    for (int k = 0; k < net->threads; k++)
        at += p->parts[k].row[i];
    return at;
}

/* Position in the global order of source i's first synapse, any rank's
 * (i == the source population's size: the total). */
static inline uint64_t ax_synapse_row_start_all(const ax_network *net, const ax_projection_data *p, uint32_t i)
{
    if (p->global_start)
        return p->global_start[i];
    uint64_t at = 0;
    for (int k = 0; k < net->threads; k++)
        at += p->parts[k].row[i];
    return at;
}

/* The rank that owns global neuron id `gid`. */
static inline int ax_rank_of(const ax_network *net, uint32_t gid)
{
    int r = 0;
    while (r < net->ranks - 1 && gid >= net->rank_first[r + 1])
        r++;
    return r;
}

#endif
