/*
 * run.c - the simulation loop (DESIGN.md, "The step").
 *
 *   for each window of `window` steps (the smallest delay):
 *       each thread, for each step of the window, for its own neurons:
 *           add the Poisson drive, inject currents, update the model
 *           (which reads this step's ring-buffer slot), clear the slot,
 *           collect spikes, record
 *       one barrier
 *       each thread delivers the window's spikes, in (step, id) order,
 *       to the targets it owns
 *
 * A spike emitted in a window arrives at least `window` steps later, so
 * after the window it was emitted in: threads meet once per window, never
 * once per step.  Spike lists are double-buffered by window parity, so a
 * thread may start filling the next window's list while others still
 * read the previous one.  Windows are aligned to multiples of the window
 * length, and every floating-point sum happens in an order that depends
 * only on (step, id): results are bit-identical for any number of
 * threads, and two runs of T equal one of 2T.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record/record.h"
#include "sim/sim.h"

#include <omp.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* What the threads of one run share. */
typedef struct run_shared {
    int64_t stop_window;      /* a window index: stop after it (progress callback) */
    int64_t error_window;     /* a window index: a state went bad in it */
    uint32_t error_gid;       /* lowest global id with a bad state */
    int error_var;
    double error_value;
    int64_t t_stop;           /* step reached */
    int64_t check_steps;      /* states are checked for NaN/inf this often */
    int64_t error_from, error_to;   /* the bad state arose in these steps */
    double next_report_ms;
} run_shared;

static int append_spike(ax_spike_list *list, uint32_t gid)
{
    if (list->n == list->cap) {
        size_t cap = list->cap;
        if (ax_grow((void **)&list->gid, &cap, list->n + 1, sizeof *list->gid))
            return -1;
        list->cap = cap;
    }
    list->gid[list->n++] = gid;
    return 0;
}

static void collect_one(const ax_network *net, ax_thread *th, int k, ax_population_data *p, uint32_t i, int64_t step,
                        ax_spike_list *list)
{
    p->spiked[i] = 0;
    if (append_spike(list, p->first_id + i))
        th->failed = 1;
    th->pop_spikes[p->index]++;
    for (uint32_t r = 0; r < p->n_spike_recs; r++) {
        ax_recorder_data *rec = net->recs[p->spike_recs[r]];
        if ((!rec->mask && i < rec->sel.n) || (rec->mask && rec->mask[i]))
            if (ax_record_spike(rec, k, step, i))
                th->failed = 1;
    }
}

/* Collects the spikes the model marked in [b, e), in increasing index.
 * Spikes are rare: the flags are tested eight at a time, as 64-bit words,
 * and silent words skipped. */
static void collect_spikes(const ax_network *net, ax_thread *th, int k, ax_population_data *p, uint32_t b, uint32_t e,
                           int64_t step, ax_spike_list *list)
{
    const uint32_t *spiked = p->spiked;
    uint32_t i = b;
    for (; i + 8 <= e; i += 8) {
        uint64_t w[4];
        memcpy(w, spiked + i, sizeof w);
        if (!(w[0] | w[1] | w[2] | w[3]))
            continue;
        for (uint32_t j = 0; j < 8; j++)
            if (spiked[i + j])
                collect_one(net, th, k, p, i + j, step, list);
    }
    for (; i < e; i++)
        if (spiked[i])
            collect_one(net, th, k, p, i, step, list);
}

static void step_segment(const ax_network *net, ax_thread *th, int k, const ax_segment *seg, int64_t s,
                         ax_spike_list *list)
{
    ax_population_data *p = net->pops[seg->pop];
    const ax_model *m = p->model;
    uint32_t b = seg->begin, e = seg->end, R = m->n_receptors, n = p->size;
    ax_population_view view = p->view;
    if (R) {
        size_t slot = (size_t)(s % p->ring_slots);
        for (uint32_t r = 0; r < R; r++)
            th->input[r] = p->ring + (slot * R + r) * n;
        view.input = th->input;
    }
    if (p->graded) {
        ax_graded_inputs(net, p, b, e, s);
        view.graded = (const double *const *)p->graded;
    }
    if (p->n_currents)
        ax_inputs_currents(net, p, b, e, s);
    else if (p->gap)
        memset(p->current + b, 0, (size_t)(e - b) * sizeof *p->current);
    if (p->gap)
        ax_gap_currents(net, p, b, e, s);
    m->update(&view, b, e, s);
    if (p->v_shared)
        ax_gap_store(net, p, b, e, s);
    if (!(m->flags & AX_MODEL_CLEARS_INPUT))
        for (uint32_t r = 0; r < R; r++)
            memset(th->input[r] + b, 0, (size_t)(e - b) * sizeof(double));
    collect_spikes(net, th, k, p, b, e, s, list);
    for (uint32_t r = 0; r < p->n_state_recs; r++) {
        ax_recorder_data *rec = net->recs[p->state_recs[r]];
        if ((s + 1) % rec->interval == 0)
            ax_record_sample(net, rec, p, b, e, s);
    }
}

