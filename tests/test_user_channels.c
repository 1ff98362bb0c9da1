/*
 * User-defined ion channels (ax_channel_define, [channels.NAME] in a model
 * file): (a) library channels written again as user channels give the
 * library's numbers; (b) a channel that is not in the library, the
 * Connor-Stevens A current, against an independent SciPy integration;
 * (c) every kind of mistake gets a message that says where and why.
 */
#include "helpers.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static ax_param_info param(const char *name, const char *unit, double value)
{
    return (ax_param_info){name, unit, value, strcmp(unit, "uS") ? -INFINITY : 0.0, INFINITY, 0, ""};
}

/* Traub & Miles' Na and K (the library's Na and K, HH_cond_exp's), as
 * written in channels/traub_miles.c's comment, with vtrap for the 0/0
 * forms. */
static void define_traub_miles(ax_network *net)
{
    const ax_param_info na_p[] = {param("gbar_Na", "uS", 50.0), param("e_rev_Na", "mV", 50.0),
                                  param("v_offset", "mV", -56.2)};
    const ax_gate_def na_g[] = {
        {"m", 3, "0.32 * vtrap(13 - (v - v_offset), 4)", "0.28 * vtrap((v - v_offset) - 40, 5)", NULL, NULL, NULL},
        {"h", 1, "0.128 * exp((17 - (v - v_offset)) / 18)", "4 / (1 + exp((40 - (v - v_offset)) / 5))", NULL, NULL,
         NULL},
    };
    const ax_channel_def na = {"Na_user", NULL, na_p, 3, "gbar_Na", "e_rev_Na", na_g, 2};
    OK(net, ax_channel_define(net, &na));
    const ax_param_info k_p[] = {param("gbar_K", "uS", 5.0), param("e_rev_K", "mV", -90.0),
                                 param("v_offset", "mV", -56.2)};
    const ax_gate_def k_g[] = {
        {"n", 4, "0.032 * vtrap(15 - (v - v_offset), 5)", "0.5 * exp((10 - (v - v_offset)) / 40)", NULL, NULL, NULL},
    };
    const ax_channel_def k = {"K_user", NULL, k_p, 3, "gbar_K", "e_rev_K", k_g, 1};
    OK(net, ax_channel_define(net, &k));
}

/* The library's CaT: an instantaneous activation s (inf alone) and an
 * inactivation u given by inf and tau. */
static void define_cat(ax_network *net)
{
    const ax_param_info p[] = {param("gbar_CaT", "uS", 0.4), param("e_rev_Ca", "mV", 120.0),
                               param("v_shift_CaT", "mV", 2.0)};
    const ax_gate_def g[] = {
        {"s", 2, NULL, NULL, "1 / (1 + exp(-(v + v_shift_CaT + 57) / 6.2))", NULL, "T-type activation"},
        {"u", 1, NULL, NULL, "1 / (1 + exp((v + v_shift_CaT + 81) / 4))",
         "(30.8 + (211.4 + exp((v + v_shift_CaT + 113.2) / 5)) / (1 + exp((v + v_shift_CaT + 84) / 3.2))) / 3.7",
         NULL},
    };
    const ax_channel_def cat = {"CaT_user", "T-type calcium, again", p, 3, "gbar_CaT", "e_rev_Ca", g, 2};
    OK(net, ax_channel_define(net, &cat));
}

typedef struct run_result {
    size_t n_spikes, n_samples, n_neurons;
    double *spikes, *v;
} run_result;

static void result_free(run_result *r) { free(r->spikes), free(r->v); }

/* Runs net for `ms` recording v and spikes of every neuron of pop. */
static run_result run_and_record(ax_network *net, ax_population pop, double ms)
{
    ax_recorder rv, rs;
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 0, &rv));
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rs));
    OK(net, ax_network_run(net, ms));
    run_result r;
    const double *t, *v;
    const uint32_t *ids;
    OK(net, ax_recorder_get_trace(net, rv, &r.n_samples, &r.n_neurons, &t, &v, NULL));
    r.v = malloc(r.n_samples * r.n_neurons * sizeof *r.v);
    memcpy(r.v, v, r.n_samples * r.n_neurons * sizeof *r.v);
    OK(net, ax_recorder_get_spikes(net, rs, &r.n_spikes, &t, &ids));
    r.spikes = malloc((r.n_spikes + 1) * sizeof *r.spikes);
    memcpy(r.spikes, t, r.n_spikes * sizeof *r.spikes);
    return r;
}

