/*
 * stream.c - ax_spike_stats: the statistics of spikes that come in chunks,
 * in memory proportional to the neurons and bins.
 *
 * Each neuron has the accumulator that the calls on a view use (isi.c), and
 * the bins are counted with the same bin function, so the results are the
 * view's bit for bit: counts and histograms are integers, and the ISI
 * statistics see each neuron's spikes in the same order either way.
 *
 * The Fano factor and the synchrony measure need each neuron's counts in
 * windows.  The spikes come in time order, so a neuron's windows close one
 * after the other: it keeps the window it is counting and the sums of the
 * counts and squared counts of those closed, from which both measures are
 * formed exactly (fano.c, synchrony.c) - memory per neuron, not per window.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

/* One neuron's (or the population's) counts in consecutive windows: the
 * window being counted, its count, and the sums over the windows closed. */
typedef struct window_acc {
    uint64_t at, count, sum, sum_sq;
} window_acc;

static void window_add(window_acc *w, uint64_t at)
{
    if (w->count && at != w->at) {
        w->sum += w->count;
        w->sum_sq += w->count * w->count;
        w->count = 0;
    }
    w->at = at;
    w->count++;
}

/* A neuron's windows of both measures side by side: one cache line a spike. */
typedef struct neuron_windows {
    window_acc sync;            /* whole bins of bin_ms (binned_counts.c) */
    window_acc fano;            /* the Fano factor's windows of bin_ms (fano.c) */
} neuron_windows;

/* The sums with the window being counted closed too. */
static void window_sums(const window_acc *w, uint64_t *sum, uint64_t *sum_sq)
{
    *sum = w->sum + w->count;
    *sum_sq = w->sum_sq + w->count * w->count;
}

struct ax_spike_stats {
    ax_spike_stats_spec spec;
    ax_isi_acc *acc;            /* one per neuron */
    uint64_t *rate_counts;      /* spikes per population-rate bin */
    uint64_t *isi_counts;       /* intervals per ISI-histogram bin */
    uint64_t isi_beyond;
    size_t n_rate_bins, n_isi_bins;
    double last_time;           /* of the last spike added: chunks come in time order */
    neuron_windows *win;        /* one per neuron */
    /* synchrony: whole bins of bin_ms (binned_counts.c); 0 bins when fewer than 2 fit */
    size_t n_sync_bins;
    uint64_t pop_at, pop_count; /* the population's bin being counted */
    double pop_sum, pop_sum_sq; /* over its closed bins, added in bin order as synchrony.c does */
    /* Fano factor: windows of bin_ms (fano.c); 0 windows when fewer than 2 fit */
    size_t n_windows;
    double windows_end;
    bool windows_cover;
};

void ax_spike_stats_free(ax_spike_stats *stats)
{
    if (!stats)
        return;
    free(stats->acc);
    free(stats->rate_counts);
    free(stats->isi_counts);
    free(stats->win);
    free(stats);
}

ax_spike_stats *ax_spike_stats_create(const ax_spike_stats_spec *spec, ax_error *err)
{
    const char *caller = "ax_spike_stats_create";
    if (!spec)
        return ax_error_null(err, caller, "spec"), NULL;
    if (spec->n_neurons == 0 || spec->n_neurons > UINT32_MAX) {
        ax_error_fail(err, AX_ERR_ARGUMENT, "%s: spec->n_neurons = %zu is not allowed: 1 .. 2^32 - 1", caller,
                         spec->n_neurons);
        return NULL;
    }
    ax_spike_trains none = {.t_start = spec->t_start, .t_stop = spec->t_stop};
    double span = spec->t_stop - spec->t_start;
    if (ax_spike_trains_check(&none, caller, err) || ax_check_rate_bins(span, spec->bin_ms, 0, caller, err) ||
        ax_check_isi_bins(spec->isi_bin_ms, spec->isi_max_ms, caller, err))
        return NULL;
    if (!(isfinite(spec->lvr_r_ms) && spec->lvr_r_ms >= 0)) {
        ax_error_fail(err, AX_ERR_ARGUMENT, "%s: spec->lvr_r_ms = %g is not allowed: a finite number of ms >= 0 "
                         "(5 ms in Shinomoto et al. 2009)", caller, spec->lvr_r_ms);
        return NULL;
    }
    ax_spike_stats *s = calloc(1, sizeof *s);
    if (s) {
        s->spec = *spec;
        s->n_rate_bins = ax_bin_count(span, spec->bin_ms, (size_t)1 << 32);
        s->n_isi_bins = ax_bin_count(spec->isi_max_ms, spec->isi_bin_ms, (size_t)1 << 32);
        s->acc = calloc(spec->n_neurons, sizeof *s->acc);
        s->rate_counts = calloc(s->n_rate_bins, sizeof *s->rate_counts);
        s->isi_counts = calloc(s->n_isi_bins, sizeof *s->isi_counts);
        s->last_time = spec->t_start;
        double whole = ax_whole_bins(spec->t_start, spec->t_stop, spec->bin_ms);
        s->n_sync_bins = whole >= 2 && whole <= (double)((size_t)1 << 32) ? (size_t)whole : 0;
        if (!ax_fano_windows(span, spec->bin_ms, &s->n_windows, &s->windows_end, &s->windows_cover))
            s->n_windows = 0;
        s->win = calloc(spec->n_neurons, sizeof *s->win);
    }
    if (!s || !s->acc || !s->rate_counts || !s->isi_counts || !s->win) {
        ax_spike_stats_free(s);
        ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu neurons", caller, spec->n_neurons);
        return NULL;
    }
    ax_error_ok(err);
    return s;
}

