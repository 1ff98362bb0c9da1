/*
 * distance_spike_lanes.c - the SPIKE-distance averaged over an interval,
 * for AX_DIST_LANES pairs of trains at once, in lockstep.
 *
 * One pair's sweep is a merge of two trains: at every merged spike the
 * train whose spike comes first passes it.  Which one passes is a coin toss
 * for the processor, and a sweep of one pair at a time spends most of its
 * time recovering from mispredicted branches (it ran at the speed of
 * PySpike's compiled sweep).  Here each lane of a vector holds one pair;
 * every lane takes one merge step per iteration, and the choice of the
 * passing train is a mask, not a branch.  Lanes are independent: a pair's
 * value does not depend on which pairs share its vector, so the matrix and
 * the single-pair call give the same bits.
 *
 * The algebra (Kreuz et al. 2013 as PySpike 0.7 computes it, see
 * distance_spike.c for the profile and its edge rules).  Each train is the
 * sequence of points q[0] = aux0, q[1..n] = spikes, q[n+1] = aux1.  At time
 * t in x's interval [q_k, q_k+1] of length I_x, x's spike-time difference
 * s_x(t) interpolates linearly between D_x[k] and D_x[k+1], the distances
 * of those points to the nearest point of y (D at aux0 and aux1 is that of
 * the neighbouring spike: "Eero's correction"), and
 *     S(t) = 2 (s_x I_y^2 + s_y I_x^2) / (I_x I_y (I_x + I_y)^2).
 * On a piece [u, v] between two merged points everything but s_x, s_y is
 * constant, so the integral is linear in the four D values at the ends of
 * the current intervals.  A train's weights on D_x[k] and D_x[k+1] are
 * summed while its interval lasts and multiplied out when it passes
 * q_k+1, which is exactly when D_x[k+1] becomes known (the other train's
 * points around it are then its last passed and its next): one sweep, no
 * search for nearest spikes, one division per piece.  Pieces are clipped
 * to [a, b], the interval averaged over.
 */
#include <float.h>
#include <math.h>

#include "analysis/analysis.h"

typedef double lane_d __attribute__((vector_size(8 * AX_DIST_LANES)));
typedef long long lane_i __attribute__((vector_size(8 * AX_DIST_LANES)));

static inline lane_d pick(lane_i m, lane_d a, lane_d b) { return (lane_d)((m & (lane_i)a) | (~m & (lane_i)b)); }
static inline lane_d lane_min(lane_d a, lane_d b) { return pick(a < b, a, b); }
static inline lane_d lane_max(lane_d a, lane_d b) { return pick(a > b, a, b); }

size_t ax_dist_points_size(ax_dist_train x) { return (x.n ? x.n : 2) + 5; }

/* An empty train is taken as spikes at t0 and t1 (PySpike's rule); three
 * sentinels follow aux1 so that a lane may read ahead of a finished train.
 * DBL_MAX rather than infinity: the lengths and products that involve a
 * sentinel stay finite, so a weight of 0 keeps them at 0, never NaN. */
ax_dist_points ax_dist_points_make(ax_dist_train x, double t0, double t1, double *q)
{
    const double empty[2] = {t0, t1};
    const double *t = x.n ? x.t : empty;
    size_t n = x.n ? x.n : 2;
    q[0] = n > 1 ? fmin(t0, 2 * t[0] - t[1]) : t0;
    for (size_t k = 0; k < n; k++)
        q[k + 1] = t[k];
    q[n + 1] = n > 1 ? fmax(t1, 2 * t[n - 1] - t[n - 2]) : t1;
    q[n + 2] = q[n + 3] = q[n + 4] = DBL_MAX;
    return (ax_dist_points){q, (long long)n};
}

/* The distance from u to the nearest of o's points (o sorted: the
 * distances fall, then rise). */
static double nearest_point(double u, ax_dist_points o)
{
    double d = fabs(u - o.q[0]);
    for (long long k = 1; k <= o.n + 1; k++) {
        double e = fabs(o.q[k] - u);
        if (e > d)
            break;
        d = e;
    }
    return d;
}

