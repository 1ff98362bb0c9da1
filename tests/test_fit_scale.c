/*
 * test_fit_scale.c - the evaluator's input scale and Gamma score
 * (docs/fitting.md, "Whole generations as one run"): a candidate with
 * free parameter "input_scale" s is bit for bit the neuron alone under s
 * times every protocol's current (step and trace), also when a later
 * generation brings other scales (the network is declared again); the
 * Gamma score equals 1 - ax_objective_gamma per protocol; bad input.
 */
#include "helpers.h"

static double ramp[2000];
static const char *const free_names[] = {"a", "input_scale", "d"};

/* Izhikevich RS, (a, input_scale, d) free: a step of 1 nA (a scale of 0.01 is the paper's I = 10) with a
 * ramp of up to 1 nA on top; a ramp alone. */
static ax_fit_evaluator_spec spec(ax_fit_protocol *pr, int threads)
{
    for (size_t k = 0; k < 2000; k++)
        ramp[k] = (double)k / 2000.0;
    pr[0] = (ax_fit_protocol){.amplitude_na = 1.0, .onset_ms = 20, .duration_ms = 200, .run_ms = 250,
                              .trace_na = ramp, .n_trace = 2000};
    pr[1] = (ax_fit_protocol){.run_ms = 300, .trace_na = ramp, .n_trace = 2000};
    return (ax_fit_evaluator_spec){.model = "Izhikevich", .free = free_names, .n_free = 3, .max_candidates = 6,
                                   .protocols = pr, .n_protocols = 2, .dt_ms = 0.1, .threads = threads,
                                   .record_ms = 1.0};
}

/* Protocol p of s for one neuron alone with (a, d) set and the currents written here scaled by `scale`:
 * the amplitudes scale * amplitude_na and scale * trace_na[k], one change per sample. */
static void run_alone(const ax_fit_evaluator_spec *s, const double *x, size_t p, size_t *n, double *spikes,
                      double *v, size_t *n_v)
{
    ax_network *net = new_net(s->dt_ms, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "alone", s->model, 1, &pop));
    OK(net, ax_population_set_param(net, pop, "a", ax_value_constant(x[0])));
    OK(net, ax_population_set_param(net, pop, "d", ax_value_constant(x[2])));
    double scale = x[1];
    const ax_fit_protocol *pr = &s->protocols[p];
    if (pr->amplitude_na != 0) {
        ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = scale * pr->amplitude_na, .start = pr->onset_ms,
                            .stop = pr->onset_ms + pr->duration_ms};
        OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &dc, NULL));
    }
    double *t = malloc((pr->n_trace + 1) * sizeof *t), *a = malloc((pr->n_trace + 1) * sizeof *a);
    for (size_t k = 0; k <= pr->n_trace; k++) {
        t[k] = (double)k * s->dt_ms;
        a[k] = k < pr->n_trace ? scale * pr->trace_na[k] : 0.0;
    }
    ax_input_spec step = {.kind = AX_INPUT_STEP, .times = t, .amplitudes = a, .n_times = pr->n_trace + 1};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &step, NULL));
    free(t);
    free(a);
    ax_recorder rs, rv;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rs));
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, s->record_ms, &rv));
    OK(net, ax_network_run(net, pr->run_ms));
    const double *times, *tt, *vals;
    const uint32_t *ids, *nid;
    OK(net, ax_recorder_get_spikes(net, rs, n, &times, &ids));
    if (*n)
        memcpy(spikes, times, *n * sizeof *spikes);
    size_t nn;
    OK(net, ax_recorder_get_trace(net, rv, n_v, &nn, &tt, &vals, &nid));
    memcpy(v, vals, *n_v * sizeof *v);
    ax_network_free(net);
}

