/*
 * build.c - turning the declared network into what runs: the split of
 * neurons over threads, the synapses of every projection (generated in
 * parallel, each thread for the targets it owns), the window length (the
 * smallest delay) and the delay ring buffers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/comm.h"
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

/* Thread k owns the global ids [B + (E - B) k / T, B + (E - B) (k+1) / T)
 * of its rank's range [B, E) (sim/ranks.c; all ids with one rank): a contiguous range,
 * so that a population's rows are split among as few threads as possible
 * (each row fragment costs a miss to memory when a spike is delivered;
 * giving every thread a slice of every population measured 10 % slower on
 * Brunel, bench/NOTES.md).  Every thread has one segment per population,
 * empty where its range misses it, so spike lists line up by population. */
static ax_status split_threads(ax_network *net)
{
    int T = net->threads;
    if (ax_ranks_split(net))
        return AX_ERR_MEMORY;
    uint64_t B = net->rank_first[net->rank], E = net->rank_first[net->rank + 1];
    net->thr = ax_alloc_lines(net, (size_t)T, sizeof *net->thr, "threads");
    net->pop_first = ax_alloc(net, (size_t)net->n_pops + 1, sizeof *net->pop_first, "threads");
    if (!net->thr || !net->pop_first)
        return AX_ERR_MEMORY;
    for (uint32_t i = 0; i < net->n_pops; i++)
        net->pop_first[i] = net->pops[i]->first_id;
    net->pop_first[net->n_pops] = (uint32_t)net->n_neurons;
    uint32_t max_receptors = 1;
    for (uint32_t i = 0; i < net->n_pops; i++)
        if (net->pops[i]->model->n_receptors > max_receptors)
            max_receptors = net->pops[i]->model->n_receptors;
    for (int k = 0; k < T; k++) {
        ax_thread *t = &net->thr[k];
        t->seg = ax_alloc(net, net->n_pops, sizeof *t->seg, "threads");
        t->pop_spikes = ax_alloc_lines(net, net->n_pops, sizeof *t->pop_spikes, "threads");
        t->input = ax_alloc(net, max_receptors, sizeof *t->input, "threads");
        if (!t->seg || !t->pop_spikes || !t->input)
            return AX_ERR_MEMORY;
        uint32_t gb = (uint32_t)(B + (E - B) * (uint64_t)k / (uint64_t)T);
        uint32_t ge = (uint32_t)(B + (E - B) * (uint64_t)(k + 1) / (uint64_t)T);
        for (uint32_t i = 0; i < net->n_pops; i++) {
            const ax_population_data *p = net->pops[i];
            uint32_t b = gb > p->first_id ? gb : p->first_id;
            uint32_t e = ge < p->first_id + p->size ? ge : p->first_id + p->size;
            t->seg[t->n_seg++] = b < e ? (ax_segment){i, b - p->first_id, e - p->first_id} : (ax_segment){i, 0, 0};
        }
    }
    return AX_OK;
}

static ax_status build_projections(ax_network *net)
{
    int T = net->threads;
    ax_status st = AX_OK;
    for (uint32_t q = 0; q < net->n_projs && !st; q++) {
        ax_projection_data *p = net->projs[q];
        p->parts = ax_alloc_zero(net, (size_t)T, sizeof *p->parts, "synapses");
        if (!p->parts)
            return AX_ERR_MEMORY;
        st = ax_generate_prepare(net, p);
    }
    if (st)
        return st;
    uint32_t *dmin = ax_alloc(net, (size_t)T * (net->n_projs ? net->n_projs : 1), sizeof *dmin, "synapses");
    uint32_t *dmax = ax_alloc(net, (size_t)T * (net->n_projs ? net->n_projs : 1), sizeof *dmax, "synapses");
    if (!dmin || !dmax) {
        free(dmin);
        free(dmax);
        return AX_ERR_MEMORY;
    }
    int failed = 0;
#pragma omp parallel num_threads(T) reduction(| : failed)
    {
        int k = omp_get_thread_num();
        ax_gen_scratch scratch = {0};
        for (uint32_t q = 0; q < net->n_projs && !failed; q++) {
            dmin[k * net->n_projs + q] = UINT32_MAX;
            dmax[k * net->n_projs + q] = 0;
            int r = ax_projection_build_part(net, net->projs[q], k, &scratch, &dmin[k * net->n_projs + q],
                                             &dmax[k * net->n_projs + q]);
            failed |= r == -2 ? 2 : r != 0;
        }
        ax_gen_scratch_free(&scratch);
    }
    /* a kernel value that is not finite (and no memory failure): named
     * while the bins are still there */
    ax_status value_st = failed == 2 ? ax_distance_report(net) : AX_OK;
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *p = net->projs[q];
        ax_generate_release(p);
        if (failed)
            continue;
        uint32_t lo = UINT32_MAX, hi = 0;
        p->n_synapses = 0;
        for (int k = 0; k < T; k++) {
            p->n_synapses += p->parts[k].n;
            lo = dmin[k * net->n_projs + q] < lo ? dmin[k * net->n_projs + q] : lo;
            hi = dmax[k * net->n_projs + q] > hi ? dmax[k * net->n_projs + q] : hi;
        }
        if (p->n_synapses)   /* this rank's; agree_projections makes them the network's */
            p->min_delay = lo, p->max_delay = hi;
    }
    free(dmin);
    free(dmax);
    if (failed == 2)
        return value_st;
    if (failed)
        return ax_fail(net, AX_ERR_MEMORY, "build: out of memory while generating the synapses");
    return AX_OK;
}

