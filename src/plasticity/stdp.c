/*
 * stdp.c - spike-timing-dependent plasticity and Tsodyks-Markram
 * short-term plasticity on delivery (plasticity.h explains the storage
 * and the lazy update).
 *
 * Rules (ax_plasticity in axon.h): PyNN's SpikePairRule with its four
 * weight dependences, all-to-all or symmetric nearest-neighbour pairing;
 * Vogels et al. (2011)'s inhibitory rule; Pfister & Gerstner (2006)'s
 * triplet rule (all-to-all).  The sequence of operations at a presynaptic
 * spike is NEST's (stdp_synapse, vogels_sprekeler_synapse,
 * stdp_triplet_synapse, stdp_nn_symm_synapse), delays counted as
 * dendritic.  Tsodyks-Markram as NEST's tsodyks2_synapse / PyNN's
 * TsodyksMarkramSynapse: at each spike, after an interval h,
 *     x <- 1 + (x - u x - 1) exp(-h / tau_rec),
 *     u <- U + u (1 - U) exp(-h / tau_facil),
 * and the synapse delivers w u x (u starts at 0, x at 1, so the first
 * spike delivers w U).
 *
 * Spike-pair rows while learning go through pair.c's specialised loop;
 * the targets' histories and stepped traces are history.c's; what they
 * share is in steps.h.  Here: the rules, delivery of every other case,
 * flushes and catch-ups, the weights read back, the build.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "plasticity/steps.h"

ax_plasticity ax_plasticity_defaults(void)
{
    return (ax_plasticity){
        .timing = AX_STDP_SPIKE_PAIR, .pairing = AX_STDP_ALL_TO_ALL, .weight = AX_STDP_ADDITIVE,
        .tau_plus = 20.0, .tau_minus = 20.0, .A_plus = 0.01, .A_minus = 0.01,
        .w_min = 0.0, .w_max = 1.0, .mu_plus = 0.5, .mu_minus = 0.5,
        .tau = 20.0, .eta = 1e-10, .rho = 3.0,
        .w0 = 1.0, .alpha = 0.01, .window = 20.0, .y0 = 10.0, .tau_theta = 10000.0,
        .tau_x = 101.0, .tau_y = 125.0, .A2_plus = 5e-10, .A3_plus = 6.2e-3, .A2_minus = 7e-3, .A3_minus = 0.0,
        .reward = false, .tau_c = 1000.0, .modulator = 0,
        .tsodyks_markram = false, .U = 0.5, .tau_rec = 100.0, .tau_facil = 0.0,
        .release_probability = 1.0,
    };
}

ax_status ax_plasticity_validate(const ax_plasticity *r, char *msg, size_t len)
{
    if (!msg)
        len = 0;   /* the status alone */
    if (!r) {
        snprintf(msg, len, "no rule given (start from ax_plasticity_defaults())");
        return AX_ERR_ARGUMENT;
    }
