/*
 * equations.c - plasticity rules written as equations (equations/rule.c)
 * in the engine of the built-in rules: the pre traces live in the
 * source's ax_pre_state (k_plus, k_x: the values just after its latest
 * spike), the post traces in each event of the target's history (k_minus,
 * k_y: the values just after that spike); between spikes each decays by
 * exp(-rate h), from a table for the usual lags.  stdp.c and history.c
 * call these where the built-in rules take their steps, so delivery stays
 * lazy: a synapse applies the post spikes that reached it since its
 * previous presynaptic spike (on_post), in time order, then this spike
 * (on_pre).  When a projection takes the rule its parameters are folded
 * into the trees, which are compiled to postfix code over five slots
 * (pre 0, pre 1, post 0, post 1, w: equations/scalar.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "equations/program.h"
#include "equations/rule.h"
#include "equations/scalar.h"
#include "plasticity/steps.h"

enum { SLOT_PRE = 0, SLOT_POST = 2, SLOT_W = 4, N_SLOTS = 5 };
enum { CODE_W_PRE = 0, CODE_W_POST = 1, CODE_TRACE = 2, N_CODE = 6 };

/* Trace k's decay over n >= 0 steps. */
static inline double decay(const ax_plastic *pl, int k, int64_t n, double dt)
{
    return (uint64_t)n < AX_DECAY_STEPS ? pl->eq_decay[k][n] : exp(-pl->eq_rate[k] * (double)n * dt);
}

static inline __attribute__((always_inline)) void pre_at(const ax_plastic *pl, const ax_pre_state *old, int64_t t,
                                                          double dt, double out[2])
{
    out[0] = out[1] = 0.0;
    if (old->last == NONE)
        return;
    uint32_t n = pl->eqr->n_pre;
    if (n > 0)
        out[0] = old->k_plus * decay(pl, 0, t - old->last, dt);
    if (n > 1)
        out[1] = old->k_x * decay(pl, 1, t - old->last, dt);
}

void ax_eqr_pre_at(const ax_plastic *pl, const ax_pre_state *old, int64_t t, double dt, double out[2])
{
    pre_at(pl, old, t, dt, out);
}

/* The post traces of event e carried to step t (>= its step). */
static inline void post_from(const ax_plastic *pl, const ax_post_event *e, int64_t t, double dt, double out[2])
{
    uint32_t n = pl->eqr->n_post;
    out[0] = n > 0 ? e->k_minus * decay(pl, EQ_RULE_MAX_TRACES, t - e->step, dt) : 0.0;
    out[1] = n > 1 ? e->k_y * decay(pl, EQ_RULE_MAX_TRACES + 1, t - e->step, dt) : 0.0;
}

void ax_eqr_post_at(const ax_plastic *pl, const ax_post_hist *h, int64_t t, double dt, double out[2])
{
    for (uint32_t j = h->n; j-- > 0;) {
        const ax_post_event *e = event_at(h, j);
        if (e->step < t) {
            post_from(pl, e, t, dt, out);
            return;
        }
    }
    if (h->base.step != NONE && h->base.step < t) {
        post_from(pl, &h->base, t, dt, out);
        return;
    }
    out[0] = out[1] = 0.0;
}

void ax_eqr_post_before(const ax_plastic *pl, const ax_post_hist *h, uint32_t j, double dt, double out[2])
{
    const ax_post_event *prev = j ? event_at(h, j - 1) : &h->base;
    if (prev->step == NONE) {
        out[0] = out[1] = 0.0;
        return;
    }
    post_from(pl, prev, event_at(h, j)->step, dt, out);
}

/* Program c with the slots set, on thread k's register file for it. */
static inline double eval(const ax_plastic *pl, int k, int c, double pre0, double pre1, double post0, double post1,
                          double w)
{
    double *r = pl->eq_regs[k] + (size_t)c * EQ_SCALAR_REGS;
    r[SLOT_PRE] = pre0;
    r[SLOT_PRE + 1] = pre1;
    r[SLOT_POST] = post0;
    r[SLOT_POST + 1] = post1;
    r[SLOT_W] = w;
    return eq_scalar_eval(&pl->eq_code[c], r);
}

