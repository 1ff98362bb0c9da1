/*
 * Plasticity rules written as equations (ax_plasticity_define_equations,
 * timing AX_STDP_EQUATIONS; docs/equations.md "Plasticity rules"):
 *   - the STDP window of single pairs against its formula;
 *   - the built-in rules written as equations (spike-pair additive,
 *     multiplicative, nearest pairing, Pfister & Gerstner's triplet) give
 *     the built-in's weights and spikes bit for bit on a network that
 *     fires recurrently through its plastic synapses, with one delay (the
 *     stepped post trace, where the rule has one post trace) and random
 *     delays (traces from the histories), 1 and 2 threads;
 *   - a rule unlike any built-in (two traces a side, jumps that are not
 *     +1, an if-block, statements reading what earlier ones wrote) against
 *     its event-by-event definition computed here from the spike trains;
 *   - the rule compiled (libgccjit) against the interpreter, bit for bit;
 *   - the learning switch and rate, rule_params, checkpoints, reset,
 *     weight recorders, and the messages of every check of
 *     src/equations/rule.c.
 */
#include <unistd.h>

#include "equations/jit.h"
#include "stdp_helpers.h"

/* ------------------------------------------------------------------ */
/* The rules                                                           */
/* ------------------------------------------------------------------ */

/* Spike-pair STDP, additive (docs/equations.md's example).  The built-in
 * steps are x += A_plus k_pre, x -= A_minus k_post on x = (w - w_min) /
 * (w_max - w_min) clipped to [0, 1]: the same written on w. */
#define PAIR_PARAMETERS                                                                            \
    "tau_plus = 20 : ms (> 0)\ntau_minus = 20 : ms (> 0)\nA_plus = 0.01\nA_minus = 0.0105\nw_min = 0\n" \
    "w_max = 0.01\n"

static const ax_plasticity_equations additive = {
    .parameters = PAIR_PARAMETERS,
    .pre = "dapre/dt = -apre / tau_plus",
    .post = "dapost/dt = -apost / tau_minus",
    .on_pre = "apre += 1; w = max(w_min, w - A_minus * (w_max - w_min) * apost)",
    .on_post = "apost += 1; w = min(w_max, w + A_plus * (w_max - w_min) * apre)",
};

/* Multiplicative: x += A_plus k_pre (1 - x), x -= A_minus k_post x. */
static const ax_plasticity_equations multiplicative = {
    .parameters = PAIR_PARAMETERS,
    .pre = "dapre/dt = -apre / tau_plus",
    .post = "dapost/dt = -apost / tau_minus",
    .on_pre = "apre += 1; w = max(w_min, w - A_minus * apost * (w - w_min))",
    .on_post = "apost += 1; w = min(w_max, w + A_plus * apre * (w_max - w))",
};

/* Symmetric nearest-neighbour pairing: a spike sets its trace to 1. */
static const ax_plasticity_equations nearest = {
    .parameters = PAIR_PARAMETERS,
    .pre = "dapre/dt = -apre / tau_plus",
    .post = "dapost/dt = -apost / tau_minus",
    .on_pre = "apre = 1; w = max(w_min, w - A_minus * (w_max - w_min) * apost)",
    .on_post = "apost = 1; w = min(w_max, w + A_plus * (w_max - w_min) * apre)",
};

/* Pfister & Gerstner 2006, all-to-all, as AX_STDP_TRIPLET (stdp.c):
 * at a post spike w += r1 (A2_plus + A3_plus o2) with o2 the slow post
 * trace just BEFORE the spike, at a pre spike w -= o1 (A2_minus + A3_minus
 * r2) with r2 the slow pre trace just before it; w clipped to [w_min,
 * w_max].  Statements run in order, so w is changed before the traces
 * jump. */
static const ax_plasticity_equations triplet = {
    .parameters = "tau_plus = 16.8 : ms\ntau_minus = 33.7 : ms\ntau_x = 101 : ms\ntau_y = 125 : ms\n"
                  "A2_plus = 5e-3\nA3_plus = 6.2e-3\nA2_minus = 7e-3\nA3_minus = 2.3e-4\nw_min = 0\nw_max = 0.04\n",
    .pre = "dr1/dt = -r1 / tau_plus\ndr2/dt = -r2 / tau_x",
    .post = "do1/dt = -o1 / tau_minus\ndo2/dt = -o2 / tau_y",
    .on_pre = "w = clip(w - o1 * (A2_minus + A3_minus * r2), w_min, w_max)\nr1 += 1\nr2 += 1",
    .on_post = "w = clip(w + r1 * (A2_plus + A3_plus * o2), w_min, w_max)\no1 += 1\no2 += 1",
};

enum { ADDITIVE, MULTIPLICATIVE, NEAREST, TRIPLET, N_RULES };
static const ax_plasticity_equations *const rules[N_RULES] = {&additive, &multiplicative, &nearest, &triplet};
static const char *const rule_names[N_RULES] = {"additive", "multiplicative", "nearest", "triplet"};

/* The built-in rule that rules[k] writes, with w in [0, 0.04]. */
static ax_plasticity builtin(int k)
{
    ax_plasticity r = ax_plasticity_defaults();
    r.A_plus = 0.01, r.A_minus = 0.0105, r.w_min = 0.0, r.w_max = 0.04;
    if (k == MULTIPLICATIVE)
        r.weight = AX_STDP_MULTIPLICATIVE;
    if (k == NEAREST)
        r.pairing = AX_STDP_NEAREST;
    if (k == TRIPLET) {
        r.timing = AX_STDP_TRIPLET;
        r.tau_plus = 16.8, r.tau_minus = 33.7, r.tau_x = 101.0, r.tau_y = 125.0;
        r.A2_plus = 5e-3, r.A3_plus = 6.2e-3, r.A2_minus = 7e-3, r.A3_minus = 2.3e-4;
    }
    return r;
}

static ax_plasticity equations_rule(const char *name, const char *params)
{
    ax_plasticity r = ax_plasticity_defaults();
    r.timing = AX_STDP_EQUATIONS;
    r.rule = name;
    r.rule_params = params;
    return r;
}

/* ------------------------------------------------------------------ */
/* Single pairs                                                        */
/* ------------------------------------------------------------------ */

/* The change of w0 by one pre and one post spike at lag t_post + delay -
 * t_pre of `lag` ms, and the lag seen. */
static double pair_change(const ax_plasticity *r, double w0, int lag, double rate, double *seen)
{
    double t_pre = 100.0, t_drive = t_pre + lag - PAIR_DELAY;
    pair_net p = make_pair_defined(r, &additive, w0, &t_pre, 1, &t_drive, 1, 1);
    if (rate != 1.0)
        OK(p.net, ax_projection_set_learning_rate(p.net, p.proj, rate));
    OK(p.net, ax_network_run(p.net, 200.0));
    size_t n_pre, n_post;
    const double *tp = spikes(p.net, p.pre_spikes, &n_pre), *tq = spikes(p.net, p.post_spikes, &n_post);
    cr_assert(n_pre == 1 && n_post == 1, "lag %d: one spike each (%zu, %zu)", lag, n_pre, n_post);
    *seen = tq[0] + PAIR_DELAY - tp[0];
    double dw = weight_of(p.net, p.proj) - (double)(float)w0;
    ax_network_free(p.net);
    return dw;
}

