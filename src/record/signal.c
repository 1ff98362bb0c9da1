/*
 * signal.c - population signals: the mean of a state variable, the
 * seed's EEG estimate and an LFP proxy (Mazzoni et al. 2015), one value per
 * sample summed over all neurons.
 *
 * Each thread adds the terms of its own neurons, at the end of each
 * sampled step, into its own exact accumulator (core/xsum.h); after the
 * window's barrier thread 0 merges the threads' accumulators and writes
 * the sample.  Exact sums make the value independent of how the neurons
 * are split between threads (partial double sums would not be).  Under
 * MPI each rank adds its own neurons, and thread 0 then adds the ranks'
 * sums of the window (after the window's exchange): the digits of exact
 * sums are integers, so their sum over the ranks is exact too, and every
 * rank gets the value one process gets.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/comm.h"
#include "core/serial.h"
#include "core/xsum.h"
#include "record/record.h"

static int find_var(const ax_model *m, const char *name)
{
    for (uint32_t k = 0; k < m->n_vars; k++)
        if (strcmp(m->vars[k].name, name) == 0)
            return (int)k;
    return -1;
}

static int find_param(const ax_model *m, const char *name)
{
    for (uint32_t k = 0; k < m->n_params; k++)
        if (strcmp(m->params[k].name, name) == 0)
            return (int)k;
    return -1;
}

/* Mazzoni et al. 2015: the excitatory currents 6 ms earlier, the
 * inhibitory ones weighted 1.65. */
#define LFP_DELAY_MS 6.0
#define LFP_INH_WEIGHT 1.65

/* The LFP's currents: isyn_exc/isyn_inh, or gsyn_* with e_rev_E/e_rev_I. */
static ax_status lfp_sources(ax_network *net, const ax_population_data *p, ax_signal_data *g)
{
    const ax_model *m = p->model;
    g->ia = find_var(m, "isyn_exc"), g->ig = find_var(m, "isyn_inh"), g->ea = g->eg = -1;
    if (g->ia >= 0 && g->ig >= 0)
        return AX_OK;
    g->ia = find_var(m, "gsyn_exc"), g->ig = find_var(m, "gsyn_inh");
    g->ea = find_param(m, "e_rev_E"), g->eg = find_param(m, "e_rev_I");
    if (g->ia >= 0 && g->ig >= 0 && g->ea >= 0 && g->eg >= 0)
        return AX_OK;
    return ax_fail(net, AX_ERR_ARGUMENT, "record signal of '%s': the LFP proxy needs synaptic currents: state "
                   "variables isyn_exc and isyn_inh (current-based models such as IF_curr_exp), or gsyn_exc and "
                   "gsyn_inh with parameters e_rev_E and e_rev_I (conductance-based, such as IF_cond_exp); %s has "
                   "neither", p->name, m->name);
}

static ax_status check_spec(ax_network *net, const ax_population_data *p, const ax_signal_spec *sp, int *var)
{
    const char *what = "record signal";
    if (sp->kind != AX_SIGNAL_MEAN && sp->kind != AX_SIGNAL_EEG && sp->kind != AX_SIGNAL_LFP)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': kind %d is not allowed; allowed: AX_SIGNAL_MEAN, "
                       "AX_SIGNAL_EEG, AX_SIGNAL_LFP", what, p->name, (int)sp->kind);
    const char *v = sp->variable ? sp->variable : "v";
    if (sp->kind != AX_SIGNAL_MEAN && strcmp(v, "v") != 0)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': the EEG sums the membrane potential 'v', not '%s'", what,
                       p->name, v);
    if ((*var = find_var(p->model, v)) < 0)
        return ax_fail(net, AX_ERR_NOT_FOUND, "%s of '%s': %s has no state variable '%s'", what, p->name,
                       p->model->name, v);
    double steps = sp->interval_ms == 0 ? 1 : sp->interval_ms / net->dt;
    if (!isfinite(steps) || steps < 1 - 1e-9 || fabs(steps - llround(steps)) > 1e-6 || steps > 1e9)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': interval %g ms is not allowed: must be a multiple of dt = %g ms",
                       what, p->name, sp->interval_ms, net->dt);
    if (sp->kind == AX_SIGNAL_LFP) {
        double d = LFP_DELAY_MS / net->dt;
        if (fabs(d - llround(d)) > 1e-6)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': the LFP proxy's delay of %g ms is not a multiple of "
                           "dt = %g ms", what, p->name, LFP_DELAY_MS, net->dt);
    }
    if (sp->kind != AX_SIGNAL_EEG)
        return AX_OK;
    const struct { const char *name; double x; } pos[] = {
        {"sigma", sp->sigma}, {"distance", sp->distance}, {"min_distance", sp->min_distance}};
    for (int k = 0; k < 3; k++)
        if (!(pos[k].x > 0) || !isfinite(pos[k].x))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': eeg %s = %g is not allowed: must be finite and > 0",
                           what, p->name, pos[k].name, pos[k].x);
    for (int k = 0; k < 3; k++)
        if (!isfinite(sp->electrode[k]))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': eeg electrode[%d] = %g is not finite", what, p->name,
                           k, sp->electrode[k]);
    if (!isfinite(sp->v_ref))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s of '%s': eeg v_ref = %g is not finite", what, p->name, sp->v_ref);
    return AX_OK;
}

