/*
 * analysis.h - what the analysis files share: failing into an ax_error.
 *
 * Analysis works without a network (on recorded or read spike trains and
 * signals), so its calls report into the caller's ax_error, as
 * ax_network_create and ax_modelfile_load do, instead of a network.
 */
#ifndef AX_ANALYSIS_H
#define AX_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "axon.h"
#include "core/error.h"   /* ax_error_fail, _null, _ok: how every call reports */

/* trains.c: the view is valid (ax_spike_trains_check) and has a train to
 * measure - what the calls that give a value per train or pool the trains
 * ask first; the message starts with `caller`. */
ax_status ax_analysis_check_trains(const ax_spike_trains *trains, const char *caller, ax_error *err);

/* ---- Spectra (signal_check.c, fftw_planner.c) ---- */

/* Checks a signal: not NULL, n >= n_min, dt_ms finite and > 0, every
 * sample finite; the message starts with `caller`. */
ax_status ax_analysis_check_signal(const double *signal, size_t n, double dt_ms, size_t n_min, const char *caller,
                                   ax_error *err);

/* Call before any FFTW planning or plan destruction: makes FFTW's planner
 * thread-safe for the whole process, once (fftw_make_planner_thread_safe). */
void ax_analysis_fftw_ready(void);

/* out->freqs_hz and out->power of n bins each (malloc: ax_array_free);
 * AX_ERR_MEMORY with out zeroed when either fails. */
ax_status ax_analysis_spectrum_alloc(ax_spectrum *out, size_t n, const char *caller, ax_error *err);

/* ---- Statistical tests (beta_inc.c, kolmogorov.c) ---- */

/* I_x(a, b) (upper = 0) or 1 - I_x(a, b) (upper != 0) with y = 1 - x and the
 * logs lx, ly of x, y given by the caller; NAN if it did not converge. */
double ax_stats_beta_inc_logs(double a, double b, double x, double y, double lx, double ly, int upper);
/* lgamma(x) - ((x - 1/2) log x - x + log sqrt(2 pi)), x > 0: Stirling's remainder. */
double ax_stats_stirling_remainder(double x);
/* P(T > |t|) for Student's t with df > 0; NAN if it did not converge. */
double ax_stats_t_tail(double t, double df);
/* The KS distributions for valid arguments (n >= 1, d not NaN). */
double ax_stats_smirnov(size_t n, double d);
double ax_stats_kolmogorov(size_t n, double d);
double ax_stats_kolmogorov_limit(double y);
/* P(D >= h / lcm(m, n)) of the two-sample KS statistic, exactly
 * (ks_two_sample_exact.c); g = gcd(m, n); NAN when out of memory. */
double ax_stats_ks_2samp_exact(size_t m, size_t n, size_t g, int64_t h, int two_sided);

/* ---- Spike-train distances (distance_*.c): the pair kernels the matrix
 * and multivariate calls share.  Trains are checked by the caller. ---- */

typedef struct ax_dist_train {
    const double *t;
    size_t n;
} ax_dist_train;

/* Train k of a checked view. */
ax_dist_train ax_dist_train_of(const ax_spike_trains *s, size_t k);

/* Checks the view and that trains i and j exist (only their spikes). */
ax_status ax_dist_check_pair(const ax_spike_trains *s, size_t i, size_t j, const char *caller, ax_error *err);
/* interval NULL: [t_start, t_stop] into ab; else it must lie within it, a < b. */
ax_status ax_dist_check_interval(const ax_spike_trains *s, const double *interval, double ab[2], const char *caller,
                                 ax_error *err);

/* The average over [a, b] of the ISI profile (PySpike 0.7). */
double ax_dist_isi(ax_dist_train x, ax_dist_train y, double t0, double t1, double a, double b);

/* The SPIKE-distance averaged over [a, b] (distance_spike_lanes.c), for up
 * to AX_DIST_LANES pairs at once: each train as its points (aux0, spikes,
 * aux1, sentinels) in a buffer of ax_dist_points_size doubles filled by
 * ax_dist_points_make; out[l] for pair (x[l], y[l]), l < used. */
#define AX_DIST_LANES 8
typedef struct ax_dist_points {
    const double *q;
    long long n;   /* spikes (2 for an empty train) */
} ax_dist_points;
size_t ax_dist_points_size(ax_dist_train x);
ax_dist_points ax_dist_points_make(ax_dist_train x, double t0, double t1, double *q);
void ax_dist_spike_lanes(const ax_dist_points *x, const ax_dist_points *y, int used, double a, double b, double *out);
/* SPIKE-synchronization's coincidences and spikes counted (interval NULL:
 * all spikes, else those strictly inside it, as PySpike). */
void ax_dist_sync_counts(ax_dist_train x, ax_dist_train y, double t0, double t1, const double *interval,
                         double max_tau, double *coincidences, double *spikes);
/* Victor-Purpura with a row of y.n + 1 doubles as scratch. */
double ax_dist_victor_purpura(ax_dist_train x, ax_dist_train y, double q, double *row);
/* The van Rossum distance, tau > 0. */
double ax_dist_van_rossum(ax_dist_train x, ax_dist_train y, double tau);

