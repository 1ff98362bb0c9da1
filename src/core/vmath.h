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

/* log(x) for normal finite x > 0 (Box-Muller's uniforms; no care for 0,
 * subnormals, inf or NaN): the method of Sun's fdlibm (e_log.c), branch-
 * free so that it vectorises: x = 2^k m with m in [sqrt(2)/2, sqrt(2)) by
 * the exponent bits, f = m - 1, s = f / (2 + f), log(1 + f) = f - f^2/2 +
 * s (f^2/2 + R(s^2)) with fdlibm's minimax R (error below 2^-58), plus k
 * ln2 split in two.  Within 1 ulp of libm's log (tests/test_vmath.c). */
static inline __attribute__((always_inline)) double ax_log(double x)
{
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                 Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                 Lg7 = 1.479819860511658591e-01;
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    /* the high word moved so that its exponent field counts from sqrt(2)/2 */
    uint32_t hx = (uint32_t)(bits >> 32) + (0x3ff00000u - 0x3fe6a09eu);
    int32_t k = (int32_t)(hx >> 20) - 0x3ff;
    uint64_t mbits = (uint64_t)((hx & 0x000fffffu) + 0x3fe6a09eu) << 32 | (bits & 0xffffffffu);
    double m;
    memcpy(&m, &mbits, sizeof m);
    double f = m - 1.0, hfsq = 0.5 * f * f, s = f / (2.0 + f), z = s * s, w = z * z;
    double t1 = w * (Lg2 + w * (Lg4 + w * Lg6)), t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    double dk = (double)k;
    return s * (hfsq + (t2 + t1)) + dk * ln2_lo - hfsq + f + dk * ln2_hi;
}

/* cos(2 pi t) and sin(2 pi t) for 0 <= t <= 1 (Box-Muller's angle in
 * turns): t = n/4 + r with |r| <= 1/8 exactly, x = 2 pi r (two-part
 * constant), then fdlibm's kernels for sin and cos on |x| <= pi/4
 * (k_sin.c, k_cos.c: minimax, below 2^-58) and the quarter turn n chosen
 * without a branch.  Within 1 ulp of libm's cos(2 pi t) and sin(2 pi t)
 * near their large values; absolute error below 2^-53 everywhere
 * (tests/test_vmath.c). */
static inline __attribute__((always_inline)) void ax_sincos_turns(double t, double *sin_out, double *cos_out)
{
    const double two_pi_hi = 6.28318530717958623200e+00, two_pi_lo = 2.44929359829470635446e-16;
    const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
                 S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
                 S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
                 C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
                 C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
    const double shifter = 6755399441055744.0;   /* 1.5 * 2^52: rounds to an integer */
    double q = (4.0 * t + shifter) - shifter;    /* the nearest quarter turn, 0..4 */
    double r = t - 0.25 * q;                     /* exact */
    double x = r * two_pi_hi + r * two_pi_lo;
    double z = x * x, w = z * z;
    double rs = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    double sin_x = x + z * x * (S1 + z * rs);
    double rc = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    double hz = 0.5 * z, one_minus = 1.0 - hz;
    double cos_x = one_minus + (((1.0 - one_minus) - hz) + z * rc);
    /* x + n pi/2: n = 0 (cos, sin), 1 (-sin, cos), 2 (-cos, -sin), 3 (sin, -cos); 4 = 0 */
    int32_t n = (int32_t)q & 3;
    double c = (n & 1) ? sin_x : cos_x, s = (n & 1) ? cos_x : sin_x;
    *cos_out = (n == 1 || n == 2) ? -c : c;
    *sin_out = (n == 2 || n == 3) ? -s : s;
}

/* cos(2 pi t) for 0 <= t <= 1 (ax_sincos_turns). */
static inline __attribute__((always_inline)) double ax_cos_turns(double t)
{
    double s, c;
    ax_sincos_turns(t, &s, &c);
    return c;
}

#endif
