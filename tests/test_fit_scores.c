/*
 * test_fit_scores.c - a composite objective as the score of a whole
 * generation (ax_fit_score_objective, docs/fitting.md "Fits"): the score
 * of every candidate is ax_objective_evaluate of its own trains and traces,
 * bit for bit, for every kind of term a fit uses; during the run it is a
 * lower bound, so early stopping leaves the other candidates' scores
 * alone and stops only candidates whose final score is above the bound.
 * (A bound that overstates - e.g. |n - N| before the protocol ends - would
 * retire a candidate whose final score is lower: the second test fails.)
 */
#include "helpers.h"

static const char *const free_names[] = {"a", "d"};

/* Izhikevich RS with a and d free, two steps of different lengths. */
static ax_fit_evaluator *make(ax_fit_protocol *pr, double record_ms)
{
    pr[0] = (ax_fit_protocol){.amplitude_na = 0.01, .onset_ms = 50, .duration_ms = 300, .run_ms = 400};
    pr[1] = (ax_fit_protocol){.amplitude_na = 0.006, .onset_ms = 20, .duration_ms = 200, .run_ms = 300};
    ax_fit_evaluator_spec s = {.model = "Izhikevich", .free = free_names, .n_free = 2, .max_candidates = 8,
                               .protocols = pr, .n_protocols = 2, .dt_ms = 0.1, .threads = 2,
                               .record_ms = record_ms};
    ax_fit_evaluator *ev = NULL;
    ax_error err;
    cr_assert_eq(ax_fit_evaluator_create(&s, &ev, &err), AX_OK, "%s", err.message);
    return ev;
}

static const double cand[] = {0.02, 8, 0.02, 2, 0.1, 2, 0.03, 6, 0.01, 4, 0.05, 0.5};
#define N 6

/* Train p of a results' candidate c as a view over [0, run]. */
static ax_spike_trains one(const ax_fit_results *r, size_t c, size_t p, double run, size_t off[2])
{
    size_t k = c * r->n_protocols + p, first = r->trains.offsets[k];
    off[0] = 0, off[1] = r->trains.offsets[k + 1] - first;
    return (ax_spike_trains){1, off, r->trains.times_ms ? r->trains.times_ms + first : NULL, 0, run};
}

/* The objective of every kind a [fit] uses, against candidate `ref`'s outputs. */
static ax_objective *objective(const ax_fit_results *r, size_t ref, const ax_fit_protocol *pr, bool trace)
{
    ax_error err;
    ax_objective *obj = ax_objective_create(2, &err);
    cr_assert_not_null(obj);
    for (size_t p = 0; p < 2; p++) {
        size_t off[2];
        ax_spike_trains t = one(r, ref, p, pr[p].run_ms, off);
        ax_objective_term terms[] = {
            {.kind = AX_TERM_GAMMA, .condition = p, .weight = 1, .target_spikes = &t, .delta_ms = 4},
            {.kind = AX_TERM_SPIKE_DISTANCE, .condition = p, .weight = 0.3, .target_spikes = &t},
            {.kind = AX_TERM_SUMMARY, .condition = p, .weight = 0.5, .target_spikes = &t, .dt_ms = 0.1},
            {.kind = AX_TERM_FEATURE, .condition = p, .weight = 0.1,
             .feature = {.feature = AX_FEATURE_RATE, .target = 20, .scale = 5, .penalty = 250}},
            {.kind = AX_TERM_TRACE, .condition = p, .weight = 0.01, .target_spikes = &t, .dt_ms = 0.5,
             .target = r->v ? r->v + r->v_offsets[ref * 2 + p] : NULL,
             .n_target = r->v ? r->v_offsets[ref * 2 + p + 1] - r->v_offsets[ref * 2 + p] : 0, .skip_before_ms = 1,
             .skip_after_ms = 3},
        };
        for (size_t i = 0; i < (trace ? 5u : 4u); i++)
            cr_assert_eq(ax_objective_add(obj, &terms[i], &err), AX_OK, "%s", err.message);
    }
    return obj;
}