static inline double step_w(const ax_plastic *pl, int k, int which, double w, const double pre[2],
                            const double post[2])
{
    if (!pl->on || !pl->eq_has[which])
        return w;
    double nw = eval(pl, k, which, pre[0], pre[1], post[0], post[1], w);
    return pl->rate == 1.0 ? nw : w + pl->rate * (nw - w);
}

double ax_eqr_advance(const ax_plastic *pl, int k, ax_post_hist *h, double w, const ax_pre_state *old, int64_t lo,
                      int64_t hi, uint32_t d, bool count, double dt)
{
    uint32_t first = h->n;
    while (first && event_at(h, first - 1)->step + d > lo)
        first--;
    double pre[2], post[2];
    for (uint32_t j = first; j < h->n; j++) {
        ax_post_event *e = event_at(h, j);
        int64_t arrival = e->step + d;
        if (arrival > hi)
            break;
        if (count)
            e->access++;
        pre_at(pl, old, arrival, dt, pre);
        ax_eqr_post_before(pl, h, j, dt, post);
        w = step_w(pl, k, CODE_W_POST, w, pre, post);
    }
    return w;
}

void ax_eqr_finish_pre(const ax_plastic *pl, int k, ax_pre_state *pre, const ax_pre_state *old, int64_t s, double dt)
{
    double b[2];
    ax_eqr_pre_at(pl, old, s, dt, b);
    pre->k_plus = pl->eq_has[CODE_TRACE] ? eval(pl, k, CODE_TRACE, b[0], b[1], 0.0, 0.0, 0.0) : b[0];
    pre->k_x = pl->eq_has[CODE_TRACE + 1] ? eval(pl, k, CODE_TRACE + 1, b[0], b[1], 0.0, 0.0, 0.0) : b[1];
    pre->last = s;
}

void ax_eqr_post_event(const ax_plastic *pl, int k, const ax_post_event *prev, ax_post_event *e, double dt)
{
    double b[2] = {0.0, 0.0};
    if (prev->step != NONE)
        post_from(pl, prev, e->step, dt, b);
    e->k_minus = pl->eq_has[CODE_TRACE + 2] ? eval(pl, k, CODE_TRACE + 2, 0.0, 0.0, b[0], b[1], 0.0) : b[0];
    e->k_y = pl->eq_has[CODE_TRACE + 3] ? eval(pl, k, CODE_TRACE + 3, 0.0, 0.0, b[0], b[1], 0.0) : b[1];
}

