/*
 * FitzHughNagumo: limit-cycle periods against scipy (DOP853, rtol = atol =
 * 1e-10; tests/reference/make_fitzhugh_nagumo.py, rerun it with
 * /usr/bin/python3 after changing a case here), the fixed point below the
 * Hopf point against the root of the cubic, solved here, the synaptic
 * pulses and the per-neuron parameter path.
 *
 * axon runs at the default dt = 0.1 ms.  Its spikes lie on the grid, so a
 * period taken over ~65 cycles can be off by up to 2 steps / 65 cycles
 * (~1e-4 relative), more than RK4's own error at this step.  Tolerance:
 * the 0.1 % (observed: 6e-6 at I = 0.5, 3e-5 at I = 1).  The fixed
 * point is reached within 1e-8 (observed: 1e-12).
 */
#include "helpers.h"

#define DT 0.1
#define PERIOD_TOL 1e-3   /* relative */
#define T_END 3000.0      /* as the reference */
#define T_SKIP 500.0

static const double A = 0.7, B = 0.8;   /* the defaults */

/* The fixed point: v - v^3/3 - (v + a)/b + I = 0, i.e. v^3 + p v + q = 0
 * with p = 3 (1/b - 1) > 0, q = 3 (a/b - I): one real root (Cardano). */
static void fixed_point(double a, double b, double drive, double *v, double *w)
{
    double p = 3.0 * (1.0 / b - 1.0), q = 3.0 * (a / b - drive);
    double d = sqrt(q * q / 4.0 + p * p * p / 27.0);
    cr_assert(p > 0.0);
    *v = cbrt(-q / 2.0 + d) + cbrt(-q / 2.0 - d);
    *w = (*v + a) / b;
}

static ax_network *fhn_cells(uint32_t n, double dt, ax_population *pop)
{
    ax_network *net = new_net(dt, 1, 1);
    OK(net, ax_population_add(net, "fhn", "FitzHughNagumo", n, pop));
    return net;
}

/* Both currents in one population (per-neuron i_offset), from the I = 0
 * fixed point (the model's initial state, checked here too). */
Test(fitzhugh_nagumo, limit_cycle_period_matches_scipy)
{
    csv_table ref = read_csv("tests/reference/FitzHughNagumo_period.csv");
    cr_assert(ref.rows == 2 && ref.cols == 2);
    double amps[2] = {ref.data[0], ref.data[2]}, v0, w0;
    fixed_point(A, B, 0.0, &v0, &w0);
    const ax_model *m = ax_model_find(NULL, "FitzHughNagumo");
    cr_assert_float_eq(m->vars[0].value, v0, 1e-12, "initial v at the fixed point");
    cr_assert_float_eq(m->vars[1].value, w0, 1e-12, "initial w at the fixed point");
    ax_population pop;
    ax_network *net = fhn_cells(2, DT, &pop);
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_array(amps, 2)));
    ax_recorder rs;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rs));
    OK(net, ax_network_run(net, T_END));
    size_t ns;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, rs, &ns, &t, &ids));
    for (uint32_t k = 0; k < 2; k++) {
        double first = -1, last = -1, count = 0;
        for (size_t s = 0; s < ns; s++)
            if (ids[s] == k && t[s] >= T_SKIP) {
                first = count ? first : t[s];
                last = t[s];
                count++;
            }
        cr_assert(count > 50, "I = %g: %g spikes", amps[k], count);
        double period = (last - first) / (count - 1), want = ref.data[2 * k + 1];
        double e = fabs(period - want) / want;
        cr_assert(e <= PERIOD_TOL, "I = %g: period %.6f ms, scipy %.6f ms", amps[k], period, want);
        cr_log_info("FitzHughNagumo I = %g: period %.5f ms, scipy %.5f ms, relative difference %.2g", amps[k],
                    period, want, e);
    }
    csv_free(&ref);
    ax_network_free(net);
}

