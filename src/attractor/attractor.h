/*
 * attractor.h - what the attractor files share: failing into an ax_error,
 * the checks of patterns, states and weights, the random streams, and the
 * update kernels that ax_hopfield_run and ax_hopfield_capacity both use.
 *
 * Attractor calls need no network (docs/attractors.md): like analysis
 * calls they report into the caller's ax_error.  This folder uses only
 * core/ and axon.h.
 */
#ifndef AX_ATTRACTOR_H
#define AX_ATTRACTOR_H

#include <stddef.h>
#include <stdint.h>

#include "axon.h"
#include "core/error.h"
#include "core/rng.h"

/* Failing: ax_error_fail, _null, _ok (core/error.h). */

/* ---- Checks (check.c); each message starts with `caller` ---- */

/* n_patterns rows of n values, each 1 or `off` (which must be -1 or 0);
 * `what` names the argument ("patterns", "pattern"). */
ax_status ax_hopfield_check_patterns(const double *patterns, size_t n_patterns, size_t n, double off,
                                     const char *what, const char *caller, ax_error *err);
/* off is -1 (bipolar) or 0 (binary). */
ax_status ax_hopfield_check_off(double off, const char *caller, ax_error *err);
/* n > 0 and n x n fits a size_t (and its bytes). */
ax_status ax_hopfield_check_size(size_t n, const char *caller, ax_error *err);
/* n x n finite weights. */
ax_status ax_hopfield_check_weights(const double *weights, size_t n, const char *caller, ax_error *err);

/* ---- Random streams (patterns.c, update.c) ----
 * Every draw is a function of (seed, AX_RNG_HOPFIELD, object, id, block):
 * id the pattern, cue or sweep, and the high half of the block counter the
 * network or cue (`stream`), so that the capacity measurement's network t
 * never reads another's numbers, and stream 0 is what the public calls
 * draw. */
enum ax_hopfield_stream {
    AX_HOPFIELD_PATTERNS = 0,   /* id = pattern, stream = network */
    AX_HOPFIELD_DISTORT = 1,    /* id = pattern cued, stream = network */
    AX_HOPFIELD_ORDER = 2       /* id = sweep, stream = cue */
};

static inline void ax_hopfield_rng(ax_rng *r, uint64_t seed, enum ax_hopfield_stream object, uint32_t id,
                                   uint32_t stream)
{
    ax_rng_init(r, seed, ax_purpose(AX_RNG_HOPFIELD, object), id, (uint64_t)stream << 32);
}

/* Pattern `k` of network `stream`: n values, 1 with probability p_on, else off. */
void ax_hopfield_draw_pattern(double *out, size_t n, double p_on, double off, uint64_t seed, uint32_t k,
                              uint32_t stream);
/* out = pattern with each value flipped (1 <-> off) with probability p. */
void ax_hopfield_draw_distortion(const double *pattern, double *out, size_t n, double off, double p,
                                 uint64_t seed, uint32_t k, uint32_t stream);

/* ---- Updates (update.c), on checked arguments ---- */

/* h_i = sum_j w_ij s_j, in index order. */
double ax_hopfield_field(const double *weights, size_t n, const double *state, size_t i);

/* The new value of a neuron of value s in field h: the sign of h, s at 0. */
static inline double ax_hopfield_sign(double h, double s)
{
    return h > 0 ? 1.0 : h < 0 ? -1.0 : s;
}

/* Scratch of one run: the state before the sweep and two sweeps back
 * (synchronous), and the visiting order (asynchronous); n values each. */
typedef struct ax_hopfield_scratch {
    double *before, *two_back;
    size_t *order;
} ax_hopfield_scratch;

/* Allocates what `update` needs (nothing for sequential); 0 or -1. */
int ax_hopfield_scratch_init(ax_hopfield_scratch *s, size_t n, ax_hopfield_update update);
void ax_hopfield_scratch_free(ax_hopfield_scratch *s);

/* ax_hopfield_run on checked arguments with scratch for `update`; the
 * asynchronous orders from (seed, sweep, stream). */
void ax_hopfield_relax(const double *weights, size_t n, double *state, ax_hopfield_update update,
                       size_t max_steps, uint64_t seed, uint32_t stream, double *energy,
                       ax_hopfield_scratch *scratch, ax_hopfield_run_result *out);

/* E = -1/2 sum_ij w_ij s_i s_j on checked arguments. */
double ax_hopfield_energy_of(const double *weights, size_t n, const double *state);

#endif
