/*
 * state.c - the plastic state over a network's life: the state of no
 * spike seen yet (after the build, and at a reset), the weights that a
 * reset returns to, and the checkpoint sections of plastic projections
 * and modulators (sim/checkpoint.c; layout in docs/checkpoints.md).
 *
 * A checkpoint must not depend on the number of threads, so what threads
 * split is stored in one order: weights and eligibilities in the order of
 * ax_projection_get_synapses (source, then thread part: targets
 * increase), targets' histories and stepped traces by target, the queued
 * postsynaptic spikes merged in (step, target) order.  What every thread
 * keeps a copy of - per-source traces, flush markers, modulator
 * histories - is the same in every copy (each thread applies the same
 * spikes in the same order), so thread 0's is stored and restored into
 * all.
 */
#include <stdlib.h>
#include <string.h>

#include "plasticity/steps.h"

void ax_plastic_clear(const ax_network *net, ax_projection_data *p)
{
    ax_plastic *pl = p->plastic;
    const ax_plasticity *r = &pl->rule;
    /* a spike-less start at time 0 (step -1 ends there): traces 0 (k_y -1: 0 just before the first spike),
     * BCM's threshold at y0 */
    for (uint32_t j = 0; j < pl->n_to; j++) {
        ax_post_hist *h = &pl->post[j];
        h->head = h->n = 0;
        h->base = r->timing == AX_STDP_BCM         ? (ax_post_event){.step = -1, .theta = r->y0}
                  : r->timing == AX_STDP_EQUATIONS ? (ax_post_event){.step = -1, .k_y = 0.0}
                                                   : (ax_post_event){.step = -1, .k_y = -1.0};
    }
    for (int k = 0; k < net->threads; k++) {
        for (uint32_t i = 0; i < pl->n_from; i++) {
            pl->pre[k][i] = (ax_pre_state){.last = NONE, .upto = NONE, .u = 0.0, .x = 1.0};
            for (int m = 0; m < AX_RECENT_PRE; m++)
                pl->pre[k][i].recent[m] = NONE;
        }
        pl->flushed[k] = NONE;
        if (pl->elig[k])
            memset(pl->elig[k], 0, p->parts[k].n * sizeof **pl->elig);
        if (pl->stepped) {
            pl->y_at[k] = 0;
            pl->queue[k].head = pl->queue[k].n = 0;
        }
    }
    if (pl->stepped)
        memset(pl->y, 0, pl->n_to * sizeof *pl->y);
}

ax_status ax_plastic_keep_initial(ax_network *net, ax_projection_data *p)
{
    ax_plastic *pl = p->plastic;
    /* One initial weight for all (the common case) needs no copy: a reset
     * writes it back (ax_plastic_reset).  Only weights drawn or given per
     * synapse are kept, 4 bytes each. */
    if (pl->w_initial || p->fixed_weight)
        return AX_OK;
    float **w = ax_alloc_zero(net, (size_t)net->threads, sizeof *w, "initial weights (for reset)");
    for (int k = 0; w && k < net->threads; k++) {
        const ax_syn_part *part = &p->parts[k];
        if (!part->n)
            continue;
        if (!(w[k] = ax_alloc(net, part->n, sizeof **w, "initial weights (for reset)"))) {
            for (int j = 0; j < k; j++)
                free(w[j]);
            free(w);
            return AX_ERR_MEMORY;
        }
        memcpy(w[k], part->weight, part->n * sizeof **w);
    }
    if (!w)
        return AX_ERR_MEMORY;
    pl->w_initial = w;
    return AX_OK;
}

void ax_plastic_reset(const ax_network *net, ax_projection_data *p)
{
    ax_plastic *pl = p->plastic;
    for (int k = 0; k < net->threads; k++) {
        ax_syn_part *part = &p->parts[k];
        if (pl->w_initial && part->n)
            memcpy(part->weight, pl->w_initial[k], part->n * sizeof *part->weight);
        else if (p->fixed_weight)
            for (uint64_t q = 0; q < part->n; q++)
                part->weight[q] = p->weight_value;   /* what generation stored: the same float */
    }
    ax_plastic_clear(net, p);
}

/* ---- checkpoints ---- */