/* Every candidate's spikes and v are those of the neuron alone, bit for bit; returns the spikes in all. */
static size_t expect_alone(const ax_fit_evaluator_spec *s, const double *cand, size_t n_cand)
{
    ax_fit_evaluator *ev = NULL;
    ax_error err;
    cr_assert_eq(ax_fit_evaluator_create(s, &ev, &err), AX_OK, "%s", err.message);
    ax_fit_results r;
    size_t total = 0;
    for (int gen = 0; gen < 2; gen++) {   /* twice: the second time on the same network, reset */
        cr_assert_eq(ax_fit_evaluate(ev, cand, n_cand, NULL, &r, &err), AX_OK, "%s", err.message);
        static double spikes[10000], v[10000];
        for (size_t c = 0; c < n_cand; c++)
            for (size_t p = 0; p < 2; p++) {
                size_t n, n_v, k = c * 2 + p, m = r.trains.offsets[k + 1] - r.trains.offsets[k];
                run_alone(s, cand + 3 * c, p, &n, spikes, v, &n_v);
                total += n;
                cr_expect_eq(m, n, "candidate %zu protocol %zu: %zu spikes, %zu alone", c, p, m, n);
                for (size_t j = 0; j < n && j < m; j++)
                    cr_expect_eq(r.trains.times_ms[r.trains.offsets[k] + j], spikes[j], "candidate %zu spike %zu",
                                 c, j);
                cr_expect_eq(r.v_offsets[k + 1] - r.v_offsets[k], n_v);
                for (size_t j = 0; j < n_v; j++)
                    if (r.v[r.v_offsets[k] + j] != v[j]) {
                        cr_expect_fail("candidate %zu protocol %zu v[%zu]: %.17g, alone %.17g", c, p, j,
                                       r.v[r.v_offsets[k] + j], v[j]);
                        break;
                    }
            }
        ax_fit_results_free(&r);
    }
    ax_fit_evaluator_free(ev);
    return total;
}

/* Tolerance: none, the same products on the same numbers.  (A scale left
 * out of the step or the trace changes the spikes: unscaled, 1 nA is 100
 * times the paper's I = 10, and the scales below span 0 to 3 times it.) */
Test(fit_scale, candidates_are_bit_identical_to_the_neuron_alone_under_the_scaled_current)
{
    ax_fit_protocol pr[2];
    const double cand[] = {0.02, 0.01, 8, 0.02, 0.013, 8, 0.1, 0.007, 2, 0.02, 0.0, 8, 0.03, 0.03, 6};
    const double other[] = {0.02, 0.02, 8, 0.1, 0.0123, 2, 0.02, 0.005, 4};   /* a generation with new scales */
    for (int threads = 1; threads <= 2; threads++) {
        ax_fit_evaluator_spec s = spec(pr, threads);
        size_t total = expect_alone(&s, cand, 5);
        cr_assert_gt(total, 40, "the candidates fire (%zu spikes): otherwise nothing is compared", total);
        expect_alone(&s, other, 3);
    }
}

/* The scale is re-declared per generation; a generation after another
 * with other scales equals the same generation on a fresh evaluator. */
