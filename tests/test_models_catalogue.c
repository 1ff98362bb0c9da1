/*
 * The model catalogue and user-defined models: every built-in descriptor
 * passes the same validation a user's does, PyNN's names and defaults are
 * there, and a registered model runs like a built-in one.
 */
#include "helpers.h"

Test(catalogue, builtins_are_valid_and_documented)
{
    const char *expected[] = {"IF_curr_delta", "IF_curr_exp", "IF_curr_alpha", "IF_cond_exp", "IF_cond_exp_euler",
                              "IF_cond_exp_exp_euler", "IF_cond_alpha", "IF_cond_alpha_euler", "IF_cond_alpha_exp_euler",
                              "EIF_cond_exp_isfa_ista", "EIF_cond_exp_isfa_ista_euler",
                              "EIF_cond_exp_isfa_ista_exp_euler", "EIF_cond_alpha_isfa_ista",
                              "EIF_cond_alpha_isfa_ista_euler", "EIF_cond_alpha_isfa_ista_exp_euler", "Izhikevich",
                              "Izhikevich2003",
                              "IzhikevichLeaky", "IzhikevichScaled", "QIF", "IF_curr_exp_sfa", "HodgkinHuxley", "HH_cond_exp", "MorrisLecar", "FitzHughNagumo",
                              "SpikeSourcePoisson", "SpikeSourcePoissonRefractory", "SpikeSourceGamma",
                              "SpikeSourceArray"};
    size_t n = ax_model_count(NULL);
    cr_assert_eq(n, sizeof expected / sizeof *expected);
    for (size_t k = 0; k < n; k++) {
        const ax_model *m = ax_model_get(NULL, k);
        char msg[256];
        cr_assert_eq(ax_model_validate(m, msg, sizeof msg), AX_OK, "%s: %s", m->name, msg);
        cr_assert_not_null(ax_model_find(NULL, expected[k]), "%s is registered", expected[k]);
        cr_assert(m->doc && strlen(m->doc) > 20, "%s has a doc string", m->name);
        for (uint32_t p = 0; p < m->n_params; p++)
            cr_assert(m->params[p].doc && *m->params[p].doc, "%s.%s documented", m->name, m->params[p].name);
    }
    cr_assert_null(ax_model_find(NULL, "nope"));
    cr_assert_null(ax_model_get(NULL, n));
}

/* Spot checks of PyNN's defaults (pyNN/standardmodels/cells.py). */
Test(catalogue, pynn_names_units_and_defaults)
{
    struct { const char *model, *param, *unit; double value; } want[] = {
        {"IF_curr_exp", "tau_m", "ms", 20.0},       {"IF_curr_exp", "cm", "nF", 1.0},
        {"IF_curr_exp", "tau_refrac", "ms", 0.1},   {"IF_curr_alpha", "tau_syn_E", "ms", 0.5},
        {"IF_cond_exp", "e_rev_I", "mV", -70.0},    {"IF_cond_alpha", "tau_syn_E", "ms", 0.3},
        {"EIF_cond_exp_isfa_ista", "cm", "nF", 0.281}, {"EIF_cond_exp_isfa_ista", "tau_m", "ms", 9.3667},
        {"EIF_cond_exp_isfa_ista", "a", "nS", 4.0}, {"EIF_cond_exp_isfa_ista", "b", "nA", 0.0805},
        {"EIF_cond_alpha_isfa_ista", "v_thresh", "mV", -50.4}, {"Izhikevich", "d", "mV/ms", 2.0},
        {"SpikeSourcePoisson", "rate", "Hz", 1.0},  {"SpikeSourcePoisson", "duration", "ms", 1e10},
        {"HH_cond_exp", "gbar_Na", "uS", 20.0},     {"HH_cond_exp", "v_offset", "mV", -63.0},
        {"HH_cond_exp", "e_rev_leak", "mV", -65.0}, {"HH_cond_exp", "tau_syn_E", "ms", 0.2},
        {"SpikeSourceGamma", "alpha", "", 2.0},     {"SpikeSourceGamma", "beta", "Hz", 1.0},
        {"SpikeSourceGamma", "start", "ms", 0.0},   {"SpikeSourceGamma", "duration", "ms", 1e10},
        {"SpikeSourcePoissonRefractory", "rate", "Hz", 1.0},
        {"SpikeSourcePoissonRefractory", "tau_refrac", "ms", 0.0},
        {"SpikeSourcePoissonRefractory", "start", "ms", 0.0},
        {"SpikeSourcePoissonRefractory", "duration", "ms", 1e10},
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        const ax_model *m = ax_model_find(NULL, want[k].model);
        cr_assert_not_null(m);
        int found = 0;
        for (uint32_t p = 0; p < m->n_params; p++) {
            if (strcmp(m->params[p].name, want[k].param) == 0) {
                found = 1;
                cr_assert_str_eq(m->params[p].unit, want[k].unit, "%s.%s unit", want[k].model, want[k].param);
                cr_assert_float_eq(m->params[p].value, want[k].value, 1e-12, "%s.%s", want[k].model, want[k].param);
            }
        }
        cr_assert(found, "%s has %s", want[k].model, want[k].param);
    }
}

