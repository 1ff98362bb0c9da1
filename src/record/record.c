/*
 * record.c - spike and state recorders.
 *
 * Spikes: during a run each thread appends the spikes of its own neurons
 * to its own chunk (no sharing); after the run the chunks are merged in
 * (time, neuron) order - for one step, thread 0's neurons come before
 * thread 1's, which have higher ids - and appended to the recorder.
 *
 * State: the rows of a run are allocated before it starts, since the
 * number of samples is known; each thread then writes the columns of its
 * own neurons.  A sample is taken after the update of step s when
 * (s + 1) is a multiple of the interval, and is the state at (s + 1) dt.
 *
 * Under MPI a rank records only its own neurons; after each run (chunk)
 * ranks.c gives every rank every rank's spikes and columns.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "record/record.h"

static ax_status new_recorder(ax_network *net, ax_population pop, int var, ax_neurons neurons, const char *what,
                              ax_recorder_data **out)
{
    ax_population_data *p = net->pops[pop];
    if (net->n_recs >= AX_RNG_MAX_OBJECTS)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: too many recorders", what);
    ax_recorder_data *r = calloc(1, sizeof *r);
    if (!r)
        return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", what);
    r->pop = pop;
    r->var = var;
    r->interval = 1;
    ax_status st = ax_selection_make(net, neurons, p->size, what, &r->sel);
    size_t cap = net->cap_recs;
    if (!st && ax_grow((void **)&net->recs, &cap, net->n_recs + 1, sizeof *net->recs))
        st = ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", what);
    if (!st && var < 0) {
        r->chunks = ax_alloc_lines(net, (size_t)net->threads, sizeof *r->chunks, what);
        if (!r->chunks)
            st = AX_ERR_MEMORY;
        if (!st && r->sel.list) {
            if (!(r->mask = ax_alloc_zero(net, p->size, 1, what)))
                st = AX_ERR_MEMORY;
            else
                for (uint32_t k = 0; k < r->sel.n; k++)
                    r->mask[r->sel.list[k]] = 1;
        }
    }
    if (st) {
        ax_recorder_data_free(r, net->threads);
        return st;
    }
    net->cap_recs = (uint32_t)cap;
    r->index = net->n_recs;
    net->recs[net->n_recs++] = r;
    *out = r;
    return AX_OK;
}

ax_status ax_recorder_add_spikes(ax_network *net, ax_population pop, ax_neurons neurons, ax_recorder *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "record spikes");
    if (!p)
        return AX_ERR_NOT_FOUND;
    char what[128];
    snprintf(what, sizeof what, "record spikes of '%s'", p->name);
    ax_recorder_data *r = NULL;
    ax_status st = new_recorder(net, pop, -1, neurons, what, &r);
    if (!st && out)
        *out = r->index;
    return st;
}

ax_status ax_recorder_add_state(ax_network *net, ax_population pop, const char *var, ax_neurons neurons, double interval_ms,
                          ax_recorder *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "record state");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!var)
        return ax_fail_null(net, "record state", "var");
    const ax_model *m = p->model;
    int v = -1;
    for (uint32_t k = 0; k < m->n_vars; k++)
        if (strcmp(m->vars[k].name, var) == 0)
            v = (int)k;
    if (v < 0) {
        ax_suggest s;
        char hint[96], list[512] = "";
        ax_suggest_init(&s, var);
        for (uint32_t k = 0; k < m->n_vars; k++) {
            ax_suggest_add(&s, m->vars[k].name);
            ax_append(list, sizeof list, k ? ", " : "");
            ax_append(list, sizeof list, m->vars[k].name);
        }
        return ax_fail(net, AX_ERR_NOT_FOUND,
                       "record state: unknown state variable '%s' for %s (population '%s')%s; allowed: spikes%s%s",
                       var, m->name, p->name, ax_suggest_text(&s, hint, sizeof hint),
                       *list ? ", " : "", list);
    }
    double steps = interval_ms == 0 ? 1 : interval_ms / net->dt;
    if (!isfinite(steps) || steps < 1 - 1e-9 || fabs(steps - llround(steps)) > 1e-6 || steps > 1e9)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "record state '%s' of '%s': interval %g ms is not allowed: must be a multiple of dt = %g ms",
                       var, p->name, interval_ms, net->dt);
    char what[128];
    snprintf(what, sizeof what, "record '%s' of '%s'", var, p->name);
    ax_recorder_data *r = NULL;
    ax_status st = new_recorder(net, pop, v, neurons, what, &r);
    if (st)
        return st;
    r->interval = (uint32_t)llround(steps);
    if (out)
        *out = r->index;
    return AX_OK;
}

void ax_recorder_data_free(ax_recorder_data *r, int threads)
{
    if (!r)
        return;
    ax_weight_recorder_free(r->w, threads);
    ax_signal_free(r->sig);
    ax_selection_free(&r->sel);
    free(r->mask);
    free(r->columns);
    free(r->values);
    free(r->times);
    if (r->chunks)
        for (int k = 0; k < threads; k++) {
            free(r->chunks[k].step);
            free(r->chunks[k].idx);
        }
    free(r->chunks);
    free(r->spike_times);
    free(r->spike_idx);
    ax_stream_free(r->stream);
    free(r);
}

int ax_record_spike(ax_recorder_data *rec, int thread, int64_t step, uint32_t neuron)
{
    ax_spike_chunk *c = &rec->chunks[thread];
    if (c->n == c->cap) {
        size_t cap = c->cap, cap2 = c->cap;
        if (ax_grow((void **)&c->step, &cap, c->n + 1, sizeof *c->step) ||
            ax_grow((void **)&c->idx, &cap2, c->n + 1, sizeof *c->idx))
            return -1;
        c->cap = cap < cap2 ? cap : cap2;
    }
    c->step[c->n] = step;
    c->idx[c->n++] = neuron;
    return 0;
}

/* Samples q = t0/iv + 1 .. t_end/iv fall in steps [t0, t_end). */
ax_status ax_record_prepare_run(ax_network *net, int64_t t0, int64_t t_end)
{
    if (net->n_signal_recs && ax_signal_prepare(net))
        return AX_ERR_MEMORY;
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        if (r->var < 0)
            continue;
        size_t add = (size_t)(t_end / r->interval - t0 / r->interval);
        size_t need = r->n_samples + add, cap = r->cap_samples;
        if (need > cap) {
            double bytes = 8.0 * (double)add * (r->sel.n + 1);
            if (ax_plan_memory(net, bytes, "state recording"))
                return AX_ERR_MEMORY;
            size_t c = cap ? cap : 64;
            while (c < need)
                c *= 2;
            double *v = realloc(r->values, c * r->sel.n * sizeof *v);
            if (v)
                r->values = v;
            double *t = realloc(r->times, c * sizeof *t);
            if (t)
                r->times = t;
            if (!v || !t)
                return ax_fail(net, AX_ERR_MEMORY, "run: out of memory for %zu samples of a state recorder", need);
            r->cap_samples = c;
        }
        for (size_t q = 0; q < add; q++)
            r->times[r->n_samples + q] = (double)((t0 / r->interval + 1 + (int64_t)q) * r->interval) * net->dt;
    }
    return net->n_weight_recs ? ax_weights_prepare_run(net, t0, t_end) : AX_OK;
}

