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
 *
 * The files are read by cli/recordings.c: every row checked, huge files
 * drawn from a bounded sample.  A stopped run is drawn as far as it got,
 * also without summary.json (the recordings found in the folder).
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "axon.h"
#include "cli.h"
#include "json.h"
#include "plot.h"
#include "plot_pictures.h"
#include "recordings.h"

#define DEFAULT_MAX_SPIKES 2000000   /* kept for the raster, over all populations */
#define DEFAULT_MAX_SAMPLES 200000   /* kept per trace or weight file */
#define DEFAULT_MAX_SYNAPSES 20000   /* lines of a picture of connections */
#define DEFAULT_MAX_FRAMES 1000      /* frames of an animation */

static int usage(FILE *f)
{
    fprintf(f, "usage: axon plot OUTDIR [--format png|svg] [--from MS] [--to MS] [--traces N]\n"
               "                        [--max-spikes N] [--max-samples N]\n"
               "       axon plot OUTDIR --heatmap POP [--spikes | --time MS [--variable VAR]] [--scale LO:HI]\n"
               "       axon plot OUTDIR --connections PROJ|FILE.csv [--pre POP --post POP] [--max-synapses N]\n"
               "       axon plot OUTDIR --signals\n"
               "       axon plot OUTDIR --gif POP [--variable VAR | --spikes [--bin MS]] [--every K] [--fps N]\n"
               "                        [--cell PX] [--max-frames N] [--scale LO:HI]\n"
               "       (pictures: also [--out FILE] when one is asked for, [--from MS] [--to MS], --format)\n\n"
               "Draws the raster plot with population rates (OUTDIR/raster.png) and, when state\n"
               "variables were recorded, their traces (OUTDIR/traces.png) from the output folder\n"
               "of `axon run`; population signals (mean_v, eeg, lfp) one panel each\n"
               "(OUTDIR/signals.png); weights of plastic projections as traces (OUTDIR/weights.png)\n"
               "and histograms (OUTDIR/weight_hist.png).  --traces: at most N neurons (synapses) per\n"
               "recorded variable (default 5).  Every row of every file is checked; of larger\n"
               "recordings an even sample is drawn, at most --max-spikes spikes (default %d)\n"
               "and --max-samples samples per file (default %d), and the figure says so.\n"
               "A folder of a stopped run (summary.json with \"completed\": false, or none) is\n"
               "drawn as far as it got.\n\n"
               "Pictures (instead of the figures above; any of them together):\n"
               "  --heatmap POP    POP over its positions (<pop>.positions.csv: give it a structure):\n"
               "                   grid cells, or dots; spike counts from --from to --to (default),\n"
               "                   or --variable (default v) at the sample nearest --time MS (or the\n"
               "                   last); OUTDIR/<pop>.heatmap_spikes.png or .heatmap_<var>.png\n"
               "  --connections P  positions with a line per synapse of projection P (written with\n"
               "                   write_connections = true) or of a list FILE.csv (source,target,\n"
               "                   weight[,delay]; --pre/--post name the populations); at most\n"
               "                   --max-synapses lines (default %d); OUTDIR/<P>.connections.png\n"
               "  --signals        population signals against time, one panel each (OUTDIR/signals.png)\n"
               "  --gif POP        an animated GIF of POP over its positions, one frame per sample of\n"
               "                   --variable (default v) or per --bin MS of spike counts (--spikes);\n"
               "                   every K-th (--every, default 1), --fps frames per second (default\n"
               "                   10), cells of --cell pixels, at most --max-frames (default %d),\n"
               "                   one colour scale for all frames; OUTDIR/<pop>.<var>.gif\n"
               "  --scale LO:HI    the colour scale's ends (default: the values' range)\n",
            DEFAULT_MAX_SPIKES, DEFAULT_MAX_SAMPLES, DEFAULT_MAX_SYNAPSES, DEFAULT_MAX_FRAMES);
    return f == stderr ? EXIT_USAGE : 0;
}

/* summary.json: small; a larger file is no summary of axon run. */
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
            char *b = cap < ((size_t)64 << 20) ? realloc(buf, cap *= 2) : NULL;
            free(b ? NULL : buf);
            buf = b;
            errno = b ? errno : EFBIG;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* What the plot knows of the run: summary.json, or the folder alone. */
typedef struct run_info {
    json_value *sum;         /* NULL: no summary.json */
    char **files;            /* recordings to draw */
    size_t n_files;
} run_info;

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

