/*
 * plot_cmd.c - `axon plot OUTDIR`: figures from an output folder.
 *
 * Reads summary.json (population sizes and models, the files written),
 * every <pop>.spikes.csv for the raster plot with population rates, and
 * every recorded state variable (<pop>.<var>.csv or .npy) for a figure of
 * traces, one panel per variable, and the weights of plastic projections:
 * traces (<proj>.weight_trace.*) in weights.png, histograms (of
 * <proj>.weight_hist.csv, of the snapshots <proj>.weight_snapshots.* and of
 * the final weights <proj>.weights.csv) in weight_hist.png.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axon.h"
#include "cli.h"
#include "json.h"
#include "plot.h"

static int usage(FILE *f)
{
    fprintf(f, "usage: axon plot OUTDIR [--format png|svg] [--from MS] [--to MS] [--traces N]\n\n"
               "Draws the raster plot with population rates (OUTDIR/raster.png) and, when state\n"
               "variables were recorded, their traces (OUTDIR/traces.png) from the output folder\n"
               "of `axon run`; weights of plastic projections as traces (OUTDIR/weights.png) and\n"
               "histograms (OUTDIR/weight_hist.png).  --traces: at most N neurons (synapses) per\n"
               "recorded variable (default 5).\n");
    return f == stderr ? EXIT_USAGE : 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            } else {
                buf = b;
            }
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* A numeric CSV with a header: rows x cols, and the header's numbers. */
typedef struct table {
    size_t rows, cols;
    double *data;
    double *header;   /* numeric header fields (NAN for text), e.g. neuron ids */
} table;

static void table_free(table *t)
{
    free(t->data);
    free(t->header);
    t->data = t->header = NULL;
}

