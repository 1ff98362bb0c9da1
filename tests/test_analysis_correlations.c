/*
 * test_analysis_correlations.c - correlations and synchrony of spike
 * trains (docs/analysis.md, "Correlations and synchrony"): Pearson's r of
 * binned counts (matrix, sampled pairs, summary), pearsonr of two series,
 * cross- and autocorrelograms, Golomb's chi^2.
 *
 * References: tests/reference/make_correlations.py (numpy.corrcoef on
 * numpy.histogram counts, scipy.stats.pearsonr, all-pairs correlograms in
 * numpy, chi^2 from its definition in numpy) on twelve trains made to hold
 * the edge cases: a silent train, one spike, spikes on both ends of the
 * interval and a repeated time, a copy (r = 1), two trains with a shared
 * input, a train with constant counts, all spikes in one bin, and a partial
 * last bin with a spike in it.  tests/python/test_analysis_correlations.py
 * compares the same calls with the references live on random inputs.
 */
#include <omp.h>

#include "helpers.h"

#define REF "tests/reference/correlations_"

/* The reference trains as a view (arrays owned by the struct). */
typedef struct ref_trains {
    ax_spike_trains view;
    size_t *offsets;
    double *times;
} ref_trains;

static ref_trains load_trains(void)
{
    csv_table setup = read_csv(REF "setup.csv"), spikes = read_csv(REF "trains.csv");
    ref_trains r;
    size_t n = (size_t)setup.data[0];
    r.offsets = calloc(n + 1, sizeof *r.offsets);
    r.times = malloc(spikes.rows * sizeof *r.times);
    for (size_t s = 0; s < spikes.rows; s++) {
        r.offsets[(size_t)spikes.data[2 * s] + 1]++;
        r.times[s] = spikes.data[2 * s + 1];   /* the file is in train order */
    }
    for (size_t k = 0; k < n; k++)
        r.offsets[k + 1] += r.offsets[k];
    r.view = (ax_spike_trains){n, r.offsets, r.times, setup.data[1], setup.data[2]};
    csv_free(&setup);
    csv_free(&spikes);
    return r;
}

static void free_trains(ref_trains *r)
{
    free(r->offsets);
    free(r->times);
}

