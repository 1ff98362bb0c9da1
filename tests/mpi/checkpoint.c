/*
 * checkpoint.c - a driver the MPI checkpoint tests run under mpirun
 * (tests/test_mpi_checkpoint.c).  Every rank prints its lines
 * "rank R: WHAT HASH spikes N events M", where HASH is FNV-1a over every
 * state variable of every neuron and the spike count of every population
 * (all of which every rank holds after a run).
 *
 *   checkpoint MODEL.toml MS THREADS FILE all
 *       whole:    a network runs 2 MS;
 *       reset:    another runs MS, saves FILE, is reset and runs 2 MS;
 *       restored: a third restores FILE and runs MS.
 *   checkpoint MODEL.toml MS THREADS FILE save      runs MS, saves FILE
 *   checkpoint MODEL.toml MS THREADS FILE restore   restores FILE, runs MS
 *
 * A failed call prints "rank R: CALL failed (STATUS): MESSAGE" and the
 * driver goes on to its end (so a hang, not an exit, shows a rank left
 * alone in a collective).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axon.h"

static int rank;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void print_hash(ax_network *net, const char *what)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t p = 0; p < ax_population_count(net); p++) {
        ax_population_info info;
        ax_population_get_info(net, (ax_population)p, &info);
        uint64_t c = 0;
        ax_population_get_spike_count(net, (ax_population)p, &c);
        h = fnv(h, &c, sizeof c);
        double *x = malloc((info.size ? info.size : 1) * sizeof *x);
        for (uint32_t v = 0; x && v < info.model->n_vars; v++) {
            ax_population_get_values(net, (ax_population)p, info.model->vars[v].name, x, info.size);
            h = fnv(h, x, info.size * sizeof *x);
        }
        free(x);
    }
    ax_stats s;
    ax_network_get_stats(net, &s);
    printf("rank %d: %s %016llx spikes %llu events %llu\n", rank, what, (unsigned long long)h,
           (unsigned long long)s.spikes, (unsigned long long)s.events);
}

static int check(ax_network *net, ax_status st, const char *call)
{
    if (st)
        printf("rank %d: %s failed (%d): %s\n", rank, call, (int)st, ax_network_get_error(net));
    else
        printf("rank %d: %s ok\n", rank, call);
    return st == AX_OK;
}

static ax_modelfile *load(const char *path, const char *threads)
{
    char t[64];
    snprintf(t, sizeof t, "simulation.threads=%s", threads);
    const char *ov[] = {t};
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(path, ov, 1, &err);
    if (!m) {
        printf("rank %d: load failed: %s\n", rank, err.message);
        exit(1);
    }
    return m;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: checkpoint MODEL.toml MS THREADS FILE all|save|restore\n");
        return 2;
    }
    ax_mpi_info info;
    ax_mpi_get_info(&info, NULL);
    rank = info.rank;
    const char *model = argv[1], *threads = argv[3], *file = argv[4], *mode = argv[5];
    double ms = atof(argv[2]);
    if (!strcmp(mode, "all")) {
        ax_modelfile *m = load(model, threads);
        ax_network *net = ax_modelfile_get_network(m);
        if (check(net, ax_modelfile_run(m, 2 * ms), "run"))
            print_hash(net, "whole");
        ax_modelfile_free(m);
        m = load(model, threads);
        net = ax_modelfile_get_network(m);
        if (check(net, ax_modelfile_run(m, ms), "run") && check(net, ax_network_save_state(net, file), "save") &&
            check(net, ax_network_reset(net), "reset") && check(net, ax_modelfile_run(m, 2 * ms), "run"))
            print_hash(net, "reset");
        ax_modelfile_free(m);
    } else if (!strcmp(mode, "save")) {
        ax_modelfile *m = load(model, threads);
        ax_network *net = ax_modelfile_get_network(m);
        if (check(net, ax_modelfile_run(m, ms), "run") && check(net, ax_network_save_state(net, file), "save"))
            print_hash(net, "saved");
        ax_modelfile_free(m);
        return 0;
    } else if (strcmp(mode, "restore")) {
        fprintf(stderr, "checkpoint: unknown mode '%s'\n", mode);
        return 2;
    }
    ax_modelfile *m = load(model, threads);
    ax_network *net = ax_modelfile_get_network(m);
    if (check(net, ax_network_restore_state(net, file), "restore") && check(net, ax_modelfile_run(m, ms), "run"))
        print_hash(net, "restored");
    ax_modelfile_free(m);
    return 0;
}
