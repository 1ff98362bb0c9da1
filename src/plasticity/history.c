/*
 * history.c - the postsynaptic side of plastic projections: each target's
 * spike history (appended before a window's deliveries, pruned once every
 * incoming synapse has read an entry; plasticity.h) and the stepped post
 * trace of one-delay spike-pair projections.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plasticity/steps.h"

/* BCM's threshold after `t` ms from theta0, the post rate decaying from y1
 * (Hz) with tau_y: the solution of dtheta/dt = (y^2 / y0 - theta) / tau. */
static double theta_after(const ax_plasticity *r, double theta0, double y1, double t)
{
    double a = 1.0 / r->tau_theta, b = 2.0 / r->tau_minus, drive = y1 * y1 / (r->y0 * r->tau_theta);
    double mix = fabs(a - b) * t < 1e-9 ? t * exp(-a * t) : (exp(-b * t) - exp(-a * t)) / (a - b);
    return theta0 * exp(-a * t) + drive * mix;
}

/* Appends target j's spike of step s to its history, with the traces just
 * after it from the previous entry, after dropping the oldest entries that
 * every incoming synapse has read and that are older than the longest
 * delay (and the anti-Hebbian window).  -1: out of memory. */
static int append_post(const ax_network *net, ax_plastic *pl, int k, uint32_t j, int64_t s)
{
    const ax_plasticity *r = &pl->rule;
    ax_post_hist *h = &pl->post[j];
    int64_t keep = pl->max_delay + (r->timing == AX_STDP_ANTI_HEBBIAN ? llround(r->window / net->dt) : 0);
    while (h->n && event_at(h, 0)->access >= pl->n_in[j] && s - event_at(h, 0)->step > keep) {
        h->base = *event_at(h, 0);
        h->head = (h->head + 1) % h->cap;
        h->n--;
    }
    const ax_post_event *prev = h->n ? event_at(h, h->n - 1) : &h->base;
    const bool bcm = r->timing == AX_STDP_BCM;
    ax_post_event e = {.step = s, .k_minus = 1.0, .access = 0};
    if (bcm)
        e.theta = r->y0;
    else
        e.k_y = 0.0;
    if (r->timing == AX_STDP_EQUATIONS) {
        e.k_y = 0.0;
        ax_eqr_post_event(pl, k, prev, &e, net->dt);
    } else if (prev->step != NONE) {
        double gap = (double)(s - prev->step) * net->dt;
        if (r->pairing == AX_STDP_ALL_TO_ALL || bcm)
            e.k_minus = prev->k_minus * exp(-gap / tau_post(r)) + 1.0;
        if (bcm)
            e.theta = theta_after(r, prev->theta, prev->k_minus * 1000.0 / r->tau_minus, gap);
        else
            e.k_y = (prev->k_y + 1.0) * exp(-gap / r->tau_y);
    }
    if (h->n == h->cap) {
        uint32_t cap = h->cap ? 2 * h->cap : 4;
        ax_post_event *ev = malloc((size_t)cap * sizeof *ev);
        if (!ev)
            return -1;
        for (uint32_t q = 0; q < h->n; q++)
            ev[q] = *event_at(h, q);
        free(h->ev);
        h->ev = ev;
        h->head = 0;
        h->cap = cap;
    }
    *event_at(h, h->n++) = e;
    return 0;
}

static int enqueue(ax_post_queue *qu, int64_t step, uint32_t target)
{
    if (qu->n == qu->cap) {
        size_t cap = qu->cap ? 2 * qu->cap : 256;
        void *at = malloc(cap * sizeof *qu->at);
        if (!at)
            return -1;
        for (size_t m = 0; m < qu->n; m++)
            memcpy((char *)at + m * sizeof *qu->at, &qu->at[(qu->head + m) % qu->cap], sizeof *qu->at);
        free(qu->at);
        qu->at = at;
        qu->head = 0;
        qu->cap = cap;
    }
    size_t m = (qu->head + qu->n++) % qu->cap;
    qu->at[m].step = step;
    qu->at[m].target = target;
    return 0;
}

void ax_plastic_step(ax_network *net, int k, int64_t s)
{
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        ax_plastic *pl = p->plastic;
        if (!pl || !pl->stepped)
            continue;
        const ax_segment *seg = &net->thr[k].seg[p->to];
        const bool nearest = pl->rule.pairing == AX_STDP_NEAREST;
        const bool eqr = pl->rule.timing == AX_STDP_EQUATIONS;
        const double decay = eqr ? ax_eqr_step_decay(pl) : pl->decay_post[1];
        ax_post_queue *qu = &pl->queue[k];
        double *restrict y = pl->y;
        /* y(T + 1) = decay (y(T) + 1) after a spike at T (nearest: decay), else decay y(T) */
        for (int64_t T = s - p->delay_steps; pl->y_at[k] < T; pl->y_at[k]++) {
            for (; qu->n && qu->at[qu->head].step == pl->y_at[k]; qu->head = (qu->head + 1) % qu->cap, qu->n--) {
                uint32_t t = qu->at[qu->head].target;
                y[t] = eqr ? ax_eqr_step_spike(pl, k, y[t]) : nearest ? 1.0 : y[t] + 1.0;
            }
            for (uint32_t t = seg->begin; t < seg->end; t++)
                y[t] *= decay;
        }
    }
}

void ax_plastic_record_post(ax_network *net, int k, int parity, int64_t w0, int64_t w1)
{
    ax_thread *th = &net->thr[k];
    const ax_spike_list *list = &th->spikes[parity];
    const uint32_t np = net->n_pops;
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        if (!p->plastic || p->plastic->rule.timing == AX_STDP_NONE)
            continue;
        const ax_population_data *to = net->pops[p->to];
        for (int64_t s = w0; s < w1; s++) {
            size_t at = (size_t)(s - w0) * np + p->to;
            for (uint32_t x = list->start[at]; x < list->start[at + 1]; x++)
                if (append_post(net, p->plastic, k, list->gid[x] - to->first_id, s) ||
                    (p->plastic->stepped && enqueue(&p->plastic->queue[k], s, list->gid[x] - to->first_id)))
                    th->failed = 1;
        }
    }
}