/* The call (made with err = NULL) succeeds. */
#define CHECK(call)                                                                                                \
    do {                                                                                                           \
        ax_status st_ = (call);                                                                                    \
        cr_assert_eq(st_, AX_OK, "%s -> %s", #call, ax_status_name(st_));                                        \
    } while (0)

/* Same value to `rel` relative (NaN only where NaN is expected). */
static void expect_close(double got, double want, double rel, const char *what, size_t k)
{
    if (isnan(want)) {
        cr_expect(isnan(got), "%s [%zu]: %.17g, expected NaN", what, k, got);
        return;
    }
    cr_expect(fabs(got - want) <= rel * fmax(fabs(want), 1e-3), "%s [%zu]: %.17g, expected %.17g", what, k, got,
              want);
}

/* numpy.corrcoef on the counts of numpy.histogram, bins of 5, 50 and 0.7 ms
 * (the 50 ms matrix takes the dense product, the others the sparse one).
 * The sums here are exact, numpy's rounded: 1e-12 relative, floored at 1e-3
 * in absolute terms for coefficients near 0.  A wrong divisor (n - 1 in the
 * covariance and n in the variances) or a partial last bin counted as a
 * whole one moves r by far more (train 5's spike at t_stop is in that bin). */
Test(correlations, matrix_matches_numpy_corrcoef)
{
    ref_trains t = load_trains();
    csv_table ref = read_csv(REF "matrix.csv");
    size_t n = t.view.n_trains, at = 0;
    double *r = malloc(n * n * sizeof *r);
    for (int b = 0; b < 3; b++) {
        double bin = ref.data[at * 4];
        ax_error err;
        cr_assert_eq(ax_spike_trains_correlation_matrix(&t.view, NULL, 0, bin, r, &err), AX_OK, "%s", err.message);
        for (size_t k = 0; k < n * n; k++, at++) {
            cr_assert_eq(ref.data[at * 4], bin);
            expect_close(r[k], ref.data[at * 4 + 3], 1e-12, "r", k);
        }
        /* the documented cases: a copy is 1, silent and constant trains are NaN */
        cr_expect_eq(r[1 * n + 6], 1.0);
        cr_expect(isnan(r[3 * n + 3]) && isnan(r[0 * n + 3]));
        if (bin == 5.0)
            cr_expect(isnan(r[9 * n + 9]) && isnan(r[9 * n + 2]), "one spike in each bin: constant counts");
    }
    cr_assert_eq(at, ref.rows);
    free(r);
    csv_free(&ref);
    free_trains(&t);
}

/* Chosen trains in any order give the corresponding entries of the whole
 * matrix, bit for bit, and the result does not depend on the thread count. */
Test(correlations, chosen_trains_and_any_thread_count_give_the_same_bits)
{
    ref_trains t = load_trains();
    size_t n = t.view.n_trains;
    static const size_t which[] = {11, 0, 7, 8, 2};
    double *all = malloc(n * n * sizeof *all), some[25], again[25];
    for (int dense = 0; dense < 2; dense++) {
        double bin = dense ? 50.0 : 5.0;
        omp_set_num_threads(1);
        CHECK(ax_spike_trains_correlation_matrix(&t.view, NULL, 0, bin, all, NULL));
        CHECK(ax_spike_trains_correlation_matrix(&t.view, which, 5, bin, some, NULL));
        omp_set_num_threads(3);
        CHECK(ax_spike_trains_correlation_matrix(&t.view, which, 5, bin, again, NULL));
        for (size_t a = 0; a < 5; a++)
            for (size_t b = 0; b < 5; b++) {
                double want = all[which[a] * n + which[b]];
                cr_expect(memcmp(&some[a * 5 + b], &want, sizeof want) == 0, "(%zu, %zu)", a, b);
                cr_expect(memcmp(&again[a * 5 + b], &want, sizeof want) == 0, "(%zu, %zu), 3 threads", a, b);
            }
    }
    free(all);
    free_trains(&t);
}

/* Dense trains (most 1 ms bins hold a spike of most trains: the dense
 * product, over several blocks of rows and bins) give the same bits on 1
 * and 3 threads, and r = 1 for a copy. */
Test(correlations, dense_product_is_the_same_on_any_thread_count)
{
    enum { N = 40, PER = 2000 };
    size_t *off = malloc((N + 1) * sizeof *off);
    double *t = malloc(N * PER * sizeof *t), *r1 = malloc(N * N * sizeof *r1), *r3 = malloc(N * N * sizeof *r3);
    uint64_t x = 88172645463325252ull;
    for (size_t a = 0; a <= N; a++)
        off[a] = a * PER;
    for (size_t a = 0; a < N; a++) {
        double now = 0;
        for (size_t s = 0; s < PER; s++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;   /* xorshift64: gaps uniform in [0, 2) ms */
            now += (double)(x >> 11) * 0x1p-52;
            t[a * PER + s] = a == N - 1 ? t[s] : now;
        }
    }
    ax_spike_trains s = {N, off, t, 0, 2200};   /* the sums of 2000 gaps stay below 2200 (sd 26) */
    omp_set_num_threads(1);
    CHECK(ax_spike_trains_correlation_matrix(&s, NULL, 0, 1.0, r1, NULL));
    omp_set_num_threads(3);
    CHECK(ax_spike_trains_correlation_matrix(&s, NULL, 0, 1.0, r3, NULL));
    cr_expect(memcmp(r1, r3, N * N * sizeof *r1) == 0);
    cr_expect_eq(r1[N - 1], 1.0);
    free(off), free(t), free(r1), free(r3);
}

/* Every pair drawn (n_pairs = all of them) is every pair once, sorted, with
 * the matrix's values; a smaller sample is distinct sorted pairs i < j with
 * the matrix's values, the same for the same seed on any thread count. */
Test(correlations, sampled_pairs_are_distinct_sorted_and_the_matrix_values)
{
    ref_trains t = load_trains();
    size_t n = t.view.n_trains, m = n * (n - 1) / 2;
    double *mat = malloc(n * n * sizeof *mat), *r = malloc(m * sizeof *r), *r2 = malloc(m * sizeof *r2);
    size_t *i = malloc(m * sizeof *i), *j = malloc(m * sizeof *j), *i2 = malloc(m * sizeof *i2),
           *j2 = malloc(m * sizeof *j2);
    CHECK(ax_spike_trains_correlation_matrix(&t.view, NULL, 0, 5.0, mat, NULL));
    CHECK(ax_spike_trains_correlation_pairs(&t.view, 5.0, m, 9, i, j, r, NULL));
    size_t p = 0;
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++, p++) {
            cr_expect(i[p] == a && j[p] == b, "pair %zu: (%zu, %zu), expected (%zu, %zu)", p, i[p], j[p], a, b);
            cr_expect(memcmp(&r[p], &mat[a * n + b], sizeof r[p]) == 0, "pair (%zu, %zu)", a, b);
        }
    omp_set_num_threads(1);
    CHECK(ax_spike_trains_correlation_pairs(&t.view, 5.0, 20, 42, i, j, r, NULL));
    omp_set_num_threads(3);
    CHECK(ax_spike_trains_correlation_pairs(&t.view, 5.0, 20, 42, i2, j2, r2, NULL));
    for (p = 0; p < 20; p++) {
        cr_expect(i[p] < j[p] && j[p] < n);
        cr_expect(p == 0 || i[p] > i[p - 1] || (i[p] == i[p - 1] && j[p] > j[p - 1]), "not sorted and distinct");
        cr_expect(i2[p] == i[p] && j2[p] == j[p] && memcmp(&r2[p], &r[p], sizeof r[p]) == 0, "seed 42 again");
        cr_expect(memcmp(&r[p], &mat[i[p] * n + j[p]], sizeof r[p]) == 0);
    }
    CHECK(ax_spike_trains_correlation_pairs(&t.view, 5.0, 20, 43, i2, j2, r2, NULL));
    int differ = 0;
    for (p = 0; p < 20; p++)
        differ |= i2[p] != i[p] || j2[p] != j[p];
    cr_expect(differ, "seeds 42 and 43 drew the same 20 of 66 pairs");
    free(mat), free(r), free(r2), free(i), free(j), free(i2), free(j2);
    free_trains(&t);
}

