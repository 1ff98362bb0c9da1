/*
 * test_analysis_stats.c - statistical tests, their distributions, the
 * Wasserstein distance and pattern recall (docs/analysis.md) on hand cases
 * whose answers are closed forms or published values; the comparisons with
 * SciPy on random inputs are in tests/python/test_analysis_stats.py.
 */
#include "helpers.h"

#define REL(got, want, tol)                                                                                      \
    cr_expect(fabs((got) - (want)) <= (tol) * fabs(want), "%s = %.17g, expected %.17g (relative %g > %g)", #got, \
              (double)(got), (double)(want), fabs((got) - (want)) / fabs(want), (double)(tol))

static double beta_inc(double a, double b, double x)
{
    double out;
    ax_error err;
    cr_assert_eq(ax_stats_beta_inc(a, b, x, &out, &err), AX_OK, "%s", err.message);
    return out;
}

/* Closed forms: I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 - (1-x)^b,
 * I_{1/2}(a, a) = 1/2, and I_x(k, n-k+1) = P(Binomial(n, x) >= k). */
Test(analysis_stats, beta_inc_closed_forms)
{
    for (double x = 0.05; x < 1; x += 0.1) {
        REL(beta_inc(1, 1, x), x, 1e-15);
        REL(beta_inc(3.5, 1, x), pow(x, 3.5), 1e-14);
        REL(beta_inc(1, 2.5, x), -expm1(2.5 * log1p(-x)), 1e-14);
        double binom = 6 * x * x * (1 - x) * (1 - x) + 4 * x * x * x * (1 - x) + x * x * x * x;   /* n 4, k 2 */
        REL(beta_inc(2, 3, x), binom, 1e-14);
    }
    for (double a = 0.3; a < 3e5; a *= 3.7)   /* measured 1.2e-13 at a ~ 1e4: the prefactor's logs */
        REL(beta_inc(a, a, 0.5), 0.5, 5e-13);
    cr_expect_eq(beta_inc(2, 3, 0), 0.0);
    cr_expect_eq(beta_inc(2, 3, 1), 1.0);
}

/* df = 1 (Cauchy): P(T > t) = atan(1/t) / pi; df = 2: P(T > t) = 1 / (s (s + t)), s = sqrt(2 + t^2);
 * both written without cancellation, so the far tail is checked too.  A tail taken as 1 - cdf would
 * give 0 beyond t ~ 1e16 and fail.  Relative 2e-13: the tail is exp of a log of magnitude up to ~690,
 * which carries ~690 eps = 1.5e-13 (measured 1.03e-13 below 1e-200, 1e-15 above 1e-100). */
Test(analysis_stats, t_distribution_closed_forms)
{
    ax_error err;
    for (double t = 1e-3; t < 1e300; t *= 7.3) {
        double cdf, sf, s = sqrt(2 + t * t);
        cr_assert_eq(ax_stats_t_cdf(t, 1, &cdf, &sf, &err), AX_OK, "%s", err.message);
        REL(sf, atan(1 / t) / M_PI, 2e-13);
        cr_assert_eq(ax_stats_t_cdf(-t, 1, &cdf, NULL, &err), AX_OK);
        REL(cdf, atan(1 / t) / M_PI, 2e-13);
        if (t < 1e150) {
            cr_assert_eq(ax_stats_t_cdf(t, 2, NULL, &sf, &err), AX_OK);
            REL(sf, 1 / (s * (s + t)), 2e-13);
        }
    }
    double cdf, sf;
    cr_assert_eq(ax_stats_t_cdf(0, 5, &cdf, &sf, &err), AX_OK);
    cr_expect(cdf == 0.5 && sf == 0.5);
    cr_expect_eq(ax_stats_t_cdf(NAN, 5, &cdf, &sf, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "t is NaN"));
    cr_expect_eq(ax_stats_t_cdf(1, INFINITY, &cdf, &sf, &err), AX_ERR_ARGUMENT);
    cr_expect_eq(ax_stats_t_cdf(1, 2, NULL, NULL, &err), AX_ERR_ARGUMENT);
}

