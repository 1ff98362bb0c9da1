/*
 * Receptors with kinetics and equation models (docs/equations.md,
 * "Receptors"):
 *   - an equation model takes the library's kinetic receptors like any
 *     model with v (ax_model_define_with_receptors): the LIF written as
 *     equations with AMPA and NMDA gives the spikes of IF_curr_exp with
 *     them, bit for bit (the base models' spikes are identical);
 *   - a receptor's kinetics written as equations - transmitter released by
 *     a spike and cleared exponentially, first-order binding, a current
 *     through the bound fraction - against the library's AMPA with the same
 *     release (tau_T_AMPA > 0): the membrane potentials agree within the
 *     methods' error, which shrinks with dt (the library's binding sees T's
 *     mean over each step, second order; the equations' exponential Euler
 *     is first order).
 */
#include <math.h>

#include "helpers.h"

static const ax_equations LIF = {
    .parameters = "v_rest = -65 : mV\ncm = 1 : nF (> 0)\ntau_m = 20 : ms (> 0)\ntau_refrac = 0.1 : ms (>= 0)\n"
                  "tau_syn_E = 5 : ms (> 0)\ntau_syn_I = 5 : ms (> 0)\ni_offset = 0 : nA\nv_reset = -65 : mV\n"
                  "v_thresh = -50 : mV\n",
    .state = "v = -65 : mV\nisyn_exc = 0 : nA\nisyn_inh = 0 : nA\n",
    .equations = "dv/dt = (v_rest - v) / tau_m + (isyn_exc + isyn_inh + i_offset + I_inj) / cm : mV (unless refractory)\n"
                 "disyn_exc/dt = -isyn_exc / tau_syn_E : nA\n"
                 "disyn_inh/dt = -isyn_inh / tau_syn_I : nA\n",
    .threshold = "v >= v_thresh",
    .reset = "v = v_reset",
    .refractory = "tau_refrac",
    .receptors = "excitatory: isyn_exc\ninhibitory: isyn_inh\n",
};

/* Spikes of 40 neurons of `model` driven through AMPA and NMDA by Poisson
 * sources (and a dc), 500 ms; with `equations` the base is the LIF above. */
static size_t composed(bool equations, double **times, uint32_t **who)
{
    ax_network *net = new_net(0.1, 7, 1);
    const char *rec[] = {"AMPA", "NMDA"};
    if (equations)
        OK(net, ax_model_define_equations(net, "LIF", &LIF));
    OK(net, ax_model_define_with_receptors(net, "M", equations ? "LIF" : "IF_curr_exp", rec, 2));
    ax_population src, post;
    OK(net, ax_population_add(net, "src", "SpikeSourcePoisson", 200, &src));
    OK(net, ax_population_set_param(net, src, "rate", ax_value_constant(20.0)));
    OK(net, ax_population_add(net, "post", "M", 40, &post));
    OK(net, ax_population_set_param(net, post, "gmax_AMPA", ax_value_constant(0.02)));
    OK(net, ax_population_set_param(net, post, "gmax_NMDA", ax_value_constant(0.01)));
    ax_connector c = ax_connector_fixed_probability(0.2);
    OK(net, ax_projection_add(net, src, post, &c, "AMPA", ax_value_uniform(0.2, 1.0), ax_value_constant(1.0), NULL));
    OK(net, ax_projection_add(net, src, post, &c, "NMDA", ax_value_uniform(0.2, 1.0), ax_value_constant(1.0), NULL));
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 0.5};
    OK(net, ax_input_add(net, post, AX_ALL_NEURONS, &dc, NULL));
    ax_recorder r;
    OK(net, ax_recorder_add_spikes(net, post, AX_ALL_NEURONS, &r));
    OK(net, ax_network_run(net, 500.0));
    size_t n;
    const double *t;
    const uint32_t *w;
    OK(net, ax_recorder_get_spikes(net, r, &n, &t, &w));
    *times = malloc((n ? n : 1) * sizeof **times);
    *who = malloc((n ? n : 1) * sizeof **who);
    memcpy(*times, t, n * sizeof *t);
    memcpy(*who, w, n * sizeof *w);
    ax_network_free(net);
    return n;
}

Test(equations_receptors, equation_models_take_the_librarys_kinetic_receptors)
{
    double *ta, *tb;
    uint32_t *wa, *wb;
    size_t na = composed(false, &ta, &wa), nb = composed(true, &tb, &wb);
    cr_assert_gt(na, 100, "the receptors drive the neurons: %zu spikes", na);
    cr_assert_eq(nb, na, "spikes: equations %zu, IF_curr_exp %zu", nb, na);
    for (size_t k = 0; k < na; k++)
        cr_assert(ta[k] == tb[k] && wa[k] == wb[k], "spike %zu: %g (%u) vs %g (%u)", k, tb[k], wb[k], ta[k], wa[k]);
    free(ta);
    free(tb);
    free(wa);
    free(wb);
}

