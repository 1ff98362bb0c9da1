/*
 * test_analysis_trains.c - spike trains made, read and measured
 * (docs/analysis.md, "Spike trains" and "Spike-train statistics and rates").
 *
 * References: tests/reference/make_trains.py computes rates, CV
 * (scipy.stats.variation), LV, LvR, Fano factors, the population rate
 * (numpy.histogram; scipy.ndimage.gaussian_filter1d renormalised) and the ISI
 * histogram of 24 trains from the published definitions; here the same
 * trains are read from its foreign CSV (shuffled rows, times in s) and
 * compared.  Small cases are worked by hand from the papers' formulas.
 * The streaming accumulator is compared with the calls on a view bit for
 * bit, and the readers' failures by their messages.
 */
#include <omp.h>
#include <unistd.h>

#include "helpers.h"

/* A view over static arrays. */
#define VIEW(off, t, t0, t1) ((ax_spike_trains){sizeof(off) / sizeof(off[0]) - 1, off, t, t0, t1})

/* Relative agreement; NAN only with NAN. */
static void near(double got, double want, double rel, const char *what, size_t k)
{
    if (isnan(want)) {
        cr_expect(isnan(got), "%s[%zu]: %.17g, expected nan (undefined)", what, k, got);
        return;
    }
    cr_expect(fabs(got - want) <= rel * fmax(fabs(want), 1e-300) || got == want, "%s[%zu]: %.17g, expected %.17g "
              "(rel %.1e)", what, k, got, want, rel);
}

/* ---- hand-worked cases from the definitions ---- */

/* Intervals 1, 2, 4 ms:
 *   CV  = sqrt(14/9) / (7/3) = sqrt(14) / 7 (ddof 0; ddof 1 would give sqrt(7/3)/(7/3) = 0.6547)
 *   LV  = 3/2 (1/9 + 1/9) = 1/3
 *   LvR = 3/2 ((1/9)(1 + 20/3) + (1/9)(1 + 20/6)) = 2      (R = 5 ms)
 * A formula with (n) instead of (n - 1) would give 2/9, and LvR with
 * 4R/(I_i + I_{i+1}) dropped would give LV = 1/3: both fail. */
Test(trains_stats, cv_lv_lvr_by_hand)
{
    static const size_t off[] = {0, 4};
    static const double t[] = {10, 11, 13, 17};
    ax_spike_trains s = VIEW(off, t, 0, 20);
    ax_error err;
    double cv, lv, lvr, mean;
    size_t n_def;
    cr_assert_eq(ax_spike_trains_cv(&s, &cv, &mean, &n_def, &err), AX_OK, "%s", err.message);
    near(cv, sqrt(14.0) / 7, 1e-15, "cv", 0);
    cr_expect_eq(mean, cv);
    cr_expect_eq(n_def, 1);
    cr_assert_eq(ax_spike_trains_lv(&s, &lv, NULL, NULL, &err), AX_OK, "%s", err.message);
    near(lv, 1.0 / 3, 1e-15, "lv", 0);
    cr_assert_eq(ax_spike_trains_lvr(&s, 5, &lvr, NULL, NULL, &err), AX_OK, "%s", err.message);
    near(lvr, 2, 1e-15, "lvr", 0);
    cr_assert_eq(ax_spike_trains_lvr(&s, 0, &lvr, NULL, NULL, &err), AX_OK, "%s", err.message);
    near(lvr, lv, 1e-15, "lvr(R=0)", 0);   /* R = 0 is LV */
}

/* Empty, one, two spikes: no CV, LV or LvR (fewer than 2 intervals).
 * Three equal times: intervals 0, 0 - CV 0/0 and LV 0/0: NAN.  Two equal
 * then one more: intervals 0, 2 - LV = 3 ((0 - 2)/2)^2 = 3, CV = 1. */
