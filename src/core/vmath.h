/*
 * vmath.h - exp and the quotients built on it, as inline code that the
 * compiler vectorises.
 *
 * glibc's exp() is a function call, so a neuron loop that calls it stays
 * scalar (its SIMD variants are only declared under -ffast-math, which
 * axon does not use).  Conductance-based models evaluate ~10 exponentials
 * per neuron and step, so this is where their time goes.  ax_exp is the
 * textbook method: x = n ln2 + r with |r| <= ln2/2 (Cody-Waite split of
 * ln2), e^r by a polynomial of degree 11 (near-minimax, error 1.7e-17
 * relative), times 2^n built in the exponent bits.  No branches and
 * no float-to-int conversion (the rounding uses the 1.5 * 2^52 shifter),
 * so it vectorises, and it gives the same bits in vector and scalar code
 * on any machine: -ffp-contract=off keeps each operation rounded alone,
 * and the multiply-adds of the reduction and the polynomial are written
 * as fma(), which IEEE 754 defines as rounded once, so they are the same
 * in hardware and in libm's software fma (a build for a CPU without FMA
 * instructions gets the same results, but calls and does not vectorise).
 * The fused form is a third fewer operations than multiply then add:
 * ~25 % off an HH network's run time.
 * Accuracy: within 2 ulp of the correctly rounded result for
 * -708 <= x <= 709 (tests/test_vmath.c checks this against libm's exp);
 * x < -708 gives 0, x > 709 gives +inf, NaN gives NaN.
 */
#ifndef AX_VMATH_H
#define AX_VMATH_H

#include <stdint.h>
#include <string.h>

/* The core of ax_exp and ax_expm1: for x within [-708, 709], x = n ln2 + r
 * with |r| <= ln2/2; returns c(r) with e^r = 1 + r c(r), and *scale = 2^n. */
static inline __attribute__((always_inline)) double ax_exp_core(double x, double *r_out, double *scale)
{
    const double log2e = 1.4426950408889634, ln2_hi = 6.93147180369123816490e-01,
                 ln2_lo = 1.90821492927058770002e-10, shifter = 6755399441055744.0;   /* 1.5 * 2^52 */
    double k = __builtin_fma(x, log2e, shifter);    /* n = round(x / ln2) in the low bits of k */
    double n = k - shifter;
    double r = __builtin_fma(-n, ln2_lo, __builtin_fma(-n, ln2_hi, x));
    /* e^r on |r| <= ln2/2: Chebyshev interpolant of degree 11 in the power
     * basis (coefficients from tests/reference/make_exp_coefficients.py;
     * interpolation error 1.7e-17 relative, below half an ulp). */
    double p = 2.5110037605963777e-08;
    p = __builtin_fma(p, r, 2.763263963904103e-07);
    p = __builtin_fma(p, r, 2.755724091857897e-06);
    p = __builtin_fma(p, r, 2.4801485482328494e-05);
    p = __builtin_fma(p, r, 0.00019841269890047113);
    p = __builtin_fma(p, r, 0.0013888888952314775);
    p = __builtin_fma(p, r, 0.008333333333319601);
    p = __builtin_fma(p, r, 0.0416666666664881);
    p = __builtin_fma(p, r, 0.1666666666666668);
    p = __builtin_fma(p, r, 0.5000000000000019);
    p = __builtin_fma(p, r, 1.0);
    uint64_t kb, sb;
    memcpy(&kb, &k, sizeof kb);
    sb = (kb + 1023u) << 52;            /* 2^n: n + 1023 in the exponent field */
    memcpy(scale, &sb, sizeof *scale);
    *r_out = r;
    return p;
}

static inline __attribute__((always_inline)) double ax_exp(double x)
{
    double xc = x > 709.0 ? 709.0 : (x < -708.0 ? -708.0 : x), r, scale;
    double c = ax_exp_core(xc, &r, &scale);
    double y = __builtin_fma(c, r, 1.0) * scale;
    y = x > 709.0 ? __builtin_inf() : y;
    return x < -708.0 ? 0.0 : y;
}

/* ax_exp for x <= 709 (e.g. the decay exp(-h / tau) of a relaxation over a
 * step), without the select for overflow: the same results there, two
 * operations fewer. */
