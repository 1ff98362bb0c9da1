/*
 * sweep_run.c - one run of `axon sweep`: the model file loaded with the
 * run's values as --set overrides and its trial's seed (exactly what
 * `axon run --set ...` would load), or - on the rebuild-free path, when
 * every swept key is a population's parameter - the worker's network of
 * the same trial reset and given the run's values (ax_sweep_apply); then
 * run, its spikes kept in memory (a sweep writes no recordings: `axon run
 * --set ...` of a row gives them), and its statistics per population
 * formatted as one CSV row.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sweep.h"

volatile sig_atomic_t sweep_stop;

/* A growing string. */
typedef struct text {
    char *s;
    size_t n, cap;
    bool failed;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    if (t->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->n + (size_t)len + 1 > t->cap) {
        size_t cap = (t->n + (size_t)len + 1) * 2;
        char *s = realloc(t->s, cap);
        if (!s) {
            t->failed = true;
            return;
        }
        t->s = s;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)len + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)len;
}

/* s as one CSV field: quoted when it holds a comma, quote or newline
 * (quotes doubled, newlines made spaces). */
static void put_field(text *t, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        put(t, "%s", s);
        return;
    }
    put(t, "\"");
    for (const char *c = s; *c; c++)
        put(t, "%s", *c == '"' ? "\"\"" : *c == '\n' || *c == '\r' ? " " : (char[2]){*c, 0});
    put(t, "\"");
}

/* A statistic: %.17g (reads back as the same double), empty when undefined. */
static void put_number(text *t, double x)
{
    if (isfinite(x))
        put(t, ",%.17g", x);
    else
        put(t, ",");
}

char *sweep_header(const sweep_plan *p)
{
    text t = {0};
    put(&t, "run,trial,seed");
    for (size_t k = 0; k < p->info.params; k++) {
        ax_sweep_param sp;
        ax_sweep_get_param(p->base, k, &sp, NULL);
        put(&t, ",");
        put_field(&t, sp.key);
    }
    put(&t, ",status");
    for (size_t k = 0; k < p->n_pops; k++) {
        put(&t, ",%s.spikes,%s.mean_rate_hz,%s.cv_isi", p->pops[k], p->pops[k], p->pops[k]);
        if (p->analysis)
            put(&t, ",%s.fano_factor,%s.synchrony_chi2", p->pops[k], p->pops[k]);
    }
    put(&t, ",message");
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

void sweep_worker_end(sweep_worker *w)
{
    ax_modelfile_free(w->m);
    w->m = NULL;
}

void sweep_worker_free(sweep_worker *w)
{
    sweep_worker_end(w);
    free(w->recs);
    w->recs = NULL;
}

/* Stops the run at its next window once a signal came. */
static int stop_when_asked(double t, double t_end, void *user)
{
    (void)t, (void)t_end, (void)user;
    return sweep_stop != 0;
}

/* The file loaded for run `run`: the command's --set, then the run's
 * values, its seed and the threads (they come last, so they win).  NULL
 * with the message in *err. */
static ax_modelfile *load_run(const sweep_plan *p, uint64_t run, const char *extra, ax_error *err)
{
    size_t n = p->n_sets + p->info.params + 2 + (extra != NULL), idx[64];
    char **own = calloc(p->info.params + 2, sizeof *own);
    const char **sets = calloc(n, sizeof *sets);
    uint64_t seed = 0;
    ax_modelfile *m = NULL;
    if (!own || !sets || ax_sweep_get_run(p->base, run, idx, 64, NULL, &seed, err) != AX_OK)
        goto out;
    for (size_t k = 0; k < p->n_sets; k++)
        sets[k] = p->sets[k];
    bool ok = true;
    for (size_t k = 0; k < p->info.params; k++) {
        ax_sweep_param sp;
        const char *value;
        ax_sweep_get_param(p->base, k, &sp, NULL);
        ax_sweep_get_value(p->base, k, idx[k], &value, NULL, NULL);
        size_t len = strlen(sp.key) + strlen(value) + 2;
        if (!(own[k] = malloc(len)))
            ok = false;
        else
            snprintf(own[k], len, "%s=%s", sp.key, value);
    }
    size_t last = p->info.params;
    if (ok && (own[last] = malloc(64)) && (own[last + 1] = malloc(64))) {
        snprintf(own[last], 64, "simulation.seed=%llu", (unsigned long long)seed);
        snprintf(own[last + 1], 64, "simulation.threads=%d", p->threads);
        for (size_t k = 0; k < p->info.params + 2; k++)
            sets[p->n_sets + k] = own[k];
        if (extra)
            sets[n - 1] = extra;
        m = ax_modelfile_load(p->model, sets, n, err);
    } else {
        ok = false;
    }
    if (!ok) {
        err->status = AX_ERR_MEMORY;
        snprintf(err->message, sizeof err->message, "out of memory");
    }
out:
    if (!own || !sets) {
        err->status = AX_ERR_MEMORY;
        snprintf(err->message, sizeof err->message, "out of memory");
    }
    for (size_t k = 0; own && k < p->info.params + 2; k++)
        free(own[k]);
    free(own);
    free(sets);
    return m;
}

/* A spike recorder of every neuron of every population, in the order of
 * the plan (before the build: recording changes nothing of the run). */
static ax_status add_recorders(const sweep_plan *p, ax_network *net, ax_recorder *recs)
{
    for (size_t k = 0; k < p->n_pops; k++) {
        ax_population pop;
        ax_status st = ax_population_find(net, p->pops[k], &pop);
        if (!st)
            st = ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &recs[k]);
        if (st)
            return st;
    }
    return AX_OK;
}

