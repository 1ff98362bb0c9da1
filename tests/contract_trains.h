/*
 * contract_trains.h - test_api_contract.c's cases for the spike-train calls
 * (docs/analysis.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */
#define CONTRACT_TRAINS(X)                                                                                         \
    X(ax_spike_trains_check, null_trains, E_, "ax_spike_trains_check", "'trains' is NULL",                       \
      ax_error err; ax_spike_trains_check(NULL, NULL, &err); return from_error(f, &err);)                                                           \
    X(ax_spike_trains_check, unsorted, E_, "train 1, spike 1", "increasing order",                                 \
      static const size_t off[] = {0, 1, 3}; static const double t[] = {1, 5, 4}; ax_error err;                   \
      ax_spike_trains s = {2, off, t, 0, 10}; ax_status st = ax_spike_trains_check(&s, NULL, &err);                \
      from_error(f, &err); return st;)                                                                             \
    X(ax_spike_trains_from_events, neuron_past_the_trains, E_, "event 1: neuron 5", "n_trains = 2",               \
      static const double t[] = {1, 2}; static const uint32_t id[] = {0, 5}; ax_error err; ax_spike_trains s;       \
      ax_spike_trains_from_events(t, id, 2, 2, 0, 10, &s, &err); cr_assert_null(s.offsets);                        \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_from_events, time_outside, E_, "time 11 ms", "[0, 10]",                                      \
      static const double t[] = {11}; static const uint32_t id[] = {0}; ax_error err; ax_spike_trains s;            \
      ax_spike_trains_from_events(t, id, 1, 1, 0, 10, &s, &err); return from_error(f, &err);)                      \
    X(ax_spike_trains_from_events, too_many_trains, E_, "n_trains = 18446744073709551615", "at most 2^32",        \
      ax_error err; ax_spike_trains s; ax_spike_trains_from_events(NULL, NULL, 0, SIZE_MAX, 0, 10, &s, &err);        \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_from_recorder, not_a_spike_recorder, E_, "records 'v'", "not spikes",                        \
      ax_error err; ax_spike_trains s; ax_spike_trains_from_recorder(f->net, f->trace, 0, 10, &s, &err);            \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_from_recorder, not_run, E_, "has not run", "give t_start and t_stop",                        \
      ax_error err; ax_spike_trains s; ax_spike_trains_from_recorder(f->net, f->spikes, NAN, NAN, &s, &err);        \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_free, null, AX_OK, NONE, NONE, ax_spike_trains_free(NULL); return AX_OK;)                    \
    X(ax_spike_trains_read, no_such_file, AX_ERR_IO, "ax_spike_trains_read", "cannot open",                        \
      ax_error err; ax_spike_trains s; ax_spike_trains_read("/nonexistent/x.spikes.csv", NULL, NAN, NAN, &s, &err); \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_rates, null_rates, E_, "ax_spike_trains_rates", "'rates_hz' is NULL",                        \
      static const size_t off[] = {0, 1}; static const double t[] = {1}; ax_error err;                             \
      ax_spike_trains s = {1, off, t, 0, 10}; ax_spike_trains_rates(&s, NULL, NULL, &err);                          \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_population_rate, zero_bin, E_, "bin_ms = 0", "> 0",                                          \
      static const size_t off[] = {0, 1}; static const double t[] = {1}; ax_error err; double *r; size_t n;        \
      ax_spike_trains s = {1, off, t, 0, 10}; ax_spike_trains_population_rate(&s, 0, 0, &r, &n, &err);             \
      cr_assert_null(r); return from_error(f, &err);)                                                              \
    X(ax_spike_trains_isi_histogram, nan_bin, E_, "bin_ms = nan", "max_isi_ms (5)",                                \
      static const size_t off[] = {0, 1}; static const double t[] = {1}; ax_error err; uint64_t *c; size_t n;      \
      ax_spike_trains s = {1, off, t, 0, 10}; ax_spike_trains_isi_histogram(&s, NAN, 5, &c, &n, NULL, &err);       \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_cv, no_trains, E_, "ax_spike_trains_cv", "n_trains is 0",                                    \
      static const size_t off[] = {0}; ax_error err; double cv;                                                    \
      ax_spike_trains s = {0, off, NULL, 0, 10}; ax_spike_trains_cv(&s, &cv, NULL, NULL, &err);                    \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_lv, null_out, E_, "ax_spike_trains_lv", "'lv' is NULL",                                      \
      static const size_t off[] = {0, 1}; static const double t[] = {1}; ax_error err;                             \
      ax_spike_trains s = {1, off, t, 0, 10}; ax_spike_trains_lv(&s, NULL, NULL, NULL, &err);                       \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_lvr, negative_r, E_, "r_ms = -1", ">= 0",                                                    \
      static const size_t off[] = {0, 1}; static const double t[] = {1}; ax_error err; double v;                   \
      ax_spike_trains s = {1, off, t, 0, 10}; ax_spike_trains_lvr(&s, -1, &v, NULL, NULL, &err);                    \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_fano_factor, window_too_long, E_, "window_ms = 8", "at least twice",                         \
      static const size_t off[] = {0, 1}; static const double t[] = {1}; ax_error err; double v;                   \
      ax_spike_trains s = {1, off, t, 0, 10}; ax_spike_trains_fano_factor(&s, 8, &v, NULL, &err);                  \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_trains_bursts, one_spike_bursts, E_, "min_spikes = 1", "at least 2",                                \
      static const size_t off[] = {0, 1}; static const double t[] = {1}; ax_error err; ax_spike_burst *b; size_t n; \
      ax_spike_trains s = {1, off, t, 0, 10}; ax_spike_trains_bursts(&s, 5, 1, &b, &n, NULL, &err);                 \
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_stats_create, no_neurons, E_, "n_neurons = 0", "1 ..",                                              \
      ax_error err; ax_spike_stats_spec p = {0, 0, 100, 10, 1, 50, 5};                                             \
      cr_assert_null(ax_spike_stats_create(&p, &err)); return from_error(f, &err);)                                \
    X(ax_spike_stats_add, back_in_time, E_, "event 1: time 3 ms", "time order",                                    \
      ax_error err; ax_spike_stats_spec p = {2, 0, 100, 10, 1, 50, 5}; ax_spike_stats *s = ax_spike_stats_create(&p, &err); \
      static const double t[] = {5, 3}; static const uint32_t id[] = {0, 1};                                      \
      ax_status st = ax_spike_stats_add(s, t, id, 2, &err); ax_spike_stats_free(s); from_error(f, &err); return st;) \
    X(ax_spike_stats_get_neurons, null_stats, E_, "ax_spike_stats_get_neurons", "'stats' is NULL",                 \
      ax_error err; ax_spike_stats_get_neurons(NULL, NULL, NULL, NULL, NULL, NULL, &err); return from_error(f, &err);) \
    X(ax_spike_stats_get_population_rate, negative_sigma, E_, "sigma_ms = -1", ">= 0",                             \
      ax_error err; ax_spike_stats_spec p = {2, 0, 100, 10, 1, 50, 5}; ax_spike_stats *s = ax_spike_stats_create(&p, &err); \
      double *r; size_t n; ax_status st = ax_spike_stats_get_population_rate(s, -1, &r, &n, &err);                 \
      ax_spike_stats_free(s); from_error(f, &err); return st;)                                                     \
    X(ax_spike_stats_get_isi_histogram, null_counts, E_, "ax_spike_stats_get_isi_histogram", "'counts' is NULL",   \
      ax_error err; ax_spike_stats_spec p = {2, 0, 100, 10, 1, 50, 5}; ax_spike_stats *s = ax_spike_stats_create(&p, &err); \
      size_t n; ax_status st = ax_spike_stats_get_isi_histogram(s, NULL, &n, NULL, &err);                          \
      ax_spike_stats_free(s); from_error(f, &err); return st;)                                                     \
    X(ax_spike_stats_get_spec, null_spec, E_, "ax_spike_stats_get_spec", "'spec' is NULL",                         \
      ax_error err; ax_spike_stats_spec p = {2, 0, 100, 10, 1, 50, 5}; ax_spike_stats *s = ax_spike_stats_create(&p, &err); \
      ax_status st = ax_spike_stats_get_spec(s, NULL, &err); ax_spike_stats_free(s); from_error(f, &err); return st;) \
    X(ax_spike_stats_read_file, null_path, E_, "ax_spike_stats_read_file", "'path' is NULL",                       \
      ax_error err; ax_spike_stats_spec p = {2, 0, 100, 10, 1, 50, 5}; ax_spike_stats *s = ax_spike_stats_create(&p, &err); \
      ax_status st = ax_spike_stats_read_file(s, NULL, NULL, &err); ax_spike_stats_free(s); from_error(f, &err);   \
      return st;)                                                                                                  \
    X(ax_spike_stats_get_fano_factor, window_too_long, E_, "bin_ms = 60", "at least twice",                        \
      ax_error err; ax_spike_stats_spec p = {2, 0, 100, 60, 1, 50, 5};                                             \
      ax_spike_stats *s = ax_spike_stats_create(&p, &err);                                                         \
      double v; ax_status st = ax_spike_stats_get_fano_factor(s, NULL, &v, &err); ax_spike_stats_free(s);          \
      from_error(f, &err); return st;)                                                                             \
    X(ax_spike_stats_get_synchrony, one_whole_bin, E_, "bin_ms = 60 ms gives 1 whole bins", "from 2 to 2^32",      \
      ax_error err; ax_spike_stats_spec p = {2, 0, 100, 60, 1, 50, 5};                                             \
      ax_spike_stats *s = ax_spike_stats_create(&p, &err);                                                         \
      double v; ax_status st = ax_spike_stats_get_synchrony(s, &v, &err); ax_spike_stats_free(s);                  \
      from_error(f, &err); return st;)                                                                             \
    X(ax_spike_trains_read_neurons, id_twice, E_, "ids[2] = 3 is not allowed: it is ids[0] too", "each neuron once",\
      static const size_t ids[] = {3, 7, 3}; ax_error err; ax_spike_trains s;                                      \
      ax_spike_trains_read_neurons("/nonexistent/x.spikes.csv", NULL, ids, 3, NAN, NAN, &s, &err);                 \
      cr_assert_null(s.offsets); return from_error(f, &err);)                                                      \
    X(ax_spike_trains_scan_file, no_such_file, AX_ERR_IO, "ax_spike_trains_scan_file", "cannot open",              \
      ax_error err; uint64_t n; ax_spike_trains_scan_file("/nonexistent/x.spikes.csv", NULL, &n, NULL, NULL, &err);\
      return from_error(f, &err);)                                                                                 \
    X(ax_spike_stats_free, null, AX_OK, NONE, NONE, ax_spike_stats_free(NULL); return AX_OK;)
