/*
 * helpers.h - what the C tests share: checked API calls, reading reference
 * CSV files, and a one-neuron harness.
 */
#ifndef AX_TEST_HELPERS_H
#define AX_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axon.h"

/* Fails the test with the library's message unless call returns AX_OK. */
#define OK(net, call)                                                                          \
    do {                                                                                       \
        ax_status st_ = (call);                                                                \
        cr_assert_eq(st_, AX_OK, "%s\n  -> %s: %s", #call, ax_status_name(st_), ax_network_get_error(net)); \
    } while (0)

/* Expects call to fail with `status` and a message containing `text`. */
#define FAILS(net, call, status, text)                                                         \
    do {                                                                                       \
        ax_status st_ = (call);                                                                \
        cr_assert_eq(st_, (status), "%s\n  -> %s (expected %s): %s", #call, ax_status_name(st_), \
                     ax_status_name(status), ax_network_get_error(net));                              \
        cr_assert(strstr(ax_network_get_error(net), (text)) != NULL, "message '%s' lacks '%s'",       \
                  ax_network_get_error(net), (text));                                                 \
    } while (0)

static inline ax_network *new_net(double dt, uint64_t seed, int threads)
{
    ax_error err;
    ax_network *net = ax_network_create(dt, seed, threads, &err);
    cr_assert_not_null(net, "network: %s", err.message);
    return net;
}

/* A numeric CSV file with a header row: data[row * cols + col]. */
typedef struct csv_table {
    size_t rows, cols;
    double *data;
} csv_table;

static inline void csv_free(csv_table *t) { free(t->data); t->data = NULL; }

static inline csv_table read_csv(const char *path)
{
    csv_table t = {0, 0, NULL};
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s (run the tests from the repository root)", path);
    char line[4096];
    cr_assert_not_null(fgets(line, sizeof line, f), "%s is empty", path);
    t.cols = 1;
    for (char *c = line; *c; c++)
        t.cols += *c == ',';
    size_t cap = 1024;
    t.data = malloc(cap * t.cols * sizeof(double));
    while (fgets(line, sizeof line, f)) {
        if (t.rows == cap) {
            cap *= 2;
            t.data = realloc(t.data, cap * t.cols * sizeof(double));
        }
        char *p = line;
        for (size_t c = 0; c < t.cols; c++) {
            char *end;
            double x = strtod(p, &end);
            if (end == p) {   /* a text field (e.g. a label): NaN */
                x = NAN;
                end = p + strcspn(p, ",\n");
            }
            t.data[t.rows * t.cols + c] = x;
            p = *end == ',' ? end + 1 : end;
        }
        t.rows++;
    }
    fclose(f);
    return t;
}

/* Records v (every step) and spikes of neuron 0 of `pop`. */
typedef struct probe {
    ax_recorder v, spikes;
} probe;

static inline probe probe_neuron(ax_network *net, ax_population pop, const char *var)
{
    probe p;
    OK(net, ax_recorder_add_state(net, pop, var, ax_neurons_first(1), 0, &p.v));
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &p.spikes));
    return p;
}

/* A SpikeSourceArray of one neuron firing at `times`, connected to `to`. */
static inline void spike_input(ax_network *net, ax_population to, const char *name, const char *receptor,
                               const double *times, size_t n, double weight, double delay)
{
    ax_population src;
    OK(net, ax_population_add(net, name, "SpikeSourceArray", 1, &src));
    OK(net, ax_population_set_spike_times(net, src, 0, times, n));
    ax_connector c = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, src, to, &c, receptor, ax_value_constant(weight), ax_value_constant(delay), NULL));
}

#endif
