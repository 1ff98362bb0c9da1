/*
 * The integration methods of the conductance-based integrate-and-fire and
 * AdEx models: RK4 (the model) and its first-order variants _euler and
 * _exp_euler (src/models/conductance.h, adex.h), for IF_cond_exp,
 * IF_cond_alpha, EIF_cond_exp_isfa_ista and EIF_cond_alpha_isfa_ista.
 *
 *  - Order of convergence: v (and w) after 50 ms of a subthreshold cell
 *    (i_offset 0.4 nA: v settles near -57 mV (IF) or -58 mV (AdEx, the
 *    exponential term active); conductances of 0.02 and 0.01 uS at the
 *    start, decaying, with a rising part for the alpha kernels (dg 0.001
 *    and 0.004 uS/ms), so that the conductance terms count; no spike) for dt = 0.1,
 *    0.05, 0.025 and 0.0125 ms (RK4: 0.4 ... 0.05 ms), against RK4 at dt =
 *    0.001 ms (RK4 itself agrees with SciPy's DOP853 and NEURON at dt = 0.1
 *    ms: test_models_ref.c, so the reference's own error, ~1e-16 of a scale
 *    of 1e4 finer, is nil here).  The observed order log2(e(dt) / e(dt /
 *    2)) must be 1 +- 0.15 for the first-order methods (a method of order
 *    2, or a bug that makes the error constant, order 0, fails) and >= 3.5
 *    for RK4 (order 4).
 *  - Spiking: under 0.8 nA (IF: 1.0 nA) for 300 ms at dt = 0.01 ms each
 *    variant fires as many spikes as RK4, each within 0.2 ms of RK4's
 *    (their O(dt) error); a variant that dropped a term would not.
 *  - Speed is not tested here (bench/RESULTS.md).
 */
#include "helpers.h"

typedef struct family {
    const char *models[3];   /* RK4, _euler, _exp_euler */
    bool adex, alpha;
    double fire_na;
} family;

static const family FAMILIES[] = {
    {{"IF_cond_exp", "IF_cond_exp_euler", "IF_cond_exp_exp_euler"}, false, false, 1.0},
    {{"IF_cond_alpha", "IF_cond_alpha_euler", "IF_cond_alpha_exp_euler"}, false, true, 1.0},
    {{"EIF_cond_exp_isfa_ista", "EIF_cond_exp_isfa_ista_euler", "EIF_cond_exp_isfa_ista_exp_euler"}, true, false,
     0.8},
    {{"EIF_cond_alpha_isfa_ista", "EIF_cond_alpha_isfa_ista_euler", "EIF_cond_alpha_isfa_ista_exp_euler"}, true, true,
     0.8},
};

/* v and w (0 without) of one cell of family f, method m, after t_ms at dt. */
static void run_cell(const family *f, int m, double dt, double i_offset, double t_ms, double *v, double *w)
{
    ax_network *net = new_net(dt, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", f->models[m], 1, &pop));
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_constant(i_offset)));
    OK(net, ax_population_set_state(net, pop, "gsyn_exc", ax_value_constant(0.02)));
    OK(net, ax_population_set_state(net, pop, "gsyn_inh", ax_value_constant(0.01)));
    if (f->alpha) {
        OK(net, ax_population_set_state(net, pop, "dgsyn_exc", ax_value_constant(0.001)));
        OK(net, ax_population_set_state(net, pop, "dgsyn_inh", ax_value_constant(0.004)));
    }
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, t_ms));
    size_t spikes;
    const double *times;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, rec, &spikes, &times, &ids));
    cr_assert_eq(spikes, 0, "%s at dt %g: the cell must stay subthreshold (%zu spikes)", f->models[m], dt, spikes);
    OK(net, ax_population_get_values(net, pop, "v", v, 1));
    *w = 0.0;
    if (f->adex)
        OK(net, ax_population_get_values(net, pop, "w", w, 1));
    ax_network_free(net);
}

