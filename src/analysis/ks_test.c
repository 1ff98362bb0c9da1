/*
 * ks_test.c - the one- and two-sample Kolmogorov-Smirnov tests, as
 * scipy.stats.ks_1samp / kstest and ks_2samp.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static ax_status check_values(const double *a, size_t n, const char *call, const char *name, ax_error *err)
{
    if (!a)
        return ax_error_null(err, call, name);
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the sample '%s' is empty: at least one value is needed",
                                call, name);
    for (size_t i = 0; i < n; i++)
        if (isnan(a[i]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s[%zu] is NaN: the values must be numbers", call,
                                    name, i);
    return AX_OK;
}

static ax_status check_choices(ax_stats_alternative alt, ax_stats_ks_method method, const char *call, ax_error *err)
{
    if (alt != AX_STATS_TWO_SIDED && alt != AX_STATS_LESS && alt != AX_STATS_GREATER)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: alternative %d is not one of AX_STATS_TWO_SIDED (0), "
                                "AX_STATS_LESS (1), AX_STATS_GREATER (2)", call, (int)alt);
    if (method != AX_STATS_KS_AUTO && method != AX_STATS_KS_EXACT && method != AX_STATS_KS_ASYMP)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: method %d is not one of AX_STATS_KS_AUTO (0), "
                                "AX_STATS_KS_EXACT (1), AX_STATS_KS_ASYMP (2)", call, (int)method);
    return AX_OK;
}

/* A sorted copy of a[0..n); NULL when out of memory. */
static double *sorted_copy(const double *a, size_t n)
{
    double *s = malloc(n * sizeof *s);
    if (s) {
        memcpy(s, a, n * sizeof *s);
        qsort(s, n, sizeof *s, by_value);
    }
    return s;
}

/* How many of s[0..n) are <= x, from *at on (x visited in increasing order). */
static size_t count_upto(const double *s, size_t n, double x, size_t *at)
{
    while (*at < n && s[*at] <= x)
        (*at)++;
    return *at;
}

static size_t gcd(size_t a, size_t b)
{
    while (b) {
        size_t t = a % b;
        a = b, b = t;
    }
    return a;
}

ax_status ax_stats_ks_2samp(const double *a, size_t n_a, const double *b, size_t n_b,
                            ax_stats_alternative alternative, ax_stats_ks_method method,
                            ax_stats_ks_result *out, ax_error *err)
{
    static const char *call = "ax_stats_ks_2samp";
    ax_status st;
    if (!out)
        return ax_error_null(err, call, "out");
    if ((st = check_values(a, n_a, call, "a", err)) || (st = check_values(b, n_b, call, "b", err)) ||
        (st = check_choices(alternative, method, call, err)))
        return st;
    double *sa = sorted_copy(a, n_a), *sb = sorted_copy(b, n_b);
    if (!sa || !sb) {
        free(sa), free(sb);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory sorting %zu + %zu values", call, n_a, n_b);
    }
    /* F_a - F_b at every pooled value in SciPy's order (sorted a, then sorted b), in SciPy's floating
     * point (i/n_a - j/n_b), keeping the first extreme: the same location and sign as SciPy even where
     * rounding makes equal differences unequal. */
    size_t g = gcd(n_a, n_b);
    int64_t mg = (int64_t)(n_a / g);
    double dmax = -INFINITY, dmin = INFINITY, loc_max = 0, loc_min = 0;
    for (int part = 0; part < 2; part++) {
        const double *s = part ? sb : sa;
        size_t n = part ? n_b : n_a, ia = 0, ib = 0;
        for (size_t k = 0; k < n; k++) {
            double diff = (double)count_upto(sa, n_a, s[k], &ia) / (double)n_a -
                          (double)count_upto(sb, n_b, s[k], &ib) / (double)n_b;
            if (diff > dmax)
                dmax = diff, loc_max = s[k];
            if (diff < dmin)
                dmin = diff, loc_min = s[k];
        }
    }
    free(sa), free(sb);
    double lcm = (double)mg * (double)n_b, minus = dmin < 0 ? -dmin : 0, dfloat;
    if (alternative == AX_STATS_LESS || (alternative == AX_STATS_TWO_SIDED && minus > dmax)) {
        dfloat = minus, out->location = loc_min, out->sign = -1;
    } else {
        dfloat = dmax, out->location = loc_max, out->sign = 1;
    }
    int64_t h = (int64_t)nearbyint(dfloat * lcm);   /* the exact lattice distance, as SciPy's exact method */
    if (method == AX_STATS_KS_AUTO)
        method = (n_a > n_b ? n_a : n_b) <= 10000 ? AX_STATS_KS_EXACT : AX_STATS_KS_ASYMP;
    if (method == AX_STATS_KS_EXACT && (double)n_a * (double)n_b > 1e9 && n_a != n_b)
        method = AX_STATS_KS_ASYMP;   /* the path count would take too long */
    double p, d = dfloat;
    if (method == AX_STATS_KS_EXACT) {
        d = (double)h / lcm;
        p = ax_stats_ks_2samp_exact(n_a, n_b, g, h, alternative == AX_STATS_TWO_SIDED);
        if (isnan(p))
            return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory counting paths (%zu, %zu)", call, n_a,
                                    n_b);
    } else {
        double m = (double)(n_a > n_b ? n_a : n_b), n = (double)(n_a > n_b ? n_b : n_a), en = m * n / (m + n);
        if (alternative == AX_STATS_TWO_SIDED) {
            double r = nearbyint(en);   /* numpy's round: half to even */
            p = ax_stats_kolmogorov((size_t)(r < 1 ? 1 : r), d);
            if (isnan(p))
                return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the Durbin matrix", call);
        } else {   /* Hodges (1958) eq. 5.3; m the larger size */
            double z = sqrt(en) * d;
            p = exp(-2 * z * z - 2 * z * (m + 2 * n) / sqrt(m * n * (m + n)) / 3.0);
        }
    }
    out->statistic = d;
    out->pvalue = p < 0 ? 0 : p > 1 ? 1 : p;
    out->method = method;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_stats_ks_1samp(const double *x, size_t n, ax_stats_cdf_fn cdf, void *user,
                            ax_stats_alternative alternative, ax_stats_ks_method method,
                            ax_stats_ks_result *out, ax_error *err)
{
    static const char *call = "ax_stats_ks_1samp";
    ax_status st;
    if (!out)
        return ax_error_null(err, call, "out");
    if (!cdf)
        return ax_error_null(err, call, "cdf");
    if ((st = check_values(x, n, call, "x", err)) || (st = check_choices(alternative, method, call, err)))
        return st;
    double *s = sorted_copy(x, n);
    if (!s)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory sorting %zu values", call, n);
    double nd = (double)n, dplus = -INFINITY, dminus = -INFINITY, loc_plus = 0, loc_minus = 0;
    for (size_t i = 0; i < n; i++) {
        double F = cdf(s[i], user);
        if (!(F >= 0.0 && F <= 1.0)) {
            double xi = s[i];
            free(s);
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the CDF at x = %g is %g: a CDF's values must be in "
                                    "[0, 1]", call, xi, F);
        }
        double up = (double)(i + 1) / nd - F, down = F - (double)i / nd;
        if (up > dplus)
            dplus = up, loc_plus = s[i];
        if (down > dminus)
            dminus = down, loc_minus = s[i];
    }
    free(s);
    double d, p;
    if (alternative == AX_STATS_GREATER || (alternative == AX_STATS_TWO_SIDED && dplus > dminus))
        d = dplus, out->location = loc_plus, out->sign = 1;
    else
        d = dminus, out->location = loc_minus, out->sign = -1;
    if (alternative != AX_STATS_TWO_SIDED) {
        p = ax_stats_smirnov(n, d);
        method = AX_STATS_KS_EXACT;
    } else if (method == AX_STATS_KS_ASYMP) {
        p = ax_stats_kolmogorov_limit(d * sqrt(nd));
    } else {
        method = AX_STATS_KS_EXACT;
        p = ax_stats_kolmogorov(n, d);
        if (isnan(p))
            return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the Durbin matrix", call);
    }
    out->statistic = d;
    out->pvalue = p < 0 ? 0 : p > 1 ? 1 : p;
    out->method = method;
    ax_error_ok(err);
    return AX_OK;
}

