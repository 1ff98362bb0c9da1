/*
 * Bad API input: every mistake returns an error status with a message that
 * names the object, the value and what is allowed - never a crash, a hang
 * or silent nonsense.  Under `make check-asan` these tests also show that
 * error paths leak nothing.
 */
#include "helpers.h"

Test(errors, network_arguments)
{
    ax_error err;
    cr_assert_null(ax_network_create(0.0, 1, 1, &err));
    cr_assert_eq(err.status, AX_ERR_ARGUMENT);
    cr_assert(strstr(err.message, "dt = 0 ms") != NULL, "%s", err.message);
    cr_assert_null(ax_network_create(NAN, 1, 1, &err));
    cr_assert(strstr(err.message, "dt = nan") != NULL, "%s", err.message);
    cr_assert_null(ax_network_create(0.1, 1, -2, &err));
    cr_assert(strstr(err.message, "threads = -2") != NULL, "%s", err.message);
    cr_assert_null(ax_network_create(0.1, 1, 5000, NULL), "NULL error pointer is allowed");
    ax_network *net = ax_network_create(0.1, 1, 0, &err);
    cr_assert_not_null(net);
    cr_assert(ax_network_get_threads(net) >= 1, "0 threads means all cores");
    ax_network_free(net);
    ax_network_free(NULL);
}

Test(errors, populations)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population p;
    FAILS(net, ax_population_add(net, "E", "IF_cur_exp", 10, &p), AX_ERR_NOT_FOUND, "did you mean 'IF_curr_exp'");
    FAILS(net, ax_population_add(net, "E", "no_such_thing", 10, &p), AX_ERR_NOT_FOUND, "unknown model 'no_such_thing'");
    FAILS(net, ax_population_add(net, "E", "IF_curr_exp", -5, &p), AX_ERR_ARGUMENT, "size -5");
    FAILS(net, ax_population_add(net, "E", "IF_curr_exp", 0, &p), AX_ERR_ARGUMENT, "size 0");
    FAILS(net, ax_population_add(net, "E", "IF_curr_exp", 5000000000LL, &p), AX_ERR_ARGUMENT, "at most");
    FAILS(net, ax_population_add(net, "E E", "IF_curr_exp", 10, &p), AX_ERR_ARGUMENT, "contains ' '");
    FAILS(net, ax_population_add(net, "", "IF_curr_exp", 10, &p), AX_ERR_ARGUMENT, "empty");
    FAILS(net, ax_population_add(net, NULL, "IF_curr_exp", 10, &p), AX_ERR_ARGUMENT, "'name' is NULL");
    FAILS(net, ax_population_add(net, "E", NULL, 10, &p), AX_ERR_ARGUMENT, "'model' is NULL");
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 10, &p));
    FAILS(net, ax_population_add(net, "E", "IF_curr_exp", 10, &p), AX_ERR_ARGUMENT, "already exists");
    ax_population_info info;
    FAILS(net, ax_population_get_info(net, 7, &info), AX_ERR_NOT_FOUND, "population info: population handle 7");
    FAILS(net, ax_population_set_param(net, 7, "tau_m", ax_value_constant(1)), AX_ERR_NOT_FOUND, "handle 7");
    ax_network_free(net);
}

Test(errors, oversized_network_is_refused_before_allocating)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population a;
    OK(net, ax_population_add(net, "a", "IF_curr_exp", 1000000, &a));
    ax_connector c = ax_connector_all_to_all();
    FAILS(net, ax_projection_add(net, a, a, &c, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_MEMORY,
          "GB");
    OK(net, ax_network_set_memory_limit(net, 64u << 20));
    ax_population b;
    FAILS(net, ax_population_add(net, "b", "IF_curr_exp", 20000000, &b), AX_ERR_MEMORY, "memory limit");
    FAILS(net, ax_network_set_memory_limit(net, 100), AX_ERR_ARGUMENT, "too small");
    ax_network_free(net);
}

