/*
 * test_warnings.c - warnings for likely mistakes (axon.h, "Warnings";
 * docs/warnings.md): each one fires in the case it is for, with its kind,
 * name, object and a message that says what and why; it does not fire on
 * the sane counterpart nor on the example and benchmark models; it is
 * collected once per object; silencing works from C and from a model
 * file; `axon run` and `axon check` print them and still exit 0.
 */
#include <dirent.h>
#include <omp.h>

#include "cli_helpers.h"

/* How many warnings of `kind` the network holds; the last one in *out. */
static size_t of_kind(const ax_network *net, ax_warning_kind kind, ax_warning *out)
{
    size_t n = 0;
    for (size_t k = 0; k < ax_warning_count(net); k++) {
        ax_warning w;
        OK(net, ax_warning_get(net, k, &w));
        if (w.kind == kind) {
            n++;
            if (out)
                *out = w;
        }
    }
    return n;
}

static void says(const ax_warning *w, const char *text)
{
    cr_assert(strstr(w->message, text) != NULL, "warning [%s] lacks '%s': %s", w->name, text, w->message);
}

/* Two IF_curr_exp populations, I -> E onto `receptor` with `weight`. */
static ax_network *two_populations(const char *receptor, ax_value weight, ax_projection *proj)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E, I;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 10, &E));
    OK(net, ax_population_add(net, "I", "IF_curr_exp", 5, &I));
    ax_connector c = ax_connector_fixed_probability(0.5);
    OK(net, ax_projection_add(net, I, E, &c, receptor, weight, ax_value_constant(1.0), proj));
    return net;
}

/* ------------------------------------------------------------------ */
/* weight_sign                                                          */

Test(warnings, positive_weight_on_an_inhibitory_current_receptor)
{
    ax_projection proj;
    ax_network *net = two_populations("inhibitory", ax_value_constant(0.25), &proj);
    OK(net, ax_network_validate(net));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_WEIGHT_SIGN, &w), 1);
    cr_assert_eq(ax_warning_count(net), 1, "only the sign is suspicious here");
    cr_assert_str_eq(w.name, "weight_sign");
    cr_assert_eq(w.projection, proj);
    cr_assert_eq(w.population, 0u, "the target population E");
    cr_assert_eq(w.input, AX_NO_HANDLE);
    cr_assert_eq(w.recorder, AX_NO_HANDLE);
    cr_assert_eq(w.neuron, -1);
    cr_assert_eq(w.step, -1, "found without running");
    cr_assert_float_eq(w.value, 0.25, 1e-12);
    says(&w, "projection 0 (I -> E)");
    says(&w, "weight 0.25 nA is positive");
    says(&w, "receptor 'inhibitory' of IF_curr_exp takes negative weights");
    says(&w, "receptor 'excitatory', which takes positive weights");
    says(&w, "silence_warnings = [\"weight_sign\"]");
    ax_network_free(net);
}

Test(warnings, negative_weight_on_an_excitatory_current_receptor)
{
    ax_network *net = two_populations("excitatory", ax_value_constant(-0.1), NULL);
    OK(net, ax_network_validate(net));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_WEIGHT_SIGN, &w), 1);
    says(&w, "weight -0.1 nA is negative");
    says(&w, "takes positive weights");
    says(&w, "receptor 'inhibitory', which takes negative weights");
    ax_network_free(net);
}

Test(warnings, a_distribution_is_judged_by_its_mean)
{
    /* mostly positive onto inhibitory: warned, with its mean */
    ax_network *net = two_populations("inhibitory", ax_value_normal(0.3, 0.1), NULL);
    OK(net, ax_network_validate(net));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_WEIGHT_SIGN, &w), 1);
    says(&w, "normal");
    says(&w, "(0.3 on average)");
    cr_assert_float_eq(w.value, 0.3, 1e-12);
    ax_network_free(net);
    /* straddling zero, mostly negative (as examples/izhikevich2003.toml's [-1, 0]): fine */
    net = two_populations("inhibitory", ax_value_uniform(-1.0, 0.2), NULL);
    OK(net, ax_network_validate(net));
    cr_assert_eq(ax_warning_count(net), 0);
    ax_network_free(net);
}

