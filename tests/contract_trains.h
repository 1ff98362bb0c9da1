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
      from_error(f, &err); return st;)
