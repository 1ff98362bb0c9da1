/*
 * patterns.c - random patterns and their distortion (the cues of a
 * Hopfield network), from axon's counter-based streams: pattern k of
 * network t is a function of (seed, k, t) alone, whoever draws it.
 */
#include <math.h>

#include "attractor/attractor.h"

void ax_hopfield_draw_pattern(double *out, size_t n, double p_on, double off, uint64_t seed, uint32_t k,
                              uint32_t stream)
{
    ax_rng r;
    ax_hopfield_rng(&r, seed, AX_HOPFIELD_PATTERNS, k, stream);
    for (size_t i = 0; i < n; i++)   /* u in (0, 1): p_on 0 never gives 1, p_on 1 always */
        out[i] = ax_rng_uniform(&r) < p_on ? 1.0 : off;
}

void ax_hopfield_draw_distortion(const double *pattern, double *out, size_t n, double off, double p,
                                 uint64_t seed, uint32_t k, uint32_t stream)
{
    ax_rng r;
    ax_hopfield_rng(&r, seed, AX_HOPFIELD_DISTORT, k, stream);
    for (size_t i = 0; i < n; i++) {
        double v = pattern[i];
        out[i] = ax_rng_uniform(&r) < p ? (v == 1.0 ? off : 1.0) : v;
    }
}

ax_status ax_hopfield_random_patterns(size_t n_patterns, size_t n, double p_on, double off, uint64_t seed,
                                      double *patterns, ax_error *err)
{
    static const char *call = "ax_hopfield_random_patterns";
    ax_status st;
    if (!patterns)
        return ax_error_null(err, call, "patterns");
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = 0: a pattern needs at least one value", call);
    if (n_patterns == 0 || n_patterns > UINT32_MAX)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n_patterns = %zu: allowed 1 to %u", call, n_patterns,
                                 UINT32_MAX);
    if (!(p_on >= 0 && p_on <= 1))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: p_on = %g: a probability in [0, 1] is needed", call,
                                 p_on);
    if ((st = ax_hopfield_check_off(off, call, err)))
        return st;
    for (size_t k = 0; k < n_patterns; k++)
        ax_hopfield_draw_pattern(patterns + k * n, n, p_on, off, seed, (uint32_t)k, 0);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_hopfield_distort(const double *pattern, size_t n, double off, double flip_probability, uint64_t seed,
                              double *out, ax_error *err)
{
    static const char *call = "ax_hopfield_distort";
    ax_status st;
    if (!out)
        return ax_error_null(err, call, "out");
    if (!pattern)
        return ax_error_null(err, call, "pattern");
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = 0: a pattern needs at least one value", call);
    if ((st = ax_hopfield_check_off(off, call, err)) ||
        (st = ax_hopfield_check_patterns(pattern, 1, n, off, "pattern", call, err)))
        return st;
    if (!(flip_probability >= 0 && flip_probability <= 1))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: flip_probability = %g: a probability in [0, 1] is "
                                 "needed", call, flip_probability);
    ax_hopfield_draw_distortion(pattern, out, n, off, flip_probability, seed, 0, 0);
    ax_error_ok(err);
    return AX_OK;
}
