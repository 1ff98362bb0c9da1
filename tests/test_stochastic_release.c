/*
 * Stochastic release (ax_plasticity.release_probability): each spike
 * crosses each synapse with probability p, independently per synapse and
 * per spike.  Every transmission is seen as a spike of its own target (an
 * IF_curr_delta that a single PSP makes fire), so the Bernoulli outcomes
 * can be read back one by one.  Checked: the fraction against p (binomial
 * tolerances), p = 0 and 1 exactly, independence between synapses,
 * between spikes and between projections, thread-count independence
 * (also combined with STDP and Tsodyks-Markram), a reset repeating a run,
 * a checkpoint continuing it, that failures still count as presynaptic
 * spikes for STDP and Tsodyks-Markram, and bad values refused.
 */
#include <unistd.h>

#include "helpers.h"

#define DT 0.1
#define PERIOD 2.0     /* ms between the source's spikes */
#define FIRST 1.0      /* its first spike */
#define DELAY 1.0

typedef struct rel_net {
    ax_network *net;
    ax_population src, tgt[2];
    ax_projection proj[2];
    ax_recorder rec[2];
    uint32_t n;         /* targets (one synapse each) */
    size_t m;           /* source spikes */
} rel_net;

/* One source firing m times, PERIOD apart, onto n_proj populations of n
 * IF_curr_delta each, one synapse per target (weight 20 mV: one PSP makes
 * it fire), by projections with release probability p. */
static rel_net make(double p, int threads, int n_proj, uint32_t n, size_t m, uint64_t seed)
{
    rel_net r = {.n = n, .m = m};
    r.net = new_net(DT, seed, threads);
    double *times = malloc(m * sizeof *times);
    for (size_t k = 0; k < m; k++)
        times[k] = FIRST + PERIOD * (double)k;
    OK(r.net, ax_population_add(r.net, "src", "SpikeSourceArray", 1, &r.src));
    OK(r.net, ax_population_set_spike_times(r.net, r.src, 0, times, m));
    free(times);
    ax_plasticity rule = ax_plasticity_defaults();
    rule.timing = AX_STDP_NONE;   /* release alone ... */
    rule.release_probability = p;
    rule.w_max = 100.0;
    if (p == 1.0)   /* ... which with p = 1 changes nothing (refused): spike pairs that change nothing */
        rule.timing = AX_STDP_SPIKE_PAIR, rule.A_plus = rule.A_minus = 0.0;
    for (int q = 0; q < n_proj; q++) {
        OK(r.net, ax_population_add(r.net, q ? "b" : "a", "IF_curr_delta", n, &r.tgt[q]));
        ax_connector c = ax_connector_all_to_all();
        OK(r.net, ax_projection_add_plastic(r.net, r.src, r.tgt[q], &c, "excitatory", ax_value_constant(20.0),
                                            ax_value_constant(DELAY), &rule, &r.proj[q]));
        OK(r.net, ax_recorder_add_spikes(r.net, r.tgt[q], AX_ALL_NEURONS, &r.rec[q]));
    }
    return r;
}

/* The outcomes of projection q: x[spike * n + target] = 1 where transmitted. */
static unsigned char *outcomes(const rel_net *r, int q)
{
    unsigned char *x = calloc(r->m * r->n, 1);
    size_t n;
    const double *t;
    const uint32_t *who;
    OK(r->net, ax_recorder_get_spikes(r->net, r->rec[q], &n, &t, &who));
    for (size_t k = 0; k < n; k++) {
        double at = (t[k] - FIRST - DELAY) / PERIOD;
        long s = lround(at);
        cr_assert(s >= 0 && (size_t)s < r->m && fabs(at - (double)s) < 0.1, "target spike at %g ms", t[k]);
        cr_assert(!x[(size_t)s * r->n + who[k]], "two target spikes for one source spike");
        x[(size_t)s * r->n + who[k]] = 1;
    }
    return x;
}

static double run_time(const rel_net *r) { return FIRST + PERIOD * (double)r->m + 5.0; }

