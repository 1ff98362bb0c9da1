/*
 * Linear integrate-and-fire models against their closed-form solutions:
 * membrane response to a DC step, the shape of one postsynaptic potential,
 * the first spike time under DC, adaptation.  Tolerance: 1e-9 of the
 * response's peak (exact integration should be good to ~1e-13).
 *
 * Weights are stored in single precision (8 bytes per synapse), so the
 * closed forms use the weight as stored, (double)(float)w: the tests
 * measure the integration, not the storage (relative 6e-8).
 */
#include "helpers.h"

#define TOL 1e-9

/* Largest |a - b| over a trace, relative to the largest |b|. */
static double rel_error(const double *t, const double *v, size_t n, double v_rest,
                        double (*exact)(double t, const void *), const void *arg, double *peak_out)
{
    double worst = 0, peak = 0;
    for (size_t s = 0; s < n; s++) {
        double e = exact(t[s], arg);
        worst = fmax(worst, fabs((v[s] - v_rest) - e));
        peak = fmax(peak, fabs(e));
    }
    if (peak_out)
        *peak_out = peak;
    return worst / peak;
}

typedef struct lif {
    double tau_m, cm, tau_s, amp, t_on, t_off, w, t0;
} lif;

/* DC step of amplitude amp on [t_on, t_off) from rest. */
static double dc_step(double t, const void *arg)
{
    const lif *p = arg;
    double A = p->amp * p->tau_m / p->cm;
    if (t <= p->t_on)
        return 0;
    if (t <= p->t_off)
        return A * (1 - exp(-(t - p->t_on) / p->tau_m));
    return A * (1 - exp(-(p->t_off - p->t_on) / p->tau_m)) * exp(-(t - p->t_off) / p->tau_m);
}

/* PSP of an exponential current w exp(-(t-t0)/tau_s), textbook form, in
 * long double: near tau_s == tau_m it cancels (the case axon's own
 * propagator is written to avoid), and 64-bit mantissas keep the reference
 * accurate to ~1e-12 there. */
static double psp_exp(double t, const void *arg)
{
    const lif *p = arg;
    long double u = (long double)t - p->t0, tm = p->tau_m, ts = p->tau_s;
    if (u <= 0)
        return 0;
    if (p->tau_s == p->tau_m)
        return (double)(p->w / p->cm * u * expl(-u / tm));
    return (double)(p->w / p->cm * ts * tm / (tm - ts) * (expl(-u / tm) - expl(-u / ts)));
}

/* PSP of an alpha current w (u/tau_s) exp(1 - u/tau_s). */
static double psp_alpha(double t, const void *arg)
{
    const lif *p = arg;
    double u = t - p->t0;
    if (u <= 0)
        return 0;
    double d = 1 / p->tau_s - 1 / p->tau_m;
    double integral = (1 - exp(-u * d) * (1 + u * d)) / (d * d);
    return p->w * M_E / (p->cm * p->tau_s) * exp(-u / p->tau_m) * integral;
}

/* PSP of a voltage jump w at t0. */
static double psp_delta(double t, const void *arg)
{
    const lif *p = arg;
    double u = t - p->t0;
    return u < -1e-9 ? 0 : p->w * exp(-u / p->tau_m);
}

/* One neuron of `model` with tau_m, cm and (if any) synaptic time
 * constants set, threshold out of reach. */
static ax_population one_neuron(ax_network *net, const char *model, const lif *p)
{
    ax_population pop;
    OK(net, ax_population_add(net, "n", model, 1, &pop));
    OK(net, ax_population_set_param(net, pop, "tau_m", ax_value_constant(p->tau_m)));
    OK(net, ax_population_set_param(net, pop, "cm", ax_value_constant(p->cm)));
    OK(net, ax_population_set_param(net, pop, "v_thresh", ax_value_constant(1000)));
    if (strcmp(model, "IF_curr_delta") != 0) {
        OK(net, ax_population_set_param(net, pop, "tau_syn_E", ax_value_constant(p->tau_s)));
        OK(net, ax_population_set_param(net, pop, "tau_syn_I", ax_value_constant(p->tau_s)));
    }
    return pop;
}

static void check_dc(const char *model)
{
    lif p = {.tau_m = 15, .cm = 0.5, .tau_s = 2, .amp = 0.4, .t_on = 20, .t_off = 60};
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop = one_neuron(net, model, &p);
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = p.amp, .start = p.t_on, .stop = p.t_off};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &dc, NULL));
    probe pr = probe_neuron(net, pop, "v");
    OK(net, ax_network_run(net, 100));
    size_t n, c;
    const double *t, *v;
    OK(net, ax_recorder_get_trace(net, pr.v, &n, &c, &t, &v, NULL));
    cr_assert_eq(n, 1000);
    double peak, err = rel_error(t, v, n, -65.0, dc_step, &p, &peak);
    cr_assert(err < TOL, "%s DC step: relative error %g (peak %g mV)", model, err, peak);
    cr_assert(peak > 10, "the response is large enough to mean something");
    ax_network_free(net);
}

