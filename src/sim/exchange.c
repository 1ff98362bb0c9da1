/*
 * exchange.c - what the ranks tell each other once per window
 * (docs/architecture.md, "Ranks").
 *
 * After a window's update each rank packs one message: a header (its
 * bytes, its spike count, the lowest neuron whose state went bad, and
 * whether it wants to stop after this window), its spikes of the window
 * as one spike list (per step and population, the ids of its threads'
 * lists in order, so in increasing id), and, when neurons read other
 * neurons every step (gap junctions, graded release, the averaged
 * couplings: then the window is one step), the values its neurons wrote
 * for the next step.  Every rank's message reaches every rank with one
 * MPI_Allgather of a fixed block; a rank whose message is longer sends
 * the rest in a second collective (MPI_Allgatherv), after which every
 * rank makes the block larger in the same way, so that the next windows
 * need only one.  All-gather rather than all-to-all: each rank needs
 * every spike of a source that projects onto any of its neurons, which
 * for random networks is every spike (bench/NOTES.md).
 *
 * Delivery then walks, for each step and population, the other ranks'
 * lists and its own threads' lists in rank order (net->lists), which is
 * global id order: the same additions in the same order as one process.
 */
#include <stdlib.h>
#include <string.h>

#include "core/comm.h"
#include "sim/sim.h"

typedef struct header {
    uint64_t bytes;          /* the whole message */
    uint32_t n_spikes;
    uint32_t error_gid;      /* UINT32_MAX: none; UINT32_MAX - 1: out of memory */
    int32_t error_var;
    int32_t stop;            /* why this rank stops after the window (run.c's STOP_*), 0: it goes on */
    double error_value;
    int64_t error_from;
} header;

typedef struct ax_exchange {
    size_t block;            /* bytes of every rank's part of the first collective */
    char *send;
    size_t send_cap;
    char *recv;              /* ranks * block */
    size_t recv_cap;
    char *whole;             /* messages longer than a block, put together */
    size_t whole_cap;
    ax_spike_list *remote;   /* rank r's spikes of the window (views into recv or whole) */
    uint64_t bytes, windows, second;   /* sent by this rank; windows exchanged; second collectives */
} ax_exchange;

/* The arrays neurons read of other neurons at the next step, slice by
 * slice in a fixed order: calls fn(base, elem) for each population g with
 * base the array of its neurons (elem bytes each), written at step s for
 * step s + 1. */
typedef void (*slice_fn)(ax_network *net, uint32_t g, char *base, size_t elem, void *ctx);

static void for_each_shared(ax_network *net, int64_t next, slice_fn fn, void *ctx)
{
    for (uint32_t g = 0; g < net->n_pops; g++) {
        ax_population_data *p = net->pops[g];
        if (p->v_shared && net->gap_v[0])
            fn(net, g, (char *)(net->gap_v[next & 1] + p->first_id), sizeof(double), ctx);
        if (p->spikes_tracked && net->last_spike[0])
            fn(net, g, (char *)(net->last_spike[next % 3] + p->first_id), sizeof(int64_t), ctx);
    }
    for (uint32_t q = 0; q < net->n_projs; q++) {
        ax_projection_data *pr = net->projs[q];
        if (pr->chemical && pr->transmitter[0])
            fn(net, pr->from, (char *)pr->transmitter[next & 1], sizeof(double), ctx);
    }
}

static void owned_range(const ax_network *net, int r, uint32_t g, uint32_t *b, uint32_t *e)
{
    const ax_population_data *p = net->pops[g];
    uint32_t lo = net->rank_first[r], hi = net->rank_first[r + 1];
    uint32_t first = p->first_id, last = p->first_id + p->size;
    uint32_t x = lo > first ? lo : first, y = hi < last ? hi : last;
    *b = x < y ? x - first : 0;
    *e = x < y ? y - first : 0;
}

typedef struct cursor {
    int rank;
    char *at;
    size_t bytes;
} cursor;

static void count_slice(ax_network *net, uint32_t g, char *base, size_t elem, void *ctx)
{
    (void)base;
    cursor *c = ctx;
    uint32_t b, e;
    owned_range(net, c->rank, g, &b, &e);
    c->bytes += (size_t)(e - b) * elem;
}

