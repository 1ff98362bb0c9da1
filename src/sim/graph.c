/*
 * graph.c - a built network read and edited as a graph, one synapse or
 * one neuron at a time: ax_projection_find_synapse, _set_synapse_weight,
 * _set_synapse_delay, ax_population_get_incoming, _get_outgoing.
 *
 * Synapses are stored by source, each thread's part holding the targets it
 * owns, each row in increasing target order (the build generates rows in
 * target order).  So the synapse (i, j) lies in row i of the one part that
 * owns j, found by a binary search, and its position in the order of
 * ax_projection_get_synapses needs no scan: the synapses before it are
 * those of the sources below i in every part (part->row[i]), those of row
 * i in the parts before, and those before it in its own row.
 *
 * Editing one synapse goes through ax_projection_set_weights and
 * _set_delays with the projection's values and that one changed: plastic
 * projections must flush first and keep what a reset returns to, gap
 * junctions and graded release rebuild their tables, a fixed weight turns
 * into per-synapse weights - all of which those calls already do right,
 * so a one-synapse edit cannot do it differently.  It costs O(synapses),
 * which the header says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/comm.h"
#include "net/synapse_order.h"
#include "plasticity/plasticity.h"
#include "sim/sim.h"

/* "<verb> of projection 2 (E -> I)" */
static void name_of(const ax_network *net, const ax_projection_data *p, const char *verb, char *name, size_t len)
{
    char label[256];
    snprintf(name, len, "%s of %s", verb, ax_projection_label(net, p->index, label, sizeof label));
}

/* The first q in [lo, hi) of a part whose target is >= t. */
static uint64_t lower_bound(const ax_syn_part *part, uint64_t lo, uint64_t hi, uint32_t t)
{
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (ax_syn_target(part, mid) < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Synapse q of row i in part k as an ax_synapse. */
static ax_synapse synapse_at(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, uint64_t q,
                             uint64_t index)
{
    const ax_syn_part *part = &p->parts[k];
    ax_synapse s = {.projection = p->index, .source = i, .target = ax_syn_target(part, q), .index = index, .count = 1};
    s.weight = p->plastic ? ax_plastic_weight(net, p, k, i, q, net->step) : part->weight ? part->weight[q] : p->weight_value;
    s.delay = ax_projection_spiking(p) ? ax_syn_delay(p, part, q) * net->dt : 0.0;
    return s;
}

/* Position of row i of part k's first synapse in the projection's
 * (global) order: this rank's share of row i starts at
 * ax_synapse_row_start, the parts before k come first. */
static uint64_t row_start(const ax_network *net, const ax_projection_data *p, uint32_t i, int k)
{
    uint64_t at = ax_synapse_row_start(net, p, i);
    for (int j = 0; j < k; j++)
        at += p->parts[j].row[i + 1] - p->parts[j].row[i];
    return at;
}

/* The projection, built, and a source and target within their populations. */
static ax_status check_pair(const ax_network *net, ax_projection proj, uint32_t source, uint32_t target,
                            const char *verb, const ax_projection_data **out, char *name, size_t len)
{
    const ax_projection_data *p = ax_projection_lookup(net, proj, verb);
    if (!p)
        return AX_ERR_NOT_FOUND;
    name_of(net, p, verb, name, len);
    if (!p->parts)
        return ax_fail(net, AX_ERR_STATE, "%s: the network is not built yet (call ax_network_build or ax_network_run "
                       "first)", name);
    const ax_population_data *a = net->pops[p->from], *b = net->pops[p->to];
    if (source >= a->size)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: source %u is outside population '%s' (0 .. %u)", name, source,
                       a->name, a->size - 1);
    if (target >= b->size)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: target %u is outside population '%s' (0 .. %u)", name, target,
                       b->name, b->size - 1);
    *out = p;
    return AX_OK;
}

