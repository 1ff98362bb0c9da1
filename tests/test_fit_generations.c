/*
 * test_fit_generations.c - whole generations as one run (docs/fitting.md):
 * every candidate of a generation bit for bit as the same neuron run
 * alone, for any thread count; early stopping leaves the others' scores
 * alone and retires only candidates whose final score is above the bound;
 * the built-in scores against the analysis calls; the current search
 * (SpikeNetOpt's test: an RS Izhikevich fires exactly the target count);
 * frozen neurons; bad input.
 */
#include "helpers.h"

/* Izhikevich RS with a and d free; two protocols: a 0.01 nA step (I = 10
 * in the paper's units) and a ramp sampled on the grid. */
static double ramp[3000];
static const char *const iz_free[] = {"a", "d"};
static const char *const iz_base_names[] = {"b", "c"};
static const double iz_base_values[] = {0.2, -65.0};

static ax_fit_evaluator_spec iz_spec(ax_fit_protocol *pr, int threads, double record_ms)
{
    for (size_t k = 0; k < 3000; k++)
        ramp[k] = 0.02 * (double)k / 3000.0;
    pr[0] = (ax_fit_protocol){.amplitude_na = 0.01, .onset_ms = 50, .duration_ms = 300, .run_ms = 400};
    pr[1] = (ax_fit_protocol){.run_ms = 350, .trace_na = ramp, .n_trace = 3000};
    return (ax_fit_evaluator_spec){.model = "Izhikevich", .base_names = iz_base_names, .base_values = iz_base_values,
                                   .n_base = 2, .free = iz_free, .n_free = 2, .max_candidates = 8,
                                   .protocols = pr, .n_protocols = 2, .dt_ms = 0.1, .threads = threads,
                                   .record_ms = record_ms};
}

/* 6 candidates (a, d) around RS, a bursting and a fast one among them. */
static const double iz_cand[] = {0.02, 8, 0.02, 2, 0.1, 2, 0.03, 6, 0.01, 4, 0.05, 0.5};
#define IZ_N 6

static ax_fit_evaluator *make(const ax_fit_evaluator_spec *s)
{
    ax_error err;
    ax_fit_evaluator *ev = NULL;
    ax_status st = ax_fit_evaluator_create(s, &ev, &err);
    cr_assert_eq(st, AX_OK, "%s", err.message);
    return ev;
}

static void evaluate(ax_fit_evaluator *ev, const double *cand, size_t n, const ax_fit_evaluate_options *o,
                     ax_fit_results *r)
{
    ax_error err;
    ax_status st = ax_fit_evaluate(ev, cand, n, o, r, &err);
    cr_assert_eq(st, AX_OK, "%s", err.message);
}

/* Candidate c of spec s under protocol p, as one neuron alone: the same
 * model, parameters set as constants, the same inputs; spikes and v. */
static void run_alone(const ax_fit_evaluator_spec *s, const double *params, size_t p, size_t *n_spikes,
                      double *spikes, double *v, size_t *n_v)
{
    ax_network *net = new_net(s->dt_ms, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "alone", s->model, 1, &pop));
    for (size_t k = 0; k < s->n_base; k++)
        OK(net, ax_population_set_param(net, pop, s->base_names[k], ax_value_constant(s->base_values[k])));
    for (size_t k = 0; k < s->n_free; k++)
        OK(net, ax_population_set_param(net, pop, s->free[k], ax_value_constant(params[k])));
    const ax_fit_protocol *pr = &s->protocols[p];
    if (pr->amplitude_na != 0) {
        double stop = pr->onset_ms + pr->duration_ms;
        ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = pr->amplitude_na, .start = pr->onset_ms,
                            .stop = stop < pr->run_ms ? stop : 0};
        OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &dc, NULL));
    }
    if (pr->n_trace) {   /* one change per sample: written independently of the evaluator's compression */
        double *t = malloc((pr->n_trace + 1) * sizeof *t), *a = malloc((pr->n_trace + 1) * sizeof *a);
        for (size_t k = 0; k <= pr->n_trace; k++) {
            t[k] = (double)k * s->dt_ms;
            a[k] = k < pr->n_trace ? pr->trace_na[k] : 0.0;
        }
        ax_input_spec st = {.kind = AX_INPUT_STEP, .times = t, .amplitudes = a, .n_times = pr->n_trace + 1};
        OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &st, NULL));
        free(t);
        free(a);
    }
    ax_recorder rs, rv = 0;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rs));
    if (v)
        OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, s->record_ms, &rv));
    OK(net, ax_network_run(net, pr->run_ms));
    const double *times;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, rs, n_spikes, &times, &ids));
    if (*n_spikes)   /* times is NULL when there is none */
        memcpy(spikes, times, *n_spikes * sizeof *spikes);
    if (v) {
        size_t ns, nn;
        const double *tt, *vals;
        const uint32_t *nid;
        OK(net, ax_recorder_get_trace(net, rv, &ns, &nn, &tt, &vals, &nid));
        memcpy(v, vals, ns * sizeof *v);
        *n_v = ns;
    }
    ax_network_free(net);
}

