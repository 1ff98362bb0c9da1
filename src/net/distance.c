/*
 * distance.c - the distance connector (AX_CONNECTOR_DISTANCE): every pair
 * of positioned neurons within a neighbourhood, each connected with a
 * probability that is a kernel of the distance.
 *
 * Declaration (ax_distance_check): the numbers, the positions, the kernel
 * expression compiled and evaluated over a grid of displacements in the
 * neighbourhood (so that most non-finite kernels are refused at once, with
 * the distance named), and a rough count for the memory plan.
 *
 * Build: ax_distance_prepare bins the sources into cells at least as wide
 * as the neighbourhood's reach along each axis (counting sort by cell,
 * sources in increasing index within a cell; at most about 2 cells per
 * source, so that a tiny radius does not make an enormous grid); the
 * bins are shared read-only by the threads.  For each target (from its own
 * stream, so the result does not depend on threads), the cells within
 * reach are scanned, the candidates inside the shape sorted by source
 * index, the kernel evaluated over them in blocks, and one 32-bit draw per
 * candidate decides.  Work is proportional to the candidates scanned.
 *
 * With fixed_indegree the kernel weighs the candidates instead: without
 * multapses, one uniform u per candidate (in increasing source order) and
 * the n smallest keys -log(u) / w, kept in a max-heap (Efraimidis &
 * Spirakis 2006: the same law as n successive draws proportional to w
 * among the candidates not drawn yet); with multapses, n uniforms located
 * in the cumulative weights by bisection.  The chosen candidates are then
 * sorted, so that each target's sources come in increasing order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/expr.h"
#include "net/net.h"

#define TOL 1e-9   /* relative slack of the radius and extents */

static const char *const geo_names[] = {"d", "dx", "dy", "dz"};

typedef struct ax_bins {
    double lo[3];          /* open axes: the smallest source coordinate */
    double h[3];           /* cell widths */
    uint32_t nc[3];        /* cells per axis */
    int k[3];              /* cells to scan on each side */
    uint64_t *start;       /* cell c holds src[start[c] .. start[c + 1]) */
    uint32_t *src;
    double *xyz;           /* the sources' positions in the order of src */
} ax_bins;

/* The reach of the neighbourhood along each axis (with the slack). */
static void reach_of(const ax_connector *c, double r[3])
{
    for (int a = 0; a < 3; a++)
        r[a] = (c->shape == AX_SHAPE_BOX ? c->extent[a] : c->radius) * (1 + TOL);
}

/* The nearest-image displacement along axis a. */
static inline double wrap(double x, double L)
{
    return L > 0 ? x - L * nearbyint(x / L) : x;
}

/* Whether the displacement g = (d, dx, dy, dz) lies in the neighbourhood. */
static inline int inside(const ax_connector *c, const double r[3], const double g[4])
{
    if (c->shape == AX_SHAPE_DISK)
        return g[0] <= r[0];
    return fabs(g[1]) <= r[0] && fabs(g[2]) <= r[1] && fabs(g[3]) <= r[2];
}

/* The kernel at one displacement (an expression: evaluated by the caller). */
static inline double kernel_value(const ax_connector *c, double d)
{
    switch (c->kernel) {
    case AX_KERNEL_GAUSSIAN: return c->p * exp(-d * d / (2 * c->width * c->width));
    case AX_KERNEL_EXPONENTIAL: return c->p * exp(-d / c->width);
    default: return c->p;
    }
}

