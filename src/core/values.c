/*
 * values.c - checking and drawing ax_value.
 */
#include "values.h"

#include <math.h>
#include <stdio.h>

const char *ax_value_describe(const ax_value *v, char *buf, size_t len)
{
    switch (v->kind) {
    case AX_VALUE_CONSTANT: snprintf(buf, len, "%g", v->a); break;
    case AX_VALUE_ARRAY: snprintf(buf, len, "an array of %zu values", v->n); break;
    case AX_VALUE_UNIFORM: snprintf(buf, len, "uniform(%g, %g)", v->a, v->b); break;
    case AX_VALUE_NORMAL: snprintf(buf, len, "normal(%g, %g)", v->a, v->b); break;
    case AX_VALUE_NORMAL_CLIPPED:
        snprintf(buf, len, "normal_clipped(%g, %g, %g, %g)", v->a, v->b, v->c, v->d);
        break;
    case AX_VALUE_LOGNORMAL: snprintf(buf, len, "lognormal(%g, %g)", v->a, v->b); break;
    case AX_VALUE_EXPONENTIAL: snprintf(buf, len, "exponential(%g)", v->a); break;
    case AX_VALUE_EXPRESSION: snprintf(buf, len, "'%.100s'", v->expr ? v->expr : "(NULL)"); break;
    default: snprintf(buf, len, "an unknown kind of value (%d)", (int)v->kind); break;
    }
    return buf;
}

/* Probability that N(mean, sd) falls in [lo, hi]. */
static double normal_mass(double mean, double sd, double lo, double hi)
{
    double zl = (lo - mean) / (sd * M_SQRT2), zh = (hi - mean) / (sd * M_SQRT2);
    if (zl > 0)   /* both in the upper tail: difference of small erfc's */
        return 0.5 * (erfc(zl) - erfc(zh));
    if (zh < 0)
        return 0.5 * (erfc(-zh) - erfc(-zl));
    return 1.0 - 0.5 * (erfc(-zl) + erfc(zh));
}

int ax_value_check(const ax_value *v, size_t count, char *msg, size_t len)
{
    char d[128];
    switch (v->kind) {
    case AX_VALUE_CONSTANT:
        if (!isfinite(v->a)) {
            snprintf(msg, len, "value %g is not a finite number", v->a);
            return -1;
        }
        return 0;
    case AX_VALUE_ARRAY:
        if (count == 0) {
            snprintf(msg, len, "an array of values is not allowed here");
            return -1;
        }
        if (!v->array || v->n != count) {
            snprintf(msg, len, "an array of %zu values was given, %zu are needed", v->array ? v->n : 0, count);
            return -1;
        }
        for (size_t i = 0; i < v->n; i++) {
            if (!isfinite(v->array[i])) {
                snprintf(msg, len, "element %zu of the array is %g, not a finite number", i, v->array[i]);
                return -1;
            }
        }
        return 0;
    case AX_VALUE_UNIFORM:
    case AX_VALUE_NORMAL:
    case AX_VALUE_NORMAL_CLIPPED:
    case AX_VALUE_LOGNORMAL:
    case AX_VALUE_EXPONENTIAL:
        break;
    case AX_VALUE_EXPRESSION:
        snprintf(msg, len, "an expression of distance (%s) is allowed only as the weight or delay of a projection "
                 "with a distance connector", ax_value_describe(v, d, sizeof d));
        return -1;
    default:
        snprintf(msg, len, "unknown kind of value %d", (int)v->kind);
        return -1;
    }
    int nargs = v->kind == AX_VALUE_EXPONENTIAL ? 1 : v->kind == AX_VALUE_NORMAL_CLIPPED ? 4 : 2;
    const double args[4] = {v->a, v->b, v->c, v->d};
    for (int i = 0; i < nargs; i++) {
        if (!isfinite(args[i])) {
            snprintf(msg, len, "%s: argument %d is %g, not a finite number",
                     ax_value_describe(v, d, sizeof d), i + 1, args[i]);
            return -1;
        }
    }
    switch (v->kind) {
    case AX_VALUE_UNIFORM:
        if (v->a > v->b) {
            snprintf(msg, len, "%s: low must not exceed high", ax_value_describe(v, d, sizeof d));
            return -1;
        }
        break;
    case AX_VALUE_NORMAL:
    case AX_VALUE_LOGNORMAL:
        if (v->b < 0) {
            snprintf(msg, len, "%s: the standard deviation must be >= 0", ax_value_describe(v, d, sizeof d));
            return -1;
        }
        break;
    case AX_VALUE_NORMAL_CLIPPED:
        if (v->b < 0 || v->c > v->d) {
            snprintf(msg, len, "%s: needs sd >= 0 and low <= high", ax_value_describe(v, d, sizeof d));
            return -1;
        }
        if (v->b == 0 ? (v->a < v->c || v->a > v->d)
                      : normal_mass(v->a, v->b, v->c, v->d) < 1e-6) {
            snprintf(msg, len, "%s: almost no draws fall within [%g, %g] (they are redrawn until "
                     "they do); move the interval towards the mean", ax_value_describe(v, d, sizeof d),
                     v->c, v->d);
            return -1;
        }
        break;
    case AX_VALUE_EXPONENTIAL:
        if (!(v->a > 0)) {
            snprintf(msg, len, "%s: the mean must be > 0", ax_value_describe(v, d, sizeof d));
            return -1;
        }
        break;
    default:
        break;
    }
    return 0;
}

