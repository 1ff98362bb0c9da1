/*
 * contract_loop.h - test_api_contract.c's cases for closed reward loops
 * (docs/learning.md) and ax_input_set_level:
 * X(function, tag, status, fragment, fragment, body).  Included by
 * test_api_contract.c only, after its fixture and helpers.
 */
#define CONTRACT_LOOP(X)                                                                                           \
    X(ax_input_set_level, nan_level, E_, "ax_input_set_level", "level = nan",                                      \
      return ax_input_set_level(f->net, 0, NAN);)                                                                  \
    X(ax_input_set_level, unknown_input, NF, "ax_input_set_level", "input handle 9",                               \
      return ax_input_set_level(f->net, 9, 1.0);)                                                                  \
    X(ax_loop_create, segment_off_grid, E_, "ax_loop_create: segment_ms", "not a multiple of dt",                  \
      ax_loop_spec s = {.segment_ms = 0.15}; ax_loop *l = NULL; ax_error err;                                      \
      ax_loop_create(f->net, &s, &l, &err); return from_error(f, &err);)                                           \
    X(ax_loop_create, unknown_modulator, NF, "ax_loop_create: modulator", "'DB'",                                  \
      ax_loop_spec s = {.segment_ms = 1.0, .modulator = "DB"}; ax_loop *l = NULL; ax_error err;                    \
      ax_loop_create(f->net, &s, &l, &err); return from_error(f, &err);)                                           \
    X(ax_loop_free, null, AX_OK, NONE, NONE, ax_loop_free(NULL); return AX_OK;)                                    \
    X(ax_loop_run, null_loop, E_, "ax_loop_run", "'loop' is NULL",                                                 \
      ax_error err; ax_loop_run(NULL, 1, &err); return from_error(f, &err);)                                       \
    X(ax_loop_get_rewards, null_n, E_, "ax_loop_get_rewards", "'n' is NULL",                                       \
      ax_loop_spec s = {.segment_ms = 1.0}; ax_loop *l = NULL; ax_error err; const double *r;                      \
      cr_assert_eq(ax_loop_create(f->net, &s, &l, &err), AX_OK, "%s", err.message);                                \
      ax_loop_get_rewards(l, NULL, &r, &err); ax_loop_free(l); return from_error(f, &err);)                        \
    X(ax_loop_get_info, null_info, E_, "ax_loop_get_info", "'info' is NULL",                                       \
      ax_loop_spec s = {.segment_ms = 1.0}; ax_loop *l = NULL; ax_error err;                                       \
      cr_assert_eq(ax_loop_create(f->net, &s, &l, &err), AX_OK, "%s", err.message);                                \
      ax_loop_get_info(l, NULL, &err); ax_loop_free(l); return from_error(f, &err);)