static ax_status find(const ax_network *net, ax_projection proj, uint32_t source, uint32_t target, const char *verb,
                      ax_synapse *out)
{
    char name[300];
    const ax_projection_data *p = NULL;
    ax_status st = check_pair(net, proj, source, target, verb, &p, name, sizeof name);
    if (st)
        return st;
    st = AX_ERR_NOT_FOUND;
    for (int k = 0; k < net->threads && st; k++) {
        const ax_syn_part *part = &p->parts[k];
        uint64_t end = part->row[source + 1];
        uint64_t q = lower_bound(part, part->row[source], end, target);
        if (q == end || ax_syn_target(part, q) != target)
            continue;
        uint64_t last = q;
        while (last < end && ax_syn_target(part, last) == target)
            last++;
        *out = synapse_at(net, p, k, source, q, row_start(net, p, source, k) + (q - part->row[source]));
        out->count = (uint32_t)(last - q);
        st = AX_OK;
    }
    if (net->ranks > 1) {
        /* the synapses onto the target are on the rank that owns it: its answer, on every rank */
        struct {
            int32_t found;
            ax_synapse s;
        } m = {st == AX_OK, st == AX_OK ? *out : (ax_synapse){0}};
        ax_comm_bcast(&m, sizeof m, ax_rank_of(net, net->pops[p->to]->first_id + target));
        st = m.found ? AX_OK : AX_ERR_NOT_FOUND;
        if (m.found)
            *out = m.s;
    }
    return st ? ax_fail(net, AX_ERR_NOT_FOUND, "%s: no synapse from source %u to target %u", name, source, target)
              : AX_OK;
}

ax_status ax_projection_find_synapse(const ax_network *net, ax_projection proj, uint32_t source, uint32_t target,
                                     ax_synapse *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!out)
        return ax_fail_null(net, "find synapse", "out");
    return find(net, proj, source, target, "find synapse", out);
}

/* The projection's weights (or delays) with those of the pair set to x,
 * through ax_projection_set_weights (_set_delays). */
static ax_status set_one(ax_network *net, ax_projection proj, uint32_t source, uint32_t target, double x, bool delay)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const char *verb = delay ? "set synapse delay" : "set synapse weight";
    ax_synapse s;
    ax_status st = find(net, proj, source, target, verb, &s);
    if (st)
        return st;
    uint64_t n = ax_projection_get_size(net, proj), planned = net->core.memory_planned;
    double *v = NULL;
    st = ax_plan_memory(net, 8.0 * (double)n, verb);
    net->core.memory_planned = planned;   /* the copy is freed below: it counts only while it exists */
    if (!st && !(v = malloc((size_t)n * sizeof *v)))
        st = ax_fail(net, AX_ERR_MEMORY, "%s: out of memory for %llu values", verb, (unsigned long long)n);
    if ((st = ax_ranks_agree(net, st)))   /* what follows is collective */
        return st;
    st = ax_projection_get_synapses(net, proj, NULL, NULL, delay ? NULL : v, delay ? v : NULL);
    for (uint64_t q = s.index; !st && q < s.index + s.count; q++)
        v[q] = x;
    if (!st)
        st = delay ? ax_projection_set_delays(net, proj, v, (size_t)n) : ax_projection_set_weights(net, proj, v, (size_t)n);
    free(v);
    return st;
}

ax_status ax_projection_set_synapse_weight(ax_network *net, ax_projection proj, uint32_t source, uint32_t target,
                                           double weight)
{
    return set_one(net, proj, source, target, weight, false);
}

ax_status ax_projection_set_synapse_delay(ax_network *net, ax_projection proj, uint32_t source, uint32_t target,
                                          double delay_ms)
{
    return set_one(net, proj, source, target, delay_ms, true);
}

/* Adds s to the list: stored while there is room, counted in any case. */
static void keep(ax_synapse *out, size_t cap, size_t *n, ax_synapse s)
{
    if (*n < cap)
        out[*n] = s;
    (*n)++;
}

/* The synapses of p that end at target j (p->to is the population): all
 * in the part of the thread that owns j, one binary search per source. */
static void incoming(const ax_network *net, const ax_projection_data *p, uint32_t j, ax_synapse *out, size_t cap,
                     size_t *n)
{
    int t = 0;
    while (t < net->threads - 1 && !(j >= net->thr[t].seg[p->to].begin && j < net->thr[t].seg[p->to].end))
        t++;
    const ax_syn_part *part = &p->parts[t];
    uint32_t n_from = net->pops[p->from]->size;
    for (uint32_t i = 0; part->n && i < n_from; i++) {
        uint64_t end = part->row[i + 1];
        uint64_t q = lower_bound(part, part->row[i], end, j);
        if (q < end && ax_syn_target(part, q) == j) {
            uint64_t at = row_start(net, p, i, t) + (q - part->row[i]);
            for (; q < end && ax_syn_target(part, q) == j; q++, at++)
                keep(out, cap, n, synapse_at(net, p, t, i, q, at));
        }
    }
}