/* The fraction transmitted is p within 5 binomial standard deviations,
 * overall and per synapse (each Binomial(m, p)); p = 0 transmits nothing
 * and p = 1 everything. */
Test(stochastic_release, fraction_matches_p)
{
    const double ps[] = {0.0, 0.1, 0.3, 0.75, 1.0};
    for (size_t k = 0; k < sizeof ps / sizeof *ps; k++) {
        const double p = ps[k];
        rel_net r = make(p, 1, 1, 50, 400, 7);
        OK(r.net, ax_network_run(r.net, run_time(&r)));
        unsigned char *x = outcomes(&r, 0);
        size_t total = 0, worst_dev = 0;
        double worst = 0;
        for (uint32_t j = 0; j < r.n; j++) {
            size_t c = 0;
            for (size_t s = 0; s < r.m; s++)
                c += x[s * r.n + j];
            total += c;
            double sd = sqrt((double)r.m * p * (1 - p)), dev = fabs((double)c - (double)r.m * p);
            if (p == 0.0 || p == 1.0)
                cr_assert(c == (p == 0.0 ? 0 : r.m), "p = %g: synapse %u transmitted %zu of %zu", p, j, c, r.m);
            else
                cr_assert(dev < 5 * sd, "p = %g: synapse %u transmitted %zu of %zu (sd %.1f)", p, j, c, r.m, sd);
            if (sd > 0 && dev / sd > worst)
                worst = dev / sd, worst_dev = c;
        }
        const double N = (double)r.m * r.n, sd = sqrt(N * p * (1 - p));
        cr_assert(fabs((double)total - N * p) <= 5 * sd, "p = %g: %zu of %.0f transmitted (sd %.1f)", p, total, N, sd);
        cr_log_info("p = %g: %zu of %.0f transmitted (expected %.0f +- %.1f); worst synapse %zu (%.2f sd)", p, total,
                    N, N * p, sd, worst_dev, worst);
        free(x);
        ax_network_free(r.net);
    }
}

/* Independence: over pairs of neighbouring synapses, the same synapse at
 * consecutive spikes, and the same synapse of two projections with the
 * same connectivity, both transmit with frequency p^2 (not p, as fully
 * correlated draws would give), within 6 standard deviations (pairs
 * sharing a synapse are not independent: a margin over 5). */
Test(stochastic_release, draws_are_independent)
{
    const double p = 0.4;
    rel_net r = make(p, 1, 2, 60, 500, 11);
    OK(r.net, ax_network_run(r.net, run_time(&r)));
    unsigned char *a = outcomes(&r, 0), *b = outcomes(&r, 1);
    size_t both_syn = 0, n_syn = 0, both_time = 0, n_time = 0, both_proj = 0, n_proj = 0;
    for (size_t s = 0; s < r.m; s++)
        for (uint32_t j = 0; j < r.n; j++) {
            if (j + 1 < r.n)
                both_syn += a[s * r.n + j] & a[s * r.n + j + 1], n_syn++;
            if (s + 1 < r.m)
                both_time += a[s * r.n + j] & a[(s + 1) * r.n + j], n_time++;
            both_proj += a[s * r.n + j] & b[s * r.n + j], n_proj++;
        }
    const struct { const char *what; size_t both, n; } c[] = {
        {"neighbouring synapses", both_syn, n_syn},
        {"consecutive spikes", both_time, n_time},
        {"two projections", both_proj, n_proj},
    };
    for (int k = 0; k < 3; k++) {
        double q = p * p, sd = sqrt((double)c[k].n * q * (1 - q)), want = (double)c[k].n * q;
        cr_assert(fabs((double)c[k].both - want) < 6 * sd, "%s: both transmitted %zu times of %zu, want %.0f +- %.1f",
                  c[k].what, c[k].both, c[k].n, want, sd);
        cr_log_info("independence, %s: both %zu of %zu (p^2: %.0f +- %.1f)", c[k].what, c[k].both, c[k].n, want, sd);
    }
    free(a);
    free(b);
    ax_network_free(r.net);
}