Test(warnings, weights_with_their_receptors_sign_draw_none)
{
    const struct { const char *receptor; double w; } sane[] = {{"inhibitory", -0.25}, {"excitatory", 0.25},
                                                              {"inhibitory", 0.0}};
    for (size_t k = 0; k < 3; k++) {
        ax_network *net = two_populations(sane[k].receptor, ax_value_constant(sane[k].w), NULL);
        OK(net, ax_network_validate(net));
        OK(net, ax_network_run(net, 5.0));
        cr_assert_eq(ax_warning_count(net), 0, "%s %g", sane[k].receptor, sane[k].w);
        ax_network_free(net);
    }
}

Test(warnings, positive_poisson_weight_on_an_inhibitory_receptor)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "Izhikevich", 4, &E));
    ax_input_spec sane = {.kind = AX_INPUT_POISSON, .sources = 10, .rate = 10, .weight = 1.0, .receptor = "excitatory"};
    ax_input_spec bad = sane;
    bad.receptor = "inhibitory";
    ax_input in;
    OK(net, ax_input_add(net, E, AX_ALL_NEURONS, &sane, NULL));
    OK(net, ax_input_add(net, E, AX_ALL_NEURONS, &bad, &in));
    OK(net, ax_network_validate(net));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_WEIGHT_SIGN, &w), 1);
    cr_assert_eq(w.input, in);
    cr_assert_eq(w.projection, AX_NO_HANDLE);
    says(&w, "input 1 (poisson onto population 'E')");
    says(&w, "weight 1 mV is positive");
    says(&w, "receptor 'inhibitory' of Izhikevich");
    ax_network_free(net);
}

Test(warnings, a_dimensionless_weight_is_named_without_a_unit)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population F, P;
    OK(net, ax_population_add(net, "F", "FitzHughNagumo", 2, &F));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 2, &P));
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, P, F, &all, "inhibitory", ax_value_constant(0.5), ax_value_constant(1), NULL));
    OK(net, ax_network_validate(net));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_WEIGHT_SIGN, &w), 1);
    says(&w, "projection 0 (P -> F): weight 0.5 is positive, but receptor 'inhibitory' of FitzHughNagumo");
    ax_network_free(net);
}

/* The convention lives in the receptor tables, not in a list of models:
 * every built-in receptor that takes weights of either sign and whose
 * documentation asks for negative weights says so in its flags, and so
 * does an "excitatory" receptor of the same kind. */
Test(warnings, every_signed_receptor_carries_its_convention)
{
    size_t signed_receptors = 0;
    for (size_t k = 0; k < ax_model_count(NULL); k++) {
        const ax_model *m = ax_model_get(NULL, k);
        for (uint32_t r = 0; r < m->n_receptors; r++) {
            const ax_receptor_info *ri = &m->receptors[r];
            if (ri->flags & AX_RECEPTOR_NONNEGATIVE)
                continue;
            signed_receptors++;
            bool negative = strstr(ri->doc, "negative weights") != NULL;
            cr_assert_eq(!!(ri->flags & AX_RECEPTOR_EXPECTS_NEGATIVE), negative, "%s.%s", m->name, ri->name);
            cr_assert_eq(!!(ri->flags & AX_RECEPTOR_EXPECTS_POSITIVE), !negative, "%s.%s", m->name, ri->name);
        }
    }
    cr_assert_geq(signed_receptors, 16, "the current-based and voltage-jump models");
}

/* ------------------------------------------------------------------ */
/* drive_units and fires_every_step                                     */