/* The synapses of p that leave source i (p->from is the population). */
static void outgoing(const ax_network *net, const ax_projection_data *p, uint32_t i, ax_synapse *out, size_t cap,
                     size_t *n)
{
    uint64_t at = row_start(net, p, i, 0);
    for (int k = 0; k < net->threads; k++) {
        const ax_syn_part *part = &p->parts[k];
        for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++, at++)
            keep(out, cap, n, synapse_at(net, p, k, i, q, at));
    }
}

/* This rank's synapses of the neuron, in every projection onto (in) or
 * from it, in projection order. */
static void list_here(const ax_network *net, ax_population pop, uint32_t neuron, ax_synapse *out, size_t cap,
                      size_t *n, bool in)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        if (!p->parts)
            continue;
        if (in && p->to == pop)
            incoming(net, p, neuron, out, cap, n);
        if (!in && p->from == pop)
            outgoing(net, p, neuron, out, cap, n);
    }
}

static int by_projection_then_index(const void *a, const void *b)
{
    const ax_synapse *x = a, *y = b;
    if (x->projection != y->projection)
        return x->projection < y->projection ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Under MPI: every rank's synapses of the neuron (its incoming ones are on
 * the rank that owns it, its outgoing ones anywhere) gathered, in the
 * order one process lists them: by projection, then position. */
static ax_status neuron_list_ranks(const ax_network *net, ax_population pop, uint32_t neuron, ax_synapse *out,
                                   size_t cap, size_t *n, bool in, const char *verb)
{
    size_t mine = 0, got = 0;
    list_here(net, pop, neuron, NULL, 0, &mine, in);
    ax_synapse *here = malloc((mine ? mine : 1) * sizeof *here);
    ax_status st = here ? AX_OK : ax_fail(net, AX_ERR_MEMORY, "%s: out of memory for %zu synapses", verb, mine);
    if ((st = ax_ranks_agree((ax_network *)net, st))) {   /* the gathering is collective */
        free(here);
        return st;
    }
    list_here(net, pop, neuron, here, mine, &got, in);
    uint64_t total;
    ax_synapse *all = ax_ranks_gather_items(net, here, mine, sizeof *here, &total);
    free(here);
    qsort(all, (size_t)total, sizeof *all, by_projection_then_index);
    if (out && cap)
        memcpy(out, all, (size_t)(total < cap ? total : cap) * sizeof *out);
    *n = (size_t)total;
    free(all);
    return AX_OK;
}

static ax_status neuron_list(const ax_network *net, ax_population pop, uint32_t neuron, ax_synapse *out, size_t cap,
                             size_t *n, bool in)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const char *verb = in ? "get incoming synapses" : "get outgoing synapses";
    const ax_population_data *a = ax_population_lookup_const(net, pop, verb);
    if (!a)
        return AX_ERR_NOT_FOUND;
    if (!n)
        return ax_fail_null(net, verb, "n");
    if (!out && cap)
        return ax_fail_null(net, verb, "out");
    if (!net->core.built)
        return ax_fail(net, AX_ERR_STATE, "%s of neuron %u of '%s': the network is not built yet (call "
                       "ax_network_build or ax_network_run first)", verb, neuron, a->name);
    if (neuron >= a->size)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: neuron %u is outside population '%s' (0 .. %u)", verb, neuron,
                       a->name, a->size - 1);
    if (net->ranks > 1)
        return neuron_list_ranks(net, pop, neuron, out, cap, n, in, verb);
    *n = 0;
    list_here(net, pop, neuron, out, cap, n, in);
    return AX_OK;
}

ax_status ax_population_get_incoming(const ax_network *net, ax_population pop, uint32_t neuron, ax_synapse *out,
                                     size_t cap, size_t *n)
{
    return neuron_list(net, pop, neuron, out, cap, n, true);
}

ax_status ax_population_get_outgoing(const ax_network *net, ax_population pop, uint32_t neuron, ax_synapse *out,
                                     size_t cap, size_t *n)
{
    return neuron_list(net, pop, neuron, out, cap, n, false);
}