#define NEED(cond, ...)                     \
    do {                                    \
        if (!(cond)) {                      \
            snprintf(msg, len, __VA_ARGS__); \
            return AX_ERR_ARGUMENT;         \
        }                                   \
    } while (0)
    NEED((unsigned)r->timing <= AX_STDP_EQUATIONS, "unknown timing rule %d", (int)r->timing);
    NEED(r->timing != AX_STDP_EQUATIONS || r->rule, "timing AX_STDP_EQUATIONS needs `rule`, the name of a rule "
         "defined with ax_plasticity_define_equations");
    NEED((unsigned)r->pairing <= AX_STDP_NEAREST, "unknown pairing %d", (int)r->pairing);
    NEED((unsigned)r->weight <= AX_STDP_GUTIG, "unknown weight dependence %d", (int)r->weight);
    NEED(r->release_probability >= 0 && r->release_probability <= 1,
         "release_probability = %g: must be in [0, 1]", r->release_probability);
    NEED(r->timing != AX_STDP_NONE || r->tsodyks_markram || r->release_probability < 1,
         "the rule changes nothing: give a timing rule, Tsodyks-Markram short-term plasticity or a "
         "release_probability below 1");
    const struct { const char *name; double v; bool positive; } nums[] = {
        {"tau_plus", r->tau_plus, true}, {"tau_minus", r->tau_minus, true}, {"A_plus", r->A_plus, false},
        {"A_minus", r->A_minus, false}, {"mu_plus", r->mu_plus, false}, {"mu_minus", r->mu_minus, false},
        {"tau", r->tau, true}, {"eta", r->eta, false}, {"rho", r->rho, false}, {"tau_x", r->tau_x, true},
        {"tau_y", r->tau_y, true}, {"A2_plus", r->A2_plus, false}, {"A3_plus", r->A3_plus, false},
        {"A2_minus", r->A2_minus, false}, {"A3_minus", r->A3_minus, false}, {"tau_rec", r->tau_rec, true},
        {"tau_facil", r->tau_facil, false}, {"tau_c", r->tau_c, true}, {"y0", r->y0, true},
        {"tau_theta", r->tau_theta, true},
        {"window", r->window, true},
    };
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++)
        NEED(isfinite(nums[k].v) && (nums[k].positive ? nums[k].v > 0 : nums[k].v >= 0), "%s = %g: must be %s",
             nums[k].name, nums[k].v, nums[k].positive ? "> 0 and finite" : ">= 0 and finite");
    NEED(isfinite(r->w_min) && isfinite(r->w_max) && r->w_min < r->w_max,
         "w_min = %g, w_max = %g: need finite bounds with w_min < w_max", r->w_min, r->w_max);
    NEED(r->timing != AX_STDP_VOGELS2011 || r->w_max > 0, "w_max = %g: the Vogels rule bounds |w| by w_max > 0",
         r->w_max);
    NEED(!r->tsodyks_markram || (r->U > 0 && r->U <= 1), "U = %g: must be in (0, 1]", r->U);
    NEED(isfinite(r->w0), "w0 = %g: must be finite", r->w0);
    NEED(r->alpha >= 0 && r->alpha <= 1, "alpha = %g: must be in [0, 1] (the fraction of the way to the target "
         "per spike)", r->alpha);
    NEED(!r->reward || r->timing == AX_STDP_SPIKE_PAIR, "reward-modulated STDP takes the spike_pair timing rule");
    NEED(r->timing == AX_STDP_EQUATIONS || !r->rule_params, "rule_params is for rules written as equations "
         "(timing AX_STDP_EQUATIONS)");
    return AX_OK;
#undef NEED
}

/* ---- weight steps ---- */

static double potentiate(const ax_plasticity *r, double w, double a) { return potentiate_as(r->weight, r, w, a); }
static double depress(const ax_plasticity *r, double w, double b) { return depress_as(r->weight, r, w, b); }

static double clip(double w, double lo, double hi) { return w < lo ? lo : w > hi ? hi : w; }

/* |w| changed by delta within [0, w_max], the sign kept (Vogels). */
static double magnitude_step(double w, double delta, double w_max)
{
    return copysign(clip(fabs(w) + delta, 0.0, w_max), w);
}

/* The change of a postsynaptic spike reaching the synapse when the pre
 * trace there is k_pre (and the slow post trace just before it k_y). */
static double at_post(const ax_plastic *pl, double w, double k_pre, double k_y)
{
    const ax_plasticity *r = &pl->rule;
    switch (r->timing) {
    case AX_STDP_SPIKE_PAIR: return potentiate(r, w, pl->rate * r->A_plus * k_pre);
    case AX_STDP_VOGELS2011: return magnitude_step(w, pl->rate * r->eta * k_pre, r->w_max);
    case AX_STDP_TRIPLET:
        return clip(w + pl->rate * k_pre * (r->A2_plus + r->A3_plus * k_y), r->w_min, r->w_max);
    default: return w;
    }
}

/* BCM at a postsynaptic spike with pre trace k_pre (spikes, tau_plus) and
 * the event e: the rates in Hz. */