Test(errors, parameters_and_state)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population p;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 10, &p));
    FAILS(net, ax_population_set_param(net, p, "tau_mm", ax_value_constant(10)), AX_ERR_NOT_FOUND, "did you mean 'tau_m'");
    FAILS(net, ax_population_set_param(net, p, "tau_m", ax_value_constant(-5)), AX_ERR_ARGUMENT, "tau_m = -5 is not allowed: must be > 0 ms");
    FAILS(net, ax_population_set_param(net, p, "tau_m", ax_value_constant(NAN)), AX_ERR_ARGUMENT, "tau_m = nan");
    FAILS(net, ax_population_set_param(net, p, "cm", ax_value_constant(INFINITY)), AX_ERR_ARGUMENT, "cm = inf");
    double three[3] = {1, 2, 3};
    FAILS(net, ax_population_set_param(net, p, "tau_m", ax_value_array(three, 3)), AX_ERR_ARGUMENT, "3 values was given, 10 are needed");
    FAILS(net, ax_population_set_param(net, p, "tau_m", ax_value_uniform(5, 1)), AX_ERR_ARGUMENT, "low must not exceed high");
    FAILS(net, ax_population_set_param(net, p, "tau_m", ax_value_uniform(-1, 1)), AX_ERR_ARGUMENT, "must be > 0");
    FAILS(net, ax_population_set_param(net, p, "tau_m", ax_value_normal_clipped(0, 1, 50, 60)), AX_ERR_ARGUMENT, "almost no draws");
    FAILS(net, ax_population_set_param(net, p, "tau_m", ax_value_exponential(-1)), AX_ERR_ARGUMENT, "mean must be > 0");
    ax_value weird = {.kind = (ax_value_kind)99};
    FAILS(net, ax_population_set_param(net, p, "tau_m", weird), AX_ERR_ARGUMENT, "unknown kind");
    FAILS(net, ax_population_set_state(net, p, "vv", ax_value_constant(1)), AX_ERR_NOT_FOUND, "did you mean 'v'");
    FAILS(net, ax_population_set_state(net, p, "v", ax_value_constant(NAN)), AX_ERR_ARGUMENT, "not a finite number");
    double out[10];
    FAILS(net, ax_population_get_values(net, p, "nope", out, 10), AX_ERR_NOT_FOUND, "unknown parameter or state variable 'nope'");
    FAILS(net, ax_population_get_values(net, p, "v", out, 9), AX_ERR_ARGUMENT, "has 10 neurons");
    /* a failed set leaves the old value */
    OK(net, ax_population_get_values(net, p, "tau_m", out, 10));
    cr_assert_float_eq(out[0], 20.0, 0);
    /* relations between parameters are checked before the run */
    OK(net, ax_population_set_param(net, p, "v_reset", ax_value_constant(-40)));
    FAILS(net, ax_network_run(net, 1), AX_ERR_ARGUMENT, "v_reset (-40 mV) must be below v_thresh (-50 mV)");
    ax_network_free(net);
}