typedef struct dist_params {
    ax_stats_distribution dist;
    double p1, p2;
} dist_params;

static double dist_cdf(double x, void *user)
{
    const dist_params *d = user;
    switch (d->dist) {
    case AX_STATS_UNIFORM:
        return x <= d->p1 ? 0.0 : x >= d->p2 ? 1.0 : (x - d->p1) / (d->p2 - d->p1);
    case AX_STATS_NORMAL:
        return 0.5 * erfc(-(x - d->p1) / (d->p2 * M_SQRT2));
    case AX_STATS_EXPONENTIAL:
        return x <= 0 ? 0.0 : -expm1(-d->p1 * x);
    }
    return NAN;
}

ax_status ax_stats_ks_1samp_dist(const double *x, size_t n, ax_stats_distribution dist, double p1, double p2,
                                 ax_stats_alternative alternative, ax_stats_ks_method method,
                                 ax_stats_ks_result *out, ax_error *err)
{
    static const char *call = "ax_stats_ks_1samp_dist";
    dist_params d = {dist, p1, p2};
    switch (dist) {
    case AX_STATS_UNIFORM:
        if (!isfinite(p1) || !isfinite(p2) || !(p1 < p2))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: uniform on [%g, %g] is not allowed: both finite, "
                                    "low < high", call, p1, p2);
        break;
    case AX_STATS_NORMAL:
        if (!isfinite(p1) || !isfinite(p2) || !(p2 > 0))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: normal with mean %g and sd %g is not allowed: both "
                                    "finite, sd > 0", call, p1, p2);
        break;
    case AX_STATS_EXPONENTIAL:
        if (!isfinite(p1) || !(p1 > 0))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: exponential rate %g is not allowed: finite and > 0",
                                    call, p1);
        break;
    default:
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: distribution %d is not one of AX_STATS_UNIFORM (0), "
                                "AX_STATS_NORMAL (1), AX_STATS_EXPONENTIAL (2)", call, (int)dist);
    }
    ax_status st = ax_stats_ks_1samp(x, n, dist_cdf, &d, alternative, method, out, err);
    if (st && err && strncmp(err->message, "ax_stats_ks_1samp:", 18) == 0) {   /* name this call */
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s%s", call, err->message + 17);
        snprintf(err->message, sizeof err->message, "%s", msg);
    }
    return st;
}