/* The same spikes, and v within rel_tol (relative to 100 mV). */
static void expect_same_run(const char *what, const run_result *a, const run_result *b, double rel_tol)
{
    cr_assert_eq(a->n_spikes, b->n_spikes, "%s: %zu spikes, user channels %zu", what, a->n_spikes, b->n_spikes);
    cr_assert(a->n_spikes >= 3, "%s: the cells fire (%zu spikes)", what, a->n_spikes);
    for (size_t k = 0; k < a->n_spikes; k++)
        cr_assert_eq(a->spikes[k], b->spikes[k], "%s: spike %zu at %.17g, user channels %.17g", what, k, a->spikes[k],
                     b->spikes[k]);
    cr_assert_eq(a->n_samples * a->n_neurons, b->n_samples * b->n_neurons);
    double worst = 0;
    for (size_t s = 0; s < a->n_samples * a->n_neurons; s++)
        worst = fmax(worst, fabs(a->v[s] - b->v[s]) / 100.0);
    cr_assert(worst <= rel_tol, "%s: v differs by %g relative", what, worst);
    cr_log_info("%s: %zu identical spike times, max |v - v_user| / 100 mV = %.3g", what, a->n_spikes, worst);
}

/* ------------------------------------------------------------------ */
/* (a) library channels written as user channels                        */
/* ------------------------------------------------------------------ */

/* Why equal: both channels advance their gates by ax_gate_step with the
 * rates at v(t) and go through the same membrane update, and the rate
 * functions are the same mathematics; only the rounding differs (the
 * library multiplies by 0.2 where the expression divides by 5, folds
 * 0.32 * 4 into 1.28, writes beta_h over exp((u - 40) / 5)), about 1e-16
 * per operation.  Those differences are amplified along the trajectory
 * but stay orders of magnitude below what would move a threshold
 * crossing across a step boundary, so the spike steps are identical and v
 * agrees to ~1e-12 (bound: 1e-9).  Two neurons with different currents
 * make the parameters per neuron (the het path), with synaptic input. */
Test(user_channels, traub_miles_as_user_channels_reproduce_hh_cond_exp)
{
    const double currents[] = {0.6, 0.8}, times[] = {5.0, 7.0, 20.0, 21.0, 22.0};
    const char *names[] = {"gbar_Na", "gbar_K", "g_leak", "cm", "v_offset", "e_rev_Na", "e_rev_K", "e_rev_leak"};
    const double values[] = {20.0, 6.0, 0.01, 0.2, -63.0, 50.0, -90.0, -65.0};
    run_result r[2];
    for (int k = 0; k < 2; k++) {
        ax_network *net = new_net(0.025, 1, 1);
        ax_population pop;
        if (k == 0) {
            OK(net, ax_population_add(net, "c", "HH_cond_exp", 2, &pop));
        } else {
            define_traub_miles(net);
            const char *channels[] = {"Na_user", "K_user", "leak"};
            OK(net, ax_model_define_cell(net, "tm", channels, 3));
            OK(net, ax_population_add(net, "c", "tm", 2, &pop));
            for (size_t j = 0; j < sizeof values / sizeof *values; j++)
                OK(net, ax_population_set_param(net, pop, names[j], ax_value_constant(values[j])));
            OK(net, ax_population_set_state(net, pop, "m", ax_value_constant(0.0)));   /* HH_cond_exp's initial values */
            OK(net, ax_population_set_state(net, pop, "h", ax_value_constant(1.0)));
            OK(net, ax_population_set_state(net, pop, "n", ax_value_constant(0.0)));
        }
        OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_array(currents, 2)));
        spike_input(net, pop, "in", "excitatory", times, 5, 0.05, 0.5);
        r[k] = run_and_record(net, pop, 200.0);
        ax_network_free(net);
    }
    expect_same_run("HH_cond_exp vs Na_user, K_user, leak", &r[0], &r[1], 1e-9);
    result_free(&r[0]), result_free(&r[1]);
}