static void pack_slice(ax_network *net, uint32_t g, char *base, size_t elem, void *ctx)
{
    cursor *c = ctx;
    uint32_t b, e;
    owned_range(net, c->rank, g, &b, &e);
    memcpy(c->at, base + (size_t)b * elem, (size_t)(e - b) * elem);
    c->at += (size_t)(e - b) * elem;
}

static void unpack_slice(ax_network *net, uint32_t g, char *base, size_t elem, void *ctx)
{
    cursor *c = ctx;
    uint32_t b, e;
    owned_range(net, c->rank, g, &b, &e);
    memcpy(base + (size_t)b * elem, c->at, (size_t)(e - b) * elem);
    c->at += (size_t)(e - b) * elem;
}

static size_t round8(size_t x) { return (x + 7) & ~(size_t)7; }

static int reserve(char **buf, size_t *cap, size_t n)
{
    if (n <= *cap)
        return 0;
    size_t c = n + n / 4 + 4096;
    char *p = realloc(*buf, c);
    if (!p)
        return -1;
    *buf = p;
    *cap = c;
    return 0;
}

ax_status ax_exchange_build(ax_network *net)
{
    int R = net->ranks, T = net->threads;
    for (int b = 0; b < 2; b++) {
        free(net->lists[b]);
        net->lists[b] = ax_alloc(net, (size_t)(R - 1 + T), sizeof *net->lists[b], "spike lists");
        if (!net->lists[b])
            return AX_ERR_MEMORY;
    }
    net->n_lists = (uint32_t)(R - 1 + T);
    ax_exchange *x = net->exchange;
    if (R > 1 && !x) {
        if (!(x = net->exchange = ax_alloc_zero(net, 1, sizeof *x, "spike exchange")) ||
            !(x->remote = ax_alloc_zero(net, (size_t)R, sizeof *x->remote, "spike exchange")))
            return AX_ERR_MEMORY;
        /* room for the header, the start array and 16 spikes: the block
         * grows when a window needs more (bench/NOTES.md: a 4 KiB slack
         * made every all-gather 38 times the microcircuit's messages) */
        x->block = round8(sizeof(header) + 4 * ((size_t)net->window * net->n_pops + 1) + 64);
    }
    /* rank order: the ranks before this one, its threads, the ranks after */
    for (int b = 0; b < 2; b++) {
        uint32_t n = 0;
        for (int r = 0; r < R; r++) {
            if (r != net->rank)
                net->lists[b][n++] = &x->remote[r];
            else
                for (int k = 0; k < T; k++)
                    net->lists[b][n++] = &net->thr[k].spikes[b];
        }
    }
    return AX_OK;
}

void ax_exchange_free(ax_network *net)
{
    ax_exchange *x = net->exchange;
    for (int b = 0; b < 2; b++) {
        free(net->lists[b]);
        net->lists[b] = NULL;
    }
    net->n_lists = 0;
    if (!x)
        return;
    free(x->send);
    free(x->recv);
    free(x->whole);
    free(x->remote);
    free(x);
    net->exchange = NULL;
}

/* This rank's message for window [w0, w1) into x->send. */
static int pack(ax_network *net, ax_exchange *x, int parity, int64_t w0, int64_t w1, const ax_exchange_report *mine)
{
    const size_t cells = (size_t)(w1 - w0) * net->n_pops;
    size_t n = 0;
    for (int k = 0; k < net->threads; k++)
        n += net->thr[k].spikes[parity].n;
    cursor c = {.rank = net->rank};
    for_each_shared(net, w1, count_slice, &c);
    size_t spikes_at = sizeof(header) + 4 * (cells + 1);
    size_t shared_at = round8(spikes_at + 4 * n);
    size_t bytes = shared_at + c.bytes;
    if (reserve(&x->send, &x->send_cap, bytes > x->block ? bytes : x->block))
        return -1;
    header h = {.bytes = bytes, .n_spikes = (uint32_t)n, .error_gid = mine->error_gid, .error_var = mine->error_var,
                .stop = mine->stop, .error_value = mine->error_value, .error_from = mine->error_from};
    memcpy(x->send, &h, sizeof h);
    uint32_t *start = (uint32_t *)(x->send + sizeof h);
    uint32_t *gid = (uint32_t *)(x->send + spikes_at);
    uint32_t at = 0;
    for (size_t a = 0; a < cells; a++) {
        start[a] = at;
        for (int k = 0; k < net->threads; k++) {
            const ax_spike_list *l = &net->thr[k].spikes[parity];
            uint32_t m = l->start[a + 1] - l->start[a];
            if (m)   /* a list that never held a spike has no array */
                memcpy(gid + at, l->gid + l->start[a], (size_t)m * 4);
            at += m;
        }
    }
    start[cells] = at;
    c.at = x->send + shared_at;
    for_each_shared(net, w1, pack_slice, &c);
    return 0;
}

