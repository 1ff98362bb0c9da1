/*
 * set_weights.c - ax_projection_set_weights: new weights for a built
 * projection, between runs.
 *
 * The aim is that a run after the change gives, bit for bit, what a
 * network built with these weights gives.  So the weights are stored as
 * the build stores them: single precision, one value for the projection
 * when all are equal (the declaration's rule: a constant, or an array of
 * equal values), else one per synapse in the threads' parts; plastic
 * projections keep one per synapse in any case.  Gap junctions and graded
 * release read the weights from tables of their own (sim/gap.c,
 * sim/graded.c), which are made again.
 *
 * A plastic projection is first brought up to now (ax_plastic_flush), so
 * that the potentiation owed for the pairs completed before the change
 * goes to the old weights, not the new ones; the weights set become what
 * a reset returns to.  Everything that can fail (memory for per-synapse
 * weights, the initial copy for a reset, new gap or graded tables) is
 * made before anything changes: a failed call changes nothing.
 *
 * Under MPI the call is collective: every rank gets all n_total values in
 * the global order (net/synapse_order.h) and stores those of its own
 * synapses; the ranks agree on every failure before the next collective
 * step (the gap-junction table gathers all junctions).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/synapse_order.h"
#include "plasticity/plasticity.h"
#include "sim/sim.h"

ax_status ax_synapse_values_check(ax_network *net, ax_projection proj, const double *values, size_t n,
                                  const char *verb, const char *noun, ax_projection_data **out, char *name, size_t len)
{
    ax_projection_data *p = ax_projection_lookup(net, proj, verb);
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!values)
        return ax_fail_null(net, verb, noun);
    char label[256];
    snprintf(name, len, "%s of %s", verb, ax_projection_label(net, proj, label, sizeof label));
    if (!p->parts)
        return ax_fail(net, AX_ERR_STATE, "%s: the network is not built yet (call ax_network_build or ax_network_run "
                       "first; before the build, give them to the call that declares the projection)", name);
    if (n != 1 && n != p->n_total)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: %zu values given; give 1 (one for all) or %llu (one per synapse, in the order of "
                       "ax_projection_get_synapses)", name, n, (unsigned long long)p->n_total);
    for (size_t k = 0; k < n; k++)
        if (!isfinite(values[k]))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: value %zu is %g, not a finite number", name, k, values[k]);
    *out = p;
    return AX_OK;
}

/* Whether all n values are equal (the declaration's test for one value). */
static bool all_equal(const double *v, size_t n)
{
    for (size_t k = 1; k < n; k++)
        if (v[k] != v[0])
            return false;
    return n > 0;
}

/* Weight w (value k) is allowed: the receptor's sign, the storable range,
 * a plastic rule's bounds - what the declaration and the build check. */
static ax_status check_weight(ax_network *net, const ax_projection_data *p, double w, size_t k, const char *name)
{
    const ax_model *m = net->pops[p->to]->model;
    const ax_receptor_info *ri = p->gap ? NULL : &m->receptors[p->receptor];
    if (fabs(w) > 1e30)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: weight %g (value %zu) is too large to store (|w| <= 1e30)", name, w,
                       k);
    if (p->gap && !p->averaged && w < 0)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: conductance %g (value %zu) is negative; gap-junction conductances (uS) must be >= 0", name,
                       w, k);
    if (ri && (ri->flags & AX_RECEPTOR_NONNEGATIVE) && w < 0)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: weight %g (value %zu) is negative, but receptor '%s' of %s takes conductances%s%s%s, which "
                       "must be >= 0", name, w, k, ri->name, m->name, *ri->weight_unit ? " (" : "", ri->weight_unit,
                       *ri->weight_unit ? ")" : "");
    if (!p->plastic)
        return AX_OK;
    const ax_plasticity *r = &p->plastic->rule;
    float f = (float)w;   /* the build compares the stored value */
    if (r->timing == AX_STDP_VOGELS2011 && !(fabsf(f) <= (float)r->w_max))
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: weight %g (value %zu) is outside its plasticity rule's bounds |w| <= w_max = %g", name, w,
                       k, r->w_max);
    /* rules written as equations bound w in their statements, as the build takes them */
    if (r->timing != AX_STDP_NONE && r->timing != AX_STDP_ANTI_HEBBIAN && r->timing != AX_STDP_VOGELS2011 &&
        r->timing != AX_STDP_EQUATIONS && !(f >= (float)r->w_min && f <= (float)r->w_max))
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: weight %g (value %zu) is outside its plasticity rule's bounds [w_min, w_max] = [%g, %g]",
                       name, w, k, r->w_min, r->w_max);
    return AX_OK;
}

