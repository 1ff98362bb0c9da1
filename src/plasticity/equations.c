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

#include "equations/jit.h"
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

/* The pre traces at step t >= last of a source whose traces were k_plus,
 * k_x just after its spike at step last (NONE: no spike yet, 0). */
static inline __attribute__((always_inline)) void pre_from(const ax_plastic *pl, double k_plus, double k_x,
                                                            int64_t last, int64_t t, double dt, double out[2])
{
    uint32_t n = pl->eqr->n_pre;
    out[0] = last != NONE && n > 0 ? k_plus * decay(pl, 0, t - last, dt) : 0.0;
    out[1] = last != NONE && n > 1 ? k_x * decay(pl, 1, t - last, dt) : 0.0;
}

static inline void pre_at(const ax_plastic *pl, const ax_pre_state *old, int64_t t, double dt, double out[2])
{
    pre_from(pl, old->k_plus, old->k_x, old->last, t, dt, out);
}

/* The post traces of event e carried to step t (>= its step). */
static inline void post_from(const ax_plastic *pl, const ax_post_event *e, int64_t t, double dt, double out[2])
{
    uint32_t n = pl->eqr->n_post;
    out[0] = n > 0 ? e->k_minus * decay(pl, EQ_RULE_MAX_TRACES, t - e->step, dt) : 0.0;
    out[1] = n > 1 ? e->k_y * decay(pl, EQ_RULE_MAX_TRACES + 1, t - e->step, dt) : 0.0;
}

/* The post traces just before history entry j. */
static void post_before(const ax_plastic *pl, const ax_post_hist *h, uint32_t j, double dt, double out[2])
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

/* The change to nw from w scaled by the learning rate: w + rate (nw - w). */
static inline double blend(const ax_plastic *pl, double w, double nw)
{
    return pl->rate == 1.0 ? nw : w + pl->rate * (nw - w);
}

static inline double step_w(const ax_plastic *pl, int k, int which, double w, const double pre[2],
                            const double post[2])
{
    if (!pl->on || !pl->eq_has[which])
        return w;
    return blend(pl, w, eval(pl, k, which, pre[0], pre[1], post[0], post[1], w));
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
        post_before(pl, h, j, dt, post);
        w = step_w(pl, k, CODE_W_POST, w, pre, post);
    }
    return w;
}

void ax_eqr_finish_pre(const ax_plastic *pl, int k, ax_pre_state *pre, const ax_pre_state *old, int64_t s, double dt)
{
    double b[2];
    pre_at(pl, old, s, dt, b);
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
    eq_jit_end(pl->eq_job);   /* waits for a compile still running */
    pl->eq_job = NULL;
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
    const eq_scalar *code[2] = {pl->eq_has[CODE_W_PRE] ? &pl->eq_code[CODE_W_PRE] : NULL,
                                pl->eq_has[CODE_W_POST] ? &pl->eq_code[CODE_W_POST] : NULL};
    if (code[0] || code[1])
        pl->eq_job = eq_jit_begin_rule(code, pl->eq_fn);
    return 0;
}

/* ---- the stepped post trace ---- */

bool ax_eqr_steppable(const ax_plastic *pl) { return pl->eqr->n_post == 1; }

double ax_eqr_step_decay(const ax_plastic *pl) { return pl->eq_decay[EQ_RULE_MAX_TRACES][1]; }

double ax_eqr_step_spike(const ax_plastic *pl, int k, double before)
{
    return pl->eq_has[CODE_TRACE + 2] ? eval(pl, k, CODE_TRACE + 2, 0.0, 0.0, before, 0.0, 0.0) : before;
}

/* ---- whole rows ---- */

/* The new w of program c (CODE_W_PRE, CODE_W_POST) from w, on the
 * register file r (slots set but w's), compiled or interpreted. */
static inline __attribute__((always_inline)) double new_w(const ax_plastic *pl, bool compiled, eq_jit_rule_fn f,
                                                          int c, double *r, double w)
{
    double nw;
    if (compiled) {
        nw = f(r[SLOT_PRE], r[SLOT_PRE + 1], r[SLOT_POST], r[SLOT_POST + 1], w);
    } else {
        r[SLOT_W] = w;
        nw = eq_scalar_eval(&pl->eq_code[c], r);
    }
    return blend(pl, w, nw);
}

/* Thread k's row of source i, one pass per synapse: the postsynaptic
 * spikes that reached it since the source's previous spike (on_post, in
 * time order), then this spike (on_pre), the weight stored and released.
 * `compiled`: the rule's functions, else its scalar code. */
