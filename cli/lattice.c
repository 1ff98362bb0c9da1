/*
 * lattice.c - positions, values per neuron and connection lists from an
 * output folder (lattice.h), each file read row by row through io/table.h:
 * memory is what the picture needs (a value per neuron, a sample of the
 * synapses), never the size of the recording.
 */
#include "lattice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/table.h"
#include "recordings.h"

static int fail(ax_table *t, char *err, size_t len)
{
    snprintf(err, len, "%s", t->message);
    ax_table_close(t);
    return -1;
}

static int out_of_memory(ax_table *t, const char *path, char *err, size_t len)
{
    snprintf(err, len, "%s: out of memory", path);
    ax_table_close(t);
    return -1;
}

/* ---- positions ---- */

void lattice_free(lattice *l)
{
    free(l->xyz);
    free(l->col);
    free(l->row);
    memset(l, 0, sizeof *l);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The distinct values of axis `axis` sorted into vals (n of them, *m
 * distinct); true when they are evenly spaced (their spacing to *step). */
static bool distinct(const lattice *l, int axis, double *vals, uint32_t *m, double *step)
{
    for (uint32_t i = 0; i < l->n; i++)
        vals[i] = l->xyz[3 * (size_t)i + axis];
    qsort(vals, l->n, sizeof *vals, cmp_double);
    uint32_t k = 0;
    for (uint32_t i = 0; i < l->n; i++)
        if (!k || vals[i] != vals[k - 1])
            vals[k++] = vals[i];
    *m = k;
    *step = k > 1 ? (vals[k - 1] - vals[0]) / (k - 1) : 1;
    /* positions are written with 17 digits: a grid's coordinates are
     * origin + spacing * i to within rounding of that product */
    for (uint32_t i = 1; i < k; i++)
        if (fabs(vals[i] - vals[i - 1] - *step) > 1e-6 * *step)
            return false;
    return true;
}

static uint32_t rank_of(const double *vals, uint32_t m, double v)
{
    const double *hit = bsearch(&v, vals, m, sizeof *vals, cmp_double);
    return hit ? (uint32_t)(hit - vals) : 0;
}

/* A grid when the x and y values are evenly spaced, z is one value, and
 * every (x, y) cell holds exactly one neuron. */
static int find_grid(lattice *l, char *err, size_t len)
{
    double *xs = malloc(l->n * sizeof *xs), *ys = malloc(l->n * sizeof *ys), *zs = malloc(l->n * sizeof *zs);
    l->col = malloc(l->n * sizeof *l->col);
    l->row = malloc(l->n * sizeof *l->row);
    uint8_t *taken = NULL;
    uint32_t nx, ny, nz;
    double dz;
    int status = 0;
    if (!xs || !ys || !zs || !l->col || !l->row) {
        snprintf(err, len, "out of memory");
        status = -1;
        goto done;
    }
    bool even_x = distinct(l, 0, xs, &nx, &l->dx), even_y = distinct(l, 1, ys, &ny, &l->dy);
    distinct(l, 2, zs, &nz, &dz);
    l->flat = nz == 1;
    l->x0 = xs[0], l->x1 = xs[nx - 1], l->y0 = ys[0], l->y1 = ys[ny - 1];
    if (!l->flat || !even_x || !even_y || (uint64_t)nx * ny != l->n)
        goto done;
    taken = calloc(l->n, 1);
    if (!taken) {
        snprintf(err, len, "out of memory");
        status = -1;
        goto done;
    }
    for (uint32_t i = 0; i < l->n; i++) {
        l->col[i] = rank_of(xs, nx, l->xyz[3 * (size_t)i]);
        l->row[i] = rank_of(ys, ny, l->xyz[3 * (size_t)i + 1]);
        uint8_t *cell = &taken[(size_t)l->row[i] * nx + l->col[i]];
        if (*cell)
            goto done;   /* two neurons in one place: dots, not cells */
        *cell = 1;
    }
    l->grid = true;
    l->nx = nx, l->ny = ny;
done:
    free(xs);
    free(ys);
    free(zs);
    free(taken);
    if (!l->grid) {
        free(l->col);
        free(l->row);
        l->col = l->row = NULL;
    }
    return status;
}

int lattice_read(const char *path, const char *pop, uint32_t n, lattice *out, char *err, size_t len)
{
    memset(out, 0, sizeof *out);
    ax_table t;
    if (ax_table_open(&t, path, AX_TABLE_MAX_BYTES, AX_TABLE_HEADER))
        return fail(&t, err, len);
    if (t.n_columns != 3 || strcmp(ax_table_column(&t, 0), "x") || strcmp(ax_table_column(&t, 1), "y") ||
        strcmp(ax_table_column(&t, 2), "z")) {
        ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX,
                      "the header is not 'x,y,z': this is no positions file of axon run (<pop>.positions.csv)");
        return fail(&t, err, len);
    }
    size_t cap = n ? n : 1024;
    out->xyz = malloc(3 * cap * sizeof *out->xyz);
    if (!out->xyz)
        return out_of_memory(&t, path, err, len);
    int r;
    while ((r = ax_table_next(&t)) > 0) {
        if (n && out->n == n) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "more rows than the %u neurons of '%s'", n, pop);
            break;
        }
        if (out->n == cap) {
            double *x = cap < UINT32_MAX / 2 ? realloc(out->xyz, 3 * (cap *= 2) * sizeof *x) : NULL;
            if (!x) {
                lattice_free(out);
                return out_of_memory(&t, path, err, len);
            }
            out->xyz = x;
        }
        double *p = out->xyz + 3 * (size_t)out->n;
        if (ax_table_number(&t, 0, &p[0]) || ax_table_number(&t, 1, &p[1]) || ax_table_number(&t, 2, &p[2]))
            break;
        out->n++;
    }
    if (t.status) {
        lattice_free(out);
        return fail(&t, err, len);
    }
    ax_table_close(&t);
    if (out->n == 0 || (n && out->n != n)) {
        snprintf(err, len, "%s: %u rows of positions; population '%s' has %u neurons (a file of another run?)", path,
                 out->n, pop, n ? n : out->n);
        lattice_free(out);
        return -1;
    }
    if (find_grid(out, err, len)) {
        lattice_free(out);
        return -1;
    }
    return 0;
}

