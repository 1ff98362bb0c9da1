/*
 * beta_inc.c - the regularized incomplete beta function and Student's t
 * distribution, which the t-tests' p-values need.
 *
 * The continued fraction of I_x(a, b) (Numerical Recipes 6.4, evaluated
 * with the modified Lentz method) converges fast for x < (a + 1)/(a + b + 2);
 * beyond, the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) is used.  What limits
 * accuracy for large a or b is the prefactor x^a (1-x)^b / (a B(a, b)):
 * lgamma of large arguments carries an absolute error that the exponential
 * turns into a relative one, so the large parts of log B cancel
 * analytically here (Stirling's series for the remainder, as DiDonato &
 * Morris 1992), and callers that know log x and log(1-x) better than x
 * (the t distribution) pass them.
 */
#include <float.h>
#include <math.h>

#include "analysis/analysis.h"

#define LOG_SQRT_2PI 0.91893853320467274178

/* delta(x) = lgamma(x) - ((x - 1/2) log x - x + log sqrt(2 pi)), the
 * remainder of Stirling's series: the series itself for x >= 10 (its
 * terms fall below 1e-17 relative there), lgamma below. */
double ax_stats_stirling_remainder(double x)
{
    if (x >= 10.0) {
        double r = 1.0 / x, r2 = r * r;
        /* B_2k / (2k (2k - 1)) / x^(2k-1), k = 1 .. 6 */
        static const double c[] = {1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360};
        double s = 0;
        for (int k = 5; k >= 0; k--)
            s = s * r2 + c[k];
        return r * s;
    }
    return lgamma(x) - ((x - 0.5) * log(x) - x + LOG_SQRT_2PI);
}

/* log B(a, b), without the cancellation of lgamma(a) + lgamma(b) -
 * lgamma(a + b) when a or b is large. */
static double log_beta(double a, double b)
{
    double s = fmin(a, b), l = fmax(a, b);
    if (l < 10.0)
        return lgamma(s) + lgamma(l) - lgamma(s + l);
    double corr = ax_stats_stirling_remainder(l) - ax_stats_stirling_remainder(s + l);
    if (s < 10.0)   /* lgamma(l) - lgamma(s + l) in closed form */
        return lgamma(s) + corr - (l - 0.5) * log1p(s / l) - s * log(s + l) + s;
    return LOG_SQRT_2PI - 0.5 * log(s + l) + (s - 0.5) * log(s / (s + l)) + (l - 0.5) * log(l / (s + l)) +
           ax_stats_stirling_remainder(s) + corr;
}

/* log(x^a y^b / B(a, b)) with y = 1 - x; lx, ly: log x, log y. */
static double log_prefactor(double a, double b, double x, double y, double lx, double ly)
{
    if (a >= 10.0 && b >= 10.0) {
        /* a log(x (a+b)/a) + b log(y (a+b)/b) + log sqrt(ab/(a+b)) - log sqrt(2 pi) - delta terms:
         * near the mean the logs are of numbers near 1, taken with log1p */
        double u = (x * b - y * a);
        return a * log1p(u / a) + b * log1p(-u / b) + 0.5 * log(a * b / (a + b)) - LOG_SQRT_2PI -
               ax_stats_stirling_remainder(a) - ax_stats_stirling_remainder(b) + ax_stats_stirling_remainder(a + b);
    }
    return a * lx + b * ly - log_beta(a, b);
}

/* The continued fraction of I_x(a, b) / prefactor (modified Lentz).
 * Returns NAN when it has not converged. */
static double beta_fraction(double a, double b, double x, double y)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = x > 0.5 ? (1.0 - b + qab * y) / qap : 1.0 - qab * x / qap;   /* no cancellation near 1 */
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 200000; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 0.5 * DBL_EPSILON)
            return h;
    }
    return NAN;
}

/* I_x(a, 1/2) for a >= 15 by the asymptotic expansion of DiDonato & Morris
 * (1992, TOMS 708, BGRAT) with b = 1/2, where Q(1/2, z) = erfc(sqrt z):
 * the continued fraction, near x = 1 with a large, loses digits to
 * cancellation in its first terms and stops before it has converged (each
 * step changes less than a rounding).  lx = log x; z = -(a - 1/4) lx must
 * stay below ~700 (exp(-z) is used).  NAN when the expansion fails. */
static double beta_inc_large_a_half_b(double a, double lx)
{
    const double b = 0.5, bm1 = -0.5, nu = a - 0.25, z = -nu * lx;
    if (!(z > 0))
        return NAN;
    double r = exp(-z + 0.5 * log(z) - 0.5 * log(M_PI));   /* e^-z z^b / Gamma(b) */
    /* log(Gamma(a) / Gamma(a + b)) as in log_beta */
    double lg_ratio = a >= 10.0 ? ax_stats_stirling_remainder(a) - ax_stats_stirling_remainder(a + b) -
                                      (a - 0.5) * log1p(b / a) - b * log(a + b) + b
                                : lgamma(a) - lgamma(a + b);
    double u = r * exp(-(lg_ratio + b * log(nu)));
    if (u == 0 || r == 0)
        return 0.0;
    double q = erfc(sqrt(z));
    double v = 0.25 / (nu * nu), t2 = 0.25 * lx * lx, j = q / r, sum = j, t = 1.0, cn = 1.0, n2 = 0.0;
    double c[30], d[30];
    for (int n = 1; n <= 30; n++) {
        double bp2n = b + n2;
        j = (bp2n * (bp2n + 1.0) * j + (z + bp2n + 1.0) * t) * v;
        n2 += 2.0;
        t *= t2;
        cn /= n2 * (n2 + 1.0);
        c[n - 1] = cn;
        double s = 0.0, coef = b - n;
        for (int i = 1; i < n; i++, coef += b)
            s += coef * c[i - 1] * d[n - i - 1];
        d[n - 1] = bm1 * cn + s / n;
        double dj = d[n - 1] * j;
        sum += dj;
        if (sum <= 0)
            return NAN;
        if (fabs(dj) <= 1e-16 * sum)
            return u * sum;
    }
    return u * sum;
}

