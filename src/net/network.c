/*
 * network.c - creating and freeing networks, errors, memory accounting,
 * selections and the small accessors of axon.h.
 */
#include "net/network.h"
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
    net->memory_limit = physical_memory();
    net->window = 1;
    set_error(err, AX_OK, "");
    return net;
}

void ax_network_free(ax_network *net)
{
    if (!net)
        return;
    ax_graded_free(net);   /* before the populations, which hold its input arrays */
    for (uint32_t i = 0; i < net->n_pops; i++)
        ax_population_data_free(net->pops[i]);
    for (uint32_t i = 0; i < net->n_projs; i++)
        ax_projection_data_free(net->projs[i], net->threads);
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
        }
    }
    free(net->thr);
    free(net->pops);
    free(net->projs);
    free(net->inputs);
    free(net->recs);
    free(net->models);
    ax_gap_free(net);
    ax_modulator_data_free(net);
    for (uint32_t k = 0; k < net->n_owned; k++)
        net->owned[k].free(net->owned[k].model);
    free(net->owned);
    for (uint32_t k = 0; k < net->n_channels; k++)
        ax_user_channel_free(net->channels[k]);
    free(net->channels);
    free(net->pop_first);
    free(net);
}

ax_status ax_fail(const ax_network *net, ax_status status, const char *fmt, ...)
{
    if (!net)
        return status;
    /* The message is the one field a call on a const network may write
     * (C++ would call it mutable): networks are only ever made by malloc
     * in ax_network_create, never defined const, so the cast is defined. */
    char *error = ((ax_network *)net)->error;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error, sizeof net->error, fmt, ap);
    va_end(ap);
    return status;
}

const char *ax_network_get_error(const ax_network *net)
{
    return net ? net->error : "no network";
}

double ax_network_get_dt(const ax_network *net) { return net->dt; }
uint64_t ax_network_get_seed(const ax_network *net) { return net->seed; }
int ax_network_get_threads(const ax_network *net) { return net->threads; }
double ax_network_get_time(const ax_network *net) { return (double)net->step * net->dt; }

ax_status ax_network_set_memory_limit(ax_network *net, uint64_t bytes)
{
    if (bytes < (1u << 20))
        return ax_fail(net, AX_ERR_ARGUMENT, "network: memory limit %llu bytes is too small (at least 1 MiB)",
                       (unsigned long long)bytes);
    net->memory_limit = bytes;
    return AX_OK;
}

static void *checked_alloc(ax_network *net, size_t count, size_t size, const char *what, int zero)
{
    if (count == 0)
        count = 1;
    if (size && count > SIZE_MAX / size) {
        ax_fail(net, AX_ERR_MEMORY, "%s: %zu x %zu bytes overflows the address space", what, count, size);
        return NULL;
    }
    void *p = zero ? calloc(count, size) : malloc(count * size);
    if (!p)
        ax_fail(net, AX_ERR_MEMORY, "%s: out of memory allocating %.3g MB", what,
                (double)count * (double)size / 1e6);
    return p;
}

void *ax_alloc(ax_network *net, size_t count, size_t size, const char *what)
{
    return checked_alloc(net, count, size, what, 0);
}

void *ax_alloc_zero(ax_network *net, size_t count, size_t size, const char *what)
{
    return checked_alloc(net, count, size, what, 1);
}

void *ax_alloc_large(size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    if (bytes < huge)
        return malloc(bytes ? bytes : 1);
    if (bytes > SIZE_MAX - huge)
        return NULL;
    size_t rounded = (bytes + huge - 1) / huge * huge;
    void *p = aligned_alloc(huge, rounded);
    if (p)
        madvise(p, rounded, MADV_HUGEPAGE);   /* a hint: no harm if refused */
    return p;
}

void *ax_alloc_lines(ax_network *net, size_t count, size_t size, const char *what)
{
    if (count == 0)
        count = 1;
    if (size && count > SIZE_MAX / size - AX_CACHE_LINE) {
        ax_fail(net, AX_ERR_MEMORY, "%s: %zu x %zu bytes overflows the address space", what, count, size);
        return NULL;
    }
    size_t bytes = (count * size + AX_CACHE_LINE - 1) / AX_CACHE_LINE * AX_CACHE_LINE;
    void *p = aligned_alloc(AX_CACHE_LINE, bytes);
    if (!p) {
        ax_fail(net, AX_ERR_MEMORY, "%s: out of memory allocating %.3g MB", what, bytes / 1e6);
        return NULL;
    }
    memset(p, 0, bytes);
    return p;
}