/* Every candidate's trains and traces equal, bit for bit, the neuron alone. */
static void expect_alone(const ax_fit_evaluator_spec *s, const double *cand, const ax_fit_results *r)
{
    static double spikes[100000], v[100000];
    for (size_t c = 0; c < r->n_candidates; c++)
        for (size_t p = 0; p < r->n_protocols; p++) {
            size_t n, n_v = 0, k = c * r->n_protocols + p;
            run_alone(s, cand + c * s->n_free, p, &n, spikes, s->record_ms > 0 ? v : NULL, &n_v);
            size_t m = r->trains.offsets[k + 1] - r->trains.offsets[k];
            cr_expect_eq(m, n, "candidate %zu protocol %zu: %zu spikes in the generation, %zu alone", c, p, m, n);
            for (size_t j = 0; j < n && j < m; j++)
                cr_expect_eq(r->trains.times_ms[r->trains.offsets[k] + j], spikes[j],
                             "candidate %zu protocol %zu spike %zu: %.17g vs %.17g alone", c, p, j,
                             r->trains.times_ms[r->trains.offsets[k] + j], spikes[j]);
            if (s->record_ms > 0) {
                size_t mv = r->v_offsets[k + 1] - r->v_offsets[k];
                cr_expect_eq(mv, n_v, "candidate %zu protocol %zu: %zu samples, %zu alone", c, p, mv, n_v);
                for (size_t j = 0; j < n_v && j < mv; j++)
                    if (r->v[r->v_offsets[k] + j] != v[j]) {
                        cr_expect_fail("candidate %zu protocol %zu sample %zu: v %.17g vs %.17g alone", c, p, j,
                                       r->v[r->v_offsets[k] + j], v[j]);
                        break;
                    }
            }
        }
}

/* Tolerance: none - the same arithmetic on the same numbers. */
Test(fit_generations, izhikevich_candidates_are_bit_identical_to_each_alone)
{
    ax_fit_protocol pr[2];
    ax_fit_evaluator_spec s = iz_spec(pr, 2, 0.5);
    ax_fit_evaluator *ev = make(&s);
    ax_fit_results r;
    evaluate(ev, iz_cand, IZ_N, NULL, &r);
    size_t total = r.trains.offsets[r.trains.n_trains];
    cr_assert_gt(total, 20, "the candidates fire (%zu spikes): otherwise the test compares nothing", total);
    expect_alone(&s, iz_cand, &r);
    ax_fit_results_free(&r);
    /* a second generation reuses the network (reset, new parameters): still each alone */
    const double again[] = {0.1, 2, 0.02, 8, 0.02, 0.05};
    evaluate(ev, again, 3, NULL, &r);
    cr_expect_eq(r.n_candidates, 3);
    expect_alone(&s, again, &r);
    ax_fit_results_free(&r);
    ax_fit_evaluator_free(ev);
}

/* AdEx (EIF_cond_exp_isfa_ista) with a, b and tau_w free. */
Test(fit_generations, adex_candidates_are_bit_identical_to_each_alone)
{
    static const char *const fr[] = {"a", "b", "tau_w"};
    ax_fit_protocol pr[1] = {{.amplitude_na = 0.8, .onset_ms = 20, .duration_ms = 200, .run_ms = 300}};
    ax_fit_evaluator_spec s = {.model = "EIF_cond_exp_isfa_ista", .free = fr, .n_free = 3, .max_candidates = 5,
                               .protocols = pr, .n_protocols = 1, .dt_ms = 0.1, .threads = 2, .record_ms = 1.0};
    const double cand[] = {4, 0.0805, 144, 0, 0, 100, 10, 0.2, 50, 2, 0.05, 300};
    ax_fit_evaluator *ev = make(&s);
    ax_fit_results r;
    evaluate(ev, cand, 4, NULL, &r);
    cr_assert_gt(r.trains.offsets[r.trains.n_trains], 10, "the candidates fire");
    expect_alone(&s, cand, &r);
    ax_fit_results_free(&r);
    ax_fit_evaluator_free(ev);
}