static double bcm_step(const ax_plastic *pl, double w, double k_pre, const ax_post_event *e)
{
    const ax_plasticity *r = &pl->rule;
    double x = k_pre * 1000.0 / r->tau_plus, y = (e->k_minus - 1.0) * 1000.0 / r->tau_minus;
    return clip(w + pl->rate * r->eta * x * (y - e->theta), r->w_min, r->w_max);
}

/* The change of a presynaptic spike, with the post trace k_post and the
 * slow pre trace just before it k_x. */
static double at_pre(const ax_plastic *pl, double w, double k_post, double k_x)
{
    const ax_plasticity *r = &pl->rule;
    switch (r->timing) {
    case AX_STDP_SPIKE_PAIR: return depress(r, w, pl->rate * r->A_minus * k_post);
    case AX_STDP_VOGELS2011: {
        double alpha = 2.0 * r->rho * r->tau * 1e-3;   /* rho in Hz, tau in ms */
        w = magnitude_step(w, pl->rate * r->eta * k_post, r->w_max);
        return magnitude_step(w, -pl->rate * r->eta * alpha, r->w_max);
    }
    case AX_STDP_TRIPLET:
        return clip(w - pl->rate * k_post * (r->A2_minus + r->A3_minus * k_x), r->w_min, r->w_max);
    default: return w;
    }
}

/* ---- postsynaptic history ---- */

/* Anti-Hebbian: postsynaptic spikes reaching the synapse (step + d) in
 * [s - window, s). */
static int post_partners(const ax_post_hist *h, int64_t s, uint32_t d, int64_t window)
{
    int count = 0;
    for (uint32_t j = 0; j < h->n; j++) {
        int64_t a = h->ev[(h->head + j) % h->cap].step + d;
        count += a < s && a >= s - window;
    }
    return count;
}

/* ---- the synapse ---- */


/* The state of one synapse between events: its weight, its eligibility
 * (reward-modulated STDP) and what it needs to advance. */
typedef struct syn_ctx {
    const ax_network *net;
    const ax_plastic *pl;
    const ax_modulator_data *mod;           /* reward: the modulator and thread's copy of its history */
    const ax_modulator_history *mh;
    int64_t last;                /* the source's latest spike before this one */
    double k_plus;               /* the pre trace just after it */
    uint32_t d;                  /* delay (steps) */
    const ax_pre_state *pre;     /* the source's state before this spike */
    int k;                       /* the thread */
} syn_ctx;

/* Anti-Hebbian: the partners of a spike at step t among `times` (n, any
 * order): those in [t - window, t). */
static int partners(const int64_t *times, uint32_t n, int64_t t, int64_t window)
{
    int count = 0;
    for (uint32_t k = 0; k < n; k++)
        count += times[k] != INT64_MIN && times[k] < t && times[k] >= t - window;
    return count;
}

/* Reward: dw/dt = c d from step `from` to `to`, c decaying with tau_c and
 * d with tau_d between the modulator's jumps (exact: each piece is
 * c0 d0 tau' (1 - e^{-h/tau'}), 1/tau' = 1/tau_c + 1/tau_d); w clipped
 * after each piece (w is monotone within one). */
static void integrate(const syn_ctx *x, double *w, double *c, int64_t from, int64_t to)
{
    if (to <= from || from == NONE || !x->pl->on)
        return;   /* NONE: nothing happened yet, c = 0 */
    const ax_plasticity *r = &x->pl->rule;
    const double dt = x->net->dt, tc = r->tau_c, td = x->mod->tau_d, tp = 1.0 / (1.0 / tc + 1.0 / td);
    const ax_modulator_history *mh = x->mh;
    double d = ax_modulator_level_at(x->net, x->mod, mh, from);
    uint32_t j = 0;
    while (j < mh->n && mh->j[j].step <= from)
        j++;
    for (int64_t cur = from;;) {
        int64_t next = j < mh->n && mh->j[j].step < to ? mh->j[j].step : to;
        double h = (double)(next - cur) * dt;
        *w = clip(*w - *c * d * tp * expm1(-h / tp), r->w_min, r->w_max);
        *c *= exp(-h / tc);
        if (next == to)
            return;
        d = mh->j[j++].d;
        cur = next;
    }
}

