/*
 * steps.h - what the plasticity files share (internal): the trace time
 * constants, the weight steps of the spike-pair dependences, the history
 * ring, the decay tables and the post trace read from a history.
 */
#ifndef AX_PLASTICITY_STEPS_H
#define AX_PLASTICITY_STEPS_H

#include <math.h>

#include "plasticity/plasticity.h"

#define NONE INT64_MIN

/* The time constants of the fast pre and post traces. */
static inline double tau_pre(const ax_plasticity *r) { return r->timing == AX_STDP_VOGELS2011 ? r->tau : r->tau_plus; }
static inline double tau_post(const ax_plasticity *r) { return r->timing == AX_STDP_VOGELS2011 ? r->tau : r->tau_minus; }

/* Potentiation by a (>= 0) under the weight dependence `kind` (a
 * constant where the caller is specialised), on x in [0, 1]. */
static inline __attribute__((always_inline)) double potentiate_as(ax_stdp_weight kind, const ax_plasticity *r,
                                                                  double w, double a)
{
    double span = r->w_max - r->w_min, x = (w - r->w_min) / span;
    switch (kind) {
    case AX_STDP_MULTIPLICATIVE: x += a * (1.0 - x); break;
    case AX_STDP_GUTIG: x += a * pow(fmax(1.0 - x, 0.0), r->mu_plus); break;
    default: x += a; break;
    }
    return r->w_min + span * (x < 1.0 ? x : 1.0);
}

static inline __attribute__((always_inline)) double depress_as(ax_stdp_weight kind, const ax_plasticity *r,
                                                               double w, double b)
{
    double span = r->w_max - r->w_min, x = (w - r->w_min) / span;
    switch (kind) {
    case AX_STDP_ADDITIVE: x -= b; break;
    case AX_STDP_GUTIG: x -= b * pow(fmax(x, 0.0), r->mu_minus); break;
    default: x -= b * x; break;
    }
    return r->w_min + span * (x > 0.0 ? x : 0.0);
}

/* Rings have power-of-two capacities. */
static inline ax_post_event *event_at(const ax_post_hist *h, uint32_t j) { return &h->ev[(h->head + j) & (h->cap - 1)]; }

/* exp(-n dt / tau) for n >= 0 steps, from the table when n is short. */
static inline double decay_by(const double *table, int64_t n, double dt, double tau)
{
    return (uint64_t)n < AX_DECAY_STEPS ? table[n] : exp(-(double)n * dt / tau);
}

/* The fast post trace at step t from the spikes strictly before t. */
static inline double post_trace(const ax_plastic *pl, const ax_post_hist *h, int64_t t, double dt)
{
    for (uint32_t j = h->n; j-- > 0;) {
        const ax_post_event *e = event_at(h, j);
        if (e->step < t)
            return e->k_minus * decay_by(pl->decay_post, t - e->step, dt, tau_post(&pl->rule));
    }
    if (h->base.step != NONE && h->base.step < t)
        return h->base.k_minus * decay_by(pl->decay_post, t - h->base.step, dt, tau_post(&pl->rule));
    return 0.0;
}

/* The step up to which the synapses of a source are up to date: its last
 * spike, or a later catch-up or flush. */
static inline int64_t current_to(const ax_pre_state *pre)
{
    return pre->last > pre->upto ? pre->last : pre->upto;
}

/* Stochastic release (ax_plasticity.release_probability): a cursor over
 * the draws of source i's spike of step s along thread k's part of its
 * row.  Synapse j of the whole row (every part's, in part order, as
 * ax_projection_get_synapses lists them) takes word j % 4 of the block
 * (s ^ (j / 4) << 40) of the stream (seed, release of projection, i): the
 * same draw for any thread count.  release_next is called once per
 * synapse of the part, in row order. */
typedef struct ax_release {
    bool on;                 /* p < 1 */
    double p;
    uint64_t seed;
    uint32_t purpose, src;
    int64_t s;
    uint64_t j;              /* row position of the next synapse */
    philox4x32_ctr_t words;  /* block j / 4 */
} ax_release;

static inline void release_start(ax_release *r, const ax_network *net, const ax_projection_data *p, int k, uint32_t i,
                                 int64_t s)
{
    const double prob = p->plastic->rule.release_probability;
    *r = (ax_release){.on = prob < 1.0, .p = prob, .seed = net->seed,
                      .purpose = ax_purpose(AX_RNG_RELEASE, p->index), .src = i, .s = s};
    if (!r->on)
        return;
    for (int m = 0; m < k; m++)
        r->j += p->parts[m].row[i + 1] - p->parts[m].row[i];
    if (r->j & 3)
        r->words = ax_rng_block(r->seed, r->purpose, i, (uint64_t)s ^ (r->j >> 2) << 40);
}

static inline bool release_next(ax_release *r)
{
    if (!r->on)
        return true;
    if ((r->j & 3) == 0)
        r->words = ax_rng_block(r->seed, r->purpose, r->src, (uint64_t)r->s ^ (r->j >> 2) << 40);
    const bool pass = r->words.v[r->j & 3] * 0x1p-32 < r->p;
    r->j++;
    return pass;
}

#endif
