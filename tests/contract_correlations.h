/*
 * contract_correlations.h - test_api_contract.c's cases for the analysis
 * calls of this area (docs/analysis.md): X(function, tag, status, fragment,
 * fragment, body).  Included by test_api_contract.c only.
 *
 * CORR_VIEW declares a view of two trains over [0, 100] ms for the cases.
 */
#define CORR_VIEW                                                                                                  \
    static const size_t off_[] = {0, 2, 4};                                                                        \
    static const double t_[] = {1, 50, 2, 60};                                                                     \
    ax_spike_trains s = {2, off_, t_, 0, 100};                                                                     \
    ax_error err;

#define CONTRACT_CORRELATIONS(X)                                                                                   \
    X(ax_spike_trains_correlation_matrix, null_r, E_, "ax_spike_trains_correlation_matrix", "'r' is NULL",        \
      CORR_VIEW ax_spike_trains_correlation_matrix(&s, NULL, 0, 1.0, NULL, &err); return from_error(f, &err);)     \
    X(ax_spike_trains_correlation_matrix, bin_too_wide, E_, "bin_ms = 60", "whole bins",                           \
      CORR_VIEW double r[4]; ax_spike_trains_correlation_matrix(&s, NULL, 0, 60.0, r, &err);                       \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_correlation_matrix, which_outside, E_, "which[1] = 7", "not a train",                        \
      CORR_VIEW static const size_t w[] = {0, 7}; double r[4];                                                     \
      ax_spike_trains_correlation_matrix(&s, w, 2, 1.0, r, &err); return from_error(f, &err);)                     \
    X(ax_spike_trains_correlation_matrix, nan_bin, E_, "bin_ms = nan", "> 0",                                      \
      CORR_VIEW double r[4]; ax_spike_trains_correlation_matrix(&s, NULL, 0, NAN, r, &err);                        \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_correlation_pairs, too_many_pairs, E_, "n_pairs = 2", "the 1 pairs",                         \
      CORR_VIEW size_t i[2], j[2]; double r[2];                                                                    \
      ax_spike_trains_correlation_pairs(&s, 1.0, 2, 1, i, j, r, &err); return from_error(f, &err);)                \
    X(ax_spike_trains_correlation_pairs, null_j, E_, "ax_spike_trains_correlation_pairs", "'j' is NULL",          \
      CORR_VIEW size_t i[1]; double r[1];                                                                          \
      ax_spike_trains_correlation_pairs(&s, 1.0, 1, 1, i, NULL, r, &err); return from_error(f, &err);)             \
    X(ax_spike_trains_correlation_summary, out_of_range, E_, "r[1] = 1.5", "[-1, 1]",                              \
      ax_error err; static const double r[] = {0.5, 1.5}; ax_correlation_summary out;                             \
      ax_spike_trains_correlation_summary(r, 2, &out, &err); return from_error(f, &err);)                          \
    X(ax_spike_trains_correlation_summary, no_values, E_, "ax_spike_trains_correlation_summary", "n = 0",          \
      ax_error err; static const double r[] = {0.5}; ax_correlation_summary out;                                  \
      ax_spike_trains_correlation_summary(r, 0, &out, &err); return from_error(f, &err);)                          \
    X(ax_signal_pearsonr, one_value, E_, "ax_signal_pearsonr", "n = 1",                                            \
      ax_error err; static const double x[] = {1}; double r;                                                       \
      ax_signal_pearsonr(x, x, 1, &r, &err); return from_error(f, &err);)                                          \
    X(ax_signal_pearsonr, infinite, E_, "y[1] = inf", "not finite",                                                \
      ax_error err; static const double x[] = {1, 2}, y[] = {1, INFINITY}; double r;                               \
      ax_signal_pearsonr(x, y, 2, &r, &err); return from_error(f, &err);)                                          \
    X(ax_spike_trains_correlogram_size, negative_lag, E_, "max_lag_ms = -1", ">= 0",                               \
      ax_error err; size_t n; ax_spike_trains_correlogram_size(1.0, -1.0, &n, &err); return from_error(f, &err);)  \
    X(ax_spike_trains_cross_correlogram, wrong_size, E_, "n_bins = 3", "make 21 bins",                             \
      CORR_VIEW double out[3];                                                                                     \
      ax_spike_trains_cross_correlogram(&s, 0, 1, 1.0, 10.0, AX_CORRELOGRAM_COUNTS, out, 3, &err);                \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_cross_correlogram, zero_bin, E_, "bin_ms = 0", "> 0",                                        \
      CORR_VIEW double out[3];                                                                                     \
      ax_spike_trains_cross_correlogram(&s, 0, 1, 0.0, 10.0, AX_CORRELOGRAM_COUNTS, out, 3, &err);                 \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_autocorrelogram, no_such_train, E_, "train 2", "not a train",                                \
      CORR_VIEW double out[3];                                                                                     \
      ax_spike_trains_autocorrelogram(&s, 2, 1.0, 1.0, AX_CORRELOGRAM_RATE, out, 3, &err);                        \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_autocorrelogram, bad_norm, E_, "norm = 7", "AX_CORRELOGRAM_RATE",                            \
      CORR_VIEW double out[3];                                                                                     \
      ax_spike_trains_autocorrelogram(&s, 0, 1.0, 1.0, (ax_correlogram_norm)7, out, 3, &err);                      \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_synchrony, negative_sigma, E_, "sigma_ms = -2", ">= 0",                                      \
      CORR_VIEW double chi2; ax_spike_trains_synchrony(&s, 1.0, -2.0, &chi2, &err); return from_error(f, &err);)   \
    X(ax_spike_trains_synchrony, unsorted, E_, "train 0, spike 1", "increasing order",                             \
      static const size_t off[] = {0, 2}; static const double t[] = {5, 4}; ax_error err; double chi2;            \
      ax_spike_trains s = {1, off, t, 0, 10}; ax_spike_trains_synchrony(&s, 1.0, 0.0, &chi2, &err);                \
      return from_error(f, &err);)
