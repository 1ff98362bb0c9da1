/*
 * checkpoint.c - a driver the MPI checkpoint tests run under mpirun
 * (tests/test_mpi_checkpoint.c).  Every rank prints its lines
 * "rank R: MODEL hash WHAT HASH spikes N events M", where HASH is FNV-1a
 * over every state variable of every neuron and the spike count of every
 * population (all of which every rank holds after a run).
 *
 *   checkpoint THREADS FILE all MODEL MS [MODEL MS ...]
 *       for each model (its checkpoint in FILE.m<index>):
 *       whole:    a network runs 2 MS;
 *       half:     another runs MS and saves;
 *       zero:     it is reset (no spikes, no events);
 *       reset:    and runs 2 MS (the hash of "whole");
 *       loaded:   a third restores the save (the hash of "half");
 *       restored: and runs MS (the hash of "whole").
 *   checkpoint THREADS FILE save MODEL MS      runs MS, saves FILE
 *   checkpoint THREADS FILE restore MODEL MS   restores FILE, runs MS
 *
 * A failed call prints "rank R: MODEL CALL failed (STATUS): MESSAGE" and
 * the driver goes on to its end (so a hang, not an exit, shows a rank
 * left alone in a collective).  Several models in one job: each mpirun
 * costs seconds to start on a loaded machine.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axon.h"

static int rank;
static const char *model;   /* the model file, in every line */

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
    printf("rank %d: %s hash %s %016llx spikes %llu events %llu\n", rank, model, what, (unsigned long long)h,
           (unsigned long long)s.spikes, (unsigned long long)s.events);
}

static int check(ax_network *net, ax_status st, const char *call)
{
    if (st)
        printf("rank %d: %s %s failed (%d): %s\n", rank, model, call, (int)st, ax_network_get_error(net));
    else
        printf("rank %d: %s %s ok\n", rank, model, call);
    return st == AX_OK;
}

static ax_modelfile *load(const char *threads)
{
    char t[64];
    snprintf(t, sizeof t, "simulation.threads=%s", threads);
    const char *ov[] = {t};
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(model, ov, 1, &err);
    if (!m) {
        printf("rank %d: %s load failed: %s\n", rank, model, err.message);
        exit(1);
    }
    return m;
}

static void restore_and_run(const char *threads, const char *file, double ms)
{
    ax_modelfile *m = load(threads);
    ax_network *net = ax_modelfile_get_network(m);
    if (check(net, ax_network_restore_state(net, file), "restore")) {
        print_hash(net, "loaded");
        if (check(net, ax_modelfile_run(m, ms), "run"))
            print_hash(net, "restored");
    }
    ax_modelfile_free(m);
}

static void run_and_save(const char *threads, const char *file, double ms, bool all)
{
    ax_modelfile *m = load(threads);
    ax_network *net = ax_modelfile_get_network(m);
    if (check(net, ax_modelfile_run(m, ms), "run") && check(net, ax_network_save_state(net, file), "save")) {
        print_hash(net, "half");
        if (all && check(net, ax_network_reset(net), "reset")) {
            print_hash(net, "zero");
            if (check(net, ax_modelfile_run(m, 2 * ms), "run"))
                print_hash(net, "reset");
        }
    }
    ax_modelfile_free(m);
}

static void whole(const char *threads, double ms)
{
    ax_modelfile *m = load(threads);
    ax_network *net = ax_modelfile_get_network(m);
    if (check(net, ax_modelfile_run(m, 2 * ms), "run"))
        print_hash(net, "whole");
    ax_modelfile_free(m);
}

int main(int argc, char **argv)
{
    if (argc < 6 || argc % 2) {
        fprintf(stderr, "usage: checkpoint THREADS FILE all|save|restore MODEL MS [MODEL MS ...]\n");
        return 2;
    }
    ax_mpi_info info;
    ax_mpi_get_info(&info, NULL);
    rank = info.rank;
    const char *threads = argv[1], *file = argv[2], *mode = argv[3];
    for (int a = 4; a + 1 < argc; a += 2) {
        model = argv[a];
        double ms = atof(argv[a + 1]);
        char part[1024];
        snprintf(part, sizeof part, "%s.m%d", file, (a - 4) / 2);
        if (!strcmp(mode, "all")) {
            whole(threads, ms);
            run_and_save(threads, part, ms, true);
            restore_and_run(threads, part, ms);
        } else if (!strcmp(mode, "save")) {
            run_and_save(threads, file, ms, false);
        } else if (!strcmp(mode, "restore")) {
            restore_and_run(threads, file, ms);
        } else {
            fprintf(stderr, "checkpoint: unknown mode '%s'\n", mode);
            return 2;
        }
    }
    return 0;
}
