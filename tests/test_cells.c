/*
 * Cells built from ion channels (ax_model_define_cell, `channels = [...]` in a
 * model file): the same channels give the same numbers as the named model
 * built from them, the model's tables are what the channels declare, and
 * mistakes get clear errors.
 */
#include "helpers.h"

/* PyNN's HH_cond_exp parameters, for a cell of channels Na, K, leak. */
static void set_hh_cond_exp_params(ax_network *net, ax_population pop)
{
    const char *names[] = {"gbar_Na", "gbar_K", "g_leak", "cm", "v_offset", "e_rev_Na", "e_rev_K",
                           "e_rev_leak", "i_offset"};
    const double values[] = {20.0, 6.0, 0.01, 0.2, -63.0, 50.0, -90.0, -65.0, 0.6};
    for (size_t k = 0; k < sizeof values / sizeof *values; k++)
        OK(net, ax_population_set_param(net, pop, names[k], ax_value_constant(values[k])));
    OK(net, ax_population_set_state(net, pop, "m", ax_value_constant(0.0)));
    OK(net, ax_population_set_state(net, pop, "h", ax_value_constant(1.0)));
    OK(net, ax_population_set_state(net, pop, "n", ax_value_constant(0.0)));
}

/* Na + K + leak with HH_cond_exp's parameters is HH_cond_exp, to the bit,
 * with synaptic input and two neurons of different currents (the
 * per-neuron parameter path).  Na directly followed by K runs as one loop
 * (channels/traub_miles.c), K then Na as two: the same numbers. */
Test(cells, channels_na_k_leak_reproduce_hh_cond_exp)
{
    const char *channels[2][3] = {{"Na", "K", "leak"}, {"K", "Na", "leak"}};
    const double times[] = {5.0, 7.0, 20.0, 21.0, 22.0};
    const double currents[] = {0.6, 0.8};
    size_t n[3];
    double *t[3], *v[3];
    for (int k = 0; k < 3; k++) {
        ax_network *net = new_net(0.025, 1, 1);
        ax_population pop;
        if (k == 0) {
            OK(net, ax_population_add(net, "c", "HH_cond_exp", 2, &pop));
            OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_array(currents, 2)));
        } else {
            OK(net, ax_model_define_cell(net, "tm", channels[k - 1], 3));
            OK(net, ax_population_add(net, "c", "tm", 2, &pop));
            set_hh_cond_exp_params(net, pop);
            OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_array(currents, 2)));
        }
        spike_input(net, pop, "in", "excitatory", times, 5, 0.05, 0.5);
        ax_recorder rv;
        OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 0, &rv));
        OK(net, ax_network_run(net, 100.0));
        size_t c;
        const double *tt, *vv;
        OK(net, ax_recorder_get_trace(net, rv, &n[k], &c, &tt, &vv, NULL));
        t[k] = malloc(n[k] * sizeof(double));
        v[k] = malloc(2 * n[k] * sizeof(double));
        memcpy(t[k], tt, n[k] * sizeof(double));
        memcpy(v[k], vv, 2 * n[k] * sizeof(double));
        ax_network_free(net);
    }
    int spiking = 0;
    for (int k = 1; k < 3; k++) {
        cr_assert_eq(n[0], n[k]);
        for (size_t s = 0; s < 2 * n[0]; s++) {
            cr_assert_eq(v[0][s], v[k][s], "sample %zu: HH_cond_exp %.17g, cell %s %s %.17g", s, v[0][s],
                         channels[k - 1][0], channels[k - 1][1], v[k][s]);
            spiking |= v[0][s] > 0.0;
        }
    }
    cr_assert(spiking, "the cells fire");
    for (int k = 0; k < 3; k++)
        free(t[k]), free(v[k]);
}

/* The cell's parameters and state are the membrane's and the channels';
 * a parameter several channels read (e_rev_K) appears once. */