/* dw = (w_max - w_min) A_plus e^{-d / tau_plus} for d > 0, -(w_max - w_min)
 * A_minus e^{d / tau_minus} for d < 0, 0 at d = 0 (neither spike sees the
 * other).  Weights are floats: w0 = 0.005 and the result are each within
 * 2.3e-10 (half the spacing of floats there) of their values, so |dw -
 * formula| < 1e-9 (the largest change is 1e-4). */
static void check_window(const char *params, double A_plus, double A_minus, double tau_plus, double tau_minus,
                         double span, double rate)
{
    ax_plasticity r = equations_rule("stdp", params);
    double worst = 0, seen_max = 0, seen_min = 0;
    for (int lag = -50; lag <= 50; lag++) {
        double d, dw = pair_change(&r, 0.005, lag, rate, &d), want;
        if (d > 1e-9)
            want = rate * span * A_plus * exp(-d / tau_plus);
        else if (d < -1e-9)
            want = -rate * span * A_minus * exp(d / tau_minus);
        else
            want = 0.0;
        worst = fmax(worst, fabs(dw - want));
        seen_max = fmax(seen_max, dw);
        seen_min = fmin(seen_min, dw);
    }
    cr_assert(worst < 1e-9, "%s, rate %g: worst |dw - formula| = %g", params ? params : "defaults", rate, worst);
    cr_assert(seen_max > 0.5 * rate * span * A_plus && seen_min < -0.5 * rate * span * A_minus,
              "both sides of the window seen (%g, %g)", seen_max, seen_min);
    cr_log_info("window (%s, rate %g): max |dw - formula| %.2g", params ? params : "defaults", rate, worst);
}

Test(eq_plasticity, window_matches_the_formula, .timeout = 60)
{
    check_window(NULL, 0.01, 0.0105, 20.0, 20.0, 0.01, 1.0);
}

/* rule_params replaces defaults for one projection; values outside a
 * parameter's bounds, unknown names and bad text are refused. */
Test(eq_plasticity, rule_params_override_the_defaults_within_bounds, .timeout = 60)
{
    check_window("A_plus = 0.02, tau_plus = 10, w_max = 0.02", 0.02, 0.0105, 10.0, 20.0, 0.02, 1.0);
    ax_network *net = new_net(PAIR_DT, 1, 1);
    OK(net, ax_plasticity_define_equations(net, "stdp", &additive));
    ax_population a, b;
    OK(net, ax_population_add(net, "a", "SpikeSourcePoisson", 2, &a));
    OK(net, ax_population_add(net, "b", "IF_curr_exp", 2, &b));
    ax_connector c = ax_connector_all_to_all();
    const struct { const char *params, *message; } bad[] = {
        {"tau_plus = 0", "tau_plus = '0' is not allowed: must be a finite number > 0 ms"},
        {"w_max = 1, tau_minus = -5, A_plus = 1", "tau_minus = '-5' is not allowed: must be a finite number > 0 ms"},
        {"A_plus = nan", "A_plus = 'nan' is not allowed: must be a finite number"},
        {"A_plus = 1e999 ", "A_plus = '1e999' is not allowed"},
        {"A_plus = , A_minus = 1", "A_plus = '' is not allowed"},
        {"B = 1", "unknown parameter at 'B = 1'; write NAME = VALUE, ... with the rule's parameters: tau_plus, "
                  "tau_minus, A_plus, A_minus, w_min, w_max"},
        {"A_plus 0.1", "expected NAME = VALUE at 'A_plus 0.1'"},
        {"apre = 1", "unknown parameter"},   /* a trace is no parameter */
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        ax_plasticity r = equations_rule("stdp", bad[k].params);
        FAILS(net, ax_projection_add_plastic(net, a, b, &c, "excitatory", ax_value_constant(0.005),
                                             ax_value_constant(1.0), &r, NULL),
              AX_ERR_ARGUMENT, bad[k].message);
        cr_assert(strstr(ax_network_get_error(net), "rule_params of rule stdp"), "%s", ax_network_get_error(net));
    }
    /* a parameter's bounds also hold for its default */
    ax_plasticity_equations q = additive;
    q.parameters = "tau_plus = -20 : ms (> 0)\ntau_minus = 20 : ms\nA_plus = 0.01\nA_minus = 0.01\nw_min = 0\n"
                   "w_max = 1\n";
    FAILS(net, ax_plasticity_define_equations(net, "q", &q), AX_ERR_ARGUMENT, "parameters:1:");
    ax_network_free(net);
}

/* ------------------------------------------------------------------ */
/* The built-in rules, bit for bit                                     */
/* ------------------------------------------------------------------ */

typedef struct outcome {
    size_t n[2];              /* synapses of the two plastic projections */
    double *w[2];
    size_t n_spikes;
    double *t;
    uint32_t *who;
} outcome;

static void outcome_free(outcome *o)
{
    for (int k = 0; k < 2; k++)
        free(o->w[k]);
    free(o->t);
    free(o->who);
}

/* 100 neurons driven by Poisson sources to fire at 20-50 Hz, recurrently
 * connected through plastic synapses (p = 0.7: rows of about 70, more
 * than one block of 64) whose weights change how they fire, and 10
 * sources that fire at 5 ms and then not before 1.7 s (their synapses
 * are brought up to date by the catch-up every second) onto all of them.
 * One delay (1.5 ms) or delays uniform in [0.5, 3] ms.  With eq, rules[k]
 * as equations (w in [0, 0.04] through rule_params, plus `extra`). */
static ax_network *recurrent(int k, bool eq, bool one_delay, int threads, const char *extra, ax_projection proj[2],
                             ax_recorder *rec)
{
    ax_network *net = new_net(0.1, 7, threads);
    ax_plasticity r = builtin(k);
    char params[200];
    if (eq) {
        OK(net, ax_plasticity_define_equations(net, rule_names[k], rules[k]));
        snprintf(params, sizeof params, "w_max = 0.04%s%s", extra ? ", " : "", extra ? extra : "");
        r = equations_rule(rule_names[k], params);
    }
    ax_population P, E, A;
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 200, &P));
    OK(net, ax_population_set_param(net, P, "rate", ax_value_constant(10.0)));
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 100, &E));
    OK(net, ax_population_add(net, "A", "SpikeSourceArray", 10, &A));
    for (uint32_t i = 0; i < 10; i++) {
        double t[2] = {5.0, 1700.0 + 10.0 * i};
        OK(net, ax_population_set_spike_times(net, A, i, t, 2));
    }
    ax_connector input = ax_connector_fixed_probability(0.35), dense = ax_connector_fixed_probability(0.7);
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, P, E, &input, "excitatory", ax_value_constant(0.25), ax_value_constant(1.0), NULL));
    ax_value delay = one_delay ? ax_value_constant(1.5) : ax_value_uniform(0.5, 3.0);
    OK(net, ax_projection_add_plastic(net, E, E, &dense, "excitatory", ax_value_uniform(0.0, 0.02), delay, &r,
                                      &proj[0]));
    OK(net, ax_projection_add_plastic(net, A, E, &all, "excitatory", ax_value_constant(0.02), delay, &r, &proj[1]));
    OK(net, ax_recorder_add_spikes(net, E, AX_ALL_NEURONS, rec));
    return net;
}

