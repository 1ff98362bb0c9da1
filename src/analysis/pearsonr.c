/*
 * pearsonr.c - Pearson's correlation coefficient of two series
 * (ax_signal_pearsonr), scipy.stats.pearsonr's statistic.
 */
#include <math.h>

#include "analysis/analysis.h"

static const char *CALL = "ax_signal_pearsonr";

ax_status ax_signal_pearsonr(const double *x, const double *y, size_t n, double *r, ax_error *err)
{
    if (!x)
        return ax_error_null(err, CALL, "x");
    if (!y)
        return ax_error_null(err, CALL, "y");
    if (!r)
        return ax_error_null(err, CALL, "r");
    if (n < 2)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = %zu values: at least 2 are needed", CALL, n);
    double mx = 0, my = 0;
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(x[k]) || !isfinite(y[k]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s[%zu] = %g is not finite", CALL,
                                    isfinite(x[k]) ? "y" : "x", k, isfinite(x[k]) ? y[k] : x[k]);
        mx += x[k], my += y[k];
    }
    mx /= (double)n, my /= (double)n;
    if (!isfinite(mx) || !isfinite(my)) {   /* the sum overflowed: values near DBL_MAX */
        mx = my = 0;
        for (size_t k = 0; k < n; k++)
            mx += x[k] / (double)n, my += y[k] / (double)n;
    }
    int x_constant = 1, y_constant = 1;
    double ax = 0, ay = 0;
    for (size_t k = 0; k < n; k++) {
        x_constant &= x[k] == x[0], y_constant &= y[k] == y[0];
        ax = fmax(ax, fabs(x[k] - mx)), ay = fmax(ay, fabs(y[k] - my));
    }
    /* scipy's test: equal values (their computed mean may differ from them by rounding) */
    if (x_constant || y_constant || !(ax > 0) || !(ay > 0)) {
        *r = NAN;
        ax_error_ok(err);
        return AX_OK;
    }
    /* two passes: the centred sums do not cancel as sum xy - n mx my would; deviations
     * scaled by their largest so that squares of large values do not overflow */
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t k = 0; k < n; k++) {
        double dx = (x[k] - mx) / ax, dy = (y[k] - my) / ay;
        sxy += dx * dy, sxx += dx * dx, syy += dy * dy;
    }
    double v = sxy / sqrt(sxx * syy);   /* sqrt(s * s) is s exactly: r(x, x) = 1 */
    *r = v > 1 ? 1 : v < -1 ? -1 : v;
    ax_error_ok(err);
    return AX_OK;
}