/* ---- Correlations and synchrony (binned_counts.c) ---- */

/* Spike counts in the whole bins of bin_ms of some trains of a view
 * (correlations and synchrony; the binning of docs/analysis.md, "Correlations
 * and synchrony"), kept sparse: train k's non-empty bins are
 * bin[row[k] .. row[k + 1]) (increasing) with count[] spikes each; sum and
 * sum_sq are the sums of its counts and squared counts (integers). */
typedef struct ax_binned_counts {
    size_t n_trains, n_bins;
    size_t *row, *bin;
    double *count, *sum, *sum_sq;
} ax_binned_counts;

/* Bins trains which[0 .. n) (which NULL: all, n = n_trains) after checking
 * the view and bin_ms; messages start with `caller`.  AX_OK or an error
 * with nothing to free. */
ax_status ax_binned_counts_make(const ax_spike_trains *trains, const size_t *which, size_t n, double bin_ms,
                                const char *caller, ax_binned_counts *out, ax_error *err);
void ax_binned_counts_free(ax_binned_counts *b);

/* Pearson's r of trains x and y of b from the sum of the products of their
 * counts (an integer): NAN when either's counts are constant. */
double ax_binned_counts_pearson(const ax_binned_counts *b, size_t x, size_t y, double dot);

/* The whole bin of t (bin k = [t_start + k bin_ms, t_start + (k + 1) bin_ms),
 * the last closed on the right), or n_bins when t is after the last. */
size_t ax_whole_bin_of(double t, double t_start, double bin_ms, size_t n_bins);
/* How many whole bins the interval holds: floor((t_stop - t_start) / bin_ms + 1e-9). */
double ax_whole_bins(double t_start, double t_stop, double bin_ms);

/* Golomb's chi^2 from the exact sums of synchrony.c: n trains of nb whole
 * bins, the population counts' sum and sum of squares, and sum over the
 * trains of (nb sum_sq - sum^2); NAN when that is 0. */
double ax_synchrony_chi2(size_t n, double nb, double pop_sum, double pop_sum_sq, double trains_var);

/* ---- Fano factor (fano.c), shared with the streaming accumulator ---- */

#include <stdbool.h>

/* The W whole windows of window_ms in an interval of span ms, ending at
 * *end (span itself when they *cover it); false when window_ms is not
 * finite and > 0, or gives fewer than 2 or more than 1e9 windows. */
bool ax_fano_windows(double span, double window_ms, size_t *W, double *end, bool *covers);
/* The window of a spike x ms after t_start, or SIZE_MAX when it is after the last. */
size_t ax_fano_window_of(double x, double window_ms, size_t W, double end, bool covers);
/* var / mean (divisor m) of m counts from their sum and sum of squares, formed exactly; NAN when sum = 0. */
double ax_fano_from_sums(uint64_t sum, uint64_t sum_sq, uint64_t m);

/* ---- spike-train statistics (trains area): shared by the calls on a view
 * and the streaming accumulator, so that both give the same bits ---- */

#include <stdbool.h>
#include <stdint.h>

/* One train's intervals, accumulated spike by spike in time order. */
typedef struct ax_isi_acc {
    uint64_t n_spikes, n_isi;
    double last, prev_isi;      /* the last spike's time; the last interval */
    double mean, m2;            /* Welford: mean of the intervals, sum of squared deviations */
    double lv_sum, lvr_sum;     /* sums of LV's and LvR's terms over consecutive pairs */
    bool undefined_pair;        /* two consecutive intervals of 0: LV and LvR are 0/0 */
} ax_isi_acc;

void ax_isi_acc_add(ax_isi_acc *a, double t, double r_ms);
double ax_isi_acc_cv(const ax_isi_acc *a);
double ax_isi_acc_lv(const ax_isi_acc *a);
double ax_isi_acc_lvr(const ax_isi_acc *a);

/* The mean of the values that are not NAN (NAN when none is), in order. */
double ax_mean_defined(const double *v, size_t n, size_t *n_defined);

/* ceil(span / width) with span / width within 1e-9 of a whole number taken
 * as that number; 0 when more than max_bins. */
size_t ax_bin_count(double span, double width, size_t max_bins);

/* The bin of x in bins [j w, (j + 1) w) (edges j * w as doubles), j <
 * n_bins, x = n_bins-th edge or the closing `end` going into the last bin;
 * SIZE_MAX when x >= end beyond that. */
size_t ax_bin_of(double x, double w, size_t n_bins, double end);

/* rate_hz[j] = counts[j] / (n_trains width_j / 1000), then smoothed with
 * sigma_ms (ax_spike_trains_population_rate's definition).  Fails (status
 * and message in err) only for memory. */
ax_status ax_rate_from_counts(const uint64_t *counts, size_t n_bins, double span, double bin_ms, size_t n_trains,
                              double sigma_ms, double *rate_hz, const char *caller, ax_error *err);

/* Checks of the arguments the rate and ISI-histogram calls share. */
ax_status ax_check_rate_bins(double span, double bin_ms, double sigma_ms, const char *caller, ax_error *err);
ax_status ax_check_isi_bins(double bin_ms, double max_isi_ms, const char *caller, ax_error *err);

#endif
