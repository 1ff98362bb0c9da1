/*
 * The integration methods of EIF_cond_exp_isfa_ista: RK4 (the model) and
 * its first-order variants _euler and _exp_euler (src/models/adex.h).
 *
 *  - Order of convergence: v and w after 50 ms of a subthreshold AdEx
 *    cell (i_offset 0.4 nA, the exponential term active: v settles near
 *    -58 mV; conductances of 0.02 and 0.01 uS at the start, decaying, so
 *    that the conductance terms count) for dt = 0.1, 0.05, 0.025 and
 *    0.0125 ms (RK4: 0.4 ... 0.05 ms), against RK4 at dt = 0.001 ms (RK4 itself agrees with SciPy's
 *    DOP853 at 1e-12 to 1e-5 mV at dt = 0.1 ms: test_models_ref.c, so the
 *    reference's own error, ~1e-16 of a scale of 1e4 finer, is nil here).
 *    The observed order log2(e(dt) / e(dt / 2)) must be 1 +- 0.15 for the
 *    first-order methods (a method of order 2, or a bug that makes the
 *    error constant, order 0, fails) and >= 3.5 for RK4 (order 4).
 *  - Spiking: under 0.8 nA for 300 ms at dt = 0.01 ms each variant fires as
 *    many spikes as RK4, each within 0.2 ms of RK4's (their O(dt) error);
 *    a variant that dropped the spike current or w would not.
 *  - Speed is not tested here (bench/RESULTS.md).
 */
#include "helpers.h"

static const char *const METHODS[] = {"EIF_cond_exp_isfa_ista", "EIF_cond_exp_isfa_ista_euler",
                                      "EIF_cond_exp_isfa_ista_exp_euler"};

/* v and w of one cell after t_ms at dt. */
static void run_cell(const char *model, double dt, double i_offset, double t_ms, double *v, double *w)
{
    ax_network *net = new_net(dt, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", model, 1, &pop));
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_constant(i_offset)));
    OK(net, ax_population_set_state(net, pop, "gsyn_exc", ax_value_constant(0.02)));
    OK(net, ax_population_set_state(net, pop, "gsyn_inh", ax_value_constant(0.01)));
    OK(net, ax_network_run(net, t_ms));
    OK(net, ax_population_get_values(net, pop, "v", v, 1));
    OK(net, ax_population_get_values(net, pop, "w", w, 1));
    ax_network_free(net);
}

/* dts dt0, dt0 / 2, dt0 / 4, dt0 / 8. */
static void check_order(int method, double dt0, double lo, double hi)
{
    double v_ref, w_ref;
    run_cell(METHODS[0], 0.001, 0.4, 50.0, &v_ref, &w_ref);
    cr_assert(v_ref > -62 && v_ref < -55, "the cell stays subthreshold near -58 mV: v = %g mV", v_ref);
    const double dts[] = {dt0, dt0 / 2, dt0 / 4, dt0 / 8};
    double ev[4], ew[4];
    for (int k = 0; k < 4; k++) {
        double v, w;
        run_cell(METHODS[method], dts[k], 0.4, 50.0, &v, &w);
        ev[k] = fabs(v - v_ref);
        ew[k] = fabs(w - w_ref);
        cr_log_info("%s dt %g: |v - v_ref| = %.3g mV, |w - w_ref| = %.3g nA", METHODS[method], dts[k], ev[k], ew[k]);
    }
    for (int k = 0; k < 3; k++) {
        double ov = log2(ev[k] / ev[k + 1]), ow = log2(ew[k] / ew[k + 1]);
        cr_assert(ov >= lo && ov <= hi, "%s: order in v %.3f from dt %g to %g, expected %g..%g", METHODS[method],
                  ov, dts[k], dts[k + 1], lo, hi);
        cr_assert(ow >= lo && ow <= hi, "%s: order in w %.3f from dt %g to %g, expected %g..%g", METHODS[method],
                  ow, dts[k], dts[k + 1], lo, hi);
    }
}

/* Observed: v errors 7.4e-4, 3.6e-4, 1.8e-4, 8.8e-5 mV (Euler) and 1.8e-3 ...
 * 2.2e-4 mV (exponential Euler) from dt = 0.1 ms, orders 1.00-1.03; RK4
 * from dt = 0.4 ms (at 0.0125 ms its error, 3e-14 mV, is round-off). */
Test(adex_methods, rk4_converges_with_order_four) { check_order(0, 0.4, 3.5, 4.6); }
Test(adex_methods, euler_converges_with_order_one) { check_order(1, 0.1, 0.85, 1.15); }
Test(adex_methods, exp_euler_converges_with_order_one) { check_order(2, 0.1, 0.85, 1.15); }

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

Test(adex_methods, variants_fire_as_rk4_at_small_dt)
{
    double ref[64], t[64];
    size_t n_ref = spike_times(METHODS[0], 0.01, 0.8, 300.0, ref, 64);
    cr_assert(n_ref >= 5, "the cell fires (%zu spikes)", n_ref);
    for (int m = 1; m < 3; m++) {
        size_t n = spike_times(METHODS[m], 0.01, 0.8, 300.0, t, 64);
        cr_assert_eq(n, n_ref, "%s: %zu spikes, RK4 %zu", METHODS[m], n, n_ref);
        double worst = 0;
        for (size_t k = 0; k < n; k++)
            worst = fmax(worst, fabs(t[k] - ref[k]));
        cr_log_info("%s: %zu spikes, max |t - t_rk4| = %g ms", METHODS[m], n, worst);
        cr_assert(worst <= 0.2, "%s: a spike %g ms from RK4's", METHODS[m], worst);
    }
}
