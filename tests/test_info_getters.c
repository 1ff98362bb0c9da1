/*
 * test_info_getters.c - reading back what was set (ax_network_get_info,
 * ax_projection_count / _get_info, ax_population_get_spike_times) and
 * taking back the population added last (ax_population_remove).
 *
 * The getters are checked against what the setters were given, for every
 * kind of projection; the removal against a network that never had the
 * population: the same memory account, handles, names and warnings, and
 * the same spikes bit for bit.
 */
#include "helpers.h"

static ax_network_info net_info(ax_network *net)
{
    ax_network_info ni;
    OK(net, ax_network_get_info(net, &ni));
    return ni;
}

static ax_projection_info prj_info(ax_network *net, ax_projection proj)
{
    ax_projection_info pi;
    OK(net, ax_projection_get_info(net, proj, &pi));
    return pi;
}

Test(info, network_built_and_memory)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_network_info ni = net_info(net);
    cr_expect(!ni.built);
    cr_expect_gt(ni.memory_limit, 0);
    cr_expect_eq(ni.memory_planned, 0);
    OK(net, ax_network_set_memory_limit(net, 1ull << 30));
    ax_population E;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 100, &E));
    ni = net_info(net);
    cr_expect_eq(ni.memory_limit, 1ull << 30);
    cr_expect_gt(ni.memory_planned, 0, "adding a population plans its state");
    cr_expect(!ni.built);
    OK(net, ax_network_build(net));
    cr_expect(net_info(net).built);
    ax_network_free(net);
}

Test(info, every_kind_of_projection_as_declared)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population P, E, C;
    const char *receptors[] = {"AMPA"};
    OK(net, ax_model_define_with_receptors(net, "HHR", "HodgkinHuxley", receptors, 1));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 6, &P));
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 5, &E));
    OK(net, ax_population_add(net, "C", "HHR", 4, &C));
    cr_expect_eq(ax_projection_count(net), 0);

    ax_projection stat, plast, gap, graded, list;
    ax_connector fp = ax_connector_fixed_probability(0.5);
    fp.allow_self = false;
    OK(net, ax_projection_add(net, P, E, &fp, "inhibitory", ax_value_constant(-0.1), ax_value_constant(1.0), &stat));
    ax_plasticity rule = ax_plasticity_defaults();
    rule.tau_plus = 17.0;
    rule.w_max = 2.0;
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add_plastic(net, P, E, &all, "excitatory", ax_value_constant(0.5), ax_value_constant(1.0),
                                      &rule, &plast));
    ax_connector ind = ax_connector_fixed_indegree(2);
    OK(net, ax_projection_add_gap(net, C, C, &ind, ax_value_constant(0.001), &gap));
    OK(net, ax_projection_add_graded(net, C, C, &all, "AMPA", ax_value_constant(0.2), 3.0, 4.0, &graded));
    uint32_t src[] = {0, 5, 2}, tgt[] = {1, 1, 4};
    ax_connector fl = ax_connector_from_list(src, tgt, 3);
    OK(net, ax_projection_add(net, P, E, &fl, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), &list));
    src[0] = 3;   /* the network keeps its own copy */
    cr_assert_eq(ax_projection_count(net), 5);

    ax_projection_info pi = prj_info(net, stat);
    cr_expect_eq(pi.kind, AX_PROJECTION_STATIC);
    cr_expect(pi.from == P && pi.to == E);
    cr_expect_str_eq(pi.receptor, "inhibitory");
    cr_expect_eq(pi.connector.kind, AX_CONNECTOR_FIXED_PROBABILITY);
    cr_expect_eq(pi.connector.p, 0.5);
    cr_expect(!pi.connector.allow_self);
    cr_expect(!pi.learning && pi.learning_rate == 0 && pi.rule.timing == AX_STDP_NONE);
    cr_expect_eq(pi.size, 0, "no synapses before the build");

    pi = prj_info(net, plast);
    cr_expect_eq(pi.kind, AX_PROJECTION_PLASTIC);
    cr_expect_str_eq(pi.receptor, "excitatory");
    cr_expect_eq(pi.connector.kind, AX_CONNECTOR_ALL_TO_ALL);
    cr_expect(pi.learning);
    cr_expect_eq(pi.learning_rate, 1.0);
    cr_expect_eq(pi.rule.timing, AX_STDP_SPIKE_PAIR);
    cr_expect_eq(pi.rule.tau_plus, 17.0);
    cr_expect_eq(pi.rule.w_max, 2.0);
    OK(net, ax_projection_set_learning(net, plast, false));
    OK(net, ax_projection_set_learning_rate(net, plast, 0.25));
    pi = prj_info(net, plast);
    cr_expect(!pi.learning);
    cr_expect_eq(pi.learning_rate, 0.25);

    pi = prj_info(net, gap);
    cr_expect_eq(pi.kind, AX_PROJECTION_GAP);
    cr_expect(pi.from == C && pi.to == C);
    cr_expect_null(pi.receptor, "gap junctions have no receptor");
    cr_expect_eq(pi.connector.kind, AX_CONNECTOR_FIXED_INDEGREE);
    cr_expect_eq(pi.connector.n, 2);

    pi = prj_info(net, graded);
    cr_expect_eq(pi.kind, AX_PROJECTION_GRADED);
    cr_expect_str_eq(pi.receptor, "AMPA");
    cr_expect(pi.v_p == 3.0 && pi.k_p == 4.0);

    pi = prj_info(net, list);
    cr_expect_eq(pi.connector.kind, AX_CONNECTOR_FROM_LIST);
    cr_assert_eq(pi.connector.n_pairs, 3);
    cr_expect(pi.connector.sources != src && pi.connector.sources[0] == 0 && pi.connector.targets[2] == 4);

    OK(net, ax_network_build(net));
    for (ax_projection q = 0; q < 5; q++) {
        pi = prj_info(net, q);
        cr_expect_eq(pi.size, ax_projection_get_size(net, q), "projection %u", q);
    }
    cr_expect_eq(prj_info(net, plast).size, 30, "all to all, 6 x 5");
    ax_network_free(net);
}