/* The low-threshold spiking cell of test_channel_cells.c (rebound burst
 * after a hyperpolarising step) with CaT or CaT_user: the instantaneous
 * gate (at v extrapolated to the step's middle) and the inf/tau gate
 * against the library's code.  Same argument as above. */
Test(user_channels, cat_as_user_channel_reproduces_the_library)
{
    const char *names[] = {"gbar_Na", "gbar_K", "gbar_M", "tau_max_M", "gbar_CaT", "v_shift_CaT", "g_leak",
                           "e_rev_leak", "v_offset"};
    const double values[] = {50.0, 4.0, 0.028, 4000.0, 0.4, -7.0, 0.019, -50.0, -50.0};
    const char *inits[] = {"v", "m", "h", "n", "p", "u"};
    const double init_values[] = {-60.0, 0.01, 0.9, 0.02, 0.05, 0.1};
    run_result r[2];
    for (int k = 0; k < 2; k++) {
        ax_network *net = new_net(0.01, 1, 1);
        define_cat(net);
        const char *channels[] = {"Na", "K", "M", k ? "CaT_user" : "CaT", "leak"};
        OK(net, ax_model_define_cell(net, "lts", channels, 5));
        ax_population pop;
        OK(net, ax_population_add(net, "c", "lts", 1, &pop));
        for (size_t j = 0; j < sizeof values / sizeof *values; j++)
            OK(net, ax_population_set_param(net, pop, names[j], ax_value_constant(values[j])));
        for (size_t j = 0; j < sizeof init_values / sizeof *init_values; j++)
            OK(net, ax_population_set_state(net, pop, inits[j], ax_value_constant(init_values[j])));
        const double t[] = {100.0, 400.0}, a[] = {-0.75, 0.0};
        ax_input_spec st = {.kind = AX_INPUT_STEP, .times = t, .amplitudes = a, .n_times = 2};
        OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &st, NULL));
        r[k] = run_and_record(net, pop, 600.0);
        ax_network_free(net);
    }
    expect_same_run("LTS cell with CaT vs CaT_user", &r[0], &r[1], 1e-9);
    result_free(&r[0]), result_free(&r[1]);
}

/* Gates start at their steady state at -65 mV (default parameters), as
 * the library's; the cell's tables are the channel's. */