/* HodgkinHuxley: a model whose prepared data holds state (data_state). */
Test(fit_generations, hodgkin_huxley_candidates_are_bit_identical_to_each_alone)
{
    const ax_model *m = ax_model_find(NULL, "HodgkinHuxley");
    cr_assert_not_null(m);
    const char *name = m->params[0].name;   /* any parameter: its default and a 10% change */
    const char *const fr[] = {name};
    double cand[] = {m->params[0].value, m->params[0].value * 1.1};
    ax_fit_protocol pr[1] = {{.amplitude_na = 1.0, .onset_ms = 5, .duration_ms = 50, .run_ms = 80}};
    ax_fit_evaluator_spec s = {.model = "HodgkinHuxley", .free = fr, .n_free = 1, .max_candidates = 3,
                               .protocols = pr, .n_protocols = 1, .dt_ms = 0.01, .threads = 2};
    ax_fit_evaluator *ev = make(&s);
    ax_fit_results r;
    evaluate(ev, cand, 2, NULL, &r);
    expect_alone(&s, cand, &r);
    ax_fit_results_free(&r);
    ax_fit_evaluator_free(ev);
}

static void expect_same(const ax_fit_results *a, const ax_fit_results *b)
{
    cr_assert_eq(a->trains.n_trains, b->trains.n_trains);
    size_t n = a->trains.offsets[a->trains.n_trains];
    cr_assert_eq(n, b->trains.offsets[b->trains.n_trains]);
    cr_expect(memcmp(a->trains.offsets, b->trains.offsets, (a->trains.n_trains + 1) * sizeof(size_t)) == 0);
    cr_expect(memcmp(a->trains.times_ms, b->trains.times_ms, n * sizeof(double)) == 0, "spike times differ");
    if (a->scores)
        cr_expect(memcmp(a->scores, b->scores, a->n_candidates * sizeof(double)) == 0, "scores differ");
}

/* Tolerance: none (docs/architecture.md: runs are bit-identical for any thread count). */
Test(fit_generations, results_do_not_depend_on_the_thread_count)
{
    ax_fit_protocol pr[2];
    ax_fit_results r[3];
    int threads[3] = {1, 2, 3};
    /* the target: candidate 0's trains; a SPIKE-distance score */
    ax_fit_evaluator_spec s = iz_spec(pr, 1, 0);
    ax_fit_evaluator *ev = make(&s);
    ax_fit_results target;
    evaluate(ev, iz_cand, 1, NULL, &target);
    ax_fit_evaluator_free(ev);
    ax_fit_target tg = {target.trains, 0.1};
    ax_fit_evaluate_options o = {.score = ax_fit_score_spike_distance, .user = &tg, .chunk_ms = 50,
                                 .stop_above = INFINITY};
    for (int k = 0; k < 3; k++) {
        s = iz_spec(pr, threads[k], 0);
        ev = make(&s);
        evaluate(ev, iz_cand, IZ_N, &o, &r[k]);
        ax_fit_evaluator_free(ev);
    }
    cr_expect_eq(r[0].scores[0], 0.0, "candidate 0 is the target: score %g", r[0].scores[0]);
    expect_same(&r[0], &r[1]);
    expect_same(&r[0], &r[2]);
    for (int k = 0; k < 3; k++)
        ax_fit_results_free(&r[k]);
    ax_fit_results_free(&target);
}

/* Early stopping: the candidates that run to the end keep the scores of a
 * run without stopping, bit for bit; a retired one's score is its bound,
 * never above its score without stopping (a bound of the final score). */