ax_status ax_distance_expression(ax_network *net, const ax_connector *c, int skip_zero, const char *what,
                                 const char *name, const char *text, ax_expr **out, ax_expr_range *range)
{
    *out = NULL;
    if (c->kind != AX_CONNECTOR_DISTANCE)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: %s '%s' is an expression of distance; it needs a distance connector, which gives "
                       "each pair's displacement", what, name, text);
    char msg[600];
    ax_expr *e = ax_expr_compile(text, geo_names, 4, msg, sizeof msg);
    if (!e)
        return ax_fail(net, strncmp(msg, AX_EXPR_NO_MEMORY, strlen(AX_EXPR_NO_MEMORY)) ? AX_ERR_ARGUMENT
                                                                                    : AX_ERR_MEMORY,
                       "%s: %s: %s", what, name, msg);
    /* a grid of displacements over the neighbourhood, first along the axes */
    double r[3];   /* the nominal reach, without the slack */
    for (int a = 0; a < 3; a++) {
        r[a] = c->shape == AX_SHAPE_BOX ? c->extent[a] : c->radius;
        if (c->periodic[a] > 0 && r[a] > c->periodic[a] / 2)
            r[a] = c->periodic[a] / 2;
    }
    double rt[3] = {r[0] * (1 + TOL), r[1] * (1 + TOL), r[2] * (1 + TOL)};
    enum { G = 16 };
    double sum = 0;
    size_t count = 0;
    range->lo = INFINITY;
    range->hi = -INFINITY;
    for (int pass = 0; pass < 2; pass++) {
        int n = pass ? (2 * G + 1) * (2 * G + 1) * (2 * G + 1) : 3 * 1001;
        for (int m = 0; m < n; m++) {
            double g[4];
            if (!pass) {
                int a = m / 1001;
                g[1] = g[2] = g[3] = 0;
                g[1 + a] = r[a] * (m % 1001) / 1000.0;
            } else {
                g[1] = r[0] * ((m % (2 * G + 1)) - G) / G;
                g[2] = r[1] * ((m / (2 * G + 1) % (2 * G + 1)) - G) / G;
                g[3] = r[2] * ((m / ((2 * G + 1) * (2 * G + 1))) - G) / G;
            }
            g[0] = sqrt(g[1] * g[1] + g[2] * g[2] + g[3] * g[3]);
            if ((g[0] == 0 && skip_zero) || !inside(c, rt, g))
                continue;
            double v = ax_expr_value(e, g);
            if (!isfinite(v)) {
                ax_expr_free(e);
                return ax_fail(net, AX_ERR_ARGUMENT,
                               "%s: %s '%s' is %s at d = %g (dx = %g, dy = %g, dz = %g), within the "
                               "neighbourhood; it must be finite for every distance there",
                               what, name, text, isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf", g[0], g[1], g[2], g[3]);
            }
            if (v < range->lo) {
                range->lo = v;
                memcpy(range->at_lo, g, sizeof g);
            }
            if (v > range->hi) {
                range->hi = v;
                memcpy(range->at_hi, g, sizeof g);
            }
            sum += v;
            count++;
        }
    }
    if (!count) {   /* the neighbourhood is only d = 0, left out */
        range->lo = range->hi = 0;
        memset(range->at_lo, 0, sizeof range->at_lo);
        memset(range->at_hi, 0, sizeof range->at_hi);
    }
    range->mean = count ? sum / (double)count : 0;
    *out = e;
    return AX_OK;
}