/* ---- spikes ---- */

static int open_spikes(ax_table *t, const char *path, char *err, size_t len)
{
    if (ax_table_open(t, path, AX_TABLE_ANY_SIZE, AX_TABLE_HEADER | AX_TABLE_MAY_BE_CUT))
        return fail(t, err, len);
    if (t->n_columns && (t->n_columns != 2 || strcmp(ax_table_column(t, 0), "time_ms") ||
                         strcmp(ax_table_column(t, 1), "neuron"))) {
        ax_table_fail(t, AX_ERR_ARGUMENT, SIZE_MAX, "the header is not 'time_ms,neuron': this is no spike recording of axon run");
        return fail(t, err, len);
    }
    return 0;
}

int lattice_scan_spikes(const char *path, const char *pop, uint32_t n, lattice_spike_fn fn, void *ctx, char *err,
                        size_t len)
{
    ax_table t;
    if (open_spikes(&t, path, err, len))
        return -1;
    char what[200];
    snprintf(what, sizeof what, "the neurons of '%.100s'", pop);
    double prev = 0;
    int r, stop = 0;
    while (!stop && (r = ax_table_next(&t)) > 0) {
        double time;
        uint32_t id;
        if (ax_table_time(&t, 0, &time) || ax_table_index(&t, 1, n, what, &id))
            return fail(&t, err, len);
        if (time < prev) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, 0, "%s ms is before the previous spike's %g ms: spikes are in time order",
                          ax_table_field(&t, 0), prev);
            return fail(&t, err, len);
        }
        prev = time;
        stop = fn(ctx, time, id);
    }
    if (t.status)
        return fail(&t, err, len);
    ax_table_close(&t);
    return stop;
}

typedef struct count_ctx {
    double t0, t1, *counts;
    uint64_t total;
} count_ctx;

static int count_spike(void *ctx, double t, uint32_t neuron)
{
    count_ctx *c = ctx;
    if (t > c->t1)
        return 1;   /* in time order: nothing later counts */
    if (t > c->t0) {   /* spike times are step ends: (t0, t1] */
        c->counts[neuron] += 1;
        c->total++;
    }
    return 0;
}

int lattice_spike_counts(const char *path, const char *pop, uint32_t n, double t0, double t1, double *counts,
                         uint64_t *total, char *err, size_t len)
{
    memset(counts, 0, n * sizeof *counts);
    count_ctx c = {t0, t1, counts, 0};
    int r = lattice_scan_spikes(path, pop, n, count_spike, &c, err, len);
    *total = c.total;
    return r < 0 ? -1 : 0;
}

