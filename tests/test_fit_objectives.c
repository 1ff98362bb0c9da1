/*
 * test_fit_objectives.c - the objectives of docs/fitting.md on hand cases
 * whose answers are counted or computed by hand here; the comparisons with
 * independent implementations (a maximum bipartite matching for Gamma,
 * PySpike for SpikeNetOpt's loss, NumPy and SciPy for the features and
 * spectra) on random data are in tests/python/test_fit_objectives.py.
 */
#include <omp.h>

#include "helpers.h"

#define NEAR(got, want, tol)                                                                                     \
    cr_expect(fabs((got) - (want)) <= (tol), "%s = %.17g, expected %.17g (difference %g > %g)", #got,            \
              (double)(got), (double)(want), fabs((double)(got) - (double)(want)), (double)(tol))

/* Two trains over [0, t_stop] as one view each (train 0). */
typedef struct pair {
    size_t off_d[2], off_m[2];
    ax_spike_trains d, m;
} pair;

static pair make_pair(const double *data, size_t nd, const double *model, size_t nm, double t_stop)
{
    pair p = {{0, nd}, {0, nm}, {0}, {0}};
    p.d = (ax_spike_trains){1, NULL, data, 0.0, t_stop};
    p.m = (ax_spike_trains){1, NULL, model, 0.0, t_stop};
    return p;
}

static double gamma_of(const double *data, size_t nd, const double *model, size_t nm, double t_stop, double delta)
{
    pair p = make_pair(data, nd, model, nm, t_stop);
    p.d.offsets = p.off_d, p.m.offsets = p.off_m;
    double g = NAN, mean = NAN;
    ax_error err;
    cr_assert_eq(ax_objective_gamma(&p.d, &p.m, delta, &g, &mean, &err), AX_OK, "%s", err.message);
    cr_expect_eq(g, mean, "one train: the mean is the train's Gamma");
    return g;
}

/* Equal trains: N_coinc = N_data = N_model = n, so Gamma = (n - c n) / n / (1 - c) = 1 for any chance term c
 * (rounding only: 1e-15). */
Test(fit_objectives, gamma_equal_trains_is_one)
{
    const double t[] = {10, 30, 50, 70, 90, 400, 401.5};
    NEAR(gamma_of(t, 7, t, 7, 1000, 2.0), 1.0, 1e-15);
    NEAR(gamma_of(t, 7, t, 7, 1000, 0.1), 1.0, 1e-15);
}

/* Every model spike 5 ms after a data spike, Delta = 2 ms: no coincidence; nu = 5 / 1000 ms, chance
 * 2 nu Delta = 0.02, expected 0.02 x 5 = 0.1 coincidences, so Gamma = (0 - 0.1) / 5 / 0.98 = -1/49. */
Test(fit_objectives, gamma_shifted_train_is_minus_the_chance_term)
{
    const double d[] = {10, 30, 50, 70, 90}, m[] = {15, 35, 55, 75, 95};
    NEAR(gamma_of(d, 5, m, 5, 1000, 2.0), -1.0 / 49.0, 1e-15);
}

/* Counted by hand: data 10, 20, 30, 40; model 11, 25, 29, 60; Delta 2: 10~11 and 30~29 coincide, 20 and 40
 * do not: N_coinc = 2.  nu = 4 / 1000, chance 0.016, expected 0.064: Gamma = 1.936 / 4 / 0.984.  A spike
 * at exactly Delta coincides (10 ~ 12). */
Test(fit_objectives, gamma_counts_by_hand)
{
    const double d[] = {10, 20, 30, 40}, m[] = {11, 25, 29, 60};
    NEAR(gamma_of(d, 4, m, 4, 1000, 2.0), 1.936 / 4 / 0.984, 1e-15);
    const double d1[] = {10}, m1[] = {12};
    NEAR(gamma_of(d1, 1, m1, 1, 1000, 2.0), (1 - 0.004) / 1 / 0.996, 1e-15);
}

/* One model spike near two data spikes counts once: N_coinc = 1, nu = 1/1000, chance 0.002, expected 0.004,
 * Gamma = 0.996 / 1.5 / 0.998.  (Counting every data spike that has a model spike near it gives N_coinc = 2
 * and Gamma 1.33 > 1: that implementation fails here.)  The greedy sweep must also find the largest
 * matching where a nearest-spike rule would not: data 1, 2; model 1.9, 2.8; Delta 1: both coincide. */
Test(fit_objectives, gamma_matches_each_spike_once)
{
    const double d[] = {10, 10.5}, m[] = {10.2};
    NEAR(gamma_of(d, 2, m, 1, 1000, 1.0), 0.996 / 1.5 / 0.998, 1e-15);
    const double d2[] = {1, 2}, m2[] = {1.9, 2.8};
    double chance = 2 * 2.0 / 1000 * 1.0;
    NEAR(gamma_of(d2, 2, m2, 2, 1000, 1.0), (2 - chance * 2) / 2 / (1 - chance), 1e-15);
}