/* Applies to the synapse the postsynaptic spikes of history h that reach
 * it (step + d) in (lo, hi]: potentiation of w, or for reward-modulated
 * STDP steps of c with the integration of dw = c d in between and up to
 * hi.  Counts the spikes as read when `count`. */
static void advance(const syn_ctx *x, ax_post_hist *h, double *w, double *c, int64_t lo, int64_t hi, bool count)
{
    const ax_plastic *pl = x->pl;
    const ax_plasticity *r = &pl->rule;
    const double dt = x->net->dt, tau = tau_pre(r);
    if (r->timing == AX_STDP_EQUATIONS) {
        *w = ax_eqr_advance(pl, x->k, h, *w, x->pre, lo, hi, x->d, count, dt);
        return;
    }
    int64_t cur = lo;
    /* the spikes that reached the synapse by lo are usually all but the latest few: find the first from the end */
    uint32_t first = h->n;
    while (first && event_at(h, first - 1)->step + x->d > lo)
        first--;
    for (uint32_t j = first; j < h->n; j++) {
        ax_post_event *e = event_at(h, j);
        int64_t arrival = e->step + x->d;
        if (arrival > hi)
            break;
        if (count)
            e->access++;
        double k_pre = x->last == NONE ? 0.0 : x->k_plus * decay_by(pl->decay_pre, arrival - x->last, dt, tau);
        if (r->reward) {
            integrate(x, w, c, cur, arrival);
            cur = arrival;
            if (pl->on)
                *c += pl->rate * r->A_plus * (r->w_max - r->w_min) * k_pre;
        } else if (r->timing == AX_STDP_ANTI_HEBBIAN) {
            /* pre-before-post pairs: target w0 / 2 each */
            int n = partners(x->pre->recent, AX_RECENT_PRE, arrival, llround(r->window / dt));
            if (pl->on)
                *w += pl->rate * r->alpha * (n * 0.5 * r->w0 - *w);
        } else if (r->timing == AX_STDP_BCM) {
            if (pl->on && x->last != NONE)
                *w = bcm_step(pl, *w, k_pre, e);
        } else if (pl->on && x->last != NONE) {
            *w = at_post(pl, *w, k_pre, e->k_y);
        }
    }
    if (r->reward)
        integrate(x, w, c, cur, hi);
}

/* What a source's synapses in thread k's part share (d is set per synapse). */
static syn_ctx context(const ax_network *net, const ax_plastic *pl, int k, const ax_pre_state *pre)
{
    syn_ctx x = {net, pl, NULL, NULL, pre->last, pre->k_plus, 0, pre, k};
    if (pl->rule.reward) {
        x.mod = net->mods[pl->rule.modulator];
        x.mh = &x.mod->hist[k];
    }
    return x;
}

/* After source i's spike of step s: its traces and latest spikes. */
static void finish_pre(const ax_plastic *pl, int k, ax_pre_state *pre, const ax_pre_state *old, int64_t s, double dt)
{
    const ax_plasticity *r = &pl->rule;
    if (r->timing == AX_STDP_EQUATIONS) {
        ax_eqr_finish_pre(pl, k, pre, old, s, dt);
        return;
    }
    if (r->timing == AX_STDP_ANTI_HEBBIAN) {
        memmove(pre->recent + 1, old->recent, (AX_RECENT_PRE - 1) * sizeof *pre->recent);
        pre->recent[0] = s;
    }
    if (r->timing != AX_STDP_NONE) {
        /* the first spike: both traces were 0 */
        double h = old->last == NONE ? INFINITY : (double)(s - old->last) * dt;
        pre->k_plus = r->pairing == AX_STDP_NEAREST ? 1.0 : old->k_plus * exp(-h / tau_pre(r)) + 1.0;
        pre->k_x = old->k_x * exp(-h / r->tau_x) + 1.0;
    }
    pre->last = s;
}

