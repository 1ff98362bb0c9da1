/*
 * averaged_stdp.c - the main seed's STDP on its lattice weights
 * (ax_projection_set_averaged_stdp; docs/lattices.md, Learning), for the
 * averaged couplings of averaged_gap.c and averaged_chemical.c.
 *
 * The seed changes the weights of a step after every neuron has stepped;
 * here the changes of step s are made at the start of step s + 1, by the
 * thread that owns each edge's target, before any current of s + 1 is
 * summed - the same order, with no extra meeting of the threads.  They
 * read the last spikes of step s (last_spike[(s + 1) % 3]) and, for spike
 * sources, those before it (last_spike[s % 3]), while other threads
 * already fill last_spike[(s + 2) % 3]: three buffers, so no thread reads
 * what another writes.  Each edge is changed by one thread only, and a
 * change does not depend on the weight, so the weights are the same for
 * any number of threads.  The tables hold the weights (in single
 * precision, as the synapses do); they go back to the synapses at the end
 * of each chunk, so everything that reads synapses between runs - getters,
 * exports, set_weights, checkpoints - sees the learned ones.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"
#include "sim/sim.h"

#define LOC_INDEX(loc) ((loc) & (((uint64_t)1 << AX_LOC_SHIFT) - 1))
#define LOC_PART(loc) ((int)((loc) >> AX_LOC_SHIFT))

ax_averaged_stdp ax_averaged_stdp_defaults(void)
{
    return (ax_averaged_stdp){.a_plus = 2.0, .a_minus = 2.0, .tau_plus = 4.5, .tau_minus = 4.5};
}

ax_status ax_projection_set_averaged_stdp(ax_network *net, ax_projection proj, const ax_averaged_stdp *rule)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const char *what = "set averaged stdp";
    ax_projection_data *p = ax_projection_lookup(net, proj, what);
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!rule)
        return ax_fail_null(net, what, "rule");
    char label[300];
    ax_projection_label(net, proj, label, sizeof label);
    if (!p->averaged)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: %s is no averaged coupling; the seed's lattice STDP acts on averaged gaps and averaged "
                       "chemical coupling (spiking synapses learn through ax_projection_add_plastic)", what, label);
    if (net->core.built)
        return ax_fail(net, AX_ERR_STATE, "%s: %s: the network is built; make it learn before the first run", what,
                       label);
    const struct {
        const char *name;
        double value;
        bool positive;
    } check[] = {{"a_plus", rule->a_plus, false}, {"a_minus", rule->a_minus, false},
                 {"tau_plus", rule->tau_plus, true}, {"tau_minus", rule->tau_minus, true}};
    for (size_t k = 0; k < sizeof check / sizeof check[0]; k++) {
        double x = check[k].value;
        if (!isfinite(x) || x < 0 || (check[k].positive && x == 0))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: %s: %s = %g is not allowed (%s, finite)", what, label,
                           check[k].name, x, check[k].positive ? "> 0 ms" : ">= 0");
    }
    if (!p->avg_stdp && !(p->avg_stdp = malloc(sizeof *p->avg_stdp)))
        return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", what);
    *p->avg_stdp = *rule;
    p->avg_learning = net->pops[p->to]->switches.learning;   /* the target's switch (ax_population_set_switches) */
    p->avg_learning_rate = 1.0;
    return AX_OK;
}

/* After the build of the tables: which populations learn, and a weight
 * per synapse (one weight for all cannot learn). */
ax_status ax_averaged_stdp_build(ax_network *net)
{
    net->avg_learns = false;
    net->avg_learned = -1;
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        if (!p->avg_stdp || !p->n_total)
            continue;
        net->avg_learns = net->pops[p->to]->learns_in = true;
        for (int k = 0; k < net->threads; k++) {
            ax_syn_part *part = &p->parts[k];
            if (!part->n || part->weight)
                continue;
            if (!(part->weight = malloc(part->n * sizeof *part->weight)))
                return ax_fail(net, AX_ERR_MEMORY, "averaged stdp: out of memory for %llu weights",
                               (unsigned long long)part->n);
            for (uint64_t i = 0; i < part->n; i++)
                part->weight[i] = p->weight_value;
        }
        p->fixed_weight = false;
    }
    return AX_OK;
}