/* A larger network with every delivery path: per-synapse delays (spike
 * pairs, the stepped trace off), one delay (stepped), Gutig's sequential
 * steps, Tsodyks-Markram alone and on top of STDP, release alone. */
static ax_network *mixed(int threads, double p, ax_projection *proj, ax_recorder *rec)
{
    ax_network *net = new_net(DT, 21, threads);
    ax_population src, tgt;
    OK(net, ax_population_add(net, "src", "SpikeSourcePoisson", 40, &src));
    OK(net, ax_population_set_param(net, src, "rate", ax_value_constant(30.0)));
    OK(net, ax_population_add(net, "tgt", "IF_curr_exp", 37, &tgt));
    for (int q = 0; q < 5; q++) {
        ax_plasticity r = ax_plasticity_defaults();
        r.release_probability = p;
        r.w_max = 2.0;
        r.A_plus = 0.05, r.A_minus = 0.06;
        if (q == 2)
            r.weight = AX_STDP_GUTIG;
        if (q == 3)
            r.timing = AX_STDP_NONE;
        if (q == 3 || q == 4)
            r.tsodyks_markram = true, r.U = 0.3, r.tau_facil = 50.0;
        ax_value d = q == 1 ? ax_value_constant(1.0) : ax_value_uniform(0.5, 3.0);
        ax_connector c = ax_connector_fixed_probability(0.5);
        OK(net, ax_projection_add_plastic(net, src, tgt, &c, "excitatory", ax_value_uniform(0.5, 1.5), d, &r,
                                          &proj[q]));
    }
    OK(net, ax_recorder_add_spikes(net, tgt, AX_ALL_NEURONS, rec));
    return net;
}

typedef struct mixed_out {
    size_t n_spk;
    double *t;
    uint32_t *who;
    size_t n_w[5];
    double *w[5];
} mixed_out;

static mixed_out collect(ax_network *net, const ax_projection *proj, ax_recorder rec)
{
    mixed_out o;
    const double *t;
    const uint32_t *who;
    OK(net, ax_recorder_get_spikes(net, rec, &o.n_spk, &t, &who));
    o.t = malloc((o.n_spk + 1) * sizeof *o.t);
    o.who = malloc((o.n_spk + 1) * sizeof *o.who);
    memcpy(o.t, t, o.n_spk * sizeof *t);
    memcpy(o.who, who, o.n_spk * sizeof *who);
    for (int q = 0; q < 5; q++) {
        o.n_w[q] = ax_projection_get_size(net, proj[q]);
        o.w[q] = malloc((o.n_w[q] + 1) * sizeof *o.w[q]);
        OK(net, ax_projection_get_synapses(net, proj[q], NULL, NULL, o.w[q], NULL));
    }
    return o;
}

static void out_free(mixed_out *o)
{
    free(o->t);
    free(o->who);
    for (int q = 0; q < 5; q++)
        free(o->w[q]);
}

/* Spikes from `from` ms on equal, bit for bit, and the final weights. */
static void same(const mixed_out *a, const mixed_out *b, double from, const char *what)
{
    size_t ka = 0;
    while (ka < a->n_spk && a->t[ka] < from + 1e-9)
        ka++;
    cr_assert_eq(a->n_spk - ka, b->n_spk, "%s: %zu spikes, %zu", what, a->n_spk - ka, b->n_spk);
    for (size_t k = 0; k < b->n_spk; k++)
        cr_assert(a->t[ka + k] == b->t[k] && a->who[ka + k] == b->who[k], "%s: spike %zu differs", what, k);
    for (int q = 0; q < 5; q++) {
        cr_assert_eq(a->n_w[q], b->n_w[q]);
        for (size_t k = 0; k < a->n_w[q]; k++)
            cr_assert(a->w[q][k] == b->w[q][k], "%s: projection %d synapse %zu: %.9g, %.9g", what, q, k, a->w[q][k],
                      b->w[q][k]);
    }
}

