/*
 * Spike generators: SpikeSourcePoisson statistics (rate, ISI, CV, the
 * start/duration window) within statistical bounds, and SpikeSourceArray's
 * exact times.
 */
#include "helpers.h"

static void spikes_of(ax_network *net, ax_recorder rec, size_t *n, const double **t, const uint32_t **ids)
{
    OK(net, ax_recorder_get_spikes(net, rec, n, t, ids));
}

Test(poisson, rate_isi_and_cv)
{
    const uint32_t N = 1000;
    const double rate = 20.0, T = 10000.0, dt = 0.1, p = rate * dt * 1e-3;
    ax_network *net = new_net(dt, 7, 2);
    ax_population pop;
    OK(net, ax_population_add(net, "p", "SpikeSourcePoisson", N, &pop));
    OK(net, ax_population_set_param(net, pop, "rate", ax_value_constant(rate)));
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, T));
    size_t n;
    const double *t;
    const uint32_t *ids;
    spikes_of(net, rec, &n, &t, &ids);
    /* count ~ Binomial(N T/dt, p): 5 standard deviations */
    double expected = N * (T / dt) * p, sd = sqrt(expected * (1 - p));
    cr_log_info("Poisson: %zu spikes, expected %.0f +- %.0f", n, expected, sd);
    cr_assert(fabs(n - expected) < 5 * sd, "%zu spikes, expected %g +- %g", n, expected, sd);

    /* ISIs per neuron, pooled: geometric with mean dt/p and CV sqrt(1-p) */
    double *last = malloc(N * sizeof *last);
    for (uint32_t i = 0; i < N; i++)
        last[i] = -1;
    double s1 = 0, s2 = 0;
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        cr_assert(fabs(t[k] / dt - round(t[k] / dt)) < 1e-6, "spike on the grid");
        if (k)
            cr_assert(t[k] > t[k - 1] || (t[k] == t[k - 1] && ids[k] > ids[k - 1]), "time then neuron order");
        if (last[ids[k]] >= 0) {
            double isi = t[k] - last[ids[k]];
            s1 += isi, s2 += isi * isi, m++;
        }
        last[ids[k]] = t[k];
    }
    free(last);
    double mean = s1 / m, cv = sqrt(s2 / m - mean * mean) / mean;
    cr_log_info("Poisson ISI: mean %.3f ms (expected %.3f), CV %.4f (expected %.4f)", mean, dt / p, cv, sqrt(1 - p));
    cr_assert(fabs(mean - dt / p) < 5 * (dt / p) / sqrt((double)m), "mean ISI %g ms", mean);
    cr_assert(fabs(cv - sqrt(1 - p)) < 0.012, "CV %g", cv);
    ax_network_free(net);
}

Test(poisson, start_and_duration_window)
{
    ax_network *net = new_net(0.1, 3, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "p", "SpikeSourcePoisson", 500, &pop));
    OK(net, ax_population_set_param(net, pop, "rate", ax_value_constant(100.0)));
    OK(net, ax_population_set_param(net, pop, "start", ax_value_constant(100.0)));
    OK(net, ax_population_set_param(net, pop, "duration", ax_value_constant(200.0)));
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, 500));
    size_t n;
    const double *t;
    const uint32_t *ids;
    spikes_of(net, rec, &n, &t, &ids);
    double expected = 500 * 100.0 * 0.2, sd = sqrt(expected);
    cr_assert(fabs(n - expected) < 5 * sd, "%zu spikes, expected %g", n, expected);
    cr_assert(t[0] > 100.0 - 1e-9, "first at %g ms", t[0]);
    cr_assert(t[n - 1] <= 300.0 + 1e-9, "last at %g ms", t[n - 1]);
    ax_network_free(net);
}

