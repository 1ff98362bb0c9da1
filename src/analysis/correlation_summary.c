/*
 * correlation_summary.c - the distribution of a set of correlation
 * coefficients (ax_spike_trains_correlation_summary): how many exist, their
 * mean, sd and quantiles.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

static const char *CALL = "ax_spike_trains_correlation_summary";

static int by_value(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* numpy.quantile's default (linear, "type 7"), on sorted values. */
static double quantile(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

ax_status ax_spike_trains_correlation_summary(const double *r, size_t n, ax_correlation_summary *out, ax_error *err)
{
    if (!r)
        return ax_error_null(err, CALL, "r");
    if (!out)
        return ax_error_null(err, CALL, "out");
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = 0 values: at least 1 is needed", CALL);
    for (size_t k = 0; k < n; k++)
        if (!isnan(r[k]) && !(r[k] >= -1 && r[k] <= 1))
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: r[%zu] = %g is not a correlation coefficient: in [-1, 1], or NAN for "
                                    "none", CALL, k, r[k]);
    double *v = malloc(n * sizeof *v);
    if (!v)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu values", CALL, n);
    size_t m = 0;
    double sum = 0;
    for (size_t k = 0; k < n; k++)
        if (!isnan(r[k]))
            sum += r[k], v[m++] = r[k];
    *out = (ax_correlation_summary){.n_defined = m, .n_undefined = n - m, .mean = NAN, .sd = NAN, .min = NAN,
                                    .q25 = NAN, .median = NAN, .q75 = NAN, .max = NAN};
    if (m > 0) {
        out->mean = sum / (double)m;
        double ss = 0;
        for (size_t k = 0; k < m; k++)
            ss += (v[k] - out->mean) * (v[k] - out->mean);
        if (m > 1)
            out->sd = sqrt(ss / (double)(m - 1));
        qsort(v, m, sizeof *v, by_value);
        out->min = v[0], out->max = v[m - 1];
        out->q25 = quantile(v, m, 0.25), out->median = quantile(v, m, 0.5), out->q75 = quantile(v, m, 0.75);
    }
    free(v);
    ax_error_ok(err);
    return AX_OK;
}
