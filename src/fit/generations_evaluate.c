/*
 * generations_evaluate.c - one generation as one run (ax_fit_evaluate):
 * set each neuron's free parameters, reset, run in chunks; after each
 * chunk gather the new spikes per (candidate, protocol), ask the score for
 * a bound and freeze (ax_population_set_frozen) the candidates that cannot
 * win; at the end score the others and hand out the trains and traces.
 *
 * The candidates share nothing (no synapses), so a frozen neighbour and
 * the chunk boundaries (two runs of T equal one of 2T) leave every running
 * candidate's spikes bit for bit as in one chunk, alone.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fit/fit.h"

#define CALL "ax_fit_evaluate"

/* The spikes gathered so far: one growing array per (candidate, protocol). */
typedef struct gathered {
    size_t n, P;
    double **t;
    size_t *count, *cap;
    size_t *seen;            /* per protocol: recorder spikes already read */
    double *retired_ms;      /* per candidate: NAN while running */
    double *scores;
    size_t running;
    /* scratch for one candidate's view */
    size_t *offsets;
    double *times;
    size_t times_cap;
} gathered;

static void gathered_free(gathered *g)
{
    if (g->t)
        for (size_t k = 0; k < g->n * g->P; k++)
            free(g->t[k]);
    free(g->t);
    free(g->count);
    free(g->cap);
    free(g->seen);
    free(g->retired_ms);
    free(g->scores);
    free(g->offsets);
    free(g->times);
}

static ax_status gathered_init(gathered *g, size_t n, size_t P, ax_error *err)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->P = P;
    g->t = calloc(n * P, sizeof *g->t);
    g->count = calloc(n * P, sizeof *g->count);
    g->cap = calloc(n * P, sizeof *g->cap);
    g->seen = calloc(P, sizeof *g->seen);
    g->retired_ms = malloc(n * sizeof *g->retired_ms);
    g->scores = malloc(n * sizeof *g->scores);
    g->offsets = malloc((P + 1) * sizeof *g->offsets);
    if (!g->t || !g->count || !g->cap || !g->seen || !g->retired_ms || !g->scores || !g->offsets) {
        gathered_free(g);
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory for %zu candidates", n);
    }
    for (size_t c = 0; c < n; c++) {
        g->retired_ms[c] = NAN;
        g->scores[c] = NAN;
    }
    g->running = n;
    return AX_OK;
}

static int push(gathered *g, size_t k, double t)
{
    if (g->count[k] == g->cap[k]) {
        size_t cap = g->cap[k] ? 2 * g->cap[k] : 8;
        double *x = realloc(g->t[k], cap * sizeof *x);
        if (!x)
            return -1;
        g->t[k] = x;
        g->cap[k] = cap;
    }
    g->t[k][g->count[k]++] = t;
    return 0;
}

/* Reads the spikes the recorders got since the last call. */
static ax_status gather(const ax_fit_evaluator *ev, gathered *g, ax_error *err)
{
    for (size_t p = 0; p < g->P; p++) {
        size_t n_spikes;
        const double *times;
        const uint32_t *neurons;
        if (ax_recorder_get_spikes(ev->net, ev->spike_recs[p], &n_spikes, &times, &neurons))
            return ax_error_fail(err, AX_ERR_STATE, CALL ": %s", ax_network_get_error(ev->net));
        for (size_t s = g->seen[p]; s < n_spikes; s++)
            if (neurons[s] < g->n && push(g, neurons[s] * g->P + p, times[s]))
                return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory for the spikes");
        g->seen[p] = n_spikes;
    }
    return AX_OK;
}

/* Candidate c's trains as a view in g's scratch, interval [0, t_stop]. */
static ax_status view_of(gathered *g, size_t c, double t_stop, ax_spike_trains *out, ax_error *err)
{
    size_t total = 0;
    for (size_t p = 0; p < g->P; p++)
        total += g->count[c * g->P + p];
    if (total > g->times_cap) {
        double *x = realloc(g->times, total * sizeof *x);
        if (!x)
            return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory for %zu spikes", total);
        g->times = x;
        g->times_cap = total;
    }
    g->offsets[0] = 0;
    for (size_t p = 0; p < g->P; p++) {
        size_t k = c * g->P + p, m = g->count[k];
        if (m)
            memcpy(g->times + g->offsets[p], g->t[k], m * sizeof *g->times);
        g->offsets[p + 1] = g->offsets[p] + m;
    }
    *out = (ax_spike_trains){.n_trains = g->P, .offsets = g->offsets, .times_ms = g->times, .t_start = 0,
                             .t_stop = t_stop};
    return AX_OK;
}