/* The library's AMPA on a passive membrane, written as equations: T
 * released by weight x T_max and cleared with tau_T, r bound first order,
 * I = gmax r (e_rev - v). */
static const ax_equations KINETIC = {
    .parameters = "v_rest = -65 : mV\ncm = 1 : nF\ntau_m = 20 : ms\n"
                  "T_max = 1 : mM\ntau_T = 2 : ms\ngmax = 0.05 : uS\ne_rev = 0 : mV\n"
                  "alpha = 1.1 : 1/mM/ms\nbeta = 0.19 : 1/ms\n",
    .state = "v = -65 : mV\nT = 0 : mM\nr = 0\n",
    .equations = "dT/dt = -T / tau_T : mM\n"
                 "dr/dt = alpha * T * (1 - r) - beta * r : 1/ms\n"
                 "dv/dt = (v_rest - v) / tau_m + (gmax * r * (e_rev - v) + I_inj) / cm : mV\n",
    .receptors = "AMPA: T += weight * T_max\n",
};

/* v of one neuron over 200 ms, every 0.1 ms, under 12 input spikes. */
static double *kinetic_trace(bool equations, double dt)
{
    ax_network *net = new_net(dt, 3, 1);
    const char *rec[] = {"AMPA"};
    ax_population post;
    if (equations) {
        OK(net, ax_model_define_equations(net, "K", &KINETIC));
        OK(net, ax_population_add(net, "post", "K", 1, &post));
    } else {
        /* IF_curr_exp without synaptic input and without a threshold in reach: the passive membrane */
        OK(net, ax_model_define_with_receptors(net, "M", "IF_curr_exp", rec, 1));
        OK(net, ax_population_add(net, "post", "M", 1, &post));
        OK(net, ax_population_set_param(net, post, "v_thresh", ax_value_constant(1000.0)));
        OK(net, ax_population_set_param(net, post, "tau_T_AMPA", ax_value_constant(2.0)));
        OK(net, ax_population_set_param(net, post, "gmax_AMPA", ax_value_constant(0.05)));
    }
    const double times[] = {10, 20, 25, 30, 50, 51, 52, 80, 120, 121, 150, 170};
    spike_input(net, post, "in", "AMPA", times, 12, 0.8, dt);
    ax_recorder r;
    OK(net, ax_recorder_add_state(net, post, "v", AX_ALL_NEURONS, 0.1, &r));
    OK(net, ax_network_run(net, 200.0));
    size_t n_samples, n_neurons;
    const double *t, *v;
    const uint32_t *ids;
    OK(net, ax_recorder_get_trace(net, r, &n_samples, &n_neurons, &t, &v, &ids));
    cr_assert_eq(n_samples, 2000);
    double *out = malloc(n_samples * sizeof *out);
    memcpy(out, v, n_samples * sizeof *out);
    ax_network_free(net);
    return out;
}

static double max_difference(const double *a, const double *b, size_t n)
{
    double m = 0.0;
    for (size_t k = 0; k < n; k++)
        m = fmax(m, fabs(a[k] - b[k]));
    return m;
}

Test(equations_receptors, kinetics_written_as_equations_match_the_librarys_ampa)
{
    double *lib_coarse = kinetic_trace(false, 0.1), *eq_coarse = kinetic_trace(true, 0.1);
    double *lib_fine = kinetic_trace(false, 0.01), *eq_fine = kinetic_trace(true, 0.01);
    double depol = 0.0;
    for (size_t k = 0; k < 2000; k++)
        depol = fmax(depol, lib_fine[k] + 65.0);
    cr_assert_gt(depol, 2.0, "the inputs depolarise by %g mV", depol);
    double coarse = max_difference(lib_coarse, eq_coarse, 2000), fine = max_difference(lib_fine, eq_fine, 2000);
    /* Exponential Euler is first order: its error at dt 0.1 is a few % of
     * the depolarisation (the binding's rate changes ~2 /ms within a
     * step), the library's second-order scheme much less: the difference
     * is the equations' error and falls about tenfold at dt / 10. */
    cr_log_info("AMPA kinetics: depolarisation %g mV; |v_eq - v_lib| %g mV at dt 0.1, %g at dt 0.01", depol, coarse,
                fine);
    cr_assert_lt(coarse, 0.05 * depol, "dt 0.1: %g mV of %g", coarse, depol);
    cr_assert_lt(fine, 0.006 * depol, "dt 0.01: %g mV of %g", fine, depol);
    cr_assert_gt(coarse / fine, 5.0, "first order: the difference falls %g times at dt / 10", coarse / fine);
    free(lib_coarse);
    free(eq_coarse);
    free(lib_fine);
    free(eq_fine);
}