static outcome collect(ax_network *net, const ax_projection proj[2], ax_recorder rec)
{
    outcome o = {0};
    for (int k = 0; k < 2; k++) {
        o.n[k] = ax_projection_get_size(net, proj[k]);
        o.w[k] = malloc(o.n[k] * sizeof *o.w[k]);
        OK(net, ax_projection_get_synapses(net, proj[k], NULL, NULL, o.w[k], NULL));
    }
    const double *t;
    const uint32_t *who;
    OK(net, ax_recorder_get_spikes(net, rec, &o.n_spikes, &t, &who));
    o.t = malloc((o.n_spikes + 1) * sizeof *o.t);
    o.who = malloc((o.n_spikes + 1) * sizeof *o.who);
    memcpy(o.t, t, o.n_spikes * sizeof *t);
    memcpy(o.who, who, o.n_spikes * sizeof *who);
    return o;
}

static outcome run_recurrent(int k, bool eq, bool one_delay, int threads, const char *extra, double T)
{
    ax_projection proj[2];
    ax_recorder rec;
    ax_network *net = recurrent(k, eq, one_delay, threads, extra, proj, &rec);
    OK(net, ax_network_run(net, T));
    outcome o = collect(net, proj, rec);
    ax_network_free(net);
    return o;
}

/* Synapses whose weights differ (both outcomes of the same network). */
static size_t weights_differ(const outcome *a, const outcome *b)
{
    size_t n = 0;
    for (int k = 0; k < 2; k++) {
        cr_assert_eq(a->n[k], b->n[k]);
        for (size_t q = 0; q < a->n[k]; q++)
            n += a->w[k][q] != b->w[k][q];
    }
    return n;
}

static void same_spikes(const outcome *a, const outcome *b, const char *what)
{
    cr_assert_eq(a->n_spikes, b->n_spikes, "%s: %zu spikes, %zu", what, a->n_spikes, b->n_spikes);
    for (size_t s = 0; s < a->n_spikes; s++)
        cr_assert(a->t[s] == b->t[s] && a->who[s] == b->who[s], "%s: spike %zu differs", what, s);
}

/* Each built-in rule and its equations: identical weights (every synapse,
 * exactly) and spikes.  The arithmetic differs in form - the built-in
 * sums a synapse's potentiation steps before clipping once, decays by
 * exp(-h / tau) where the equations' engine takes exp(-rate h) - but the
 * weights are stored in single precision after each presynaptic spike,
 * and over these runs (about 1.5e5 spikes, 1e7 synapse updates) no
 * difference of the double-precision results reached a float's rounding.
 * That this comparison can fail is checked too: A_minus 1 % larger
 * changes most weights and the spikes. */
Test(eq_plasticity, builtin_rules_written_as_equations_give_the_same_weights, .timeout = 120)
{
    const double T = 2000.0;
    for (int k = 0; k < N_RULES; k++)
        for (int one = 0; one < 2; one++)
            for (int threads = 1; threads <= 2; threads++) {
                outcome a = run_recurrent(k, false, one, threads, NULL, T);
                outcome b = run_recurrent(k, true, one, threads, NULL, T);
                char what[120];
                snprintf(what, sizeof what, "%s, %s, %d thread(s)", rule_names[k], one ? "one delay" : "random delays",
                         threads);
                cr_assert(a.n_spikes > 100 * 10 * T / 1000, "%s: the network fires above 10 Hz (%zu spikes)", what,
                          a.n_spikes);
                cr_assert_eq(weights_differ(&a, &b), 0, "%s: weights differ", what);
                same_spikes(&a, &b, what);
                cr_log_info("%s: %zu + %zu weights and %zu spikes identical", what, a.n[0], a.n[1], a.n_spikes);
                outcome_free(&a);
                outcome_free(&b);
            }
    outcome a = run_recurrent(ADDITIVE, true, true, 1, NULL, T);
    outcome b = run_recurrent(ADDITIVE, true, true, 1, "A_minus = 0.010605", T);
    size_t differ = weights_differ(&a, &b);
    cr_assert(differ > a.n[0] / 2, "a changed rule changes the weights (%zu of %zu differ)", differ, a.n[0] + a.n[1]);
    cr_assert(a.n_spikes != b.n_spikes || memcmp(a.t, b.t, a.n_spikes * sizeof *a.t), "and the spikes");
    outcome_free(&a);
    outcome_free(&b);
}

/* ------------------------------------------------------------------ */
/* A rule unlike the built-ins, against its definition                 */
/* ------------------------------------------------------------------ */

/* Two traces a side, jumps that are not +1, an if-block, and statements
 * that read what earlier ones wrote (on_post's last line sees d after
 * its jump).  `one` is the same with one post trace (d absent: the
 * stepped post trace when the projection has one delay). */
#define GENERAL_PARAMETERS                                                                           \
    "tau_a = 15 : ms (> 0)\ntau_b = 60 : ms (> 0)\ntau_c = 25 : ms (> 0)\ntau_d = 90 : ms (> 0)\n" \
    "A = 0.02\nB = 0.015\nC = 0.3\nw_lo = -0.2\nw_hi = 0.2\n"

static const ax_plasticity_equations general = {
    .parameters = GENERAL_PARAMETERS,
    .pre = "da/dt = -a / tau_a\ndb/dt = -b / tau_b",
    .post = "dc/dt = -c / tau_c\ndd/dt = -d / tau_d",
    .on_pre = "w = clip(w - B * c * (1 + C * b), w_lo, w_hi)\na = 0.5 * a + 1\nb += 1",
    .on_post = "if d > 1.5 then\n  w += A * a * b * 0.5\nelse\n  w += A * a\nend\nc = 0.7 * c + 1\nd += 1\n"
               "w = clip(w - 0.0001 * d, w_lo, w_hi)",
};

static const ax_plasticity_equations general_one = {
    .parameters = GENERAL_PARAMETERS,
    .pre = "da/dt = -a / tau_a\ndb/dt = -b / tau_b",
    .post = "dc/dt = -c / tau_c",
    .on_pre = "w = clip(w - B * c * (1 + C * b), w_lo, w_hi)\na = 0.5 * a + 1\nb += 1",
    .on_post = "w = min(w + A * a, w_hi)\nc = 0.7 * c + 1",
};

/* A train of spike steps and the traces just after each spike. */
typedef struct train {
    int64_t *step;
    size_t n;
    double (*after)[2];
} train;

/* The trace values just after each spike of tr: before = after of the
 * previous spike decayed, then the rule's jump (pre: a = a/2 + 1, b + 1;
 * post: c = 0.7 c + 1, d + 1). */
