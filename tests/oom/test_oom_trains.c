/*
 * test_oom_trains.c - the spike-train calls under allocation failures: a
 * spike file read into a view (whole, or some neurons), scanned and
 * streamed into ax_spike_stats, a view made
 * from events, and every statistic that allocates, with the N-th
 * allocation failing for N = 1, 2, ... until a pass reaches no N-th
 * allocation.  For every N each call returns AX_OK or AX_ERR_MEMORY with a
 * message that says what ran out (and then no result is left for the
 * caller), and the blocks allocated and freed balance.  With nothing
 * failing, the results equal those of a pass without injection.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "axon.h"
#include "fail_alloc.h"

static bool check(ax_status st, const ax_error *err, long n, const char *call)
{
    cr_assert(st == AX_OK || st == AX_ERR_MEMORY, "N = %ld: %s returned %s: %s", n, call, ax_status_name(st),
              err->message);
    if (st)
        cr_assert(strstr(err->message, "out of memory") || strstr(err->message, "Cannot allocate memory"),
                  "N = %ld: %s: '%s'", n, call, err->message);
    return st == AX_OK;
}

/* One pass; returns a checksum of what was computed (NAN-free parts). */
static double scenario(const char *path, long n)
{
    ax_error err;
    double sum = 0;
    ax_spike_trains s;
    if (check(ax_spike_trains_read(path, NULL, NAN, NAN, &s, &err), &err, n, "ax_spike_trains_read")) {
        double *rate;
        size_t nb;
        if (check(ax_spike_trains_population_rate(&s, 3, 7, &rate, &nb, &err), &err, n, "population_rate")) {
            for (size_t j = 0; j < nb; j++)
                sum += rate[j];
            ax_array_free(rate);
        }
        uint64_t *c;
        if (check(ax_spike_trains_isi_histogram(&s, 1, 30, &c, &nb, NULL, &err), &err, n, "isi_histogram")) {
            for (size_t j = 0; j < nb; j++)
                sum += (double)c[j];
            ax_array_free(c);
        }
        static double fano[64];
        double pooled;
        if (check(ax_spike_trains_fano_factor(&s, 20, fano, &pooled, &err), &err, n, "fano_factor"))
            sum += pooled;
        ax_spike_burst *b;
        if (check(ax_spike_trains_bursts(&s, 4, 2, &b, &nb, NULL, &err), &err, n, "bursts")) {
            sum += (double)nb;
            ax_array_free(b);
        }
        ax_spike_trains_free(&s);
    } else {
        cr_assert_null(s.offsets);
    }
    static const double t[] = {3, 1, 2};
    static const uint32_t id[] = {1, 0, 1};
    if (check(ax_spike_trains_from_events(t, id, 3, 2, 0, 5, &s, &err), &err, n, "from_events")) {
        sum += s.times_ms[1];
        ax_spike_trains_free(&s);
    }
    static const size_t ids[] = {5, 2};
    if (check(ax_spike_trains_read_neurons(path, NULL, ids, 2, NAN, NAN, &s, &err), &err, n, "read_neurons")) {
        sum += (double)s.offsets[2] + s.times_ms[0];
        ax_spike_trains_free(&s);
    } else {
        cr_assert_null(s.offsets);
    }
    uint64_t rows;
    if (check(ax_spike_trains_scan_file(path, NULL, &rows, NULL, NULL, &err), &err, n, "scan_file"))
        sum += (double)rows;
    ax_spike_stats_spec spec = {8, 0, 200, 3, 1, 30, 5};
    ax_spike_stats *st = ax_spike_stats_create(&spec, &err);
    if (!st)
        check(AX_ERR_MEMORY, &err, n, "ax_spike_stats_create");
    else {
        if (check(ax_spike_stats_read_file(st, path, NULL, &err), &err, n, "ax_spike_stats_read_file")) {
            double *rate;
            size_t nb;
            if (check(ax_spike_stats_get_population_rate(st, 7, &rate, &nb, &err), &err, n, "stats rate")) {
                for (size_t j = 0; j < nb; j++)
                    sum += rate[j];
                ax_array_free(rate);
            }
            double pooled, chi2;
            if (check(ax_spike_stats_get_fano_factor(st, NULL, &pooled, &err), &err, n, "stats fano") &&
                isfinite(pooled))
                sum += pooled;
            if (check(ax_spike_stats_get_synchrony(st, &chi2, &err), &err, n, "stats synchrony") && isfinite(chi2))
                sum += chi2;
        }
        ax_spike_stats_free(st);
    }
    return sum;
}

Test(oom_trains, every_allocation_of_the_spike_train_calls_may_fail, .timeout = 120)
{
    char path[] = "/tmp/axon-oom-trains-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("time_ms,neuron\n", f);
    for (int i = 0; i < 400; i++)
        fprintf(f, "%.1f,%d\n", 0.5 * i, (i * 7) % 8);
    fclose(f);
    long live = fail_alloc_live();
    double want = scenario(path, 0);
    cr_assert_eq(fail_alloc_live(), live, "a pass without failures leaks %ld blocks", fail_alloc_live() - live);
    long passes = 0;
    for (int persistent = 0; persistent < 2; persistent++)
        for (long n = 1;; n++, passes++) {
            fail_alloc_arm(n, persistent);
            scenario(path, n);
            bool hit = fail_alloc_disarm();
            cr_assert_eq(fail_alloc_live(), live, "N = %ld (%s): %ld blocks leak", n,
                         persistent ? "persistent" : "once", fail_alloc_live() - live);
            if (!hit)
                break;
        }
    cr_expect_gt(passes, 40, "only %ld allocations were failed", passes);   /* the scenario does allocate */
    cr_expect_eq(scenario(path, 0), want);
    unlink(path);
}
