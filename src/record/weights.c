/*
 * weights.c - recording the weights of plastic synapses.
 *
 * A plastic weight changes lazily (plasticity.h): the stored value lags
 * behind by the potentiation of the postsynaptic spikes that reached the
 * synapse since its last presynaptic spike.  The weight at a step
 * boundary T is therefore read with ax_plastic_weight(..., T), which adds
 * that pending potentiation without changing anything, at a moment when
 * the spikes emitted before T have been delivered and those from T on
 * have not.  Such a moment comes in the delivery phase of every window
 * [w0, w1) containing T: before the spikes of step T when w0 < T < w1,
 * after the window when T = w1.  Each thread samples the synapses of its
 * own part there - it alone writes their weights and owns their targets'
 * spike histories - so no barrier is added and the values are the same
 * for any number of threads.  Only the chosen synapses are visited, and
 * only at the chosen steps.
 *
 * The synapses are chosen by their position in ax_projection_get_synapses' order
 * (source, then thread part, then position in the row); which thread part
 * holds each is known after the build, so a selection is resolved then
 * into per-thread lists (ax_wsyn).  Rows of samples are allocated before
 * each run, as for state traces; sample j is row j, or j - skipped in a
 * network restored from a checkpoint (the earlier samples belong to the
 * run that saved it).  A histogram
 * is counted per thread and summed after the run.
 *
 * Under MPI the positions are those of the global order (source, rank,
 * part, position: net/synapse_order.h); each rank samples the chosen
 * synapses it stores, and after each chunk the rows are merged (each
 * column comes from the one rank that holds the synapse) and the
 * histograms' counts summed, so every rank holds what one process holds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/comm.h"
#include "core/error.h"
#include "net/synapse_order.h"
#include "plasticity/plasticity.h"
#include "record/record.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void wrec_free(ax_weight_recorder *w, int threads)
{
    if (!w)
        return;
    free(w->want);
    free(w->steps);
    free(w->edges);
    free(w->ids);
    for (int k = 0; w->own && k < threads; k++)
        free(w->own[k]);
    free(w->own);
    free(w->n_own);
    free(w->partial);
    free(w->counts);
    free(w);
}

void ax_weight_recorder_free(ax_weight_recorder *w, int threads) { wrec_free(w, threads); }

static const char *proj_name(const ax_network *net, const ax_projection_data *p, char *buf, size_t len)
{
    snprintf(buf, len, "%s -> %s", net->pops[p->from]->name, net->pops[p->to]->name);
    return buf;
}

/* Steps of a time in ms on the dt grid, or -1. */
static int64_t grid_steps(const ax_network *net, double ms)
{
    double s = ms / net->dt;
    if (!isfinite(s) || s < -1e-9 || s > 9e15 || fabs(s - llround(s)) > 1e-6)
        return -1;
    return llround(s);
}

/* Splits the selection into the parts of the threads, once the
 * projection is built. */