/* One pair of 5 trains (10 pairs) with 4000 seeds: each pair about 400
 * times.  Pearson's chi^2 with 9 degrees of freedom exceeds 27.9 with
 * probability 0.001; a sampler that never drew the last row (an off-by-one
 * in the decoding) or favoured low indices fails by hundreds. */
Test(correlations, sampled_pairs_are_uniform)
{
    static const size_t off[] = {0, 2, 4, 6, 8, 10};
    static const double tt[] = {1, 5, 2, 7, 1, 3, 4, 8, 2, 9};
    ax_spike_trains s = {5, off, tt, 0, 10};
    double seen[10] = {0};
    for (uint64_t seed = 0; seed < 4000; seed++) {
        size_t i, j;
        double r;
        CHECK(ax_spike_trains_correlation_pairs(&s, 1.0, 1, seed, &i, &j, &r, NULL));
        seen[i * (9 - i) / 2 + j - i - 1]++;
    }
    double chi2 = 0;
    for (int k = 0; k < 10; k++)
        chi2 += (seen[k] - 400) * (seen[k] - 400) / 400;
    cr_expect_lt(chi2, 27.9, "chi^2 = %g", chi2);
}

Test(correlations, summary_of_known_values)
{
    static const double r[] = {NAN, 0.1, -0.5, 0.3, 0.9, NAN};
    ax_correlation_summary s;
    CHECK(ax_spike_trains_correlation_summary(r, 6, &s, NULL));
    cr_expect(s.n_defined == 4 && s.n_undefined == 2);
    /* sorted -0.5 0.1 0.3 0.9; numpy.quantile: h = 3 q */
    cr_expect_float_eq(s.mean, 0.2, 1e-15);
    cr_expect_float_eq(s.sd, sqrt(1.0 / 3.0), 1e-15);
    cr_expect_float_eq(s.q25, -0.05, 1e-15);
    cr_expect_float_eq(s.median, 0.2, 1e-15);
    cr_expect_float_eq(s.q75, 0.45, 1e-15);
    cr_expect(s.min == -0.5 && s.max == 0.9);
    static const double none[] = {NAN, NAN};
    CHECK(ax_spike_trains_correlation_summary(none, 2, &s, NULL));
    cr_expect(s.n_defined == 0 && s.n_undefined == 2 && isnan(s.mean) && isnan(s.median) && isnan(s.sd));
    CHECK(ax_spike_trains_correlation_summary(r + 1, 1, &s, NULL));
    cr_expect(s.mean == 0.1 && isnan(s.sd) && s.q25 == 0.1 && s.max == 0.1);
}

