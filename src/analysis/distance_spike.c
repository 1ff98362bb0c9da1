/*
 * distance_spike.c - the SPIKE-distance and its profile (Kreuz et al. 2013),
 * as PySpike 0.7 defines them: auxiliary spikes at the edges, the first and
 * last interspike intervals corrected as for the ISI-distance, and the
 * spike-time differences at the edges left as they are ("Eero's
 * correction" in PySpike's source).
 *
 * The profile is linear between the merged spikes of both trains.  At a
 * spike of train x the local dissimilarity is
 *     S = (s_x isi_y + s_y isi_x) / (0.5 (isi_x + isi_y)^2),
 * where s_x interpolates, along x's current interspike interval, the
 * distances dt_p and dt_f of its preceding and following spike to the
 * nearest spike of y (auxiliary spikes included).  One sweep gives the
 * pieces of the profile; the distance itself, the profile's average, is
 * computed without them, several pairs at once (distance_spike_lanes.c).
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

/* One train during the sweep. */
typedef struct side {
    const double *t;
    ptrdiff_t n, k;       /* k: the last spike passed (-1: none yet) */
    double aux0, aux1;    /* auxiliary spikes before and after */
    double tp, tf;        /* preceding and following spike of the current interval */
    double dtp, dtf;      /* their distances to the nearest spike of the other train */
    double isi;
} side;

/* Where the profile's pieces go: piece k runs from x[k] to x[k + 1], from y1[k] to y2[k]. */
typedef struct spike_sink {
    double *x, *y1, *y2;
    size_t n;
} spike_sink;

static inline void piece(spike_sink *k, double x1, double y0, double y1)
{
    k->y1[k->n] = y0;
    k->y2[k->n] = y1;
    k->x[k->n + 1] = x1;
    k->n++;
}

/* The distance from u to the nearest of the other train's spikes and
 * auxiliary spikes.  The spikes before `from` are farther (they precede
 * the current time), and the distances fall then rise along the train. */
static inline double nearest(double u, const side *o, ptrdiff_t from)
{
    double d = fabs(u - o->aux0);
    for (ptrdiff_t k = from < 0 ? 0 : from; k < o->n; k++) {
        double e = fabs(u - o->t[k]);
        if (e > d)
            return d;
        d = e;
    }
    double e = fabs(o->aux1 - u);
    return e > d ? d : e;
}

/* 0/0 (intervals of length 0: equal times within a train) is 0, not NaN. */
static inline double quotient(double num, double den) { return den > 0 ? num / den : 0.0; }

static inline double dissimilarity(double s1, double isi1, double s2, double isi2)
{
    double m = isi1 + isi2;
    return quotient(s1 * isi2 + s2 * isi1, 0.5 * m * m);
}

/* The interval after the last spike: max(t_stop - last, last ISI). */
static inline double last_isi(const side *s, double t1)
{
    return s->n > 1 ? fmax(t1 - s->t[s->n - 1], s->t[s->n - 1] - s->t[s->n - 2]) : t1 - s->t[s->n - 1];
}

static void start(side *s, const side *o, double t0, double t1)
{
    const double *t = s->t;
    s->tp = t[0] == t0 ? t0 : s->aux0;
    if (t[0] > t0) {
        s->k = -1;
        s->tf = t[0];
        s->dtf = s->dtp = nearest(s->tf, o, 0);
        s->isi = s->n > 1 ? fmax(t[0] - t0, t[1] - t[0]) : t[0] - t0;
    } else {
        s->k = 0;
        s->tf = s->n > 1 ? t[1] : t1;
        s->dtf = nearest(s->tf, o, 0);
        s->dtp = nearest(s->tp, o, 0);
        s->isi = s->tf - t[0];
    }
}

/* Train s passes its next spike (the earlier of both): closes the piece at
 * that spike and returns the value the next piece starts with. */
static inline double pass(side *s, const side *o, double t1, double *s_o, double *y_end)
{
    s->k++;
    double s_s = quotient(s->dtf * (s->tf - s->tp), s->isi);
    s->dtp = s->dtf;
    s->tp = s->tf;
    s->tf = s->k < s->n - 1 ? s->t[s->k + 1] : s->aux1;
    *s_o = quotient(o->dtp * (o->tf - s->tp) + o->dtf * (s->tp - o->tp), o->isi);
    *y_end = dissimilarity(s_s, s->isi, *s_o, o->isi);
    if (s->k < s->n - 1) {
        s->dtf = nearest(s->tf, o, o->k);
        s->isi = s->tf - s->tp;
    } else {
        s->dtf = s->dtp;
        s->isi = last_isi(s, t1);
    }
    return dissimilarity(s->dtp, s->isi, *s_o, o->isi);
}

/* Both trains pass equal spikes: the profile is 0 there. */
static inline void pass_both(side *s, side *o, double t1)
{
    s->k++, o->k++;
    s->tp = s->tf, o->tp = o->tf;
    s->dtp = o->dtp = 0.0;
    side *both[2] = {s, o};
    for (int w = 0; w < 2; w++) {
        side *a = both[w], *b = both[1 - w];
        if (a->k < a->n - 1) {
            a->tf = a->t[a->k + 1];
            a->dtf = nearest(a->tf, b, b->k);
            a->isi = a->tf - a->tp;
        } else {
            a->tf = a->aux1;
            a->dtf = a->dtp;
            a->isi = last_isi(a, t1);
        }
    }
}