void ax_value_support(const ax_value *v, double *lo, double *hi)
{
    switch (v->kind) {
    case AX_VALUE_CONSTANT: *lo = *hi = v->a; return;
    case AX_VALUE_ARRAY:
        *lo = INFINITY; *hi = -INFINITY;
        for (size_t i = 0; i < v->n; i++) {
            if (v->array[i] < *lo) *lo = v->array[i];
            if (v->array[i] > *hi) *hi = v->array[i];
        }
        return;
    case AX_VALUE_UNIFORM: *lo = v->a; *hi = v->b; return;
    case AX_VALUE_NORMAL:
        if (v->b == 0) { *lo = *hi = v->a; return; }
        *lo = -INFINITY; *hi = INFINITY; return;
    case AX_VALUE_NORMAL_CLIPPED:
        if (v->b == 0) { *lo = *hi = v->a; return; }
        *lo = v->c; *hi = v->d; return;
    case AX_VALUE_LOGNORMAL:
        if (v->b == 0) { *lo = *hi = exp(v->a); return; }
        *lo = 0; *hi = INFINITY; return;
    case AX_VALUE_EXPONENTIAL: *lo = 0; *hi = INFINITY; return;
    case AX_VALUE_EXPRESSION: break;
    }
    *lo = -INFINITY; *hi = INFINITY;
}

double ax_value_center(const ax_value *v)
{
    switch (v->kind) {
    case AX_VALUE_CONSTANT:
    case AX_VALUE_NORMAL:
    case AX_VALUE_EXPONENTIAL: return v->a;
    case AX_VALUE_ARRAY: {
        double sum = 0;
        for (size_t i = 0; i < v->n; i++)
            sum += v->array[i];
        return v->n ? sum / (double)v->n : 0;
    }
    case AX_VALUE_UNIFORM: return 0.5 * (v->a + v->b);
    case AX_VALUE_NORMAL_CLIPPED: return v->a < v->c ? v->c : v->a > v->d ? v->d : v->a;
    case AX_VALUE_LOGNORMAL: return exp(v->a + 0.5 * v->b * v->b);
    case AX_VALUE_EXPRESSION: return 0;
    }
    return 0;
}

int ax_value_is_fixed(const ax_value *v, double *value)
{
    double lo, hi;
    ax_value_support(v, &lo, &hi);
    if (lo == hi) {
        if (value)
            *value = lo;
        return 1;
    }
    return 0;
}

double ax_value_draw(const ax_value *v, ax_rng *r, size_t index)
{
    switch (v->kind) {
    case AX_VALUE_CONSTANT: return v->a;
    case AX_VALUE_ARRAY: return v->array[index];
    case AX_VALUE_UNIFORM: return v->a + (v->b - v->a) * ax_rng_uniform(r);
    case AX_VALUE_NORMAL: return v->a + v->b * ax_rng_normal(r);
    case AX_VALUE_NORMAL_CLIPPED:
        if (v->b == 0)
            return v->a;
        for (;;) {   /* ax_value_check made sure this ends quickly */
            double x = v->a + v->b * ax_rng_normal(r);
            if (x >= v->c && x <= v->d)
                return x;
        }
    case AX_VALUE_LOGNORMAL: return exp(v->a + v->b * ax_rng_normal(r));
    case AX_VALUE_EXPONENTIAL: return v->a * ax_rng_exponential(r);
    case AX_VALUE_EXPRESSION: return NAN;
    }
    return NAN;
}
