/*
 * Electrical synapses (ax_projection_add_gap, synapse = "gap"): two passive
 * cells reach the analytic steady state of the coupled pair, coupled
 * spiking cells synchronise, the results do not depend on the number of
 * threads, and mistakes get clear errors.
 */
#include "helpers.h"

/* Two IF_curr_exp cells (threshold out of reach) joined by g; a current I
 * into cell 0 only.  At steady state
 *   gL (EL - v0) + g (v1 - v0) + I = 0,   gL (EL - v1) + g (v0 - v1) = 0,
 * so v1 - EL = g I / (gL (gL + 2 g)) and v0 - EL = (gL + g) I / (gL (gL + 2 g)).
 * The explicit coupling does not move the fixed point: the run must land
 * on it to rounding. */
Test(gap_junctions, passive_pair_reaches_the_analytic_steady_state)
{
    /* cm 1 nF, tau_m 20 ms; conductances are stored in single precision,
     * like weights, so the analytic solution takes g as a float */
    const double gl = 0.05, el = -65.0, g = (double)0.02f, I = 0.3;
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "pair", "IF_curr_exp", 2, &pop));
    OK(net, ax_population_set_param(net, pop, "v_thresh", ax_value_constant(100.0)));
    const double offsets[] = {I, 0.0};
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_array(offsets, 2)));
    const uint32_t a[] = {0}, b[] = {1};
    ax_connector c = ax_connector_from_list(a, b, 1);
    OK(net, ax_projection_add_gap(net, pop, pop, &c, ax_value_constant(g), NULL));
    OK(net, ax_network_run(net, 1000.0));
    double v[2];
    OK(net, ax_population_get_values(net, pop, "v", v, 2));
    double d = gl * (gl + 2 * g);
    double w1 = el + g * I / d, w0 = el + (gl + g) * I / d;
    cr_assert(fabs(v[0] - w0) < 1e-9 && fabs(v[1] - w1) < 1e-9, "v = (%.12f, %.12f), analytic (%.12f, %.12f)", v[0],
              v[1], w0, w1);
    cr_assert(v[1] - el > 1.0, "the coupling carries current to cell 1");
    cr_log_info("gap pair steady state: v = (%.9f, %.9f) mV, analytic (%.9f, %.9f)", v[0], v[1], w0, w1);
    ax_network_free(net);
}

/* Two HodgkinHuxley cells driven at different rates (8 and 12 nA) fire
 * different numbers of spikes alone; coupled strongly they fire together.
 * Returns the spike counts and the last spike times. */
static void coupled_pair(double g, int threads, int count[2], double last[2])
{
    ax_network *net = new_net(0.01, 1, threads);
    ax_population pop;
    OK(net, ax_population_add(net, "hh", "HodgkinHuxley", 2, &pop));
    const double currents[] = {8.0, 12.0};
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_array(currents, 2)));
    if (g > 0) {
        const uint32_t a[] = {0}, b[] = {1};
        ax_connector c = ax_connector_from_list(a, b, 1);
        OK(net, ax_projection_add_gap(net, pop, pop, &c, ax_value_constant(g), NULL));
    }
    ax_recorder rs;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rs));
    OK(net, ax_network_run(net, 300.0));
    size_t n;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, rs, &n, &t, &ids));
    count[0] = count[1] = 0;
    last[0] = last[1] = -1;
    for (size_t k = 0; k < n; k++) {
        count[ids[k]]++;
        last[ids[k]] = t[k];
    }
    ax_network_free(net);
}

Test(gap_junctions, coupled_hh_cells_synchronise)
{
    int n_alone[2], n_coupled[2];
    double t_alone[2], t_coupled[2];
    coupled_pair(0.0, 1, n_alone, t_alone);
    coupled_pair(5.0, 1, n_coupled, t_coupled);
    cr_assert(n_alone[1] >= n_alone[0] + 3, "uncoupled, 12 nA fires more: %d vs %d spikes", n_alone[1], n_alone[0]);
    cr_assert(n_coupled[0] == n_coupled[1] && n_coupled[0] > 5, "coupled: %d and %d spikes", n_coupled[0],
              n_coupled[1]);
    cr_assert(fabs(t_coupled[0] - t_coupled[1]) < 0.3, "coupled, the last spikes %g and %g ms", t_coupled[0],
              t_coupled[1]);
    cr_log_info("HH pair: %d vs %d spikes alone; coupled (5 uS) %d each, last %.2f / %.2f ms", n_alone[0], n_alone[1],
                n_coupled[0], t_coupled[0], t_coupled[1]);
}

