/*
 * synapses.c - reading the synapses of a built network back, whatever
 * their kind: the threads' parts of a projection merged in the order of
 * sources then targets, with plastic weights as they are now (the changes
 * pending until the next presynaptic spike included).  Under MPI the
 * ranks' synapses are merged in the global order (net/synapse_order.h):
 * every rank gets what one process gets, in the same collective calls.
 */
#include <stdlib.h>
#include <string.h>

#include "core/comm.h"
#include "net/synapse_order.h"
#include "plasticity/plasticity.h"
#include "record/record.h"
#include "sim/sim.h"

/* Synapse q of row i in part k: its weight now. */
static double weight_of(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, uint64_t q)
{
    const ax_syn_part *part = &p->parts[k];
    return p->plastic ? ax_plastic_weight(net, p, k, i, q, net->step) : part->weight ? part->weight[q] : p->weight_value;
}

ax_status ax_projection_get_synapses(const ax_network *net, ax_projection proj, uint32_t *sources, uint32_t *targets,
                          double *weights, double *delays)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_projection_data *p = ax_projection_lookup(net, proj, "get synapses");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!p->parts)
        return ax_fail(net, AX_ERR_STATE, "get synapses: the network is not built yet (call ax_network_build or ax_network_run)");
    /* under MPI each rank writes its own synapses at their places in the
     * global order, zeros elsewhere, and the arrays are merged */
    bool merge = net->ranks > 1;
    size_t n = (size_t)p->n_total;
    if (merge) {
        if (sources)
            memset(sources, 0, n * sizeof *sources);
        if (targets)
            memset(targets, 0, n * sizeof *targets);
        if (weights)
            memset(weights, 0, n * sizeof *weights);
        if (delays)
            memset(delays, 0, n * sizeof *delays);
    }
    uint32_t n_from = net->pops[p->from]->size;
    const bool spiking = ax_projection_spiking(p);   /* gap junctions, graded release: no delays (0) */
    for (uint32_t i = 0; i < n_from; i++) {
        uint64_t at = ax_synapse_row_start(net, p, i);
        for (int k = 0; k < net->threads; k++) {
            const ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++, at++) {
                if (sources)
                    sources[at] = i;
                if (targets)
                    targets[at] = ax_syn_target(part, q);
                if (weights)
                    weights[at] = weight_of(net, p, k, i, q);
                if (delays)
                    delays[at] = spiking ? ax_syn_delay(p, part, q) * net->dt : 0.0;
            }
        }
    }
    if (merge) {
        if (sources)
            ax_comm_merge(sources, n * sizeof *sources);
        if (targets)
            ax_comm_merge(targets, n * sizeof *targets);
        if (weights)
            ax_comm_merge(weights, n * sizeof *weights);
        if (delays)
            ax_comm_merge(delays, n * sizeof *delays);
    }
    return AX_OK;
}

/* The two words the fingerprint mixes for synapse q of row i in part k. */
static void hash_words(const ax_projection_data *p, const ax_syn_part *part, uint32_t i, uint64_t q, uint64_t *w)
{
    float x = part->weight ? part->weight[q] : p->weight_value;
    uint32_t bits = 0;
    if (!p->plastic && !p->avg_stdp)   /* weights that learn are the checkpoint's state */
        memcpy(&bits, &x, sizeof bits);
    w[0] = (uint64_t)i << 32 | ax_syn_target(part, q);
    w[1] = (uint64_t)ax_syn_delay(p, part, q) << 32 | bits;
}

/* FNV-1a over 64-bit words, with a shift so that high bits reach low ones */
#define MIX(h, x) ((h) = ((h) ^ (x)) * 0x100000001b3ull, (h) ^= (h) >> 32)

/* Under MPI: the words of blocks of sources of at most HASH_BLOCK
 * synapses (or one source), each rank's at their places, merged, then
 * mixed in the global order as one process mixes them. */
#define HASH_BLOCK ((uint64_t)1 << 20)

static uint64_t hash_ranks(const ax_network *net, const ax_projection_data *p)
{
    uint64_t h = AX_FNV_OFFSET;
    uint32_t n_from = net->pops[p->from]->size;
    uint64_t *words = NULL;
    uint64_t cap = 0;
    for (uint32_t i0 = 0, i1; i0 < n_from; i0 = i1) {
        uint64_t base = p->global_start[i0];
        for (i1 = i0 + 1; i1 < n_from && p->global_start[i1 + 1] - base <= HASH_BLOCK; i1++)
            ;
        uint64_t n = p->global_start[i1] - base;
        if (n > cap) {
            free(words);
            cap = n;
            if (!(words = malloc(2 * cap * sizeof *words)))
                ax_comm_abort(12);   /* the other ranks are in the collective */
        }
        memset(words, 0, 2 * n * sizeof *words);
        for (uint32_t i = i0; i < i1; i++) {
            uint64_t at = p->global_row[i] - base;
            for (int k = 0; k < net->threads; k++)
                for (uint64_t q = p->parts[k].row[i]; q < p->parts[k].row[i + 1]; q++, at++)
                    hash_words(p, &p->parts[k], i, q, words + 2 * at);
        }
        ax_comm_merge(words, 2 * n * sizeof *words);
        for (uint64_t c = 0; c < 2 * n; c++)
            MIX(h, words[c]);
    }
    free(words);
    return h;
}

