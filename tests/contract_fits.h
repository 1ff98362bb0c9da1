/*
 * contract_fits.h - test_api_contract.c's cases for `axon fit`'s calls
 * (docs/fitting.md, "Fits"): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after contract_generations.h (its
 * gen_input) and the fixture.
 */

#define CONTRACT_FITS(X)                                                                                           \
    X(ax_fit_score_objective, null_objective, E_, "ax_fit_score_objective", "'user (the ax_objective)' is NULL",   \
      ax_fit_score_input in = gen_input(); double s; ax_error err; ax_fit_score_objective(&in, NULL, &s, &err);    \
      return from_error(f, &err);)                                                                                 \
    X(ax_fit_score_objective, conditions_not_protocols, E_, "ax_fit_score_objective",                              \
      "the objective has 2 conditions, the candidate 1 protocols", ax_fit_score_input in = gen_input(); double s;  \
      ax_error err; ax_objective *obj = ax_objective_create(2, &err); ax_fit_score_objective(&in, obj, &s, &err);  \
      ax_objective_free(obj); return from_error(f, &err);)                                                         \
    X(ax_fit_get_table, no_fit_table, AX_ERR_NOT_FOUND, "ax_fit_get_table", "fixture.toml has no [fit] table",     \
      ax_error err; const ax_fit_table *t; ax_fit_get_table(modelfile(f), &t, &err); return from_error(f, &err);)  \
    X(ax_fit_get_table, null_out, E_, "ax_fit_get_table", "'out' is NULL", ax_error err;                          \
      ax_fit_get_table(modelfile(f), NULL, &err); return from_error(f, &err);)
