/*
 * network.c - the network object: created empty, owning every part
 * (populations, projections and their plastic state, inputs, recorders,
 * modulators, gap junctions, models and channels defined on it) and
 * freeing them all; its small accessors and the statistics of axon.h.
 * It stands above the parts (docs/architecture.md, "Layers"): it calls
 * them, they never call it.
 */
#include "channels/channel.h"
#include "core/comm.h"
#include "equations/rule.h"
#include "record/record.h"
#include "sim/sim.h"
#include "plasticity/plasticity.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <omp.h>

static void set_error(ax_error *err, ax_status status, const char *msg)
{
    if (!err)
        return;
    err->status = status;
    snprintf(err->message, sizeof err->message, "%s", msg);
}

static uint64_t physical_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return (uint64_t)1 << 40;
    return (uint64_t)pages * (uint64_t)page;
}

static int available_cores(void)
{
    return omp_get_num_procs();
}

ax_network *ax_network_create(double dt_ms, uint64_t seed, int threads, ax_error *err)
{
    char msg[256];
    if (!(dt_ms > 0) || !(dt_ms <= 10.0)) {
        snprintf(msg, sizeof msg, "network: dt = %g ms is not allowed: must be > 0 and <= 10 ms", dt_ms);
        set_error(err, AX_ERR_ARGUMENT, msg);
        return NULL;
    }
    if (threads < 0 || threads > AX_MAX_THREADS) {
        snprintf(msg, sizeof msg, "network: threads = %d is not allowed: must be 0 (all cores) .. %d",
                 threads, AX_MAX_THREADS);
        set_error(err, AX_ERR_ARGUMENT, msg);
        return NULL;
    }
    ax_network *net = calloc(1, sizeof *net);
    if (!net) {
        set_error(err, AX_ERR_MEMORY, "network: out of memory");
        return NULL;
    }
    net->dt = dt_ms;
    net->seed = seed;
    net->threads = threads == 0 ? available_cores() : threads;
    ax_team_init(net, threads);
    net->ranks = ax_comm_size();   /* starts MPI under mpirun (core/comm.c) */
    net->rank = ax_comm_rank();
    net->core.memory_limit = physical_memory() / (uint64_t)ax_comm_local_size();   /* ranks share a machine */
    net->window = 1;
    net->record_buffer = AX_RECORD_BUFFER_DEFAULT;
    set_error(err, AX_OK, "");
    return net;
}

void ax_network_free(ax_network *net)
{
    if (!net)
        return;
    ax_graded_free(net);   /* before the populations, which hold its input arrays */
    ax_chemical_free(net);   /* before the projections and populations, which hold its buffers */
    for (uint32_t i = 0; i < net->n_pops; i++)
        ax_population_data_free(net->pops[i]);
    for (uint32_t i = 0; i < net->n_projs; i++) {
        ax_plastic_free(net->projs[i]->plastic);
        ax_projection_data_free(net->projs[i], net->threads);
    }
    for (uint32_t i = 0; i < net->n_inputs; i++)
        ax_input_data_free(net->inputs[i]);
    for (uint32_t i = 0; i < net->n_recs; i++)
        ax_recorder_data_free(net->recs[i], net->threads);
    if (net->thr) {
        for (int k = 0; k < net->threads; k++) {
            ax_thread *t = &net->thr[k];
            free(t->seg);
            for (int b = 0; b < 2; b++) {
                free(t->spikes[b].gid);
                free(t->spikes[b].start);
            }
            free(t->pop_spikes);
            free(t->input);
            ax_deliver_free_buckets(t, net->n_pops);
        }
    }
    free(net->thr);
    free(net->pops);
    free(net->projs);
    free(net->inputs);
    free(net->recs);
    free(net->core.models);
    ax_gap_free(net);
    ax_modulator_data_free(net);
    for (uint32_t k = 0; k < net->core.n_owned; k++)
        net->core.owned[k].free(net->core.owned[k].model);
    free(net->core.owned);
    for (uint32_t k = 0; k < net->core.n_channels; k++)
        ax_user_channel_free(net->core.channels[k]);
    free(net->core.channels);
    eq_rules_free(net);
    free(net->pop_first);
    free(net->rank_first);
    free(net->pop_spikes_all);
    ax_exchange_free(net);
    ax_run_failure_clear(net);
    free(net);
}