Test(trains_stats, undefined_where_the_documentation_says)
{
    static const size_t off[] = {0, 0, 1, 3, 6, 9};
    static const double t[] = {5, 1, 9, 4, 4, 4, 2, 2, 4};
    ax_spike_trains s = VIEW(off, t, 0, 10);
    ax_error err;
    double cv[5], lv[5], lvr[5], mean;
    size_t n_def;
    cr_assert_eq(ax_spike_trains_cv(&s, cv, &mean, &n_def, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_spike_trains_lv(&s, lv, NULL, NULL, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_spike_trains_lvr(&s, 5, lvr, NULL, NULL, &err), AX_OK, "%s", err.message);
    for (size_t k = 0; k < 4; k++) {
        cr_expect(isnan(cv[k]), "cv[%zu] = %g", k, cv[k]);
        cr_expect(isnan(lv[k]), "lv[%zu] = %g", k, lv[k]);
        cr_expect(isnan(lvr[k]), "lvr[%zu] = %g", k, lvr[k]);
    }
    near(cv[4], 1, 1e-15, "cv", 4);
    near(lv[4], 3, 1e-15, "lv", 4);
    near(lvr[4], 3 * (1 + 4 * 5 / 2.0), 1e-15, "lvr", 4);
    cr_expect_eq(n_def, 1);
    cr_expect_eq(mean, cv[4]);   /* the mean of the defined values only */
    /* none defined: the mean is NAN and says so by n_defined = 0 */
    ax_spike_trains first = {1, off, t, 0, 10};
    cr_assert_eq(ax_spike_trains_cv(&first, cv, &mean, &n_def, &err), AX_OK, "%s", err.message);
    cr_expect(isnan(mean) && n_def == 0);
}

/* Spikes at t_start and t_stop are inside; rates in Hz over 10 ms. */
Test(trains_stats, rates_count_spikes_at_both_ends)
{
    static const size_t off[] = {0, 2, 2, 3};
    static const double t[] = {0, 10, 10};
    ax_spike_trains s = VIEW(off, t, 0, 10);
    double r[3], mean;
    ax_error err;
    cr_assert_eq(ax_spike_trains_rates(&s, r, &mean, &err), AX_OK, "%s", err.message);
    cr_expect_eq(r[0], 200);
    cr_expect_eq(r[1], 0);
    cr_expect_eq(r[2], 100);
    cr_expect_eq(mean, 100);
}

/* T = 10 ms in bins of 3: [0,3) [3,6) [6,9) [9,10], the last 1 ms wide
 * and closed at t_stop.  Counts 1, 0, 2, 2 for 2 trains: rates
 * 1/(2*0.003), 0, 2/(2*0.003), 2/(2*0.001) Hz.  (Dividing the last bin by
 * 3 ms would give 333 Hz, not 1000.) */
Test(trains_stats, population_rate_last_partial_bin)
{
    static const size_t off[] = {0, 3, 5};
    static const double t[] = {0, 6, 10, 8.9999, 9};
    ax_spike_trains s = VIEW(off, t, 0, 10);
    double *r;
    size_t n;
    ax_error err;
    cr_assert_eq(ax_spike_trains_population_rate(&s, 3, 0, &r, &n, &err), AX_OK, "%s", err.message);
    cr_assert_eq(n, 4);
    near(r[0], 1 / 0.006, 1e-15, "rate", 0);
    cr_expect_eq(r[1], 0);
    near(r[2], 2 / 0.006, 1e-15, "rate", 2);
    near(r[3], 2 / 0.002, 1e-12, "rate", 3);
    ax_array_free(r);
    /* smoothing keeps a constant rate constant up to the ends (renormalised kernel) */
    static const size_t off1[] = {0, 10};
    static const double u[] = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5};
    ax_spike_trains c = VIEW(off1, u, 0, 10);
    cr_assert_eq(ax_spike_trains_population_rate(&c, 1, 2, &r, &n, &err), AX_OK, "%s", err.message);
    for (size_t j = 0; j < n; j++)
        near(r[j], 1000, 1e-14, "smoothed constant", j);
    ax_array_free(r);
}

/* The smoothing runs in parallel for long series: each bin is its own sum,
 * so 1 and 2 threads give the same bits. */
Test(trains_stats, smoothing_is_the_same_for_any_thread_count)
{
    size_t n = 20000;
    size_t *off = malloc(2 * sizeof *off);
    double *t = malloc(n * sizeof *t);
    off[0] = 0, off[1] = n;
    for (size_t i = 0; i < n; i++)
        t[i] = 5.0 * (double)i + 2.5 * sin((double)i);   /* increasing, uneven */
    ax_spike_trains s = {1, off, t, 0, 100000};
    double *r1, *r2;
    size_t n1, n2;
    ax_error err;
    omp_set_num_threads(1);
    cr_assert_eq(ax_spike_trains_population_rate(&s, 1, 50, &r1, &n1, &err), AX_OK, "%s", err.message);
    omp_set_num_threads(2);
    cr_assert_eq(ax_spike_trains_population_rate(&s, 1, 50, &r2, &n2, &err), AX_OK, "%s", err.message);
    cr_assert_eq(n1, 100000);
    cr_expect(memcmp(r1, r2, n1 * sizeof *r1) == 0);
    ax_array_free(r1);
    ax_array_free(r2);
    free(off);
    free(t);
}

/* Equal times give ISI 0 in bin 0; an ISI equal to max_isi is counted in
 * the last bin (closed), one beyond it is not. */
Test(trains_stats, isi_histogram_edges)
{
    static const size_t off[] = {0, 5};
    static const double t[] = {1, 1, 3, 8, 18.5};
    ax_spike_trains s = VIEW(off, t, 0, 20);
    uint64_t *c, beyond;
    size_t n;
    ax_error err;
    cr_assert_eq(ax_spike_trains_isi_histogram(&s, 2, 5, &c, &n, &beyond, &err), AX_OK, "%s", err.message);
    cr_assert_eq(n, 3);   /* [0,2) [2,4) [4,5] */
    cr_expect_eq(c[0], 1);
    cr_expect_eq(c[1], 1);
    cr_expect_eq(c[2], 1);
    cr_expect_eq(beyond, 1);
    ax_array_free(c);
}

/* Windows of 4 ms in 10 ms: two whole windows [0,4) [4,8), the rest [8,10]
 * unused.  Counts (2, 0) -> mean 1, var 1, F = 1; (1, 1) -> 0; silent -> NAN.
 * Pooled over the 6 counts 2,0,1,1,0,0: mean 2/3, var 5/9, F = 5/6. */
Test(trains_stats, fano_factor_windows)
{
    static const size_t off[] = {0, 3, 5, 5};
    static const double t[] = {0, 3.9, 9, 2, 7.9999};
    ax_spike_trains s = VIEW(off, t, 0, 10);
    double fano[3], pooled;
    ax_error err;
    cr_assert_eq(ax_spike_trains_fano_factor(&s, 4, fano, &pooled, &err), AX_OK, "%s", err.message);
    near(fano[0], 1, 1e-15, "fano", 0);
    cr_expect_eq(fano[1], 0);
    cr_expect(isnan(fano[2]));
    near(pooled, 5.0 / 6, 1e-15, "pooled", 0);
}

/* Runs of >= 3 spikes with intervals <= 2 ms; an interval of exactly 2
 * belongs to the burst. */
Test(trains_stats, bursts_by_isi_threshold)
{
    static const size_t off[] = {0, 9, 11};
    static const double t[] = {1, 2, 4, 10, 11, 20, 21, 22, 23, 5, 6};
    ax_spike_trains s = VIEW(off, t, 0, 30);
    ax_spike_burst *b;
    size_t n, per[2];
    ax_error err;
    cr_assert_eq(ax_spike_trains_bursts(&s, 2, 3, &b, &n, per, &err), AX_OK, "%s", err.message);
    cr_assert_eq(n, 2);
    cr_expect(b[0].train == 0 && b[0].first == 0 && b[0].n_spikes == 3 && b[0].start_ms == 1 && b[0].end_ms == 4);
    cr_expect(b[1].train == 0 && b[1].first == 5 && b[1].n_spikes == 4 && b[1].start_ms == 20 && b[1].end_ms == 23);
    cr_expect(per[0] == 2 && per[1] == 0);
    ax_array_free(b);
    cr_assert_eq(ax_spike_trains_bursts(&s, 0.5, 2, &b, &n, per, &err), AX_OK, "%s", err.message);
    cr_expect(n == 0 && b == NULL);
}

/* ---- making views ---- */

Test(trains_make, from_events_sorts_each_train)
{
    static const double t[] = {5, 1, 3, 2, 2, 9};
    static const uint32_t id[] = {1, 1, 0, 1, 0, 2};
    ax_spike_trains s;
    ax_error err;
    cr_assert_eq(ax_spike_trains_from_events(t, id, 6, 4, 0, 10, &s, &err), AX_OK, "%s", err.message);
    cr_assert_eq(s.n_trains, 4);
    static const size_t off[] = {0, 2, 5, 6, 6};
    static const double want[] = {2, 3, 1, 2, 5, 9};
    for (size_t k = 0; k <= 4; k++)
        cr_expect_eq(s.offsets[k], off[k]);
    for (size_t i = 0; i < 6; i++)
        cr_expect_eq(s.times_ms[i], want[i]);
    cr_expect_eq(ax_spike_trains_check(&s, NULL, &err), AX_OK, "%s", err.message);
    ax_spike_trains_free(&s);
    cr_expect_null(s.offsets);
    ax_spike_trains_free(&s);   /* zeroed: twice is harmless */
    cr_assert_eq(ax_spike_trains_from_events(NULL, NULL, 0, 3, 0, 10, &s, &err), AX_OK, "%s", err.message);
    cr_expect(s.n_trains == 3 && s.offsets[3] == 0);
    ax_spike_trains_free(&s);
    static const double bad[] = {NAN};
    static const uint32_t zero[] = {0};
    cr_expect_eq(ax_spike_trains_from_events(bad, zero, 1, 1, 0, 10, &s, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "time nan ms") != NULL, "%s", err.message);
}

/* The recorder's spikes, by neuron index in the population. */
Test(trains_make, from_recorder_matches_the_recording)
{
    ax_network *net = new_net(0.1, 3, 1);
    ax_population p;
    ax_recorder rec;
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 7, &p));
    OK(net, ax_population_set_param(net, p, "rate", ax_value_constant(100.0)));
    OK(net, ax_recorder_add_spikes(net, p, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, 200.0));
    size_t n;
    const double *t;
    const uint32_t *id;
    OK(net, ax_recorder_get_spikes(net, rec, &n, &t, &id));
    cr_assert_gt(n, 50);
    ax_spike_trains s;
    ax_error err;
    cr_assert_eq(ax_spike_trains_from_recorder(net, rec, NAN, NAN, &s, &err), AX_OK, "%s", err.message);
    cr_expect(s.n_trains == 7 && s.t_start == 0 && s.t_stop == 200.0);
    cr_assert_eq(s.offsets[7], n);
    size_t *seen = calloc(7, sizeof *seen);
    for (size_t e = 0; e < n; e++) {   /* recorded in time order: the k-th spike of neuron j */
        size_t j = id[e];
        cr_expect_eq(s.times_ms[s.offsets[j] + seen[j]++], t[e]);
    }
    free(seen);
    ax_spike_trains_free(&s);
    /* an interval: the spikes outside are left out */
    cr_assert_eq(ax_spike_trains_from_recorder(net, rec, 50, 100, &s, &err), AX_OK, "%s", err.message);
    size_t inside = 0;
    for (size_t e = 0; e < n; e++)
        inside += t[e] >= 50 && t[e] <= 100;
    cr_expect_eq(s.offsets[7], inside);
    ax_spike_trains_free(&s);
    /* a recorder of some neurons: the others' trains are there, empty */
    ax_recorder some;
    OK(net, ax_recorder_add_spikes(net, p, ax_neurons_first(3), &some));
    OK(net, ax_network_run(net, 100.0));
    cr_assert_eq(ax_spike_trains_from_recorder(net, some, NAN, NAN, &s, &err), AX_OK, "%s", err.message);
    cr_expect(s.n_trains == 7 && s.t_stop == 300.0 && s.offsets[3] > 0 && s.offsets[7] == s.offsets[3]);
    ax_spike_trains_free(&s);
    ax_network_free(net);
}

