/*
 * recordings.c - a driver the MPI tests run under mpirun
 * (tests/test_mpi_outputs.c): loads a model file, runs it in two runs (a
 * continued run must go on where the first stopped) and prints, on every
 * rank, a hash (FNV-1a) of the arrays each recorder hands to a caller
 * (ax_recorder_get_spikes, ax_recorder_get_trace), with their lengths.
 * Every rank must print the lines one process prints.
 *
 *   recordings MODEL.toml DURATION_MS THREADS
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
    if (argc != 4) {
        fprintf(stderr, "usage: recordings MODEL.toml DURATION_MS THREADS\n");
        return 2;
    }
    char threads[64];
    snprintf(threads, sizeof threads, "simulation.threads=%s", argv[3]);
    const char *ov[] = {threads};
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(argv[1], ov, 1, &err);
    if (!m) {
        printf("load: %s\n", err.message);
        return 1;
    }
    ax_network *net = ax_modelfile_get_network(m);
    double ms = atof(argv[2]);
    if (ax_modelfile_run(m, ms / 2) || ax_modelfile_run(m, ms / 2)) {
        printf("run: %s\n", ax_network_get_error(net));
        ax_modelfile_free(m);
        return 1;
    }
    ax_network_info ni;
    ax_network_get_info(net, &ni);
    for (size_t k = 0; k < ax_recorder_count(net); k++) {
        ax_recorder_info ri;
        ax_recorder_get_info(net, (ax_recorder)k, &ri);
        uint64_t h = 1469598103934665603ull;
        size_t n = 0, cols = 0;
        if (ri.kind == AX_RECORDER_SPIKES) {
            const double *t;
            const uint32_t *id;
            ax_recorder_get_spikes(net, (ax_recorder)k, &n, &t, &id);
            h = fnv(fnv(h, t, n * sizeof *t), id, n * sizeof *id);
        } else if (ri.kind == AX_RECORDER_STATE || ri.kind == AX_RECORDER_SIGNAL) {
            const double *t, *v;
            const uint32_t *id;
            ax_recorder_get_trace(net, (ax_recorder)k, &n, &cols, &t, &v, &id);
            h = fnv(fnv(fnv(h, t, n * sizeof *t), v, n * cols * sizeof *v), id, cols * sizeof *id);
        } else {
            continue;   /* weights: tests/test_mpi_synapses.c */
        }
        printf("rank %d: recorder %zu %s %zu x %zu hash %016llx\n", ni.rank, k, ri.variable, n, cols,
               (unsigned long long)h);
    }
    ax_modelfile_free(m);
    return 0;
}
