/*
 * test_oom_correlations.c - the correlation and synchrony calls under
 * allocation failures: with the N-th allocation failing, for N = 1, 2, ...
 * until a pass reaches no N-th allocation, each call returns AX_OK with
 * the result of a pass without failures, or AX_ERR_MEMORY with a message
 * that says what ran out; the blocks allocated and freed balance.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "axon.h"
#include "fail_alloc.h"

/* Three trains over [0, 100] ms; the test's arrays are static (the
 * wrapping counts the test's own allocations too). */
static const size_t off[] = {0, 4, 7, 9};
static const double times[] = {1, 20, 21, 80, 2, 22, 81, 50, 99};
static const ax_spike_trains trains = {3, off, times, 0, 100};

enum { MATRIX, PAIRS, SUMMARY, SYNC, SMOOTH, N_CALLS };

/* One call into out[]; returns its status, its message in err. */
static ax_status call(int which, double *out, ax_error *err)
{
    static size_t i[3], j[3];
    static const double r[] = {0.5, NAN, -0.25};
    ax_correlation_summary s;
    ax_status st;
    switch (which) {
    case MATRIX:
        return ax_spike_trains_correlation_matrix(&trains, NULL, 0, 10.0, out, err);
    case PAIRS:
        return ax_spike_trains_correlation_pairs(&trains, 10.0, 3, 5, i, j, out, err);
    case SUMMARY:
        st = ax_spike_trains_correlation_summary(r, 3, &s, err);
        out[0] = s.mean, out[1] = s.median;
        return st;
    case SYNC:
        return ax_spike_trains_synchrony(&trains, 10.0, 0.0, out, err);
    default:
        return ax_spike_trains_synchrony(&trains, 10.0, 15.0, out, err);
    }
}

Test(oom, correlation_calls_fail_cleanly)
{
    for (int which = 0; which < N_CALLS; which++) {
        static double want[9], got[9];
        ax_error err;
        memset(want, 0, sizeof want);
        cr_assert_eq(call(which, want, &err), AX_OK, "call %d: %s", which, err.message);
        for (long n = 1;; n++) {
            long live = fail_alloc_live();
            memset(got, 0, sizeof got);
            fail_alloc_arm(n, false);
            ax_status st = call(which, got, &err);
            bool hit = fail_alloc_disarm();
            cr_expect_eq(fail_alloc_live(), live, "call %d, allocation %ld failing: blocks leaked", which, n);
            if (st == AX_OK) {
                cr_expect(memcmp(got, want, sizeof got) == 0, "call %d, allocation %ld failing: another result",
                          which, n);
            } else {
                cr_expect_eq(st, AX_ERR_MEMORY, "call %d, allocation %ld failing: %s", which, n, err.message);
                cr_expect(strstr(err.message, "out of memory") != NULL, "%s", err.message);
            }
            if (!hit) {
                cr_expect_gt(n, 1, "call %d: no allocation was failed", which);
                break;
            }
        }
    }
}