Test(lif, dc_step_response_curr_exp) { check_dc("IF_curr_exp"); }
Test(lif, dc_step_response_curr_alpha) { check_dc("IF_curr_alpha"); }
Test(lif, dc_step_response_curr_delta) { check_dc("IF_curr_delta"); }
Test(lif, dc_step_response_curr_exp_sfa) { check_dc("IF_curr_exp_sfa"); }

static void check_psp(const char *model, double tau_s, double (*exact)(double, const void *))
{
    lif p = {.tau_m = 15, .cm = 0.5, .tau_s = tau_s, .w = (double)(float)0.7, .t0 = 10.0 + 1.5};
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop = one_neuron(net, model, &p);
    double times[] = {10.0};
    spike_input(net, pop, "src", "excitatory", times, 1, p.w, 1.5);
    probe pr = probe_neuron(net, pop, "v");
    OK(net, ax_network_run(net, 120));
    size_t n, c;
    const double *t, *v;
    OK(net, ax_recorder_get_trace(net, pr.v, &n, &c, &t, &v, NULL));
    double peak, err = rel_error(t, v, n, -65.0, exact, &p, &peak);
    cr_assert(err < TOL, "%s PSP (tau_s %g): relative error %g of peak %g mV", model, tau_s, err, peak);
    cr_assert(peak > 0.1);
    ax_network_free(net);
}

Test(lif, psp_curr_exp) { check_psp("IF_curr_exp", 2.0, psp_exp); }
Test(lif, psp_curr_exp_equal_time_constants) { check_psp("IF_curr_exp", 15.0, psp_exp); }
Test(lif, psp_curr_exp_near_equal_time_constants) { check_psp("IF_curr_exp", 15.0 * (1 + 1e-7), psp_exp); }
Test(lif, psp_curr_alpha) { check_psp("IF_curr_alpha", 0.5, psp_alpha); }
Test(lif, psp_curr_alpha_slow) { check_psp("IF_curr_alpha", 8.0, psp_alpha); }
Test(lif, psp_curr_delta) { check_psp("IF_curr_delta", 0, psp_delta); }

/* The alpha current itself peaks at the weight, tau_syn after arrival. */
Test(lif, alpha_current_peaks_at_weight)
{
    lif p = {.tau_m = 15, .cm = 0.5, .tau_s = 2.0};
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop = one_neuron(net, "IF_curr_alpha", &p);
    double times[] = {5.0};
    spike_input(net, pop, "src", "excitatory", times, 1, 0.3, 1.0);
    probe pr = probe_neuron(net, pop, "isyn_exc");
    OK(net, ax_network_run(net, 20));
    size_t n, c;
    const double *t, *x;
    OK(net, ax_recorder_get_trace(net, pr.v, &n, &c, &t, &x, NULL));
    size_t best = 0;
    for (size_t s = 0; s < n; s++)
        if (x[s] > x[best])
            best = s;
    cr_assert_float_eq(t[best], 6.0 + 2.0, 1e-9, "peak at %g ms", t[best]);
    cr_assert_float_eq(x[best], (double)(float)0.3, 1e-12, "peak %g nA", x[best]);
    ax_network_free(net);
}

/* Time for v to go from v0 to theta under constant input towards v_inf. */
static double crossing(double tau, double v0, double v_inf, double theta)
{
    return -tau * log((v_inf - theta) / (v_inf - v0));
}

Test(lif, first_spike_times_under_dc)
{
    /* IF_curr_exp defaults: v_rest -65, v_thresh -50, v_reset -65, tau_m 20,
     * cm 1; tau_refrac 2 ms. */
    double I = 1.0, tau = 20, v_inf = -65 + I * tau / 1.0, dt = 0.1;
    ax_network *net = new_net(dt, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", "IF_curr_exp", 1, &pop));
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_constant(I)));
    OK(net, ax_population_set_param(net, pop, "tau_refrac", ax_value_constant(2.0)));
    OK(net, ax_population_set_param(net, pop, "v_reset", ax_value_constant(-70.0)));
    probe pr = probe_neuron(net, pop, "v");
    OK(net, ax_network_run(net, 100));
    size_t n;
    const double *ts;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, pr.spikes, &n, &ts, &ids));
    cr_assert(n >= 3);
    /* first: from rest; a spike is reported at the end of the step in
     * which v crosses the threshold */
    double t1 = crossing(tau, -65, v_inf, -50);
    cr_assert(fabs(t1 / dt - round(t1 / dt)) > 1e-6, "crossing not on the grid");
    cr_assert_float_eq(ts[0], ceil(t1 / dt) * dt, 1e-9, "first spike %g, exact crossing %g", ts[0], t1);
    /* next: v is held at v_reset for 20 steps, then rises from v_reset */
    double t2 = ts[0] + 2.0 + crossing(tau, -70, v_inf, -50);
    cr_assert_float_eq(ts[1], ceil(t2 / dt - 1e-9) * dt, 1e-9, "second spike %g, exact %g", ts[1], t2);
    cr_assert_float_eq(ts[2] - ts[1], ts[1] - ts[0], 1e-9, "regular firing");
    ax_network_free(net);
}