ax_status ax_distance_check(ax_network *net, const ax_connector *c, const ax_population_data *from,
                            const ax_population_data *to, const char *what, double *expected, ax_expr **prob)
{
    *prob = NULL;
    for (int side = 0; side < 2; side++) {
        const ax_population_data *q = side ? to : from;
        if (!q->positions)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: population '%s' has no positions; give it a structure first "
                           "(ax_population_set_structure, `structure` in a model file)",
                           what, q->name);
    }
    if (c->shape != AX_SHAPE_DISK && c->shape != AX_SHAPE_BOX && c->shape != AX_SHAPE_CHEBYSHEV)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: unknown shape %d (disk, box or chebyshev)", what, (int)c->shape);
    if (c->shape == AX_SHAPE_BOX) {
        int any = 0;
        for (int a = 0; a < 3; a++) {
            if (!(c->extent[a] >= 0) || !isfinite(c->extent[a]))
                return ax_fail(net, AX_ERR_ARGUMENT, "%s: extent[%d] = %g is not allowed: must be finite and >= 0",
                               what, a, c->extent[a]);
            any |= c->extent[a] > 0;
        }
        if (!any)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: a box needs an extent > 0 along some axis", what);
    } else if (!(c->radius > 0) || !isfinite(c->radius)) {
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: radius = %g is not allowed: must be finite and > 0", what,
                       c->radius);
    }
    for (int a = 0; a < 3; a++)
        if (!(c->periodic[a] >= 0) || !isfinite(c->periodic[a]))
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: periodic[%d] = %g is not allowed: 0 (an open axis) or a length > 0", what, a,
                           c->periodic[a]);
    double pmax = 1;
    switch (c->kernel) {
    case AX_KERNEL_CONSTANT:
    case AX_KERNEL_GAUSSIAN:
    case AX_KERNEL_EXPONENTIAL:
        if (!(c->p >= 0.0 && c->p <= 1.0))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: %s = %g is not allowed: must be in [0, 1]", what,
                           c->kernel == AX_KERNEL_CONSTANT ? "p" : "p0", c->p);
        if (c->kernel != AX_KERNEL_CONSTANT && (!(c->width > 0) || !isfinite(c->width)))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: %s = %g is not allowed: must be finite and > 0", what,
                           c->kernel == AX_KERNEL_GAUSSIAN ? "sigma" : "lambda", c->width);
        pmax = c->p;
        break;
    case AX_KERNEL_EXPRESSION: {
        if (!c->probability)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: the kernel is an expression but `probability` is NULL", what);
        ax_expr_range range;
        ax_status st = ax_distance_expression(net, c, from == to && !c->allow_self, what, "probability",
                                              c->probability, prob, &range);
        if (st)
            return st;
        break;
    }
    default:
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: unknown kernel %d", what, (int)c->kernel);
    }
    /* a rough count for the memory plan: the neighbourhood's share of the
     * sources' extent along each axis */
    double r[3], frac = 1;
    reach_of(c, r);
    for (int a = 0; a < 3; a++) {
        double lo = INFINITY, hi = -INFINITY;
        for (uint32_t i = 0; i < from->size; i++) {
            double x = from->positions[3 * (size_t)i + a];
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
        double span = c->periodic[a] > 0 ? c->periodic[a] : hi - lo;
        if (span > 0) {
            double f = (2 * r[a] + span / from->size) / span;
            frac *= f < 1 ? f : 1;
        }
    }
    *expected = (double)to->size * from->size * frac * pmax;
    if (c->fixed_indegree) {
        if (c->n > UINT32_MAX)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: in_degree = %llu is not allowed: at most 4294967295", what,
                           (unsigned long long)c->n);
        *expected = (double)c->n * to->size;
    }
    return AX_OK;
}

/* ------------------------------------------------------------------ */
/* Bins                                                                 */
/* ------------------------------------------------------------------ */

void ax_distance_release(ax_projection_data *p)
{
    if (!p->bins)
        return;
    free(p->bins->start);
    free(p->bins->src);
    free(p->bins->xyz);
    free(p->bins);
    p->bins = NULL;
}

static inline uint32_t cell_of(const ax_bins *b, const double *periodic, int a, double x)
{
    double u = periodic[a] > 0 ? x - periodic[a] * floor(x / periodic[a]) : x - b->lo[a];
    double f = floor(u / b->h[a]);
    if (!(f >= 0))
        return 0;
    return f >= b->nc[a] ? b->nc[a] - 1 : (uint32_t)f;
}