static void put_event(ax_writer *w, const ax_post_event *e)
{
    ax_put_i64(w, e->step);
    ax_put_f64(w, e->k_minus);
    ax_put_f64(w, e->k_y);   /* or BCM's theta: the same bits */
    ax_put_u32(w, e->access);
}

static ax_post_event get_event(ax_reader *r)
{
    ax_post_event e = {0};
    e.step = ax_get_i64(r);
    e.k_minus = ax_get_f64(r);
    e.k_y = ax_get_f64(r);
    e.access = ax_get_u32(r);
    return e;
}

#define EVENT_BYTES 28

typedef struct queued {
    int64_t step;
    uint32_t target;
} queued;

static int by_step_target(const void *a, const void *b)
{
    const queued *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return (x->target > y->target) - (x->target < y->target);
}

/* Per-synapse floats (weights or eligibilities) of p in the order of
 * ax_projection_get_synapses: written from arr, or read into it (NULL:
 * skipped). */
static void synapse_floats(const ax_network *net, const ax_projection_data *p, float *const *arr, ax_writer *w,
                           ax_reader *r)
{
    uint32_t n_from = net->pops[p->from]->size;
    for (uint32_t i = 0; i < n_from; i++)
        for (int k = 0; k < net->threads; k++) {
            const ax_syn_part *part = &p->parts[k];
            size_t len = part->row[i + 1] - part->row[i];
            if (!len)
                continue;   /* the part may have no arrays at all */
            if (w)
                ax_put_f32s(w, arr[k] + part->row[i], len);
            else
                ax_get_f32s(r, arr ? arr[k] + part->row[i] : NULL, len);
        }
}

void ax_plastic_save(const ax_network *net, const ax_projection_data *p, ax_writer *w)
{
    const ax_plastic *pl = p->plastic;
    ax_put_u8(w, pl->on);
    ax_put_f64(w, pl->rate);
    ax_put_u64(w, p->n_synapses);
    float **weights = malloc((size_t)net->threads * sizeof *weights);
    if (!weights) {
        w->failed = true;
        return;
    }
    for (int k = 0; k < net->threads; k++)
        weights[k] = p->parts[k].weight;
    synapse_floats(net, p, weights, w, NULL);
    free(weights);
    if (pl->rule.reward)
        synapse_floats(net, p, pl->elig, w, NULL);
    ax_put_u32(w, pl->n_from);
    for (uint32_t i = 0; i < pl->n_from; i++) {
        const ax_pre_state *pre = &pl->pre[0][i];
        ax_put_i64(w, pre->last);
        ax_put_i64(w, pre->upto);
        for (int m = 0; m < AX_RECENT_PRE; m++)
            ax_put_i64(w, pre->recent[m]);
        ax_put_f64(w, pre->k_plus);
        ax_put_f64(w, pre->k_x);
        ax_put_f64(w, pre->u);
        ax_put_f64(w, pre->x);
    }
    ax_put_i64(w, pl->flushed[0]);
    ax_put_u32(w, pl->n_to);
    for (uint32_t t = 0; t < pl->n_to; t++) {
        const ax_post_hist *h = &pl->post[t];
        ax_put_u32(w, h->n);
        put_event(w, &h->base);
        for (uint32_t j = 0; j < h->n; j++)
            put_event(w, event_at(h, j));
    }
    ax_put_u8(w, pl->stepped);
    if (!pl->stepped)
        return;
    ax_put_i64(w, pl->y_at[0]);
    ax_put_f64s(w, pl->y, pl->n_to);
    size_t total = 0;
    for (int k = 0; k < net->threads; k++)
        total += pl->queue[k].n;
    queued *all = malloc((total ? total : 1) * sizeof *all);
    if (!all) {
        w->failed = true;
        return;
    }
    size_t at = 0;
    for (int k = 0; k < net->threads; k++) {
        const ax_post_queue *qu = &pl->queue[k];
        for (size_t m = 0; m < qu->n; m++) {
            size_t x = (qu->head + m) % qu->cap;
            all[at++] = (queued){qu->at[x].step, qu->at[x].target};
        }
    }
    qsort(all, total, sizeof *all, by_step_target);
    ax_put_u64(w, total);
    for (size_t m = 0; m < total; m++) {
        ax_put_i64(w, all[m].step);
        ax_put_u32(w, all[m].target);
    }
    free(all);
}

