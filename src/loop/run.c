/*
 * run.c - stepping a closed loop: observe, run a segment, count the
 * outputs' spikes, act, reward (axon.h, "Closed reward loops").
 *
 * The spikes of a segment are those its recorders hold with times in
 * (t_start, t_end]: a spike of step s is reported at (s + 1) dt, so the
 * first of the segment comes at t_start + dt.  They are found by time, not
 * by how many were there before, so a reset or a run made outside the loop
 * between two ax_loop_run calls changes nothing in the counting.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loop/loop.h"

#define CALL "ax_loop_run"

/* A callback's failure as the loop reports it. */
static ax_status fail_callback(ax_error *err, ax_status st, uint64_t k, const char *which, const ax_error *cb)
{
    if (st > AX_OK || st < AX_ERR_INTERRUPTED)
        st = AX_ERR_ARGUMENT;
    return ax_error_fail(err, st, CALL ": segment %llu: %s failed: %s", (unsigned long long)k, which,
                         cb->message[0] ? cb->message : "(the callback gave no message)");
}

static ax_status set_levels(ax_loop *l, uint64_t k, ax_error *err)
{
    for (size_t i = 0; i < l->n_inputs; i++) {   /* all first: a refused level leaves every input as it was */
        double x = l->levels[i];
        if (!isfinite(x) || (l->is_drive[i] && x < 0))
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": segment %llu: observe gave levels[%zu] = %g: not "
                                 "allowed for %s", (unsigned long long)k, i, x,
                                 l->is_drive[i] ? "a Poisson drive (a rate, Hz, must be finite and >= 0)"
                                                : "a dc input (a current, nA, must be finite)");
    }
    for (size_t i = 0; i < l->n_inputs; i++) {
        ax_status st = ax_input_set_level(l->net, l->inputs[i], l->levels[i]);
        if (st)
            return ax_error_fail(err, st, CALL ": segment %llu: %s", (unsigned long long)k,
                                 ax_network_get_error(l->net));
    }
    return AX_OK;
}

/* The first index of times[0 .. n) above t (times increasing). */
static size_t first_after(const double *times, size_t n, double t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (times[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static ax_status count_spikes(ax_loop *l, double t_start, ax_error *err)
{
    memset(l->counts, 0, l->n_counts * sizeof *l->counts);
    double half_dt = 0.5 * ax_network_get_dt(l->net);
    for (size_t o = 0; o < l->n_outputs; o++) {
        size_t n;
        const double *times;
        const uint32_t *neurons;
        ax_status st = ax_recorder_get_spikes(l->net, l->recorders[o], &n, &times, &neurons);
        if (st)
            return ax_error_fail(err, st, CALL ": %s", ax_network_get_error(l->net));
        for (size_t s = first_after(times, n, t_start + half_dt); s < n; s++)
            l->counts[l->first[o] + neurons[s]]++;
    }
    return AX_OK;
}

/* Room for one more reward, made before the segment runs, so that a
 * segment that ran and was rewarded is always kept. */
static ax_status reserve_reward(ax_loop *l, ax_error *err)
{
    if (l->segments < l->cap_rewards)
        return AX_OK;
    size_t cap = l->cap_rewards ? 2 * l->cap_rewards : 64;
    double *grown = realloc(l->rewards, cap * sizeof *grown);
    if (!grown)
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory for %zu rewards", cap);
    l->rewards = grown;
    l->cap_rewards = cap;
    return AX_OK;
}

static ax_status one_segment(ax_loop *l, ax_error *err)
{
    uint64_t k = l->segments;
    ax_error cb;
    ax_status st = reserve_reward(l, err);
    if (st)
        return st;
    if (l->observe && l->n_inputs) {
        ax_error_ok(&cb);
        if ((st = l->observe(l->user, k, l->levels, l->n_inputs, &cb)))
            return fail_callback(err, st, k, "observe", &cb);
        if ((st = set_levels(l, k, err)))
            return st;
    }
    double t_start = ax_network_get_time(l->net);
    if ((st = ax_network_run(l->net, l->segment_ms)))
        return ax_error_fail(err, st, CALL ": segment %llu: %s", (unsigned long long)k, ax_network_get_error(l->net));
    if ((st = count_spikes(l, t_start, err)))
        return st;
    if (l->act) {
        ax_error_ok(&cb);
        if ((st = l->act(l->user, k, l->counts, l->n_counts, &cb)))
            return fail_callback(err, st, k, "act", &cb);
    }
    double r = 0.0;
    if (l->reward) {
        ax_error_ok(&cb);
        if ((st = l->reward(l->user, k, l->counts, l->n_counts, &r, &cb)))
            return fail_callback(err, st, k, "reward", &cb);
        if (!isfinite(r))
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": segment %llu: reward gave %g: a reward must be a "
                                 "finite number", (unsigned long long)k, r);
    }
    if (l->has_modulator && r != 0.0 && (st = ax_modulator_inject(l->net, l->modulator, r)))
        return ax_error_fail(err, st, CALL ": segment %llu: %s", (unsigned long long)k, ax_network_get_error(l->net));
    l->rewards[l->segments++] = r;
    return AX_OK;
}

ax_status ax_loop_run(ax_loop *loop, uint64_t n_segments, ax_error *err)
{
    if (!loop)
        return ax_error_null(err, CALL, "loop");
    for (uint64_t s = 0; s < n_segments; s++) {
        ax_status st = one_segment(loop, err);
        if (st)
            return st;
    }
    ax_error_ok(err);
    return AX_OK;
}