Test(gap_junctions, same_results_for_any_thread_count)
{
    int n1[2], n2[2];
    double t1[2], t2[2];
    coupled_pair(0.3, 1, n1, t1);
    coupled_pair(0.3, 2, n2, t2);
    cr_assert(n1[0] == n2[0] && n1[1] == n2[1] && t1[0] == t2[0] && t1[1] == t2[1],
              "1 thread (%g, %g), 2 threads (%g, %g)", t1[0], t1[1], t2[0], t2[1]);
}

/* A build that fails after the gap-junction tables were made (here: the
 * ring buffers exceed the memory limit) leaves the network as declared, so
 * that a second try with a higher limit builds and runs it. */
Test(gap_junctions, a_failed_build_can_be_retried)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "cells", "IF_curr_exp", 2000, &pop));
    ax_connector c = ax_connector_one_to_one();
    OK(net, ax_projection_add_gap(net, pop, pop, &c, ax_value_constant(0.01), NULL));
    const double d[] = {1.0, 500.0};
    ax_connector all = ax_connector_fixed_probability(0.001);
    OK(net, ax_projection_add(net, pop, pop, &all, "excitatory", ax_value_constant(0.1), ax_value_uniform(d[0], d[1]), NULL));
    OK(net, ax_network_set_memory_limit(net, 30u << 20));
    cr_assert_neq(ax_network_run(net, 1.0), AX_OK, "the rings (5000 slots x 2000 x 2 x 8 B = 160 MB) exceed 30 MB");
    OK(net, ax_network_set_memory_limit(net, 1ull << 32));
    OK(net, ax_network_run(net, 1.0));
    ax_network_free(net);
}

Test(gap_junctions, mistakes_get_clear_errors)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population cells, src;
    OK(net, ax_population_add(net, "cells", "IF_cond_exp", 4, &cells));
    OK(net, ax_population_add(net, "src", "SpikeSourcePoisson", 4, &src));
    ax_connector c = ax_connector_one_to_one();
    FAILS(net, ax_projection_add_gap(net, src, cells, &c, ax_value_constant(0.1), NULL), AX_ERR_ARGUMENT,
          "src (SpikeSourcePoisson) has no membrane potential v");
    FAILS(net, ax_projection_add_gap(net, cells, cells, &c, ax_value_constant(-0.1), NULL), AX_ERR_ARGUMENT, "gap junctions");
    ax_network_free(net);

    const char *text = "[simulation]\nduration = 5\n[populations.X]\nmodel = \"IF_cond_exp\"\nsize = 4\n"
                       "[[projections]]\nfrom = \"X\"\nto = \"X\"\nconnector = { one_to_one = true }\n"
                       "synapse = \"gap\"\nweight = 0.1\ndelay = 1.0\n";
    ax_error err;
    cr_assert_null(ax_modelfile_load_string(text, "x.toml", "/tmp", NULL, 0, &err));
    cr_assert(strstr(err.message, "x.toml:12:9: projections[0].delay: gap junctions have no delay"), "%s",
              err.message);
    const char *good = "[simulation]\nduration = 5\n[populations.X]\nmodel = \"IF_cond_exp\"\nsize = 4\n"
                       "[[projections]]\nfrom = \"X\"\nto = \"X\"\nconnector = { fixed_probability = 0.5 }\n"
                       "synapse = \"gap\"\nweight = 0.1\n";
    ax_modelfile *mf = ax_modelfile_load_string(good, "x.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(mf, "%s", err.message);
    OK(ax_modelfile_get_network(mf), ax_network_run(ax_modelfile_get_network(mf), 5.0));
    ax_modelfile_free(mf);
}
