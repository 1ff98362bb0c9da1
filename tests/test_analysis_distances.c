/*
 * test_analysis_distances.c - spike-train distances (docs/analysis.md,
 * "Spike-train distances"): hand cases whose values follow from the
 * definitions, PySpike 0.7's values on random and edge-case pairs
 * (tests/reference/make_distances.py), the matrices against the bivariate
 * calls at 1 and 2 threads, and the errors.
 *
 * tests/python/test_analysis_distances.py compares the same calls with
 * PySpike, SciPy and brute force live, on many more inputs.
 */
#include <omp.h>

#include "helpers.h"

/* Two trains over [t0, t1] as a view (the arrays must outlive it). */
typedef struct two {
    size_t off[3];
    double t[64];
    ax_spike_trains s;
} two;

static void make_two(two *w, const double *a, size_t na, const double *b, size_t nb, double t0, double t1)
{
    cr_assert_leq(na + nb, 64);
    w->off[0] = 0, w->off[1] = na, w->off[2] = na + nb;
    for (size_t k = 0; k < na; k++)
        w->t[k] = a[k];
    for (size_t k = 0; k < nb; k++)
        w->t[na + k] = b[k];
    w->s = (ax_spike_trains){2, w->off, w->t, t0, t1};
}

static double isi(two *w, const double *iv)
{
    double d = -1;
    ax_error err;
    cr_assert_eq(ax_spike_distance_isi(&w->s, 0, 1, iv, &d, &err), AX_OK, "%s", err.message);
    return d;
}

static double spike(two *w, const double *iv)
{
    double d = -1;
    ax_error err;
    cr_assert_eq(ax_spike_distance_spike(&w->s, 0, 1, iv, &d, &err), AX_OK, "%s", err.message);
    return d;
}

static double sync(two *w, const double *iv, double max_tau)
{
    double d = -1;
    ax_error err;
    cr_assert_eq(ax_spike_distance_sync(&w->s, 0, 1, iv, max_tau, &d, &err), AX_OK, "%s", err.message);
    return d;
}

static double vp(two *w, double q)
{
    double d = -1;
    ax_error err;
    cr_assert_eq(ax_spike_distance_victor_purpura(&w->s, 0, 1, q, &d, &err), AX_OK, "%s", err.message);
    return d;
}

static double vr(two *w, double tau)
{
    double d = -1;
    ax_error err;
    cr_assert_eq(ax_spike_distance_van_rossum(&w->s, 0, 1, tau, &d, &err), AX_OK, "%s", err.message);
    return d;
}

/* ---- hand cases ---- */

Test(distances, isi_of_spikes_at_both_ends_against_a_halved_rhythm)
{
    /* x: 0, 10; y: 0, 5, 10 over [0, 10]: the intervals are 10 and 5
     * throughout, so I(t) = |10 - 5| / 10 = 0.5 (a formula without the
     * max() in the denominator, e.g. / min, would give 1) */
    static const double x[] = {0, 10}, y[] = {0, 5, 10};
    two w;
    make_two(&w, x, 2, y, 3, 0, 10);
    cr_expect_float_eq(isi(&w, NULL), 0.5, 1e-15);
    size_t n;
    double *b, *v;
    ax_error err;
    cr_assert_eq(ax_spike_distance_isi_profile(&w.s, 0, 1, &n, &b, &v, &err), AX_OK, "%s", err.message);
    cr_assert_eq(n, 2);
    cr_expect(b[0] == 0 && b[1] == 5 && b[2] == 10 && v[0] == 0.5 && v[1] == 0.5);
    ax_array_free(b);
    ax_array_free(v);
}

Test(distances, equal_trains_are_at_distance_zero_and_fully_synchronous)
{
    static const double x[] = {1.5, 3, 7.25, 9};
    two w;
    make_two(&w, x, 4, x, 4, 0, 10);
    cr_expect_eq(isi(&w, NULL), 0.0);
    cr_expect_eq(spike(&w, NULL), 0.0);
    cr_expect_eq(sync(&w, NULL, 0), 1.0);
    cr_expect_eq(vp(&w, 1.0), 0.0);
    cr_expect_eq(vr(&w, 2.0), 0.0);   /* exactly: the sweep sums no differences of large terms */
}