static void jumps(train *tr, bool pre, double dt)
{
    const double tau[2] = {pre ? 15.0 : 25.0, pre ? 60.0 : 90.0};
    tr->after = malloc((tr->n + 1) * sizeof *tr->after);
    double x[2] = {0.0, 0.0};
    for (size_t k = 0; k < tr->n; k++) {
        for (int m = 0; k && m < 2; m++)
            x[m] *= exp(-(double)(tr->step[k] - tr->step[k - 1]) * dt / tau[m]);
        x[0] = pre ? 0.5 * x[0] + 1.0 : 0.7 * x[0] + 1.0;
        x[1] += 1.0;
        tr->after[k][0] = x[0];
        tr->after[k][1] = x[1];
    }
}

/* The traces of tr at step t from its spikes strictly before t. */
static void traces_at(const train *tr, bool pre, int64_t t, double dt, double out[2])
{
    const double tau[2] = {pre ? 15.0 : 25.0, pre ? 60.0 : 90.0};
    out[0] = out[1] = 0.0;
    for (size_t k = tr->n; k-- > 0;)
        if (tr->step[k] < t) {
            for (int m = 0; m < 2; m++)
                out[m] = tr->after[k][m] * exp(-(double)(t - tr->step[k]) * dt / tau[m]);
            return;
        }
}

/* The weight of one synapse by the definition: presynaptic spikes at
 * steps p, postsynaptic spikes reaching the synapse at q + D; in time
 * order, an arrival before a presynaptic spike of the same step (which
 * neither sees: each reads the other side's traces from the spikes
 * strictly before).  on_post reads the pre traces at the arrival and the
 * post traces just before the post spike; on_pre the pre traces just
 * before its spike and the post traces at p - D.  The weight is stored in
 * single precision after each presynaptic spike, as the synapse keeps it.
 * Steps are those of the recorded times (a spike of step s is recorded at
 * (s + 1) dt): the weight read after a run to step `end` includes the
 * arrivals up to step end - 1, here up to `end`. */
static double definition(bool one_post, double w, const train *pre, const train *post, int64_t D, int64_t end,
                         double dt, int *clips)
{
    const double A = 0.02, B = 0.015, C = 0.3;
    size_t i = 0, j = 0;
    while (i < post->n || j < pre->n) {
        bool arrival = i < post->n && (j == pre->n || post->step[i] + D <= pre->step[j]);
        double x[2], y[2], before = w;
        if (arrival) {
            int64_t a = post->step[i] + D;
            if (a > end)
                break;
            traces_at(pre, true, a, dt, x);
            traces_at(post, false, post->step[i], dt, y);
            if (one_post) {
                w = fmin(w + A * x[0], 0.2);
            } else {
                w += y[1] > 1.5 ? A * x[0] * x[1] * 0.5 : A * x[0];
                w = fmin(fmax(w - 0.0001 * (y[1] + 1.0), -0.2), 0.2);
            }
            i++;
        } else {
            traces_at(pre, true, pre->step[j], dt, x);
            traces_at(post, false, pre->step[j] - D, dt, y);
            w = (float)fmin(fmax(w - B * y[0] * (1.0 + C * x[1]), -0.2), 0.2);
            j++;
        }
        *clips += fabs(w) > 0.2 - 1e-7 && fabs(before) < 0.2 - 1e-7;
    }
    return (float)w;
}

/* Steps of neuron `who` among recorded spikes. */
static train train_of(const double *t, const uint32_t *ids, size_t n, uint32_t who, double dt)
{
    train tr = {malloc((n + 1) * sizeof *tr.step), 0, NULL};
    for (size_t s = 0; s < n; s++)
        if (ids[s] == who)
            tr.step[tr.n++] = llround(t[s] / dt);
    return tr;
}

/* Four Poisson sources (25 Hz) onto 80 neurons (rows of 80: a block of 64
 * and one of 16) that fire when their own Poisson drivers (20 Hz) say,
 * all-to-all with delays uniform in [0.5, 4] ms or one delay of 1.5 ms:
 * every weight equals the definition's to 1e-6 (weights near 1 are
 * floats: 6e-8 apart; the engine's decays exp(-h / tau) are computed as
 * exp(-rate h), which may round a float the other way now and then). */
Test(eq_plasticity, a_general_rule_follows_its_definition, .timeout = 60)
{
    const double dt = 0.1, T = 1500.0;
    int clips = 0, cases = 0;
    for (int c = 0; c < 3; c++) {
        const bool one_post = c > 0, one_delay = c == 2;
        ax_network *net = new_net(dt, 21 + c, c == 1 ? 2 : 1);
        OK(net, ax_plasticity_define_equations(net, "g", one_post ? &general_one : &general));
        ax_population src, post, drive;
        OK(net, ax_population_add(net, "src", "SpikeSourcePoisson", 4, &src));
        OK(net, ax_population_set_param(net, src, "rate", ax_value_constant(25.0)));
        OK(net, ax_population_add(net, "drive", "SpikeSourcePoisson", 80, &drive));
        OK(net, ax_population_set_param(net, drive, "rate", ax_value_constant(20.0)));
        OK(net, ax_population_add(net, "post", "IF_curr_delta", 80, &post));
        ax_connector one = ax_connector_one_to_one(), all = ax_connector_all_to_all();
        OK(net, ax_projection_add(net, drive, post, &one, "excitatory", ax_value_constant(100.0),
                                  ax_value_constant(dt), NULL));
        ax_plasticity r = equations_rule("g", NULL);
        ax_projection proj;
        OK(net, ax_projection_add_plastic(net, src, post, &all, "excitatory", ax_value_uniform(-0.15, 0.15),
                                          one_delay ? ax_value_constant(1.5) : ax_value_uniform(0.5, 4.0), &r, &proj));
        ax_recorder rs, rq;
        OK(net, ax_recorder_add_spikes(net, src, AX_ALL_NEURONS, &rs));
        OK(net, ax_recorder_add_spikes(net, post, AX_ALL_NEURONS, &rq));
        /* the initial weights, before any spike */
        OK(net, ax_network_build(net));
        size_t n = ax_projection_get_size(net, proj);
        cr_assert_eq(n, 4 * 80);
        double *w0 = malloc(n * sizeof *w0), *w = malloc(n * sizeof *w), *d = malloc(n * sizeof *d);
        uint32_t *from = malloc(n * sizeof *from), *to = malloc(n * sizeof *to);
        OK(net, ax_projection_get_synapses(net, proj, from, to, w0, d));
        OK(net, ax_network_run(net, T));
        OK(net, ax_projection_get_synapses(net, proj, NULL, NULL, w, NULL));
        size_t np, nq;
        const double *tp, *tq;
        const uint32_t *ip, *iq;
        OK(net, ax_recorder_get_spikes(net, rs, &np, &tp, &ip));
        OK(net, ax_recorder_get_spikes(net, rq, &nq, &tq, &iq));
        cr_assert(np > 4 * 25 && nq > 80 * 20, "spikes %zu, %zu", np, nq);
        double worst = 0.0;
        size_t moved = 0;
        for (size_t q = 0; q < n; q++) {
            train a = train_of(tp, ip, np, from[q], dt), b = train_of(tq, iq, nq, to[q], dt);
            jumps(&a, true, dt);
            jumps(&b, false, dt);
            double want = definition(one_post, w0[q], &a, &b, llround(d[q] / dt), llround(T / dt), dt, &clips);
            worst = fmax(worst, fabs(w[q] - want));
            cr_assert(fabs(w[q] - want) < 1e-6, "case %d, synapse %u -> %u (delay %g): w %.9g, definition %.9g", c,
                      from[q], to[q], d[q], w[q], want);
            moved += fabs(w[q] - w0[q]) > 1e-3;
            free(a.step), free(a.after), free(b.step), free(b.after);
            cases++;
        }
        cr_assert(moved > n * 9 / 10, "case %d: the weights moved (%zu of %zu by more than 1e-3)", c, moved, n);
        cr_log_info("general rule, case %d: %zu synapses, max |w - definition| %.2g", c, n, worst);
        free(w0), free(w), free(d), free(from), free(to);
        ax_network_free(net);
    }
    cr_assert(clips > 20, "the weights reach the bounds (%d times)", clips);
    cr_log_info("general rule: %d synapses, bounds reached %d times", cases, clips);
}