/* The defined values where the formula has none, and no NaN for any small case. */
Test(fit_objectives, gamma_edge_cases_are_numbers)
{
    const double one[] = {50}, two[] = {50, 60};
    cr_expect_eq(gamma_of(NULL, 0, NULL, 0, 100, 2.0), 1.0, "both silent agree");
    cr_expect_eq(gamma_of(two, 2, NULL, 0, 100, 2.0), 0.0, "a silent model");
    cr_expect_eq(gamma_of(NULL, 0, two, 2, 100, 2.0), 0.0, "silent data");
    double many[600];
    for (int i = 0; i < 600; i++)
        many[i] = i * 1.5;
    cr_expect_eq(gamma_of(two, 2, many, 600, 1000, 1.0), 0.0, "2 nu Delta = 1.2 >= 1: no better than chance");
    const double *tr[] = {NULL, one, two};
    const size_t n[] = {0, 1, 2};
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            cr_expect(isfinite(gamma_of(tr[a], n[a], tr[b], n[b], 100, 2.0)), "%d vs %d spikes", (int)n[a], (int)n[b]);
}

Test(fit_objectives, gamma_refuses_bad_input)
{
    const double d[] = {10, 20}, bad[] = {20, 10};
    pair p = make_pair(d, 2, d, 2, 100);
    p.d.offsets = p.off_d, p.m.offsets = p.off_m;
    ax_error err;
    double g;
    cr_expect_eq(ax_objective_gamma(&p.d, &p.m, -1.0, NULL, &g, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "delta_ms = -1"), "%s", err.message);
    cr_expect_eq(ax_objective_gamma(&p.d, &p.m, NAN, NULL, &g, &err), AX_ERR_ARGUMENT);
    p.m.times_ms = bad;
    cr_expect_eq(ax_objective_gamma(&p.d, &p.m, 1.0, NULL, &g, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "train 0"), "%s", err.message);
    p.m.times_ms = d;
    p.m.t_stop = 200;
    cr_expect_eq(ax_objective_gamma(&p.d, &p.m, 1.0, NULL, &g, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "same interval"), "%s", err.message);
}

/* SpikeNetOpt's loss: equal trains 0; a model of <= 1 spike has distance 1, so 1 + |count difference|
 * exactly; otherwise the analysis library's SPIKE-distance plus the count difference. */
Test(fit_objectives, spike_distance_loss_by_hand)
{
    const double d[] = {10, 40, 70}, m1[] = {12}, m2[] = {15, 65};
    ax_error err;
    double loss, total;
    pair p = make_pair(d, 3, d, 3, 100);
    p.d.offsets = p.off_d, p.m.offsets = p.off_m;
    cr_assert_eq(ax_objective_spike_distance_loss(&p.d, &p.m, &loss, &total, &err), AX_OK, "%s", err.message);
    cr_expect_eq(total, 0.0);
    p = make_pair(d, 3, m1, 1, 100);
    p.d.offsets = p.off_d, p.m.offsets = p.off_m;
    cr_assert_eq(ax_objective_spike_distance_loss(&p.d, &p.m, &loss, &total, &err), AX_OK, "%s", err.message);
    cr_expect_eq(total, 3.0, "1 + |1 - 3|");
    p = make_pair(d, 3, NULL, 0, 100);
    p.d.offsets = p.off_d, p.m.offsets = p.off_m;
    cr_assert_eq(ax_objective_spike_distance_loss(&p.d, &p.m, &loss, &total, &err), AX_OK, "%s", err.message);
    cr_expect_eq(total, 4.0, "a silent model: 1 + 3");
    /* Two spikes: the SPIKE-distance of the analysis call on one view of both trains, + 1. */
    const double both[] = {10, 40, 70, 15, 65};
    const size_t off[] = {0, 3, 5};
    ax_spike_trains v = {2, off, both, 0, 100};
    double dist;
    cr_assert_eq(ax_spike_distance_spike(&v, 0, 1, NULL, &dist, &err), AX_OK);
    p = make_pair(d, 3, m2, 2, 100);
    p.d.offsets = p.off_d, p.m.offsets = p.off_m;
    cr_assert_eq(ax_objective_spike_distance_loss(&p.d, &p.m, &loss, &total, &err), AX_OK, "%s", err.message);
    cr_expect(dist > 0 && dist < 1, "%g", dist);
    cr_expect_eq(total, dist + 1.0);
}