void ax_plastic_deliver_row(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, int64_t s)
{
    ax_plastic *pl = p->plastic;
    const ax_plasticity *r = &pl->rule;
    ax_pre_state *pre = &pl->pre[k][i];
    const ax_pre_state old = *pre;
    const double dt = net->dt;
    double factor = 1.0;
    if (r->tsodyks_markram) {
        double h = old.last == NONE ? INFINITY : (double)(s - old.last) * dt;
        double ud = r->tau_facil > 0 ? exp(-h / r->tau_facil) : 0.0;
        pre->x = 1.0 + (old.x - old.u * old.x - 1.0) * exp(-h / r->tau_rec);
        pre->u = r->U + old.u * (1.0 - r->U) * ud;
        factor = pre->u * pre->x;
    }
    const bool summed = r->timing == AX_STDP_SPIKE_PAIR ||
                        ((r->timing == AX_STDP_VOGELS2011 || r->timing == AX_STDP_TRIPLET) && old.last != NONE);
    if (summed && !r->reward && pl->on) {
        ax_pair_deliver(net, p, k, i, s, &old, factor);
        finish_pre(pl, k, pre, &old, s, dt);
        return;
    }
    if (r->timing == AX_STDP_EQUATIONS) {
        ax_eqr_deliver_row(net, p, k, i, s, &old, factor);
        finish_pre(pl, k, pre, &old, s, dt);
        return;
    }
    ax_syn_part *part = &p->parts[k];
    const ax_population_data *to = net->pops[p->to];
    const size_t stride = (size_t)to->model->n_receptors * to->size, offset = (size_t)p->receptor * to->size;
    const uint32_t D = to->ring_slots;
    const bool stdp = r->timing != AX_STDP_NONE;
    const int64_t lo = current_to(&old);
    /* the post trace at the pre spike: spike_pair, Vogels, triplet and reward depress with it */
    const bool uses_y = r->timing != AX_STDP_ANTI_HEBBIAN && r->timing != AX_STDP_BCM;
    syn_ctx x = context(net, pl, k, &old);
    double k_x = old.last == NONE ? 0.0 : old.k_x * exp(-(double)(s - old.last) * dt / r->tau_x);
    float *elig = r->reward ? pl->elig[k] : NULL;
    ax_release rel;
    release_start(&rel, net, p, k, i, s);
    const uint64_t q_end = part->row[i + 1];
    for (uint64_t q = part->row[i]; q < q_end; q++) {
        uint32_t t = ax_syn_target(part, q), d = ax_syn_delay(p, part, q);
        double w = part->weight[q];
        /* each synapse's target history is two dependent cache misses: start both ahead */
        if (stdp && q + 8 < q_end)
            __builtin_prefetch(&pl->post[ax_syn_target(part, q + 8)]);
        if (stdp && q + 4 < q_end) {
            const ax_post_hist *ahead = &pl->post[ax_syn_target(part, q + 4)];
            if (ahead->n)
                __builtin_prefetch(ahead->ev + ahead->head);
        }
        if (stdp) {
            ax_post_hist *h = &pl->post[t];
            double c = elig ? elig[q] : 0.0, y = uses_y && pl->on ? post_trace(pl, h, s - d, dt) : 0.0;
            x.d = d;
            advance(&x, h, &w, &c, lo, s, true);
            if (elig && pl->on)
                c -= pl->rate * r->A_minus * (r->w_max - r->w_min) * y;
            else if (r->timing == AX_STDP_ANTI_HEBBIAN && pl->on)
                w += pl->rate * r->alpha * (2.0 * r->w0 * post_partners(h, s, d, llround(r->window / dt)) - w);
            else if (pl->on)
                w = at_pre(pl, w, y, k_x);
            if (elig)
                elig[q] = (float)c;
            part->weight[q] = (float)w;
            w = part->weight[q];
        }
        if (release_next(&rel))
            to->ring[(size_t)((s + d) % D) * stride + offset + t] += w * factor;
    }
    finish_pre(pl, k, pre, &old, s, dt);
}