Test(user_channels, tables_and_initial_values)
{
    ax_network *net = new_net(0.1, 1, 1);
    define_traub_miles(net);
    define_cat(net);
    const char *channels[] = {"Na_user", "K_user", "CaT_user", "leak"};
    OK(net, ax_model_define_cell(net, "cell", channels, 4));
    const ax_model *m = ax_model_find(net, "cell");
    cr_assert_not_null(m);
    const char *want[] = {"v", "m", "h", "n", "s", "u", "gsyn_exc", "gsyn_inh", "refrac"};
    cr_assert_eq(m->n_vars, 9);
    const double library[] = {-65.0, 0.002197925209, 0.9995700328, 0.008157843591, -1, 0.01098694263};
    for (uint32_t k = 0; k < 9; k++) {
        cr_assert_str_eq(m->vars[k].name, want[k]);
        if (k < 6 && library[k] >= 0)   /* the library's values have 10 digits */
            cr_assert(fabs(m->vars[k].value - library[k]) <= 1e-9 * library[k], "%s: %.17g, library %.10g",
                      want[k], m->vars[k].value, library[k]);
    }
    double s65 = 1.0 / (1.0 + exp(-(-65.0 + 2.0 + 57.0) / 6.2));
    cr_assert(fabs(m->vars[4].value - s65) < 1e-15, "s starts at s_inf(-65) = %g", s65);
    cr_assert(strstr(m->doc, "Na_user, K_user, CaT_user, leak"));
    int v_offset = 0;
    for (uint32_t k = 0; k < m->n_params; k++)
        v_offset += strcmp(m->params[k].name, "v_offset") == 0;
    cr_assert_eq(v_offset, 1, "Na_user and K_user share v_offset");
    /* the catalogue: the library's channels, then the network's in the order defined */
    const char *defined[] = {"Na_user", "K_user", "CaT_user"};
    size_t lib = ax_channel_count(NULL);
    cr_assert_eq(ax_channel_count(net), lib + 3);
    for (size_t k = 0; k < 3; k++) {
        ax_channel_info ci;
        cr_assert_eq(ax_channel_get_info(net, lib + k, &ci), AX_OK);
        cr_assert_str_eq(ci.name, defined[k]);
        cr_assert(ci.doc && ci.n_params >= 2 && ci.n_gates >= 1 && ci.params && ci.gates);
    }
    ax_channel_info none;
    cr_assert_eq(ax_channel_get_info(net, lib + 3, &none), AX_ERR_ARGUMENT);
    cr_assert(strstr(ax_network_get_error(net), "index"), "%s", ax_network_get_error(net));
    cr_assert_eq(ax_channel_get_info(net, 0, NULL), AX_ERR_ARGUMENT);
    cr_assert(strstr(ax_network_get_error(net), "out"), "%s", ax_network_get_error(net));
    cr_assert_eq(ax_channel_get_info(NULL, lib, &none), AX_ERR_ARGUMENT);
    ax_network_free(net);
}

/* Threads split the population into ranges that do not start on a block
 * boundary; the numbers must not depend on it (each thread's scratch is
 * its own, and every operation is per neuron). */
Test(user_channels, threads_give_identical_results)
{
    run_result r[2];
    for (int k = 0; k < 2; k++) {
        ax_network *net = new_net(0.025, 1, k ? 2 : 1);
        define_traub_miles(net);
        define_cat(net);
        const char *channels[] = {"Na_user", "K_user", "CaT_user", "leak"};
        OK(net, ax_model_define_cell(net, "cell", channels, 4));
        ax_population pop;
        OK(net, ax_population_add(net, "c", "cell", 203, &pop));
        OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_uniform(0.0, 6.0)));
        r[k] = run_and_record(net, pop, 50.0);
        ax_network_free(net);
    }
    cr_assert_eq(r[0].n_spikes, r[1].n_spikes);
    cr_assert(r[0].n_spikes > 100, "%zu spikes", r[0].n_spikes);
    cr_assert_eq(memcmp(r[0].v, r[1].v, r[0].n_samples * r[0].n_neurons * sizeof(double)), 0);
    result_free(&r[0]), result_free(&r[1]);
}

/* ------------------------------------------------------------------ */
/* (b) the Connor-Stevens A current against SciPy                       */
/* ------------------------------------------------------------------ */

/* examples/connor_stevens.toml defines Na, K and A channels of Connor &
 * Stevens (Dayan & Abbott ch. 6) in TOML; tests/reference/
 * make_user_channel.py integrates the same equations with DOP853 (rtol
 * 1e-10, converged to 1e-9 ms).  Four cells from just above rheobase
 * (first spike after 114 ms: the A current's delay) to 20 nA (66 spikes).
 * At dt = 0.01 ms every spike is within 0.1 ms: the largest difference,
 * 0.083 ms, is the phase drift of the second-order scheme over 66 spikes
 * (0.31 ms at dt = 0.02, 0.023 ms at dt = 0.005). */
