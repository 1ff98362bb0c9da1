/*
 * ranks.c - a network split over MPI ranks (docs/architecture.md, "Ranks").
 *
 * Rank r owns the contiguous global ids [rank_first[r], rank_first[r + 1]),
 * which its threads split as they split a whole network without MPI.  The
 * cut points balance an estimated cost per neuron rather than the count:
 * the update of one neuron (its state variables, every step) and the
 * synaptic events it receives (its expected incoming synapses times a
 * typical rate).  Every rank computes the same cut points from the same
 * declarations, so nothing is exchanged to agree on them, and since the
 * synapses of each target come from that target's own random stream, the
 * network is the same for any split.
 *
 * Each rank updates only its own neurons; at the end of each chunk of a
 * run the states of all neurons are gathered on every rank (so that the
 * getters, warnings, failures and checkpoints read every neuron, as
 * without MPI), with the counts of spikes and events.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/comm.h"
#include "sim/sim.h"

/* Estimated nanoseconds per simulated millisecond of one neuron of
 * population g: an update per step, a delivered event per incoming
 * synapse at an assumed 5 spikes/s. */
static double cost_per_neuron(const ax_network *net, uint32_t g)
{
    const ax_population_data *p = net->pops[g];
    double in = 0;
    for (uint32_t q = 0; q < net->n_projs; q++)
        if (net->projs[q]->to == g)
            in += net->projs[q]->expected;
    double update = (2.0 + p->model->n_vars + p->model->n_receptors) / net->dt;
    return update + 2.0 * 5e-3 * (p->size ? in / p->size : 0);
}

ax_status ax_ranks_split(ax_network *net)
{
    int R = net->ranks;
    free(net->rank_first);
    if (!(net->rank_first = ax_alloc(net, (size_t)R + 1, sizeof *net->rank_first, "ranks")))
        return AX_ERR_MEMORY;
    uint32_t *cut = net->rank_first;
    cut[0] = 0;
    cut[R] = (uint32_t)net->n_neurons;
    if (R == 1)
        return AX_OK;
    double total = 0;
    for (uint32_t g = 0; g < net->n_pops; g++)
        total += cost_per_neuron(net, g) * net->pops[g]->size;
    /* cut r at the first neuron where the cost so far reaches r / R of the total */
    double before = 0;
    int r = 1;
    for (uint32_t g = 0; g < net->n_pops && r < R; g++) {
        const ax_population_data *p = net->pops[g];
        double c = cost_per_neuron(net, g);
        while (r < R && before + c * p->size >= total * r / R) {
            double need = total * r / R - before;
            double n = c > 0 ? ceil(need / c - 1e-9) : 0;
            if (n < 0)
                n = 0;
            if (n > p->size)
                n = p->size;
            cut[r] = p->first_id + (uint32_t)n;
            r++;
        }
        before += c * p->size;
    }
    for (; r < R; r++)
        cut[r] = (uint32_t)net->n_neurons;
    for (r = 1; r <= R; r++)   /* never decreasing (rounding) */
        if (cut[r] < cut[r - 1])
            cut[r] = cut[r - 1];
    return AX_OK;
}

/* Neurons [b, e) of population p that this rank owns (b == e: none). */
void ax_ranks_own(const ax_network *net, const ax_population_data *p, uint32_t *b, uint32_t *e)
{
    uint32_t lo = net->rank_first[net->rank], hi = net->rank_first[net->rank + 1];
    uint32_t first = p->first_id, last = p->first_id + p->size;
    uint32_t x = lo > first ? lo : first, y = hi < last ? hi : last;
    *b = x < y ? x - first : 0;
    *e = x < y ? y - first : 0;
}

/* The same for rank r. */
static void owned_by(const ax_network *net, int r, const ax_population_data *p, uint32_t *b, uint32_t *e)
{
    uint32_t lo = net->rank_first[r], hi = net->rank_first[r + 1];
    uint32_t first = p->first_id, last = p->first_id + p->size;
    uint32_t x = lo > first ? lo : first, y = hi < last ? hi : last;
    *b = x < y ? x - first : 0;
    *e = x < y ? y - first : 0;
}

/* Every rank's slice of the arrays base[g] (elem bytes per neuron of
 * population g, for the populations with base[g] != NULL) gathered on
 * every rank, in one collective. */
