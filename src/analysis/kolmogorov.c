/*
 * kolmogorov.c - the distributions of the one-sample Kolmogorov-Smirnov
 * statistics: Smirnov's one-sided D_n^+ (exact), Kolmogorov's two-sided D_n
 * for finite n (Simard & L'Ecuyer 2011, the algorithm selection of
 * scipy.stats.kstwo) and Kolmogorov's limit of sqrt(n) D_n.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

#define PI_SQUARED 9.8696044010893586188
#define SQRT_2PI 2.5066282746310005024

/* P(D_n^+ >= d) = d sum_{j=0}^{floor(n(1-d))} C(n,j) (1-d-j/n)^(n-j) (d+j/n)^(j-1)
 * (Birnbaum & Tingey 1951): positive terms, summed in logs scaled by the
 * largest, so tiny tails keep their digits.  Each term's log is written
 * with Stirling's series so that the n log n parts cancel analytically:
 * j log1p(nd/j) + (n-j) log1p(-nd/(n-j)) - log(d + j/n)
 * + log sqrt(n / (2 pi j (n-j))) + delta(n) - delta(j) - delta(n-j)
 * (lgamma(n+1) - lgamma(j+1) - ... would lose ~n log n 1e-16). */
static double smirnov_log_term(double n, double j, double d)
{
    double nd = n * d;
    if (j == 0)
        return n * log1p(-d) - log(d);
    return j * log1p(nd / j) + (n - j) * log1p(-nd / (n - j)) - log(d + j / n) +
           0.5 * log(n / (2.0 * M_PI * j * (n - j))) + ax_stats_stirling_remainder(n) -
           ax_stats_stirling_remainder(j) - ax_stats_stirling_remainder(n - j);
}

double ax_stats_smirnov(size_t n, double d)
{
    if (d <= 0)
        return 1.0;
    if (d >= 1)
        return 0.0;
    double nd = (double)n;
    if (n == 1)
        return 1.0 - d;
    size_t last = (size_t)floor(nd * (1.0 - d));
    if (last >= n)
        last = n - 1;
    double top = -INFINITY;
    for (int pass = 0; pass < 2; pass++) {
        double sum = 0;
        for (size_t j = 0; j <= last; j++) {
            double fj = (double)j;
            if ((nd - fj) - nd * d <= 0)   /* 1 - d - j/n = 0: the term is 0 */
                continue;
            double l = smirnov_log_term(nd, fj, d);
            if (pass == 0)
                top = fmax(top, l);
            else
                sum += exp(l - top);
        }
        if (pass == 1)
            return fmin(1.0, d * exp(top) * sum);
    }
    return 0;   /* not reached */
}

/* Kolmogorov's limit: P(K > y), by the series in exp(-2 k^2 y^2) for
 * y >= 1 and by the Jacobi-transformed series of the CDF below, where the
 * former converges slowly and the CDF is small. */
double ax_stats_kolmogorov_limit(double y)
{
    if (y <= 0)
        return 1.0;
    if (y < 1.0) {
        if (y < 0.04)
            return 1.0;   /* the CDF is below exp(-770) */
        double q = exp(-PI_SQUARED / (8.0 * y * y)), cdf = 0;
        for (int k = 1; k < 40; k += 2)
            cdf += pow(q, (double)k * k);
        return 1.0 - SQRT_2PI / y * cdf;
    }
    double sum = 0, sign = 1;
    for (int k = 1; k < 100; k++, sign = -sign) {
        double term = exp(-2.0 * k * k * y * y);
        sum += sign * term;
        if (term < 1e-20 * sum)
            break;
    }
    return fmin(1.0, 2.0 * sum);
}

/* log(n! / n^n) by Stirling's series with n log n removed up front. */
static double log_nfactorial_div_n_pow_n(double n)
{
    static const double c[] = {-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
                               8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
                               -2.7777777777777777778e-3, 8.3333333333333333333e-2};
    double rn = 1.0 / n, x = rn / n, p = 0;
    for (int i = 0; i < 8; i++)
        p = p * x + c[i];
    return 0.5 * log(n) - n + 0.5 * log(2.0 * M_PI) + rn * p;
}