Test(warnings, izhikevich_driven_with_the_papers_I)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "Izhikevich", 3, &E));
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_constant(10.0)));   /* the paper's I = 10 */
    OK(net, ax_network_validate(net));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_DRIVE_UNITS, &w), 1);
    cr_assert_str_eq(w.name, "drive_units");
    cr_assert_eq(w.population, E);
    cr_assert_eq(w.neuron, -1, "one value for all neurons");
    cr_assert_float_eq(w.value, 10.0, 1e-12);
    says(&w, "population 'E' (Izhikevich): i_offset = 10 nA is beyond 1 nA");
    says(&w, "the Izhikevich paper's I = 10 is i_offset = 0.01 nA");
    cr_assert_eq(of_kind(net, AX_WARNING_FIRES_EVERY_STEP, NULL), 0, "nothing ran yet");

    /* and what it does: a spike on every step */
    OK(net, ax_network_run(net, 10.0));
    cr_assert_eq(of_kind(net, AX_WARNING_FIRES_EVERY_STEP, &w), 1);
    uint64_t spikes;
    OK(net, ax_population_get_spike_count(net, E, &spikes));
    cr_assert_gt(spikes, 3 * 100 / 2, "it does fire on most of the 100 steps (%llu spikes)", (unsigned long long)spikes);
    cr_assert_str_eq(w.name, "fires_every_step");
    cr_assert_eq(w.population, E);
    cr_assert_eq(w.step, 100);
    cr_assert_float_eq(w.value, spikes / 300.0, 1e-12);
    says(&w, "population 'E' (Izhikevich, 3 neurons) fired");
    says(&w, "spikes per neuron per step over the 100 steps so far");
    says(&w, "I = 10 is i_offset = 0.01 nA");   /* the model's hint says why */
    ax_network_free(net);
}

Test(warnings, izhikevich_with_pynn_currents_draws_none)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "Izhikevich", 3, &E));
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_constant(0.01)));   /* I = 10 */
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 0.005};
    OK(net, ax_input_add(net, E, AX_ALL_NEURONS, &dc, NULL));
    OK(net, ax_network_run(net, 200.0));
    uint64_t spikes;
    OK(net, ax_population_get_spike_count(net, E, &spikes));
    cr_assert_gt(spikes, 0, "driven, it fires");
    cr_assert_eq(ax_warning_count(net), 0);
    ax_network_free(net);
}

Test(warnings, current_inputs_above_the_models_drive_limit)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "Izhikevich2003", 5, &E));
    const double times[] = {0.0, 10.0}, amps[] = {0.002, -4.0};
    ax_input_spec step = {.kind = AX_INPUT_STEP, .times = times, .amplitudes = amps, .n_times = 2};
    ax_input_spec noise = {.kind = AX_INPUT_NOISE, .mean = 0, .std = 5.0};   /* the paper's 5 N(0, 1) */
    ax_input_spec ac = {.kind = AX_INPUT_AC, .offset = 0.001, .amplitude = 0.002, .frequency = 10};
    ax_input in_step, in_noise;
    OK(net, ax_input_add(net, E, AX_ALL_NEURONS, &step, &in_step));
    OK(net, ax_input_add(net, E, AX_ALL_NEURONS, &noise, &in_noise));
    OK(net, ax_input_add(net, E, AX_ALL_NEURONS, &ac, NULL));
    OK(net, ax_network_validate(net));
    cr_assert_eq(of_kind(net, AX_WARNING_DRIVE_UNITS, NULL), 2, "step and noise, not the small ac");
    ax_warning w;
    OK(net, ax_warning_get(net, 0, &w));
    cr_assert_eq(w.input, in_step);
    cr_assert_float_eq(w.value, 4.0, 1e-12);
    says(&w, "input 0 (onto population 'E' (Izhikevich2003)): a step amplitudes up to 4 nA");
    OK(net, ax_warning_get(net, 1, &w));
    cr_assert_eq(w.input, in_noise);
    says(&w, "noise of mean 0 nA and std 5 nA");
    ax_network_free(net);
}

Test(warnings, per_neuron_drive_names_the_neuron)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "Izhikevich", 4, &E));
    const double i[] = {0.01, 0.02, 7.0, 0.0};
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_array(i, 4)));
    OK(net, ax_network_validate(net));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_DRIVE_UNITS, &w), 1);
    cr_assert_eq(w.neuron, 2);
    says(&w, "i_offset = 7 nA (neuron 2, the largest)");
    ax_network_free(net);
}

/* The hint is the descriptor's: a user model that sets one gets the
 * warning, the composite of ax_model_define_with_receptors keeps its
 * base's, and descriptors with contradictory hints are refused. */
static void no_update(const ax_population_view *p, uint32_t b, uint32_t e, int64_t s)
{
    (void)p, (void)b, (void)e, (void)s;
}

