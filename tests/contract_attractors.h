/*
 * contract_attractors.h - test_api_contract.c's cases for the attractor
 * calls (docs/attractors.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */
#define CONTRACT_ATTRACTORS(X)                                                                                     \
    X(ax_hopfield_random_patterns, p_on_outside, E_, "ax_hopfield_random_patterns", "p_on = 1.5",                 \
      double p[4]; ax_error err; ax_hopfield_random_patterns(1, 4, 1.5, -1, 1, p, &err);                           \
      return from_error(f, &err);)                                                                                 \
    X(ax_hopfield_distort, flip_outside, E_, "ax_hopfield_distort", "flip_probability = 2",                       \
      static const double p[] = {1, -1, 1}; double out[3]; ax_error err;                                           \
      ax_hopfield_distort(p, 3, -1, 2.0, 1, out, &err); return from_error(f, &err);)                              \
    X(ax_hopfield_weights, not_bipolar, E_, "ax_hopfield_weights", "patterns[1] is 0",                            \
      static const double p[] = {1, 0, 1}; double w[9]; ax_error err;                                              \
      ax_hopfield_weights(p, 1, 3, 1.0, w, &err); return from_error(f, &err);)                                    \
    X(ax_hopfield_weights_binary, not_binary, E_, "ax_hopfield_weights_binary", "pattern 1, value 0 is -1",        \
      static const double p[] = {1, 0, -1, 1}; double w[4]; ax_error err;                                          \
      ax_hopfield_weights_binary(p, 2, 2, 1, 1, 0.5, w, &err); return from_error(f, &err);)                       \
    X(ax_hopfield_energy, null_state, E_, "ax_hopfield_energy", "'state' is NULL",                                \
      static const double w[] = {0, 1, 1, 0}; double e; ax_error err;                                              \
      ax_hopfield_energy(w, 2, NULL, &e, &err); return from_error(f, &err);)                                      \
    X(ax_hopfield_overlap, bad_state, E_, "ax_hopfield_overlap", "state[0] is 3",                                 \
      static const double s[] = {3, 1}, p[] = {1, 1}; double m; ax_error err;                                      \
      ax_hopfield_overlap(s, p, 2, &m, &err); return from_error(f, &err);)                                        \
    X(ax_hopfield_run, nan_weight, E_, "ax_hopfield_run", "weights[0][1] is nan",                                 \
      const double w[] = {0, NAN, 1, 0}; double s[] = {1, 1}; ax_error err;                                        \
      ax_hopfield_run(w, 2, s, AX_HOPFIELD_SYNCHRONOUS, 5, 1, NULL, NULL, &err); return from_error(f, &err);)     \
    X(ax_hopfield_capacity, one_neuron, E_, "ax_hopfield_capacity", "spec->n = 1",                                \
      ax_hopfield_capacity_spec s = {.n = 1, .n_patterns = 1, .networks = 1, .p_on = 0.5, .max_steps = 5};         \
      ax_hopfield_capacity_result r; ax_error err; ax_hopfield_capacity(&s, &r, &err);                             \
      return from_error(f, &err);)