ax_status ax_recorder_add_signal(ax_network *net, ax_population pop, const ax_signal_spec *spec, ax_recorder *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "record signal");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!spec)
        return ax_fail_null(net, "record signal", "spec");
    int var = -1;
    ax_status st = check_spec(net, p, spec, &var);
    if (st)
        return st;
    ax_signal_data *g = calloc(1, sizeof *g);
    if (!g)
        return ax_fail(net, AX_ERR_MEMORY, "record signal of '%s': out of memory", p->name);
    g->spec = *spec;
    g->spec.variable = NULL;   /* the caller's string is not kept: the name says it */
    g->per = 1;
    if (spec->kind == AX_SIGNAL_LFP) {
        if ((st = lfp_sources(net, p, g))) {
            free(g);
            return st;
        }
        g->per = 2;
        g->delay = (uint32_t)llround(LFP_DELAY_MS / net->dt);
        snprintf(g->name, sizeof g->name, "lfp");
    } else if (spec->kind == AX_SIGNAL_EEG)
        snprintf(g->name, sizeof g->name, "eeg");
    else
        snprintf(g->name, sizeof g->name, "mean_%s", p->model->vars[var].name);
    ax_recorder r;
    if ((st = ax_recorder_add_state(net, pop, p->model->vars[var].name, ax_neurons_first(1), spec->interval_ms, &r))) {
        free(g);
        return st;
    }
    net->recs[r]->sig = g;
    net->n_signal_recs++;
    if (out)
        *out = r;
    return AX_OK;
}

/* Under MPI, one exact sum as integers: its digits, then how many NaN,
 * +inf and -inf terms it had (their sum is NaN, +inf, -inf or 0 whatever
 * their order). */
#define RANK_SUM_WORDS (AX_XSUM_DIGITS + 3)

/* Before a run: the EEG's coefficients (positions are final once built)
 * and an accumulator per thread and slot of two windows. */
ax_status ax_signal_prepare(ax_network *net)
{
    uint32_t slots = 2 * net->window;
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_signal_data *g = net->recs[k]->sig;
        if (!g)
            continue;
        const ax_population_data *p = net->pops[net->recs[k]->pop];
        if (g->spec.kind == AX_SIGNAL_EEG && !g->coef) {
            if (!(g->coef = ax_alloc(net, p->size ? p->size : 1, sizeof *g->coef, "eeg recorder")))
                return AX_ERR_MEMORY;
            const double *e = g->spec.electrode;
            for (uint32_t i = 0; i < p->size; i++) {
                double r = g->spec.distance;
                if (p->positions) {
                    const double *x = p->positions + 3 * (size_t)i;
                    r = sqrt((x[0] - e[0]) * (x[0] - e[0]) + (x[1] - e[1]) * (x[1] - e[1]) +
                             (x[2] - e[2]) * (x[2] - e[2]));
                }
                if (r < g->spec.min_distance)
                    r = g->spec.min_distance;   /* a neuron at the electrode: no infinite term */
                g->coef[i] = 1.0 / (4 * M_PI * g->spec.sigma * r);
            }
        }
        if (!g->acc || g->slots != slots || g->threads != net->threads) {
            free(g->acc);
            free(g->rank_sums);
            g->rank_sums = NULL;
            g->acc = ax_alloc_zero(net, (size_t)slots * g->per * (size_t)net->threads, sizeof *g->acc,
                                   "signal recorder");
            if (!g->acc)
                return AX_ERR_MEMORY;
            if (net->ranks > 1 && !(g->rank_sums = ax_alloc(net, (size_t)slots * g->per, RANK_SUM_WORDS *
                                                            sizeof(int64_t), "signal recorder"))) {
                free(g->acc);
                g->acc = NULL;
                return AX_ERR_MEMORY;
            }
            g->slots = slots;
            g->threads = net->threads;
        }
        if (g->spec.kind == AX_SIGNAL_LFP && !g->hist) {
            g->H = g->delay + slots + 1;   /* the steps a window may look back to */
            g->hist = ax_alloc(net, g->H, sizeof *g->hist, "lfp recorder");
            g->hist_step = g->hist ? ax_alloc(net, g->H, sizeof *g->hist_step, "lfp recorder") : NULL;
            if (!g->hist_step)
                return AX_ERR_MEMORY;
            ax_signal_restart(g);
        }
        for (uint32_t c = 0; c < g->n_carry; c++) {   /* sums a checkpoint brought, still due */
            int64_t s = g->carry_step[c];
            if (s >= net->step - (int64_t)g->delay && s < net->step) {
                g->hist[s % g->H] = g->carry_val[c];
                g->hist_step[s % g->H] = s;
            }
        }
        free(g->carry_step);
        free(g->carry_val);
        g->carry_step = NULL;
        g->carry_val = NULL;
        g->n_carry = 0;
    }
    return AX_OK;
}