Test(fit_generations, early_stopping_keeps_the_others_scores)
{
    ax_fit_protocol pr[2];
    ax_fit_evaluator_spec s = iz_spec(pr, 2, 0);
    ax_fit_evaluator *ev = make(&s);
    ax_fit_results target, full, stopped;
    const double rs[] = {0.02, 8};
    evaluate(ev, rs, 1, NULL, &target);
    ax_fit_target tg = {target.trains, 1.0};
    ax_fit_evaluate_options o = {.score = ax_fit_score_spike_distance, .user = &tg, .chunk_ms = 25,
                                 .stop_above = INFINITY};
    evaluate(ev, iz_cand, IZ_N, &o, &full);
    o.stop_early = true;
    o.stop_above = 3.0;
    evaluate(ev, iz_cand, IZ_N, &o, &stopped);
    size_t n_retired = 0;
    for (size_t c = 0; c < IZ_N; c++) {
        cr_expect(isnan(full.retired_ms[c]), "nothing stops without a bound");
        if (isnan(stopped.retired_ms[c])) {
            cr_expect_eq(stopped.scores[c], full.scores[c], "candidate %zu: %.17g stopped, %.17g full", c,
                         stopped.scores[c], full.scores[c]);
        } else {
            n_retired++;
            cr_expect_gt(stopped.scores[c], 3.0, "candidate %zu retired with bound %g", c, stopped.scores[c]);
            cr_expect_leq(stopped.scores[c], full.scores[c], "candidate %zu: bound %g above its score %g", c,
                          stopped.scores[c], full.scores[c]);
            cr_expect_lt(stopped.retired_ms[c], 400.0, "retired before the end");
        }
    }
    cr_expect_gt(n_retired, 0, "a bound of 3 retires the fast candidates");
    cr_expect_lt(n_retired, IZ_N, "the target itself runs to the end");
    cr_expect_eq(stopped.scores[0], 0.0);
    ax_fit_results_free(&target);
    ax_fit_results_free(&full);
    ax_fit_results_free(&stopped);
    /* the spike ceiling: +inf for those over it, the others untouched */
    o = (ax_fit_evaluate_options){.chunk_ms = 10, .spike_ceiling = 12};
    evaluate(ev, iz_cand, IZ_N, &o, &stopped);
    cr_assert_not_null(stopped.scores);
    size_t over = 0;
    for (size_t c = 0; c < IZ_N; c++) {
        size_t most = 0;
        for (size_t p = 0; p < 2; p++) {
            size_t k = c * 2 + p, m = stopped.trains.offsets[k + 1] - stopped.trains.offsets[k];
            most = m > most ? m : most;
        }
        if (isnan(stopped.retired_ms[c])) {
            cr_expect_leq(most, 12, "candidate %zu has %zu spikes and ran to the end", c, most);
        } else {
            over++;
            cr_expect(isinf(stopped.scores[c]), "candidate %zu over the ceiling: score %g", c, stopped.scores[c]);
            cr_expect_gt(most, 12, "candidate %zu retired with %zu spikes", c, most);
        }
    }
    cr_expect_gt(over, 0, "some candidate fires more than 12 spikes");
    ax_fit_results_free(&stopped);
    ax_fit_evaluator_free(ev);
}

/* The built-in scores against the analysis call they use (tolerance: none). */
Test(fit_generations, built_in_scores_match_the_analysis_calls)
{
    ax_fit_protocol pr[2];
    ax_fit_evaluator_spec s = iz_spec(pr, 1, 0);
    ax_fit_evaluator *ev = make(&s);
    ax_fit_results target, r;
    evaluate(ev, iz_cand + 2 * 2, 1, NULL, &target);   /* candidate 2 */
    ax_fit_target tg = {target.trains, 0.5};
    ax_fit_evaluate_options o = {.score = ax_fit_score_spike_count, .user = &tg};
    evaluate(ev, iz_cand, IZ_N, &o, &r);
    ax_fit_results d;
    o.score = ax_fit_score_spike_distance;
    evaluate(ev, iz_cand, IZ_N, &o, &d);
    for (size_t c = 0; c < IZ_N; c++) {
        double count = 0, dist = 0;
        for (size_t p = 0; p < 2; p++) {
            size_t k = c * 2 + p;
            size_t n = r.trains.offsets[k + 1] - r.trains.offsets[k];
            size_t N = target.trains.offsets[p + 1] - target.trains.offsets[p];
            count += fabs((double)n - (double)N);
            /* the two trains as one view over the protocol's run */
            double t[2000];
            memcpy(t, r.trains.times_ms + r.trains.offsets[k], n * sizeof *t);
            memcpy(t + n, target.trains.times_ms + target.trains.offsets[p], N * sizeof *t);
            size_t off[3] = {0, n, n + N};
            ax_spike_trains two = {2, off, t, 0, pr[p].run_ms};
            double x;
            ax_error err;
            cr_assert_eq(ax_spike_distance_spike(&two, 0, 1, NULL, &x, &err), AX_OK, "%s", err.message);
            dist += x;
        }
        cr_expect_eq(r.scores[c], count, "candidate %zu: count score %g, by hand %g", c, r.scores[c], count);
        cr_expect_eq(d.scores[c], dist / 2 + 0.5 * count, "candidate %zu: SPIKE score %.17g, by hand %.17g", c,
                     d.scores[c], dist / 2 + 0.5 * count);
    }
    cr_expect_eq(r.scores[2], 0.0, "candidate 2 is the target");
    ax_fit_results_free(&target);
    ax_fit_results_free(&r);
    ax_fit_results_free(&d);
    ax_fit_evaluator_free(ev);
}