Test(poisson, per_neuron_rates_and_change_between_runs)
{
    double rates[4] = {0.0, 10.0, 100.0, 1000.0};
    ax_network *net = new_net(0.1, 5, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "p", "SpikeSourcePoisson", 4, &pop));
    OK(net, ax_population_set_param(net, pop, "rate", ax_value_array(rates, 4)));
    OK(net, ax_network_run(net, 20000));
    uint64_t count;
    OK(net, ax_population_get_spike_count(net, pop, &count));
    /* neuron 3 dominates: 20,000 expected (sd 137), others add ~2200 */
    cr_assert(fabs((double)count - 22200) < 5 * sqrt(22200.0), "%llu spikes", (unsigned long long)count);
    OK(net, ax_population_set_param(net, pop, "rate", ax_value_constant(0.0)));
    OK(net, ax_network_run(net, 1000));
    uint64_t after;
    OK(net, ax_population_get_spike_count(net, pop, &after));
    cr_assert_eq(after, count, "rate 0 after the change: no new spikes");
    ax_network_free(net);
}

Test(poisson, rate_above_one_per_step_is_refused)
{
    ax_network *net = new_net(0.1, 5, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "p", "SpikeSourcePoisson", 4, &pop));
    OK(net, ax_population_set_param(net, pop, "rate", ax_value_constant(20000.0)));
    FAILS(net, ax_network_run(net, 10), AX_ERR_ARGUMENT, "more than one spike per step");
    ax_network_free(net);
}

Test(spike_array, exact_times_and_rounding)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "a", "SpikeSourceArray", 3, &pop));
    double t0[] = {0.1, 1.0, 2.34, 2.36, 10.0};
    double t2[] = {5.5};
    OK(net, ax_population_set_spike_times(net, pop, 0, t0, 5));
    OK(net, ax_population_set_spike_times(net, pop, 2, t2, 1));
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, 20));
    size_t n;
    const double *t;
    const uint32_t *ids;
    spikes_of(net, rec, &n, &t, &ids);
    double want_t[] = {0.1, 1.0, 2.3, 2.4, 5.5, 10.0};
    uint32_t want_i[] = {0, 0, 0, 0, 2, 0};
    cr_assert_eq(n, 6);
    for (size_t k = 0; k < n; k++) {
        cr_assert_float_eq(t[k], want_t[k], 1e-9, "spike %zu at %g", k, t[k]);
        cr_assert_eq(ids[k], want_i[k]);
    }
    ax_network_free(net);
}

Test(spike_array, times_in_the_past_are_skipped_and_new_times_play)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "a", "SpikeSourceArray", 1, &pop));
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, 50));
    double t[] = {10.0, 60.0, 70.0};
    OK(net, ax_population_set_spike_times(net, pop, 0, t, 3));
    OK(net, ax_network_run(net, 50));
    size_t n;
    const double *ts;
    const uint32_t *ids;
    spikes_of(net, rec, &n, &ts, &ids);
    cr_assert_eq(n, 2);
    cr_assert_float_eq(ts[0], 60.0, 1e-9);
    cr_assert_float_eq(ts[1], 70.0, 1e-9);
    ax_network_free(net);
}

Test(spike_array, bad_times_are_refused)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop, lif;
    OK(net, ax_population_add(net, "a", "SpikeSourceArray", 2, &pop));
    OK(net, ax_population_add(net, "n", "IF_curr_exp", 2, &lif));
    double unsorted[] = {5.0, 3.0}, same_step[] = {1.01, 1.04}, early[] = {0.0}, nan[] = {NAN};
    FAILS(net, ax_population_set_spike_times(net, pop, 0, unsorted, 2), AX_ERR_ARGUMENT, "comes before");
    FAILS(net, ax_population_set_spike_times(net, pop, 0, same_step, 2), AX_ERR_ARGUMENT, "same step");
    FAILS(net, ax_population_set_spike_times(net, pop, 0, early, 1), AX_ERR_ARGUMENT, ">= dt");
    FAILS(net, ax_population_set_spike_times(net, pop, 0, nan, 1), AX_ERR_ARGUMENT, "finite");
    FAILS(net, ax_population_set_spike_times(net, pop, 2, early, 0), AX_ERR_ARGUMENT, "out of range");
    FAILS(net, ax_population_set_spike_times(net, lif, 0, unsorted, 1), AX_ERR_ARGUMENT, "takes no spike times");
    ax_network_free(net);
}
