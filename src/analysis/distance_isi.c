/*
 * distance_isi.c - the ISI-distance and its profile (Kreuz et al. 2007), as
 * PySpike 0.7 defines them, edge corrections included.
 *
 * One sweep over the merged spikes of both trains yields the profile piece
 * by piece; the distance averages the pieces as they come (no array), the
 * profile call stores them.  The pieces and the order in which they are
 * summed are PySpike's, so the two agree to rounding.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

/* Where the pieces go: summed over [a, b], and stored when x is not NULL. */
typedef struct isi_sink {
    double a, b, sum;
    double *x, *y;   /* x[0] = t_start is set by the caller; n pieces so far */
    size_t n;
} isi_sink;

static inline void piece(isi_sink *k, double x0, double x1, double y)
{
    if (k->x) {
        k->y[k->n] = y;
        k->x[k->n + 1] = x1;
    }
    k->n++;
    double lo = x0 > k->a ? x0 : k->a, hi = x1 < k->b ? x1 : k->b;
    if (hi > lo)
        k->sum += y * (hi - lo);
}

/* |nu_x - nu_y| / max: 0/0 (two intervals of length 0, which only equal
 * times or a last spike at t_stop make) is 0, not NaN. */
static inline double isi_ratio(double nu1, double nu2)
{
    double m = fmax(nu1, nu2);
    return m > 0 ? fabs(nu1 - nu2) / m : 0.0;
}

/* The interval of train x that starts at its spike k (k = -1: before the
 * first), with PySpike's corrections at both ends. */
static inline double isi_after(const double *x, size_t n, ptrdiff_t k, double t0, double t1)
{
    if (k < 0)
        return n > 1 ? fmax(x[0] - t0, x[1] - x[0]) : x[0] - t0;
    if ((size_t)k + 1 < n)
        return x[k + 1] - x[k];
    return n > 1 ? fmax(t1 - x[n - 1], x[n - 1] - x[n - 2]) : t1 - x[n - 1];
}

static void isi_sweep(ax_dist_train X, ax_dist_train Y, double t0, double t1, isi_sink *k)
{
    /* an empty train counts as spikes at both ends (PySpike's get_spikes_non_empty) */
    double ex[2] = {t0, t1}, ey[2] = {t0, t1};
    const double *x = X.n ? X.t : ex, *y = Y.n ? Y.t : ey;
    size_t n1 = X.n ? X.n : 2, n2 = Y.n ? Y.n : 2;
    /* a spike at t_start opens the first interval itself */
    ptrdiff_t i = x[0] > t0 ? -1 : 0, j = y[0] > t0 ? -1 : 0;
    double nu1 = isi_after(x, n1, i, t0, t1), nu2 = isi_after(y, n2, j, t0, t1);
    double last = t0, cur = isi_ratio(nu1, nu2);
    const ptrdiff_t last1 = (ptrdiff_t)n1 - 1, last2 = (ptrdiff_t)n2 - 1;
    while (i + j < last1 + last2) {
        double t;
        if (i < last1 && (j == last2 || x[i + 1] < y[j + 1])) {
            t = x[++i];
            nu1 = isi_after(x, n1, i, t0, t1);
        } else if (j < last2 && (i == last1 || x[i + 1] > y[j + 1])) {
            t = y[++j];
            nu2 = isi_after(y, n2, j, t0, t1);
        } else {
            t = x[++i];
            ++j;
            nu1 = isi_after(x, n1, i, t0, t1);
            nu2 = isi_after(y, n2, j, t0, t1);
        }
        piece(k, last, t, cur);
        cur = isi_ratio(nu1, nu2);
        last = t;
    }
    if (last != t1)   /* a piece that would start at t_stop has no length: PySpike drops it */
        piece(k, last, t1, cur);
}

double ax_dist_isi(ax_dist_train x, ax_dist_train y, double t0, double t1, double a, double b)
{
    isi_sink k = {a, b, 0.0, NULL, NULL, 0};
    isi_sweep(x, y, t0, t1, &k);
    return k.sum / (b - a);
}

ax_status ax_spike_distance_isi(const ax_spike_trains *trains, size_t i, size_t j, const double *interval_ms,
                                double *distance, ax_error *err)
{
    static const char *call = "ax_spike_distance_isi";
    if (!distance)
        return ax_error_null(err, call, "distance");
    *distance = 0.0;
    double ab[2];
    ax_status st = ax_dist_check_pair(trains, i, j, call, err);
    if (st == AX_OK)
        st = ax_dist_check_interval(trains, interval_ms, ab, call, err);
    if (st != AX_OK)
        return st;
    *distance = ax_dist_isi(ax_dist_train_of(trains, i), ax_dist_train_of(trains, j), trains->t_start,
                            trains->t_stop, ab[0], ab[1]);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_distance_isi_profile(const ax_spike_trains *trains, size_t i, size_t j, size_t *n_pieces,
                                        double **breaks_ms, double **values, ax_error *err)
{
    static const char *call = "ax_spike_distance_isi_profile";
    if (!n_pieces)
        return ax_error_null(err, call, "n_pieces");
    if (!breaks_ms)
        return ax_error_null(err, call, "breaks_ms");
    if (!values)
        return ax_error_null(err, call, "values");
    *n_pieces = 0;
    *breaks_ms = *values = NULL;
    ax_status st = ax_dist_check_pair(trains, i, j, call, err);
    if (st != AX_OK)
        return st;
    ax_dist_train x = ax_dist_train_of(trains, i), y = ax_dist_train_of(trains, j);
    size_t most = (x.n ? x.n : 2) + (y.n ? y.n : 2) + 1;   /* one piece per spike, one more */
    double *bx = malloc((most + 1) * sizeof *bx), *by = malloc(most * sizeof *by);
    if (!bx || !by) {
        free(bx);
        free(by);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for a profile of %zu pieces", call, most);
    }
    bx[0] = trains->t_start;
    isi_sink k = {trains->t_start, trains->t_stop, 0.0, bx, by, 0};
    isi_sweep(x, y, trains->t_start, trains->t_stop, &k);
    *n_pieces = k.n;
    *breaks_ms = bx;
    *values = by;
    ax_error_ok(err);
    return AX_OK;
}