ax_status ax_distance_prepare(ax_network *net, ax_projection_data *p)
{
    const ax_connector *c = &p->conn;
    const ax_population_data *from = net->pops[p->from];
    uint32_t n = from->size;
    ax_bins *b = ax_alloc_zero(net, 1, sizeof *b, "distance connector bins");
    if (!b)
        return AX_ERR_MEMORY;
    p->bins = b;
    double r[3];
    reach_of(c, r);
    double span[3];
    for (int a = 0; a < 3; a++) {
        double lo = INFINITY, hi = -INFINITY;
        for (uint32_t i = 0; i < n; i++) {
            double x = from->positions[3 * (size_t)i + a];
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
        b->lo[a] = lo;
        span[a] = c->periodic[a] > 0 ? c->periodic[a] : hi - lo;
        /* cells at least reach (plus slack) wide; one cell along a flat axis */
        double want = r[a] > 0 ? span[a] / (r[a] * (1 + 2 * TOL)) : (double)n;
        if (!(want >= 1) || span[a] <= 0)
            want = 1;
        if (want > n + 1.0)
            want = n + 1.0;
        b->nc[a] = (uint32_t)want;
    }
    /* at most about 2 cells per source */
    for (;;) {
        double total = (double)b->nc[0] * b->nc[1] * b->nc[2];
        if (total <= 2.0 * n + 8)
            break;
        int a = b->nc[0] >= b->nc[1] && b->nc[0] >= b->nc[2] ? 0 : b->nc[1] >= b->nc[2] ? 1 : 2;
        b->nc[a] = (b->nc[a] + 1) / 2;
    }
    for (int a = 0; a < 3; a++) {
        b->h[a] = span[a] > 0 ? span[a] / b->nc[a] : 1.0;
        if (b->nc[a] == 1) {
            b->k[a] = 0;   /* every source is in the one cell */
        } else {
            double k = ceil(r[a] / b->h[a]);
            b->k[a] = (int)(k < b->nc[a] ? k : b->nc[a]);
            if (c->periodic[a] > 0 && 2 * b->k[a] + 1 > (int)b->nc[a])
                b->k[a] = -1;   /* scan the whole ring once */
        }
    }
    size_t cells = (size_t)b->nc[0] * b->nc[1] * b->nc[2];
    b->start = ax_alloc_zero(net, cells + 1, sizeof *b->start, "distance connector bins");
    b->src = ax_alloc(net, n, sizeof *b->src, "distance connector bins");
    b->xyz = ax_alloc(net, 3 * (size_t)n, sizeof *b->xyz, "distance connector bins");
    uint32_t *cell = ax_alloc(net, n, sizeof *cell, "distance connector bins");
    if (!b->start || !b->src || !b->xyz || !cell) {
        free(cell);
        ax_distance_release(p);
        return AX_ERR_MEMORY;
    }
    for (uint32_t i = 0; i < n; i++) {
        const double *x = from->positions + 3 * (size_t)i;
        uint32_t ca = cell_of(b, c->periodic, 0, x[0]), cb = cell_of(b, c->periodic, 1, x[1]),
                 cc = cell_of(b, c->periodic, 2, x[2]);
        cell[i] = (uint32_t)(((size_t)ca * b->nc[1] + cb) * b->nc[2] + cc);
        b->start[cell[i] + 1]++;
    }
    for (size_t q = 0; q < cells; q++)
        b->start[q + 1] += b->start[q];
    for (uint32_t i = 0; i < n; i++) {   /* stable: increasing index within a cell */
        uint64_t at = b->start[cell[i]]++;
        b->src[at] = i;
        memcpy(b->xyz + 3 * at, from->positions + 3 * (size_t)i, 3 * sizeof(double));
    }
    for (size_t q = cells; q > 0; q--)
        b->start[q] = b->start[q - 1];
    b->start[0] = 0;
    free(cell);
    return AX_OK;
}

/* ------------------------------------------------------------------ */
/* Generation                                                           */
/* ------------------------------------------------------------------ */

/* The cells to scan along axis a around the target's cell t: *n of them,
 * cell (first + m) mod nc for m < *n. */
static void scan_range(const ax_bins *b, const double *periodic, int a, int64_t t, int64_t *first, int64_t *n)
{
    if (b->k[a] < 0) {
        *first = 0;
        *n = b->nc[a];
    } else if (periodic[a] > 0) {
        *first = t - b->k[a];
        *n = 2 * b->k[a] + 1;
    } else {
        int64_t lo = t - b->k[a], hi = t + b->k[a];
        lo = lo < 0 ? 0 : lo;
        hi = hi >= b->nc[a] ? b->nc[a] - 1 : hi;
        *first = lo;
        *n = hi >= lo ? hi - lo + 1 : 0;
    }
}

static inline uint32_t ring(int64_t x, uint32_t nc)
{
    int64_t m = x % (int64_t)nc;
    return (uint32_t)(m < 0 ? m + nc : m);
}

/* The target's cell along axis a: as the sources', but a target outside
 * the sources' extent of an open axis keeps its distance in cells. */
static int64_t target_cell(const ax_bins *b, const double *periodic, int a, double x)
{
    if (periodic[a] > 0 || b->nc[a] == 1)
        return cell_of(b, periodic, a, x);
    double f = floor((x - b->lo[a]) / b->h[a]);
    if (f < -1e9)
        f = -1e9;
    if (f > 1e9)
        f = 1e9;
    return (int64_t)f;
}

static void insertion_sort(uint32_t *a, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        uint32_t x = a[k];
        size_t m = k;
        for (; m > 0 && a[m - 1] > x; m--)
            a[m] = a[m - 1];
        a[m] = x;
    }
}

