/*
 * contract_stats.h - test_api_contract.c's cases for the analysis calls of
 * this area (docs/analysis.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */
#define CONTRACT_STATS(X)                                                                                          \
    X(ax_stats_beta_inc, x_outside, E_, "ax_stats_beta_inc", "x = 1.5",                                           \
      ax_error err; double out; ax_stats_beta_inc(2, 3, 1.5, &out, &err); return from_error(f, &err);)             \
    X(ax_stats_t_cdf, df_zero, E_, "ax_stats_t_cdf", "df = 0",                                                     \
      ax_error err; double p; ax_stats_t_cdf(1, 0, &p, NULL, &err); return from_error(f, &err);)                  \
    X(ax_stats_ttest_ind, constant_samples, E_, "ax_stats_ttest_ind", "both samples are constant",                 \
      static const double a[] = {1, 1, 1}, b[] = {2, 2}; ax_error err; ax_stats_ttest_result r;                    \
      ax_stats_ttest_ind(a, 3, b, 2, 1, AX_STATS_TWO_SIDED, &r, &err); return from_error(f, &err);)               \
    X(ax_stats_ttest_1samp, one_value, E_, "ax_stats_ttest_1samp", "1 value",                                      \
      static const double a[] = {1}; ax_error err; ax_stats_ttest_result r;                                        \
      ax_stats_ttest_1samp(a, 1, 0, AX_STATS_TWO_SIDED, &r, &err); return from_error(f, &err);)                   \
    X(ax_stats_ttest_rel, nan_value, E_, "ax_stats_ttest_rel", "b[1] is nan",                                      \
      const double a[] = {1, 2, 3}, b[] = {1, NAN, 2}; ax_error err; ax_stats_ttest_result r;                     \
      ax_stats_ttest_rel(a, b, 3, AX_STATS_LESS, &r, &err); return from_error(f, &err);)                          \
    X(ax_stats_ks_smirnov_sf, n_zero, E_, "ax_stats_ks_smirnov_sf", "n = 0",                                       \
      ax_error err; double p; ax_stats_ks_smirnov_sf(0.5, 0, &p, &err); return from_error(f, &err);)              \
    X(ax_stats_ks_kolmogorov_sf, nan_d, E_, "ax_stats_ks_kolmogorov_sf", "d is NaN",                               \
      ax_error err; double p; ax_stats_ks_kolmogorov_sf(NAN, 3, &p, &err); return from_error(f, &err);)           \
    X(ax_stats_ks_kolmogorov_limit_sf, null_sf, E_, "ax_stats_ks_kolmogorov_limit_sf", "'sf' is NULL",             \
      ax_error err; ax_stats_ks_kolmogorov_limit_sf(1.0, NULL, &err); return from_error(f, &err);)                \
    X(ax_stats_ks_2samp, empty_sample, E_, "ax_stats_ks_2samp", "'b' is empty",                                    \
      static const double a[] = {1, 2}; ax_error err; ax_stats_ks_result r;                                        \
      ax_stats_ks_2samp(a, 2, a, 0, AX_STATS_TWO_SIDED, AX_STATS_KS_AUTO, &r, &err); return from_error(f, &err);) \
    X(ax_stats_ks_1samp, null_cdf, E_, "ax_stats_ks_1samp", "'cdf' is NULL",                                       \
      static const double x[] = {1, 2}; ax_error err; ax_stats_ks_result r;                                        \
      ax_stats_ks_1samp(x, 2, NULL, NULL, AX_STATS_TWO_SIDED, AX_STATS_KS_AUTO, &r, &err);                         \
      return from_error(f, &err);)                                                                                 \
    X(ax_stats_ks_1samp_dist, bad_sd, E_, "ax_stats_ks_1samp_dist", "sd -1",                                       \
      static const double x[] = {1, 2}; ax_error err; ax_stats_ks_result r;                                        \
      ax_stats_ks_1samp_dist(x, 2, AX_STATS_NORMAL, 0, -1, AX_STATS_TWO_SIDED, AX_STATS_KS_AUTO, &r, &err);        \
      return from_error(f, &err);)                                                                                 \
    X(ax_stats_wasserstein_distance, negative_weight, E_, "ax_stats_wasserstein_distance", "u_weights[1] is -1",   \
      static const double u[] = {0, 1}, w[] = {1, -1}, v[] = {2}; ax_error err; double d;                          \
      ax_stats_wasserstein_distance(u, w, 2, v, NULL, 1, &d, &err); return from_error(f, &err);)                  \
    X(ax_pattern_recall_accuracy, bad_pattern, E_, "ax_pattern_recall_accuracy", "pattern[1] is 2",               \
      static const double c[] = {1, 2, 3}, p[] = {1, 2, 0}; ax_error err; double acc;                              \
      ax_pattern_recall_accuracy(c, p, 3, 2, &acc, &err); return from_error(f, &err);)                            \
    X(ax_pattern_recall_sweep, nan_threshold, E_, "ax_pattern_recall_sweep", "thresholds[1] is NaN",               \
      static const double c[] = {1, 2, 3}, p[] = {1, 0, 0}; const double th[] = {1, NAN}; ax_error err;           \
      ax_pattern_sweep_result r; ax_pattern_recall_sweep(c, p, 3, th, 2, NULL, NULL, &r, &err);                    \
      return from_error(f, &err);)                                                                                 \
    X(ax_pattern_best_match, constant_counts, E_, "ax_pattern_best_match", "counts are constant",                  \
      static const double c[] = {2, 2, 2}, p[] = {1, -1, 1}; ax_error err; size_t best;                            \
      ax_pattern_best_match(c, 3, p, 1, NULL, &best, &err); return from_error(f, &err);)