static ax_status resolve(ax_network *net, ax_recorder_data *r)
{
    ax_weight_recorder *w = r->w;
    if (w->resolved)
        return AX_OK;
    const ax_projection_data *p = net->projs[w->proj];
    char name[300];
    proj_name(net, p, name, sizeof name);
    uint64_t total = p->n_total;   /* all ranks' */
    uint64_t n = w->want ? w->n_want : w->n_want ? w->n_want : total;
    if (!w->want && n > total)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "record weights of projection %s: the first %llu synapses asked for, but it has %llu",
                       name, (unsigned long long)n, (unsigned long long)total);
    if (w->want && n && w->want[n - 1] >= total)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "record weights of projection %s: synapse index %llu is out of range: it has %llu synapses "
                       "(0 .. %llu)",
                       name, (unsigned long long)w->want[n - 1], (unsigned long long)total,
                       (unsigned long long)(total ? total - 1 : 0));
    if (ax_plan_memory(net, 32.0 * (double)n, "weight recording"))
        return AX_ERR_MEMORY;
    for (int k = 0; w->own && k < net->threads; k++)   /* an earlier attempt ran out of memory */
        free(w->own[k]);
    free(w->own);
    free(w->n_own);
    free(w->ids);
    w->own = calloc((size_t)net->threads, sizeof *w->own);
    w->n_own = calloc((size_t)net->threads, sizeof *w->n_own);
    w->ids = malloc((n ? n : 1) * sizeof *w->ids);
    if (!w->own || !w->n_own || !w->ids)
        return ax_fail(net, AX_ERR_MEMORY, "record weights of projection %s: out of memory", name);
    for (uint64_t c = 0; c < n; c++)
        w->ids[c] = w->want ? w->want[c] : c;
    /* count per thread, then fill: positions run over sources, then (under
     * MPI) ranks, then thread parts; this rank's share of source i's row
     * starts at ax_synapse_row_start, the positions before it are other
     * ranks' */
    for (int pass = 0; pass < 2; pass++) {
        uint64_t at = 0, c = 0;
        for (int k = 0; pass && k < net->threads; k++) {
            w->own[k] = malloc((w->n_own[k] ? w->n_own[k] : 1) * sizeof **w->own);
            if (!w->own[k])
                return ax_fail(net, AX_ERR_MEMORY, "record weights of projection %s: out of memory", name);
            w->n_own[k] = 0;
        }
        for (uint32_t i = 0; i < net->pops[p->from]->size && c < n; i++) {
            at = ax_synapse_row_start(net, p, i);
            while (c < n && w->ids[c] < at)
                c++;
            for (int k = 0; k < net->threads && c < n; k++) {
                const ax_syn_part *part = &p->parts[k];
                uint64_t len = part->row[i + 1] - part->row[i];
                for (; c < n; c++) {
                    uint64_t pos = w->ids[c];
                    if (pos >= at + len)
                        break;
                    if (pass)
                        w->own[k][w->n_own[k]] = (ax_wsyn){part->row[i] + (pos - at), c, i};
                    w->n_own[k]++;
                }
                at += len;
            }
        }
    }
    w->n_syn = n;
    w->resolved = true;
    return AX_OK;
}