Test(warnings, the_drive_hint_belongs_to_the_descriptor)
{
    static const ax_param_info params[] = {{"i_bias", "nA", 0.0, -INFINITY, INFINITY, 0, "bias current"}};
    static const ax_receptor_info recs[] = {
        {"in", "nA", AX_RECEPTOR_EXPECTS_NEGATIVE | AX_RECEPTOR_EXPECTS_POSITIVE, "both"}};
    ax_model m = {.name = "Mine", .doc = "a test model", .params = params, .n_params = 1, .update = no_update,
                  .drive_limit = 0.5, .drive_hint = "my currents are in uA"};
    ax_network *net = new_net(0.1, 1, 1);
    OK(net, ax_model_register(net, &m));
    ax_population P;
    OK(net, ax_population_add(net, "P", "Mine", 2, &P));
    OK(net, ax_population_set_param(net, P, "i_bias", ax_value_constant(-2.0)));
    OK(net, ax_network_validate(net));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_DRIVE_UNITS, &w), 1);
    says(&w, "i_bias = -2 nA is beyond 0.5 nA");
    says(&w, "my currents are in uA");

    char msg[256];
    ax_model bad = m;
    bad.name = "Bad";
    bad.drive_limit = NAN;
    cr_assert_eq(ax_model_validate(&bad, msg, sizeof msg), AX_ERR_ARGUMENT);
    cr_assert(strstr(msg, "drive_limit nan is not allowed"), "%s", msg);
    bad.drive_limit = 0;
    bad.receptors = recs;
    bad.n_receptors = 1;
    cr_assert_eq(ax_model_validate(&bad, msg, sizeof msg), AX_ERR_ARGUMENT);
    cr_assert(strstr(msg, "receptor 'in' expects negative weights and also positive"), "%s", msg);

    const char *kinds[] = {"AMPA"};
    OK(net, ax_model_define_with_receptors(net, "IzhAMPA", "Izhikevich", kinds, 1));
    const ax_model *composite = ax_model_find(net, "IzhAMPA"), *base = ax_model_find(NULL, "Izhikevich");
    cr_assert_float_eq(composite->drive_limit, base->drive_limit, 0);
    cr_assert_eq(composite->drive_hint, base->drive_hint);
    ax_network_free(net);
}

Test(warnings, a_spike_source_at_the_step_rate)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population fast, slow;
    OK(net, ax_population_add(net, "fast", "SpikeSourcePoisson", 20, &fast));
    OK(net, ax_population_add(net, "slow", "SpikeSourcePoisson", 20, &slow));
    OK(net, ax_population_set_param(net, fast, "rate", ax_value_constant(10000.0)));   /* 1 per step */
    OK(net, ax_population_set_param(net, slow, "rate", ax_value_constant(500.0)));
    OK(net, ax_network_run(net, 20.0));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_FIRES_EVERY_STEP, &w), 1, "only 'fast'");
    cr_assert_eq(w.population, fast);
    cr_assert_gt(w.value, 0.5);
    says(&w, "population 'fast' (SpikeSourcePoisson, 20 neurons)");
    ax_network_free(net);
}

Test(warnings, too_few_steps_to_tell)
{
    /* neurons that start above threshold all fire on the first step */
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 5, &E));
    OK(net, ax_population_set_state(net, E, "v", ax_value_constant(-40.0)));
    OK(net, ax_network_run(net, 0.2));
    uint64_t spikes;
    OK(net, ax_population_get_spike_count(net, E, &spikes));
    cr_assert_eq(spikes, 5);
    cr_assert_eq(ax_warning_count(net), 0, "one spike in two steps is no evidence");
    ax_network_free(net);
}

/* ------------------------------------------------------------------ */
/* state_range                                                          */

Test(warnings, a_membrane_potential_of_1e11_mV)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 6, &E));
    const double v0[] = {-65, -65, -65, -1e11, -65, -2000};
    OK(net, ax_population_set_state(net, E, "v", ax_value_array(v0, 6)));
    OK(net, ax_network_run(net, 1.0));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_STATE_RANGE, &w), 1, "one per population and variable");
    cr_assert_str_eq(w.name, "state_range");
    cr_assert_eq(w.population, E);
    cr_assert_eq(w.neuron, 3, "the farthest out");
    cr_assert_eq(w.step, 10);
    cr_assert_lt(w.value, -9e10);
    double v[6];
    OK(net, ax_population_get_values(net, E, "v", v, 6));
    cr_assert_float_eq(w.value, v[3], 0, "the state as it is");
    says(&w, "population 'E' (IF_curr_exp) neuron 3: state variable 'v' is -9.");
    says(&w, "mV at t = 1 ms (2 of 6 neurons beyond +-1000 mV)");
    ax_network_free(net);
}