/* The LFP sums of the delay steps before now that a later sample needs -
 * from hist, or still waiting in the carry of a restore: how many, and
 * written to w when given. */
static uint32_t due_sums(const ax_network *net, const ax_signal_data *g, ax_writer *w)
{
    uint32_t n = 0;
    int64_t lo = net->step - (int64_t)g->delay;
    uint32_t count = g->hist_step ? g->H : g->n_carry;
    for (uint32_t u = 0; u < count; u++) {
        int64_t s = g->hist_step ? g->hist_step[u] : g->carry_step[u];
        if (s < 0 || s < lo || s >= net->step)
            continue;
        n++;
        if (w) {
            ax_put_i64(w, s);
            ax_put_f64(w, g->hist_step ? g->hist[u] : g->carry_val[u]);
        }
    }
    return n;
}

/* Checkpoints: for each LFP recorder, its population, interval and delay
 * (to find it again) and the excitatory sums its next samples look back
 * to, so that a restored run's LFP is the uninterrupted one. */
void ax_signals_save(const ax_network *net, ax_writer *w)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < net->n_recs; k++)
        n += net->recs[k]->sig && net->recs[k]->sig->spec.kind == AX_SIGNAL_LFP;
    ax_put_u32(w, n);
    for (uint32_t k = 0; k < net->n_recs; k++) {
        const ax_recorder_data *r = net->recs[k];
        const ax_signal_data *g = r->sig;
        if (!g || g->spec.kind != AX_SIGNAL_LFP)
            continue;
        ax_put_u32(w, r->pop);
        ax_put_u64(w, r->interval);
        ax_put_u32(w, g->delay);
        ax_put_u32(w, due_sums(net, g, NULL));
        due_sums(net, g, w);
    }
}

/* The first LFP recorder of population pop, interval and delay not yet
 * given sums (used[]), or NULL: a network without it drops them. */
static ax_recorder_data *lfp_of(ax_network *net, uint32_t pop, uint64_t interval, uint32_t delay, bool *used)
{
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        if (!used[k] && r->sig && r->sig->spec.kind == AX_SIGNAL_LFP && r->pop == pop &&
            (uint64_t)r->interval == interval && r->sig->delay == delay) {
            used[k] = true;
            return r;
        }
    }
    return NULL;
}

ax_status ax_signals_load(ax_network *net, ax_reader *r, bool apply)
{
    uint32_t n = ax_get_u32(r);
    bool *used = calloc(net->n_recs ? net->n_recs : 1, sizeof *used);
    if (!used)
        return ax_fail(net, AX_ERR_MEMORY, "restore state: out of memory");
    ax_status st = AX_OK;
    for (uint32_t k = 0; k < n && !st && !r->short_read; k++) {
        uint32_t pop = ax_get_u32(r), delay;
        uint64_t interval = ax_get_u64(r);
        delay = ax_get_u32(r);
        uint32_t m = ax_get_u32(r);
        if (!r->short_read && (m > delay || !ax_reader_has(r, m, 16)))
            st = ax_fail(net, AX_ERR_ARGUMENT, "the LFP history of population %u holds %u sums, more than its "
                         "delay of %u steps or the file", pop, m, delay);
        ax_recorder_data *rec = st ? NULL : lfp_of(net, pop, interval, delay, used);
        ax_signal_data *g = rec ? rec->sig : NULL;
        if (g && apply) {
            free(g->carry_step);
            free(g->carry_val);
            g->carry_step = malloc((m ? m : 1) * sizeof *g->carry_step);
            g->carry_val = malloc((m ? m : 1) * sizeof *g->carry_val);
            g->n_carry = 0;
            if (!g->carry_step || !g->carry_val)
                st = ax_fail(net, AX_ERR_MEMORY, "restore state: out of memory");
        }
        for (uint32_t c = 0; c < m && !st && !r->short_read; c++) {
            int64_t s = ax_get_i64(r);
            double v = ax_get_f64(r);
            if (!r->short_read && (!isfinite(v) || s < 0))
                st = ax_fail(net, AX_ERR_ARGUMENT, "an LFP sum of population %u (step %lld, %g) is not allowed", pop,
                             (long long)s, v);
            else if (g && apply) {
                g->carry_step[g->n_carry] = s;
                g->carry_val[g->n_carry++] = v;
            }
        }
    }
    free(used);
    return st;
}