/* Below the Hopf point (I = 0.331 with the defaults) the fixed point is
 * stable: no spike, and v, w settle on the root of the cubic.  I = 0 from
 * (0, 0), and I = 0.3, just below the Hopf point (slow damping, rate
 * 0.025 /ms), from its fixed point pushed by 0.1. */
Test(fitzhugh_nagumo, below_hopf_no_spikes_and_fixed_point)
{
    const double amps[2] = {0.0, 0.3};
    double vs[2], ws[2];
    fixed_point(A, B, amps[0], &vs[0], &ws[0]);
    fixed_point(A, B, amps[1], &vs[1], &ws[1]);
    const double v0[2] = {0.0, vs[1] + 0.1}, w0[2] = {0.0, ws[1]};
    ax_population pop;
    ax_network *net = fhn_cells(2, DT, &pop);
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_array(amps, 2)));
    OK(net, ax_population_set_state(net, pop, "v", ax_value_array(v0, 2)));
    OK(net, ax_population_set_state(net, pop, "w", ax_value_array(w0, 2)));
    ax_recorder rs, rv, rw;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rs));
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 1000.0, &rv));
    OK(net, ax_recorder_add_state(net, pop, "w", AX_ALL_NEURONS, 1000.0, &rw));
    OK(net, ax_network_run(net, 1000.0));
    uint64_t count;
    OK(net, ax_population_get_spike_count(net, pop, &count));
    cr_assert_eq(count, 0, "%llu spikes below the Hopf point", (unsigned long long)count);
    size_t n, nc;
    const double *t, *v, *w;
    OK(net, ax_recorder_get_trace(net, rv, &n, &nc, &t, &v, NULL));
    OK(net, ax_recorder_get_trace(net, rw, &n, &nc, &t, &w, NULL));
    cr_assert(n == 1 && nc == 2 && fabs(t[0] - 1000.0) < 1e-9);
    for (int k = 0; k < 2; k++) {
        cr_assert(fabs(v[k] - vs[k]) < 1e-8 && fabs(w[k] - ws[k]) < 1e-8,
                  "I = %g: (v, w) = (%.12f, %.12f), fixed point (%.12f, %.12f)", amps[k], v[k], w[k], vs[k], ws[k]);
        cr_log_info("FitzHughNagumo I = %g: |v - v*| = %.2g, |w - w*| = %.2g after 1000 ms", amps[k],
                    fabs(v[k] - vs[k]), fabs(w[k] - ws[k]));
    }
    ax_network_free(net);
}

/* A pulse adds its weight to v at the end of the step it arrives in (a
 * source spike at T with delay dt: at T + dt): at the fixed point, where
 * the RK4 step leaves v in place, the sample then is v* + weight.  A
 * large pulse from rest sets off one spike (the cell is excitable). */
Test(fitzhugh_nagumo, synaptic_pulses_add_to_v)
{
    ax_population pop;
    ax_network *net = fhn_cells(1, DT, &pop);
    const double t_exc = 10.0 - DT, t_inh = 50.0 - DT, t_big = 100.0 - DT;
    spike_input(net, pop, "exc", "excitatory", &t_exc, 1, 0.25, DT);
    spike_input(net, pop, "inh", "inhibitory", &t_inh, 1, -0.25, DT);
    spike_input(net, pop, "big", "excitatory", &t_big, 1, 1.5, DT);
    probe pr = probe_neuron(net, pop, "v");
    OK(net, ax_network_run(net, 200.0));
    size_t n, nc, ns;
    const double *t, *v, *ts;
    const uint32_t *ids;
    OK(net, ax_recorder_get_trace(net, pr.v, &n, &nc, &t, &v, NULL));
    OK(net, ax_recorder_get_spikes(net, pr.spikes, &ns, &ts, &ids));
    double vs, ws;
    fixed_point(A, B, 0.0, &vs, &ws);
    size_t k_exc = 99, k_inh = 499;   /* samples at 10 and 50 ms */
    cr_assert_float_eq(t[k_exc], 10.0, 1e-9);
    cr_assert_float_eq(t[k_inh], 50.0, 1e-9);
    cr_assert_float_eq(v[k_exc - 1], vs, 1e-12);
    cr_assert_float_eq(v[k_exc], vs + 0.25, 1e-12, "v = %.15f after the pulse", v[k_exc]);
    cr_assert(fabs(v[k_inh - 1] - vs) < 1e-3, "back near rest before the second pulse");
    cr_assert_float_eq(v[k_inh] - v[k_inh - 1], -0.25, 0.01, "the inhibitory pulse lowers v by 0.25");
    cr_assert_eq(ns, 1, "%zu spikes: only the large pulse fires", ns);
    cr_assert(ts[0] > 100.0 && ts[0] < 110.0, "spike at %g ms", ts[0]);
    ax_network_free(net);
}