/* a = b * c for m x m matrices (a distinct from b and c). */
static void matmul(double *a, const double *b, const double *c, int m)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += b[i * m + k] * c[k * m + j];
            a[i * m + j] = s;
        }
}

/* P(D_n <= d) by Durbin's matrix, the way of Marsaglia, Tsang & Wang
 * (2003): the k-th diagonal element of H^n times n!/n^n, with d = (k - h)/n,
 * scaled by powers of 2^128 on the way.  NAN when out of memory. */
static double kolmogorov_cdf_durbin(size_t n, double d)
{
    double nd = (double)n * d;
    if (nd <= 0.5)
        return 0.0;
    int k = (int)ceil(nd), m = 2 * k - 1;
    double h = k - nd;
    size_t mm = (size_t)m * (size_t)m;
    double *H = calloc(4 * mm, sizeof *H);
    double *v = malloc((size_t)m * sizeof *v), *w = malloc((size_t)m * sizeof *w);
    if (!H || !v || !w) {
        free(H), free(v), free(w);
        return NAN;
    }
    double *P = H + mm, *T = H + 2 * mm, *T2 = H + 3 * mm, fac = 1.0;
    for (int j = 1; j <= m; j++) {
        w[j - 1] = fac;
        fac /= j;
        v[j - 1] = (1.0 - pow(h, j)) * fac;
    }
    double tt = pow(fmax(2.0 * h - 1.0, 0.0), m) - 2.0 * pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    for (int i = 1; i < m; i++)
        for (int r = i - 1; r < m; r++)
            H[r * m + i] = w[r - i + 1];
    for (int r = 0; r < m; r++)
        H[r * m] = v[r];
    for (int c = 0; c < m; c++)
        H[(m - 1) * m + c] = v[m - 1 - c];
    for (int i = 0; i < m; i++)
        P[i * m + i] = 1.0;
    const double big = ldexp(1.0, 128);
    int expnt = 0, hexpnt = 0;
    for (size_t nn = n; nn > 0; nn /= 2) {
        if (nn % 2) {
            matmul(T, P, H, m);
            memcpy(P, T, mm * sizeof *P);
            expnt += hexpnt;
        }
        matmul(T2, H, H, m);
        memcpy(H, T2, mm * sizeof *H);
        hexpnt *= 2;
        if (fabs(H[(k - 1) * m + k - 1]) > big) {
            for (size_t i = 0; i < mm; i++)
                H[i] /= big;
            hexpnt += 128;
        }
    }
    double p = P[(k - 1) * m + k - 1];
    for (size_t i = 1; i <= n; i++) {
        p = (double)i * p / (double)n;
        if (fabs(p) < 1.0 / big) {
            p *= big;
            expnt -= 128;
        }
    }
    free(H), free(v), free(w);
    return ldexp(p, expnt);
}

/* The Pelz-Good (1976) approximation of P(D_n <= x) for large n. */
static double kolmogorov_cdf_pelz_good(size_t n, double x)
{
    double z = sqrt((double)n) * x, z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
    double qlog = -PI_SQUARED / 8.0 / z2;
    if (qlog < -708)
        return 0.0;
    double q = exp(qlog), pi4 = PI_SQUARED * PI_SQUARED, pi6 = pi4 * PI_SQUARED;
    double k1a = -z2, k1b = PI_SQUARED / 4;
    double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * PI_SQUARED / 4, k2c = pi4 * (1 - 2 * z2) / 16;
    double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16,
           k3b = PI_SQUARED * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * z4 * z4;
    double K[4] = {0, 0, 0, 0};
    int maxk = (int)ceil(16 * z / M_PI);
    for (int k = maxk; k > 0; k--) {
        double m = 2.0 * k - 1, m2 = m * m, m4 = m2 * m2, m6 = m4 * m2, qp = pow(q, 8.0 * k);
        double coef[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6};
        for (int i = 0; i < 4; i++)
            K[i] = K[i] * qp + coef[i];
    }
    double div[4] = {z, 6 * z4, 72 * z4 * z3, 6480 * z4 * z6};
    for (int i = 0; i < 4; i++)
        K[i] = K[i] * q * SQRT_2PI / div[i];
    double q2 = exp(-PI_SQUARED / 2 / z2), sqrt3z = sqrt(3.0) * z, k2extra = 0, k3extra = 0;
    for (int k = maxk; k > 0; k--) {
        double k2 = (double)k * k, kpi = M_PI * k, qk = pow(q2, k2);
        k2extra += k2 * qk;
        k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
    }
    K[2] += k2extra * PI_SQUARED * SQRT_2PI / (-36 * z3);
    K[3] += k3extra * PI_SQUARED * SQRT_2PI / (216 * z6);
    double sum = 0, rn = sqrt((double)n);
    for (int i = 3; i >= 0; i--)
        sum += K[i] / pow(rn, i);
    return sum;
}