/* ---- samples of a state variable ---- */

/* NPY rows to lattice_sample_fn: an NPY file names no neurons, so only a
 * recording of every neuron (column i: neuron i) can be placed. */
typedef struct npy_rows {
    const char *path, *pop;
    uint32_t n;
    lattice_sample_fn fn;
    void *ctx;
    char *err;
    size_t len;
    bool failed;
} npy_rows;

static int npy_row(void *ctx, double time, const double *values, size_t cols)
{
    npy_rows *r = ctx;
    if (cols != r->n) {
        snprintf(r->err, r->len,
                 "%s has %zu columns, population '%s' %u neurons: an NPY recording does not say which neurons it "
                 "holds, so pictures need every neuron (neurons = \"all\") or a CSV recording (format = \"csv\")",
                 r->path, cols, r->pop, r->n);
        r->failed = true;
        return -1;
    }
    int st = r->fn(r->ctx, time, values);
    r->failed = st < 0;
    return st;
}

static int scan_npy(const char *path, const char *pop, uint32_t n, lattice_sample_fn fn, void *ctx,
                    uint32_t *recorded, char *err, size_t len)
{
    char times[4300];
    size_t m = strlen(path);
    snprintf(times, sizeof times, "%.*s.times.npy", (int)(m - 4), path);
    npy_rows r = {path, pop, n, fn, ctx, err, len, false};
    *recorded = n;
    int st = rec_scan_npy(path, times, npy_row, &r, err, len);
    return r.failed ? -1 : st;
}

int lattice_scan_samples(const char *path, const char *pop, uint32_t n, lattice_sample_fn fn, void *ctx,
                         uint32_t *recorded, char *err, size_t len)
{
    ax_table t;
    *recorded = 0;
    size_t m = strlen(path);
    if (m > 4 && !strcmp(path + m - 4, ".npy"))
        return scan_npy(path, pop, n, fn, ctx, recorded, err, len);
    if (ax_table_open(&t, path, AX_TABLE_ANY_SIZE, AX_TABLE_HEADER | AX_TABLE_MAY_BE_CUT))
        return fail(&t, err, len);
    if (t.n_columns == 0) {   /* empty, or stopped before its header was complete: no samples */
        ax_table_close(&t);
        return 0;
    }
    if (strcmp(ax_table_column(&t, 0), "time_ms")) {
        ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "the header does not start 'time_ms': this is no recording of axon run");
        return fail(&t, err, len);
    }
    uint32_t *neuron = malloc(t.n_columns * sizeof *neuron);
    double *values = malloc((n ? n : 1) * sizeof *values);
    if (!neuron || !values) {
        free(neuron);
        free(values);
        return out_of_memory(&t, path, err, len);
    }
    /* the header names the recorded neurons, in increasing order */
    for (size_t c = 1; c < t.n_columns; c++) {
        const char *name = ax_table_column(&t, c);
        char *end;
        unsigned long long id = strtoull(name, &end, 10);
        if (end == name || *end || !(name[0] >= '0' && name[0] <= '9') || id >= n || (c > 1 && id <= neuron[c - 1])) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, c,
                          "the header names '%s': a state recording of '%s' names its neurons (0 .. %u, increasing)",
                          name, pop, n ? n - 1 : 0);
            free(neuron);
            free(values);
            return fail(&t, err, len);
        }
        neuron[c] = (uint32_t)id;
    }
    *recorded = (uint32_t)(t.n_columns - 1);
    for (uint32_t i = 0; i < n; i++)
        values[i] = NAN;
    double prev = 0;
    int r, stop = 0;
    while (!stop && (r = ax_table_next(&t)) > 0) {
        double time, x;
        if (ax_table_time(&t, 0, &time))
            break;
        if (time < prev) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, 0, "%s ms is before the previous row's %g ms: rows are in time order",
                          ax_table_field(&t, 0), prev);
            break;
        }
        prev = time;
        size_t c = 1;
        for (; c < t.n_columns && !ax_table_value(&t, c, &x); c++)
            values[neuron[c]] = x;
        if (c < t.n_columns)
            break;
        stop = fn(ctx, time, values);
    }
    free(neuron);
    free(values);
    if (t.status)
        return fail(&t, err, len);
    ax_table_close(&t);
    return stop;
}