/* ------------------------------------------------------------------ */
/* Learning switch and rate                                            */
/* ------------------------------------------------------------------ */

/* The rate scales each change of w: half the window at 0.5 (the bounds
 * are far), nothing at 0. */
Test(eq_plasticity, learning_rate_scales_each_change, .timeout = 60)
{
    check_window(NULL, 0.01, 0.0105, 20.0, 20.0, 0.01, 0.5);
    ax_plasticity r = equations_rule("stdp", NULL);
    for (int lag = -20; lag <= 20; lag += 10) {
        double d, dw = pair_change(&r, 0.005, lag, 0.0, &d);
        cr_assert(dw == 0.0, "rate 0, lag %d: dw %g", lag, dw);
    }
}

/* Learning off: no weight moves while the network keeps firing; back on,
 * they move again; the same weights with 1 and 2 threads. */
Test(eq_plasticity, learning_off_freezes_the_weights, .timeout = 60)
{
    double *w[2] = {NULL, NULL};
    size_t n = 0;
    for (int threads = 1; threads <= 2; threads++) {
        ax_projection proj[2];
        ax_recorder rec;
        ax_network *net = recurrent(ADDITIVE, true, false, threads, NULL, proj, &rec);
        OK(net, ax_network_run(net, 300.0));
        n = ax_projection_get_size(net, proj[0]);
        double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
        OK(net, ax_projection_get_synapses(net, proj[0], NULL, NULL, a, NULL));
        OK(net, ax_projection_set_learning(net, proj[0], false));
        size_t before;
        const double *t;
        const uint32_t *who;
        OK(net, ax_recorder_get_spikes(net, rec, &before, &t, &who));
        OK(net, ax_network_run(net, 300.0));
        size_t fired;
        OK(net, ax_recorder_get_spikes(net, rec, &fired, &t, &who));
        OK(net, ax_projection_get_synapses(net, proj[0], NULL, NULL, b, NULL));
        cr_assert(fired - before > 1000, "the network fired while learning was off (%zu spikes)", fired - before);
        for (size_t q = 0; q < n; q++)
            cr_assert(a[q] == b[q], "synapse %zu moved while learning was off: %g -> %g", q, a[q], b[q]);
        OK(net, ax_projection_set_learning(net, proj[0], true));
        OK(net, ax_network_run(net, 300.0));
        w[threads - 1] = malloc(n * sizeof *w[0]);
        OK(net, ax_projection_get_synapses(net, proj[0], NULL, NULL, w[threads - 1], NULL));
        size_t moved = 0;
        for (size_t q = 0; q < n; q++)
            moved += w[threads - 1][q] != b[q];
        cr_assert(moved > n / 2, "learning back on moves the weights (%zu of %zu)", moved, n);
        free(a);
        free(b);
        ax_network_free(net);
    }
    for (size_t q = 0; q < n; q++)
        cr_assert(w[0][q] == w[1][q], "synapse %zu: %.9g with 1 thread, %.9g with 2", q, w[0][q], w[1][q]);
    free(w[0]);
    free(w[1]);
}

/* ------------------------------------------------------------------ */
/* Weight recorders                                                    */
/* ------------------------------------------------------------------ */

/* A weight recorder samples the weights as ax_projection_get_synapses
 * would give them after a run ending at the sample (the potentiation
 * waiting for the next presynaptic spike included): equal to a network
 * run in pieces and read after each, and to the built-in rule's samples.
 * Spike-pair additive with one delay and the triplet rule with random
 * delays, 2 threads. */
