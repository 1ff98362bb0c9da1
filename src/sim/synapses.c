/*
 * synapses.c - reading the synapses of a built network back, whatever
 * their kind: the threads' parts of a projection merged in the order of
 * sources then targets, with plastic weights as they are now (the changes
 * pending until the next presynaptic spike included).
 */
#include <stdlib.h>
#include <string.h>

#include "plasticity/plasticity.h"
#include "record/record.h"
#include "sim/sim.h"

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
    uint32_t n_from = net->pops[p->from]->size;
    uint64_t at = 0;
    for (uint32_t i = 0; i < n_from; i++) {
        for (int k = 0; k < net->threads; k++) {
            const ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++, at++) {
                if (sources)
                    sources[at] = i;
                if (targets)
                    targets[at] = ax_syn_target(part, q);
                if (weights)
                    weights[at] = p->plastic  ? ax_plastic_weight(net, p, k, i, q, net->step)
                                  : part->weight ? part->weight[q]
                                                 : p->weight_value;
                if (delays)
                    delays[at] = ax_syn_delay(p, part, q) * net->dt;
            }
        }
    }
    return AX_OK;
}

uint64_t ax_projection_hash(const ax_network *net, const ax_projection_data *p)
{
    uint64_t h = AX_FNV_OFFSET;
    uint32_t n_from = net->pops[p->from]->size;
    /* FNV-1a over 64-bit words, with a shift so that high bits reach low ones */
#define MIX(x) (h = (h ^ (x)) * 0x100000001b3ull, h ^= h >> 32)
    for (uint32_t i = 0; p->parts && i < n_from; i++)
        for (int k = 0; k < net->threads; k++) {
            const ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++) {
                float w = part->weight ? part->weight[q] : p->weight_value;
                uint32_t bits = 0;
                if (!p->plastic && !p->avg_stdp)   /* weights that learn are the checkpoint's state */
                    memcpy(&bits, &w, sizeof bits);
                MIX((uint64_t)i << 32 | ax_syn_target(part, q));
                MIX((uint64_t)ax_syn_delay(p, part, q) << 32 | bits);
            }
        }
#undef MIX
    return h;
}

ax_status ax_projection_write_csv(ax_network *net, ax_projection proj, const char *path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_projection_data *p = ax_projection_lookup(net, proj, "write synapses");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!path)
        return ax_fail_null(net, "write synapses", "path");
    uint64_t n = p->n_synapses, planned = net->core.memory_planned;
    if (ax_plan_memory(net, 24.0 * (double)n, "write synapses"))
        return AX_ERR_MEMORY;
    net->core.memory_planned = planned;   /* the copies are freed below: they count only while they exist */
    size_t m = n ? (size_t)n : 1;
    uint32_t *src = malloc(m * sizeof *src), *tgt = malloc(m * sizeof *tgt);
    double *wt = malloc(m * sizeof *wt), *dl = malloc(m * sizeof *dl);
    ax_status st = !src || !tgt || !wt || !dl ? ax_fail(net, AX_ERR_MEMORY, "write synapses: out of memory")
                                              : ax_projection_get_synapses(net, proj, src, tgt, wt, dl);
    ax_out_file o;
    if (!st)
        st = ax_out_open(net, &o, path);
    if (!st) {
        int dec = ax_time_decimals(net->dt);
        fputs("source,target,weight,delay\n", o.f);
        for (uint64_t q = 0; q < n; q++)
            fprintf(o.f, "%u,%u,%.9g,%.*f\n", src[q], tgt[q], wt[q], dec, dl[q]);
        st = ax_out_close(net, &o);
    }
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
    if (!st && p->n_synapses)
        st = ax_projection_get_synapses(net, p->index, out->src, out->tgt, out->w, NULL);
    uint32_t a = net->pops[p->from]->first_id, b = net->pops[p->to]->first_id;
    for (uint64_t k = 0; !st && k < p->n_synapses; k++) {
        out->src[k] += a;
        out->tgt[k] += b;
        if (w_new && p->index == proj)
            out->w[k] = (double)(float)w_new[n_new == 1 ? 0 : k];
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