/* The rule's trees with this projection's parameters folded in, compiled. */
static ax_status compile(ax_network *net, ax_plastic *pl, eq_rule *r)
{
    int slot[EQ_MAX_SYMBOLS];
    for (uint32_t s = 0; s < EQ_MAX_SYMBOLS; s++)
        slot[s] = -1;
    for (uint32_t t = 0; t < 2 * EQ_RULE_MAX_TRACES; t++)
        if ((t < EQ_RULE_MAX_TRACES ? t < r->n_pre : t - EQ_RULE_MAX_TRACES < r->n_post))
            slot[r->trace_sym[t]] = (int)t;
    slot[r->w_sym] = SLOT_W;
    int32_t trees[N_CODE] = {r->w_new[0], r->w_new[1], r->trace_new[0], r->trace_new[1], r->trace_new[2],
                             r->trace_new[3]};
    int32_t folded[N_CODE];
    pl->eq_code = malloc(N_CODE * sizeof *pl->eq_code);
    if (!pl->eq_code)
        return ax_fail(net, AX_ERR_MEMORY, "connect plastic: out of memory");
    for (int c = 0; c < N_CODE; c++) {
        pl->eq_has[c] = trees[c] >= 0;
        if (!pl->eq_has[c])
            continue;
        int32_t t = trees[c];
        for (uint32_t s = 0; s < r->m.n_syms && t >= 0; s++) {
            uint8_t kind = r->m.syms[s].kind;
            if ((kind == S_PARAM || kind == S_DT || kind == S_CONST) && eq_depends(&r->m, t, s))
                t = eq_substitute(&r->m, t, s, eq_num(&r->m, pl->eq_params[s]));
        }
        if (t < 0)
            return ax_fail(net, AX_ERR_MEMORY, "connect plastic: out of memory");
        if (eq_scalar_compile(&r->m, t, slot, N_SLOTS, &pl->eq_code[c]))
            return ax_fail(net, AX_ERR_ARGUMENT, "connect plastic: rule %s: an expression is too large (at most "
                           "%d operations and %d registers)", r->name, EQ_SCALAR_MAX_CODE, EQ_SCALAR_REGS);
        folded[c] = t;
        if (c < 2) {
            for (uint32_t u = 0; u < 2 * EQ_RULE_MAX_TRACES; u++) {
                bool present = u < EQ_RULE_MAX_TRACES ? u < r->n_pre : u - EQ_RULE_MAX_TRACES < r->n_post;
                if (present && eq_depends(&r->m, t, r->trace_sym[u])) {
                    if (u < EQ_RULE_MAX_TRACES)
                        pl->eq_reads_pre[c] = true;
                    else
                        pl->eq_reads_post[c] = true;
                }
            }
        }
    }
    /* the new w as block programs, for whole rows (ax_eqr_deliver_row) */
    bool per_neuron = false;
    ax_population_view view = {.dt = net->dt, .per_neuron = &per_neuron};
    eq_compile_env *env = calloc(1, sizeof *env);
    if (!env)
        return ax_fail(net, AX_ERR_MEMORY, "connect plastic: out of memory");
    env->p = &view;
    for (uint32_t s = 0; s < r->m.n_syms; s++)
        if (slot[s] >= 0)
            env->sym[s] = (eq_operand){EQ_K_PTR, (uint16_t)slot[s]};
    env->derived_slot = N_SLOTS;
    char msg[300];
    for (int c = 0; c < 2; c++) {
        /* on_pre reads the pre traces of this spike, the same for the whole
         * row: scalars[1], [2], not lanes */
        for (uint32_t t = 0; t < EQ_RULE_MAX_TRACES && t < r->n_pre; t++)
            env->sym[r->trace_sym[t]] = c == CODE_W_PRE ? (eq_operand){EQ_K_SCALAR, (uint16_t)(1 + t)}
                                                        : (eq_operand){EQ_K_PTR, (uint16_t)(SLOT_PRE + t)};
        if (pl->eq_has[c] && !(pl->eq_block[c] = eq_program_compile(&r->m, env, &folded[c], 1, msg, sizeof msg))) {
            free(env);
            return ax_fail(net, strstr(msg, "out of memory") ? AX_ERR_MEMORY : AX_ERR_ARGUMENT, "connect plastic: "
                           "rule %s: %s", r->name, msg);
        }
    }
    free(env);
    return AX_OK;
}

ax_status ax_eqr_attach(ax_network *net, ax_plastic *pl)
{
    const ax_plasticity *rule = &pl->rule;
    /* the rule's node array grows by the folded trees: only here, before
     * the build, on one thread */
    eq_rule *r = (eq_rule *)eq_rule_find(net, rule->rule);
    if (!r) {
        char list[400] = "";
        const ax_core *core = ax_core_of(net);
        for (uint32_t k = 0; k < core->n_rules; k++) {
            ax_append(list, sizeof list, k ? ", " : "");
            ax_append(list, sizeof list, ((const eq_rule *)core->rules[k])->name);
        }
        return ax_fail(net, AX_ERR_ARGUMENT, "connect plastic: rule '%s' is not defined on this network (%s%s)",
                       rule->rule ? rule->rule : "(null)", list[0] ? "rules: " : "define it with "
                       "ax_plasticity_define_equations first", list);
    }
    pl->eqr = r;
    pl->eq_params = malloc(EQ_MAX_SYMBOLS * sizeof *pl->eq_params);
    if (!pl->eq_params)
        return ax_fail(net, AX_ERR_MEMORY, "connect plastic: out of memory");
    char msg[800];
    if (eq_rule_values(r, rule->rule_params, net->dt, pl->eq_params, msg, sizeof msg))
        return ax_fail(net, AX_ERR_ARGUMENT, "connect plastic: %s", msg);
    for (int t = 0; t < 2 * EQ_RULE_MAX_TRACES; t++) {
        pl->eq_rate[t] = r->rate[t] >= 0 ? eq_eval(&r->m, r->rate[t], pl->eq_params) : 0.0;
        if (!(pl->eq_rate[t] >= 0) || !isfinite(pl->eq_rate[t]))
            return ax_fail(net, AX_ERR_ARGUMENT, "connect plastic: trace '%s' of rule %s decays at %g per ms with "
                           "these parameters: must be finite and >= 0", r->m.syms[r->trace_sym[t]].name, r->name,
                           pl->eq_rate[t]);
    }
    return compile(net, pl, r);
}