static int read_csv(const char *path, table *t, char *err, size_t len)
{
    memset(t, 0, sizeof *t);
    char *text = slurp(path);
    if (!text) {
        snprintf(err, len, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    char *line = strtok(text, "\n");
    if (!line) {
        snprintf(err, len, "%s is empty", path);
        free(text);
        return -1;
    }
    t->cols = 1;
    for (char *c = line; *c; c++)
        t->cols += *c == ',';
    t->header = malloc(t->cols * sizeof *t->header);
    char *p = line;
    for (size_t k = 0; k < t->cols; k++) {
        char *end;
        t->header[k] = strtod(p, &end);
        if (end == p)
            t->header[k] = NAN;
        p = strchr(p, ',');
        p = p ? p + 1 : p;
        if (!p)
            break;
    }
    size_t cap = 1024;
    t->data = malloc(cap * t->cols * sizeof *t->data);
    while ((line = strtok(NULL, "\n"))) {
        if (t->rows == cap) {
            double *d = realloc(t->data, (cap *= 2) * t->cols * sizeof *d);
            if (!d)
                break;
            t->data = d;
        }
        p = line;
        for (size_t k = 0; k < t->cols; k++) {
            char *end;
            t->data[t->rows * t->cols + k] = strtod(p, &end);
            if (end == p) {
                snprintf(err, len, "%s: row %zu is not numeric", path, t->rows + 2);
                free(text);
                table_free(t);
                return -1;
            }
            p = *end == ',' ? end + 1 : end;
        }
        t->rows++;
    }
    free(text);
    return 0;
}

/* NPY written by axon: a 2-d values file and its 1-d times file. */
static double *read_npy(const char *path, size_t *rows, size_t *cols)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char head[10];
    double *data = NULL;
    if (fread(head, 1, 10, f) == 10 && !memcmp(head, "\x93NUMPY", 6)) {
        size_t hlen = head[8] | (size_t)head[9] << 8;
        char dict[1024] = "";
        if (hlen < sizeof dict && fread(dict, 1, hlen, f) == hlen) {
            char *shape = strstr(dict, "'shape': (");
            *cols = 1;
            if (shape && sscanf(shape, "'shape': (%zu, %zu)", rows, cols) >= 1 && strstr(dict, "'<f8'")) {
                size_t count = *rows * *cols;
                data = malloc((count ? count : 1) * sizeof *data);
                if (data && fread(data, sizeof *data, *rows * *cols, f) != *rows * *cols) {
                    free(data);
                    data = NULL;
                }
            }
        }
    }
    fclose(f);
    return data;
}

/* Neurons recorded for (population, variable), from summary.json; 0 if unknown. */
static size_t recorded(const json_value *sum, const char *pop, const char *var)
{
    const json_value *recs = json_get(sum, "recordings");
    for (size_t k = 0; recs && recs->type == JSON_ARRAY && k < recs->n; k++) {
        const json_value *p = json_get(recs->items[k], "population"), *v = json_get(recs->items[k], "variable");
        const json_value *n = json_get(recs->items[k], "neurons");
        if (p && v && n && p->string && v->string && !strcmp(p->string, pop) && !strcmp(v->string, var))
            return (size_t)n->number;
    }
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* When only some neurons were recorded, gives them rows 0, 1, ... in the
 * order of their indices (neurons that never fired get none). */
static void dense_rows(uint32_t *id, size_t n)
{
    uint32_t *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted)
        return;
    memcpy(sorted, id, n * sizeof *id);
    qsort(sorted, n, sizeof *sorted, cmp_u32);
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (!m || sorted[k] != sorted[m - 1])
            sorted[m++] = sorted[k];
    for (size_t k = 0; k < n; k++) {
        uint32_t *hit = bsearch(&id[k], sorted, m, sizeof *sorted, cmp_u32);
        id[k] = (uint32_t)(hit - sorted);
    }
    free(sorted);
}

/* ---- weights of plastic projections ---- */

/* Weight files by their suffix: traces go to weights.png, the rest are
 * drawn as histograms in weight_hist.png. */
enum { W_NONE, W_TRACE, W_SNAPSHOTS, W_HIST, W_FINAL };

static const struct {
    const char *suffix;
    int kind;
    const char *what;
} weight_files[] = {
    {".weight_trace.csv", W_TRACE, "weights"},       {".weight_trace.npy", W_TRACE, "weights"},
    {".weight_snapshots.csv", W_SNAPSHOTS, "snapshots"}, {".weight_snapshots.npy", W_SNAPSHOTS, "snapshots"},
    {".weight_hist.csv", W_HIST, "histogram"},       {".weights.csv", W_FINAL, "final"},
};

/* The kind of a weight file; its projection's name goes to proj. */
static int weight_kind(const char *file, char *proj, size_t len, const char **what)
{
    size_t n = strlen(file);
    for (size_t k = 0; k < sizeof weight_files / sizeof *weight_files; k++) {
        size_t m = strlen(weight_files[k].suffix);
        if (n > m && !strcmp(file + n - m, weight_files[k].suffix)) {
            snprintf(proj, len, "%.*s", (int)(n - m), file);
            *what = weight_files[k].what;
            return weight_files[k].kind;
        }
    }
    return W_NONE;
}

/* Samples of a weight recording as a table: time column, then one column
 * per synapse (CSV as written, or NPY values with their times file). */
static int read_samples(const char *dir, const char *file, table *t, char *err, size_t len)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t n = strlen(file);
    if (strcmp(file + n - 4, ".npy"))
        return read_csv(path, t, err, len);
    memset(t, 0, sizeof *t);
    size_t rows, cols, trow, tcol;
    double *vals = read_npy(path, &rows, &cols);
    snprintf(path, sizeof path, "%s/%.*s.times.npy", dir, (int)(n - 4), file);
    double *times = read_npy(path, &trow, &tcol);
    if (!vals || !times || trow != rows) {
        snprintf(err, len, "cannot read %s/%s and its times", dir, file);
        free(vals);
        free(times);
        return -1;
    }
    t->rows = rows;
    t->cols = cols + 1;
    t->data = malloc((rows * (cols + 1) + 1) * sizeof *t->data);
    t->header = calloc(cols + 1, sizeof *t->header);
    for (size_t r = 0; t->data && r < rows; r++) {
        t->data[r * (cols + 1)] = times[r];
        memcpy(t->data + r * (cols + 1) + 1, vals + r * cols, cols * sizeof *vals);
    }
    for (size_t c = 0; t->header && c < cols; c++)
        t->header[c + 1] = NAN;
    free(vals);
    free(times);
    if (!t->data || !t->header) {
        table_free(t);
        snprintf(err, len, "out of memory reading %s", file);
        return -1;
    }
    return 0;
}