/* The synapse counts and delay bounds of every projection over all ranks
 * (each rank generated the synapses onto its own neurons): every rank
 * chooses the same window and ring sizes. */
static void agree_projections(ax_network *net)
{
    uint32_t n = net->n_projs;
    if (net->ranks == 1) {   /* the bounds are this rank's already */
        for (uint32_t q = 0; q < n; q++) {
            ax_projection_data *p = net->projs[q];
            p->n_total = p->n_synapses;
            if (p->fixed_delay)
                p->min_delay = p->max_delay = p->delay_steps;
        }
        return;
    }
    uint64_t *c = calloc(2 * (size_t)n + 1, sizeof *c);
    int64_t *d = calloc(2 * (size_t)n + 1, sizeof *d);
    if (!c || !d)
        ax_comm_abort(12);   /* every other rank is in the collective */
    for (uint32_t q = 0; q < n; q++) {
        const ax_projection_data *p = net->projs[q];
        c[q] = p->n_synapses;
        d[q] = p->n_synapses ? -(int64_t)p->min_delay : INT64_MIN;   /* the max of minus the minimum */
        d[n + q] = p->n_synapses ? (int64_t)p->max_delay : INT64_MIN;
    }
    ax_comm_allreduce_u64(c, n, AX_COMM_SUM);
    ax_comm_allreduce_i64(d, 2 * (size_t)n, AX_COMM_MAX);
    for (uint32_t q = 0; q < n; q++) {
        ax_projection_data *p = net->projs[q];
        p->n_total = c[q];
        if (p->fixed_delay)
            p->min_delay = p->max_delay = p->delay_steps;
        else if (p->n_total)
            p->min_delay = (uint32_t)-d[q], p->max_delay = (uint32_t)d[n + q];
    }
    free(c);
    free(d);
}

/* The window is the smallest delay of any synapse: a spike cannot reach
 * its target within the window it was emitted in. */
static void choose_window(ax_network *net)
{
    long long cap = llround(AX_MAX_WINDOW_MS / net->dt);
    uint32_t w = cap < 1 ? 1 : (uint32_t)cap;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->n_total && net->projs[q]->min_delay < w)
            w = net->projs[q]->min_delay;   /* gap junctions, graded release: 1, every step */
    net->window = w < 1 ? 1 : w;
}

static ax_status make_rings(ax_network *net)
{
    double bytes = 0;
    for (uint32_t i = 0; i < net->n_pops; i++) {
        ax_population_data *p = net->pops[i];
        uint32_t dmax = 0;
        for (uint32_t q = 0; q < net->n_projs; q++)
            if (net->projs[q]->to == i && ax_projection_spiking(net->projs[q]) && net->projs[q]->max_delay > dmax)
                dmax = net->projs[q]->max_delay;
        /* Pending input spans at most dmax steps ahead; the current
         * window's slots are read while later ones fill. */
        p->ring_slots = (dmax > net->window ? dmax : net->window) + 1;
        bytes += 8.0 * p->ring_slots * p->model->n_receptors * p->size;
        /* delay buckets (sim/deliver.c) where per-synapse delays scatter the
         * events over rings larger than a cache (all rings together: they
         * share it), and no plastic projection writes into the ring directly */
        bool scattered = false, plastic = false;
        for (uint32_t q = 0; q < net->n_projs; q++) {
            const ax_projection_data *pr = net->projs[q];
            if (pr->to != i || !ax_projection_spiking(pr))
                continue;
            scattered |= !pr->fixed_delay;
            plastic |= pr->plastic != NULL;
        }
        p->by_delay = scattered && !plastic;
    }
    /* AXON_BY_DELAY=1 / =0: buckets wherever they may be used / nowhere
     * (tests compare the two; the results are the same bits) */
    const char *env = getenv("AXON_BY_DELAY");
    bool large = env && *env ? strcmp(env, "0") != 0 : bytes > AX_BY_DELAY_RING_BYTES;
    for (uint32_t i = 0; i < net->n_pops; i++)
        net->pops[i]->by_delay &= large;
    ax_status st = ax_plan_memory(net, bytes, "delay ring buffers");
    if (st)
        return st;
    bool by_delay = false;
    for (uint32_t i = 0; i < net->n_pops; i++)
        by_delay |= net->pops[i]->by_delay;
    for (int k = 0; by_delay && k < net->threads; k++)   /* the buckets themselves: on first use */
        if (!(net->thr[k].buckets = ax_alloc_zero(net, net->n_pops, sizeof *net->thr[k].buckets, "delay buckets")))
            return AX_ERR_MEMORY;
    for (uint32_t i = 0; i < net->n_pops; i++) {
        ax_population_data *p = net->pops[i];
        size_t n = (size_t)p->ring_slots * p->model->n_receptors * p->size;
        if (n) {
            if (!(p->ring = ax_alloc_large(n * sizeof *p->ring)))
                return ax_fail(net, AX_ERR_MEMORY, "delay ring buffer of '%s': out of memory (%.3g MB)", p->name,
                               n * 8.0 / 1e6);
            memset(p->ring, 0, n * sizeof *p->ring);
        }
        uint32_t n_out = 0;
        for (uint32_t q = 0; q < net->n_projs; q++)
            n_out += net->projs[q]->from == i && ax_projection_spiking(net->projs[q]);
        if (n_out) {
            if (!(p->out = ax_alloc(net, n_out, sizeof *p->out, "projection lists")))
                return AX_ERR_MEMORY;
            for (uint32_t q = 0; q < net->n_projs; q++)
                if (net->projs[q]->from == i && ax_projection_spiking(net->projs[q]))
                    p->out[p->n_out++] = q;
        }
    }
    return AX_OK;
}

