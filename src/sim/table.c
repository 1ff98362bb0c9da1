/*
 * table.c - a projection's synapses as flat arrays that the caller reads
 * in place (ax_projection_get_table): the Python package shows them as
 * numpy arrays without a copy per read.
 *
 * The table is gathered from the threads' parts once, then handed out
 * again until something may have changed it: a run (plastic weights), a
 * reset or restore, ax_projection_set_weights / _set_delays
 * (ax_tables_drop, ax_table_drop).  Gathering runs on the network's
 * threads: the sources are cut into ranges of about equal numbers of
 * synapses, and each thread writes the rows of its range - every source's
 * row from all parts, in part order - at offsets counted beforehand, so
 * the arrays do not depend on the number of threads.  The plastic weights
 * are read with ax_plastic_weight at the current step, which changes
 * nothing, so threads may read any part.
 *
 * Under MPI the table holds every rank's synapses in the global order
 * (net/synapse_order.h), the same on every rank: asking for it is
 * collective.
 *
 * A caller that keeps the arrays beyond the next event takes them
 * (ax_projection_take_table): the network forgets them and gathers new
 * ones when asked again.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/comm.h"
#include "net/synapse_order.h"
#include "plasticity/plasticity.h"
#include "sim/sim.h"

#include <omp.h>

static void table_free(ax_table_data *t)
{
    free(t->sources);
    free(t->targets);
    free(t->weights);
    free(t->delays);
    t->sources = t->targets = NULL;
    t->weights = t->delays = NULL;
    t->valid = false;
}

void ax_table_drop(ax_projection_data *p) { table_free(&p->table); }

void ax_tables_drop(ax_network *net, bool plastic_only)
{
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (!plastic_only || net->projs[q]->plastic || net->projs[q]->avg_stdp)
            table_free(&net->projs[q]->table);
}

/* The first source whose row starts at or after synapse `at`. */
static uint32_t first_source_at(const uint64_t *off, uint32_t n_from, uint64_t at)
{
    uint32_t lo = 0, hi = n_from;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (off[mid] < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Thread j of m writes the rows of the sources whose rows start in
 * [j n / m, (j + 1) n / m); off[i] is where source i's row starts. */
static void gather_part(const ax_network *net, const ax_projection_data *p, const uint64_t *off, int j, int m)
{
    const ax_table_data *t = &p->table;
    const uint32_t n_from = net->pops[p->from]->size;
    const uint64_t n = off[n_from], share = n / (uint64_t)m, rest = n % (uint64_t)m;
    const bool spiking = ax_projection_spiking(p);
    uint32_t begin = first_source_at(off, n_from, share * (uint64_t)j + rest * (uint64_t)j / (uint64_t)m);
    uint32_t end = j == m - 1 ? n_from
                              : first_source_at(off, n_from, share * (uint64_t)(j + 1) + rest * (uint64_t)(j + 1) / (uint64_t)m);
    for (uint32_t i = begin; i < end; i++) {
        uint64_t at = off[i];
        for (int k = 0; k < net->threads; k++) {
            const ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++, at++) {
                t->sources[at] = i;
                t->targets[at] = ax_syn_target(part, q);
                t->weights[at] = p->plastic  ? ax_plastic_weight(net, p, k, i, q, net->step)
                                 : part->weight ? part->weight[q]
                                                : p->weight_value;
                t->delays[at] = spiking ? ax_syn_delay(p, part, q) * net->dt : 0.0;
            }
        }
    }
}

static ax_status gather(ax_network *net, ax_projection_data *p)
{
    ax_table_data *t = &p->table;
    const uint32_t n_from = net->pops[p->from]->size;
    const uint64_t n = p->n_total;
    char what[300];
    snprintf(what, sizeof what, "get table of projection %u (%s -> %s)", p->index, net->pops[p->from]->name,
             net->pops[p->to]->name);
    /* the network holds one table per projection at a time: planned once */
    ax_status st = AX_OK;
    if (!t->planned && !(st = ax_plan_memory(net, 24.0 * (double)n, what)))
        t->planned = true;
    /* under MPI the arrays hold all ranks' synapses: each rank writes its
     * own at their places in the global order, zeros elsewhere, and the
     * arrays are merged */
    bool merge = net->ranks > 1;
    void *(*get)(ax_network *, size_t, size_t, const char *) = merge ? ax_alloc_zero : ax_alloc;
    uint64_t *off = st ? NULL : ax_alloc(net, (size_t)n_from + 1, sizeof *off, what);
    t->sources = off ? get(net, n, sizeof *t->sources, what) : NULL;
    t->targets = t->sources ? get(net, n, sizeof *t->targets, what) : NULL;
    t->weights = t->targets ? get(net, n, sizeof *t->weights, what) : NULL;
    t->delays = t->weights ? get(net, n, sizeof *t->delays, what) : NULL;
    if (!st && !t->delays)
        st = AX_ERR_MEMORY;
    if ((st = ax_ranks_agree(net, st))) {   /* the merge is collective */
        free(off);
        table_free(t);
        return st;
    }
    /* where each source's row (this rank's share of it) starts */
    for (uint32_t i = 0; i < n_from; i++)
        off[i] = ax_synapse_row_start(net, p, i);
    off[n_from] = n;
    if (net->threads == 1 || p->n_synapses < 4096) {
        gather_part(net, p, off, 0, 1);
    } else {
#pragma omp parallel num_threads(net->threads)
        gather_part(net, p, off, omp_get_thread_num(), omp_get_num_threads());
    }
    free(off);
    if (merge) {
        ax_comm_merge(t->sources, n * sizeof *t->sources);
        ax_comm_merge(t->targets, n * sizeof *t->targets);
        ax_comm_merge(t->weights, n * sizeof *t->weights);
        ax_comm_merge(t->delays, n * sizeof *t->delays);
    }
    t->valid = true;
    return AX_OK;
}

ax_status ax_projection_get_table(ax_network *net, ax_projection proj, ax_synapse_table *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_projection_data *p = ax_projection_lookup(net, proj, "get table");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!out)
        return ax_fail_null(net, "get table", "out");
    if (!p->parts)
        return ax_fail(net, AX_ERR_STATE,
                       "get table: the network is not built yet (call ax_network_build or ax_network_run)");
    if (!p->table.valid) {
        ax_status st = gather(net, p);
        if (st)
            return st;
    }
    *out = (ax_synapse_table){p->n_total, p->table.sources, p->table.targets, p->table.weights, p->table.delays};
    return AX_OK;
}

ax_status ax_projection_take_table(ax_network *net, ax_projection proj, ax_kept *kept)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_projection_data *p = ax_projection_lookup(net, proj, "take table");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!kept)
        return ax_fail_null(net, "take table", "kept");
    *kept = (ax_kept){{NULL}, 0};
    ax_table_data *t = &p->table;
    if (!t->valid)
        return AX_OK;   /* nothing held: nothing handed out is still the network's */
    void *blocks[4] = {t->sources, t->targets, t->weights, t->delays};
    for (int b = 0; b < 4; b++)
        kept->blocks[kept->n++] = blocks[b];
    t->sources = t->targets = NULL;
    t->weights = t->delays = NULL;
    t->valid = false;
    return AX_OK;
}