/* 1 and 2 threads give the same spikes and weights; release changes them
 * (p = 0.5 against 1). */
Test(stochastic_release, identical_for_any_thread_count)
{
    ax_projection proj[5];
    ax_recorder rec;
    mixed_out o[3];
    for (int k = 0; k < 3; k++) {
        ax_network *net = mixed(k == 1 ? 2 : 1, k == 2 ? 1.0 : 0.5, proj, &rec);
        OK(net, ax_network_run(net, 500.0));
        o[k] = collect(net, proj, rec);
        ax_network_free(net);
    }
    cr_assert(o[0].n_spk > 100, "the targets fire (%zu spikes)", o[0].n_spk);
    same(&o[0], &o[1], -1.0, "1 and 2 threads");
    cr_assert(o[2].n_spk > o[0].n_spk, "release 0.5 fewer spikes than 1: %zu, %zu", o[0].n_spk, o[2].n_spk);
    cr_log_info("mixed network: %zu target spikes with release 0.5 (1 and 2 threads alike), %zu with 1", o[0].n_spk,
                o[2].n_spk);
    for (int k = 0; k < 3; k++)
        out_free(&o[k]);
}

/* A run after a reset repeats the first; a checkpoint saved with one
 * thread and restored with two continues as the uninterrupted run. */
Test(stochastic_release, reset_repeats_and_checkpoint_continues)
{
    ax_projection proj[5];
    ax_recorder rec;
    ax_network *net = mixed(1, 0.5, proj, &rec);
    OK(net, ax_network_run(net, 300.0));
    mixed_out whole = collect(net, proj, rec);
    OK(net, ax_network_reset(net));
    OK(net, ax_network_run(net, 300.0));
    mixed_out again = collect(net, proj, rec);
    same(&whole, &again, -1.0, "after a reset");
    ax_network_free(net);

    char path[] = "/tmp/axon_release_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    net = mixed(1, 0.5, proj, &rec);
    OK(net, ax_network_run(net, 120.0));
    OK(net, ax_network_save_state(net, path));
    ax_network_free(net);
    net = mixed(2, 0.5, proj, &rec);
    OK(net, ax_network_restore_state(net, path));
    OK(net, ax_network_run(net, 180.0));
    mixed_out rest = collect(net, proj, rec);
    same(&whole, &rest, 120.0, "restored checkpoint");
    ax_network_free(net);
    unlink(path);
    out_free(&whole);
    out_free(&again);
    out_free(&rest);
}

/* Failures still count as presynaptic spikes: spike-pair STDP moves the
 * weight with p = 0 exactly as with p = 1 (the synapse is far below
 * threshold, so what it delivers does not change the postsynaptic spikes);
 * Tsodyks-Markram's u and x advance at failures, so the transmitted PSPs
 * are w u_n x_n with n counting every presynaptic spike. */