ax_status ax_recorder_add_weights(ax_network *net, ax_projection proj, const ax_weight_spec *spec, ax_recorder *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_projection_data *p = ax_projection_lookup(net, proj, "record weights");
    if (!p)
        return AX_ERR_NOT_FOUND;
    char name[300];
    proj_name(net, p, name, sizeof name);
    if (!spec)
        return ax_fail(net, AX_ERR_ARGUMENT, "record weights of projection %s: the argument 'spec' is NULL", name);
    if (!p->plastic)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "record weights of projection %s: it is not plastic (its weights never change; "
                       "ax_projection_get_synapses gives them)", name);
    if (net->n_recs >= AX_RNG_MAX_OBJECTS)
        return ax_fail(net, AX_ERR_ARGUMENT, "record weights of projection %s: too many recorders", name);
    bool by_interval = spec->interval_ms != 0, by_times = spec->times_ms != NULL || spec->n_times;
    if (by_interval == by_times)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "record weights of projection %s: give either an interval or a list of times, not %s", name,
                       by_interval ? "both" : "neither");
    int64_t iv = 0;
    if (by_interval) {
        iv = grid_steps(net, spec->interval_ms);
        if (iv < 1 || iv > 1000000000)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "record weights of projection %s: interval %g ms is not allowed: must be a multiple of "
                           "dt = %g ms",
                           name, spec->interval_ms, net->dt);
    }
    if (by_times && (!spec->times_ms || !spec->n_times))
        return ax_fail(net, AX_ERR_ARGUMENT, "record weights of projection %s: an empty list of times", name);
    if (spec->bins > 100000)
        return ax_fail(net, AX_ERR_ARGUMENT, "record weights of projection %s: %u bins: at most 100000 allowed",
                       name, spec->bins);
    double low = spec->low, high = spec->high;
    if (spec->bins && low == high) {
        const ax_plasticity *rule = &p->plastic->rule;
        if (rule->timing == AX_STDP_EQUATIONS)
            return ax_fail(net, AX_ERR_ARGUMENT, "record weights of projection %s: rule %s is written as equations, "
                           "which bound w in their statements, not by w_min and w_max: give the histogram's range "
                           "(low < high)", name, rule->rule);
        low = rule->timing == AX_STDP_VOGELS2011 ? -rule->w_max : rule->w_min;
        high = rule->w_max;
    }
    if (spec->bins && !(isfinite(low) && isfinite(high) && low < high))
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "record weights of projection %s: histogram range [%g, %g]: need finite low < high", name, low,
                       high);
    ax_synapses sel = spec->synapses;
    ax_weight_recorder *w = calloc(1, sizeof *w);
    ax_recorder_data *r = calloc(1, sizeof *r);
    ax_status st = AX_OK;
    if (!w || !r) {
        st = ax_fail(net, AX_ERR_MEMORY, "record weights: out of memory");
        goto fail;
    }
    r->w = w;
    r->var = AX_VAR_WEIGHTS;
    r->pop = p->to;
    w->proj = proj;
    w->n_want = sel.n;
    w->bins = spec->bins;
    w->low = low;
    w->high = high;
    if (sel.list) {
        if (!sel.n) {
            st = ax_fail(net, AX_ERR_ARGUMENT, "record weights of projection %s: an empty list of synapses", name);
            goto fail;
        }
        if (!(w->want = malloc(sel.n * sizeof *w->want))) {
            st = ax_fail(net, AX_ERR_MEMORY, "record weights: out of memory");
            goto fail;
        }
        memcpy(w->want, sel.list, sel.n * sizeof *w->want);
        qsort(w->want, sel.n, sizeof *w->want, cmp_u64);
        for (size_t c = 1; c < sel.n; c++)
            if (w->want[c] == w->want[c - 1]) {
                st = ax_fail(net, AX_ERR_ARGUMENT,
                             "record weights of projection %s: synapse index %llu is listed twice", name,
                             (unsigned long long)w->want[c]);
                goto fail;
            }
    }
    if (by_interval) {
        w->interval = iv;
        w->first = (net->step + iv - 1) / iv * iv;
    } else {
        if (!(w->steps = malloc(spec->n_times * sizeof *w->steps))) {
            st = ax_fail(net, AX_ERR_MEMORY, "record weights: out of memory");
            goto fail;
        }
        for (size_t j = 0; j < spec->n_times; j++) {
            int64_t s = grid_steps(net, spec->times_ms[j]);
            if (s < 0 || s < net->step) {
                st = ax_fail(net, AX_ERR_ARGUMENT,
                             "record weights of projection %s: time %g ms is not allowed: must be on the dt grid "
                             "(dt = %g ms) and not before the current time, %g ms",
                             name, spec->times_ms[j], net->dt, net->step * net->dt);
                goto fail;
            }
            w->steps[j] = s;
        }
        qsort(w->steps, spec->n_times, sizeof *w->steps, cmp_i64);
        size_t m = 0;
        for (size_t j = 0; j < spec->n_times; j++)
            if (!m || w->steps[j] != w->steps[m - 1])
                w->steps[m++] = w->steps[j];
        w->n_steps = m;
    }
    if (w->bins) {
        if (!(w->edges = malloc((w->bins + 1) * sizeof *w->edges))) {
            st = ax_fail(net, AX_ERR_MEMORY, "record weights: out of memory");
            goto fail;
        }
        for (uint32_t b = 0; b <= w->bins; b++)
            w->edges[b] = low + (high - low) * b / w->bins;
    }
    if (net->core.built && (st = resolve(net, r)))
        goto fail;
    size_t cap = net->cap_recs;
    if (ax_grow((void **)&net->recs, &cap, net->n_recs + 1, sizeof *net->recs)) {
        st = ax_fail(net, AX_ERR_MEMORY, "record weights: out of memory");
        goto fail;
    }
    net->cap_recs = (uint32_t)cap;
    r->index = net->n_recs;
    net->recs[net->n_recs++] = r;
    net->n_weight_recs++;
    if (out)
        *out = r->index;
    return AX_OK;
fail:
    free(r);   /* nothing of its own is allocated before it is listed */
    wrec_free(w, net->threads);
    return st;
}