/* Stops candidate c at t_ms: its neurons are frozen in every protocol. */
static ax_status retire(ax_fit_evaluator *ev, gathered *g, size_t c, double t_ms, double score, ax_error *err)
{
    uint32_t i = (uint32_t)c;
    for (size_t p = 0; p < g->P; p++)
        if (ax_population_set_frozen(ev->net, ev->pops[p], ax_neurons_list(&i, 1), true))
            return ax_error_fail(err, AX_ERR_STATE, CALL ": %s", ax_network_get_error(ev->net));
    g->retired_ms[c] = t_ms;
    g->scores[c] = score;
    g->running--;
    return AX_OK;
}

/* The voltage samples of candidate c, gathered from the recorders into v
 * (one block per protocol); n_v[p] samples each. */
static ax_status traces_of(const ax_fit_evaluator *ev, size_t c, double *v, size_t *n_v, ax_error *err)
{
    for (size_t p = 0; p < ev->n_protocols; p++) {
        size_t n_samples, n_neurons;
        const double *times, *values;
        const uint32_t *neurons;
        if (ax_recorder_get_trace(ev->net, ev->v_recs[p], &n_samples, &n_neurons, &times, &values, &neurons))
            return ax_error_fail(err, AX_ERR_STATE, CALL ": %s", ax_network_get_error(ev->net));
        size_t want = (size_t)llround((double)ev->run_steps[p] * ev->dt / ev->record_ms);
        if (want > n_samples)
            want = n_samples;
        for (size_t s = 0; s < want; s++)
            v[s] = values[s * n_neurons + c];
        n_v[p] = want;
        v += want;
    }
    return AX_OK;
}

/* Calls the score of candidate c (final, or a bound during the run). */
static ax_status score_of(const ax_fit_evaluator *ev, gathered *g, const ax_fit_evaluate_options *o,
                          const double *params, size_t c, double t_ms, bool final, const double *const *v,
                          const size_t *n_v, double *score, ax_error *err)
{
    ax_fit_score_input in = {.candidate = c, .params = params + c * ev->n_free, .n_params = ev->n_free,
                             .protocols = ev->protocols, .v = v, .n_v = n_v, .record_ms = ev->record_ms,
                             .t_ms = t_ms, .final = final};
    ax_status st = view_of(g, c, (double)ev->max_steps * ev->dt, &in.trains, err);
    if (st)
        return st;
    ax_error e2 = {AX_OK, ""};
    st = o->score(&in, o->user, score, &e2);
    if (st)
        return ax_error_fail(err, st, CALL ": the score of candidate %zu failed: %s", c, e2.message);
    if (isnan(*score))
        return ax_error_fail(err, AX_ERR_NUMERIC, CALL ": the score of candidate %zu is NaN", c);
    return AX_OK;
}

/* After a chunk ending at step t: the ceiling, then the bounds. */
static ax_status after_chunk(ax_fit_evaluator *ev, gathered *g, const ax_fit_evaluate_options *o,
                             const double *params, int64_t t, ax_error *err)
{
    double t_ms = (double)t * ev->dt;
    for (size_t c = 0; c < g->n; c++) {
        if (!isnan(g->retired_ms[c]))
            continue;
        bool over = false;
        for (size_t p = 0; o->spike_ceiling && p < g->P; p++)
            over |= g->count[c * g->P + p] > o->spike_ceiling;
        ax_status st = AX_OK;
        if (over)
            st = retire(ev, g, c, t_ms, INFINITY, err);
        else if (o->score && o->stop_early && t < ev->max_steps) {
            double bound;
            if (!(st = score_of(ev, g, o, params, c, t_ms, false, NULL, NULL, &bound, err)) && bound > o->stop_above)
                st = retire(ev, g, c, t_ms, bound, err);
        }
        if (st)
            return st;
    }
    return AX_OK;
}

static ax_status numeric_failure(const ax_fit_evaluator *ev, ax_status st, ax_error *err)
{
    ax_run_failure f;
    if (st == AX_ERR_NUMERIC && ax_network_get_failure(ev->net, &f) == AX_OK && f.status == AX_ERR_NUMERIC)
        return ax_error_fail(err, st, CALL ": candidate %u under protocol %u: %s became %g between %g and %g "
                                "ms (its parameters make the model diverge)", f.neuron, f.pop, f.variable ?
                                f.variable : "a state variable", f.value, f.from_ms, f.to_ms);
    return ax_error_fail(err, st, CALL ": the run failed: %s", ax_network_get_error(ev->net));
}

