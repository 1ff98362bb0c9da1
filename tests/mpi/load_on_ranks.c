/*
 * load_on_ranks.c - a driver the MPI error tests run under mpirun
 * (tests/test_mpi_errors.c): every rank loads a model file and runs it, but
 * the ranks may be given different things, as a cluster's nodes can be -
 * a file missing on one node, a different version of it, another --set,
 * less memory - to show that every rank then stops with the same message
 * and none waits for another.  Prints on every rank one line:
 * "rank R: load|run: MESSAGE" or "rank R: ok spikes N".
 *
 *   load_on_ranks DURATION_MS THREADS MODEL_RANK0 [MODEL_RANK1 ...] [options]
 *     rank r loads the r-th model path (the last one for the ranks after it)
 *     --set KEY=VALUE            an override on every rank
 *     --set-on R KEY=VALUE       an override on rank R only
 *     --memory-on R BYTES        rank R only: a memory limit of BYTES (ax_network_set_memory_limit)
 *                                after the load, before the build
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axon.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: load_on_ranks DURATION_MS THREADS MODEL... [--set K=V] [--set-on R K=V] "
                        "[--memory-on R BYTES]\n");
        return 2;
    }
    ax_mpi_info mpi;
    if (ax_mpi_get_info(&mpi, NULL))
        return 2;
    const char *models[16], *ov[64];
    size_t n_models = 0, n_ov = 0;
    char threads[64];
    snprintf(threads, sizeof threads, "simulation.threads=%s", argv[2]);
    ov[n_ov++] = threads;
    int memory_rank = -1;
    unsigned long long memory = 0;
    for (int a = 3; a < argc; a++) {
        if (!strcmp(argv[a], "--set") && a + 1 < argc && n_ov < 64) {
            ov[n_ov++] = argv[++a];
        } else if (!strcmp(argv[a], "--set-on") && a + 2 < argc && n_ov < 64) {
            if (atoi(argv[a + 1]) == mpi.rank)
                ov[n_ov++] = argv[a + 2];
            a += 2;
        } else if (!strcmp(argv[a], "--memory-on") && a + 2 < argc) {
            memory_rank = atoi(argv[a + 1]);
            memory = strtoull(argv[a + 2], NULL, 10);
            a += 2;
        } else if (n_models < 16) {
            models[n_models++] = argv[a];
        }
    }
    if (!n_models)
        return 2;
    const char *model = models[(size_t)mpi.rank < n_models ? (size_t)mpi.rank : n_models - 1];
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(model, ov, n_ov, &err);
    if (!m) {
        printf("rank %d: load: %s\n", mpi.rank, err.message);
        return 1;
    }
    ax_network *net = ax_modelfile_get_network(m);
    if (memory_rank == mpi.rank && ax_network_set_memory_limit(net, memory)) {
        printf("rank %d: limit: %s\n", mpi.rank, ax_network_get_error(net));
        ax_modelfile_free(m);
        return 1;
    }
    if (ax_modelfile_run(m, atof(argv[1]))) {
        printf("rank %d: run: %s\n", mpi.rank, ax_network_get_error(net));
        ax_modelfile_free(m);
        return 1;
    }
    ax_stats s;
    ax_network_get_stats(net, &s);
    printf("rank %d: ok spikes %llu\n", mpi.rank, (unsigned long long)s.spikes);
    ax_modelfile_free(m);
    return 0;
}