ax_status ax_weights_resolve(ax_network *net)
{
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_status st = net->recs[k]->var == AX_VAR_WEIGHTS ? resolve(net, net->recs[k]) : AX_OK;
        if (st)
            return st;
    }
    return AX_OK;
}

/* ---- during runs ---- */

/* Samples taken at steps <= t. */
static size_t samples_until(const ax_weight_recorder *w, int64_t t)
{
    if (w->interval)
        return t < w->first ? 0 : (size_t)((t - w->first) / w->interval + 1);
    size_t lo = 0, hi = w->n_steps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->steps[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int64_t sample_step(const ax_weight_recorder *w, size_t j)
{
    return w->interval ? w->first + (int64_t)j * w->interval : w->steps[j];
}

/* Rows held for the samples taken at steps <= t (none of those skipped). */
static size_t rows_until(const ax_weight_recorder *w, int64_t t)
{
    size_t j = samples_until(w, t);
    return j > w->skipped ? j - w->skipped : 0;
}

void ax_weights_restart(ax_network *net, int64_t step)
{
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        if (r->var != AX_VAR_WEIGHTS)
            continue;
        /* a run that ended at `step` took the sample there */
        r->w->skipped = step > 0 ? samples_until(r->w, step) : 0;
        r->n_samples = 0;
    }
}

ax_status ax_weights_prepare_run(ax_network *net, int64_t t0, int64_t t_end)
{
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        if (r->var != AX_VAR_WEIGHTS)
            continue;
        ax_weight_recorder *w = r->w;
        ax_status st = resolve(net, r);
        if (st)
            return st;
        (void)t0;
        size_t need = rows_until(w, t_end), cap = r->cap_samples;
        size_t cols = w->bins ? w->bins : w->n_syn, part_cols = w->bins ? (size_t)w->bins * net->threads : 0;
        if (need > cap) {
            double bytes = 8.0 * (double)(need - r->n_samples) * (double)(cols + part_cols + 1);
            if (ax_plan_memory(net, bytes, "weight recording"))
                return AX_ERR_MEMORY;
            size_t c = cap ? cap : 16;
            while (c < need)
                c *= 2;
            double *t = realloc(r->times, c * sizeof *t);
            if (t)
                r->times = t;
            bool ok = t != NULL;
            if (ok && !w->bins) {
                double *v = realloc(r->values, (c * cols > 0 ? c * cols : 1) * sizeof *v);
                if (v)
                    r->values = v;
                ok = v != NULL;
            } else if (ok) {
                uint64_t *pc = realloc(w->partial, c * part_cols * sizeof *pc);
                if (pc)
                    w->partial = pc;
                uint64_t *cc = realloc(w->counts, c * cols * sizeof *cc);
                if (cc)
                    w->counts = cc;
                ok = pc && cc;
            }
            if (!ok)
                return ax_fail(net, AX_ERR_MEMORY, "run: out of memory for %zu samples of a weight recorder", need);
            r->cap_samples = c;
        }
        for (size_t j = r->n_samples; j < need; j++) {
            r->times[j] = (double)sample_step(w, j + w->skipped) * net->dt;
            if (w->bins)
                memset(w->partial + j * part_cols, 0, part_cols * sizeof *w->partial);
            else if (net->ranks > 1)   /* other ranks' columns: zeros until merged */
                memset(r->values + j * cols, 0, cols * sizeof *r->values);
        }
    }
    return AX_OK;
}

/* Thread k takes the sample of row j (at step T) of recorder r for its own synapses. */
static void take(const ax_network *net, const ax_recorder_data *r, int k, size_t j, int64_t T)
{
    const ax_weight_recorder *w = r->w;
    const ax_projection_data *p = net->projs[w->proj];
    const ax_wsyn *own = w->own[k];
    size_t n = w->n_own[k];
    if (!w->bins) {
        double *row = r->values + j * w->n_syn;
        for (size_t c = 0; c < n; c++)
            row[own[c].col] = ax_plastic_weight(net, p, k, own[c].i, own[c].q, T);
        return;
    }
    uint64_t *count = w->partial + (j * (size_t)net->threads + (size_t)k) * w->bins;
    const double scale = w->bins / (w->high - w->low);
    for (size_t c = 0; c < n; c++) {
        double x = (ax_plastic_weight(net, p, k, own[c].i, own[c].q, T) - w->low) * scale;
        uint32_t b = x <= 0 ? 0 : x >= w->bins ? w->bins - 1 : (uint32_t)x;
        count[b]++;
    }
}