/* ---- reading files ---- */

static char tmpdir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[160];
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "/tmp/axon-trains-XXXXXX");
        cr_assert_not_null(mkdtemp(tmpdir));
    }
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void read_fails(const char *name, const char *text, const ax_spike_file_format *fmt, const char *says1,
                       const char *says2)
{
    ax_spike_trains s;
    ax_error err;
    const char *path = write_file(name, text);
    ax_status st = ax_spike_trains_read(path, fmt, NAN, NAN, &s, &err);
    cr_expect_neq(st, AX_OK, "%s was read", name);
    cr_expect(strstr(err.message, says1) != NULL, "%s: '%s' lacks '%s'", name, err.message, says1);
    cr_expect(strstr(err.message, says2) != NULL, "%s: '%s' lacks '%s'", name, err.message, says2);
    cr_expect_null(s.offsets);
    unlink(path);
}

Test(trains_read, axon_recording_cut_at_its_end)
{
    const char *path = write_file("E.spikes.csv", "time_ms,neuron\n0.1,2\n0.1,0\n0.5,2\n1.0,1\n1.2,");
    ax_spike_trains s;
    ax_error err;
    cr_assert_eq(ax_spike_trains_read(path, NULL, NAN, NAN, &s, &err), AX_OK, "%s", err.message);
    cr_expect(s.n_trains == 3 && s.t_start == 0 && s.t_stop == 1.0);   /* [0, last spike]; 1.2 was cut */
    cr_expect(s.offsets[1] == 1 && s.offsets[2] == 2 && s.offsets[3] == 4);
    cr_expect(s.times_ms[2] == 0.1 && s.times_ms[3] == 0.5);
    ax_spike_trains_free(&s);
    ax_spike_file_format fmt = {.n_trains = 10, .time_column = -1, .neuron_column = -1};
    cr_assert_eq(ax_spike_trains_read(path, &fmt, 0.2, 5, &s, &err), AX_OK, "%s", err.message);
    cr_expect(s.n_trains == 10 && s.offsets[10] == 2 && s.t_stop == 5);
    ax_spike_trains_free(&s);
    unlink(path);
    rmdir(tmpdir);
}

