/*
 * averaged_gap.c - the seed simulator's lattice coupling
 * (ax_projection_add_averaged_gap; docs/lattices.md).  Each neuron j gets
 *     I_j = (1/n_j) sum over its averaged-gap edges of w_ij x_i,
 * x_i = v_i - v_j from a neuron, or a voltage kernel of the steps since the
 * last spike of a spike source; n_j counts the edges onto j over every
 * averaged projection, as the seed averages internal and external
 * sources, neurons and spike trains together.
 *
 * Like gap junctions (gap.c, whose table this one joins so that a change
 * of weights replaces both at once), the inputs of step s come from the
 * state at its start: sources' v from the parity buffers gap_v, spike
 * sources' last spikes from last_spike[s % 3], which the sources' own
 * threads fill for step s + 1 after their update of step s.  No thread
 * reads what another writes in the same step; each target's edges are
 * summed in increasing source id, so the sums are the same for any
 * number of threads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"
#include "sim/sim.h"

typedef struct avg_edge {
    uint32_t target, source, proj;   /* proj: the kernel's projection, UINT32_MAX from a neuron */
    uint32_t q;                      /* the edge's projection */
    double w;
    uint64_t loc;                    /* where its synapse is stored (ax_synapse_locations) */
} avg_edge;

static int by_target_source(const void *a, const void *b)
{
    const avg_edge *x = a, *y = b;
    if (x->target != y->target)
        return x->target < y->target ? -1 : 1;
    if (x->source != y->source)
        return x->source < y->source ? -1 : 1;
    if (x->q != y->q)
        return x->q < y->q ? -1 : 1;
    if (x->w != y->w)
        return x->w < y->w ? -1 : 1;
    return x->loc < y->loc ? -1 : x->loc > y->loc;   /* a total order: the same table for any qsort */
}

/* t's averaged part from every averaged projection as stored, except
 * that projection `proj`'s weights are w[0 .. n) (n == 1: one for all;
 * single precision, as the synapses hold them) when w is given.  No such
 * projection: the arrays stay NULL. */
ax_status ax_averaged_table_make(ax_network *net, uint32_t proj, const double *w, size_t n, ax_gap_table *t)
{
    uint64_t n_edges = 0;
    bool any = false;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->averaged && !net->projs[q]->chemical) {
            any = true;
            n_edges += net->projs[q]->n_synapses;
        }
    if (!any)
        return AX_OK;
    avg_edge *edges = malloc((n_edges ? n_edges : 1) * sizeof *edges);
    uint64_t count = 0;
    ax_status st = edges ? AX_OK : ax_fail(net, AX_ERR_MEMORY, "averaged gaps: out of memory");
    for (uint32_t q = 0; q < net->n_projs && !st; q++) {
        const ax_projection_data *p = net->projs[q];
        if (!p->averaged || p->chemical || !p->n_synapses)
            continue;
        ax_global_synapses s;
        if ((st = ax_synapses_global(net, p, proj, w, n, "averaged gaps", &s)))
            break;
        for (uint64_t k = 0; k < p->n_synapses; k++)
            edges[count++] = (avg_edge){s.tgt[k], s.src[k], p->from_train ? q : UINT32_MAX, q, s.w[k], s.loc[k]};
        ax_global_synapses_free(&s);
    }
    if (!st) {
        qsort(edges, count, sizeof *edges, by_target_source);
        t->avg_row = calloc(net->n_neurons + 1, sizeof *t->avg_row);
        t->avg_src = malloc((count ? count : 1) * sizeof *t->avg_src);
        t->avg_proj = malloc((count ? count : 1) * sizeof *t->avg_proj);
        t->avg_w = malloc((count ? count : 1) * sizeof *t->avg_w);
        t->avg_q = malloc((count ? count : 1) * sizeof *t->avg_q);
        t->avg_loc = malloc((count ? count : 1) * sizeof *t->avg_loc);
        if (!t->avg_row || !t->avg_src || !t->avg_proj || !t->avg_w || !t->avg_q || !t->avg_loc)
            st = ax_fail(net, AX_ERR_MEMORY, "averaged gaps: out of memory");
    }
    if (!st) {
        for (uint64_t k = 0; k < count; k++) {
            t->avg_row[edges[k].target + 1]++;
            t->avg_src[k] = edges[k].source;
            t->avg_proj[k] = edges[k].proj;
            t->avg_w[k] = edges[k].w;
            t->avg_q[k] = edges[k].q;
            t->avg_loc[k] = edges[k].loc;
        }
        for (uint64_t i = 0; i < net->n_neurons; i++)
            t->avg_row[i + 1] += t->avg_row[i];
    }
    free(edges);
    return st;
}

/* The populations averaged gaps touch: targets (their v is read back from
 * the parity buffers), neuron sources (v kept), spike sources (last spikes
 * kept); both ends of learning averaged projections (last spikes kept);
 * and the last-spike buffers, with no spike yet. */
