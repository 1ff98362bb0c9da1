/*
 * ttest.c - Student's, Welch's, one-sample and paired t-tests (as
 * scipy.stats.ttest_ind, ttest_1samp, ttest_rel).
 */
#include <math.h>

#include "analysis/analysis.h"

/* Checks a sample: not NULL, at least 2 values, all finite. */
static ax_status check_sample(const double *a, size_t n, const char *call, const char *name, ax_error *err)
{
    if (!a)
        return ax_error_null(err, call, name);
    if (n < 2)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the sample '%s' has %zu value%s: at least 2 are needed",
                                call, name, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(a[i]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s[%zu] is %g: the values must be finite numbers",
                                    call, name, i, a[i]);
    return AX_OK;
}

/* Mean and unbiased variance (ddof 1) by two passes: the second pass sums
 * squares of deviations, which keeps small variances of large values. */
static void mean_var(const double *a, const double *b, size_t n, double *mean, double *var)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += b ? a[i] - b[i] : a[i];
    double m = s / (double)n, ss = 0, c = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (b ? a[i] - b[i] : a[i]) - m;
        ss += d * d;
        c += d;
    }
    *mean = m;
    *var = (ss - c * c / (double)n) / (double)(n - 1);   /* c: the first pass's rounding (Chan et al. 1983) */
    if (*var < 0)
        *var = 0;
}

static ax_status check_alternative(ax_stats_alternative alt, const char *call, ax_error *err)
{
    if (alt != AX_STATS_TWO_SIDED && alt != AX_STATS_LESS && alt != AX_STATS_GREATER)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: alternative %d is not one of AX_STATS_TWO_SIDED (0), "
                                "AX_STATS_LESS (1), AX_STATS_GREATER (2)", call, (int)alt);
    return AX_OK;
}

/* Fills *out from t and df. */
static ax_status finish(double t, double df, ax_stats_alternative alt, const char *call, ax_stats_ttest_result *out,
                        ax_error *err)
{
    double tail = ax_stats_t_tail(t, df);
    if (isnan(tail))
        return ax_error_fail(err, AX_ERR_NUMERIC, "%s: the t distribution did not converge for t = %g, df = %g",
                                call, t, df);
    double p;
    if (alt == AX_STATS_TWO_SIDED)
        p = 2.0 * tail;
    else if ((alt == AX_STATS_GREATER) == (t > 0))
        p = tail;
    else
        p = t == 0 ? 0.5 : 1.0 - tail;
    out->statistic = t;
    out->df = df;
    out->pvalue = fmin(p, 1.0);
    ax_error_ok(err);
    return AX_OK;
}

static ax_status variance_checks(double v, const char *call, const char *what, ax_error *err)
{
    if (!isfinite(v))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the variance of %s overflows: the values are too large",
                                call, what);
    return AX_OK;
}

ax_status ax_stats_ttest_ind(const double *a, size_t n_a, const double *b, size_t n_b, int equal_var,
                             ax_stats_alternative alternative, ax_stats_ttest_result *out, ax_error *err)
{
    static const char *call = "ax_stats_ttest_ind";
    ax_status st;
    if (!out)
        return ax_error_null(err, call, "out");
    if ((st = check_sample(a, n_a, call, "a", err)) || (st = check_sample(b, n_b, call, "b", err)) ||
        (st = check_alternative(alternative, call, err)))
        return st;
    double ma, va, mb, vb;
    mean_var(a, NULL, n_a, &ma, &va);
    mean_var(b, NULL, n_b, &mb, &vb);
    if ((st = variance_checks(va, call, "a", err)) || (st = variance_checks(vb, call, "b", err)))
        return st;
    if (va == 0 && vb == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: both samples are constant (variance 0, means %g and %g): "
                                "t is undefined (SciPy returns nan)", call, ma, mb);
    double na = (double)n_a, nb = (double)n_b, t, df;
    if (equal_var) {
        df = na + nb - 2.0;
        double pooled = ((na - 1.0) * va + (nb - 1.0) * vb) / df;
        t = (ma - mb) / sqrt(pooled * (1.0 / na + 1.0 / nb));
    } else {
        double qa = va / na, qb = vb / nb;
        df = (qa + qb) * (qa + qb) / (qa * qa / (na - 1.0) + qb * qb / (nb - 1.0));
        t = (ma - mb) / sqrt(qa + qb);
    }
    return finish(t, df, alternative, call, out, err);
}

static ax_status one_sample(const double *a, const double *b, size_t n, double popmean, ax_stats_alternative alt,
                            const char *call, ax_stats_ttest_result *out, ax_error *err)
{
    double m, v;
    mean_var(a, b, n, &m, &v);
    ax_status st = variance_checks(v, call, b ? "the differences" : "a", err);
    if (st)
        return st;
    if (v == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s constant (variance 0, mean %g): t is undefined (SciPy "
                                "returns nan)", call, b ? "the differences a - b are" : "the sample is", m);
    double t = (m - popmean) / sqrt(v / (double)n);
    return finish(t, (double)n - 1.0, alt, call, out, err);
}

ax_status ax_stats_ttest_1samp(const double *a, size_t n, double popmean, ax_stats_alternative alternative,
                               ax_stats_ttest_result *out, ax_error *err)
{
    static const char *call = "ax_stats_ttest_1samp";
    ax_status st;
    if (!out)
        return ax_error_null(err, call, "out");
    if ((st = check_sample(a, n, call, "a", err)) || (st = check_alternative(alternative, call, err)))
        return st;
    if (!isfinite(popmean))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: popmean is %g: a finite number is needed", call, popmean);
    return one_sample(a, NULL, n, popmean, alternative, call, out, err);
}

ax_status ax_stats_ttest_rel(const double *a, const double *b, size_t n, ax_stats_alternative alternative,
                             ax_stats_ttest_result *out, ax_error *err)
{
    static const char *call = "ax_stats_ttest_rel";
    ax_status st;
    if (!out)
        return ax_error_null(err, call, "out");
    if ((st = check_sample(a, n, call, "a", err)) || (st = check_sample(b, n, call, "b", err)) ||
        (st = check_alternative(alternative, call, err)))
        return st;
    return one_sample(a, b, n, 0.0, alternative, call, out, err);
}
