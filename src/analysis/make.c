/*
 * make.c - views the library makes: from event arrays, from a network's
 * spike recorder; and freeing them.
 *
 * A view made here owns two malloc'd arrays, offsets and times_ms, which
 * ax_spike_trains_free frees.  Events are put into trains by a counting
 * sort on the neuron (stable), then each train is sorted by time: O(n) for
 * events that come in time order, as recordings do.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

void ax_spike_trains_free(ax_spike_trains *trains)
{
    if (!trains)
        return;
    free((void *)trains->offsets);
    free((void *)trains->times_ms);
    memset(trains, 0, sizeof *trains);
}

static int by_time(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts one train's times; already sorted (the usual case) costs one pass. */
static void sort_train(double *t, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (t[i] < t[i - 1]) {
            qsort(t, n, sizeof *t, by_time);
            return;
        }
}

/* skip_outside: from_recorder leaves out the spikes outside the interval;
 * from_events has refused them before. */
static ax_status gather(const double *times_ms, const uint32_t *neurons, size_t n_events, size_t n_trains,
                        double t_start, double t_stop, bool skip_outside, ax_spike_trains *out, const char *caller,
                        ax_error *err)
{
    size_t *off = calloc(n_trains + 1, sizeof *off);
    if (!off)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu trains", caller, n_trains);
    size_t kept = 0;
    for (size_t e = 0; e < n_events; e++)
        if (!skip_outside || (times_ms[e] >= t_start && times_ms[e] <= t_stop))
            off[neurons[e] + 1]++, kept++;
    for (size_t k = 0; k < n_trains; k++)
        off[k + 1] += off[k];
    double *t = malloc((kept ? kept : 1) * sizeof *t);
    size_t *next = malloc((n_trains ? n_trains : 1) * sizeof *next);
    if (!t || !next) {
        free(off);
        free(t);
        free(next);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu spikes", caller, kept);
    }
    memcpy(next, off, n_trains * sizeof *next);
    for (size_t e = 0; e < n_events; e++)
        if (!skip_outside || (times_ms[e] >= t_start && times_ms[e] <= t_stop))
            t[next[neurons[e]]++] = times_ms[e];
    free(next);
    for (size_t k = 0; k < n_trains; k++)
        sort_train(t + off[k], off[k + 1] - off[k]);
    *out = (ax_spike_trains){.n_trains = n_trains, .offsets = off, .times_ms = t, .t_start = t_start,
                             .t_stop = t_stop};
    ax_error_ok(err);
    return AX_OK;
}

static ax_status check_interval(double t_start, double t_stop, const char *caller, ax_error *err)
{
    ax_spike_trains none = {.t_start = t_start, .t_stop = t_stop};
    return ax_spike_trains_check(&none, caller, err);
}

ax_status ax_spike_trains_from_events(const double *times_ms, const uint32_t *neurons, size_t n_events,
                                      size_t n_trains, double t_start, double t_stop, ax_spike_trains *out,
                                      ax_error *err)
{
    const char *caller = "ax_spike_trains_from_events";
    if (!out)
        return ax_error_null(err, caller, "out");
    memset(out, 0, sizeof *out);
    if (n_events > 0 && (!times_ms || !neurons))
        return ax_error_null(err, caller, !times_ms ? "times_ms" : "neurons");
    ax_status st = check_interval(t_start, t_stop, caller, err);
    if (st)
        return st;
    if (n_trains > (size_t)UINT32_MAX + 1)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n_trains = %zu is not allowed: at most 2^32 (neurons are "
                                "32-bit ids)", caller, n_trains);
    for (size_t e = 0; e < n_events; e++) {
        if (neurons[e] >= n_trains)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: event %zu: neuron %u is not allowed: there are "
                                    "n_trains = %zu trains (0 .. %zu)", caller, e, neurons[e], n_trains,
                                    n_trains ? n_trains - 1 : 0);
        double t = times_ms[e];
        if (!isfinite(t) || t < t_start || t > t_stop)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: event %zu: time %g ms is not allowed: a finite time "
                                    "in the interval [%g, %g] ms", caller, e, t, t_start, t_stop);
    }
    return gather(times_ms, neurons, n_events, n_trains, t_start, t_stop, false, out, caller, err);
}

ax_status ax_spike_trains_from_recorder(const ax_network *net, ax_recorder rec, double t_start, double t_stop,
                                        ax_spike_trains *out, ax_error *err)
{
    const char *caller = "ax_spike_trains_from_recorder";
    if (!out)
        return ax_error_null(err, caller, "out");
    memset(out, 0, sizeof *out);
    if (!net)
        return ax_error_null(err, caller, "net");
    ax_recorder_info info;
    ax_status st = ax_recorder_get_info(net, rec, &info);
    if (st)
        return ax_error_fail(err, st, "%s: %s", caller, ax_network_get_error(net));
    if (info.kind != AX_RECORDER_SPIKES)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: recorder %u records '%s', not spikes: give a recorder "
                                "of ax_recorder_add_spikes", caller, (unsigned)rec, info.variable);
    ax_population_info pop;
    if ((st = ax_population_get_info(net, info.pop, &pop)))
        return ax_error_fail(err, st, "%s: %s", caller, ax_network_get_error(net));
    if (isnan(t_start) && isnan(t_stop)) {
        t_start = 0;
        t_stop = ax_network_get_time(net);
        if (!(t_stop > 0))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the network has not run (time 0 ms): the interval "
                                    "[0, network time] is empty; run it first or give t_start and t_stop",
                                    caller);
    }
    if ((st = check_interval(t_start, t_stop, caller, err)))
        return st;
    size_t n = 0;
    const double *times = NULL;
    const uint32_t *neurons = NULL;
    if ((st = ax_recorder_get_spikes(net, rec, &n, &times, &neurons)))
        return ax_error_fail(err, st, "%s: %s", caller, ax_network_get_error(net));
    for (size_t e = 0; e < n; e++)
        if (neurons[e] >= pop.size)   /* cannot happen for a recorder of the network; guards gather() */
            return ax_error_fail(err, AX_ERR_STATE, "%s: recorded neuron %u is outside population '%s' of %u",
                                    caller, neurons[e], pop.name, pop.size);
    return gather(times, neurons, n, pop.size, t_start, t_stop, true, out, caller, err);
}
