/*
 * axon_bench - the standard benchmark models, built through the C API
 * exactly as the Brian2 scripts in ../shared/bench/peers/ define them, run
 * once, and reported as one JSON line (the same fields as the peer
 * scripts print: run_s, build_s, spikes, mean_rate_hz, synapses,
 * peak_rss_mb), so bench/run can put them side by side.
 *
 *   axon_bench --model cuba|coba|brunel [--duration S] [--threads K] [--seed N]
 *              [--N N] [--scale X] [--spikes FILE]
 *
 * Differences from the peers, by construction of the simulators:
 *   - CUBA and COBA: Brian2 applies a spike in the step it is emitted
 *     (delay 0); axon's smallest delay is dt (0.1 ms).
 *   - COBA: Brian2 integrates with forward Euler, axon with RK4.
 * Brunel reproduces NEST's update order, as the peer script does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "axon.h"

#define TRY(call)                                                                  \
    do {                                                                           \
        if ((call) != AX_OK) {                                                     \
            fprintf(stderr, "axon_bench: %s\n", ax_last_error(net));               \
            exit(3);                                                               \
        }                                                                          \
    } while (0)

typedef struct opts {
    const char *model, *spikes;
    double duration_s, scale;
    int threads, N;
    long long seed;
} opts;

/* CUBA: Brian2's examples/CUBA.py (brian2_cuba.py). */
static void build_cuba(ax_network *net, const opts *o, ax_pop *pops, int *n_pops)
{
    int N = o->N ? o->N : 4000, Ne = (int)lround(0.8 * N);
    double p = 0.02 * 4000.0 / N;
    /* IF_curr_exp with cm = 1 nF, tau_m = 20 ms: a jump of x mV in Brian's
     * ge (dv/dt = ge/taum) is a current jump of x cm/tau_m nA. */
    double gl = 1.0 / 20.0, we = 60 * 0.27 / 10 * gl, wi = -20 * 4.5 / 10 * gl;
    TRY(ax_add_population(net, "E", "IF_curr_exp", Ne, &pops[0]));
    TRY(ax_add_population(net, "I", "IF_curr_exp", N - Ne, &pops[1]));
    for (int k = 0; k < 2; k++) {
        TRY(ax_set_param(net, pops[k], "v_rest", ax_constant(-49)));
        TRY(ax_set_param(net, pops[k], "v_thresh", ax_constant(-50)));
        TRY(ax_set_param(net, pops[k], "v_reset", ax_constant(-60)));
        TRY(ax_set_param(net, pops[k], "tau_m", ax_constant(20)));
        TRY(ax_set_param(net, pops[k], "cm", ax_constant(1)));
        TRY(ax_set_param(net, pops[k], "tau_refrac", ax_constant(5)));
        TRY(ax_set_param(net, pops[k], "tau_syn_E", ax_constant(5)));
        TRY(ax_set_param(net, pops[k], "tau_syn_I", ax_constant(10)));
        TRY(ax_set_state(net, pops[k], "v", ax_uniform(-60, -50)));
    }
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            ax_connector c = ax_fixed_probability(p);
            TRY(ax_connect(net, pops[a], pops[b], &c, a ? "inhibitory" : "excitatory", ax_constant(a ? wi : we),
                           ax_constant(0.1), NULL));
        }
    *n_pops = 2;
}

/* COBA: Brette et al. 2007 benchmark 1 (brian2_coba.py), absolute units. */
static void build_coba(ax_network *net, const opts *o, ax_pop *pops, int *n_pops)
{
    int N = o->N ? o->N : 4000, Ne = (int)lround(0.8 * N);
    double p = 0.02 * 4000.0 / N, cm = 0.2, gl = cm / 20.0;   /* uS */
    TRY(ax_add_population(net, "E", "IF_cond_exp", Ne, &pops[0]));
    TRY(ax_add_population(net, "I", "IF_cond_exp", N - Ne, &pops[1]));
    for (int k = 0; k < 2; k++) {
        TRY(ax_set_param(net, pops[k], "v_rest", ax_constant(-60)));
        TRY(ax_set_param(net, pops[k], "v_thresh", ax_constant(-50)));
        TRY(ax_set_param(net, pops[k], "v_reset", ax_constant(-60)));
        TRY(ax_set_param(net, pops[k], "cm", ax_constant(cm)));
        TRY(ax_set_param(net, pops[k], "tau_m", ax_constant(20)));
        TRY(ax_set_param(net, pops[k], "tau_refrac", ax_constant(5)));
        TRY(ax_set_param(net, pops[k], "tau_syn_E", ax_constant(5)));
        TRY(ax_set_param(net, pops[k], "tau_syn_I", ax_constant(10)));
        TRY(ax_set_param(net, pops[k], "e_rev_E", ax_constant(0)));
        TRY(ax_set_param(net, pops[k], "e_rev_I", ax_constant(-80)));
        TRY(ax_set_state(net, pops[k], "v", ax_normal(-65, 5)));
        TRY(ax_set_state(net, pops[k], "gsyn_exc", ax_normal(4 * gl, 1.5 * gl)));
        TRY(ax_set_state(net, pops[k], "gsyn_inh", ax_normal(20 * gl, 12 * gl)));
    }
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            ax_connector c = ax_fixed_probability(p);
            TRY(ax_connect(net, pops[a], pops[b], &c, a ? "inhibitory" : "excitatory",
                           ax_constant(a ? 6.7 * gl : 0.6 * gl), ax_constant(0.1), NULL));
        }
    *n_pops = 2;
}