/* Brings the synapses of source i in thread k's part of p up to step `now`. */
static void flush_row(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, int64_t now)
{
    ax_plastic *pl = p->plastic;
    ax_syn_part *part = &p->parts[k];
    float *elig = pl->rule.reward ? pl->elig[k] : NULL;
    ax_pre_state *pre = &pl->pre[k][i];
    int64_t lo = current_to(pre);
    syn_ctx x = context(net, pl, k, pre);
    for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++) {
        uint32_t t = ax_syn_target(part, q);
        x.d = ax_syn_delay(p, part, q);
        double w = part->weight[q], c = elig ? elig[q] : 0.0;
        advance(&x, &pl->post[t], &w, &c, lo, now, true);
        part->weight[q] = (float)w;
        if (elig)
            elig[q] = (float)c;
    }
    pre->upto = now;
}

/* Brings thread k's synapses of p up to step `now`. */
static void flush_part(const ax_network *net, ax_projection_data *p, int k, int64_t now)
{
    ax_plastic *pl = p->plastic;
    if (now <= pl->flushed[k])
        return;
    for (uint32_t i = 0; i < pl->n_from; i++)
        flush_row(net, p, k, i, now);
    pl->flushed[k] = now;
}

/* The period of a catch-up or flush of `ms`, in steps, a multiple of the window. */
static int64_t period_steps(const ax_network *net, double ms)
{
    int64_t every = llround(ms / net->dt);
    return (every + net->window - 1) / net->window * net->window;
}

void ax_plastic_catch_up(const ax_network *net, int k, int64_t w1)
{
    const int64_t every = period_steps(net, AX_CATCH_UP_MS), now = w1 - 1;
    if (w1 % every)
        return;
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        ax_plastic *pl = p->plastic;
        if (!pl || pl->rule.timing == AX_STDP_NONE || pl->rule.reward)
            continue;   /* reward-modulated projections are flushed whole (ax_reward_periodic) */
        for (uint32_t i = 0; i < pl->n_from; i++) {
            ax_pre_state *pre = &pl->pre[k][i];
            if (current_to(pre) < now - every)
                flush_row(net, p, k, i, now);
        }
    }
}

uint64_t ax_plastic_bytes(const ax_projection_data *p)
{
    const ax_plastic *pl = p->plastic;
    if (!pl || !pl->pre || !p->parts)
        return 0;
    uint64_t b = (uint64_t)pl->threads * pl->n_from * sizeof(ax_pre_state) +
                 (uint64_t)pl->n_to * (sizeof(ax_post_hist) + sizeof *pl->n_in);
    for (uint32_t t = 0; t < pl->n_to; t++)
        b += (uint64_t)pl->post[t].cap * sizeof(ax_post_event);
    b += 2 * AX_DECAY_STEPS * sizeof(double);
    for (int k = 0; pl->rule.reward && k < pl->threads; k++)
        b += p->parts[k].n * sizeof **pl->elig;
    if (pl->stepped) {
        b += (uint64_t)pl->n_to * sizeof *pl->y;
        for (int k = 0; k < pl->threads; k++)
            b += pl->queue[k].cap * sizeof *pl->queue[k].at;
    }
    if (pl->eqr)
        b += ax_eqr_bytes(pl, pl->threads);
    return b;
}

void ax_plastic_flush(const ax_network *net, ax_projection_data *p, int64_t now)
{
    if (!p->plastic || !p->parts || p->plastic->rule.timing == AX_STDP_NONE)
        return;
    for (int k = 0; k < net->threads; k++)
        flush_part(net, p, k, now);
}

void ax_reward_periodic(const ax_network *net, int k, int64_t w1)
{
    if (w1 % period_steps(net, AX_REWARD_FLUSH_MS))
        return;
    int64_t oldest = w1 - 1;   /* every spike step before w1 has been delivered */
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        if (p->plastic && p->plastic->rule.reward) {
            flush_part(net, p, k, w1 - 1);
            if (p->plastic->flushed[k] < oldest)
                oldest = p->plastic->flushed[k];
        }
    }
    ax_modulator_prune(net, k, oldest);
}