Test(errors, projections)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population a, g, s;
    OK(net, ax_population_add(net, "a", "IF_curr_exp", 10, &a));
    OK(net, ax_population_add(net, "g", "IF_cond_exp", 10, &g));
    OK(net, ax_population_add(net, "s", "SpikeSourcePoisson", 10, &s));
    ax_connector c = ax_connector_all_to_all();
    FAILS(net, ax_projection_add(net, a, a, &c, "exitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_NOT_FOUND,
          "did you mean 'excitatory'");
    FAILS(net, ax_projection_add(net, a, s, &c, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_NOT_FOUND,
          "no receptors");
    FAILS(net, ax_projection_add(net, a, g, &c, "inhibitory", ax_value_constant(-0.1), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "must be >= 0");
    FAILS(net, ax_projection_add(net, a, g, &c, "excitatory", ax_value_normal(0.1, 0.05), ax_value_constant(1), NULL),
          AX_ERR_ARGUMENT, "normal_clipped");
    ax_connector p = ax_connector_fixed_probability(1.5);
    FAILS(net, ax_projection_add(net, a, a, &p, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "p = 1.5");
    double w[100] = {0};
    ax_connector q = ax_connector_fixed_probability(0.5);
    FAILS(net, ax_projection_add(net, a, a, &q, "excitatory", ax_value_array(w, 100), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "fixed synapse order");
    FAILS(net, ax_projection_add(net, a, a, &c, "excitatory", ax_value_array(w, 99), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "99 values was given, 100 are needed");
    ax_connector in = ax_connector_fixed_indegree(11);
    FAILS(net, ax_projection_add(net, a, a, &in, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "more than the 10 distinct sources");
    ax_connector one = ax_connector_one_to_one();
    OK(net, ax_population_add(net, "b", "IF_curr_exp", 7, NULL));
    ax_population b;
    OK(net, ax_population_find(net, "b", &b));
    FAILS(net, ax_projection_add(net, a, b, &one, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "equal size");
    FAILS(net, ax_projection_add(net, a, b, NULL, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "no connector");
    ax_connector bad = {.kind = (ax_connector_kind)77};
    FAILS(net, ax_projection_add(net, a, b, &bad, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "unknown connector");
    FAILS(net, ax_projection_get_synapses(net, 0, NULL, NULL, NULL, NULL), AX_ERR_NOT_FOUND, "does not exist");
    ax_network_free(net);
}

Test(errors, structure_is_fixed_after_the_build_and_runs_are_checked)
{
    ax_network *net = new_net(0.1, 1, 1);
    FAILS(net, ax_network_run(net, 10), AX_ERR_STATE, "no populations");
    ax_population a;
    OK(net, ax_population_add(net, "a", "IF_curr_exp", 10, &a));
    FAILS(net, ax_network_run(net, -1), AX_ERR_ARGUMENT, "duration -1 ms");
    FAILS(net, ax_network_run(net, NAN), AX_ERR_ARGUMENT, "duration nan");
    FAILS(net, ax_network_run(net, 0.25), AX_ERR_ARGUMENT, "not a multiple of dt");
    OK(net, ax_network_run(net, 1));
    ax_population b;
    FAILS(net, ax_population_add(net, "b", "IF_curr_exp", 10, &b), AX_ERR_STATE, "already built");
    ax_connector c = ax_connector_all_to_all();
    FAILS(net, ax_projection_add(net, a, a, &c, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_STATE,
          "already built");
    /* parameters, inputs and recorders may still change */
    OK(net, ax_population_set_param(net, a, "tau_m", ax_value_constant(10)));
    ax_recorder r;
    OK(net, ax_recorder_add_spikes(net, a, AX_ALL_NEURONS, &r));
    FAILS(net, ax_recorder_add_state(net, a, "vm", AX_ALL_NEURONS, 0, &r), AX_ERR_NOT_FOUND, "did you mean 'v'");
    FAILS(net, ax_recorder_add_state(net, a, "v", AX_ALL_NEURONS, 0.25, &r), AX_ERR_ARGUMENT, "multiple of dt");
    FAILS(net, ax_recorder_get_trace(net, 0, NULL, NULL, NULL, NULL, NULL), AX_ERR_NOT_FOUND, "records spikes, not a state variable");
    OK(net, ax_network_run(net, 1));
    cr_assert_float_eq(ax_network_get_time(net), 2.0, 1e-12);
    ax_network_free(net);
}

/* A model whose state turns NaN: the run stops with population, neuron,
 * variable and time, and the network refuses to continue. */
static void nan_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    for (uint32_t i = begin; i < end; i++)
        p->state[0][i] = (i == 3 && step == 57) ? NAN : p->state[0][i] + 1;
}

static const ax_var_info nan_vars[] = {{"x", "", 0, "grows"}};
static const ax_model nan_model = {.name = "Blowup", .doc = "", .vars = nan_vars, .n_vars = 1,
                                   .update = nan_update};

Test(errors, numerical_failure_names_population_neuron_variable_and_time)
{
    ax_network *net = new_net(0.1, 1, 2);
    OK(net, ax_model_register(net, &nan_model));
    ax_population p;
    OK(net, ax_population_add(net, "cells", "Blowup", 8, &p));
    ax_status st = ax_network_run(net, 100);
    cr_assert_eq(st, AX_ERR_NUMERIC, "%s", ax_network_get_error(net));
    const char *m = ax_network_get_error(net);
    cr_assert(strstr(m, "population 'cells'") && strstr(m, "neuron 3") && strstr(m, "'x'") &&
                  strstr(m, "became nan") && strstr(m, "between t = 5 and 6 ms"),
              "%s", m);
    FAILS(net, ax_network_run(net, 1), AX_ERR_STATE, "earlier run");
    ax_network_free(net);
}