void ax_signal_restart(ax_signal_data *g)
{
    for (uint32_t u = 0; g->hist_step && u < g->H; u++)
        g->hist_step[u] = -1;   /* no step: the delayed term counts 0 */
}

/* The LFP's sum of |I| of neurons [b, e), variable x (a conductance when
 * the reversal parameter e >= 0), into a. */
static void add_currents(ax_xsum *a, const ax_population_data *p, int x, int e, uint32_t b, uint32_t end)
{
    const double *I = p->state[x], *v = p->state[p->v_var];
    for (uint32_t i = b; i < end; i++)
        ax_xsum_add(a, fabs(e < 0 ? I[i] : I[i] * (v[i] - p->param[e][p->per_neuron[e] ? i : 0])));
}

static int lfp_exc_due(const ax_recorder_data *rec, int64_t s)
{
    return (s + 1 + (int64_t)rec->sig->delay) % rec->interval == 0;
}

void ax_signal_add(const ax_network *net, const ax_recorder_data *rec, const ax_population_data *p, int k,
                   uint32_t b, uint32_t e, int64_t s)
{
    const ax_signal_data *g = rec->sig;
    int due = (s + 1) % rec->interval == 0;
    ax_xsum *a = g->acc + ((size_t)k * g->slots + (size_t)(s % g->slots)) * g->per;
    if (g->spec.kind == AX_SIGNAL_LFP) {
        /* the excitatory sum of step s serves the sample delay steps later */
        for (int j = 0; j < 2; j++)
            if (a[j].adds > AX_XSUM_MAX_ADDS - (e - b))
                ax_xsum_carry(&a[j]);
        if (lfp_exc_due(rec, s))
            add_currents(&a[0], p, g->ia, g->ea, b, e);
        if (due)
            add_currents(&a[1], p, g->ig, g->eg, b, e);
        return;
    }
    if (!due)
        return;
    if (a->adds > AX_XSUM_MAX_ADDS - (e - b))
        ax_xsum_carry(a);
    const double *x = p->state[rec->var];
    if (g->spec.kind == AX_SIGNAL_EEG) {
        for (uint32_t i = b; i < e; i++)
            ax_xsum_add(a, (x[i] - g->spec.v_ref) * g->coef[i]);
    } else {
        for (uint32_t i = b; i < e; i++)
            ax_xsum_add(a, x[i]);
    }
    (void)net;
}

/* Accumulator j of step s merged over threads, rounded once, and cleared. */
static double merged(const ax_signal_data *g, int64_t s, uint32_t j)
{
    size_t at = (size_t)(s % g->slots) * g->per + j, stride = (size_t)g->slots * g->per;
    ax_xsum sum = g->acc[at];
    ax_xsum_carry(&sum);
    for (int t = 1; t < g->threads; t++) {
        ax_xsum_carry(&g->acc[t * stride + at]);
        ax_xsum_merge(&sum, &g->acc[t * stride + at]);
    }
    for (int t = 0; t < g->threads; t++)
        memset(&g->acc[t * stride + at], 0, sizeof *g->acc);
    return ax_xsum_value(&sum);
}

/* The sums of step s that the window needs (accumulator j of the slot):
 * the LFP's excitatory one (j = 0) when due, the sample's when due. */
static int needs(const ax_recorder_data *r, int64_t s, uint32_t j)
{
    if (r->sig->spec.kind == AX_SIGNAL_LFP && j == 0)
        return lfp_exc_due(r, s);
    return (s + 1) % r->interval == 0;
}

