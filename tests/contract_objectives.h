/*
 * contract_objectives.h - test_api_contract.c's cases for the fitting calls of
 * this area (docs/fitting.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */

/* One train of two spikes over [0, 100] ms: a view the cases compare. */
#define OBJ_VIEW(name, t0, t1)                                                                                     \
    static const size_t name##_off[] = {0, 2};                                                                     \
    static const double name##_t[] = {t0, t1};                                                                     \
    const ax_spike_trains name = {1, name##_off, name##_t, 0.0, 100.0};

#define CONTRACT_OBJECTIVES(X)                                                                                     \
    X(ax_objective_gamma, negative_delta, E_, "ax_objective_gamma", "delta_ms = -1",                               \
      OBJ_VIEW(d, 10, 20) ax_error err; double g; ax_objective_gamma(&d, &d, -1.0, NULL, &g, &err);                \
      return from_error(f, &err);)                                                                                 \
    X(ax_objective_gamma, unsorted_data, E_, "ax_objective_gamma", "train 0",                                      \
      OBJ_VIEW(d, 20, 10) OBJ_VIEW(m, 10, 20) ax_error err; double g;                                              \
      ax_objective_gamma(&d, &m, 2.0, NULL, &g, &err); return from_error(f, &err);)                                \
    X(ax_objective_spike_distance_loss, other_interval, E_, "ax_objective_spike_distance_loss", "[0, 50]",         \
      OBJ_VIEW(d, 10, 20) OBJ_VIEW(m, 10, 20) ax_spike_trains m2 = m; m2.t_stop = 50; ax_error err; double l;      \
      ax_objective_spike_distance_loss(&d, &m2, NULL, &l, &err); return from_error(f, &err);)                      \
    X(ax_objective_summarize, zero_dt, E_, "ax_objective_summarize", "dt_ms = 0",                                  \
      OBJ_VIEW(d, 10, 20) ax_error err; ax_objective_summary s;                                                    \
      ax_objective_summarize(&d, 0.0, NULL, 0.0, &s, &err); return from_error(f, &err);)                           \
    X(ax_objective_summary_defaults, null_options, E_, "ax_objective_summary_defaults", "'options' is NULL",       \
      ax_error err; ax_objective_summary_defaults(NULL, &err); return from_error(f, &err);)                        \
    X(ax_objective_summary_score, nan_field, E_, "ax_objective_summary_score", "candidate[0]",                     \
      ax_objective_summary r = {1, 2, 0}, c = {NAN, 2, 0}; ax_error err; double s;                                 \
      ax_objective_summary_score(&r, &c, 1, 1, NULL, &s, &err); return from_error(f, &err);)                       \
    X(ax_objective_trace_error, unsorted_skips, E_, "ax_objective_trace_error", "skip_ms[1] = 1",                  \
      static const double v[] = {1, 2, 3}, sk[] = {2, 1}; ax_error err; double r;                                  \
      ax_objective_trace_error(v, v, 3, 1.0, sk, 2, 0, 0, &r, NULL, &err); return from_error(f, &err);)            \
    X(ax_objective_features, no_such_train, E_, "ax_objective_features", "train 3",                                \
      OBJ_VIEW(d, 10, 20) ax_error err; ax_feature_values v;                                                       \
      ax_objective_features(&d, 3, &v, &err); return from_error(f, &err);)                                         \
    X(ax_objective_feature_error, zero_scale, E_, "ax_objective_feature_error", "scale 0",                         \
      OBJ_VIEW(d, 10, 20) ax_feature_spec s = {.feature = AX_FEATURE_RATE, .target = 10, .scale = 0}; ax_error err; \
      double e; ax_objective_feature_error(&d, &s, &e, &err); return from_error(f, &err);)                         \
    X(ax_objective_spectrum_distance, flat_target, E_, "ax_objective_spectrum_distance", "0 everywhere",           \
      static const double sig[] = {1, 2, 1, 2}, p[] = {0, 0}; ax_error err; double d;                              \
      ax_objective_spectrum_distance(sig, 4, 1.0, NULL, p, 2, &d, &err); return from_error(f, &err);)              \
    X(ax_objective_population_stats, null_out, E_, "ax_objective_population_stats", "'out' is NULL",               \
      OBJ_VIEW(d, 10, 20) ax_error err; ax_objective_population_stats(&d, NULL, NULL, &err);                       \
      return from_error(f, &err);)                                                                                 \
    X(ax_objective_create, no_conditions, E_, "ax_objective_create", "n_conditions = 0",                           \
      ax_error err; ax_objective *o = ax_objective_create(0, &err); return o ? AX_OK : from_error(f, &err);)       \
    X(ax_objective_add, bad_condition, E_, "ax_objective_add", "condition 2 does not exist",                       \
      OBJ_VIEW(d, 10, 20) ax_error err; ax_objective *o = ax_objective_create(1, NULL);                            \
      ax_objective_term t = {.kind = AX_TERM_GAMMA, .condition = 2, .weight = 1, .target_spikes = &d,              \
                             .delta_ms = 2};                                                                       \
      ax_status st = ax_objective_add(o, &t, &err); ax_objective_free(o); from_error(f, &err); return st;)         \
    X(ax_objective_add, negative_weight, E_, "term 0 (gamma)", "weight -1",                                        \
      OBJ_VIEW(d, 10, 20) ax_error err; ax_objective *o = ax_objective_create(1, NULL);                            \
      ax_objective_term t = {.kind = AX_TERM_GAMMA, .weight = -1, .target_spikes = &d, .delta_ms = 2};             \
      ax_status st = ax_objective_add(o, &t, &err); ax_objective_free(o); from_error(f, &err); return st;)         \
    X(ax_objective_get_needs, null_objective, E_, "ax_objective_get_needs", "'objective' is NULL",                 \
      ax_error err; unsigned n; ax_objective_get_needs(NULL, &n, NULL, NULL, &err); return from_error(f, &err);)   \
    X(ax_objective_check, voltage_not_recorded, E_, "term 0 (trace)", "needs a voltage trace",                     \
      static const double v[] = {1, 2, 3}; ax_error err; ax_objective *o = ax_objective_create(1, NULL);           \
      ax_objective_term t = {.kind = AX_TERM_TRACE, .weight = 1, .target = v, .n_target = 3, .dt_ms = 0.1};        \
      ax_objective_add(o, &t, NULL); ax_status st = ax_objective_check(o, AX_OBJECTIVE_NEEDS_SPIKES, &err);        \
      ax_objective_free(o); from_error(f, &err); return st;)                                                       \
    X(ax_objective_evaluate, no_voltage, E_, "ax_objective_evaluate", "no voltage trace",                          \
      static const double v[] = {1, 2, 3}; ax_error err; ax_objective *o = ax_objective_create(1, NULL);           \
      ax_objective_term t = {.kind = AX_TERM_TRACE, .weight = 1, .target = v, .n_target = 3, .dt_ms = 0.1};        \
      ax_objective_add(o, &t, NULL); ax_objective_outputs out = {0}; double total;                                 \
      ax_status st = ax_objective_evaluate(o, &out, &total, NULL, &err);                                           \
      ax_objective_free(o); from_error(f, &err); return st;)                                                       \
    X(ax_objective_free, null, AX_OK, NONE, NONE, ax_objective_free(NULL); return AX_OK;)