ax_status ax_spike_stats_add(ax_spike_stats *stats, const double *times_ms, const uint32_t *neurons, size_t n,
                             ax_error *err)
{
    const char *caller = "ax_spike_stats_add";
    if (!stats)
        return ax_error_null(err, caller, "stats");
    if (n > 0 && (!times_ms || !neurons))
        return ax_error_null(err, caller, !times_ms ? "times_ms" : "neurons");
    const ax_spike_stats_spec *p = &stats->spec;
    double before = stats->last_time;
    for (size_t e = 0; e < n; e++) {   /* all checked first: a bad chunk adds nothing */
        double t = times_ms[e];
        if (neurons[e] >= p->n_neurons)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: event %zu: neuron %u is not allowed: there are "
                                    "%zu neurons (0 .. %zu)", caller, e, neurons[e], p->n_neurons,
                                    p->n_neurons - 1);
        if (!isfinite(t) || t < p->t_start || t > p->t_stop)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: event %zu: time %g ms is not allowed: a finite time "
                                    "in the interval [%g, %g] ms", caller, e, t, p->t_start, p->t_stop);
        if (t < before)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: event %zu: time %g ms comes before the spike before "
                                    "it (%g ms): events are added in time order", caller, e, t, before);
        before = t;
    }
    double span = p->t_stop - p->t_start;
    for (size_t e = 0; e < n; e++) {
        if (e + 16 < n) {   /* neurons come in random order: fetch their state ahead of use */
            __builtin_prefetch(&stats->acc[neurons[e + 16]], 1);
            __builtin_prefetch(&stats->win[neurons[e + 16]], 1);
        }
        ax_isi_acc *a = &stats->acc[neurons[e]];
        double t = times_ms[e];
        if (a->n_spikes > 0) {
            size_t j = ax_bin_of(t - a->last, p->isi_bin_ms, stats->n_isi_bins, p->isi_max_ms);
            if (j == SIZE_MAX)
                stats->isi_beyond++;
            else
                stats->isi_counts[j]++;
        }
        ax_isi_acc_add(a, t, p->lvr_r_ms);
        stats->rate_counts[ax_bin_of(t - p->t_start, p->bin_ms, stats->n_rate_bins, span)]++;
        size_t b = stats->n_sync_bins ? ax_whole_bin_of(t, p->t_start, p->bin_ms, stats->n_sync_bins) : SIZE_MAX;
        if (b < stats->n_sync_bins) {   /* a spike after the last whole bin is not counted */
            window_add(&stats->win[neurons[e]].sync, b);
            if (stats->pop_count && b != stats->pop_at) {
                stats->pop_sum += (double)stats->pop_count;
                stats->pop_sum_sq += (double)stats->pop_count * (double)stats->pop_count;
                stats->pop_count = 0;
            }
            stats->pop_at = b;
            stats->pop_count++;
        }
        size_t w = stats->n_windows ? ax_fano_window_of(t - p->t_start, p->bin_ms, stats->n_windows,
                                                        stats->windows_end, stats->windows_cover) : SIZE_MAX;
        if (w != SIZE_MAX)
            window_add(&stats->win[neurons[e]].fano, w);
    }
    stats->last_time = before;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_stats_get_neurons(const ax_spike_stats *stats, uint64_t *counts, double *rates_hz, double *cv,
                                     double *lv, double *lvr, ax_error *err)
{
    if (!stats)
        return ax_error_null(err, "ax_spike_stats_get_neurons", "stats");
    double seconds = (stats->spec.t_stop - stats->spec.t_start) / 1000;
    for (size_t k = 0; k < stats->spec.n_neurons; k++) {
        const ax_isi_acc *a = &stats->acc[k];
        if (counts)
            counts[k] = a->n_spikes;
        if (rates_hz)
            rates_hz[k] = (double)a->n_spikes / seconds;
        if (cv)
            cv[k] = ax_isi_acc_cv(a);
        if (lv)
            lv[k] = ax_isi_acc_lv(a);
        if (lvr)
            lvr[k] = ax_isi_acc_lvr(a);
    }
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_stats_get_population_rate(const ax_spike_stats *stats, double sigma_ms, double **rate_hz,
                                             size_t *n_bins, ax_error *err)
{
    const char *caller = "ax_spike_stats_get_population_rate";
    if (rate_hz)
        *rate_hz = NULL;
    if (n_bins)
        *n_bins = 0;
    if (!stats || !rate_hz || !n_bins)
        return ax_error_null(err, caller, !stats ? "stats" : !rate_hz ? "rate_hz" : "n_bins");
    const ax_spike_stats_spec *p = &stats->spec;
    double span = p->t_stop - p->t_start;
    ax_status st = ax_check_rate_bins(span, p->bin_ms, sigma_ms, caller, err);
    if (st)
        return st;
    double *rate = malloc(stats->n_rate_bins * sizeof *rate);
    if (!rate)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu bins", caller, stats->n_rate_bins);
    if ((st = ax_rate_from_counts(stats->rate_counts, stats->n_rate_bins, span, p->bin_ms, p->n_neurons, sigma_ms,
                                  rate, caller, err))) {
        free(rate);
        return st;
    }
    *rate_hz = rate;
    *n_bins = stats->n_rate_bins;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_stats_get_isi_histogram(const ax_spike_stats *stats, uint64_t **counts, size_t *n_bins,
                                           uint64_t *n_beyond, ax_error *err)
{
    const char *caller = "ax_spike_stats_get_isi_histogram";
    if (counts)
        *counts = NULL;
    if (n_bins)
        *n_bins = 0;
    if (!stats || !counts || !n_bins)
        return ax_error_null(err, caller, !stats ? "stats" : !counts ? "counts" : "n_bins");
    uint64_t *c = malloc(stats->n_isi_bins * sizeof *c);
    if (!c)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu bins", caller, stats->n_isi_bins);
    for (size_t j = 0; j < stats->n_isi_bins; j++)
        c[j] = stats->isi_counts[j];
    *counts = c;
    *n_bins = stats->n_isi_bins;
    if (n_beyond)
        *n_beyond = stats->isi_beyond;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_stats_get_spec(const ax_spike_stats *stats, ax_spike_stats_spec *spec, ax_error *err)
{
    if (!stats || !spec)
        return ax_error_null(err, "ax_spike_stats_get_spec", !stats ? "stats" : "spec");
    *spec = stats->spec;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_stats_get_synchrony(const ax_spike_stats *stats, double *chi2, ax_error *err)
{
    const char *caller = "ax_spike_stats_get_synchrony";
    if (!stats || !chi2)
        return ax_error_null(err, caller, !stats ? "stats" : "chi2");
    const ax_spike_stats_spec *p = &stats->spec;
    *chi2 = NAN;
    if (!stats->n_sync_bins)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the spec's bin_ms = %g ms gives %.0f whole bins in the "
                                "interval [%g, %g] ms: from 2 to 2^32 are needed", caller, p->bin_ms,
                                ax_whole_bins(p->t_start, p->t_stop, p->bin_ms), p->t_start, p->t_stop);
    double nb = (double)stats->n_sync_bins, trains_var = 0;
    for (size_t k = 0; k < p->n_neurons; k++) {
        uint64_t sum, sum_sq;
        window_sums(&stats->win[k].sync, &sum, &sum_sq);
        trains_var += nb * (double)sum_sq - (double)sum * (double)sum;
    }
    double c = (double)stats->pop_count;
    *chi2 = ax_synchrony_chi2(p->n_neurons, nb, stats->pop_sum + c, stats->pop_sum_sq + c * c, trains_var);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_stats_get_fano_factor(const ax_spike_stats *stats, double *fano, double *pooled, ax_error *err)
{
    const char *caller = "ax_spike_stats_get_fano_factor";
    if (!stats)
        return ax_error_null(err, caller, "stats");
    const ax_spike_stats_spec *p = &stats->spec;
    if (!stats->n_windows)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the spec's bin_ms = %g is not allowed as the window: "
                                "it must fit at least twice (and at most 1e9 times) in the interval of %g ms",
                                caller, p->bin_ms, p->t_stop - p->t_start);
    uint64_t counted = 0, counted_sq = 0;
    for (size_t k = 0; k < p->n_neurons; k++) {
        uint64_t sum, sum_sq;
        window_sums(&stats->win[k].fano, &sum, &sum_sq);
        if (fano)
            fano[k] = ax_fano_from_sums(sum, sum_sq, stats->n_windows);
        counted += sum, counted_sq += sum_sq;
    }
    if (pooled)
        *pooled = ax_fano_from_sums(counted, counted_sq, (uint64_t)p->n_neurons * stats->n_windows);
    ax_error_ok(err);
    return AX_OK;
}