/* Thread 0, with more than one rank: each sum the window needs, merged
 * over this rank's threads into thread 0's accumulator, then added over
 * the ranks in one collective per recorder; the other threads' are
 * cleared, so that merged() gives the sum over every rank's neurons. */
static void add_over_ranks(const ax_network *net, int64_t w0, int64_t w1)
{
    for (uint32_t k = 0; k < net->n_recs; k++) {
        const ax_recorder_data *r = net->recs[k];
        ax_signal_data *g = r->sig;
        if (!g)
            continue;
        size_t stride = (size_t)g->slots * g->per, n = 0;
        int64_t *buf = g->rank_sums;
        for (int64_t s = w0; s < w1; s++)
            for (uint32_t j = 0; j < g->per; j++) {
                if (!needs(r, s, j))
                    continue;
                size_t at = (size_t)(s % g->slots) * g->per + j;
                ax_xsum *sum = &g->acc[at];
                for (int t = 1; t < g->threads; t++) {
                    ax_xsum_carry(&g->acc[t * stride + at]);
                    ax_xsum_carry(sum);
                    ax_xsum_merge(sum, &g->acc[t * stride + at]);
                    memset(&g->acc[t * stride + at], 0, sizeof *g->acc);
                }
                ax_xsum_carry(sum);   /* digits < 2^32: the ranks' sum cannot overflow */
                int64_t *w = buf + n++ * RANK_SUM_WORDS;
                memcpy(w, sum->d, sizeof sum->d);
                w[AX_XSUM_DIGITS] = isnan(sum->special);
                w[AX_XSUM_DIGITS + 1] = sum->special == INFINITY;
                w[AX_XSUM_DIGITS + 2] = sum->special == -INFINITY;
            }
        ax_comm_allreduce_i64(buf, n * RANK_SUM_WORDS, AX_COMM_SUM);
        n = 0;
        for (int64_t s = w0; s < w1; s++)
            for (uint32_t j = 0; j < g->per; j++) {
                if (!needs(r, s, j))
                    continue;
                ax_xsum *sum = &g->acc[(size_t)(s % g->slots) * g->per + j];
                const int64_t *w = buf + n++ * RANK_SUM_WORDS;
                memcpy(sum->d, w, sizeof sum->d);
                int64_t nan = w[AX_XSUM_DIGITS], pos = w[AX_XSUM_DIGITS + 1], neg = w[AX_XSUM_DIGITS + 2];
                sum->special = nan || (pos && neg) ? NAN : pos ? INFINITY : neg ? -INFINITY : 0.0;
                sum->adds = 0;
            }
    }
}

/* Thread 0, after the barrier of window [w0, w1) of a run from net->step:
 * the samples due in it, merged over threads in thread order (exact, so
 * the order does not matter for the value). */
void ax_signal_window(const ax_network *net, int64_t w0, int64_t w1)
{
    int64_t t0 = net->step;
    if (net->ranks > 1)
        add_over_ranks(net, w0, w1);
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        ax_signal_data *g = r->sig;
        if (!g)
            continue;
        const ax_population_data *p = net->pops[r->pop];
        int lfp = g->spec.kind == AX_SIGNAL_LFP;
        /* lfp: first the excitatory sums of the window's steps (a sample
         * may need one of its own window when the delay is short) */
        for (int64_t s = w0; lfp && s < w1; s++)
            if (lfp_exc_due(r, s)) {
                g->hist[s % g->H] = merged(g, s, 0);
                g->hist_step[s % g->H] = s;
            }
        for (int64_t s = w0; s < w1; s++) {
            if ((s + 1) % r->interval)
                continue;
            double v = merged(g, s, lfp ? 1 : 0);
            if (g->spec.kind == AX_SIGNAL_MEAN)
                v = p->size ? v / p->size : NAN;
            if (lfp) {
                int64_t u = s - (int64_t)g->delay;
                double exc = u >= 0 && g->hist_step[u % g->H] == u ? g->hist[u % g->H] : 0;
                v = exc - LFP_INH_WEIGHT * v;
            }
            size_t row = r->n_samples + (size_t)((s + 1) / r->interval - (t0 / r->interval + 1));
            r->values[row] = v;
        }
    }
}

void ax_signal_free(ax_signal_data *g)
{
    if (!g)
        return;
    free(g->coef);
    free(g->acc);
    free(g->hist);
    free(g->hist_step);
    free(g->carry_step);
    free(g->carry_val);
    free(g->rank_sums);
    free(g);
}