/* The displacement of source i to the target at t, nearest image. */
static inline void displacement(const ax_connector *c, const double *s, const double *t, double g[4])
{
    g[1] = wrap(t[0] - s[0], c->periodic[0]);
    g[2] = wrap(t[1] - s[1], c->periodic[1]);
    g[3] = wrap(t[2] - s[2], c->periodic[2]);
    g[0] = sqrt(g[1] * g[1] + g[2] * g[2] + g[3] * g[3]);
}

/* The candidates of target j inside the shape, by increasing source
 * index, into s->buf[0 .. *n).  -1 when out of memory. */
static int gather(const ax_network *net, const ax_projection_data *p, uint32_t j, ax_gen_scratch *s, size_t *count)
{
    const ax_connector *c = &p->conn;
    const ax_bins *b = p->bins;
    int no_self = p->from == p->to && !c->allow_self;
    const double *tx = net->pops[p->to]->positions + 3 * (size_t)j;
    double r[3];
    reach_of(c, r);
    int64_t first[3], cnt[3];
    for (int a = 0; a < 3; a++)
        scan_range(b, c->periodic, a, target_cell(b, c->periodic, a, tx[a]), &first[a], &cnt[a]);
    size_t n = 0;
    for (int64_t ma = 0; ma < cnt[0]; ma++)
        for (int64_t mb = 0; mb < cnt[1]; mb++)
            for (int64_t mc = 0; mc < cnt[2]; mc++) {
                size_t q = ((size_t)ring(first[0] + ma, b->nc[0]) * b->nc[1] + ring(first[1] + mb, b->nc[1])) *
                               b->nc[2] +
                           ring(first[2] + mc, b->nc[2]);
                for (uint64_t at = b->start[q]; at < b->start[q + 1]; at++) {
                    double g[4];
                    displacement(c, b->xyz + 3 * at, tx, g);
                    if (!inside(c, r, g) || (no_self && b->src[at] == j))
                        continue;
                    if (n >= s->cap) {
                        size_t cap = s->cap ? 2 * s->cap : 256;
                        uint32_t *x = realloc(s->buf, cap * sizeof *x);
                        if (!x)
                            return -1;
                        s->buf = x;
                        uint32_t *y = realloc(s->tmp, cap * sizeof *y);
                        if (!y)
                            return -1;
                        s->tmp = y;
                        s->cap = cap;
                    }
                    s->buf[n++] = b->src[at];
                }
            }
    if (n <= 256)
        insertion_sort(s->buf, n);
    else
        ax_radix_sort(s->buf, s->tmp, n);
    *count = n;
    return 0;
}

/* The kernel of target j's candidates s->buf[0 .. n) as weights >= 0 in
 * s->val (grown); the number of them > 0 in *positive.  -1 when out of
 * memory, -2 when one is not finite. */