Test(warnings, the_leaky_izhikevich_cell_runs_away_without_a_drive)
{
    /* docs of IzhikevichLeaky: undriven, v passes -1000 mV at 954 ms */
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "IzhikevichLeaky", 2, &E));
    OK(net, ax_network_run(net, 900.0));
    cr_assert_eq(ax_warning_count(net), 0, "still above -1000 mV");
    OK(net, ax_network_run(net, 100.0));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_STATE_RANGE, &w), 1);
    cr_assert_lt(w.value, -1000);
    says(&w, "state variable 'v'");
    ax_network_free(net);
}

/* ------------------------------------------------------------------ */
/* recorder_never_samples                                               */

Test(warnings, a_state_recorder_slower_than_the_run)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    ax_recorder slow, fine;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 5, &E));
    OK(net, ax_recorder_add_state(net, E, "v", AX_ALL_NEURONS, 100.0, &slow));
    OK(net, ax_recorder_add_state(net, E, "v", AX_ALL_NEURONS, 10.0, &fine));
    OK(net, ax_network_run(net, 50.0));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_RECORDER_NEVER_SAMPLES, &w), 1, "only the slow one");
    cr_assert_str_eq(w.name, "recorder_never_samples");
    cr_assert_eq(w.recorder, slow);
    cr_assert_eq(w.population, E);
    cr_assert_float_eq(w.value, 100.0, 1e-9);
    says(&w, "recorder 0 (state 'v' of population 'E', every 100 ms) takes its first sample at t = 100 ms");
    says(&w, "after the end of the run at t = 50 ms: it records nothing");
    says(&w, "give it a shorter interval, or run longer");
    /* it does record once the run goes on: then no more is said */
    OK(net, ax_network_run(net, 60.0));
    size_t n;
    const double *t, *val;
    const uint32_t *ids;
    size_t cols;
    OK(net, ax_recorder_get_trace(net, slow, &n, &cols, &t, &val, &ids));
    cr_assert_eq(n, 1);
    cr_assert_eq(of_kind(net, AX_WARNING_RECORDER_NEVER_SAMPLES, NULL), 1);
    ax_network_free(net);
}

Test(warnings, a_planned_run_in_pieces_does_not_warn_early)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 5, &E));
    OK(net, ax_recorder_add_state(net, E, "v", AX_ALL_NEURONS, 150.0, NULL));
    OK(net, ax_network_check_run(net, 200.0));
    cr_assert_eq(ax_warning_count(net), 0, "it samples at 150 ms");
    for (int k = 0; k < 8; k++) {
        OK(net, ax_network_run(net, 25.0));   /* none samples but [125, 150] */
        cr_assert_eq(ax_warning_count(net), 0, "piece %d", k);
    }
    /* past the plan, a run is judged on its own */
    OK(net, ax_network_run(net, 50.0));
    cr_assert_eq(of_kind(net, AX_WARNING_RECORDER_NEVER_SAMPLES, NULL), 1, "[200, 250] has no sample");
    ax_network_free(net);

    /* a plan too short is said before anything runs */
    net = new_net(0.1, 1, 1);
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 5, &E));
    OK(net, ax_recorder_add_state(net, E, "v", AX_ALL_NEURONS, 100.0, NULL));
    OK(net, ax_network_check_run(net, 99.9));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_RECORDER_NEVER_SAMPLES, &w), 1);
    cr_assert_eq(w.step, -1);
    says(&w, "after the end of the run at t = 99.9 ms");
    ax_network_free(net);
}

Test(warnings, a_weight_recorder_whose_times_are_after_the_end)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population P, E;
    ax_projection proj;
    ax_recorder late, early;
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 4, &P));
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 4, &E));
    ax_plasticity rule = ax_plasticity_defaults();
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add_plastic(net, P, E, &all, "excitatory", ax_value_constant(0.5), ax_value_constant(1.0),
                                      &rule, &proj));
    const double t_late[] = {500.0}, t_early[] = {20.0, 500.0};
    ax_weight_spec late_spec = {.times_ms = t_late, .n_times = 1}, early_spec = {.times_ms = t_early, .n_times = 2};
    OK(net, ax_recorder_add_weights(net, proj, &late_spec, &late));
    OK(net, ax_recorder_add_weights(net, proj, &early_spec, &early));
    OK(net, ax_network_run(net, 100.0));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_RECORDER_NEVER_SAMPLES, &w), 1, "only the one with nothing before 100 ms");
    cr_assert_eq(w.recorder, late);
    cr_assert_eq(w.projection, proj);
    says(&w, "weights of projection 0, at given times) takes its first sample at t = 500 ms");
    ax_network_free(net);
}