/* Student's sleep data (Cushny & Peebles 1905) with R's published results (R's t.test examples, 4-5
 * digits): Welch t = -1.8608, df = 17.776, p = 0.07939; Student df = 18, p = 0.07919; paired t = -4.0621,
 * df = 9, p = 0.002833. */
Test(analysis_stats, ttests_on_the_sleep_data)
{
    static const double g1[] = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    static const double g2[] = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
    ax_stats_ttest_result r;
    ax_error err;
    cr_assert_eq(ax_stats_ttest_ind(g1, 10, g2, 10, 0, AX_STATS_TWO_SIDED, &r, &err), AX_OK, "%s", err.message);
    cr_expect(fabs(r.statistic + 1.8608) < 5e-5 && fabs(r.df - 17.776) < 5e-4 && fabs(r.pvalue - 0.07939) < 5e-6,
              "Welch: t %g df %g p %g", r.statistic, r.df, r.pvalue);
    cr_assert_eq(ax_stats_ttest_ind(g1, 10, g2, 10, 1, AX_STATS_TWO_SIDED, &r, &err), AX_OK);
    cr_expect(fabs(r.statistic + 1.8608) < 5e-5 && r.df == 18 && fabs(r.pvalue - 0.07919) < 5e-6);
    double two = r.pvalue;
    cr_assert_eq(ax_stats_ttest_ind(g1, 10, g2, 10, 1, AX_STATS_LESS, &r, &err), AX_OK);
    REL(r.pvalue, two / 2, 1e-14);   /* t < 0: the lower tail is half the two-sided p */
    cr_assert_eq(ax_stats_ttest_ind(g1, 10, g2, 10, 1, AX_STATS_GREATER, &r, &err), AX_OK);
    REL(r.pvalue, 1 - two / 2, 1e-14);
    cr_assert_eq(ax_stats_ttest_rel(g1, g2, 10, AX_STATS_TWO_SIDED, &r, &err), AX_OK);
    cr_expect(fabs(r.statistic + 4.0621) < 5e-5 && r.df == 9 && fabs(r.pvalue - 0.002833) < 5e-7);
    /* the paired test is the one-sample test of the differences */
    double d[10];
    for (int i = 0; i < 10; i++)
        d[i] = g1[i] - g2[i];
    ax_stats_ttest_result one;
    cr_assert_eq(ax_stats_ttest_1samp(d, 10, 0, AX_STATS_TWO_SIDED, &one, &err), AX_OK);
    cr_expect(one.statistic == r.statistic && one.pvalue == r.pvalue);
}

Test(analysis_stats, ttest_refusals)
{
    static const double a[] = {1, 2, 3}, c[] = {4, 4, 4};
    const double bad[] = {1, INFINITY};
    ax_stats_ttest_result r = {0, 0, 0};
    ax_error err;
    cr_expect_eq(ax_stats_ttest_ind(c, 3, c, 3, 0, AX_STATS_TWO_SIDED, &r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "both samples are constant"), "%s", err.message);
    cr_expect(r.statistic == 0 && r.pvalue == 0, "out is untouched on an error");
    /* one constant sample is fine: Welch's df is then the other's n - 1 */
    cr_assert_eq(ax_stats_ttest_ind(a, 3, c, 3, 0, AX_STATS_TWO_SIDED, &r, &err), AX_OK);
    REL(r.df, 2.0, 1e-15);
    cr_expect_eq(ax_stats_ttest_ind(a, 3, bad, 2, 1, AX_STATS_TWO_SIDED, &r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "b[1] is inf"), "%s", err.message);
    cr_expect_eq(ax_stats_ttest_ind(a, 3, a, 3, 1, (ax_stats_alternative)7, &r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "alternative 7"), "%s", err.message);
    cr_expect_eq(ax_stats_ttest_1samp(a, 3, NAN, AX_STATS_TWO_SIDED, &r, &err), AX_ERR_ARGUMENT);
    const double huge[] = {1e300, -1e300, 1e300};
    cr_expect_eq(ax_stats_ttest_1samp(huge, 3, 0, AX_STATS_TWO_SIDED, &r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "overflows"), "%s", err.message);
    cr_expect_eq(ax_stats_ttest_1samp(NULL, 3, 0, AX_STATS_TWO_SIDED, &r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "'a' is NULL"), "%s", err.message);
}