static void spike_sweep(ax_dist_train X, ax_dist_train Y, double t0, double t1, spike_sink *k)
{
    double ex[2] = {t0, t1}, ey[2] = {t0, t1};
    side s1 = {.t = X.n ? X.t : ex, .n = X.n ? (ptrdiff_t)X.n : 2};
    side s2 = {.t = Y.n ? Y.t : ey, .n = Y.n ? (ptrdiff_t)Y.n : 2};
    side *both[2] = {&s1, &s2};
    for (int w = 0; w < 2; w++) {
        side *s = both[w];
        s->aux0 = s->n > 1 ? fmin(t0, 2 * s->t[0] - s->t[1]) : t0;
        s->aux1 = s->n > 1 ? fmax(t1, 2 * s->t[s->n - 1] - s->t[s->n - 2]) : t1;
    }
    start(&s1, &s2, t0, t1);
    start(&s2, &s1, t0, t1);
    double y_start = dissimilarity(s1.dtp, s1.isi, s2.dtp, s2.isi), last = t0;
    while (s1.k + s2.k < s1.n + s2.n - 2) {
        double y_end, s_o, now;
        if (s1.k < s1.n - 1 && (s1.tf < s2.tf || s2.k == s2.n - 1)) {
            now = s1.tf;
            double next = pass(&s1, &s2, t1, &s_o, &y_end);
            piece(k, now, y_start, y_end);
            y_start = next;
        } else if (s2.k < s2.n - 1 && (s1.tf > s2.tf || s1.k == s1.n - 1)) {
            now = s2.tf;
            double next = pass(&s2, &s1, t1, &s_o, &y_end);
            piece(k, now, y_start, y_end);
            y_start = next;
        } else {
            now = s1.tf;
            piece(k, now, y_start, 0.0);
            y_start = 0.0;
            pass_both(&s1, &s2, t1);
        }
        last = now;
    }
    if (last != t1)   /* as PySpike's profile: no piece of length 0 at t_stop */
        piece(k, t1, y_start, dissimilarity(s1.dtf, s1.isi, s2.dtf, s2.isi));
}

ax_status ax_spike_distance_spike(const ax_spike_trains *trains, size_t i, size_t j, const double *interval_ms,
                                  double *distance, ax_error *err)
{
    static const char *call = "ax_spike_distance_spike";
    if (!distance)
        return ax_error_null(err, call, "distance");
    *distance = 0.0;
    double ab[2];
    ax_status st = ax_dist_check_pair(trains, i, j, call, err);
    if (st == AX_OK)
        st = ax_dist_check_interval(trains, interval_ms, ab, call, err);
    if (st != AX_OK)
        return st;
    ax_dist_train x = ax_dist_train_of(trains, i), y = ax_dist_train_of(trains, j);
    size_t nx = ax_dist_points_size(x), ny = ax_dist_points_size(y);
    double *q = malloc((nx + ny) * sizeof *q);
    if (!q)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu spike times", call, nx + ny);
    ax_dist_points px = ax_dist_points_make(x, trains->t_start, trains->t_stop, q);
    ax_dist_points py = ax_dist_points_make(y, trains->t_start, trains->t_stop, q + nx);
    ax_dist_spike_lanes(&px, &py, 1, ab[0], ab[1], distance);
    free(q);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_distance_spike_profile(const ax_spike_trains *trains, size_t i, size_t j, size_t *n_pieces,
                                          double **breaks_ms, double **left, double **right, ax_error *err)
{
    static const char *call = "ax_spike_distance_spike_profile";
    if (!n_pieces)
        return ax_error_null(err, call, "n_pieces");
    if (!breaks_ms)
        return ax_error_null(err, call, "breaks_ms");
    if (!left)
        return ax_error_null(err, call, "left");
    if (!right)
        return ax_error_null(err, call, "right");
    *n_pieces = 0;
    *breaks_ms = *left = *right = NULL;
    ax_status st = ax_dist_check_pair(trains, i, j, call, err);
    if (st != AX_OK)
        return st;
    ax_dist_train x = ax_dist_train_of(trains, i), y = ax_dist_train_of(trains, j);
    size_t most = (x.n ? x.n : 2) + (y.n ? y.n : 2) + 1;
    double *bx = malloc((most + 1) * sizeof *bx), *l = malloc(most * sizeof *l), *r = malloc(most * sizeof *r);
    if (!bx || !l || !r) {
        free(bx);
        free(l);
        free(r);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for a profile of %zu pieces", call, most);
    }
    bx[0] = trains->t_start;
    spike_sink k = {bx, l, r, 0};
    spike_sweep(x, y, trains->t_start, trains->t_stop, &k);
    *n_pieces = k.n;
    *breaks_ms = bx;
    *left = l;
    *right = r;
    ax_error_ok(err);
    return AX_OK;
}