Test(stochastic_release, failures_still_count_for_plasticity)
{
    double w_end[2];
    for (int k = 0; k < 2; k++) {
        ax_network *net = new_net(DT, 5, 1);
        ax_population pre, post;
        double tp[40], tq[40];
        for (int s = 0; s < 40; s++)
            tp[s] = 5.0 + 10.0 * s, tq[s] = 8.0 + 10.0 * s + (s % 3) * 3.0;
        OK(net, ax_population_add(net, "pre", "SpikeSourceArray", 1, &pre));
        OK(net, ax_population_set_spike_times(net, pre, 0, tp, 40));
        OK(net, ax_population_add(net, "post", "IF_curr_delta", 1, &post));
        spike_input(net, post, "drive", "excitatory", tq, 40, 100.0, DT);
        ax_plasticity r = ax_plasticity_defaults();
        r.release_probability = k == 0 ? 0.0 : 1.0;
        ax_connector c = ax_connector_all_to_all();
        ax_projection proj;
        OK(net, ax_projection_add_plastic(net, pre, post, &c, "excitatory", ax_value_constant(0.5),
                                          ax_value_constant(DELAY), &r, &proj));
        OK(net, ax_network_run(net, 420.0));
        OK(net, ax_projection_get_synapses(net, proj, NULL, NULL, &w_end[k], NULL));
        ax_network_free(net);
    }
    cr_assert(w_end[0] == w_end[1] && w_end[0] != 0.5, "STDP with p = 0: %.9g, p = 1: %.9g", w_end[0], w_end[1]);

    ax_plasticity r = ax_plasticity_defaults();
    r.timing = AX_STDP_NONE;
    r.tsodyks_markram = true;
    r.U = 0.2, r.tau_rec = 300.0, r.tau_facil = 200.0;
    r.release_probability = 0.5;
    ax_network *net = new_net(DT, 3, 1);
    ax_population pre, post;
    double times[30];
    for (int n = 0; n < 30; n++)
        times[n] = 10.0 + 20.0 * n;
    OK(net, ax_population_add(net, "pre", "SpikeSourceArray", 1, &pre));
    OK(net, ax_population_set_spike_times(net, pre, 0, times, 30));
    OK(net, ax_population_add(net, "post", "IF_curr_delta", 1, &post));
    OK(net, ax_population_set_param(net, post, "tau_m", ax_value_constant(1e12)));
    OK(net, ax_population_set_param(net, post, "v_thresh", ax_value_constant(1e6)));
    ax_connector c = ax_connector_all_to_all();
    const double w = 2.0;
    OK(net, ax_projection_add_plastic(net, pre, post, &c, "excitatory", ax_value_constant(w), ax_value_constant(DELAY), &r,
                                      NULL));
    ax_recorder rv;
    OK(net, ax_recorder_add_state(net, post, "v", AX_ALL_NEURONS, 0, &rv));
    OK(net, ax_network_run(net, 640.0));
    size_t n, cols;
    const double *t, *v;
    OK(net, ax_recorder_get_trace(net, rv, &n, &cols, &t, &v, NULL));
    /* the jump of each spike's arrival step (spike at t, arrival t + DELAY, seen in the sample after) */
    double u = 0, x = 1, worst = 0;
    int sent = 0;
    for (int m = 0; m < 30; m++) {
        if (m == 0)
            u = r.U, x = 1.0;
        else {
            x = 1.0 + (x - u * x - 1.0) * exp(-20.0 / r.tau_rec);
            u = r.U + u * (1.0 - r.U) * exp(-20.0 / r.tau_facil);
        }
        double jump = 0;
        for (size_t s = 1; s < n; s++)
            if (t[s] > times[m] + 0.5 && t[s] < times[m] + 10.0)
                jump += v[s] - v[s - 1];
        if (fabs(jump) > 1e-9) {
            sent++;
            worst = fmax(worst, fabs(jump - w * u * x));
        }
    }
    cr_assert(sent > 0 && sent < 30, "some spikes transmitted, some not: %d of 30", sent);
    cr_assert(worst < 1e-9, "a transmitted PSP is off the recursion over all spikes by %g", worst);
    cr_log_info("STDP with p = 0 moved w to %.6f as with p = 1; Tsodyks-Markram with p = 0.5: %d of 30 PSPs, "
                "max |PSP - recursion| %.2g", w_end[0], sent, worst);
    ax_network_free(net);
}