Test(warnings, a_streamed_recorder_is_judged_by_its_schedule)
{
    /* it drops what it wrote after every chunk: holding nothing is no sign */
    char *dir = tmpdir(), path[128];
    snprintf(path, sizeof path, "%s/v.csv", dir);
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    ax_recorder rec;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 50, &E));
    OK(net, ax_recorder_add_state(net, E, "v", AX_ALL_NEURONS, 1.0, &rec));
    OK(net, ax_recorder_stream_csv(net, rec, path));
    OK(net, ax_network_set_record_buffer(net, 4096));   /* many chunks */
    OK(net, ax_network_run(net, 50.0));
    size_t n, cols;
    const double *t, *val;
    const uint32_t *ids;
    OK(net, ax_recorder_get_trace(net, rec, &n, &cols, &t, &val, &ids));
    cr_assert_eq(n, 0, "all written: nothing held");
    cr_assert_eq(ax_warning_count(net), 0);
    ax_network_free(net);
    snprintf(path, sizeof path, "rm -rf %s", dir);
    cr_assert_eq(system(path), 0);
}

/* ------------------------------------------------------------------ */
/* threads_over_cores                                                   */

Test(warnings, more_threads_than_cores)
{
    int cores = omp_get_num_procs();
    ax_network *net = new_net(0.1, 1, cores + 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 10, &E));
    OK(net, ax_network_validate(net));
    ax_warning w;
    cr_assert_eq(of_kind(net, AX_WARNING_THREADS_OVER_CORES, &w), 1);
    cr_assert_str_eq(w.name, "threads_over_cores");
    cr_assert_float_eq(w.value, cores + 1, 0);
    char text[128];
    snprintf(text, sizeof text, "the network runs %d threads on %d core", cores + 1, cores);
    says(&w, text);
    OK(net, ax_network_run(net, 2.0));
    cr_assert_eq(ax_warning_count(net), 1, "said once");
    ax_network_free(net);

    net = new_net(0.1, 1, cores);
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 10, &E));
    OK(net, ax_network_run(net, 2.0));
    cr_assert_eq(ax_warning_count(net), 0);
    ax_network_free(net);
}

/* ------------------------------------------------------------------ */
/* once each; silencing                                                 */

Test(warnings, each_is_collected_once)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E, I;
    OK(net, ax_population_add(net, "E", "Izhikevich", 3, &E));
    OK(net, ax_population_add(net, "I", "IF_curr_exp", 3, &I));
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_constant(10.0)));
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, I, I, &all, "inhibitory", ax_value_constant(0.1), ax_value_constant(1), NULL));
    OK(net, ax_projection_add(net, I, E, &all, "inhibitory", ax_value_constant(0.1), ax_value_constant(1), NULL));
    OK(net, ax_network_validate(net));
    OK(net, ax_network_validate(net));
    OK(net, ax_network_build(net));
    OK(net, ax_network_run(net, 5.0));
    OK(net, ax_network_run(net, 5.0));
    cr_assert_eq(of_kind(net, AX_WARNING_WEIGHT_SIGN, NULL), 2, "one per projection");
    cr_assert_eq(of_kind(net, AX_WARNING_DRIVE_UNITS, NULL), 1);
    cr_assert_eq(of_kind(net, AX_WARNING_FIRES_EVERY_STEP, NULL), 1, "two runs, said once");
    cr_assert_eq(ax_warning_count(net), 4);
    ax_warning w;
    OK(net, ax_warning_get(net, 3, &w));
    cr_assert_eq(w.kind, AX_WARNING_FIRES_EVERY_STEP, "in the order found");
    FAILS(net, ax_warning_get(net, 4, &w), AX_ERR_ARGUMENT, "index 4 is past the end: the network has 4 warnings");
    ax_network_free(net);
}