/* Sets the free parameters (slots past n take candidate 0's values), thaws
 * every neuron and freezes the unused slots. */
static ax_status set_candidates(ax_fit_evaluator *ev, const double *cand, size_t n, ax_error *err)
{
    double *col = malloc(ev->max_n * sizeof *col);
    if (!col)
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory");
    ax_status st = AX_OK;
    for (size_t k = 0; !st && k < ev->n_free; k++) {
        if (ev->has_scale && k == ev->scale_slot)
            continue;   /* not a model parameter: the inputs carry it (scale_inputs) */
        for (size_t c = 0; c < ev->max_n; c++)
            col[c] = cand[(c < n ? c : 0) * ev->n_free + k];
        for (size_t p = 0; !st && p < ev->n_protocols; p++)
            st = ax_population_set_param(ev->net, ev->pops[p], ev->m->params[ev->free_index[k]].name,
                                         ax_value_array(col, ev->max_n));
    }
    free(col);
    for (size_t p = 0; !st && p < ev->n_protocols; p++) {
        bool unused = n < ev->max_n;   /* freeze all, then thaw the first n */
        st = ax_population_set_frozen(ev->net, ev->pops[p], AX_ALL_NEURONS, unused);
        if (!st && unused)
            st = ax_population_set_frozen(ev->net, ev->pops[p], ax_neurons_first(n), false);
    }
    return st ? ax_error_fail(err, st, CALL ": %s", ax_network_get_error(ev->net)) : AX_OK;
}

/* With an input scale: each slot's scale (slots past n take candidate 0's); when one changed, the network
 * is declared again with the new inputs (an input's amplitude is fixed when it is added). */
static void scale_inputs(ax_fit_evaluator *ev, const double *cand, size_t n)
{
    if (!ev->has_scale)
        return;
    for (size_t c = 0; c < ev->max_n; c++) {
        double s = cand[(c < n ? c : 0) * ev->n_free + ev->scale_slot];
        if (s != ev->scales[c] || !ev->net) {
            ev->scales[c] = s;
            ev->declared = false;
        }
    }
}

static ax_status check_args(const ax_fit_evaluator *ev, const double *cand, size_t n,
                            const ax_fit_evaluate_options *o, const ax_fit_results *out, ax_error *err)
{
    if (!ev)
        return ax_error_null(err, CALL, "ev");
    if (!cand)
        return ax_error_null(err, CALL, "candidates");
    if (!out)
        return ax_error_null(err, CALL, "out");
    if (n == 0 || n > ev->max_n)
        return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": n = %zu candidates is not allowed: 1 .. %zu "
                                "(max_candidates)", n, ev->max_n);
    for (size_t c = 0; c < n; c++)
        for (size_t k = 0; k < ev->n_free; k++) {
            char what[80];
            snprintf(what, sizeof what, CALL ": candidate %zu", c);
            ax_status st = ax_fit_check_param(ax_fit_free_info(ev, k), cand[c * ev->n_free + k], what, err);
            if (st)
                return st;
        }
    if (o) {
        double r = o->chunk_ms / ev->dt;
        if (!isfinite(o->chunk_ms) || o->chunk_ms < 0 || (o->chunk_ms > 0 && (r < 0.5 || fabs(r - llround(r)) > 1e-9 * r)))
            return ax_error_fail(err, AX_ERR_ARGUMENT, CALL ": options->chunk_ms = %g is not allowed: 0 (one "
                                    "chunk) or a multiple of dt = %g ms", o->chunk_ms, ev->dt);
    }
    return AX_OK;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The results: trains, scores, the retirement times and the traces. */
