/*
 * contract_generations.h - test_api_contract.c's cases for the fitting calls
 * of this area (docs/fitting.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */

/* A small evaluator: Izhikevich, a and d free, 4 candidates, one 20 ms step. */
static const char *const gen_free[] = {"a", "d"};
static const ax_fit_protocol gen_protocol = {.amplitude_na = 0.01, .onset_ms = 2, .duration_ms = 10, .run_ms = 20};
static ax_fit_evaluator_spec gen_spec(void)
{
    return (ax_fit_evaluator_spec){.model = "Izhikevich", .free = gen_free, .n_free = 2, .max_candidates = 4,
                                   .protocols = &gen_protocol, .n_protocols = 1, .dt_ms = 0.1, .threads = 1};
}
static ax_fit_evaluator *gen_evaluator(void)
{
    ax_fit_evaluator_spec s = gen_spec();
    ax_fit_evaluator *ev = NULL;
    ax_error err;
    cr_assert_eq(ax_fit_evaluator_create(&s, &ev, &err), AX_OK, "%s", err.message);
    return ev;
}
static const double gen_cand[] = {0.02, 8, 0.1, 2};
static const size_t gen_off[] = {0, 0};
static ax_fit_score_input gen_input(void)
{
    return (ax_fit_score_input){.n_params = 2, .params = gen_cand, .trains = {1, gen_off, NULL, 0, 20},
                                .protocols = &gen_protocol, .t_ms = 20, .final = true};
}

#define CONTRACT_GENERATIONS(X)                                                                                    \
    X(ax_fit_evaluator_create, unknown_parameter, NF, "free[1] = 'tau_m' is not a parameter of model Izhikevich", \
      "a, b, c, d, i_offset",                                                                                      \
      static const char *const bad[] = {"a", "tau_m"}; ax_fit_evaluator_spec s = gen_spec(); s.free = bad;        \
      ax_fit_evaluator *ev; ax_error err; ax_fit_evaluator_create(&s, &ev, &err); return from_error(f, &err);)    \
    X(ax_fit_evaluator_create, run_too_long, E_, "protocols[0].run_ms = 20", "max_run_ms = 10",                    \
      ax_fit_evaluator_spec s = gen_spec(); s.max_run_ms = 10; ax_fit_evaluator *ev; ax_error err;                 \
      ax_fit_evaluator_create(&s, &ev, &err); return from_error(f, &err);)                                         \
    X(ax_fit_evaluator_create, null_spec, E_, "ax_fit_evaluator_create", "'spec' is NULL",                         \
      ax_fit_evaluator *ev; ax_error err; ax_fit_evaluator_create(NULL, &ev, &err); return from_error(f, &err);)  \
    X(ax_fit_evaluator_free, null, AX_OK, NONE, NONE, ax_fit_evaluator_free(NULL); return AX_OK;)                \
    X(ax_fit_results_free, null, AX_OK, NONE, NONE, ax_fit_results_free(NULL); return AX_OK;)                    \
    X(ax_fit_evaluate, zero_candidates, E_, "ax_fit_evaluate", "n = 0 candidates is not allowed: 1 .. 4",         \
      ax_fit_evaluator *ev = gen_evaluator(); ax_fit_results r; ax_error err;                                      \
      ax_fit_evaluate(ev, gen_cand, 0, NULL, &r, &err); ax_fit_evaluator_free(ev); return from_error(f, &err);)   \
    X(ax_fit_evaluate, nan_parameter, E_, "ax_fit_evaluate: candidate 1", "d = nan is not allowed",               \
      ax_fit_evaluator *ev = gen_evaluator(); ax_fit_results r; ax_error err;                                      \
      const double c[] = {0.02, 8, 0.02, NAN}; ax_fit_evaluate(ev, c, 2, NULL, &r, &err);                          \
      ax_fit_evaluator_free(ev); return from_error(f, &err);)                                                      \
    X(ax_fit_score_spike_count, null_target, E_, "ax_fit_score_spike_count", "'user (the ax_fit_target)' is NULL",\
      ax_fit_score_input in = gen_input(); double s; ax_error err; ax_fit_score_spike_count(&in, NULL, &s, &err);  \
      return from_error(f, &err);)                                                                                 \
    X(ax_fit_score_spike_distance, bad_weight, E_, "ax_fit_score_spike_distance", "count_weight = -1",             \
      ax_fit_score_input in = gen_input(); ax_fit_target tg = {{1, gen_off, NULL, 0, 20}, -1}; double s;           \
      ax_error err; ax_fit_score_spike_distance(&in, &tg, &s, &err); return from_error(f, &err);)                 \
    X(ax_fit_current_search, bad_bracket, E_, "ax_fit_current_search", "lo = 1, hi = 0",                          \
      ax_fit_evaluator *ev = gen_evaluator(); const double counts[] = {3}; double cur; int found; ax_error err;    \
      ax_fit_current_search_spec cs = {.param = 0, .fixed = gen_cand, .counts = counts, .n_targets = 1, .lo = 1,   \
                                       .hi = 0, .rounds = 5};                                                     \
      ax_fit_current_search(ev, &cs, &cur, &found, NULL, &err); ax_fit_evaluator_free(ev);                         \
      return from_error(f, &err);)                                                                                 \
    X(ax_population_set_frozen, bad_index, E_, "set frozen neurons of population 'E'", "neuron index 10",         \
      const uint32_t i = 10; return ax_population_set_frozen(f->net, f->E, ax_neurons_list(&i, 1), true);)        \
    X(ax_population_set_frozen, bad_handle, NF, "population handle 99 does not exist", NONE,                      \
      return ax_population_set_frozen(f->net, 99, AX_ALL_NEURONS, true);)                                          \
    X(ax_population_get_frozen, wrong_size, E_, "get frozen of population 'E'", "size = 3 is not allowed",         \
      uint8_t out[3]; return ax_population_get_frozen(f->net, f->E, out, 3);)
