/*
 * scalar_functions.h - the functions of expressions as scalar inline
 * code, shared by the channel expressions (expr.c) and the equation
 * models (equations/): constant folding and the block loops call the same
 * code, so that a folded constant has exactly the value a loop computes.
 */
#ifndef AX_SCALAR_FUNCTIONS_H
#define AX_SCALAR_FUNCTIONS_H

#include <math.h>

#include "core/vmath.h"

#ifndef INLINE
#define INLINE static inline __attribute__((always_inline))
#endif

INLINE double f_mov(double x) { return x; }
INLINE double f_neg(double x) { return -x; }
INLINE double f_exp(double x) { return ax_exp(x); }
INLINE double f_log(double x) { return log(x); }
INLINE double f_sqrt(double x) { return sqrt(x); }
INLINE double f_abs(double x) { return fabs(x); }
INLINE double f_cosh(double x) { return 0.5 * (ax_exp(x) + ax_exp(-x)); }
INLINE double f_add(double a, double b) { return a + b; }
INLINE double f_sub(double a, double b) { return a - b; }
INLINE double f_mul(double a, double b) { return a * b; }
INLINE double f_div(double a, double b) { return a / b; }
INLINE double f_pow(double a, double b) { return pow(a, b); }
INLINE double f_min(double a, double b) { return a < b ? a : b; }   /* branch-free, unlike fmin */
INLINE double f_max(double a, double b) { return a > b ? a : b; }

/* tanh from ax_exp: (1 - e) / (1 + e), e = exp(-2|x|), which cancels for
 * small |x|; there the Taylor series to x^9 (error below 1e-15 relative
 * for |x| < 0.05).  Relative error below 1e-14 everywhere. */
INLINE double f_tanh(double x)
{
    double ax = fabs(x), e = ax_exp(-2.0 * ax), x2 = x * x;
    double t = (1.0 - e) / (1.0 + e);
    double series =
        ax * (1.0 + x2 * (-1.0 / 3.0 + x2 * (2.0 / 15.0 + x2 * (-17.0 / 315.0 + x2 * (62.0 / 2835.0)))));
    double r = ax < 0.05 ? series : t;
    return x < 0.0 ? -r : r;
}

/* (exp(x) - 1) / x, 1 at x = 0; near 0 by its series (error below 3e-16
 * relative for |x| < 0.01), elsewhere directly (error below 2e-14). */
INLINE double f_exprel(double x)
{
    double series = 1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0)))));
    double q = (ax_exp(x) - 1.0) / x;
    return x > -1e-2 && x < 1e-2 ? series : q;
}

/* NEURON's vtrap: x / (exp(x / y) - 1) = y z / (exp(z) - 1), z = x / y. */
INLINE double f_vtrap(double x, double y) { return y * ax_z_over_expm1(x / y); }

/* x ^ k by repeated squaring, the same multiplications as powi_block. */
INLINE double f_powi(double x, int k)
{
    double r = 1.0, b = x;
    for (unsigned m = (unsigned)(k < 0 ? -k : k); m; m >>= 1) {
        if (m & 1)
            r *= b;
        b *= b;
    }
    return k < 0 ? 1.0 / r : r;
}

#endif
