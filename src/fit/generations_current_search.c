/*
 * generations_current_search.c - the current that gives a target spike
 * count (ax_fit_current_search; SpikeNetOpt's current_search), by
 * bisection over a population: every round evaluates, as one generation,
 * a grid of values over each unsolved target's bracket and narrows the
 * bracket to the grid values just below and above the target's count.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit.h"

#define CALL "ax_fit_current_search"

static ax_status check(const ax_fit_evaluator *ev, const ax_fit_current_search_spec *s, const double *currents,
                       const int *found, ax_error *err)
{
    if (!ev)
        return ax_error_null(err, CALL, "ev");
    if (!s)
        return ax_error_null(err, CALL, "spec");
    if (!currents)
        return ax_error_null(err, CALL, "currents");
    if (!found)
        return ax_error_null(err, CALL, "found");
    if (s->param >= ev->n_free)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": param = %zu is not allowed: the evaluator has %zu free "
                                "parameters, 0 .. %zu", s->param, ev->n_free, ev->n_free - 1);
    if (ev->n_free > 1 && !s->fixed)
        return ax_error_null(err, CALL, "spec->fixed");
    if (!s->counts)
        return ax_error_null(err, CALL, "spec->counts");
    if (s->n_targets == 0 || s->n_targets > ev->max_n / 2)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": n_targets = %zu is not allowed: 1 .. max_candidates / 2 "
                                "= %zu (each target needs 2 values a round)", s->n_targets, ev->max_n / 2);
    for (size_t t = 0; t < s->n_targets; t++)
        if (!(s->counts[t] >= 0) || s->counts[t] != floor(s->counts[t]) || s->counts[t] > 1e9)
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": counts[%zu] = %g is not allowed: a whole number of "
                                    "spikes >= 0", t, s->counts[t]);
    if (!isfinite(s->lo) || !isfinite(s->hi) || !(s->lo < s->hi))
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": the bracket lo = %g, hi = %g is not allowed: finite, "
                                "lo < hi", s->lo, s->hi);
    if (s->rounds < 1 || s->rounds > 1000)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": rounds = %d is not allowed: 1 .. 1000", s->rounds);
    return AX_OK;
}

/* One target's search state. */
typedef struct target {
    double lo, hi, best, best_gap, best_count;
    bool done;
} target;

/* Narrows t's bracket from the K values v and their counts n (increasing v). */
static void narrow(target *t, double N, const double *v, const double *n, size_t K)
{
    for (size_t j = 0; j < K; j++) {
        double gap = fabs(n[j] - N);
        if (gap < t->best_gap || (gap == t->best_gap && v[j] < t->best)) {
            t->best_gap = gap;
            t->best = v[j];
            t->best_count = n[j];
        }
        if (gap == 0) {
            t->done = true;
            return;
        }
    }
    double w = t->hi - t->lo;
    size_t below = K;   /* the last value below the count */
    for (size_t j = 0; j < K; j++)
        if (n[j] < N)
            below = j;
    if (below == K) {               /* every value fires too much: look lower */
        t->hi = t->lo;
        t->lo -= 2 * w;
    } else if (below == K - 1) {    /* too little everywhere above: look higher */
        t->lo = t->hi;
        t->hi += 2 * w;
    } else {
        t->lo = v[below];
        t->hi = v[below + 1];
    }
    if (t->hi - t->lo <= 1e-12 * fmax(fabs(t->lo), fabs(t->hi)))
        t->done = true;             /* no value between: the count is jumped over */
}

ax_status ax_fit_current_search(ax_fit_evaluator *ev, const ax_fit_current_search_spec *spec, double *currents,
                                int *found, double *achieved, ax_error *err)
{
    ax_status st = check(ev, spec, currents, found, err);
    if (st)
        return st;
    size_t T = spec->n_targets, K = ev->max_n / T, F = ev->n_free;
    target *tg = calloc(T, sizeof *tg);
    double *cand = malloc(ev->max_n * F * sizeof *cand), *counts = malloc(ev->max_n * sizeof *counts);
    size_t *slot = malloc(T * sizeof *slot);
    if (!tg || !cand || !counts || !slot) {
        free(tg), free(cand), free(counts), free(slot);
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory");
    }
    for (size_t t = 0; t < T; t++)
        tg[t] = (target){spec->lo, spec->hi, NAN, INFINITY, NAN, false};
    for (int round = 0; !st && round < spec->rounds; round++) {
        size_t n = 0;
        for (size_t t = 0; t < T; t++) {
            if (tg[t].done)
                continue;
            slot[t] = n;
            for (size_t j = 0; j < K; j++, n++) {
                for (size_t k = 0; k < F; k++)
                    cand[n * F + k] = k == spec->param ? 0 : spec->fixed[k];
                cand[n * F + spec->param] = tg[t].lo + (tg[t].hi - tg[t].lo) * (double)j / (double)(K - 1);
            }
        }
        if (n == 0)
            break;
        ax_fit_results r;
        if ((st = ax_fit_evaluate(ev, cand, n, NULL, &r, err)))
            break;
        for (size_t c = 0; c < n; c++)
            counts[c] = (double)(r.trains.offsets[c * r.n_protocols + 1] - r.trains.offsets[c * r.n_protocols]);
        ax_fit_results_free(&r);
        double *v = malloc(K * sizeof *v);
        if (!v) {
            st = ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory");
            break;
        }
        for (size_t t = 0; t < T; t++) {
            if (tg[t].done)
                continue;
            for (size_t j = 0; j < K; j++)
                v[j] = cand[(slot[t] + j) * F + spec->param];
            narrow(&tg[t], spec->counts[t], v, counts + slot[t], K);
        }
        free(v);
    }
    for (size_t t = 0; !st && t < T; t++) {
        currents[t] = tg[t].best;
        found[t] = tg[t].best_gap == 0;
        if (achieved)
            achieved[t] = tg[t].best_count;
    }
    free(tg), free(cand), free(counts), free(slot);
    if (!st)
        ax_error_ok(err);
    return st;
}