/* The one-sample two-sided distribution for n = 1: D = max(F, 1 - F) >= 1/2 and P(D_1 >= d) = 2 (1 - d);
 * Smirnov's one-sided for n = 1: P(D_1^+ >= d) = 1 - d; Kolmogorov's limit at 0 is 1. */
Test(analysis_stats, ks_distributions_small_n)
{
    ax_error err;
    double p;
    for (double d = 0.5; d < 1; d += 0.07) {
        cr_assert_eq(ax_stats_ks_kolmogorov_sf(d, 1, &p, &err), AX_OK);
        REL(p, 2 * (1 - d), 1e-14);
        cr_assert_eq(ax_stats_ks_smirnov_sf(d, 1, &p, &err), AX_OK);
        REL(p, 1 - d, 1e-14);
    }
    /* n = 2 by the Birnbaum-Tingey sum written out: (1-d)^2 + 2 d (1/2 - d) below d = 1/2, (1-d)^2 above */
    for (double d = 0.05; d < 1; d += 0.1) {
        cr_assert_eq(ax_stats_ks_smirnov_sf(d, 2, &p, &err), AX_OK);
        REL(p, (1 - d) * (1 - d) + (d < 0.5 ? 2 * d * (0.5 - d) : 0), 1e-14);
    }
    cr_assert_eq(ax_stats_ks_kolmogorov_limit_sf(0, &p, &err), AX_OK);
    cr_expect_eq(p, 1.0);
    cr_assert_eq(ax_stats_ks_kolmogorov_limit_sf(3, &p, &err), AX_OK);
    REL(p, 2 * (exp(-18) - exp(-72) + exp(-162)), 1e-14);
}

/* P(D >= d) of the two-sample statistic by brute force: every placement of the m values of the first sample
 * among the m + n pooled ranks is equally likely; D of each by walking it.  Checks the lattice-path
 * recursion independently of it (and of SciPy's closed forms for m = n). */
static void brute_force(int m, int n, double d, double *two, double *greater)
{
    int total = 0, hit2 = 0, hitg = 0;
    for (unsigned mask = 0; mask < (1u << (m + n)); mask++) {
        if (__builtin_popcount(mask) != m)
            continue;
        int x = 0, y = 0;
        double dmax = 0, dmin = 0;
        for (int k = 0; k < m + n; k++) {
            (mask >> k & 1) ? x++ : y++;
            double diff = (double)x / m - (double)y / n;
            dmax = fmax(dmax, diff), dmin = fmin(dmin, diff);
        }
        total++;
        hit2 += fmax(dmax, -dmin) >= d - 1e-12;
        hitg += dmax >= d - 1e-12;
    }
    *two = (double)hit2 / total;
    *greater = (double)hitg / total;
}

