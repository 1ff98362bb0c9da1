/*
 * graded.c - graded transmitter release (Destexhe, Mainen & Sejnowski
 * 1994): each synapse of a graded projection releases, every step,
 *     T = w T_max / (1 + exp(-(v_pre - v_p) / k_p))
 * onto a receptor that binds transmitter.  Here the sum over a target's
 * synapses of w S(v_pre) is formed per receptor (the receptor multiplies
 * by its T_max and adds it to the transmitter its kinetics see,
 * synapses/destexhe.c).  v_pre is the v at the step's start, read from the
 * parity buffers that gap junctions use (gap.c), so networks with graded
 * release also run with a window of one step.  Each target's synapses
 * are summed by receptor, then in increasing source id: the same sums for
 * any number of threads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/vmath.h"
#include "sim/sim.h"

typedef struct graded_syn {
    uint32_t target, rec, source;
    double w, vp, inv_kp;
} graded_syn;

static int by_target_receptor_source(const void *a, const void *b)
{
    const graded_syn *x = a, *y = b;
    if (x->target != y->target)
        return x->target < y->target ? -1 : 1;
    if (x->rec != y->rec)
        return x->rec < y->rec ? -1 : 1;
    if (x->source != y->source)
        return x->source < y->source ? -1 : 1;
    if (x->w != y->w)
        return x->w < y->w ? -1 : 1;
    if (x->vp != y->vp)
        return x->vp < y->vp ? -1 : 1;
    return x->inv_kp < y->inv_kp ? -1 : x->inv_kp > y->inv_kp;
}

/* The receptor input arrays of the targets, and the flags of the sources. */
static ax_status mark_populations(ax_network *net)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        if (!p->graded || !p->n_total)   /* all ranks' synapses: every rank decides alike */
            continue;
        ax_population_data *to = net->pops[p->to];
        net->pops[p->from]->v_shared = true;
        if (!to->graded && !(to->graded = calloc(to->model->n_receptors, sizeof *to->graded)))
            return ax_fail(net, AX_ERR_MEMORY, "graded release: out of memory");
        if (!to->graded[p->receptor] && !(to->graded[p->receptor] = calloc(to->size, sizeof(double))))
            return ax_fail(net, AX_ERR_MEMORY, "graded release onto '%s': out of memory", to->name);
    }
    return ax_shared_v_alloc(net);
}

/* The table of every graded synapse by target, receptor, then source:
 * from the synapses as stored, except projection `proj`'s weights
 * w[0 .. n) (n == 1: one for all; single precision, as stored) when w is
 * given. */
static ax_status make_table(ax_network *net, uint32_t proj, const double *w_new, size_t n_new, ax_graded_table *t)
{
    *t = (ax_graded_table){0};
    uint64_t n_syn = 0;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->graded)
            n_syn += net->projs[q]->n_synapses;
    graded_syn *syn = malloc((n_syn ? n_syn : 1) * sizeof *syn);
    uint64_t n = 0;
    ax_status st = syn ? AX_OK : ax_fail(net, AX_ERR_MEMORY, "graded release: out of memory");
    for (uint32_t q = 0; q < net->n_projs && !st; q++) {
        const ax_projection_data *p = net->projs[q];
        if (!p->graded || !p->n_synapses)
            continue;
        ax_global_synapses s;
        if ((st = ax_synapses_global(net, p, proj, w_new, n_new, "graded release", &s)))
            break;
        for (uint64_t k = 0; k < p->n_synapses; k++)
            syn[n++] = (graded_syn){s.tgt[k], p->receptor, s.src[k], s.w[k], p->v_p, 1.0 / p->k_p};
        ax_global_synapses_free(&s);
    }
    if (!st) {
        qsort(syn, n, sizeof *syn, by_target_receptor_source);
        size_t m = n ? (size_t)n : 1;
        t->row = calloc(net->n_neurons + 1, sizeof *t->row);
        t->src = malloc(m * sizeof *t->src);
        t->rec = malloc(m * sizeof *t->rec);
        t->w = malloc(m * sizeof *t->w);
        t->vp = malloc(m * sizeof *t->vp);
        t->inv_kp = malloc(m * sizeof *t->inv_kp);
        if (!t->row || !t->src || !t->rec || !t->w || !t->vp || !t->inv_kp)
            st = ax_fail(net, AX_ERR_MEMORY, "graded release: out of memory");
    }
    for (uint64_t k = 0; !st && k < n; k++) {
        t->row[syn[k].target + 1]++;
        t->src[k] = syn[k].source;
        t->rec[k] = syn[k].rec;
        t->w[k] = syn[k].w;
        t->vp[k] = syn[k].vp;
        t->inv_kp[k] = syn[k].inv_kp;
    }
    for (uint64_t i = 0; !st && i < net->n_neurons; i++)
        t->row[i + 1] += t->row[i];
    free(syn);
    if (st)
        ax_graded_table_free(t);
    return st;
}