Test(distances, empty_trains)
{
    static const double x[] = {4};
    two none;
    make_two(&none, NULL, 0, NULL, 0, 0, 10);
    cr_expect_eq(isi(&none, NULL), 0.0);     /* both count as spikes at 0 and 10 */
    cr_expect_eq(spike(&none, NULL), 0.0);
    cr_expect_eq(sync(&none, NULL, 0), 1.0); /* no spike: PySpike's 1 */
    two one;
    make_two(&one, x, 1, NULL, 0, 0, 10);
    cr_expect_eq(sync(&one, NULL, 0), 0.0);
    cr_expect_eq(vp(&one, 1.0), 1.0);
    cr_expect_float_eq(vr(&one, 3.0), sqrt(0.5), 1e-15);   /* (1/tau) int exp(-2t/tau) dt = 1/2 */
}

Test(distances, victor_purpura_limits_and_a_shift)
{
    static const double x[] = {1, 2, 3}, y[] = {1.5, 8};
    two w;
    make_two(&w, x, 3, y, 2, 0, 10);
    cr_expect_eq(vp(&w, 0.0), 1.0);        /* q = 0: |n - m| */
    cr_expect_eq(vp(&w, 1e6), 5.0);        /* q large: n + m, nothing worth shifting */
    /* q = 1: shift 1 -> 1.5 (0.5), delete 2 and 3, insert 8: 3.5; or shift
     * 2 -> 1.5 (0.5) and the rest: also 3.5; shifting 3 -> 8 costs 5 > 2 */
    cr_expect_float_eq(vp(&w, 1.0), 3.5, 1e-15);
}

Test(distances, van_rossum_of_one_spike_each)
{
    /* D^2 = (1 + 1 - 2 exp(-d/tau)) / 2 = 1 - exp(-d/tau) */
    static const double x[] = {2}, y[] = {5};
    two w;
    make_two(&w, x, 1, y, 1, 0, 10);
    for (double tau = 0.5; tau < 100; tau *= 3)
        cr_expect_float_eq(vr(&w, tau), sqrt(1 - exp(-3 / tau)), 1e-14, "tau %g", tau);
}

Test(distances, spike_sync_window_and_max_tau)
{
    /* one spike each, 1 ms apart: tau = (t_stop - t_start) / 2 = 5 > 1:
     * coincident; max_tau 0.5 ms < 1: not */
    static const double x[] = {2}, y[] = {3};
    two w;
    make_two(&w, x, 1, y, 1, 0, 10);
    cr_expect_eq(sync(&w, NULL, 0), 1.0);
    cr_expect_eq(sync(&w, NULL, 0.5), 0.0);
    /* x: 2, 4; y: 3.5: tau = half of x's interval, 1; 3.5 - 2 = 1.5 is not
     * within it, 4 - 3.5 = 0.5 is: 2 of 3 spikes coincide */
    static const double a[] = {2, 4}, b[] = {3.5};
    two v;
    make_two(&v, a, 2, b, 1, 0, 10);
    cr_expect_float_eq(sync(&v, NULL, 0), 2.0 / 3.0, 1e-15);
    size_t n;
    double *t, *c, *mp;
    ax_error err;
    cr_assert_eq(ax_spike_distance_sync_profile(&v.s, 0, 1, 0, &n, &t, &c, &mp, &err), AX_OK, "%s", err.message);
    cr_assert_eq(n, 3);
    cr_expect(t[0] == 2 && t[1] == 3.5 && t[2] == 4);
    cr_expect(c[0] == 0 && c[1] == 1 && c[2] == 1 && mp[0] == 1 && mp[1] == 1 && mp[2] == 1);
    ax_array_free(t);
    ax_array_free(c);
    ax_array_free(mp);
    /* only spikes strictly inside (a, b) count: (2, 4) holds 3.5 alone */
    static const double iv[] = {2, 4};
    cr_expect_eq(sync(&v, iv, 0), 1.0);
}

Test(distances, spike_profile_averages_to_the_distance)
{
    static const double x[] = {0.5, 2, 2.5, 6, 9.75}, y[] = {1, 2.25, 7, 8};
    two w;
    make_two(&w, x, 5, y, 4, 0, 10);
    size_t n;
    double *b, *l, *r;
    ax_error err;
    cr_assert_eq(ax_spike_distance_spike_profile(&w.s, 0, 1, &n, &b, &l, &r, &err), AX_OK, "%s", err.message);
    double sum = 0;
    for (size_t k = 0; k < n; k++) {
        sum += 0.5 * (l[k] + r[k]) * (b[k + 1] - b[k]);
        cr_expect(l[k] >= 0 && l[k] <= 1 && r[k] >= 0 && r[k] <= 1);
    }
    cr_expect(b[0] == 0 && b[n] == 10);
    cr_expect_float_eq(sum / 10, spike(&w, NULL), 1e-15);
    ax_array_free(b);
    ax_array_free(l);
    ax_array_free(r);
}

/* ---- PySpike's values (tests/reference/make_distances.py) ---- */

