/*
 * gap.c - electrical synapses (gap junctions), I_i = sum_j g_ij (v_j - v_i),
 * symmetric: a junction of conductance g between neurons a and b gives a
 * the current g (v_b - v_a) and b the opposite.  The averaged,
 * directional coupling of the seed's lattices (averaged_gap.c) shares the
 * buffers and the table, so that one change of weights replaces both.
 *
 * The coupling is explicit: the currents of a step come from every
 * neuron's v at the step's start, added to the injected current the model
 * integrates.  That needs all v of one time at once, so a network with gap
 * junctions runs with a window of one step (threads meet every step) and
 * keeps the v of coupled neurons in two buffers by step parity: a step
 * reads its parity's buffer and writes the next, so no thread reads what
 * another is writing.  Each neuron's partners are summed in increasing
 * global id: the same sums for any number of threads.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

typedef struct gap_pair {
    uint32_t self, partner;
    double g;
} gap_pair;

static int by_self_then_partner(const void *a, const void *b)
{
    const gap_pair *x = a, *y = b;
    if (x->self != y->self)
        return x->self < y->self ? -1 : 1;
    if (x->partner != y->partner)
        return x->partner < y->partner ? -1 : 1;
    return x->g < y->g ? -1 : x->g > y->g;
}

/* The coupling table of every gap-junction projection, sorted by neuron
 * then partner: from the synapses as stored, except that projection
 * `proj`'s conductances are w[0 .. n) (n == 1: one for all; stored as
 * single precision, as the synapses hold them) when w is given. */
static ax_status make_table(ax_network *net, uint32_t proj, const double *w, size_t n, ax_gap_table *t)
{
    *t = (ax_gap_table){0};
    uint64_t n_pairs = 0;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->gap && !net->projs[q]->averaged)
            n_pairs += 2 * net->projs[q]->n_synapses;
    gap_pair *pairs = malloc((n_pairs ? n_pairs : 1) * sizeof *pairs);
    uint64_t count = 0;
    ax_status st = pairs ? AX_OK : ax_fail(net, AX_ERR_MEMORY, "gap junctions: out of memory");
    for (uint32_t q = 0; q < net->n_projs && !st; q++) {
        const ax_projection_data *p = net->projs[q];
        if (!p->gap || p->averaged || !p->n_synapses)
            continue;
        ax_global_synapses s;
        if ((st = ax_synapses_global(net, p, proj, w, n, "gap junctions", &s)))
            break;
        for (uint64_t k = 0; k < p->n_synapses; k++)
            pairs[count++] = (gap_pair){s.src[k], s.tgt[k], s.w[k]};
        ax_global_synapses_free(&s);
    }
    if (net->ranks > 1)
        st = ax_ranks_agree(net, st);   /* the gathering is collective */
    if (!st && net->ranks > 1) {
        /* a junction couples both its ends, and a rank stores only the
         * synapses onto its own neurons: every rank takes every junction */
        uint64_t all_n;
        gap_pair *all = ax_ranks_gather_items(net, pairs, count, sizeof *pairs, &all_n);
        free(pairs);
        if (!(pairs = realloc(all, (all_n ? 2 * all_n : 1) * sizeof *pairs))) {
            free(all);
            st = ax_fail(net, AX_ERR_MEMORY, "gap junctions: out of memory");
        }
        count = all_n;
    }
    if (!st) {
        for (uint64_t k = 0, m = count; k < m; k++)   /* each junction both ways */
            pairs[count++] = (gap_pair){pairs[k].partner, pairs[k].self, pairs[k].g};
        qsort(pairs, count, sizeof *pairs, by_self_then_partner);
        qsort(pairs, count, sizeof *pairs, by_self_then_partner);
        t->row = calloc(net->n_neurons + 1, sizeof *t->row);
        t->partner = malloc((count ? count : 1) * sizeof *t->partner);
        t->g = malloc((count ? count : 1) * sizeof *t->g);
        if (!t->row || !t->partner || !t->g)
            st = ax_fail(net, AX_ERR_MEMORY, "gap junctions: out of memory");
    }
    if (!st) {
        for (uint64_t k = 0; k < count; k++) {
            t->row[pairs[k].self + 1]++;
            t->partner[k] = pairs[k].partner;
            t->g[k] = pairs[k].g;
        }
        for (uint64_t i = 0; i < net->n_neurons; i++)
            t->row[i + 1] += t->row[i];
    }
    free(pairs);
    if (!st)
        st = ax_averaged_table_make(net, proj, w, n, t);
    if (!st)
        st = ax_chemical_table_make(net, proj, w, n, t);
    if (st)
        ax_gap_table_free(t);
    return st;
}

