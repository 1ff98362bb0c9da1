/*
 * distance_matrix.c - the measures of spike-train distance between every two
 * trains of a view, and their multivariate averages.
 *
 * Rows are shared among the threads (dynamically: row i has n - 1 - i
 * pairs); every entry is computed by one thread alone and the multivariate
 * sums add per-row sums in row order, so nothing depends on the thread
 * count.  Victor-Purpura needs scratch: one row per thread, allocated once,
 * never per pair.  The SPIKE-distance takes a row's pairs AX_DIST_LANES at
 * a time (distance_spike_lanes.c) from every train's points, made once.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

typedef struct job {
    const ax_spike_trains *s;
    ax_spike_distance_measure measure;
    ax_spike_distance_options o;
    double ab[2];
} job;

/* The pair's value; for SYNC also its counts (the multivariate sum needs them). */
static inline double pair_value(const job *jb, size_t i, size_t j, double *row, double *c, double *mp)
{
    ax_dist_train x = ax_dist_train_of(jb->s, i), y = ax_dist_train_of(jb->s, j);
    double t0 = jb->s->t_start, t1 = jb->s->t_stop;
    switch (jb->measure) {
    case AX_SPIKE_DISTANCE_ISI:
        return ax_dist_isi(x, y, t0, t1, jb->ab[0], jb->ab[1]);
    case AX_SPIKE_DISTANCE_SPIKE:   /* by spike_row */
        return 0.0;
    case AX_SPIKE_DISTANCE_SYNC:
        ax_dist_sync_counts(x, y, t0, t1, jb->o.interval_ms ? jb->ab : NULL, jb->o.max_tau_ms, c, mp);
        return *mp > 0 ? *c / *mp : 1.0;
    case AX_SPIKE_DISTANCE_VICTOR_PURPURA:
        return ax_dist_victor_purpura(x, y, jb->o.q_per_ms, row);
    case AX_SPIKE_DISTANCE_VAN_ROSSUM:
        return ax_dist_van_rossum(x, y, jb->o.tau_ms);
    }
    return 0.0;
}

static const char *measure_name(ax_spike_distance_measure m)
{
    static const char *names[] = {"ISI", "SPIKE", "SYNC", "VICTOR_PURPURA", "VAN_ROSSUM"};
    return (unsigned)m < 5 ? names[m] : "?";
}

/* Checks the view (all of it), the measure and what it needs. */
static ax_status prepare(job *jb, const ax_spike_trains *s, ax_spike_distance_measure m,
                         const ax_spike_distance_options *o, size_t min_trains, const char *call, ax_error *err)
{
    ax_status st = ax_spike_trains_check(s, call, err);
    if (st != AX_OK)
        return st;
    if (s->n_trains < min_trains)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the view has %zu trains: at least %zu are needed", call,
                                s->n_trains, min_trains);
    if ((unsigned)m > AX_SPIKE_DISTANCE_VAN_ROSSUM)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: measure %d is not one of AX_SPIKE_DISTANCE_ISI .. AX_SPIKE_DISTANCE_VAN_ROSSUM "
                                "(0 .. 4)", call, (int)m);
    static const ax_spike_distance_options none = {NULL, 0.0, 0.0, 0.0};
    if (!o && (m == AX_SPIKE_DISTANCE_VICTOR_PURPURA || m == AX_SPIKE_DISTANCE_VAN_ROSSUM))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the argument 'options' is NULL: the measure %s needs %s",
                                call, measure_name(m), m == AX_SPIKE_DISTANCE_VAN_ROSSUM ? "tau_ms" : "q_per_ms");
    jb->s = s;
    jb->measure = m;
    jb->o = o ? *o : none;
    st = ax_dist_check_interval(s, jb->o.interval_ms, jb->ab, call, err);
    if (st != AX_OK)
        return st;
    if (m == AX_SPIKE_DISTANCE_SYNC && (!(jb->o.max_tau_ms >= 0) || !isfinite(jb->o.max_tau_ms)))
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: options->max_tau_ms = %g is not allowed: >= 0 and finite (0: no bound)", call,
                                jb->o.max_tau_ms);
    if (m == AX_SPIKE_DISTANCE_VICTOR_PURPURA && (!(jb->o.q_per_ms >= 0) || !isfinite(jb->o.q_per_ms)))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: options->q_per_ms = %g is not allowed: >= 0 and finite",
                                call, jb->o.q_per_ms);
    if (m == AX_SPIKE_DISTANCE_VAN_ROSSUM && (!(jb->o.tau_ms > 0) || !isfinite(jb->o.tau_ms)))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: options->tau_ms = %g is not allowed: > 0 and finite",
                                call, jb->o.tau_ms);
    return AX_OK;
}

/* Every train's points for the SPIKE-distance, in one block (*block, to
 * free); NULL when out of memory. */