/* What the change needs made before anything changes. */
typedef struct change {
    bool fixed;              /* one weight for all */
    float value;
    float **weights;         /* [thread]: arrays for parts that hold no weights yet (NULL: none needed) */
    float **initial;         /* [thread]: a plastic projection's new copy for a reset, when it has none */
    bool has_gap, has_graded;
    ax_gap_table gap;
    ax_graded_table graded;
} change;

static void change_free(const ax_network *net, change *c)
{
    for (int k = 0; k < net->threads; k++) {
        if (c->weights)
            free(c->weights[k]);
        if (c->initial)
            free(c->initial[k]);
    }
    free(c->weights);
    free(c->initial);
    c->weights = c->initial = NULL;
    if (c->has_gap)
        ax_gap_table_free(&c->gap);
    if (c->has_graded)
        ax_graded_table_free(&c->graded);
}

/* Arrays of part->n floats for every part with synapses (NULL: out of memory). */
static float **part_arrays(ax_network *net, const ax_projection_data *p, const char *name, bool large)
{
    float **a = ax_alloc_zero(net, (size_t)net->threads, sizeof *a, name);
    for (int k = 0; a && k < net->threads; k++) {
        uint64_t n = p->parts[k].n;
        if (!n)
            continue;
        a[k] = large ? ax_alloc_large(n * sizeof **a) : malloc(n * sizeof **a);
        if (!a[k]) {
            ax_fail(net, AX_ERR_MEMORY, "%s: out of memory for %llu weights", name, (unsigned long long)n);
            for (int j = 0; j < k; j++)
                free(a[j]);
            free(a);
            return NULL;
        }
    }
    return a;
}

static ax_status prepare(ax_network *net, ax_projection_data *p, const double *w, size_t n, const char *name,
                         change *c)
{
    c->fixed = n == 1 || all_equal(w, n);
    c->value = (float)w[0];
    bool per_synapse = !c->fixed || p->plastic || p->avg_stdp;   /* weights that learn are per synapse */
    bool missing = false;
    for (int k = 0; k < net->threads; k++)
        missing |= per_synapse && p->parts[k].n && !p->parts[k].weight;
    ax_status st = AX_OK;
    if (missing && (ax_plan_memory(net, 4.0 * (double)p->n_synapses, name) ||
                    !(c->weights = part_arrays(net, p, name, true))))
        st = AX_ERR_MEMORY;
    /* a reset returns to the weights set: per synapse, a copy of them */
    if (!st && p->plastic && net->initial_kept && !c->fixed && !p->plastic->w_initial &&
        !(c->initial = part_arrays(net, p, name, false)))
        st = AX_ERR_MEMORY;
    if ((st = ax_ranks_agree(net, st)))   /* making the gap-junction table is collective */
        return st;
    if (p->gap && !(st = ax_gap_table_make(net, p->index, w, n, &c->gap)))
        c->has_gap = true;
    if (!st && p->graded && !(st = ax_graded_table_make(net, p->index, w, n, &c->graded)))
        c->has_graded = true;
    return st;
}