Test(warnings, silenced_from_c)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "Izhikevich", 3, &E));
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_constant(10.0)));
    OK(net, ax_warning_silence(net, AX_WARNING_FIRES_EVERY_STEP));
    OK(net, ax_network_run(net, 10.0));
    cr_assert_eq(ax_warning_count(net), 1);
    cr_assert_eq(of_kind(net, AX_WARNING_DRIVE_UNITS, NULL), 1, "the other kinds still speak");
    /* silencing drops what was collected, and it stays silent */
    OK(net, ax_warning_silence(net, AX_WARNING_DRIVE_UNITS));
    cr_assert_eq(ax_warning_count(net), 0);
    OK(net, ax_network_run(net, 10.0));
    cr_assert_eq(ax_warning_count(net), 0);
    for (int k = 0; k < AX_WARNING_KINDS; k++)
        cr_assert_not_null(ax_warning_kind_name((ax_warning_kind)k));
    cr_assert_str_eq(ax_warning_kind_name(AX_WARNING_RECORDER_NEVER_SAMPLES), "recorder_never_samples");
    FAILS(net, ax_warning_silence(net, AX_WARNING_KINDS), AX_ERR_ARGUMENT, "allowed: 0 .. 5 (weight_sign, ");
    ax_network_free(net);
}

static const char *mistaken_model =
    "[simulation]\n"
    "duration = 20.0\n"
    "silence_warnings = [\"drive_units\"]\n"
    "[populations.E]\nmodel = \"Izhikevich\"\nsize = 3\nparams = { i_offset = 10.0 }\n"
    "[populations.I]\nmodel = \"IF_curr_exp\"\nsize = 3\n"
    "[[projections]]\nfrom = \"I\"\nto = \"E\"\nconnector = { all_to_all = true }\nreceptor = \"inhibitory\"\n"
    "weight = 2.0\ndelay = 1.0\n"
    "[[record]]\npopulation = \"I\"\nvariables = [\"v\"]\ninterval = 50.0\n";

Test(warnings, silenced_from_a_model_file)
{
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(mistaken_model, "m.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    OK(net, ax_network_validate(net));
    cr_assert_eq(of_kind(net, AX_WARNING_DRIVE_UNITS, NULL), 0, "silenced by the file");
    cr_assert_eq(of_kind(net, AX_WARNING_WEIGHT_SIGN, NULL), 1);
    OK(net, ax_modelfile_run(m, 20.0));
    cr_assert_eq(of_kind(net, AX_WARNING_RECORDER_NEVER_SAMPLES, NULL), 1);
    cr_assert_eq(of_kind(net, AX_WARNING_FIRES_EVERY_STEP, NULL), 1);
    ax_modelfile_free(m);

    const char *o[] = {"simulation.silence_warnings=[\"weight_sign\", \"fires_every_step\", \"recorder_never_samples\"]"};
    m = ax_modelfile_load_string(mistaken_model, "m.toml", "/tmp", o, 1, &err);
    cr_assert_not_null(m, "%s", err.message);
    net = ax_modelfile_get_network(m);
    OK(net, ax_modelfile_run(m, 20.0));
    ax_warning w;
    cr_assert_eq(ax_warning_count(net), 1, "--set replaced the list");
    OK(net, ax_warning_get(net, 0, &w));
    cr_assert_eq(w.kind, AX_WARNING_DRIVE_UNITS);
    ax_modelfile_free(m);
}

Test(warnings, unknown_names_in_a_model_file)
{
    const char *text = "[simulation]\n"
                       "silence_warnings = [\"weight_sign\", \"wieght_sign\"]\n"
                       "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 1\n";
    ax_error err;
    cr_assert_null(ax_modelfile_load_string(text, "m.toml", "/tmp", NULL, 0, &err));
    cr_assert_eq(err.status, AX_ERR_ARGUMENT);
    cr_assert(strstr(err.message, "m.toml:2:36: simulation.silence_warnings: unknown warning 'wieght_sign' "
                                  "(did you mean 'weight_sign'?); allowed: weight_sign, fires_every_step, state_range, "
                                  "recorder_never_samples, drive_units, threads_over_cores"),
              "%s", err.message);
    const char *not_a_list = "[simulation]\nsilence_warnings = \"weight_sign\"\n"
                             "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 1\n";
    cr_assert_null(ax_modelfile_load_string(not_a_list, "m.toml", "/tmp", NULL, 0, &err));
    cr_assert(strstr(err.message, "m.toml:2:20: simulation.silence_warnings: expected a list of warning names"), "%s",
              err.message);
    const char *a_number = "[simulation]\nsilence_warnings = [3]\n"
                           "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 1\n";
    cr_assert_null(ax_modelfile_load_string(a_number, "m.toml", "/tmp", NULL, 0, &err));
    cr_assert(strstr(err.message, "m.toml:2:21: simulation.silence_warnings: element 0 is a integer"), "%s",
              err.message);
}

/* ------------------------------------------------------------------ */
/* the sane models say nothing                                          */

/* Every example and benchmark model: nothing when declared, checked
 * against its duration, and (examples: they are small) over the start
 * of its run. */
static void quiet_models(const char *folder, bool run)
{
    DIR *d = opendir(folder);
    cr_assert_not_null(d, "%s (run the tests from the repository root)", folder);
    size_t seen = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".toml") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
        ax_error err;
        ax_modelfile *m = ax_modelfile_load(path, NULL, 0, &err);
        cr_assert_not_null(m, "%s", err.message);
        ax_network *net = ax_modelfile_get_network(m);
        OK(net, ax_network_validate(net));
        OK(net, ax_network_check_run(net, ax_modelfile_get_duration(m)));
        if (run)
            OK(net, ax_modelfile_run(m, ax_modelfile_get_duration(m) < 20 ? ax_modelfile_get_duration(m) : 20.0));
        ax_warning w = {.message = ""};
        if (ax_warning_count(net))
            ax_warning_get(net, 0, &w);
        cr_assert_eq(ax_warning_count(net), 0, "%s: %s", path, w.message);
        ax_modelfile_free(m);
        seen++;
    }
    closedir(d);
    cr_assert_geq(seen, 5, "%s", folder);
}