typedef struct nearest_ctx {
    double t, best_dt, at, first, last, *values;
    uint32_t n;
} nearest_ctx;

static int keep_nearest(void *ctx, double t, const double *values)
{
    nearest_ctx *c = ctx;
    if (isnan(c->first))
        c->first = t;
    c->last = t;
    double d = fabs(t - c->t);
    if (d < c->best_dt || isinf(c->t)) {   /* the earlier of two equally near samples; t = inf: the last */
        c->best_dt = d;
        c->at = t;
        memcpy(c->values, values, c->n * sizeof *values);
    }
    return 0;
}

int lattice_sample_at(const char *path, const char *pop, uint32_t n, double t, double *values, double *at,
                      double *first, double *last, uint32_t *recorded, char *err, size_t len)
{
    nearest_ctx c = {t, INFINITY, NAN, NAN, NAN, values, n};
    if (lattice_scan_samples(path, pop, n, keep_nearest, &c, recorded, err, len) < 0)
        return -1;
    *at = c.at, *first = c.first, *last = c.last;
    if (isnan(c.first)) {
        snprintf(err, len, "%s has no samples (a run stopped before its first sample?)", path);
        return -1;
    }
    return 0;
}

/* ---- connection lists ---- */

void lattice_edges_free(lattice_edges *e)
{
    free(e->pre);
    free(e->post);
    free(e->weight);
    memset(e, 0, sizeof *e);
}

int lattice_read_edges(const char *path, uint32_t n_pre, uint32_t n_post, size_t budget, lattice_edges *out, char *err,
                       size_t len)
{
    memset(out, 0, sizeof *out);
    out->w_min = INFINITY, out->w_max = -INFINITY;
    budget = budget < 2 ? 2 : budget;
    ax_table t;
    if (ax_table_open(&t, path, AX_TABLE_ANY_SIZE, AX_TABLE_MAYBE_HEADER | AX_TABLE_COMMENTS | AX_TABLE_MAY_BE_CUT))
        return fail(&t, err, len);
    size_t cap = budget < 4096 ? budget : 4096;
    out->pre = malloc(cap * sizeof *out->pre);
    out->post = malloc(cap * sizeof *out->post);
    out->weight = malloc(cap * sizeof *out->weight);
    if (!out->pre || !out->post || !out->weight) {
        lattice_edges_free(out);
        return out_of_memory(&t, path, err, len);
    }
    uint64_t stride = 1, seen = 0;
    int r;
    while ((r = ax_table_next(&t)) > 0) {
        uint32_t a, b;
        double w;
        if (t.n_fields < 3 || t.n_fields > 4) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX,
                          "%zu fields: a connection list has rows source,target,weight[,delay]", t.n_fields);
            break;
        }
        if (ax_table_index(&t, 0, n_pre, "the sources", &a) || ax_table_index(&t, 1, n_post, "the targets", &b) ||
            ax_table_number(&t, 2, &w))
            break;
        out->total++;
        out->w_min = fmin(out->w_min, w), out->w_max = fmax(out->w_max, w);
        if (seen++ % stride)
            continue;
        if (out->n == cap) {
            if (cap == budget) {   /* full: keep every other one, take every 2 stride-th from now on */
                for (size_t k = 0; 2 * k < out->n; k++) {
                    out->pre[k] = out->pre[2 * k];
                    out->post[k] = out->post[2 * k];
                    out->weight[k] = out->weight[2 * k];
                }
                out->n = (out->n + 1) / 2;
                stride *= 2;
                if ((seen - 1) % stride)
                    continue;
            } else {
                cap = cap * 2 < budget ? cap * 2 : budget;
                uint32_t *p = realloc(out->pre, cap * sizeof *p);
                out->pre = p ? p : out->pre;
                uint32_t *q = p ? realloc(out->post, cap * sizeof *q) : NULL;
                out->post = q ? q : out->post;
                double *x = q ? realloc(out->weight, cap * sizeof *x) : NULL;
                out->weight = x ? x : out->weight;
                if (!x) {
                    lattice_edges_free(out);
                    return out_of_memory(&t, path, err, len);
                }
            }
        }
        out->pre[out->n] = a;
        out->post[out->n] = b;
        out->weight[out->n++] = w;
    }
    if (t.status) {
        lattice_edges_free(out);
        return fail(&t, err, len);
    }
    ax_table_close(&t);
    return 0;
}