uint64_t ax_projection_hash(const ax_network *net, const ax_projection_data *p)
{
    if (net->ranks > 1 && p->parts)
        return hash_ranks(net, p);
    uint64_t h = AX_FNV_OFFSET;
    uint32_t n_from = net->pops[p->from]->size;
    for (uint32_t i = 0; p->parts && i < n_from; i++)
        for (int k = 0; k < net->threads; k++) {
            const ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++) {
                uint64_t w[2];
                hash_words(p, part, i, q, w);
                MIX(h, w[0]);
                MIX(h, w[1]);
            }
        }
    return h;
}
#undef MIX

ax_status ax_projection_write_csv(ax_network *net, ax_projection proj, const char *path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_projection_data *p = ax_projection_lookup(net, proj, "write synapses");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!path)
        return ax_fail_null(net, "write synapses", "path");
    uint64_t n = p->n_total, planned = net->core.memory_planned;
    uint32_t *src = NULL, *tgt = NULL;
    double *wt = NULL, *dl = NULL;
    ax_status st = ax_plan_memory(net, 24.0 * (double)n, "write synapses");
    net->core.memory_planned = planned;   /* the copies are freed below: they count only while they exist */
    size_t m = n ? (size_t)n : 1;
    if (!st) {
        src = malloc(m * sizeof *src), tgt = malloc(m * sizeof *tgt);
        wt = malloc(m * sizeof *wt), dl = malloc(m * sizeof *dl);
        if (!src || !tgt || !wt || !dl)
            st = ax_fail(net, AX_ERR_MEMORY, "write synapses: out of memory");
    }
    st = ax_ranks_agree(net, st);   /* gathering them is collective */
    if (!st)
        st = ax_projection_get_synapses(net, proj, src, tgt, wt, dl);
    ax_out_file o;
    bool writes = net->rank == 0;   /* under MPI rank 0 writes the file */
    if (!st && writes)
        st = ax_out_open(net, &o, path);
    if (!st && writes) {
        int dec = ax_time_decimals(net->dt);
        fputs("source,target,weight,delay\n", o.f);
        for (uint64_t q = 0; q < n; q++)
            fprintf(o.f, "%u,%u,%.9g,%.*f\n", src[q], tgt[q], wt[q], dec, dl[q]);
        st = ax_out_close(net, &o);
    }
    st = ax_ranks_agree(net, st);   /* rank 0's failure to write, on every rank */
    free(src);
    free(tgt);
    free(wt);
    free(dl);
    return st;
}

ax_status ax_synapses_global(ax_network *net, const ax_projection_data *p, uint32_t proj, const double *w_new,
                             size_t n_new, const char *what, ax_global_synapses *out)
{
    uint64_t n = p->n_synapses ? p->n_synapses : 1;
    out->src = malloc(n * sizeof *out->src);
    out->tgt = malloc(n * sizeof *out->tgt);
    out->w = malloc(n * sizeof *out->w);
    out->loc = p->averaged ? malloc(n * sizeof *out->loc) : NULL;
    ax_status st = out->src && out->tgt && out->w && (out->loc || !p->averaged)
                       ? AX_OK
                       : ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", what);
    if (!st && out->loc)
        ax_synapse_locations(net, p, out->loc);
    /* this rank's synapses, in their global order; the values w_new are
     * in the global order of all ranks' synapses */
    uint32_t a = net->pops[p->from]->first_id, b = net->pops[p->to]->first_id;
    uint64_t c = 0;
    for (uint32_t i = 0; !st && i < net->pops[p->from]->size; i++) {
        uint64_t at = ax_synapse_row_start(net, p, i);
        for (int k = 0; k < net->threads; k++) {
            const ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++, at++, c++) {
                out->src[c] = a + i;
                out->tgt[c] = b + ax_syn_target(part, q);
                out->w[c] = w_new && p->index == proj ? (double)(float)w_new[n_new == 1 ? 0 : at]
                                                      : weight_of(net, p, k, i, q);
            }
        }
    }
    if (st)
        ax_global_synapses_free(out);
    return st;
}

void ax_synapse_locations(const ax_network *net, const ax_projection_data *p, uint64_t *loc)
{
    uint64_t at = 0;
    for (uint32_t i = 0; p->parts && i < net->pops[p->from]->size; i++)
        for (int k = 0; k < net->threads; k++) {
            const ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++)
                loc[at++] = (uint64_t)k << AX_LOC_SHIFT | q;
        }
}

void ax_global_synapses_free(ax_global_synapses *s)
{
    free(s->src);
    free(s->tgt);
    free(s->w);
    free(s->loc);
    *s = (ax_global_synapses){NULL, NULL, NULL, NULL};
}