/* Brunel 2000 model A (brian2_brunel.py; NEST brunel_delta_nest.py). */
static void build_brunel(ax_network *net, const opts *o, ax_pop *pops, int *n_pops)
{
    double scale = o->N ? o->N / 12500.0 : o->scale;
    int NE = (int)lround(10000 * scale), NI = (int)lround(2500 * scale);
    double J = 0.1, g = 5, eta = 2, theta = 20, tau = 20;
    double nu_ex = eta * theta / (J * 1000 * tau) * 1000;   /* Hz per external source */
    TRY(ax_add_population(net, "E", "IF_curr_delta", NE, &pops[0]));
    TRY(ax_add_population(net, "I", "IF_curr_delta", NI, &pops[1]));
    for (int k = 0; k < 2; k++) {
        TRY(ax_set_param(net, pops[k], "v_rest", ax_constant(0)));
        TRY(ax_set_param(net, pops[k], "v_thresh", ax_constant(theta)));
        TRY(ax_set_param(net, pops[k], "v_reset", ax_constant(10)));
        TRY(ax_set_param(net, pops[k], "tau_m", ax_constant(tau)));
        TRY(ax_set_param(net, pops[k], "tau_refrac", ax_constant(2)));
        TRY(ax_set_state(net, pops[k], "v", ax_constant(0)));
        ax_connector ce = ax_fixed_indegree(1000), ci = ax_fixed_indegree(250);
        TRY(ax_connect(net, pops[0], pops[k], &ce, "excitatory", ax_constant(J), ax_constant(1.5), NULL));
        TRY(ax_connect(net, pops[1], pops[k], &ci, "inhibitory", ax_constant(-g * J), ax_constant(1.5), NULL));
        ax_input_spec ext = {.kind = AX_INPUT_POISSON, .sources = 1000, .rate = nu_ex, .weight = J,
                             .receptor = "excitatory"};
        TRY(ax_add_input(net, pops[k], AX_ALL, &ext, NULL));
    }
    *n_pops = 2;
}

static void usage(void)
{
    fprintf(stderr, "usage: axon_bench --model cuba|coba|brunel [--duration S] [--threads K] [--seed N]\n"
                    "                  [--N N] [--scale X] [--spikes FILE]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    opts o = {NULL, NULL, 1.0, 1.0, 1, 0, 1234};
    for (int k = 1; k < argc; k++) {
        if (k + 1 >= argc)
            usage();
        const char *a = argv[k], *v = argv[++k];
        if (!strcmp(a, "--model")) o.model = v;
        else if (!strcmp(a, "--duration")) o.duration_s = atof(v);
        else if (!strcmp(a, "--threads")) o.threads = atoi(v);
        else if (!strcmp(a, "--seed")) o.seed = atoll(v);
        else if (!strcmp(a, "--N")) o.N = atoi(v);
        else if (!strcmp(a, "--scale")) o.scale = atof(v);
        else if (!strcmp(a, "--spikes")) o.spikes = v;
        else usage();
    }
    if (!o.model)
        usage();
    ax_error err;
    ax_network *net = ax_network_create(0.1, (uint64_t)o.seed, o.threads, &err);
    if (!net) {
        fprintf(stderr, "axon_bench: %s\n", err.message);
        return 3;
    }
    ax_pop pops[4];
    int n_pops = 0;
    if (!strcmp(o.model, "cuba")) build_cuba(net, &o, pops, &n_pops);
    else if (!strcmp(o.model, "coba")) build_coba(net, &o, pops, &n_pops);
    else if (!strcmp(o.model, "brunel")) build_brunel(net, &o, pops, &n_pops);
    else usage();
    ax_recorder rec[4];
    for (int k = 0; k < n_pops; k++)
        TRY(ax_record_spikes(net, pops[k], AX_ALL, &rec[k]));
    TRY(ax_build(net));
    TRY(ax_run(net, o.duration_s * 1000.0));
    ax_stats st;
    ax_get_stats(net, &st);
    if (o.spikes) {   /* all spikes as "i,t_ms" with global indices, as the peers number them */
        FILE *f = fopen(o.spikes, "w");
        if (!f) {
            perror(o.spikes);
            return 3;
        }
        fprintf(f, "i,t_ms\n");
        for (int k = 0; k < n_pops; k++) {
            ax_population_info info;
            ax_get_population_info(net, pops[k], &info);
            size_t n;
            const double *t;
            const uint32_t *ids;
            TRY(ax_get_spikes(net, rec[k], &n, &t, &ids));
            for (size_t q = 0; q < n; q++)
                fprintf(f, "%u,%.1f\n", info.first_id + ids[q], t[q]);
        }
        fclose(f);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("{\"model\": \"%s\", \"simulator\": \"axon %s\", \"threads\": %d, \"N\": %llu, \"sim_ms\": %.1f, "
           "\"dt_ms\": 0.1, \"seed\": %lld, \"synapses\": %llu, \"build_s\": %.4f, \"run_s\": %.4f, "
           "\"spikes\": %llu, \"events\": %llu, \"mean_rate_hz\": %.4f, \"peak_rss_mb\": %.1f, "
           "\"synapse_bytes\": %llu, \"min_delay_steps\": %u}\n",
           o.model, AX_VERSION, st.threads, (unsigned long long)st.neurons, o.duration_s * 1000, o.seed,
           (unsigned long long)st.synapses, st.build_s, st.run_s, (unsigned long long)st.spikes,
           (unsigned long long)st.events, st.spikes / (double)st.neurons / o.duration_s, ru.ru_maxrss / 1024.0,
           (unsigned long long)st.synapse_bytes, st.min_delay_steps);
    ax_network_free(net);
    return 0;
}
