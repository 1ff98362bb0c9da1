/*
 * check.c - the checks every attractor call
 * makes before it writes anything: patterns, states, weights, sizes.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "attractor/attractor.h"

ax_status ax_hopfield_check_off(double off, const char *caller, ax_error *err)
{
    if (off != -1.0 && off != 0.0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: off = %g: the off value is -1 (bipolar patterns) or 0 "
                                 "(binary patterns)", caller, off);
    return AX_OK;
}

ax_status ax_hopfield_check_patterns(const double *patterns, size_t n_patterns, size_t n, double off,
                                     const char *what, const char *caller, ax_error *err)
{
    if (!patterns)
        return ax_error_null(err, caller, what);
    for (size_t k = 0; k < n_patterns; k++)
        for (size_t i = 0; i < n; i++) {
            double v = patterns[k * n + i];
            if (v == 1.0 || v == off)
                continue;
            if (n_patterns == 1)
                return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s[%zu] is %g: the values must be 1 and %g (%s)",
                                         caller, what, i, v, off, off < 0 ? "bipolar" : "binary");
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s: pattern %zu, value %zu is %g: the values must "
                                     "be 1 and %g (%s)", caller, what, k, i, v, off, off < 0 ? "bipolar" : "binary");
        }
    return AX_OK;
}

ax_status ax_hopfield_check_size(size_t n, const char *caller, ax_error *err)
{
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = 0: at least one neuron is needed", caller);
    if (n > SIZE_MAX / n / sizeof(double))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = %zu: the n x n weights would not fit in memory",
                                 caller, n);
    return AX_OK;
}

ax_status ax_hopfield_check_weights(const double *weights, size_t n, const char *caller, ax_error *err)
{
    if (!weights)
        return ax_error_null(err, caller, "weights");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (!isfinite(weights[i * n + j]))
                return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: weights[%zu][%zu] is %g: weights must be finite",
                                         caller, i, j, weights[i * n + j]);
    return AX_OK;
}