/* SpikeNetOpt's spike_current_search_test: an RS Izhikevich (a 0.02, b
 * 0.2, c -65, d 8) driven by a constant current (its i_offset, nA, from
 * t = 0) fires exactly the target count in 2000 ms, for several targets at
 * once; the current found, run alone, gives that count (tolerance: none,
 * counts).  SpikeNetOpt's targets are 5 - 15 spikes of a step after 1 s at
 * rest; under a current from t = 0 this neuron's count jumps from 1 (the
 * first spike of the start) to 11 at the onset of firing (0.00378 nA), so
 * the targets here are 11 - 20, and 5 is the documented case of a count
 * no current gives. */
Test(fit_generations, current_search_reaches_every_target_count)
{
    static const char *const names[] = {"a", "b", "c", "d"};
    static const double values[] = {0.02, 0.2, -65, 8};
    static const char *const fr[] = {"i_offset"};
    ax_fit_protocol pr[1] = {{.run_ms = 2000}};
    ax_fit_evaluator_spec s = {.model = "Izhikevich", .base_names = names, .base_values = values, .n_base = 4,
                               .free = fr, .n_free = 1, .max_candidates = 64, .protocols = pr, .n_protocols = 1,
                               .dt_ms = 0.1, .threads = 2};
    ax_fit_evaluator *ev = make(&s);
    const double targets[] = {11, 14, 17, 20};
    double current[4], achieved[4];
    int found[4];
    ax_fit_current_search_spec cs = {.param = 0, .counts = targets, .n_targets = 4, .lo = 0, .hi = 0.003,
                                     .rounds = 30};
    ax_error err;
    cr_assert_eq(ax_fit_current_search(ev, &cs, current, found, achieved, &err), AX_OK, "%s", err.message);
    for (int t = 0; t < 4; t++) {
        cr_expect(found[t], "target %g: not found (closest %g spikes at %g nA)", targets[t], achieved[t], current[t]);
        cr_expect_eq(achieved[t], targets[t]);
        size_t n;
        double spikes[200];
        run_alone(&s, &current[t], 0, &n, spikes, NULL, NULL);
        cr_expect_eq((double)n, targets[t], "target %g: %g nA alone gives %zu spikes", targets[t], current[t], n);
    }
    /* a count no current gives: found 0, the closest count (the count jumps
     * over it) and a current that gives it */
    const double five[] = {5};
    cs = (ax_fit_current_search_spec){.param = 0, .counts = five, .n_targets = 1, .lo = 0, .hi = 0.01, .rounds = 60};
    cr_assert_eq(ax_fit_current_search(ev, &cs, current, found, achieved, &err), AX_OK, "%s", err.message);
    cr_expect_eq(found[0], 0, "5 spikes at %g nA", current[0]);
    cr_expect_neq(achieved[0], 5.0, "closest count %g", achieved[0]);
    size_t n;
    double spikes[200];
    run_alone(&s, &current[0], 0, &n, spikes, NULL, NULL);
    cr_expect_eq((double)n, achieved[0]);
    ax_fit_evaluator_free(ev);
}

/* Frozen neurons keep their state and fire nothing; the others run as
 * without them (tolerance: none). */