/* scipy.stats.pearsonr on 300 values (y offset by 1000, so that a one-pass
 * formula would lose digits): 1e-12 relative.  Constant series are NaN,
 * also when their computed mean is not their value (0.1 three times). */
Test(correlations, pearsonr_matches_scipy)
{
    csv_table ref = read_csv(REF "pearsonr.csv");
    double *x = malloc(ref.rows * sizeof *x), *y = malloc(ref.rows * sizeof *y), r;
    for (size_t k = 0; k < ref.rows; k++)
        x[k] = ref.data[3 * k], y[k] = ref.data[3 * k + 1];
    CHECK(ax_signal_pearsonr(x, y, ref.rows, &r, NULL));
    expect_close(r, ref.data[2], 1e-12, "pearsonr", 0);
    static const double c[] = {0.1, 0.1, 0.1}, v[] = {1, 2, 4};
    CHECK(ax_signal_pearsonr(c, v, 3, &r, NULL));
    cr_expect(isnan(r));
    CHECK(ax_signal_pearsonr(v, v, 3, &r, NULL));
    cr_expect_eq(r, 1.0);
    static const double big[] = {1e300, -1e300, 5e299};
    CHECK(ax_signal_pearsonr(big, v, 3, &r, NULL));
    cr_expect(isfinite(r) && fabs(r) <= 1, "values near DBL_MAX: %g", r);
    free(x), free(y);
    csv_free(&ref);
}

/* All-pairs correlograms in numpy, exactly (integer counts); the rate form
 * is counts / (n_a bin / 1000). */
Test(correlations, correlograms_match_all_pairs)
{
    ref_trains t = load_trains();
    csv_table ref = read_csv(REF "correlograms.csv");
    size_t row = 0;
    while (row < ref.rows) {
        const double *h = ref.data + row * 7;
        int kind = (int)h[0];
        size_t a = (size_t)h[1], b = (size_t)h[2], n_bins;
        double bin = h[3], lag = h[4];
        CHECK(ax_spike_trains_correlogram_size(bin, lag, &n_bins, NULL));
        double *out = malloc(n_bins * sizeof *out), *rate = malloc(n_bins * sizeof *rate);
        ax_error err;
        ax_status st = kind ? ax_spike_trains_autocorrelogram(&t.view, a, bin, lag, AX_CORRELOGRAM_COUNTS, out,
                                                              n_bins, &err)
                            : ax_spike_trains_cross_correlogram(&t.view, a, b, bin, lag, AX_CORRELOGRAM_COUNTS, out,
                                                                n_bins, &err);
        cr_assert_eq(st, AX_OK, "%s", err.message);
        st = kind ? ax_spike_trains_autocorrelogram(&t.view, a, bin, lag, AX_CORRELOGRAM_RATE, rate, n_bins, &err)
                  : ax_spike_trains_cross_correlogram(&t.view, a, b, bin, lag, AX_CORRELOGRAM_RATE, rate, n_bins,
                                                      &err);
        cr_assert_eq(st, AX_OK, "%s", err.message);
        double n_a = (double)(t.offsets[a + 1] - t.offsets[a]);
        for (size_t q = 0; q < n_bins; q++, row++) {
            cr_assert_lt(row, ref.rows);
            cr_expect_eq(ref.data[row * 7 + 5], ((double)q - (double)(n_bins / 2)) * bin, "lag of bin %zu", q);
            cr_expect_eq(out[q], ref.data[row * 7 + 6], "kind %d (%zu, %zu) bin %g lag %g ms: %g, expected %g",
                         kind, a, b, bin, ref.data[row * 7 + 5], out[q], ref.data[row * 7 + 6]);
            cr_expect_float_eq(rate[q], out[q] / (n_a * bin / 1000.0), 1e-12 * fmax(rate[q], 1));
            if (kind)
                cr_expect_eq(out[q], out[n_bins - 1 - q], "the autocorrelogram is symmetric");
        }
        free(out), free(rate);
    }
    free_trains(&t);
    csv_free(&ref);
}

