/*
 * plot_pictures.c - `axon plot OUTDIR --heatmap POP | --connections PROJ |
 * --signals | --gif POP` (plot_pictures.h): finds the files a picture
 * needs in the output folder, says precisely what to record when one is
 * missing, and hands the values to plot_space.c, plot.c or plot_anim.c.
 */
#include "plot_pictures.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "lattice.h"
#include "plot.h"
#include "plot_space.h"
#include "recordings.h"

#define PATH_LEN 4300

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

int pic_population(const picture_run *r, const char *opt, const char *pop, uint32_t *size, const char **model)
{
    *size = 0, *model = NULL;
    if (!r->sum)
        return 0;   /* no summary (a stopped run): sizes from the positions file */
    const json_value *pops = json_get(r->sum, "populations"), *pj = json_get(pops, pop);
    if (!pj) {
        char names[600] = "";
        for (size_t k = 0; pops && k < pops->n && strlen(names) + strlen(pops->keys[k]) + 3 < sizeof names; k++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "", pops->keys[k]);
        fprintf(stderr, "axon plot: %s %s: no population '%s' in %s/summary.json (populations: %s)\n", opt, pop, pop,
                r->dir, names);
        return EXIT_USAGE;
    }
    const json_value *sz = json_get(pj, "size"), *m = json_get(pj, "model");
    *size = sz && sz->type == JSON_NUMBER && sz->number >= 1 && sz->number <= UINT32_MAX ? (uint32_t)sz->number : 0;
    *model = m && m->type == JSON_STRING ? m->string : NULL;
    return 0;
}

int pic_lattice(const picture_run *r, const char *opt, const char *pop, uint32_t n, lattice *l)
{
    char path[PATH_LEN], err[1200];
    snprintf(path, sizeof path, "%s/%s.positions.csv", r->dir, pop);
    if (!file_exists(path)) {
        fprintf(stderr,
                "axon plot: %s %s: %s does not exist: population '%s' has no positions; give it a structure in "
                "the model file (e.g. structure = { grid = [rows, cols] } in [populations.%s]) and run it again\n",
                opt, pop, path, pop, pop);
        return EXIT_MODEL;
    }
    if (lattice_read(path, pop, n, l, err, sizeof err)) {
        fprintf(stderr, "axon plot: %s\n", err);
        return EXIT_MODEL;
    }
    return 0;
}

const char *pic_unit(const picture_run *r, const char *pop, const char *var, const char *model)
{
    const json_value *recs = json_get(r->sum, "recordings");
    for (size_t k = 0; recs && recs->type == JSON_ARRAY && k < recs->n; k++) {
        const json_value *o = json_get(recs->items[k], "population"), *v = json_get(recs->items[k], "variable");
        const json_value *u = json_get(recs->items[k], "unit");
        if (o && v && u && o->string && v->string && u->string && !strcmp(o->string, pop) && !strcmp(v->string, var))
            return u->string;
    }
    const ax_model *m = model ? ax_model_find(NULL, model) : NULL;
    for (uint32_t v = 0; m && v < m->n_vars; v++)
        if (!strcmp(m->vars[v].name, var))
            return m->vars[v].unit;
    return NULL;
}

int pic_state_file(const picture_run *r, const char *opt, const char *pop, const char *var, char *path, size_t len)
{
    snprintf(path, len, "%s/%s.%s.csv", r->dir, pop, var);
    if (file_exists(path))
        return 0;
    char csv[PATH_LEN];
    snprintf(csv, sizeof csv, "%s", path);
    snprintf(path, len, "%s/%s.%s.npy", r->dir, pop, var);   /* format = "npy" */
    if (file_exists(path))
        return 0;
    snprintf(path, len, "%s", csv);
    fprintf(stderr,
            "axon plot: %s %s: %s does not exist: record %s of every neuron of '%s' ([[record]] population = "
            "\"%s\", variables = [\"%s\"], neurons = \"all\"), or draw spike counts with --spikes\n", opt, pop,
            path, var, pop, pop, var);
    return EXIT_MODEL;
}

int pic_spike_file(const picture_run *r, const char *opt, const char *pop, char *path, size_t len)
{
    snprintf(path, len, "%s/%s.spikes.csv", r->dir, pop);
    if (file_exists(path))
        return 0;
    fprintf(stderr,
            "axon plot: %s %s: %s does not exist: record the spikes of '%s' ([[record]] population = \"%s\", "
            "variables = [\"spikes\"]), or draw a state variable with --time MS or --variable NAME\n",
            opt, pop, path, pop, pop);
    return EXIT_MODEL;
}

void pic_output(const picture_run *r, const picture_opts *o, const char *name, const char *ext, char *path,
                size_t len)
{
    if (o->out)
        snprintf(path, len, "%s", o->out);
    else
        snprintf(path, len, "%s/%s.%s", r->dir, name, ext);
}

