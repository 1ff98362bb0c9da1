/*
 * SpikeSourceArray - neurons that fire at given times (PyNN
 * SpikeSourceArray; NEST spike_generator).
 *
 * Each neuron has its own increasing list of spike times, set with
 * ax_population_set_spike_times() (in a model file: params.spike_times).  A time T is
 * rounded to the dt grid and emitted by the step that ends at T, so the
 * spike reports exactly T (for T on the grid) and reaches a target through
 * a synapse of delay d at T + d.  Times already past when a run starts are
 * skipped.
 *
 * Parameters: none (the times).   State: next (index of the next time).
 */
#include "core/model_util.h"

#include <math.h>
#include <stdint.h>

enum { NEXT };

static const ax_var_info vars[] = {
    {"next", "", 0.0, "index of the next spike time (internal)"},
};

typedef struct data {
    int64_t *step;    /* emitting step of each time, flattened like seq_values */
} data;

static int prepare(const ax_population_view *p, void **out, char *msg, size_t len)
{
    data *d = *out;
    if (!d && !(d = *out = calloc(1, sizeof *d))) {
        snprintf(msg, len, "out of memory");
        return AX_ERR_MEMORY;
    }
    uint32_t total = p->seq_offset[p->size];
    int64_t *steps = realloc(d->step, sizeof *steps * (total ? total : 1));
    if (!steps) {
        snprintf(msg, len, "out of memory for %u spike times", total);
        return AX_ERR_MEMORY;
    }
    d->step = steps;
    for (uint32_t k = 0; k < total; k++)
        steps[k] = llround(p->seq_values[k] / p->dt) - 1;
    double *next = p->state[NEXT];
    for (uint32_t i = 0; i < p->size; i++) {
        uint32_t k = p->seq_offset[i];
        while (k < p->seq_offset[i + 1] && steps[k] < p->step)
            k++;
        next[i] = (double)(k - p->seq_offset[i]);
    }
    return 0;
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    const data *d = p->data;
    double *next = p->state[NEXT];
    for (uint32_t i = begin; i < end; i++) {
        uint64_t k = p->seq_offset[i] + (uint64_t)next[i];
        if (k < p->seq_offset[i + 1] && d->step[k] == step) {
            p->spiked[i] = 1;
            next[i] += 1.0;
        }
    }
}

static void release(void *ptr)
{
    data *d = ptr;
    if (d)
        free(d->step);
    free(d);
}

const ax_model ax_model_SpikeSourceArray = {
    .name = "SpikeSourceArray",
    .doc = "Neurons that fire at given times (PyNN SpikeSourceArray, NEST spike_generator); "
           "times are rounded to the dt grid.",
    .vars = vars, .n_vars = AX_COUNT(vars),
    .flags = AX_MODEL_SPIKE_SOURCE | AX_MODEL_SPIKE_TIMES,
    .prepare = prepare, .release = release, .update = update,
};
