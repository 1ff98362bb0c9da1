/*
 * pattern_recall.c - how well per-neuron spike counts recall a stored
 * pattern (the read-out of Hopfield and attractor models): accuracy at a
 * threshold, the best threshold against the pattern and its inverse, and
 * the best-correlated of several stored patterns.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

static ax_status check_counts(const double *counts, size_t n, const char *call, ax_error *err)
{
    if (!counts)
        return ax_error_null(err, call, "counts");
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = 0: at least one neuron is needed", call);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(counts[i]) || counts[i] < 0)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: counts[%zu] is %g: counts must be finite and >= 0",
                                    call, i, counts[i]);
    return AX_OK;
}

static ax_status check_pattern(const double *pattern, size_t n, const char *call, ax_error *err)
{
    if (!pattern)
        return ax_error_null(err, call, "pattern");
    for (size_t i = 0; i < n; i++)
        if (pattern[i] != 1.0 && pattern[i] != 0.0 && pattern[i] != -1.0)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: pattern[%zu] is %g: a pattern's values are 1 (on) "
                                    "and 0 or -1 (off)", call, i, pattern[i]);
    return AX_OK;
}

/* How many neurons agree with the pattern (on: counts >= threshold). */
static size_t agreeing(const double *counts, const double *pattern, size_t n, double threshold)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (counts[i] >= threshold) == (pattern[i] == 1.0);
    return k;
}

ax_status ax_pattern_recall_accuracy(const double *counts, const double *pattern, size_t n, double threshold,
                                     double *accuracy, ax_error *err)
{
    static const char *call = "ax_pattern_recall_accuracy";
    ax_status st;
    if (!accuracy)
        return ax_error_null(err, call, "accuracy");
    if ((st = check_counts(counts, n, call, err)) || (st = check_pattern(pattern, n, call, err)))
        return st;
    if (isnan(threshold))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: threshold is NaN: a number is needed", call);
    *accuracy = (double)agreeing(counts, pattern, n, threshold) / (double)n;
    ax_error_ok(err);
    return AX_OK;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

ax_status ax_pattern_recall_sweep(const double *counts, const double *pattern, size_t n, const double *thresholds,
                                  size_t n_thresholds, double *accuracy, double *inverted_accuracy,
                                  ax_pattern_sweep_result *out, ax_error *err)
{
    static const char *call = "ax_pattern_recall_sweep";
    ax_status st;
    if (!out)
        return ax_error_null(err, call, "out");
    if ((st = check_counts(counts, n, call, err)) || (st = check_pattern(pattern, n, call, err)))
        return st;
    if (!thresholds && n_thresholds > 0)
        return ax_error_null(err, call, "thresholds");
    if (thresholds && n_thresholds == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n_thresholds = 0 with thresholds given: at least one "
                                "threshold (or thresholds NULL to sweep every split)", call);
    for (size_t k = 0; k < n_thresholds; k++)
        if (isnan(thresholds[k]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: thresholds[%zu] is NaN: numbers are needed", call, k);
    double *own = NULL;
    const double *th = thresholds;
    size_t nt = n_thresholds;
    if (!thresholds) {   /* every split: the distinct counts, and one above them all (nothing on) */
        own = malloc((n + 1) * sizeof *own);
        if (!own)
            return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu thresholds", call, n + 1);
        for (size_t i = 0; i < n; i++)
            own[i] = counts[i];
        qsort(own, n, sizeof *own, by_value);
        nt = 0;
        for (size_t i = 0; i < n; i++)
            if (nt == 0 || own[i] != own[nt - 1])
                own[nt++] = own[i];
        own[nt] = own[nt - 1] + 1.0;
        nt++;
        th = own;
    }
    /* The lowest threshold wins ties whatever order the caller gave them in. */
    size_t best_agree = 0;
    double best_th = 0;
    int best_inv = 0, found = 0;
    for (size_t k = 0; k < nt; k++) {
        size_t a = agreeing(counts, pattern, n, th[k]), inv = n - a;   /* the inverse agrees where it does not */
        if (thresholds && accuracy)
            accuracy[k] = (double)a / (double)n;
        if (thresholds && inverted_accuracy)
            inverted_accuracy[k] = (double)inv / (double)n;
        size_t here = a >= inv ? a : inv;
        if (!found || here > best_agree || (here == best_agree && th[k] < best_th)) {
            best_agree = here, best_th = th[k], best_inv = inv > a, found = 1;
        }
    }
    free(own);
    out->accuracy = (double)best_agree / (double)n;
    out->threshold = best_th;
    out->inverted = best_inv;
    ax_error_ok(err);
    return AX_OK;
}

/* Pearson's r of x and y by the two-pass formula; NAN when y is constant
 * (sxx > 0 is checked by the caller). */
static double pearson(const double *x, double mx, double sxx, const double *y, size_t n)
{
    double my = 0;
    for (size_t i = 0; i < n; i++)
        my += y[i];
    my /= (double)n;
    double sxy = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (!(syy > 0))
        return NAN;
    double r = sxy / sqrt(sxx * syy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
}

ax_status ax_pattern_best_match(const double *counts, size_t n, const double *patterns, size_t n_patterns,
                                double *r, size_t *best, ax_error *err)
{
    static const char *call = "ax_pattern_best_match";
    if (!best)
        return ax_error_null(err, call, "best");
    if (!counts)
        return ax_error_null(err, call, "counts");
    if (!patterns)
        return ax_error_null(err, call, "patterns");
    if (n < 2)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = %zu: a correlation needs at least 2 neurons", call, n);
    if (n_patterns == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n_patterns = 0: at least one pattern is needed", call);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(counts[i]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: counts[%zu] is %g: counts must be finite", call, i,
                                    counts[i]);
    for (size_t i = 0; i < n * n_patterns; i++)
        if (!isfinite(patterns[i]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: pattern %zu, value %zu is %g: values must be finite",
                                    call, i / n, i % n, patterns[i]);
    double mx = 0, sxx = 0;
    for (size_t i = 0; i < n; i++)
        mx += counts[i];
    mx /= (double)n;
    for (size_t i = 0; i < n; i++)
        sxx += (counts[i] - mx) * (counts[i] - mx);
    if (!(sxx > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the counts are constant (all %g): their correlation with "
                                "a pattern is undefined", call, counts[0]);
    size_t arg = 0;
    double top = -INFINITY;
    for (size_t k = 0; k < n_patterns; k++) {
        double rk = pearson(counts, mx, sxx, patterns + k * n, n);
        if (r)
            r[k] = rk;
        if (!isnan(rk) && rk > top)
            top = rk, arg = k;
    }
    if (isinf(top))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: all %zu patterns are constant: no correlation is defined",
                                call, n_patterns);
    *best = arg;
    ax_error_ok(err);
    return AX_OK;
}