/* The seed's STDP change of an edge whose source last spiked at t_pre and
 * target at t_post, when one of them spiked in step s. */
static double change(const ax_averaged_stdp *r, int64_t s, int64_t t_pre, int64_t t_post, double dt)
{
    if (t_pre == AX_NEVER || t_post == AX_NEVER || t_pre == t_post)
        return 0.0;
    if (t_post == s)
        return r->a_plus * exp(-(double)(t_post - t_pre) * dt / r->tau_plus);     /* t_pre < t_post */
    if (t_pre == s)
        return -r->a_minus * exp(-(double)(t_pre - t_post) * dt / r->tau_minus);  /* t_post < t_pre */
    return 0.0;
}

/* The new weight of an edge of projection pr from source gid src onto a
 * target whose last spike is t_post, after step s. */
static double learned(const ax_network *net, const ax_projection_data *pr, uint32_t src, int64_t t_post, int64_t s,
                      double w)
{
    /* a spike source steps after the lattices in the seed: its spike of step s is not seen yet */
    int64_t t_pre = net->last_spike[(pr->from_train ? s : s + 1) % 3][src];
    double dw = change(pr->avg_stdp, s, t_pre, t_post, net->dt);
    return dw == 0.0 ? w : (double)(float)(w + pr->avg_learning_rate * dw);
}

static bool learns(const ax_projection_data *pr) { return pr->avg_stdp && pr->avg_learning; }

void ax_averaged_learn(const ax_network *net, const ax_population_data *p, uint32_t b, uint32_t e, int64_t step)
{
    int64_t s = step - 1;   /* the changes of step s, made before step s + 1 */
    if (s <= net->avg_learned)
        return;             /* made already (at the end of the last chunk) */
    const int64_t *now = net->last_spike[step % 3];
    for (uint32_t i = b; i < e; i++) {
        uint32_t gid = p->first_id + i;
        int64_t t_post = now[gid];
        bool post = t_post == s;
        for (uint64_t k = net->avg_row ? net->avg_row[gid] : 0; net->avg_row && k < net->avg_row[gid + 1]; k++) {
            const ax_projection_data *pr = net->projs[net->avg_q[k]];
            uint32_t src = net->avg_src[k];
            if (learns(pr) && (post || (!pr->from_train && now[src] == s)))
                net->avg_w[k] = learned(net, pr, src, t_post, s, net->avg_w[k]);
        }
        if (!net->chem_row)
            continue;
        for (uint64_t k = net->chem_row[3 * (uint64_t)gid]; k < net->chem_row[3 * (uint64_t)gid + 3]; k++) {
            const ax_projection_data *pr = net->projs[net->chem_proj[k]];
            uint32_t src = net->pops[pr->from]->first_id + net->chem_src[k];
            if (learns(pr) && (post || (!pr->from_train && now[src] == s)))
                net->chem_w[k] = learned(net, pr, src, t_post, s, net->chem_w[k]);
        }
    }
}

/* Table weights of learning projections -> their synapses, or back. */
static void copy_weights(ax_network *net, bool to_synapses)
{
    uint64_t n_avg = net->avg_row ? net->avg_row[net->n_neurons] : 0;
    uint64_t n_chem = net->chem_row ? net->chem_row[3 * net->n_neurons] : 0;
    for (uint64_t k = 0; k < n_avg + n_chem; k++) {
        bool avg = k < n_avg;
        uint64_t j = avg ? k : k - n_avg;
        const ax_projection_data *pr = net->projs[avg ? net->avg_q[j] : net->chem_proj[j]];
        if (!pr->avg_stdp)
            continue;
        uint64_t loc = avg ? net->avg_loc[j] : net->chem_loc[j];
        float *w = &pr->parts[LOC_PART(loc)].weight[LOC_INDEX(loc)];
        double *t = avg ? &net->avg_w[j] : &net->chem_w[j];
        if (to_synapses)
            *w = (float)*t;
        else
            *t = (double)*w;
    }
}

