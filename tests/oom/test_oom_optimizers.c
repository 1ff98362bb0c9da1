/*
 * test_oom_optimizers.c - the optimisers under allocation failures: each
 * kind created, run by ax_optimizer_minimize, saved, loaded and run on,
 * with the N-th allocation failing for N = 1, 2, ... until a pass reaches no
 * N-th allocation.  For every N each call returns AX_OK or AX_ERR_MEMORY
 * with a message that says what ran out (an optimiser not made is NULL),
 * and the blocks allocated and freed balance.  With nothing failing, the
 * results equal those of a pass without injection.
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

static int sphere(const double *x, size_t rows, size_t n, double *scores, void *user)
{
    (void)user;
    for (size_t r = 0; r < rows; r++) {
        scores[r] = 0;
        for (size_t i = 0; i < n; i++)
            scores[r] += x[r * n + i] * x[r * n + i];
    }
    return 0;
}

/* One pass; returns the sum of the best scores reached. */
static double scenario(const char *path, long n)
{
    static const double lo[] = {-1, 1e-2}, hi[] = {2, 1e2};
    static const int logs[] = {0, 1};
    double sum = 0;
    for (int k = 0; k < 4; k++) {
        ax_optimizer_options o;
        ax_error err;
        cr_assert_eq(ax_optimizer_defaults((ax_optimizer_kind)k, &o, &err), AX_OK);
        o.n_params = 2, o.lower = lo, o.upper = hi, o.log_scale = logs, o.budget = 200, o.seed = 3;
        ax_optimizer *opt = NULL, *back = NULL;
        if (!check(ax_optimizer_create(&o, &opt, &err), &err, n, "ax_optimizer_create")) {
            cr_assert_null(opt);
            continue;
        }
        o.budget = 400;
        if (check(ax_optimizer_minimize(opt, sphere, NULL, &err), &err, n, "ax_optimizer_minimize") &&
            check(ax_optimizer_save(opt, path, &err), &err, n, "ax_optimizer_save")) {
            if (check(ax_optimizer_load(path, &back, &err), &err, n, "ax_optimizer_load")) {
                double x[2], s;
                cr_assert_eq(ax_optimizer_get_best(back, x, &s, &err), AX_OK);
                sum += s;
                ax_optimizer_free(back);
            } else {
                cr_assert_null(back);
            }
        }
        ax_optimizer_free(opt);
    }
    return sum;
}

Test(oom_optimizers, every_allocation_of_the_optimizers_may_fail, .timeout = 120)
{
    char path[] = "/tmp/axon-oom-opt-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
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
    cr_expect_gt(passes, 20, "only %ld allocations were failed", passes);   /* the scenario does allocate */
    cr_expect_eq(scenario(path, 0), want);
    unlink(path);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(tmp);
}