static inline __attribute__((always_inline)) void row(const ax_network *net, const ax_projection_data *p, int k,
                                                      uint32_t i, int64_t s, const ax_pre_state *old, double factor,
                                                      bool compiled, eq_jit_rule_fn f_pre, eq_jit_rule_fn f_post)
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
    ax_release rel;
    release_start(&rel, net, p, k, i, s);
    /* the source's state, in locals (the stores to the histories could alias them) */
    const int64_t last = old->last;
    const double k_plus = old->k_plus, k_x = old->k_x;
    /* the slots: on_pre's pre traces are this spike's, the same for the row */
    double *r_pre = pl->eq_regs[k] + (size_t)CODE_W_PRE * EQ_SCALAR_REGS;
    double *r_post = pl->eq_regs[k] + (size_t)CODE_W_POST * EQ_SCALAR_REGS;
    pre_at(pl, old, s, dt, r_pre + SLOT_PRE);
    r_pre[SLOT_POST] = r_pre[SLOT_POST + 1] = 0.0;
    r_post[SLOT_PRE] = r_post[SLOT_PRE + 1] = r_post[SLOT_POST] = r_post[SLOT_POST + 1] = 0.0;
    const uint64_t q_end = part->row[i + 1];
    for (uint64_t q = part->row[i]; q < q_end; q++) {
        /* each synapse's target history is two dependent cache misses: start both ahead */
        if (q + 16 < q_end)
            __builtin_prefetch(&pl->post[ax_syn_target(part, q + 16)]);
        if (q + 8 < q_end) {
            const ax_post_hist *ahead = &pl->post[ax_syn_target(part, q + 8)];
            __builtin_prefetch(ahead->ev + ((ahead->head + ahead->n - 1) & (ahead->cap - 1)));
        }
        const uint32_t t = ax_syn_target(part, q), d = ax_syn_delay(p, part, q);
        double w = part->weight[q];
        ax_post_hist *h = &pl->post[t];
        /* from the newest spike: those reaching the synapse after s, then
         * those in (lo, s], applied oldest first */
        uint32_t e = h->n;
        while (e && event_at(h, e - 1)->step + d > s)
            e--;
        const uint32_t end = e;
        while (e && event_at(h, e - 1)->step + d > lo)
            e--;
        for (uint32_t j = e; j < end; j++) {
            ax_post_event *ev = event_at(h, j);
            ev->access++;
            if (!on_post)
                continue;
            if (reads_pre)
                pre_from(pl, k_plus, k_x, last, ev->step + d, dt, r_post + SLOT_PRE);
            if (reads_post)
                post_before(pl, h, j, dt, r_post + SLOT_POST);
            w = new_w(pl, compiled, f_post, CODE_W_POST, r_post, w);
        }
        if (on_pre) {
            if (pre_reads_post && pl->stepped) {
                r_pre[SLOT_POST] = pl->y[t];   /* kept at s - d for every target */
            } else if (pre_reads_post) {
                /* the post traces at s - d: after the latest spike strictly
                 * before (one reaching the synapse at s is applied above but
                 * not in the trace) */
                uint32_t b = end;
                while (b && event_at(h, b - 1)->step + d >= s)
                    b--;
                const ax_post_event *before = b ? event_at(h, b - 1) : &h->base;
                r_pre[SLOT_POST] = r_pre[SLOT_POST + 1] = 0.0;
                if (before->step != NONE && before->step < s - (int64_t)d)
                    post_from(pl, before, s - d, dt, r_pre + SLOT_POST);
            }
            w = new_w(pl, compiled, f_pre, CODE_W_PRE, r_pre, w);
        }
        const float wf = (float)w;
        part->weight[q] = wf;
        if (release_next(&rel)) {
            uint32_t slot = base + d;   /* delays are below D: no division */
            slot = slot >= D ? slot - D : slot;
            to->ring[(size_t)slot * stride + offset + t] += wf * factor;
        }
    }
}

void ax_eqr_deliver_row(const ax_network *net, const ax_projection_data *p, int k, uint32_t i, int64_t s,
                        const ax_pre_state *old, double factor)
{
    const ax_plastic *pl = p->plastic;
    /* the compiled functions once both a rule has are in (jit.c publishes
     * them one after the other) */
    eq_jit_rule_fn f_pre = __atomic_load_n(&pl->eq_fn[CODE_W_PRE], __ATOMIC_ACQUIRE);
    eq_jit_rule_fn f_post = __atomic_load_n(&pl->eq_fn[CODE_W_POST], __ATOMIC_ACQUIRE);
    if ((f_pre || !pl->eq_has[CODE_W_PRE]) && (f_post || !pl->eq_has[CODE_W_POST]) && (f_pre || f_post))
        row(net, p, k, i, s, old, factor, true, f_pre, f_post);
    else
        row(net, p, k, i, s, old, factor, false, NULL, NULL);
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