static double clip(double p) { return p < 0 ? 0 : p > 1 ? 1 : p; }

/* P(D_n >= d): scipy.stats._ksstats._kolmogn(n, d, cdf=False)'s choices,
 * except that the Durbin matrix (exact) also stands in for Pomeranz's
 * recursion (exact too) for n <= 140.  NAN when out of memory. */
double ax_stats_kolmogorov(size_t n, double x)
{
    if (x >= 1.0)
        return 0.0;
    if (x <= 0.0)
        return 1.0;
    double nd = (double)n, t = nd * x;
    if (t <= 1.0) {   /* Ruben-Gambino: P(D_n <= x) = n! (2t - 1)^n / n^n for 1/2n <= x <= 1/n */
        if (t <= 0.5)
            return 1.0;
        double p;
        if (n <= 140) {
            p = 1.0;
            for (size_t i = 1; i <= n; i++)
                p *= (double)i / nd * (2 * t - 1);
        } else {
            p = exp(log_nfactorial_div_n_pow_n(nd) + nd * log(2 * t - 1));
        }
        return clip(1.0 - p);
    }
    if (t >= nd - 1)   /* Ruben-Gambino */
        return clip(2 * pow(1.0 - x, nd));
    if (x >= 0.5)      /* exact: the two one-sided events cannot both happen */
        return clip(2 * ax_stats_smirnov(n, x));
    double nxx = t * x;
    if (n <= 140) {
        if (nxx <= 4)
            return clip(1.0 - kolmogorov_cdf_durbin(n, x));
        return clip(2 * ax_stats_smirnov(n, x));   /* Miller: both sides together are below 1e-15 here */
    }
    if (nxx >= 370.0)
        return 0.0;
    if (nxx >= 2.2)
        return clip(2 * ax_stats_smirnov(n, x));
    double cdf;
    if (nxx >= 18.0)
        cdf = 1.0;
    else if (n <= 100000 && nd * pow(x, 1.5) <= 1.4)
        cdf = kolmogorov_cdf_durbin(n, x);
    else
        cdf = kolmogorov_cdf_pelz_good(n, x);
    return clip(1.0 - cdf);
}

static ax_status check_d(double d, size_t n, double *sf, const char *call, ax_error *err)
{
    if (!sf)
        return ax_error_null(err, call, "sf");
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = 0: at least one value is needed", call);
    if (isnan(d))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: d is NaN: a number is needed", call);
    return AX_OK;
}

ax_status ax_stats_ks_smirnov_sf(double d, size_t n, double *sf, ax_error *err)
{
    ax_status st = check_d(d, n, sf, "ax_stats_ks_smirnov_sf", err);
    if (st)
        return st;
    *sf = ax_stats_smirnov(n, d);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_stats_ks_kolmogorov_sf(double d, size_t n, double *sf, ax_error *err)
{
    static const char *call = "ax_stats_ks_kolmogorov_sf";
    ax_status st = check_d(d, n, sf, call, err);
    if (st)
        return st;
    double p = ax_stats_kolmogorov(n, d);
    if (isnan(p))
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the Durbin matrix (n = %zu, d = %g)", call,
                                n, d);
    *sf = p;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_stats_ks_kolmogorov_limit_sf(double y, double *sf, ax_error *err)
{
    static const char *call = "ax_stats_ks_kolmogorov_limit_sf";
    if (!sf)
        return ax_error_null(err, call, "sf");
    if (isnan(y))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: y is NaN: a number is needed", call);
    *sf = ax_stats_kolmogorov_limit(y);
    ax_error_ok(err);
    return AX_OK;
}