void ax_eqr_release(ax_plastic *pl)
{
    for (int k = 0; pl->eq_regs && k < pl->threads; k++)
        free(pl->eq_regs[k]);
    free(pl->eq_regs);
    pl->eq_regs = NULL;
    for (int t = 0; t < 4; t++) {
        bool shared = false;
        for (int u = 0; u < t; u++)
            shared |= pl->eq_decay[u] == pl->eq_decay[t];
        if (!shared)
            free(pl->eq_decay[t]);
    }
    memset(pl->eq_decay, 0, sizeof pl->eq_decay);
}

void ax_eqr_free(ax_plastic *pl)
{
    ax_eqr_release(pl);
    for (int c = 0; c < 2; c++) {
        eq_program_free(pl->eq_block[c]);
        pl->eq_block[c] = NULL;
    }
    free(pl->eq_code);
    free(pl->eq_params);
    free(pl->eq_rule_params);
    pl->eq_code = NULL;
    pl->eq_params = NULL;
    pl->eq_rule_params = NULL;
}

int ax_eqr_build(ax_plastic *pl, int threads, double dt)
{
    if (!(pl->eq_regs = calloc((size_t)threads, sizeof *pl->eq_regs)))
        return -1;
    for (int k = 0; k < threads; k++) {
        if (!(pl->eq_regs[k] = calloc(N_CODE * EQ_SCALAR_REGS, sizeof **pl->eq_regs)))
            return -1;
        for (int c = 0; c < N_CODE; c++)
            if (pl->eq_has[c])
                eq_scalar_prepare(&pl->eq_code[c], pl->eq_regs[k] + (size_t)c * EQ_SCALAR_REGS);
    }
    for (int t = 0; t < 4; t++) {
        for (int u = 0; u < t && !pl->eq_decay[t]; u++)
            if (pl->eq_rate[u] == pl->eq_rate[t])
                pl->eq_decay[t] = pl->eq_decay[u];
        if (pl->eq_decay[t])
            continue;
        if (!(pl->eq_decay[t] = malloc(AX_DECAY_STEPS * sizeof *pl->eq_decay[t])))
            return -1;
        for (int n = 0; n < AX_DECAY_STEPS; n++)
            pl->eq_decay[t][n] = exp(-pl->eq_rate[t] * n * dt);
    }
    return 0;
}

/* ---- the stepped post trace ---- */

bool ax_eqr_steppable(const ax_plastic *pl) { return pl->eqr->n_post == 1; }

double ax_eqr_step_decay(const ax_plastic *pl) { return pl->eq_decay[EQ_RULE_MAX_TRACES][1]; }

double ax_eqr_step_spike(const ax_plastic *pl, int k, double before)
{
    return pl->eq_has[CODE_TRACE + 2] ? eval(pl, k, CODE_TRACE + 2, 0.0, 0.0, before, 0.0, 0.0) : before;
}

/* ---- whole rows, 64 synapses at a time ---- */

typedef struct lanes {
    double w[EQ_BLOCK], in[N_SLOTS][EQ_BLOCK], packed_w[EQ_BLOCK];
    double regs[EQ_MAX_REGS][EQ_BLOCK];
    uint32_t first[EQ_BLOCK], count[EQ_BLOCK], target[EQ_BLOCK], delay[EQ_BLOCK];
} lanes;

static _Thread_local lanes tls_lanes;

/* on_pre's block program over n lanes (post traces in L->in, w in L->w,
 * updated; the pre traces, one for the row, as scalars). */
static void run_on_pre(const ax_plastic *pl, lanes *L, uint32_t n, const double pre[2])
{
    const double *ptr[N_SLOTS] = {L->in[0], L->in[1], L->in[2], L->in[3], L->w};
    const double scalars[3] = {0.0, pre[0], pre[1]};
    const eq_program *pr = pl->eq_block[CODE_W_PRE];
    eq_program_run(pr, ptr, scalars, n, L->regs);
    const double *nw = L->regs[pr->out[0]];
    const double rate = pl->rate;
    if (rate == 1.0) {
        memcpy(L->w, nw, n * sizeof *nw);
        return;
    }
    for (uint32_t j = 0; j < n; j++)
        L->w[j] += rate * (nw[j] - L->w[j]);
}

