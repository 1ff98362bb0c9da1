/*
 * wasserstein.c - the 1-D Wasserstein (earth mover's) distance between two
 * weighted samples, as scipy.stats.wasserstein_distance.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

typedef struct weighted {
    double value, weight;
} weighted;

static int by_value(const void *a, const void *b)
{
    double x = ((const weighted *)a)->value, y = ((const weighted *)b)->value;
    return (x > y) - (x < y);
}

/* Checks one sample and makes its sorted (value, weight) pairs and the
 * cumulative weights cum[0..n] (cum[0] = 0). */
static ax_status prepare(const double *x, const double *w, size_t n, const char *name, const char *wname,
                         weighted **pairs, double **cum, ax_error *err)
{
    static const char *call = "ax_stats_wasserstein_distance";
    if (!x)
        return ax_error_null(err, call, name);
    if (n == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the sample '%s' is empty: at least one value is needed",
                                call, name);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s[%zu] is %g: the values must be finite", call, name,
                                    i, x[i]);
        if (w && (!isfinite(w[i]) || w[i] < 0))
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s[%zu] is %g: weights must be finite and >= 0",
                                    call, wname, i, w[i]);
    }
    *pairs = malloc(n * sizeof **pairs);
    *cum = malloc((n + 1) * sizeof **cum);
    if (!*pairs || !*cum)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu values", call, n);
    for (size_t i = 0; i < n; i++)
        (*pairs)[i] = (weighted){x[i], w ? w[i] : 1.0};
    qsort(*pairs, n, sizeof **pairs, by_value);
    (*cum)[0] = 0;
    for (size_t i = 0; i < n; i++)
        (*cum)[i + 1] = (*cum)[i] + (*pairs)[i].weight;
    if (!((*cum)[n] > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the weights of '%s' are all 0: at least one must be > 0",
                                call, name);
    if (!isfinite((*cum)[n]))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the weights of '%s' sum to infinity", call, name);
    return AX_OK;
}

ax_status ax_stats_wasserstein_distance(const double *u, const double *u_weights, size_t n_u, const double *v,
                                        const double *v_weights, size_t n_v, double *out, ax_error *err)
{
    if (!out)
        return ax_error_null(err, "ax_stats_wasserstein_distance", "out");
    weighted *pu = NULL, *pv = NULL;
    double *cu = NULL, *cv = NULL;
    ax_status st = prepare(u, u_weights, n_u, "u", "u_weights", &pu, &cu, err);
    if (!st)
        st = prepare(v, v_weights, n_v, "v", "v_weights", &pv, &cv, err);
    if (!st) {
        /* Between consecutive pooled values x_k < x_{k+1} the CDFs are constant: U = cu[#u <= x_k] / cu[n_u]. */
        double dist = 0, x = fmin(pu[0].value, pv[0].value);
        size_t iu = 0, iv = 0;
        while (iu < n_u || iv < n_v) {
            while (iu < n_u && pu[iu].value <= x)
                iu++;
            while (iv < n_v && pv[iv].value <= x)
                iv++;
            if (iu == n_u && iv == n_v)
                break;
            double next = iu == n_u ? pv[iv].value : iv == n_v ? pu[iu].value : fmin(pu[iu].value, pv[iv].value);
            dist += fabs(cu[iu] / cu[n_u] - cv[iv] / cv[n_v]) * (next - x);
            x = next;
        }
        *out = dist;
        ax_error_ok(err);
    }
    free(pu), free(pv), free(cu), free(cv);
    return st;
}