/* The seed's summary by hand: steps of 0.1 ms at 1, 2, 4 ms are 10, 20, 40; the intervals sum to 30 over 3
 * spikes (the seed divides by spikes, not intervals): 10 steps; amplitudes 30, 40, 50: 40.  An empty train:
 * 0 steps, 0 spikes, the default amplitude. */
Test(fit_objectives, seed_summary_by_hand)
{
    const double t[] = {1.0, 2.0, 4.0}, amp[] = {30, 40, 50};
    const size_t off[] = {0, 3, 3};
    ax_spike_trains v = {2, off, t, 0, 10};
    ax_objective_summary s[2];
    ax_error err;
    cr_assert_eq(ax_objective_summarize(&v, 0.1, amp, -5.0, s, &err), AX_OK, "%s", err.message);
    cr_expect_eq(s[0].time_difference, 10.0);
    cr_expect_eq(s[0].n_spikes, 3.0);
    cr_expect_eq(s[0].amplitude, 40.0);
    cr_expect_eq(s[1].time_difference, 0.0);
    cr_expect_eq(s[1].n_spikes, 0.0);
    cr_expect_eq(s[1].amplitude, -5.0);
}

/* The seed's score by hand, two conditions of two trains.  Condition 0: scales are the reference's
 * largest fields, 20 steps, 3 spikes, 40 mV: ((10-12)/20)^2 + ((2-1)/3)^2 = 0.01 + 1/9 (+ (10/40)^2 with
 * amplitudes).  Condition 1: a silent reference, so the defaults 800, 10, 70: (8/800)^2 + (1/10)^2 =
 * 0.0101.  Unscaled: 2^2 + 1 + 8^2 + 1 = 70. */
Test(fit_objectives, seed_score_by_hand)
{
    const ax_objective_summary ref[] = {{10, 3, 40}, {20, 2, 0}, {0, 0, 0}, {0, 0, 0}};
    const ax_objective_summary cand[] = {{12, 3, 30}, {20, 1, 0}, {8, 1, 0}, {0, 0, 0}};
    ax_objective_summary_options o;
    ax_error err;
    double score;
    cr_assert_eq(ax_objective_summary_defaults(&o, &err), AX_OK);
    cr_expect(o.scale && !o.use_amplitude && o.time_scale_default == 800 && o.count_scale_default == 10 &&
              o.amplitude_scale_default == 70);
    cr_assert_eq(ax_objective_summary_score(ref, cand, 2, 2, NULL, &score, &err), AX_OK, "%s", err.message);
    NEAR(score, 0.01 + 1.0 / 9 + 0.0101, 1e-15);
    o.use_amplitude = true;
    cr_assert_eq(ax_objective_summary_score(ref, cand, 2, 2, &o, &score, &err), AX_OK, "%s", err.message);
    NEAR(score, 0.01 + 1.0 / 9 + 0.0625 + 0.0101, 1e-15);
    o.use_amplitude = false, o.scale = false;
    cr_assert_eq(ax_objective_summary_score(ref, cand, 2, 2, &o, &score, &err), AX_OK, "%s", err.message);
    cr_expect_eq(score, 70.0);
    /* An infinite field on both sides makes inf - inf: the seed's NaN, reported as +inf. */
    ax_objective_summary r1 = {INFINITY, 1, 0}, c1 = {INFINITY, 1, 0};
    cr_assert_eq(ax_objective_summary_score(&r1, &c1, 1, 1, &o, &score, &err), AX_OK, "%s", err.message);
    cr_expect(isinf(score) && score > 0, "%g", score);
    o.count_scale_default = 0;
    cr_expect_eq(ax_objective_summary_score(ref, cand, 2, 2, &o, &score, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "count_scale_default = 0"), "%s", err.message);
}

/* RMS by hand: a model 1 above the target except a 10 at the spike's sample (t = 5 ms).  All samples:
 * sqrt((9 + 100) / 10); the window [4, 6] ms around the spike leaves 7 samples of difference 1: 1. */
Test(fit_objectives, trace_error_by_hand)
{
    double model[10], target[10] = {0};
    for (int j = 0; j < 10; j++)
        model[j] = j == 5 ? 10 : 1;
    const double spike[] = {5.0};
    double rms;
    size_t used;
    ax_error err;
    cr_assert_eq(ax_objective_trace_error(model, target, 10, 1.0, NULL, 0, 0, 0, &rms, &used, &err), AX_OK);
    NEAR(rms, sqrt(10.9), 1e-15);
    cr_expect_eq(used, 10u);
    cr_assert_eq(ax_objective_trace_error(model, target, 10, 1.0, spike, 1, 1.0, 1.0, &rms, &used, &err), AX_OK);
    cr_expect_eq(rms, 1.0);
    cr_expect_eq(used, 7u);
    model[2] = NAN;
    cr_assert_eq(ax_objective_trace_error(model, target, 10, 1.0, NULL, 0, 0, 0, &rms, NULL, &err), AX_OK);
    cr_expect(isinf(rms), "a diverged model is +inf, not NaN: %g", rms);
    cr_expect_eq(ax_objective_trace_error(model, target, 10, 1.0, spike, 1, 10, 10, &rms, NULL, &err),
                 AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "leave out all 10 samples"), "%s", err.message);
    target[3] = INFINITY;
    cr_expect_eq(ax_objective_trace_error(model, target, 10, 1.0, NULL, 0, 0, 0, &rms, NULL, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "target[3]"), "%s", err.message);
}