ax_status ax_ranks_gather_arrays(ax_network *net, char *const *base, const size_t *elem)
{
    int R = net->ranks;
    if (R == 1)
        return AX_OK;
    uint64_t *counts = calloc((size_t)R, sizeof *counts);
    if (!counts)
        return ax_fail(net, AX_ERR_MEMORY, "run: out of memory gathering the ranks' states");
    for (int r = 0; r < R; r++)
        for (uint32_t g = 0; g < net->n_pops; g++) {
            uint32_t b, e;
            owned_by(net, r, net->pops[g], &b, &e);
            if (base[g])
                counts[r] += (uint64_t)(e - b) * elem[g];
        }
    uint64_t total = 0;
    for (int r = 0; r < R; r++)
        total += counts[r];
    char *all = malloc(total ? total : 1);
    if (!all) {
        free(counts);
        return ax_fail(net, AX_ERR_MEMORY, "run: out of memory gathering the ranks' states (%.3g MB)", total / 1e6);
    }
    uint64_t mine = 0;
    for (int r = 0; r < net->rank; r++)
        mine += counts[r];
    char *at = all + mine;
    for (uint32_t g = 0; g < net->n_pops; g++) {
        uint32_t b, e;
        owned_by(net, net->rank, net->pops[g], &b, &e);
        if (base[g] && e > b) {
            memcpy(at, base[g] + (size_t)b * elem[g], (size_t)(e - b) * elem[g]);
            at += (size_t)(e - b) * elem[g];
        }
    }
    ax_comm_allgatherv(all + mine, counts, all);
    at = all;
    for (int r = 0; r < R; r++)
        for (uint32_t g = 0; g < net->n_pops; g++) {
            uint32_t b, e;
            owned_by(net, r, net->pops[g], &b, &e);
            if (base[g] && e > b) {
                if (r != net->rank)
                    memcpy(base[g] + (size_t)b * elem[g], at, (size_t)(e - b) * elem[g]);
                at += (size_t)(e - b) * elem[g];
            }
        }
    free(all);
    free(counts);
    return AX_OK;
}

/* After a chunk: every neuron's state on every rank, and the counts. */
ax_status ax_ranks_chunk_done(ax_network *net)
{
    if (net->ranks == 1)
        return AX_OK;
    uint32_t max_vars = 0;
    for (uint32_t g = 0; g < net->n_pops; g++)
        if (net->pops[g]->model->n_vars > max_vars)
            max_vars = net->pops[g]->model->n_vars;
    char **base = calloc(net->n_pops ? net->n_pops : 1, sizeof *base);
    size_t *elem = calloc(net->n_pops ? net->n_pops : 1, sizeof *elem);
    ax_status st = base && elem ? AX_OK : ax_fail(net, AX_ERR_MEMORY, "run: out of memory gathering the ranks' states");
    for (uint32_t v = 0; v < max_vars && !st; v++) {
        for (uint32_t g = 0; g < net->n_pops; g++) {
            const ax_population_data *p = net->pops[g];
            base[g] = v < p->model->n_vars ? (char *)p->state[v] : NULL;
            elem[g] = sizeof(double);
        }
        st = ax_ranks_gather_arrays(net, base, elem);
    }
    free(base);
    free(elem);
    /* counts: spikes per population, events */
    size_t n = (size_t)net->n_pops + 1;
    uint64_t *c = calloc(n, sizeof *c);
    if (!c)
        return st ? st : ax_fail(net, AX_ERR_MEMORY, "run: out of memory counting the ranks' spikes");
    for (int k = 0; k < net->threads; k++) {
        for (uint32_t g = 0; g < net->n_pops; g++)
            c[g] += net->thr[k].pop_spikes[g];
        c[net->n_pops] += net->thr[k].events;
    }
    ax_comm_allreduce_u64(c, n, AX_COMM_SUM);
    free(net->pop_spikes_all);
    net->pop_spikes_all = c;
    return st;
}

uint64_t ax_population_spikes(const ax_network *net, uint32_t g)
{
    if (!net->thr)
        return 0;
    if (net->ranks > 1)
        return net->pop_spikes_all ? net->pop_spikes_all[g] : 0;
    uint64_t c = 0;
    for (int k = 0; k < net->threads; k++)
        c += net->thr[k].pop_spikes[g];
    return c;
}

ax_status ax_ranks_agree(ax_network *net, ax_status st)
{
    if (net->ranks == 1)
        return st;
    int64_t first[2] = {st ? net->rank : net->ranks, 0};
    ax_comm_allreduce_i64(first, 1, AX_COMM_MIN);
    if (first[0] == net->ranks)
        return AX_OK;
    /* the failing rank's status and message, on every rank */
    struct {
        int32_t status;
        char msg[sizeof net->core.error];
    } m = {(int32_t)st, ""};
    memcpy(m.msg, net->core.error, sizeof m.msg);
    ax_comm_bcast(&m, sizeof m, (int)first[0]);
    if (first[0] != net->rank) {
        memcpy(net->core.error, m.msg, sizeof m.msg);
        net->core.error[sizeof net->core.error - 1] = 0;
    }
    return (ax_status)m.status;
}

bool ax_ranks_any(const ax_network *net, bool x)
{
    if (net->ranks == 1)
        return x;
    uint64_t v = x;
    ax_comm_allreduce_u64(&v, 1, AX_COMM_MAX);
    return v != 0;
}

void *ax_ranks_gather_items(const ax_network *net, const void *mine, uint64_t n, size_t size, uint64_t *total)
{
    int R = net->ranks;
    uint64_t *counts = malloc((size_t)R * sizeof *counts);
    if (!counts)
        ax_comm_abort(12);   /* the other ranks are in the collective */
    uint64_t bytes = n * size;
    ax_comm_allgather(&bytes, sizeof bytes, counts);
    uint64_t sum = 0;
    for (int r = 0; r < R; r++)
        sum += counts[r];
    char *all = malloc(sum ? sum : 1);
    if (!all)
        ax_comm_abort(12);
    ax_comm_allgatherv(mine, counts, all);
    free(counts);
    *total = sum / size;
    return all;
}
