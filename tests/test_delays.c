/*
 * Delays: a spike emitted at time T reaches its target at exactly T + d,
 * for homogeneous delays of many sizes, for per-synapse delays stored in 8
 * and in 16 bits, and for delays drawn from a distribution.
 *
 * The probe is IF_curr_delta: an arriving weight w jumps v by w at the end
 * of the arrival step, so v first differs from rest at the sample T + d.
 */
#include "helpers.h"

/* Time at which v of neuron col first leaves rest, or -1. */
static double first_jump(const double *t, const double *v, size_t n, size_t cols, size_t col)
{
    for (size_t s = 0; s < n; s++)
        if (v[s * cols + col] != -65.0)
            return t[s];
    return -1;
}

Test(delays, homogeneous_delays_arrive_exactly)
{
    double delays[] = {0.1, 0.2, 0.5, 1.0, 1.5, 2.3, 10.0, 25.5, 99.9};
    for (size_t k = 0; k < sizeof delays / sizeof *delays; k++) {
        for (int threads = 1; threads <= 2; threads++) {
            ax_network *net = new_net(0.1, 1, threads);
            ax_population pop;
            OK(net, ax_population_add(net, "n", "IF_curr_delta", 3, &pop));
            double times[] = {5.0};
            ax_population src;
            OK(net, ax_population_add(net, "src", "SpikeSourceArray", 1, &src));
            OK(net, ax_population_set_spike_times(net, src, 0, times, 1));
            ax_connector c = ax_connector_all_to_all();
            OK(net, ax_projection_add(net, src, pop, &c, "excitatory", ax_value_constant(1.0), ax_value_constant(delays[k]), NULL));
            ax_recorder rec;
            OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 0, &rec));
            OK(net, ax_network_run(net, 120));
            size_t n, cols;
            const double *t, *v;
            OK(net, ax_recorder_get_trace(net, rec, &n, &cols, &t, &v, NULL));
            for (size_t col = 0; col < cols; col++) {
                double tj = first_jump(t, v, n, cols, col);
                cr_assert_float_eq(tj, 5.0 + delays[k], 1e-9, "delay %g, %d threads: arrived at %g ms", delays[k],
                                   threads, tj);
            }
            ax_network_free(net);
        }
    }
}

static void check_per_synapse(double max_delay)
{
    const uint32_t N = 200;
    ax_network *net = new_net(0.1, 3, 2);
    ax_population pop, src;
    OK(net, ax_population_add(net, "n", "IF_curr_delta", N, &pop));
    OK(net, ax_population_add(net, "src", "SpikeSourceArray", 1, &src));
    double times[] = {5.0};
    OK(net, ax_population_set_spike_times(net, src, 0, times, 1));
    ax_connector c = ax_connector_all_to_all();
    ax_projection proj;
    OK(net, ax_projection_add(net, src, pop, &c, "excitatory", ax_value_constant(1.0), ax_value_uniform(0.1, max_delay), &proj));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 0, &rec));
    OK(net, ax_network_run(net, max_delay + 10));
    uint32_t tgt[200];
    double d[200];
    cr_assert_eq(ax_projection_get_size(net, proj), N);
    OK(net, ax_projection_get_synapses(net, proj, NULL, tgt, NULL, d));
    size_t n, cols;
    const double *t, *v;
    OK(net, ax_recorder_get_trace(net, rec, &n, &cols, &t, &v, NULL));
    double dmax = 0;
    for (uint32_t k = 0; k < N; k++) {
        double tj = first_jump(t, v, n, cols, tgt[k]);
        cr_assert_float_eq(tj, 5.0 + d[k], 1e-9, "neuron %u: delay %g ms, arrived at %g ms", tgt[k], d[k], tj);
        dmax = fmax(dmax, d[k]);
    }
    cr_assert(dmax > 0.9 * max_delay, "the draws cover the range");
    ax_network_free(net);
}