/* True when some x[b..e) is NaN or infinite (exponent bits all ones): an
 * OR-reduction the compiler vectorises, since it runs every window. */
static int any_not_finite(const double *x, uint32_t b, uint32_t e)
{
    uint64_t bad = 0;
    for (uint32_t i = b; i < e; i++) {
        uint64_t bits;
        memcpy(&bits, &x[i], sizeof bits);
        bad |= (~bits & 0x7ff0000000000000ull) == 0;
    }
    return bad != 0;
}

/* Lowest (global id) neuron of this thread with a NaN or infinite state. */
static int find_bad_state(const ax_network *net, const ax_thread *th, uint32_t *gid, int *var, double *value)
{
    for (uint32_t g = 0; g < th->n_seg; g++) {
        const ax_segment *seg = &th->seg[g];
        const ax_population_data *p = net->pops[seg->pop];
        uint32_t best = UINT32_MAX;
        for (uint32_t v = 0; v < p->model->n_vars; v++) {
            const double *x = p->state[v];
            if (!any_not_finite(x, seg->begin, seg->end))
                continue;
            for (uint32_t i = seg->begin; i < seg->end && i < best; i++) {
                if (!isfinite(x[i])) {
                    best = i;
                    *var = (int)v;
                    *value = x[i];
                    break;
                }
            }
        }
        if (best != UINT32_MAX) {
            *gid = p->first_id + best;
            return 1;
        }
    }
    return 0;
}

static void run_thread(ax_network *net, int k, int64_t t0, int64_t t_end, run_shared *sh)
{
    ax_thread *th = &net->thr[k];
    const int64_t W = net->window;
    int64_t t = t0;
    int64_t window_index = (int64_t)net->windows_done;
    int64_t last_ok = t0;     /* every thread checks at the same steps */
    if (net->n_weight_recs)
        ax_weights_sample(net, k, t0);   /* weights due at the run's start */
    while (t < t_end) {
        int64_t w1 = (t / W + 1) * W;
        if (w1 > t_end)
            w1 = t_end;
        int parity = (int)(window_index & 1);
        ax_spike_list *list = &th->spikes[parity];
        list->n = 0;
        ax_inputs_drives(net, th, t, w1);
        const uint32_t np = net->n_pops;
        for (int64_t s = t; s < w1; s++) {
            for (uint32_t g = 0; g < np; g++) {
                list->start[(size_t)(s - t) * np + g] = (uint32_t)list->n;
                step_segment(net, th, k, &th->seg[g], s, list);
            }
        }
        list->start[(size_t)(w1 - t) * np] = (uint32_t)list->n;

        uint32_t gid = UINT32_MAX;
        int var = 0;
        double value = 0;
        int check = w1 / sh->check_steps != t / sh->check_steps || w1 == t_end;
        if (th->failed || (check && find_bad_state(net, th, &gid, &var, &value))) {
#pragma omp critical   /* unnamed: a named one would be an exported symbol */
            {
                if (th->failed)
                    gid = UINT32_MAX - 1, var = -1, value = 0;
                if (sh->error_window != window_index || gid < sh->error_gid) {
                    sh->error_gid = gid;
                    sh->error_var = var;
                    sh->error_value = value;
                }
                sh->error_window = window_index;
                sh->error_from = last_ok;
                sh->error_to = w1;
            }
        }
        if (check)
            last_ok = w1;
        if (k == 0 && net->progress && w1 * net->dt >= sh->next_report_ms) {
            double every = net->progress_every_ms;   /* reports on multiples of `every` */
            sh->next_report_ms = every > 0 ? (floor(w1 * net->dt / every + 1e-9) + 1) * every : 0;
            if (net->progress(w1 * net->dt, t_end * net->dt, net->progress_user)) {
#pragma omp atomic write
                sh->stop_window = window_index;
            }
        }
#pragma omp barrier
        int64_t err, stop;
#pragma omp atomic read
        err = sh->error_window;
#pragma omp atomic read
        stop = sh->stop_window;
        if (err == window_index)
            break;
        ax_deliver_window(net, k, parity, t, w1);
        window_index++;
        t = w1;
        if (stop == window_index - 1)
            break;
    }
    if (k == 0) {
        sh->t_stop = t;
        net->windows_done = (uint64_t)window_index;
    }
}

