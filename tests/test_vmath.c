/*
 * core/vmath.h: the vectorisable exp and the quotients built on it,
 * against glibc's libm (exp and expm1, within 1 ulp of the correctly
 * rounded result).
 */
#include "helpers.h"

#include "core/vmath.h"

/* Distance from x to ref in units of ref's last place. */
static double ulps(double x, double ref)
{
    double ulp = nextafter(fabs(ref), INFINITY) - fabs(ref);
    return fabs(x - ref) / ulp;
}

/* Within 1 ulp of libm (so within 2 ulp of exact) over the whole range,
 * on a grid that is not aligned with multiples of ln2. */
Test(vmath, exp_within_one_ulp_of_libm)
{
    double worst = 0, at = 0;
    size_t n = 0;
    for (double x = -708.0; x <= 709.0; x += 0.00123457, n++) {
        double u = ulps(ax_exp(x), exp(x));
        if (u > worst)
            worst = u, at = x;
    }
    for (double x = -1e-3; x <= 1e-3; x += 1.3e-8, n++) {
        double u = ulps(ax_exp(x), exp(x));
        if (u > worst)
            worst = u, at = x;
    }
    cr_assert(worst <= 1.0, "ax_exp(%.17g) is %g ulp from libm", at, worst);
    cr_log_info("ax_exp: %zu points, max %g ulp from libm", n, worst);
}

/* expm1 within 2 ulp of libm's over the whole range and densely near 0,
 * where exp(x) - 1 would cancel. */
Test(vmath, expm1_within_two_ulp_of_libm)
{
    double worst = 0, at = 0;
    size_t n = 0;
    for (double x = -708.0; x <= 709.0; x += 0.00123457, n++) {
        double u = ulps(ax_expm1(x), expm1(x));
        if (u > worst)
            worst = u, at = x;
    }
    for (double x = -1.0; x <= 1.0; x += 1.3e-7, n++) {
        double u = ulps(ax_expm1(x), expm1(x));
        if (u > worst)
            worst = u, at = x;
    }
    for (double x = 1e-300; x < 1e-3; x *= 1.37, n += 2) {
        double u = fmax(ulps(ax_expm1(x), expm1(x)), ulps(ax_expm1(-x), expm1(-x)));
        if (u > worst)
            worst = u, at = x;
    }
    cr_assert(worst <= 2.0, "ax_expm1(%.17g) is %g ulp from libm", at, worst);
    cr_assert_eq(ax_expm1(0.0), 0.0);
    cr_assert_eq(ax_expm1(-1000.0), -1.0);
    cr_assert(isinf(ax_expm1(1000.0)) && ax_expm1(1000.0) > 0);
    cr_assert(isnan(ax_expm1(NAN)));
    cr_log_info("ax_expm1: %zu points, max %g ulp from libm", n, worst);
}

/* The variant without the overflow select is ax_exp, to the bit, up to 709. */
Test(vmath, exp_upto709_is_exp)
{
    for (double x = -800.0; x <= 709.0; x += 0.00123457)
        cr_assert_eq(ax_exp_upto709(x), ax_exp(x), "x = %.17g", x);
    cr_assert_eq(ax_exp_upto709(-INFINITY), 0.0);
    cr_assert(isnan(ax_exp_upto709(NAN)));
}

Test(vmath, exp_special_values)
{
    cr_assert_eq(ax_exp(0.0), 1.0);
    cr_assert_eq(ax_exp(-1000.0), 0.0);
    cr_assert(isinf(ax_exp(1000.0)) && ax_exp(1000.0) > 0);
    cr_assert(isnan(ax_exp(NAN)));
    cr_assert_eq(ax_exp(-INFINITY), 0.0);
    cr_assert(isinf(ax_exp(INFINITY)));
    cr_assert(fabs(ax_exp(1.0) - M_E) <= 2.3e-16 * M_E);
}

/* z / (exp(z) - 1) and (1 - exp(-z)) / z, including their 0/0 points,
 * within 2e-14 relative of the expm1 forms. */
Test(vmath, quotients_match_expm1_forms)
{
    double w1 = 0, w2 = 0;
    for (double z = -40.0; z <= 40.0; z += 3.1e-5) {
        double ref = z == 0.0 ? 1.0 : z / expm1(z);
        w1 = fmax(w1, fabs(ax_z_over_expm1(z) - ref) / ref);
        double zz = fabs(z);
        double ref2 = zz == 0.0 ? 1.0 : -expm1(-zz) / zz;
        w2 = fmax(w2, fabs(ax_one_minus_exp_neg_over(zz) - ref2) / ref2);
    }
    cr_assert(w1 < 2e-14, "z/(exp(z)-1): relative error %g", w1);
    cr_assert(w2 < 2e-14, "(1-exp(-z))/z: relative error %g", w2);
    cr_assert_eq(ax_z_over_expm1(0.0), 1.0);
    cr_assert_eq(ax_one_minus_exp_neg_over(0.0), 1.0);
    cr_log_info("quotients: max relative error %g and %g", w1, w2);
}

/* The fraction form of z / (exp(z) - 1), given exp(z) with an error of up
 * to 25 ulp (a power of another exponential, as channels/traub_miles.c
 * uses it), within 1e-13 relative of the expm1 form. */
