/*
 * test_analysis_stream.c - what `axon analyze` takes from a spike file
 * without holding the file: the Fano factor and Golomb's synchrony of the
 * streaming accumulator (ax_spike_stats) equal bit for bit to the calls on
 * a view of the same spikes, whatever the chunks and the bins; the sampled
 * neurons read alone (ax_spike_trains_read_neurons) equal to the same
 * trains of the whole file; a scan's counts (ax_spike_trains_scan_file).
 */
#include <unistd.h>

#include "helpers.h"

/* xorshift64*: the test's spikes depend on the seed alone. */
static double uniform(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return (double)((*s * 0x2545F4914F6CDD1Du) >> 11) / 9007199254740992.0;
}

/* Spikes of n neurons at rate_hz on a grid of 0.1 ms in [t0, t1], in time
 * order, with a population burst every 100 ms (so that the synchrony is
 * not ~0), a spike at t0 and one at t1 (the interval's closed ends), and a
 * neuron's spike twice at one time.  *t and *id are malloc'd. */
static size_t spikes(size_t n, double t0, double t1, double rate_hz, uint64_t seed, double **t, uint32_t **id)
{
    size_t steps = (size_t)floor((t1 - t0) / 0.1), cap = 1024, k = 0;
    *t = malloc(cap * sizeof **t);
    *id = malloc(cap * sizeof **id);
    for (size_t s = 0; s <= steps + 1; s++) {
        double time = s <= steps ? t0 + (double)s * 0.1 : t1;
        for (size_t a = 0; a < n; a++) {
            bool burst = s % 1000 == 500 && a % 3 == 0;
            bool fire = uniform(&seed) < rate_hz * 1e-4 || burst || (s == 0 && a == 1) || (s > steps && a == 2) ||
                        (s == 77 && a == 4);
            for (int twice = 0; fire && twice < (s == 77 && a == 4 ? 2 : 1); twice++) {
                if (k == cap) {
                    *t = realloc(*t, (cap *= 2) * sizeof **t);
                    *id = realloc(*id, cap * sizeof **id);
                }
                (*t)[k] = time;
                (*id)[k++] = (uint32_t)a;
            }
        }
    }
    return k;
}

static void same_bits(const double *a, const double *b, size_t n, const char *what)
{
    for (size_t k = 0; k < n; k++)
        cr_expect(memcmp(&a[k], &b[k], sizeof a[k]) == 0, "%s[%zu]: %.17g streamed, %.17g on the view", what, k,
                  a[k], b[k]);
}

/* Intervals and bins: windows that cover the interval or leave a part at
 * its end, t_start 0 or not, bins that are not whole numbers of ms. */
Test(stream_windows, fano_and_synchrony_equal_the_views_bit_for_bit)
{
    const struct { double t0, t1, bin; } cases[] = {
        {0, 1000, 5}, {0, 1000, 7}, {13.3, 1000, 4.9}, {0, 999.95, 0.1}, {250, 1250, 100}, {0, 1000, 499}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double *t, t0 = cases[c].t0, t1 = cases[c].t1, bin = cases[c].bin;
        uint32_t *id;
        size_t n = 40, m = spikes(n, t0, t1, 15, 11 + c, &t, &id);
        ax_error err;
        ax_spike_trains view;
        cr_assert_eq(ax_spike_trains_from_events(t, id, m, n, t0, t1, &view, &err), AX_OK, "%s", err.message);
        ax_spike_stats_spec spec = {n, t0, t1, bin, 1, 100, 5};
        ax_spike_stats *st = ax_spike_stats_create(&spec, &err);
        cr_assert_not_null(st, "%s", err.message);
        for (size_t e = 0; e < m; e += 101)   /* uneven chunks */
            cr_assert_eq(ax_spike_stats_add(st, t + e, id + e, m - e < 101 ? m - e : 101, &err), AX_OK, "%s",
                         err.message);
        double fano[40], fano_view[40], pooled, pooled_view, chi2, chi2_view;
        cr_assert_eq(ax_spike_trains_fano_factor(&view, bin, fano_view, &pooled_view, &err), AX_OK, "%s",
                     err.message);
        cr_assert_eq(ax_spike_stats_get_fano_factor(st, fano, &pooled, &err), AX_OK, "%s", err.message);
        same_bits(fano, fano_view, n, "fano");
        same_bits(&pooled, &pooled_view, 1, "pooled fano");
        cr_assert_eq(ax_spike_trains_synchrony(&view, bin, 0, &chi2_view, &err), AX_OK, "%s", err.message);
        cr_assert_eq(ax_spike_stats_get_synchrony(st, &chi2, &err), AX_OK, "%s", err.message);
        same_bits(&chi2, &chi2_view, 1, "chi2");
        cr_expect(chi2 <= 1 && (bin > 100 || chi2 > 0.01), "case %zu: chi2 = %g: the bursts make it more than ~0", c, chi2);
        /* the getters may be called again, and after more spikes: nothing is consumed */
        cr_assert_eq(ax_spike_stats_get_synchrony(st, &chi2, &err), AX_OK);
        same_bits(&chi2, &chi2_view, 1, "chi2 asked twice");
        ax_spike_stats_free(st);
        ax_spike_trains_free(&view);
        free(t);
        free(id);
    }
}

/* Fano factors worked by hand: windows of 4 ms over [0, 12]: train 0 counts
 * 1, 2, 0 (mean 1, var 2/3: 2/3); train 1 counts 1, 1, 1 (0); train 2 none
 * (undefined); pooled over the 9 counts: mean 2/3, var = sum c^2 / 9 -
 * mean^2 = 8/9 - 4/9 = 4/9, ratio 2/3. */