Test(cells, tables_come_from_the_channels)
{
    ax_network *net = new_net(0.1, 1, 1);
    const char *channels[] = {"Na", "K", "M", "CaT", "leak"};
    OK(net, ax_model_define_cell(net, "lts", channels, 5));
    const ax_model *m = ax_model_find(net, "lts");
    cr_assert_not_null(m);
    char msg[256];
    cr_assert_eq(ax_model_validate(m, msg, sizeof msg), AX_OK, "%s", msg);
    int e_rev_k = 0, has_tau_max = 0;
    for (uint32_t k = 0; k < m->n_params; k++) {
        e_rev_k += strcmp(m->params[k].name, "e_rev_K") == 0;
        has_tau_max |= strcmp(m->params[k].name, "tau_max_M") == 0;
    }
    cr_assert_eq(e_rev_k, 1);
    cr_assert(has_tau_max);
    const char *want_vars[] = {"v", "m", "h", "n", "p", "u", "gsyn_exc", "gsyn_inh", "refrac"};
    cr_assert_eq(m->n_vars, 9);
    for (uint32_t k = 0; k < 9; k++)
        cr_assert_str_eq(m->vars[k].name, want_vars[k]);
    cr_assert(strstr(m->doc, "Na, K, M, CaT, leak"));
    ax_network_free(net);
}

/* Every channel of the library is documented, and a cell made of each one
 * alone (with a leak) validates and runs without NaNs. */
Test(cells, every_library_channel_is_documented_and_runs)
{
    size_t n = ax_channel_count(NULL);
    cr_assert(n >= 10);
    for (size_t i = 0; i < n; i++) {
        ax_channel_info ci;
        cr_assert_eq(ax_channel_get_info(NULL, i, &ci), AX_OK);
        cr_assert(ci.doc && strlen(ci.doc) > 20, "%s documented", ci.name);
        for (uint32_t k = 0; k < ci.n_params; k++)
            cr_assert(ci.params[k].doc && *ci.params[k].doc && ci.params[k].unit, "%s.%s", ci.name,
                      ci.params[k].name);
        for (uint32_t k = 0; k < ci.n_gates; k++)
            cr_assert(ci.gates[k].value >= 0.0 && ci.gates[k].value <= 1.0, "%s gate %s", ci.name, ci.gates[k].name);
        ax_network *net = new_net(0.025, 1, 1);
        const char *channels[] = {ci.name, "leak"};
        int leak = strcmp(ci.name, "leak") == 0;
        OK(net, ax_model_define_cell(net, "cell", channels, leak ? 1 : 2));
        ax_population pop;
        OK(net, ax_population_add(net, "c", "cell", 1, &pop));
        OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_constant(1.0)));
        OK(net, ax_network_run(net, 50.0));
        double v;
        OK(net, ax_population_get_values(net, pop, "v", &v, 1));
        cr_assert(isfinite(v) && v > -200.0 && v < 200.0, "%s: v = %g", ci.name, v);
        ax_network_free(net);
    }
    ax_channel_info ci;
    cr_assert_eq(ax_channel_get_info(NULL, n, &ci), AX_ERR_ARGUMENT);
}

/* Every gate's initial value is its steady state at -65 mV (v's initial
 * value), as channel.h promises: in a cell of the channel alone with its
 * conductances set to 0, v stays at -65 mV and the gates where they
 * start (to the 10 digits the tables give). */
Test(cells, gate_defaults_are_the_steady_state_at_minus_65_mv)
{
    for (size_t i = 0; i < ax_channel_count(NULL); i++) {
        ax_channel_info ci;
        cr_assert_eq(ax_channel_get_info(NULL, i, &ci), AX_OK);
        if (ci.n_gates == 0)
            continue;
        ax_network *net = new_net(0.1, 1, 1);
        const char *channels[] = {ci.name};
        OK(net, ax_model_define_cell(net, "cell", channels, 1));
        ax_population pop;
        OK(net, ax_population_add(net, "c", "cell", 1, &pop));
        for (uint32_t k = 0; k < ci.n_params; k++)
            if (strncmp(ci.params[k].name, "gbar_", 5) == 0)
                OK(net, ax_population_set_param(net, pop, ci.params[k].name, ax_value_constant(0.0)));
        OK(net, ax_network_run(net, 50.0));
        double v;
        OK(net, ax_population_get_values(net, pop, "v", &v, 1));
        cr_assert_eq(v, -65.0, "%s: v = %.17g", ci.name, v);
        for (uint32_t k = 0; k < ci.n_gates; k++) {
            double x;
            OK(net, ax_population_get_values(net, pop, ci.gates[k].name, &x, 1));
            cr_assert(fabs(x - ci.gates[k].value) <= 1e-9 * fmax(ci.gates[k].value, 1e-3),
                      "%s gate %s: %.12g after 50 ms at -65 mV, default %.12g", ci.name, ci.gates[k].name, x,
                      ci.gates[k].value);
        }
        ax_network_free(net);
    }
}