Test(eq_plasticity, weight_recorders_see_the_pending_changes, .timeout = 60)
{
    const double every = 50.0, T = 1000.0;
    const size_t pieces = (size_t)(T / every);
    for (int c = 0; c < 2; c++) {
        const int k = c ? TRIPLET : ADDITIVE;
        const double *values[2];
        size_t n_samples[2], n_syn = 0;
        ax_network *nets[2];
        for (int eq = 0; eq < 2; eq++) {
            ax_projection proj[2];
            ax_recorder rec, wr;
            nets[eq] = recurrent(k, eq, !c, 2, NULL, proj, &rec);
            ax_weight_spec spec = {.synapses = AX_ALL_SYNAPSES, .interval_ms = every};
            OK(nets[eq], ax_recorder_add_weights(nets[eq], proj[0], &spec, &wr));
            OK(nets[eq], ax_network_run(nets[eq], T));
            const double *times;
            const uint64_t *which;
            OK(nets[eq], ax_recorder_get_weights(nets[eq], wr, &n_samples[eq], &n_syn, &times, &values[eq], &which));
            cr_assert(n_samples[eq] >= pieces, "%zu samples", n_samples[eq]);
            for (size_t s = 0; s < pieces; s++)
                cr_assert(fabs(times[s] - every * s) < 1e-9, "sample %zu at %g ms", s, times[s]);
        }
        cr_assert(memcmp(values[0], values[1], pieces * n_syn * sizeof *values[0]) == 0,
                  "%s: the samples equal the built-in's", rule_names[k]);
        /* the same network run in pieces */
        ax_projection proj[2];
        ax_recorder rec;
        ax_network *net = recurrent(k, true, !c, 2, NULL, proj, &rec);
        double *w = malloc(n_syn * sizeof *w);
        size_t changes = 0;
        for (size_t s = 0; s < pieces; s++) {
            if (s)
                OK(net, ax_network_run(net, every));
            else
                OK(net, ax_network_build(net));
            OK(net, ax_projection_get_synapses(net, proj[0], NULL, NULL, w, NULL));
            for (size_t q = 0; q < n_syn; q++) {
                cr_assert(w[q] == values[1][s * n_syn + q], "%s: sample at %g ms, synapse %zu: %.9g, read after a run "
                          "to there %.9g", rule_names[k], every * s, q, values[1][s * n_syn + q], w[q]);
                changes += s && w[q] != values[1][(s - 1) * n_syn + q];
            }
        }
        cr_assert(changes > n_syn, "%s: the weights change between samples (%zu changes)", rule_names[k], changes);
        cr_log_info("%s: %zu samples of %zu weights as read after runs to there", rule_names[k], pieces, n_syn);
        free(w);
        ax_network_free(net);
        ax_network_free(nets[0]);
        ax_network_free(nets[1]);
    }
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Every check of src/equations/rule.c, with the part, line and column
 * it names. */
Test(eq_plasticity, each_mistake_gets_its_message)
{
    const ax_plasticity_equations base = {
        .parameters = "A = 0.01\ntau = 20 : ms (> 0)",
        .pre = "dx/dt = -x / tau",
        .post = "dy/dt = -y / tau",
        .on_pre = "x += 1; w -= A * y",
        .on_post = "y += 1; w += A * x",
    };
    enum { PARAMS, PRE, POST, ON_PRE, ON_POST };
    const struct { int field; const char *text, *message; } cases[] = {
        {PRE, "dx/dt = 1 - x", "pre:1:1: a trace decays exponentially between spikes: write dx/dt = -x / tau with tau "
                               "an expression of parameters"},
        {PRE, "dx/dt = -x / (tau * x)", "pre:1:1: a trace decays exponentially"},
        {PRE, "dx/dt = x / tau", "pre:1:1: trace 'x' decays at -0.05 per ms with the default parameters: must be "
                                 "finite and >= 0"},
        {PRE, "x = 1", "pre:1:1: expected a trace: dX/dt = -X / tau"},
        {PRE, "dx/dt = -x / tau\ndx2/dt = -x2 / tau\ndx3/dt = -x3 / tau", "pre:3:1: at most 2 presynaptic traces"},
        {POST, "dy/dt = -y / tau\ndy2/dt = -y2 / tau\ndy3/dt = -y3 / tau", "post:3:1: at most 2 postsynaptic traces"},
        {PRE, "dx/dt = -x / tau\ndx/dt = -x / tau", "pre:2:1: 'x' is defined twice"},
        {PRE, "dA/dt = -A / tau", "pre:1:1: 'A' is defined twice"},
        {PRE, "dx/dt = -x / tua", "pre:1:14: unknown name 'tua' (did you mean 'tau'?)"},
        {ON_PRE, "x += 1; y += 1; w -= A * y", "on_pre:1:14: on_pre sets 'y', a postsynaptic trace: it may set the "
                                               "presynaptic traces and w"},
        {ON_POST, "x += 1; w += A * x", "on_post:1:6: on_post sets 'x', a presynaptic trace: it may set the "
                                        "postsynaptic traces and w"},
        {ON_PRE, "x = w; w -= A * y", "on_pre:1:5: the new 'x' depends on w: a trace belongs to a neuron, not to one "
                                      "synapse"},
        {ON_PRE, "x += y; w -= A * y", "on_pre:1:6: the new 'x' depends on 'y', a trace of the other neuron"},
        {ON_POST, "y = y + x; w += A * x", "on_post:1:7: the new 'y' depends on 'x', a trace of the other neuron"},
        {ON_PRE, "x += 1; w = log(w - 1)", "on_pre:1:13: the new w is not finite with the default parameters, traces "
                                           "0 and w = 0.5"},
        {ON_POST, "y += 1; w = w / (A - 0.01)", "on_post:1:15: the new w is not finite"},
        {ON_PRE, "x += 1; w -= A * yy", "on_pre:1:18: unknown name 'yy' (did you mean 'y'?)"},
        {ON_PRE, "x += 1; w -= A * y; tau = 3", "on_pre:1:21: 'tau' is a parameter (parameters are constant)"},
        {ON_PRE, "x += 1; w -= A * y * t", "on_pre:1:22: unknown name 't'"},
        {PRE, "dx/dt = -x * tau", "pre:1:12: unit mismatch: the right side of dx/dt is in ms, but must be in 1/ms"},
        {POST, "dy/dt = -y * A", "post:1:12: unit mismatch: the right side of dy/dt is in 1, but must be in 1/ms"},
        {ON_PRE, "x += tau; w -= A * y", "on_pre:1:6: unit mismatch: '+' adds 1 and ms"},
        {ON_POST, "y += 1; w += A * x + tau", "on_post:1:20: unit mismatch: '+' adds 1 and ms"},
        {PARAMS, "A = 0.01\ntau = 20 : ms\nw = 1", "parameters:3:1: 'w' is the weight: give the parameter another "
                                                 "name"},
        {PRE, "dx/dt = -x / tau\ndw/dt = -w / tau", "pre:2:1: 'w' is the weight: give the trace another name"},
        {PARAMS, "A = 0.01\ntau = 20 : Hz", "parameters:2:12: unit 'Hz': 'Hz' is not one of axon's units"},
        {PARAMS, "A = 0.01\ntau = -20 : ms (> 0)", "parameters:2:7: the default -20 of 'tau' is outside its bounds"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ax_network *net = new_net(0.1, 1, 1);
        ax_plasticity_equations q = base;
        const char **field[] = {&q.parameters, &q.pre, &q.post, &q.on_pre, &q.on_post};
        *field[cases[k].field] = cases[k].text;
        FAILS(net, ax_plasticity_define_equations(net, "r", &q), AX_ERR_ARGUMENT, cases[k].message);
        cr_assert(strstr(ax_network_get_error(net), "define plasticity equations 'r': "), "%s",
                  ax_network_get_error(net));
        ax_network_free(net);
    }
    ax_network *net = new_net(0.1, 1, 1);
    ax_plasticity_equations q = base;
    q.on_pre = "x += 1", q.on_post = "y += 1";
    FAILS(net, ax_plasticity_define_equations(net, "r", &q), AX_ERR_ARGUMENT,
          "define plasticity equations 'r': the rule never changes w: set it in on_pre or on_post");
    FAILS(net, ax_plasticity_define_equations(net, "r", &(ax_plasticity_equations){0}), AX_ERR_ARGUMENT,
          "the rule never changes w");
    FAILS(net, ax_plasticity_define_equations(net, "2r", &base), AX_ERR_ARGUMENT, "'2r' is not an identifier");
    OK(net, ax_plasticity_define_equations(net, "r", &base));
    FAILS(net, ax_plasticity_define_equations(net, "r", &base), AX_ERR_ARGUMENT, "a rule of that name exists already");
    ax_population a, b;
    OK(net, ax_population_add(net, "a", "SpikeSourcePoisson", 2, &a));
    OK(net, ax_population_add(net, "b", "IF_curr_exp", 2, &b));
    ax_connector c = ax_connector_all_to_all();
    ax_plasticity r = equations_rule("nope", NULL);
    FAILS(net, ax_projection_add_plastic(net, a, b, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0),
                                         &r, NULL),
          AX_ERR_ARGUMENT, "connect plastic: rule 'nope' is not defined on this network (rules: r)");
    r = equations_rule(NULL, NULL);
    FAILS(net, ax_projection_add_plastic(net, a, b, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0),
                                         &r, NULL),
          AX_ERR_ARGUMENT, "timing AX_STDP_EQUATIONS needs `rule`");
    r = ax_plasticity_defaults();
    r.rule_params = "A = 1";
    FAILS(net, ax_projection_add_plastic(net, a, b, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0),
                                         &r, NULL),
          AX_ERR_ARGUMENT, "rule_params is for rules written as equations");
    ax_network_free(net);
}