static int candidate_weights(const ax_network *net, const ax_projection_data *p, uint32_t j, size_t n,
                             ax_gen_scratch *s, ax_expr_scratch *regs, size_t *positive)
{
    const ax_connector *c = &p->conn;
    const double *tx = net->pops[p->to]->positions + 3 * (size_t)j, *from = net->pops[p->from]->positions;
    if (n > s->val_cap) {
        size_t cap = n > 2 * s->val_cap ? n : 2 * s->val_cap;
        double *v = realloc(s->val, cap * sizeof *v);
        if (!v)
            return -1;
        s->val = v;
        s->val_cap = cap;
    }
    double geo[4][AX_EXPR_BLOCK];
    const double *vars[4] = {geo[0], geo[1], geo[2], geo[3]};
    size_t m = 0;
    for (size_t k0 = 0; k0 < n; k0 += AX_EXPR_BLOCK) {
        uint32_t len = (uint32_t)(n - k0 < AX_EXPR_BLOCK ? n - k0 : AX_EXPR_BLOCK);
        double *w = s->val + k0;
        for (uint32_t k = 0; k < len; k++) {
            double g[4];
            displacement(c, from + 3 * (size_t)s->buf[k0 + k], tx, g);
            for (int v = 0; v < 4; v++)
                geo[v][k] = g[v];
        }
        if (p->prob_expr)
            ax_expr_eval_block(p->prob_expr, vars, 0xF, 0, len, w, *regs);
        else
            for (uint32_t k = 0; k < len; k++)
                w[k] = kernel_value(c, geo[0][k]);
        for (uint32_t k = 0; k < len; k++) {
            if (!isfinite(w[k]))
                return -2;
            w[k] = w[k] > 0 ? w[k] : 0;
            m += w[k] > 0;
        }
    }
    *positive = m;
    return 0;
}

/* Whether an in-degree of n can be drawn from `positive` candidates. */
static inline int indegree_unmet(const ax_connector *c, size_t positive)
{
    return c->allow_multiple ? c->n > 0 && positive == 0 : positive < c->n;
}

/* Sift the root of the max-heap (key[pos[.]]) of size h down. */
static void heap_down(const double *key, uint32_t *pos, uint32_t h, uint32_t at)
{
    uint32_t x = pos[at];
    for (;;) {
        uint32_t l = 2 * at + 1;
        if (l >= h)
            break;
        uint32_t r = l + 1, big = l;
        if (r < h && (key[pos[r]] > key[pos[l]] || (key[pos[r]] == key[pos[l]] && pos[r] > pos[l])))
            big = r;
        if (key[pos[big]] < key[x] || (key[pos[big]] == key[x] && pos[big] < x))
            break;
        pos[at] = pos[big];
        at = big;
    }
    pos[at] = x;
}

static int generate_indegree(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te,
                             ax_gen_scratch *s, ax_visit_fn visit, void *ctx)
{
    const ax_connector *c = &p->conn;
    const ax_population_data *from = net->pops[p->from], *to = net->pops[p->to];
    uint32_t purpose = ax_purpose(AX_RNG_CONNECT, p->index), k = (uint32_t)c->n;
    if (k == 0)
        return 0;
    ax_expr_scratch *regs = NULL;
    if (p->prob_expr && !(regs = malloc(sizeof *regs)))
        return -1;
    if (k > s->pos_cap) {
        uint32_t *x = realloc(s->pos, 2 * (size_t)k * sizeof *x);
        if (!x) {
            free(regs);
            return -1;
        }
        s->pos = x;
        s->pos_cap = k;
    }
    int status = 0;
    for (uint32_t j = tb; j < te && !status; j++) {
        size_t n, m;
        if (gather(net, p, j, s, &n) || (status = candidate_weights(net, p, j, n, s, regs, &m)) == -1) {
            status = -1;
            break;
        }
        if (status)
            break;
        if (indegree_unmet(c, m)) {
            status = -2;
            break;
        }
        ax_rng rng;
        ax_rng_init(&rng, net->seed, purpose, j, 0);
        double *w = s->val;
        uint32_t *pos = s->pos;
        if (!c->allow_multiple) {
            /* keys -log(u) / w (inf for w = 0, never chosen: k <= m), the k
             * smallest in a max-heap by (key, position) */
            uint32_t h = 0;
            for (size_t q = 0; q < n; q++) {
                double u = ax_rng_uniform(&rng);
                w[q] = w[q] > 0 ? -log(u) / w[q] : INFINITY;
                if (h < k) {
                    pos[h++] = (uint32_t)q;
                    if (h == k)
                        for (uint32_t a = k / 2; a-- > 0;)
                            heap_down(w, pos, k, a);
                } else if (w[q] < w[pos[0]]) {
                    pos[0] = (uint32_t)q;
                    heap_down(w, pos, k, 0);
                }
            }
        } else {
            /* the cumulative weights, then k uniforms located by bisection */
            for (size_t q = 1; q < n; q++)
                w[q] += w[q - 1];
            double total = w[n - 1];
            for (uint32_t t = 0; t < k; t++) {
                double x = ax_rng_uniform(&rng) * total;
                size_t lo = 0, hi = n - 1;   /* the first q with w[q] > x */
                while (lo < hi) {
                    size_t mid = lo + (hi - lo) / 2;
                    if (w[mid] > x)
                        hi = mid;
                    else
                        lo = mid + 1;
                }
                pos[t] = (uint32_t)lo;
            }
        }
        if (k <= 256)
            insertion_sort(pos, k);
        else
            ax_radix_sort(pos, pos + k, k);
        for (uint32_t t = 0; t < k; t++) {
            uint32_t i = s->buf[pos[t]];
            double g[4];
            displacement(c, from->positions + 3 * (size_t)i, to->positions + 3 * (size_t)j, g);
            visit(ctx, i, j, j, t, 0, g);
        }
    }
    free(regs);
    return status;
}