/* dts dt0, dt0 / 2, dt0 / 4, dt0 / 8. */
static void check_order(const family *f, int method, double dt0, double lo, double hi)
{
    double v_ref, w_ref;
    run_cell(f, 0, 0.001, 0.4, 50.0, &v_ref, &w_ref);
    cr_assert(v_ref > -62 && v_ref < -55, "%s: the cell stays subthreshold near -57 mV: v = %g mV", f->models[0],
              v_ref);
    const double dts[] = {dt0, dt0 / 2, dt0 / 4, dt0 / 8};
    double ev[4], ew[4];
    const char *name = f->models[method];
    for (int k = 0; k < 4; k++) {
        double v, w;
        run_cell(f, method, dts[k], 0.4, 50.0, &v, &w);
        ev[k] = fabs(v - v_ref);
        ew[k] = fabs(w - w_ref);
        cr_log_info("%s dt %g: |v - v_ref| = %.3g mV, |w - w_ref| = %.3g nA", name, dts[k], ev[k], ew[k]);
    }
    for (int k = 0; k < 3; k++) {
        double ov = log2(ev[k] / ev[k + 1]);
        cr_assert(ov >= lo && ov <= hi, "%s: order in v %.3f from dt %g to %g, expected %g..%g", name, ov, dts[k],
                  dts[k + 1], lo, hi);
        if (f->adex) {
            double ow = log2(ew[k] / ew[k + 1]);
            cr_assert(ow >= lo && ow <= hi, "%s: order in w %.3f from dt %g to %g, expected %g..%g", name, ow,
                      dts[k], dts[k + 1], lo, hi);
        }
    }
}

/* Observed (AdEx, exponential kernels): v errors 7.4e-4, 3.6e-4, 1.8e-4,
 * 8.8e-5 mV (Euler) and 1.8e-3 ... 2.2e-4 mV (exponential Euler) from dt =
 * 0.1 ms, orders 1.00-1.03; RK4 from dt = 0.4 ms (at 0.0125 ms its error,
 * 3e-14 mV, is round-off).  The others: the test's log. */
static void check_family(int k)
{
    check_order(&FAMILIES[k], 0, 0.4, 3.5, 4.6);
    check_order(&FAMILIES[k], 1, 0.1, 0.85, 1.15);
    check_order(&FAMILIES[k], 2, 0.1, 0.85, 1.15);
}

Test(cond_methods, if_cond_exp_orders_four_one_one) { check_family(0); }
Test(cond_methods, if_cond_alpha_orders_four_one_one) { check_family(1); }
Test(cond_methods, adex_exp_orders_four_one_one) { check_family(2); }
Test(cond_methods, adex_alpha_orders_four_one_one) { check_family(3); }

/* Spike times of one cell under i_offset for t_ms at dt. */
static size_t spike_times(const char *model, double dt, double i_offset, double t_ms, double *out, size_t cap)
{
    ax_network *net = new_net(dt, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", model, 1, &pop));
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_constant(i_offset)));
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, t_ms));
    size_t n;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, rec, &n, &t, &ids));
    cr_assert(n <= cap);
    memcpy(out, t, n * sizeof *t);
    ax_network_free(net);
    return n;
}

Test(cond_methods, variants_fire_as_rk4_at_small_dt)
{
    for (size_t f = 0; f < sizeof FAMILIES / sizeof *FAMILIES; f++) {
        const family *fa = &FAMILIES[f];
        double ref[64], t[64];
        size_t n_ref = spike_times(fa->models[0], 0.01, fa->fire_na, 300.0, ref, 64);
        cr_assert(n_ref >= 5, "%s fires (%zu spikes)", fa->models[0], n_ref);
        for (int m = 1; m < 3; m++) {
            size_t n = spike_times(fa->models[m], 0.01, fa->fire_na, 300.0, t, 64);
            cr_assert_eq(n, n_ref, "%s: %zu spikes, RK4 %zu", fa->models[m], n, n_ref);
            double worst = 0;
            for (size_t k = 0; k < n; k++)
                worst = fmax(worst, fabs(t[k] - ref[k]));
            cr_log_info("%s: %zu spikes, max |t - t_rk4| = %g ms", fa->models[m], n, worst);
            cr_assert(worst <= 0.2, "%s: a spike %g ms from RK4's", fa->models[m], worst);
        }
    }
}