void ax_record_sample(const ax_network *net, ax_recorder_data *rec, const ax_population_data *p, uint32_t b, uint32_t e,
                      int64_t step)
{
    /* rows of this run start at n_samples, which ax_record_finish_run moves */
    int64_t t0 = net->step;
    size_t row = rec->n_samples + (size_t)((step + 1) / rec->interval - (t0 / rec->interval + 1));
    double *dst = rec->values + row * rec->sel.n;
    const double *x = p->state[rec->var];
    if (!rec->sel.list) {
        uint32_t hi = e < rec->sel.n ? e : rec->sel.n;
        for (uint32_t i = b; i < hi; i++)
            dst[i] = x[i];
        return;
    }
    uint32_t lo = 0, hi = rec->sel.n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (rec->sel.list[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t c = lo; c < rec->sel.n && rec->sel.list[c] < e; c++)
        dst[c] = x[rec->sel.list[c]];
}

/* Appends the run's spikes of the threads' chunks to the recorder.
 * Returns -1, with nothing merged, when out of memory. */
static int merge_spikes(const ax_network *net, ax_recorder_data *r)
{
    size_t total = 0;
    for (int k = 0; k < net->threads; k++)
        total += r->chunks[k].n;
    if (!total)
        return 0;
    size_t *at = calloc((size_t)net->threads, sizeof *at);
    if (!at)
        return -1;
    size_t need = r->n_spikes + total, cap = r->cap_spikes;
    if (need > cap) {
        size_t c = cap ? cap : 1024;
        while (c < need)
            c *= 2;
        double *t = realloc(r->spike_times, c * sizeof *t);
        if (t)
            r->spike_times = t;
        uint32_t *i = realloc(r->spike_idx, c * sizeof *i);
        if (i)
            r->spike_idx = i;
        if (!t || !i) {
            free(at);
            return -1;
        }
        r->cap_spikes = c;
    }
    for (;;) {
        int64_t s = INT64_MAX;
        for (int k = 0; k < net->threads; k++)
            if (at[k] < r->chunks[k].n && r->chunks[k].step[at[k]] < s)
                s = r->chunks[k].step[at[k]];
        if (s == INT64_MAX)
            break;
        for (int k = 0; k < net->threads; k++) {
            ax_spike_chunk *c = &r->chunks[k];
            while (at[k] < c->n && c->step[at[k]] == s) {
                r->spike_times[r->n_spikes] = (double)(s + 1) * net->dt;
                r->spike_idx[r->n_spikes++] = c->idx[at[k]++];
            }
        }
    }
    free(at);
    for (int k = 0; k < net->threads; k++)
        r->chunks[k].n = 0;
    return 0;
}

ax_status ax_record_finish_run(ax_network *net, int64_t t0, int64_t t_stop)
{
    ax_status st = AX_OK;
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        if (r->var == AX_VAR_SPIKES) {
            size_t from = r->n_spikes;
            int failed = merge_spikes(net, r);
            if (net->ranks > 1)   /* every rank's spikes of the chunk, on every rank (ranks.c) */
                failed = ax_record_gather_spikes(net, r, from, failed != 0);
            if (failed && !st) {
                /* the run is done but this recording lacks its spikes: say so,
                 * and refuse to continue (as after a failure inside the run) */
                net->failed = true;
                st = ax_fail(net, AX_ERR_MEMORY,
                             "run: out of memory for the spikes of recorder %u (population '%s') at t = %g ms; its "
                             "recording stops at the end of the previous run",
                             k, net->pops[r->pop]->name, (double)t_stop * net->dt);
            }
        } else if (r->var >= 0) {
            size_t rows = (size_t)(t_stop / r->interval - t0 / r->interval);
            /* each rank sampled its own neurons (a signal is summed over all ranks already) */
            if (net->ranks > 1 && !r->sig && ax_record_gather_rows(net, r, r->n_samples, rows) && !st) {
                net->failed = true;
                st = ax_fail(net, AX_ERR_MEMORY,
                             "run: out of memory gathering the samples of recorder %u (population '%s') from the "
                             "ranks at t = %g ms", k, net->pops[r->pop]->name, (double)t_stop * net->dt);
            }
            r->n_samples += rows;
        }
    }
    if (net->n_weight_recs)
        ax_weights_finish_run(net, t_stop);
    return st;
}