Test(delays, per_synapse_delays_8_bit) { check_per_synapse(20.0); }
Test(delays, per_synapse_delays_16_bit) { check_per_synapse(80.0); }

Test(delays, listed_delays_reach_each_target)
{
    uint32_t s[4] = {0, 0, 0, 0}, t[4] = {0, 1, 2, 3};
    double d[4] = {0.1, 1.7, 3.0, 12.3};
    ax_network *net = new_net(0.1, 1, 2);
    ax_population pop, src;
    OK(net, ax_population_add(net, "n", "IF_curr_delta", 4, &pop));
    OK(net, ax_population_add(net, "src", "SpikeSourceArray", 1, &src));
    double times[] = {2.0, 4.0};
    OK(net, ax_population_set_spike_times(net, src, 0, times, 2));
    ax_connector c = ax_connector_from_list(s, t, 4);
    OK(net, ax_projection_add(net, src, pop, &c, "excitatory", ax_value_constant(1.0), ax_value_array(d, 4), NULL));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 0, &rec));
    OK(net, ax_network_run(net, 30));
    size_t n, cols;
    const double *ts, *v;
    OK(net, ax_recorder_get_trace(net, rec, &n, &cols, &ts, &v, NULL));
    for (int k = 0; k < 4; k++)
        cr_assert_float_eq(first_jump(ts, v, n, cols, k), 2.0 + d[k], 1e-9, "target %d", k);
    ax_network_free(net);
}

Test(delays, delays_below_dt_are_refused)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population a;
    OK(net, ax_population_add(net, "a", "IF_curr_exp", 10, &a));
    ax_connector c = ax_connector_all_to_all();
    FAILS(net, ax_projection_add(net, a, a, &c, "excitatory", ax_value_constant(1), ax_value_constant(0.05), NULL), AX_ERR_ARGUMENT,
          "below dt");
    FAILS(net, ax_projection_add(net, a, a, &c, "excitatory", ax_value_constant(1), ax_value_constant(0.0), NULL), AX_ERR_ARGUMENT,
          "below dt");
    FAILS(net, ax_projection_add(net, a, a, &c, "excitatory", ax_value_constant(1), ax_value_normal(1.0, 0.2), NULL), AX_ERR_ARGUMENT,
          "normal_clipped");
    FAILS(net, ax_projection_add(net, a, a, &c, "excitatory", ax_value_constant(1), ax_value_uniform(0.0, 1.0), NULL), AX_ERR_ARGUMENT,
          "below dt");
    FAILS(net, ax_projection_add(net, a, a, &c, "excitatory", ax_value_constant(1), ax_value_constant(1e6), NULL), AX_ERR_ARGUMENT,
          "more than");
    ax_network_free(net);
}

/* ------------------------------------------------------------------ */
/* Delay buckets (sim/deliver.c): the same bits as direct delivery     */
/* ------------------------------------------------------------------ */

#define BD_N 600

/* A recurrent E-I network whose projections mix per-synapse delays (8 and
 * 16 bits), one delay, per-synapse and fixed weights, both receptors, and
 * synchronous bursts (a spike source array) that fill a bucket past its
 * 512 events in one step (with weights that round when summed); by_delay "1"
 * forces the buckets for every
 * population they may serve, "0" none.  Every neuron's synaptic current
 * just after the first burst, v after 300 ms and the spike count. */