Test(fit_generations, frozen_neurons_stop_and_the_others_run_on)
{
    ax_network *a = new_net(0.1, 1, 2), *b = new_net(0.1, 1, 2);
    ax_population pa, pb;
    OK(a, ax_population_add(a, "E", "Izhikevich", 10, &pa));
    OK(b, ax_population_add(b, "E", "Izhikevich", 10, &pb));
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 0.01};
    OK(a, ax_input_add(a, pa, AX_ALL_NEURONS, &dc, NULL));
    OK(b, ax_input_add(b, pb, AX_ALL_NEURONS, &dc, NULL));
    ax_recorder ra, rb;
    OK(a, ax_recorder_add_spikes(a, pa, AX_ALL_NEURONS, &ra));
    OK(b, ax_recorder_add_spikes(b, pb, AX_ALL_NEURONS, &rb));
    OK(a, ax_network_run(a, 100));
    OK(b, ax_network_run(b, 100));
    const uint32_t frozen[] = {1, 4, 5};
    OK(b, ax_population_set_frozen(b, pb, ax_neurons_list(frozen, 3), true));
    uint8_t flags[10];
    OK(b, ax_population_get_frozen(b, pb, flags, 10));
    cr_expect(flags[1] && flags[4] && flags[5] && !flags[0] && !flags[9]);
    double v0[10], v1[10];
    OK(b, ax_population_get_values(b, pb, "v", v0, 10));
    size_t n0a, n0b;
    const double *ta, *tb;
    const uint32_t *ia, *ib;
    OK(a, ax_recorder_get_spikes(a, ra, &n0a, &ta, &ia));
    OK(b, ax_recorder_get_spikes(b, rb, &n0b, &tb, &ib));
    OK(a, ax_network_run(a, 200));
    OK(b, ax_network_run(b, 200));
    OK(b, ax_population_get_values(b, pb, "v", v1, 10));
    for (int k = 0; k < 3; k++)
        cr_expect_eq(v1[frozen[k]], v0[frozen[k]], "frozen neuron %u moved", frozen[k]);
    size_t na, nb;
    OK(a, ax_recorder_get_spikes(a, ra, &na, &ta, &ia));
    OK(b, ax_recorder_get_spikes(b, rb, &nb, &tb, &ib));
    size_t j = n0b;
    for (size_t k = n0a; k < na; k++) {
        if (ia[k] == 1 || ia[k] == 4 || ia[k] == 5)
            continue;
        cr_assert_lt(j, nb);
        cr_expect_eq(ib[j], ia[k]);
        cr_expect_eq(tb[j], ta[k]);
        j++;
    }
    cr_expect_eq(j, nb, "the frozen neurons fired");
    cr_expect_gt(na, n0a + 10, "the neurons fire: otherwise the test compares nothing");
    ax_network_free(a);
    ax_network_free(b);
}