/* Target t's history from the file; apply: stored, in a ring of the
 * smallest power of two that holds it unless the present one does (the
 * capacity is memory, not state). */
static ax_status load_history(ax_network *net, const ax_projection_data *p, uint32_t t, ax_reader *r, bool apply)
{
    ax_post_hist *h = &p->plastic->post[t];
    uint32_t n = ax_get_u32(r);
    ax_post_event base = get_event(r);
    if (r->short_read || !ax_reader_has(r, n, EVENT_BYTES) || n > (1u << 31)) {
        r->short_read = true;
        return AX_OK;
    }
    if (!apply) {
        r->at += (size_t)n * EVENT_BYTES;
        return AX_OK;
    }
    uint32_t cap = 4;
    while (cap < n)
        cap *= 2;
    if (h->cap < n) {
        ax_post_event *ev = malloc((size_t)cap * sizeof *ev);
        if (!ev)
            return ax_fail(net, AX_ERR_MEMORY, "projection %u: out of memory for spike histories", p->index);
        free(h->ev);
        h->ev = ev;
        h->cap = cap;
    }
    h->head = 0;
    h->n = n;
    h->base = base;
    for (uint32_t j = 0; j < n; j++)
        h->ev[j] = get_event(r);
    return AX_OK;
}

/* The queued postsynaptic spikes, each to the thread that owns its target. */
static ax_status load_queue(ax_network *net, const ax_projection_data *p, ax_reader *r, bool apply)
{
    ax_plastic *pl = p->plastic;
    uint64_t total = ax_get_u64(r);
    if (!ax_reader_has(r, total, 12)) {
        r->short_read = true;
        return AX_OK;
    }
    const unsigned char *first = r->at;
    for (uint64_t m = 0; m < total; m++) {
        ax_get_i64(r);
        if (ax_get_u32(r) >= pl->n_to)
            return ax_fail(net, AX_ERR_ARGUMENT, "projection %u: a queued spike of a target out of range", p->index);
    }
    if (!apply)
        return AX_OK;
    r->at = first;
    for (int k = 0; k < net->threads; k++)
        pl->queue[k].head = pl->queue[k].n = 0;
    for (uint64_t m = 0; m < total; m++) {
        int64_t step = ax_get_i64(r);
        uint32_t t = ax_get_u32(r);
        int k = 0;
        while (net->thr[k].seg[p->to].end <= t)
            k++;
        ax_post_queue *qu = &pl->queue[k];
        if (qu->n == qu->cap) {
            size_t cap = qu->cap ? 2 * qu->cap : 256;
            void *at = realloc(qu->at, cap * sizeof *qu->at);   /* head is 0: filled in order */
            if (!at)
                return ax_fail(net, AX_ERR_MEMORY, "projection %u: out of memory for queued spikes", p->index);
            qu->at = at;
            qu->cap = cap;
        }
        qu->at[qu->n].step = step;
        qu->at[qu->n++].target = t;
    }
    return AX_OK;
}