/* A rule written as equations bounds w as its statements say (clip, min,
 * max), not by ax_plasticity's w_min and w_max, which it does not read:
 * weights outside [w_min, w_max] are taken when connecting and when set
 * later, and the rule's own clip holds them. */
Test(eq_plasticity, weights_are_bounded_by_the_rule_not_by_w_min_w_max)
{
    ax_network *net = new_net(0.1, 3, 1);
    const ax_plasticity_equations signed_rule = {
        .pre = "dx/dt = -x / 20",
        .post = "dy/dt = -y / 20",
        .on_pre = "x += 1; w = clip(w - 0.1 * y, -2, 2)",
        .on_post = "y += 1; w = clip(w + 0.1 * x, -2, 2)",
    };
    OK(net, ax_plasticity_define_equations(net, "signed", &signed_rule));
    ax_population a, b;
    OK(net, ax_population_add(net, "a", "SpikeSourcePoisson", 2, &a));
    OK(net, ax_population_add(net, "b", "IF_curr_exp", 2, &b));
    OK(net, ax_population_set_param(net, a, "rate", ax_value_constant(50.0)));
    ax_connector c = ax_connector_all_to_all();
    ax_plasticity r = equations_rule("signed", NULL);   /* w_min 0, w_max 1: not the rule's */
    ax_projection proj;
    OK(net, ax_projection_add_plastic(net, a, b, &c, "excitatory", ax_value_constant(1.5), ax_value_constant(1.0), &r,
                                      &proj));
    OK(net, ax_network_run(net, 10.0));
    const double w[] = {-1.5, 1.8, 0.0, 2.0};
    OK(net, ax_projection_set_weights(net, proj, w, 4));
    OK(net, ax_projection_set_synapse_weight(net, proj, 0, 1, -2.0));
    double back[4];
    OK(net, ax_projection_get_synapses(net, proj, NULL, NULL, back, NULL));
    cr_assert(back[0] == -1.5 && back[1] == -2.0 && back[2] == 0.0 && back[3] == 2.0, "weights %g %g %g %g", back[0],
              back[1], back[2], back[3]);
    OK(net, ax_network_run(net, 500.0));
    OK(net, ax_projection_get_synapses(net, proj, NULL, NULL, back, NULL));
    for (int q = 0; q < 4; q++)
        cr_assert(back[q] >= -2.0 && back[q] <= 2.0, "synapse %d: %g within the rule's clip", q, back[q]);
    /* a histogram of the weights needs its range: [w_min, w_max] would be [0, 1] here */
    ax_weight_spec hist = {.interval_ms = 10.0, .bins = 8};
    FAILS(net, ax_recorder_add_weights(net, proj, &hist, NULL), AX_ERR_ARGUMENT,
          "rule signed is written as equations, which bound w in their statements, not by w_min and w_max: give the "
          "histogram's range (low < high)");
    hist.low = -2.0, hist.high = 2.0;
    ax_recorder rec;
    OK(net, ax_recorder_add_weights(net, proj, &hist, &rec));
    OK(net, ax_network_run(net, 20.0));
    size_t n_samples, bins;
    const double *times, *edges;
    const uint64_t *counts;
    OK(net, ax_recorder_get_weight_histogram(net, rec, &n_samples, &bins, &times, &counts, &edges));
    cr_assert(bins == 8 && edges[0] == -2.0 && edges[8] == 2.0 && n_samples >= 2);
    uint64_t total = 0;
    for (size_t k = 0; k < bins; k++)
        total += counts[k];
    cr_assert_eq(total, 4, "the 4 weights counted once");
    ax_network_free(net);
}

/* Delays set at t = 0 (ax_projection_set_delays) make the projection
 * what the build would have made of them: built with random delays and
 * set to one delay, the post trace is stepped as in a network built with
 * that delay (same weights and spikes; its checkpoint restores into the
 * other). */
Test(eq_plasticity, delays_set_at_the_start_run_as_if_built_so, .timeout = 60)
{
    ax_projection pa[2], pb[2];
    ax_recorder ra, rb;
    ax_network *a = recurrent(ADDITIVE, true, false, 1, NULL, pa, &ra);
    ax_network *b = recurrent(ADDITIVE, true, true, 1, NULL, pb, &rb);
    OK(a, ax_network_build(a));
    const double one = 1.5;
    for (int k = 0; k < 2; k++)
        OK(a, ax_projection_set_delays(a, pa[k], &one, 1));
    OK(a, ax_network_run(a, 500.0));
    OK(b, ax_network_run(b, 500.0));
    outcome x = collect(a, pa, ra), y = collect(b, pb, rb);
    cr_assert_eq(weights_differ(&x, &y), 0, "the weights of delays set to 1.5 ms equal those built with it");
    same_spikes(&x, &y, "delays set vs built");
    outcome_free(&x);
    outcome_free(&y);
    ax_network_free(a);
    ax_network_free(b);
    /* the same delay set again: a checkpoint of it fits a network built with it */
    char path[] = "/tmp/axon-eqr-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    a = recurrent(ADDITIVE, true, true, 1, NULL, pa, &ra);
    OK(a, ax_network_build(a));
    OK(a, ax_projection_set_delays(a, pa[0], &one, 1));
    OK(a, ax_network_run(a, 100.0));
    OK(a, ax_network_save_state(a, path));
    b = recurrent(ADDITIVE, true, true, 1, NULL, pb, &rb);
    OK(b, ax_network_restore_state(b, path));
    ax_network_free(a);
    ax_network_free(b);
    unlink(path);
}

/* A checkpoint knows which rule, written how and with which parameters,
 * its plastic state belongs to: it restores into the network that saved
 * it, not into one whose rule of the same name is written differently or
 * has other parameters; and a projection reads its rule_params back. */
Test(eq_plasticity, checkpoints_know_the_rule, .timeout = 60)
{
    char path[] = "/tmp/axon_eq_rule_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    ax_projection proj[2];
    ax_recorder rec;
    ax_network *net = recurrent(ADDITIVE, true, true, 1, "A_plus = 0.02", proj, &rec);
    ax_projection_info info;
    OK(net, ax_projection_get_info(net, proj[0], &info));
    cr_assert_str_eq(info.rule.rule, "additive");
    cr_assert_str_eq(info.rule.rule_params, "w_max = 0.04, A_plus = 0.02");
    OK(net, ax_network_run(net, 100.0));
    OK(net, ax_network_save_state(net, path));
    ax_network_free(net);

    net = recurrent(ADDITIVE, true, true, 1, "A_plus = 0.02", proj, &rec);
    OK(net, ax_network_restore_state(net, path));
    ax_network_free(net);

    net = recurrent(ADDITIVE, true, true, 1, "A_plus = 0.03", proj, &rec);
    FAILS(net, ax_network_restore_state(net, path), AX_ERR_ARGUMENT,
          "rule 'additive' is written differently, or has other parameters, in the file");
    ax_network_free(net);
    remove(path);
}