Test(vmath, quotient_fraction_tolerates_a_rough_exponential)
{
    double worst = 0;
    for (double z = -40.0; z <= 40.0; z += 3.1e-5)
        for (int s = -1; s <= 1; s++) {
            double ez = exp(z) * (1.0 + s * 25.0 * 0x1p-52), num, den;
            ax_z_over_em1_frac(z, ez, &num, &den);
            double ref = z == 0.0 ? 1.0 : z / expm1(z);
            worst = fmax(worst, fabs(num / den - ref) / ref);
        }
    cr_assert(worst < 1e-13, "z/(exp(z)-1) as a fraction: relative error %g", worst);
    double num, den;
    ax_z_over_em1_frac(0.0, 1.0, &num, &den);
    cr_assert(num == 1.0 && den == 1.0);
    cr_log_info("quotient fraction: max relative error %g", worst);
}

/* The cube root on [1, 2] (the A current's activation), within 4 ulp of
 * libm's cbrt (itself within 1 ulp of exact). */
Test(vmath, cube_root_on_one_to_two_within_four_ulp_of_libm)
{
    double worst = 0, at = 0;
    size_t n = 0;
    for (double w = 1.0; w <= 2.0; w += 1.23457e-6, n++) {
        double u = ulps(ax_cbrt_1_2(w), cbrt(w));
        if (u > worst)
            worst = u, at = w;
    }
    cr_assert(ulps(ax_cbrt_1_2(2.0), cbrt(2.0)) <= 4.0);
    cr_assert(worst <= 4.0, "ax_cbrt_1_2(%.17g) is %g ulp from libm", at, worst);
    cr_log_info("ax_cbrt_1_2: %zu points, max %g ulp from libm", n, worst);
}

/* ax_log within 1 ulp of libm's log over (0, 1] - Box-Muller's uniforms,
 * down to 2^-53 - and over [1, 1e300] (any normal number). */
Test(vmath, log_within_one_ulp_of_libm)
{
    double worst = 0, at = 0;
    size_t n = 0;
    for (double x = 0x1p-53; x < 1.0; x *= 1.0000123, n++) {
        double u = ulps(ax_log(x), log(x));
        if (u > worst)
            worst = u, at = x;
    }
    for (double x = 1e-6; x <= 1.0; x += 1.1e-6, n++) {
        double u = ulps(ax_log(x), log(x));
        if (u > worst)
            worst = u, at = x;
    }
    for (double x = 1.0; x < 1e300; x *= 1.00037, n++) {
        double u = ulps(ax_log(x), log(x));
        if (u > worst)
            worst = u, at = x;
    }
    cr_assert(worst <= 1.0, "ax_log(%.17g) is %g ulp from libm", at, worst);
    cr_assert_eq(ax_log(1.0), 0.0);
    cr_log_info("ax_log: %zu points, max %g ulp from libm", n, worst);
}

/* ax_sincos_turns(t) = sin, cos (2 pi t) on [0, 1] within 2^-52 absolute
 * of the long-double values sinl, cosl(2 pi t) (libm's cos(2 * M_PI * t)
 * is off by up to 6e-16 there: 2 pi t is rounded before the cosine),
 * exact at the quarter turns; ax_cos_turns is its cosine. */
Test(vmath, sincos_turns_within_two_to_the_minus_52)
{
    const long double two_pi = 6.283185307179586476925286766559005768L;
    double worst_c = 0, worst_s = 0, at_c = 0, at_s = 0;
    size_t n = 0;
    for (double t = 0.0; t <= 1.0; t += 1.00003e-7, n++) {
        double s, c;
        ax_sincos_turns(t, &s, &c);
        cr_assert(!memcmp(&c, &(double){ax_cos_turns(t)}, sizeof c), "ax_cos_turns(%.17g)", t);
        double ec = (double)fabsl((long double)c - cosl(two_pi * (long double)t));
        double es = (double)fabsl((long double)s - sinl(two_pi * (long double)t));
        if (ec > worst_c)
            worst_c = ec, at_c = t;
        if (es > worst_s)
            worst_s = es, at_s = t;
    }
    cr_assert(worst_c <= 0x1p-52, "cos of ax_sincos_turns(%.17g) is %g from cos(2 pi t)", at_c, worst_c);
    cr_assert(worst_s <= 0x1p-52, "sin of ax_sincos_turns(%.17g) is %g from sin(2 pi t)", at_s, worst_s);
    const double quarter_c[5] = {1.0, 0.0, -1.0, 0.0, 1.0}, quarter_s[5] = {0.0, 1.0, 0.0, -1.0, 0.0};
    for (int k = 0; k <= 4; k++) {
        double s, c;
        ax_sincos_turns(0.25 * k, &s, &c);
        cr_assert(c == quarter_c[k] && s == quarter_s[k], "sin, cos(2 pi %g) = %g, %g", 0.25 * k, s, c);
    }
    cr_log_info("ax_sincos_turns: %zu points, max %.3g (cos), %.3g (sin) from cosl, sinl", n, worst_c, worst_s);
}