/* Edges: the silent train's rate correlogram is NaN (no reference spike),
 * its counts 0; a window wider than the data counts every pair;
 * max_lag_ms < bin_ms is the one bin of lag 0: pairs closer than bin/2. */
Test(correlations, correlogram_edges)
{
    ref_trains t = load_trains();
    double out[3], wide[2001];
    CHECK(ax_spike_trains_cross_correlogram(&t.view, 3, 0, 1.0, 1.0, AX_CORRELOGRAM_RATE, out, 3, NULL));
    cr_expect(isnan(out[0]) && isnan(out[1]) && isnan(out[2]));
    CHECK(ax_spike_trains_cross_correlogram(&t.view, 0, 3, 1.0, 1.0, AX_CORRELOGRAM_COUNTS, out, 3, NULL));
    cr_expect(out[0] == 0 && out[1] == 0 && out[2] == 0);
    size_t n_bins;
    CHECK(ax_spike_trains_correlogram_size(1.0, 1000.0, &n_bins, NULL));
    cr_assert_eq(n_bins, 2001);
    CHECK(ax_spike_trains_cross_correlogram(&t.view, 0, 2, 1.0, 1000.0, AX_CORRELOGRAM_COUNTS, wide, 2001, NULL));
    double sum = 0;
    for (size_t q = 0; q < n_bins; q++)
        sum += wide[q];
    size_t n0 = t.offsets[1] - t.offsets[0], n2 = t.offsets[3] - t.offsets[2];
    cr_expect_eq(sum, (double)(n0 * n2), "every pair: %g of %zu", sum, n0 * n2);
    CHECK(ax_spike_trains_correlogram_size(1.0, 0.4, &n_bins, NULL));
    cr_assert_eq(n_bins, 1);
    CHECK(ax_spike_trains_autocorrelogram(&t.view, 10, 1.0, 0.4, AX_CORRELOGRAM_COUNTS, out, 1, NULL));
    cr_expect_eq(out[0], 12.0, "4 spikes at one time: 4 x 3 ordered pairs at lag 0, none with itself");
    CHECK(ax_spike_trains_cross_correlogram(&t.view, 10, 10, 1.0, 0.4, AX_CORRELOGRAM_COUNTS, out, 1, NULL));
    cr_expect_eq(out[0], 16.0, "with the self pairs");
    free_trains(&t);
}

/* chi^2 from its definition in numpy (variances of the population mean and
 * of each train, smoothed or not): 1e-12 relative (the binned sums are
 * exact here, rounded in numpy; the smoothed ones are sums of the same
 * terms in another order).  A mean of the standard deviations instead of
 * the variances in the denominator (a common slip) changes it by > 20%
 * (tests/python/test_analysis_correlations.py shows it). */
