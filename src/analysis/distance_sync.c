/*
 * distance_sync.c - SPIKE-synchronization and its profile (Kreuz et al.
 * 2015; Mulansky & Kreuz 2016), as PySpike 0.7 defines them.
 *
 * The merged spikes are visited in time order; each is compared with the
 * latest spike of the other train before it, which it coincides with when
 * closer than tau: half the smallest interspike interval around either
 * spike (and than the observation interval; and max_tau when > 0).  That
 * tau is at most half of the other train's interval around the pair, so
 * a spike cannot coincide with spikes on both sides.  Two equal times make
 * one event, coincident, of multiplicity 2.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

typedef struct sync_event {
    double t, c, mp;
} sync_event;

/* Where the events go: the counts (over all events, or those strictly
 * inside an interval), and an array when wanted. */
typedef struct sync_sink {
    const double *interval;
    double c, mp;
    sync_event *out;
    size_t n;
} sync_sink;

static inline void flush(sync_sink *k, sync_event e)
{
    if (k->out)
        k->out[k->n] = e;
    k->n++;
    if (!k->interval || (e.t > k->interval[0] && e.t < k->interval[1])) {
        k->c += e.c;
        k->mp += e.mp;
    }
}

static inline double tau_at(ax_dist_train x, ax_dist_train y, ptrdiff_t i, ptrdiff_t j, double span, double max_tau)
{
    double m = span;
    if (i > -1 && (size_t)i + 1 < x.n)
        m = fmin(m, x.t[i + 1] - x.t[i]);
    if (j > -1 && (size_t)j + 1 < y.n)
        m = fmin(m, y.t[j + 1] - y.t[j]);
    if (i > 0)
        m = fmin(m, x.t[i] - x.t[i - 1]);
    if (j > 0)
        m = fmin(m, y.t[j] - y.t[j - 1]);
    m *= 0.5;
    return max_tau > 0 ? fmin(m, max_tau) : m;
}

/* Returns the number of coincident spikes counted pair by pair (2 per
 * coincidence), PySpike's coincidence_value; the sink gets the events with
 * their marks, PySpike's coincidence_profile. */
static double sync_sweep(ax_dist_train x, ax_dist_train y, double span, double max_tau, sync_sink *k)
{
    ptrdiff_t i = -1, j = -1;
    const ptrdiff_t n1 = (ptrdiff_t)x.n, n2 = (ptrdiff_t)y.n;
    double pairs = 0.0;
    sync_event prev = {0, 0, 0};
    int have_prev = 0;
    while (i + j < n1 + n2 - 2) {
        sync_event e = {0, 0, 1};
        int coincident = 0;
        if (i < n1 - 1 && (j == n2 - 1 || x.t[i + 1] < y.t[j + 1])) {
            e.t = x.t[++i];
            coincident = j > -1 && e.t - y.t[j] < tau_at(x, y, i, j, span, max_tau);
        } else if (j < n2 - 1 && (i == n1 - 1 || x.t[i + 1] > y.t[j + 1])) {
            e.t = y.t[++j];
            coincident = i > -1 && e.t - x.t[i] < tau_at(x, y, i, j, span, max_tau);
        } else {
            e.t = x.t[++i];
            ++j;
            e.c = e.mp = 2;
            pairs += 2;
        }
        if (coincident) {
            /* the other train's latest spike is the event just before */
            e.c = prev.c = 1;
            pairs += 2;
        }
        if (have_prev)
            flush(k, prev);
        prev = e;
        have_prev = 1;
    }
    if (have_prev)
        flush(k, prev);
    return pairs;
}

void ax_dist_sync_counts(ax_dist_train x, ax_dist_train y, double t0, double t1, const double *interval,
                         double max_tau, double *coincidences, double *spikes)
{
    sync_sink k = {interval, 0.0, 0.0, NULL, 0};
    double pairs = sync_sweep(x, y, t1 - t0, max_tau, &k);
    if (interval) {
        *coincidences = k.c;
        *spikes = k.mp;
    } else {
        *coincidences = pairs;
        *spikes = (double)(x.n + y.n);
    }
}

static ax_status check_max_tau(double max_tau, const char *call, ax_error *err)
{
    if (!(max_tau >= 0) || !isfinite(max_tau))
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: max_tau_ms = %g is not allowed: >= 0 and finite (0: no bound)", call, max_tau);
    return AX_OK;
}

ax_status ax_spike_distance_sync(const ax_spike_trains *trains, size_t i, size_t j, const double *interval_ms,
                                 double max_tau_ms, double *sync, ax_error *err)
{
    static const char *call = "ax_spike_distance_sync";
    if (!sync)
        return ax_error_null(err, call, "sync");
    *sync = 0.0;
    double ab[2];
    ax_status st = ax_dist_check_pair(trains, i, j, call, err);
    if (st == AX_OK)
        st = ax_dist_check_interval(trains, interval_ms, ab, call, err);
    if (st == AX_OK)
        st = check_max_tau(max_tau_ms, call, err);
    if (st != AX_OK)
        return st;
    double c, mp;
    ax_dist_sync_counts(ax_dist_train_of(trains, i), ax_dist_train_of(trains, j), trains->t_start, trains->t_stop,
                        interval_ms ? ab : NULL, max_tau_ms, &c, &mp);
    *sync = mp > 0 ? c / mp : 1.0;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_distance_sync_profile(const ax_spike_trains *trains, size_t i, size_t j, double max_tau_ms,
                                         size_t *n_events, double **times_ms, double **coincidences,
                                         double **multiplicity, ax_error *err)
{
    static const char *call = "ax_spike_distance_sync_profile";
    if (!n_events)
        return ax_error_null(err, call, "n_events");
    if (!times_ms)
        return ax_error_null(err, call, "times_ms");
    if (!coincidences)
        return ax_error_null(err, call, "coincidences");
    if (!multiplicity)
        return ax_error_null(err, call, "multiplicity");
    *n_events = 0;
    *times_ms = *coincidences = *multiplicity = NULL;
    ax_status st = ax_dist_check_pair(trains, i, j, call, err);
    if (st == AX_OK)
        st = check_max_tau(max_tau_ms, call, err);
    if (st != AX_OK)
        return st;
    ax_dist_train x = ax_dist_train_of(trains, i), y = ax_dist_train_of(trains, j);
    size_t most = x.n + y.n;
    if (most == 0) {
        ax_error_ok(err);
        return AX_OK;
    }
    sync_event *ev = malloc(most * sizeof *ev);
    double *t = malloc(most * sizeof *t), *c = malloc(most * sizeof *c), *mp = malloc(most * sizeof *mp);
    if (!ev || !t || !c || !mp) {
        free(ev);
        free(t);
        free(c);
        free(mp);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for a profile of %zu events", call, most);
    }
    sync_sink k = {NULL, 0.0, 0.0, ev, 0};
    sync_sweep(x, y, trains->t_stop - trains->t_start, max_tau_ms, &k);
    for (size_t e = 0; e < k.n; e++) {
        t[e] = ev[e].t;
        c[e] = ev[e].c;
        mp[e] = ev[e].mp;
    }
    free(ev);
    *n_events = k.n;
    *times_ms = t;
    *coincidences = c;
    *multiplicity = mp;
    ax_error_ok(err);
    return AX_OK;
}