static ax_recorder_kind kind_of(const ax_recorder_data *r)
{
    return r->var == AX_VAR_SPIKES    ? AX_RECORDER_SPIKES
           : r->sig                   ? AX_RECORDER_SIGNAL
           : r->var != AX_VAR_WEIGHTS ? AX_RECORDER_STATE
           : r->w->bins               ? AX_RECORDER_WEIGHT_HISTOGRAM
                                      : AX_RECORDER_WEIGHTS;
}

/* What a recorder records, for messages. */
static const char *recorded(const ax_network *net, const ax_recorder_data *r)
{
    return r->var == AX_VAR_SPIKES    ? "spikes"
           : r->sig                   ? r->sig->name
           : r->var == AX_VAR_WEIGHTS ? (r->w->bins ? "a weight histogram" : "weights")
                                      : net->pops[r->pop]->model->vars[r->var].name;
}

ax_recorder_data *ax_recorder_lookup(const ax_network *net, ax_recorder rec, const char *caller)
{
    if (rec >= net->n_recs) {
        ax_fail(net, AX_ERR_NOT_FOUND, "%s: recorder handle %u does not exist (the network has %u)", caller, rec,
                net->n_recs);
        return NULL;
    }
    return net->recs[rec];
}

ax_recorder_data *ax_recorder_lookup_kind(const ax_network *net, ax_recorder rec, ax_recorder_kind kind,
                                          const char *caller)
{
    static const char *const kinds[] = {"spikes", "a state variable", "weights", "a weight histogram",
                                         "a population signal"};
    ax_recorder_data *r = ax_recorder_lookup(net, rec, caller);
    if (r && kind_of(r) != kind) {
        ax_fail(net, AX_ERR_NOT_FOUND, "%s: recorder %u records %s, not %s", caller, rec, recorded(net, r),
                kinds[kind]);
        return NULL;
    }
    return r;
}