Test(user_channels, connor_stevens_matches_scipy)
{
    ax_error err;
    ax_modelfile *mf = ax_modelfile_load("examples/connor_stevens.toml", NULL, 0, &err);
    cr_assert_not_null(mf, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(mf);
    cr_assert_float_eq(ax_network_get_dt(net), 0.01, 0);
    OK(net, ax_network_run(net, ax_modelfile_get_duration(mf)));
    ax_recorder rec = 0;
    ax_recorder_info info;
    for (; rec < ax_recorder_count(net); rec++)
        if (ax_recorder_get_info(net, rec, &info) == AX_OK && strcmp(info.variable, "spikes") == 0)
            break;
    size_t n;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, rec, &n, &t, &ids));
    csv_table ref = read_csv("tests/reference/connor_stevens.spikes.csv");
    cr_assert_eq(n, ref.rows, "%zu spikes, reference %zu", n, ref.rows);
    double worst = 0;
    for (uint32_t cell = 0; cell < 4; cell++) {
        size_t j = 0, count = 0;
        for (size_t k = 0; k < n; k++) {
            if (ids[k] != cell)
                continue;
            while (j < ref.rows && ref.data[j * 2 + 1] != cell)
                j++;
            cr_assert(j < ref.rows, "cell %u: more spikes than the reference", cell);
            double d = fabs(t[k] - ref.data[j * 2]);
            cr_assert(d <= 0.1, "cell %u spike %zu at %.3f ms, reference %.3f ms", cell, count, t[k], ref.data[j * 2]);
            worst = fmax(worst, d);
            j++, count++;
        }
        cr_assert(count >= 4, "cell %u fires (%zu spikes)", cell, count);
    }
    cr_log_info("Connor-Stevens: %zu spikes, max |t - t_ref| = %.4f ms", n, worst);
    /* the A gates start at their steady state at -65 mV */
    const ax_model *m = ax_model_find(net, "cell_cs");
    for (uint32_t k = 0; k < m->n_vars; k++)
        if (strcmp(m->vars[k].name, "a") == 0) {
            double x = 0.0761 * exp(0.0314 * (-65.0 + 94.22)) / (1.0 + exp(0.0346 * (-65.0 + 1.17)));
            cr_assert(fabs(m->vars[k].value - cbrt(x)) < 1e-14, "a0 = %.17g, a_inf(-65) = %.17g", m->vars[k].value,
                      cbrt(x));
        }
    csv_free(&ref);
    ax_modelfile_free(mf);
}

/* ------------------------------------------------------------------ */
/* (c) mistakes                                                         */
/* ------------------------------------------------------------------ */

static const char *gate_file =
    "[simulation]\n"                                          /* 1 */
    "duration = 5\n"                                          /* 2 */
    "[channels.KX]\n"                                         /* 3 */
    "conductance = \"gbar_KA\"\n"                             /* 4 */
    "reversal = \"e_rev_KA\"\n"                               /* 5 */
    "params = { gbar_KA = 47.7, e_rev_KA = -75.0 }\n"         /* 6 */
    "[channels.KX.gates.a]\n"                                 /* 7 */
    "%s\n"                                                    /* 8 ... */
    "[populations.X]\n"
    "channels = [\"KX\", \"leak\"]\n"
    "size = 1\n";

static void expect_file_error(const char *text, const char *want1, const char *want2)
{
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(text, "x.toml", "/tmp", NULL, 0, &err);
    if (m)
        ax_modelfile_free(m);
    cr_assert_null(m, "accepted:\n%s", text);
    cr_assert(strstr(err.message, want1), "message\n  %s\nlacks '%s' (for:\n%s)", err.message, want1, text);
    cr_assert(!want2 || strstr(err.message, want2), "message\n  %s\nlacks '%s' (for:\n%s)", err.message, want2, text);
}

static void expect_gate_error(const char *gate, const char *want1, const char *want2)
{
    char text[2048];
    snprintf(text, sizeof text, gate_file, gate);
    expect_file_error(text, want1, want2);
}