Test(info, spike_times_read_back)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population A, E;
    OK(net, ax_population_add(net, "A", "SpikeSourceArray", 3, &A));
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 1, &E));
    const double *t = (const double *)1;
    size_t n = 99;
    OK(net, ax_population_get_spike_times(net, A, 2, &t, &n));
    cr_expect(n == 0 && t == NULL, "no times yet");
    double given[] = {1.0, 2.5, 7.25};
    OK(net, ax_population_set_spike_times(net, A, 1, given, 3));
    given[0] = 5.0;   /* the network keeps its own copy */
    OK(net, ax_population_get_spike_times(net, A, 1, &t, &n));
    cr_assert_eq(n, 3);
    cr_expect(t[0] == 1.0 && t[1] == 2.5 && t[2] == 7.25, "times as given");
    double other[] = {4.0};
    OK(net, ax_population_set_spike_times(net, A, 1, other, 1));
    OK(net, ax_population_get_spike_times(net, A, 1, &t, &n));
    cr_expect(n == 1 && t[0] == 4.0, "replaced");
    OK(net, ax_population_set_spike_times(net, A, 1, NULL, 0));
    OK(net, ax_population_get_spike_times(net, A, 1, &t, &n));
    cr_expect_eq(n, 0, "emptied");
    FAILS(net, ax_population_get_spike_times(net, E, 0, &t, &n), AX_ERR_ARGUMENT, "takes no spike times");
    FAILS(net, ax_population_get_spike_times(net, A, 3, &t, &n), AX_ERR_ARGUMENT, "neuron 3 is out of range");
    ax_network_free(net);
}

/* ---- ax_population_remove ---- */

Test(remove, refused_while_something_refers_to_it)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population E, X;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 3, &E));
    OK(net, ax_population_add(net, "X", "IF_curr_exp", 3, &X));
    FAILS(net, ax_population_remove(net, E), AX_ERR_STATE, "only the population added last ('X')");
    ax_connector all = ax_connector_all_to_all();
    ax_projection q;
    OK(net, ax_projection_add(net, E, X, &all, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), &q));
    FAILS(net, ax_population_remove(net, X), AX_ERR_STATE, "projection 0 (E -> X) connects it");
    cr_expect_eq(ax_population_count(net), 2, "a failed call changes nothing");

    ax_network *n2 = new_net(0.1, 1, 1);
    OK(n2, ax_population_add(n2, "X", "IF_curr_exp", 3, &X));
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 0.1};
    OK(n2, ax_input_add(n2, X, AX_ALL_NEURONS, &dc, NULL));
    FAILS(n2, ax_population_remove(n2, X), AX_ERR_STATE, "input 0 drives it");
    ax_network_free(n2);

    n2 = new_net(0.1, 1, 1);
    OK(n2, ax_population_add(n2, "X", "IF_curr_exp", 3, &X));
    OK(n2, ax_recorder_add_state(n2, X, "v", AX_ALL_NEURONS, 0, NULL));
    FAILS(n2, ax_population_remove(n2, X), AX_ERR_STATE, "recorder 0 records it");
    ax_network_free(n2);

    n2 = new_net(0.1, 1, 1);
    ax_modulator m;
    OK(n2, ax_population_add(n2, "X", "SpikeSourcePoisson", 3, &X));
    OK(n2, ax_modulator_add(n2, "DA", 200.0, &m));
    OK(n2, ax_modulator_add_source(n2, m, X, 0.1, 1.0));
    FAILS(n2, ax_population_remove(n2, X), AX_ERR_STATE, "modulator 'DA' takes its spikes");
    ax_network_free(n2);

    n2 = new_net(0.1, 1, 1);
    OK(n2, ax_population_add(n2, "X", "IF_curr_exp", 3, &X));
    OK(n2, ax_network_build(n2));
    FAILS(n2, ax_population_remove(n2, X), AX_ERR_STATE, "already built");
    cr_expect_eq(ax_population_count(n2), 1);
    ax_network_free(n2);
    ax_network_free(net);
}