ax_status ax_plan_memory(ax_network *net, double bytes, const char *what)
{
    double total = (double)net->memory_planned + bytes;
    if (!(total <= (double)net->memory_limit))
        return ax_fail(net, AX_ERR_MEMORY,
                       "%s would need about %.3g GB (%.3g GB in all with what is already declared), "
                       "more than the memory limit of %.3g GB",
                       what, bytes / 1e9, total / 1e9, (double)net->memory_limit / 1e9);
    net->memory_planned = (uint64_t)total;
    return AX_OK;
}

int ax_grow(void **array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            return -1;
        c *= 2;
    }
    void *p = realloc(*array, c * size);
    if (!p)
        return -1;
    *array = p;
    *cap = c;
    return 0;
}

ax_population_data *ax_population_lookup(ax_network *net, ax_population pop, const char *caller)
{
    if (pop >= net->n_pops) {
        ax_fail(net, AX_ERR_NOT_FOUND, "%s: population handle %u does not exist (the network has %u)",
                caller, pop, net->n_pops);
        return NULL;
    }
    return net->pops[pop];
}

const ax_population_data *ax_population_lookup_const(const ax_network *net, ax_population pop, const char *caller)
{
    if (pop >= net->n_pops) {
        ax_fail(net, AX_ERR_NOT_FOUND, "%s: population handle %u does not exist (the network has %u)",
                caller, pop, net->n_pops);
        return NULL;
    }
    return net->pops[pop];
}

uint32_t ax_population_of(const ax_network *net, uint32_t gid)
{
    uint32_t lo = 0, hi = net->n_pops;   /* pop_first[lo] <= gid < pop_first[hi] */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (net->pop_first[mid] <= gid)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

ax_status ax_selection_make(ax_network *net, ax_neurons in, uint32_t size, const char *what,
                            ax_selection *out)
{
    out->list = NULL;
    out->n = 0;
    if (!in.list) {
        if (in.n > size)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: the first %zu neurons were asked for, the population has %u",
                           what, in.n, size);
        out->n = in.n ? (uint32_t)in.n : size;
        return AX_OK;
    }
    if (in.n == 0)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: the list of neurons is empty", what);
    if (in.n > size)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: %zu neurons listed, the population has %u", what, in.n, size);
    for (size_t k = 0; k < in.n; k++)
        if (in.list[k] >= size)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: neuron index %u (entry %zu of the list) is out of range: the population has %u "
                           "neurons, 0 .. %u",
                           what, in.list[k], k, size, size - 1);
    uint32_t *list = ax_alloc(net, in.n, sizeof *list, what);
    if (!list)
        return AX_ERR_MEMORY;
    memcpy(list, in.list, in.n * sizeof *list);
    qsort(list, in.n, sizeof *list, cmp_u32);
    size_t m = 0;   /* drop repeats: asking twice for a neuron means once */
    for (size_t k = 0; k < in.n; k++)
        if (m == 0 || list[k] != list[m - 1])
            list[m++] = list[k];
    out->list = list;
    out->n = (uint32_t)m;
    return AX_OK;
}

void ax_selection_free(ax_selection *s)
{
    free(s->list);
    s->list = NULL;
    s->n = 0;
}

ax_status ax_network_get_stats(const ax_network *net, ax_stats *s)
{
    memset(s, 0, sizeof *s);
    s->neurons = net->n_neurons;
    for (uint32_t i = 0; i < net->n_projs; i++) {
        const ax_projection_data *p = net->projs[i];
        s->synapses += p->n_synapses;
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
    return AX_OK;
}

ax_status ax_population_get_spike_count(const ax_network *net, ax_population pop, uint64_t *count)
{
    const ax_population_data *p = ax_population_lookup_const(net, pop, "spike count");
    if (!p)
        return AX_ERR_NOT_FOUND;
    uint64_t c = 0;
    if (net->thr)
        for (int k = 0; k < net->threads; k++)
            c += net->thr[k].pop_spikes[pop];
    *count = c;
    return AX_OK;
}

void ax_network_set_progress(ax_network *net, ax_progress_fn fn, void *user, double every_ms)
{
    net->progress = fn;
    net->progress_user = user;
    net->progress_every_ms = every_ms > 0 ? every_ms : 0;
}