ax_status ax_network_build(ax_network *net)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (net->core.built)
        return AX_OK;
    if (net->n_pops == 0)
        return ax_fail(net, AX_ERR_STATE, "build: the network has no populations");
    ax_warnings_check_declared(net);
    double t0 = now_s();
    ax_status st = split_threads(net);
    if (!st)
        st = build_projections(net);
    st = ax_ranks_agree(net, st);   /* a rank that failed stops them all */
    if (!st)
        agree_projections(net);
    if (!st)
        st = ax_synapse_order_build(net);   /* where each rank's synapses stand in the global order */
    for (uint32_t q = 0; q < net->n_projs && !st; q++)
        if (net->projs[q]->plastic) {
            st = ax_plastic_build(net, net->projs[q]);
            net->has_plastic = true;
            net->has_reward |= net->projs[q]->plastic->rule.reward;
        }
    if (!st)
        st = ax_gap_build(net);
    if (!st)
        st = ax_graded_build(net);
    if (!st) {
        choose_window(net);
        st = make_rings(net);
    }
    for (int k = 0; !st && k < net->threads; k++)
        for (int b = 0; b < 2 && !st; b++)
            if (!(net->thr[k].spikes[b].start =
                      ax_alloc(net, (size_t)net->window * net->n_pops + 1, sizeof(uint32_t), "spike lists")))
                st = AX_ERR_MEMORY;
    if (!st)
        st = ax_exchange_build(net);
    st = ax_ranks_agree(net, st);
    if (st) {
        /* leave the network as declared: free what the build made */
        for (uint32_t q = 0; q < net->n_projs; q++) {
            ax_projection_data *p = net->projs[q];
            if (p->parts)
                for (int k = 0; k < net->threads; k++) {
                    free(p->parts[k].row);
                    free(p->parts[k].target16);
                    free(p->parts[k].target32);
                    free(p->parts[k].weight);
                    free(p->parts[k].delay8);
                    free(p->parts[k].delay16);
                }
            free(p->parts);
            p->parts = NULL;
            ax_generate_release(p);   /* a failure between prepare and generation leaves these */
            if (p->plastic)
                ax_plastic_unbuild(p->plastic);
            p->n_synapses = p->n_total = 0;
        }
        ax_exchange_free(net);
        ax_synapse_order_free(net);
        for (uint32_t i = 0; i < net->n_pops; i++) {
            ax_population_data *p = net->pops[i];
            free(p->ring);
            free(p->out);
            p->ring = NULL;
            p->out = NULL;
            p->n_out = 0;
            p->gap = false;
            p->v_shared = false;
            p->spikes_tracked = false;
        }
        ax_graded_free(net);
        ax_gap_free(net);
        ax_chemical_free(net);
        net->has_plastic = net->has_reward = false;
        if (net->thr)
            for (int k = 0; k < net->threads; k++) {
                free(net->thr[k].seg);
                free(net->thr[k].pop_spikes);
                free(net->thr[k].input);
                ax_deliver_free_buckets(&net->thr[k], net->n_pops);
                free(net->thr[k].spikes[0].start);
                free(net->thr[k].spikes[1].start);
            }
        free(net->thr);
        free(net->pop_first);
        free(net->rank_first);
        net->thr = NULL;
        net->pop_first = NULL;
        net->rank_first = NULL;
        return st;
    }
    net->core.built = true;
    net->build_s = now_s() - t0;
    /* weight recorders declared before the build learn their synapses now,
     * so that an index past the end is reported by the build */
    return ax_ranks_agree(net, net->n_weight_recs ? ax_weights_resolve(net) : AX_OK);
}
