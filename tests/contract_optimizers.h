/*
 * contract_optimizers.h - test_api_contract.c's cases for the fitting calls of
 * this area (docs/fitting.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */

/* A DE optimiser of one parameter in [0, 1] with the given budget. */
static ax_optimizer *contract_optimizer(uint64_t budget)
{
    static const double lo[] = {0}, hi[] = {1};
    ax_optimizer_options o;
    ax_optimizer *opt = NULL;
    ax_error err;
    cr_assert_eq(ax_optimizer_defaults(AX_OPTIMIZER_DE, &o, &err), AX_OK, "%s", err.message);
    o.n_params = 1, o.lower = lo, o.upper = hi, o.budget = budget;
    cr_assert_eq(ax_optimizer_create(&o, &opt, &err), AX_OK, "%s", err.message);
    return opt;
}

static int contract_evaluate(const double *x, size_t rows, size_t n, double *scores, void *user)
{
    (void)x, (void)n, (void)user;
    for (size_t r = 0; r < rows; r++)
        scores[r] = 0;
    return 0;
}

#define CONTRACT_OPTIMIZERS(X)                                                                                     \
    X(ax_optimizer_defaults, unknown_kind, E_, "ax_optimizer_defaults", "kind 9",                                  \
      ax_error err; ax_optimizer_options o; ax_optimizer_defaults((ax_optimizer_kind)9, &o, &err);                 \
      return from_error(f, &err);)                                                                                 \
    X(ax_optimizer_create, empty_bounds, E_, "ax_optimizer_create", "parameter 0: bounds [1, 1]",                  \
      static const double b[] = {1}; ax_error err; ax_optimizer_options o; ax_optimizer *opt;                      \
      ax_optimizer_defaults(AX_OPTIMIZER_CMA_ES, &o, NULL); o.n_params = 1, o.lower = b, o.upper = b;               \
      ax_optimizer_create(&o, &opt, &err); cr_assert_null(opt); return from_error(f, &err);)                       \
    X(ax_optimizer_free, null, AX_OK, NONE, NONE, ax_optimizer_free(NULL); return AX_OK;)                         \
    X(ax_optimizer_ask, small_capacity, E_, "ax_optimizer_ask", "capacity = 3 rows: this generation has 20",       \
      ax_optimizer *opt = contract_optimizer(0); double x[20]; size_t rows; ax_error err;                          \
      ax_optimizer_ask(opt, x, 3, &rows, &err); ax_optimizer_free(opt); return from_error(f, &err);)               \
    X(ax_optimizer_tell, before_ask, ST, "ax_optimizer_tell", "no candidates were asked",                          \
      ax_optimizer *opt = contract_optimizer(0); double s[20] = {0}; ax_error err;                                 \
      ax_optimizer_tell(opt, s, 20, &err); ax_optimizer_free(opt); return from_error(f, &err);)                    \
    X(ax_optimizer_get_info, null_info, E_, "ax_optimizer_get_info", "'info' is NULL",                             \
      ax_optimizer *opt = contract_optimizer(0); ax_error err; ax_optimizer_get_info(opt, NULL, &err);             \
      ax_optimizer_free(opt); return from_error(f, &err);)                                                         \
    X(ax_optimizer_get_best, nothing_told, ST, "ax_optimizer_get_best", "no scores were told",                     \
      ax_optimizer *opt = contract_optimizer(0); double x[1]; ax_error err;                                        \
      ax_optimizer_get_best(opt, x, NULL, &err); ax_optimizer_free(opt); return from_error(f, &err);)              \
    X(ax_optimizer_save, empty_path, E_, "ax_optimizer_save", "path is empty",                                     \
      ax_optimizer *opt = contract_optimizer(0); ax_error err; ax_optimizer_save(opt, "", &err);                   \
      ax_optimizer_free(opt); return from_error(f, &err);)                                                         \
    X(ax_optimizer_load, no_such_file, AX_ERR_IO, "ax_optimizer_load", "cannot open '/nonexistent/opt.bin'",       \
      ax_error err; ax_optimizer *opt; ax_optimizer_load("/nonexistent/opt.bin", &opt, &err);                      \
      cr_assert_null(opt); return from_error(f, &err);)                                                            \
    X(ax_optimizer_minimize, no_budget, E_, "ax_optimizer_minimize", "budget 0 (no limit)",                        \
      ax_optimizer *opt = contract_optimizer(0); ax_error err;                                                     \
      ax_optimizer_minimize(opt, contract_evaluate, NULL, &err); ax_optimizer_free(opt); return from_error(f, &err);)