Test(trains_read, foreign_files)
{
    ax_spike_trains s;
    ax_error err;
    /* no header: columns by index, times in s, unsorted rows, a last line without newline */
    const char *path = write_file("a.csv", "3,0.002\n0,0.001\n3,0.0015");
    ax_spike_file_format fmt = {.header = AX_SPIKE_HEADER_NO, .time_column = 1, .neuron_column = 0,
                                .time_unit_ms = 1000};
    cr_assert_eq(ax_spike_trains_read(path, &fmt, NAN, NAN, &s, &err), AX_OK, "%s", err.message);
    cr_expect(s.n_trains == 4 && s.offsets[4] == 3 && s.t_stop == 2);
    cr_expect(s.times_ms[1] == 1.5 && s.times_ms[2] == 2);
    ax_spike_trains_free(&s);
    /* names: 'i' and 't' (Brian2's), columns in another order, extra columns */
    path = write_file("b.csv", "x,t,i\n9,4.5,1\n9,2.5,1\n");
    cr_assert_eq(ax_spike_trains_read(path, NULL, NAN, NAN, &s, &err), AX_OK, "%s", err.message);
    cr_expect(s.n_trains == 2 && s.offsets[2] == 2 && s.times_ms[0] == 2.5 && s.t_stop == 4.5);
    ax_spike_trains_free(&s);
    /* a header with no rows: silent trains when n_trains and the interval are given */
    path = write_file("c.csv", "time_ms,neuron\n");
    fmt = (ax_spike_file_format){.time_column = -1, .neuron_column = -1, .n_trains = 4};
    cr_assert_eq(ax_spike_trains_read(path, &fmt, 0, 100, &s, &err), AX_OK, "%s", err.message);
    cr_expect(s.n_trains == 4 && s.offsets[4] == 0);
    ax_spike_trains_free(&s);
    for (const char *const *name = (const char *const[]){"a.csv", "b.csv", "c.csv", NULL}; *name; name++)
        unlink(write_file(*name, ""));
    rmdir(tmpdir);
}

