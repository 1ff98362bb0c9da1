/*
 * HH_cond_exp (Traub-Miles) against Brian2 for one neuron: references from
 * tests/reference/make_hh_cond_exp_brian2.py (Brian2 2.5.1, rk4 at
 * dt = 0.001 ms, converged to 1e-6 ms; an input spike at T jumps the
 * conductance at T).
 *
 * axon runs at dt = 0.01 ms; an input at T comes from a source spiking at
 * T - dt with the smallest delay, dt, which makes the conductance jump at
 * T as in the reference.  Tolerance (the issue's): every spike within
 * 0.1 ms; axon's spike times lie on the grid, so up to one step after the
 * reference's interpolated ones.
 */
#include "helpers.h"

#define DT 0.01
#define SPIKE_TOL 0.1   /* ms */

/* The input spikes of `receptor` from HH_cond_exp_syn.inputs.csv. */
static size_t read_inputs(const char *receptor, double *times, size_t cap, double *weight)
{
    FILE *f = fopen("tests/reference/HH_cond_exp_syn.inputs.csv", "r");
    cr_assert_not_null(f, "run the tests from the repository root");
    char line[256];
    size_t n = 0;
    cr_assert_not_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f)) {
        char rec[32];
        double t, w;
        cr_assert_eq(sscanf(line, "%lf,%31[a-z],%lf", &t, rec, &w), 3, "bad line %s", line);
        if (strcmp(rec, receptor))
            continue;
        cr_assert(n < cap);
        cr_assert(n == 0 || w == *weight, "one weight per receptor");
        times[n++] = t - DT;
        *weight = w;
    }
    fclose(f);
    return n;
}

static void compare(const char *name, double i_offset, int synaptic, size_t min_spikes)
{
    ax_network *net = new_net(DT, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "hh", "HH_cond_exp", 1, &pop));
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_constant(i_offset)));
    if (synaptic) {
        static double te[512], ti[512];
        double we = 0, wi = 0;
        size_t ne = read_inputs("excitatory", te, 512, &we), ni = read_inputs("inhibitory", ti, 512, &wi);
        cr_assert(ne > 50 && ni > 20);
        spike_input(net, pop, "exc", "excitatory", te, ne, we, DT);
        spike_input(net, pop, "inh", "inhibitory", ti, ni, wi, DT);
    }
    probe pr = probe_neuron(net, pop, "v");
    OK(net, ax_network_run(net, 500.0));
    size_t n;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, pr.spikes, &n, &t, &ids));
    char path[256];
    snprintf(path, sizeof path, "tests/reference/HH_cond_exp_%s.spikes.csv", name);
    csv_table ref = read_csv(path);
    cr_assert(ref.rows >= min_spikes, "%s: the reference fires", name);
    cr_assert_eq(n, ref.rows, "%s: %zu spikes, Brian2 %zu", name, n, ref.rows);
    double worst = 0;
    for (size_t k = 0; k < n; k++) {
        double d = fabs(t[k] - ref.data[k]);
        cr_assert(d <= SPIKE_TOL, "%s: spike %zu at %.3f ms, Brian2 %.3f ms", name, k, t[k], ref.data[k]);
        worst = fmax(worst, d);
    }
    cr_log_info("HH_cond_exp %s: %zu spikes, max |t - t_Brian2| = %.4f ms", name, n, worst);
    csv_free(&ref);
    ax_network_free(net);
}

Test(hh_cond_exp, constant_current_matches_brian2) { compare("dc", 0.5, 0, 30); }

Test(hh_cond_exp, synaptic_input_matches_brian2) { compare("syn", 0.0, 1, 10); }

/* The subthreshold response to the inputs (first 20 ms: one EPSP at
 * 11.8 ms and an IPSP at 15.7 ms, no spike) against Brian2's trace:
 * v within 1e-3 mV, the conductance within 1e-8 uS (axon decays it
 * exactly; Brian2's rk4 reference is off by ~2e-9 uS). */
Test(hh_cond_exp, subthreshold_trace_matches_brian2)
{
    ax_network *net = new_net(DT, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "hh", "HH_cond_exp", 1, &pop));
    static double te[512], ti[512];
    double we = 0, wi = 0;
    size_t ne = read_inputs("excitatory", te, 512, &we), ni = read_inputs("inhibitory", ti, 512, &wi);
    spike_input(net, pop, "exc", "excitatory", te, ne, we, DT);
    spike_input(net, pop, "inh", "inhibitory", ti, ni, wi, DT);
    ax_recorder rv, rg;
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 0.1, &rv));
    OK(net, ax_recorder_add_state(net, pop, "gsyn_exc", AX_ALL_NEURONS, 0.1, &rg));
    OK(net, ax_network_run(net, 20.0));
    size_t ns, nc;
    const double *t, *v, *g;
    OK(net, ax_recorder_get_trace(net, rv, &ns, &nc, &t, &v, NULL));
    OK(net, ax_recorder_get_trace(net, rg, &ns, &nc, &t, &g, NULL));
    csv_table ref = read_csv("tests/reference/HH_cond_exp_syn.csv");
    cr_assert_eq(ns, 200);
    double wv = 0, wg = 0;
    for (size_t s = 0; s < ns; s++) {
        const double *r = ref.data + s * ref.cols;
        cr_assert_float_eq(t[s], r[0], 1e-9);
        wv = fmax(wv, fabs(v[s] - r[1]));
        wg = fmax(wg, fabs(g[s] - r[2]));
    }
    cr_assert(wv < 1e-3, "v differs from Brian2's by up to %g mV", wv);
    cr_assert(wg < 1e-8, "gsyn_exc differs from Brian2's by up to %g uS", wg);
    cr_log_info("HH_cond_exp subthreshold: max |v - v_Brian2| = %.2g mV, |g - g_Brian2| = %.2g uS", wv, wg);
    csv_free(&ref);
    ax_network_free(net);
}