#define WEIGHT_BINS 30   /* histograms axon plot computes (snapshots, final weights) */
#define MAX_HISTS 6      /* outlines per panel: the first, the last and some between */

typedef struct weight_plots {
    plot_panel *tp;           /* traces */
    size_t n_tp;
    plot_trace *tr;
    size_t n_tr;
    plot_hist_panel *hp;      /* histograms */
    size_t n_hp;
    plot_hist *h;
    size_t n_h;
    char (*names)[240];       /* panel names */
    char (*labels)[64];
    double **owned;           /* arrays to free */
    size_t n_owned;
} weight_plots;

static double *own(weight_plots *w, size_t n)
{
    double *d = calloc(n ? n : 1, sizeof *d);
    if (d)
        w->owned[w->n_owned++] = d;
    return d;
}

/* Histogram of x[0], x[stride], ... (n values) in WEIGHT_BINS bins over [lo, hi]. */
static void add_hist(weight_plots *w, const double *x, size_t n, size_t stride, double lo, double hi, const char *label)
{
    plot_hist *h = &w->h[w->n_h];
    double *edges = own(w, WEIGHT_BINS + 1), *counts = own(w, WEIGHT_BINS);
    if (!edges || !counts)
        return;
    if (!(hi > lo))
        lo -= 0.5, hi += 0.5;
    for (int b = 0; b <= WEIGHT_BINS; b++)
        edges[b] = lo + (hi - lo) * b / WEIGHT_BINS;
    for (size_t k = 0; k < n; k++) {
        double v = (x[k * stride] - lo) / (hi - lo) * WEIGHT_BINS;
        int b = v <= 0 ? 0 : v >= WEIGHT_BINS ? WEIGHT_BINS - 1 : (int)v;
        counts[b]++;
    }
    snprintf(w->labels[w->n_tr + w->n_h], sizeof *w->labels, "%s", label);
    *h = (plot_hist){w->labels[w->n_tr + w->n_h], WEIGHT_BINS, edges, counts};
    w->n_h++;
}

/* Which of n groups to draw: all, or MAX_HISTS spread from first to last. */
static size_t pick(size_t j, size_t n) { return n <= MAX_HISTS ? j : j * (n - 1) / (MAX_HISTS - 1); }