int64_t ax_weights_next_step(const ax_network *net, int64_t after)
{
    int64_t next = INT64_MAX;
    for (uint32_t k = 0; k < net->n_recs; k++) {
        const ax_recorder_data *r = net->recs[k];
        if (r->var != AX_VAR_WEIGHTS)
            continue;
        size_t j = samples_until(r->w, after);
        if ((r->w->interval || j < r->w->n_steps) && sample_step(r->w, j) < next)
            next = sample_step(r->w, j);
    }
    return next;
}

void ax_weights_sample(const ax_network *net, int k, int64_t T)
{
    for (uint32_t q = 0; q < net->n_recs; q++) {
        const ax_recorder_data *r = net->recs[q];
        if (r->var != AX_VAR_WEIGHTS)
            continue;
        size_t j = samples_until(r->w, T);
        if (j && sample_step(r->w, j - 1) == T && j - 1 >= r->n_samples + r->w->skipped)
            take(net, r, k, j - 1 - r->w->skipped, T);
    }
}

void ax_weights_finish_run(ax_network *net, int64_t t_stop)
{
    for (uint32_t q = 0; q < net->n_recs; q++) {
        ax_recorder_data *r = net->recs[q];
        if (r->var != AX_VAR_WEIGHTS)
            continue;
        ax_weight_recorder *w = r->w;
        size_t done = rows_until(w, t_stop);
        for (size_t j = r->n_samples; w->bins && j < done; j++)
            for (uint32_t b = 0; b < w->bins; b++) {
                uint64_t sum = 0;
                for (int k = 0; k < net->threads; k++)
                    sum += w->partial[(j * (size_t)net->threads + (size_t)k) * w->bins + b];
                w->counts[j * w->bins + b] = sum;
            }
        if (net->ranks > 1 && done > r->n_samples) {
            /* every rank's columns (or counts) of the new rows, on every rank */
            size_t rows = done - r->n_samples;
            if (w->bins)
                ax_comm_allreduce_u64(w->counts + r->n_samples * w->bins, rows * w->bins, AX_COMM_SUM);
            else
                ax_comm_merge(r->values + r->n_samples * w->n_syn, rows * w->n_syn * sizeof *r->values);
        }
        if (done > r->n_samples)
            r->n_samples = done;
    }
}

/* ---- reading ---- */

ax_status ax_recorder_get_weights(const ax_network *net, ax_recorder rec, size_t *n_samples, size_t *n_synapses,
                         const double **times, const double **values, const uint64_t **synapses)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_recorder_data *r = ax_recorder_lookup_kind(net, rec, AX_RECORDER_WEIGHTS, "get weights");
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (!n_samples || !n_synapses)
        return ax_fail_null(net, "get weights", !n_samples ? "n_samples" : "n_synapses");
    *n_samples = r->n_samples;
    *n_synapses = r->w->n_syn;
    if (times)
        *times = r->times;
    if (values)
        *values = r->values;
    if (synapses)
        *synapses = r->w->ids;
    return AX_OK;
}

ax_status ax_recorder_get_weight_histogram(const ax_network *net, ax_recorder rec, size_t *n_samples, size_t *bins,
                                  const double **times, const uint64_t **counts, const double **edges)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_recorder_data *r = ax_recorder_lookup_kind(net, rec, AX_RECORDER_WEIGHT_HISTOGRAM, "get weight histogram");
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (!n_samples || !bins)
        return ax_fail_null(net, "get weight histogram", !n_samples ? "n_samples" : "bins");
    *n_samples = r->n_samples;
    *bins = r->w->bins;
    if (times)
        *times = r->times;
    if (counts)
        *counts = r->w->counts;
    if (edges)
        *edges = r->w->edges;
    return AX_OK;
}