Test(fit_scale, a_generation_does_not_depend_on_the_one_before)
{
    ax_fit_protocol pr[2];
    ax_fit_evaluator_spec s = spec(pr, 2);
    const double g1[] = {0.02, 0.02, 8, 0.1, 0.005, 2}, g2[] = {0.02, 0.012, 8, 0.03, 0.03, 6};
    ax_fit_evaluator *a = NULL, *b = NULL;
    ax_error err;
    cr_assert_eq(ax_fit_evaluator_create(&s, &a, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_fit_evaluator_create(&s, &b, &err), AX_OK, "%s", err.message);
    ax_fit_results r1, r2, fresh;
    cr_assert_eq(ax_fit_evaluate(a, g1, 2, NULL, &r1, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_fit_evaluate(a, g2, 2, NULL, &r2, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_fit_evaluate(b, g2, 2, NULL, &fresh, &err), AX_OK, "%s", err.message);
    size_t n = r2.trains.offsets[4];
    cr_assert_eq(n, fresh.trains.offsets[4]);
    cr_assert_gt(n, 10);
    cr_expect_arr_eq(r2.trains.times_ms, fresh.trains.times_ms, n * sizeof(double));
    cr_expect_neq(r1.trains.offsets[4], n, "the two generations differ, else the test shows nothing");
    ax_fit_results_free(&r1);
    ax_fit_results_free(&r2);
    ax_fit_results_free(&fresh);
    ax_fit_evaluator_free(a);
    ax_fit_evaluator_free(b);
}

Test(fit_scale, bad_scales_and_names_are_refused)
{
    ax_fit_protocol pr[2];
    ax_fit_evaluator_spec s = spec(pr, 1);
    ax_fit_evaluator *ev = NULL;
    ax_error err;
    cr_assert_eq(ax_fit_evaluator_create(&s, &ev, &err), AX_OK, "%s", err.message);
    ax_fit_results r;
    const double neg[] = {0.02, 0.01, 8, 0.02, -0.01, 8};
    cr_assert_eq(ax_fit_evaluate(ev, neg, 2, NULL, &r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "candidate 1: input_scale = -0.01 is not allowed: must be finite and >= 0"),
              "%s", err.message);
    const double inf[] = {0.02, INFINITY, 8};
    cr_assert_eq(ax_fit_evaluate(ev, inf, 1, NULL, &r, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "input_scale = inf"), "%s", err.message);
    ax_fit_evaluator_free(ev);
    static const char *const twice[] = {"input_scale", "a", "input_scale"};
    s.free = twice;
    cr_assert_eq(ax_fit_evaluator_create(&s, &ev, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "free[2] = 'input_scale' is not allowed: it is free[0] already"), "%s",
              err.message);
}

/* The Gamma score is the mean over protocols of 1 - ax_objective_gamma
 * of the candidate's train and the target's over [0, run_ms], plus the
 * count part; tolerance: exact, the same kernel in the same order. */
Test(fit_scale, gamma_score_is_one_minus_the_objectives_gamma)
{
    ax_fit_protocol pr[2] = {{.run_ms = 100}, {.run_ms = 200}};
    const double cand_t[] = {10, 30, 52, 90, 20, 80, 150}, data_t[] = {11, 33, 60, 21, 79, 120, 151, 190};
    const size_t cand_off[] = {0, 4, 7}, data_off[] = {0, 3, 8};
    ax_fit_score_input in = {.n_params = 0, .trains = {2, cand_off, cand_t, 0, 200}, .protocols = pr,
                             .t_ms = 200, .final = true};
    ax_fit_gamma_target tg = {{{2, data_off, data_t, 0, 200}, 0.5}, 4.0};
    double score;
    ax_error err;
    cr_assert_eq(ax_fit_score_gamma(&in, &tg, &score, &err), AX_OK, "%s", err.message);
    double expect = 0;
    for (size_t p = 0; p < 2; p++) {
        ax_spike_trains d = {1, (size_t[]){0, data_off[p + 1] - data_off[p]}, data_t + data_off[p], 0, pr[p].run_ms};
        ax_spike_trains m = {1, (size_t[]){0, cand_off[p + 1] - cand_off[p]}, cand_t + cand_off[p], 0, pr[p].run_ms};
        double g;
        cr_assert_eq(ax_objective_gamma(&d, &m, 4.0, NULL, &g, &err), AX_OK, "%s", err.message);
        expect += (1 - g) / 2;
    }
    expect += 0.5 * (1 + 2);   /* |4 - 3| + |3 - 5| spikes */
    cr_expect_eq(score, expect, "%.17g vs %.17g", score, expect);
    /* during the run, at 150 ms: protocol 0 has ended (its term), protocol 1 not (0); the count bound is the
     * excess 4 - 3 of the finished protocol 0 plus max(0, 3 - 5) */
    in.final = false;
    in.t_ms = 150;
    cr_assert_eq(ax_fit_score_gamma(&in, &tg, &score, &err), AX_OK, "%s", err.message);
    ax_spike_trains d0 = {1, (size_t[]){0, 3}, data_t, 0, 100}, m0 = {1, (size_t[]){0, 4}, cand_t, 0, 100};
    double g0;
    ax_objective_gamma(&d0, &m0, 4.0, NULL, &g0, &err);
    cr_expect_eq(score, (1 - g0) / 2 + 0.5 * 1, "%.17g", score);
    tg.delta_ms = 0;
    cr_assert_eq(ax_fit_score_gamma(&in, &tg, &score, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "ax_fit_score_gamma: delta_ms = 0 is not allowed"), "%s", err.message);
}
