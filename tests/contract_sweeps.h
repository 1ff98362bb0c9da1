/*
 * contract_sweeps.h - test_api_contract.c's cases for the fitting calls of
 * this area (docs/fitting.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */

/* fixture_file with a [sweep] table of two keys, the second not settable
 * on a built network (a projection's weight). */
static ax_modelfile *sweep_file(fixture *f, bool settable_only)
{
    char text[1024];
    snprintf(text, sizeof text,
             "%s[[projections]]\nfrom = \"E\"\nto = \"E\"\nconnector = { all_to_all = true }\nweight = 0.1\n"
             "[sweep]\ntrials = 2\n\"populations.E.params.tau_m\" = [10, 20, 30]\n%s",
             fixture_file, settable_only ? "" : "\"projections.0.weight\" = { from = 0.1, to = 0.3, step = 0.1 }\n");
    ax_error err;
    f->mf = ax_modelfile_load_string(text, "sweep.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(f->mf, "%s", err.message);
    return f->mf;
}

#define CONTRACT_SWEEPS(X)                                                                                         \
    X(ax_sweep_get_info, null_modelfile, E_, "ax_sweep_get_info", "'m' is NULL", ax_error err; ax_sweep_info i;     \
      ax_sweep_get_info(NULL, &i, &err); return from_error(f, &err);)                                              \
    X(ax_sweep_get_info, no_sweep_table, AX_ERR_NOT_FOUND, "ax_sweep_get_info", "fixture.toml has no [sweep]",     \
      ax_error err; ax_sweep_info i; ax_sweep_get_info(modelfile(f), &i, &err); return from_error(f, &err);)       \
    X(ax_sweep_get_info, null_out, E_, "ax_sweep_get_info", "'out' is NULL", ax_error err;                        \
      ax_sweep_get_info(sweep_file(f, false), NULL, &err); return from_error(f, &err);)                            \
    X(ax_sweep_get_param, past_the_keys, E_, "ax_sweep_get_param: param 2", "sweeps 2 keys (0 .. 1)",             \
      ax_error err; ax_sweep_param p; ax_sweep_get_param(sweep_file(f, false), 2, &p, &err);                        \
      return from_error(f, &err);)                                                                                 \
    X(ax_sweep_get_value, past_the_values, E_, "ax_sweep_get_value: index 3",                                      \
      "populations.E.params.tau_m has 3 values (0 .. 2)", ax_error err; const char *t;                             \
      ax_sweep_get_value(sweep_file(f, false), 0, 3, &t, NULL, &err); return from_error(f, &err);)                 \
    X(ax_sweep_get_run, past_the_runs, E_, "ax_sweep_get_run: run 18", "18 runs (0 .. 17)", ax_error err;          \
      uint64_t trial; ax_sweep_get_run(sweep_file(f, false), 18, NULL, 0, &trial, NULL, &err);                     \
      return from_error(f, &err);)                                                                                 \
    X(ax_sweep_get_run, room_for_values, E_, "ax_sweep_get_run: n_params 1", "the 2 swept keys", ax_error err;     \
      size_t idx[1]; ax_sweep_get_run(sweep_file(f, false), 0, idx, 1, NULL, NULL, &err);                         \
      return from_error(f, &err);)                                                                                 \
    X(ax_sweep_trial_seed, trial_zero_is_the_files_seed, AX_OK, NONE, NONE,                                        \
      cr_assert_eq(ax_sweep_trial_seed(1234, 0), 1234); cr_assert_lt(ax_sweep_trial_seed(1234, 1), 1ull << 63);    \
      return AX_OK;)                                                                                               \
    X(ax_sweep_apply, not_rebuild_free, AX_ERR_STATE, "ax_sweep_apply: projections.0.weight",                      \
      "cannot be set on a built network", ax_error err; ax_sweep_apply(sweep_file(f, false), 0, &err);             \
      return from_error(f, &err);)                                                                                 \
    X(ax_sweep_apply, past_the_runs, E_, "ax_sweep_apply", "run 6 is not allowed", ax_error err;                   \
      ax_sweep_apply(sweep_file(f, true), 6, &err); return from_error(f, &err);)                                   \
    X(ax_sweep_apply_block, not_one_population, AX_ERR_STATE, "ax_sweep_apply_block",                             \
      "not one population", ax_error err; ax_sweep_apply_block(sweep_file(f, true), 0, 3, &err);                  \
      return from_error(f, &err);)                                                                                 \
    X(ax_sweep_apply_block, two_trials, E_, "ax_sweep_apply_block: runs 2 .. 3", "of one trial", ax_error err;     \
      f->mf = ax_modelfile_load_string("[simulation]\nduration = 1\n[populations.E]\nmodel = \"IF_curr_exp\"\n"  \
                                       "size = 3\n[sweep]\ntrials = 2\n"                                          \
                                       "\"populations.E.params.tau_m\" = [10, 20, 30]\n",                          \
                                       "one.toml", NULL, NULL, 0, &err);                                          \
      cr_assert_not_null(f->mf, "%s", err.message); ax_sweep_apply_block(f->mf, 2, 2, &err);                      \
      return from_error(f, &err);)