static int add_weight_file(weight_plots *w, const char *dir, const char *file, int kind, const char *proj,
                           const char *what, size_t max_traces, char *err, size_t len)
{
    table t;
    if (read_samples(dir, file, &t, err, len))
        return -1;
    char label[64];
    if (kind == W_TRACE) {
        plot_panel *pn = &w->tp[w->n_tp];
        snprintf(w->names[w->n_tp + w->n_hp], sizeof *w->names, "%s weight", proj);
        double *times = own(w, t.rows);
        double *data = own(w, t.rows * t.cols);
        if (!times || !data) {
            table_free(&t);
            snprintf(err, len, "out of memory");
            return -1;
        }
        memcpy(data, t.data, t.rows * t.cols * sizeof *data);
        for (size_t r = 0; r < t.rows; r++)
            times[r] = t.data[r * t.cols];
        *pn = (plot_panel){w->names[w->n_tp + w->n_hp], NULL, &w->tr[w->n_tr], 0};
        for (size_t c = 1; c < t.cols && c <= max_traces; c++) {
            if (isnan(t.header[c]))
                snprintf(w->labels[w->n_tr + w->n_h], sizeof *w->labels, "column %zu", c - 1);
            else
                snprintf(w->labels[w->n_tr + w->n_h], sizeof *w->labels, "synapse %.0f", t.header[c]);
            w->tr[w->n_tr] = (plot_trace){w->labels[w->n_tr + w->n_h], t.rows, times, data + c, t.cols};
            w->n_tr++;
            pn->n_traces++;
        }
        w->n_tp++;
        table_free(&t);
        return 0;
    }
    plot_hist_panel *pn = &w->hp[w->n_hp];
    char *name = w->names[w->n_hp + w->n_tp];
    snprintf(name, sizeof *w->names, "%s (%s)", proj, what);
    *pn = (plot_hist_panel){name, &w->h[w->n_h], 0};
    if (kind == W_FINAL) {   /* source,target,weight,delay */
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; t.cols >= 3 && r < t.rows; r++)
            lo = fmin(lo, t.data[r * t.cols + 2]), hi = fmax(hi, t.data[r * t.cols + 2]);
        if (t.cols >= 3 && t.rows) {
            snprintf(label, sizeof label, "%zu synapses", t.rows);
            add_hist(w, t.data + 2, t.rows, t.cols, lo, hi, label);
            pn->n_hists++;
        }
    } else if (kind == W_SNAPSHOTS) {   /* a row per time */
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; r < t.rows; r++)
            for (size_t c = 1; c < t.cols; c++)
                lo = fmin(lo, t.data[r * t.cols + c]), hi = fmax(hi, t.data[r * t.cols + c]);
        size_t n = t.rows < MAX_HISTS ? t.rows : MAX_HISTS;
        for (size_t j = 0; t.cols > 1 && j < n; j++) {
            size_t r = pick(j, t.rows);
            snprintf(label, sizeof label, "t = %g ms", t.data[r * t.cols]);
            add_hist(w, t.data + r * t.cols + 1, t.cols - 1, 1, lo, hi, label);
            pn->n_hists++;
        }
    } else {   /* time_ms,low,high,count: consecutive rows of one time */
        size_t groups = 0, *start = calloc(t.rows + 1, sizeof *start);
        for (size_t r = 0; start && r < t.rows; r++)
            if (!r || t.data[r * t.cols] != t.data[(r - 1) * t.cols])
                start[groups++] = r;
        if (start)
            start[groups] = t.rows;
        size_t n = groups < MAX_HISTS ? groups : MAX_HISTS;
        for (size_t j = 0; t.cols >= 4 && j < n; j++) {
            size_t g = pick(j, groups), r0 = start[g], bins = start[g + 1] - r0;
            double *edges = own(w, bins + 1), *counts = own(w, bins);
            if (!edges || !counts)
                break;
            for (size_t b = 0; b < bins; b++) {
                edges[b] = t.data[(r0 + b) * t.cols + 1];
                edges[b + 1] = t.data[(r0 + b) * t.cols + 2];
                counts[b] = t.data[(r0 + b) * t.cols + 3];
            }
            snprintf(w->labels[w->n_tr + w->n_h], sizeof *w->labels, "t = %g ms", t.data[r0 * t.cols]);
            w->h[w->n_h] = (plot_hist){w->labels[w->n_tr + w->n_h], bins, edges, counts};
            w->n_h++;
            pn->n_hists++;
        }
        free(start);
    }
    w->n_hp++;
    table_free(&t);
    return 0;
}

/* Draws the weight recordings listed in `files`: weights.<format> and
 * weight_hist.<format>.  Returns 0 (and how many figures) or an exit status. */