void ax_dist_spike_lanes(const ax_dist_points *x, const ax_dist_points *y, int used, double a, double b, double *out)
{
    const double *qx[AX_DIST_LANES], *qy[AX_DIST_LANES];
    lane_d xp, xc, xn, yp, yc, yn, zero = {0}, va, vb;
    lane_d dx, dy;   /* the spike-time difference at each train's last passed point */
    lane_i ix, iy, x_end, y_end, left;
    long long most = 0;
    for (int l = 0; l < AX_DIST_LANES; l++) {
        int k = l < used ? l : 0;   /* unused lanes repeat lane 0 and never pass */
        qx[l] = x[k].q, qy[l] = y[k].q;
        xp[l] = qx[l][0], xc[l] = qx[l][1], xn[l] = qx[l][2];
        yp[l] = qy[l][0], yc[l] = qy[l][1], yn[l] = qy[l][2];
        ix[l] = iy[l] = 1;
        /* at aux0 that of the first spike */
        dx[l] = nearest_point(qx[l][1], y[k]), dy[l] = nearest_point(qy[l][1], x[k]);
        x_end[l] = x[k].n + 1, y_end[l] = y[k].n + 1;
        left[l] = l < used ? x[k].n + y[k].n + 2 : 0;   /* every point after aux0 passes once */
        most = left[l] > most ? left[l] : most;
        va[l] = a, vb[l] = b;
    }
    lane_d last = va, wx_lo = zero, wx_hi = zero, wy_lo = zero, wy_hi = zero, sum = zero;
    for (long long s = 0; s < most; s++) {
        lane_i active = left > 0, x_first = xc <= yc;   /* equal times: x passes first, then y */
        lane_i x_pass = x_first & active, y_pass = ~x_first & active;
        /* the piece from the last merged point to this one, clipped to [a, b] */
        lane_d now = lane_min(lane_max(pick(x_first, xc, yc), va), vb);
        lane_d len = now - last, mid = 0.5 * (last + now);
        lane_d ix_len = xc - xp, iy_len = yc - yp, both = ix_len + iy_len;
        /* a piece of length 0 (equal spikes, outside [a, b]) weighs nothing, even where 0/0 */
        lane_d r = pick(len > 0, 2.0 * len / (ix_len * iy_len * both * both), zero);
        lane_d cx = r * iy_len * iy_len, cy = r * ix_len * ix_len;
        wx_lo += cx * (xc - mid);
        wx_hi += cx * (mid - xp);
        wy_lo += cy * (yc - mid);
        wy_hi += cy * (mid - yp);
        last = now;
        /* the passing point's distance to the other train's points around it */
        lane_d dx_new = pick(ix == x_end, dx, lane_min(xc - yp, yc - xc));
        lane_d dy_new = pick(iy == y_end, dy, lane_min(yc - xp, xc - yc));
        sum += pick(x_pass, dx * wx_lo + dx_new * wx_hi, zero);
        sum += pick(y_pass, dy * wy_lo + dy_new * wy_hi, zero);
        dx = pick(x_pass, dx_new, dx);
        dy = pick(y_pass, dy_new, dy);
        wx_lo = pick(x_pass, zero, wx_lo);
        wx_hi = pick(x_pass, zero, wx_hi);
        wy_lo = pick(y_pass, zero, wy_lo);
        wy_hi = pick(y_pass, zero, wy_hi);
        xp = pick(x_pass, xc, xp);
        xc = pick(x_pass, xn, xc);
        yp = pick(y_pass, yc, yp);
        yc = pick(y_pass, yn, yc);
        ix -= x_pass;   /* masks are -1 */
        iy -= y_pass;
        lane_d x_ahead, y_ahead;
        for (int l = 0; l < AX_DIST_LANES; l++) {
            x_ahead[l] = qx[l][ix[l] + 1];
            y_ahead[l] = qy[l][iy[l] + 1];
        }
        xn = pick(x_pass, x_ahead, xn);
        yn = pick(y_pass, y_ahead, yn);
        left += active;
    }
    for (int l = 0; l < used; l++)
        out[l] = sum[l] / (b - a);
}