ax_status ax_graded_build(ax_network *net)
{
    uint64_t n_syn = 0;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->graded)
            n_syn += net->projs[q]->n_total;
    if (!n_syn)
        return AX_OK;
    ax_graded_table t;
    ax_status st = make_table(net, UINT32_MAX, NULL, 0, &t);
    if (!st && (st = mark_populations(net)))
        ax_graded_table_free(&t);
    if (!st)
        ax_graded_table_swap(net, &t);
    return st;
}

ax_status ax_graded_table_make(ax_network *net, uint32_t proj, const double *w, size_t n, ax_graded_table *out)
{
    return make_table(net, proj, w, n, out);
}

void ax_graded_table_swap(ax_network *net, ax_graded_table *t)
{
    ax_graded_table old = {net->graded_row, net->graded_src, net->graded_rec,
                           net->graded_w, net->graded_vp, net->graded_inv_kp};
    net->graded_row = t->row;
    net->graded_src = t->src;
    net->graded_rec = t->rec;
    net->graded_w = t->w;
    net->graded_vp = t->vp;
    net->graded_inv_kp = t->inv_kp;
    *t = old;
}

void ax_graded_table_free(ax_graded_table *t)
{
    free(t->row);
    free(t->src);
    free(t->rec);
    free(t->w);
    free(t->vp);
    free(t->inv_kp);
    *t = (ax_graded_table){0};
}

/* This step's sums w S(v_pre) for neurons [b, e) of p, per receptor. */
void ax_graded_inputs(const ax_network *net, ax_population_data *p, uint32_t b, uint32_t e, int64_t step)
{
    const double *v = net->gap_v[step & 1];
    for (uint32_t r = 0; r < p->model->n_receptors; r++)
        if (p->graded[r])
            memset(p->graded[r] + b, 0, (size_t)(e - b) * sizeof(double));
    for (uint32_t i = b; i < e; i++) {
        uint32_t gid = p->first_id + i;
        for (uint64_t k = net->graded_row[gid]; k < net->graded_row[gid + 1]; k++) {
            double x = (v[net->graded_src[k]] - net->graded_vp[k]) * net->graded_inv_kp[k];
            p->graded[net->graded_rec[k]][i] += net->graded_w[k] / (1.0 + ax_exp(-x));
        }
    }
}

void ax_graded_free(ax_network *net)
{
    free(net->graded_row);
    free(net->graded_src);
    free(net->graded_rec);
    free(net->graded_w);
    free(net->graded_vp);
    free(net->graded_inv_kp);
    net->graded_row = NULL;
    net->graded_src = net->graded_rec = NULL;
    net->graded_w = net->graded_vp = net->graded_inv_kp = NULL;
    for (uint32_t q = 0; q < net->n_pops; q++) {
        ax_population_data *p = net->pops[q];
        for (uint32_t r = 0; p->graded && r < p->model->n_receptors; r++)
            free(p->graded[r]);
        free(p->graded);
        p->graded = NULL;
    }
}