Test(analysis_stats, ks_2samp_exact_against_enumeration)
{
    static const int sizes[][2] = {{3, 5}, {4, 4}, {2, 7}, {6, 4}, {5, 5}, {1, 6}};
    ax_error err;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int m = sizes[s][0], n = sizes[s][1];
        /* samples interleaved so that D takes several values: a = 0, 2, 4, ...; b shifted by `shift` */
        for (double shift = -3.5; shift <= 9; shift += 1.0) {
            double a[8], b[8], two, greater;
            for (int i = 0; i < m; i++)
                a[i] = 2.0 * i;
            for (int j = 0; j < n; j++)
                b[j] = 1.0 * j + shift;
            ax_stats_ks_result r2, rg, rl;
            cr_assert_eq(ax_stats_ks_2samp(a, m, b, n, AX_STATS_TWO_SIDED, AX_STATS_KS_EXACT, &r2, &err), AX_OK);
            cr_assert_eq(ax_stats_ks_2samp(a, m, b, n, AX_STATS_GREATER, AX_STATS_KS_EXACT, &rg, &err), AX_OK);
            cr_assert_eq(ax_stats_ks_2samp(a, m, b, n, AX_STATS_LESS, AX_STATS_KS_EXACT, &rl, &err), AX_OK);
            cr_expect_eq(r2.statistic, fmax(rg.statistic, rl.statistic));
            brute_force(m, n, r2.statistic, &two, &greater);
            REL(r2.pvalue, two, 1e-13);
            brute_force(m, n, rg.statistic, &two, &greater);
            REL(rg.pvalue, greater, 1e-13);
            brute_force(m, n, rl.statistic, &two, &greater);
            REL(rl.pvalue, greater, 1e-13);   /* the null distribution of D- is that of D+ */
            cr_expect(r2.method == AX_STATS_KS_EXACT);
        }
    }
}

/* Two samples that do not overlap: D = 1, P = 2 / C(4, 2) two-sided, 1 / C(4, 2) one-sided. */
Test(analysis_stats, ks_2samp_separated_samples)
{
    static const double a[] = {1, 2}, b[] = {3, 4};
    ax_stats_ks_result r;
    ax_error err;
    cr_assert_eq(ax_stats_ks_2samp(a, 2, b, 2, AX_STATS_TWO_SIDED, AX_STATS_KS_AUTO, &r, &err), AX_OK);
    cr_expect(r.statistic == 1 && r.sign == 1 && r.location == 2);
    REL(r.pvalue, 1.0 / 3, 1e-15);
    cr_assert_eq(ax_stats_ks_2samp(a, 2, b, 2, AX_STATS_GREATER, AX_STATS_KS_AUTO, &r, &err), AX_OK);
    REL(r.pvalue, 1.0 / 6, 1e-15);
    cr_assert_eq(ax_stats_ks_2samp(a, 2, b, 2, AX_STATS_LESS, AX_STATS_KS_AUTO, &r, &err), AX_OK);
    cr_expect(r.statistic == 0 && r.pvalue == 1);
    const double nan_b[] = {3, NAN};
    cr_expect_eq(ax_stats_ks_2samp(a, 2, nan_b, 2, AX_STATS_LESS, AX_STATS_KS_AUTO, &r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "b[1] is NaN"), "%s", err.message);
    cr_expect_eq(ax_stats_ks_2samp(a, 2, b, 2, AX_STATS_LESS, (ax_stats_ks_method)9, &r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "method 9"), "%s", err.message);
}

static double identity_cdf(double x, void *user)
{
    (void)user;
    return x;
}

static double broken_cdf(double x, void *user)
{
    (void)user;
    return x > 0.5 ? NAN : x;
}

/* One value x against uniform(0, 1): D+ = 1 - x, D- = x, P(D_1 >= d) = 2 (1 - d). */
Test(analysis_stats, ks_1samp_one_value)
{
    ax_stats_ks_result r;
    ax_error err;
    const double x[] = {0.3};
    cr_assert_eq(ax_stats_ks_1samp(x, 1, identity_cdf, NULL, AX_STATS_TWO_SIDED, AX_STATS_KS_AUTO, &r, &err), AX_OK);
    REL(r.statistic, 0.7, 1e-15);
    REL(r.pvalue, 0.6, 1e-14);
    cr_expect(r.sign == 1 && r.location == 0.3 && r.method == AX_STATS_KS_EXACT);
    cr_assert_eq(ax_stats_ks_1samp(x, 1, identity_cdf, NULL, AX_STATS_LESS, AX_STATS_KS_AUTO, &r, &err), AX_OK);
    REL(r.statistic, 0.3, 1e-15);
    REL(r.pvalue, 0.7, 1e-14);   /* smirnov(1, d) = 1 - d */
    cr_assert_eq(ax_stats_ks_1samp_dist(x, 1, AX_STATS_UNIFORM, 0, 1, AX_STATS_TWO_SIDED, AX_STATS_KS_ASYMP, &r,
                                        &err), AX_OK);
    double lim;
    ax_stats_ks_kolmogorov_limit_sf(0.7, &lim, &err);
    cr_expect(r.pvalue == lim && r.method == AX_STATS_KS_ASYMP);
    const double two[] = {0.2, 0.9};
    cr_expect_eq(ax_stats_ks_1samp(two, 2, broken_cdf, NULL, AX_STATS_TWO_SIDED, AX_STATS_KS_AUTO, &r, &err),
                 AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "CDF at x = 0.9 is nan"), "%s", err.message);
    cr_expect_eq(ax_stats_ks_1samp_dist(two, 2, AX_STATS_EXPONENTIAL, 0, 0, AX_STATS_TWO_SIDED, AX_STATS_KS_AUTO, &r,
                                        &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "ax_stats_ks_1samp_dist: exponential rate 0"), "%s", err.message);
}