double ax_plastic_weight(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, uint64_t q, int64_t now)
{
    const ax_plastic *pl = p->plastic;
    const ax_syn_part *part = &p->parts[k];
    double w = part->weight[q], c = pl->rule.reward ? pl->elig[k][q] : 0.0;
    if (pl->rule.timing == AX_STDP_NONE)
        return w;
    const ax_pre_state *pre = &pl->pre[k][i];
    uint32_t t = ax_syn_target(part, q);
    syn_ctx x = context(net, pl, k, pre);
    x.d = ax_syn_delay(p, part, q);
    advance(&x, &pl->post[t], &w, &c, current_to(pre), now - 1, false);   /* step now - 1 ends at time now */
    return (float)w;
}

/* ---- build ---- */

bool ax_plastic_steppable(const ax_plastic *pl, bool fixed_delay)
{
    const ax_plasticity *r = &pl->rule;
    return (r->timing == AX_STDP_SPIKE_PAIR || r->timing == AX_STDP_VOGELS2011 || r->timing == AX_STDP_TRIPLET ||
            (r->timing == AX_STDP_EQUATIONS && ax_eqr_steppable(pl))) &&
           !r->reward && fixed_delay;
}

ax_status ax_plastic_build(ax_network *net, ax_projection_data *p)
{
    ax_plastic *pl = p->plastic;
    const ax_plasticity *r = &pl->rule;
    const ax_population_data *from = net->pops[p->from], *to = net->pops[p->to];
    pl->threads = net->threads;
    pl->n_from = from->size;
    pl->n_to = to->size;
    pl->max_delay = p->max_delay;
    pl->flushed = malloc((size_t)net->threads * sizeof *pl->flushed);
    pl->elig = calloc((size_t)net->threads, sizeof *pl->elig);
    pl->pre = calloc((size_t)net->threads, sizeof *pl->pre);
    pl->post = calloc(to->size, sizeof *pl->post);
    pl->n_in = calloc(to->size, sizeof *pl->n_in);
    if (r->reward && r->modulator >= net->n_mods)
        return ax_fail(net, AX_ERR_ARGUMENT, "plastic projection %s -> %s: modulator handle %u does not exist",
                       from->name, to->name, r->modulator);
    pl->stepped = ax_plastic_steppable(pl, p->fixed_delay);
    if (pl->stepped) {
        pl->y = calloc(to->size ? to->size : 1, sizeof *pl->y);
        pl->y_at = calloc((size_t)net->threads, sizeof *pl->y_at);
        pl->queue = calloc((size_t)net->threads, sizeof *pl->queue);
        if (!pl->y || !pl->y_at || !pl->queue)
            return ax_fail(net, AX_ERR_MEMORY, "plastic projection %s -> %s: out of memory", from->name, to->name);
    }
    if (r->timing == AX_STDP_EQUATIONS && ax_eqr_build(pl, net->threads, net->dt))
        return ax_fail(net, AX_ERR_MEMORY, "plastic projection %s -> %s: out of memory", from->name, to->name);
    pl->decay_pre = malloc(AX_DECAY_STEPS * sizeof *pl->decay_pre);
    pl->decay_post = tau_post(r) == tau_pre(r) ? pl->decay_pre : malloc(AX_DECAY_STEPS * sizeof *pl->decay_post);
    if (!pl->pre || !pl->post || !pl->n_in || !pl->flushed || !pl->elig || !pl->decay_pre || !pl->decay_post)
        return ax_fail(net, AX_ERR_MEMORY, "plastic projection %s -> %s: out of memory", from->name, to->name);
    for (int n = 0; n < AX_DECAY_STEPS; n++) {
        pl->decay_pre[n] = exp(-n * net->dt / tau_pre(r));
        pl->decay_post[n] = exp(-n * net->dt / tau_post(r));
    }
    for (int k = 0; k < net->threads; k++) {
        if (!(pl->pre[k] = malloc((size_t)from->size * sizeof **pl->pre)))
            return ax_fail(net, AX_ERR_MEMORY, "plastic projection %s -> %s: out of memory", from->name, to->name);
        const ax_syn_part *part = &p->parts[k];
        if (r->reward && part->n && !(pl->elig[k] = calloc(part->n, sizeof **pl->elig)))
            return ax_fail(net, AX_ERR_MEMORY, "plastic projection %s -> %s: out of memory", from->name, to->name);
        for (uint32_t i = 0; i < from->size; i++)
            for (uint64_t q = part->row[i]; q < part->row[i + 1]; q++) {
                uint32_t t = ax_syn_target(part, q);
                double w = part->weight[q];
                pl->n_in[t]++;
                bool ok = r->timing == AX_STDP_NONE || r->timing == AX_STDP_ANTI_HEBBIAN || r->timing == AX_STDP_EQUATIONS ||
                          (r->timing == AX_STDP_VOGELS2011 ? true
                                                           : w >= (float)r->w_min && w <= (float)r->w_max);
                ok = ok && (r->timing != AX_STDP_VOGELS2011 || fabs(w) <= (float)r->w_max);
                if (!ok)
                    return ax_fail(net, AX_ERR_ARGUMENT,
                                   "plastic projection %s -> %s: synapse %u -> %u has weight %g, outside %s [%g, %g]",
                                   from->name, to->name, i, t, w,
                                   r->timing == AX_STDP_VOGELS2011 ? "|w| in" : "the bounds", 
                                   r->timing == AX_STDP_VOGELS2011 ? 0.0 : r->w_min, r->w_max);
            }
    }
    ax_plastic_clear(net, p);
    return AX_OK;
}

