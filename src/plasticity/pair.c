/*
 * pair.c - delivery of spike-pair, Vogels and triplet STDP rows while
 * learning, without reward: the common cases, specialised (stdp.c
 * delivers every other rule, and these before a source's first spike).
 */
#include <math.h>

#include "plasticity/steps.h"

/* The common case: spike-pair STDP while learning, without reward, with
 * the weight dependence (and whether the projection has one delay) a
 * constant, so that the compiler specialises the loop over a row.  Per
 * synapse: one scan from the newest end of the target's history for the
 * postsynaptic spikes that reached it since the source's previous spike,
 * their decays from a table; the post trace at s - d from the stepped
 * per-target trace when the delay is one (else from the history).
 * Additive potentiation steps commute (all >= 0, clipped only at w_max)
 * and multiplicative ones multiply 1 - x, so they are summed or multiplied
 * first and clipped once: the weights are stdp.c's advance() then at_pre()
 * up to rounding (tests/test_stdp.c checks them against the event-by-event
 * definition).  Vogels' steps (on |w|) and the triplet rule's (each spike's
 * slow post trace a factor) are >= 0 and clipped only at the top as well.
 * Gutig's steps do not commute and take advance()'s sequence (pair_steps),
 * as does a source's first spike (Vogels and triplet: stdp.c).  Measured on Brunel with
 * STDP (bench/NOTES.md): ~14 ns per plastic synapse and spike, the same
 * for 2,000 and 10,000 targets, so instructions rather than cache misses;
 * prefetching the histories ahead still saves ~20 %. */
#define PF_HEAD 16   /* synapses ahead: the target's history header */
#define PF_RING 8    /* ... and its newest entry */
typedef struct pair_ctx {
    const ax_plastic *pl;
    int64_t lo, last, s;       /* synapses up to date at lo; the source's previous spike; this spike */
    double a_plus, b_minus;    /* rate x A_plus, rate x A_minus */
    double k_plus;             /* the pre trace after `last` */
    double dt, tau_p, w_min, w_max, span, inv_span;
    const double *dpre;        /* the pre trace's decay table */
    const double *y;           /* stepped: the post traces at s - d */
    double alpha;              /* Vogels: the depression per pre spike, 2 rho tau */
    double A2p, A3p, A2m, A3m; /* triplet */
    double k_x;                /* triplet: the slow pre trace just before this spike */
} pair_ctx;

/* Rules that take the same loop besides the spike-pair dependences (the
 * values of `kind` below AX_STDP_GUTIG): their potentiation steps are
 * >= 0 and clipped only at the top as well. */
enum { VOGELS = 100, TRIPLET = 101 };

static inline __attribute__((always_inline)) double pair_steps(const pair_ctx *c, ax_post_hist *h, uint32_t d,
                                                               double w, ax_stdp_weight kind)
{
    const ax_plasticity *r = &c->pl->rule;
    uint32_t first = h->n;
    while (first && event_at(h, first - 1)->step + d > c->lo)
        first--;
    for (uint32_t j = first; j < h->n; j++) {
        ax_post_event *e = event_at(h, j);
        if (e->step + d > c->s)
            break;
        e->access++;
        if (c->last != NONE)
            w = potentiate_as(kind, r, w, c->a_plus * (c->k_plus * decay_by(c->pl->decay_pre, e->step + d - c->last,
                                                                              c->dt, c->tau_p)));
    }
    return depress_as(kind, r, w, c->b_minus * post_trace(c->pl, h, c->s - d, c->dt));
}