static ax_feature_values features(const double *t, size_t n, double t_stop)
{
    const size_t off[] = {0, n};
    ax_spike_trains v = {1, off, t, 0, t_stop};
    ax_feature_values out;
    ax_error err;
    cr_assert_eq(ax_objective_features(&v, 0, &out, &err), AX_OK, "%s", err.message);
    return out;
}

/* Spikes at 10, 20, 40, 80 ms over 1 s: 4 Hz, latency 10 ms; intervals 10, 20, 40 (n = 3, k = 0): A =
 * mean(10/30, 20/60) = 1/3; CV = std / mean of 10, 20, 40 (ddof 0) = sqrt(1400/9) / (70/3), and bit for bit
 * ax_spike_trains_cv's value. */
Test(fit_objectives, features_by_hand)
{
    const double t[] = {10, 20, 40, 80};
    ax_feature_values f = features(t, 4, 1000);
    cr_expect_eq(f.rate_hz, 4.0);
    cr_expect_eq(f.latency_ms, 10.0);
    NEAR(f.adaptation, 1.0 / 3, 1e-15);
    NEAR(f.cv, sqrt(1400.0 / 9) / (70.0 / 3), 1e-15);
    const size_t off[] = {0, 4};
    ax_spike_trains v = {1, off, t, 0, 1000};
    double cv;
    cr_assert_eq(ax_spike_trains_cv(&v, &cv, NULL, NULL, NULL), AX_OK);
    cr_expect_eq(f.cv, cv, "the analysis library's CV");
}

/* The first k = min(4, floor(n/5)) intervals are left out: 10 intervals 1, 100, then eight of 5 (k = 2)
 * leave only equal pairs: A = 0 exactly.  (Without the skip the pairs (1, 100) and (100, 5) give
 * (99/101 - 95/105) / 9 = 0.0081: that implementation fails.) */
Test(fit_objectives, adaptation_skips_the_first_intervals)
{
    double t[11] = {0, 1, 101};
    for (int i = 3; i < 11; i++)
        t[i] = t[i - 1] + 5;
    cr_expect_eq(features(t, 11, 1000).adaptation, 0.0);
}

/* Undefined features are NAN; their errors are the penalty, never NaN. */
Test(fit_objectives, features_of_a_silent_model)
{
    ax_feature_values f = features(NULL, 0, 500);
    cr_expect_eq(f.rate_hz, 0.0);
    cr_expect(isnan(f.latency_ms) && isnan(f.adaptation) && isnan(f.cv));
    const double two[] = {100, 200};
    f = features(two, 2, 500);
    cr_expect(isnan(f.adaptation) && isnan(f.cv) && f.latency_ms == 100.0);
    const size_t off[] = {0, 0};
    ax_spike_trains silent = {1, off, NULL, 0, 500};
    ax_error err;
    double e;
    for (int k = AX_FEATURE_LATENCY; k <= AX_FEATURE_CV; k++) {
        ax_feature_spec s = {.feature = (ax_feature)k, .target = 3, .scale = 2, .penalty = 250};
        cr_assert_eq(ax_objective_feature_error(&silent, &s, &e, &err), AX_OK, "%s", err.message);
        cr_expect_eq(e, 250.0, "feature %d of a silent model", k);
    }
    ax_feature_spec s = {.feature = AX_FEATURE_RATE, .target = 5, .scale = 2, .penalty = 250};
    cr_assert_eq(ax_objective_feature_error(&silent, &s, &e, &err), AX_OK);
    cr_expect_eq(e, 6.25, "((0 - 5) / 2)^2");
    s.absolute = true;
    cr_assert_eq(ax_objective_feature_error(&silent, &s, &e, &err), AX_OK);
    cr_expect_eq(e, 2.5);
}

static void sine(double *x, size_t n, double dt_ms, double hz)
{
    for (size_t j = 0; j < n; j++)
        x[j] = sin(2 * M_PI * hz * (double)j * dt_ms / 1000.0);
}

/* The spectrum distance is the analysis library's: its own spectrum gives 0, another (larger, elsewhere) the value of
 * ax_signal_power_density + ax_spectrum_distance, a flat signal +inf, a target of other length an error. */
