/*
 * set_delays.c - ax_projection_set_delays: new delays for a built
 * projection, between runs.
 *
 * Delays are stored as the build stores them - one for the projection
 * when all are equal, else one per synapse in 8 bits, or 16 when one
 * exceeds 255 steps - so that a run after the change gives what a network
 * built with them gives.  Two things of the build stay fixed:
 *   - the window (threads meet once per window, its length the smallest
 *     delay at the build): a spike must not reach its target within the
 *     window it leaves in, so no delay may now be shorter;
 *   - what is on its way: spikes delivered before the change sit in the
 *     target's delay ring buffer at the steps their old delays gave.  A
 *     delay longer than the buffer spans grows it; the input waiting is
 *     moved to the slots of the same steps in the larger buffer.
 * Plastic synapses time spike pairs with their delays, lazily, when the
 * next presynaptic spike comes (plasticity.h); pairs already timed with
 * the old delays would then be counted again or lost, and a target's
 * stepped post trace runs a delay behind.  So their delays change only
 * at t = 0, when no spike has been seen; the stepped traces are then
 * started or dropped as the build would have chosen for the new delays.
 *
 * Under MPI every rank gets all n_total delays in the global order
 * (net/synapse_order.h) and stores those of its own synapses; the bounds
 * and the window come from all of them, so every rank decides alike.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/synapse_order.h"
#include "plasticity/plasticity.h"
#include "sim/sim.h"

/* What the change needs made before anything changes. */
typedef struct change {
    bool fixed;              /* one delay for all: steps */
    uint32_t steps, lo, hi;  /* and the range, in steps */
    uint8_t **d8;            /* [thread]: new per-synapse delays, 8 or 16 bits */
    uint16_t **d16;
    double *ring;            /* the target's larger ring buffer, or NULL */
    uint32_t slots;
    bool stepped;            /* plastic: stepped post traces after the change */
    double *y;               /* ... made here when they start */
    int64_t *y_at;
    ax_post_queue *queue;
} change;

static void change_free(const ax_network *net, change *c)
{
    for (int k = 0; k < net->threads; k++) {
        if (c->d8)
            free(c->d8[k]);
        if (c->d16)
            free(c->d16[k]);
    }
    free(c->d8);
    free(c->d16);
    free(c->ring);
    free(c->y);
    free(c->y_at);
    free(c->queue);
    memset(c, 0, sizeof *c);
}

static uint32_t steps_of(const ax_network *net, double d)
{
    long long s = llround(d / net->dt);
    return s < 1 ? 1 : (uint32_t)s;
}

static ax_status check_delays(ax_network *net, const ax_projection_data *p, const double *d, size_t n,
                              const char *name, change *c)
{
    const double dt = net->dt;
    c->lo = UINT32_MAX;
    c->hi = 0;
    c->fixed = true;
    for (size_t k = 0; k < n; k++) {
        if (!(d[k] >= dt * (1 - 1e-9)))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: delay %g ms (value %zu) is below dt = %g ms; delays must be >= dt",
                           name, d[k], k, dt);
        if (!(d[k] / dt <= AX_MAX_DELAY_STEPS))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: delay %g ms (value %zu) is more than %u steps of dt = %g ms", name,
                           d[k], k, AX_MAX_DELAY_STEPS, dt);
        uint32_t s = steps_of(net, d[k]);
        if (s < net->window)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: delay %g ms (value %zu) is shorter than the network's window of %u steps: its threads "
                           "meet once per window, which the smallest delay at the build set, and a spike must not "
                           "arrive within the window it leaves in; the smallest delay allowed now is %g ms",
                           name, d[k], k, net->window, net->window * dt);
        c->lo = s < c->lo ? s : c->lo;
        c->hi = s > c->hi ? s : c->hi;
        c->fixed &= d[k] == d[0];   /* the declaration's test for one value */
    }
    c->steps = c->lo;
    if (p->plastic && p->plastic->rule.timing != AX_STDP_NONE && net->step > 0)
        return ax_fail(net, AX_ERR_STATE,
                       "%s: the delays of a plastic projection with a timing rule change only at t = 0 (after the "
                       "build or ax_network_reset), and it is t = %g ms: the spike pairs already timed with the old "
                       "delays would count twice or not at all", name, net->step * dt);
    return AX_OK;
}

/* The ring buffer spans this many steps for the delays of c (and of the
 * other projections onto the same target). */
static uint32_t slots_needed(const ax_network *net, const ax_projection_data *p, const change *c)
{
    uint32_t dmax = c->hi > net->window ? c->hi : net->window;
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *o = net->projs[q];
        if (o != p && o->to == p->to && ax_projection_spiking(o) && o->max_delay > dmax)
            dmax = o->max_delay;
    }
    return dmax + 1;
}