Test(correlations, synchrony_matches_its_definition)
{
    ref_trains t = load_trains();
    csv_table ref = read_csv(REF "synchrony.csv");
    for (size_t row = 0; row < ref.rows; row++) {
        double chi2, bin = ref.data[3 * row], sigma = ref.data[3 * row + 1];
        ax_error err;
        cr_assert_eq(ax_spike_trains_synchrony(&t.view, bin, sigma, &chi2, &err), AX_OK, "%s", err.message);
        expect_close(chi2, ref.data[3 * row + 2], 1e-12, "chi2", row);
        cr_expect(chi2 >= 0 && chi2 <= 1);
    }
    csv_free(&ref);
    free_trains(&t);
}

/* Identical trains are 1 exactly (binned: integer sums), one train 1,
 * silent trains NaN; smoothing keeps identical trains at 1. */
Test(correlations, synchrony_edges)
{
    static const size_t off[] = {0, 3, 6, 9}, off0[] = {0, 0, 0};
    static const double same[] = {1, 4.5, 8, 1, 4.5, 8, 1, 4.5, 8};
    ax_spike_trains s = {3, off, same, 0, 10}, one = {1, off, same, 0, 10}, silent = {2, off0, same, 0, 10};
    double chi2;
    CHECK(ax_spike_trains_synchrony(&s, 1.0, 0.0, &chi2, NULL));
    cr_expect_eq(chi2, 1.0);
    CHECK(ax_spike_trains_synchrony(&s, 1.0, 1.5, &chi2, NULL));
    cr_expect_float_eq(chi2, 1.0, 1e-14);
    CHECK(ax_spike_trains_synchrony(&one, 1.0, 0.0, &chi2, NULL));
    cr_expect_eq(chi2, 1.0);
    CHECK(ax_spike_trains_synchrony(&silent, 1.0, 0.0, &chi2, NULL));
    cr_expect(isnan(chi2));
    CHECK(ax_spike_trains_synchrony(&silent, 1.0, 3.0, &chi2, NULL));
    cr_expect(isnan(chi2));
}

/* Binning edges: a spike at t_stop is in the last bin when the bins fill
 * the interval and dropped with a partial last bin; a spike at t_start is in
 * bin 0; bins wider than half the interval are refused. */
Test(correlations, binning_edges)
{
    static const size_t off[] = {0, 2, 4};
    static const double t[] = {0, 10, 0, 3};
    ax_spike_trains s = {2, off, t, 0, 10};
    double r[4];
    /* bins of 5: counts (1, 1) and (1, 0): train 0 constant */
    CHECK(ax_spike_trains_correlation_matrix(&s, NULL, 0, 5.0, r, NULL));
    cr_expect(isnan(r[0]) && isnan(r[1]) && r[3] == 1.0);
    /* bins of 4 (two whole, 8 to 10 dropped): (1, 0) and (2, 0): r = 1 */
    CHECK(ax_spike_trains_correlation_matrix(&s, NULL, 0, 4.0, r, NULL));
    cr_expect_eq(r[1], 1.0);
    /* bins of 2.5: (1, 0, 0, 1) and (1, 1, 0, 0): r = 0; with t_stop's spike left out it would be 1/sqrt(3) */
    CHECK(ax_spike_trains_correlation_matrix(&s, NULL, 0, 2.5, r, NULL));
    cr_expect_eq(r[1], 0.0);
    ax_error err;
    cr_expect_eq(ax_spike_trains_correlation_matrix(&s, NULL, 0, 6.0, r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "1 whole bins") != NULL, "%s", err.message);
    cr_expect_eq(ax_spike_trains_correlation_matrix(&s, NULL, 0, 20.0, r, &err), AX_ERR_ARGUMENT);
    cr_expect_eq(ax_spike_trains_synchrony(&s, 20.0, 0, r, &err), AX_ERR_ARGUMENT);
    /* bin edges computed as t_start + k bin: 0.3 is in bin 3 of 0.1 ms (0.1 * 3 = 0.30000000000000004 > 0.3) */
    static const double u[] = {0.3, 0.3};
    static const size_t off1[] = {0, 1, 2};
    ax_spike_trains e = {2, off1, u, 0, 1};
    CHECK(ax_spike_trains_correlation_matrix(&e, NULL, 0, 0.1, r, NULL));
    cr_expect_eq(r[1], 1.0);
}
