/*
 * contract_fit_tasks.h - test_api_contract.c's cases for the evaluator's
 * Gamma score and input scale (docs/fitting.md): X(function, tag, status,
 * fragment, fragment, body).  Uses contract_generations.h's evaluator.
 */

#define CONTRACT_FIT_TASKS(X)                                                                                      \
    X(ax_fit_score_gamma, no_window, E_, "ax_fit_score_gamma", "delta_ms = 0 is not allowed",                      \
      ax_fit_score_input in = gen_input(); ax_fit_gamma_target tg = {{in.trains, 0}, 0}; double s; ax_error err;          \
      ax_fit_score_gamma(&in, &tg, &s, &err); return from_error(f, &err);)                                         \
    X(ax_fit_score_gamma, null_target, E_, "ax_fit_score_gamma", "'user (the ax_fit_target)' is NULL",             \
      ax_fit_score_input in = gen_input(); double s; ax_error err; ax_fit_score_gamma(&in, NULL, &s, &err);       \
      return from_error(f, &err);)                                                                                 \
    X(ax_fit_evaluator_create, input_scale_twice, E_, "free[1] = 'input_scale' is not allowed",                   \
      "it is free[0] already",                                                                                     \
      static const char *const two[] = {"input_scale", "input_scale"}; ax_fit_evaluator_spec s = gen_spec();      \
      s.free = two; ax_fit_evaluator *ev; ax_error err; ax_fit_evaluator_create(&s, &ev, &err);                    \
      return from_error(f, &err);)