/* I_x(a, b) or, with upper != 0, 1 - I_x(a, b) = I_y(b, a), each computed
 * without subtracting from 1 where it is the smaller one.  x + y = 1; lx,
 * ly: their logs.  NAN when the fraction did not converge. */
double ax_stats_beta_inc_logs(double a, double b, double x, double y, double lx, double ly, int upper)
{
    if (x <= 0.0 && lx == -INFINITY)   /* x may underflow while x^a / a B(a,b) does not (t = 1e300, df = 1) */
        return upper ? 1.0 : 0.0;
    if (y <= 0.0 && ly == -INFINITY)
        return upper ? 0.0 : 1.0;
    if (b == 0.5 && a >= 15.0 && x >= 0.5 && -(a - 0.25) * lx < 650.0) {
        double p = beta_inc_large_a_half_b(a, lx);
        if (!isnan(p))
            return upper ? 1.0 - p : p;
    }
    if (a == 0.5 && b >= 15.0 && y >= 0.5 && -(b - 0.25) * ly < 650.0) {
        double q = beta_inc_large_a_half_b(b, ly);
        if (!isnan(q))
            return upper ? q : 1.0 - q;
    }
    if (x < (a + 1.0) / (a + b + 2.0)) {
        double p = exp(log_prefactor(a, b, x, y, lx, ly)) / a * beta_fraction(a, b, x, y);
        return upper ? 1.0 - p : p;
    }
    double q = exp(log_prefactor(b, a, y, x, ly, lx)) / b * beta_fraction(b, a, y, x);
    return upper ? q : 1.0 - q;
}

ax_status ax_stats_beta_inc(double a, double b, double x, double *out, ax_error *err)
{
    static const char *call = "ax_stats_beta_inc";
    if (!out)
        return ax_error_null(err, call, "out");
    if (!isfinite(a) || !(a > 0) || !isfinite(b) || !(b > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: (a, b) = (%g, %g) is not allowed: both finite and > 0",
                                call, a, b);
    if (!(x >= 0.0 && x <= 1.0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: x = %g is not allowed: 0 <= x <= 1", call, x);
    double p = ax_stats_beta_inc_logs(a, b, x, 1.0 - x, log(x), log1p(-x), 0);
    if (isnan(p))
        return ax_error_fail(err, AX_ERR_NUMERIC, "%s: the continued fraction for (a, b, x) = (%g, %g, %g) did "
                                "not converge", call, a, b, x);
    *out = p;
    ax_error_ok(err);
    return AX_OK;
}

/* P(T > |t|) for Student's t with df degrees of freedom:
 * I_{df/(df+t^2)}(df/2, 1/2) / 2, with x = 1/(1+q), 1-x = q/(1+q), q =
 * t^2/df, and their logs from log1p (x^(df/2) with df = 1e6 would lose
 * six digits through a rounded x). */
double ax_stats_t_tail(double t, double df)
{
    if (t == 0.0)
        return 0.5;
    if (isinf(t))
        return 0.0;
    double at = fabs(t), rs = at / sqrt(df);
    double lx, ly, x, y;
    if (rs > 1e150) {   /* q would overflow */
        lx = -2.0 * log(rs);
        ly = 0.0;
        x = exp(lx);
        y = 1.0;
    } else {
        double q = rs * rs;
        lx = -log1p(q);
        ly = -log1p(1.0 / q);
        x = 1.0 / (1.0 + q);
        y = q / (1.0 + q);
    }
    return 0.5 * ax_stats_beta_inc_logs(0.5 * df, 0.5, x, y, lx, ly, 0);
}

ax_status ax_stats_t_cdf(double t, double df, double *cdf, double *sf, ax_error *err)
{
    static const char *call = "ax_stats_t_cdf";
    if (!cdf && !sf)
        return ax_error_null(err, call, "cdf and sf");
    if (isnan(t))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: t is NaN: a number (or +-inf) is needed", call);
    if (!isfinite(df) || !(df > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: df = %g is not allowed: finite and > 0", call, df);
    double tail = ax_stats_t_tail(t, df);
    if (isnan(tail))
        return ax_error_fail(err, AX_ERR_NUMERIC, "%s: the incomplete beta function did not converge for t = %g, "
                                "df = %g", call, t, df);
    double lower = t < 0 ? tail : (t == 0 ? 0.5 : 1.0 - tail);   /* the tail is <= 1/2: no digits lost */
    if (cdf)
        *cdf = lower;
    if (sf)
        *sf = t > 0 ? tail : (t == 0 ? 0.5 : 1.0 - tail);
    ax_error_ok(err);
    return AX_OK;
}