/* At the end of a chunk: the changes of its last step, and the learned
 * weights into the synapses. */
void ax_averaged_learning_flush(ax_network *net)
{
    if (!net->avg_learns || net->step <= 0)
        return;
    for (uint32_t g = 0; g < net->n_pops; g++)
        if (net->pops[g]->learns_in)
            ax_averaged_learn(net, net->pops[g], 0, net->pops[g]->size, net->step);
    net->avg_learned = net->step - 1;
    copy_weights(net, true);
}

/* p's synapse weights <-> w[0 .. n_synapses), in the order of
 * ax_projection_get_synapses. */
static void synapse_weights(ax_network *net, ax_projection_data *p, float *w, bool read)
{
    uint64_t at = 0;
    for (uint32_t i = 0; i < net->pops[p->from]->size; i++)
        for (int k = 0; k < net->threads; k++) {
            ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++, at++) {
                if (read)
                    w[at] = part->weight[q];
                else
                    part->weight[q] = w[at];
            }
        }
}

ax_status ax_averaged_keep_initial(ax_network *net, ax_projection_data *p)
{
    if (!p->avg_stdp || !p->n_synapses || p->avg_initial)
        return AX_OK;
    if (!(p->avg_initial = malloc(p->n_synapses * sizeof *p->avg_initial)))
        return ax_fail(net, AX_ERR_MEMORY, "run: out of memory for a copy of %llu learning weights",
                       (unsigned long long)p->n_synapses);
    synapse_weights(net, p, p->avg_initial, true);
    return AX_OK;
}

/* After ax_projection_set_weights: a reset returns to the weights set. */
void ax_averaged_weights_set(ax_network *net, ax_projection_data *p)
{
    if (p->avg_initial)
        synapse_weights(net, p, p->avg_initial, true);
}

void ax_averaged_stdp_reset(ax_network *net)
{
    if (!net->avg_learns)
        return;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->avg_initial)
            synapse_weights(net, net->projs[q], net->projs[q]->avg_initial, false);
    copy_weights(net, false);
    net->avg_learned = -1;
}

/* Checkpoints: the learned weights of each learning projection, in the
 * order of ax_projection_get_synapses (the fingerprint leaves them out). */
void ax_averaged_weights_save(const ax_network *net, ax_writer *w)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        if (!p->avg_stdp || !p->n_synapses)
            continue;
        for (uint32_t i = 0; i < net->pops[p->from]->size; i++)
            for (int k = 0; k < net->threads; k++)
                for (uint64_t j = p->parts[k].row[i]; j < p->parts[k].row[i + 1]; j++)
                    ax_put_f64(w, p->parts[k].weight[j]);
    }
}

ax_status ax_averaged_weights_load(ax_network *net, ax_reader *r, bool apply)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        if (!p->avg_stdp || !p->n_synapses)
            continue;
        for (uint32_t i = 0; i < net->pops[p->from]->size; i++)
            for (int k = 0; k < net->threads; k++)
                for (uint64_t j = p->parts[k].row[i]; j < p->parts[k].row[i + 1] && !r->short_read; j++) {
                    double x = ax_get_f64(r);
                    if (!r->short_read && !(isfinite(x) && fabs(x) <= 3.4e38))
                        return ax_fail(net, AX_ERR_ARGUMENT, "the learned weight %g of projection %u is not allowed",
                                       x, q);
                    if (apply)
                        p->parts[k].weight[j] = (float)x;
                }
    }
    if (apply) {
        copy_weights(net, false);
        net->avg_learned = net->step - 1;
    }
    return AX_OK;
}