static ax_dist_points *spike_points(const ax_spike_trains *s, double **block)
{
    size_t n = s->n_trains, total = 0;
    for (size_t k = 0; k < n; k++)
        total += ax_dist_points_size(ax_dist_train_of(s, k));
    ax_dist_points *p = malloc(n * sizeof *p);
    double *q = malloc(total * sizeof *q);
    if (!p || !q) {
        free(p);
        free(q);
        return NULL;
    }
    *block = q;
    for (size_t k = 0; k < n; k++) {
        ax_dist_train t = ax_dist_train_of(s, k);
        p[k] = ax_dist_points_make(t, s->t_start, s->t_stop, q);
        q += ax_dist_points_size(t);
    }
    return p;
}

/* Row i of the SPIKE-distance: v[j] for j in (i, n). */
static void spike_row(const job *jb, const ax_dist_points *p, size_t i, double *v)
{
    size_t n = jb->s->n_trains;
    ax_dist_points x[AX_DIST_LANES];
    for (int l = 0; l < AX_DIST_LANES; l++)
        x[l] = p[i];
    for (size_t j = i + 1; j < n; j += AX_DIST_LANES) {
        int used = n - j < AX_DIST_LANES ? (int)(n - j) : AX_DIST_LANES;
        ax_dist_spike_lanes(x, p + j, used, jb->ab[0], jb->ab[1], v + j);
    }
}

/* Every pair i < j: into matrix (when not NULL) and the per-row sums of
 * the values (and of SYNC's counts). Returns 0, or -1 when out of memory. */
static int all_pairs(const job *jb, double *matrix, double *row_sum, double *row_c, double *row_mp)
{
    const ax_spike_trains *s = jb->s;
    size_t n = s->n_trains, longest = 0;
    for (size_t k = 0; k < n; k++)
        if (s->offsets[k + 1] - s->offsets[k] > longest)
            longest = s->offsets[k + 1] - s->offsets[k];
    int failed = 0;
    int vp = jb->measure == AX_SPIKE_DISTANCE_VICTOR_PURPURA, spike = jb->measure == AX_SPIKE_DISTANCE_SPIKE;
    double *block = NULL;
    ax_dist_points *points = spike ? spike_points(s, &block) : NULL;
    if (spike && !points)
        return -1;
#pragma omp parallel
    {
        double *row = vp ? malloc((longest + 1) * sizeof *row) : spike ? malloc(n * sizeof *row) : NULL;
        if ((vp || spike) && !row) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t i = 0; i < n; i++) {
            int stop;
#pragma omp atomic read
            stop = failed;
            if (stop)
                continue;
            double sum = 0.0, csum = 0.0, mpsum = 0.0;
            if (spike)
                spike_row(jb, points, i, row);
            for (size_t j = i + 1; j < n; j++) {
                double c = 0.0, mp = 0.0, v = spike ? row[j] : pair_value(jb, i, j, row, &c, &mp);
                if (matrix)
                    matrix[i * n + j] = matrix[j * n + i] = v;
                sum += v;
                csum += c;
                mpsum += mp;
            }
            if (row_sum) {
                row_sum[i] = sum;
                row_c[i] = csum;
                row_mp[i] = mpsum;
            }
        }
        free(row);
    }
    free(points);
    free(block);
    return failed ? -1 : 0;
}

ax_status ax_spike_distance_matrix(const ax_spike_trains *trains, ax_spike_distance_measure measure,
                                   const ax_spike_distance_options *options, double *matrix, ax_error *err)
{
    static const char *call = "ax_spike_distance_matrix";
    if (!matrix)
        return ax_error_null(err, call, "matrix");
    job jb;
    ax_status st = prepare(&jb, trains, measure, options, 1, call, err);
    if (st != AX_OK)
        return st;
    size_t n = trains->n_trains;
    for (size_t k = 0; k < n; k++)
        matrix[k * n + k] = measure == AX_SPIKE_DISTANCE_SYNC ? 1.0 : 0.0;
    if (all_pairs(&jb, matrix, NULL, NULL, NULL) != 0)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the rows of the matrix", call);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_distance_multi(const ax_spike_trains *trains, ax_spike_distance_measure measure,
                                  const ax_spike_distance_options *options, double *value, ax_error *err)
{
    static const char *call = "ax_spike_distance_multi";
    if (!value)
        return ax_error_null(err, call, "value");
    *value = 0.0;
    job jb;
    ax_status st = prepare(&jb, trains, measure, options, 2, call, err);
    if (st != AX_OK)
        return st;
    size_t n = trains->n_trains;
    double *sums = malloc(3 * n * sizeof *sums);
    if (!sums)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu row sums", call, 3 * n);
    if (all_pairs(&jb, NULL, sums, sums + n, sums + 2 * n) != 0) {
        free(sums);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for the rows of the matrix", call);
    }
    double total = 0.0, c = 0.0, mp = 0.0;
    for (size_t i = 0; i < n; i++) {
        total += sums[i];
        c += sums[n + i];
        mp += sums[2 * n + i];
    }
    free(sums);
    if (measure == AX_SPIKE_DISTANCE_SYNC)
        *value = mp > 0 ? c / mp : 1.0;
    else
        *value = total / ((double)n * (double)(n - 1) / 2.0);
    ax_error_ok(err);
    return AX_OK;
}