int ax_distance_generate(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te,
                         ax_gen_scratch *s, ax_visit_fn visit, void *ctx)
{
    if (p->conn.fixed_indegree)
        return generate_indegree(net, p, tb, te, s, visit, ctx);
    const ax_connector *c = &p->conn;
    const ax_population_data *from = net->pops[p->from], *to = net->pops[p->to];
    uint32_t purpose = ax_purpose(AX_RNG_CONNECT, p->index);
    double geo[4][AX_EXPR_BLOCK], prob[AX_EXPR_BLOCK];
    ax_expr_scratch *regs = NULL;
    if (p->prob_expr && !(regs = malloc(sizeof *regs)))
        return -1;
    const double *vars[4] = {geo[0], geo[1], geo[2], geo[3]};
    int status = 0;
    for (uint32_t j = tb; j < te && !status; j++) {
        const double *tx = to->positions + 3 * (size_t)j;
        size_t n;
        if (gather(net, p, j, s, &n)) {
            status = -1;
            break;
        }
        ax_rng rng;
        ax_rng_init(&rng, net->seed, purpose, j, 0);
        uint64_t m = 0;
        for (size_t k0 = 0; k0 < n && !status; k0 += AX_EXPR_BLOCK) {
            uint32_t len = (uint32_t)(n - k0 < AX_EXPR_BLOCK ? n - k0 : AX_EXPR_BLOCK);
            for (uint32_t k = 0; k < len; k++) {
                double g[4];
                displacement(c, from->positions + 3 * (size_t)s->buf[k0 + k], tx, g);
                for (int v = 0; v < 4; v++)
                    geo[v][k] = g[v];
            }
            if (p->prob_expr)
                ax_expr_eval_block(p->prob_expr, vars, 0xF, 0, len, prob, *regs);
            else
                for (uint32_t k = 0; k < len; k++)
                    prob[k] = kernel_value(c, geo[0][k]);
            for (uint32_t k = 0; k < len; k++) {
                double q = prob[k];
                if (!isfinite(q)) {
                    status = -2;
                    break;
                }
                q = q < 0 ? 0 : q > 1 ? 1 : q;
                if (ax_rng_u32(&rng) < (uint64_t)(q * 0x1p32)) {
                    double g[4] = {geo[0][k], geo[1][k], geo[2][k], geo[3][k]};
                    visit(ctx, s->buf[k0 + k], j, j, m++, 0, g);
                }
            }
        }
    }
    free(regs);
    return status;
}