/* Without summary.json (a run killed before it wrote one): the recordings
 * in the folder, by name. */
static int scan_folder(const char *dir, run_info *ri)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    size_t cap = 0;
    while ((e = readdir(d))) {
        if (!(ends_with(e->d_name, ".csv") || ends_with(e->d_name, ".npy")) || ends_with(e->d_name, ".times.npy"))
            continue;
        if (ri->n_files == cap) {
            char **f = realloc(ri->files, (cap = cap ? 2 * cap : 16) * sizeof *f);
            if (!f)
                break;
            ri->files = f;
        }
        if (!(ri->files[ri->n_files] = strdup(e->d_name)))
            break;
        ri->n_files++;
    }
    closedir(d);
    if (ri->n_files)
        qsort(ri->files, ri->n_files, sizeof *ri->files, by_name);
    return 0;
}

static void run_info_free(run_info *ri)
{
    for (size_t k = 0; k < ri->n_files; k++)
        free(ri->files[k]);
    free(ri->files);
    json_free(ri->sum);
}

/* The unit summary.json gives a recording ("unit", written by axon run
 * from the network's own model), or the built-in model's for older
 * summaries, or NULL when nothing says. */
static const char *recording_unit(const json_value *sum, const char *owner_key, const char *owner, const char *var,
                                  const char *model)
{
    const json_value *recs = json_get(sum, "recordings");
    for (size_t k = 0; recs && recs->type == JSON_ARRAY && k < recs->n; k++) {
        const json_value *o = json_get(recs->items[k], owner_key), *v = json_get(recs->items[k], "variable");
        const json_value *u = json_get(recs->items[k], "unit");
        if (o && v && u && o->string && v->string && u->string && !strcmp(o->string, owner) && !strcmp(v->string, var))
            return u->string;
    }
    const ax_model *m = model ? ax_model_find(NULL, model) : NULL;
    for (uint32_t v = 0; m && v < m->n_vars; v++)
        if (!strcmp(m->vars[v].name, var))
            return m->vars[v].unit;
    return NULL;
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

/* A recording of samples as a table (time in column 0): CSV as written, or
 * NPY values with their times file; at most `budget` rows, `max_cols` columns. */
static int read_samples(const char *dir, const char *file, rec_kind kind, size_t max_cols, size_t budget,
                        rec_table *t, char *err, size_t len)
{
    char path[4300], times[4300];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t n = strlen(file);
    if (!ends_with(file, ".npy"))
        return rec_read_csv(path, kind, max_cols, budget, t, err, len);
    snprintf(times, sizeof times, "%s/%.*s.times.npy", dir, (int)(n - 4), file);
    return rec_read_npy(path, times, max_cols, budget, t, err, len);
}

/* "; " between the parts of a note. */
static void add_note(char *note, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_note(char *note, size_t len, const char *fmt, ...)
{
    size_t used = strlen(note);
    if (used && used + 2 < len)
        strcat(note, "; "), used += 2;
    va_list ap;
    va_start(ap, fmt);
    if (used < len)
        vsnprintf(note + used, len - used, fmt, ap);
    va_end(ap);
}

/* The notes a table leaves: a sample of it, a cut last line. */
static void note_table(char *note, size_t len, const char *file, const rec_table *t)
{
    if (t->total > t->rows)
        add_note(note, len, "%s: every %llu-th of %llu samples", file,
                 (unsigned long long)((t->total + t->rows - 1) / (t->rows ? t->rows : 1)), (unsigned long long)t->total);
    if (t->cut)
        add_note(note, len, "%s ends mid-line (a stopped run): its last row is left out", file);
}

/* "wrote PATH", its axis labels (as the figure shows them) and its note. */
static void print_wrote(const char *path, const plot_panel *tp, size_t n_tp, const plot_hist_panel *hp, size_t n_hp,
                        const char *note)
{
    printf("wrote %s", path);
    char label[200];
    for (size_t k = 0; k < n_tp; k++) {
        plot_axis_label(label, sizeof label, tp[k].variable, tp[k].unit);
        printf("%s%s", k ? "; " : ": ", label);
    }
    for (size_t k = 0; k < n_hp; k++) {
        char name[160];
        snprintf(name, sizeof name, "weight of %s", hp[k].name);
        plot_axis_label(label, sizeof label, name, hp[k].unit);
        printf("%s%s", k ? "; " : ": ", label);
    }
    printf("\n");
    if (note && *note)
        printf("  note: %s\n", note);
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
                           const char *what, const char *unit, size_t max_traces, size_t budget, char *note,
                           size_t note_len, char *err, size_t len)
{
    rec_table t;
    rec_kind rk = kind == W_FINAL ? REC_SYNAPSES : kind == W_HIST ? REC_HISTOGRAM : REC_SAMPLES;
    size_t max_cols = kind == W_TRACE ? max_traces + 1 : SIZE_MAX;
    /* histogram rows belong together by time: read whole (the file is as small as its bins) */
    if (read_samples(dir, file, rk, max_cols, kind == W_HIST ? SIZE_MAX : budget, &t, err, len))
        return -1;
    note_table(note, note_len, file, &t);
    char label[64];
    if (kind == W_TRACE) {
        plot_panel *pn = &w->tp[w->n_tp];
        snprintf(w->names[w->n_tp + w->n_hp], sizeof *w->names, "%s weight", proj);
        double *times = own(w, t.rows);
        double *data = own(w, t.rows * t.cols);
        if (!times || !data) {
            rec_table_free(&t);
            snprintf(err, len, "out of memory");
            return -1;
        }
        memcpy(data, t.data, t.rows * t.cols * sizeof *data);
        for (size_t r = 0; r < t.rows; r++)
            times[r] = t.data[r * t.cols];
        *pn = (plot_panel){w->names[w->n_tp + w->n_hp], unit, &w->tr[w->n_tr], 0};
        for (size_t c = 1; c < t.cols && c <= max_traces; c++) {
            if (isnan(t.ids[c]))
                snprintf(w->labels[w->n_tr + w->n_h], sizeof *w->labels, "column %zu", c - 1);
            else
                snprintf(w->labels[w->n_tr + w->n_h], sizeof *w->labels, "synapse %.0f", t.ids[c]);
            w->tr[w->n_tr] = (plot_trace){w->labels[w->n_tr + w->n_h], t.rows, times, data + c, t.cols};
            w->n_tr++;
            pn->n_traces++;
        }
        w->n_tp++;
        rec_table_free(&t);
        return 0;
    }
    plot_hist_panel *pn = &w->hp[w->n_hp];
    char *name = w->names[w->n_hp + w->n_tp];
    snprintf(name, sizeof *w->names, "%s (%s)", proj, what);
    *pn = (plot_hist_panel){name, unit, &w->h[w->n_h], 0};
    if (kind == W_FINAL) {   /* source,target,weight,delay */
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; r < t.rows; r++)
            lo = fmin(lo, t.data[r * t.cols + 2]), hi = fmax(hi, t.data[r * t.cols + 2]);
        if (t.rows) {
            if (t.total > t.rows)
                snprintf(label, sizeof label, "%zu of %llu synapses", t.rows, (unsigned long long)t.total);
            else
                snprintf(label, sizeof label, "%zu synapses", t.rows);
            add_hist(w, t.data + 2, t.rows, t.cols, lo, hi, label);
            pn->n_hists++;
        }
    } else if (kind == W_SNAPSHOTS) {   /* a row per time */
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; r < t.rows; r++)
            for (size_t c = 1; c < t.cols; c++)
                if (isfinite(t.data[r * t.cols + c]))
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
        for (size_t j = 0; start && j < n; j++) {
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
    rec_table_free(&t);
    return 0;
}

/* Draws the weight recordings among `files`: weights.<format> and
 * weight_hist.<format>.  Returns 0 (and how many figures) or an exit status. */
static int plot_weights(const char *dir, const char *title, const run_info *ri, const char *format,
                        size_t max_traces, size_t budget, const char *run_note, int *figures)
{
    size_t nf = ri->n_files + 1;
    weight_plots w = {0};
    w.tp = calloc(nf, sizeof *w.tp);
    w.tr = calloc(nf * max_traces, sizeof *w.tr);
    w.hp = calloc(nf, sizeof *w.hp);
    w.h = calloc(nf * MAX_HISTS, sizeof *w.h);
    w.names = calloc(2 * nf + 1, sizeof *w.names);
    w.labels = calloc(nf * (max_traces + MAX_HISTS), sizeof *w.labels);
    w.owned = calloc(4 * nf * (MAX_HISTS + 1), sizeof *w.owned);
    int status = 0;
    char err[1200], path[4300], note[1024];
    snprintf(note, sizeof note, "%s", run_note);
    if (!w.tp || !w.tr || !w.hp || !w.h || !w.names || !w.labels || !w.owned) {
        fprintf(stderr, "axon plot: out of memory\n");
        status = EXIT_RUN;
    }
    for (size_t k = 0; !status && k < ri->n_files; k++) {
        const char *file = ri->files[k], *what;
        char proj[200];
        int kind = weight_kind(file, proj, sizeof proj, &what);
        if (!kind)
            continue;
        const char *unit = recording_unit(ri->sum, "projection", proj,
                                          kind == W_HIST ? "weight_histogram" : "weights", NULL);
        if (add_weight_file(&w, dir, file, kind, proj, what, unit, max_traces, budget, note, sizeof note, err,
                            sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_MODEL;
        }
    }
    if (!status && w.n_tp) {
        snprintf(path, sizeof path, "%s/weights.%s", dir, format);
        if (plot_traces(path, title, note, w.tp, w.n_tp, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_RUN;
        } else {
            print_wrote(path, w.tp, w.n_tp, NULL, 0, note);
            ++*figures;
        }
    }
    if (!status && w.n_hp) {
        snprintf(path, sizeof path, "%s/weight_hist.%s", dir, format);
        if (plot_histograms(path, title, note, w.hp, w.n_hp, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_RUN;
        } else {
            print_wrote(path, NULL, 0, w.hp, w.n_hp, note);
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
    rec_spikes r;
} spikes;

/* The population of a file "<pop>.<rest>" and its size and model (0 and
 * NULL when summary.json does not say). */
static bool population_of(const run_info *ri, const char *file, char *pop, size_t len, uint32_t *size,
                          const char **model)
{
    const char *dot = strchr(file, '.');
    if (!dot || (size_t)(dot - file) >= len)
        return false;
    snprintf(pop, len, "%.*s", (int)(dot - file), file);
    const json_value *pj = json_get(json_get(ri->sum, "populations"), pop);
    const json_value *sz = json_get(pj, "size"), *m = json_get(pj, "model");
    *size = sz && sz->type == JSON_NUMBER && sz->number >= 1 && sz->number <= UINT32_MAX ? (uint32_t)sz->number : 0;
    *model = m && m->type == JSON_STRING ? m->string : NULL;
    return true;
}

/* The raster: every <pop>.spikes.csv, at most `budget` spikes in all. */
static int plot_spike_files(const char *dir, const char *title, const run_info *ri, const char *format, double t0,
                            double t1, size_t budget, char *note, size_t note_len, bool *drawn)
{
    size_t n_files = 0;
    for (size_t k = 0; k < ri->n_files; k++)
        n_files += ends_with(ri->files[k], ".spikes.csv");
    if (!n_files)
        return 0;
    spikes *sp = calloc(n_files, sizeof *sp);
    plot_spikes *ps = calloc(n_files, sizeof *ps);
    if (!sp || !ps) {
        free(sp);
        free(ps);
        fprintf(stderr, "axon plot: out of memory\n");
        return EXIT_RUN;
    }
    double bin_ms = plot_rate_bin_ms(t0, t1);
    rec_window w = {t0, t1, bin_ms, plot_rate_bins(t0, t1, bin_ms), budget / n_files};
    int status = 0;
    size_t n = 0;
    uint64_t kept = 0, in_range = 0;
    char path[4300], err[1200];
    for (size_t k = 0; k < ri->n_files && !status; k++) {
        const char *file = ri->files[k], *model;
        char pop[128];
        uint32_t pop_size;
        if (!ends_with(file, ".spikes.csv") || !population_of(ri, file, pop, sizeof pop, &pop_size, &model))
            continue;
        spikes *s = &sp[n];
        snprintf(path, sizeof path, "%s/%s", dir, file);
        if (rec_read_spikes(path, pop, pop_size, &w, &s->r, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_MODEL;
            break;
        }
        n++;
        if (!pop_size)   /* no summary: as many as the file names */
            pop_size = s->r.n_ids ? s->r.n_ids : 1;
        size_t rec = recorded(ri->sum, pop, "spikes");
        s->size = rec && rec < pop_size ? (uint32_t)rec : pop_size;
        if (s->size < pop_size) {
            snprintf(s->name, sizeof s->name, "%.96s (%u of %u)", pop, s->size, pop_size);
            dense_rows(s->r.id, s->r.n);
        } else {
            snprintf(s->name, sizeof s->name, "%s", pop);
        }
        kept += s->r.n;
        in_range += s->r.in_range;
        if (s->r.cut)
            add_note(note, note_len, "%s ends mid-line (a stopped run): its last row is left out", file);
        ps[n - 1] = (plot_spikes){s->name, s->size, s->r.n, s->r.t, s->r.id, s->r.counts};
    }
    if (!status && kept < in_range)
        add_note(note, note_len, "an even sample of %llu of %llu spikes is drawn (--max-spikes); rates from all",
                 (unsigned long long)kept, (unsigned long long)in_range);
    if (!status) {
        snprintf(path, sizeof path, "%s/raster.%s", dir, format);
        if (plot_raster(path, title, note, ps, n, t0, t1, 500, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_RUN;
        } else {
            print_wrote(path, NULL, 0, NULL, 0, note);
            *drawn = true;
        }
    }
    for (size_t k = 0; k < n_files; k++)
        rec_spikes_free(&sp[k].r);
    free(sp);
    free(ps);
    return status;
}

/* Traces of state variables: every <pop>.<var>.csv or .npy that is not
 * spikes or weights, one panel each. */
static int plot_state_files(const char *dir, const char *title, const run_info *ri, const char *format,
                            size_t max_traces, size_t budget, char *note, size_t note_len, bool *drawn)
{
    size_t nf = ri->n_files + 1;
    plot_panel *panels = calloc(nf, sizeof *panels);
    plot_trace *traces = calloc(nf * max_traces, sizeof *traces);
    rec_table *tables = calloc(nf, sizeof *tables);
    double **times = calloc(nf, sizeof *times);
    char (*labels)[64] = calloc(nf * max_traces, sizeof *labels);
    char (*vars)[128] = calloc(nf, sizeof *vars);
    int status = 0;
    size_t n_panels = 0, n_tr = 0;
    char err[1200], path[4300];
    if (!panels || !traces || !tables || !times || !labels || !vars) {
        fprintf(stderr, "axon plot: out of memory\n");
        status = EXIT_RUN;
    }
    for (size_t k = 0; k < ri->n_files && !status; k++) {
        const char *file = ri->files[k], *what, *model;
        char pop[128], var[128];
        uint32_t pop_size;
        /* not traces: positions, connection lists and signals (signals.png) */
        if (weight_kind(file, pop, sizeof pop, &what) || ends_with(file, ".spikes.csv") ||
            ends_with(file, ".times.npy") || ends_with(file, ".positions.csv") ||
            ends_with(file, ".connections.csv") || picture_is_signal(file) ||
            !population_of(ri, file, pop, sizeof pop, &pop_size, &model))
            continue;
        size_t len = strlen(file), plen = strlen(pop);
        if (len < plen + 6)
            continue;
        snprintf(var, sizeof var, "%.*s", (int)(len - plen - 5), file + plen + 1);
        rec_table *t = &tables[n_panels];
        if (read_samples(dir, file, REC_SAMPLES, max_traces + 1, budget, t, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_MODEL;
            break;
        }
        note_table(note, note_len, file, t);
        times[n_panels] = malloc((t->rows + 1) * sizeof **times);
        if (!times[n_panels]) {
            fprintf(stderr, "axon plot: out of memory\n");
            status = EXIT_RUN;
            break;
        }
        for (size_t r = 0; r < t->rows; r++)   /* plot_traces takes times as their own array */
            times[n_panels][r] = t->data[r * t->cols];
        snprintf(vars[n_panels], sizeof vars[n_panels], "%.62s %.62s", pop, var);   /* labels only: cut */
        plot_panel *pn = &panels[n_panels];
        pn->variable = vars[n_panels];
        pn->unit = recording_unit(ri->sum, "population", pop, var, model);
        pn->traces = &traces[n_tr];
        for (size_t c = 1; c < t->cols && c <= max_traces; c++) {
            if (isnan(t->ids[c]))
                snprintf(labels[n_tr], sizeof labels[n_tr], "%.32s column %zu", pop, c - 1);
            else
                snprintf(labels[n_tr], sizeof labels[n_tr], "%.40s[%.0f]", pop, t->ids[c]);
            traces[n_tr] = (plot_trace){labels[n_tr], t->rows, times[n_panels], t->data + c, t->cols};
            n_tr++;
            pn->n_traces++;
        }
        n_panels++;
    }
    if (!status && n_panels) {
        snprintf(path, sizeof path, "%s/traces.%s", dir, format);
        if (plot_traces(path, title, note, panels, n_panels, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            status = EXIT_RUN;
        } else {
            print_wrote(path, panels, n_panels, NULL, 0, note);
            *drawn = true;
        }
    }
    for (size_t k = 0; tables && times && k < nf; k++) {
        rec_table_free(&tables[k]);
        free(times[k]);
    }
    free(panels);
    free(traces);
    free(tables);
    free(times);
    free(labels);
    free(vars);
    return status;
}

/* The end of the recorded time when summary.json does not say: the last
 * spike of any spike file (they are in time order). */
static int last_spike_time(const char *dir, const run_info *ri, double *end)
{
    char path[4300], err[1200];
    rec_window w = {0, INFINITY, 1, 0, 2};
    for (size_t k = 0; k < ri->n_files; k++) {
        const char *file = ri->files[k], *model;
        char pop[128];
        uint32_t size;
        if (!ends_with(file, ".spikes.csv") || !population_of(ri, file, pop, sizeof pop, &size, &model))
            continue;
        rec_spikes s;
        snprintf(path, sizeof path, "%s/%s", dir, file);
        if (rec_read_spikes(path, pop, 0, &w, &s, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            return EXIT_MODEL;
        }
        *end = fmax(*end, s.last_t);
        rec_spikes_free(&s);
    }
    return 0;
}

static bool parse_count(const char *s, long long *out) { return parse_long(s, out) && *out > 0; }

/* "LO:HI" with LO < HI, both finite. */
static bool parse_scale(const char *s, double *lo, double *hi)
{
    const char *colon = strchr(s, ':');
    char a[64];
    if (!colon || (size_t)(colon - s) >= sizeof a)
        return false;
    snprintf(a, sizeof a, "%.*s", (int)(colon - s), s);
    return parse_double(a, lo) && parse_double(colon + 1, hi) && isfinite(*lo) && isfinite(*hi) && *lo < *hi;
}

/* Options of the pictures (plot_pictures.h); 1 when a[k] is one of them
 * (*k moves past its value), 0 when not, -1 when its value is bad. */
static int picture_option(picture_opts *o, int argc, char **argv, int *k)
{
    const char *a = argv[*k], *v = *k + 1 < argc ? argv[*k + 1] : NULL;
    static const char *const named[] = {"--heatmap", "--gif", "--connections", "--variable", "--out", "--pre", "--post"};
    const char **slot[] = {&o->heatmap, &o->gif, &o->connections, &o->variable, &o->out, &o->pre, &o->post};
    for (size_t j = 0; j < sizeof named / sizeof *named; j++)
        if (!strcmp(a, named[j])) {
            if (!v || !*v || !strncmp(v, "--", 2))   /* an option where its value should be */
                return -1;
            *slot[j] = v;
            ++*k;
            return 1;
        }
    if (!strcmp(a, "--signals"))
        return o->signals = true, 1;
    if (!strcmp(a, "--spikes"))
        return o->spikes = true, 1;
    double x;
    if (!strcmp(a, "--time") || !strcmp(a, "--bin")) {
        if (!v || !parse_double(v, &x) || !isfinite(x) || x < 0 || (a[2] == 'b' && x <= 0))
            return -1;
        *(a[2] == 't' ? &o->time : &o->bin_ms) = x;
        ++*k;
        return 1;
    }
    if (!strcmp(a, "--scale")) {
        if (!v || !parse_scale(v, &o->scale_lo, &o->scale_hi))
            return -1;
        ++*k;
        return 1;
    }
    static const char *const counts[] = {"--every", "--fps", "--cell", "--max-frames", "--max-synapses"};
    long long *cslot[] = {&o->every, &o->fps, &o->cell, &o->max_frames, &o->max_synapses};
    static const long long most[] = {1000000000, 100, 64, 100000, 100000000};
    for (size_t j = 0; j < sizeof counts / sizeof *counts; j++)
        if (!strcmp(a, counts[j])) {
            if (!v || !parse_count(v, cslot[j]) || *cslot[j] > most[j])
                return -1;
            ++*k;
            return 1;
        }
    return 0;
}

/* What a picture option takes, for the message about a bad value. */
static const char *picture_allowed(const char *a)
{
    static const char *const what[][2] = {
        {"--heatmap", "a population's name"}, {"--gif", "a population's name"},
        {"--connections", "a projection's name or a connection list's path"},
        {"--variable", "a recorded state variable's name"}, {"--out", "a file name"},
        {"--pre", "a population's name"}, {"--post", "a population's name"}, {"--time", "a time in ms >= 0"},
        {"--bin", "a time in ms > 0"}, {"--scale", "LO:HI, two numbers, LO < HI"},
        {"--fps", "1 to 100 frames per second"}, {"--cell", "1 to 64 pixels"},
        {"--every", "a whole number >= 1"}, {"--max-frames", "a whole number 1 to 100000"},
        {"--max-synapses", "a whole number 1 to 100000000"},
    };
    for (size_t k = 0; k < sizeof what / sizeof *what; k++)
        if (!strcmp(a, what[k][0]))
            return what[k][1];
    return "a value";
}

int cmd_plot(int argc, char **argv)
{
    const char *dir = NULL, *format = "png";
    double from = NAN, to = NAN;
    long long max_traces = 5, max_spikes = DEFAULT_MAX_SPIKES, max_samples = DEFAULT_MAX_SAMPLES;
    picture_opts po = {.time = NAN, .scale_lo = NAN, .scale_hi = NAN, .bin_ms = NAN, .every = 1, .fps = 10,
                       .max_frames = DEFAULT_MAX_FRAMES, .max_synapses = DEFAULT_MAX_SYNAPSES};
    bool picture_flags = false;   /* an option that only pictures take */
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return usage(stdout);
        int pic = picture_option(&po, argc, argv, &k);
        if (pic < 0) {
            if (v && strncmp(v, "--", 2))
                fprintf(stderr, "axon plot: bad value for %s '%s': it takes %s\n", a, v, picture_allowed(a));
            else
                fprintf(stderr, "axon plot: %s needs a value: %s\n", a, picture_allowed(a));
            return EXIT_USAGE;
        }
        if (pic) {
            picture_flags = true;
            continue;
        }
        if (!strcmp(a, "--format") && v && (!strcmp(v, "png") || !strcmp(v, "svg")))
            format = argv[++k];
        else if (!strcmp(a, "--from") && v && parse_double(v, &from))
            k++;
        else if (!strcmp(a, "--to") && v && parse_double(v, &to))
            k++;
        else if (!strcmp(a, "--traces") && v && parse_count(v, &max_traces) && max_traces <= 1000)
            k++;
        else if (!strcmp(a, "--max-spikes") && v && parse_count(v, &max_spikes))
            k++;
        else if (!strcmp(a, "--max-samples") && v && parse_count(v, &max_samples))
            k++;
        else if (a[0] != '-' && !dir)
            dir = a;
        else {
            fprintf(stderr, "axon plot: bad argument '%s'%s\n", a,
                    v || a[0] != '-' ? "" : " (it needs a value)");
            return usage(stderr);
        }
    }
    if (!dir)
        return usage(stderr);
    if (!isnan(from) && !isnan(to) && !(to > from)) {
        fprintf(stderr, "axon plot: --from %g --to %g is an empty time range: --to must be after --from\n", from, to);
        return EXIT_USAGE;
    }
    bool pictures = po.heatmap || po.gif || po.connections || po.signals;
    int asked = !!po.heatmap + !!po.gif + !!po.connections + po.signals;
    if (picture_flags && !pictures) {
        fprintf(stderr, "axon plot: --spikes, --time, --variable, --out, --scale, ... choose what a picture shows: "
                        "ask for one with --heatmap POP, --gif POP, --connections PROJ or --signals\n");
        return EXIT_USAGE;
    }
    if (po.out && asked > 1) {
        fprintf(stderr, "axon plot: --out names one picture; %d are asked for: leave --out out (each is written "
                        "into %s under its own name) or ask for one\n", asked, dir);
        return EXIT_USAGE;
    }
    if (po.spikes && (!isnan(po.time) || po.variable)) {
        fprintf(stderr, "axon plot: --spikes draws spike counts; --time and --variable a state variable: "
                        "give one or the other\n");
        return EXIT_USAGE;
    }
    if (po.gif && !isnan(po.time)) {
        fprintf(stderr, "axon plot: --time is one moment, for --heatmap; an animation (--gif) runs --from MS "
                        "--to MS\n");
        return EXIT_USAGE;
    }
    if (!isnan(po.bin_ms) && !(po.gif && po.spikes)) {
        fprintf(stderr, "axon plot: --bin MS is the frame length of a spike animation (--gif POP --spikes)\n");
        return EXIT_USAGE;
    }
    if ((po.pre || po.post) && !po.connections) {
        fprintf(stderr, "axon plot: --pre and --post name the populations of --connections\n");
        return EXIT_USAGE;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "axon plot: %s is not a folder (%s): give the output folder of axon run\n", dir,
                stat(dir, &st) ? strerror(errno) : "a file");
        return EXIT_MODEL;
    }
    run_info ri = {0};
    char path[4300], err[512], note[1024] = "", title[300];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *text = slurp(path);
    double end = 0;
    if (text) {
        ri.sum = json_parse(text, err, sizeof err);
        free(text);
        const json_value *files = json_get(ri.sum, "files"), *pops = json_get(ri.sum, "populations");
        const json_value *tms = json_get(ri.sum, "time_ms");
        if (!ri.sum || !files || files->type != JSON_ARRAY || !pops || pops->type != JSON_OBJECT || !tms ||
            tms->type != JSON_NUMBER || !isfinite(tms->number) || tms->number < 0) {
            fprintf(stderr, "axon plot: %s is not a summary of axon run (%s)\n", path,
                    ri.sum ? "fields missing or of the wrong type" : err);
            run_info_free(&ri);
            return EXIT_MODEL;
        }
        ri.files = calloc(files->n + 1, sizeof *ri.files);
        for (size_t k = 0; ri.files && k < files->n; k++)
            if (files->items[k]->type == JSON_STRING && !strchr(files->items[k]->string, '/') &&
                (ri.files[ri.n_files] = strdup(files->items[k]->string)))
                ri.n_files++;
        end = tms->number;
        const json_value *name = json_get(ri.sum, "name"), *done = json_get(ri.sum, "completed");
        const json_value *dur = json_get(ri.sum, "duration_ms"), *start = json_get(ri.sum, "start_ms");
        snprintf(title, sizeof title, "%s", name && name->type == JSON_STRING ? name->string : "axon");
        if (done && done->type == JSON_BOOL && !done->number && dur && dur->type == JSON_NUMBER)
            add_note(note, sizeof note, "the run stopped at %g ms of %g ms", end,
                     dur->number + (start && start->type == JSON_NUMBER ? start->number : 0));
    } else if (errno == ENOENT) {
        if (scan_folder(dir, &ri) != 0) {
            fprintf(stderr, "axon plot: cannot read the folder %s: %s\n", dir, strerror(errno));
            return EXIT_MODEL;
        }
        const char *base = strrchr(dir, '/');
        snprintf(title, sizeof title, "%s", base && base[1] ? base + 1 : dir);
        add_note(note, sizeof note, "no summary.json (a run that did not finish?): what the files hold, without units");
        int st2 = last_spike_time(dir, &ri, &end);
        if (st2) {
            run_info_free(&ri);
            return st2;
        }
    } else {
        fprintf(stderr, "axon plot: cannot read %s: %s\n", path, strerror(errno));
        return EXIT_MODEL;
    }
    double t0 = isnan(from) ? 0 : from, t1 = isnan(to) ? end : to;
    if (!(t1 > t0) && (!isnan(from) || !isnan(to))) {
        fprintf(stderr, "axon plot: the time range [%g, %g] ms is empty: the recordings end at %g ms\n", t0, t1, end);
        run_info_free(&ri);
        return EXIT_USAGE;
    }
    if (!(t1 > t0))   /* stopped before the first step: an empty picture of the first ms */
        t1 = t0 + 1;
    if (pictures) {
        po.from = t0, po.to = t1, po.end = end, po.format = format, po.max_samples = max_samples;
        picture_run pr = {dir, title, ri.sum, ri.files, ri.n_files};
        int status = plot_pictures(&pr, &po);
        run_info_free(&ri);
        return status;
    }
    bool drawn = false;
    int status = plot_spike_files(dir, title, &ri, format, t0, t1, (size_t)max_spikes, note, sizeof note, &drawn);
    if (!status)
        status = plot_state_files(dir, title, &ri, format, (size_t)max_traces, (size_t)max_samples, note,
                                  sizeof note, &drawn);
    if (!status) {
        picture_run pr = {dir, title, ri.sum, ri.files, ri.n_files};
        snprintf(path, sizeof path, "%s/signals.%s", dir, format);
        status = plot_signal_files(&pr, path, (size_t)max_samples, note, sizeof note, &drawn);
    }
    int weight_figures = 0;
    if (!status)
        status = plot_weights(dir, title, &ri, format, (size_t)max_traces, (size_t)max_samples, note,
                              &weight_figures);
    if (!status && !drawn && !weight_figures) {
        fprintf(stderr, "axon plot: %s has no recordings to plot\n", dir);
        status = EXIT_MODEL;
    }
    run_info_free(&ri);
    return status;
}
