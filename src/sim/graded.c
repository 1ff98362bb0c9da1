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
        if (!p->graded || !p->n_synapses)
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

ax_status ax_graded_build(ax_network *net)
{
    uint64_t n_syn = 0;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->graded)
            n_syn += net->projs[q]->n_synapses;
    if (!n_syn)
        return AX_OK;
    graded_syn *syn = malloc(n_syn * sizeof *syn);
    uint64_t n = 0;
    ax_status st = syn ? AX_OK : ax_fail(net, AX_ERR_MEMORY, "graded release: out of memory");
    for (uint32_t q = 0; q < net->n_projs && !st; q++) {
        const ax_projection_data *p = net->projs[q];
        if (!p->graded || !p->n_synapses)
            continue;
        uint32_t *src = malloc(p->n_synapses * sizeof *src), *tgt = malloc(p->n_synapses * sizeof *tgt);
        double *w = malloc(p->n_synapses * sizeof *w);
        if (!src || !tgt || !w)
            st = ax_fail(net, AX_ERR_MEMORY, "graded release: out of memory");
        else
            st = ax_projection_get_synapses(net, p->index, src, tgt, w, NULL);
        const ax_population_data *a = net->pops[p->from], *b = net->pops[p->to];
        for (uint64_t k = 0; !st && k < p->n_synapses; k++)
            syn[n++] = (graded_syn){b->first_id + tgt[k], p->receptor, a->first_id + src[k], w[k], p->v_p, 1.0 / p->k_p};
        free(src);
        free(tgt);
        free(w);
    }
    if (!st)
        st = mark_populations(net);
    if (!st) {
        qsort(syn, n, sizeof *syn, by_target_receptor_source);
        net->graded_row = calloc(net->n_neurons + 1, sizeof *net->graded_row);
        net->graded_src = malloc(n * sizeof *net->graded_src);
        net->graded_rec = malloc(n * sizeof *net->graded_rec);
        net->graded_w = malloc(n * sizeof *net->graded_w);
        net->graded_vp = malloc(n * sizeof *net->graded_vp);
        net->graded_inv_kp = malloc(n * sizeof *net->graded_inv_kp);
        if (!net->graded_row || !net->graded_src || !net->graded_rec || !net->graded_w || !net->graded_vp ||
            !net->graded_inv_kp)
            st = ax_fail(net, AX_ERR_MEMORY, "graded release: out of memory");
    }
    for (uint64_t k = 0; !st && k < n; k++) {
        net->graded_row[syn[k].target + 1]++;
        net->graded_src[k] = syn[k].source;
        net->graded_rec[k] = syn[k].rec;
        net->graded_w[k] = syn[k].w;
        net->graded_vp[k] = syn[k].vp;
        net->graded_inv_kp[k] = syn[k].inv_kp;
    }
    for (uint64_t i = 0; !st && i < net->n_neurons; i++)
        net->graded_row[i + 1] += net->graded_row[i];
    free(syn);
    return st;
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