ax_status ax_plastic_load(ax_network *net, ax_projection_data *p, ax_reader *r, bool apply)
{
    ax_plastic *pl = p->plastic;
    uint8_t on = ax_get_u8(r);
    double rate = ax_get_f64(r);
    uint64_t n_syn = ax_get_u64(r);
    if (r->short_read)
        return AX_OK;
    if (on > 1 || !(rate >= 0) || !(rate < INFINITY) || n_syn != p->n_synapses)
        return ax_fail(net, AX_ERR_ARGUMENT, "projection %u: learning %u, rate %g, %llu synapses (%llu here)",
                       p->index, on, rate, (unsigned long long)n_syn, (unsigned long long)p->n_synapses);
    if (apply) {
        pl->on = on;
        pl->rate = rate;
    }
    float **weights = malloc((size_t)net->threads * sizeof *weights);
    if (!weights)
        return ax_fail(net, AX_ERR_MEMORY, "projection %u: out of memory", p->index);
    for (int k = 0; k < net->threads; k++)
        weights[k] = p->parts[k].weight;
    synapse_floats(net, p, apply ? weights : NULL, NULL, r);
    free(weights);
    if (pl->rule.reward)
        synapse_floats(net, p, apply ? pl->elig : NULL, NULL, r);
    uint32_t n_from = ax_get_u32(r);
    if (!r->short_read && n_from != pl->n_from)
        return ax_fail(net, AX_ERR_ARGUMENT, "projection %u: %u sources in the file, %u here", p->index, n_from,
                       pl->n_from);
    for (uint32_t i = 0; i < n_from && !r->short_read; i++) {
        ax_pre_state pre;
        pre.last = ax_get_i64(r);
        pre.upto = ax_get_i64(r);
        for (int m = 0; m < AX_RECENT_PRE; m++)
            pre.recent[m] = ax_get_i64(r);
        pre.k_plus = ax_get_f64(r);
        pre.k_x = ax_get_f64(r);
        pre.u = ax_get_f64(r);
        pre.x = ax_get_f64(r);
        for (int k = 0; apply && k < net->threads; k++)
            pl->pre[k][i] = pre;
    }
    int64_t flushed = ax_get_i64(r);
    for (int k = 0; apply && k < net->threads; k++)
        pl->flushed[k] = flushed;
    uint32_t n_to = ax_get_u32(r);
    if (!r->short_read && n_to != pl->n_to)
        return ax_fail(net, AX_ERR_ARGUMENT, "projection %u: %u targets in the file, %u here", p->index, n_to, pl->n_to);
    for (uint32_t t = 0; t < n_to && !r->short_read; t++) {
        ax_status st = load_history(net, p, t, r, apply);
        if (st)
            return st;
    }
    uint8_t stepped = ax_get_u8(r);
    if (r->short_read)
        return AX_OK;
    if (stepped != pl->stepped)
        return ax_fail(net, AX_ERR_ARGUMENT, "projection %u: stepped post traces %s in the file, %s here", p->index,
                       stepped ? "used" : "not used", pl->stepped ? "used" : "not used");
    if (!stepped)
        return AX_OK;
    int64_t y_at = ax_get_i64(r);
    for (int k = 0; apply && k < net->threads; k++)
        pl->y_at[k] = y_at;
    ax_get_f64s(r, apply ? pl->y : NULL, pl->n_to);
    return load_queue(net, p, r, apply);
}

/* ---- modulators ---- */

void ax_modulators_reset(ax_network *net)
{
    for (uint32_t m = 0; m < net->n_mods; m++)
        for (int k = 0; k < net->threads; k++)
            net->mods[m]->hist[k].n = 0;
}

void ax_modulators_save(const ax_network *net, ax_writer *w)
{
    for (uint32_t m = 0; m < net->n_mods; m++) {
        const ax_modulator_history *h = &net->mods[m]->hist[0];
        ax_put_u32(w, h->n);
        for (uint32_t j = 0; j < h->n; j++) {
            ax_put_i64(w, h->j[j].step);
            ax_put_f64(w, h->j[j].amount);
            ax_put_f64(w, h->j[j].d);
        }
    }
}

ax_status ax_modulators_load(ax_network *net, ax_reader *r, bool apply)
{
    for (uint32_t m = 0; m < net->n_mods && !r->short_read; m++) {
        ax_modulator_data *mod = net->mods[m];
        uint32_t n = ax_get_u32(r);
        if (!ax_reader_has(r, n, 24)) {
            r->short_read = true;
            break;
        }
        const unsigned char *first = r->at;
        for (int k = 0; apply && k < net->threads; k++) {
            ax_modulator_history *h = &mod->hist[k];
            if (n > h->cap) {
                ax_modulator_jump *j = realloc(h->j, (size_t)n * sizeof *j);
                if (!j)
                    return ax_fail(net, AX_ERR_MEMORY, "modulator '%s': out of memory", mod->name);
                h->j = j;
                h->cap = n;
            }
            r->at = first;
            for (uint32_t x = 0; x < n; x++) {
                h->j[x].step = ax_get_i64(r);
                h->j[x].amount = ax_get_f64(r);
                h->j[x].d = ax_get_f64(r);
            }
            h->n = n;
        }
        r->at = first + (size_t)n * 24;
    }
    return AX_OK;
}