Test(distances, agree_with_pyspike_and_brute_force)
{
    csv_table tr = read_csv("tests/reference/distances_trains.csv");
    csv_table val = read_csv("tests/reference/distances_values.csv");
    cr_assert_eq(val.cols, 13);
    size_t row = 0;
    for (size_t p = 0; p < val.rows; p++) {
        const double *v = val.data + p * val.cols;
        double a[64], b[64];
        size_t na = 0, nb = 0;
        for (; row < tr.rows && tr.data[row * 3] == (double)p; row++) {
            if (tr.data[row * 3 + 1] == 0)
                a[na++] = tr.data[row * 3 + 2];
            else
                b[nb++] = tr.data[row * 3 + 2];
            cr_assert(na < 32 && nb < 32);
        }
        two w;
    make_two(&w, a, na, b, nb, 0, v[1]);
        double iv[2] = {v[6], v[7]};
        /* 1e-12: PySpike sums the same pieces; only rounding can differ */
        cr_expect_float_eq(isi(&w, NULL), v[2], 1e-12, "pair %zu isi", p);
        cr_expect_float_eq(spike(&w, NULL), v[3], 1e-12, "pair %zu spike", p);
        cr_expect_float_eq(sync(&w, NULL, 0), v[4], 1e-12, "pair %zu sync", p);
        cr_expect_float_eq(sync(&w, NULL, 5), v[5], 1e-12, "pair %zu sync max_tau 5", p);
        cr_expect_float_eq(isi(&w, iv), v[8], 1e-12, "pair %zu isi over [a, b]", p);
        cr_expect_float_eq(spike(&w, iv), v[9], 1e-12, "pair %zu spike over [a, b]", p);
        cr_expect_float_eq(sync(&w, iv, 0), v[10], 1e-12, "pair %zu sync over (a, b)", p);
        /* the dynamic programme's sums of shifts, in another order: 1e-9 */
        cr_expect_float_eq(vp(&w, 0.1), v[11], 1e-9, "pair %zu victor-purpura", p);
        /* the double sum cancels: ~1e-8 near 0, 1e-7 is safe */
        cr_expect_float_eq(vr(&w, 10), v[12], 1e-7, "pair %zu van rossum", p);
    }
    cr_expect_eq(row, tr.rows);
    csv_free(&tr);
    csv_free(&val);
}

/* ---- matrices and multivariate values ---- */

/* 9 trains, one empty, two equal, over [0, 200] */
typedef struct many {
    size_t off[10];
    double t[400];
    ax_spike_trains s;
} many;

static void make_many(many *m)
{
    uint64_t x = 88172645463325252ULL;
    size_t at = 0;
    m->off[0] = 0;
    for (size_t k = 0; k < 9; k++) {
        size_t n = k == 3 ? 0 : 5 + k * 4;
        double t = 0;
        for (size_t i = 0; i < n && k != 5; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            t += 200.0 / (n + 1) * (0.2 + 1.6 * (double)(x >> 11) / 9007199254740992.0);
            m->t[at++] = t < 200 ? t : 200;
        }
        if (k == 5)   /* equal to train 4 */
            for (size_t i = m->off[4]; i < m->off[5]; i++)
                m->t[at++] = m->t[i];
        m->off[k + 1] = at;
    }
    m->s = (ax_spike_trains){9, m->off, m->t, 0, 200};
}