const char *ax_network_get_error(const ax_network *net)
{
    return net ? net->core.error : "no network";
}

/* Getters of a NULL network give NaN or 0 (axon.h, Conventions). */
double ax_network_get_dt(const ax_network *net) { return net ? net->dt : NAN; }
uint64_t ax_network_get_seed(const ax_network *net) { return net ? net->seed : 0; }
int ax_network_get_threads(const ax_network *net) { return net ? net->threads : 0; }
double ax_network_get_time(const ax_network *net) { return net ? (double)net->step * net->dt : NAN; }

ax_status ax_network_set_memory_limit(ax_network *net, uint64_t bytes)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (bytes < (1u << 20))
        return ax_fail(net, AX_ERR_ARGUMENT, "network: memory limit %llu bytes is too small (at least 1 MiB)",
                       (unsigned long long)bytes);
    net->core.memory_limit = bytes;
    return AX_OK;
}

ax_status ax_network_get_info(const ax_network *net, ax_network_info *info)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!info)
        return ax_fail_null(net, "network info", "info");
    info->built = net->core.built;
    info->memory_limit = net->core.memory_limit;
    info->memory_planned = net->core.memory_planned;
    info->rank = net->rank;
    info->ranks = net->ranks;
    info->first_owned = net->rank_first ? net->rank_first[net->rank] : 0;
    info->end_owned = net->rank_first ? net->rank_first[net->rank + 1] : (uint32_t)net->n_neurons;
    return AX_OK;
}

ax_status ax_mpi_get_info(ax_mpi_info *info, ax_error *err)
{
    if (!info)
        return ax_error_null(err, "mpi info", "info");
    info->built = ax_comm_built();
    info->ranks = ax_comm_size();
    info->rank = ax_comm_rank();
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_network_get_stats(const ax_network *net, ax_stats *s)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!s)
        return ax_fail_null(net, "network stats", "stats");
    memset(s, 0, sizeof *s);
    s->neurons = net->n_neurons;
    for (uint32_t i = 0; i < net->n_projs; i++) {
        const ax_projection_data *p = net->projs[i];
        s->synapses += p->n_total;
        if (!p->parts)
            continue;
        s->plastic_bytes += ax_plastic_bytes(p);
        uint32_t n_from = net->pops[p->from]->size;
        for (int k = 0; k < net->threads; k++) {
            const ax_syn_part *part = &p->parts[k];
            s->synapse_bytes += (uint64_t)(n_from + 1) * sizeof *part->row +
                                part->n * (part->target16 ? 2 : 4) + (part->weight ? 4 * part->n : 0) +
                                (part->delay8 ? part->n : 0) + (part->delay16 ? 2 * part->n : 0);
        }
    }
    s->spikes = net->spikes;
    s->events = net->events;
    s->time_ms = (double)net->step * net->dt;
    s->build_s = net->build_s;
    s->run_s = net->run_s;
    s->min_delay_steps = net->window;
    s->threads = net->threads;
    s->threads_used = net->team.used;
    s->recorded_ms = (double)net->recorded_step * net->dt;
    s->ranks = net->ranks;
    ax_exchange_get_counts(net, &s->exchange_bytes, &s->exchange_windows, &s->exchange_second);
    return AX_OK;
}

ax_status ax_population_get_spike_count(const ax_network *net, ax_population pop, uint64_t *count)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_population_data *p = ax_population_lookup_const(net, pop, "spike count");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!count)
        return ax_fail_null(net, "spike count", "count");
    *count = ax_population_spikes(net, pop);
    return AX_OK;
}

void ax_network_set_progress(ax_network *net, ax_progress_fn fn, void *user, double every_ms)
{
    if (!net)
        return;
    net->progress = fn;
    net->progress_user = user;
    net->progress_every_ms = every_ms > 0 ? every_ms : 0;
}

/* A lock-free atomic store: safe in a signal handler, from any thread. */
void ax_network_interrupt(ax_network *net)
{
    if (net)
        atomic_store_explicit(&net->interrupt, 1, memory_order_relaxed);
}