Test(analysis_stats, wasserstein_hand_cases)
{
    static const double u[] = {0, 1}, v[] = {1, 2}, w[] = {0, 10}, ww[] = {3, 1}, z[] = {0};
    ax_error err;
    double d;
    cr_assert_eq(ax_stats_wasserstein_distance(u, NULL, 2, v, NULL, 2, &d, &err), AX_OK);
    cr_expect_eq(d, 1.0);
    /* a quarter of the mass moved by 10 */
    cr_assert_eq(ax_stats_wasserstein_distance(w, ww, 2, z, NULL, 1, &d, &err), AX_OK);
    REL(d, 2.5, 1e-15);
    cr_assert_eq(ax_stats_wasserstein_distance(z, NULL, 1, w, ww, 2, &d, &err), AX_OK);
    REL(d, 2.5, 1e-15);
    static const double zero_w[] = {0, 0};
    cr_expect_eq(ax_stats_wasserstein_distance(u, zero_w, 2, v, NULL, 2, &d, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "weights of 'u' are all 0"), "%s", err.message);
    cr_expect_eq(ax_stats_wasserstein_distance(u, NULL, 0, v, NULL, 2, &d, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "'u' is empty"), "%s", err.message);
}

/* A 7 x 7 bipolar pattern recalled with 4 wrong cells (on: >= 5 spikes): 45/49 >= 90 %, the seed's
 * doc-test criterion; the inverted pattern wins the sweep when the network settled into it. */
Test(analysis_stats, pattern_recall_hand_cases)
{
    double pattern[49], counts[49], inverse[49];
    for (int i = 0; i < 49; i++) {
        pattern[i] = i % 2 ? 1 : -1;
        inverse[i] = -pattern[i];
        counts[i] = pattern[i] > 0 ? 7 : 1;
    }
    counts[0] = 9, counts[1] = 0, counts[2] = 5, counts[3] = 4;   /* cells 0, 1, 2, 3 wrong at threshold 5 */
    ax_error err;
    double acc;
    cr_assert_eq(ax_pattern_recall_accuracy(counts, pattern, 49, 5, &acc, &err), AX_OK, "%s", err.message);
    REL(acc, 45.0 / 49, 1e-15);
    cr_expect(acc >= 0.9);
    ax_pattern_sweep_result r;
    cr_assert_eq(ax_pattern_recall_sweep(counts, pattern, 49, NULL, 0, NULL, NULL, &r, &err), AX_OK);
    /* threshold 4 puts cell 3 (4 spikes, on in the pattern) right: 46/49; 1 turns every off cell on */
    cr_expect(r.inverted == 0 && r.threshold == 4, "threshold %g inverted %d", r.threshold, r.inverted);
    REL(r.accuracy, 46.0 / 49, 1e-15);
    cr_assert_eq(ax_pattern_recall_sweep(counts, inverse, 49, NULL, 0, NULL, NULL, &r, &err), AX_OK);
    cr_expect(r.inverted == 1 && r.threshold == 4);
    REL(r.accuracy, 46.0 / 49, 1e-15);
    const double th[] = {10, 0, 5};
    double a[3], ia[3];
    cr_assert_eq(ax_pattern_recall_sweep(counts, pattern, 49, th, 3, a, ia, &r, &err), AX_OK);
    /* 10: all off, the 25 off cells agree; 0: all on, the 24 on cells */
    cr_expect(a[0] == 25.0 / 49 && a[1] == 24.0 / 49 && a[2] == 45.0 / 49 && ia[2] == 4.0 / 49,
              "%g %g %g", a[0], a[1], a[2]);
    cr_expect(r.threshold == 5);
    /* best match: the pattern, its inverse (r = -r) and a constant row */
    double rows[3 * 49], rr[3];
    for (int i = 0; i < 49; i++)
        rows[i] = inverse[i], rows[49 + i] = 1, rows[98 + i] = pattern[i];
    size_t best;
    cr_assert_eq(ax_pattern_best_match(counts, 49, rows, 3, rr, &best, &err), AX_OK, "%s", err.message);
    cr_expect(best == 2 && isnan(rr[1]) && fabs(rr[0] + rr[2]) < 1e-15 && rr[2] > 0.8, "best %zu r %g %g %g",
              best, rr[0], rr[1], rr[2]);
    cr_expect_eq(ax_pattern_best_match(counts, 49, rows + 49, 1, rr, &best, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "all 1 patterns are constant"), "%s", err.message);
}