/* The network of the run, built and given the run's values: the worker's
 * (rebuild-free path, same trial), or a new one.  NULL with *err. */
static ax_modelfile *network_for(const sweep_plan *p, sweep_worker *w, uint64_t run, uint64_t trial,
                                 ax_recorder *recs, ax_error *err)
{
    if (p->info.rebuild_free && !p->rebuild && w->m && w->trial == trial) {
        if (ax_sweep_apply(w->m, run, err) != AX_OK)
            return NULL;
        w->reused++;
        return w->m;
    }
    sweep_worker_end(w);
    ax_modelfile *m = load_run(p, run, NULL, err);
    if (!m)
        return NULL;
    ax_network *net = ax_modelfile_get_network(m);
    ax_status st;
    if ((st = ax_modelfile_validate(m)) || (st = add_recorders(p, net, recs)) || (st = ax_modelfile_build(m))) {
        err->status = st;
        snprintf(err->message, sizeof err->message, "%s", ax_network_get_error(net));
        ax_modelfile_free(m);
        return NULL;
    }
    w->built++;
    if (p->info.rebuild_free && !p->rebuild) {
        w->m = m;
        w->trial = trial;
    }
    return m;
}

/* The columns of one population, as `axon analyze` computes them, from
 * its trains over [0, the run's end]: spikes, mean rate, mean CV of the
 * ISIs (over the neurons where it is defined), and with [analysis] the
 * pooled Fano factor and Golomb's synchrony chi^2 in windows of its bin.
 * tr NULL: the spikes could not be read (every column empty but spikes 0). */
static void trains_stats(const sweep_plan *p, const ax_spike_trains *tr, text *row)
{
    uint64_t spikes = 0;
    double rate = NAN, cv = NAN, fano = NAN, chi2 = NAN;
    double *per = tr ? malloc((tr->n_trains ? tr->n_trains : 1) * sizeof *per) : NULL;
    if (per) {
        spikes = tr->offsets[tr->n_trains];
        ax_spike_trains_rates(tr, per, &rate, NULL);
        ax_spike_trains_cv(tr, per, &cv, NULL, NULL);
        if (p->analysis && ax_spike_trains_fano_factor(tr, p->bin_ms, per, &fano, NULL) != AX_OK)
            fano = NAN;
        if (p->analysis && ax_spike_trains_synchrony(tr, p->bin_ms, 0, &chi2, NULL) != AX_OK)
            chi2 = NAN;
        free(per);
    }
    put(row, ",%llu", (unsigned long long)spikes);
    put_number(row, rate);
    put_number(row, cv);
    if (p->analysis) {
        put_number(row, fano);
        put_number(row, chi2);
    }
}

static void population_stats(const sweep_plan *p, ax_network *net, ax_recorder rec, text *row)
{
    ax_spike_trains tr;
    bool ok = ax_spike_trains_from_recorder(net, rec, 0, ax_network_get_time(net), &tr, NULL) == AX_OK;
    trains_stats(p, ok ? &tr : NULL, row);
    if (ok)
        ax_spike_trains_free(&tr);
}

/* "run,trial,seed,values..." of run `run`. */
static void row_start(const sweep_plan *p, uint64_t run, text *row)
{
    size_t idx[64];
    uint64_t trial = 0, seed = 0;
    ax_sweep_get_run(p->base, run, idx, 64, &trial, &seed, NULL);
    put(row, "%llu,%llu,%llu", (unsigned long long)run, (unsigned long long)trial, (unsigned long long)seed);
    for (size_t k = 0; k < p->info.params; k++) {
        const char *value;
        ax_sweep_get_value(p->base, k, idx[k], &value, NULL, NULL);
        put(row, ",");
        put_field(row, value);
    }
}