ax_status ax_record_restart(ax_network *net, int64_t step)
{
    for (uint32_t k = 0; k < net->n_recs; k++) {
        ax_recorder_data *r = net->recs[k];
        r->n_spikes = 0;
        r->n_samples = 0;
        if (r->sig)
            ax_signal_restart(r->sig);
        for (int t = 0; r->chunks && t < net->threads; t++)
            r->chunks[t].n = 0;
    }
    if (net->n_weight_recs)
        ax_weights_restart(net, step);
    net->recorded_step = step;
    return ax_record_stream_restart(net);
}

ax_status ax_recorder_get_spikes(const ax_network *net, ax_recorder rec, size_t *n, const double **times, const uint32_t **neurons)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_recorder_data *r = ax_recorder_lookup_kind(net, rec, AX_RECORDER_SPIKES, "get spikes");
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (!n)
        return ax_fail_null(net, "get spikes", "n");
    *n = r->n_spikes;
    if (times)
        *times = r->spike_times;
    if (neurons)
        *neurons = r->spike_idx;
    return AX_OK;
}

/* The recorded neuron indices of a "first n" selection, made on demand. */
static const uint32_t *columns(ax_recorder_data *r)
{
    if (r->sel.list)
        return r->sel.list;
    if (!r->columns) {
        r->columns = malloc((r->sel.n ? r->sel.n : 1) * sizeof *r->columns);
        if (!r->columns)
            return NULL;
        for (uint32_t i = 0; i < r->sel.n; i++)
            r->columns[i] = i;
    }
    return r->columns;
}

ax_status ax_recorder_get_trace(const ax_network *net, ax_recorder rec, size_t *n_samples, size_t *n_neurons,
                       const double **times, const double **values, const uint32_t **neurons)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    /* a population signal is a trace of one column */
    ax_recorder_data *r = ax_recorder_lookup(net, rec, "get trace");
    if (r && !r->sig)
        r = ax_recorder_lookup_kind(net, rec, AX_RECORDER_STATE, "get trace");
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (!n_samples || !n_neurons)
        return ax_fail_null(net, "get trace", !n_samples ? "n_samples" : "n_neurons");
    *n_samples = r->n_samples;
    *n_neurons = r->sel.n;
    if (times)
        *times = r->times;
    if (values)
        *values = r->values;
    if (neurons && !(*neurons = columns(r)))
        return ax_fail(net, AX_ERR_MEMORY, "get trace: out of memory");
    return AX_OK;
}

size_t ax_recorder_count(const ax_network *net)
{
    return net ? net->n_recs : 0;
}

/* What a weight of projection `proj` means: its receptor's unit on the
 * target's model, a conductance for gap junctions, a fraction of T_max
 * for graded release. */
static const char *weight_unit(const ax_network *net, uint32_t proj)
{
    const ax_projection_data *pr = net->projs[proj];
    if (pr->chemical)
        return "";
    if (pr->gap)
        return "uS";
    if (pr->graded)
        return "";
    const ax_model *m = net->pops[pr->to]->model;
    return pr->receptor < m->n_receptors && m->receptors[pr->receptor].weight_unit ? m->receptors[pr->receptor].weight_unit
                                                                                   : "";
}

ax_status ax_recorder_get_info(const ax_network *net, ax_recorder rec, ax_recorder_info *info)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_recorder_data *r = ax_recorder_lookup(net, rec, "recorder info");
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (!info)
        return ax_fail_null(net, "recorder info", "info");
    const ax_population_data *p = net->pops[r->pop];
    memset(info, 0, sizeof *info);
    info->pop = r->pop;
    info->kind = kind_of(r);
    if (r->var == AX_VAR_WEIGHTS) {
        const ax_weight_recorder *w = r->w;
        info->variable = w->bins ? "weight_histogram" : "weights";
        info->n_neurons = w->resolved ? w->n_syn : w->n_want;
        info->interval_ms = w->interval * net->dt;
        info->projection = w->proj;
        info->bins = w->bins;
        info->unit = weight_unit(net, w->proj);   /* histograms: of the weights binned */
        return AX_OK;
    }
    info->variable = r->var < 0 ? "spikes" : r->sig ? r->sig->name : p->model->vars[r->var].name;
    /* the EEG is v over sigma * r, in whatever units those were given */
    info->unit = r->var < 0 || (r->sig && r->sig->spec.kind == AX_SIGNAL_EEG) ? ""
                 : r->sig && r->sig->spec.kind == AX_SIGNAL_LFP                 ? "nA"
                                                                                 : p->model->vars[r->var].unit;
    info->n_neurons = r->sel.n;
    info->interval_ms = r->interval * net->dt;
    return AX_OK;
}
