/*
 * stdp_helpers.h - what the plasticity tests share (test_stdp.c,
 * test_equations_plasticity.c): one source onto one neuron that fires
 * when told, and reading the weight and the spikes back.
 */
#ifndef AX_TEST_STDP_HELPERS_H
#define AX_TEST_STDP_HELPERS_H

#include "helpers.h"

#define PAIR_DT 0.1
#define PAIR_DELAY 1.0   /* dendritic: the pair's lag is t_post + PAIR_DELAY - t_pre */

typedef struct pair_net {
    ax_network *net;
    ax_population pre, post;
    ax_projection proj;
    ax_recorder pre_spikes, post_spikes;
} pair_net;

/* A source firing at pre_times, plastic onto an IF_curr_delta (weight w0,
 * far below threshold), which a strong driver makes fire at about
 * post_times; threads as given.  With eq, the rule is first defined on
 * the network under rule->rule (timing AX_STDP_EQUATIONS). */
static inline pair_net make_pair_defined(const ax_plasticity *rule, const ax_plasticity_equations *eq, double w0,
                                         const double *pre_times, size_t n_pre, const double *post_times,
                                         size_t n_post, int threads)
{
    pair_net p;
    p.net = new_net(PAIR_DT, 5, threads);
    if (eq)
        OK(p.net, ax_plasticity_define_equations(p.net, rule->rule, eq));
    OK(p.net, ax_population_add(p.net, "pre", "SpikeSourceArray", 1, &p.pre));
    OK(p.net, ax_population_set_spike_times(p.net, p.pre, 0, pre_times, n_pre));
    OK(p.net, ax_population_add(p.net, "post", "IF_curr_delta", 1, &p.post));
    OK(p.net, ax_population_set_param(p.net, p.post, "tau_refrac", ax_value_constant(0.1)));
    spike_input(p.net, p.post, "drive", "excitatory", post_times, n_post, 100.0, PAIR_DT);
    ax_connector c = ax_connector_all_to_all();
    OK(p.net, ax_projection_add_plastic(p.net, p.pre, p.post, &c, "excitatory", ax_value_constant(w0),
                                        ax_value_constant(PAIR_DELAY), rule, &p.proj));
    OK(p.net, ax_recorder_add_spikes(p.net, p.pre, AX_ALL_NEURONS, &p.pre_spikes));
    OK(p.net, ax_recorder_add_spikes(p.net, p.post, AX_ALL_NEURONS, &p.post_spikes));
    return p;
}

static inline pair_net make_pair(const ax_plasticity *rule, double w0, const double *pre_times, size_t n_pre,
                                 const double *post_times, size_t n_post, int threads)
{
    return make_pair_defined(rule, NULL, w0, pre_times, n_pre, post_times, n_post, threads);
}

static inline double weight_of(ax_network *net, ax_projection proj)
{
    double w;
    OK(net, ax_projection_get_synapses(net, proj, NULL, NULL, &w, NULL));
    return w;
}

static inline const double *spikes(ax_network *net, ax_recorder r, size_t *n)
{
    const double *t;
    const uint32_t *who;
    OK(net, ax_recorder_get_spikes(net, r, n, &t, &who));
    return t;
}

#endif