static size_t run_buckets(const char *by_delay, int threads, double *v, double *isyn)
{
    setenv("AXON_BY_DELAY", by_delay, 1);
    ax_network *net = new_net(0.1, 11, threads);
    ax_population e, i, burst;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", BD_N, &e));
    OK(net, ax_population_add(net, "I", "IF_cond_exp", BD_N / 4, &i));
    OK(net, ax_population_add(net, "burst", "SpikeSourceArray", 40, &burst));
    const double times[] = {20.0, 150.0};   /* all at 20 ms, half again at 150 ms */
    for (uint32_t k = 0; k < 40; k++)
        OK(net, ax_population_set_spike_times(net, burst, k, times, 1 + k % 2));
    ax_connector in100 = ax_connector_fixed_indegree(100), in30 = ax_connector_fixed_indegree(30);
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, e, e, &in100, "excitatory", ax_value_normal(0.06, 0.02),
                              ax_value_uniform(0.1, 3.0), NULL));
    OK(net, ax_projection_add(net, e, i, &in100, "excitatory", ax_value_constant(0.002),
                              ax_value_uniform(0.1, 30.0), NULL));   /* 16-bit delays */
    OK(net, ax_projection_add(net, i, e, &in30, "inhibitory", ax_value_constant(-0.3), ax_value_constant(0.8),
                              NULL));
    OK(net, ax_projection_add(net, i, i, &in30, "inhibitory", ax_value_uniform(0.001, 0.004),
                              ax_value_uniform(0.1, 2.0), NULL));
    OK(net, ax_projection_add(net, burst, e, &all, "excitatory", ax_value_uniform(0.1, 0.3),
                              ax_value_uniform(0.1, 0.4), NULL));
    /* weights are floats, whose sums in double are exact at like sizes;
     * tiny ones beside them round, so that an entry summed in another
     * order would differ */
    OK(net, ax_projection_add(net, burst, e, &all, "excitatory", ax_value_uniform(1e-9, 3e-9),
                              ax_value_uniform(0.1, 0.4), NULL));
    ax_input_spec drive = {.kind = AX_INPUT_POISSON, .sources = 50, .rate = 20, .weight = 0.3,
                           .receptor = "excitatory"};
    OK(net, ax_input_add(net, e, AX_ALL_NEURONS, &drive, NULL));
    drive.weight = 0.004;
    OK(net, ax_input_add(net, i, AX_ALL_NEURONS, &drive, NULL));
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, e, AX_ALL_NEURONS, &rec));
    /* the current just after the first burst has arrived (its sums of
     * many terms per entry, before resets blur them), then v at the end */
    OK(net, ax_network_run(net, 20.6));
    OK(net, ax_population_get_values(net, e, "isyn_exc", isyn, BD_N));
    OK(net, ax_network_run(net, 279.4));
    OK(net, ax_population_get_values(net, e, "v", v, BD_N));
    size_t n;
    const double *t;
    const uint32_t *id;
    OK(net, ax_recorder_get_spikes(net, rec, &n, &t, &id));
    ax_network_free(net);
    unsetenv("AXON_BY_DELAY");
    return n;
}

Test(delays, delay_buckets_give_the_direct_bits, .timeout = 60)
{
    static double direct[BD_N], buckets[BD_N], i_direct[BD_N], i_buckets[BD_N];
    for (int threads = 1; threads <= 2; threads++) {
        size_t n0 = run_buckets("0", threads, direct, i_direct), n1 = run_buckets("1", threads, buckets, i_buckets);
        cr_assert(n0 > 20 * BD_N / 10, "the network fires (%zu spikes)", n0);
        cr_assert_eq(n1, n0, "%d threads: %zu spikes with buckets, %zu without", threads, n1, n0);
        for (int k = 0; k < BD_N; k++) {
            cr_assert(!memcmp(&i_direct[k], &i_buckets[k], sizeof i_direct[k]), "%d threads, neuron %d: isyn_exc "
                      "%.17g with buckets, %.17g without", threads, k, i_buckets[k], i_direct[k]);
            cr_assert(!memcmp(&direct[k], &buckets[k], sizeof direct[k]), "%d threads, neuron %d: v %.17g with "
                      "buckets, %.17g without", threads, k, buckets[k], direct[k]);
        }
        cr_log_info("delay buckets, %d threads: %zu spikes, v identical", threads, n0);
    }
}