static inline __attribute__((always_inline)) double pair_sum(const pair_ctx *c, ax_post_hist *h, uint32_t t,
                                                             uint32_t d, double w, int kind, bool stepped)
{
    const ax_plastic *pl = c->pl;
    double sum = 0.0, keep = 1.0;   /* additive: sum of the decays; multiplicative: product of 1 - a */
    for (uint32_t j = h->n; j; j--) {
        ax_post_event *e = event_at(h, j - 1);
        const int64_t arrival = e->step + d;
        if (arrival <= c->lo)
            break;
        if (arrival > c->s)
            continue;   /* reaches the synapse after this spike */
        e->access++;
        const double decay = decay_by(c->dpre, arrival - c->last, c->dt, c->tau_p);
        if (kind == AX_STDP_MULTIPLICATIVE) {
            const double f = 1.0 - c->a_plus * (c->k_plus * decay);
            keep *= f > 0.0 ? f : 0.0;
        } else if (kind == TRIPLET) {
            sum += decay * (c->A2p + c->A3p * e->k_y);
        } else {
            sum += decay;
        }
    }
    const double y = stepped ? c->y[t] : post_trace(pl, h, c->s - d, c->dt);
    if (kind == VOGELS) {   /* on |w| in [0, w_max], the sign kept (stdp.c's magnitude_step) */
        double m = fabs(w) + c->a_plus * (c->k_plus * sum);
        m = m < c->w_max ? m : c->w_max;
        m += c->b_minus * y;
        m = m < c->w_max ? m : c->w_max;
        m -= c->b_minus * c->alpha;
        return copysign(m > 0.0 ? m : 0.0, w);
    }
    if (kind == TRIPLET) {
        w += c->a_plus * (c->k_plus * sum);
        w = w < c->w_max ? w : c->w_max;
        w -= c->b_minus * y * (c->A2m + c->A3m * c->k_x);
        return w > c->w_min ? w : c->w_min;
    }
    double x = (w - c->w_min) * c->inv_span;
    if (kind == AX_STDP_MULTIPLICATIVE) {
        x = 1.0 - (1.0 - x) * keep;
        x -= c->b_minus * y * x;
    } else {
        x += c->a_plus * (c->k_plus * sum);
        x = x < 1.0 ? x : 1.0;
        x -= kind == AX_STDP_ADDITIVE ? c->b_minus * y : c->b_minus * y * x;
    }
    return c->w_min + c->span * (x > 0.0 ? x : 0.0);
}

/* The target's history is two dependent loads: start both ahead. */
static inline __attribute__((always_inline)) void prefetch_history(const ax_plastic *pl, const ax_syn_part *part,
                                                                   uint64_t q, uint64_t q_end)
{
    if (q + PF_HEAD < q_end)
        __builtin_prefetch(&pl->post[ax_syn_target(part, q + PF_HEAD)]);
    if (q + PF_RING < q_end) {
        const ax_post_hist *ahead = &pl->post[ax_syn_target(part, q + PF_RING)];
        __builtin_prefetch(ahead->ev + ((ahead->head + ahead->n - 1) & (ahead->cap - 1)));
    }
}

/* `stepped`: one delay, the post trace from c->y, the whole row into one ring slot. */
static inline __attribute__((always_inline)) void pair_row(const ax_network *net, const ax_projection_data *p, int k, uint32_t i,
                                                           const pair_ctx *c, double factor, ax_release *rel,
                                                           int kind, bool stepped)
{
    const ax_plastic *pl = p->plastic;
    ax_syn_part *part = &p->parts[k];
    const ax_population_data *to = net->pops[p->to];
    const size_t stride = (size_t)to->model->n_receptors * to->size, offset = (size_t)p->receptor * to->size;
    const uint32_t D = to->ring_slots, base = (uint32_t)(c->s % D);   /* delays are below D */
    double *one_slot = to->ring + ((base + p->delay_steps) % D) * stride + offset;
    const uint64_t q_end = part->row[i + 1];
    for (uint64_t q = part->row[i]; q < q_end; q++) {
        prefetch_history(pl, part, q, q_end);
        const uint32_t t = ax_syn_target(part, q), d = stepped ? p->delay_steps : ax_syn_delay(p, part, q);
        const float w = (float)pair_sum(c, &pl->post[t], t, d, part->weight[q], kind, stepped);
        part->weight[q] = w;
        if (!release_next(rel))
            continue;
        if (stepped) {
            one_slot[t] += w * factor;
        } else {
            uint32_t slot = base + d;
            slot = slot >= D ? slot - D : slot;
            to->ring[slot * stride + offset + t] += w * factor;
        }
    }
}