Test(cells, mistakes_get_clear_errors)
{
    ax_network *net = new_net(0.1, 1, 1);
    const char *unknown[] = {"Na", "Kdr"};
    FAILS(net, ax_model_define_cell(net, "a", unknown, 2), AX_ERR_ARGUMENT, "unknown channel 'Kdr' (channels: leak, Na");
    const char *clash[] = {"Na", "Na_HH"};
    FAILS(net, ax_model_define_cell(net, "b", clash, 2), AX_ERR_ARGUMENT, "gate 'm' is also another channel's");
    const char *twice[] = {"leak", "leak"};
    FAILS(net, ax_model_define_cell(net, "c", twice, 2), AX_ERR_ARGUMENT, "listed twice");
    const char *ok[] = {"leak"};
    FAILS(net, ax_model_define_cell(net, "HH_cond_exp", ok, 1), AX_ERR_ARGUMENT, "already exists");
    FAILS(net, ax_model_define_cell(net, "d", ok, 0), AX_ERR_ARGUMENT, "at least one channel");
    FAILS(net, ax_model_define_cell(net, "bad name", ok, 1), AX_ERR_ARGUMENT, "not an identifier");
    OK(net, ax_model_define_cell(net, "d", ok, 1));
    ax_population pop;
    OK(net, ax_population_add(net, "p", "d", 1, &pop));
    OK(net, ax_network_run(net, 1.0));
    FAILS(net, ax_model_define_cell(net, "e", ok, 1), AX_ERR_STATE, "already built");
    ax_network_free(net);
}

/* channels = [...] in a model file. */
Test(cells, model_files_build_cells_from_channels)
{
    const char *text = "[simulation]\nduration = 50\ndt = 0.025\n"
                       "[populations.RS]\nchannels = [\"Na\", \"K\", \"M\", \"leak\"]\nsize = 2\n"
                       "params = { i_offset = 3.0, gbar_M = 0.1 }\ninit = { p = 0.0 }\n"
                       "[[record]]\npopulation = \"RS\"\nvariables = [\"spikes\", \"p\"]\n";
    ax_error err;
    ax_modelfile *mf = ax_modelfile_load_string(text, "rs.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(mf, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(mf);
    cr_assert_not_null(ax_model_find(net, "cell_RS"));
    OK(net, ax_network_run(net, 50.0));
    ax_stats st;
    OK(net, ax_network_get_stats(net, &st));
    cr_assert(st.spikes >= 2, "the RS cells fire (%llu spikes)", (unsigned long long)st.spikes);
    ax_modelfile_free(mf);

    const char *bad[][2] = {
        {"[simulation]\nduration = 5\n[populations.X]\nmodel = \"HH_cond_exp\"\nchannels = [\"Na\"]\nsize = 1\n",
         "x.toml:4:1: populations.X: give either 'model' or 'channels'"},
        {"[simulation]\nduration = 5\n[populations.X]\nchannels = [\"Na\", 3]\nsize = 1\n",
         "populations.X.channels: channel names are strings"},
        {"[simulation]\nduration = 5\n[populations.X]\nchannels = [\"Na\", \"Kd\"]\nsize = 1\n",
         "x.toml:4:12: populations.X.channels: define cell 'cell_X': unknown channel 'Kd'"},
        {"[simulation]\nduration = 5\n[populations.X]\nchannels = []\nsize = 1\n",
         "expected an array of 1 to 16 channel names"},
        {"[simulation]\nduration = 5\n[populations.X]\nchannels = [\"Na\", \"K\"]\nsize = 1\nparams = { gbar_CaT = 1 }\n",
         "unknown parameter 'gbar_CaT'"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        ax_modelfile *m = ax_modelfile_load_string(bad[k][0], "x.toml", "/tmp", NULL, 0, &err);
        cr_assert_null(m, "accepted %s", bad[k][0]);
        cr_assert(strstr(err.message, bad[k][1]), "message '%s' lacks '%s'", err.message, bad[k][1]);
    }
}