static int plot_weights(const char *dir, const char *title, const json_value *files, const char *format,
                        size_t max_traces, int *figures)
{
    size_t nf = files->n + 1;
    weight_plots w = {0};
    w.tp = calloc(nf, sizeof *w.tp);
    w.tr = calloc(nf * max_traces, sizeof *w.tr);
    w.hp = calloc(nf, sizeof *w.hp);
    w.h = calloc(nf * MAX_HISTS, sizeof *w.h);
    w.names = calloc(2 * nf + 1, sizeof *w.names);
    w.labels = calloc(nf * (max_traces + MAX_HISTS), sizeof *w.labels);
    w.owned = calloc(4 * nf * (MAX_HISTS + 1), sizeof *w.owned);
    int status = 0;
    char err[512], path[4300];
    if (!w.tp || !w.tr || !w.hp || !w.h || !w.names || !w.labels || !w.owned) {
        fprintf(stderr, "axon plot: out of memory\n");
        status = EXIT_RUN;
    }
    for (size_t k = 0; !status && k < files->n; k++) {
        const char *file = files->items[k]->string, *what;
        char proj[200];
        int kind = file ? weight_kind(file, proj, sizeof proj, &what) : W_NONE;
        if (kind && add_weight_file(&w, dir, file, kind, proj, what, max_traces, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_MODEL;
        }
    }
    if (!status && w.n_tp) {
        snprintf(path, sizeof path, "%s/weights.%s", dir, format);
        if (plot_traces(path, title, w.tp, w.n_tp, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_RUN;
        } else {
            printf("wrote %s\n", path);
            ++*figures;
        }
    }
    if (!status && w.n_hp) {
        snprintf(path, sizeof path, "%s/weight_hist.%s", dir, format);
        if (plot_histograms(path, title, w.hp, w.n_hp, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_RUN;
        } else {
            printf("wrote %s\n", path);
            ++*figures;
        }
    }
    for (size_t k = 0; k < w.n_owned; k++)
        free(w.owned[k]);
    free(w.owned);
    free(w.tp);
    free(w.tr);
    free(w.hp);
    free(w.h);
    free(w.names);
    free(w.labels);
    return status;
}

typedef struct spikes {
    char name[128];
    uint32_t size;
    double *t;
    uint32_t *id;
    size_t n;
} spikes;

int cmd_plot(int argc, char **argv)
{
    const char *dir = NULL, *format = "png";
    double from = NAN, to = NAN;
    long long max_traces = 5;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return usage(stdout);
        if (!strcmp(a, "--format") && v && (!strcmp(v, "png") || !strcmp(v, "svg")))
            format = argv[++k];
        else if (!strcmp(a, "--from") && v && parse_double(v, &from))
            k++;
        else if (!strcmp(a, "--to") && v && parse_double(v, &to))
            k++;
        else if (!strcmp(a, "--traces") && v && parse_long(v, &max_traces) && max_traces > 0)
            k++;
        else if (a[0] != '-' && !dir)
            dir = a;
        else {
            fprintf(stderr, "axon plot: bad argument '%s'\n", a);
            return usage(stderr);
        }
    }
    if (!dir)
        return usage(stderr);
    char path[4300], err[512];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *text = slurp(path);
    if (!text) {
        fprintf(stderr, "axon plot: %s has no summary.json (%s): is it the output folder of a finished axon run?\n",
                dir, strerror(errno));
        return EXIT_MODEL;
    }
    json_value *sum = json_parse(text, err, sizeof err);
    free(text);
    const json_value *pops = json_get(sum, "populations"), *files = json_get(sum, "files");
    const json_value *tms = json_get(sum, "time_ms"), *name = json_get(sum, "name");
    if (!sum || !pops || pops->type != JSON_OBJECT || !files || files->type != JSON_ARRAY || !tms) {
        fprintf(stderr, "axon plot: %s is not an axon summary (%s)\n", path, sum ? "fields missing" : err);
        json_free(sum);
        return EXIT_MODEL;
    }
    double t0 = isnan(from) ? 0 : from, t1 = isnan(to) ? tms->number : to;
    const char *title = name && name->type == JSON_STRING ? name->string : "axon";
    int status = 0;

    /* raster: every <pop>.spikes.csv listed */
    spikes *sp = calloc(files->n + 1, sizeof *sp);
    size_t n_sp = 0;
    plot_panel *panels = calloc(files->n + 1, sizeof *panels);
    plot_trace *traces = calloc((files->n + 1) * (size_t)max_traces, sizeof *traces);
    table *tables = calloc(files->n + 1, sizeof *tables);
    char (*labels)[64] = calloc((files->n + 1) * (size_t)max_traces, sizeof *labels);
    char (*vars)[128] = calloc(files->n + 1, sizeof *vars);
    double **npy = calloc(2 * (files->n + 1), sizeof *npy);
    size_t n_panels = 0, n_tr = 0;
    for (size_t k = 0; k < files->n && !status; k++) {
        const char *file = files->items[k]->string;
        if (!file)
            continue;
        size_t len = strlen(file);
        snprintf(path, sizeof path, "%s/%s", dir, file);
        char pop[128] = "", var[128] = "";
        const char *what;
        if (weight_kind(file, pop, sizeof pop, &what))
            continue;   /* plot_weights draws them */
        const char *dot = strchr(file, '.');
        if (!dot || (size_t)(dot - file) >= sizeof pop)
            continue;
        memcpy(pop, file, (size_t)(dot - file));
        const json_value *pj = json_get(pops, pop);
        const json_value *size = json_get(pj, "size"), *model = json_get(pj, "model");
        if (len > 11 && !strcmp(file + len - 11, ".spikes.csv")) {
            table t;
            if (read_csv(path, &t, err, sizeof err)) {
                fprintf(stderr, "axon plot: %s\n", err);
                status = EXIT_MODEL;
                break;
            }
            spikes *s = &sp[n_sp++];
            uint32_t pop_size = size ? (uint32_t)size->number : 1;
            size_t rec = recorded(sum, pop, "spikes");
            s->size = rec && rec < pop_size ? (uint32_t)rec : pop_size;
            if (s->size < pop_size)
                snprintf(s->name, sizeof s->name, "%.96s (%u of %u)", pop, s->size, pop_size);
            else
                snprintf(s->name, sizeof s->name, "%s", pop);
            s->n = t.rows;
            s->t = malloc((t.rows + 1) * sizeof *s->t);
            s->id = malloc((t.rows + 1) * sizeof *s->id);
            for (size_t r = 0; r < t.rows; r++) {
                s->t[r] = t.data[2 * r];
                s->id[r] = (uint32_t)t.data[2 * r + 1];
            }
            if (s->size < pop_size)
                dense_rows(s->id, s->n);
            table_free(&t);
            continue;
        }
        if (len > 10 && !strcmp(file + len - 10, ".times.npy"))
            continue;
        bool is_npy = len > 4 && !strcmp(file + len - 4, ".npy");
        snprintf(var, sizeof var, "%.*s", (int)(len - (size_t)(dot - file) - 5), dot + 1);
        const ax_model *m = model && model->string ? ax_model_find(NULL, model->string) : NULL;
        const char *unit = "";
        for (uint32_t v = 0; m && v < m->n_vars; v++)
            if (!strcmp(m->vars[v].name, var))
                unit = m->vars[v].unit;
        table *t = &tables[n_panels];
        if (is_npy) {
            size_t rows, cols, trow, tcol;
            double *vals = read_npy(path, &rows, &cols);
            snprintf(path, sizeof path, "%s/%.*s.times.npy", dir, (int)(len - 4), file);
            double *times = read_npy(path, &trow, &tcol);
            if (!vals || !times || trow != rows) {
                fprintf(stderr, "axon plot: cannot read %s/%s and its times\n", dir, file);
                free(vals);
                free(times);
                status = EXIT_MODEL;
                break;
            }
            npy[2 * n_panels] = vals;
            npy[2 * n_panels + 1] = times;
            /* as a table: time column then the values */
            t->rows = rows;
            t->cols = cols + 1;
            t->data = malloc((rows * (cols + 1) + 1) * sizeof *t->data);
            t->header = calloc(cols + 1, sizeof *t->header);
            for (size_t r = 0; r < rows; r++) {
                t->data[r * (cols + 1)] = times[r];
                memcpy(t->data + r * (cols + 1) + 1, vals + r * cols, cols * sizeof *vals);
            }
            for (size_t c = 0; c < cols; c++)
                t->header[c + 1] = NAN;
        } else if (read_csv(path, t, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_MODEL;
            break;
        }
        /* labels only: long names are cut */
        snprintf(vars[n_panels], sizeof vars[n_panels], "%.62s %.62s", pop, var);
        plot_panel *pn = &panels[n_panels++];
        pn->variable = vars[n_panels - 1];
        pn->unit = unit;
        pn->traces = &traces[n_tr];
        for (size_t c = 1; c < t->cols && c <= (size_t)max_traces; c++) {
            plot_trace *tr = &traces[n_tr];
            if (isnan(t->header[c]))
                snprintf(labels[n_tr], sizeof labels[n_tr], "%.32s column %zu", pop, c - 1);
            else
                snprintf(labels[n_tr], sizeof labels[n_tr], "%.40s[%.0f]", pop, t->header[c]);
            tr->label = labels[n_tr];
            tr->n = t->rows;
            tr->times = t->data;
            tr->values = t->data + c;
            tr->stride = t->cols;
            n_tr++;
            pn->n_traces++;
        }
    }
    /* times must be their own stride-1 array for plot_traces: copy them */
    double **time_cols = calloc(n_panels + 1, sizeof *time_cols);
    for (size_t k = 0; k < n_panels && !status; k++) {
        table *t = &tables[k];
        time_cols[k] = malloc((t->rows + 1) * sizeof **time_cols);
        for (size_t r = 0; r < t->rows; r++)
            time_cols[k][r] = t->data[r * t->cols];
        for (size_t j = 0; j < panels[k].n_traces; j++)
            ((plot_trace *)panels[k].traces)[j].times = time_cols[k];
    }
    if (!status && n_sp) {
        plot_spikes *ps = calloc(n_sp, sizeof *ps);
        for (size_t k = 0; k < n_sp; k++)
            ps[k] = (plot_spikes){sp[k].name, sp[k].size, sp[k].n, sp[k].t, sp[k].id};
        snprintf(path, sizeof path, "%s/raster.%s", dir, format);
        if (plot_raster(path, title, ps, n_sp, t0, t1, 500, 0, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_RUN;
        } else {
            printf("wrote %s\n", path);
        }
        free(ps);
    }
    if (!status && n_panels) {
        snprintf(path, sizeof path, "%s/traces.%s", dir, format);
        if (plot_traces(path, title, panels, n_panels, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_RUN;
        } else {
            printf("wrote %s\n", path);
        }
    }
    int weight_figures = 0;
    if (!status)
        status = plot_weights(dir, title, files, format, (size_t)max_traces, &weight_figures);
    if (!status && !n_sp && !n_panels && !weight_figures) {
        fprintf(stderr, "axon plot: %s has no recordings to plot\n", dir);
        status = EXIT_MODEL;
    }
    for (size_t k = 0; k < n_sp; k++) {
        free(sp[k].t);
        free(sp[k].id);
    }
    for (size_t k = 0; k <= n_panels; k++) {
        table_free(&tables[k]);
        free(npy[2 * k]);
        free(npy[2 * k + 1]);
        free(time_cols[k]);
    }
    free(time_cols);
    free(npy);
    free(sp);
    free(panels);
    free(traces);
    free(tables);
    free(labels);
    free(vars);
    json_free(sum);
    return status;
}