Test(warnings, the_examples_say_nothing, .timeout = 600)
{
    quiet_models("examples", true);
}

Test(warnings, the_benchmark_models_say_nothing)
{
    quiet_models("bench/models", false);
}

/* ------------------------------------------------------------------ */
/* the command line                                                     */

static size_t occurrences(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

Test(warnings, axon_check_and_run_print_them_and_succeed)
{
    char *dir = tmpdir(), model[128], args[1024];
    snprintf(model, sizeof model, "%s/m.toml", dir);
    write_file(model, mistaken_model);

    snprintf(args, sizeof args, "check %s", model);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "m.toml: ok"), "%s", r->out);
    cr_assert(strstr(r->err, "axon check: warning [weight_sign]: projection 0 (I -> E): weight 2 mV is positive"),
              "%s", r->err);
    cr_assert(strstr(r->err, "axon check: warning [recorder_never_samples]: recorder 0 (state 'v' of population 'I', "
                             "every 50 ms)"),
              "%s", r->err);
    cr_assert_eq(occurrences(r->err, "warning ["), 2, "what a check can know, nothing silenced: %s", r->err);

    snprintf(args, sizeof args, "run %s --out %s/out", model, dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "wrote"), "the run went through: %s", r->out);
    cr_assert_eq(occurrences(r->err, "axon run: warning [weight_sign]: "), 1, "%s", r->err);
    cr_assert_eq(occurrences(r->err, "axon run: warning [recorder_never_samples]: "), 1, "%s", r->err);
    cr_assert_eq(occurrences(r->err, "axon run: warning [fires_every_step]: population 'E'"), 1, "%s", r->err);
    cr_assert_eq(occurrences(r->err, "warning ["), 3, "%s", r->err);

    /* silenced from the command line; --quiet prints nothing but errors */
    snprintf(args, sizeof args, "run %s --out %s/out --set 'simulation.silence_warnings=[\"weight_sign\"]'", model,
             dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert_eq(occurrences(r->err, "[weight_sign]"), 0, "%s", r->err);
    cr_assert_eq(occurrences(r->err, "[drive_units]"), 1, "the file's list was replaced: %s", r->err);
    cr_assert_eq(occurrences(r->err, "warning ["), 3, "%s", r->err);
    snprintf(args, sizeof args, "run %s --out %s/out --quiet", model, dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert_str_eq(r->err, "");

    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}