static inline __attribute__((always_inline)) double ax_exp_upto709(double x)
{
    double xc = x < -708.0 ? -708.0 : x, r, scale;
    double c = ax_exp_core(xc, &r, &scale);
    double y = __builtin_fma(c, r, 1.0) * scale;
    return x < -708.0 ? 0.0 : y;
}

/* exp(x) - 1 without the cancellation near x = 0: 2^n (e^r - 1) + (2^n - 1),
 * with e^r - 1 = r c(r) from the polynomial without its constant term,
 * rounded once (fma).
 * Within 2 ulp of libm's expm1 (tests/test_vmath.c); x < -708 gives -1,
 * x > 709 gives +inf. */
static inline __attribute__((always_inline)) double ax_expm1(double x)
{
    double xc = x > 709.0 ? 709.0 : (x < -708.0 ? -708.0 : x), r, scale;
    double c = ax_exp_core(xc, &r, &scale);
    double y = __builtin_fma(c * scale, r, scale - 1.0);   /* c * 2^n is exact */
    y = x > 709.0 ? __builtin_inf() : y;
    return x < -708.0 ? -1.0 : y;
}

/* z / (exp(z) - 1), including z = 0 (value 1): the 0/0 form of the
 * Hodgkin-Huxley rate functions (NEURON's vtrap, Brian2's 1/exprel).
 * Near 0 by its series, where exp(z) - 1 would cancel; relative error
 * below 2e-14 everywhere.  ax_z_over_em1 takes ez = ax_exp(z) when the
 * caller has it already. */
static inline __attribute__((always_inline)) double ax_z_over_em1(double z, double ez)
{
    double z2 = z * z;
    double series = 1.0 - 0.5 * z + z2 * (1.0 / 12.0 - z2 * (1.0 / 720.0 - z2 / 30240.0));
    double q = z / (ez - 1.0);
    return z > -1e-2 && z < 1e-2 ? series : q;
}

static inline __attribute__((always_inline)) double ax_z_over_expm1(double z)
{
    return ax_z_over_em1(z, ax_exp(z));
}

/* z / (exp(z) - 1) as the fraction *num / *den, from ez = exp(z), for
 * rate functions that are combined over one division (a gate's x_inf and
 * rate sum, channels/traub_miles.c): (z, ez - 1), or near 0, where ez - 1
 * cancels, (the series, 1).  The series is taken up to |z| < 0.1 (error
 * 2e-18 there), so that ez may carry an error of some ulp, e.g. as a power
 * of another exponential, and the quotient still be within 1e-13 (6e-14
 * for an error of 25 ulp in ez). */
static inline __attribute__((always_inline)) void ax_z_over_em1_frac(double z, double ez, double *num, double *den)
{
    double z2 = z * z;
    double series =
        1.0 - 0.5 * z +
        z2 * (1.0 / 12.0 - z2 * (1.0 / 720.0 - z2 * (1.0 / 30240.0 - z2 * (1.0 / 1209600.0))));
    int near = __builtin_fabs(z) < 0.1;
    *num = near ? series : z;
    *den = near ? 1.0 : ez - 1.0;
}

/* (1 - exp(-z)) / z, including z = 0 (value 1): -expm1(-z) / z, which
 * needs no series near 0; relative error below 1e-15. */
static inline __attribute__((always_inline)) double ax_one_minus_exp_neg_over(double z)
{
    double q = -ax_expm1(-z) / z;
    return z == 0.0 ? 1.0 : q;
}

/* The cube root of w for 1 <= w <= 2 (elsewhere it loses accuracy): the
 * line 0.75 + 0.25 w (within 1.8 % of it there), then two Halley steps
 * c <- c (c^3 + 2 w) / (2 c^3 + w), each of which cubes the relative error
 * (1.8e-2 -> 4e-6 -> 1e-16): within 4 ulp of libm's cbrt.  libm's cbrt is a
 * call, as exp is; a channel with a cube root (the A current's activation)
 * reduces its argument to [1, 2] with exp (see channels/ka.c). */
static inline __attribute__((always_inline)) double ax_cbrt_1_2(double w)
{
    double c = 0.75 + 0.25 * w;
    for (int k = 0; k < 2; k++) {
        double c3 = c * c * c;
        c = c * (c3 + 2.0 * w) / (2.0 * c3 + w);
    }
    return c;
}

#endif