#define EXPECT_ERR(call, status, text)                                                                           \
    do {                                                                                                         \
        ax_error e_;                                                                                             \
        ax_status s_ = (call);                                                                                   \
        (void)e_;                                                                                                \
        cr_expect_eq(s_, (status), "%s: %s", #call, err.message);                                               \
        cr_expect(strstr(err.message, (text)) != NULL, "'%s' lacks '%s'", err.message, (text));                 \
    } while (0)

Test(fit_generations, bad_input_is_refused_with_a_clear_message)
{
    ax_fit_protocol pr[2];
    ax_fit_evaluator_spec s = iz_spec(pr, 1, 0);
    ax_fit_evaluator *ev = NULL;
    ax_error err;
    /* a free parameter the model does not have: the message lists the model's */
    static const char *const bad[] = {"a", "tau_m"};
    s.free = bad;
    EXPECT_ERR(ax_fit_evaluator_create(&s, &ev, &err), AX_ERR_NOT_FOUND, "free[1] = 'tau_m' is not a parameter");
    cr_expect(strstr(err.message, "a, b, c, d, i_offset") != NULL, "%s", err.message);
    cr_expect_null(ev);
    s = iz_spec(pr, 1, 0);
    s.model = "Izhikevitch";
    EXPECT_ERR(ax_fit_evaluator_create(&s, &ev, &err), AX_ERR_NOT_FOUND, "model = 'Izhikevitch' is not a model");
    s = iz_spec(pr, 1, 0);
    s.max_candidates = 0;
    EXPECT_ERR(ax_fit_evaluator_create(&s, &ev, &err), AX_ERR_ARGUMENT, "max_candidates = 0");
    /* a protocol longer than allowed */
    s = iz_spec(pr, 1, 0);
    s.max_run_ms = 380;
    EXPECT_ERR(ax_fit_evaluator_create(&s, &ev, &err), AX_ERR_ARGUMENT,
               "protocols[0].run_ms = 400 is not allowed: the longest run allowed is max_run_ms = 380");
    s = iz_spec(pr, 1, 0);
    pr[1].run_ms = 350.05;
    EXPECT_ERR(ax_fit_evaluator_create(&s, &ev, &err), AX_ERR_ARGUMENT, "protocols[1].run_ms = 350.05");
    s = iz_spec(pr, 1, 0);
    pr[0].duration_ms = NAN;
    EXPECT_ERR(ax_fit_evaluator_create(&s, &ev, &err), AX_ERR_ARGUMENT, "protocols[0].duration_ms = nan");
    s = iz_spec(pr, 1, 0);
    ev = make(&s);
    ax_fit_results r;
    /* zero candidates, too many, NaN and out-of-range parameters */
    EXPECT_ERR(ax_fit_evaluate(ev, iz_cand, 0, NULL, &r, &err), AX_ERR_ARGUMENT, "n = 0 candidates");
    EXPECT_ERR(ax_fit_evaluate(ev, iz_cand, 9, NULL, &r, &err), AX_ERR_ARGUMENT, "1 .. 8 (max_candidates)");
    double nan_cand[] = {0.02, 8, NAN, 2};
    EXPECT_ERR(ax_fit_evaluate(ev, nan_cand, 2, NULL, &r, &err), AX_ERR_ARGUMENT, "candidate 1: a = nan");
    static const char *const cfree[] = {"c"};
    s.free = cfree;
    s.n_free = 1;
    ax_fit_evaluator *ev2 = make(&s);
    double c_high[] = {-65, 40};
    EXPECT_ERR(ax_fit_evaluate(ev2, c_high, 2, NULL, &r, &err), AX_ERR_ARGUMENT, "candidate 1: c = 40");
    ax_fit_evaluator_free(ev2);
    ax_fit_evaluate_options o = {.chunk_ms = 0.25};
    EXPECT_ERR(ax_fit_evaluate(ev, iz_cand, 2, &o, &r, &err), AX_ERR_ARGUMENT, "chunk_ms = 0.25");
    /* a target of the wrong shape fails the evaluation with the score's message */
    size_t off[2] = {0, 0};
    ax_fit_target tg = {{1, off, NULL, 0, 400}, 0};
    o = (ax_fit_evaluate_options){.score = ax_fit_score_spike_count, .user = &tg};
    EXPECT_ERR(ax_fit_evaluate(ev, iz_cand, 2, &o, &r, &err), AX_ERR_ARGUMENT, "the target has 1 trains");
    cr_expect_null(r.trains.offsets, "a failure hands out nothing");
    /* the evaluator still works after the failures */
    evaluate(ev, iz_cand, 2, NULL, &r);
    ax_fit_results_free(&r);
    ax_fit_evaluator_free(ev);
}

/* A candidate that makes the model diverge fails the generation with its
 * index and protocol; the evaluator is usable afterwards. */
Test(fit_generations, a_diverging_candidate_is_named)
{
    /* FitzHugh-Nagumo with a = -1000 is NaN within 2 ms at dt = 0.1 ms */
    static const char *const fr[] = {"a"};
    ax_fit_protocol pr[1] = {{.run_ms = 100}};
    ax_fit_evaluator_spec s = {.model = "FitzHughNagumo", .free = fr, .n_free = 1, .max_candidates = 3,
                               .protocols = pr, .n_protocols = 1, .dt_ms = 0.1, .threads = 2};
    ax_fit_evaluator *ev = make(&s);
    double a = ax_model_find(NULL, "FitzHughNagumo")->params[0].value;
    cr_assert_eq(strcmp(ax_model_find(NULL, "FitzHughNagumo")->params[0].name, "a"), 0);
    const double cand[] = {a, -1000, a};
    ax_fit_results r;
    ax_error err;
    ax_status st = ax_fit_evaluate(ev, cand, 3, NULL, &r, &err);
    cr_expect_eq(st, AX_ERR_NUMERIC, "%s", err.message);
    cr_expect(strstr(err.message, "candidate 1 under protocol 0") != NULL, "%s", err.message);
    cr_expect_null(r.trains.offsets, "a failure hands out nothing");
    evaluate(ev, cand, 1, NULL, &r);
    ax_fit_results_free(&r);
    ax_fit_evaluator_free(ev);
}
