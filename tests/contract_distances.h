/*
 * contract_distances.h - test_api_contract.c's cases for the analysis calls of
 * this area (docs/analysis.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */
#define DIST_VIEW                                                                                                  \
    static const size_t off[] = {0, 2, 3};                                                                         \
    static const double t[] = {1, 5, 4};                                                                           \
    ax_error err;                                                                                                  \
    ax_spike_trains s = {2, off, t, 0, 10};                                                                        \
    double d;                                                                                                      \
    (void)d;

#define CONTRACT_DISTANCES(X)                                                                                      \
    X(ax_spike_distance_isi, train_out_of_range, E_, "ax_spike_distance_isi", "train 2 does not exist",             \
      DIST_VIEW ax_spike_distance_isi(&s, 0, 2, NULL, &d, &err); return from_error(f, &err);)                      \
    X(ax_spike_distance_spike, interval_outside, E_, "ax_spike_distance_spike", "[2, 12]",                         \
      DIST_VIEW static const double iv[] = {2, 12}; ax_spike_distance_spike(&s, 0, 1, iv, &d, &err);               \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_distance_sync, negative_max_tau, E_, "ax_spike_distance_sync", "max_tau_ms = -1",                  \
      DIST_VIEW ax_spike_distance_sync(&s, 0, 1, NULL, -1, &d, &err); return from_error(f, &err);)                 \
    X(ax_spike_distance_victor_purpura, nan_q, E_, "ax_spike_distance_victor_purpura", "q_per_ms = nan",          \
      DIST_VIEW ax_spike_distance_victor_purpura(&s, 0, 1, NAN, &d, &err); return from_error(f, &err);)            \
    X(ax_spike_distance_van_rossum, zero_tau, E_, "ax_spike_distance_van_rossum", "tau_ms = 0",                   \
      DIST_VIEW ax_spike_distance_van_rossum(&s, 0, 1, 0, &d, &err); return from_error(f, &err);)                  \
    X(ax_spike_distance_isi_profile, null_values, E_, "ax_spike_distance_isi_profile", "'values' is NULL",        \
      DIST_VIEW size_t n; double *b; ax_spike_distance_isi_profile(&s, 0, 1, &n, &b, NULL, &err);                  \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_distance_spike_profile, bad_interval, E_, "ax_spike_distance_spike_profile", "[10, 10]",            \
      DIST_VIEW size_t n; double *b, *l, *r; s.t_start = 10;                                                       \
      ax_spike_distance_spike_profile(&s, 0, 1, &n, &b, &l, &r, &err); return from_error(f, &err);)                \
    X(ax_spike_distance_sync_profile, unsorted, E_, "ax_spike_distance_sync_profile", "train 0, spike 1",          \
      static const size_t off[] = {0, 2, 3}; static const double t[] = {5, 1, 4}; ax_error err;                   \
      ax_spike_trains s = {2, off, t, 0, 10}; size_t n; double *a, *b, *c;                                         \
      ax_spike_distance_sync_profile(&s, 0, 1, 0, &n, &a, &b, &c, &err); return from_error(f, &err);)              \
    X(ax_spike_distance_matrix, unknown_measure, E_, "ax_spike_distance_matrix", "measure 7",                     \
      DIST_VIEW double m[4]; ax_spike_distance_matrix(&s, (ax_spike_distance_measure)7, NULL, m, &err);            \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_distance_multi, one_train, E_, "ax_spike_distance_multi", "at least 2",                            \
      DIST_VIEW s.n_trains = 1; ax_spike_distance_multi(&s, AX_SPIKE_DISTANCE_ISI, NULL, &d, &err);                \
      return from_error(f, &err);)
