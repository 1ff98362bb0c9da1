/*
 * test_oom_hopfield.c - the Hopfield calls that allocate (runs: their
 * scratch; the capacity measurement: patterns, weights and per-thread
 * buffers) under allocation failures: with the N-th allocation failing,
 * for N = 1, 2, ... until a pass reaches no N-th allocation, each call
 * returns AX_OK with the result of a pass without failures, or
 * AX_ERR_MEMORY with a message that says what ran out, and leaves the
 * state it was given as it was; the blocks allocated and freed balance.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "axon.h"
#include "fail_alloc.h"

enum { N = 30, SYNC, ASYNC, CAPACITY, N_CALLS };

static double p[3 * N], w[N * N];

/* The network (3 patterns) and the cue (pattern 0, 30 % flipped) into out. */
static void cue(double *out)
{
    ax_hopfield_random_patterns(3, N, 0.5, -1.0, 1, p, NULL);
    ax_hopfield_weights(p, 3, N, 1.0, w, NULL);
    ax_hopfield_distort(p, N, -1.0, 0.3, 2, out, NULL);
}

/* One call into out[] (N values); returns its status, its message in err. */
static ax_status call(int which, double *out, ax_error *err)
{
    cue(out);
    if (which == CAPACITY) {
        ax_hopfield_capacity_spec spec = {.n = N, .n_patterns = 4, .networks = 2, .p_on = 0.5,
                                          .flip_probability = 0.2, .update = AX_HOPFIELD_SYNCHRONOUS,
                                          .max_steps = 20, .seed = 3};
        ax_hopfield_capacity_result r;
        ax_status st = ax_hopfield_capacity(&spec, &r, err);
        if (st == AX_OK)
            out[0] = r.overlap, out[1] = r.perfect;
        return st;
    }
    return ax_hopfield_run(w, N, out, which == SYNC ? AX_HOPFIELD_SYNCHRONOUS : AX_HOPFIELD_ASYNCHRONOUS, 20, 4,
                           NULL, NULL, err);
}

Test(oom, hopfield_calls_fail_cleanly)
{
    for (int which = SYNC; which < N_CALLS; which++) {
        static double want[N], got[N], start[N];
        ax_error err;
        cue(start);
        cr_assert_eq(call(which, want, &err), AX_OK, "call %d: %s", which, err.message);
        for (long n = 1;; n++) {
            long live = fail_alloc_live();
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
                if (which != CAPACITY)   /* the state is untouched: still the cue */
                    cr_expect(memcmp(got, start, sizeof got) == 0, "call %d, allocation %ld failing: the state "
                              "changed", which, n);
            }
            if (!hit) {
                cr_expect_gt(n, 1, "call %d: no allocation was failed", which);
                break;
            }
        }
    }
}
