/*
 * averaged_chemical.c - the seed simulator's chemical lattice coupling
 * (ax_projection_add_averaged_chemical; docs/lattices.md), with its
 * default kinetics: each source neuron's transmitter T (per projection)
 *     T <- clamp(T - dt c T + [spike] t_max, 0, t_max),
 * each target's receptor of a transmitter opened to the mean of w T over
 * its edges of that transmitter (every such projection together, as the
 * seed averages over the presynaptic cells that release it), and the
 * receptor's current g r (e_rev - v), NMDA's with the magnesium block,
 * from v at the step's start.
 *
 * Threads: a source's T is advanced by the thread that owns the source,
 * after its update of step s, into the buffer of parity s + 1, which the
 * targets read in step s + 1 (as gap.c does with v); the spike a neuron's
 * T takes up is kept by that same thread.  Each target's edges are summed
 * in increasing source order: the same sums for any number of threads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/serial.h"
#include "sim/sim.h"

typedef struct chem_edge {
    uint32_t target, x, proj, source;   /* target gid, transmitter, projection, source index */
    double w;
    uint64_t loc;                       /* where its synapse is stored (ax_synapse_locations) */
} chem_edge;

static int by_target_transmitter_source(const void *a, const void *b)
{
    const chem_edge *p = a, *q = b;
    if (p->target != q->target)
        return p->target < q->target ? -1 : 1;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->proj != q->proj)
        return p->proj < q->proj ? -1 : 1;
    if (p->source != q->source)
        return p->source < q->source ? -1 : 1;
    if (p->w != q->w)
        return p->w < q->w ? -1 : 1;
    return p->loc < q->loc ? -1 : p->loc > q->loc;   /* a total order: the same table for any qsort */
}

/* t's chemical part (NULL arrays when there is no such projection), with
 * projection proj's weights from w[0 .. n) when given. */
ax_status ax_chemical_table_make(ax_network *net, uint32_t proj, const double *w, size_t n, ax_gap_table *t)
{
    uint64_t n_edges = 0;
    bool any = false;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->chemical) {
            any = true;
            n_edges += net->projs[q]->n_synapses;
        }
    if (!any)
        return AX_OK;
    chem_edge *edges = malloc((n_edges ? n_edges : 1) * sizeof *edges);
    uint64_t count = 0;
    ax_status st = edges ? AX_OK : ax_fail(net, AX_ERR_MEMORY, "averaged chemical coupling: out of memory");
    for (uint32_t q = 0; q < net->n_projs && !st; q++) {
        const ax_projection_data *p = net->projs[q];
        if (!p->chemical || !p->n_synapses)
            continue;
        ax_global_synapses s;
        if ((st = ax_synapses_global(net, p, proj, w, n, "averaged chemical coupling", &s)))
            break;
        uint32_t first = net->pops[p->from]->first_id;
        for (uint64_t k = 0; k < p->n_synapses; k++)
            edges[count++] = (chem_edge){s.tgt[k], (uint32_t)p->spec.transmitter, q, s.src[k] - first, s.w[k], s.loc[k]};
        ax_global_synapses_free(&s);
    }
    if (!st) {
        qsort(edges, count, sizeof *edges, by_target_transmitter_source);
        size_t m = count ? (size_t)count : 1;
        t->chem_row = calloc(3 * net->n_neurons + 1, sizeof *t->chem_row);
        t->chem_proj = malloc(m * sizeof *t->chem_proj);
        t->chem_src = malloc(m * sizeof *t->chem_src);
        t->chem_w = malloc(m * sizeof *t->chem_w);
        t->chem_loc = malloc(m * sizeof *t->chem_loc);
        if (!t->chem_row || !t->chem_proj || !t->chem_src || !t->chem_w || !t->chem_loc)
            st = ax_fail(net, AX_ERR_MEMORY, "averaged chemical coupling: out of memory");
    }
    if (!st) {
        for (uint64_t k = 0; k < count; k++) {
            t->chem_row[3 * (uint64_t)edges[k].target + edges[k].x + 1]++;
            t->chem_proj[k] = edges[k].proj;
            t->chem_src[k] = edges[k].source;
            t->chem_w[k] = edges[k].w;
            t->chem_loc[k] = edges[k].loc;
        }
        for (uint64_t i = 0; i < 3 * net->n_neurons; i++)
            t->chem_row[i + 1] += t->chem_row[i];
    }
    free(edges);
    return st;
}

static const char *const transmitter_names[] = {"AMPA", "NMDA", "GABA"};

/* The receptors of each target population, from its projections (which
 * must agree), and the sources' transmitter buffers. */
ax_status ax_chemical_build(ax_network *net)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        if (!p->chemical || !p->n_total)   /* all ranks' synapses: every rank decides alike */
            continue;
        ax_population_data *to = net->pops[p->to], *from = net->pops[p->from];
        const ax_averaged_chemical *c = &p->spec;
        int x = (int)c->transmitter;
        if (to->chem_has[x] && (to->chem_g[x] != c->g || to->chem_e[x] != c->e_rev || to->chem_mg[x] != c->mg))
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "averaged chemical %s -> %s: its %s receptor (g %g uS, e_rev %g mV, mg %g mM) differs from "
                           "that of an earlier projection onto %s (g %g uS, e_rev %g mV, mg %g mM); a population has "
                           "one receptor per transmitter",
                           from->name, to->name, transmitter_names[x], c->g, c->e_rev, c->mg, to->name, to->chem_g[x],
                           to->chem_e[x], to->chem_mg[x]);
        to->chem_has[x] = to->chem_in = from->chem_out = true;
        to->chem_g[x] = c->g, to->chem_e[x] = c->e_rev, to->chem_mg[x] = c->mg;
        for (int b = 0; b < 2; b++)
            if (!(p->transmitter[b] = calloc(from->size, sizeof(double))))
                return ax_fail(net, AX_ERR_MEMORY, "averaged chemical coupling: out of memory");
        if (!p->from_train && !(p->spiked_before = calloc(from->size, 1)))
            return ax_fail(net, AX_ERR_MEMORY, "averaged chemical coupling: out of memory");
    }
    return AX_OK;
}

