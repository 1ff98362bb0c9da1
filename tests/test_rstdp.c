/*
 * Reward-modulated STDP: Izhikevich (2007)'s distal reward experiment,
 * scaled down to one neuron.  100 inputs (Poisson, 2 Hz) reach one
 * integrate-and-fire neuron, which background input keeps at ~1 Hz,
 * through weak synapses with reward-modulated STDP (tau_c = 1 s, A- =
 * 1.5 A+, dopamine tau_d = 200 ms).  The environment (this test, between
 * 10 ms run segments, like the seed's agent loop) rewards one synapse:
 * whenever input 0 fires and the neuron fires within 10 ms after it,
 * dopamine 0.5 arrives 1 to 3 s later.  The rewarded synapse must grow to
 * w_max while the others stay where they were on average.
 */
#include "helpers.h"

Test(rstdp, distal_reward_singles_out_the_rewarded_synapse, .timeout = 300)
{
    ax_network *net = new_net(0.1, 7, 1);
    ax_population in, bg, post;
    OK(net, ax_population_add(net, "in", "SpikeSourcePoisson", 100, &in));
    OK(net, ax_population_set_param(net, in, "rate", ax_value_constant(2.0)));
    OK(net, ax_population_add(net, "bg", "SpikeSourcePoisson", 200, &bg));
    OK(net, ax_population_set_param(net, bg, "rate", ax_value_constant(10.0)));
    OK(net, ax_population_add(net, "post", "IF_curr_exp", 1, &post));
    ax_connector c = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, bg, post, &c, "excitatory", ax_value_uniform(0, 0.118), ax_value_constant(1.0), NULL));
    ax_modulator m;
    OK(net, ax_modulator_add(net, "dopamine", 200.0, &m));
    ax_plasticity r = ax_plasticity_defaults();
    r.reward = true, r.modulator = m, r.tau_c = 1000.0;
    r.A_plus = 0.003, r.A_minus = 0.0045, r.w_min = 0.0, r.w_max = 0.2;
    ax_projection q;
    const double w0 = 0.05;
    OK(net, ax_projection_add_plastic(net, in, post, &c, "excitatory", ax_value_constant(w0), ax_value_constant(1.0), &r, &q));
    ax_recorder ri, rp;
    OK(net, ax_recorder_add_spikes(net, in, AX_ALL_NEURONS, &ri));
    OK(net, ax_recorder_add_spikes(net, post, AX_ALL_NEURONS, &rp));

    const double seg = 10.0, T = 1200000.0;
    double last_in0 = -1e9, pending[4096], w[100], reached = -1;
    size_t seen_in = 0, seen_post = 0, n_pending = 0;
    int rewards = 0;
    uint32_t lcg = 1;
    for (double t = 0; t < T - seg / 2; t += seg) {
        for (size_t k = 0; k < n_pending; k++)
            if (pending[k] <= t + 1e-9) {
                OK(net, ax_modulator_inject(net, m, 0.5));
                pending[k--] = pending[--n_pending];
                rewards++;
            }
        OK(net, ax_network_run(net, seg));
        size_t n_in, n_post;
        const double *ti, *tp;
        const uint32_t *who, *whop;
        OK(net, ax_recorder_get_spikes(net, ri, &n_in, &ti, &who));
        OK(net, ax_recorder_get_spikes(net, rp, &n_post, &tp, &whop));
        /* the new spikes in time order: input 0 then the neuron within 10 ms earns a reward */
        size_t a = seen_in, b = seen_post;
        while (a < n_in || b < n_post) {
            if (b >= n_post || (a < n_in && ti[a] <= tp[b])) {
                if (who[a] == 0)
                    last_in0 = ti[a];
                a++;
            } else {
                if (tp[b] > last_in0 && tp[b] <= last_in0 + 10.0 && n_pending < 4096) {
                    lcg = lcg * 1664525u + 1013904223u;
                    pending[n_pending++] = tp[b] + 1000.0 + 2000.0 * (lcg >> 8) / 16777216.0;
                    last_in0 = -1e9;
                }
                b++;
            }
        }
        seen_in = n_in, seen_post = n_post;
        if (reached < 0 && fmod(t + seg, 10000.0) < 1e-6) {
            OK(net, ax_projection_get_synapses(net, q, NULL, NULL, w, NULL));
            if (w[0] >= 0.95 * r.w_max)
                reached = (t + seg) / 1000.0;
        }
    }
    OK(net, ax_projection_get_synapses(net, q, NULL, NULL, w, NULL));
    double mean = 0;
    int high = 0;
    for (int k = 1; k < 100; k++) {
        mean += w[k] / 99;
        high += w[k] > 0.5 * r.w_max;
    }
    cr_log_info("distal reward: %d rewards in %.0f s, neuron at %.2f Hz; rewarded synapse %.3f (w_max %.1f, "
                "reached 0.95 w_max by %.0f s); others mean %.4f (start %.2f), %d of 99 above w_max / 2",
                rewards, T / 1000, seen_post / (T / 1000), w[0], r.w_max, reached, mean, w0, high);
    cr_assert(rewards > 10, "rewards were earned (%d)", rewards);
    cr_assert(w[0] >= 0.95 * r.w_max, "the rewarded synapse grew to w_max: %g", w[0]);
    cr_assert(fabs(mean - w0) < 0.3 * w0, "the others stay put on average: mean %g (start %g)", mean, w0);
    cr_assert(high < 20, "few others grew (%d of 99 above w_max / 2)", high);
    ax_network_free(net);
}