Test(fit_objectives, spectrum_distance)
{
    double a[400], b[400], flat[400];
    sine(a, 400, 1.0, 10), sine(b, 400, 1.0, 40);
    for (int j = 0; j < 400; j++)
        flat[j] = -65, b[j] *= 2;   /* the seed's distance is 0 for spectra of equal maxima */
    ax_spectrum pa, pb;
    ax_error err;
    cr_assert_eq(ax_signal_power_density(a, 400, 1.0, &pa, &err), AX_OK);
    cr_assert_eq(ax_signal_power_density(b, 400, 1.0, &pb, &err), AX_OK);
    double d, want;
    cr_assert_eq(ax_objective_spectrum_distance(a, 400, 1.0, NULL, pa.power, pa.n, &d, &err), AX_OK, "%s",
                 err.message);
    cr_expect_eq(d, 0.0);
    cr_assert_eq(ax_spectrum_distance(pb.power, pa.power, pa.n, &want, &err), AX_OK);
    cr_assert_eq(ax_objective_spectrum_distance(b, 400, 1.0, NULL, pa.power, pa.n, &d, &err), AX_OK);
    cr_expect(d > 0 && d == want, "%g vs %g", d, want);
    cr_assert_eq(ax_objective_spectrum_distance(flat, 400, 1.0, NULL, pa.power, pa.n, &d, &err), AX_OK);
    cr_expect(isinf(d) && d > 0, "%g", d);
    cr_expect_eq(ax_objective_spectrum_distance(a, 400, 1.0, NULL, pa.power, pa.n - 1, &d, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "200 bins and the target 199"), "%s", err.message);
    ax_array_free(pa.freqs_hz), ax_array_free(pa.power), ax_array_free(pb.freqs_hz), ax_array_free(pb.power);
}

/* Population statistics by hand: two equal regular trains and a silent one over 1 s.  Rate (10 + 10 + 0)
 * / 3 Hz; CV: the regular trains' 0, the silent one undefined: mean 0; correlation: the pair of equal
 * trains 1, pairs with the silent train undefined: mean 1. */
Test(fit_objectives, population_stats_by_hand)
{
    double t[20];
    for (int i = 0; i < 10; i++)
        t[i] = t[10 + i] = 50 + 100 * i + (i % 3);   /* not quite regular: counts vary across 20 ms bins */
    const size_t off[] = {0, 10, 20, 20};
    ax_spike_trains v = {3, off, t, 0, 1000};
    ax_population_spec spec = {.bin_ms = 20, .n_pairs = 0, .seed = 1};
    ax_population_values out;
    ax_error err;
    cr_assert_eq(ax_objective_population_stats(&v, &spec, &out, &err), AX_OK, "%s", err.message);
    NEAR(out.rate_hz, 20.0 / 3, 1e-14);
    cr_expect_eq(out.correlation, 1.0);
    double cv;
    const size_t off1[] = {0, 10};
    ax_spike_trains one = {1, off1, t, 0, 1000};
    cr_assert_eq(ax_spike_trains_cv(&one, &cv, NULL, NULL, NULL), AX_OK);
    cr_expect_eq(out.cv, cv);
    cr_assert_eq(ax_objective_population_stats(&one, &spec, &out, &err), AX_OK);
    cr_expect(isnan(out.correlation), "one train has no pair");
}

/* ---- the composite objective ---- */

typedef struct world {
    double data[6], model[6];
    size_t off[2];
    ax_spike_trains d, m;
    double target_v[200], model_v[200], target_s[256], model_s[256];
    ax_spectrum psd;
    ax_objective *obj;
    ax_objective_outputs out[2];
} world;

/* Two conditions: 0 scored on spikes (Gamma, SpikeNetOpt, a feature, population statistics), 1 on the
 * seed's summary, a voltage trace (spikes left out) and a signal's spectrum. */