/* Finite values' range, or the one given with --scale. */
void pic_scale(const picture_opts *o, double lo, double hi, double *out_lo, double *out_hi)
{
    if (!isnan(o->scale_lo)) {
        *out_lo = o->scale_lo, *out_hi = o->scale_hi;
        return;
    }
    if (!(lo <= hi))   /* no finite value */
        lo = 0, hi = 1;
    if (lo == hi)      /* all the same: a scale around it */
        lo -= 0.5, hi += 0.5;
    *out_lo = lo, *out_hi = hi;
}

/* ---- heat map ---- */

static int heatmap(const picture_run *r, const picture_opts *o)
{
    const char *pop = o->heatmap, *model, *var = o->variable ? o->variable : "v";
    uint32_t n;
    int st = pic_population(r, "--heatmap", pop, &n, &model);
    lattice l;
    if (st || (st = pic_lattice(r, "--heatmap", pop, n, &l)))
        return st;
    n = l.n;
    double *values = malloc(n * sizeof *values);
    if (!values) {
        lattice_free(&l);
        fprintf(stderr, "axon plot: out of memory\n");
        return EXIT_RUN;
    }
    char file[PATH_LEN], path[PATH_LEN], err[1200], label[300], name[300], note[600] = "";
    bool state = !o->spikes && (!isnan(o->time) || o->variable);
    double lo = INFINITY, hi = -INFINITY;
    if (state) {
        double at, first, last;
        uint32_t recorded;
        st = pic_state_file(r, "--heatmap", pop, var, file, sizeof file);
        if (!st && lattice_sample_at(file, pop, n, isnan(o->time) ? INFINITY : o->time, values, &at, &first, &last,
                                     &recorded, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            st = EXIT_MODEL;
        }
        if (!st && !isnan(o->time) && (o->time < first - 1e-9 * fabs(first) - 1e-9 ||
                                       o->time > last + 1e-9 * fabs(last) + 1e-9) && first < last) {
            fprintf(stderr, "axon plot: --time %g: %s has samples from %g to %g ms\n", o->time, file, first, last);
            st = EXIT_USAGE;
        }
        if (!st) {
            const char *unit = pic_unit(r, pop, var, model);
            char what[200];
            plot_axis_label(what, sizeof what, var, unit);
            snprintf(label, sizeof label, "%s at t = %g ms", what, at);
            snprintf(name, sizeof name, "%s.heatmap_%s", pop, var);
            if (recorded < n)
                snprintf(note, sizeof note, "%s recorded for %u of %u neurons (grey: not recorded)", var, recorded, n);
        }
    } else {
        uint64_t total;
        st = pic_spike_file(r, "--heatmap", pop, file, sizeof file);
        if (!st && lattice_spike_counts(file, pop, n, o->from, o->to, values, &total, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            st = EXIT_MODEL;
        }
        if (!st) {
            snprintf(label, sizeof label, "spikes per neuron, %g to %g ms", o->from, o->to);
            snprintf(name, sizeof name, "%s.heatmap_spikes", pop);
            snprintf(note, sizeof note, "%llu spikes of %u neurons in (%g, %g] ms", (unsigned long long)total, n,
                     o->from, o->to);
            lo = 0, hi = 1;   /* counts: from 0, at least to 1 */
        }
    }
    if (!st) {
        for (uint32_t i = 0; i < n; i++)
            if (isfinite(values[i]))
                lo = fmin(lo, values[i]), hi = fmax(hi, values[i]);
        pic_scale(o, lo, hi, &lo, &hi);
        if (!l.grid)
            snprintf(note + strlen(note), sizeof note - strlen(note), "%s%s", *note ? "; " : "",
                     l.flat ? "positions not on a grid: dots" : "3-D positions seen from above (z not shown)");
        pic_output(r, o, name, o->format, path, sizeof path);
        char title[400];
        snprintf(title, sizeof title, "%s: %s", r->title, pop);
        plot_cells cells;
        if (plot_heatmap(path, title, note, &l, values, lo, hi, label, &cells, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            st = EXIT_RUN;
        } else {
            printf("wrote %s: %s of '%s' on [%g, %g]", path, label, pop, lo, hi);
            if (l.grid)
                printf(", %u x %u cells of %d px from (%d, %d)\n", l.nx, l.ny, cells.cell, cells.x, cells.y);
            else
                printf(", %u dots\n", n);
            if (*note)
                printf("  note: %s\n", note);
        }
    }
    free(values);
    lattice_free(&l);
    return st;
}

/* ---- connections ---- */

/* The populations a projection joins, from summary.json's "projections". */
static void projection_ends(const picture_run *r, const char *proj, const char **pre, const char **post)
{
    const json_value *pj = json_get(json_get(r->sum, "projections"), proj);
    const json_value *f = json_get(pj, "from"), *t = json_get(pj, "to");
    if (f && f->type == JSON_STRING && !*pre)
        *pre = f->string;
    if (t && t->type == JSON_STRING && !*post)
        *post = t->string;
}

static int connections(const picture_run *r, const picture_opts *o)
{
    const char *arg = o->connections, *pre = o->pre, *post = o->post, *model;
    char file[PATH_LEN], path[PATH_LEN], err[1200], name[300];
    bool given_path = has_suffix(arg, ".csv") || strchr(arg, '/');
    if (given_path) {
        snprintf(file, sizeof file, "%s", arg);
        const char *base = strrchr(arg, '/');
        base = base ? base + 1 : arg;
        snprintf(name, sizeof name, "%.*s", (int)(strlen(base) - (has_suffix(base, ".csv") ? 4 : 0)), base);
    } else {
        snprintf(file, sizeof file, "%s/%s.connections.csv", r->dir, arg);
        snprintf(name, sizeof name, "%s", arg);
        projection_ends(r, arg, &pre, &post);
    }
    if (!file_exists(file)) {
        if (given_path)
            fprintf(stderr, "axon plot: --connections %s: the file does not exist\n", arg);
        else
            fprintf(stderr,
                    "axon plot: --connections %s: %s does not exist: write the synapses of projection '%s' with "
                    "write_connections = true in its [[projections]] table (the projection needs a name), or give "
                    "a connection list's path (rows source,target,weight[,delay]) with --pre POP --post POP\n",
                    arg, file, arg);
        return EXIT_MODEL;
    }
    if (!pre || !post) {
        fprintf(stderr,
                "axon plot: --connections %s: which populations does it join? %s; give them with --pre POP "
                "--post POP\n", arg,
                given_path ? "a connection list does not say"
                           : "summary.json names no such projection (a run without summary.json?)");
        return EXIT_USAGE;
    }
    uint32_t n_pre, n_post;
    lattice lp = {0}, lq = {0};
    int st = pic_population(r, "--pre", pre, &n_pre, &model);
    if (!st)
        st = pic_population(r, "--post", post, &n_post, &model);
    if (!st)
        st = pic_lattice(r, "--connections", pre, n_pre, &lp);
    bool same = !strcmp(pre, post);
    if (!st && !same)
        st = pic_lattice(r, "--connections", post, n_post, &lq);
    const lattice *q = same ? &lp : &lq;
    lattice_edges e = {0};
    if (!st && lattice_read_edges(file, lp.n, q->n, (size_t)o->max_synapses, &e, err, sizeof err)) {
        fprintf(stderr, "axon plot: %s\n", err);
        st = EXIT_MODEL;
    }
    if (!st) {
        char note[300] = "", title[400];
        if (e.total > e.n)
            snprintf(note, sizeof note, "an even sample of %zu of %llu synapses is drawn (--max-synapses)", e.n,
                     (unsigned long long)e.total);
        snprintf(title, sizeof title, "%s: %s (%s -> %s)", r->title, name, pre, post);
        snprintf(name + strlen(name), sizeof name - strlen(name), ".connections");
        pic_output(r, o, name, o->format, path, sizeof path);
        if (plot_connections(path, title, note, &lp, pre, q, post, &e, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            st = EXIT_RUN;
        } else {
            printf("wrote %s: %llu synapses of %s -> %s, %zu drawn, weights %g .. %g\n", path,
                   (unsigned long long)e.total, pre, post, e.n, e.total ? e.w_min : 0, e.total ? e.w_max : 0);
            if (*note)
                printf("  note: %s\n", note);
        }
    }
    lattice_edges_free(&e);
    lattice_free(&lp);
    lattice_free(&lq);
    return st;
}

/* ---- signals ---- */

bool picture_is_signal(const char *file)
{
    const char *dot = strchr(file, '.');
    if (!dot || !(has_suffix(file, ".csv") || has_suffix(file, ".npy")) || has_suffix(file, ".times.npy"))
        return false;
    const char *sig = dot + 1;
    size_t len = strlen(sig) - 4;
    return (len == 3 && (!strncmp(sig, "eeg", 3) || !strncmp(sig, "lfp", 3))) ||
           (len > 5 && !strncmp(sig, "mean_", 5) && !memchr(sig, '.', len));
}

int plot_signal_files(const picture_run *r, const char *path, size_t budget, char *note, size_t note_len, bool *drawn)
{
    size_t n = 0;
    for (size_t k = 0; k < r->n_files; k++)
        n += picture_is_signal(r->files[k]);
    if (!n)
        return 0;
    rec_table *tables = calloc(n, sizeof *tables);
    plot_panel *panels = calloc(n, sizeof *panels);
    plot_trace *traces = calloc(n, sizeof *traces);
    double **times = calloc(n, sizeof *times);
    char (*names)[200] = calloc(n, sizeof *names), (*units)[100] = calloc(n, sizeof *units);
    int st = 0;
    size_t m = 0;
    char file[PATH_LEN], tfile[PATH_LEN], err[1200];
    if (!tables || !panels || !traces || !times || !names || !units) {
        fprintf(stderr, "axon plot: out of memory\n");
        st = EXIT_RUN;
    }
    for (size_t k = 0; !st && k < r->n_files; k++) {
        const char *f = r->files[k];
        if (!picture_is_signal(f))
            continue;
        const char *dot = strchr(f, '.');
        char pop[128], sig[128];
        snprintf(pop, sizeof pop, "%.*s", (int)(dot - f), f);
        snprintf(sig, sizeof sig, "%.*s", (int)(strlen(dot + 1) - 4), dot + 1);
        snprintf(file, sizeof file, "%s/%s", r->dir, f);
        int bad;
        if (has_suffix(f, ".npy")) {
            snprintf(tfile, sizeof tfile, "%s/%s.%s.times.npy", r->dir, pop, sig);
            bad = rec_read_npy(file, tfile, 2, budget, &tables[m], err, sizeof err);
        } else {
            bad = rec_read_csv(file, REC_SAMPLES, 2, budget, &tables[m], err, sizeof err);
        }
        if (bad) {
            fprintf(stderr, "axon plot: %s\n", err);
            st = EXIT_MODEL;
            break;
        }
        rec_table *t = &tables[m];
        if (t->total > t->rows)
            snprintf(note + strlen(note), note_len - strlen(note), "%s%s: every %llu-th of %llu samples",
                     *note ? "; " : "", f, (unsigned long long)((t->total + t->rows - 1) / (t->rows ? t->rows : 1)),
                     (unsigned long long)t->total);
        times[m] = malloc((t->rows + 1) * sizeof **times);
        if (!times[m]) {
            fprintf(stderr, "axon plot: out of memory\n");
            st = EXIT_RUN;
            break;
        }
        for (size_t q = 0; q < t->rows; q++)
            times[m][q] = t->data[q * t->cols];
        const json_value *pj = json_get(json_get(r->sum, "populations"), pop), *mj = json_get(pj, "model");
        const char *unit = pic_unit(r, pop, sig, mj && mj->type == JSON_STRING ? mj->string : NULL);
        const char *what = !strcmp(sig, "eeg") ? "EEG estimate" : !strcmp(sig, "lfp") ? "LFP proxy" : sig;
        if (!strcmp(sig, "eeg") && unit && !*unit)
            unit = "v / (sigma r)";   /* the EEG's unit is v's over sigma's times distance's */
        snprintf(names[m], sizeof names[m], "%.60s %s", pop, what);
        snprintf(units[m], sizeof units[m], "%s", unit ? unit : "");
        traces[m] = (plot_trace){names[m], t->rows, times[m], t->cols > 1 ? t->data + 1 : t->data, t->cols};
        if (t->cols < 2)
            traces[m].n = 0;
        panels[m] = (plot_panel){names[m], unit ? units[m] : NULL, &traces[m], 1};
        m++;
    }
    if (!st) {
        if (plot_traces(path, r->title, note, panels, m, err, sizeof err)) {
            fprintf(stderr, "axon plot: %s\n", err);
            st = EXIT_RUN;
        } else {
            printf("wrote %s", path);
            char label[300];
            for (size_t k = 0; k < m; k++) {
                plot_axis_label(label, sizeof label, panels[k].variable, panels[k].unit);
                printf("%s%s", k ? "; " : ": ", label);
            }
            printf("\n");
            if (*note)
                printf("  note: %s\n", note);
            *drawn = true;
        }
    }
    for (size_t k = 0; tables && times && k < n; k++) {
        rec_table_free(&tables[k]);
        free(times[k]);
    }
    free(tables);
    free(panels);
    free(traces);
    free(times);
    free(names);
    free(units);
    return st;
}

int plot_pictures(const picture_run *r, const picture_opts *o)
{
    int st = 0;
    char path[PATH_LEN];
    if (o->heatmap)
        st = heatmap(r, o);
    if (!st && o->connections)
        st = connections(r, o);
    if (!st && o->signals) {
        char note[1024] = "";
        bool drawn = false;
        pic_output(r, o, "signals", o->format, path, sizeof path);
        st = plot_signal_files(r, path, (size_t)o->max_samples, note, sizeof note, &drawn);
        if (!st && !drawn) {
            fprintf(stderr,
                    "axon plot: --signals: %s has no population signals: record one with [[record]] population = "
                    "\"POP\", signal = \"mean_v\" (or \"eeg\", \"lfp\")\n", r->dir);
            st = EXIT_MODEL;
        }
    }
    if (!st && o->gif)
        st = plot_animation(r, o);
    return st;
}