void ax_plastic_free(ax_plastic *pl)
{
    if (!pl)
        return;
    ax_plastic_unbuild(pl);
    ax_eqr_free(pl);
    free(pl);
}

/* Frees what the build made (a failed build may be retried). */
void ax_plastic_unbuild(ax_plastic *pl)
{
    ax_plasticity rule = pl->rule;
    bool on = pl->on;
    double rate = pl->rate;
    /* what ax_eqr_attach made when the projection was declared stays */
    const struct eq_rule *eqr = pl->eqr;
    double *eq_params = pl->eq_params, eq_rate[4];
    char *eq_rule_params = pl->eq_rule_params;
    struct eq_scalar *eq_code = pl->eq_code;
    bool eq_has[6], eq_reads_pre[2], eq_reads_post[2];
    memcpy(eq_rate, pl->eq_rate, sizeof eq_rate);
    memcpy(eq_has, pl->eq_has, sizeof eq_has);
    memcpy(eq_reads_pre, pl->eq_reads_pre, sizeof eq_reads_pre);
    memcpy(eq_reads_post, pl->eq_reads_post, sizeof eq_reads_post);
    ax_eqr_release(pl);
    for (int k = 0; k < pl->threads; k++) {
        if (pl->pre)
            free(pl->pre[k]);
        if (pl->elig)
            free(pl->elig[k]);
        if (pl->w_initial)
            free(pl->w_initial[k]);
    }
    free(pl->w_initial);
    free(pl->pre);
    free(pl->elig);
    free(pl->flushed);
    for (uint32_t j = 0; pl->post && j < pl->n_to; j++)
        free(pl->post[j].ev);
    free(pl->post);
    free(pl->n_in);
    for (int k = 0; pl->queue && k < pl->threads; k++)
        free(pl->queue[k].at);
    free(pl->queue);
    free(pl->y);
    free(pl->y_at);
    if (pl->decay_post != pl->decay_pre)
        free(pl->decay_post);
    free(pl->decay_pre);
    memset(pl, 0, sizeof *pl);
    pl->rule = rule;
    pl->on = on;
    pl->rate = rate;
    pl->eqr = eqr;
    pl->eq_params = eq_params;
    pl->eq_rule_params = eq_rule_params;
    pl->eq_code = eq_code;
    memcpy(pl->eq_rate, eq_rate, sizeof eq_rate);
    memcpy(pl->eq_has, eq_has, sizeof eq_has);
    memcpy(pl->eq_reads_pre, eq_reads_pre, sizeof eq_reads_pre);
    memcpy(pl->eq_reads_post, eq_reads_post, sizeof eq_reads_post);
}