/* A small driven network; `extra` adds a population between E and P and
 * takes it back, after setting its parameters, state and spike times,
 * validating (which prepares it) and drawing a warning about it. */
static ax_network *driven(bool extra, ax_population *E_out)
{
    ax_network *net = new_net(0.1, 7, 1);
    ax_population E, P, X;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 20, &E));
    OK(net, ax_population_set_state(net, E, "v", ax_value_uniform(-65.0, -55.0)));
    if (extra) {
        OK(net, ax_population_add(net, "X", "Izhikevich", 9, &X));
        OK(net, ax_population_set_param(net, X, "i_offset", ax_value_constant(10.0)));   /* a drive warning */
        OK(net, ax_population_set_state(net, X, "v", ax_value_normal(-65.0, 2.0)));
        OK(net, ax_network_validate(net));
        cr_assert_eq(ax_warning_count(net), 1, "the drive warning about X");
        OK(net, ax_population_remove(net, X));
        cr_expect_eq(ax_warning_count(net), 0, "warnings about X go with it");
        ax_population again;
        FAILS(net, ax_population_find(net, "X", &again), AX_ERR_NOT_FOUND, "no population is named 'X'");
    }
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 30, &P));
    cr_expect_eq(P, 1, "the handle is free again");
    OK(net, ax_population_set_param(net, P, "rate", ax_value_uniform(20.0, 60.0)));
    ax_connector c = ax_connector_fixed_probability(0.3);
    OK(net, ax_projection_add(net, P, E, &c, "excitatory", ax_value_normal(0.6, 0.1), ax_value_uniform(0.5, 2.0),
                              NULL));
    OK(net, ax_projection_add(net, E, E, &c, "inhibitory", ax_value_constant(-0.2), ax_value_constant(1.0), NULL));
    *E_out = E;
    return net;
}

Test(remove, the_network_is_as_if_it_never_had_it)
{
    ax_population Ea, Eb;
    ax_network *a = driven(true, &Ea), *b = driven(false, &Eb);
    ax_network_info ia = net_info(a), ib = net_info(b);
    cr_expect_eq(ia.memory_planned, ib.memory_planned, "the memory account: %llu vs %llu",
                 (unsigned long long)ia.memory_planned, (unsigned long long)ib.memory_planned);
    cr_expect_eq(ax_population_count(a), ax_population_count(b));
    ax_population_info pa, pb;
    OK(a, ax_population_get_info(a, 1, &pa));
    OK(b, ax_population_get_info(b, 1, &pb));
    cr_expect_eq(pa.first_id, pb.first_id, "the global ids are free again");
    ax_recorder ra, rb;
    OK(a, ax_recorder_add_spikes(a, Ea, AX_ALL_NEURONS, &ra));
    OK(b, ax_recorder_add_spikes(b, Eb, AX_ALL_NEURONS, &rb));
    OK(a, ax_network_run(a, 200.0));
    OK(b, ax_network_run(b, 200.0));
    size_t na, nb;
    const double *ta, *tb;
    const uint32_t *ia_, *ib_;
    OK(a, ax_recorder_get_spikes(a, ra, &na, &ta, &ia_));
    OK(b, ax_recorder_get_spikes(b, rb, &nb, &tb, &ib_));
    cr_assert_gt(nb, 10, "the network fires (%zu spikes)", nb);
    cr_assert_eq(na, nb, "spikes: %zu with a population added and removed, %zu without", na, nb);
    cr_expect(memcmp(ta, tb, na * sizeof *ta) == 0 && memcmp(ia_, ib_, na * sizeof *ia_) == 0,
              "the same spikes bit for bit");
    ax_stats sa, sb;
    OK(a, ax_network_get_stats(a, &sa));
    OK(b, ax_network_get_stats(b, &sb));
    cr_expect(sa.neurons == sb.neurons && sa.synapses == sb.synapses && sa.events == sb.events);
    ax_network_free(a);
    ax_network_free(b);
}

Test(remove, the_name_and_handle_are_free_again)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population A, X, Y;
    OK(net, ax_population_add(net, "A", "SpikeSourceArray", 2, &A));
    double t[] = {1.0};
    OK(net, ax_population_set_spike_times(net, A, 0, t, 1));
    uint64_t before = net_info(net).memory_planned;
    OK(net, ax_population_add(net, "X", "HodgkinHuxley", 1000, &X));
    cr_expect_gt(net_info(net).memory_planned, before);
    OK(net, ax_population_remove(net, X));
    cr_expect_eq(net_info(net).memory_planned, before);
    OK(net, ax_population_remove(net, A));   /* the one before is now the last */
    cr_expect_eq(ax_population_count(net), 0);
    cr_expect_eq(net_info(net).memory_planned, 0);
    OK(net, ax_population_add(net, "X", "IF_curr_exp", 3, &Y));
    cr_expect_eq(Y, 0);
    FAILS(net, ax_population_remove(net, 1), AX_ERR_NOT_FOUND, "population handle 1 does not exist");
    OK(net, ax_network_run(net, 1.0));
    ax_network_free(net);
}