static ax_status numeric_error(ax_network *net, const run_shared *sh)
{
    net->failed = true;
    if (sh->error_gid >= UINT32_MAX - 1)
        return ax_fail(net, AX_ERR_MEMORY, "run: out of memory for spike lists or recordings at t = %g ms",
                       sh->t_stop * net->dt);
    const ax_population_data *p = net->pops[ax_population_of(net, sh->error_gid)];
    return ax_fail(net, AX_ERR_NUMERIC,
                   "run: population '%s' (%s) neuron %u: state variable '%s' became %g between t = %g and %g ms; "
                   "the integration is unstable (too large dt or inputs, or parameters out of the model's range)",
                   p->name, p->model->name, sh->error_gid - p->first_id, p->model->vars[sh->error_var].name,
                   sh->error_value, sh->error_from * net->dt, sh->error_to * net->dt);
}

ax_status ax_network_run(ax_network *net, double duration_ms)
{
    if (net->failed)
        return ax_fail(net, AX_ERR_STATE,
                       "run: an earlier run of this network failed; its state cannot be trusted, so it cannot "
                       "continue (recordings can still be read)");
    double steps_d = duration_ms / net->dt;
    int64_t steps = llround(steps_d);
    if (!(duration_ms > 0) || !isfinite(duration_ms) || steps_d > 9e15)
        return ax_fail(net, AX_ERR_ARGUMENT, "run: duration %g ms is not allowed: must be > 0", duration_ms);
    if (fabs(steps_d - (double)steps) > 1e-6 || steps < 1)
        return ax_fail(net, AX_ERR_ARGUMENT, "run: duration %g ms is not a multiple of dt = %g ms", duration_ms,
                       net->dt);
    double t_start = now_s();
    ax_status st = ax_network_build(net);
    if (!st)
        st = ax_prepare_populations(net);
    if (!st)
        st = ax_link_population_lists(net);
    int64_t t0 = net->step, t_end = t0 + steps;
    if (!st)
        st = ax_record_prepare_run(net, t0, t_end);
    if (st)
        return st;
    ax_gap_start_run(net, t0);

    /* Checking every state costs a pass over memory: do it once per
     * millisecond of simulated time (and at the end), not every window. */
    int64_t check_steps = llround(1.0 / net->dt);
    run_shared sh = {.stop_window = -1, .error_window = -1, .error_gid = UINT32_MAX, .t_stop = t0,
                     .next_report_ms = t0 * net->dt, .check_steps = check_steps < 1 ? 1 : check_steps};
    if (net->threads == 1) {
        /* No team: libgomp would still make a futex call at every window's
         * barrier; outside a parallel region the barrier is a no-op. */
        run_thread(net, 0, t0, t_end, &sh);
    } else {
#pragma omp parallel num_threads(net->threads)
        run_thread(net, omp_get_thread_num(), t0, t_end, &sh);
    }
    net->step = sh.t_stop;
    ax_record_finish_run(net, t0, sh.t_stop);
    uint64_t spikes = 0, events = 0;
    for (int k = 0; k < net->threads; k++) {
        events += net->thr[k].events;
        for (uint32_t i = 0; i < net->n_pops; i++)
            spikes += net->thr[k].pop_spikes[i];
    }
    net->spikes = spikes;
    net->events = events;
    net->run_s += now_s() - t_start;
    if (sh.error_window >= 0)
        return numeric_error(net, &sh);
    if (sh.t_stop < t_end)
        return ax_fail(net, AX_ERR_INTERRUPTED, "run: stopped at t = %g ms of %g ms on request", sh.t_stop * net->dt,
                       t_end * net->dt);
    return AX_OK;
}