Test(user_channels, a_correct_gate_table_loads)
{
    char text[2048];
    snprintf(text, sizeof text, gate_file, "power = 3\ninf = \"1 / (1 + exp(-(v + 60) / 8.5))\"\ntau = 5");
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(text, "x.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    OK(ax_modelfile_get_network(m), ax_network_run(ax_modelfile_get_network(m), 5.0));
    ax_modelfile_free(m);
}

Test(user_channels, expression_errors_name_the_key_and_column)
{
    expect_gate_error("power = 3\ninf = \"exp(-(v+40)/10\"\ntau = \"1\"",
                      "x.toml:9:7: channels.KX.gates.a.inf: expected ')' at column 15 (the end) of 'exp(-(v+40)/10'",
                      NULL);
    expect_gate_error("inf = \"1 / (1 + exp(-(v + 60) / gbar_ka))\"\ntau = 5",
                      "x.toml:8:7: channels.KX.gates.a.inf: unknown name 'gbar_ka' at column 26",
                      "(did you mean 'gbar_KA'?); names: v, gbar_KA, e_rev_KA");
    expect_gate_error("inf = 0.5\ntau = \"exp(\"", "x.toml:9:7: channels.KX.gates.a.tau: expected a number, a name or "
                      "'(' at column 5 (the end) of 'exp('", NULL);
    expect_gate_error("inf = \"1\"\ntau = \"expp(v)\"", "unknown function 'expp' at column 1", "(did you mean 'exp'?)");
    expect_gate_error("inf = true\ntau = 1", "x.toml:8:7: channels.KX.gates.a.inf: expected an expression of v (a "
                      "string) or a number, got a boolean", NULL);
}

/* The example of a rate that is 0/0 at one v: refused with that v
 * and the way to write it. */
Test(user_channels, a_nan_rate_is_refused_with_the_v_and_the_vtrap_hint)
{
    expect_gate_error("alpha = \"0.38 * (v + 29.7) / (1 - exp(-0.1 * (v + 29.7)))\"\n"
                      "beta = \"15.2 * exp(-0.0556 * (v + 54.7))\"",
                      "x.toml:8:9: channels.KX.gates.a.alpha: '0.38 * (v + 29.7) / (1 - exp(-0.1 * (v + 29.7)))' is "
                      "NaN at v = -29.7 mV (default parameters)",
                      "write it vtrap(x, k) (x / (1 - exp(-x / k)) is vtrap(-x, k), (exp(x) - 1) / x is exprel(x))");
    expect_gate_error("inf = \"1 / (v + 60)\"\ntau = 1", "channels.KX.gates.a.inf: '1 / (v + 60)' is infinite (a "
                      "division by zero or an overflow) at v = -60 mV", "vtrap");
    expect_gate_error("inf = \"0.5\"\ntau = \"v / 10\"", "channels.KX.gates.a.tau: 'v / 10' is -15 at v = -150 mV "
                      "(default parameters): a time constant must be > 0", NULL);
    expect_gate_error("alpha = \"0.1 * (v + 40)\"\nbeta = 1", "channels.KX.gates.a.alpha: '0.1 * (v + 40)' is -11 at "
                      "v = -150 mV (default parameters): a rate must be >= 0", NULL);
    expect_gate_error("alpha = 0\nbeta = \"max(v + 20, 0)\"", "x.toml:7:", "channels.KX.gates.a: alpha + beta is 0 "
                      "at v = -150 mV (default parameters): the steady state alpha / (alpha + beta) is undefined");
    expect_gate_error("alpha = 1\nbeta = \"exp(-v / 0.01)\"", "x.toml:9:8: channels.KX.gates.a.beta: 'exp(-v / "
                      "0.01)' is infinite (a division by zero or an overflow) at v = -150 mV", NULL);
    /* written with vtrap it is accepted */
    char text[2048];
    snprintf(text, sizeof text, gate_file,
             "alpha = \"0.38 * vtrap(-(v + 29.7), 10)\"\nbeta = \"15.2 * exp(-0.0556 * (v + 54.7))\"");
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(text, "x.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_modelfile_free(m);
}

Test(user_channels, gate_shape_errors)
{
    expect_gate_error("power = 0\ninf = \"0.5\"\ntau = 1", "x.toml:8:9: channels.KX.gates.a.power: 0 is not allowed: "
                      "the gate's exponent in the conductance is an integer 1 .. 8", NULL);
    expect_gate_error("power = 9\ninf = \"0.5\"\ntau = 1", "power: 9 is not allowed", NULL);
    expect_gate_error("power = 2.5\ninf = \"0.5\"\ntau = 1", "x.toml:8:9: channels.KX.gates.a.power: expected a "
                      "whole number", NULL);
    expect_gate_error("alpha = 1\nbeta = 1\ninf = 0.5\ntau = 1", "x.toml:7:", "channels.KX.gates.a: give alpha and "
                      "beta, or inf and tau, not both");
    expect_gate_error("alpha = 1", "channels.KX.gates.a: alpha needs beta", NULL);
    expect_gate_error("tau = 1", "channels.KX.gates.a: tau needs inf", NULL);
    expect_gate_error("power = 1", "channels.KX.gates.a: give alpha and beta, or inf and tau (or inf alone: an "
                      "instantaneous gate)", NULL);
    expect_gate_error("colour = 1\ninf = 1", "x.toml:8:1: channels.KX.gates.a.colour: unknown key; allowed here: "
                      "power, alpha, beta, inf, tau, doc", NULL);
}

static const char *channel_file =
    "[simulation]\nduration = 5\n"
    "[channels.%s]\n"
    "conductance = \"%s\"\nreversal = \"e_rev\"\n"
    "params = { gbar = 1.0, e_rev = %s }\n"
    "gates.%s = { inf = \"0.5\", tau = 1 }\n"
    "[populations.X]\nchannels = [\"%s\", \"leak\"]\nsize = 1\n";

static void expect_channel_error(const char *name, const char *conductance, const char *e_rev, const char *gate,
                                 const char *want1, const char *want2)
{
    char text[2048];
    snprintf(text, sizeof text, channel_file, name, conductance, e_rev, gate, name);
    expect_file_error(text, want1, want2);
}

Test(user_channels, channel_errors_and_duplicate_names)
{
    expect_channel_error("Na", "gbar", "0", "x", "x.toml:3:11: channels.Na: a channel of this name already exists in "
                         "the library", NULL);
    expect_channel_error("KX", "gbarr", "0", "x", "x.toml:4:15: channels.KX.conductance: 'gbarr' is not one of the "
                         "channel's parameters", NULL);
    expect_channel_error("KX", "gbar", "{ value = -75, unit = \"V\" }", "x",
                         "channels.KX.reversal: parameter 'e_rev' must have unit \"mV\" (has \"V\")", NULL);
    expect_channel_error("KX", "gbar", "{ value = -75, units = \"mV\" }", "x",
                         "channels.KX.params.e_rev.units: unknown key (did you mean 'unit'?)", NULL);
    expect_channel_error("KX", "gbar", "\"-75\"", "x", "x.toml:6:32: channels.KX.params.e_rev: expected the default "
                         "value (a number)", NULL);
    expect_channel_error("KX", "gbar", "0", "gbar", "channels.KX.gates.gbar: 'gbar' is already a parameter's name", NULL);
    expect_channel_error("KX", "gbar", "0", "v", "channels.KX.gates.v: 'v' is already a parameter's name", NULL);
    /* a parameter named like the membrane's or a function */
    expect_file_error("[simulation]\nduration = 5\n[channels.KX]\nconductance = \"gbar\"\nreversal = \"cm\"\n"
                      "params = { gbar = 1.0, cm = 0 }\n[populations.X]\nchannels = [\"KX\"]\nsize = 1\n",
                      "x.toml:6:29: channels.KX.params.cm: 'cm' is the cell's own", NULL);
    expect_file_error("[simulation]\nduration = 5\n[channels.KX]\nconductance = \"gbar\"\nreversal = \"e\"\n"
                      "params = { gbar = 1.0, e = 0, exp = 2 }\n[populations.X]\nchannels = [\"KX\"]\nsize = 1\n",
                      "channels.KX.params.exp: 'exp' is a function of the expressions", NULL);
    expect_file_error("[simulation]\nduration = 5\n[channels.KX]\nconductance = \"gbar\"\nreversal = \"e\"\n"
                      "params = { gbar = -1.0, e = 0 }\n[populations.X]\nchannels = [\"KX\"]\nsize = 1\n",
                      "channels.KX.params.gbar: the default -1 lies outside the allowed range [0, inf]", NULL);
    expect_file_error("[simulation]\nduration = 5\n[channels.KX]\nconductance = \"gbar\"\nreversal = \"e\"\n"
                      "params = { gbar = 1.0, e = 0 }\ncolor = 1\n[populations.X]\nchannels = [\"KX\"]\nsize = 1\n",
                      "x.toml:7:1: channels.KX.color: unknown key; allowed here: doc, conductance, reversal, params, "
                      "gates", NULL);
    /* two user channels with the same gate in one cell; an unknown channel lists the user's */
    const char *two = "[simulation]\nduration = 5\n"
                      "[channels.KX]\nconductance = \"gA\"\nreversal = \"e\"\nparams = { gA = 1.0, e = 0 }\n"
                      "gates.a = { inf = 0.5, tau = 1 }\n"
                      "[channels.KB]\nconductance = \"gB\"\nreversal = \"e\"\nparams = { gB = 1.0, e = 0 }\n"
                      "gates.a = { inf = 0.5, tau = 1 }\n"
                      "[populations.X]\nchannels = [\"KX\", \"%s\"]\nsize = 1\n";
    char text[2048];
    snprintf(text, sizeof text, two, "KB");
    expect_file_error(text, "populations.X.channels: define cell 'cell_X': channel KB's gate 'a' is also another "
                      "channel's", NULL);
    snprintf(text, sizeof text, two, "KC");
    expect_file_error(text, "unknown channel 'KC' (channels: leak, Na, K", "KA, Ih; defined on this network: KX, KB)");
}

Test(user_channels, c_api_errors)
{
    ax_network *net = new_net(0.1, 1, 1);
    define_traub_miles(net);
    const ax_param_info p[] = {param("g", "uS", 1.0), param("e", "mV", 0.0)};
    const ax_gate_def g[] = {{"x", 1, NULL, NULL, "0.5", "1", NULL}, {"x", 1, NULL, NULL, "0.5", "1", NULL}};
    ax_channel_def def = {"Na_user", NULL, p, 2, "g", "e", g, 1};
    FAILS(net, ax_channel_define(net, &def), AX_ERR_ARGUMENT,
          "define channel 'Na_user': a channel of this name already exists on this network");
    def.name = "bad name";
    FAILS(net, ax_channel_define(net, &def), AX_ERR_ARGUMENT, "define channel: 'bad name' is not a name");
    def.name = "X";
    def.n_gates = 2;
    FAILS(net, ax_channel_define(net, &def), AX_ERR_ARGUMENT, "define channel 'X': gates.x: defined twice");
    def.n_gates = 5;
    FAILS(net, ax_channel_define(net, &def), AX_ERR_ARGUMENT, "gates: 5 gates: 0 to 4 allowed");
    def.n_gates = 1;
    const ax_param_info ms[] = {param("g", "mS/cm2", 1.0), param("e", "mV", 0.0)};
    def.params = ms;
    FAILS(net, ax_channel_define(net, &def), AX_ERR_ARGUMENT, "conductance: parameter 'g' must have unit \"uS\"");
    const ax_param_info twice[] = {param("g", "uS", 1.0), param("g", "uS", 0.0)};
    def.params = twice;
    FAILS(net, ax_channel_define(net, &def), AX_ERR_ARGUMENT, "params.g: defined twice");
    FAILS(net, ax_channel_define(net, NULL), AX_ERR_ARGUMENT, "the argument 'def' is NULL");
    def.params = p;
    OK(net, ax_channel_define(net, &def));   /* X: a gate without a doc, the default doc */
    const char *channels[] = {"X"};
    OK(net, ax_model_define_cell(net, "cx", channels, 1));
    ax_population pop;
    OK(net, ax_population_add(net, "p", "cx", 3, &pop));
    OK(net, ax_network_run(net, 1.0));
    double x[3];
    OK(net, ax_population_get_values(net, pop, "x", x, 3));
    cr_assert(fabs(x[0] - 0.5) < 1e-15, "a constant inf and tau: x stays at 0.5 (%g)", x[0]);
    ax_network_free(net);
}
