/*
 * update.c - the dynamics of a discrete Hopfield network: sweeps of
 * synchronous, asynchronous (random order) or sequential updates until a
 * fixed point, a 2-cycle or a step limit; its energy and overlaps.
 *
 * Every field is summed in index order, so a run is the same on any
 * machine and thread count, and exact when the weights are integers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attractor/attractor.h"

double ax_hopfield_field(const double *weights, size_t n, const double *state, size_t i)
{
    const double *row = weights + i * n;
    double h = 0.0;
    for (size_t j = 0; j < n; j++)
        h += row[j] * state[j];
    return h;
}

double ax_hopfield_energy_of(const double *weights, size_t n, const double *state)
{
    double e = 0.0;
    for (size_t i = 0; i < n; i++)
        e += state[i] * ax_hopfield_field(weights, n, state, i);
    return -0.5 * e;
}

int ax_hopfield_scratch_init(ax_hopfield_scratch *s, size_t n, ax_hopfield_update update)
{
    memset(s, 0, sizeof *s);
    if (update == AX_HOPFIELD_SYNCHRONOUS) {
        s->before = malloc(n * sizeof *s->before);
        s->two_back = malloc(n * sizeof *s->two_back);
        if (!s->before || !s->two_back)
            return ax_hopfield_scratch_free(s), -1;
    } else if (update == AX_HOPFIELD_ASYNCHRONOUS) {
        s->order = malloc(n * sizeof *s->order);
        if (!s->order)
            return -1;
    }
    return 0;
}

void ax_hopfield_scratch_free(ax_hopfield_scratch *s)
{
    free(s->before);
    free(s->two_back);
    free(s->order);
    memset(s, 0, sizeof *s);
}

/* Neuron i to the sign of its field now; 1 when it changed. */
static size_t update_one(const double *weights, size_t n, double *state, size_t i)
{
    double v = ax_hopfield_sign(ax_hopfield_field(weights, n, state, i), state[i]);
    size_t changed = v != state[i];
    state[i] = v;
    return changed;
}

/* A permutation of 0 .. n-1 by Fisher-Yates from the stream of (seed, sweep, stream). */
static void shuffle(size_t *order, size_t n, uint64_t seed, uint32_t sweep, uint32_t stream)
{
    ax_rng r;
    ax_hopfield_rng(&r, seed, AX_HOPFIELD_ORDER, sweep, stream);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = ax_rng_below(&r, (uint32_t)(i + 1)), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

/* One sweep (the sweep-th, from 1); the neurons that changed. */
static size_t sweep_once(const double *weights, size_t n, double *state, ax_hopfield_update update, uint64_t seed,
                         uint32_t sweep, uint32_t stream, ax_hopfield_scratch *s)
{
    size_t changed = 0;
    switch (update) {
    case AX_HOPFIELD_SYNCHRONOUS:
        if (sweep >= 2)
            memcpy(s->two_back, s->before, n * sizeof *state);
        memcpy(s->before, state, n * sizeof *state);
        for (size_t i = 0; i < n; i++) {
            state[i] = ax_hopfield_sign(ax_hopfield_field(weights, n, s->before, i), s->before[i]);
            changed += state[i] != s->before[i];
        }
        break;
    case AX_HOPFIELD_ASYNCHRONOUS:
        shuffle(s->order, n, seed, sweep, stream);
        for (size_t k = 0; k < n; k++)
            changed += update_one(weights, n, state, s->order[k]);
        break;
    case AX_HOPFIELD_SEQUENTIAL:
        for (size_t i = 0; i < n; i++)
            changed += update_one(weights, n, state, i);
        break;
    }
    return changed;
}

void ax_hopfield_relax(const double *weights, size_t n, double *state, ax_hopfield_update update,
                       size_t max_steps, uint64_t seed, uint32_t stream, double *energy,
                       ax_hopfield_scratch *scratch, ax_hopfield_run_result *out)
{
    ax_hopfield_run_result res = {0};
    if (energy)
        energy[0] = ax_hopfield_energy_of(weights, n, state);
    for (size_t step = 1; step <= max_steps; step++) {
        size_t changed = sweep_once(weights, n, state, update, seed, (uint32_t)step, stream, scratch);
        res.steps = step;
        res.flips += changed;
        if (energy)
            energy[step] = ax_hopfield_energy_of(weights, n, state);
        if (changed == 0) {
            res.converged = 1;
            break;
        }
        if (update == AX_HOPFIELD_SYNCHRONOUS && step >= 2 &&
            memcmp(state, scratch->two_back, n * sizeof *state) == 0) {
            res.cycle = 1;
            break;
        }
    }
    *out = res;
}

static ax_status check_state(const double *state, size_t n, const char *call, ax_error *err)
{
    return ax_hopfield_check_patterns(state, 1, n, -1.0, "state", call, err);
}

ax_status ax_hopfield_run(const double *weights, size_t n, double *state, ax_hopfield_update update,
                          size_t max_steps, uint64_t seed, double *energy, ax_hopfield_run_result *out,
                          ax_error *err)
{
    static const char *call = "ax_hopfield_run";
    ax_status st;
    if (!state)
        return ax_error_null(err, call, "state");
    if ((st = ax_hopfield_check_size(n, call, err)) || (st = ax_hopfield_check_weights(weights, n, call, err)) ||
        (st = check_state(state, n, call, err)))
        return st;
    if (update != AX_HOPFIELD_SYNCHRONOUS && update != AX_HOPFIELD_ASYNCHRONOUS && update != AX_HOPFIELD_SEQUENTIAL)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: update = %d: allowed AX_HOPFIELD_SYNCHRONOUS (0), "
                                 "_ASYNCHRONOUS (1), _SEQUENTIAL (2)", call, (int)update);
    if (max_steps >= UINT32_MAX)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: max_steps = %zu: at most %u sweeps", call, max_steps,
                                 UINT32_MAX - 1);
    ax_hopfield_scratch s;
    if (ax_hopfield_scratch_init(&s, n, update))
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the scratch of %zu neurons", call, n);
    ax_hopfield_run_result res;
    ax_hopfield_relax(weights, n, state, update, max_steps, seed, 0, energy, &s, &res);
    ax_hopfield_scratch_free(&s);
    if (out)
        *out = res;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_hopfield_energy(const double *weights, size_t n, const double *state, double *energy, ax_error *err)
{
    static const char *call = "ax_hopfield_energy";
    ax_status st;
    if (!energy)
        return ax_error_null(err, call, "energy");
    if (!state)
        return ax_error_null(err, call, "state");
    if ((st = ax_hopfield_check_size(n, call, err)) || (st = ax_hopfield_check_weights(weights, n, call, err)) ||
        (st = check_state(state, n, call, err)))
        return st;
    *energy = ax_hopfield_energy_of(weights, n, state);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_hopfield_overlap(const double *state, const double *pattern, size_t n, double *overlap, ax_error *err)
{
    static const char *call = "ax_hopfield_overlap";
    ax_status st;
    if (!overlap)
        return ax_error_null(err, call, "overlap");
    if (!state)
        return ax_error_null(err, call, "state");
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = 0: at least one neuron is needed", call);
    if ((st = check_state(state, n, call, err)) ||
        (st = ax_hopfield_check_patterns(pattern, 1, n, -1.0, "pattern", call, err)))
        return st;
    long long agree = 0;   /* an integer: exact for any n */
    for (size_t i = 0; i < n; i++)
        agree += state[i] == pattern[i] ? 1 : -1;
    *overlap = (double)agree / (double)n;
    ax_error_ok(err);
    return AX_OK;
}