ax_status ax_gap_build(ax_network *net)
{
    uint64_t n_pairs = 0;
    for (uint32_t q = 0; q < net->n_projs; q++)   /* all ranks' (n_total): every rank decides alike */
        if (net->projs[q]->gap)
            n_pairs += net->projs[q]->n_total;
    if (!n_pairs)
        return AX_OK;
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        if (p->gap && !p->averaged && p->n_total) {
            net->pops[p->from]->gap = net->pops[p->to]->gap = true;
            net->pops[p->from]->v_shared = net->pops[p->to]->v_shared = true;
        }
    }
    ax_gap_table t;
    ax_status st = ax_averaged_build(net);
    if (!st)
        st = ax_chemical_build(net);
    if (!st)
        st = make_table(net, UINT32_MAX, NULL, 0, &t);
    if (!st && ax_shared_v_alloc(net)) {
        ax_gap_table_free(&t);
        st = AX_ERR_MEMORY;
    }
    if (st)
        return st;
    ax_gap_table_swap(net, &t);
    net->has_gaps = true;
    return ax_averaged_stdp_build(net);
}

ax_status ax_gap_table_make(ax_network *net, uint32_t proj, const double *w, size_t n, ax_gap_table *out)
{
    return make_table(net, proj, w, n, out);
}

void ax_gap_table_swap(ax_network *net, ax_gap_table *t)
{
    ax_gap_table old = {net->gap_row,  net->gap_partner, net->gap_g,   net->avg_row,  net->avg_src,
                        net->avg_proj, net->avg_q,       net->avg_w,   net->avg_loc,  net->chem_row,
                        net->chem_proj, net->chem_src,   net->chem_w,  net->chem_loc};
    net->gap_row = t->row;
    net->gap_partner = t->partner;
    net->gap_g = t->g;
    net->avg_row = t->avg_row;
    net->avg_src = t->avg_src;
    net->avg_proj = t->avg_proj;
    net->avg_q = t->avg_q;
    net->avg_w = t->avg_w;
    net->avg_loc = t->avg_loc;
    net->chem_row = t->chem_row;
    net->chem_proj = t->chem_proj;
    net->chem_src = t->chem_src;
    net->chem_w = t->chem_w;
    net->chem_loc = t->chem_loc;
    *t = old;
}

void ax_gap_table_free(ax_gap_table *t)
{
    free(t->row);
    free(t->partner);
    free(t->g);
    free(t->avg_row);
    free(t->avg_src);
    free(t->avg_proj);
    free(t->avg_q);
    free(t->avg_w);
    free(t->avg_loc);
    free(t->chem_row);
    free(t->chem_proj);
    free(t->chem_src);
    free(t->chem_w);
    free(t->chem_loc);
    *t = (ax_gap_table){0};
}

/* The two v buffers that gap junctions and graded release read. */
ax_status ax_shared_v_alloc(ax_network *net)
{
    for (int b = 0; b < 2; b++)
        if (!net->gap_v[b] && !(net->gap_v[b] = calloc(net->n_neurons, sizeof(double))))
            return ax_fail(net, AX_ERR_MEMORY, "gap junctions / graded release: out of memory");
    return AX_OK;
}

/* Before a run: the v of every neuron whose v others read, at its first
 * step. */
void ax_gap_start_run(ax_network *net, int64_t step)
{
    if (!net->gap_v[0])
        return;
    for (uint32_t q = 0; q < net->n_pops; q++) {
        const ax_population_data *p = net->pops[q];
        if (p->v_shared)
            memcpy(net->gap_v[step & 1] + p->first_id, p->state[p->v_var], p->size * sizeof(double));
    }
}

/* Adds the gap currents of step `step` to neurons [b, e) of p. */
void ax_gap_currents(const ax_network *net, ax_population_data *p, uint32_t b, uint32_t e, int64_t step)
{
    const double *v = net->gap_v[step & 1];
    for (uint32_t i = b; i < e; i++) {
        uint32_t gid = p->first_id + i;
        double sum = 0.0, vi = v[gid];
        for (uint64_t k = net->gap_row[gid]; k < net->gap_row[gid + 1]; k++)
            sum += net->gap_g[k] * (v[net->gap_partner[k]] - vi);
        p->current[i] += sum;
    }
    if (net->avg_row)
        ax_averaged_currents(net, p, b, e, step);
}

/* After the update of step `step`: v of [b, e) for the next step. */
void ax_gap_store(const ax_network *net, const ax_population_data *p, uint32_t b, uint32_t e, int64_t step)
{
    memcpy(net->gap_v[(step + 1) & 1] + p->first_id + b, p->state[p->v_var] + b, (size_t)(e - b) * sizeof(double));
}

/* Frees the gap-junction tables (also after a failed build, which may be
 * retried). */
void ax_gap_free(ax_network *net)
{
    free(net->gap_row);
    free(net->gap_partner);
    free(net->gap_g);
    free(net->gap_v[0]);
    free(net->gap_v[1]);
    net->gap_row = NULL;
    net->gap_partner = NULL;
    net->gap_g = NULL;
    net->gap_v[0] = net->gap_v[1] = NULL;
    net->has_gaps = false;
    ax_averaged_free(net);
}