char *sweep_run_row(const sweep_plan *p, sweep_worker *w, uint64_t run, bool *stopped)
{
    *stopped = false;
    uint64_t trial = 0;
    ax_sweep_get_run(p->base, run, NULL, 0, &trial, NULL, NULL);
    text row = {0};
    row_start(p, run, &row);
    ax_error err = {0};
    if (!w->recs)
        w->recs = calloc(p->n_pops ? p->n_pops : 1, sizeof *w->recs);
    ax_recorder *recs = w->recs;
    bool reused = p->info.rebuild_free && !p->rebuild && w->m && w->trial == trial;
    ax_modelfile *m = recs ? network_for(p, w, run, trial, recs, &err) : NULL;
    if (!recs) {
        err.status = AX_ERR_MEMORY;
        snprintf(err.message, sizeof err.message, "out of memory");
    }
    ax_status st = m ? AX_OK : err.status;
    if (m) {
        ax_network *net = ax_modelfile_get_network(m);
        ax_network_set_progress(net, stop_when_asked, NULL, 0);
        st = ax_modelfile_run(m, ax_modelfile_get_duration(m));   /* simulation.duration may be swept */
        ax_network_set_progress(net, NULL, NULL, 0);
        if (st == AX_ERR_INTERRUPTED && sweep_stop) {
            *stopped = true;
            if (m != w->m)
                ax_modelfile_free(m);
            sweep_worker_end(w);   /* stopped midway: not to be reused */
            free(row.s);
            return NULL;
        }
        if (st) {
            snprintf(err.message, sizeof err.message, "%s", ax_network_get_error(net));
        } else {
            put(&row, ",completed");
            for (size_t k = 0; k < p->n_pops; k++)
                population_stats(p, net, recs[k], &row);
            put(&row, ",");
        }
        if (st && w->m == m)
            sweep_worker_end(w);   /* a failed network refuses to go on */
        else if (m != w->m)
            ax_modelfile_free(m);
    }
    if (st && reused) {
        /* made again from the file, so that the row says what a run of its own says (the place in the file) */
        sweep_worker_end(w);
        free(row.s);
        return sweep_run_row(p, w, run, stopped);
    }
    if (st) {
        put(&row, ",failed");
        for (size_t k = 0; k < p->n_pops; k++)
            put(&row, p->analysis ? ",,,,," : ",,,");
        put(&row, ",");
        put_field(&row, err.message);
    }
    if (row.failed) {
        free(row.s);
        return NULL;
    }
    return row.s;
}

int sweep_block_rows(const sweep_plan *p, uint64_t first, uint64_t n, char **rows)
{
    char size[300];
    snprintf(size, sizeof size, "populations.%s.size=%llu", p->pops[0],
             (unsigned long long)(p->block_size * n));
    ax_error err;
    ax_modelfile *m = load_run(p, first, size, &err);
    if (!m)
        return -1;
    ax_network *net = ax_modelfile_get_network(m);
    ax_recorder rec;
    ax_spike_trains all = {0};
    int result = -1;
    if (ax_sweep_apply_block(m, first, n, NULL) != AX_OK || ax_modelfile_validate(m) != AX_OK ||
        ax_recorder_add_spikes(net, 0, AX_ALL_NEURONS, &rec) != AX_OK || ax_modelfile_build(m) != AX_OK)
        goto out;
    ax_network_set_progress(net, stop_when_asked, NULL, 0);
    ax_status st = ax_modelfile_run(m, ax_modelfile_get_duration(m));
    ax_network_set_progress(net, NULL, NULL, 0);
    if (st == AX_ERR_INTERRUPTED && sweep_stop) {
        result = 1;
        goto out;
    }
    if (st || ax_spike_trains_from_recorder(net, rec, 0, ax_network_get_time(net), &all, NULL) != AX_OK)
        goto out;
    /* block j's trains: a view of its neurons, offsets counted from its first spike */
    size_t b = p->block_size, *offsets = malloc((b + 1) * sizeof *offsets);
    for (uint64_t j = 0; offsets && j < n; j++) {
        size_t base = all.offsets[j * b];
        for (size_t i = 0; i <= b; i++)
            offsets[i] = all.offsets[j * b + i] - base;
        ax_spike_trains tr = {b, offsets, all.times_ms + base, all.t_start, all.t_stop};
        text row = {0};
        row_start(p, first + j, &row);
        put(&row, ",completed");
        trains_stats(p, &tr, &row);
        put(&row, ",");
        rows[j] = row.failed ? (free(row.s), NULL) : row.s;
    }
    result = 0;
    for (uint64_t j = 0; j < n; j++)
        if (!offsets || !rows[j])
            result = -1;
    if (result)
        for (uint64_t j = 0; j < n; j++) {
            free(rows[j]);
            rows[j] = NULL;
        }
    free(offsets);
out:
    ax_spike_trains_free(&all);
    ax_modelfile_free(m);
    return result;
}