/* A projection with a rule written as equations that is declared but
 * never built frees what its declaration made (the code, the parameters:
 * the sanitizer build of the suite finds a leak), and so does a network
 * freed after its runs. */
Test(eq_plasticity, declared_rules_are_freed, .timeout = 60)
{
    ax_projection proj[2];
    ax_recorder rec;
    ax_network *net = recurrent(ADDITIVE, true, true, 1, "A_plus = 0.02", proj, &rec);
    ax_projection_info info;
    OK(net, ax_projection_get_info(net, proj[0], &info));
    cr_assert_str_eq(info.rule.rule_params, "w_max = 0.04, A_plus = 0.02");
    ax_network_free(net);   /* never built */
    net = recurrent(ADDITIVE, true, true, 1, "A_plus = 0.02", proj, &rec);
    OK(net, ax_network_run(net, 50.0));
    OK(net, ax_projection_get_info(net, proj[0], &info));
    cr_assert_str_eq(info.rule.rule_params, "w_max = 0.04, A_plus = 0.02", "kept through the build");
    ax_network_free(net);
}

/* ------------------------------------------------------------------ */
/* The compiled rule                                                   */
/* ------------------------------------------------------------------ */

/* Every operation the language has, in on_pre and on_post, two traces a
 * side (scalar.c's code, compiled by src/equations/jit_rule.c). */
static const ax_plasticity_equations zoo = {
    .parameters = "tau_a = 17 : ms (> 0)\ntau_b = 60 : ms (> 0)\ntau_c = 23 : ms (> 0)\ntau_d = 90 : ms (> 0)\n"
                  "A = 0.03\nw_lo = -0.3\nw_hi = 0.3\n",
    .pre = "da/dt = -a / tau_a\ndb/dt = -b / tau_b",
    .post = "dc/dt = -c / tau_c\ndd/dt = -d / tau_d",
    .on_pre = "w = clip(w - A * (c ** 2 + sqrt(abs(d)) * tanh(b) - exp(-a) / (1 + c ** -3)), w_lo, w_hi)\n"
              "a += 1\nb = 0.5 * b + 1",
    .on_post = "if d > 1.2 and not (a < 0.1 or c >= 3) then\n"
               "  w += A * log(1 + a) * sin(b) + A * cos(d) * (a ** 1.5) - A * floor(c) / 7\n"
               "else\n"
               "  w = max(w, -w / 2) + A * exprel(a - 1) * (b != 0) - A * (d <= 0.5) * sinh(c) / cosh(d)\n"
               "end\n"
               "w = min(w_hi, max(w_lo, w + A * (c == 0) - A * vtrap(a - 1, 2) / 10))\nc += 1\nd = 0.8 * d + 1",
};

/* The zoo on four Poisson sources all-to-all onto 80 driven neurons
 * (random delays, learning rate 0.7); mode "0": the interpreter, "wait":
 * compiled before the first step, "async": compiled while the first 10 ms
 * run.  The final weights in w (the initial ones in w0 unless NULL); the
 * compiled functions alive at the end. */
static unsigned run_zoo(const char *mode, int threads, double *w, double *w0, size_t *n)
{
    bool async = !strcmp(mode, "async");
    setenv("AXON_JIT", async ? "1" : mode, 1);
    const double dt = 0.1;
    ax_network *net = new_net(dt, 5, threads);
    OK(net, ax_plasticity_define_equations(net, "zoo", &zoo));
    ax_population src, post, drive;
    OK(net, ax_population_add(net, "src", "SpikeSourcePoisson", 4, &src));
    OK(net, ax_population_set_param(net, src, "rate", ax_value_constant(30.0)));
    OK(net, ax_population_add(net, "drive", "SpikeSourcePoisson", 80, &drive));
    OK(net, ax_population_set_param(net, drive, "rate", ax_value_constant(25.0)));
    OK(net, ax_population_add(net, "post", "IF_curr_delta", 80, &post));
    ax_connector one = ax_connector_one_to_one(), all = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, drive, post, &one, "excitatory", ax_value_constant(100.0), ax_value_constant(dt),
                              NULL));
    ax_plasticity r = equations_rule("zoo", NULL);
    ax_projection proj;
    OK(net, ax_projection_add_plastic(net, src, post, &all, "excitatory", ax_value_uniform(-0.2, 0.2),
                                      ax_value_uniform(0.5, 4.0), &r, &proj));
    OK(net, ax_projection_set_learning_rate(net, proj, 0.7));
    if (w0) {
        OK(net, ax_network_build(net));
        OK(net, ax_projection_get_synapses(net, proj, NULL, NULL, w0, NULL));
    }
    if (async) {
        OK(net, ax_network_run(net, 10.0));
        eq_jit_wait();
        OK(net, ax_network_run(net, 990.0));
    } else {
        OK(net, ax_network_run(net, 1000.0));
    }
    *n = ax_projection_get_size(net, proj);
    OK(net, ax_projection_get_synapses(net, proj, NULL, NULL, w, NULL));
    unsigned compiled = eq_jit_count();
    ax_network_free(net);
    unsetenv("AXON_JIT");
    return compiled;
}

/* The compiled rule gives the interpreter's weights bit for bit (memcmp
 * of all 320), compiled before the first step or while the model runs, 1
 * and 2 threads; the weights moved and hit the bounds, so the operations
 * ran on values that matter. */
Test(eq_plasticity, the_compiled_rule_gives_the_interpreters_bits, .timeout = 120)
{
    static double slow[320], fast[320], w0[320];
    size_t n;
    cr_assert_eq(run_zoo("0", 1, slow, w0, &n), 0, "AXON_JIT=0 compiles nothing");
    cr_assert_eq(n, 320);
    int moved = 0, bounded = 0;
    for (size_t q = 0; q < n; q++) {
        cr_assert(isfinite(slow[q]), "synapse %zu: w %g", q, slow[q]);
        bounded += fabs(slow[q]) > 0.3 - 1e-6;
    }
    const char *modes[3] = {"wait", "async", "wait"};
    for (int m = 0; m < 3; m++) {
        int threads = m == 2 ? 2 : 1;
        unsigned compiled = run_zoo(modes[m], threads, fast, NULL, &n);
#ifdef AX_JIT
        cr_assert_gt(compiled, 0, "%s: the rule was not compiled", modes[m]);
#else
        (void)compiled;
        cr_log_warn("built without libgccjit: the compiled rule is not tested");
#endif
        if (threads == 2)
            run_zoo("0", 2, slow, NULL, &n);
        for (size_t q = 0; q < n; q++)
            cr_assert(!memcmp(&fast[q], &slow[q], sizeof fast[q]), "%s, %d threads, synapse %zu: compiled %.17g, "
                      "interpreter %.17g", modes[m], threads, q, fast[q], slow[q]);
    }
    for (size_t q = 0; q < n; q++)
        moved += fabs(slow[q] - w0[q]) > 1e-3;
    cr_assert(moved > 300, "the weights moved (%d of 320 by more than 1e-3)", moved);
    cr_assert(bounded > 5, "weights at the bounds: %d", bounded);
    cr_log_info("zoo rule: %d of 320 weights moved, %d at a bound", moved, bounded);
}