/* No transmitter yet (a build, a reset). */
void ax_chemical_reset(ax_network *net)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        uint32_t n = net->pops[p->from]->size;
        for (int b = 0; b < 2; b++)
            if (p->transmitter[b])
                memset(p->transmitter[b], 0, n * sizeof(double));
        if (p->spiked_before)
            memset(p->spiked_before, 0, n);
    }
}

/* NMDA's magnesium block (the seed's [HEAD] constant 3.75). */
static double mg_block(double v, double mg) { return 1.0 / (1.0 + exp(-0.062 * v) * mg / 3.75); }

/* Adds the receptor currents of step `step` to neurons [b, e) of p. */
void ax_chemical_currents(const ax_network *net, ax_population_data *p, uint32_t b, uint32_t e, int64_t step)
{
    const double *v = p->state[p->v_var];
    int parity = (int)(step & 1);
    for (uint32_t i = b; i < e; i++) {
        uint64_t gid = p->first_id + i;
        double current = 0.0;
        for (int x = 0; x < 3; x++) {
            uint64_t r0 = net->chem_row[3 * gid + x], r1 = net->chem_row[3 * gid + x + 1];
            if (r0 == r1)
                continue;
            double sum = 0.0;
            for (uint64_t k = r0; k < r1; k++)
                sum += net->chem_w[k] * net->projs[net->chem_proj[k]]->transmitter[parity][net->chem_src[k]];
            double r = sum / (double)(r1 - r0), g = p->chem_g[x] * r;
            if (x == AX_TRANSMITTER_NMDA)
                g *= mg_block(v[i], p->chem_mg[x]);
            current += g * (p->chem_e[x] - v[i]);
        }
        p->current[i] += current;
    }
}

/* After the update of step `step`: the transmitter of [b, e) of source
 * population p, for step + 1, in every chemical projection from it.  A
 * neuron's T takes up its spike of the step before (the seed advances T
 * before it tests for the spike), a spike source's the spike of this step
 * (the seed's trains release as they fire). */
void ax_chemical_release(const ax_network *net, const ax_population_data *p, uint32_t b, uint32_t e, int64_t step)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *pr = net->projs[q];
        if (!pr->chemical || !pr->transmitter[0] || net->pops[pr->from] != p)
            continue;
        const double *now = pr->transmitter[step & 1];
        double *next = pr->transmitter[(step + 1) & 1];
        double decay = net->dt * pr->spec.clearance, t_max = pr->spec.t_max;
        for (uint32_t i = b; i < e; i++) {
            int spike = pr->spiked_before ? pr->spiked_before[i] : (int)p->spiked[i];
            double t = now[i] - decay * now[i] + (spike ? t_max : 0.0);
            next[i] = t < 0.0 ? 0.0 : t > t_max ? t_max : t;
            if (pr->spiked_before)
                pr->spiked_before[i] = (uint8_t)(p->spiked[i] != 0);
        }
    }
}

/* Checkpoints: each chemical projection's T as the next step reads it,
 * and the spikes its neurons' T will take up. */
void ax_chemical_save(const ax_network *net, ax_writer *w)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        uint32_t n = net->pops[p->from]->size;
        for (uint32_t i = 0; p->transmitter[0] && i < n; i++) {
            ax_put_f64(w, p->transmitter[net->step & 1][i]);
            ax_put_u8(w, p->spiked_before ? p->spiked_before[i] : 0);
        }
    }
}

ax_status ax_chemical_load(ax_network *net, ax_reader *r, bool apply)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        uint32_t n = net->pops[p->from]->size;
        for (uint32_t i = 0; p->transmitter[0] && i < n && !r->short_read; i++) {
            double t = ax_get_f64(r);
            uint8_t s = ax_get_u8(r);
            if (!r->short_read && (!(t >= 0.0 && t <= p->spec.t_max) || s > 1))
                return ax_fail(net, AX_ERR_ARGUMENT, "the transmitter of projection %u, source %u (%g mM, spike %u) "
                               "is not allowed", q, i, t, s);
            if (apply) {
                p->transmitter[0][i] = p->transmitter[1][i] = t;
                if (p->spiked_before)
                    p->spiked_before[i] = s;
            }
        }
    }
    return AX_OK;
}

void ax_chemical_free(ax_network *net)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        free(p->transmitter[0]);
        free(p->transmitter[1]);
        free(p->spiked_before);
        p->transmitter[0] = p->transmitter[1] = NULL;
        p->spiked_before = NULL;
    }
    for (uint32_t g = 0; g < net->n_pops; g++) {
        ax_population_data *p = net->pops[g];
        p->chem_in = p->chem_out = false;
        memset(p->chem_has, 0, sizeof p->chem_has);
    }
    free(net->chem_row);
    free(net->chem_proj);
    free(net->chem_src);
    free(net->chem_w);
    free(net->chem_loc);
    net->chem_row = NULL;
    net->chem_proj = net->chem_src = NULL;
    net->chem_w = NULL;
    net->chem_loc = NULL;
}