static ax_status prepare(ax_network *net, const ax_projection_data *p, const char *name, change *c)
{
    if (!c->fixed) {
        bool wide = c->hi > UINT8_MAX;
        if (wide ? !(c->d16 = ax_alloc_zero(net, (size_t)net->threads, sizeof *c->d16, name))
                 : !(c->d8 = ax_alloc_zero(net, (size_t)net->threads, sizeof *c->d8, name)))
            return AX_ERR_MEMORY;
        for (int k = 0; k < net->threads; k++) {
            uint64_t n = p->parts[k].n;
            if (n && !(wide ? (void *)(c->d16[k] = ax_alloc_large(n * sizeof **c->d16))
                            : (void *)(c->d8[k] = ax_alloc_large(n))))
                return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory for %llu delays", name, (unsigned long long)n);
        }
    }
    const ax_population_data *to = net->pops[p->to];
    uint32_t slots = slots_needed(net, p, c);
    size_t row = (size_t)to->model->n_receptors * to->size;
    if (slots > to->ring_slots && row) {
        if (ax_plan_memory(net, 8.0 * (double)(slots - to->ring_slots) * (double)row, name))
            return AX_ERR_MEMORY;
        if (!(c->ring = ax_alloc_large((size_t)slots * row * sizeof *c->ring)))
            return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory for the delay ring buffer of '%s' (%.3g MB)", name,
                           to->name, slots * (double)row * 8.0 / 1e6);
        memset(c->ring, 0, (size_t)slots * row * sizeof *c->ring);
        c->slots = slots;
    }
    const ax_plastic *pl = p->plastic;
    if (pl) {
        c->stepped = ax_plastic_steppable(pl, c->fixed);   /* as the build chooses */
        if (c->stepped && !pl->stepped) {
            c->y = calloc(pl->n_to ? pl->n_to : 1, sizeof *c->y);
            c->y_at = calloc((size_t)net->threads, sizeof *c->y_at);
            c->queue = calloc((size_t)net->threads, sizeof *c->queue);
            if (!c->y || !c->y_at || !c->queue)
                return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", name);
        }
    }
    return AX_OK;
}

/* The delays of p from d, in the order of ax_projection_get_synapses. */
static void store(ax_network *net, ax_projection_data *p, const double *d, size_t n, change *c)
{
    for (int k = 0; k < net->threads; k++) {
        ax_syn_part *part = &p->parts[k];
        free(part->delay8);
        free(part->delay16);
        part->delay8 = c->d8 ? c->d8[k] : NULL;
        part->delay16 = c->d16 ? c->d16[k] : NULL;
        if (c->d8)
            c->d8[k] = NULL;
        if (c->d16)
            c->d16[k] = NULL;
    }
    p->fixed_delay = c->fixed;
    p->delay_steps = c->fixed ? c->steps : 0;
    p->min_delay = c->lo;
    p->max_delay = c->hi;
    if (c->fixed)
        return;
    uint32_t n_from = net->pops[p->from]->size;
    for (uint32_t i = 0; i < n_from; i++) {
        uint64_t at = ax_synapse_row_start(net, p, i);   /* d holds all ranks' synapses */
        for (int k = 0; k < net->threads; k++) {
            ax_syn_part *part = &p->parts[k];
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++, at++) {
                uint32_t s = steps_of(net, d[n == 1 ? 0 : at]);
                if (part->delay8)
                    part->delay8[q] = (uint8_t)s;
                else
                    part->delay16[q] = (uint16_t)s;
            }
        }
    }
}

/* The target's input waiting for steps [now, now + D) moves to the slots
 * of the same steps in the larger buffer (slot = step mod slots). */
static void grow_ring(const ax_network *net, ax_population_data *to, change *c)
{
    size_t row = (size_t)to->model->n_receptors * to->size;
    uint32_t old = to->ring_slots;
    for (int64_t t = net->step; t < net->step + old; t++)
        memcpy(c->ring + (size_t)(t % c->slots) * row, to->ring + (size_t)(t % old) * row, row * sizeof *c->ring);
    free(to->ring);
    to->ring = c->ring;
    to->ring_slots = c->slots;
    c->ring = NULL;
}

/* A plastic projection's stepped post traces, as the build would choose
 * them for these delays (only at t = 0: they start at rest). */
static void restep(const ax_network *net, ax_projection_data *p, change *c)
{
    ax_plastic *pl = p->plastic;
    pl->max_delay = p->max_delay;
    if (c->stepped == pl->stepped)
        return;
    if (c->stepped) {
        pl->y = c->y;
        pl->y_at = c->y_at;
        pl->queue = c->queue;
        c->y = NULL;
        c->y_at = NULL;
        c->queue = NULL;
    } else {
        for (int k = 0; k < net->threads; k++)
            free(pl->queue[k].at);
        free(pl->queue);
        free(pl->y);
        free(pl->y_at);
        pl->queue = NULL;
        pl->y = NULL;
        pl->y_at = NULL;
    }
    pl->stepped = c->stepped;
}

ax_status ax_projection_set_delays(ax_network *net, ax_projection proj, const double *delays, size_t n)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    char name[300];
    ax_projection_data *p = NULL;
    ax_status st = ax_synapse_values_check(net, proj, delays, n, "set delays", "delays", &p, name, sizeof name);
    if (st)
        return st;
    if (!ax_projection_spiking(p))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: %s have no delays (they act within the step)", name,
                       p->gap ? "gap junctions" : "graded synapses");
    change c = {0};
    if ((st = check_delays(net, p, delays, n, name, &c)))
        return st;
    if (n == 0)
        return AX_OK;   /* no synapses */
    if ((st = ax_ranks_agree(net, prepare(net, p, name, &c)))) {   /* every rank changes, or none */
        change_free(net, &c);
        return st;
    }
    /* nothing fails from here on */
    store(net, p, delays, n, &c);
    if (c.ring)
        grow_ring(net, net->pops[p->to], &c);
    if (p->plastic)
        restep(net, p, &c);
    ax_table_drop(p);
    change_free(net, &c);
    return AX_OK;
}