/* Gutig's dependence, or a source's first spike: the sequential steps. */
static void pair_steps_row(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, const pair_ctx *c,
                           double factor, ax_release *rel)
{
    const ax_plastic *pl = p->plastic;
    ax_syn_part *part = &p->parts[k];
    const ax_population_data *to = net->pops[p->to];
    const size_t stride = (size_t)to->model->n_receptors * to->size, offset = (size_t)p->receptor * to->size;
    const uint32_t D = to->ring_slots;
    const uint64_t q_end = part->row[i + 1];
    for (uint64_t q = part->row[i]; q < q_end; q++) {
        prefetch_history(pl, part, q, q_end);
        const uint32_t t = ax_syn_target(part, q), d = ax_syn_delay(p, part, q);
        const float w = (float)pair_steps(c, &pl->post[t], d, part->weight[q], pl->rule.weight);
        part->weight[q] = w;
        if (release_next(rel))
            to->ring[(size_t)((c->s + d) % D) * stride + offset + t] += w * factor;
    }
}

/* Thread k's row of source i for its spike of step s: spike pairs (any
 * dependence), Vogels or triplet (after the source's first spike), while
 * learning, without reward. */
void ax_pair_deliver(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, int64_t s, const ax_pre_state *old,
                     double factor)
{
    const ax_plastic *pl = p->plastic;
    const ax_plasticity *r = &pl->rule;
    pair_ctx c = {.pl = pl, .lo = current_to(old), .last = old->last, .s = s,
                  .a_plus = pl->rate * r->A_plus, .b_minus = pl->rate * r->A_minus, .k_plus = old->k_plus,
                  .dt = net->dt, .tau_p = tau_pre(r), .w_min = r->w_min, .w_max = r->w_max,
                  .span = r->w_max - r->w_min, .inv_span = 1.0 / (r->w_max - r->w_min), .dpre = pl->decay_pre,
                  .y = pl->y};
    ax_release rel;
    release_start(&rel, net, p, k, i, s);
    int kind = r->weight;
    if (r->timing == AX_STDP_VOGELS2011) {
        kind = VOGELS;
        c.a_plus = c.b_minus = pl->rate * r->eta;
        c.alpha = 2.0 * r->rho * r->tau * 1e-3;   /* rho in Hz, tau in ms */
    } else if (r->timing == AX_STDP_TRIPLET) {
        kind = TRIPLET;
        c.a_plus = c.b_minus = pl->rate;
        c.A2p = r->A2_plus, c.A3p = r->A3_plus, c.A2m = r->A2_minus, c.A3m = r->A3_minus;
        c.k_x = old->k_x * exp(-(double)(s - old->last) * net->dt / r->tau_x);
    } else if (r->weight == AX_STDP_GUTIG || old->last == NONE) {
        pair_steps_row(net, p, k, i, &c, factor, &rel);
        return;
    }
#define PAIR(KIND)                                                 \
    (pl->stepped ? pair_row(net, p, k, i, &c, factor, &rel, KIND, true) \
                 : pair_row(net, p, k, i, &c, factor, &rel, KIND, false))
    switch (kind) {
    case AX_STDP_ADDITIVE: PAIR(AX_STDP_ADDITIVE); break;
    case AX_STDP_MULTIPLICATIVE: PAIR(AX_STDP_MULTIPLICATIVE); break;
    case AX_STDP_ADD_POT_MULT_DEP: PAIR(AX_STDP_ADD_POT_MULT_DEP); break;
    case VOGELS: PAIR(VOGELS); break;
    default: PAIR(TRIPLET); break;
    }
#undef PAIR
}