/* The distributions against SciPy's values on grids through the tails and the algorithm switches
 * (tests/reference/make_stats.py).  Tolerances, relative, with what limits them: t 1e-12 (x^(df/2) of a
 * rounded x; measured 3e-13), incomplete beta 1e-12 max(1, (a+b)/100) (the fraction's rounding grows with
 * a + b), smirnov 1e-12 (logs of terms; measured 1.6e-13), kstwo 1e-10 or 1e-13 absolute (1 - cdf of the
 * Durbin matrix, as SciPy), kstwobign 1e-13. */
Test(analysis_stats, distributions_against_scipy_tables)
{
    csv_table t = read_csv("tests/reference/stats_distributions.csv");
    cr_assert_gt(t.rows, 500);
    size_t per_kind[7] = {0};
    for (size_t i = 0; i < t.rows; i++) {
        const double *r = t.data + i * t.cols;
        int kind = (int)r[0];
        double a = r[1], b = r[2], x = r[3], want = r[4], got = NAN, tol = 1e-12, abs_tol = 0;
        ax_error err;
        ax_status st = AX_OK;
        switch (kind) {
        case 1: st = ax_stats_t_cdf(x, a, NULL, &got, &err); break;
        case 2: st = ax_stats_t_cdf(x, a, &got, NULL, &err); break;
        case 3: st = ax_stats_beta_inc(a, b, x, &got, &err), tol = 1e-12 * fmax(1, (a + b) / 100); break;
        case 4: st = ax_stats_ks_smirnov_sf(x, (size_t)a, &got, &err); break;
        case 5: st = ax_stats_ks_kolmogorov_sf(x, (size_t)a, &got, &err), tol = 1e-10, abs_tol = 1e-13; break;
        case 6: st = ax_stats_ks_kolmogorov_limit_sf(x, &got, &err), tol = 1e-13; break;
        default: cr_assert_fail("row %zu: kind %d", i, kind);
        }
        cr_assert_eq(st, AX_OK, "row %zu: %s", i, err.message);
        cr_expect(fabs(got - want) <= tol * want || fabs(got - want) <= abs_tol,
                  "kind %d (%g, %g, %g): %.17g, SciPy %.17g (relative %g)", kind, a, b, x, got, want,
                  fabs(got - want) / want);
        per_kind[kind]++;
    }
    for (int k = 1; k <= 6; k++)
        cr_expect_gt(per_kind[k], 30, "kind %d has %zu rows", k, per_kind[k]);
    csv_free(&t);
}