ax_status ax_averaged_build(ax_network *net)
{
    bool tracked = false;
    for (uint32_t g = 0; g < net->n_pops; g++)   /* a build after one that failed starts afresh */
        net->pops[g]->spikes_tracked = net->pops[g]->learns_in = false;
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        if (p->avg_stdp && p->n_total)   /* all ranks' synapses: every rank decides alike */
            tracked = net->pops[p->from]->spikes_tracked = net->pops[p->to]->spikes_tracked = true;
        if (!p->averaged || p->chemical || !p->n_total)
            continue;
        net->pops[p->to]->gap = net->pops[p->to]->v_shared = true;
        if (p->from_train)
            tracked = net->pops[p->from]->spikes_tracked = true;
        else
            net->pops[p->from]->v_shared = true;
    }
    for (int b = 0; tracked && b < 3; b++) {
        if (!(net->last_spike[b] = malloc((net->n_neurons ? net->n_neurons : 1) * sizeof(int64_t))))
            return ax_fail(net, AX_ERR_MEMORY, "averaged gaps: out of memory");
    }
    ax_averaged_reset(net);
    return AX_OK;
}

/* No spike seen yet (a build, a reset). */
void ax_averaged_reset(ax_network *net)
{
    for (int b = 0; b < 3; b++)
        for (uint64_t g = 0; net->last_spike[b] && g < net->n_neurons; g++)
            net->last_spike[b][g] = AX_NEVER;
}

/* The seed's refractoriness functions (its spike_train module). */
static double kernel_value(const ax_spike_kernel *k, int64_t last, int64_t step, double dt)
{
    if (last == AX_NEVER)
        return k->v_rest;
    double d = (double)(step - last), scale = k->decay / dt, a = k->v_max - k->v_rest;
    return a * exp(k->shape == AX_SPIKE_KERNEL_EXPONENTIAL ? -d / scale : -d * d / scale) + k->v_rest;
}

/* Adds the averaged-gap currents of step `step` to neurons [b, e) of p. */
void ax_averaged_currents(const ax_network *net, ax_population_data *p, uint32_t b, uint32_t e, int64_t step)
{
    const double *v = net->gap_v[step & 1];
    const int64_t *last = net->last_spike[step % 3];
    for (uint32_t i = b; i < e; i++) {
        uint32_t gid = p->first_id + i;
        uint64_t r0 = net->avg_row[gid], r1 = net->avg_row[gid + 1];
        if (r0 == r1)
            continue;
        double sum = 0.0, vi = v[gid];
        for (uint64_t k = r0; k < r1; k++) {
            uint32_t src = net->avg_src[k], q = net->avg_proj[k];
            double x = q == UINT32_MAX ? v[src] - vi : kernel_value(&net->projs[q]->kernel, last[src], step, net->dt);
            sum += net->avg_w[k] * x;
        }
        p->current[i] += sum / (double)(r1 - r0);
    }
}

/* After the update of step `step`: the last spikes of [b, e) of a tracked
 * population, as step + 1 will see them. */
void ax_averaged_store_spikes(const ax_network *net, const ax_population_data *p, uint32_t b, uint32_t e, int64_t step)
{
    const int64_t *now = net->last_spike[step % 3];
    int64_t *next = net->last_spike[(step + 1) % 3];
    for (uint32_t i = b; i < e; i++) {
        uint32_t gid = p->first_id + i;
        next[gid] = p->spiked[i] ? step : now[gid];
    }
}

/* Checkpoints: the last spikes the next step sees, of the tracked
 * sources in id order (nothing when there are none). */
void ax_averaged_save(const ax_network *net, ax_writer *w)
{
    const int64_t *last = net->last_spike[net->step % 3];
    for (uint32_t g = 0; last && g < net->n_pops; g++) {
        const ax_population_data *p = net->pops[g];
        for (uint32_t i = 0; p->spikes_tracked && i < p->size; i++)
            ax_put_i64(w, last[p->first_id + i]);
    }
}

ax_status ax_averaged_load(ax_network *net, ax_reader *r, bool apply)
{
    for (uint32_t g = 0; net->last_spike[0] && g < net->n_pops; g++) {
        const ax_population_data *p = net->pops[g];
        for (uint32_t i = 0; p->spikes_tracked && i < p->size && !r->short_read; i++) {
            int64_t s = ax_get_i64(r);
            if (!r->short_read && s != AX_NEVER && !(s >= 0 && s < (int64_t)9e15))
                return ax_fail(net, AX_ERR_ARGUMENT, "the last spike of %s neuron %u, step %lld, is not allowed",
                               p->name, i, (long long)s);
            for (int b = 0; apply && b < 3; b++)
                net->last_spike[b][p->first_id + i] = s;
        }
    }
    return AX_OK;
}

void ax_averaged_free(ax_network *net)
{
    free(net->avg_row);
    free(net->avg_src);
    free(net->avg_proj);
    free(net->avg_w);
    free(net->avg_q);
    free(net->avg_loc);
    for (int b = 0; b < 3; b++) {
        free(net->last_spike[b]);
        net->last_spike[b] = NULL;
    }
    net->avg_row = NULL;
    net->avg_src = net->avg_proj = net->avg_q = NULL;
    net->avg_w = NULL;
    net->avg_loc = NULL;
}
