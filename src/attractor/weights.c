/*
 * weights.c - Hebbian weights of a Hopfield network: Hopfield's rule for
 * bipolar patterns, and the main seed's shifted rule for binary ones.
 *
 * Each weight is the sum over the patterns in pattern order, times the
 * scale once at the end, so that with scale 1 the bipolar weights are
 * exact integers (and the fields summed from them exact too).
 */
#include <math.h>
#include <string.h>

#include "attractor/attractor.h"

/* The checks both rules share; `off` the patterns' off value. */
static ax_status check(const double *patterns, size_t n_patterns, size_t n, double off, double *weights,
                       const char *call, ax_error *err)
{
    ax_status st;
    if (!weights)
        return ax_error_null(err, call, "weights");
    if (!patterns)
        return ax_error_null(err, call, "patterns");
    if ((st = ax_hopfield_check_size(n, call, err)))
        return st;
    if (n_patterns == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n_patterns = 0: at least one pattern is needed", call);
    if (n_patterns > SIZE_MAX / n)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n_patterns = %zu of n = %zu values overflow", call,
                                 n_patterns, n);
    return ax_hopfield_check_patterns(patterns, n_patterns, n, off, "patterns", call, err);
}

/* weights[i n + j] = scale sum_k (p_ki - a) (p_kj - b), diagonal 0. */
static void hebb(const double *patterns, size_t n_patterns, size_t n, double a, double b, double scale,
                 double *weights)
{
    memset(weights, 0, n * n * sizeof *weights);
    for (size_t k = 0; k < n_patterns; k++) {
        const double *p = patterns + k * n;
        for (size_t i = 0; i < n; i++) {
            double pi = p[i] - a;
            double *row = weights + i * n;
            for (size_t j = 0; j < n; j++)
                row[j] += pi * (p[j] - b);
        }
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            weights[i * n + j] *= scale;
        weights[i * n + i] = 0.0;   /* no neuron drives itself */
    }
}

ax_status ax_hopfield_weights(const double *patterns, size_t n_patterns, size_t n, double scale, double *weights,
                              ax_error *err)
{
    static const char *call = "ax_hopfield_weights";
    ax_status st;
    if ((st = check(patterns, n_patterns, n, -1.0, weights, call, err)))
        return st;
    if (!(isfinite(scale) && scale > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: scale = %g: a finite number > 0 is needed (1: the main "
                                 "seed's, 1/n: the textbook's)", call, scale);
    hebb(patterns, n_patterns, n, 0.0, 0.0, scale, weights);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_hopfield_weights_binary(const double *patterns, size_t n_patterns, size_t n, double a, double b,
                                     double scale, double *weights, ax_error *err)
{
    static const char *call = "ax_hopfield_weights_binary";
    ax_status st;
    if ((st = check(patterns, n_patterns, n, 0.0, weights, call, err)))
        return st;
    if (!isfinite(a) || !isfinite(b) || !isfinite(scale))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: a = %g, b = %g, scale = %g: all three must be finite",
                                 call, a, b, scale);
    hebb(patterns, n_patterns, n, a, b, scale, weights);
    ax_error_ok(err);
    return AX_OK;
}