Test(stream_windows, fano_by_hand_streamed)
{
    static const double t[] = {1, 2, 5, 6, 7, 9};
    static const uint32_t id[] = {0, 1, 0, 0, 1, 1};
    ax_error err;
    ax_spike_stats_spec spec = {3, 0, 12, 4, 1, 10, 5};
    ax_spike_stats *st = ax_spike_stats_create(&spec, &err);
    cr_assert_eq(ax_spike_stats_add(st, t, id, 6, &err), AX_OK, "%s", err.message);
    double fano[3], pooled;
    cr_assert_eq(ax_spike_stats_get_fano_factor(st, fano, &pooled, &err), AX_OK, "%s", err.message);
    cr_expect_float_eq(fano[0], 2.0 / 3, 1e-15);
    cr_expect_eq(fano[1], 0);
    cr_expect(isnan(fano[2]));
    cr_expect_float_eq(pooled, 2.0 / 3, 1e-15);
    ax_spike_stats_free(st);
}

/* A spike file (axon's format, or shuffled rows of a foreign one). */
static void write_spikes(const char *path, const char *header, const double *t, const uint32_t *id, size_t m,
                         bool shuffled)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "%s\n", header);
    for (size_t e = 0; e < m; e++) {
        size_t k = shuffled ? (e * 7919) % m : e;   /* m is not a multiple of 7919 */
        fprintf(f, "%.17g,%u\n", t[k], id[k]);
    }
    fclose(f);
}

Test(stream_windows, the_sample_read_alone_is_the_whole_files)
{
    double *t;
    uint32_t *id;
    size_t n = 60, m = spikes(n, 0, 2000, 10, 5, &t, &id);
    cr_assert_neq(m % 7919, 0);
    char path[] = "/tmp/axon-sample-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    static const size_t ids[] = {17, 3, 59, 0, 42};
    for (int shuffled = 0; shuffled < 2; shuffled++) {
        write_spikes(path, "time_ms,neuron", t, id, m, shuffled);
        ax_error err;
        ax_spike_file_format fmt = {.time_column = -1, .neuron_column = -1, .n_trains = n};
        const double intervals[][2] = {{0, 2000}, {100.05, 1500}, {NAN, NAN}};
        for (size_t i = 0; i < 3; i++) {
            ax_spike_trains whole, sub;
            double a = intervals[i][0], b = intervals[i][1];
            cr_assert_eq(ax_spike_trains_read(path, &fmt, a, b, &whole, &err), AX_OK, "%s", err.message);
            cr_assert_eq(ax_spike_trains_read_neurons(path, &fmt, ids, 5, a, b, &sub, &err), AX_OK, "%s",
                         err.message);
            cr_expect_eq(sub.n_trains, 5);
            cr_expect_eq(sub.t_start, whole.t_start);
            cr_expect_eq(sub.t_stop, whole.t_stop);
            for (size_t k = 0; k < 5; k++) {
                size_t lo = whole.offsets[ids[k]], len = whole.offsets[ids[k] + 1] - lo;
                cr_assert_eq(sub.offsets[k + 1] - sub.offsets[k], len, "train %zu (neuron %zu)", k, ids[k]);
                cr_expect(memcmp(sub.times_ms + sub.offsets[k], whole.times_ms + lo, len * sizeof(double)) == 0,
                          "train %zu (neuron %zu): the same times", k, ids[k]);
            }
            ax_spike_trains_free(&whole);
            ax_spike_trains_free(&sub);
        }
    }
    /* the scan: rows, 1 + the largest id, the last time */
    uint64_t rows;
    size_t trains;
    double last;
    ax_error err;
    cr_assert_eq(ax_spike_trains_scan_file(path, NULL, &rows, &trains, &last, &err), AX_OK, "%s", err.message);
    cr_expect_eq(rows, m);
    cr_expect_eq(trains, n);
    cr_expect_eq(last, 2000);

    /* failures: an id past n_trains; a bad row of a neuron not kept is still one */
    ax_spike_file_format fmt = {.time_column = -1, .neuron_column = -1, .n_trains = n};
    ax_spike_trains sub;
    static const size_t past[] = {3, 60};
    cr_expect_eq(ax_spike_trains_read_neurons(path, &fmt, past, 2, NAN, NAN, &sub, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "ids[1] = 60 is not allowed: a neuron id below 60 (format->n_trains)"), "%s",
              err.message);
    FILE *f = fopen(path, "w");
    fputs("time_ms,neuron\n1.5,3\n2.5,x\n", f);
    fclose(f);
    cr_expect_eq(ax_spike_trains_read_neurons(path, &fmt, ids, 5, NAN, NAN, &sub, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, ":3:") != NULL, "file:line:col: %s", err.message);
    cr_expect_null(sub.offsets);
    cr_expect_eq(ax_spike_trains_scan_file(path, NULL, &rows, NULL, NULL, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, ":3:") != NULL, "file:line:col: %s", err.message);
    /* a header alone scans as no spikes, which is no error */
    f = fopen(path, "w");
    fputs("time_ms,neuron\n", f);
    fclose(f);
    cr_expect_eq(ax_spike_trains_scan_file(path, NULL, &rows, &trains, &last, &err), AX_OK, "%s", err.message);
    cr_expect(rows == 0 && trains == 0 && last == 0);
    unlink(path);
    free(t);
    free(id);
}