static void evaluate(ax_fit_evaluator *ev, const double *x, size_t n, const ax_fit_evaluate_options *o,
                     ax_fit_results *r)
{
    ax_error err;
    cr_assert_eq(ax_fit_evaluate(ev, x, n, o, r, &err), AX_OK, "%s", err.message);
}

Test(fit_scores, objective_score_is_ax_objective_evaluate_bit_for_bit)
{
    ax_fit_protocol pr[2];
    ax_fit_evaluator *ev = make(pr, 0.5);
    ax_fit_results ref, r;
    const double rs[] = {0.02, 8};
    evaluate(ev, rs, 1, NULL, &ref);
    ax_objective *obj = objective(&ref, 0, pr, true);
    ax_fit_evaluate_options o = {.score = ax_fit_score_objective, .user = obj, .chunk_ms = 50};
    evaluate(ev, cand, N, &o, &r);
    for (size_t c = 0; c < N; c++) {
        size_t off[2][2];
        ax_spike_trains v[2] = {one(&r, c, 0, 400, off[0]), one(&r, c, 1, 300, off[1])};
        ax_objective_outputs out[2];
        for (size_t p = 0; p < 2; p++)
            out[p] = (ax_objective_outputs){.spikes = &v[p], .voltage = r.v + r.v_offsets[c * 2 + p],
                                            .n_voltage = r.v_offsets[c * 2 + p + 1] - r.v_offsets[c * 2 + p],
                                            .voltage_dt_ms = 0.5};
        double total, terms[10];
        ax_error err;
        cr_assert_eq(ax_objective_evaluate(obj, out, &total, terms, &err), AX_OK, "%s", err.message);
        cr_expect(memcmp(&total, &r.scores[c], sizeof total) == 0, "candidate %zu: %.17g by hand, %.17g as score", c,
                  total, r.scores[c]);
        cr_expect(isfinite(total) && total >= 0);
    }
    cr_expect_lt(r.scores[0], r.scores[2], "RS itself scores better than a fast-spiking candidate");
    ax_fit_results_free(&r);
    ax_fit_results_free(&ref);
    ax_objective_free(obj);
    ax_fit_evaluator_free(ev);
}

Test(fit_scores, early_stopping_with_the_objective_keeps_the_others_scores)
{
    ax_fit_protocol pr[2];
    ax_fit_evaluator *ev = make(pr, 0);
    ax_fit_results ref, full, stopped;
    const double rs[] = {0.02, 8};
    evaluate(ev, rs, 1, NULL, &ref);
    ax_objective *obj = objective(&ref, 0, pr, false);
    ax_fit_evaluate_options o = {.score = ax_fit_score_objective, .user = obj, .chunk_ms = 20};
    evaluate(ev, cand, N, &o, &full);
    double cut = 1.5;
    o.stop_early = true, o.stop_above = cut;
    evaluate(ev, cand, N, &o, &stopped);
    size_t retired = 0;
    for (size_t c = 0; c < N; c++) {
        if (isnan(stopped.retired_ms[c])) {
            cr_expect(memcmp(&stopped.scores[c], &full.scores[c], sizeof(double)) == 0,
                      "candidate %zu ran to the end: %.17g, %.17g without stopping", c, stopped.scores[c],
                      full.scores[c]);
        } else {
            retired++;
            cr_expect_gt(stopped.scores[c], cut, "candidate %zu stopped with bound %g", c, stopped.scores[c]);
            cr_expect_leq(stopped.scores[c], full.scores[c], "candidate %zu: bound %.17g above its score %.17g", c,
                          stopped.scores[c], full.scores[c]);
        }
    }
    cr_expect_gt(retired, 0, "the bound stops the candidates that fire far too much");
    cr_expect(isnan(stopped.retired_ms[0]), "the target itself runs to the end");
    ax_fit_results_free(&ref);
    ax_fit_results_free(&full);
    ax_fit_results_free(&stopped);
    ax_objective_free(obj);
    ax_fit_evaluator_free(ev);
}
