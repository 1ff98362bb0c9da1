/*
 * run.c - the simulation loop (docs/architecture.md, "The step").
 *
 *   for each window of `window` steps (the smallest delay), each thread:
 *       update (update_window): the window's Poisson drives into the ring
 *           slots; then for each step, for each population, its own neurons
 *           (step_segment): synaptic input from the step's slot, graded
 *           release, injected and gap-junction currents, the model's
 *           update, gathering the spikes, recording states
 *       check (check_window): memory failures, NaN/inf states; progress
 *       one barrier
 *       deliver (deliver_window): neuromodulator jumps, postsynaptic spikes
 *           into plastic histories; then for each step: stepped post
 *           traces, weight samples, the step's spikes into the targets it
 *           owns, in (step, id) order; then reward, catch-up
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

#include "plasticity/plasticity.h"
#include "record/record.h"
#include "sim/sim.h"

#include <omp.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Why thread 0 stopped a chunk before its end. */
enum { STOP_NONE, STOP_PROGRESS, STOP_INTERRUPT, STOP_WRITE };

/* What the threads of one chunk of a run share. */
typedef struct run_shared {
    int64_t stop_window;      /* a window index: stop after it (thread 0) */
    int stop_reason;          /* STOP_* */
    int64_t error_window;     /* a window index: a state went bad in it */
    uint32_t error_gid;       /* lowest global id with a bad state */
    int error_var;
    double error_value;
    int64_t t_end;            /* step the run is to reach */
    int64_t t_chunk;          /* step this chunk is to reach */
    int64_t t_piece;          /* step this piece of it is to reach (sim/team.c) */
    int64_t t_stop;           /* step reached */
    int64_t check_steps;      /* states are checked for NaN/inf this often */
    int64_t error_from, error_to;   /* the bad state arose in these steps */
    double next_report_ms;
    double chunk_wall;        /* when the chunk started (s) */
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

/* True when some flag of f[0 .. AX_FLAG_BLOCK) is set: an OR the
 * compiler vectorises (four 64-byte loads on AVX-512). */
#define AX_FLAG_BLOCK 64
static inline bool any_flag(const uint32_t *f)
{
    uint32_t x = 0;
    for (int j = 0; j < AX_FLAG_BLOCK; j++)
        x |= f[j];
    return x != 0;
}

/* Collects the spikes the model marked in [b, e), in increasing index.
 * Spikes are rare: the flags are tested a block at a time and silent
 * blocks skipped. */
static void collect_spikes(const ax_network *net, ax_thread *th, int k, ax_population_data *p, uint32_t b, uint32_t e,
                           int64_t step, ax_spike_list *list)
{
    const uint32_t *spiked = p->spiked;
    uint32_t i = b;
    for (; i + AX_FLAG_BLOCK <= e; i += AX_FLAG_BLOCK) {
        if (!any_flag(spiked + i))
            continue;
        for (uint32_t j = 0; j < AX_FLAG_BLOCK; j++)
            if (spiked[i + j])
                collect_one(net, th, k, p, i + j, step, list);
    }
    for (; i < e; i++)
        if (spiked[i])
            collect_one(net, th, k, p, i, step, list);
}

/* The update of the neurons of [b, e) that are not frozen, one call per
 * run of them: a model's update gives each neuron the same result for any
 * range (that is what makes runs independent of the thread count). */
static void update_unfrozen(const ax_population_view *view, const ax_model *m, const uint8_t *frozen, uint32_t b,
                            uint32_t e, int64_t s)
{
    uint32_t i = b;
    while (i < e) {
        for (; i < e && frozen[i]; i++)   /* what arrives at a frozen neuron is dropped */
            if (m->flags & AX_MODEL_CLEARS_INPUT)
                for (uint32_t r = 0; r < m->n_receptors; r++)
                    view->input[r][i] = 0.0;
        uint32_t j = i;
        while (j < e && !frozen[j])
            j++;
        if (j > i)
            m->update(view, i, j, s);
        i = j;
    }
}

/* One step of the neurons [b, e) of one population that thread k owns. */
static void step_segment(const ax_network *net, ax_thread *th, int k, const ax_segment *seg, int64_t s,
                         ax_spike_list *list)
{
    ax_population_data *p = net->pops[seg->pop];
    const ax_model *m = p->model;
    uint32_t b = seg->begin, e = seg->end, R = m->n_receptors, n = p->size;
    ax_population_view view = p->view;
    /* synaptic input: this step's ring-buffer slot, one row per receptor
     * (dropped on arrival when the population's chemical switch is off) */
    bool chemical = p->switches.chemical;
    if (R) {
        size_t slot = (size_t)(s % p->ring_slots);
        for (uint32_t r = 0; r < R; r++) {
            th->input[r] = p->ring + (slot * R + r) * n;
            if (!chemical)
                memset(th->input[r] + b, 0, (size_t)(e - b) * sizeof(double));
        }
        view.input = th->input;
    }
    /* graded release: transmitter from the sources' v at the step's start */
    if (p->graded) {
        ax_graded_inputs(net, p, b, e, s);
        for (uint32_t r = 0; !chemical && r < R; r++)
            if (p->graded[r])
                memset(p->graded[r] + b, 0, (size_t)(e - b) * sizeof(double));
        view.graded = (const double *const *)p->graded;
    }
    /* injected currents (dc, step, ac, noise), then gap-junction currents */
    if (p->learns_in)
        ax_averaged_learn(net, p, b, e, s);   /* the lattice weights' STDP of the step before */
    if (p->n_currents)
        ax_inputs_currents(net, p, b, e, s);
    else if (p->gap || p->chem_in)
        memset(p->current + b, 0, (size_t)(e - b) * sizeof *p->current);
    if (p->gap && p->switches.electrical)
        ax_gap_currents(net, p, b, e, s);
    if (p->chem_in && chemical)
        ax_chemical_currents(net, p, b, e, s);   /* the seed's averaged transmitter, from the step's start */
    /* the neuron update: integrate one dt, mark spikes (only the runs of
     * neurons not frozen, when some are: ax_population_set_frozen) */
    if (!p->frozen)
        m->update(&view, b, e, s);
    else
        update_unfrozen(&view, m, p->frozen, b, e, s);
    if (p->v_shared)
        ax_gap_store(net, p, b, e, s);   /* v for the next step's gap junctions and graded release */
    if (p->spikes_tracked)
        ax_averaged_store_spikes(net, p, b, e, s);   /* last spikes for the next step's averaged gaps */
    if (p->chem_out)
        ax_chemical_release(net, p, b, e, s);   /* transmitter for the next step's averaged chemical coupling */
    if (!(m->flags & AX_MODEL_CLEARS_INPUT))
        for (uint32_t r = 0; r < R; r++)
            memset(th->input[r] + b, 0, (size_t)(e - b) * sizeof(double));
    /* gathering: spikes into the window's list (and spike recorders) */
    collect_spikes(net, th, k, p, b, e, s, list);
    /* recording: state samples due at the end of this step */
    for (uint32_t r = 0; r < p->n_state_recs; r++) {
        ax_recorder_data *rec = net->recs[p->state_recs[r]];
        if (rec->sig)
            ax_signal_add(net, rec, p, k, b, e, s);   /* its own steps (the LFP's delayed term too) */
        else if ((s + 1) % rec->interval == 0)
            ax_record_sample(net, rec, p, b, e, s);
    }
}

/* Thread k's part of the delivery phase of window [w0, w1), after the
 * barrier: what the window's spikes do, step by step.  Weights are sampled
 * at step boundaries, before the spikes of that step reach them. */
static void deliver_window(ax_network *net, ax_thread *th, int k, int parity, int64_t w0, int64_t w1)
{
    if (net->n_mods)
        ax_modulator_collect(net, k, parity, w0, w1);     /* neuromodulator jumps from the window's spikes */
    if (net->has_plastic)
        ax_plastic_record_post(net, k, parity, w0, w1);   /* postsynaptic spikes into the targets' histories */
    int64_t sample = net->n_weight_recs ? ax_weights_next_step(net, w0) : INT64_MAX;
    for (int64_t s = w0; s < w1; s++) {
        if (net->has_plastic)
            ax_plastic_step(net, k, s);                   /* per-target post traces, stepped */
        if (s == sample) {
            ax_weights_sample(net, k, s);                 /* weight recorders due at s */
            sample = ax_weights_next_step(net, s);
        }
        th->events += ax_deliver_step(net, k, parity, w0, s);   /* spikes of step s into the rings */
    }
    if (sample == w1)
        ax_weights_sample(net, k, w1);
    if (net->has_reward)
        ax_reward_periodic(net, k, w1);                   /* reward-modulated weights, flushed each second */
    if (net->has_plastic)
        ax_plastic_catch_up(net, k, w1);                  /* synapses of silent sources brought up to date */
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

/* The update phase of window [w0, w1) for thread k's neurons: the Poisson
 * drives of the whole window go into the ring slots first (they are
 * known in advance), then each step of each population (step_segment). */
static void update_window(const ax_network *net, ax_thread *th, int k, int64_t w0, int64_t w1, ax_spike_list *list)
{
    const uint32_t np = net->n_pops;
    list->n = 0;
    ax_inputs_drives(net, th, w0, w1);
    for (int64_t s = w0; s < w1; s++) {
        for (uint32_t g = 0; g < np; g++) {
            list->start[(size_t)(s - w0) * np + g] = (uint32_t)list->n;
            step_segment(net, th, k, &th->seg[g], s, list);
        }
    }
    list->start[(size_t)(w1 - w0) * np] = (uint32_t)list->n;
}

/* After the update of window `index` ([w0, w1)): a memory failure, or
 * (once per check period) a NaN or infinite state of this thread's
 * neurons, is reported to the shared error, keeping the lowest global
 * id, so that every thread stops after the same window. */
static void check_window(const ax_network *net, const ax_thread *th, int64_t w0, int64_t w1, int64_t index,
                         int64_t *last_ok, run_shared *sh)
{
    uint32_t gid = UINT32_MAX;
    int var = 0;
    double value = 0;
    int check = w1 / sh->check_steps != w0 / sh->check_steps || w1 == sh->t_piece;
    if (th->failed || (check && find_bad_state(net, th, &gid, &var, &value))) {
#pragma omp critical   /* unnamed: a named one would be an exported symbol */
        {
            if (th->failed)
                gid = UINT32_MAX - 1, var = -1, value = 0;
            if (sh->error_window != index || gid < sh->error_gid) {
                sh->error_gid = gid;
                sh->error_var = var;
                sh->error_value = value;
            }
            sh->error_window = index;
            sh->error_from = *last_ok;
            sh->error_to = w1;
        }
    }
    if (check)
        *last_ok = w1;
}

/* Thread 0 calls the progress callback on multiples of its period; true
 * when it asks to stop after this window. */
static bool report_progress(const ax_network *net, int64_t w1, run_shared *sh)
{
    if (!net->progress || w1 * net->dt < sh->next_report_ms)
        return false;
    double every = net->progress_every_ms;
    sh->next_report_ms = every > 0 ? (floor(w1 * net->dt / every + 1e-9) + 1) * every : 0;
    return net->progress(w1 * net->dt, sh->t_end * net->dt, net->progress_user) != 0;
}

/* Thread 0, after each window: whether the chunk stops here, and why -
 * the progress callback asked, ax_network_interrupt was called, or
 * streamed recordings are due to be written (a chunk lasts at most
 * AX_CHUNK_WALL_S of wall time, so that files follow a slow run). */
static int stop_reason(ax_network *net, int64_t w1, run_shared *sh)
{
    if (report_progress(net, w1, sh))
        return STOP_PROGRESS;
    if (atomic_load_explicit(&net->interrupt, memory_order_relaxed))
        return STOP_INTERRUPT;
    if (net->n_streams && w1 < sh->t_chunk && now_s() - sh->chunk_wall > AX_CHUNK_WALL_S)
        return STOP_WRITE;
    return STOP_NONE;
}

/* Thread 0, after the window's barrier, with more than one rank: the
 * window's spikes (and the values neurons read of others every step)
 * exchanged with the other ranks (sim/exchange.c), with each rank's bad
 * state and reason to stop, so that every rank stops after the same
 * window and reports the same neuron. */
static void exchange_window(ax_network *net, int parity, int64_t w0, int64_t w1, int64_t index, run_shared *sh)
{
    ax_exchange_report rep = {.error_gid = UINT32_MAX, .stop = sh->stop_window == index ? sh->stop_reason : 0};
    if (sh->error_window == index) {
        rep.error_gid = sh->error_gid;
        rep.error_var = sh->error_var;
        rep.error_value = sh->error_value;
        rep.error_from = sh->error_from;
    }
    ax_exchange_window(net, parity, w0, w1, &rep);
    if (rep.error_gid != UINT32_MAX) {
        sh->error_gid = rep.error_gid;
        sh->error_var = rep.error_var;
        sh->error_value = rep.error_value;
        sh->error_from = rep.error_from;
        sh->error_to = w1;
        sh->error_window = index;
    }
    if (rep.stop) {
        sh->stop_reason = rep.stop;
        sh->stop_window = index;
    }
}

/* Thread j of a team of P: parts j, j + P, ... run from step t0 to t_end,
 * window by window.  A window is updated (each part its own neurons),
 * checked, and - after the one barrier - delivered (each part to the
 * targets it owns); a part's work is the same whichever thread does it.
 * `first`: the run's first piece, where weights due at its start are
 * sampled. */
static void run_worker(ax_network *net, int j, int P, int64_t t0, int64_t t_end, run_shared *sh, bool first)
{
    const int parts = net->threads;
    const int64_t W = net->window;
    int64_t t = t0;
    int64_t index = (int64_t)net->windows_done;
    int64_t last_ok = t0;     /* every part checks at the same steps */
    for (int k = j; first && net->n_weight_recs && k < parts; k += P)
        ax_weights_sample(net, k, t0);   /* weights due at the run's start */
    while (t < t_end) {
        int64_t w1 = (t / W + 1) * W < t_end ? (t / W + 1) * W : t_end;
        int parity = (int)(index & 1);   /* spike lists are double-buffered by window */

        int64_t checked = last_ok;
        for (int k = j; k < parts; k += P) {
            ax_thread *th = &net->thr[k];
            update_window(net, th, k, t, w1, &th->spikes[parity]);
            checked = last_ok;
            check_window(net, th, t, w1, index, &checked, sh);
        }
        last_ok = checked;
        int why = j == 0 ? stop_reason(net, w1, sh) : STOP_NONE;
        if (why) {
            sh->stop_reason = why;   /* read after the parallel region */
#pragma omp atomic write
            sh->stop_window = index;
        }
#pragma omp barrier
        if (net->ranks > 1) {
            if (j == 0)
                exchange_window(net, parity, t, w1, index, sh);
#pragma omp barrier
        }
        if (j == 0 && net->n_signal_recs)
            ax_signal_window(net, t, w1);   /* population signals: every part's terms are in */
        int64_t err, stop;
#pragma omp atomic read
        err = sh->error_window;
#pragma omp atomic read
        stop = sh->stop_window;
        if (err == index) {
            t = w1;   /* the states (and their recordings) went to w1: they show how it went wrong */
            break;
        }
        for (int k = j; k < parts; k += P)
            deliver_window(net, &net->thr[k], k, parity, t, w1);

        index++;
        t = w1;
        if (stop == index - 1)
            break;
    }
    if (j == 0) {
        sh->t_stop = t;
        net->windows_done = (uint64_t)index;
    }
}

/* Steps [t0, t1) by a team of P threads: thread 0 alone, or each thread
 * of an OpenMP team (which may be smaller than asked: the parts are
 * shared out among the threads it has). */
static void run_piece(ax_network *net, int P, int64_t t0, int64_t t1, run_shared *sh, bool first)
{
    sh->t_piece = t1;
    if (P == 1) {
        /* No team: libgomp would still make a futex call at every window's
         * barrier; outside a parallel region the barrier is a no-op. */
        run_worker(net, 0, 1, t0, t1, sh, first);
    } else {
#pragma omp parallel num_threads(P)
        run_worker(net, omp_get_thread_num(), omp_get_num_threads(), t0, t1, sh, first);
    }
}

/* Runs [t, end) by a team of P and says whether the chunk goes on after
 * it (no stop, no failure). */
static bool run_on(ax_network *net, int P, int64_t t, int64_t end, run_shared *sh, bool first)
{
    run_piece(net, P, t, end, sh, first);
    net->team.used = P;   /* the last piece's: the choice, once made */
    return sh->t_stop == end && sh->stop_window < 0 && sh->error_window < 0;
}

/* The chunk [t0, t1): by the network's team, or - while it is being
 * chosen (sim/team.c) - piece by piece, each piece's team timed after its
 * first window (which moves the cache lines the other team left in other
 * cores' caches).  Pieces end on window boundaries; cutting a run changes
 * no result. */
static void run_team(ax_network *net, int64_t t0, int64_t t1, run_shared *sh)
{
    const int64_t W = net->window;
    int64_t t = t0;
    for (bool first = true; t < t1; first = false) {
        int64_t piece;
        int P = ax_team_next(net, &piece);
        if (piece == 0) {
            run_on(net, P, t, t1, sh, first);
            return;
        }
        int64_t windows = piece / W > 1 ? piece / W : 2;
        int64_t warm = (t / W + 1) * W < t1 ? (t / W + 1) * W : t1;
        int64_t end = (t / W + windows) * W < t1 ? (t / W + windows) * W : t1;
        if (!run_on(net, P, t, warm, sh, first))
            return;
        double start = now_s();
        if (end > warm && !run_on(net, P, warm, end, sh, false))
            return;
        ax_team_timed(net, P, end - warm, now_s() - start);
        t = end;
    }
}

/* One chunk of a run, from the current step to t1 (or an earlier stop):
 * the recorders prepared, the windows run, the recordings merged and the
 * streamed ones written.  Chunks follow each other as runs do, so cutting
 * a run into chunks changes no result. */
static ax_status run_chunk(ax_network *net, run_shared *sh, int64_t t1)
{
    int64_t t0 = net->step;
    ax_status st = ax_ranks_agree(net, ax_record_prepare_run(net, t0, t1));   /* every rank runs, or none */
    if (st)
        return st;
    ax_gap_start_run(net, t0);
    sh->t_chunk = t1;
    sh->t_stop = t0;
    sh->stop_window = sh->error_window = -1;
    sh->stop_reason = STOP_NONE;
    sh->error_gid = UINT32_MAX;
    sh->chunk_wall = now_s();
    run_team(net, t0, t1, sh);
    net->step = sh->t_stop;
    ax_status gathered = ax_ranks_chunk_done(net);   /* every neuron's state on every rank */
    ax_averaged_learning_flush(net);   /* learned lattice weights into their synapses */
    /* memory that ran out while the last window was delivered (post-spike
     * histories, modulator jumps) had no later check to see it */
    for (int k = 0; k < net->threads && sh->error_window < 0; k++)
        if (net->thr[k].failed)
            sh->error_window = (int64_t)net->windows_done - 1, sh->error_gid = UINT32_MAX - 1;
    ax_status recorded = ax_record_finish_run(net, t0, sh->t_stop);
    uint64_t spikes = 0, events = 0;
    for (uint32_t i = 0; i < net->n_pops; i++)
        spikes += ax_population_spikes(net, i);
    for (int k = 0; k < net->threads; k++)
        events += net->thr[k].events;
    net->spikes = spikes;
    net->events = net->ranks > 1 && net->pop_spikes_all ? net->pop_spikes_all[net->n_pops] : events;
    ax_record_chunk_done(net, t0, sh->t_stop);
    /* what was recorded up to a failure is written too: it shows how it came */
    ax_status written = ax_record_flush(net);
    if (!written)
        net->recorded_step = net->step;
    if (sh->error_window >= 0)
        return ax_run_failed(net, sh->error_gid, sh->error_var, sh->error_value, sh->error_from, sh->error_to);
    if (recorded || written || gathered)
        return ax_run_note(net, recorded ? recorded : written ? written : gathered);
    if (sh->stop_reason == STOP_INTERRUPT || sh->stop_reason == STOP_PROGRESS)
        return ax_run_stopped(net, sh->stop_reason == STOP_INTERRUPT, sh->t_end);
    return AX_OK;
}

ax_status ax_network_run(ax_network *net, double duration_ms)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (net->failed)
        return ax_fail(net, AX_ERR_STATE,
                       "run: an earlier run of this network failed; its state cannot be trusted, so it cannot "
                       "continue (recordings can still be read)");
    ax_status st = ax_duration_check(net, duration_ms, "run");
    if (st)
        return st;
    int64_t steps = llround(duration_ms / net->dt);
    double t_start = now_s();
    ax_run_failure_clear(net);
    net->team.used = 0;
    st = ax_network_build(net);
    if (!st)
        st = ax_state_keep_initial(net);
    if (!st)
        st = ax_prepare_populations(net);
    if (!st)
        st = ax_link_population_lists(net);
    if (net->core.built)
        st = ax_ranks_agree(net, st);   /* a rank that cannot run stops them all (no rank waits alone) */
    if (st)
        return st;
    int64_t t_end = net->step + steps;
    /* Checking every state costs a pass over memory: do it once per
     * millisecond of simulated time (and at the end), not every window. */
    int64_t check_steps = llround(1.0 / net->dt);
    run_shared sh = {.t_end = t_end, .next_report_ms = net->step * net->dt,
                     .check_steps = check_steps < 1 ? 1 : check_steps};
    if (ax_ranks_any(net, atomic_load_explicit(&net->interrupt, memory_order_relaxed)))
        st = ax_run_stopped(net, true, t_end);   /* asked before it began (on any rank) */
    /* an empty run's preparation resolves the weight recorders, whose
     * synapses a new stream's header names */
    if (!st && (st = ax_ranks_agree(net, ax_record_prepare_run(net, net->step, net->step))) == AX_OK)
        ax_record_stream_begin(net);
    if (!st)
        ax_tables_drop(net, true);   /* plastic weights change */
    while (!st && net->step < t_end)
        st = run_chunk(net, &sh, ax_record_chunk_end(net, net->step, t_end));
    net->run_s += now_s() - t_start;
    ax_warnings_after_run(net, t_end - steps, t_end);
    return st;
}
