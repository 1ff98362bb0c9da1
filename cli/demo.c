/*
 * demo.c - `axon demo`: the built-in default model, the Brunel (2000)
 * network in its asynchronous irregular state.
 *
 * Model A of Brunel (2000), as NEST's brunel_delta_nest.py: 10,000
 * excitatory and 2,500 inhibitory leaky integrate-and-fire neurons with
 * delta synapses (IF_curr_delta: tau_m 20 ms, threshold 20 mV, reset
 * 10 mV, refractory 2 ms, rest 0 mV); each neuron receives exactly 1,000
 * excitatory (J = 0.1 mV) and 250 inhibitory (-g J, g = 5) connections
 * with delay 1.5 ms, and independent Poisson input from 1,000 external
 * sources at eta * nu_thr = 2 * 10 Hz.  Brunel's figure 8C: the network
 * fires asynchronously and irregularly at about 37 Hz.
 *
 * Reference: Brunel N (2000) Dynamics of sparsely connected networks of
 * excitatory and inhibitory spiking neurons. J Comput Neurosci 8:183-208.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "axon.h"
#include "cli.h"
#include "plot.h"

typedef struct demo_opts {
    int threads;
    long long seed;
    double duration;
    const char *out;
    bool quiet;
} demo_opts;

static int usage(FILE *f)
{
    fprintf(f, "usage: axon demo [--threads N] [--seed S] [--duration MS] [--out DIR] [--quiet]\n\n"
               "Runs the built-in default model, the Brunel (2000) network of 12,500 neurons in its\n"
               "asynchronous irregular state, prints a summary, and writes its spikes\n"
               "(E.spikes.csv, I.spikes.csv) and raster plot (raster.png) to DIR\n"
               "(default axon-out/demo).  Defaults: all cores, seed 1, 1000 ms.\n\n"
               "exit status: 0 success; 2 bad command line (also a --duration that is no multiple of\n"
               "dt = 0.1 ms), or an output folder that cannot be written; 3 failure while running\n");
    return f == stderr ? EXIT_USAGE : 0;
}

static int parse(int argc, char **argv, demo_opts *o)
{
    *o = (demo_opts){0, 1, 1000.0, "axon-out/demo", false};
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        long long n;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return -1;
        if (strcmp(a, "--quiet") == 0) {
            o->quiet = true;
            continue;
        }
        if (!v) {
            fprintf(stderr, "axon demo: %s needs a value\n", a);
            return -2;
        }
        k++;
        if (strcmp(a, "--threads") == 0 && parse_long(v, &n) && n >= 0 && n <= 1024)
            o->threads = (int)n;
        else if (strcmp(a, "--seed") == 0 && parse_long(v, &n) && n >= 0)
            o->seed = n;
        else if (strcmp(a, "--duration") == 0 && parse_double(v, &o->duration) && o->duration > 0)
            ;
        else if (strcmp(a, "--out") == 0)
            o->out = v;
        else {
            fprintf(stderr, "axon demo: bad option or value: %s %s\n", a, v);
            return -2;
        }
    }
    return 0;
}

#define TRY(call)                                                              \
    do {                                                                       \
        if ((call) != AX_OK) {                                                 \
            fprintf(stderr, "axon demo: %s\n", ax_network_get_error(net));            \
            ax_network_free(net);                                              \
            return EXIT_RUN;                                                   \
        }                                                                      \
    } while (0)

int cmd_demo(int argc, char **argv)
{
    demo_opts o;
    int p = parse(argc, argv, &o);
    if (p == -1)
        return usage(stdout);
    if (p)
        return usage(stderr);
    ax_error err;
    ax_network *net = ax_network_create(0.1, (uint64_t)o.seed, o.threads, &err);
    if (!net) {
        fprintf(stderr, "axon demo: %s\n", err.message);
        return EXIT_RUN;
    }
    /* what the command line asks for, before anything is built: the
     * duration by the rule of every run, the folder by making it */
    if (ax_network_validate_duration(net, o.duration) != AX_OK) {
        fprintf(stderr, "axon demo: --duration: %s\n", ax_network_get_error(net));
        ax_network_free(net);
        return EXIT_USAGE;
    }
    if (make_dirs(o.out) != 0 || access(o.out, W_OK) != 0) {
        fprintf(stderr, "axon demo: cannot write to the output folder %s: %s\n", o.out, strerror(errno));
        ax_network_free(net);
        return EXIT_USAGE;
    }
    const double J = 0.1, g = 5.0, eta = 2.0, delay = 1.5, theta = 20.0, tau_m = 20.0;
    const double nu_thr = theta / (J * 1000 * tau_m) * 1000.0;   /* Hz per external source */
    ax_population E, I;
    TRY(ax_population_add(net, "E", "IF_curr_delta", 10000, &E));
    TRY(ax_population_add(net, "I", "IF_curr_delta", 2500, &I));
    ax_population pops[2] = {E, I};
    for (int k = 0; k < 2; k++) {
        TRY(ax_population_set_param(net, pops[k], "v_rest", ax_value_constant(0.0)));
        TRY(ax_population_set_param(net, pops[k], "v_thresh", ax_value_constant(theta)));
        TRY(ax_population_set_param(net, pops[k], "v_reset", ax_value_constant(10.0)));
        TRY(ax_population_set_param(net, pops[k], "tau_m", ax_value_constant(tau_m)));
        TRY(ax_population_set_param(net, pops[k], "tau_refrac", ax_value_constant(2.0)));
        TRY(ax_population_set_state(net, pops[k], "v", ax_value_constant(0.0)));
        ax_connector ce = ax_connector_fixed_indegree(1000), ci = ax_connector_fixed_indegree(250);
        TRY(ax_projection_add(net, E, pops[k], &ce, "excitatory", ax_value_constant(J), ax_value_constant(delay), NULL));
        TRY(ax_projection_add(net, I, pops[k], &ci, "inhibitory", ax_value_constant(-g * J), ax_value_constant(delay), NULL));
        ax_input_spec ext = {.kind = AX_INPUT_POISSON, .sources = 1000, .rate = eta * nu_thr, .weight = J,
                             .receptor = "excitatory"};
        TRY(ax_input_add(net, pops[k], AX_ALL_NEURONS, &ext, NULL));
    }
    ax_recorder rec[2];
    TRY(ax_recorder_add_spikes(net, E, AX_ALL_NEURONS, &rec[0]));
    TRY(ax_recorder_add_spikes(net, I, AX_ALL_NEURONS, &rec[1]));
    if (!o.quiet)
        printf("axon demo: Brunel (2000) network, model A, asynchronous irregular state (g = %g, eta = %g)\n", g, eta);
    TRY(ax_network_build(net));
    TRY(ax_network_run(net, o.duration));

    ax_stats st;
    ax_network_get_stats(net, &st);
    uint64_t ne, ni;
    ax_population_get_spike_count(net, E, &ne);
    ax_population_get_spike_count(net, I, &ni);
    char path[3][4096];
    snprintf(path[0], sizeof path[0], "%s/E.spikes.csv", o.out);
    snprintf(path[1], sizeof path[1], "%s/I.spikes.csv", o.out);
    snprintf(path[2], sizeof path[2], "%s/raster.png", o.out);
    TRY(ax_recorder_write_csv(net, rec[0], path[0]));
    TRY(ax_recorder_write_csv(net, rec[1], path[1]));
    plot_spikes ps[2] = {{0}};   /* counts NULL: rates from the spikes */
    const char *names[2] = {"E", "I"};
    uint32_t sizes[2] = {10000, 2500};
    for (int k = 0; k < 2; k++) {
        ps[k].name = names[k];
        ps[k].size = sizes[k];
        TRY(ax_recorder_get_spikes(net, rec[k], &ps[k].n, &ps[k].times, &ps[k].ids));
    }
    char msg[512], title[160];
    snprintf(title, sizeof title, "Brunel (2000) network, asynchronous irregular state: %.0f ms, seed %lld",
             o.duration, o.seed);
    if (plot_raster(path[2], title, NULL, ps, 2, 0.0, o.duration, 500, msg, sizeof msg) != 0) {
        fprintf(stderr, "axon demo: %s\n", msg);
        ax_network_free(net);
        return EXIT_RUN;
    }
    if (!o.quiet) {
        printf("  neurons   %llu (E 10000, I 2500)\n", (unsigned long long)st.neurons);
        printf("  synapses  %llu\n", (unsigned long long)st.synapses);
        printf("  build     %.3f s\n", st.build_s);
        printf("  run       %.3f s for %.0f ms simulated, %d thread%s\n", st.run_s, o.duration, st.threads,
               st.threads == 1 ? "" : "s");
        printf("  spikes    %llu\n", (unsigned long long)st.spikes);
        printf("  rates     E %.2f Hz, I %.2f Hz\n", ne * 1000.0 / (o.duration * 10000),
               ni * 1000.0 / (o.duration * 2500));
        printf("  wrote     %s, %s, %s\n", path[0], path[1], path[2]);
    }
    ax_network_free(net);
    return 0;
}