/* Three neurons with different a, b, tau, i_offset and v_thresh in one
 * population (the per-neuron path) give exactly the traces and spikes of
 * three separate uniform runs: the same arithmetic, no fused
 * multiply-adds. */
Test(fitzhugh_nagumo, per_neuron_parameters_equal_separate_runs)
{
    static const char *const names[] = {"a", "b", "tau", "i_offset", "v_thresh"};
    static const double values[3][5] = {{0.7, 0.8, 12.5, 0.5, 1.0}, {0.8, 0.7, 10.0, 1.0, 1.5},
                                        {0.7, 0.8, 20.0, 0.0, 0.5}};
    const double *sep[3];
    uint64_t sep_count[3];
    ax_network *single[3];
    size_t n, nc;
    const double *t;
    for (int k = 0; k < 3; k++) {
        ax_population pop;
        single[k] = fhn_cells(1, DT, &pop);
        for (int j = 0; j < 5; j++)
            OK(single[k], ax_population_set_param(single[k], pop, names[j], ax_value_constant(values[k][j])));
        ax_recorder rv;
        OK(single[k], ax_recorder_add_state(single[k], pop, "v", AX_ALL_NEURONS, 0, &rv));
        OK(single[k], ax_network_run(single[k], 500.0));
        OK(single[k], ax_recorder_get_trace(single[k], rv, &n, &nc, &t, &sep[k], NULL));
        OK(single[k], ax_population_get_spike_count(single[k], pop, &sep_count[k]));
    }
    ax_population pop;
    ax_network *net = fhn_cells(3, DT, &pop);
    for (int j = 0; j < 5; j++) {
        double col[3] = {values[0][j], values[1][j], values[2][j]};
        OK(net, ax_population_set_param(net, pop, names[j], ax_value_array(col, 3)));
    }
    ax_recorder rv, rs;
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 0, &rv));
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rs));
    OK(net, ax_network_run(net, 500.0));
    size_t n3, nc3, ns;
    const double *all, *ts;
    const uint32_t *ids;
    OK(net, ax_recorder_get_trace(net, rv, &n3, &nc3, &t, &all, NULL));
    OK(net, ax_recorder_get_spikes(net, rs, &ns, &ts, &ids));
    cr_assert(n3 == n && nc3 == 3);
    for (size_t s = 0; s < n; s++)
        for (int k = 0; k < 3; k++)
            cr_assert_eq(all[s * 3 + k], sep[k][s], "neuron %d at %g ms: %.17g, alone %.17g", k, t[s],
                         all[s * 3 + k], sep[k][s]);
    uint64_t count[3] = {0, 0, 0};
    for (size_t s = 0; s < ns; s++)
        count[ids[s]]++;
    for (int k = 0; k < 3; k++)
        cr_assert_eq(count[k], sep_count[k], "neuron %d: %llu spikes, alone %llu", k,
                     (unsigned long long)count[k], (unsigned long long)sep_count[k]);
    cr_assert(count[0] > 5 && count[1] > 5 && count[2] == 0, "two oscillate, one rests");
    for (int k = 0; k < 3; k++)
        ax_network_free(single[k]);
    ax_network_free(net);
}