/* Block program c over the first n lanes, w in L->packed_w (updated). */
static void run_packed(const ax_plastic *pl, lanes *L, int c, uint32_t n)
{
    const double *ptr[N_SLOTS] = {L->in[0], L->in[1], L->in[2], L->in[3], L->packed_w};
    double t = 0.0;
    const eq_program *pr = pl->eq_block[c];
    eq_program_run(pr, ptr, &t, n, L->regs);
    const double *nw = L->regs[pr->out[0]];
    const double rate = pl->rate;
    if (rate == 1.0) {
        memcpy(L->packed_w, nw, n * sizeof *nw);
        return;
    }
    for (uint32_t j = 0; j < n; j++)
        L->packed_w[j] += rate * (nw[j] - L->packed_w[j]);
}

void ax_eqr_deliver_row(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, int64_t s,
                        const ax_pre_state *old, double factor)
{
    const ax_plastic *pl = p->plastic;
    ax_syn_part *part = &p->parts[k];
    const ax_population_data *to = net->pops[p->to];
    const size_t stride = (size_t)to->model->n_receptors * to->size, offset = (size_t)p->receptor * to->size;
    const uint32_t D = to->ring_slots, base = (uint32_t)(s % D);
    const double dt = net->dt;
    const int64_t lo = current_to(old);
    const bool learn = pl->on, on_post = learn && pl->eq_has[CODE_W_POST], on_pre = learn && pl->eq_has[CODE_W_PRE];
    const bool reads_pre = pl->eq_reads_pre[CODE_W_POST], reads_post = pl->eq_reads_post[CODE_W_POST];
    const bool pre_reads_post = on_pre && pl->eq_reads_post[CODE_W_PRE];
    double pre_s[2];
    pre_at(pl, old, s, dt, pre_s);
    ax_release rel;
    release_start(&rel, net, p, k, i, s);
    lanes *L = &tls_lanes;
    double *restrict pre0 = L->in[SLOT_PRE], *restrict pre1 = L->in[SLOT_PRE + 1];
    double *restrict post0 = L->in[SLOT_POST], *restrict post1 = L->in[SLOT_POST + 1];
    /* the source's state, in locals (the stores to the histories could alias them) */
    const int64_t last = old->last;
    const bool has_last = last != NONE;
    const double k_plus = old->k_plus, k_x = old->k_x, rate_pre0 = pl->eq_rate[0];
    const double *d_pre0 = pl->eq_decay[0];
    const uint32_t n_pre = pl->eqr->n_pre;
    if (!reads_pre)
        for (uint32_t j = 0; j < EQ_BLOCK; j++)
            pre0[j] = pre1[j] = 0.0;
    const uint64_t q_end = part->row[i + 1];
    for (uint64_t q0 = part->row[i]; q0 < q_end; q0 += EQ_BLOCK) {
        const uint32_t n = (uint32_t)(q_end - q0 < EQ_BLOCK ? q_end - q0 : EQ_BLOCK);
        uint32_t rounds = 0;
        for (uint32_t j = 0; j < n; j++) {
            const uint64_t q = q0 + j;
            /* each synapse's target history is two dependent cache misses: start both ahead */
            if (q + 16 < q_end)
                __builtin_prefetch(&pl->post[ax_syn_target(part, q + 16)]);
            if (q + 8 < q_end) {
                const ax_post_hist *ahead = &pl->post[ax_syn_target(part, q + 8)];
                __builtin_prefetch(ahead->ev + ((ahead->head + ahead->n - 1) & (ahead->cap - 1)));
            }
            const uint32_t t = ax_syn_target(part, q), d = ax_syn_delay(p, part, q);
            L->target[j] = t;
            L->delay[j] = d;
            L->w[j] = part->weight[q];
            /* one scan from the newest spike: those reaching the synapse after s,
             * at s (applied, but not in the post trace at s - d), in (lo, s) */
            const ax_post_hist *h = &pl->post[t];
            uint32_t e = h->n;
            while (e && event_at(h, e - 1)->step + d > s)
                e--;
            const uint32_t end = e;
            while (e && event_at(h, e - 1)->step + d == s)
                e--;
            if (!pre_reads_post) {
                L->in[SLOT_POST][j] = L->in[SLOT_POST + 1][j] = 0.0;
            } else if (pl->stepped) {
                L->in[SLOT_POST][j] = pl->y[t];   /* kept at s - d for every target */
                L->in[SLOT_POST + 1][j] = 0.0;
            } else {
                /* the post traces at s - d: after the latest spike strictly before */
                double post[2] = {0.0, 0.0};
                const ax_post_event *before = e ? event_at(h, e - 1) : &h->base;
                if (before->step != NONE && before->step < s - (int64_t)d)
                    post_from(pl, before, s - d, dt, post);
                L->in[SLOT_POST][j] = post[0];
                L->in[SLOT_POST + 1][j] = post[1];
            }
            while (e && event_at(h, e - 1)->step + d > lo)
                e--;
            L->first[j] = e;
            L->count[j] = end - e;
            rounds = L->count[j] > rounds ? L->count[j] : rounds;
        }
        if (rounds) {
            /* on_pre's post traces wait in these while on_post runs */
            double keep[2][EQ_BLOCK];
            memcpy(keep, L->in[SLOT_POST], sizeof keep);
            /* on_post, one round per pending spike: round r applies each synapse's
             * r-th, the synapses that have one packed into the first lanes */
            uint32_t active[EQ_BLOCK], n_active = n;
            for (uint32_t j = 0; j < n; j++)
                active[j] = j;
            for (uint32_t r = 0; r < rounds; r++) {
                uint32_t m = 0;
                for (uint32_t a = 0; a < n_active; a++) {
                    const uint32_t j = active[a];
                    if (L->count[j] <= r)
                        continue;
                    active[m] = j;
                    ax_post_hist *h = &pl->post[L->target[j]];
                    const uint32_t e = L->first[j] + r;
                    ax_post_event *ev = event_at(h, e);
                    const int64_t step = ev->step;
                    ev->access++;
                    if (reads_pre) {
                        const int64_t lag = step + L->delay[j] - last;
                        const bool table = (uint64_t)lag < AX_DECAY_STEPS;
                        pre0[m] = has_last ? k_plus * (table ? d_pre0[lag] : exp(-rate_pre0 * (double)lag * dt)) : 0.0;
                        pre1[m] = has_last && n_pre > 1 ? k_x * decay(pl, 1, lag, dt) : 0.0;
                    }
                    if (reads_post) {
                        double post[2];
                        ax_eqr_post_before(pl, h, e, dt, post);
                        post0[m] = post[0];
                        post1[m] = post[1];
                    }
                    L->packed_w[m] = L->w[j];
                    m++;
                }
                n_active = m;
                if (on_post && m) {
                    run_packed(pl, L, CODE_W_POST, m);
                    for (uint32_t a = 0; a < m; a++)
                        L->w[active[a]] = L->packed_w[a];
                }
            }
            memcpy(L->in[SLOT_POST], keep, sizeof keep);
        }
        if (on_pre)
            run_on_pre(pl, L, n, pre_s);
        for (uint32_t j = 0; j < n; j++) {
            const float w = (float)L->w[j];
            part->weight[q0 + j] = w;
            if (release_next(&rel)) {
                uint32_t slot = base + L->delay[j];   /* delays are below D: no division */
                slot = slot >= D ? slot - D : slot;
                to->ring[(size_t)slot * stride + offset + L->target[j]] += w * factor;
            }
        }
    }
}

uint64_t ax_eqr_fingerprint(const ax_plastic *pl)
{
    const eq_rule *r = pl->eqr;
    uint64_t h = r->text_hash;
    for (uint32_t k = 0; k < r->m.n_params; k++) {
        double x = pl->eq_params[r->m.param_sym[k]];
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        for (int b = 0; b < 8; b++)
            h = (h ^ (uint8_t)(bits >> (8 * b))) * 1099511628211ull;
    }
    return h;
}

uint64_t ax_eqr_bytes(const ax_plastic *pl, int threads)
{
    uint64_t tables = 0;
    for (int t = 0; t < 4; t++) {
        bool shared = false;
        for (int u = 0; u < t; u++)
            shared |= pl->eq_rate[u] == pl->eq_rate[t];
        tables += shared ? 0 : AX_DECAY_STEPS * sizeof(double);
    }
    return tables + (uint64_t)threads * N_CODE * EQ_SCALAR_REGS * sizeof(double) + N_CODE * sizeof(eq_scalar);
}