Test(trains_read, failures_say_where)
{
    read_fails("empty.csv", "", NULL, "empty.csv", "the file is empty");
    read_fails("header.csv", "time_ms,neuron\n", NULL, "has no spikes", "give n_trains");
    read_fails("neg.csv", "time_ms,neuron\n1,0\n-2,1\n", NULL, "neg.csv:3:1", ">= 0 ms");
    read_fails("frac.csv", "time_ms,neuron\n1,0\n2,1.5\n", NULL, "frac.csv:3:", "0 ..");
    read_fails("word.csv", "time_ms,neuron\n1,zero\n", NULL, "word.csv:2:", "neuron");
    read_fails("names.csv", "when,who\n1,0\n", NULL, "names.csv:1", "give the columns");
    read_fails("nohead.csv", "1,0\n", NULL, "nohead.csv", "no header");
    ax_spike_file_format fmt = {.time_column = -1, .neuron_column = -1, .n_trains = 2};
    read_fails("big.csv", "time_ms,neuron\n1,0\n2,2\n", &fmt, "big.csv:3:", "0 .. 1");
    read_fails("zero.csv", "time_ms,neuron\n0,0\n", NULL, "every spike is at 0 ms", "give t_start");
    read_fails("nan.csv", "time_ms,neuron\nnan,0\n", NULL, "nan.csv:2:1", "");
    ax_spike_trains s;
    ax_error err;
    cr_expect_eq(ax_spike_trains_read("/nonexistent.csv", NULL, NAN, NAN, &s, &err), AX_ERR_IO);
    cr_expect_eq(ax_spike_trains_read(tmpdir, NULL, NAN, NAN, &s, &err), AX_ERR_ARGUMENT, "%s", err.message);
    rmdir(tmpdir);
}