/* The weights of p from w, in the order of ax_projection_get_synapses. */
static void store(const ax_network *net, ax_projection_data *p, const double *w, size_t n, change *c)
{
    for (int k = 0; c->weights && k < net->threads; k++)
        if (c->weights[k]) {
            p->parts[k].weight = c->weights[k];
            c->weights[k] = NULL;
        }
    p->fixed_weight = c->fixed;
    if (c->fixed)
        p->weight_value = c->value;
    if (c->fixed && !p->plastic && !p->avg_stdp) {
        for (int k = 0; k < net->threads; k++) {
            free(p->parts[k].weight);
            p->parts[k].weight = NULL;
        }
        return;
    }
    uint32_t n_from = net->pops[p->from]->size;
    for (uint32_t i = 0; i < n_from; i++) {
        uint64_t at = ax_synapse_row_start(net, p, i);   /* w holds all ranks' synapses */
        for (int k = 0; k < net->threads; k++) {
            ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++, at++)
                part->weight[q] = (float)w[n == 1 ? 0 : at];
        }
    }
}

/* A plastic projection's copy for a reset: none when one weight stands
 * for all (the reset writes it), else the weights set. */
static void store_initial(const ax_network *net, ax_projection_data *p, change *c)
{
    ax_plastic *pl = p->plastic;
    if (!net->initial_kept)
        return;   /* the first run copies what is stored then */
    if (c->fixed) {
        for (int k = 0; pl->w_initial && k < net->threads; k++)
            free(pl->w_initial[k]);
        free(pl->w_initial);
        pl->w_initial = NULL;
        return;
    }
    if (c->initial) {
        pl->w_initial = c->initial;
        c->initial = NULL;
    }
    for (int k = 0; k < net->threads; k++)
        if (p->parts[k].n)
            memcpy(pl->w_initial[k], p->parts[k].weight, p->parts[k].n * sizeof *pl->w_initial[k]);
}

/* What warnings and failure causes say of the weights now. */
static void summarise(ax_projection_data *p, const double *w, size_t n, const change *c)
{
    free(p->weight_array);
    p->weight_array = NULL;
    p->weights_set = !c->fixed;
    if (c->fixed) {
        p->weight = ax_value_constant(w[0]);
        return;
    }
    double sum = 0, lo = w[0], hi = w[0];
    for (size_t k = 0; k < n; k++) {
        sum += w[k];
        lo = w[k] < lo ? w[k] : lo;
        hi = w[k] > hi ? w[k] : hi;
    }
    p->set_mean = sum / (double)n;
    p->set_lo = lo;
    p->set_hi = hi;
    p->weight = ax_value_constant(p->set_mean);
}

ax_status ax_projection_set_weights(ax_network *net, ax_projection proj, const double *weights, size_t n)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    char name[300];
    ax_projection_data *p = NULL;
    ax_status st = ax_synapse_values_check(net, proj, weights, n, "set weights", "weights", &p, name, sizeof name);
    if (st)
        return st;
    for (size_t k = 0; k < n; k++)
        if ((st = check_weight(net, p, weights[k], k, name)))
            return st;
    if (n == 0)
        return AX_OK;   /* no synapses */
    change c = {0};
    if ((st = ax_ranks_agree(net, prepare(net, p, weights, n, name, &c)))) {
        change_free(net, &c);
        return st;
    }
    /* nothing fails from here on */
    if (p->plastic && net->step > 0)
        ax_plastic_flush(net, p, net->step - 1);   /* what is owed to the old weights: step s ends at (s + 1) dt */
    store(net, p, weights, n, &c);
    if (p->plastic)
        store_initial(net, p, &c);
    if (p->avg_stdp)
        ax_averaged_weights_set(net, p);
    if (c.has_gap)
        ax_gap_table_swap(net, &c.gap);
    if (c.has_graded)
        ax_graded_table_swap(net, &c.graded);
    summarise(p, weights, n, &c);
    ax_table_drop(p);
    change_free(net, &c);
    return AX_OK;
}
