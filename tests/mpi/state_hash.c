/*
 * state_hash.c - a driver the MPI tests run under mpirun (tests/test_mpi.c):
 * loads a model file, runs it, and prints on every rank the network's
 * spike counts per population, its stats, and a hash (FNV-1a) of every
 * state variable of every neuron, which every rank holds after a run.
 *
 *   state_hash MODEL.toml DURATION_MS THREADS [--set KEY=VALUE ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axon.h"

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 1099511628211ull;
    }
    return h;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: state_hash MODEL.toml DURATION_MS THREADS [--set KEY=VALUE ...]\n");
        return 2;
    }
    const char *ov[64];
    char threads[64];
    size_t n_ov = 0;
    snprintf(threads, sizeof threads, "simulation.threads=%s", argv[3]);
    ov[n_ov++] = threads;
    for (int a = 4; a + 1 < argc && n_ov < 64; a += 2)
        if (!strcmp(argv[a], "--set"))
            ov[n_ov++] = argv[a + 1];
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(argv[1], ov, n_ov, &err);
    if (!m) {
        printf("load: %s\n", err.message);
        return 1;
    }
    ax_network *net = ax_modelfile_get_network(m);
    if (ax_modelfile_run(m, atof(argv[2]))) {
        printf("run: %s\n", ax_network_get_error(net));
        ax_modelfile_free(m);
        return 1;
    }
    uint64_t h = 1469598103934665603ull;
    ax_network_info ni;
    ax_network_get_info(net, &ni);
    for (size_t p = 0; p < ax_population_count(net); p++) {
        ax_population_info info;
        ax_population_get_info(net, (ax_population)p, &info);
        uint64_t c;
        ax_population_get_spike_count(net, (ax_population)p, &c);
        double *x = malloc((info.size ? info.size : 1) * sizeof *x);
        for (uint32_t v = 0; x && v < info.model->n_vars; v++) {
            ax_population_get_values(net, (ax_population)p, info.model->vars[v].name, x, info.size);
            h = fnv(h, x, info.size * sizeof *x);
        }
        free(x);
        printf("rank %d: %s spikes %llu\n", ni.rank, info.name, (unsigned long long)c);
    }
    ax_stats s;
    ax_network_get_stats(net, &s);
    printf("rank %d: owns [%u, %u) of %llu\n", ni.rank, ni.first_owned, ni.end_owned, (unsigned long long)s.neurons);
    printf("rank %d: hash %016llx spikes %llu events %llu synapses %llu\n", ni.rank, (unsigned long long)h,
           (unsigned long long)s.spikes, (unsigned long long)s.events, (unsigned long long)s.synapses);
    ax_modelfile_free(m);
    return 0;
}