static ax_status finish(ax_fit_evaluator *ev, gathered *g, const ax_fit_evaluate_options *o, const double *cand,
                        ax_fit_results *out, ax_error *err)
{
    size_t n = g->n, P = g->P, total = 0, per_c = 0;
    for (size_t k = 0; k < n * P; k++)
        total += g->count[k];
    size_t *off = malloc((n * P + 1) * sizeof *off);
    double *t = malloc((total ? total : 1) * sizeof *t);
    size_t n_v[256];
    double *vc = NULL;
    const double *vp[256];
    if (ev->record_ms > 0) {
        for (size_t p = 0; p < P; p++)
            per_c += (size_t)llround((double)ev->run_steps[p] * ev->dt / ev->record_ms);
        out->v = malloc((n * per_c > 0 ? n * per_c : 1) * sizeof *out->v);
        out->v_offsets = malloc((n * P + 1) * sizeof *out->v_offsets);
        if (!out->v || !out->v_offsets)
            goto memory;
        out->v_offsets[0] = 0;
    }
    if (!off || !t)
        goto memory;
    off[0] = 0;
    for (size_t k = 0; k < n * P; k++) {
        if (g->count[k])
            memcpy(t + off[k], g->t[k], g->count[k] * sizeof *t);
        off[k + 1] = off[k] + g->count[k];
    }
    out->trains = (ax_spike_trains){.n_trains = n * P, .offsets = off, .times_ms = t, .t_start = 0,
                                    .t_stop = (double)ev->max_steps * ev->dt};
    off = NULL;
    t = NULL;
    for (size_t c = 0; c < n; c++) {
        if (ev->record_ms > 0) {
            vc = out->v + out->v_offsets[c * P];
            ax_status st = traces_of(ev, c, vc, n_v, err);
            if (st)
                return st;
            for (size_t p = 0; p < P; p++) {
                vp[p] = vc;
                out->v_offsets[c * P + p + 1] = out->v_offsets[c * P + p] + n_v[p];
                vc += n_v[p];
            }
        }
        if (o && o->score && isnan(g->retired_ms[c])) {
            ax_status st = score_of(ev, g, o, cand, c, out->trains.t_stop, true, ev->record_ms > 0 ? vp : NULL,
                                    ev->record_ms > 0 ? n_v : NULL, &g->scores[c], err);
            if (st)
                return st;
        }
    }
    if (o && (o->score || o->spike_ceiling)) {
        out->scores = g->scores;
        g->scores = NULL;
    }
    out->retired_ms = g->retired_ms;
    g->retired_ms = NULL;
    out->record_ms = ev->record_ms;
    return AX_OK;
memory:
    free(off);
    free(t);
    return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory for the results of %zu candidates", n);
}

ax_status ax_fit_evaluate(ax_fit_evaluator *ev, const double *candidates, size_t n,
                          const ax_fit_evaluate_options *options, ax_fit_results *out, ax_error *err)
{
    if (out)
        memset(out, 0, sizeof *out);
    ax_status st = check_args(ev, candidates, n, options, out, err);
    if (st)
        return st;
    double t0 = now_s();
    scale_inputs(ev, candidates, n);
    if ((st = ax_fit_generations_declare(ev, err)))
        return st;
    if (ax_network_get_time(ev->net) > 0 && (st = ax_network_reset(ev->net)))
        return ax_error_fail(err, st, CALL ": %s", ax_network_get_error(ev->net));
    if ((st = set_candidates(ev, candidates, n, err)))
        return st;
    ax_fit_evaluate_options none = {NULL, NULL, 0, false, 0, 0};
    const ax_fit_evaluate_options *o = options ? options : &none;
    gathered g;
    if ((st = gathered_init(&g, n, ev->n_protocols, err)))
        return st;
    int64_t chunk = o->chunk_ms > 0 ? llround(o->chunk_ms / ev->dt) : ev->max_steps;
    int64_t t = 0;
    while (!st && t < ev->max_steps && g.running > 0) {
        int64_t next = t + chunk < ev->max_steps ? t + chunk : ev->max_steps;
        for (size_t p = 0; p < ev->n_protocols; p++)   /* a protocol's end is a chunk's end */
            if (ev->run_steps[p] > t && ev->run_steps[p] < next)
                next = ev->run_steps[p];
        if ((st = ax_network_run(ev->net, (double)(next - t) * ev->dt)))
            st = numeric_failure(ev, st, err);
        t = next;
        for (size_t p = 0; !st && p < ev->n_protocols; p++)   /* a finished protocol costs no more time */
            if (ev->run_steps[p] == t && t < ev->max_steps)
                st = ax_population_set_frozen(ev->net, ev->pops[p], AX_ALL_NEURONS, true);
        if (!st)
            st = gather(ev, &g, err);
        if (!st)
            st = after_chunk(ev, &g, o, candidates, t, err);
    }
    if (!st)
        st = finish(ev, &g, o, candidates, out, err);
    gathered_free(&g);
    if (st) {
        ax_fit_results_free(out);
        return st;
    }
    out->n_candidates = n;
    out->n_protocols = ev->n_protocols;
    out->run_s = now_s() - t0;
    ax_error_ok(err);
    return AX_OK;
}

void ax_fit_results_free(ax_fit_results *r)
{
    if (!r)
        return;
    ax_spike_trains_free(&r->trains);
    free(r->scores);
    free(r->retired_ms);
    free(r->v);
    free(r->v_offsets);
    memset(r, 0, sizeof *r);
}