Test(lif, refractory_period_holds_v_and_discards_delta_input)
{
    /* IF_curr_delta discards input while refractory (NEST iaf_psc_delta). */
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", "IF_curr_delta", 1, &pop));
    OK(net, ax_population_set_param(net, pop, "tau_refrac", ax_value_constant(5.0)));
    double times[] = {1.0, 2.0, 20.0};   /* +20 mV: fires at 2.0 (arrives 1.0 + 1.0) */
    spike_input(net, pop, "src", "excitatory", times, 3, 20.0, 1.0);
    probe pr = probe_neuron(net, pop, "v");
    OK(net, ax_network_run(net, 30));
    size_t n, c;
    const double *t, *v, *ts;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, pr.spikes, &n, &ts, &ids));
    cr_assert_eq(n, 2, "the input at 3.0 ms falls in the refractory period and is lost");
    cr_assert_float_eq(ts[0], 2.0, 1e-9);
    cr_assert_float_eq(ts[1], 21.0, 1e-9);
    OK(net, ax_recorder_get_trace(net, pr.v, &n, &c, &t, &v, NULL));
    for (size_t s = 0; s < n; s++)
        if (t[s] > 2.0 - 1e-9 && t[s] < 7.0 - 1e-9)
            cr_assert_float_eq(v[s], -65.0, 1e-12, "held at v_reset at %g ms", t[s]);
    ax_network_free(net);
}

/* Per-neuron parameters (the heterogeneous code path) against the closed
 * form of each neuron. */
Test(lif, per_neuron_parameters)
{
    double taus[3] = {5.0, 12.0, 40.0}, cms[3] = {0.2, 1.0, 0.7};
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", "IF_curr_exp", 3, &pop));
    OK(net, ax_population_set_param(net, pop, "tau_m", ax_value_array(taus, 3)));
    OK(net, ax_population_set_param(net, pop, "cm", ax_value_array(cms, 3)));
    OK(net, ax_population_set_param(net, pop, "v_thresh", ax_value_constant(1000)));
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 0.3, .start = 0};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &dc, NULL));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 0.5, &rec));
    OK(net, ax_network_run(net, 50));
    size_t n, c;
    const double *t, *v;
    const uint32_t *cols;
    OK(net, ax_recorder_get_trace(net, rec, &n, &c, &t, &v, &cols));
    cr_assert_eq(c, 3);
    cr_assert_eq(n, 100);
    for (size_t k = 0; k < 3; k++) {
        lif p = {.tau_m = taus[k], .cm = cms[k], .amp = 0.3, .t_on = 0, .t_off = 1e9};
        for (size_t s = 0; s < n; s++) {
            double e = dc_step(t[s], &p);
            cr_assert(fabs(v[s * c + k] + 65.0 - e) <= TOL * fabs(e) + 1e-12, "neuron %zu at %g: %g vs %g", k,
                      t[s], v[s * c + k] + 65, e);
        }
    }
    ax_network_free(net);
}

/* IF_curr_exp_sfa: an adaptation current w0 decays with tau_w and pulls v
 * down like an exponential current of -w0. */
Test(lif, adaptation_current_closed_form)
{
    lif p = {.tau_m = 15, .cm = 0.5, .tau_s = 100.0, .w = -0.2, .t0 = 0};
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop = one_neuron(net, "IF_curr_exp_sfa", &p);
    OK(net, ax_population_set_param(net, pop, "tau_w", ax_value_constant(100.0)));
    OK(net, ax_population_set_state(net, pop, "w", ax_value_constant(0.2)));
    probe pr = probe_neuron(net, pop, "v");
    OK(net, ax_network_run(net, 200));
    size_t n, c;
    const double *t, *v;
    OK(net, ax_recorder_get_trace(net, pr.v, &n, &c, &t, &v, NULL));
    double err = rel_error(t, v, n, -65.0, psp_exp, &p, NULL);
    cr_assert(err < TOL, "relative error %g", err);
    ax_network_free(net);
}

Test(lif, adaptation_increment_per_spike)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", "IF_curr_exp_sfa", 1, &pop));
    OK(net, ax_population_set_param(net, pop, "b", ax_value_constant(0.1)));
    OK(net, ax_population_set_param(net, pop, "tau_w", ax_value_constant(50.0)));
    OK(net, ax_population_set_param(net, pop, "tau_syn_E", ax_value_constant(0.1)));
    double times[] = {10.0};
    spike_input(net, pop, "src", "excitatory", times, 1, 200.0, 1.0);   /* a brief kick: one spike */
    probe pr = probe_neuron(net, pop, "w");
    OK(net, ax_network_run(net, 100));
    size_t n, c, ns;
    const double *t, *w, *ts;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, pr.spikes, &ns, &ts, &ids));
    cr_assert_eq(ns, 1);
    OK(net, ax_recorder_get_trace(net, pr.v, &n, &c, &t, &w, NULL));
    for (size_t s = 0; s < n; s++) {
        double e = t[s] < ts[0] - 1e-9 ? 0 : 0.1 * exp(-(t[s] - ts[0]) / 50.0);
        cr_assert_float_eq(w[s], e, 1e-12, "w at %g ms", t[s]);
    }
    ax_network_free(net);
}