/* Probabilities outside [0, 1] (or NaN) are refused; p = 1 alone changes nothing. */
Test(stochastic_release, bad_probability_refused)
{
    const double bad[] = {-0.1, 1.5, NAN, INFINITY};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        ax_plasticity r = ax_plasticity_defaults();
        r.release_probability = bad[k];
        char msg[256];
        cr_assert_eq(ax_plasticity_validate(&r, msg, sizeof msg), AX_ERR_ARGUMENT, "p = %g accepted", bad[k]);
        cr_assert(strstr(msg, "release_probability") && strstr(msg, "must be in [0, 1]"), "message: %s", msg);
        ax_network *net = new_net(DT, 1, 1);
        ax_population a, b;
        OK(net, ax_population_add(net, "a", "SpikeSourceArray", 1, &a));
        OK(net, ax_population_add(net, "b", "IF_curr_delta", 1, &b));
        ax_connector c = ax_connector_all_to_all();
        FAILS(net, ax_projection_add_plastic(net, a, b, &c, "excitatory", ax_value_constant(0.5), ax_value_constant(1.0), &r,
                                             NULL),
              AX_ERR_ARGUMENT, "release_probability");
        ax_network_free(net);
    }
    ax_plasticity r = ax_plasticity_defaults();
    r.timing = AX_STDP_NONE;
    char msg[256];
    cr_assert_eq(ax_plasticity_validate(&r, msg, sizeof msg), AX_ERR_ARGUMENT);
    cr_assert(strstr(msg, "release_probability below 1"), "message: %s", msg);
    r.release_probability = 0.0;
    cr_assert_eq(ax_plasticity_validate(&r, msg, sizeof msg), AX_OK, "release alone: %s", msg);
}

/* A model file's synapse = { release_probability = p } is the C API's rule,
 * bit for bit; values outside [0, 1] are refused with the field's name. */
Test(stochastic_release, model_file_equals_the_api)
{
    const char *text = "[simulation]\ndt = 0.1\nseed = 9\nthreads = 1\n"
                       "[populations.in]\nmodel = \"SpikeSourcePoisson\"\nsize = 20\nparams = { rate = 30.0 }\n"
                       "[populations.out]\nmodel = \"IF_curr_delta\"\nsize = 30\n"
                       "[[projections]]\nname = \"ff\"\nfrom = \"in\"\nto = \"out\"\nreceptor = \"excitatory\"\n"
                       "connector = { all_to_all = true }\nweight = 20.0\ndelay = 1.0\n"
                       "synapse = { release_probability = 0.3 }\n";
    ax_error err;
    ax_modelfile *mf = ax_modelfile_load_string(text, "r.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(mf, "%s", err.message);
    ax_network *a = ax_modelfile_get_network(mf);
    ax_recorder ra;
    OK(a, ax_recorder_add_spikes(a, 1, AX_ALL_NEURONS, &ra));
    OK(a, ax_network_run(a, 300.0));

    ax_network *b = new_net(DT, 9, 1);
    ax_population in, out;
    OK(b, ax_population_add(b, "in", "SpikeSourcePoisson", 20, &in));
    OK(b, ax_population_set_param(b, in, "rate", ax_value_constant(30.0)));
    OK(b, ax_population_add(b, "out", "IF_curr_delta", 30, &out));
    ax_plasticity r = ax_plasticity_defaults();
    r.timing = AX_STDP_NONE;
    r.release_probability = 0.3;
    ax_connector c = ax_connector_all_to_all();
    OK(b, ax_projection_add_plastic(b, in, out, &c, "excitatory", ax_value_constant(20.0), ax_value_constant(1.0), &r,
                                    NULL));
    ax_recorder rb;
    OK(b, ax_recorder_add_spikes(b, out, AX_ALL_NEURONS, &rb));
    OK(b, ax_network_run(b, 300.0));
    size_t na, nb;
    const double *ta, *tb;
    const uint32_t *wa, *wb;
    OK(a, ax_recorder_get_spikes(a, ra, &na, &ta, &wa));
    OK(b, ax_recorder_get_spikes(b, rb, &nb, &tb, &wb));
    cr_assert(na > 100 && na == nb, "model file %zu spikes, API %zu", na, nb);
    for (size_t k = 0; k < na; k++)
        cr_assert(ta[k] == tb[k] && wa[k] == wb[k], "spike %zu differs", k);
    ax_modelfile_free(mf);
    ax_network_free(b);

    char bad[2048];
    snprintf(bad, sizeof bad, "%.*s{ release_probability = 1.5 }\n", (int)(strstr(text, "{ release") - text), text);
    cr_assert_null(ax_modelfile_load_string(bad, "r.toml", "/tmp", NULL, 0, &err));
    cr_assert(strstr(err.message, "release_probability = 1.5: must be in [0, 1]"), "%s", err.message);
}