/* ---- against the NumPy/SciPy references ---- */

static ax_spike_trains reference_trains(void)
{
    ax_spike_trains s;
    ax_error err;
    ax_spike_file_format fmt = {.time_column = -1, .neuron_column = -1, .n_trains = 24};
    cr_assert_eq(ax_spike_trains_read("tests/reference/trains_input.spikes.csv", &fmt, 0, 2000, &s, &err), AX_OK,
                 "%s", err.message);
    return s;
}

/* Tolerances: CV 1e-12 (Welford's one pass against numpy's two: rounding
 * of a few ulps per interval); LV, LvR 1e-12 (sums in the same order, but
 * numpy's pairwise summation); rates, Fano 1e-14 (integer counts); the
 * smoothed rate 1e-12 (the kernel normalised per bin here, the filtered
 * ones divided there). */
Test(trains_reference, statistics_per_train)
{
    ax_spike_trains s = reference_trains();
    csv_table ref = read_csv("tests/reference/trains_stats.csv");
    cr_assert_eq(ref.rows, 24);
    double rate[24], cv[24], lv[24], lvr[24], fano[24];
    ax_error err;
    cr_assert_eq(ax_spike_trains_rates(&s, rate, NULL, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_spike_trains_cv(&s, cv, NULL, NULL, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_spike_trains_lv(&s, lv, NULL, NULL, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_spike_trains_lvr(&s, 5, lvr, NULL, NULL, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_spike_trains_fano_factor(&s, 100, fano, NULL, &err), AX_OK, "%s", err.message);
    for (size_t k = 0; k < 24; k++) {
        const double *row = ref.data + k * ref.cols;
        near(rate[k], row[1], 1e-14, "rate", k);
        if (row[2] == 0)   /* the regular train: numpy's CV of almost equal intervals is rounding noise */
            cr_expect(fabs(cv[k]) < 1e-12, "cv[%zu] = %g", k, cv[k]);
        else
            near(cv[k], row[2], 1e-12, "cv", k);
        if (row[3] == 0) {
            cr_expect(fabs(lv[k]) < 1e-12 && fabs(lvr[k]) < 1e-12, "lv, lvr[%zu] = %g, %g", k, lv[k], lvr[k]);
        } else {
            near(lv[k], row[3], 1e-12, "lv", k);
            near(lvr[k], row[4], 1e-12, "lvr", k);
        }
        near(fano[k], row[5], 1e-14, "fano", k);
    }
    csv_free(&ref);
    ax_spike_trains_free(&s);
}

Test(trains_reference, population_rate_and_isi_histogram)
{
    ax_spike_trains s = reference_trains();
    csv_table ref = read_csv("tests/reference/trains_rate.csv");
    double *binned, *smooth;
    size_t n, m;
    ax_error err;
    cr_assert_eq(ax_spike_trains_population_rate(&s, 7, 0, &binned, &n, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_spike_trains_population_rate(&s, 7, 20, &smooth, &m, &err), AX_OK, "%s", err.message);
    cr_assert_eq(n, ref.rows);
    cr_assert_eq(m, ref.rows);
    for (size_t j = 0; j < n; j++) {
        near(binned[j], ref.data[j * ref.cols + 1], 1e-14, "binned", j);
        near(smooth[j], ref.data[j * ref.cols + 2], 1e-12, "smoothed", j);
    }
    ax_array_free(binned);
    ax_array_free(smooth);
    csv_free(&ref);
    ref = read_csv("tests/reference/trains_isi.csv");
    uint64_t *c;
    cr_assert_eq(ax_spike_trains_isi_histogram(&s, 3, 100, &c, &n, NULL, &err), AX_OK, "%s", err.message);
    cr_assert_eq(n, ref.rows);
    for (size_t j = 0; j < n; j++)
        cr_expect_eq((double)c[j], ref.data[j * ref.cols + 1], "isi bin %zu: %llu", j, (unsigned long long)c[j]);
    ax_array_free(c);
    csv_free(&ref);
    ax_spike_trains_free(&s);
}

/* ---- streaming: the same bits as the view ---- */

/* Events of the view in time order (ties by train), as a recording has them. */
static void events_in_time_order(const ax_spike_trains *s, double *t, uint32_t *id)
{
    size_t n = s->offsets[s->n_trains], *at = calloc(s->n_trains, sizeof *at);
    for (size_t e = 0; e < n; e++) {
        size_t best = SIZE_MAX;
        for (size_t k = 0; k < s->n_trains; k++)
            if (s->offsets[k] + at[k] < s->offsets[k + 1] &&
                (best == SIZE_MAX || s->times_ms[s->offsets[k] + at[k]] < s->times_ms[s->offsets[best] + at[best]]))
                best = k;
        t[e] = s->times_ms[s->offsets[best] + at[best]++];
        id[e] = (uint32_t)best;
    }
    free(at);
}

static void same_bits(const double *a, const double *b, size_t n, const char *what)
{
    for (size_t k = 0; k < n; k++)
        cr_expect(memcmp(&a[k], &b[k], sizeof a[k]) == 0, "%s[%zu]: %.17g streamed, %.17g in memory", what, k,
                  a[k], b[k]);
}

Test(trains_stream, equals_the_view_bit_for_bit)
{
    ax_spike_trains s = reference_trains();
    size_t n = s.offsets[24];
    double *t = malloc(n * sizeof *t);
    uint32_t *id = malloc(n * sizeof *id);
    events_in_time_order(&s, t, id);
    ax_error err;
    ax_spike_stats_spec spec = {24, 0, 2000, 7, 3, 100, 5};
    ax_spike_stats *st = ax_spike_stats_create(&spec, &err);
    cr_assert_not_null(st, "%s", err.message);
    for (size_t e = 0; e < n; e += 37)   /* uneven chunks */
        cr_assert_eq(ax_spike_stats_add(st, t + e, id + e, n - e < 37 ? n - e : 37, &err), AX_OK, "%s", err.message);
    double rate[24], cv[24], lv[24], lvr[24], r2[24], cv2[24], lv2[24], lvr2[24];
    uint64_t counts[24];
    cr_assert_eq(ax_spike_stats_get_neurons(st, counts, rate, cv, lv, lvr, &err), AX_OK, "%s", err.message);
    ax_spike_trains_rates(&s, r2, NULL, NULL);
    ax_spike_trains_cv(&s, cv2, NULL, NULL, NULL);
    ax_spike_trains_lv(&s, lv2, NULL, NULL, NULL);
    ax_spike_trains_lvr(&s, 5, lvr2, NULL, NULL, NULL);
    same_bits(rate, r2, 24, "rate");
    same_bits(cv, cv2, 24, "cv");
    same_bits(lv, lv2, 24, "lv");
    same_bits(lvr, lvr2, 24, "lvr");
    for (size_t k = 0; k < 24; k++)
        cr_expect_eq(counts[k], s.offsets[k + 1] - s.offsets[k]);
    double *pr, *pr2;
    size_t nb, nb2;
    cr_assert_eq(ax_spike_stats_get_population_rate(st, 20, &pr, &nb, &err), AX_OK, "%s", err.message);
    ax_spike_trains_population_rate(&s, 7, 20, &pr2, &nb2, NULL);
    cr_assert_eq(nb, nb2);
    same_bits(pr, pr2, nb, "population rate");
    uint64_t *h, *h2, beyond, beyond2;
    cr_assert_eq(ax_spike_stats_get_isi_histogram(st, &h, &nb, &beyond, &err), AX_OK, "%s", err.message);
    ax_spike_trains_isi_histogram(&s, 3, 100, &h2, &nb2, &beyond2, NULL);
    cr_assert_eq(nb, nb2);
    cr_expect_eq(beyond, beyond2);
    cr_expect(memcmp(h, h2, nb * sizeof *h) == 0);
    ax_array_free(pr);
    ax_array_free(pr2);
    ax_array_free(h);
    ax_array_free(h2);

    /* the same from a file, read in chunks: axon's format, in time order */
    char path[] = "/tmp/axon-stream-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("time_ms,neuron\n", f);
    for (size_t e = 0; e < n; e++)
        fprintf(f, "%.17g,%u\n", t[e], id[e]);
    fclose(f);
    ax_spike_stats *fs = ax_spike_stats_create(&spec, &err);
    cr_assert_eq(ax_spike_stats_read_file(fs, path, NULL, &err), AX_OK, "%s", err.message);
    double cv3[24];
    ax_spike_stats_get_neurons(fs, NULL, NULL, cv3, NULL, NULL, &err);
    same_bits(cv3, cv2, 24, "cv from the file");
    /* a row that goes back in time is refused at its line */
    f = fopen(path, "w");
    fputs("time_ms,neuron\n5,0\n4,1\n", f);
    fclose(f);
    cr_expect_eq(ax_spike_stats_read_file(fs, path, NULL, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, ":3:1:") && strstr(err.message, "time order"), "%s", err.message);
    unlink(path);
    ax_spike_stats_free(fs);
    ax_spike_stats_free(st);
    free(t);
    free(id);
    ax_spike_trains_free(&s);
}

/* A chunk with a bad event adds nothing. */
Test(trains_stream, a_bad_chunk_is_refused_whole)
{
    ax_error err;
    ax_spike_stats_spec spec = {2, 0, 100, 10, 1, 50, 5};
    ax_spike_stats *st = ax_spike_stats_create(&spec, &err);
    static const double t[] = {1, 2, 200};
    static const uint32_t id[] = {0, 1, 0};
    cr_expect_eq(ax_spike_stats_add(st, t, id, 3, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "event 2: time 200 ms") != NULL, "%s", err.message);
    uint64_t c[2];
    ax_spike_stats_get_neurons(st, c, NULL, NULL, NULL, NULL, &err);
    cr_expect(c[0] == 0 && c[1] == 0);
    ax_spike_stats_free(st);
}