/* A user model: fires every `period` steps. */
enum { PERIOD };
static const ax_param_info clock_params[] = {
    {"period", "steps", 10, 1, INFINITY, 0, "steps between spikes"},
};
static const ax_var_info clock_vars[] = {{"phase", "steps", 0, "steps since the last spike"}};

static void clock_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    for (uint32_t i = begin; i < end; i++) {
        double ph = p->state[0][i] + 1;
        int fire = ph >= AX_PARAM(p, PERIOD, i);
        p->state[0][i] = fire ? 0 : ph;
        p->spiked[i] = (uint32_t)fire;
    }
}

static const ax_model clock_model = {
    .name = "Clock", .doc = "fires every `period` steps", .params = clock_params, .n_params = 1,
    .vars = clock_vars, .n_vars = 1, .flags = AX_MODEL_SPIKE_SOURCE, .update = clock_update,
};

Test(catalogue, user_model_runs_like_a_builtin)
{
    ax_network *net = new_net(0.1, 1, 2);
    OK(net, ax_model_register(net, &clock_model));
    cr_assert_eq(ax_model_count(net), ax_model_count(NULL) + 1);
    cr_assert_eq(ax_model_find(net, "Clock"), &clock_model);
    ax_population clk, lif;
    OK(net, ax_population_add(net, "clk", "Clock", 3, &clk));
    double periods[3] = {5, 10, 20};
    OK(net, ax_population_set_param(net, clk, "period", ax_value_array(periods, 3)));
    FAILS(net, ax_population_set_param(net, clk, "period", ax_value_constant(0)), AX_ERR_ARGUMENT, "must be >= 1 steps");
    OK(net, ax_population_add(net, "n", "IF_curr_delta", 1, &lif));
    ax_connector c = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, clk, lif, &c, "excitatory", ax_value_constant(0.5), ax_value_constant(1.0), NULL));
    OK(net, ax_network_run(net, 100));
    uint64_t count;
    OK(net, ax_population_get_spike_count(net, clk, &count));
    cr_assert_eq(count, 200 + 100 + 50);
    ax_network_free(net);
}

static void noop(const ax_population_view *p, uint32_t b, uint32_t e, int64_t s) { (void)p, (void)b, (void)e, (void)s; }

Test(catalogue, bad_descriptors_are_refused)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_model m = clock_model;
    m.name = "IF_curr_exp";
    FAILS(net, ax_model_register(net, &m), AX_ERR_ARGUMENT, "already exists");
    m.name = "bad name";
    FAILS(net, ax_model_register(net, &m), AX_ERR_ARGUMENT, "not an identifier");
    m = clock_model;
    m.update = NULL;
    FAILS(net, ax_model_register(net, &m), AX_ERR_ARGUMENT, "no update function");
    ax_param_info twice[2] = {clock_params[0], clock_params[0]};
    m = clock_model;
    m.params = twice;
    m.n_params = 2;
    FAILS(net, ax_model_register(net, &m), AX_ERR_ARGUMENT, "appears twice");
    ax_param_info out_of_range = clock_params[0];
    out_of_range.value = 0;
    m = clock_model;
    m.params = &out_of_range;
    FAILS(net, ax_model_register(net, &m), AX_ERR_ARGUMENT, "outside its allowed range");
    ax_var_info spikes = {"spikes", "", 0, ""};
    m = clock_model;
    m.vars = &spikes;
    FAILS(net, ax_model_register(net, &m), AX_ERR_ARGUMENT, "reserved");
    ax_receptor_info r = {"input", "nA", 0, ""};
    m = clock_model;
    m.receptors = &r;
    m.n_receptors = 1;
    FAILS(net, ax_model_register(net, &m), AX_ERR_ARGUMENT, "spike source cannot have receptors");
    m = (ax_model){.name = "Fine", .update = noop};
    OK(net, ax_model_register(net, &m));
    OK(net, ax_population_add(net, "x", "Fine", 1, NULL));
    OK(net, ax_network_run(net, 1));
    FAILS(net, ax_model_register(net, &clock_model), AX_ERR_STATE, "already built");
    ax_network_free(net);
}