Test(distances, matrices_are_the_pairs_and_do_not_depend_on_threads)
{
    many m;
    make_many(&m);
    ax_error err;
    ax_spike_distance_options o = {NULL, 0.0, 0.3, 5.0};
    double iv[2] = {20, 150};
    for (int measure = 0; measure <= AX_SPIKE_DISTANCE_VAN_ROSSUM; measure++) {
        for (int use_iv = 0; use_iv < 2; use_iv++) {
            o.interval_ms = use_iv ? iv : NULL;
            double m1[81], m2[81];
            omp_set_num_threads(1);
            cr_assert_eq(ax_spike_distance_matrix(&m.s, measure, &o, m1, &err), AX_OK, "%s", err.message);
            omp_set_num_threads(2);
            cr_assert_eq(ax_spike_distance_matrix(&m.s, measure, &o, m2, &err), AX_OK, "%s", err.message);
            cr_expect_eq(memcmp(m1, m2, sizeof m1), 0, "measure %d: the matrix changed with the threads", measure);
            for (size_t i = 0; i < 9; i++)
                for (size_t j = 0; j < 9; j++) {
                    double d = -1;
                    switch (measure) {
                    case AX_SPIKE_DISTANCE_ISI: ax_spike_distance_isi(&m.s, i, j, o.interval_ms, &d, &err); break;
                    case AX_SPIKE_DISTANCE_SPIKE: ax_spike_distance_spike(&m.s, i, j, o.interval_ms, &d, &err); break;
                    case AX_SPIKE_DISTANCE_SYNC: ax_spike_distance_sync(&m.s, i, j, o.interval_ms, 0, &d, &err); break;
                    case AX_SPIKE_DISTANCE_VICTOR_PURPURA:
                        ax_spike_distance_victor_purpura(&m.s, i, j, 0.3, &d, &err);
                        break;
                    default: ax_spike_distance_van_rossum(&m.s, i, j, 5.0, &d, &err);
                    }
                    if (i == j)
                        d = measure == AX_SPIKE_DISTANCE_SYNC ? 1.0 : 0.0;
                    cr_expect_eq(m1[i * 9 + j], d, "measure %d (%zu, %zu): %.17g, alone %.17g", measure, i, j,
                                 m1[i * 9 + j], d);
                }
            if (measure <= AX_SPIKE_DISTANCE_SPIKE) {
                double mean = 0, multi = -1;
                for (size_t i = 0; i < 9; i++)
                    for (size_t j = i + 1; j < 9; j++)
                        mean += m1[i * 9 + j];
                cr_assert_eq(ax_spike_distance_multi(&m.s, measure, &o, &multi, &err), AX_OK, "%s", err.message);
                cr_expect_float_eq(multi, mean / 36, 1e-15);
            }
        }
    }
    omp_set_num_threads(2);
}

Test(distances, multivariate_sync_pools_the_pairs)
{
    /* x: 2, 4; y: 3.5; z: 4 over [0, 10]: x-y 2 of 3, x-z 2 of 3 (4 = 4),
     * y-z 2 of 2: (2 + 2 + 2) / (3 + 3 + 2) = 0.75, not the mean of the
     * pairs' values (7/9) */
    static const size_t off[] = {0, 2, 3, 4};
    static const double t[] = {2, 4, 3.5, 4};
    ax_spike_trains s = {3, off, t, 0, 10};
    double v = -1;
    ax_error err;
    cr_assert_eq(ax_spike_distance_multi(&s, AX_SPIKE_DISTANCE_SYNC, NULL, &v, &err), AX_OK, "%s", err.message);
    cr_expect_float_eq(v, 0.75, 1e-15);
}

/* ---- errors ---- */

Test(distances, bad_arguments_fail_with_their_reason)
{
    static const double x[] = {1, 2}, y[] = {3};
    two w;
    make_two(&w, x, 2, y, 1, 0, 10);
    ax_error err;
    double d;
    cr_expect_eq(ax_spike_distance_isi(&w.s, 0, 2, NULL, &d, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "train 2 does not exist"), "%s", err.message);
    double iv[2] = {5, 11};
    cr_expect_eq(ax_spike_distance_spike(&w.s, 0, 1, iv, &d, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "[5, 11]"), "%s", err.message);
    cr_expect_eq(ax_spike_distance_sync(&w.s, 0, 1, NULL, NAN, &d, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "max_tau_ms = nan"), "%s", err.message);
    cr_expect_eq(ax_spike_distance_victor_purpura(&w.s, 0, 1, -1, &d, &err), AX_ERR_ARGUMENT);
    cr_expect_eq(ax_spike_distance_van_rossum(&w.s, 0, 1, 0, &d, &err), AX_ERR_ARGUMENT);
    w.t[1] = 0.5;   /* unsorted */
    cr_expect_eq(ax_spike_distance_isi(&w.s, 0, 1, NULL, &d, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "train 0, spike 1"), "%s", err.message);
    w.t[1] = 2;
    w.s.t_stop = 0;
    cr_expect_eq(ax_spike_distance_isi(&w.s, 0, 1, NULL, &d, &err), AX_ERR_ARGUMENT);
    w.s.t_stop = 10;
    double m[4];
    cr_expect_eq(ax_spike_distance_matrix(&w.s, (ax_spike_distance_measure)9, NULL, m, &err), AX_ERR_ARGUMENT);
    cr_expect_eq(ax_spike_distance_matrix(&w.s, AX_SPIKE_DISTANCE_VAN_ROSSUM, NULL, m, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "tau_ms"), "%s", err.message);
    w.s.n_trains = 1;
    cr_expect_eq(ax_spike_distance_multi(&w.s, AX_SPIKE_DISTANCE_ISI, NULL, &d, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "at least 2"), "%s", err.message);
    /* NULL error pointers are allowed */
    cr_expect_eq(ax_spike_distance_isi(NULL, 0, 1, NULL, &d, NULL), AX_ERR_ARGUMENT);
}