int ax_exchange_window(ax_network *net, int parity, int64_t w0, int64_t w1, ax_exchange_report *rep)
{
    ax_exchange *x = net->exchange;
    const int R = net->ranks;
    if (pack(net, x, parity, w0, w1, rep) || reserve(&x->recv, &x->recv_cap, (size_t)R * x->block))
        ax_comm_abort(12);   /* the other ranks are in the collective: none can go on */
    const size_t block_sent = x->block;
    ax_comm_allgather(x->send, x->block, x->recv);
    /* messages longer than a block: their rest, in a second collective */
    uint64_t longest = 0;
    for (int r = 0; r < R; r++) {
        header h;
        memcpy(&h, x->recv + (size_t)r * x->block, sizeof h);
        longest = h.bytes > longest ? h.bytes : longest;
    }
    char **msg = malloc((size_t)R * sizeof *msg);
    if (!msg)
        ax_comm_abort(12);
    if (longest > x->block) {
        uint64_t *rest = calloc((size_t)R, sizeof *rest);
        size_t total = 0, whole = 0;
        for (int r = 0; r < R; r++) {
            header h;
            memcpy(&h, x->recv + (size_t)r * x->block, sizeof h);
            rest[r] = h.bytes > x->block ? h.bytes - x->block : 0;
            total += rest[r];
            whole += round8(h.bytes > x->block ? h.bytes : x->block);
        }
        char *tails = malloc(total ? total : 1);
        if (!rest || !tails || reserve(&x->whole, &x->whole_cap, whole))
            ax_comm_abort(12);
        ax_comm_allgatherv(x->send + x->block, rest, tails);
        size_t at = 0, tail = 0;
        for (int r = 0; r < R; r++) {
            msg[r] = x->whole + at;
            memcpy(msg[r], x->recv + (size_t)r * x->block, x->block);
            memcpy(msg[r] + x->block, tails + tail, rest[r]);
            tail += rest[r];
            at += round8(x->block + rest[r]);
        }
        free(rest);
        free(tails);
        x->block = round8(longest + longest / 4);   /* every rank grows it the same way */
        x->second++;
    } else {
        for (int r = 0; r < R; r++)
            msg[r] = x->recv + (size_t)r * x->block;
    }
    /* the other ranks' spike lists (views) and shared values; the lowest
     * bad neuron and the first rank's reason to stop */
    const size_t cells = (size_t)(w1 - w0) * net->n_pops;
    ax_exchange_report all = {.error_gid = UINT32_MAX};
    for (int r = 0; r < R; r++) {
        header h;
        memcpy(&h, msg[r], sizeof h);
        if (h.error_gid < all.error_gid) {
            all.error_gid = h.error_gid;
            all.error_var = h.error_var;
            all.error_value = h.error_value;
            all.error_from = h.error_from;
        }
        if (!all.stop)
            all.stop = h.stop;
        if (r == net->rank)
            continue;
        size_t spikes_at = sizeof(header) + 4 * (cells + 1);
        x->remote[r].start = (uint32_t *)(msg[r] + sizeof(header));
        x->remote[r].gid = (uint32_t *)(msg[r] + spikes_at);
        x->remote[r].n = h.n_spikes;
        cursor c = {.rank = r, .at = msg[r] + round8(spikes_at + 4 * (size_t)h.n_spikes)};
        for_each_shared(net, w1, unpack_slice, &c);
    }
    free(msg);
    uint64_t sent = ((header *)x->send)->bytes;   /* the block, and the rest of a longer message */
    x->bytes += sent > block_sent ? sent : block_sent;
    x->windows++;
    *rep = all;
    return 0;
}

void ax_exchange_get_counts(const ax_network *net, uint64_t *bytes, uint64_t *windows, uint64_t *second)
{
    const ax_exchange *x = net->exchange;
    *bytes = x ? x->bytes : 0;
    *windows = x ? x->windows : 0;
    *second = x ? x->second : 0;
}