static void world_make(world *w)
{
    memset(w, 0, sizeof *w);
    const double d[] = {12, 30, 47, 70, 81, 95}, m[] = {13, 33, 47.5, 69, 90, 99};
    memcpy(w->data, d, sizeof d), memcpy(w->model, m, sizeof m);
    w->off[1] = 6;
    w->d = (ax_spike_trains){1, w->off, w->data, 0, 100};
    w->m = (ax_spike_trains){1, w->off, w->model, 0, 100};
    for (int j = 0; j < 200; j++)
        w->target_v[j] = -65 + sin(j * 0.1), w->model_v[j] = -64 + sin(j * 0.11);
    sine(w->target_s, 256, 1.0, 20), sine(w->model_s, 256, 1.0, 30);
    for (int j = 0; j < 256; j++)
        w->model_s[j] *= 1.5;
    ax_error err;
    cr_assert_eq(ax_signal_power_density(w->target_s, 256, 1.0, &w->psd, &err), AX_OK);
    w->obj = ax_objective_create(2, &err);
    cr_assert_not_null(w->obj, "%s", err.message);
    ax_objective_term t[] = {
        {.kind = AX_TERM_GAMMA, .condition = 0, .weight = 2, .target_spikes = &w->d, .delta_ms = 2},
        {.kind = AX_TERM_SPIKE_DISTANCE, .condition = 0, .weight = 0.5, .target_spikes = &w->d},
        {.kind = AX_TERM_FEATURE, .condition = 0, .weight = 1,
         .feature = {.feature = AX_FEATURE_RATE, .target = 50, .scale = 10, .penalty = 250}},
        {.kind = AX_TERM_POPULATION, .condition = 0, .weight = 1,
         .population = {.rate_hz = 40, .cv = NAN, .correlation = NAN, .rate_scale = 5, .penalty = 10}},
        {.kind = AX_TERM_SUMMARY, .condition = 1, .weight = 3, .target_spikes = &w->d, .dt_ms = 0.1},
        {.kind = AX_TERM_TRACE, .condition = 1, .weight = 1, .target_spikes = &w->d, .target = w->target_v,
         .n_target = 200, .dt_ms = 0.5, .skip_before_ms = 1, .skip_after_ms = 2},
        {.kind = AX_TERM_SPECTRUM, .condition = 1, .weight = 0.25, .target = w->psd.power, .n_target = w->psd.n,
         .dt_ms = 1.0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        cr_assert_eq(ax_objective_add(w->obj, &t[i], &err), AX_OK, "term %zu: %s", i, err.message);
    w->out[0] = (ax_objective_outputs){.spikes = &w->m};
    w->out[1] = (ax_objective_outputs){.spikes = &w->m, .voltage = w->model_v, .n_voltage = 200,
                                       .voltage_dt_ms = 0.5, .signal = w->model_s, .n_signal = 256,
                                       .signal_dt_ms = 1.0};
}

static void world_free(world *w)
{
    ax_objective_free(w->obj);
    ax_array_free(w->psd.freqs_hz), ax_array_free(w->psd.power);
}

/* Each term is the single call's value, the total their weighted sum in term order (bit for bit). */
Test(fit_objectives, composite_terms_are_the_single_calls)
{
    world w;
    world_make(&w);
    ax_error err;
    double total, terms[7], want[7];
    cr_assert_eq(ax_objective_evaluate(w.obj, w.out, &total, terms, &err), AX_OK, "%s", err.message);
    double g;
    cr_assert_eq(ax_objective_gamma(&w.d, &w.m, 2, NULL, &g, NULL), AX_OK);
    want[0] = 1 - g;
    cr_assert_eq(ax_objective_spike_distance_loss(&w.d, &w.m, NULL, &want[1], NULL), AX_OK);
    ax_feature_spec fs = {.feature = AX_FEATURE_RATE, .target = 50, .scale = 10, .penalty = 250};
    cr_assert_eq(ax_objective_feature_error(&w.m, &fs, &want[2], NULL), AX_OK);
    want[3] = ((60.0 - 40) / 5) * ((60.0 - 40) / 5);
    ax_objective_summary sd, sm;
    cr_assert_eq(ax_objective_summarize(&w.d, 0.1, NULL, 0, &sd, NULL), AX_OK);
    cr_assert_eq(ax_objective_summarize(&w.m, 0.1, NULL, 0, &sm, NULL), AX_OK);
    cr_assert_eq(ax_objective_summary_score(&sd, &sm, 1, 1, NULL, &want[4], NULL), AX_OK);
    cr_assert_eq(ax_objective_trace_error(w.model_v, w.target_v, 200, 0.5, w.data, 6, 1, 2, &want[5], NULL, NULL),
                 AX_OK);
    cr_assert_eq(ax_objective_spectrum_distance(w.model_s, 256, 1.0, NULL, w.psd.power, w.psd.n, &want[6], NULL),
                 AX_OK);
    const double weight[] = {2, 0.5, 1, 1, 3, 1, 0.25};
    double sum = 0;
    for (int i = 0; i < 7; i++) {
        cr_expect_eq(terms[i], want[i], "term %d: %.17g vs %.17g", i, terms[i], want[i]);
        cr_expect(want[i] > 0 && isfinite(want[i]), "term %d is a positive number: %g", i, want[i]);
        sum += weight[i] * want[i];
    }
    cr_expect_eq(total, sum);
    /* The targets were copied: the caller's arrays may change or go. */
    w.data[0] = 50, w.target_v[0] = 1e6;
    double again;
    cr_assert_eq(ax_objective_evaluate(w.obj, w.out, &again, NULL, &err), AX_OK, "%s", err.message);
    cr_expect_eq(again, total);
    world_free(&w);
}

/* A perfect candidate scores 0 on every term but the feature and population ones (their targets differ). */
Test(fit_objectives, composite_of_the_targets_is_zero)
{
    world w;
    world_make(&w);
    w.out[0].spikes = w.out[1].spikes = &w.d;
    w.out[1].voltage = w.target_v, w.out[1].signal = w.target_s;
    double total, terms[7];
    ax_error err;
    cr_assert_eq(ax_objective_evaluate(w.obj, w.out, &total, terms, &err), AX_OK, "%s", err.message);
    const int zero[] = {0, 1, 4, 5, 6};
    for (int i = 0; i < 5; i++)
        NEAR(terms[zero[i]], 0.0, 1e-15);
    world_free(&w);
}

/* Evaluations from several threads at once give the same bits as one. */
Test(fit_objectives, composite_is_thread_safe)
{
    world w;
    world_make(&w);
    double one;
    cr_assert_eq(ax_objective_evaluate(w.obj, w.out, &one, NULL, NULL), AX_OK);
    double many[64];
    int bad = 0;
#pragma omp parallel for num_threads(2) reduction(+ : bad)
    for (int i = 0; i < 64; i++)
        bad += ax_objective_evaluate(w.obj, w.out, &many[i], NULL, NULL) != AX_OK;
    cr_expect_eq(bad, 0);
    for (int i = 0; i < 64; i++)
        cr_expect_eq(many[i], one, "evaluation %d", i);
    world_free(&w);
}

/* What the objective needs, refused before any run: a voltage term where only spikes are recorded. */
Test(fit_objectives, composite_needs_and_check)
{
    world w;
    world_make(&w);
    unsigned needs;
    size_t n_terms, n_conditions;
    ax_error err;
    cr_assert_eq(ax_objective_get_needs(w.obj, &needs, &n_terms, &n_conditions, &err), AX_OK);
    cr_expect_eq(needs, AX_OBJECTIVE_NEEDS_SPIKES | AX_OBJECTIVE_NEEDS_VOLTAGE | AX_OBJECTIVE_NEEDS_SIGNAL);
    cr_expect_eq(n_terms, 7u);
    cr_expect_eq(n_conditions, 2u);
    cr_expect_eq(ax_objective_check(w.obj, needs, &err), AX_OK, "%s", err.message);
    cr_expect_eq(ax_objective_check(w.obj, AX_OBJECTIVE_NEEDS_SPIKES, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "term 5 (trace) of condition 1 needs a voltage trace, which is not recorded"),
              "%s", err.message);
    cr_expect_eq(ax_objective_check(w.obj, AX_OBJECTIVE_NEEDS_SPIKES | AX_OBJECTIVE_NEEDS_VOLTAGE, &err),
                 AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "term 6 (spectrum)") && strstr(err.message, "population signal"), "%s",
              err.message);
    world_free(&w);
}

/* Bad candidates' outputs are errors that name the term; a flat signal is +inf, reported even at weight 0
 * without making the total NaN. */
Test(fit_objectives, composite_refuses_bad_outputs)
{
    world w;
    world_make(&w);
    ax_error err;
    double total, terms[7];
    ax_objective_outputs out[2] = {w.out[0], w.out[1]};
    out[1].voltage = NULL;
    cr_expect_eq(ax_objective_evaluate(w.obj, out, &total, NULL, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "term 5 (trace) of condition 1") && strstr(err.message, "no voltage trace"), "%s",
              err.message);
    out[1] = w.out[1], out[1].n_voltage = 199;
    cr_expect_eq(ax_objective_evaluate(w.obj, out, &total, NULL, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "199 samples"), "%s", err.message);
    ax_spike_trains longer = w.m;
    longer.t_stop = 200;
    out[1] = w.out[1], out[0].spikes = &longer;
    cr_expect_eq(ax_objective_evaluate(w.obj, out, &total, NULL, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "term 0 (gamma)") && strstr(err.message, "[0, 200]"), "%s", err.message);
    world_free(&w);

    ax_objective *o = ax_objective_create(1, NULL);
    double psd[] = {0, 1, 2}, flat[6] = {1, 1, 1, 1, 1, 1};
    ax_objective_term t = {.kind = AX_TERM_SPECTRUM, .weight = 0, .target = psd, .n_target = 3, .dt_ms = 1};
    cr_assert_eq(ax_objective_add(o, &t, &err), AX_OK, "%s", err.message);
    ax_objective_outputs fo = {.signal = flat, .n_signal = 6, .signal_dt_ms = 1};
    cr_assert_eq(ax_objective_evaluate(o, &fo, &total, terms, &err), AX_OK, "%s", err.message);
    cr_expect(isinf(terms[0]) && total == 0, "%g, %g", terms[0], total);
    ax_objective_free(o);
}

/* Terms are checked when added, by the single calls' rules, and the message names the term. */
Test(fit_objectives, composite_refuses_bad_terms)
{
    const double bad[] = {20, 10}, v[] = {1, 2};
    const size_t off[] = {0, 2};
    ax_spike_trains unsorted = {1, off, bad, 0, 100};
    ax_objective *o = ax_objective_create(1, NULL);
    ax_error err;
    ax_objective_term t = {.kind = AX_TERM_SPIKE_DISTANCE, .weight = 1, .target_spikes = &unsorted};
    cr_expect_eq(ax_objective_add(o, &t, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "term 0 (spike_distance) of condition 0") && strstr(err.message, "train 0"), "%s",
              err.message);
    t = (ax_objective_term){.kind = AX_TERM_GAMMA, .weight = 1};
    cr_expect_eq(ax_objective_add(o, &t, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "delta_ms = 0"), "%s", err.message);
    t = (ax_objective_term){.kind = (ax_objective_kind)9, .weight = 1};
    cr_expect_eq(ax_objective_add(o, &t, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "kind 9 is not known"), "%s", err.message);
    t = (ax_objective_term){.kind = AX_TERM_TRACE, .weight = 1, .target = v, .n_target = 2, .dt_ms = -1};
    cr_expect_eq(ax_objective_add(o, &t, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "dt_ms = -1"), "%s", err.message);
    t = (ax_objective_term){.kind = AX_TERM_POPULATION, .weight = 1,
                            .population = {.rate_hz = NAN, .cv = NAN, .correlation = NAN}};
    cr_expect_eq(ax_objective_add(o, &t, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "no target"), "%s", err.message);
    size_t n;
    cr_assert_eq(ax_objective_get_needs(o, NULL, &n, NULL, &err), AX_OK);
    cr_expect_eq(n, 0u, "nothing was added");
    cr_expect_eq(ax_objective_check(o, 7u, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "no terms"), "%s", err.message);
    ax_objective_free(o);
}

/* Population terms pick their population's trains from the candidate's view: E = trains 0, 1 (10 spikes
 * each in 1 s: 10 Hz), I = train 2 (40 Hz).  E against 12 Hz, scale 1: 4; I against 35 Hz, scale 5: 1;
 * all three (20 Hz) against 20 Hz: 0.  Trains beyond the view are an error naming the term. */
Test(fit_objectives, composite_population_terms_select_their_trains)
{
    double t[60];
    for (int i = 0; i < 10; i++)
        t[i] = 5 + 100 * i, t[10 + i] = 7 + 100 * i;
    for (int i = 0; i < 40; i++)
        t[20 + i] = 3 + 25 * i;
    const size_t off[] = {0, 10, 20, 60};
    ax_spike_trains v = {3, off, t, 0, 1000};
    ax_objective *o = ax_objective_create(1, NULL);
    ax_error err;
    ax_population_target e = {.rate_hz = 12, .cv = NAN, .correlation = NAN, .rate_scale = 1, .n_trains = 2};
    ax_population_target i = {.rate_hz = 35, .cv = NAN, .correlation = NAN, .rate_scale = 5, .first_train = 2,
                              .n_trains = 1};
    ax_population_target all = {.rate_hz = 20, .cv = NAN, .correlation = NAN, .rate_scale = 1};
    const ax_population_target *pops[] = {&e, &i, &all};
    for (int k = 0; k < 3; k++) {
        ax_objective_term term = {.kind = AX_TERM_POPULATION, .weight = 1, .population = *pops[k]};
        cr_assert_eq(ax_objective_add(o, &term, &err), AX_OK, "%s", err.message);
    }
    ax_objective_outputs out = {.spikes = &v};
    double total, terms[3];
    cr_assert_eq(ax_objective_evaluate(o, &out, &total, terms, &err), AX_OK, "%s", err.message);
    NEAR(terms[0], 4.0, 1e-12);
    NEAR(terms[1], 1.0, 1e-12);
    NEAR(terms[2], 0.0, 1e-12);
    ax_objective_free(o);
    o = ax_objective_create(1, NULL);
    i.n_trains = 2;
    ax_objective_term term = {.kind = AX_TERM_POPULATION, .weight = 1, .population = i};
    cr_assert_eq(ax_objective_add(o, &term, &err), AX_OK, "%s", err.message);
    cr_expect_eq(ax_objective_evaluate(o, &out, &total, NULL, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "term 0 (population)") && strstr(err.message, "[2, 4)"), "%s", err.message);
    ax_objective_free(o);
}