const char *ax_distance_bad_value(const ax_network *net, const ax_projection_data *p, const double *g)
{
    static _Thread_local char why[400];
    if (p->weight_expr) {
        double w = ax_expr_value(p->weight_expr, g);
        int nonneg = (p->gap && !p->averaged) || (net->pops[p->to]->model->receptors[p->receptor].flags & AX_RECEPTOR_NONNEGATIVE);
        if (!isfinite(w) || fabs(w) > 1e30 || (nonneg && w < 0)) {
            snprintf(why, sizeof why, "weight '%s' is %g%s", p->weight.expr, w,
                     !isfinite(w) || fabs(w) > 1e30 ? ", not a finite number (|w| <= 1e30)"
                                                    : ", but the receptor takes conductances, which must be >= 0");
            return why;
        }
    }
    if (p->delay_expr) {
        double d = ax_expr_value(p->delay_expr, g), dt = net->dt;
        if (!(d >= dt * (1 - 1e-9)) || !(d / dt <= p->delay_cap)) {
            snprintf(why, sizeof why, "delay '%s' is %g ms, %s", p->delay.expr, d,
                     !(d >= dt * (1 - 1e-9)) ? "below dt; delays must be >= dt" : "longer than the delays sampled at declaration allow to store");
            return why;
        }
    }
    return NULL;
}

/* After a build that found a kernel value that is not finite: the first
 * such pair, by projection, target and source, for the message. */
ax_status ax_distance_report(ax_network *net)
{
    ax_gen_scratch s = {0};
    for (uint32_t q = 0; q < net->n_projs; q++) {
        const ax_projection_data *p = net->projs[q];
        if (p->conn.kind != AX_CONNECTOR_DISTANCE || !p->bins)
            continue;
        const ax_population_data *from = net->pops[p->from], *to = net->pops[p->to];
        for (uint32_t j = 0; j < to->size; j++) {
            size_t n;
            if (gather(net, p, j, &s, &n))
                break;
            size_t positive = 0;
            for (size_t k = 0; k < n; k++) {
                uint32_t i = s.buf[k];
                double g[4];
                displacement(&p->conn, from->positions + 3 * (size_t)i, to->positions + 3 * (size_t)j, g);
                const char *why = ax_distance_bad_value(net, p, g);
                if (why) {
                    ax_gen_scratch_free(&s);
                    return ax_fail(net, AX_ERR_ARGUMENT,
                                   "build: projection %s -> %s (distance): %s at d = %g (dx = %g, dy = %g, "
                                   "dz = %g), between source %u and target %u",
                                   from->name, to->name, why, g[0], g[1], g[2], g[3], i, j);
                }
                double v = p->prob_expr ? ax_expr_value(p->prob_expr, g) : 0;
                if (!isfinite(v)) {
                    ax_gen_scratch_free(&s);
                    return ax_fail(net, AX_ERR_ARGUMENT,
                                   "build: projection %s -> %s (distance): probability '%s' is %s at d = %g "
                                   "(dx = %g, dy = %g, dz = %g), between source %u and target %u; it must be "
                                   "finite for every pair in the neighbourhood",
                                   from->name, to->name, p->conn.probability,
                                   isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf", g[0], g[1], g[2], g[3], i, j);
                }
                if (p->conn.fixed_indegree)
                    positive += (p->prob_expr ? v : kernel_value(&p->conn, g[0])) > 0;
            }
            if (p->conn.fixed_indegree && indegree_unmet(&p->conn, positive)) {
                ax_gen_scratch_free(&s);
                return ax_fail(net, AX_ERR_ARGUMENT,
                               "build: projection %s -> %s (distance, in_degree = %llu%s): target %u has %zu "
                               "candidate%s with a kernel > 0 within the neighbourhood (of %zu there%s), %s; widen "
                               "the neighbourhood, lower in_degree%s",
                               from->name, to->name, (unsigned long long)p->conn.n,
                               p->conn.allow_multiple ? ", allow_multiple" : "", j, positive,
                               positive == 1 ? "" : "s", n,
                               p->from == p->to && !p->conn.allow_self ? ", itself left out" : "",
                               p->conn.allow_multiple ? "it needs at least 1" : "too few to draw that many distinct sources",
                               p->conn.allow_multiple ? "" : " or set allow_multiple to draw with repetition");
            }
        }
    }
    ax_gen_scratch_free(&s);
    return ax_fail(net, AX_ERR_ARGUMENT, "build: a distance connector's value is not allowed for some pair");
}
